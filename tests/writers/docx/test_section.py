"""The section: page geometry and columns from the house style, running header and footer."""

from __future__ import annotations

from lxml import etree
from msgspec.structs import replace

from convert.styles import load_style
from convert.writers import docx as writer
from convert.writers.docx.ooxml import NSMAP
from convert.writers.docx.section import PageElement, add_section_properties, house_page
from convert.writers.docx.template import prepare_template
from tests.sample_docs import kitchen_sink
from tests.writers.docx.common import NS, OPTIONS, R, W, wattr, xml


def test_house_style_drives_the_page(sink: bytes) -> None:
    sect = xml(sink, "word/document.xml").find("w:body/w:sectPr", NS)
    assert sect.find("w:pgSz", NS).get(wattr("w")) == str(round(210 * 1440 / 25.4))  # A4
    assert sect.find("w:pgMar", NS).get(wattr("left")) == str(round(24 * 1440 / 25.4))


def test_landscape_page_says_so() -> None:
    hs = load_style("default")
    wide = replace(hs, page=replace(hs.page, width=297.0, height=210.0))
    size = house_page(wide)[0]
    assert dict(size.attrs)[wattr("orient")] == "landscape"


def test_broadsheet_headline_spans_two_columns() -> None:
    data = writer.write(kitchen_sink(), replace(OPTIONS, style=load_style("broadsheet")))
    doc = xml(data, "word/document.xml")
    inner = doc.findall(".//w:p/w:pPr/w:sectPr", NS)
    assert len(inner) == 1 and inner[0].find("w:cols", NS).get(wattr("num")) is None
    final = doc.find("w:body/w:sectPr", NS)
    assert final.find("w:cols", NS).get(wattr("num")) == "2"
    assert final.find("w:type", NS).get(wattr("val")) == "continuous"


def test_running_footer_has_page_field(sink: bytes) -> None:
    sect = xml(sink, "word/document.xml").find("w:body/w:sectPr", NS)
    ref = sect.find("w:footerReference", NS)
    rels = {r.get("Id"): r.get("Target") for r in xml(sink, "word/_rels/document.xml.rels")}
    footer = xml(sink, "word/" + rels[ref.get(f"{{{R}}}id")])
    assert "PAGE" in "".join(footer.xpath(".//w:instrText/text()", namespaces=NS))
    assert footer.find(".//w:pStyle", NS).get(wattr("val")) == "Footer"


def test_no_running_header_without_a_publication() -> None:
    hs = load_style("default")
    bare = replace(hs, publication="", layout=replace(hs.layout, running_footer=False))
    sect = xml(writer.write(kitchen_sink(), replace(OPTIONS, style=bare)),
               "word/document.xml").find("w:body/w:sectPr", NS)
    assert sect.find("w:headerReference", NS) is None and sect.find("w:footerReference", NS) is None


def test_each_article_gets_fresh_section_elements() -> None:
    section = prepare_template(replace(OPTIONS.style, publication="The Example Times")).section
    a, b = etree.Element("a"), etree.Element("b")
    add_section_properties(a, section, 2, True)
    add_section_properties(b, section, 2, True)
    assert a[0] is not b[0] and etree.tostring(a[0]) == etree.tostring(b[0])
    assert [etree.QName(el).localname for el in a[0]] == [
        "headerReference", "footerReference", "type", "pgSz", "pgMar", "cols"]


def test_page_element_keeps_foreign_attribute_namespaces() -> None:
    """A reference's pgMar with a w14 attribute keeps its prefix, as a deep copy would."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    src = etree.fromstring(f'<w:sectPr xmlns:w="{W}" xmlns:w14="{w14}" xmlns:o="urn:o">'
                           '<w:pgMar w:top="1" w14:x="2"/></w:sectPr>'.encode())
    value = PageElement.of(src[0])
    assert value.nsmap == (("w14", w14),)
    root = etree.Element(f"{{{W}}}document", nsmap=NSMAP)
    value.add_to(etree.SubElement(root, f"{{{W}}}sectPr"))
    assert b'<w:pgMar xmlns:w14="' + w14.encode() + b'" w:top="1" w14:x="2"/>' in etree.tostring(root)


def test_the_running_header_names_the_publication_given_never_the_tool() -> None:
    from msgspec.structs import replace as change

    from convert.writers import docx as writer
    from tests.canonical import zip_member
    from tests.sample_docs import minimal

    def header(doc, style=OPTIONS.style) -> str | None:  # type: ignore[no-untyped-def]
        data = writer.write(doc, change(OPTIONS, style=style))
        try:
            part = zip_member(data, "word/header1.xml")
        except KeyError:
            return None
        return "".join(etree.fromstring(part).itertext())

    assert header(minimal()) is None  # the default style names no publication
    assert header(minimal().with_meta(publication="Dawn")) == "Dawn"
    house = change(OPTIONS.style, publication="The Example Times")
    assert header(minimal(), house) == "The Example Times"
    assert header(minimal().with_meta(publication="Dawn"), house) == "Dawn"
