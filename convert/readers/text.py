"""Read a plain-text news article into a Document.

A plain-text article is a headline, optional standfirst and byline, then blank-line-separated
blocks: paragraphs (possibly hard-wrapped), subheadings (``## Title`` or a short unpunctuated
line between paragraphs), bullet/numbered lists, ``> `` block quotes, a wire credit trailer, and
scraped junk ("Share this post") that is not article. Front matter (YAML between ``---`` lines or
``Key: value`` header lines) and options override what is inferred.
"""

from __future__ import annotations

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
from .conventions import is_wire_credit, junk_matcher, parse_byline, split_dateline
from .decode import is_blank, squash
from .inlines import parse_inlines
from .load import load_article
from .metadata import MetaFields, finish_meta

# --------------------------------------------------------------------------- entry point


def read(data: bytes, options: ReadOptions) -> Document:
    """Parse article bytes. Raises InputError for empty, binary or headline-less input."""
    origin, lines, fields = load_article(data, options)
    return parse_lines(lines, fields, options, origin)


def parse_lines(lines: list[str], fields: MetaFields, options: ReadOptions, origin: str
                ) -> Document:
    """Turn cleaned lines (front matter already in ``fields``) into a Document."""
    junk = junk_matcher(options.junk_patterns)
    blocks = _drop_junk(_split_blocks(lines), junk)
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

    blocks = _read_head(head_lines, blocks, fields)
    body = _read_body(blocks, fields)
    values = finish_meta(fields, options)
    if not values.get("headline"):
        raise InputError("no headline: the file has no article text", path=origin)
    meta = Meta(**values)
    doc = Document(meta, tuple(body), origin=origin)
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


def _drop_junk(blocks: list[list[str]], junk: re.Pattern[str]) -> list[list[str]]:
    """Remove stand-alone junk lines.

    A whole block of junk goes; inside a block, a junk line goes when it stands alone (see below).
    """
    out = []
    for block in blocks:
        flags = [bool(junk.fullmatch(squash(line))) for line in block]
        if all(flags):
            continue
        kept = [line for i, line in enumerate(block)
                if not (flags[i] and _stands_alone(squash(line), block[i - 1] if i else ""))]
        if kept:
            out.append(kept)
    return out


def _stands_alone(line: str, previous: str) -> bool:
    """Whether a junk line inside a block is furniture rather than wrapped prose.

    Several words ("Share this post"), or one capitalised, unpunctuated word after a finished
    sentence ("Advertisement"); never a wrapped last word ("email.").
    """
    if " " in line:
        return True
    return line[:1].isupper() and line[-1:].isalnum() and (
        not previous or bool(_END_PUNCT.search(previous.rstrip())))


def _read_head(head_lines: list[str], blocks: list[list[str]], fields: MetaFields,
               ) -> list[list[str]]:
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
            parsed = parse_byline(squash(line))
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
_END_PUNCT = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
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


def _read_body(blocks: list[list[str]], fields: MetaFields) -> list[Block]:
    pending: list[_Pending] = []
    for block in blocks:
        joined = squash(" ".join(squash(line) for line in block))
        if is_wire_credit(joined):
            fields.set_inferred("credit", joined)
            continue
        pending.extend(_classify(block))

    out: list[Block] = []
    seen_dateline = False
    for i, item in enumerate(pending):
        if item.kind == "short":
            item.kind = "heading" if _is_subheading(pending, i) else "para"
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
                split = split_dateline(text)
                if split is not None and "dateline" not in fields.values:
                    fields.set_inferred("dateline", split[0])
                    fields.set_inferred("located", split[1])
                    text = split[2]
            out.append(Paragraph(parse_inlines(text)))
    return out


def _is_subheading(pending: list[_Pending], i: int) -> bool:
    """A short stand-alone line without end punctuation, with body content before and after."""
    text = squash(pending[i].lines[0])
    if len(text) >= 60 or not text or _END_PUNCT.search(text) or _URLISH.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"):
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    before = any(p.kind in ("para", "list", "quote") or (p.kind == "short" and j < i)
                 for j, p in enumerate(pending[:i]))
    after = i + 1 < len(pending)
    return before and after


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
