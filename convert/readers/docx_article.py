"""A Word document's paragraphs laid out as an article: headline, head, body blocks, credits.

The headline is the first ``Title`` paragraph, else the first ``Heading 1``, else the first
paragraph (a document typed in ``Normal`` only). Right after it, styled head paragraphs give the
standfirst (``Subtitle``, ``Abstract``), byline (``Byline``, pandoc's ``Author``), date (pandoc's
``Date``) and a dateline standing apart. A document without such styles gets the text reader's
conventions: a ``By ...`` paragraph among the first three is the byline (what stands before it
the standfirst), a dateline opens the first paragraph, wire credits and stand-alone junk lines
are taken out. Headings keep their outline levels (``Heading 2`` is level 2; a body that uses
``Heading 1`` for its subheadings is moved down one), consecutive list paragraphs of one
numbering make one list (deeper levels nest in the item above them; a ``List Continue``
paragraph joins the item whose text it lines up with; a leading ☑ or ☐ is an item's task box),
consecutive quote paragraphs one quote (``Quote Attribution`` its attribution), consecutive
code paragraphs one code block, a caption paragraph the caption of the picture above it or of
the table beside it, a notice style (``Correction`` ...; its ``Notice Label`` is furniture) or
a final notice paragraph a correction, and the trailing ``Credit`` paragraphs the credit and
copyright lines.
"""

from __future__ import annotations

import re

from ..model import (
    CORRECTION_KINDS,
    Block,
    BlockQuote,
    CodeBlock,
    Correction,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Person,
    Table,
    Text,
)
from ..options import ReadOptions
from .conventions import Conventions, is_wire_credit, junk_matcher, parse_byline, split_names
from .datelines import split_dateline
from .diagnostics import Diagnostics
from .docx_body import Para
from .docx_styles import Numbering, task_marks
from .metadata import MetaFields, parse_date
from .text_captions import split_credit_inlines, take_notice

_HEAD_ROLES = ("subtitle", "byline", "author", "date", "dateline")
_DASH = re.compile(r"^\s*(?:—|–|--|-)\s*")
#: How far (twips) a paragraph may start left of a list level's text and still line up with it.
_SLACK = 90


def build_article(paras: list[Para], numbering: Numbering, fields: MetaFields, conv: Conventions,
                  options: ReadOptions, diagnostics: Diagnostics) -> list[Block]:
    """Take the head out of ``paras`` into ``fields``; return the body blocks."""
    paras = [p for p in paras if p.role != "furniture" and (p.inlines or p.dateline or p.node or p.figures)]
    at = _headline_index(paras)
    before: list[Para] = []
    if at is not None:
        fields.set_inferred("headline", paras[at].text)
        before, paras = paras[:at], paras[at + 1:]
    paras = _styled_head(paras, fields, conv, diagnostics)
    if "by" not in fields.values and "byline" not in fields.values:
        paras = _found_byline(paras, fields, conv)
    paras = _credits(paras, fields)
    return _blocks(before + paras, numbering, fields, conv, options, diagnostics)


def _headline_index(paras: list[Para]) -> int | None:
    for role_or_level in ("title", 0):
        for i, p in enumerate(paras):
            if (p.role == role_or_level if role_or_level == "title" else p.outline == 0) and p.text:
                return i
    return next((i for i, p in enumerate(paras) if p.text), None)


def _styled_head(paras: list[Para], fields: MetaFields, conv: Conventions,
                 diagnostics: Diagnostics) -> list[Para]:
    """Standfirst, byline, author, date and a dateline apart, as styled after the headline."""
    standfirst: list[str] = []
    authors: list[str] = []
    i = 0
    while i < len(paras) and paras[i].role in _HEAD_ROLES:
        p, text = paras[i], paras[i].text
        if p.role == "subtitle":
            standfirst.append(text)
        elif p.role == "byline":
            _byline(text, fields, conv)
        elif p.role == "author":
            authors.append(text)
        elif p.role == "date":
            try:
                fields.set_inferred("date", parse_date(text, "the Date paragraph"))
            except ValueError:
                diagnostics.warnings.append(f"skipped the date {text!r}: not a date")
        else:
            fields.set_inferred("dateline", text)
        i += 1
    if standfirst:
        fields.set_inferred("subheadline", " ".join(standfirst))
    if authors and "byline" not in fields.values:
        names = [n for a in authors for n in split_names(a)]
        fields.set_inferred("byline", " and ".join(authors))
        fields.set_inferred("authors", tuple(Person(n) for n in names))
    return paras[i:]


def _byline(text: str, fields: MetaFields, conv: Conventions) -> None:
    parsed = parse_byline(text, conv)
    if parsed is None:
        fields.set_inferred("byline", text)
        return
    fields.set_inferred("by", text)
    fields.set_inferred("byline", parsed[0])
    fields.set_inferred("authors", parsed[1])


