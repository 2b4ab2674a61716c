"""Cut a very long paragraph into pieces of whole lines before layout, invisibly, so PDF time is linear.

reportlab breaks a paragraph's lines afresh every time it splits it at the foot of a column, and
its line breaker takes the words from the front of a list, which costs in proportion to the words
left: a 1.5 MB single-paragraph article took minutes. A paragraph longer than
:data:`LONG_CHARS` characters is therefore cut, before the document is built, into paragraphs of
about :data:`PIECE_LINES` lines each, cut only where the column breaks a line at a space anyway:

- each piece is laid out from a bounded stretch of the text (a *probe*), so the whole paragraph
  is never broken at once;
- a cut is accepted only where the probe's lines end at a space of the text (never inside a
  hyphenated word or at a forced line break), and only when the piece, laid out on its own,
  gives exactly the probe's lines;
- pieces after the first have no first-line indent and no space before, pieces before the last
  no space after; widows and orphans are kept from the paragraph's own ends only; a piece before
  the last justifies its last line, as reportlab's own split does (``_JustifyLast``).

So the page shows the same lines at the same places as one paragraph would (a test compares the
position of every word). The internals used, ``Paragraph.blPara`` (its ``kind`` and ``lines``),
``ParaFrag.clone`` and ``_JustifyLast``, are reportlab 5's and are checked by
``tests/test_long_input.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

__all__ = ["LONG_CHARS", "PIECE_LINES", "cut_long_paragraphs"]

#: Paragraphs with more characters than this are cut into pieces (about 15 lines of a column).
LONG_CHARS = 4000
#: Lines in each piece (about a column; any bound keeps the work per piece bounded).
PIECE_LINES = 40
#: Characters of text laid out to find the next cut, at first (doubled while too short).
_PROBE_CHARS = 6000
_WORD = re.compile(r"\S+")


class _Piece(Paragraph):
    """A piece before the last: its last line is justified like any line inside a paragraph.

    A class attribute, so the part reportlab splits off at a column foot keeps it too.
    """

    _JustifyLast = True


def cut_long_paragraphs(flowables: list[Any], width: float,
                        shaped: list[Any] | None = None) -> list[Any]:
    """The flowables with every long paragraph cut into pieces for a column ``width``.

    Reportlab paragraphs here, shaped ones by :mod:`.longshaped`; ``shaped`` (the builder's
    list of shaped paragraphs, whose missing characters the writer reports) gets the pieces
    in place of the paragraph they come from.
    """
    from .longshaped import cut_shaped
    from .shapedpara import ShapedParagraph

    out: list[Any] = []
    replaced: list[tuple[Any, list[Any]]] = []  # (paragraph, its pieces): few, compared by identity
    for f in flowables:
        if type(f) is Paragraph and _length(f) > LONG_CHARS:
            out.extend(cut(f, width))
        elif isinstance(f, ShapedParagraph) and sum(len(s.text) for s in f.spans) > LONG_CHARS:
            pieces = cut_shaped(f, width, PIECE_LINES)
            out.extend(pieces)
            replaced.append((f, pieces))
        else:
            out.append(f)
    if shaped is not None and replaced:
        shaped[:] = [q for p in shaped for q in _pieces_of(p, replaced)]
    return out


def _pieces_of(p: Any, replaced: list[tuple[Any, list[Any]]]) -> list[Any]:
    for original, pieces in replaced:
        if original is p:
            return pieces
    return [p]


def _length(p: Paragraph) -> int:
    return sum(len(getattr(f, "text", "")) for f in p.frags)


def cut(p: Paragraph, width: float, piece_lines: int | None = None) -> list[Paragraph]:
    """One paragraph as pieces of about ``piece_lines`` lines (the paragraph itself without a cut)."""
    piece_lines = piece_lines or PIECE_LINES
    style = p.style
    first = _derive(style, "first", allowWidows=1, spaceAfter=0, keepWithNext=0)
    middle = _derive(style, "middle", firstLineIndent=0, spaceBefore=0, spaceAfter=0,
                     allowOrphans=1, allowWidows=1, keepWithNext=0)
    last = _derive(style, "last", firstLineIndent=0, spaceBefore=0, allowOrphans=1)
    pieces: list[Paragraph] = []
    rest = _Cursor(list(p.frags))
    bullet = p.bulletText
    probe = _PROBE_CHARS
    while True:
        head = first if not pieces else middle
        found = _next_cut(rest, head, bullet, width, piece_lines, probe)
        if found is None:
            break
        piece_frags, used = found
        pieces.append(_Piece("", head, bulletText=bullet, frags=piece_frags))
        rest.advance(used)
        probe = used + used // 4 + 200  # the next piece is about as long as this one
        bullet = None
    if not pieces:
        return [p]
    tail = Paragraph("", last, frags=rest.window(None))
    if "keepWithNext" in vars(p):  # else its style says, as the paragraph's did
        tail.keepWithNext = p.keepWithNext
    if "spaceAfter" in vars(p):  # the end of a list or a quote
        tail.spaceAfter = p.spaceAfter
    if "spaceBefore" in vars(p):
        pieces[0].spaceBefore = p.spaceBefore
    pieces.append(tail)
    outline = getattr(p, "_nc_outline", None)
    if outline is not None:
        pieces[0]._nc_outline = outline
    return pieces


def _derive(style: ParagraphStyle, role: str, **changes: Any) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}:{role}", parent=style, **changes)


class _Cursor:
    """The fragments of a paragraph from a point on, read in windows of bounded length.

    Only a window is ever copied, so cutting a paragraph of one 10 MB fragment costs in
    proportion to its length, not to its length times its pieces.
    """

    def __init__(self, frags: list[Any]) -> None:
        self.frags = frags
        self.i = 0  # the fragment the rest starts in
        self.off = 0  # and the character in it

    def window(self, chars: int | None) -> list[Any]:
        """Fragments of the next ``chars`` characters of text (None: all of the rest)."""
        out: list[Any] = []
        i, off = self.i, self.off
        left = chars
        while i < len(self.frags):
            f = self.frags[i]
            t = getattr(f, "text", "")
            if t and left is not None and left <= 0:
                break
            part = t[off:] if left is None else t[off:off + left]
            out.append(f if len(part) == len(t) else f.clone(text=part))
            if left is not None:
                left -= len(part)
            i, off = i + 1, 0
        return out

    def advance(self, chars: int) -> None:
        """Move past ``chars`` characters of text and the spaces after them."""
        while chars > 0 and self.i < len(self.frags):
            room = len(getattr(self.frags[self.i], "text", "")) - self.off
            if chars < room:
                self.off += chars
                break
            chars -= room
            self.i, self.off = self.i + 1, 0
        while self.i < len(self.frags):  # the spaces at a cut end the line before it
            t = getattr(self.frags[self.i], "text", "")
            while self.off < len(t) and t[self.off] == " ":
                self.off += 1
            if not t or self.off < len(t):
                break
            self.i, self.off = self.i + 1, 0


def _next_cut(rest: _Cursor, style: ParagraphStyle, bullet: Any, width: float, lines: int,
              chars: int) -> tuple[list[Any], int] | None:
    """The next piece's fragments and its length in characters, or None: no (clean) cut left."""
    while True:
        probe_frags = rest.window(chars)
        text = "".join(getattr(f, "text", "") for f in probe_frags)
        probe = Paragraph("", style, bulletText=bullet, frags=probe_frags)
        probe.wrap(width, 1e9)
        probe_lines = probe.blPara.lines
        if len(probe_lines) > lines + 1:
            break
        if len(text) < chars:
            return None  # the rest fits in one piece
        chars *= 2
    kind = probe.blPara.kind
    ends = _line_ends(text, [_line_text(ln, kind) for ln in probe_lines[:lines]])
    # Try the wanted number of lines first, then fewer: a line may end inside a word.
    for k in range(len(ends), 1, -1):
        pos = ends[k - 1]
        if pos is None or getattr(probe_lines[k - 1], "lineBreak", False):
            continue
        piece = rest.window(pos)
        if piece and not getattr(piece[-1], "text", ""):
            continue  # a forced break or an anchor would end the piece
        check = Paragraph("", style, bulletText=bullet, frags=piece)
        check.wrap(width, 1e9)
        got = check.blPara.lines
        if len(got) == k and all(_line_text(a, check.blPara.kind) == _line_text(b, kind)
                                 for a, b in zip(got, probe_lines[:k], strict=True)):
            return piece, pos
    return None


