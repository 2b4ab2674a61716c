"""The page: size, margins, columns and running header/footer, from the house style or a reference.

Prepared once per template as plain values (:class:`Section`); each article's ``w:sectPr`` is
built fresh from them by :func:`section_properties`, so no lxml tree is shared between articles
or threads.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from lxml import etree
from msgspec import Struct

from ...styles import HouseStyle
from ...zipio import Part
from .manifest import StaticPart
from .ooxml import (
    CT_FOOTER,
    CT_HEADER,
    NSMAP,
    R_NS,
    RT_FOOTER,
    RT_HEADER,
    XML_NS,
    mm_twips,
    parse,
    serialize,
    sub,
    w,
)
from .package import Package, resolve

_RID = f"{{{R_NS}}}id"
_SECT_PR, _COLS = w("sectPr"), w("cols")
_TYPE, _VAL, _SPACE, _NUM = w("type"), w("val"), w("space"), w("num")


class PageElement(Struct, frozen=True):
    """One attribute-only ``w:sectPr`` child (``w:pgSz``, ``w:pgMar``) as a value."""

    tag: str
    #: (Clark name, value) of each attribute, in document order.
    attrs: tuple[tuple[str, str], ...]
    #: Namespaces the attributes need beyond ``w:`` and ``r:`` (prefix, URI), kept as written.
    nsmap: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, el: etree._Element) -> PageElement:
        """The value of an element read from a reference .docx."""
        uris = {etree.QName(name).namespace for name in el.attrib} - {None, *NSMAP.values()}
        extra = tuple((prefix, uri) for prefix, uri in el.nsmap.items()
                      if uri in uris and prefix is not None)
        return cls(el.tag, tuple(el.attrib.items()), extra)

    def add_to(self, parent: etree._Element) -> None:
        """Append a fresh element built from this value."""
        if self.nsmap:
            el = etree.SubElement(parent, self.tag, nsmap=dict(self.nsmap))
        else:
            el = etree.SubElement(parent, self.tag)
        for name, value in self.attrs:
            el.set(name, value)


class Section(Struct, frozen=True):
    """What every article's section says: running header/footer, page geometry, columns."""

    #: (element, type, relationship id) of each running header and footer.
    header_refs: tuple[tuple[str, str, str], ...]
    page: tuple[PageElement, ...]
    columns: int
    column_gap: str


def add_section_properties(parent: etree._Element, section: Section, columns: int,
                           continuous: bool) -> None:
    """Append a ``w:sectPr``: running header/footer, page geometry and ``columns`` columns.

    Built in place (not as a free element then moved) so lxml need not reconcile namespaces.
    """
    sect = etree.SubElement(parent, _SECT_PR)
    for kind, typ, rid in section.header_refs:
        ref = etree.SubElement(sect, w(kind))
        ref.set(_TYPE, typ)
        ref.set(_RID, rid)
    if continuous:
        etree.SubElement(sect, _TYPE).set(_VAL, "continuous")  # w:type element, w:type attribute: one name
    for el in section.page:
        el.add_to(sect)
    cols = etree.SubElement(sect, _COLS)
    cols.set(_SPACE, section.column_gap)
    if columns > 1:
        cols.set(_NUM, str(columns))


# --------------------------------------------------------------------------- house style


def house_page(hs: HouseStyle) -> tuple[PageElement, ...]:
    """Page size and margins of the house style (header and footer bands within the margins)."""
    p = hs.page
    size = [(w("w"), mm_twips(p.width)), (w("h"), mm_twips(p.height))]
    if p.width > p.height:
        size.append((w("orient"), "landscape"))
    mar = [(w(key), mm_twips(value)) for key, value in (
        ("top", p.margin_top), ("right", p.margin_right), ("bottom", p.margin_bottom),
        ("left", p.margin_left))]
    mar += [(w("header"), mm_twips(min(12.5, p.margin_top / 2))),
            (w("footer"), mm_twips(min(12.5, p.margin_bottom / 2))), (w("gutter"), "0")]
    return (PageElement(w("pgSz"), tuple(size)), PageElement(w("pgMar"), tuple(mar)))


