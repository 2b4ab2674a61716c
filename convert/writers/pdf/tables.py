"""Tables as reportlab Tables: split between rows across pages, the header rows repeated on each.

Columns are fitted to the column of text: each gets what its text needs when the table fits,
else at least its longest word and a share of the rest by how much text it holds; when even the
longest words do not fit, the table's text is set smaller (down to :data:`MIN_SIZE`). Cells are
the body's paragraphs (shaped where their script needs it), header cells bold; spans and column
alignment as the model has them; a right-to-left table runs its columns from the right. The
caption stands above the table, kept with it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table as RLTable

from ...model import Table, plain_text
from ...textutil import language_direction
from ..tablegrid import Placed, column_align, place
from .shapedpara import ShapedParagraph

if TYPE_CHECKING:
    from .layout import Builder

#: Table text relative to the body, and the smallest it may shrink to.
SIZE_RATIO = 0.9
MIN_SIZE = 6.0
PAD = 4.0
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_WORD = re.compile(r"\S+")
LINE = "#777777"
HAIRLINE = "#CCCCCC"
HEAD_BACKGROUND = "#EEEEEE"


def _widths(rows: list[list[Placed]], ncols: int, face: str, bold: str, nhead: int,
            size: float) -> tuple[list[float], list[float]]:
    """Each column's natural width (its longest cell) and least width (its longest word)."""
    natural = [0.0] * ncols
    least = [0.0] * ncols
    for r, row in enumerate(rows):
        font = bold if r < nhead else face
        for p in row:
            if p.colspan != 1:
                continue
            text = plain_text(p.cell.children)
            natural[p.col] = max(natural[p.col], stringWidth(text, font, size))
            longest = max((stringWidth(w, font, size) for w in _WORD.findall(text)), default=0.0)
            least[p.col] = max(least[p.col], longest)
    return natural, least


def fit_columns(natural: list[float], least: list[float], avail: float) -> list[float] | None:
    """Column widths (padding included) filling ``avail``; None when the words cannot fit."""
    pad = 2 * PAD
    nat = [w + pad for w in natural]
    low = [max(w + pad, pad + 4) for w in least]
    total = sum(nat)
    if total <= avail:
        extra = avail - total
        share = [w / total for w in nat] if total else [1 / len(nat)] * len(nat)
        return [w + extra * s for w, s in zip(nat, share, strict=True)]
    floor = sum(low)
    if floor > avail + 0.01:
        return None
    room = avail - floor
    wants = [max(0.0, n - lo) for n, lo in zip(nat, low, strict=True)]
    need = sum(wants) or 1.0
    return [lo + room * w / need for lo, w in zip(low, wants, strict=True)]


def table(b: Builder, node: Table) -> list[Any]:
    """The caption, then the table (nothing at all for a table with neither rows nor caption)."""
    rows, ncols = place((*node.head, *node.body))
    out: list[Any] = []
    if node.caption:
        cap = b.para("credit", node.caption, style=b.st.variant("credit", "first"),
                     first_flush=True)
        cap.keepWithNext = 1
        out.append(cap)
    if not rows or ncols == 0:
        return out
    nhead = len(node.head)
    body = b.st.element("body")
    fs = b.st.fontset("body")
    avail = b.st.column_width
    size = body.size * SIZE_RATIO
    widths = None
    while widths is None:
        natural, least = _widths(rows, ncols, fs.regular, fs.bold, nhead, size)
        widths = fit_columns(natural, least, avail)
        if widths is None:
            if size <= MIN_SIZE:
                floor = [max(w + 2 * PAD, 2 * PAD + 4) for w in least]
                widths = [w * avail / sum(floor) for w in floor]  # words overflow their cells
            else:
                size = max(MIN_SIZE, size * 0.9)
    rtl = language_direction(node.lang or b.language) == "rtl"
    data: list[list[Any]] = [[""] * ncols for _ in rows]
    commands: list[tuple[Any, ...]] = []
    for r, row in enumerate(rows):
        for p in row:
            col = ncols - p.col - p.colspan if rtl else p.col
            align = column_align(node.aligns, p.col) or ("right" if rtl else "left")
            data[r][col] = _cell(b, p, r < nhead, align, size)
            if p.colspan > 1 or p.rowspan > 1:
                commands.append(("SPAN", (col, r), (col + p.colspan - 1,
                                                    min(len(rows) - 1, r + p.rowspan - 1))))
    if rtl:
        widths = widths[::-1]
    t = RLTable(data, colWidths=widths, repeatRows=nhead, splitByRow=1,
                hAlign="RIGHT" if rtl else "LEFT")
    commands += [("FONTNAME", (0, 0), (-1, -1), fs.regular),  # empty spanned cells: not Helvetica
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                 ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                 ("LINEABOVE", (0, 0), (-1, 0), 0.8, HexColor(LINE)),
                 ("LINEBELOW", (0, -1), (-1, -1), 0.8, HexColor(LINE))]
    if nhead:
        commands += [("BACKGROUND", (0, 0), (-1, nhead - 1), HexColor(HEAD_BACKGROUND)),
                     ("LINEBELOW", (0, nhead - 1), (-1, nhead - 1), 0.6, HexColor(LINE))]
    if len(rows) - nhead > 1:
        commands.append(("LINEBELOW", (0, nhead), (-1, -2), 0.25, HexColor(HAIRLINE)))
    t.setStyle(commands)
    t.spaceBefore, t.spaceAfter = 4, 8
    out.append(t)
    return out


def _cell(b: Builder, p: Placed, head: bool, align: str, size: float) -> Any:
    """One cell's paragraph: the body's, at the table's size, aligned, bold in the header."""
    style = b.derive(("cell", align, round(size, 2)), b.st.para["body:first"], fontSize=size,
                     leading=size * 1.25, spaceBefore=0, spaceAfter=0, leftIndent=0,
                     firstLineIndent=0, alignment=_ALIGN[align], hyphenationLang="",
                     keepWithNext=0)
    look = {"size": size, "leading": size * 1.25, "left_indent": 0.0, "first_line_indent": 0.0,
            "space_before": 0.0, "space_after": 0.0, "keep_with_next": False}
    para = b.para("body", p.cell.children, style=style, bold=head, look=look, first_flush=True)
    if isinstance(para, ShapedParagraph):  # its "left" is where its lines start
        flipped = {"left": "right", "right": "left"}.get(align, align) if para.rtl else align
        para.look = replace(para.look, align=flipped)
    para.keepWithNext = 0
    return para
