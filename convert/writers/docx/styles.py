"""Word styles: the table "model element -> Word style" and the house style applied to styles.xml.

Every paragraph and run the body builder writes names one of :data:`STYLE_SPECS`; the look of
each comes from the house style's element of the same row, so changing the look never changes
code. ``styles.xml`` is prepared once per template (:func:`apply_house_style`); only the proofing
language varies per article (:func:`styles_part`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from lxml import etree
from msgspec import Struct
from msgspec.structs import replace

from ...styles import ElementStyle, HouseStyle
from ...zipio import Part
from .fonts import set_style_fonts
from .ooxml import lang_slot, parse, serialize, sub, twips, w
from .richstyles import decorate, variant

_GENERIC_FAMILY = {"serif": "roman", "sans-serif": "swiss", "monospace": "modern"}


class StyleSpec(Struct, frozen=True):
    """One named style this writer uses: its role, Word name, id, kind and house-style element."""

    role: str
    name: str
    style_id: str
    kind: str  # "paragraph" or "character"
    element: str
    based_on: str | None = "Normal"
    parent_element: str | None = "body"
    outline: int | None = None
    next_id: str | None = None


#: Model element -> Word style. The first column is what the body builder asks for.
STYLE_SPECS: tuple[StyleSpec, ...] = (
    StyleSpec("normal", "Normal", "Normal", "paragraph", "body", None, None),
    StyleSpec("body", "Body Text", "BodyText", "paragraph", "body"),
    StyleSpec("title", "Title", "Title", "paragraph", "headline", outline=0, next_id="Subtitle"),
    StyleSpec("subtitle", "Subtitle", "Subtitle", "paragraph", "standfirst", next_id="Byline"),
    StyleSpec("byline", "Byline", "Byline", "paragraph", "byline", next_id="BodyText"),
    StyleSpec("dateline", "Dateline", "Dateline", "paragraph", "dateline", next_id="BodyText"),
    StyleSpec("heading2", "heading 2", "Heading2", "paragraph", "subheading", outline=1,
              next_id="BodyText"),
    StyleSpec("heading3", "heading 3", "Heading3", "paragraph", "subheading3", outline=2,
              next_id="BodyText"),
    StyleSpec("heading4", "heading 4", "Heading4", "paragraph", "subheading3", outline=3,
              next_id="BodyText"),
    StyleSpec("heading5", "heading 5", "Heading5", "paragraph", "subheading3", outline=4,
              next_id="BodyText"),
    StyleSpec("heading6", "heading 6", "Heading6", "paragraph", "subheading3", outline=5,
              next_id="BodyText"),
    StyleSpec("quote", "Quote", "Quote", "paragraph", "quote"),
    StyleSpec("attribution", "Quote Attribution", "QuoteAttribution", "paragraph", "quote",
              "Quote", "quote"),
    StyleSpec("list_bullet", "List Bullet", "ListBullet", "paragraph", "list"),
    StyleSpec("list_number", "List Number", "ListNumber", "paragraph", "list"),
    StyleSpec("list_continue", "List Continue", "ListContinue", "paragraph", "list"),
    # The last item of a list: the body's space after it (see :func:`role_element`). A List
    # Continue paragraph (a paragraph inside an item) has that space after it anyway.
    StyleSpec("list_bullet_end", "List Bullet End", "ListBulletEnd", "paragraph", "list",
              "List Bullet"),
    StyleSpec("list_number_end", "List Number End", "ListNumberEnd", "paragraph", "list",
              "List Number"),
    StyleSpec("caption", "caption", "Caption", "paragraph", "credit"),
    StyleSpec("picture", "Picture", "Picture", "paragraph", "body", next_id="Caption"),
    StyleSpec("code", "Source Code", "SourceCode", "paragraph", "body"),
    StyleSpec("table_text", "Table Contents", "TableContents", "paragraph", "body"),
    StyleSpec("table_heading", "Table Heading", "TableHeading", "paragraph", "body",
              "Table Contents"),
    StyleSpec("footnote_text", "footnote text", "FootnoteText", "paragraph", "body"),
    StyleSpec("notice_label", "Notice Label", "NoticeLabel", "paragraph", "body"),
    StyleSpec("correction", "Correction", "Correction", "paragraph", "body"),
    StyleSpec("editors_note", "Editor's Note", "EditorsNote", "paragraph", "body"),
    StyleSpec("clarification", "Clarification", "Clarification", "paragraph", "body"),
    StyleSpec("rule", "Horizontal Line", "HorizontalLine", "paragraph", "body"),
    StyleSpec("credit", "Credit", "Credit", "paragraph", "credit"),
    StyleSpec("header", "header", "Header", "paragraph", "header"),
    StyleSpec("footer", "footer", "Footer", "paragraph", "footer"),
    StyleSpec("dateline_char", "Dateline Char", "DatelineChar", "character", "dateline",
              "DefaultParagraphFont", "body"),
    # The date and source of a dateline whose place a style capitalises: as written.
    StyleSpec("dateline_source", "Dateline Source Char", "DatelineSourceChar", "character",
              "dateline", "Dateline Char", "dateline"),
    StyleSpec("hyperlink", "Hyperlink", "Hyperlink", "character", "link",
              "DefaultParagraphFont", "body"),
    StyleSpec("emphasis", "Emphasis", "Emphasis", "character", "body", "DefaultParagraphFont"),
    StyleSpec("strong", "Strong", "Strong", "character", "body", "DefaultParagraphFont"),
    StyleSpec("strong_emphasis", "Strong Emphasis", "StrongEmphasis", "character", "body",
              "DefaultParagraphFont"),
    StyleSpec("code_char", "Verbatim Char", "VerbatimChar", "character", "body",
              "DefaultParagraphFont"),
    StyleSpec("inserted", "Inserted Text", "InsertedText", "character", "body",
              "DefaultParagraphFont"),
    StyleSpec("footnote_reference", "footnote reference", "FootnoteReference", "character", "body",
              "DefaultParagraphFont"),
)
#: Custom styles (not Word's built-in ones): Word marks them so in its style list.
_CUSTOM = frozenset({"byline", "dateline", "credit", "attribution", "picture", "table_text",
                     "table_heading", "notice_label", "correction", "editors_note", "clarification",
                     "rule", "list_bullet_end", "list_number_end"})
#: The role of a list's last paragraph, by the role it would have inside the list.
LIST_END = {"list_bullet": "list_bullet_end", "list_number": "list_number_end"}

#: How a role's look differs from its house-style element (inline emphasis, the attribution).
_VARIANTS: Mapping[str, Mapping[str, object]] = {
    "emphasis": {"italic": True},
    "strong": {"bold": True},
    "strong_emphasis": {"bold": True, "italic": True},
    "attribution": {"italic": False, "align": "right"},
    "dateline_source": {"uppercase": False},
}


# --------------------------------------------------------------------------- the template's styles


def drop_table_styles(root: etree._Element) -> None:
    """Remove python-docx's 100 table styles (340 kB of the template's 353 kB ``styles.xml``).

    Articles have no tables, and Word and LibreOffice offer their built-in table styles anyway
    (they are latent styles); only the default table style stays, which every document needs.
    A reference .docx keeps all its styles.
    """
    for el in root.findall(w("style")):
        if el.get(w("type")) == "table" and el.get(w("default")) not in ("1", "true", "on"):
            # Emptied first: lxml's remove walks the removed subtree to move its namespace
            # references to a new document (2.4 ms for these 100 styles, 0.5 ms emptied).
            el.clear()
            root.remove(el)


def _style_index(root: etree._Element) -> tuple[dict[str, etree._Element], set[str]]:
    by_name: dict[str, etree._Element] = {}
    ids: set[str] = set()
    for st in root.iter(w("style")):
        sid = st.get(w("styleId"), "")
        ids.add(sid)
        name_el = st.find(w("name"))
        name = (name_el.get(w("val"), "") if name_el is not None else sid).lower()
        by_name.setdefault(f"{st.get(w('type'), 'paragraph')}:{name}", st)
    return by_name, ids


def apply_house_style(root: etree._Element, hs: HouseStyle, *, restyle: bool,
                      added: set[str] | None = None, reference_after: str | None = None
                      ) -> dict[str, str]:
    """Give every role a style and return role -> styleId; restyle built-ins when ``restyle``.

    With a reference .docx its styles are kept as they are (that is the point of one); only
    styles it lacks are added (their roles go in ``added``), with the house style's structure
    and the reference's look (``reference_after``: the space after its body text, see
    :func:`_write_style_body`), and Title gets an outline level so the headline stays a heading.
    """
    by_name, used = _style_index(root)
    ids: dict[str, str] = {}
    # Added to a reference: the reference's look (fonts, sizes, spacing), ours only the structure.
    after = None if restyle else reference_after or "0"
    for spec in STYLE_SPECS:
        el = by_name.get(f"{spec.kind}:{spec.name.lower()}")
        if el is None:
            sid = spec.style_id
            while sid in used:
                sid += "X"
            used.add(sid)
            el = sub(root, "style", type=spec.kind, styleId=sid)
            if (spec.kind == "character" and spec.role != "footnote_reference") or \
                    spec.role in _CUSTOM:
                el.set(w("customStyle"), "1")
            sub(el, "name", val=spec.name)
            _write_style_body(el, spec, hs, ids, fresh=True, reference_after=after)
            if added is not None:
                added.add(spec.role)
        elif restyle:
            _write_style_body(el, spec, hs, ids, fresh=False)
        elif spec.outline is not None and spec.role == "title":
            _ensure_outline(el, spec.outline)
        ids[spec.role] = el.get(w("styleId"), spec.style_id)
    return ids


def _write_style_body(el: etree._Element, spec: StyleSpec, hs: HouseStyle,
                      ids: dict[str, str], *, fresh: bool, reference_after: str | None = None
                      ) -> None:
    """(Re)write a style's pPr/rPr from its house-style element, keeping Word's bookkeeping.

    ``reference_after`` (twips after the reference's body text): added to a reference .docx,
    the style takes the house style's structure (indents, emphasis, right or centred text,
    outline, borders, code's monospace face) and the reference's look (fonts, size, colour,
    spacing); a list's last item keeps the reference body's space after it.
    """
    plain = reference_after is not None
    for tag in ("pPr", "rPr"):
        for old in el.findall(w(tag)):
            el.remove(old)
    if fresh:
        if spec.based_on:
            parent_role = {"Normal": "normal", "Quote": "quote", "Table Contents": "table_text",
                           "List Bullet": "list_bullet", "List Number": "list_number",
                           "List Continue": "list_continue", "Dateline Char": "dateline_char"}
            sub(el, "basedOn", val=ids.get(parent_role.get(spec.based_on, ""), spec.based_on))
        if spec.next_id:
            sub(el, "next", val=spec.next_id)
        sub(el, "uiPriority", val="20" if spec.kind == "character" else "30")
        sub(el, "qFormat")
    es = role_element(spec, hs)
    parent = hs.element(spec.parent_element) if spec.parent_element else None
    if spec.kind == "paragraph":
        _paragraph_props(el, es, parent, spec.outline, plain=plain,
                         after=reference_after if spec.role.endswith("_end") else None)
    _run_props(el, es, parent, character=spec.kind == "character", plain=plain)
    decorate(el, spec.role)


def role_element(spec: StyleSpec, hs: HouseStyle) -> ElementStyle:
    """The house-style element of a role as its style shows it (emphasis italic, code monospace ...)."""
    es = hs.element(spec.element)
    if spec.role.endswith("_end") or spec.role == "list_continue":
        # A list's last item, a paragraph inside an item: the gap after a body paragraph.
        base = role_element(next(s for s in STYLE_SPECS if s.role == spec.role[:-4]), hs) \
            if spec.role.endswith("_end") else replace(es, **(variant(spec.role, hs) or {}))
        return replace(base, space_after=max(es.space_after, hs.element("body").space_after))
    changes = _VARIANTS.get(spec.role) or variant(spec.role, hs)
    if spec.role in ("quote", "attribution"):  # a quote stands apart as a paragraph does
        changes = {**(changes or {}),
                   "space_after": max(es.space_after, hs.element("body").space_after)}
    return replace(es, **changes) if changes else es  # type: ignore[arg-type]


def _paragraph_props(style_el: etree._Element, es: ElementStyle, parent: ElementStyle | None,
                     outline: int | None, *, plain: bool = False, after: str | None = None) -> None:
    ppr = sub(style_el, "pPr")
    if es.keep_with_next:
        sub(ppr, "keepNext")
    if outline is not None:
        sub(ppr, "keepLines")
    if plain:  # a style added to a reference: its spacing and hyphenation are the reference's
        if after is not None:  # a list's last item: the rest as the list style it is based on
            sub(ppr, "spacing", after=after)
            return
    else:
        if not es.hyphenate:
            sub(ppr, "suppressAutoHyphens")
        sub(ppr, "spacing", before=twips(es.space_before), after=twips(es.space_after),
            line=str(round(240 * es.line_height)), lineRule="auto")
    ind: dict[str, str] = {}
    if es.left_indent or (parent is not None and parent.left_indent):
        ind["left"] = twips(es.left_indent)
    if es.first_line_indent or (parent is not None and parent.first_line_indent):
        ind["firstLine"] = twips(es.first_line_indent)
    if ind:
        sub(ppr, "ind", **ind)
    if not plain or es.align in ("right", "center"):
        sub(ppr, "jc", val={"justify": "both"}.get(es.align, es.align))
    if outline is not None:
        sub(ppr, "outlineLvl", val=str(outline))
    if len(ppr) == 0:
        style_el.remove(ppr)


def _run_props(style_el: etree._Element, es: ElementStyle, parent: ElementStyle | None, *,
               character: bool, plain: bool = False) -> None:
    """Run properties of a style (a character style keeps only what differs from body text).

    A character style that repeated the body font and size would override the paragraph it sits
    in, e.g. shrink a linked word in a headline to body size.
    """
    rpr = sub(style_el, "rPr")

    def wanted(name: str) -> bool:
        if plain:  # added to a reference: a face only for code, a colour only for links
            return (name == "font" and es.font_fallback == "monospace") or \
                (name == "colour" and character and parent is not None and es.colour != parent.colour)
        return not character or parent is None or getattr(es, name) != getattr(parent, name)

    if wanted("font"):
        sub(rpr, "rFonts", ascii=es.font, hAnsi=es.font, cs=es.font)
    for attr, tags in (("bold", ("b", "bCs")), ("italic", ("i", "iCs")), ("uppercase", ("caps",))):
        on = bool(getattr(es, attr))
        was = bool(parent is not None and getattr(parent, attr))
        for tag in tags:
            if on:
                sub(rpr, tag)
            elif was:
                sub(rpr, tag, val="0")
    if wanted("colour"):
        sub(rpr, "color", val=es.colour.lstrip("#").upper())
    if wanted("size"):
        sub(rpr, "sz", val=str(round(es.size * 2)))
        sub(rpr, "szCs", val=str(round(es.size * 2)))
    if es.underline:
        sub(rpr, "u", val="single")
    elif parent is not None and parent.underline:
        sub(rpr, "u", val="none")
    if len(rpr) == 0:
        style_el.remove(rpr)


def _ensure_outline(style_el: etree._Element, level: int) -> None:
    """Add ``w:outlineLvl`` to a reference style that lacks it (schema order: near the end)."""
    ppr = style_el.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        rpr = style_el.find(w("rPr"))
        if rpr is not None:
            rpr.addprevious(ppr)
        else:
            style_el.append(ppr)
    if ppr.find(w("outlineLvl")) is not None:
        return
    later = [c for c in ppr if c.tag in (w("divId"), w("cnfStyle"), w("rPr"), w("sectPr"),
                                         w("pPrChange"))]
    el = etree.Element(w("outlineLvl"))
    el.set(w("val"), str(level))
    if later:
        later[0].addprevious(el)
    else:
        ppr.append(el)


def point_list_styles(root: etree._Element, ids: Mapping[str, str], bullet: int,
                      number: int) -> None:
    """List Bullet / List Number carry our numbering, so a restyled list keeps its markers."""
    for role, num in (("list_bullet", bullet), ("list_number", number),
                      ("list_bullet_end", bullet), ("list_number_end", number)):
        for st in root.iter(w("style")):
            if st.get(w("styleId")) == ids[role]:
                ppr = st.find(w("pPr"))
                assert ppr is not None
                numpr = etree.Element(w("numPr"))
                sub(numpr, "numId", val=str(num))
                anchor = ppr.find(w("keepLines"))
                if anchor is None:
                    anchor = ppr.find(w("keepNext"))
                if anchor is not None:
                    anchor.addnext(numpr)
                else:
                    ppr.insert(0, numpr)


def declare_fonts(root: etree._Element, hs: HouseStyle) -> None:
    """fontTable.xml: declare the house fonts with their generic family, so a missing one falls back well."""
    have = {f.get(w("name")) for f in root.findall(w("font"))}
    for es in hs.elements.values():
        if es.font in have:
            continue
        have.add(es.font)
        f = sub(root, "font", name=es.font)
        sub(f, "family", val=_GENERIC_FAMILY.get(es.font_fallback, "auto"))
        sub(f, "pitch", val="fixed" if es.font_fallback == "monospace" else "variable")


# --------------------------------------------------------------------------- per article language


@functools.lru_cache(maxsize=64)
def styles_part(styles_xml: bytes, language: str,
                fonts: tuple[tuple[str, str, str | None], ...] = (),
                default_fonts: tuple[str, str, str | None] | None = None) -> Part:
    """``word/styles.xml`` of a template with ``language`` as the proofing default.

    ``fonts``: (styleId, cs face, eastAsia face) of each style we styled, ``default_fonts`` the
    docDefaults' (body font, cs, eastAsia) (see :mod:`.fonts`). A pure function of its values,
    cached: a worker pays for each language and script once per template.
    """
    root = parse(styles_xml)
    _set_default_language(root, language)
    set_style_fonts(root, fonts, default_fonts)
    return Part.make("word/styles.xml", serialize(root))


def _set_default_language(root: etree._Element, language: str) -> None:
    """``w:lang`` in docDefaults: what Word and LibreOffice use for spell-checking (and layout)."""
    defaults = root.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        root.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "rPr")
    lang = rpr.find(w("lang"))
    if lang is None:
        lang = etree.Element(w("lang"))
        later = [c for c in rpr if c.tag in (w("eastAsianLayout"), w("specVanish"), w("oMath"))]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)
    # The article's language goes in the slot Word reads for its script; the template's (or the
    # reference .docx's) tags stay in the other two, for text in those scripts.
    lang.set(w(lang_slot(language)), language)


__all__ = ["STYLE_SPECS", "StyleSpec", "apply_house_style", "declare_fonts",
           "drop_table_styles", "point_list_styles", "role_element", "styles_part"]