def _found_byline(paras: list[Para], fields: MetaFields, conv: Conventions) -> list[Para]:
    """A ``By ...`` paragraph among the first three body paragraphs (as the text reader finds it)."""
    for i, p in enumerate(paras[:3]):
        if p.role != "body" or p.num is not None or p.outline is not None:
            return paras
        parsed = parse_byline(p.text, conv)
        if parsed is None:
            continue
        _byline(p.text, fields, conv)
        if i:
            fields.set_inferred("subheadline", " ".join(x.text for x in paras[:i]))
        return paras[i + 1:]
    return paras


def _credits(paras: list[Para], fields: MetaFields) -> list[Para]:
    """Trailing ``Credit`` paragraphs: the copyright line (when it is the stated one) and the credit."""
    while paras and paras[-1].role == "credit":
        text = paras.pop().text
        if text and text != fields.values.get("copyright"):
            fields.set_inferred("credit", text)
    return paras


def _blocks(paras: list[Para], numbering: Numbering, fields: MetaFields, conv: Conventions,
            options: ReadOptions, diagnostics: Diagnostics) -> list[Block]:
    junk = junk_matcher(options.junk_patterns, conv)
    shift = any(p.outline == 0 for p in paras if p.num is None)
    out: list[Block] = []
    first_paragraph = True
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.node is not None:
            out.append(_captioned_table(p.node, out) if isinstance(p.node, Table) else p.node)
            i += 1
            continue
        if p.figures and not p.text:
            out.extend(p.figures)
            i += 1
            continue
        if p.role == "caption" and _caption(p, out, paras[i + 1] if i + 1 < len(paras) else None, conv):
            i += 1
            continue
        if p.role == "code":
            j = i
            while j < len(paras) and paras[j].role == "code" and paras[j].node is None:
                j += 1
            text = "\n".join(x.raw for x in paras[i:j]).strip("\n")
            if text.strip():
                out.append(CodeBlock(text))
            i = j
            continue
        if p.role in CORRECTION_KINDS:
            j = i
            kids: list[Block] = []
            while j < len(paras) and paras[j].role == p.role:
                if paras[j].inlines:
                    kids.append(Paragraph(paras[j].inlines))
                j += 1
            if kids:
                out.append(Correction(tuple(kids), p.role))
            i = j
            continue
        if p.role == "quote":
            j = i
            kids = []
            while j < len(paras) and paras[j].role == "quote":
                if paras[j].inlines:
                    kids.append(Paragraph(paras[j].inlines))
                j += 1
            attribution = None
            if j < len(paras) and paras[j].role == "attribution":
                attribution = _DASH.sub("", paras[j].text) or None
                j += 1
            if kids:
                out.append(BlockQuote(tuple(kids), attribution))
            i = j
            continue
        if p.num is not None and p.outline is None:
            j = i + 1
            while j < len(paras) and _in_list(paras[j], p.num):
                j += 1
            lst = _list(paras[i:j], numbering)
            if lst is not None:
                out.append(lst)
            i = j
            continue
        i += 1
        if p.outline is not None or p.role == "title":
            level = (p.outline or 0) + (2 if shift else 1)
            out.append(Heading(max(2, min(6, level)), p.inlines))
            continue
        text = p.text
        if first_paragraph:
            first_paragraph = False
            inlines = _dateline(p, fields, conv)
            if inlines is None:
                out.extend(p.figures)
                continue
        else:
            inlines = p.inlines
        if is_wire_credit(text, conv):
            fields.set_inferred("credit", text)
            continue
        if junk.fullmatch(text):
            diagnostics.junk.append(text)
            continue
        out.append(Paragraph(inlines))
        out.extend(p.figures)
    return take_notice(out, conv)


def _in_list(p: Para, first: tuple[str, int]) -> bool:
    """Whether a paragraph goes on the list ``first`` opened (an item, deeper or not, or inside one)."""
    if p.outline is not None or p.node is not None:
        return False
    if p.num is None:
        return p.role == "list_continue"
    return p.role not in ("quote", "attribution") and (p.num[0] == first[0] or p.num[1] > first[1])


def _list(paras: list[Para], numbering: Numbering) -> ListBlock | None:
    """List paragraphs as a list; a paragraph deeper than the one above it nests under it."""
    entries = _leveled(paras, numbering)
    if not entries:
        return None
    built, _ = _level(entries, 0, min(level for level, _ in entries), numbering)
    return built


