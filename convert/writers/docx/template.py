"""The DOCX template: python-docx's default (or a user's reference .docx) restyled once per process.

Everything that is the same for every article (styles, numbering definitions, settings, theme,
font table, page, running header and footer) is prepared here once per (house style, reference
.docx content) by :func:`prepare_template`, a pure function of those two values with a bounded cache. A
:class:`Template` holds only immutable values (bytes, compressed parts, tuples), never an lxml
tree, so threads may share one; each article builds its own trees from it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from lxml import etree
from msgspec import Struct

from ...styles import HouseStyle
from ...zipio import Part
from .fonts import ArticleFonts, RoleFont, style_entries
from .manifest import StaticPart, content_types_part, package_rels_part, rels_xml
from .numbering import Numbering, numbering_part, prepare_numbering
from .ooxml import (
    CT_FONTTABLE,
    CT_NUMBERING,
    CT_SETTINGS,
    CT_STYLES,
    CT_THEME,
    CT_WEBSETTINGS,
    RT_FONTTABLE,
    RT_NUMBERING,
    RT_SETTINGS,
    RT_STYLES,
    RT_THEME,
    RT_WEBSETTINGS,
    W_NS,
    mm_twips,
    parse,
    serialize,
    w,
)
from .package import Package, default_package
from .richstyles import declare_code_font, table_style
from .section import PageElement, Section, house_header_footer, house_page, reference_section
from .styles import (
    STYLE_SPECS,
    apply_house_style,
    declare_fonts,
    drop_table_styles,
    point_list_styles,
    role_element,
    styles_part,
)

#: Content types of the parts every template has (for the overrides list).
BASE_CONTENT_TYPES = MappingProxyType({"word/styles.xml": CT_STYLES,
                                       "word/numbering.xml": CT_NUMBERING})


class Template(Struct, frozen=True, eq=False):
    """Everything article-independent, prepared once per (house style, reference .docx)."""

    style: HouseStyle
    #: role -> styleId actually present in styles.xml (see ``styles.STYLE_SPECS``).
    ids: Mapping[str, str]
    #: ``word/styles.xml`` restyled, before the article language is set.
    styles_xml: bytes
    numbering: Numbering
    section: Section
    #: Parts copied into every output (settings, theme, fonts, headers, footers, ...).
    static: tuple[StaticPart, ...]
    #: Main-document relationships every article has: (id, type, target).
    rels: tuple[tuple[str, str, str], ...]
    #: The same as a prepared ``word/_rels/document.xml.rels`` (hyperlinks are appended to it).
    document_rels: bytes
    #: ``[Content_Types].xml`` and ``_rels/.rels``, indexed by "has custom properties".
    content_types: tuple[Part, Part]
    package_rels: tuple[Part, Part]
    #: role -> its style's id, house-style font and generic family (see :mod:`.fonts`).
    fonts: Mapping[str, RoleFont]
    #: True when the house style made the styles (no reference .docx): docDefaults are ours.
    restyled: bool
    #: ``word/fontTable.xml`` and ``word/settings.xml`` as prepared (an article may add to them).
    font_table_xml: bytes | None
    settings_xml: bytes
    #: ``Default`` content types by extension (the template's; embedded fonts add one).
    extension_types: Mapping[str, str]
    #: Id of the table style tables name (``Table Grid``).
    table_style: str = "TableGrid"
    #: Width and height of the text (one column's width), in EMU: pictures are fitted to them.
    text_size: tuple[int, int] = (5_760_720, 8_229_600)

    def styles_part(self, language: str, fonts: ArticleFonts | None = None) -> Part:
        """``word/styles.xml`` with the article language as the proofing default.

        ``fonts``: the article's scripts, whose faces the styles name (see :mod:`.fonts`).
        """
        if fonts is None:
            return styles_part(self.styles_xml, language)
        body = self.fonts["normal"]
        defaults = ((body.font, fonts.cs(body), fonts.east_asia(body)) if self.restyled
                    else None)
        return styles_part(self.styles_xml, language,
                           style_entries(self.fonts.values(), fonts), defaults)

    def numbering_part(self, starts: tuple[tuple[int, int], ...]) -> Part:
        """``word/numbering.xml`` with one restarting ``w:num`` per ordered list (start, level)."""
        return numbering_part(self.numbering, starts)


@functools.lru_cache(maxsize=16)
def prepare_template(style: HouseStyle, reference: bytes | None = None) -> Template:
    """The prepared template for a house style and optional reference .docx content.

    Pure and cached on its two values: equal arguments give the same object, and a worker
    converting its 10,000th article does none of this work again. Two threads that miss at the
    same moment both build one (equal in content); the cache keeps one of them.
    """
    default = default_package()
    ref = Package(reference) if reference is not None else None
    restyle = ref is None

    def pick(rel_type: str) -> bytes | None:
        """A part of the reference .docx, else of python-docx's default template."""
        for pkg in (ref, default):
            found = pkg.part_by_type(rel_type) if pkg is not None else None
            if found is not None:
                return found[1]
        return None

    styles_bytes = pick(RT_STYLES)
    assert styles_bytes is not None
    styles_root = parse(styles_bytes)
    if restyle:
        drop_table_styles(styles_root)
    added: set[str] = set()
    ids = apply_house_style(styles_root, style, restyle=restyle, added=added,
                            reference_after=None if restyle else reference_space_after(styles_root))
    table_id = table_style(styles_root)
    numbering = prepare_numbering(pick(RT_NUMBERING), style.element("list"),
                                  *(() if restyle else reference_list_numbers(styles_root, ids, added)))
    if restyle:
        point_list_styles(styles_root, ids, numbering.bullet_num, numbering.number_num)

    settings_root = parse(pick(RT_SETTINGS) or f'<w:settings xmlns:w="{W_NS}"/>'.encode())
    clean_settings(settings_root, hyphenate=style.element("body").hyphenate and restyle)
    settings_xml = serialize(settings_root)
    static: list[StaticPart] = [
        StaticPart(Part.make("word/settings.xml", settings_xml), CT_SETTINGS,
                   RT_SETTINGS, "settings.xml"),
    ]
    web = pick(RT_WEBSETTINGS)
    if web is not None:
        static.append(StaticPart(Part.make("word/webSettings.xml", web), CT_WEBSETTINGS,
                                 RT_WEBSETTINGS, "webSettings.xml"))
    fonts = pick(RT_FONTTABLE)
    font_table_xml = None
    if fonts is not None:
        font_root = parse(fonts)
        drop_embedded(font_root)
        if restyle:
            declare_fonts(font_root, style)
        declare_code_font(font_root)
        font_table_xml = serialize(font_root)
        static.append(StaticPart(Part.make("word/fontTable.xml", font_table_xml),
                                 CT_FONTTABLE, RT_FONTTABLE, "fontTable.xml"))
    theme = pick(RT_THEME)
    if theme is not None:
        static.append(StaticPart(Part.make("word/theme/theme1.xml", theme), CT_THEME, RT_THEME,
                                 "theme/theme1.xml"))

    header_refs: list[tuple[str, str, str]] = []
    page: tuple[PageElement, ...] = ()
    columns, column_gap = style.page.columns, mm_twips(style.page.column_gap)
    if ref is not None:
        found = reference_section(ref)
        static.extend(found.parts)
        header_refs, page = list(found.refs), found.page
        if found.columns is not None:
            columns = found.columns[0]
            column_gap = found.columns[1] if found.columns[1] is not None else column_gap
    if ref is None:  # a reference's headers and footers replace ours, none if it has none
        header_refs, parts = house_header_footer(style, ids)
        static.extend(parts)
    if not page:
        page = house_page(style)

    rels = [("rId1", RT_STYLES, "styles.xml"), ("rId2", RT_NUMBERING, "numbering.xml")]
    rid_by_target: dict[str, str] = {}
    for sp in static:
        if sp.rel_type is not None and sp.target is not None:
            rid = f"rId{len(rels) + 1}"
            rels.append((rid, sp.rel_type, sp.target))
            rid_by_target[sp.target] = rid
    section = Section(tuple((kind, typ, rid_by_target[target]) for kind, typ, target in header_refs),
                      page, columns, column_gap)
    ext_types = (ref or default).extension_types()
    role_fonts = {}
    for spec in STYLE_SPECS:
        es = role_element(spec, style)
        ours = restyle or (spec.role in added and es.font_fallback == "monospace")
        role_fonts[spec.role] = RoleFont(ids[spec.role], es.font, es.font_fallback, ours,
                                         es.bold, es.italic)
    return Template(
        style=style, ids=MappingProxyType(ids), styles_xml=serialize(styles_root),
        numbering=numbering, section=section, static=tuple(static), rels=tuple(rels),
        document_rels=rels_xml((rid, typ, target, False) for rid, typ, target in rels),
        content_types=(content_types_part(ext_types, BASE_CONTENT_TYPES, static, with_custom=False),
                       content_types_part(ext_types, BASE_CONTENT_TYPES, static, with_custom=True)),
        package_rels=(package_rels_part(with_custom=False), package_rels_part(with_custom=True)),
        fonts=MappingProxyType(role_fonts), restyled=restyle, font_table_xml=font_table_xml,
        settings_xml=settings_xml, extension_types=MappingProxyType(ext_types),
        table_style=table_id, text_size=text_size(page, columns, column_gap),
    )


