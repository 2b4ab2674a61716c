"""numbering.xml: Word list numbering built as lxml trees, one restarting ``w:num`` per ordered list."""

from __future__ import annotations

from lxml import etree

from convert.model import Document, ListBlock, ListItem, Meta, Paragraph, Text
from convert.styles import load_style
from convert.writers import docx as writer
from convert.writers.docx.numbering import numbering_part, prepare_numbering
from convert.writers.docx.template import prepare_template
from tests.writers.docx.common import NS, OPTIONS, W, wattr, xml

ITEMS = (ListItem((Text("a"),)), ListItem((Text("b"),)))


def test_lists_use_word_numbering_and_ordered_lists_restart() -> None:
    doc = Document(Meta(headline="Lists"), (
        ListBlock(True, ITEMS), Paragraph((Text("between"),)), ListBlock(True, ITEMS, start=5),
        ListBlock(False, ITEMS)))
    data = writer.write(doc, OPTIONS)
    body = xml(data, "word/document.xml")
    num_ids = [el.get(wattr("val")) for el in body.iterfind(".//w:numPr/w:numId", NS)]
    assert len(num_ids) == 6 and num_ids[0] == num_ids[1] and num_ids[2] == num_ids[3]
    assert len({num_ids[0], num_ids[2], num_ids[4]}) == 3
    numbering = xml(data, "word/numbering.xml")
    for num_id, start in ((num_ids[0], "1"), (num_ids[2], "5")):
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS).get(wattr("val")) == start
        abstract = num.find("w:abstractNumId", NS).get(wattr("val"))
        fmt = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl/w:numFmt", NS)
        assert fmt.get(wattr("val")) == "decimal"
    bullet = numbering.find(f"w:num[@w:numId='{num_ids[4]}']/w:abstractNumId", NS)
    fmt = numbering.find(f"w:abstractNum[@w:abstractNumId='{bullet.get(wattr('val'))}']"
                         "/w:lvl/w:numFmt", NS)
    assert fmt.get(wattr("val")) == "bullet"


def test_our_definitions_follow_the_templates_own() -> None:
    template_xml = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7"/>'
                    '<w:num w:numId="9"><w:abstractNumId w:val="7"/></w:num>'
                    "<w:numIdMacAtCleanup w:val=\"3\"/></w:numbering>").encode()
    numbering = prepare_numbering(template_xml, load_style("default").element("list"))
    assert (numbering.bullet_num, numbering.number_num, numbering.first_free) == (10, 11, 12)
    assert numbering.number_abstract == 9
    root = etree.fromstring(numbering.xml)
    assert [el.get(wattr("abstractNumId")) for el in root.findall("w:abstractNum", NS)] == ["7", "8", "9"]
    assert root.find("w:numIdMacAtCleanup", NS) is None
    # schema order: every abstractNum before the first num
    tags = [etree.QName(el).localname for el in root]
    assert tags == ["abstractNum"] * 3 + ["num"] * 3


def test_template_without_numbering_gets_ours() -> None:
    numbering = prepare_numbering(None, load_style("default").element("list"))
    assert (numbering.bullet_num, numbering.number_abstract, numbering.first_free) == (1, 1, 3)


def test_numbering_part_is_a_cached_pure_function() -> None:
    numbering = prepare_template(OPTIONS.style).numbering
    part = numbering_part(numbering, ((1, 0), (5, 2)))
    assert numbering_part(numbering, ((1, 0), (5, 2))) is part
    root = etree.fromstring(_inflate(part))
    starts = [el.get(wattr("val")) for el in root.iterfind("w:num/w:lvlOverride/w:startOverride", NS)]
    assert starts == ["1", "5"]
    levels = [el.get(wattr("ilvl")) for el in root.iterfind("w:num/w:lvlOverride", NS)]
    assert levels == ["0", "2"]
    assert numbering_part.cache_info().maxsize is not None  # bounded


def _inflate(part) -> bytes:
    import zlib

    return zlib.decompress(part.payload, -15)
