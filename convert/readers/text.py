"""Read a plain-text news article into a Document.

A plain-text article is a headline, optional standfirst and byline, then the body: paragraphs
(separated by blank lines, by indentation as in wire copy, or one per line as scrapers write them;
see :mod:`.paragraphs`), subheadings (``## Title`` or a short unpunctuated line between
paragraphs), bullet/numbered lists, ``> `` block quotes, a wire credit or sign-off, and scraped
junk ("Share this post") that is not article. Front matter (YAML between ``---`` lines or
``Key: value`` header lines) and options override what is inferred. The conventions (junk,
sign-offs, datelines, bylines, heading rules) are data, per language: :mod:`.conventions`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import InputError
from ..identity import make_identifier
from ..model import (
    Block,
    BlockQuote,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    document_text,
)
from ..options import ReadOptions
from .conventions import Conventions, is_signoff, is_wire_credit, junk_matcher, load_conventions, parse_byline
from .datelines import split_dateline
from .decode import is_blank, squash
from .diagnostics import Diagnostics
from .inlines import parse_inlines
from .language import settle_language
from .load import load_article
from .metadata import MetaFields, finish_meta
from .paragraphs import decide, split_block

# --------------------------------------------------------------------------- entry point


def read(data: bytes, options: ReadOptions) -> Document:
    """Parse article bytes. Raises InputError for empty, binary or headline-less input."""
    return explain(data, options)[0]


def explain(data: bytes, options: ReadOptions) -> tuple[Document, Diagnostics]:
    """Parse article bytes and say what was decided (``newsconvert parse``)."""
    diagnostics = Diagnostics()
    origin, lines, fields = load_article(data, options, diagnostics)
    return parse_lines(lines, fields, options, origin, diagnostics), diagnostics


def _conventions(options: ReadOptions) -> Conventions:
    return options.conventions if options.conventions is not None else load_conventions()


def parse_lines(lines: list[str], fields: MetaFields, options: ReadOptions, origin: str,
                diagnostics: Diagnostics | None = None) -> Document:
    """Turn cleaned lines (front matter already in ``fields``) into a Document."""
    diag = diagnostics if diagnostics is not None else Diagnostics()
    conv = _conventions(options)
    blocks = _split_blocks(lines)
    _take_signoff(blocks, fields, diag, conv)
    blocks = _drop_junk(blocks, junk_matcher(options.junk_patterns, conv), diag)
    if len(blocks) > options.max_blocks:
        raise InputError(f"too many blocks ({len(blocks):,}; the limit is "
                         f"{options.max_blocks:,})", path=origin)

    if "headline" in fields.values:
        head_lines: list[str] = []
    elif blocks:
        first = blocks.pop(0)
        fields.set_inferred("headline", squash(first[0]))
        head_lines = first[1:]
    else:
        raise InputError("no headline: the file has no article text", path=origin)

    blocks = _read_head(head_lines, blocks, fields, conv)
    body = _read_body(blocks, fields, diag, conv)
    values = finish_meta(fields, options)
    if not values.get("headline"):
        raise InputError("no headline: the file has no article text", path=origin)
    diag.dateline, diag.byline = values.get("dateline"), values.get("by") or values.get("byline")
    diag.credit = values.get("credit")
    meta = Meta(**values)
    doc, language = settle_language(Document(meta, tuple(body), origin=origin), options,
                                    given=values.get("language"))
    diag.language = language.as_dict()
    meta = doc.meta
    if not meta.identifier:
        doc = doc.with_meta(identifier=make_identifier(meta.provider, meta.headline,
                                                       document_text(doc)))
    return doc


# --------------------------------------------------------------------------- blocks


def _split_blocks(lines: list[str]) -> list[list[str]]:
    """Groups of consecutive non-blank lines, each line trimmed of trailing whitespace."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if is_blank(line):
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line.rstrip(" \u00a0\u202f\u200b"))
    if current:
        blocks.append(current)
    return blocks


def _take_signoff(blocks: list[list[str]], fields: MetaFields, diag: Diagnostics,
                  conv: Conventions) -> None:
    """Remove a wire sign-off ("Reuter", "(AP)") that ends the story; it becomes the credit."""
    if not blocks or (len(blocks) == 1 and len(blocks[0]) < 3):
        return
    last = squash(blocks[-1][-1])
    if not is_signoff(last, conv):
        return
    blocks[-1].pop()
    if not blocks[-1]:
        blocks.pop()
    diag.signoff = last
    fields.set_inferred("credit", last)


