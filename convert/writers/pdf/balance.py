"""Balanced columns on a multi-column PDF's last page: the columns end within a line of each other.

A short story in two columns used to fill the left column and leave the right one empty. When a
page's first column begins, :func:`balanced_frames` measures what is left of the story; when it
all fits on this page, the page's columns but the last are shortened to an equal share (rounded
up to a whole body line), so the text fills them in turn and the last column takes the rest. The
last column keeps its full height: a share measured too small can make it a line or two longer,
never push text onto a page of its own.

What is left is measured by wrapping the story's flowables at the column width, stopping as soon
as they exceed the page, so a long article pays for about one page of measuring per page, and
nothing at all while more flowables are left than the page has lines.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.platypus import Frame, KeepTogether, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable

from .shapedpara import ShapedParagraph

__all__ = ["balanced_frames", "story_height"]

#: Column ends tried at most (the nearest to an even split), each costing a page's layout.
_TRIES = 12
#: Flowables that may leave a single line at a column's foot or head when asked to.
_RELAXABLE = (Paragraph, ShapedParagraph)


def story_height(story: list[Any], width: float, capacity: float, line: float,
                 canv: Any) -> float | None:
    """Height of the rest of the story in one column of ``width``; None when it exceeds ``capacity``.

    None too when the story breaks a frame or a page itself: its end cannot be balanced.
    """
    if capacity < math.inf and len(story) > 4 * capacity / line:  # a line each at least
        return None
    total = 0.0
    for i, f in enumerate(story):
        if isinstance(f, ActionFlowable):
            if type(f).__name__ in ("FrameBreak", "PageBreak", "SlowPageBreak", "CondPageBreak",
                                    "FrameActionFlowable"):
                return None
            continue
        h = _height(f, canv, width, 1e9)
        total += h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0.0)
        if total > capacity:
            return None
    return total


def balanced_frames(frames: list[Any], first: int, story: list[Any], line: float,
                    canv: Any) -> list[Any] | None:
    """The page's frames with its columns (``frames[first:]``) balanced, or None to leave them.

    ``line``: the body's leading. Every share that ends a column at the end of a line near an
    equal split is tried out on the story, as the columns would take it (paragraphs split
    between lines, widows and orphans kept), and the one whose columns end closest together is
    used, the first column the longer between equals. Only when no share brings the columns
    within a line of each other may the paragraph at the first column's foot leave a single
    line there or at the next column's head (reportlab's ``allowOrphans``/``allowWidows`` on
    that paragraph alone).
    """
    columns = frames[first:]
    if len(columns) < 2:
        return None
    top = columns[0]
    width, height = top._aW, top._aH
    total = story_height(story, width, height * len(columns), line, canv)
    if total is None:
        return None
    even = total / len(columns)
    best: tuple[tuple[bool, bool, float], float, Any] | None = None
    ends = _line_ends(story, width, even - 8 * line, even + 8 * line, canv)
    for end in sorted(sorted(ends, key=lambda e: abs(e - even))[:_TRIES]):
        share = end + 0.01
        if share >= height:
            break
        for relax in (False, True):
            filled, foot = _columns(story, width, share, len(columns), canv, relax)
            if filled[-1] > height:  # the last column would overflow onto a new page
                continue
            spread = max(filled) - min(filled) + (0.5 if filled[0] < filled[-1] else 0.0)
            score = (spread > line * 1.25, relax, spread)
            if best is None or score < best[0]:
                best = (score, share, foot if relax else None)
            if not isinstance(foot, _RELAXABLE):
                break  # nothing to relax
    if best is None:
        return None
    _, share, foot = best
    if foot is not None:
        foot.allowOrphans = foot.allowWidows = 1
    shorter = [Frame(c._x1, c._y1 + c._height - share, c._width, share, id=f"{c.id}-balanced",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
               for c in columns[:-1]]
    return [*frames[:first], *shorter, columns[-1]]


def _line_ends(story: list[Any], width: float, low: float, high: float, canv: Any) -> list[float]:
    """Where lines of the story end, from its top, between ``low`` and ``high`` points down.

    A column can end only there, so these are the shares worth trying.
    """
    ends: list[float] = []
    top = 0.0
    for i, f in enumerate(story):
        if isinstance(f, ActionFlowable):
            continue
        top += f.getSpaceBefore() if i else 0.0
        h = _height(f, canv, width, 1e9)
        lead = getattr(getattr(f, "style", None), "leading", None) or \
            getattr(getattr(f, "_layout", None), "leading", None) or h
        steps = max(1, round(h / lead))
        ends += [top + h * k / steps for k in range(1, steps + 1) if low <= top + h * k / steps]
        top += h + f.getSpaceAfter()
        if top > high:
            break
    return [e for e in ends if e <= high] or [max(low, 0.0) + 1.0]


def _columns(story: list[Any], width: float, share: float, count: int, canv: Any,
             relax: bool = False) -> tuple[list[float], Any]:
    """How high each column fills when all but the last hold ``share`` points of the story.

    Also the flowable at the first column's foot (``relax``: it may leave a single line).
    """
    rest = list(story)
    filled = []
    foot = None
    for n in range(count - 1):
        used, rest, at_foot = _fill(rest, width, share, canv, relax and n == 0)
        foot = foot if n else at_foot
        filled.append(used)
    filled.append(story_height(rest, width, math.inf, 1.0, canv) or 0.0)
    return filled, foot


def _fill(items: list[Any], width: float, room: float, canv: Any,
          relax: bool = False) -> tuple[float, list[Any], Any]:
    """``items`` filling a column of ``room`` points, as a frame takes them.

    Returns the height used, what is left and the flowable split or moved at the foot.
    """
    used = 0.0
    for i, f in enumerate(items):
        if isinstance(f, ActionFlowable):
            continue
        before = f.getSpaceBefore() if used else 0.0
        h = _height(f, canv, width, room - used - before)
        if used + before + h <= room + 1e-6:
            used += before + h + f.getSpaceAfter()
            continue
        parts = [] if _kept(f) else _split(f, width, room - used - before, canv, relax)
        if len(parts) > 1:
            _, h = parts[0].wrapOn(canv, width, room - used - before)
            return used + before + h, [*parts[1:], *items[i + 1:]], f
        return used, items[i:], f
    return used, [], None


#: What a KeepTogether's ``wrap`` answers to make the frame split it (reportlab 5).
_FORCE_SPLIT = 0xFFFFFF


def _height(f: Any, canv: Any, width: float, room: float) -> float:
    """A flowable's height in a column; a KeepTogether's is that of its content (``_H``)."""
    _, h = f.wrapOn(canv, width, room)
    return float(getattr(f, "_H", h)) if h >= _FORCE_SPLIT else h


def _kept(f: Any) -> bool:
    """A block kept together (a picture and its caption): moved whole, never split here."""
    return isinstance(f, KeepTogether)


def _split(f: Any, width: float, room: float, canv: Any, relax: bool) -> list[Any]:
    if room <= 0:
        return []
    if not relax or not isinstance(f, _RELAXABLE):
        return f.splitOn(canv, width, room)
    saved = {k: f.__dict__[k] for k in ("allowOrphans", "allowWidows") if k in f.__dict__}
    f.allowOrphans = f.allowWidows = 1
    try:
        return f.splitOn(canv, width, room)
    finally:
        for k in ("allowOrphans", "allowWidows"):
            f.__dict__.pop(k, None)
        f.__dict__.update(saved)
