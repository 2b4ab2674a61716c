"""Subset fonts for embedding in DOCX and EPUB: the glyphs a document's characters need, shaping kept.

Each embedded face is a standalone OpenType font: ``cmap``, ``name``, ``OS/2`` and the OpenType
layout tables (GSUB/GPOS, so Urdu still joins and Devanagari still reorders), with only the
glyphs the characters and their layout closure reach. fontTools' subsetter does the work; the
PDF writer's own cutter (:mod:`convert.writers.pdf.sfnt`) keeps only the outline tables a PDF
needs (no ``cmap``, no layout), so its cuts cannot stand alone in a document a word processor
edits. A variable font is first instanced at the weight asked for (pip Noto faces are
variable). Output bytes depend only on the font file, weight and characters.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from msgspec import Struct

from . import fontconfig
from .scriptfonts import fontpkg_files

#: ``head.modified`` of every subset (2025-06-15 15:06:40 UTC, as the PDF writer's static
#: copies): the bytes must not depend on when they were made.
_STAMP = 3_832_844_800
#: Axis values a variable face is instanced at, besides the weight.
_AXES = {"wdth": 100.0, "opsz": 12.0}


class Face(Struct, frozen=True):
    """One face of a family to embed: where it is and which variant it draws."""

    family: str
    bold: bool
    italic: bool
    path: Path
    index: int
    weight: int

    @property
    def variant(self) -> str:
        """``regular``, ``bold``, ``italic`` or ``bold_italic``."""
        return {(False, False): "regular", (True, False): "bold", (False, True): "italic",
                (True, True): "bold_italic"}[(self.bold, self.italic)]


def faces(family: str, *, truetype: bool) -> tuple[Face, ...]:
    """The installed faces of a family, regular first: each variant the family really has.

    A system face (fontconfig) comes before a pip one of the same name: LibreOffice and Word see
    the system's, and a document that embeds another face under that name (a pip variable
    font's instance, with other glyphs and metrics) gets whichever of the two the application
    picks, line by line. A variant the family does not have (no italic, a single weight) is
    left out: the application slants or emboldens the regular face itself, as it would for an
    installed family. ``truetype``: glyf outlines only (what Word embeds).
    """
    out: list[Face] = []
    for bold, italic in ((False, False), (True, False), (False, True), (True, True)):
        found = _system_face(family, bold, italic, truetype) or _pip_face(family, bold, italic)
        if found is not None:
            out.append(Face(family, bold, italic, *found))
    return tuple(out) if out and out[0].variant == "regular" else ()


def _norm(name: str) -> str:
    return "".join(name.lower().split())


def _is_bold(font: fontconfig.SystemFont) -> bool:
    """Bold by weight, or by a "Bold" style name (Noto Nastaliq Urdu Bold says weight 400)."""
    style = font.style.lower()
    named = "bold" in style and "semi" not in style and "demi" not in style
    return font.weight >= 180 or named


def _system_face(family: str, bold: bool, italic: bool,
                 truetype: bool) -> tuple[Path, int, int] | None:
    """The system face of the family in exactly this variant (nearest regular weight), or None."""
    wanted = _norm(family)
    found = [f for f in fontconfig.system_fonts()
             if any(_norm(n) == wanted for n in f.families) and _is_bold(f) == bold
             and (f.slant != 0) == italic and (not truetype or f.fontformat == "TrueType")]
    if not found:
        return None
    best = min(found, key=lambda f: (abs(f.weight - (200 if bold else 80)), str(f.path), f.index))
    return best.path, best.index, 700 if bold else 400


def _pip_face(family: str, bold: bool, italic: bool) -> tuple[Path, int, int] | None:
    """The pip fontpkg face of the family in this variant; a variable font makes its bold."""
    files = fontpkg_files(family)
    if files is None:
        return None
    path = {(False, False): files.regular, (True, False): files.bold,
            (False, True): files.italic, (True, True): files.bold_italic}[bold, italic]
    if path is not None:
        return path, 0, 700 if bold else 400
    if bold and not italic and _variable(files.regular):
        return files.regular, 0, 700
    return None


@functools.lru_cache(maxsize=64)
def _variable(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as ft:
            return "fvar" in ft
    except Exception:
        return False


@functools.lru_cache(maxsize=8)
def _instance(path: Path, index: int, weight: int) -> bytes:
    """A variable font instanced at ``weight`` (other fonts as they are), without hinting."""
    from fontTools.ttLib import TTFont

    ft = TTFont(str(path), fontNumber=index, recalcTimestamp=False)
    if "fvar" in ft:
        from fontTools.varLib import instancer

        wanted = {**_AXES, "wght": float(weight)}
        axes = {a.axisTag: min(max(wanted.get(a.axisTag, a.defaultValue), a.minValue), a.maxValue)
                for a in ft["fvar"].axes}
        try:  # names from the STAT table ("Noto Sans Arabic Bold"), where the font has one
            ft = instancer.instantiateVariableFont(ft, axes, updateFontNames=True)
        except Exception:
            ft = instancer.instantiateVariableFont(TTFont(str(path), fontNumber=index), axes)
    out = io.BytesIO()
    ft.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=64)
def subset(face: Face, chars: frozenset[int]) -> bytes | None:
    """The face cut down to ``chars`` (those it has) with their layout closure; None if none."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)  # a writer must not print; fontTools warns about kern tables
    try:
        ft = TTFont(io.BytesIO(_instance(face.path, face.index, face.weight)),
                    recalcTimestamp=False)
        cmap = ft.getBestCmap() or {}
        wanted = sorted(c for c in chars if c in cmap)
        if not wanted:
            return None
        opts = ftsubset.Options()
        opts.layout_features = ["*"]
        opts.notdef_outline = True
        opts.hinting = False
        opts.recalc_timestamp = False
        # Every name record is kept: the subsetter would first walk all layout tables for the
        # names they refer to (0.6 of Noto Nastaliq Urdu's 1.9 s), to drop the others.
        names = ft["name"] if "name" in ft else None
        if names is not None:
            del ft["name"]
        sub = ftsubset.Subsetter(opts)
        sub.populate(unicodes=wanted)
        sub.subset(ft)
        if names is not None:
            ft["name"] = names
        _say_style(ft, face.bold, face.italic)
        ft["head"].modified = _STAMP
        out = io.BytesIO()
        ft.save(out)
        return out.getvalue()
    finally:
        log.setLevel(level)