def _leveled(paras: list[Para], numbering: Numbering) -> list[tuple[int, Para]]:
    """Each list paragraph with its level; a ``List Continue`` one with the level of its item."""
    out: list[tuple[int, Para]] = []
    path: list[tuple[int, tuple[str, int]]] = []  # the items open above, shallowest first
    for p in paras:
        if p.num is not None:
            while path and path[-1][0] >= p.num[1]:
                path.pop()
            path.append((p.num[1], p.num))
            out.append((p.num[1], p))
        elif path:
            level = _continued(p, path, numbering)
            while path[-1][0] > level:
                path.pop()
            out.append((level, p))
    return out


def _continued(p: Para, path: list[tuple[int, tuple[str, int]]], numbering: Numbering) -> int:
    """The level of the open item a paragraph continues.

    The deepest item whose text starts no further right than the paragraph's own indent (ours
    are indented so), else the one its ``List Continue N`` style names (Word's way).
    """
    starts = [(level, numbering.indent(num)) for level, num in path]
    if p.indent is not None and any(left is not None for _, left in starts):
        inside = [level for level, left in starts if left is not None and left <= p.indent + _SLACK]
        return inside[-1] if inside else path[0][0]
    return max((level for level, _ in path if level <= p.continues), default=path[0][0])


def _level(entries: list[tuple[int, Para]], i: int, level: int,
           numbering: Numbering) -> tuple[ListBlock | None, int]:
    first = next((p.num for _, p in entries[i:] if p.num is not None), None)
    ordered, start = numbering.kind(first) if first is not None else (False, 1)
    items: list[list] = []  # [inlines, nested blocks, task box]
    while i < len(entries) and entries[i][0] >= level:
        at, p = entries[i]
        if at > level:
            sub, i = _level(entries, i, at, numbering)
            if not items:
                items.append([(), [], None])
            if sub is not None:
                items[-1][1].append(sub)
            continue
        i += 1
        if p.num is not None:
            checked, inlines = _task_box(p.inlines)
            items.append([inlines, [*p.figures], checked])
            continue
        if not items:
            items.append([(), [], None])
        items[-1][1].extend([Paragraph(p.inlines)] if p.inlines else [])
        items[-1][1].extend(p.figures)
    kept = [ListItem(tuple(inl), tuple(nested), checked) for inl, nested, checked in items
            if inl or nested or checked is not None]
    return (ListBlock(ordered, tuple(kept), start) if kept else None), i


def _task_box(inlines: tuple[Inline, ...]) -> tuple[bool | None, tuple[Inline, ...]]:
    """An item's task box, from a ☑ or ☐ (``docx_styles.toml``) and a space opening its text."""
    first = inlines[0] if inlines else None
    if not isinstance(first, Text) or first.text[:1] not in task_marks() or first.text[1:2] not in ("", " "):
        return None, inlines
    rest = first.text[2:]
    return task_marks()[first.text[0]], ((Text(rest),) if rest else ()) + inlines[1:]


def _caption(p: Para, out: list[Block], after: Para | None, conv: Conventions) -> bool:
    """A caption paragraph: the picture's above it, or the table's above or below it (True: taken)."""
    last = out[-1] if out else None
    if isinstance(last, Figure) and not last.caption:
        caption, credit = split_credit_inlines(p.inlines, conv)
        out[-1] = Figure(last.source, last.alt, caption, credit or last.credit, last.picture,
                         last.width, last.height, last.attrs, last.lang)
        return True
    if isinstance(last, Table) and not last.caption:
        out[-1] = Table(last.head, last.body, p.inlines, last.aligns, last.attrs, last.lang)
        return True
    if after is not None and isinstance(after.node, Table) and not after.node.caption:
        out.append(Paragraph(p.inlines, attrs=(("caption-for", "table"),)))  # picked up by the table
        return True
    return False


def _captioned_table(table: Table, out: list[Block]) -> Table:
    """A table, captioned by the caption paragraph kept for it just above."""
    last = out[-1] if out else None
    if isinstance(last, Paragraph) and last.attrs == (("caption-for", "table"),):
        out.pop()
        return Table(table.head, table.body, last.children, table.aligns, table.attrs, table.lang)
    return table


def _dateline(p: Para, fields: MetaFields, conv: Conventions) -> tuple[Inline, ...] | None:
    """The first paragraph without its dateline (a styled run, else one the conventions find).

    None when the paragraph was only the dateline.
    """
    if p.dateline:
        fields.set_inferred("dateline", p.dateline)
        return p.inlines or None
    first = p.inlines[0] if p.inlines else None
    if "dateline" in fields.values or not isinstance(first, Text):
        return p.inlines
    found = split_dateline(first.text, conv)
    if found is None:
        return p.inlines
    fields.set_inferred("dateline", found.lead)
    fields.set_inferred("located", found.place)
    rest = ((Text(found.rest),) if found.rest else ()) + p.inlines[1:]
    return rest or None
