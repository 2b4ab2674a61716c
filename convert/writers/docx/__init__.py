"""Write a Document as a Word document (DOCX) that editors can open, restyle and trust.

A pure function: ``write(doc, options) -> bytes`` reads nothing but its arguments (the house style
and the reference .docx *content* come in ``options``). The article-independent work is done
once per (style, reference) by :func:`template.prepare_template`; per article, the head comes from
:func:`convert.arrange.arrange` and only ``document.xml`` and the properties are built.
"""

from __future__ import annotations

from dataclasses import replace

from ...arrange import arrange
from ...model import Document
from ...options import WriteOptions
from ...zipio import Part, build_zip
from .body import build_document
from .manifest import add_relationships
from .ooxml import RT_HYPERLINK
from .props import app_xml, core_xml, custom_xml
from .template import Template, prepare_template

__all__ = ["write"]


def write(doc: Document, options: WriteOptions) -> bytes:
    """Render one article as DOCX bytes (same Document and options give the same bytes)."""
    reference = options.reference_docx
    if reference is not None and not isinstance(reference, bytes):
        raise TypeError("WriteOptions.reference_docx is the .docx content (bytes), not "
                        f"{type(reference).__name__}; the caller reads the file")
    head = arrange(doc, options.style)
    style = options.style
    if head.publication != (style.publication or None):  # the article names its publication
        style = replace(style, publication=head.publication or "")
    tpl = prepare_template(style, reference)  # cached per style: one per publication named
    built = build_document(head, doc.meta.language, tpl)
    custom = custom_xml(doc)
    with_custom = custom is not None

    parts: list[Part] = [
        tpl.content_types[with_custom],
        tpl.package_rels[with_custom],
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


def _document_rels(tpl: Template, links: list[tuple[str, str]]) -> bytes:
    """``word/_rels/document.xml.rels``: the template's parts, then one per hyperlink target."""
    return add_relationships(tpl.document_rels, ((rid, RT_HYPERLINK, url, True) for rid, url in links))
