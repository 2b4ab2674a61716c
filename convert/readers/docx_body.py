"""Walk a Word body: each paragraph's role, level, numbering and inlines; tables, notes and changes.

The walk reads WordprocessingML itself (python-docx's ``Paragraph.text`` skips runs inside
``w:ins``): tracked insertions are read and deletions skipped, which is the text once every change
is accepted; each kind is counted for a warning. Runs become inlines by their character style
or direct bold and italic, ``w:hyperlink`` (or a ``HYPERLINK`` field) becomes a link, ``w:br`` a
line break. Tables become one paragraph per row, footnote and endnote references a ``[n]``
marker (their text is added at the end by the reader), pictures are counted and dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from lxml import etree

from ..model import Inline, Text, plain_text
from .docx_styles import Styles, num_of, on, w
from .xmlinline import Collector, href

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_SKIP_TEXT = frozenset(w(n) for n in ("del", "moveFrom"))
_PICTURES = frozenset({w("drawing"), w("pict"), w("object")})


@dataclass(slots=True)
class _Segment:
    """A piece of run content: text or a line break, with its formatting."""

    text: str | None
    strong: bool
    emphasis: bool
    url: str
    dateline: bool


@dataclass(slots=True)
class Para:
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
    segments: list[_Segment] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return plain_text(self.inlines).strip()


@dataclass
class BodyWalker:
    """Reads paragraphs and tables; counts what it had to change or leave out."""

    styles: Styles
    #: Relationship id -> external target (hyperlinks).
    links: dict[str, str]
    counts: Counter[str] = field(default_factory=Counter)
    #: Note ids in the order they are referenced: ("footnote", id).
    notes: list[tuple[str, str]] = field(default_factory=list)

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
                self.counts["table"] += 1
                yield from self._table(el)
            elif tag in (w("sdt"), w("customXml"), w("ins"), w("moveTo")):
                content = el.find(w("sdtContent")) if tag == w("sdt") else el
                if content is not None:
                    yield from self._blocks(content)
            elif tag in _SKIP_TEXT:
                self.counts["deleted"] += 1

    def _table(self, tbl: etree._Element) -> Iterator[Para]:
        for row in tbl.iter(w("tr")):
            cells = []
            for cell in row:
                if cell.tag != w("tc"):
                    continue
                texts = [p.text for p in (self.paragraph(x) for x in cell.iter(w("p"))) if p.text]
                if texts:
                    cells.append(" ".join(texts))
            if cells:
                yield Para("body", (Text(" | ".join(cells)),))

    def paragraph(self, p: etree._Element) -> Para:
        """One ``w:p``: style role, outline level, numbering, inlines."""
        ppr = p.find(w("pPr"))
        style_id = None
        own_outline = own_num = None
        joins = False
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            style_id = ps.get(w("val")) if ps is not None else None
            outline = ppr.find(w("outlineLvl"))
            if outline is not None and (outline.get(w("val")) or "").isdigit():
                own_outline = int(outline.get(w("val"), "9"))
            own_num = num_of(ppr.find(w("numPr")))
            mark = ppr.find(w("rPr"))
            if mark is not None and (mark.find(w("del")) is not None or mark.find(w("moveFrom")) is not None):
                joins = True
                self.counts["deleted"] += 1
        outline_level = own_outline if own_outline is not None else self.styles.outline(style_id)
        if outline_level is not None and not 0 <= outline_level <= 8:
            outline_level = None
        num = own_num if own_num is not None else self.styles.numbering(style_id)
        if num is not None and num[0] == "0":
            num = None
        segments: list[_Segment] = []
        self._content(p, segments, "", [])
        dateline = None
        lead = 0
        while lead < len(segments) and segments[lead].dateline:
            lead += 1
        if lead:
            dateline = "".join(s.text or " " for s in segments[:lead]).strip() or None
            segments = segments[lead:]
            _drop_separator(segments)
        return Para(self.styles.role(style_id), _inlines(segments), outline_level, num, dateline, joins,
                    segments)

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
        strong = emphasis = dateline = False
        if rpr is not None:
            rs = rpr.find(w("rStyle"))
            strong, emphasis, dateline = self.styles.run_flags(rs.get(w("val")) if rs is not None else None)
            b, i = on(rpr.find(w("b"))), on(rpr.find(w("i")))
            strong = b if b is not None else strong
            emphasis = i if i is not None else emphasis
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
            text = self._run_text(el, tag)
            if text is None:
                continue
            out.append(_Segment(text if text != "\n" else None, strong, emphasis, link, dateline))

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
            self.counts["picture"] += 1
            return None
        if tag in (w("footnoteReference"), w("endnoteReference")):
            kind = "footnote" if tag == w("footnoteReference") else "endnote"
            self.notes.append((kind, el.get(w("id"), "")))
            return f"[{len(self.notes)}]"
        if tag == w("commentReference"):
            self.counts["comment"] += 1
        return None


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
    """Segments as nested inlines: links, then strong, then emphasis."""
    col = Collector()
    key_url: Callable[[_Segment], str] = lambda s: s.url  # noqa: E731
    for url, group in groupby(segments, key=key_url):
        if url:
            col.open()
        for (strong, emphasis), run in groupby(group, key=lambda s: (s.strong and not url,
                                                                     s.emphasis and not url)):
            if strong:
                col.open()
            if emphasis:
                col.open()
            for seg in run:
                if seg.text is None:
                    col.line_break()
                else:
                    col.text(seg.text)
            if emphasis:
                col.close("emphasis")
            if strong:
                col.close("strong")
        if url:
            col.close("link", url=url)
    return col.result()


def note_texts(root: etree._Element | None, walker: BodyWalker, kind: str) -> dict[str, str]:
    """Footnote or endnote id -> its text (separators and continuation notes have none)."""
    out: dict[str, str] = {}
    if root is None:
        return out
    for note in root.iter(w(kind)):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = [p.text for p in (walker.paragraph(x) for x in note.iter(w("p"))) if p.text]
        out[note.get(w("id"), "")] = " ".join(texts)
    return out
