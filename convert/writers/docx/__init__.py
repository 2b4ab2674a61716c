"""Write a Document as a Word document (DOCX) that editors can open, restyle and trust."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ...model import Document
from ...options import WriteOptions
from ...styles import load_style
from ...zipio import Part, build_zip
from .body import build_document
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
    RT_HYPERLINK,
    RT_OFFICE_DOCUMENT,
)
from .props import app_xml, core_xml, custom_xml
from .template import BASE_CONTENT_TYPES, Template, get_template

__all__ = ["write"]

_XML_DECL = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def write(doc: Document, options: WriteOptions) -> bytes:
    """Render one article as DOCX bytes (same Document and options give the same bytes)."""
    style = options.style if options.style is not None else load_style("default")
    tpl = get_template(style, options.reference_docx)
    built = build_document(doc, tpl)
    custom = custom_xml(doc)

    parts: list[Part] = [
        _content_types(tpl, custom is not None),
        _package_rels(tpl, custom is not None),
        Part.make("docProps/app.xml", app_xml(doc, options)),
        Part.make("docProps/core.xml", core_xml(doc, options)),
    ]
    if custom is not None:
        parts.append(Part.make("docProps/custom.xml", custom))
    parts.append(Part.make("word/_rels/document.xml.rels", _document_rels(tpl, built.links)))
    parts.append(Part.make("word/document.xml", built.xml))
    parts.append(tpl.numbering_part(built.ordered_starts))
    parts.append(tpl.styles_part(doc.meta.language or "en"))
    parts.extend(sp.part for sp in tpl.static)
    parts.sort(key=_part_order)
    return build_zip(parts, options.timestamp)


def _part_order(part: Part) -> tuple[int, str]:
    """[Content_Types].xml first, then every part by name, as python-docx's template orders them."""
    return (0 if part.name == "[Content_Types].xml" else 1, part.name)


def _content_types(tpl: Template, with_custom: bool) -> Part:
    key = ("content_types", with_custom)
    cached = tpl.parts_cache.get(key)
    if cached is not None:
        return cached
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml", **tpl.extension_types}
    overrides = {"word/document.xml": CT_DOCUMENT, "docProps/core.xml": CT_CORE,
                 "docProps/app.xml": CT_APP, **BASE_CONTENT_TYPES}
    if with_custom:
        overrides["docProps/custom.xml"] = CT_CUSTOM
    for sp in tpl.static:
        if sp.content_type is not None:
            overrides[sp.part.name] = sp.content_type
    lines = [f'<Types xmlns="{CT_NS}">']
    for ext in sorted(defaults):
        lines.append(f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(defaults[ext])}/>")
    for name in sorted(overrides):
        lines.append(f"<Override PartName={quoteattr('/' + name)} "
                     f"ContentType={quoteattr(overrides[name])}/>")
    lines.append("</Types>")
    part = Part.make("[Content_Types].xml", _XML_DECL + "".join(lines).encode("utf-8"))
    tpl.parts_cache[key] = part
    return part


def _rels_xml(rels: list[tuple[str, str, str, bool]]) -> bytes:
    lines = [f'<Relationships xmlns="{PKG_REL_NS}">']
    for rid, typ, target, external in rels:
        mode = ' TargetMode="External"' if external else ""
        lines.append(f"<Relationship Id={quoteattr(rid)} Type={quoteattr(typ)} "
                     f"Target={quoteattr(target)}{mode}/>")
    lines.append("</Relationships>")
    return _XML_DECL + "".join(lines).encode("utf-8")


def _package_rels(tpl: Template, with_custom: bool) -> Part:
    key = ("package_rels", with_custom)
    cached = tpl.parts_cache.get(key)
    if cached is not None:
        return cached
    rels = [("rId1", RT_OFFICE_DOCUMENT, "word/document.xml", False),
            ("rId2", RT_CORE, "docProps/core.xml", False),
            ("rId3", RT_APP, "docProps/app.xml", False)]
    if with_custom:
        rels.append(("rId4", RT_CUSTOM, "docProps/custom.xml", False))
    part = Part.make("_rels/.rels", _rels_xml(rels))
    tpl.parts_cache[key] = part
    return part


def _document_rels(tpl: Template, links: list[tuple[str, str]]) -> bytes:
    rels = [(rid, typ, target, False) for rid, typ, target in tpl.rels]
    rels.extend((rid, RT_HYPERLINK, url, True) for rid, url in links)
    return _rels_xml(rels)
