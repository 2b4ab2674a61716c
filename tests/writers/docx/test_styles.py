"""styles.xml and fontTable.xml: the style table, the house style applied, the proofing language."""

from __future__ import annotations

from msgspec.structs import replace

from convert.model import Document, Meta, Paragraph, Text
from convert.styles import load_style
from convert.writers import docx as writer
from convert.writers.docx import styles
from convert.writers.docx.template import prepare_template
from tests.writers.docx.common import NS, OPTIONS, wattr, xml


def test_every_role_has_a_named_style(sink: bytes) -> None:
    root = xml(sink, "word/styles.xml")
    names = {s.find("w:name", NS).get(wattr("val")) for s in root.iterfind("w:style", NS)}
    assert {spec.name for spec in styles.STYLE_SPECS} <= names
    assert set(prepare_template(OPTIONS.style).ids) == {spec.role for spec in styles.STYLE_SPECS}


def test_house_style_drives_styles(sink: bytes) -> None:
    hs = load_style("default")
    root = xml(sink, "word/styles.xml")
    title = root.find("w:style[@w:styleId='Title']", NS)
    head = hs.element("headline")
    assert title.find("w:rPr/w:rFonts", NS).get(wattr("ascii")) == head.font
    assert title.find("w:rPr/w:sz", NS).get(wattr("val")) == str(round(head.size * 2))
    assert title.find("w:rPr/w:color", NS).get(wattr("val")) == head.colour[1:].upper()
    body = root.find("w:style[@w:styleId='BodyText']", NS)
    assert body.find("w:pPr/w:spacing", NS).get(wattr("after")) == str(round(
        hs.element("body").space_after * 20))
    assert body.find("w:rPr/w:szCs", NS) is not None and body.find("w:rPr/w:rFonts", NS).get(wattr("cs"))


def test_character_styles_keep_only_what_differs(sink: bytes) -> None:
    """Emphasis is italic and nothing else: it must not shrink a linked word in a headline."""
    emphasis = xml(sink, "word/styles.xml").find("w:style[@w:styleId='Emphasis']/w:rPr", NS)
    assert [c.tag.split("}")[1] for c in emphasis] == ["i", "iCs"]


def test_list_styles_point_at_our_numbering(sink: bytes) -> None:
    root = xml(sink, "word/styles.xml")
    numbering = prepare_template(OPTIONS.style).numbering
    for style_id, num in (("ListBullet", numbering.bullet_num), ("ListNumber", numbering.number_num)):
        num_id = root.find(f"w:style[@w:styleId='{style_id}']/w:pPr/w:numPr/w:numId", NS)
        assert num_id.get(wattr("val")) == str(num)


def test_python_docx_table_styles_dropped(sink: bytes) -> None:
    """The default table style and ours (Table Grid, which tables name) are all that is left."""
    tables = xml(sink, "word/styles.xml").findall("w:style[@w:type='table']", NS)
    assert len(tables) == 2 and tables[0].get(wattr("default")) == "1"
    assert tables[1].find("w:name", NS).get(wattr("val")) == "Table Grid"


def test_house_fonts_declared_with_generic_family(sink: bytes) -> None:
    fonts = {f.get(wattr("name")): f for f in xml(sink, "word/fontTable.xml").iterfind("w:font", NS)}
    body = load_style("default").element("body")
    assert fonts[body.font].find("w:family", NS).get(wattr("val")) == "roman"


def test_proofing_language_in_doc_defaults(sink: bytes) -> None:
    lang = xml(sink, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(wattr("val")), lang.get(wattr("eastAsia")), lang.get(wattr("bidi"))) == \
        ("en-GB", "en-US", "ar-SA")
    # The article's language goes in the slot of its script; the template's tags stay in the others.
    for language, expected in (("ur-PK", ("en-US", "en-US", "ur-PK")), ("ckb", ("en-US", "en-US", "ckb")),
                               ("ku", ("ku", "en-US", "ar-SA")), ("zh-CN", ("en-US", "zh-CN", "ar-SA")),
                               ("hi", ("en-US", "en-US", "hi")), ("fr", ("fr", "en-US", "ar-SA"))):
        doc = Document(Meta(headline="x", language=language), (Paragraph((Text("x"),)),))
        lang = xml(writer.write(doc, OPTIONS), "word/styles.xml").find(".//w:docDefaults//w:lang", NS)
        assert (lang.get(wattr("val")), lang.get(wattr("eastAsia")), lang.get(wattr("bidi"))) == expected


def test_styles_part_is_a_cached_pure_function() -> None:
    tpl = prepare_template(OPTIONS.style)
    first = tpl.styles_part("de-DE")
    assert tpl.styles_part("de-DE") is first
    assert styles.styles_part(bytes(tpl.styles_xml), "de-DE") == first  # equal values, equal part
    assert tpl.styles_part("fr-FR") != first
    assert styles.styles_part.cache_info().maxsize is not None  # bounded


def test_a_style_change_changes_the_styles_not_the_code() -> None:
    hs = load_style("default")
    bigger = replace(hs, elements=type(hs.elements)(
        {**hs.elements, "headline": replace(hs.element("headline"), size=40.0)}))
    title = xml(writer.write(Document(Meta(headline="x"), ()), replace(OPTIONS, style=bigger)),
                "word/styles.xml").find("w:style[@w:styleId='Title']/w:rPr/w:sz", NS)
    assert title.get(wattr("val")) == "80"