def _say_style(ft: object, bold: bool, italic: bool) -> None:
    """Make the face say the variant it is embedded as (weight class, style bits).

    A bold instance of a variable font keeps the default instance's "regular" bits, and Noto
    Nastaliq Urdu Bold says weight 400: an application registering the embedded face would take
    either for a regular one and draw a substitute's bold instead.
    """
    os2, head = ft["OS/2"], ft["head"]  # type: ignore[index]
    if bold:
        os2.usWeightClass = max(os2.usWeightClass, 700)
    os2.fsSelection = (os2.fsSelection & ~0x61) | (0x20 if bold else 0) | (0x01 if italic else 0)
    if not bold and not italic:
        os2.fsSelection |= 0x40  # REGULAR
    head.macStyle = (head.macStyle & ~0x03) | (0x01 if bold else 0) | (0x02 if italic else 0)


def subsets(families: Iterable[tuple[str, Iterable[str]]], chars: frozenset[int], *,
            truetype: bool) -> Iterator[tuple[str, Face, bytes]]:
    """``(family, face, subset)`` for each wanted variant of each family with any of ``chars``.

    What DOCX and EPUB embed: ``truetype`` as for :func:`faces`.
    """
    for family, variants in families:
        wanted = set(variants)
        for face in faces(family, truetype=truetype):
            if face.variant in wanted:
                data = subset(face, chars)
                if data is not None:
                    yield family, face, data


def codepoints(texts: Iterable[str]) -> frozenset[int]:
    """The characters of some texts, as code points (space and digits always among them)."""
    found = set(" 0123456789")
    for text in texts:
        found.update(text)
    return frozenset(map(ord, found))
