"""Embedded fonts in DOCX (``--embed-fonts``): subset faces stored the way Word stores them.

Each face the document names (the house fonts and the script and symbol faces of
:mod:`.fonts`) that is installed here is cut down to the document's characters
(:mod:`convert.fontsubset`), obfuscated as ECMA-376 Part 1, 17.8.1 says (the first 32 bytes
XORed with the ``w:fontKey`` GUID, its bytes reversed) and stored as ``word/fonts/fontN.odttf``;
``fontTable.xml`` points to it with ``w:embedRegular`` (``w:embedBold`` ...) and the settings
say ``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``. Word and LibreOffice then draw those
faces on a machine that lacks them. The GUID is derived from the font bytes, so the output
stays reproducible.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping

from lxml import etree
from msgspec import Struct

from ...fontsubset import subsets
from ...zipio import Part
from .manifest import rels_xml
from .ooxml import R_NS, REL, parse, serialize, sub, w

RT_FONT = REL + "font"
_EMBED_TAGS = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic",
               "bold_italic": "embedBoldItalic"}
#: Settings that come before ``w:embedTrueTypeFonts`` in the schema (CT_Settings).
_BEFORE_EMBED = ("writeProtection", "view", "zoom", "removePersonalInformation",
                 "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
                 "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData")


def font_key(data: bytes) -> str:
    """A ``w:fontKey`` GUID (``{XXXXXXXX-XXXX-...}``) derived from the font's bytes."""
    h = hashlib.sha256(data).hexdigest()[:32].upper()
    return f"{{{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}}}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation (its own inverse): XOR bytes 0-31 with the reversed GUID bytes."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


class Embedded(Struct, frozen=True):
    """The parts an article with embedded fonts adds or changes."""

    font_table: Part
    #: ``word/_rels/fontTable.xml.rels`` and the ``.odttf`` parts, in name order.
    parts: tuple[Part, ...]
    settings: Part
    #: Family -> the variants embedded (for tests and reports).
    embedded: Mapping[str, tuple[str, ...]]


def embed(font_table_xml: bytes, settings_xml: bytes,
          needs: Iterable[tuple[str, Iterable[str]]], chars: frozenset[int]) -> Embedded:
    """Subset, obfuscate and declare the installed faces ``needs`` names, for ``chars``.

    ``needs``: (family, variants) pairs; a variant the family has no face of is drawn from
    its regular face by the application (a bold made bolder, a slant).
    """
    merged: dict[str, set[str]] = {}
    for family, variants in needs:
        merged.setdefault(family, set()).update(variants)
    wanted = tuple((family, frozenset(v | {"regular"})) for family, v in merged.items())
    return _embed(font_table_xml, settings_xml, wanted, chars)


@functools.lru_cache(maxsize=32)
def _embed(font_table_xml: bytes, settings_xml: bytes,
           families: tuple[tuple[str, frozenset[str]], ...], chars: frozenset[int]) -> Embedded:
    root = parse(font_table_xml)
    declared = {f.get(w("name")): f for f in root.findall(w("font"))}
    rels: list[tuple[str, str, str, bool]] = []
    parts: list[Part] = []
    embedded: dict[str, tuple[str, ...]] = {}
    for family, face, data in subsets(families, chars, truetype=True):
        n = len(rels) + 1
        key = font_key(data)
        name = f"fonts/font{n}.odttf"
        rels.append((f"rId{n}", RT_FONT, name, False))
        parts.append(Part.make(f"word/{name}", obfuscate(data, key), stored=True))
        el = declared.get(family)
        if el is None:
            el = declared[family] = sub(root, "font", name=family)
            sub(el, "family", val="auto")
            sub(el, "pitch", val="variable")
        embed_el = sub(el, _EMBED_TAGS[face.variant], fontKey=key)
        embed_el.set(f"{{{R_NS}}}id", f"rId{n}")
        embed_el.set(w("subsetted"), "1")
        embedded[family] = (*embedded.get(family, ()), face.variant)
    for el in declared.values():  # schema order: the embed elements after everything else
        for tag in _EMBED_TAGS.values():
            for found in el.findall(w(tag)):
                el.append(found)
    rels_part = Part.make("word/_rels/fontTable.xml.rels", rels_xml(rels))
    return Embedded(Part.make("word/fontTable.xml", serialize(root)), (rels_part, *parts),
                    Part.make("word/settings.xml", _settings(settings_xml)), embedded)


def _settings(settings_xml: bytes) -> bytes:
    """The settings with ``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts`` in schema order."""
    root = parse(settings_xml)
    for tag in ("embedTrueTypeFonts", "saveSubsetFonts"):
        for el in root.findall(w(tag)):
            root.remove(el)
    before = [el for el in root if etree.QName(el).localname in _BEFORE_EMBED]
    at = root.index(before[-1]) + 1 if before else 0
    root.insert(at, etree.Element(w("embedTrueTypeFonts")))
    system = root.find(w("embedSystemFonts"))
    root.insert(root.index(system) + 1 if system is not None else at + 1,
                etree.Element(w("saveSubsetFonts")))
    return serialize(root)
