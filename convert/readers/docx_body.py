"""Walk a Word body: each paragraph's role, level, numbering and inlines; tables, pictures, notes, changes.

The walk reads WordprocessingML itself (python-docx's ``Paragraph.text`` skips runs inside
``w:ins``): tracked insertions are read and deletions skipped, which is the text once every change
is accepted (a ``w:ins`` is not inserted text: it is accepted); each kind is counted for a
warning. Runs become inlines by their character style or direct bold and italic, struck-through
runs (``w:strike``) deleted text, runs in the ``Inserted Text`` style inserted text, runs in a
code style or a monospace font inline code, ``w:hyperlink`` (or a ``HYPERLINK`` field) a link,
``w:br`` a line break. Footnote and endnote references become notes holding the note's
paragraphs. A table is a :class:`~convert.model.Table` (header rows from ``w:tblHeader``,
``w:gridSpan`` and ``w:vMerge`` spans); a picture (``w:drawing``, VML ``v:imagedata``) a figure
with the bytes of the package's media part (checked), its alt text (``wp:docPr descr``) and size;
pandoc's VML horizontal rule, an empty ``Horizontal Line`` paragraph or an empty paragraph with a
bottom border (``w:pBdr``) a rule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby

from lxml import etree
from msgspec import Struct, field

from ..model import (
    Block,
    Code,
    Figure,
    Inline,
    Rule,
    plain_text,
)
from .docx_rich import R_ID, RichParts
from .docx_styles import Styles, indent_of, is_monospace, num_of, on, w
from .xmlinline import Collector, href

_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_SKIP_TEXT = frozenset(w(n) for n in ("del", "moveFrom"))
_PICTURES = frozenset({w("drawing"), w("pict"), w("object")})


class _Segment(Struct):
    """A piece of run content: text or a line break, with its formatting (or a note)."""

    text: str | None
    strong: bool
    emphasis: bool
    url: str
    dateline: bool
    deleted: bool = False
    code: bool = False
    node: Inline | None = None
    inserted: bool = False


class Para(Struct):
    """One paragraph as the reader sees it."""

    role: str
    inlines: tuple[Inline, ...]
    outline: int | None = None
    num: tuple[str, int] | None = None
    #: Text of character-styled dateline runs that open the paragraph.
    dateline: str | None = None
    #: Whether its mark is a deleted tracked change (it joins the next paragraph).
    joins_next: bool = False
    #: The run content the inlines were made of (to join paragraphs whose mark was deleted).
    segments: list[_Segment] = field(default_factory=list)
    #: A block that stands for the paragraph: a table (role "table") or a rule.
    node: Block | None = None
    #: Pictures in the paragraph, shown after its text.
    figures: list[Figure] = field(default_factory=list)
    #: Its own left indent (twips), and the list level a ``List Continue N`` style names.
    indent: int | None = None
    continues: int = 0

    @property
    def text(self) -> str:
        return plain_text(self.inlines).strip()

    @property
    def raw(self) -> str:
        """The text as typed, spaces kept and line breaks as newlines (a code paragraph)."""
        return "".join(s.text if s.text is not None else "\n" for s in self.segments if s.node is None)


class BodyWalker(Struct, RichParts):
    """Reads paragraphs and tables; counts what it had to change or leave out."""

    styles: Styles
    #: Relationship id -> external target (hyperlinks).
    links: dict[str, str]
    counts: Counter[str] = field(default_factory=Counter)
    #: Note ids in the order they are referenced: ("footnote", id).
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: Relationship id -> (part name, bytes) of the pictures the package holds.
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    #: "footnote"/"endnote" -> note id -> its ``w:footnote``/``w:endnote`` element.
    note_parts: dict[str, dict[str, etree._Element]] = field(default_factory=dict)
    #: Pictures that could not be used, one line each.
    warnings: list[str] = field(default_factory=list)
    _built: dict[tuple[str, str], tuple[Block, ...]] = field(default_factory=dict)
    _figures: list[Figure] = field(default_factory=list)
    _rule: bool = False
    _in_cell: int = 0

    def body(self, root: etree._Element) -> Iterator[Para]:
        """Every paragraph of the body in order (table rows as paragraphs)."""
        pending: Para | None = None
        for para in self._blocks(root):
            if pending is not None:  # a deleted paragraph mark: accepted, the two are one (as Word does)
                segments = pending.segments + para.segments
                para = Para(pending.role, _inlines(segments), pending.outline, pending.num,
                            pending.dateline, para.joins_next, segments)
                pending = None
            if para.joins_next:
                pending = para
                continue
            yield para
        if pending is not None:
            yield pending

    def _blocks(self, parent: etree._Element) -> Iterator[Para]:
        for el in parent:
            tag = el.tag
            if tag == w("p"):
                yield self.paragraph(el)
            elif tag == w("tbl"):
                table = self.table(el)
                if table is not None:
                    yield Para("table", (), node=table)
            elif tag in (w("sdt"), w("customXml"), w("ins"), w("moveTo")):
                content = el.find(w("sdtContent")) if tag == w("sdt") else el
                if content is not None:
                    yield from self._blocks(content)
            elif tag in _SKIP_TEXT:
                self.counts["deleted"] += 1

    def paragraph(self, p: etree._Element) -> Para:
        """One ``w:p``: style role, outline level, numbering, inlines."""
        ppr = p.find(w("pPr"))
        style_id = None
        own_outline = own_num = indent = None
        joins = border = False
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            style_id = ps.get(w("val")) if ps is not None else None
            outline = ppr.find(w("outlineLvl"))
            if outline is not None and (outline.get(w("val")) or "").isdigit():
                own_outline = int(outline.get(w("val"), "9"))
            own_num = num_of(ppr.find(w("numPr")))
            indent = indent_of(ppr)
            border = _bottom_border(ppr)
            mark = ppr.find(w("rPr"))
            if mark is not None and (mark.find(w("del")) is not None or mark.find(w("moveFrom")) is not None):
                joins = True
                self.counts["deleted"] += 1
        outline_level = own_outline if own_outline is not None else self.styles.outline(style_id)
        if outline_level is not None and not 0 <= outline_level <= 8:
            outline_level = None
        num = own_num if own_num is not None else _styled_level(self.styles, style_id)
        if num is not None and num[0] == "0":
            num = None
        segments: list[_Segment] = []
        outer, self._figures, self._rule = self._figures, [], False
        self._content(p, segments, "", [])
        figures, rule = self._figures, self._rule
        self._figures = outer
        dateline = None
        lead = 0
        while lead < len(segments) and segments[lead].dateline:
            lead += 1
        if lead:
            dateline = "".join(s.text or " " for s in segments[:lead]).strip() or None
            segments = segments[lead:]
            _drop_separator(segments)
        inlines = _inlines(segments)
        role = self.styles.role(style_id)
        if not inlines and not figures and (role == "rule" or border):
            rule = True
        return Para(role, inlines, outline_level, num, dateline, joins, segments,
                    Rule() if rule and not inlines else None, figures, indent,
                    self.styles.continue_level(style_id) if role == "list_continue" else 0)

    # ------------------------------------------------------------------ runs

    def _content(self, parent: etree._Element, out: list[_Segment], url: str,
                 fields: list[list[str]]) -> None:
        """Segments of a paragraph's content, in order; ``fields`` is the stack of open fields."""
        for el in parent:
            tag = el.tag
            if tag == w("r"):
                self._run(el, out, url, fields)
            elif tag == w("hyperlink"):
                target = href(self.links.get(el.get(R_ID, ""), "")) if el.get(R_ID) else ""
                self._content(el, out, target or url, fields)
            elif tag in (w("ins"), w("moveTo")):
                self.counts["inserted"] += 1
                self._content(el, out, url, fields)
            elif tag in _SKIP_TEXT:
                self.counts["deleted"] += 1
            elif tag == w("fldSimple"):
                target = _field_link(el.get(w("instr"), ""))
                self._content(el, out, target or url, fields)
            elif tag in (w("smartTag"), w("customXml"), w("dir"), w("bdo")):
                self._content(el, out, url, fields)
            elif tag == w("sdt"):
                content = el.find(w("sdtContent"))
                if content is not None:
                    self._content(content, out, url, fields)
            elif isinstance(tag, str) and tag.startswith(f"{{{_M}}}"):
                text = "".join(t.text or "" for t in el.iter(f"{{{_M}}}t"))
                if text:
                    out.append(_Segment(text, False, False, url, False))

    def _run(self, r: etree._Element, out: list[_Segment], url: str, fields: list[list[str]]) -> None:
        rpr = r.find(w("rPr"))
        strong = emphasis = dateline = deleted = code = inserted = False
        if rpr is not None:
            rs = rpr.find(w("rStyle"))
            style = rs.get(w("val")) if rs is not None else None
            strong, emphasis, dateline = self.styles.run_flags(style)
            b, i = on(rpr.find(w("b"))), on(rpr.find(w("i")))
            strong = b if b is not None else strong
            emphasis = i if i is not None else emphasis
            deleted = bool(on(rpr.find(w("strike"))) or on(rpr.find(w("dstrike"))))
            fonts = rpr.find(w("rFonts"))
            inserted = self.styles.char_role(style) == "inserted"
            code = self.styles.char_role(style) == "code" or (
                fonts is not None and is_monospace(fonts.get(w("ascii")) or fonts.get(w("hAnsi"))))
        for el in r:
            tag = el.tag
            if tag == w("fldChar"):
                kind = el.get(w("fldCharType"))
                if kind == "begin":
                    fields.append(["", "instr"])
                elif kind == "separate" and fields:
                    fields[-1][1] = "result"
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if tag == w("instrText"):
                if fields:
                    fields[-1][0] += el.text or ""
                continue
            if fields and fields[-1][1] == "instr":
                continue  # a field's instruction is not text
            link = url or next((t for f in reversed(fields) if (t := _field_link(f[0]))), "")
            if tag in (w("footnoteReference"), w("endnoteReference")):
                note = self._note("footnote" if tag == w("footnoteReference") else "endnote",
                                  el.get(w("id"), ""))
                if note is not None:
                    out.append(_Segment("", False, False, "", False, node=note))
                continue
            text = self._run_text(el, tag)
            if text is None:
                continue
            out.append(_Segment(text if text != "\n" else None, strong, emphasis, link, dateline,
                                deleted, code and text != "\n", inserted=inserted))

    def _run_text(self, el: etree._Element, tag: object) -> str | None:
        """The text a run child stands for; "\\n" for a line break, None for nothing."""
        if tag == w("t"):
            return el.text or ""
        if tag in (w("tab"), w("ptab")):
            return " "
        if tag == w("br"):
            return "\n" if el.get(w("type"), "textWrapping") == "textWrapping" else " "
        if tag == w("cr"):
            return "\n"
        if tag == w("noBreakHyphen"):
            return "\u2011"
        if tag in _PICTURES:
            self._picture(el)
            return None
        if tag == w("commentReference"):
            self.counts["comment"] += 1
        return None


