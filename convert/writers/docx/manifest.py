"""The output package's plumbing: parts copied into every output, content types, relationships.

A .docx is an OPC package: ``[Content_Types].xml`` names the type of every part and
``_rels/*.rels`` parts link them. Both are built here as lxml trees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree
from msgspec import Struct

from ...zipio import Part
from .ooxml import (
    CT_APP,
    CT_CORE,
    CT_CUSTOM,
    CT_DOCUMENT,
    CT_NS,
    PKG_REL_NS,
    RT_APP,
    RT_CORE,
    RT_CUSTOM,
    RT_OFFICE_DOCUMENT,
    parse,
    serialize,
)

#: Default content types every package declares, by extension.
_BASE_DEFAULTS = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                  "xml": "application/xml"}


class StaticPart(Struct, frozen=True):
    """A part copied into every output, with its content type and document relationship."""

    part: Part
    content_type: str | None = None
    rel_type: str | None = None
    #: Target relative to ``word/`` when the main document refers to it.
    target: str | None = None


_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"

#: One relationship: (Id, Type, Target, external?).
Relationship = tuple[str, str, str, bool]


def content_types_part(extension_types: Mapping[str, str], overrides: Mapping[str, str],
                       static: Iterable[StaticPart], *, with_custom: bool) -> Part:
    """``[Content_Types].xml``: defaults by extension, then one override per typed part, sorted."""
    defaults = {**_BASE_DEFAULTS, **extension_types}
    named = {"word/document.xml": CT_DOCUMENT, "docProps/core.xml": CT_CORE,
             "docProps/app.xml": CT_APP, **overrides}
    if with_custom:
        named["docProps/custom.xml"] = CT_CUSTOM
    for sp in static:
        if sp.content_type is not None:
            named[sp.part.name] = sp.content_type
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    for ext in sorted(defaults):
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext, ContentType=defaults[ext])
    for name in sorted(named):
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + name,
                         ContentType=named[name])
    return Part.make("[Content_Types].xml", serialize(root))


def rels_xml(rels: Iterable[Relationship]) -> bytes:
    """A relationships part (``.rels``) listing ``rels`` in order."""
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    _append(root, rels)
    return serialize(root)


def add_relationships(rels_part_xml: bytes, extra: Iterable[Relationship]) -> bytes:
    """A relationships part prepared once (the template's) with ``extra`` appended in order.

    Parsing the prepared part and appending is faster than building it again per article.
    """
    extra = list(extra)
    if not extra:
        return rels_part_xml
    root = parse(rels_part_xml)
    _append(root, extra)
    return serialize(root)


def _append(root: etree._Element, rels: Iterable[Relationship]) -> None:
    for rid, typ, target, external in rels:
        el = etree.SubElement(root, _RELATIONSHIP)
        el.set("Id", rid)
        el.set("Type", typ)
        el.set("Target", target)
        if external:
            el.set("TargetMode", "External")


def package_rels_part(*, with_custom: bool) -> Part:
    """``_rels/.rels``: the main document and the document properties."""
    rels: list[Relationship] = [("rId1", RT_OFFICE_DOCUMENT, "word/document.xml", False),
                                ("rId2", RT_CORE, "docProps/core.xml", False),
                                ("rId3", RT_APP, "docProps/app.xml", False)]
    if with_custom:
        rels.append(("rId4", RT_CUSTOM, "docProps/custom.xml", False))
    return Part.make("_rels/.rels", rels_xml(rels))


class PartRels:
    """The relationships a part gains while it is built (hyperlinks, pictures, the notes part).

    Ids follow the ones the part has already (``first`` is the next free number); a target is
    related once, however often it is used.
    """

    __slots__ = ("_ids", "entries", "first")

    def __init__(self, first: int = 1) -> None:
        self.first = first
        self.entries: list[Relationship] = []
        self._ids: dict[tuple[str, str], str] = {}

    def add(self, rel_type: str, target: str, external: bool = False) -> str:
        """The id of the relationship to ``target`` (added on first use)."""
        key = (rel_type, target)
        rid = self._ids.get(key)
        if rid is None:
            rid = f"rId{self.first + len(self.entries)}"
            self._ids[key] = rid
            self.entries.append((rid, rel_type, target, external))
        return rid
