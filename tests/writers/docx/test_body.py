"""document.xml: the arranged head rendered as given, named styles only, links, lists, RTL marks."""

from __future__ import annotations

import io

import docx
import pytest
from lxml import etree
from msgspec.structs import replace

from convert.arrange import Arranged, arrange
from convert.model import Document, Meta, Paragraph, Person, Text
from convert.styles import load_style
from convert.writers import docx as writer
from convert.writers.docx.body import build_document
from convert.writers.docx.template import prepare_template
from tests.sample_docs import kitchen_sink
from tests.writers.docx.common import NS, OPTIONS, R, text_of, wattr, xml


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph, as python-docx reads them."""
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_headline_and_headings_are_outline_levels(sink: bytes) -> None:
    styles = xml(sink, "word/styles.xml")
    doc = xml(sink, "word/document.xml")

    def outline(style_id: str) -> str | None:
        el = styles.find(f"w:style[@w:styleId='{style_id}']/w:pPr/w:outlineLvl", NS)
        return None if el is None else el.get(wattr("val"))

    first = doc.find("w:body/w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(wattr("val")) == "Title"
    assert outline("Title") == "0"
    used = {el.get(wattr("val")) for el in doc.iterfind(".//w:pStyle", NS)}
    assert {"Heading2", "Heading3"} <= used
    assert outline("Heading2") == "1" and outline("Heading3") == "2"


def test_named_styles_only_no_direct_formatting(sink: bytes) -> None:
    """Only what is meaning, not look: a table column's alignment (``jc`` in its cells), a
    paragraph inside a nested list item set at its item's indent (``ind``), struck words of a
    correction (``strike``); inserted words name their own style (``Inserted Text``)."""
    doc = xml(sink, "word/document.xml")
    allowed_ppr = {"pStyle", "numPr", "bidi", "sectPr", "jc", "ind"}
    # rFonts only on runs in a script or with symbols their style's fonts lack (test_fonts.py)
    allowed_rpr = {"rStyle", "rFonts", "rtl", "cs", "lang", "strike"}
    for ppr in doc.iterfind(".//w:p/w:pPr", NS):
        assert {etree.QName(c).localname for c in ppr} <= allowed_ppr
        if ppr.find("w:jc", NS) is not None:
            assert ppr.getparent().getparent().tag == f"{{{NS['w']}}}tc"
        if ppr.find("w:ind", NS) is not None:
            assert ppr.find("w:pStyle", NS).get(wattr("val")) == "ListContinue"
    for rpr in doc.iterfind(".//w:r/w:rPr", NS):
        assert {etree.QName(c).localname for c in rpr} <= allowed_rpr
    runs = list(doc.iterfind(".//w:r", NS))
    struck = [text_of(r) for r in runs if r.find("w:rPr/w:strike", NS) is not None]
    inserted = [text_of(r) for r in runs if r.find("w:rPr/w:rStyle[@w:val='InsertedText']", NS) is not None]
    assert (struck, inserted) == (["2.1"], ["2.4"])


def test_hyperlinks_are_clickable(sink: bytes) -> None:
    doc = xml(sink, "word/document.xml")
    rels = xml(sink, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): (r.get("Target"), r.get("TargetMode")) for r in rels}
    links = doc.findall(".//w:hyperlink", NS)
    assert len(links) == 3
    got = {targets[h.get(f"{{{R}}}id")] for h in links}
    assert got == {("https://example.org/flood?a=1&b=2", "External"),
                   ("mailto:desk@example.org", "External"),
                   ("https://example.org/kotri?a=1&b=2", "External")}
    for h in links:
        assert h.find("w:r/w:rPr/w:rStyle", NS).get(wattr("val")) == "Hyperlink"
    d = docx.Document(io.BytesIO(sink))
    addresses = {h.address for p in d.paragraphs for h in p.hyperlinks}
    assert "https://example.org/flood?a=1&b=2" in addresses


def test_dateline_inline_and_block(sink: bytes) -> None:
    d = docx.Document(io.BytesIO(sink))
    first_body = next(p for p in d.paragraphs if p.style.name == "Body Text")
    assert first_body.runs[0].style.name == "Dateline Char"
    assert first_body.text.startswith("SUKKUR, June 11 (Reuters) \u2014 River levels")
    default = load_style("default")
    block_style = replace(default, layout=replace(default.layout, dateline="block"))
    styled = paragraphs(writer.write(kitchen_sink(), replace(OPTIONS, style=block_style)))
    assert ("Dateline", "SUKKUR, June 11 (Reuters)") in styled
    assert next(t for s, t in styled if s == "Body Text").startswith("River levels")


def test_quote_attribution_credit_and_copyright(sink: bytes) -> None:
    styled = paragraphs(sink)
    assert ("Quote", "The embankments will hold, but we are not taking chances.") in styled
    assert ("Quote Attribution", "\u2014 Provincial irrigation minister") in styled
    assert styled[-2:] == [("Credit", "(Reporting by Jane Doe; Editing by Ali Khan)"),
                           ("Credit", "Copyright 2025 Example News Ltd. All rights reserved.")]


# --------------------------------------------------------------------------- the head is arrange()'s


def test_renders_the_arranged_head_not_the_metadata() -> None:
    """body.py shows what arrange() decided, whatever meta.by / meta.dateline say."""
    doc = kitchen_sink()
    head = Arranged(headline="Arranged headline", standfirst=None, byline="Arranged byline",
                    dateline="ARRANGED", dateline_inline=False, body=(Paragraph((Text("x"),)),),
                    credit=None, copyright=None)
    built = build_document(head, doc.meta.language, prepare_template(OPTIONS.style))
    root = etree.fromstring(built.xml)
    texts = [text_of(p) for p in root.iterfind("w:body/w:p", NS)]
    assert texts == ["Arranged headline", "Arranged byline", "ARRANGED", "x"]


def test_byline_falls_back_to_the_authors_names() -> None:
    doc = Document(Meta(headline="H", authors=(Person("Amina Yusuf"), Person("Li Wei"))),
                   (Paragraph((Text("Body."),)),))
    assert arrange(doc, OPTIONS.style).byline == "Amina Yusuf, Li Wei"
    assert ("Byline", "Amina Yusuf, Li Wei") in paragraphs(writer.write(doc, OPTIONS))


def test_dateline_stands_apart_from_a_right_to_left_first_paragraph() -> None:
    doc = Document(Meta(headline="سیلاب", language="ur-PK", dateline="KARACHI"),
                   (Paragraph((Text("ہم نے پورا سال اس کے لیے محنت کی۔"),)),))
    styled = paragraphs(writer.write(doc, OPTIONS))
    assert ("Dateline", "KARACHI") in styled
    assert styled[-1] == ("Body Text", "ہم نے پورا سال اس کے لیے محنت کی۔")


# --------------------------------------------------------------------------- direction


def test_rtl_paragraphs_marked(sink: bytes) -> None:
    doc = xml(sink, "word/document.xml")
    rtl = [p for p in doc.iterfind(".//w:p", NS) if p.find("w:pPr/w:bidi", NS) is not None]
    assert len(rtl) == 1 and text_of(rtl[0]).startswith("ہم نے")
    for r in rtl[0].iterfind("w:r", NS):
        assert r.find("w:rPr/w:rtl", NS) is not None and r.find("w:rPr/w:cs", NS) is not None
        # the kitchen sink's Urdu paragraph has no lang of its own: nothing is guessed
        assert r.find("w:rPr/w:lang", NS) is None
    assert all("Residents" not in text_of(p) for p in rtl)  # English quoting Chinese stays LTR


@pytest.mark.parametrize(("language", "lang", "text", "rtl", "expected"), [
    # no language of its own, in a left-to-right article: right to left, but no tag is guessed
    ("en", None, "هذا الفوز للجميع", True, None),
    ("ku", None, "هذا الفوز للجميع", True, None),  # Kurmanji (ku) is written in Latin letters
    ("fa-IR", None, "این پیروزی برای همه است", True, ("bidi", "fa-IR")),
    ("en", "ar", "هذا الفوز للجميع", True, ("bidi", "ar")),
    ("en", "he", "שלום לכולם", True, ("bidi", "he")),
    ("en-GB", "ur", "ہم نے پورا سال", True, ("bidi", "ur")),
    ("en", "und-Arab", "ہم", True, ("bidi", "und-Arab")),
    ("en", "fr", "Bonjour à tous", False, ("val", "fr")),
    ("en", "zh", "大家好", False, ("eastAsia", "zh")),
    ("en", "hi", "सभी को नमस्ते", False, ("bidi", "hi")),
    ("ur", "en", "Hello everyone", False, ("val", "en")),
])
def test_run_language_comes_from_the_model(language: str, lang: str | None, text: str, rtl: bool,
                                           expected: tuple[str, str] | None) -> None:
    doc = Document(Meta(headline="x", language=language), (Paragraph((Text(text),), lang=lang),))
    body = xml(writer.write(doc, OPTIONS), "word/document.xml")
    p = body.findall(".//w:body/w:p", NS)[-1]
    assert (p.find("w:pPr/w:bidi", NS) is not None) == rtl
    run = p.find("w:r", NS)
    assert (run.find("w:rPr/w:rtl", NS) is not None) == rtl
    el = run.find("w:rPr/w:lang", NS)
    got = None if el is None else [(etree.QName(k).localname, v) for k, v in el.attrib.items()]
    assert got == (None if expected is None else [expected])


def test_quote_and_list_languages_reach_every_paragraph() -> None:
    from convert.model import BlockQuote, ListBlock, ListItem

    doc = Document(Meta(headline="x", language="en"), (
        ListBlock(False, (ListItem((Text("ایک"),)), ListItem((Text("دو"),))), lang="ur"),
        BlockQuote((Paragraph((Text("پانی"),)), Paragraph((Text("In English"),), lang="en")),
                   "وزیر", lang="ur"),
    ))
    body = xml(writer.write(doc, OPTIONS), "word/document.xml")
    langs = [p.find("w:r/w:rPr/w:lang", NS) for p in body.findall(".//w:body/w:p", NS)[1:]]
    assert [dict((etree.QName(k).localname, v) for k, v in el.attrib.items()) for el in langs] == [
        {"bidi": "ur"}, {"bidi": "ur"}, {"bidi": "ur"}, {"val": "en"}, {"bidi": "ur"}]


def test_unknown_node_fails_loudly() -> None:
    class Strange:
        attrs = ()

    with pytest.raises(TypeError, match="Strange"):
        writer.write(Document(Meta(headline="x"), (Strange(),)), OPTIONS)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Strange"):
        writer.write(Document(Meta(headline="x"), (Paragraph((Strange(),)),)),  # type: ignore
                     OPTIONS)


def test_no_body_no_credit_only_the_headline() -> None:
    from tests.sample_docs import minimal

    assert paragraphs(writer.write(minimal(), OPTIONS)) == [
        ("Title", "Magnitude 5.8 earthquake shakes Muzaffarabad")]

