"""Read a plain-text news article into a Document.

A plain-text article is a headline, optional standfirst and byline, then the body: paragraphs
(separated by blank lines, by indentation as in wire copy, or one per line as scrapers write them;
see :mod:`.paragraphs`), subheadings (``## Title`` or a short unpunctuated line between
paragraphs), bullet/numbered lists, ``> `` block quotes, tables (:mod:`.text_tables`), pictures
with their caption and credit lines and a final correction notice (:mod:`.text_captions`), a wire
credit or sign-off, and scraped junk ("Share this post") that is not article. Front matter (YAML
between ``---`` lines or ``Key: value`` header lines) and options override what is inferred. The
conventions (junk, sign-offs, datelines, bylines, heading rules) are data, per language:
:mod:`.conventions`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InputError
from ..identity import make_identifier
from ..model import (
    Block,
    Document,
    Figure,
    Heading,
    ListBlock,
    Meta,
    Paragraph,
    Table,
    blocks_text,
    plain_text,
)
from ..options import ReadOptions
from .conventions import (
    Conventions,
    JunkMatcher,
    is_signoff,
    is_wire_credit,
    junk_matcher,
    load_conventions,
    parse_byline,
)
from .datelines import split_dateline
from .decode import is_blank, squash
from .diagnostics import Diagnostics
from .inlines import parse_inlines
from .language import settle_language
from .load import load_article
from .metadata import MetaFields, finish_meta
from .paragraphs import decide, split_block
from .text_blocks import (
    END_PUNCT,
    MD_HEADING,
    QUOTE,
    Pending,
    lists,
    marker,
    punctuates,
    quote,
    subheadings,
)
from .text_captions import (
    figure_lines_after,
    figure_of_lines,
    picture_reference,
    split_credit,
    split_figure,
    standalone_caption,
    take_notice,
)
from .text_tables import caption_of, is_table, read_table, with_caption

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
    is_junk = _junk_test(junk_matcher(options.junk_patterns, conv))
    blocks = _drop_junk(blocks, is_junk, diag)
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
    body = _read_body(blocks, fields, diag, conv, is_junk)
    values = finish_meta(fields, options)
    if not values.get("headline"):
        raise InputError("no headline: the file has no article text", path=origin)
    diag.dateline, diag.byline = values.get("dateline"), values.get("by") or values.get("byline")
    diag.credit = values.get("credit")
    if not values.get("identifier"):  # here, so the Meta is made once (27 fields, 5 us a copy)
        values["identifier"] = make_identifier(values["provider"], values["headline"],
                                               blocks_text(body))
    doc, language = settle_language(Document(Meta(**values), tuple(body), origin=origin),
                                    options, given=values.get("language"))
    diag.language = language.as_dict()
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


def _junk_test(junk: JunkMatcher) -> Callable[[str], bool]:
    """Whether a (squashed) line is junk, remembered for one article.

    Most lines are tested twice, as lines and again as one-line paragraphs, and a junk test is
    the reader's dearest step (a few microseconds a line: the patterns that scan the line).
    """
    seen: dict[str, bool] = {}

    def test(text: str) -> bool:
        found = seen.get(text)
        if found is None:
            found = seen[text] = junk.fullmatch(text) is not None
        return found

    return test


def _drop_junk(blocks: list[list[str]], is_junk: Callable[[str], bool], diag: Diagnostics
               ) -> list[list[str]]:
    """Remove stand-alone junk lines, listing each in the diagnostics.

    A whole block of junk goes; inside a block, a junk line goes when it stands alone (see below).
    """
    out = []
    captions = figure_lines_after(blocks)
    for b, block in enumerate(blocks):
        if is_table(block):
            out.append(block)
            continue
        texts = [squash(line) for line in block]
        flags = [is_junk(text) and (b, i) not in captions for i, text in enumerate(texts)]
        _flag_widget_echoes(texts, flags)
        if all(flags):
            diag.junk.extend(texts)
            continue
        kept = []
        for i, line in enumerate(block):
            previous = texts[i - 1] if i else ""
            if flags[i] and _stands_alone(texts[i], previous, flags[i - 1] if i else True):
                diag.junk.append(texts[i])
            else:
                kept.append(line)
        if kept:
            out.append(kept)
    return out


def _flag_widget_echoes(texts: list[str], flags: list[bool]) -> None:
    """Flag the lines a widget repeats, as junk too.

    An image's alt text just before its junk caption ("Clinton walks off the stage" / "Clinton
    walks off the stage after ... (Photo: AP)"), and a video title printed twice around its player
    ("Cabinet picks" / "Play VIDEO" / "Cabinet picks"). ``texts``: the block's squashed lines.
    """
    for i, text in enumerate(texts):
        if len(text) < 20 or len(text) > 120 or END_PUNCT.search(text):
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
    after_sentence = not previous or previous_is_junk or bool(END_PUNCT.search(previous))
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


def _classify(block: list[str], conv: Conventions) -> list[Pending]:
    table = read_table(block)
    if table is not None:
        return [Pending("table", block, node=table)]
    figure = split_figure(block, conv)
    if figure is not None:
        before, lines, after = figure
        node = figure_of_lines(picture_reference(lines[0]), lines[1:], conv)
        return [*(_classify(before, conv) if before else []), Pending("figure", lines, node=node),
                *(_classify(after, conv) if after else [])]
    if all(QUOTE.match(line) for line in block):
        return [Pending("quote", [QUOTE.sub("", line, count=1) for line in block])]
    if len(block) == 1:
        m = MD_HEADING.match(block[0].strip())
        if m:
            return [Pending("heading", [m.group(2)], max(2, min(len(m.group(1)), 6)))]
    first_marker = next((i for i, line in enumerate(block) if marker(line)), None)
    if first_marker is not None:
        markers = sum(1 for line in block if marker(line))
        intro = block[:first_marker]
        if not intro or markers >= 2 or (END_PUNCT.search(intro[-1].rstrip()) and \
                intro[-1].rstrip().endswith(":")):
            out = [Pending("para", intro)] if intro else []
            return [*out, Pending("list", block[first_marker:])]
    if len(block) == 1:
        return [Pending("short", block)]
    return [Pending("para", block)]


def _read_body(blocks: list[list[str]], fields: MetaFields, diag: Diagnostics,
               conv: Conventions, is_junk: Callable[[str], bool]) -> list[Block]:
    classified = [_classify(block, conv) for block in blocks]
    rule = decide([item.lines for items in classified for item in items
                   if item.kind in ("para", "short")])
    diag.paragraphs = rule.as_dict()
    pending: list[Pending] = []
    for items in classified:
        for item in items:
            if item.kind not in ("para", "short"):
                pending.append(item)
                continue
            for unit in split_block(item.lines, rule):
                joined = squash(" ".join(squash(line) for line in unit))
                if is_wire_credit(joined, conv):
                    fields.set_inferred("credit", joined)
                elif standalone_caption(joined, conv) or (
                        pending and pending[-1].kind == "figure" and not pending[-1].node.caption
                        and split_credit(joined, conv)[1]):
                    pending.append(Pending("caption", unit))
                elif len(unit) == 1 and is_junk(joined):
                    diag.junk.append(joined)  # a widget line the line rule set apart
                else:
                    pending.append(Pending("short" if len(unit) == 1 else "para", unit,
                                           text=joined))

    # Decided on the original kinds first: a line's verdict must not change its neighbour's.
    punctuated = punctuates(pending)
    headings = subheadings(pending, conv) if punctuated else [False] * len(pending)
    out: list[Block] = []
    seen_dateline = False
    for item, is_heading in zip(pending, headings, strict=True):
        if item.kind == "short":
            item.kind = "heading" if is_heading else "para"
            if is_heading:
                diag.headings.append(item.joined())
        if item.kind == "heading":
            out.append(Heading(item.level, parse_inlines(item.joined())))
        elif item.kind == "list":
            for lst in lists(item.lines):
                prev = out[-1] if out else None
                if (isinstance(prev, ListBlock) and prev.ordered == lst.ordered
                        and (not lst.ordered or lst.start == prev.start + len(prev.items))):
                    # items separated by blank lines ("1. a", blank, "2. b") are one list
                    out[-1] = ListBlock(prev.ordered, prev.items + lst.items, prev.start)
                else:
                    out.append(lst)
        elif item.kind == "quote":
            out.append(quote(item.lines))
        elif item.kind == "table":
            _table(out, item.node)
        elif item.kind == "figure":
            out.append(item.node)
        elif item.kind == "caption":
            _caption(out, item.lines, conv)
        else:
            text = item.joined()
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
            last = out[-1] if out else None
            if isinstance(last, Table) and not last.caption and caption_of(text):
                out[-1] = with_caption(last, caption_of(text) or "")
                continue
            out.append(Paragraph(parse_inlines(text)))
    return take_notice(out, conv)


def _table(out: list[Block], table: Table) -> None:
    """A table, captioned by a ``Table: ...`` paragraph just above it."""
    last = out[-1] if out else None
    caption = caption_of(plain_text(last.children)) if isinstance(last, (Paragraph, Heading)) else None
    if caption and not table.caption:
        out[-1] = with_caption(table, caption)
    else:
        out.append(table)


def _caption(out: list[Block], lines: list[str], conv: Conventions) -> None:
    """A caption or credit line: the figure's above it when it has none yet, else a figure of its own."""
    last = out[-1] if out else None
    found = figure_of_lines(None, lines, conv)
    if isinstance(last, Figure) and not (found.caption and last.caption) \
            and not (found.credit and last.credit):
        out[-1] = Figure(last.source, last.alt, last.caption or found.caption, last.credit or found.credit,
                         last.picture, last.width, last.height, last.attrs, last.lang)
    else:
        out.append(found)


#: A subheading is at most this long (characters, words).
