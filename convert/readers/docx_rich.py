"""Tables, pictures and notes of a Word body, for :class:`~convert.readers.docx_body.BodyWalker`.

A ``w:tbl`` is a :class:`~convert.model.Table`: rows marked ``w:tblHeader`` are its header,
``w:gridSpan`` and ``w:vMerge`` its spans, its first row's paragraph alignment (``w:jc``) the
columns' alignment, each cell's paragraphs one run of inlines. A ``w:drawing`` (or VML
``v:imagedata``) is a :class:`~convert.model.Figure` named by its media part, with that part's
bytes checked (:func:`convert.resources.check_picture`), ``wp:docPr descr`` as alt text and
``wp:extent`` as its size in CSS pixels; a linked picture keeps its address. A footnote or
endnote reference is a :class:`~convert.model.Note` holding the note's paragraphs and tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ..model import Block, Figure, Inline, LineBreak, Note, Paragraph, Table, TableCell, TableRow
from ..resources import PictureError, check_picture
from .docx_styles import on, w

if TYPE_CHECKING:
    from .docx_body import BodyWalker

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_ID = f"{{{_R}}}id"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
#: English Metric Units in one CSS pixel.
_EMU_PER_PX = 9525


class RichParts:
    """Tables, pictures and notes: the part of the walk that builds model nodes directly."""

    def table(self: BodyWalker, tbl: etree._Element) -> Table | None:
        """A ``w:tbl``: header rows, spans (``w:gridSpan``, ``w:vMerge``), alignment, cell inlines."""
        rows: list[tuple[bool, list[list]]] = []  # (header?, [[inlines, colspan, rowspan, align]])
        open_at: dict[int, list] = {}  # grid column -> the cell a vertical merge continues
        self._in_cell += 1
        try:
            for tr in tbl.findall(w("tr")):
                trpr = tr.find(w("trPr"))
                header = trpr is not None and on(trpr.find(w("tblHeader"))) is True
                cells: list[list] = []
                col = 0
                for tc in tr.findall(w("tc")):
                    tcpr = tc.find(w("tcPr"))
                    span = _int_val(tcpr.find(w("gridSpan")) if tcpr is not None else None, 1)
                    merge = tcpr.find(w("vMerge")) if tcpr is not None else None
                    if merge is not None and merge.get(w("val"), "continue") != "restart" and col in open_at:
                        open_at[col][2] += 1
                    else:
                        cell = [self._cell(tc), max(1, min(span, 1000)), 1, _cell_align(tc)]
                        cells.append(cell)
                        for c in range(col, col + span):
                            open_at.pop(c, None)
                        if merge is not None:
                            open_at[col] = cell
                    col += max(1, span)
                if cells:
                    rows.append((header and not any(not h for h, _ in rows), cells))
        finally:
            self._in_cell -= 1
        if not rows:
            return None
        built = [(h, TableRow(tuple(TableCell(c[0], c[1], c[2]) for c in cells))) for h, cells in rows]
        head = tuple(r for h, r in built if h)
        body = tuple(r for h, r in built if not h)
        if not body:
            head, body = (), head
        first = next((cells for h, cells in rows if not h), rows[0][1])  # the first body row's
        aligns = tuple(a for c in first for a in [c[3]] * c[1])
        return Table(head, body, aligns=aligns if any(aligns) else ())

    def _cell(self: BodyWalker, tc: etree._Element) -> tuple[Inline, ...]:
        """A cell's paragraphs as one run of inlines (line breaks between paragraphs)."""
        out: list[Inline] = []
        for p in tc.iter(w("p")):
            inlines = self.paragraph(p).inlines
            if inlines:
                if out:
                    out.append(LineBreak())
                out.extend(inlines)
        return tuple(out)

    def _picture(self: BodyWalker, el: etree._Element) -> None:
        """A picture in a run: a figure after the paragraph (its bytes from the package's media)."""
        if any(r.get(f"{{{_O}}}hr") in ("t", "true") for r in el.iter(f"{{{_V}}}rect")):
            self._rule = True  # pandoc's (and Word's) VML horizontal rule
            return
        blip = next(el.iter(f"{{{_A}}}blip"), None)
        rid = blip.get(f"{{{_R}}}embed") or blip.get(f"{{{_R}}}link") if blip is not None else None
        if rid is None:
            data = next(el.iter(f"{{{_V}}}imagedata"), None)
            rid = data.get(R_ID) if data is not None else None
        if not rid or self._in_cell:
            self.counts["picture"] += 1
            return
        doc_pr = next(el.iter(f"{{{_WP}}}docPr"), None)
        alt = " ".join(((doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None
                        else "").split())
        extent = next(el.iter(f"{{{_WP}}}extent"), None)
        width = height = None
        if extent is not None:
            width = _px(extent.get("cx"))
            height = _px(extent.get("cy"))
        if rid in self.media:
            name, data = self.media[rid]
            try:
                picture = check_picture(data)
            except PictureError as exc:
                self.warnings.append(f"picture {name}: {exc}; its caption is kept")
                picture = None
            self._figures.append(Figure(name, alt, picture=picture, width=width, height=height))
        elif rid in self.links:  # a linked picture: its address, loaded like any other
            self._figures.append(Figure(self.links[rid], alt, width=width, height=height))
        else:
            self.counts["picture"] += 1

    def _note(self: BodyWalker, kind: str, note_id: str) -> Note | None:
        """The note a reference stands for: the note's paragraphs (tables too) as blocks."""
        key = (kind, note_id)
        if key not in self._built:
            self._built[key] = ()  # a note that refers to itself stops here
            el = self.note_parts.get(kind, {}).get(note_id)
            if el is None:
                return None
            self.notes.append(key)
            blocks: list[Block] = []
            for child in el:
                if child.tag == w("tbl"):
                    table = self.table(child)
                    blocks.extend([table] if table is not None else [])
                elif child.tag == w("p"):
                    para = self.paragraph(child)
                    if para.inlines:
                        blocks.append(Paragraph(para.inlines))
                    blocks.extend(para.figures)
            self._built[key] = tuple(blocks)
        blocks_ = self._built[key]
        return Note(blocks_) if blocks_ else None


def _px(emu: str | None) -> int | None:
    try:
        value = round(int(emu or "") / _EMU_PER_PX)
    except ValueError:
        return None
    return value if 0 < value < 100_000 else None


def _int_val(el: etree._Element | None, default: int) -> int:
    try:
        return int((el.get(w("val")) if el is not None else None) or default)
    except ValueError:
        return default


def _cell_align(tc: etree._Element) -> str | None:
    """A cell's alignment from its first paragraph (left and justified are the default)."""
    p = tc.find(w("p"))
    jc = p.find(f"{w('pPr')}/{w('jc')}") if p is not None else None
    value = (jc.get(w("val")) or "") if jc is not None else ""
    return {"right": "right", "end": "right", "center": "center"}.get(value)