def _drop_junk(blocks: list[list[str]], junk: re.Pattern[str], diag: Diagnostics) -> list[list[str]]:
    """Remove stand-alone junk lines, listing each in the diagnostics.

    A whole block of junk goes; inside a block, a junk line goes when it stands alone (see below).
    """
    out = []
    for block in blocks:
        flags = [bool(junk.fullmatch(squash(line))) for line in block]
        _flag_widget_echoes(block, flags)
        if all(flags):
            diag.junk.extend(squash(line) for line in block)
            continue
        kept = []
        for i, line in enumerate(block):
            previous = squash(block[i - 1]) if i else ""
            if flags[i] and _stands_alone(squash(line), previous, flags[i - 1] if i else True):
                diag.junk.append(squash(line))
            else:
                kept.append(line)
        if kept:
            out.append(kept)
    return out


def _flag_widget_echoes(block: list[str], flags: list[bool]) -> None:
    """Flag the lines a widget repeats, as junk too.

    An image's alt text just before its junk caption ("Clinton walks off the stage" / "Clinton
    walks off the stage after ... (Photo: AP)"), and a video title printed twice around its player
    ("Cabinet picks" / "Play VIDEO" / "Cabinet picks").
    """
    texts = [squash(line) for line in block]
    for i, text in enumerate(texts):
        if len(text) < 20 or len(text) > 120 or _END_PUNCT.search(text):
            continue
        if i + 1 < len(texts) and flags[i + 1] and texts[i + 1].startswith(text):
            flags[i] = True
        echo = i + 2 < len(texts) and flags[i + 1] and texts[i + 2] == text
        if echo or (i + 1 < len(texts) and texts[i + 1] == text):
            flags[i] = True
            flags[i + 2 if echo else i + 1] = True


def _stands_alone(line: str, previous: str, previous_is_junk: bool) -> bool:
    """Whether a junk line inside a block is furniture rather than wrapped prose.

    It opens the block, follows other junk or a finished sentence ("... said. / Share this post");
    a single word must also be capitalised and unpunctuated ("Advertisement"), never a wrapped
    last word ("email.").
    """
    after_sentence = not previous or previous_is_junk or bool(_END_PUNCT.search(previous))
    if " " in line:
        return after_sentence or len(previous) <= 60
    return line[:1].isupper() and line[-1:].isalnum() and after_sentence


def _read_head(head_lines: list[str], blocks: list[list[str]], fields: MetaFields,
               conv: Conventions) -> list[list[str]]:
    """Standfirst and byline between the headline and the body; returns the body blocks.

    The standfirst is what stands between headline and byline, so it is recognised only when a
    byline follows within the first blocks.
    """
    candidates: list[tuple[int, list[str]]] = []  # (block index or -1 for head_lines, lines)
    if head_lines:
        candidates.append((-1, head_lines))
    for i, block in enumerate(blocks[:3]):
        candidates.append((i, block))
    standfirst: list[str] = []
    for pos, (index, lines_) in enumerate(candidates):
        for j, line in enumerate(lines_):
            parsed = parse_byline(squash(line), conv)
            if parsed is None:
                continue
            before = standfirst + lines_[:j]
            if len(" ".join(before)) > 400 or (before and pos > 1 and index >= 1):
                return _unconsumed(head_lines, blocks)
            names, people = parsed
            fields.set_inferred("byline", names)
            fields.set_inferred("authors", people)
            fields.set_inferred("by", squash(line))
            if before:
                fields.set_inferred("subheadline", squash(" ".join(squash(x) for x in before)))
            after = lines_[j + 1:]
            rest = blocks[index + 1:] if index >= 0 else blocks
            return ([after] if after else []) + rest
        standfirst.extend(lines_)
    return _unconsumed(head_lines, blocks)


def _unconsumed(head_lines: list[str], blocks: list[list[str]]) -> list[list[str]]:
    return ([head_lines] if head_lines else []) + blocks


@dataclass
class _Pending:
    """A body block before inline parsing, so headings can look at their neighbours."""

    kind: str  # "para", "heading", "list", "quote", "short"
    lines: list[str]
    level: int = 2


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*([-*•·‣▪◦+])\s+(?=\S)")
_NUMBER = re.compile(r"^\s*(\d{1,3})([.)])\s+(?=\S)")
_QUOTE = re.compile(r"^\s*>\s?")
_END_PUNCT = re.compile(r"[.!?:;…۔؟।॥。！？][\"'”’»)\]]*$")
_URLISH = re.compile(r"://|www\.|\S@\S")


