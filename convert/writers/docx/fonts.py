"""Fonts per script in DOCX: ``w:rFonts`` of styles and runs from the chains of ``scripts.toml``.

Word and LibreOffice keep three fonts per run and choose one by each character's script
(``fonts.toml``). The house style names the Latin face of each element; the complex-script
(``cs``) and East Asian faces of the styles are those of the article's own scripts in its
language (:class:`ArticleFonts`), the same faces the PDF writer draws with
(:func:`convert.scriptfonts.face`). Runs get ``w:rFonts`` only where their paragraph needs a
face its style does not name (:mod:`.runfonts`). The script faces are declared in
``fontTable.xml`` with their character set.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from lxml import etree
from msgspec import Struct

from ... import tomldata
from ...scriptfonts import ScriptUse, face
from .ooxml import sub, w

_DATA = Path(__file__).with_name("fonts.toml")
_RFONTS, _RPR = w("rFonts"), w("rPr")

#: ``w:rFonts`` attributes and their faces: ``(("cs", "Noto Nastaliq Urdu"), ...)``.
RunFonts = tuple[tuple[str, str], ...]


class Slots(Struct, frozen=True):
    """``fonts.toml``: which ``w:rFonts`` slot a script uses, and its font-table charset."""

    east_asian: frozenset[str]
    complex: frozenset[str]
    charsets: Mapping[str, str]

    def of(self, script: str) -> str:
        """``"eastAsia"``, ``"cs"`` or ``"ascii"`` (ascii and hAnsi go together)."""
        if script in self.east_asian:
            return "eastAsia"
        return "cs" if script in self.complex else "ascii"


@functools.lru_cache(maxsize=1)
def slots() -> Slots:
    """The data file, read once."""
    raw = tomldata.read(_DATA)
    return Slots(frozenset(raw["slots"]["east_asian"]), frozenset(raw["slots"]["complex"]),
                 MappingProxyType(dict(raw.get("charsets", {}))))


class RoleFont(Struct, frozen=True):
    """A role's style: its id, house-style font and generic family, and whether we styled it.

    ``styled`` is False for a style a reference .docx brings: its fonts are the user's.
    """

    style_id: str
    font: str
    generic: str
    styled: bool = True
    bold: bool = False
    italic: bool = False


class ArticleFonts(Struct, frozen=True):
    """The scripts an article's styles are set up for: a hashable value (a cache key).

    ``cs_script``/``ea_script``: the first complex and East Asian script of the text in the
    article's language; None when it has none (the styles keep the element's own font in ``cs``
    and name no East Asian face).
    """

    language: str
    cs_script: str | None = None
    ea_script: str | None = None

    def cs(self, role: RoleFont) -> str:
        """The ``cs`` face of a role's style."""
        return face(self.cs_script, self.language, role.generic) if self.cs_script else role.font

    def east_asia(self, role: RoleFont) -> str | None:
        """The ``eastAsia`` face of a role's style, None when the article has no CJK text."""
        return face(self.ea_script, self.language, role.generic) if self.ea_script else None


def article_fonts(use: ScriptUse, language: str) -> ArticleFonts:
    """The article's own complex and East Asian scripts, from the text in its language."""
    own = dict(use).get(language, ())
    table = slots()
    cs = next((s for s in own if table.of(s) == "cs"), None)
    ea = next((s for s in own if table.of(s) == "eastAsia"), None)
    return ArticleFonts(language, cs, ea)


def style_entries(roles: Iterable[RoleFont], fonts: ArticleFonts
                  ) -> tuple[tuple[str, str, str | None], ...]:
    """``(styleId, cs face, eastAsia face)`` of every style we styled, for ``styles.xml``."""
    return tuple((r.style_id, fonts.cs(r), fonts.east_asia(r)) for r in roles if r.styled)


def set_style_fonts(root: etree._Element, entries: Iterable[tuple[str, str, str | None]],
                    defaults: tuple[str, str, str | None] | None) -> None:
    """Write the per-script faces into ``styles.xml``: each style's ``rFonts`` and docDefaults.

    A style without ``rFonts`` (a character style that keeps its paragraph's font) stays so.
    ``defaults`` is (body font, cs face, eastAsia face), or None to keep the template's.
    """
    by_id = {st.get(w("styleId")): st for st in root.iter(w("style"))}
    for style_id, cs, east_asia in entries:
        st = by_id.get(style_id)
        rfonts = st.find(f"{_RPR}/{_RFONTS}") if st is not None else None
        if rfonts is None:
            continue
        rfonts.set(w("cs"), cs)
        if east_asia:
            rfonts.set(w("eastAsia"), east_asia)
    if defaults is None:
        return
    rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{_RPR}")
    if rpr is None:
        return
    rfonts = rpr.find(_RFONTS)
    if rfonts is None:
        rfonts = etree.Element(_RFONTS)
        rpr.insert(0, rfonts)
    body, cs, east_asia = defaults
    # A theme font wins over a named one in the same element: the named faces replace them.
    for attr, value in (("ascii", body), ("hAnsi", body), ("cs", cs), ("eastAsia", east_asia)):
        if value:
            theme = "cstheme" if attr == "cs" else f"{attr}Theme"
            rfonts.attrib.pop(w(theme), None)
            rfonts.set(w(attr), value)


def style_faces(roles: Iterable[RoleFont], fonts: ArticleFonts) -> dict[str, str]:
    """The script faces the styles name (family -> script), for the font table."""
    out: dict[str, str] = {}
    for role in roles:
        if not role.styled:
            continue
        if fonts.cs_script:
            out.setdefault(fonts.cs(role), fonts.cs_script)
        east_asia = fonts.east_asia(role)
        if east_asia and fonts.ea_script:
            out.setdefault(east_asia, fonts.ea_script)
    return out


# --------------------------------------------------------------------------- font table


def declare_faces(root: etree._Element, faces: Iterable[tuple[str, str]]) -> None:
    """Declare script faces in ``fontTable.xml`` with their charset, so Word substitutes well."""
    have = {f.get(w("name")) for f in root.findall(w("font"))}
    charsets = slots().charsets
    for family, script in faces:
        if family in have:
            continue
        have.add(family)
        f = sub(root, "font", name=family)
        sub(f, "charset", val=charsets.get(script, "00"))
        sub(f, "family", val="auto")
        sub(f, "pitch", val="variable")


__all__ = ["ArticleFonts", "RoleFont", "RunFonts", "Slots", "article_fonts", "declare_faces",
           "set_style_fonts", "slots", "style_entries", "style_faces"]
