"""Write a Document as a Word document (DOCX) that editors can open, restyle and trust.

A pure function: ``write(doc, options) -> bytes`` reads nothing but its arguments (the house style
and the reference .docx *content* come in ``options``). The article-independent work is done
once per (style, reference) by :func:`template.prepare_template`; per article, the head comes from
:func:`convert.arrange.arrange` and only ``document.xml`` and the properties are built, plus the
article's pictures (``word/media``) and notes (``word/footnotes.xml``) when it has them, the
styles' and font table's faces for the article's scripts (:mod:`.fonts`) and, with
``options.embed_fonts``, the embedded subset fonts (:mod:`.embed`).
"""

from __future__ import annotations

import functools

from msgspec.structs import replace

from ...arrange import arrange
from ...model import Document
from ...options import WriteOptions
from ...zipio import Part, build_zip
from .body import BuiltBody, build_document
from .fonts import declare_faces, style_faces
from .manifest import Relationship, add_relationships, content_types_part
from .notes import FOOTNOTES_PART, settings_with_notes
from .ooxml import CT_OBFUSCATED_FONT, parse, serialize
from .props import app_xml, core_xml, custom_xml
from .stored import stored_template
from .template import BASE_CONTENT_TYPES, Template

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
    # cached per style (one per publication named), and between processes in template_cache
    tpl = stored_template(style, reference, options.template_cache)
    built = build_document(head, doc.meta.language, tpl, doc.meta.located)
    custom = custom_xml(doc)
    with_custom = custom is not None

    static = {sp.part.name: sp.part for sp in tpl.static}
    faces = {**style_faces(tpl.fonts.values(), built.fonts.fonts), **dict(built.fonts.run_faces)}
    if tpl.font_table_xml is not None and faces:
        static["word/fontTable.xml"] = _font_table(tpl.font_table_xml, tuple(faces.items()))
    content_types = tpl.content_types[with_custom]
    extensions = built.extension_types
    settings = tpl.settings_xml
    if FOOTNOTES_PART in built.overrides:  # the settings name the notes' separators
        settings = settings_with_notes(settings)
        static["word/settings.xml"] = _settings_part(settings)
    if options.embed_fonts and tpl.font_table_xml is not None:
        _embed_fonts(tpl, built, faces, style.publication, static, settings)
        extensions = {**extensions, "odttf": CT_OBFUSCATED_FONT}
    if extensions or built.overrides:  # pictures, notes or embedded fonts: more types to name
        content_types = content_types_part({**tpl.extension_types, **extensions},
                                           {**BASE_CONTENT_TYPES, **built.overrides}, tpl.static,
                                           with_custom=with_custom)

    parts: list[Part] = [
        content_types,
        tpl.package_rels[with_custom],
        Part.make("docProps/app.xml", app_xml(doc, options)),
        Part.make("docProps/core.xml", core_xml(doc, options)),
    ]
    if custom is not None:
        parts.append(Part.make("docProps/custom.xml", custom))
    parts.append(Part.make("word/_rels/document.xml.rels", _document_rels(tpl, built.rels)))
    parts.append(Part.make("word/document.xml", built.xml))
    parts.extend(built.parts)
    parts.append(tpl.numbering_part(built.ordered_starts))
    parts.append(tpl.styles_part(doc.meta.language or "en", built.fonts.fonts))
    parts.extend(static.values())
    parts.sort(key=_part_order)
    return build_zip(parts, options.timestamp)


@functools.lru_cache(maxsize=64)
def _font_table(font_table_xml: bytes, faces: tuple[tuple[str, str], ...]) -> Part:
    """``word/fontTable.xml`` declaring the article's script faces (family, script)."""
    root = parse(font_table_xml)
    declare_faces(root, faces)
    return Part.make("word/fontTable.xml", serialize(root))


@functools.lru_cache(maxsize=16)
def _settings_part(settings_xml: bytes) -> Part:
    return Part.make("word/settings.xml", settings_xml)


def _embed_fonts(tpl: Template, built: BuiltBody, faces: dict[str, str], publication: str,
                 static: dict[str, Part], settings_xml: bytes) -> None:
    """Embed the document's faces: the changed and added parts go in ``static``."""
    from ...fontsubset import codepoints  # here: fontTools' subsetter, only when embedding
    from .embed import embed

    assert tpl.font_table_xml is not None
    root = parse(tpl.font_table_xml)
    declare_faces(root, tuple(faces.items()))
    page = [(r.font, ("bold" if r.bold else "regular",))  # running header and page numbers
            for r in (tpl.fonts["header"], tpl.fonts["footer"])]
    needs = (*built.fonts.needs, *page)
    done = embed(serialize(root), settings_xml, needs, codepoints([*built.chars, publication]))
    static["word/fontTable.xml"] = done.font_table
    static["word/settings.xml"] = done.settings
    static.update((part.name, part) for part in done.parts)


def _part_order(part: Part) -> tuple[int, str]:
    """[Content_Types].xml first, then every part by name, as python-docx's template orders them."""
    return (0 if part.name == "[Content_Types].xml" else 1, part.name)


def _document_rels(tpl: Template, rels: list[Relationship]) -> bytes:
    """``word/_rels/document.xml.rels``: the template's parts, then the article's (links, pictures, notes)."""
    return add_relationships(tpl.document_rels, rels)