def _marker(line: str) -> tuple[str, int] | None:
    """("bullet", 0) / ("number", n) when a line starts a list item."""
    if _BULLET.match(line):
        return "bullet", 0
    m = _NUMBER.match(line)
    if m:
        return "number", int(m.group(1))
    return None


def _classify(block: list[str]) -> list[_Pending]:
    if all(_QUOTE.match(line) for line in block):
        return [_Pending("quote", [_QUOTE.sub("", line, count=1) for line in block])]
    if len(block) == 1:
        m = _MD_HEADING.match(block[0].strip())
        if m:
            return [_Pending("heading", [m.group(2)], max(2, min(len(m.group(1)), 6)))]
    first_marker = next((i for i, line in enumerate(block) if _marker(line)), None)
    if first_marker is not None:
        markers = sum(1 for line in block if _marker(line))
        intro = block[:first_marker]
        if not intro or markers >= 2 or (_END_PUNCT.search(intro[-1].rstrip()) and \
                intro[-1].rstrip().endswith(":")):
            out = [_Pending("para", intro)] if intro else []
            return [*out, _Pending("list", block[first_marker:])]
    if len(block) == 1:
        return [_Pending("short", block)]
    return [_Pending("para", block)]


def _read_body(blocks: list[list[str]], fields: MetaFields, diag: Diagnostics,
               conv: Conventions) -> list[Block]:
    classified = [_classify(block) for block in blocks]
    rule = decide([item.lines for items in classified for item in items
                   if item.kind in ("para", "short")])
    diag.paragraphs = rule.as_dict()
    junk = junk_matcher((), conv)
    pending: list[_Pending] = []
    for items in classified:
        for item in items:
            if item.kind not in ("para", "short"):
                pending.append(item)
                continue
            for unit in split_block(item.lines, rule):
                joined = squash(" ".join(squash(line) for line in unit))
                if is_wire_credit(joined, conv):
                    fields.set_inferred("credit", joined)
                elif len(unit) == 1 and junk.fullmatch(joined):
                    diag.junk.append(joined)  # a widget line the line rule set apart
                else:
                    pending.append(_Pending("short" if len(unit) == 1 else "para", unit))

    # Decided on the original kinds first: a line's verdict must not change its neighbour's.
    punctuated = _punctuates(pending)
    headings = _subheadings(pending, conv) if punctuated else [False] * len(pending)
    out: list[Block] = []
    seen_dateline = False
    for item, is_heading in zip(pending, headings, strict=True):
        if item.kind == "short":
            item.kind = "heading" if is_heading else "para"
            if is_heading:
                diag.headings.append(squash(item.lines[0]))
        if item.kind == "heading":
            out.append(Heading(item.level, parse_inlines(squash(item.lines[0]))))
        elif item.kind == "list":
            for lst in _lists(item.lines):
                prev = out[-1] if out else None
                if (isinstance(prev, ListBlock) and prev.ordered == lst.ordered
                        and (not lst.ordered or lst.start == prev.start + len(prev.items))):
                    # items separated by blank lines ("1. a", blank, "2. b") are one list
                    out[-1] = ListBlock(prev.ordered, prev.items + lst.items, prev.start)
                else:
                    out.append(lst)
        elif item.kind == "quote":
            out.append(_quote(item.lines))
        else:
            text = squash(" ".join(squash(line) for line in item.lines))
            if not text:
                continue
            if not seen_dateline and not any(isinstance(b, Paragraph) for b in out):
                seen_dateline = True
                found = split_dateline(text, conv)
                if found is not None and "dateline" not in fields.values:
                    fields.set_inferred("dateline", found.lead)
                    fields.set_inferred("located", found.place)
                    text = found.rest
                    if not text:  # the dateline stood alone ("FLORENCE, Ala., Feb 26 -")
                        seen_dateline = False
                        continue
            out.append(Paragraph(parse_inlines(text)))
    return out


#: A subheading is at most this long (characters, words).
_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 14
_QUESTION = ("?", "؟")