_LIST_STYLE = re.compile(r"^list(?: bullet| number| continue)? ([2-9])$")


def _styled_level(styles: Styles, style_id: str | None) -> tuple[str, int] | None:
    """The numbering a list style carries; ``List Bullet 2`` (Word's second level) one level down."""
    num = styles.numbering(style_id)
    if num is None:
        return None
    for info in styles.chain(style_id):
        m = _LIST_STYLE.match(info.name.lower())
        if m:
            return num[0], max(num[1], int(m.group(1)) - 1)
    return num


def _drop_separator(segments: list[_Segment]) -> None:
    """Remove the dash that follows an inline dateline (" — ")."""
    if not segments or segments[0].text is None:
        return
    text = segments[0].text.lstrip()
    for sep in ("\u2014", "\u2013", "--", "-"):
        if text.startswith(sep):
            text = text[len(sep):].lstrip()
            break
    segments[0].text = text


def _bottom_border(ppr: etree._Element) -> bool:
    """Whether a paragraph's own properties draw a line below it (``w:pBdr/w:bottom``)."""
    bottom = ppr.find(f"{w('pBdr')}/{w('bottom')}")
    return bottom is not None and (bottom.get(w("val")) or "none") not in ("none", "nil")


def _field_link(instr: str) -> str:
    """The target of a ``HYPERLINK "url"`` field instruction ("" for other fields)."""
    parts = instr.strip().split(None, 1)
    if len(parts) < 2 or parts[0].upper() != "HYPERLINK":
        return ""
    rest = parts[1].strip()
    if rest.startswith("\\l"):
        return ""  # a link to a bookmark inside the document
    return href(rest.split('"')[1] if rest.startswith('"') and rest.count('"') >= 2 else rest.split()[0])