_EMU_PER_TWIP = 635


def text_size(page: tuple[PageElement, ...], columns: int, column_gap: str | None) -> tuple[int, int]:
    """(width of one column, height of the text) in EMU, from ``w:pgSz`` and ``w:pgMar``."""
    found: dict[str, int] = {}
    for el in page:
        for name, value in el.attrs:
            key = f"{etree.QName(el.tag).localname}.{etree.QName(name).localname}"
            try:
                found[key] = int(float(value))
            except ValueError:
                continue
    width = found.get("pgSz.w", 11906) - found.get("pgMar.left", 1440) - found.get("pgMar.right", 1440)
    height = found.get("pgSz.h", 16838) - found.get("pgMar.top", 1440) - found.get("pgMar.bottom", 1440)
    if columns > 1:
        try:
            gap = int(float(column_gap or 720))
        except ValueError:
            gap = 720
        width = (width - gap * (columns - 1)) // columns
    return max(width, 1440) * _EMU_PER_TWIP, max(height, 1440) * _EMU_PER_TWIP


def reference_space_after(root: etree._Element) -> str:
    """The space after the reference's body text (Body Text, else Normal, else the defaults)."""
    styles = {st.get(w("styleId")): st for st in root.iter(w("style"))
              if st.get(w("type"), "paragraph") == "paragraph"}
    names = {(st.find(w("name")).get(w("val"), "") if st.find(w("name")) is not None else "")
             .lower(): sid for sid, st in styles.items()}
    sid = names.get("body text") or names.get("normal")
    seen: set[str] = set()
    while sid in styles and sid not in seen:
        seen.add(sid)
        spacing = styles[sid].find(f"{w('pPr')}/{w('spacing')}")
        if spacing is not None and spacing.get(w("after")) is not None:
            return spacing.get(w("after"), "0")
        based = styles[sid].find(w("basedOn"))
        sid = based.get(w("val")) if based is not None else None
    spacing = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}/{w('spacing')}")
    return spacing.get(w("after"), "0") if spacing is not None else "0"


