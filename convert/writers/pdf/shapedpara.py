"""A paragraph of shaped text (Arabic, Urdu, Hebrew, Indic, Thai, CJK) as a platypus flowable.

Text is itemized and shaped once (:mod:`.shaping`), broken into lines in logical order
(:mod:`.linebreak`), and each line is reordered for display (UAX #9 rule L2) and drawn by glyph
id through the document's :class:`.glyphfont.GlyphBook`, with the positions HarfBuzz gave.
Right-to-left paragraphs are set from the right: "left" in a style means the start of the line.

Copy and paste: every word is wrapped in a marked-content span whose ``/ActualText`` is the
word. poppler reads the characters of one span left to right and then reverses right-to-left
text, so a right-to-left word's ActualText is stored in display order (measured with pdftotext:
stored in logical order, every Urdu word came out reversed). Words are drawn in logical order,
so extraction in content order (``pdftotext -raw``) reads them in the order they are read.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace
from reportlab.lib.colors import HexColor
from reportlab.platypus.flowables import Flowable

from .glyphfont import Glyph, GlyphBook, GlyphFace
from .linebreak import Line, advances, break_lines, opportunities
from .shaping import FacePicker, Run, Span, itemize, reshape, resolve_scripts, visual_order


class Look(Struct, frozen=True):
    """How a shaped paragraph is set (from the element's style)."""

    size: float
    leading: float
    align: str
    left_indent: float = 0.0
    first_line_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False


class Layout(Struct):
    """A paragraph shaped and broken for one width."""

    text: str
    runs: list[Run]
    lines: list[Line]
    leading: float
    #: Distance from a line's top to its baseline.
    ascent: float
    missing: set[str] = field(default_factory=set)
    #: Where each run starts (runs are in logical order and do not overlap).
    run_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.run_starts = [run.start for run in self.runs]


class Piece(Struct, frozen=True):
    """A line's share of one run: characters, level, glyphs (visual order) and width in points."""

    run: Run
    start: int
    end: int
    glyphs: tuple[Glyph, ...]
    width: float


def extents(runs: list[Run], size: float, limit: int | None = None) -> tuple[float, float]:
    """How far the glyphs reach above and below the baseline (of characters before ``limit``)."""
    asc, desc = size * 0.8, size * 0.25
    for run in runs:
        if limit is not None and run.start >= limit:
            break
        k = run.face.scale(size)
        for gid, cluster, _, _, y_off in run.glyphs:
            if limit is not None and cluster >= limit:
                continue
            lo, hi = run.face.extent(gid)
            asc = max(asc, (hi + y_off) * k)
            desc = max(desc, -(lo + y_off) * k)
    return asc, desc


def layout(spans: list[Span], *, look: Look, width: float, rtl: bool, language: str,
           pick: FacePicker, fallback: GlyphFace, break_anywhere: frozenset[str],
           reach: tuple[float, float] | None = None) -> Layout:
    """Shape and break a paragraph for a column width.

    ``reach``: the glyph extents to space the lines by (a piece of a longer paragraph is
    spaced as the whole is), else this text's own.
    """
    missing: set[str] = set()
    text, runs = itemize(spans, rtl_base=rtl, language=language, pick=pick, fallback=fallback,
                         missing=missing)
    adv, starts = advances(text, runs)
    widths = [a * look.size for a in adv]
    opps = opportunities(text, resolve_scripts(text), starts, break_anywhere)
    avail = width - look.left_indent
    lines = break_lines(text, widths, starts, opps, avail - look.first_line_indent, avail)
    asc, desc = reach or extents(runs, look.size)
    leading = max(look.leading, (asc + desc) * 1.08)
    return Layout(text, runs, lines, leading, asc + (leading - asc - desc) / 2, missing)


def pieces(lay: Layout, line: Line, language: str, size: float) -> list[Piece]:
    """The runs of one line, cut to it (and reshaped where cut), in logical order.

    Only the runs the line overlaps are visited (found by bisection on their starts), so a
    paragraph of many runs costs the same per line wherever the line is.
    """
    out = []
    runs = lay.runs
    for i in range(max(0, bisect_right(lay.run_starts, line.start) - 1), len(runs)):
        run = runs[i]
        if run.start >= line.end:
            break
        a, b = max(run.start, line.start), min(run.end, line.end)
        if a >= b:
            continue
        glyphs = reshape(lay.text, run, a, b, language)
        width = sum(g[2] for g in glyphs) * run.face.scale(size)
        out.append(Piece(run, a, b, glyphs, width))
    return out


class ShapedParagraph(Flowable):
    """Lines of shaped text; splits between lines (keeping two at each end where it can).

    ``allowWidows``/``allowOrphans`` (as on a reportlab Paragraph) let one line stand alone
    at a column's head or foot: balanced columns ask it of one paragraph (:mod:`.balance`).
    """

    allowWidows = 0
    allowOrphans = 0
    #: A piece of a longer paragraph that goes on after it (:mod:`.longshaped`): its last line
    #: is justified like any line inside a paragraph.
    continues = False
    #: The glyph extents its lines are spaced by, when not its own (a piece: the paragraph's).
    reach: tuple[float, float] | None = None

    def __init__(self, spans: list[Span], look: Look, *, rtl: bool, language: str,
                 pick: FacePicker, fallback: GlyphFace, book: GlyphBook,
                 break_anywhere: frozenset[str], bullet: list[Span] | None = None) -> None:
        super().__init__()
        self.spans, self.look, self.rtl, self.language = spans, look, rtl, language
        self.pick, self.fallback, self.book = pick, fallback, book
        self.break_anywhere = break_anywhere
        self.bullet = bullet
        self.keepWithNext = int(look.keep_with_next)
        self._layout: Layout | None = None
        self._width = -1.0
        #: Characters no installed font has (kept when the layout is let go after drawing).
        self._missing: set[str] = set()
        self._lines: tuple[int, int] | None = None  # a slice of the layout's lines after split

    # ----------------------------------------------------------------- platypus protocol

    def layout_for(self, width: float) -> Layout:
        """The layout at a width (made once per width)."""
        if self._layout is None or abs(self._width - width) > 1e-6:
            self._layout = layout(self.spans, look=self.look, width=width, rtl=self.rtl,
                                  language=self.language, pick=self.pick,
                                  fallback=self.fallback, break_anywhere=self.break_anywhere,
                                  reach=self.reach)
            self._width = width
            self._missing = self._layout.missing
        return self._layout

    @property
    def missing(self) -> set[str]:
        """Characters of this paragraph no installed font has (known once laid out)."""
        return self._missing

    def _range(self, lay: Layout) -> tuple[int, int]:
        return self._lines if self._lines is not None else (0, len(lay.lines))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lay = self.layout_for(availWidth)
        a, b = self._range(lay)
        self.width, self.height = availWidth, (b - a) * lay.leading
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.look.space_before

    def getSpaceAfter(self) -> float:
        return self.look.space_after

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        lay = self.layout_for(availWidth)
        a, b = self._range(lay)
        fit = int((availHeight + 1e-6) // lay.leading)
        if fit >= b - a:
            return [self]
        if b - a >= 4 and not self.allowWidows:
            fit = min(fit, b - a - 2)  # no widow
        if fit < 2 and b - a > 1 and not self.allowOrphans:
            return []  # no orphan: the whole paragraph moves on
        if fit < 1:
            return []
        first = self._copy((a, a + fit), first=True)
        rest = self._copy((a + fit, b), first=False)
        self._layout = None  # the parts hold it; the writer may still hold this paragraph
        return [first, rest]

    def _copy(self, lines: tuple[int, int], first: bool) -> ShapedParagraph:
        new = ShapedParagraph(self.spans, self.look if first else replace(
            self.look, space_before=0.0), rtl=self.rtl, language=self.language,
            pick=self.pick, fallback=self.fallback, book=self.book,
            break_anywhere=self.break_anywhere, bullet=self.bullet if first else None)
        if not first:
            new.keepWithNext = self.keepWithNext
        else:
            new.keepWithNext = 0
            new.look = replace(self.look, space_after=0.0)
        new._layout, new._width, new._lines = self._layout, self._width, lines
        new._missing = self._missing
        for name in ("continues", "allowWidows", "allowOrphans", "reach"):
            if name in vars(self):
                setattr(new, name, getattr(self, name))
        return new

    def draw(self) -> None:
        lay = self.layout_for(self.width)
        a, b = self._range(lay)
        y = self.height
        for n in range(a, b):
            baseline = y - lay.ascent
            first = n == 0
            draw_line(self.canv, self.book, lay, lay.lines[n], self.spans, self.look,
                      self.width, baseline, rtl=self.rtl, language=self.language, first=first,
                      last=n == len(lay.lines) - 1 and not self.continues)
            if first and self.bullet:
                self._draw_bullet(baseline)
            y -= lay.leading
        self._layout = None  # drawn: a long article need not keep every paragraph's glyphs

    def _draw_bullet(self, baseline: float) -> None:
        assert self.bullet is not None
        bullet = layout(self.bullet, look=replace(self.look, left_indent=0, first_line_indent=0),
                        width=1e6, rtl=self.rtl, language=self.language, pick=self.pick,
                        fallback=self.fallback, break_anywhere=self.break_anywhere)
        if not bullet.lines:
            return
        parts = pieces(bullet, bullet.lines[0], self.language, self.look.size)
        w = sum(p.width for p in parts)
        indent = max(0.0, self.look.left_indent - self.look.size * 1.2)
        x = self.width - indent - w if self.rtl else indent
        _draw_pieces(self.canv, self.book, bullet.text, parts, self.bullet, self.look.size,
                     x, baseline, 0.0)


def draw_line(canv: Any, book: GlyphBook, lay: Layout, line: Line, spans: list[Span],
              look: Look, width: float, baseline: float, *, rtl: bool, language: str,
              first: bool = False, last: bool = True) -> None:
    """Draw one line of a layout between 0 and ``width``, aligned as the look says."""
    parts = pieces(lay, line, language, look.size)
    total = sum(p.width for p in parts)
    indent = look.left_indent + (look.first_line_indent if first else 0.0)
    avail = width - indent
    spaces = sum(1 for i in range(line.start, line.end) if lay.text[i] == " ")
    extra = 0.0
    align = look.align
    if align == "justify" and not last and spaces and lay.text[line.next - 1] != "\n":
        extra = max(0.0, (avail - total) / spaces)
        total = avail
    # "left" is the start of the line: the right edge in a right-to-left paragraph.
    start_side = {"left": "start", "justify": "start", "right": "end"}.get(align, "center")
    if start_side == "center":
        x = indent + (avail - total) / 2 if not rtl else (avail - total) / 2
    elif (start_side == "start") != rtl:
        x = indent if not rtl else 0.0
    else:
        x = (width - total) if not rtl else (width - indent - total)
    _draw_pieces(canv, book, lay.text, parts, spans, look.size, x, baseline, extra)


def _draw_pieces(canv: Any, book: GlyphBook, text: str, parts: list[Piece], spans: list[Span],
                 size: float, x: float, baseline: float, extra: float) -> None:
    """Place the pieces in display order from ``x``; draw their words in logical order."""
    order = visual_order([p.run.level for p in parts])
    placed: dict[int, float] = {}
    pen = x
    for i in order:
        p = parts[i]
        placed[i] = pen
        pen += p.width + extra * sum(1 for g in p.glyphs if text[g[1]] == " ")
    ops: list[str] = []
    for i, p in enumerate(parts):
        span = spans[p.run.span]
        x0 = placed[i]
        x1 = _draw_piece(ops, canv, book, text, p, span, size, x0, baseline, extra)
        if span.href:
            canv.linkURL(span.href, (x0, baseline - size * 0.25, x1, baseline + size * 0.8),
                         relative=1)
        if span.underline or span.strike:
            canv.setStrokeColor(HexColor(span.colour))
            canv.setLineWidth(size * 0.05)
            y = baseline - size * 0.12 if span.underline else baseline + size * 0.28
            canv.line(x0, y, x1, y)
    if ops:
        canv.addLiteral("\n".join(ops))


def _draw_piece(ops: list[str], canv: Any, book: GlyphBook, text: str, p: Piece, span: Span,
                size: float, x: float, baseline: float, extra: float) -> float:
    """Operators for one piece; returns where its right edge ends."""
    face = p.run.face
    k = face.scale(size)
    name = book.resource(canv._doc, face)
    # Glyph positions in display order, grouped by the word their cluster belongs to.
    words: dict[int, list[tuple[int, float, float]]] = {}
    first_glyph: dict[int, int] = {}
    word_of = _word_index(text, p.start, p.end)
    pen = x
    texts = []
    clusters = sorted({g[1] for g in p.glyphs})
    ends = dict(zip(clusters, [*clusters[1:], p.end], strict=True))
    for gid, cluster, x_adv, x_off, y_off in p.glyphs:
        w = word_of[cluster - p.start]
        if w >= 0:
            words.setdefault(w, []).append((gid, pen + x_off * k, baseline + y_off * k))
        pen += x_adv * k + (extra if text[cluster] == " " else 0.0)
        texts.append("" if cluster in first_glyph else text[cluster:ends[cluster]])
        first_glyph.setdefault(cluster, gid)
    book.record(face, list(p.glyphs), texts)
    colour = HexColor(span.colour)
    ops.append(f"{colour.red:.3f} {colour.green:.3f} {colour.blue:.3f} rg")
    bounds = _word_bounds(text, p.start, p.end)
    for w in sorted(words):
        ws, we = bounds[w]
        actual = text[ws:we][::-1] if p.run.rtl else text[ws:we]
        ops.append(f"/Span <</ActualText <FEFF{actual.encode('utf-16-be').hex().upper()}>>> BDC")
        ops.append(f"BT {name} {_num(size)} Tf")
        ops.append(_glyph_ops(face, words[w], size))
        ops.append("ET EMC")
    return pen


def _glyph_ops(face: GlyphFace, glyphs: list[tuple[int, float, float]], size: float) -> str:
    """Positioned glyphs: a Tm where the baseline changes, TJ adjustments for the rest."""
    out: list[str] = []
    tj: list[str] = []
    cur_x = cur_y = None
    k = face.scale(size)
    for gid, gx, gy in glyphs:
        if cur_y is None or abs(gy - cur_y) > 1e-6 or cur_x is None:
            if tj:
                out.append(f"[{' '.join(tj)}] TJ")
                tj = []
            out.append(f"1 0 0 1 {_num(gx)} {_num(gy)} Tm")
        else:
            adjust = (cur_x - gx) * 1000 / size
            if abs(adjust) > 0.01:
                tj.append(_num(adjust))
        tj.append(f"<{gid:04X}>")
        cur_x, cur_y = gx + face.tables.advance(gid) * k, gy
    if tj:
        out.append(f"[{' '.join(tj)}] TJ")
    return " ".join(out)


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def _word_index(text: str, start: int, end: int) -> list[int]:
    """For each character of ``start:end``: its word's number, or -1 for a space."""
    out = []
    n = -1
    prev_space = True
    for i in range(start, end):
        if text[i].isspace():
            out.append(-1)
            prev_space = True
        else:
            if prev_space:
                n += 1
            out.append(n)
            prev_space = False
    return out


def _word_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds = []
    i = start
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < end and not text[j].isspace():
            j += 1
        bounds.append((i, j))
        i = j
    return bounds
