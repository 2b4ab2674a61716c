"""OOXML names and small element helpers shared by the DOCX writer's modules."""

from __future__ import annotations

from lxml import etree

from ...textutil import language_direction

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

NSMAP = {"w": W_NS, "r": R_NS}

#: Relationship types (officeDocument/2006/relationships/...).
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_STYLES = REL + "styles"
RT_NUMBERING = REL + "numbering"
RT_SETTINGS = REL + "settings"
RT_WEBSETTINGS = REL + "webSettings"
RT_FONTTABLE = REL + "fontTable"
RT_THEME = REL + "theme"
RT_HEADER = REL + "header"
RT_FOOTER = REL + "footer"
RT_HYPERLINK = REL + "hyperlink"
RT_OFFICE_DOCUMENT = REL + "officeDocument"
RT_APP = REL + "extended-properties"
RT_CUSTOM = REL + "custom-properties"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

#: Content types of the parts this writer emits.
CT = "application/vnd.openxmlformats-officedocument."
CT_DOCUMENT = CT + "wordprocessingml.document.main+xml"
CT_STYLES = CT + "wordprocessingml.styles+xml"
CT_NUMBERING = CT + "wordprocessingml.numbering+xml"
CT_SETTINGS = CT + "wordprocessingml.settings+xml"
CT_WEBSETTINGS = CT + "wordprocessingml.webSettings+xml"
CT_FONTTABLE = CT + "wordprocessingml.fontTable+xml"
CT_THEME = CT + "theme+xml"
CT_HEADER = CT + "wordprocessingml.header+xml"
CT_FOOTER = CT + "wordprocessingml.footer+xml"
CT_APP = CT + "extended-properties+xml"
CT_CUSTOM = CT + "custom-properties+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Append ``<w:tag w:key="value" ...>`` to parent."""
    el = etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        el.set(w(key), value)
    return el


def serialize(root: etree._Element) -> bytes:
    """XML bytes as Word writes them (UTF-8 declaration, standalone)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def parse(data: bytes) -> etree._Element:
    """Parse a part safely (no entities, no network) and drop ignorable whitespace."""
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True,
                             huge_tree=True)
    return etree.fromstring(data, parser)


def twips(points: float) -> str:
    """Points to twentieths of a point, as OOXML measures spacing and indents."""
    return str(round(points * 20))


def mm_twips(mm: float) -> str:
    """Millimetres to twips (page geometry)."""
    return str(round(mm * 1440 / 25.4))


#: Word keeps three languages per run (``w:lang``): ``w:val`` for Latin-script and other simple
#: text, ``w:eastAsia`` for Chinese, Japanese and Korean, ``w:bidi`` for complex scripts (right to
#: left, and the Indic and South-East Asian scripts Word shapes as complex).
_EAST_ASIAN_LANGUAGES = frozenset({"zh", "ja", "ko", "yue", "wuu"})
_EAST_ASIAN_SCRIPTS = frozenset({"hani", "hans", "hant", "jpan", "kore", "hira", "kana", "hang"})
_COMPLEX_LANGUAGES = frozenset({"hi", "mr", "ne", "sa", "mai", "bho", "bn", "as", "pa", "gu", "or",
                                "ta", "te", "kn", "ml", "si", "th", "lo", "km", "my", "bo", "dz"})


def lang_slot(tag: str) -> str:
    """Which ``w:lang`` attribute a BCP 47 tag belongs in: ``val``, ``eastAsia`` or ``bidi``.

    Right to left is :func:`convert.textutil.language_direction`'s rule, as in every writer.
    """
    if language_direction(tag) == "rtl":
        return "bidi"
    subtags = tag.lower().replace("_", "-").split("-")
    if subtags[0] in _EAST_ASIAN_LANGUAGES or any(s in _EAST_ASIAN_SCRIPTS for s in subtags[1:]):
        return "eastAsia"
    return "bidi" if subtags[0] in _COMPLEX_LANGUAGES else "val"