def house_header_footer(hs: HouseStyle, ids: Mapping[str, str]
                        ) -> tuple[list[tuple[str, str, str]], list[StaticPart]]:
    """Running header (publication name) and footer (page number) as the house style asks.

    Returns the references (element, type, target) and the parts they point to.
    """
    refs: list[tuple[str, str, str]] = []
    parts: list[StaticPart] = []
    if hs.layout.running_header and hs.publication:
        data = _story("hdr", ids["header"], [_text_run(hs.publication)])
        parts.append(StaticPart(Part.make("word/header1.xml", data), CT_HEADER, RT_HEADER,
                                "header1.xml"))
        refs.append(("headerReference", "default", "header1.xml"))
    if hs.layout.running_footer:
        data = _story("ftr", ids["footer"], _field_runs("PAGE"))
        parts.append(StaticPart(Part.make("word/footer1.xml", data), CT_FOOTER, RT_FOOTER,
                                "footer1.xml"))
        refs.append(("footerReference", "default", "footer1.xml"))
    return refs, parts


def _story(kind: str, style_id: str, runs: Iterable[etree._Element]) -> bytes:
    """A header or footer part: one paragraph in the given style."""
    root = etree.Element(w(kind), nsmap=NSMAP)
    p = sub(root, "p")
    sub(sub(p, "pPr"), "pStyle", val=style_id)
    for r in runs:
        p.append(r)
    return serialize(root)


def _text_run(text: str) -> etree._Element:
    r = etree.Element(w("r"))
    t = sub(r, "t")
    t.text = text
    t.set(f"{{{XML_NS}}}space", "preserve")
    return r


def _field_runs(instruction: str) -> list[etree._Element]:
    """A simple Word field (PAGE) in its begin/instr/separate/result/end form."""
    runs = []
    r = etree.Element(w("r"))
    sub(r, "fldChar", fldCharType="begin")
    runs.append(r)
    r = etree.Element(w("r"))
    instr = sub(r, "instrText")
    instr.text = f" {instruction} "
    instr.set(f"{{{XML_NS}}}space", "preserve")
    runs.append(r)
    r = etree.Element(w("r"))
    sub(r, "fldChar", fldCharType="separate")
    runs.append(r)
    runs.append(_text_run("1"))
    r = etree.Element(w("r"))
    sub(r, "fldChar", fldCharType="end")
    runs.append(r)
    return runs


# --------------------------------------------------------------------------- reference .docx


class ReferenceSection(Struct, frozen=True):
    """A reference .docx's last section: what its articles' sections copy."""

    #: (element, type, target relative to the main document).
    refs: tuple[tuple[str, str, str], ...]
    #: Its ``w:pgSz`` and ``w:pgMar`` (empty: the house page applies).
    page: tuple[PageElement, ...]
    #: Its ``w:cols`` as (count, gap) when it has one.
    columns: tuple[int, str | None] | None
    #: Header and footer parts with their own relationships and the parts those point to.
    parts: tuple[StaticPart, ...]


def reference_section(ref: Package) -> ReferenceSection:
    """Headers, footers and page geometry of a reference .docx's last section."""
    body = parse(ref.parts[ref.main]).find(w("body"))
    sect = body.find(w("sectPr")) if body is not None else None
    if sect is None:
        return ReferenceSection((), (), None, ())
    refs: list[tuple[str, str, str]] = []
    parts: list[StaticPart] = []
    copied: set[str] = set()
    for el in sect:
        if el.tag not in (w("headerReference"), w("footerReference")):
            continue
        rid = el.get(_RID, "")
        if rid not in ref.rels:
            continue
        rel_type, target, _mode = ref.rels[rid]
        name = resolve(ref.base, target)
        if name not in ref.parts:
            continue
        kind = "headerReference" if el.tag == w("headerReference") else "footerReference"
        if name not in copied:
            copied.add(name)
            ct = CT_HEADER if kind == "headerReference" else CT_FOOTER
            parts.append(StaticPart(Part.make(name, ref.parts[name]), ct, rel_type,
                                    posixpath.relpath(name, ref.base)))
            related = ref.related_parts(name)
            if related:  # the header's own .rels part, then each part it points to once
                rels_name, rels_data = related[0]
                parts.append(StaticPart(Part.make(rels_name, rels_data)))
                for target_name, data in related[1:]:
                    if target_name not in copied:
                        copied.add(target_name)
                        parts.append(StaticPart(Part.make(target_name, data)))
        refs.append((kind, el.get(w("type"), "default"), posixpath.relpath(name, ref.base)))
    page = tuple(PageElement.of(el) for el in sect if el.tag in (w("pgSz"), w("pgMar")))
    columns = None
    for el in sect:
        if el.tag == w("cols"):
            columns = (int(el.get(w("num"), "1")), el.get(w("space")))
    return ReferenceSection(tuple(refs), page, columns, tuple(parts))
