"""Where the lines of a shaped paragraph break: at spaces, between ideographs, never inside a cluster.

Pure functions of the paragraph's text, its shaped runs and the column width. Lines are found in
logical order (first fit); each line is a range of characters, so a right-to-left line is
reordered for display only after it has been broken (UAX #9: reordering is per line).
"""

from __future__ import annotations

from msgspec import Struct

from .shaping import Run

#: No line starts with these (closing punctuation, CJK full stops and commas, small kana marks).
NO_START = frozenset(",.;:!?)]}\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff09\u300d\u300f\u3011"
                     "\u3015\u300b\u3009\u30fc\u30fb\u060c\u06d4\u061f\u0964\u0965")
#: No line ends with these (opening brackets and quotes).
NO_END = frozenset("([{\u300c\u300e\u3010\u3014\u300a\u3008\uff08")
#: A forced line break inside a paragraph (the model's LineBreak).
HARD_BREAK = "\n"


class Line(Struct, frozen=True):
    """Characters ``start:end`` are drawn; ``end:next`` are the spaces the line swallowed."""

    start: int
    end: int
    next: int


def advances(text: str, runs: list[Run]) -> tuple[list[float], list[bool]]:
    """Width of each character at 1 pt, and whether a cluster starts there.

    A cluster's advance counts on its first character, in ems of its face.
    """
    adv = [0.0] * len(text)
    starts = [False] * len(text)
    for run in runs:
        per_unit = 1.0 / run.face.upem
        for _gid, cluster, x_adv, _, _ in run.glyphs:
            adv[cluster] += x_adv * per_unit
            starts[cluster] = True
    return adv, starts


def opportunities(text: str, scripts: list[str], starts: list[bool],
                  break_anywhere: frozenset[str]) -> list[int]:
    """Indices a line may start at (besides 0): after spaces, and between ideograph clusters."""
    out = []
    for i in range(1, len(text)):
        ch, prev = text[i], text[i - 1]
        if ch.isspace():
            continue
        if prev.isspace():
            out.append(i)
        elif starts[i] and (scripts[i] in break_anywhere or scripts[i - 1] in break_anywhere) \
                and ch not in NO_START and prev not in NO_END:
            out.append(i)
    return out


def break_lines(text: str, widths: list[float], starts: list[bool], opps: list[int],
                first_width: float, width: float) -> list[Line]:
    """First-fit lines; a stretch wider than the column breaks between clusters."""
    n = len(text)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    hard_set = {i + 1 for i, ch in enumerate(text) if ch == HARD_BREAK}
    candidates = sorted({*opps, *hard_set, n})
    lines: list[Line] = []
    s = 0
    k = 0
    while s < n:
        while s < n and text[s].isspace() and text[s] != HARD_BREAK:
            s += 1  # spaces at a line start are swallowed by the line before
        if s >= n:
            break
        avail = first_width if not lines else width
        while k < len(candidates) and candidates[k] <= s:
            k += 1
        best = -1
        for j in range(k, len(candidates)):  # no slice: a copy of the rest costs per line
            b = candidates[j]
            if prefix[_visible_end(text, s, b)] - prefix[s] > avail + 1e-6:
                break
            best = b
            if b in hard_set:
                break
        if best < 0:
            best = _emergency(s, candidates[k] if k < len(candidates) else n, starts, prefix,
                              avail)
        lines.append(Line(s, _visible_end(text, s, best), best))
        s = best
    return lines


def _visible_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _emergency(s: int, limit: int, starts: list[bool], prefix: list[float], avail: float) -> int:
    """The last cluster start before ``limit`` that fits, at least one cluster past ``s``."""
    best = -1
    for i in range(s + 1, limit):
        if starts[i]:
            if prefix[i] - prefix[s] > avail:
                break
            best = i
    if best < 0:
        best = next((i for i in range(s + 1, limit) if starts[i]), limit)
    return best
