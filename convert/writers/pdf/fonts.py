"""Font sets of the house style's families and the per-character fallback chain, registered once.

reportlab finds fonts by name in a process-wide registry (``pdfmetrics.registerFont``,
``registerFontFamily``, ``lib.fonts.addMapping``). That registry is the one piece of global state
the writer changes, and only by adding fonts under ``NC-`` names when a style or a character first
needs them; importing this package changes nothing. Registering is check-then-add, so it runs
under :data:`_REGISTRY_LOCK`: two threads registering one name could otherwise leave documents
holding two different objects for one face. Everything else here is a bounded ``functools``
cache of a pure function (same arguments, same font set), safe from any thread; a font set or
fallback, once made, is an immutable value naming registered fonts.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from pathlib import Path
from typing import cast

from msgspec import Struct
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...styles import FontFiles, HouseStyle
from . import fontfiles
from .subset import FixedCMapTTFont, SharedSubsetTTFont

#: Held while a font is looked up and added to reportlab's registry (reentrant: a family
#: registers four faces). The only lock of the PDF writer.
_REGISTRY_LOCK = threading.RLock()


class FontSet(Struct, frozen=True):
    """A registered family: reportlab names of its four faces and the regular face's coverage."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    coverage: frozenset[int]

    def face(self, bold: bool, italic: bool) -> str:
        """The reportlab font name for a weight/slant combination."""
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


class Fallback(Struct, frozen=True):
    """A registered fallback font (one face, used for every weight and slant)."""

    name: str
    coverage: frozenset[int]
    source: str


def _safe(name: str) -> str:
    return "NC-" + re.sub(r"[^A-Za-z0-9]+", "", name)


def register(name: str, path: Path, index: int = 0, *, shared: bool = False,
             font_cache: Path | None = None) -> TTFont:
    """Register one TTF under ``name`` unless it already is; the face the name stands for.

    ``shared``: the face gets the fixed first subset of :class:`SharedSubsetTTFont` (house-style
    faces; fallback fonts serve a few rare characters and keep reportlab's per-document subsets).
    """
    with _REGISTRY_LOCK:
        # Ask for registered names first: pdfmetrics.getFont() on an unknown name searches the
        # disk for Type 1 AFM files (about 20 ms a name).
        if name in pdfmetrics.getRegisteredFontNames():
            font = pdfmetrics.getFont(name)
            if isinstance(font, TTFont):
                return font
        try:
            source: object = fontfiles.static_font(path, index, font_cache)
            index = 0
        except Exception:  # an odd font fontTools cannot rewrite: embed the file as it is
            source = str(path)
        font = (SharedSubsetTTFont if shared else FixedCMapTTFont)(name, source, subfontIndex=index)
        pdfmetrics.registerFont(font)
        # reportlab maps a second name of an already registered face to the first face object:
        # return what the name now stands for.
        return cast(TTFont, pdfmetrics.getFont(name))


def _coverage(font: TTFont) -> frozenset[int]:
    return frozenset(font.face.charToGlyph)


@functools.lru_cache(maxsize=64)
def _family(family_name: str, generic: str, files: FontFiles, font_cache: Path | None) -> FontSet:
    base = _safe(family_name)
    with _REGISTRY_LOCK:
        regular = register(base, files.regular, shared=True, font_cache=font_cache)
        names = [base]
        for suffix, path in (("-Bold", files.bold), ("-Italic", files.italic),
                             ("-BoldItalic", files.bold_italic)):
            if path is None:
                # No face of its own: bold italic falls back to bold, the rest to regular.
                names.append(names[1] if suffix == "-BoldItalic" and files.bold else base)
            else:
                register(base + suffix, path, shared=True, font_cache=font_cache)
                names.append(base + suffix)
        pdfmetrics.registerFontFamily(base, normal=names[0], bold=names[1], italic=names[2],
                                      boldItalic=names[3])
    return FontSet(names[0], names[1], names[2], names[3], _coverage(regular))


def family(family_name: str, generic: str, style: HouseStyle,
           font_cache: Path | None = None) -> FontSet:
    """Register (once) and return a family named by the house style."""
    files = fontfiles.resolve_files(family_name, generic, style.font_files.get(family_name),
                                    font_cache)
    return _family(family_name, generic, files, font_cache)


# --------------------------------------------------------------------------- fallback


def _single(name: str, path: Path, index: int, source: str, font_cache: Path | None) -> Fallback:
    with _REGISTRY_LOCK:
        font = register(name, path, index, font_cache=font_cache)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    return Fallback(name, _coverage(font), source)


@functools.lru_cache(maxsize=256)
def _pip_fallback(name: str, path: Path, font_cache: Path | None) -> Fallback:
    return _single(_safe("fb " + name), path, 0, f"pip:{name}", font_cache)


@functools.lru_cache(maxsize=256)
def _system_fallback(path: Path, index: int, font_cache: Path | None) -> Fallback:
    return _single(_safe(f"sys {path.stem} {index}"), path, index, f"system:{path}", font_cache)


class FallbackChain(Struct, frozen=True):
    """Where a glyph the house style's fonts lack comes from: pip fonts first, then system fonts.

    A value: the answer for a character depends on the installed fonts only (never on the
    articles converted before), so it is cached per (chain, character).
    """

    #: Folder for static font copies, chosen by the caller (None: made in memory).
    font_cache: Path | None = None

    def font_for(self, cp: int) -> Fallback | None:
        """A fallback font that has ``cp``, or None when no available font has it."""
        return _font_for(cp, self.font_cache)


@functools.lru_cache(maxsize=65_536)
def _font_for(cp: int, font_cache: Path | None) -> Fallback | None:
    """The first font, in the chain's order of preference, with a glyph for ``cp``."""
    for name, path, cmap in fontfiles.pip_candidates():
        if cp in cmap:
            try:
                fb = _pip_fallback(name, path, font_cache)
            except Exception:
                continue
            if cp in fb.coverage:
                return fb
    for path, index in fontfiles.system_fonts_for(cp):
        if not fontfiles.is_truetype(path, index):
            continue
        try:
            fb = _system_fallback(path, index, font_cache)
        except Exception:
            continue
        if cp in fb.coverage:
            return fb
    return None


def invisible(ch: str) -> bool:
    """Format characters (ZWJ, ZWSP, variation selectors) that draw nothing by design."""
    cp = ord(ch)
    return (unicodedata.category(ch) == "Cf" or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF)