def _inlines(segments: list[_Segment]) -> tuple[Inline, ...]:
    """Segments as nested inlines: links, then struck and inserted text, strong, emphasis.

    Code and notes are nodes of their own.
    """
    col = Collector()
    key_url: Callable[[_Segment], str] = lambda s: s.url  # noqa: E731
    for url, group in groupby(segments, key=key_url):
        if url:
            col.open()
        for (deleted, inserted), edited in groupby(group, key=lambda s: (s.deleted, s.inserted)):
            edits = [k for k, on_ in (("deleted", deleted), ("inserted", inserted)) if on_]
            for _ in edits:
                col.open()
            for (strong, emphasis), run in groupby(
                    edited, key=lambda s: (s.strong and not url, s.emphasis and not url)):
                kinds = [k for k, on_ in (("strong", strong), ("emphasis", emphasis)) if on_]
                for _ in kinds:
                    col.open()
                _run_inlines(col, run)
                for kind in reversed(kinds):
                    col.close(kind)
            for kind in reversed(edits):
                col.close(kind)
        if url:
            col.close("link", url=url)
    return col.result()


def _run_inlines(col: Collector, run: Iterable[_Segment]) -> None:
    """Segments of one look: text, line breaks, notes, and adjacent code segments as one code."""
    code: list[str] = []
    for seg in run:
        if seg.code and seg.text:
            code.append(seg.text)
            continue
        if code:
            col.node(Code("".join(code)))
            code = []
        if seg.node is not None:
            col.node(seg.node)
        elif seg.text is None:
            col.line_break()
        else:
            col.text(seg.text)
    if code:
        col.node(Code("".join(code)))


def note_elements(root: etree._Element | None, kind: str) -> dict[str, etree._Element]:
    """Footnote or endnote id -> its element (separators and continuation notices left out)."""
    if root is None:
        return {}
    return {note.get(w("id"), ""): note for note in root.iter(w(kind))
            if note.get(w("type")) not in ("separator", "continuationSeparator", "continuationNotice")}
