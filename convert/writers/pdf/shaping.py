"""Logical text to shaped runs: bidi levels (python-bidi), scripts, a face per run, HarfBuzz glyphs.

A paragraph is a list of :class:`Span` (text with one look). :func:`itemize` splits its text into
runs of one bidi level, script, face and span, and shapes each run with HarfBuzz; line breaking
and drawing (:mod:`.shapedpara`) work on the result. Nothing here draws or keeps state.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Protocol

from bidi import get_display
from fontTools import unicodedata as ucd
from msgspec import Struct

from .glyphfont import Glyph, GlyphFace

_COMMON = frozenset({"Zyyy", "Zinh", "Zzzz"})
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_LEVELS_BLOCK = re.compile(r"levels:\s*\[(.*?)\]", re.S)


class Span(Struct, frozen=True):
    """A stretch of paragraph text with one look."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str = "#000000"
    href: str | None = None
    underline: bool = False
    #: Struck through (text deleted by a correction).
    strike: bool = False
    #: Set in the monospace face (code) where it has the character.
    mono: bool = False


class Run(Struct, frozen=True):
    """Characters ``start:end`` of the paragraph with one level, script, face and span, shaped."""

    start: int
    end: int
    level: int
    script: str
    face: GlyphFace
    span: int
    #: Glyphs in visual order (left to right); clusters index the paragraph text.
    glyphs: tuple[Glyph, ...]

    @property
    def rtl(self) -> bool:
        """True for a right-to-left run (odd bidi level)."""
        return self.level % 2 == 1


class FacePicker(Protocol):
    """Chooses the face of a character (see :class:`.shapedpara.Faces`)."""

    def __call__(self, cp: int, script: str, span: Span) -> GlyphFace | None: ...


# --------------------------------------------------------------------------- bidi


def bidi_levels(text: str, rtl_base: bool) -> list[int]:
    """Resolved Unicode Bidi Algorithm levels of each character (rules up to I2).

    python-bidi 0.6 computes them in Rust (the ``unicode-bidi`` crate) and hands them out only
    as the debug form of its ``BidiInfo`` (``get_display(..., debug=True)``, documented in its
    wrapper): one level per UTF-8 byte. A text without right-to-left characters in a
    left-to-right paragraph is all level 0 and never reaches python-bidi.
    """
    if not rtl_base and not _has_rtl(text):
        return [0] * len(text)
    info = get_display(text, base_dir="R" if rtl_base else "L", debug=True)
    block = _LEVELS_BLOCK.search(info)
    if block is None:  # pragma: no cover - guarded by test_reportlab_assumptions
        raise RuntimeError("python-bidi: no levels in its debug output")
    per_byte = [int(v) for v in _LEVEL.findall(block.group(1))]
    levels = []
    pos = 0
    for ch in text:
        levels.append(per_byte[pos])
        pos += len(ch.encode("utf-8"))
    if len(per_byte) != pos:  # pragma: no cover - guarded by test_reportlab_assumptions
        raise RuntimeError("python-bidi: levels do not match the text")
    return levels


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def visual_order(levels: list[int]) -> list[int]:
    """Indices of items in display order (rule L2: reverse from the highest level down)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    top = max(levels)
    lowest_odd = min(lv for lv in levels) | 1
    for lv in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= lv:
                j = i
                while j < len(order) and levels[order[j]] >= lv:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


# --------------------------------------------------------------------------- scripts


@functools.lru_cache(maxsize=8192)
def char_script(ch: str) -> str:
    """ISO 15924 script of a character; ``Zyyy`` (common) and ``Zinh`` (inherited) as Unicode says."""
    return str(ucd.script(ch))


def resolve_scripts(text: str) -> list[str]:
    """Each character's script, common and inherited characters taking their neighbours'.

    A space, digit or comma inside Urdu takes Arabic, so it is shaped (and set) with the Urdu
    words around it; at the start of a paragraph they take the first real script that follows.
    """
    scripts = [char_script(ch) for ch in text]
    last = next((s for s in scripts if s not in _COMMON), "Zyyy")
    for i, sc in enumerate(scripts):
        if sc in _COMMON:
            scripts[i] = last
        else:
            last = sc
    return scripts


def invisible(ch: str) -> bool:
    """Format characters (ZWJ, ZWNJ, marks of direction, variation selectors) that draw nothing."""
    cp = ord(ch)
    return (unicodedata.category(ch) == "Cf" or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF)


# --------------------------------------------------------------------------- runs


def itemize(spans: list[Span], *, rtl_base: bool, language: str, pick: FacePicker,
            fallback: GlyphFace, missing: set[str]) -> tuple[str, list[Run]]:
    """The paragraph text and its shaped runs, in logical order.

    ``pick`` chooses a face per character; a character no face has is added to ``missing`` and
    drawn with ``fallback`` (an empty box, as the warning says). Format characters (ZWNJ, ZWJ)
    stay in the run around them, where HarfBuzz needs them.
    """
    text = "".join(s.text for s in spans)
    owner: list[int] = []
    for n, s in enumerate(spans):
        owner.extend([n] * len(s.text))
    levels = bidi_levels(text, rtl_base)
    scripts = resolve_scripts(text)
    faces: list[GlyphFace] = []
    prev: GlyphFace | None = None
    for i, ch in enumerate(text):
        if ch == "\n" or (prev is not None and (invisible(ch) or unicodedata.combining(ch)) \
                and (ord(ch) in prev.coverage or invisible(ch))):
            faces.append(prev or fallback)  # drawn by nothing or by the face of its base
            continue
        face = pick(ord(ch), scripts[i], spans[owner[i]])
        if face is None:
            if not invisible(ch) and not ch.isspace():
                missing.add(ch)
            face = prev or fallback
        faces.append(face)
        prev = face
    runs: list[Run] = []
    start = 0
    lang = language.split("-")[0] if language else ""
    for i in range(1, len(text) + 1):
        if i == len(text) or levels[i] != levels[start] or faces[i] is not faces[start] \
                or scripts[i] != scripts[start] or owner[i] != owner[start]:
            face = faces[start]
            rtl = levels[start] % 2 == 1
            glyphs = face.shape(text, start, i, rtl=rtl, script=_hb_script(scripts[start]),
                                language=lang)
            runs.append(Run(start, i, levels[start], scripts[start], face, owner[start],
                            tuple(glyphs)))
            start = i
    return text, runs


def reshape(text: str, run: Run, start: int, end: int, language: str) -> tuple[Glyph, ...]:
    """Glyphs of part of a run (a line's share), shaped anew with the text around as context."""
    if start == run.start and end == run.end:
        return run.glyphs
    lang = language.split("-")[0] if language else ""
    return tuple(run.face.shape(text, start, end, rtl=run.rtl, script=_hb_script(run.script),
                                language=lang))


def _hb_script(script: str) -> str:
    return script if script not in ("Zzzz",) else "Zyyy"
