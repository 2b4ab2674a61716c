"""Which face sets a character of each script: the chains of ``scripts.toml``, pip fonts, fontconfig.

Every answer is a bounded ``functools`` cache of a pure function of hashable values (family,
weight, character, script, language, cache folder), so it depends on the installed fonts only,
never on the articles converted before. Faces are :class:`.glyphfont.GlyphFace` values made from
the same static copies the rest of the writer embeds (:func:`.fontfiles.static_font`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from msgspec import Struct

from ... import fontconfig
from ...scriptfonts import ScriptFonts, Table, chain, family_file, fontpkg_files, table
from ...styles import FontFiles
from . import fontfiles
from .glyphfont import GlyphFace
from .shaping import char_script

__all__ = ["Picker", "ScriptCoverage", "ScriptFonts", "Table", "any_face", "chain", "chain_face",
           "face_at", "family_face", "family_file", "first_face", "script_fonts", "style_face",
           "table"]


# --------------------------------------------------------------------------- faces


@functools.lru_cache(maxsize=128)
def face_at(path: Path, index: int, weight: int, font_cache: Path | None) -> GlyphFace | None:
    """The face of a font file (a static copy at ``weight`` for variable fonts), or None."""
    if not fontfiles.is_truetype(path, index):
        return None
    try:
        data = fontfiles.static_font(path, index, font_cache, weight).read()
    except Exception:  # a font fontTools cannot rewrite: the file as it is
        data = path.read_bytes() if index == 0 else b""
    try:
        return GlyphFace(f"{path}#{index}@{weight}", data)
    except Exception:
        return None


@functools.lru_cache(maxsize=256)
def family_face(family: str, bold: bool, font_cache: Path | None) -> GlyphFace | None:
    """A family's face for shaped text (bold when asked and available), or None."""
    found = family_file(family, bold)
    if found is None:
        return None
    return face_at(found[0], found[1], found[2], font_cache)


@functools.lru_cache(maxsize=1024)
def first_face(script: str, language: str, generic: str, bold: bool,
               font_cache: Path | None) -> GlyphFace | None:
    """The first face of the script's chain installed here, or None."""
    for family in chain(script, language, generic):
        face = family_face(family, bold, font_cache)
        if face is not None:
            return face
    return None


@functools.lru_cache(maxsize=65_536)
def chain_face(cp: int, script: str, language: str, generic: str, bold: bool,
               font_cache: Path | None) -> GlyphFace | None:
    """The first face of the script's chain with ``cp``, or None."""
    for family in chain(script, language, generic):
        face = family_face(family, bold, font_cache)
        if face is not None and cp in face.coverage:
            return face
    return None


@functools.lru_cache(maxsize=65_536)
def any_face(cp: int, font_cache: Path | None) -> GlyphFace | None:
    """Any installed font with ``cp``: pip fontpkg families first (Noto first), then fontconfig."""
    for _name, path, cmap in fontfiles.pip_candidates():
        if cp in cmap:
            face = face_at(path, 0, 400, font_cache)
            if face is not None and cp in face.coverage:
                return face
    for font in fontconfig.fonts_for(cp):
        if font.fontformat != "TrueType":
            continue
        face = face_at(font.path, font.index, 400, font_cache)
        if face is not None and cp in face.coverage:
            return face
    return None


# --------------------------------------------------------------------------- listing


class ScriptCoverage(Struct, frozen=True):
    """What sets one script on this machine (for ``newsconvert fonts``)."""

    code: str
    name: str
    #: Family that sets the script, or None when no font of its chain is installed.
    family: str | None
    path: Path | None
    #: "pip" (a fontpkg package) or "system" (fontconfig), or "" when missing.
    source: str
    install: str


def script_fonts(language: str = "", generic: str = "serif") -> list[ScriptCoverage]:
    """Each script of ``scripts.toml`` and the font of its chain installed here (first found)."""
    out = []
    for code, entry in sorted(table().scripts.items(), key=lambda kv: kv[1].name):
        found: ScriptCoverage | None = None
        for family in chain(code, language, generic):
            where = family_file(family)
            if where is not None:
                source = "pip" if fontpkg_files(family) is not None else "system"
                found = ScriptCoverage(code, entry.name, family, where[0], source, "")
                break
        out.append(found or ScriptCoverage(code, entry.name, None, None, "",
                                           entry.install_hint()))
    return out


# --------------------------------------------------------------------------- per element


@functools.lru_cache(maxsize=256)
def style_face(files: FontFiles, bold: bool, italic: bool,
               font_cache: Path | None) -> GlyphFace | None:
    """The house-style face of an element as a shaped-text face (bold/italic where it has them)."""
    path = files.regular
    if bold and italic and files.bold_italic:
        path = files.bold_italic
    elif bold and files.bold:
        path = files.bold
    elif italic and files.italic:
        path = files.italic
    return face_at(path, 0, 400, font_cache)


class Picker(Struct, frozen=True):
    """Chooses the face of each character of an element's shaped paragraphs.

    Code spans take the monospace face where it has the character. Otherwise the element's own
    face for scripts drawn without shaping (Latin, Greek, Cyrillic ...) when it has the
    character; otherwise the script's chain, then the
    element's face again, then any installed font. None: no installed font has the character.
    """

    files: FontFiles
    generic: str
    language: str
    font_cache: Path | None = None
    #: The monospace family code spans are set in first (None: no monospace font installed).
    mono: FontFiles | None = None

    def primary(self, bold: bool = False, italic: bool = False) -> GlyphFace | None:
        """The element's own face."""
        return style_face(self.files, bold, italic, self.font_cache)

    def __call__(self, cp: int, script: str, span: Any) -> GlyphFace | None:
        if span.mono and self.mono is not None:
            face = style_face(self.mono, span.bold, span.italic, self.font_cache)
            if face is not None and cp in face.coverage:
                return face
        prim = self.primary(span.bold, span.italic)
        has = prim is not None and cp in prim.coverage
        if has and script not in table().shaped:
            return prim
        if has and char_script(chr(cp)) in ("Zyyy", "Zinh"):
            # Digits, spaces and punctuation among the script's letters: from the script's
            # own face when it has them, else from the element's face (not a third font).
            first = first_face(script, self.language, self.generic, span.bold, self.font_cache)
            return first if first is not None and cp in first.coverage else prim
        face = chain_face(cp, script, self.language, self.generic, span.bold, self.font_cache)
        if face is None and char_script(chr(cp)) == "Zyyy":  # symbols and emoji
            face = chain_face(cp, "Zsym", self.language, self.generic, False, self.font_cache)
        if face is not None:
            return face
        return prim if has else any_face(cp, self.font_cache)