def _subheadings(pending: list[_Pending], conv: Conventions) -> list[bool]:
    """Which single lines are subheadings: short stand-alone lines between prose.

    Its neighbours decide as much as a line's words: a subheading has prose before and after it,
    so a run of short lines (a fact box, a list of awards, related links) holds none. One
    exception, once the article has shown that it uses subheadings: a heading-like line after a
    run of lines that are not (a "Related" box of links) and before prose. Capital letters are
    only asked of scripts that have them.
    """
    shaped = [item.kind == "short" and _heading_words(squash(item.lines[0]), conv) for item in pending]
    prose = [_is_prose(item) for item in pending]
    after = [i + 1 < len(pending) and prose[i + 1] for i in range(len(pending))]
    strict = [shaped[i] and after[i] and i > 0 and prose[i - 1] for i in range(len(pending))]
    if not any(strict):
        return strict
    return [strict[i] or (shaped[i] and after[i] and i > 0 and not prose[i - 1]
                          and not shaped[i - 1] and pending[i - 1].kind == "short")
            for i in range(len(pending))]


def _punctuates(pending: list[_Pending]) -> bool:
    """Whether the article ends its sentences with punctuation, so an unpunctuated line stands out.

    Some feeds strip the final full stops (Urdu news often does); there, a short line without one
    says nothing, and no subheading is inferred.
    """
    long_units = [squash(" ".join(item.lines)) for item in pending if item.kind in ("para", "short")]
    long_units = [text for text in long_units if len(text) > _HEADING_MAX_CHARS]
    if len(long_units) < 3:
        return True
    ended = sum(1 for text in long_units if _END_PUNCT.search(text))
    return ended * 2 >= len(long_units)


def _heading_words(text: str, conv: Conventions) -> bool:
    words = text.split()
    if not words or len(text) > _HEADING_MAX_CHARS or len(words) > _HEADING_MAX_WORDS:
        return False
    if _URLISH.search(text) or not any(ch.isalpha() for ch in text):
        return False
    if text.endswith(_QUESTION):
        if not 4 <= len(words) <= 10:  # "Is it?" is prose; "Where did the land come from?" may lead
            return False
    elif _END_PUNCT.search(text):
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'"
            or (first.isalpha() and not first.islower())):
        return False
    if _heading_never(conv).fullmatch(text):
        return False
    last = words[-1].strip("\"'“”‘’()[],;:").lower()
    return last not in conv.heading_never_ends


def _is_prose(item: _Pending) -> bool:
    """A paragraph, list or quote, or a single line that reads as a sentence."""
    if item.kind in ("para", "list", "quote"):
        return True
    if item.kind != "short":
        return False
    text = squash(item.lines[0])
    return len(text) > _HEADING_MAX_CHARS or bool(_END_PUNCT.search(text))


@functools.lru_cache(maxsize=32)
def _heading_never(conv: Conventions) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in conv.heading_never) or "(?!)", re.IGNORECASE)


def _lists(lines: list[str]) -> list[ListBlock]:
    """Items with wrapped continuation lines joined; a change of marker kind starts a new list."""
    lists: list[ListBlock] = []
    kind: str | None = None
    start = 1
    items: list[list[str]] = []

    def flush() -> None:
        if items:
            lists.append(ListBlock(kind == "number",
                                   tuple(ListItem(parse_inlines(squash(" ".join(it))))
                                         for it in items), start))

    for line in lines:
        marker = _marker(line)
        if marker is None:
            if items:
                items[-1].append(squash(line))
            continue
        mkind, number = marker
        if mkind != kind:
            flush()
            items = []
            kind, start = mkind, (number or 1)
        content = _BULLET.sub("", line, count=1) if mkind == "bullet" else _NUMBER.sub("", line,
                                                                                         count=1)
        items.append([squash(content)])
    flush()
    return lists


_ATTRIBUTION = re.compile(r"^(?:—|--|–|-)\s*(\S.*)$")


def _quote(lines: list[str]) -> BlockQuote:
    """A ``> `` block quote: paragraphs separated by empty ``>`` lines, optional attribution."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip(" \u00a0") == "":
            paragraphs.append([])
        else:
            paragraphs[-1].append(squash(line))
    paragraphs = [p for p in paragraphs if p]
    attribution = None
    last = paragraphs[-1] if paragraphs else []
    m = _ATTRIBUTION.match(last[-1]) if len(paragraphs) + len(last) > 2 else None
    if m:
        attribution = m.group(1)
        last.pop()
        paragraphs = [p for p in paragraphs if p]
    children = tuple(Paragraph(parse_inlines(squash(" ".join(p)))) for p in paragraphs)
    return BlockQuote(children, attribution)