def reference_list_numbers(root: etree._Element, ids: Mapping[str, str],
                           added: set[str]) -> tuple[int | None, int | None]:
    """The numIds a reference's own List Bullet and List Number styles carry (None: none).

    A list's top level then takes the reference's markers, in the reference's fonts.
    """
    found: list[int | None] = []
    for role in ("list_bullet", "list_number"):
        num = None
        if role not in added:
            for st in root.iter(w("style")):
                if st.get(w("styleId")) == ids[role]:
                    el = st.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
                    value = el.get(w("val"), "") if el is not None else ""
                    num = int(value) if value.isdigit() and int(value) > 0 else None
        found.append(num)
    return found[0], found[1]


def drop_embedded(font_table: etree._Element) -> None:
    """Drop a reference .docx's embedded-font references: its font parts are not copied."""
    for font in font_table.findall(w("font")):
        for tag in ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic"):
            for el in font.findall(w(tag)):
                font.remove(el)


def clean_settings(root: etree._Element, *, hyphenate: bool) -> None:
    """Drop what would lie about this document (proofing state, preview, template links)."""
    for tag in ("proofState", "savePreviewPicture", "attachedTemplate", "mailMerge",
                "documentProtection", "writeProtection"):
        for el in root.findall(w(tag)):
            root.remove(el)
    if hyphenate and root.find(w("autoHyphenation")) is None:
        el = etree.Element(w("autoHyphenation"))
        tab = root.find(w("defaultTabStop"))
        if tab is not None:
            tab.addnext(el)
        else:
            root.insert(0, el)