def _line_text(line: Any, kind: int) -> str:
    """The text of one laid-out line (kind 0: words; kind 1: fragments), without spaces."""
    if kind == 0:
        return "".join(line[1])
    return "".join(getattr(f, "text", "") for f in line.words).replace(" ", "")


def _line_ends(text: str, shown: list[str]) -> list[int | None]:
    """Where in ``text`` each line ends when it ends at a space; None where it ends in a word.

    ``shown``: the characters each line shows, without spaces. A line that breaks a word shows
    a hyphen the text does not have; the next line goes on from the rest of that word. The
    list stops at a line that shows anything else (text reportlab changed).
    """
    words = [m.span() for m in _WORD.finditer(text)]
    packed = "".join(text[a:b] for a, b in words)  # the text without its blanks
    done = [0]  # characters of ``packed`` before each word
    for a, b in words:
        done.append(done[-1] + b - a)
    ends: list[int | None] = []
    at = 0
    for line in shown:
        if packed.startswith(line, at):
            at += len(line)
        elif line.endswith("-") and packed.startswith(line[:-1], at):
            at += len(line) - 1  # an added hyphen: the word goes on on the next line
        else:
            break
        j = bisect_left(done, at) - 1  # the word the line ends in
        if j >= 0 and done[j + 1] == at:  # at the end of that word
            end = words[j][1]
            ends.append(end if end < len(text) and text[end] == " " else None)
        else:
            ends.append(None)
    return ends
