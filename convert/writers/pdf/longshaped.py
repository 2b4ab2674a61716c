"""Cut a very long shaped paragraph (Urdu, Arabic, Hindi, CJK ...) into pieces of whole lines.

A shaped paragraph keeps, while it is laid out, a few hundred bytes per character: its glyphs,
advances, bidi levels and line breaks. A 1 MB Urdu paragraph took 290 MB at once. Like
:mod:`.longpara` for reportlab's paragraphs, a shaped paragraph longer than
:data:`.longpara.LONG_CHARS` is cut before the document is built, a stretch of text at a time:

- a window of the text is shaped and broken into lines as the column would break it, and the
  piece ends where its line ``PIECE_LINES + 1`` starts (two lines or more of the window are
  left after the cut, so the window's end never decides a line the piece keeps);
- lines are first-fit, so the piece laid out alone breaks as the paragraph would: pieces after
  the first have no first-line indent, pieces before the last no space after and a justified
  last line (``continues``); widows and orphans are kept at the paragraph's own ends only;
  every piece spaces its lines by how far the whole paragraph's glyphs reach (``reach``),
  gathered from the windows as they are shaped.

Only a window and the piece being drawn are ever shaped: memory stays bounded, time linear. The
bidi algorithm runs per piece; a piece starts with a letter (a strong character), so the levels
at a cut do not change.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from msgspec.structs import replace

from .shapedpara import ShapedParagraph, extents, layout
from .shaping import Span

__all__ = ["cut_shaped"]

#: Characters of text shaped to find the next cut, at first (doubled while too short).
_PROBE_CHARS = 4000
#: Bidi classes a piece may start with: strong, so its levels match the paragraph's.
_STRONG = frozenset({"L", "R", "AL"})


class _Spans:
    """The spans of a paragraph from a point on, handed out in windows of bounded length."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.i = 0
        self.off = 0

    def window(self, chars: int | None) -> list[Span]:
        """Spans of the next ``chars`` characters (None: all that is left)."""
        out: list[Span] = []
        i, off, left = self.i, self.off, chars
        while i < len(self.spans) and (left is None or left > 0):
            text = self.spans[i].text[off:] if left is None else \
                self.spans[i].text[off:off + left]
            if text:
                out.append(self.spans[i] if len(text) == len(self.spans[i].text)
                           else replace(self.spans[i], text=text))
            if left is not None:
                left -= len(text)
            i, off = i + 1, 0
        return out

    def advance(self, chars: int) -> None:
        while self.i < len(self.spans):
            room = len(self.spans[self.i].text) - self.off
            if chars < room:
                self.off += chars
                return
            chars -= room
            self.i, self.off = self.i + 1, 0


def cut_shaped(p: ShapedParagraph, width: float, piece_lines: int) -> list[ShapedParagraph]:
    """A long shaped paragraph as pieces of ``piece_lines`` lines (itself when it has no cut)."""
    rest = _Spans(list(p.spans))
    pieces: list[ShapedParagraph] = []
    chars = _PROBE_CHARS
    asc, desc = 0.0, 0.0  # how far the paragraph's glyphs reach: every piece is spaced by it
    while True:
        look = p.look if not pieces else replace(p.look, first_line_indent=0.0, space_before=0.0)
        window = rest.window(chars)
        shown = sum(len(s.text) for s in window)
        lay = layout(window, look=look, width=width, rtl=p.rtl, language=p.language,
                     pick=p.pick, fallback=p.fallback, break_anywhere=p.break_anywhere)
        if len(lay.lines) < piece_lines + 3:
            if shown < chars:
                up, down = extents(lay.runs, look.size)
                asc, desc = max(asc, up), max(desc, down)
                break  # the rest is one piece
            chars *= 2
            continue
        cut = next((line.start for line in lay.lines[piece_lines:1:-1]
                    if unicodedata.bidirectional(lay.text[line.start]) in _STRONG
                    and "\n" not in lay.text[line.start - 1:line.start]), None)
        if cut is None:
            break
        pieces.append(_piece(p, rest.window(cut), look, first=not pieces))
        up, down = extents(lay.runs, look.size, cut)  # the piece's glyphs, as shaped in place
        asc, desc = max(asc, up), max(desc, down)
        rest.advance(cut)
        chars = cut + cut // 4 + 200
    if not pieces:
        return [p]
    tail = _piece(p, rest.window(None), replace(p.look, first_line_indent=0.0, space_before=0.0),
                  first=False)
    tail.continues = False
    del tail.allowWidows  # the paragraph's own end keeps its rule
    tail.keepWithNext = p.keepWithNext
    tail.look = replace(tail.look, space_after=p.look.space_after)
    pieces.append(tail)
    for piece in pieces:
        piece.reach = (asc, desc)
    outline = getattr(p, "_nc_outline", None)
    if outline is not None:
        pieces[0]._nc_outline = outline  # type: ignore[attr-defined]
    return pieces


def _piece(p: ShapedParagraph, spans: list[Span], look: Any, *, first: bool) -> ShapedParagraph:
    piece = ShapedParagraph(spans, replace(look, space_after=0.0), rtl=p.rtl,
                            language=p.language, pick=p.pick, fallback=p.fallback, book=p.book,
                            break_anywhere=p.break_anywhere, bullet=p.bullet if first else None)
    piece.continues = True
    piece.allowWidows = 1
    if not first:
        piece.allowOrphans = 1
    piece.keepWithNext = 0
    return piece
