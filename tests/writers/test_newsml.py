"""The NewsML-G2 writer: structure, metadata, every body word, schema validity, IPTC's reader."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from msgspec.structs import replace

from convert.errors import UsageError
from convert.model import Document, Meta, Paragraph, Person, Text, block_text
from convert.options import WriteOptions
from convert.styles import load_style
from convert.textutil import word_count
from convert.writers import newsml
from tests.canonical import canonical_xml
from tests.sample_docs import kitchen_sink, minimal
from tests.support import CORPUS, SEED, SHARED, corpus_cases, model_fixture, require

NS = {"n": newsml.NAR, "h": newsml.XHTML, "f": newsml.NITF}
TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
BODIES = ("xhtml", "nitf")
GOLDEN_CORPUS = ("wire_reuters_dateline", "manifesto_lists_quotes", "unicode_robotics_bom",
                 "yaml_front_matter_md")


def opts(body: str = "xhtml") -> WriteOptions:
    return WriteOptions(style=load_style("default"), timestamp=TS, generator="newsconvert",
                        generator_version="test", newsml_body=body)


def schema_dir() -> Path:
    folder = Path(os.environ.get("NEWSCONVERT_SCHEMA_DIR") or SHARED / "schemas")
    require((folder / "NewsML-G2_2.35-spec-All-Power.xsd").is_file(),
            f"NewsML-G2 schemas not found in {folder}")
    return folder


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def read_corpus(name: str) -> Document:
    from convert.api import read_file

    return read_file(CORPUS / f"{name}.txt")


def expect(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expect.json").read_text(encoding="utf-8"))


def body_root(root: etree._Element) -> etree._Element:
    return root.find("n:contentSet/n:inlineXML", NS)[0]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_words_in_order(doc: Document, root: etree._Element) -> None:
    """Every block's text appears in the body, in document order (whitespace ignored: a
    LineBreak is a space in plain_text but an empty <br/> in XML; note numbers left out, table
    cells one by one)."""
    body = etree.fromstring(etree.tostring(body_root(root)))
    for ref in body.xpath("//*[@class='noteref']"):
        _drop_keeping_tail(ref)
    text = re.sub(r"\s+", "", "".join(body.itertext()))
    pos = 0
    for block in doc.body:
        for piece in re.split(r"\n| \| ", block_text(block)):
            piece = re.sub(r"\s+", "", piece)
            if not piece:
                continue
            at = text.find(piece, pos)
            assert at >= 0, f"body text missing or out of order: {piece[:80]!r}"
            pos = at + len(piece)


def _drop_keeping_tail(el: etree._Element) -> None:
    parent, prev, tail = el.getparent(), el.getprevious(), el.tail or ""
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def seed_and_corpus() -> list[str]:
    return (["<seed>"] if SEED else []) + corpus_cases()


def load(name: str) -> Document:
    from convert.api import read_file

    return read_file(SEED) if name == "<seed>" else read_corpus(name)


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("body", BODIES)
def test_kitchen_sink_validates_strict(body: str) -> None:
    from convert.validate import validate_bytes

    report = validate_bytes(newsml.write(kitchen_sink(), opts(body)), "ks", strict=True,
                            schema_dir=schema_dir())
    assert report.findings == (), [str(f) for f in report.findings]


@pytest.mark.parametrize("body", BODIES)
def test_kitchen_sink_golden(body: str, golden) -> None:
    golden.check(f"newsml/kitchen_sink.{body}.xml",
                 canonical_xml(newsml.write(kitchen_sink(), opts(body))))


def test_item_metadata_mapping() -> None:
    root = parse(newsml.write(kitchen_sink(), opts()))
    meta = kitchen_sink().meta
    assert root.tag == f"{{{newsml.NAR}}}newsItem"
    assert root.get("guid") == meta.identifier and root.get("version") == "1"
    assert (root.get("standard"), root.get("standardversion"), root.get("conformance")) == (
        "NewsML-G2", "2.35", "power")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    assert root.find("n:catalogRef", NS).get("href") == newsml.IPTC_CATALOG
    assert root.findtext("n:rightsInfo/n:copyrightHolder/n:name", namespaces=NS) == \
        "Example News Ltd"
    im = root.find("n:itemMeta", NS)
    assert im.find("n:itemClass", NS).get("qcode") == "ninat:text"
    assert im.findtext("n:provider/n:name", namespaces=NS) == "example.org"
    assert im.findtext("n:versionCreated", namespaces=NS) == "2025-06-12T08:00:00+00:00"
    assert im.findtext("n:firstCreated", namespaces=NS) == "2025-06-11T09:42:00+05:00"
    assert im.find("n:pubStatus", NS).get("qcode") == "stat:usable"
    assert im.find("n:generator", NS).get("versioninfo") == "test"
    cm = root.find("n:contentMeta", NS)
    assert cm.findtext("n:urgency", namespaces=NS) == "3"
    assert cm.findtext("n:located/n:name", namespaces=NS) == "SUKKUR"
    assert cm.findtext("n:dateline", namespaces=NS) == meta.dateline
    assert cm.findtext("n:infoSource/n:name", namespaces=NS) == "Reuters"
    creators = cm.findall("n:creator", NS)
    assert [c.findtext("n:name", namespaces=NS) for c in creators] == ["Jane Doe", "Ali Khan"]
    assert creators[0].get("jobtitle") == "ncjob:environment-correspondent"
    assert creators[0].findtext("n:note", namespaces=NS) == "Environment Correspondent"
    assert root.find("n:catalog/n:scheme", NS).get("alias") == "ncjob"
    assert cm.findtext("n:by", namespaces=NS) == meta.by
    assert cm.findtext("n:creditline", namespaces=NS) == meta.credit
    assert cm.find("n:language", NS).get("tag") == "en-GB"
    assert [k.text for k in cm.findall("n:keyword", NS)] == list(meta.keywords)
    subject = cm.find("n:subject", NS)
    assert subject.get("qcode") == "medtop:06000000"
    assert subject.findtext("n:name", namespaces=NS) == "environment"
    assert cm.findtext("n:slugline", namespaces=NS) == meta.slugline
    assert cm.findtext("n:headline", namespaces=NS) == meta.headline
    assert cm.find("n:description", NS).get("role") == "drol:summary"
    assert cm.findtext("n:description", namespaces=NS) == meta.subheadline


def test_version_and_signal_and_ednote() -> None:
    doc = kitchen_sink().with_meta(version=3, ednote="Corrects the river name.",
                                   extra=(("signal", "correction"),))
    root = parse(newsml.write(doc, opts()))
    assert root.get("version") == "3"
    assert root.findtext("n:itemMeta/n:edNote", namespaces=NS) == "Corrects the river name."
    assert root.find("n:itemMeta/n:signal", NS).get("qcode") == "sig:correction"
    updated = parse(newsml.write(kitchen_sink().with_meta(version=2), opts()))
    assert updated.find("n:itemMeta/n:signal", NS).get("qcode") == "sig:update"


def test_minimal_document_has_the_mandatory_parts() -> None:
    root = parse(newsml.write(minimal(), opts()))
    assert root.find("n:rightsInfo", NS) is None
    assert root.find("n:catalog", NS) is None  # no job titles: no provider scheme needed
    # undated: only the version stamp the format requires; no publication date is invented
    assert root.findtext("n:itemMeta/n:versionCreated", namespaces=NS) == "2025-06-12T08:00:00+00:00"
    assert root.find("n:itemMeta/n:firstCreated", NS) is None
    assert root.find("n:contentMeta/n:contentCreated", NS) is None
    assert root.find("n:contentSet/n:inlineXML", NS).get("wordcount") == "0"


def test_version_created_never_precedes_modified() -> None:
    later = datetime(2025, 7, 1, tzinfo=UTC)
    root = parse(newsml.write(kitchen_sink().with_meta(modified=later), opts()))
    assert root.findtext("n:itemMeta/n:versionCreated", namespaces=NS) == \
        "2025-07-01T00:00:00+00:00"
    assert root.findtext("n:contentMeta/n:contentModified", namespaces=NS) == \
        "2025-07-01T00:00:00+00:00"


def test_guid_is_stable_and_distinct() -> None:
    a = Document(Meta(headline="A", provider="example.org"), (Paragraph((Text("one"),)),))
    b = Document(Meta(headline="A", provider="example.org"), (Paragraph((Text("two"),)),))
    ga = parse(newsml.write(a, opts())).get("guid")
    assert ga == parse(newsml.write(a, opts())).get("guid")
    assert ga.startswith("urn:newsml:example.org:")
    assert ga != parse(newsml.write(b, opts())).get("guid")
    other = a.with_meta(provider="other.example")
    assert parse(newsml.write(other, opts())).get("guid") != ga


@pytest.mark.parametrize("body", BODIES)
def test_output_is_reproducible(body: str) -> None:
    assert newsml.write(kitchen_sink(), opts(body)) == newsml.write(kitchen_sink(), opts(body))


def test_unknown_node_raises_type_error() -> None:
    class Bogus:
        pass

    doc = Document(Meta(headline="x"), (Bogus(),))  # type: ignore[arg-type]
    for body in BODIES:
        with pytest.raises(TypeError, match="Bogus"):
            newsml.write(doc, opts(body))


def test_unknown_body_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="xhtml or nitf"):
        newsml.write(minimal(), opts("docbook"))


# --------------------------------------------------------------------------- body


@pytest.mark.parametrize("body", BODIES)
def test_every_body_word_in_order_and_escaped(body: str) -> None:
    doc = kitchen_sink()
    data = newsml.write(doc, opts(body))
    root = parse(data)
    assert_words_in_order(doc, root)
    text = "".join(body_root(root).itertext())
    assert "<b>bold</b>, <font>, &amp;, <p> and ]]> must stay literal." in text
    assert b"&lt;b&gt;bold&lt;/b&gt;, &lt;font&gt;, &amp;amp;, &lt;p&gt; and ]]&gt;" in data
    assert "https://example.org/flood?a=1&b=2" in text
    inline = root.find("n:contentSet/n:inlineXML", NS)
    assert int(inline.get("wordcount")) == word_count("\n".join(block_text(b) for b in doc.body))


def test_xhtml_body_structure() -> None:
    root = parse(newsml.write(kitchen_sink(), opts("xhtml")))
    inline = root.find("n:contentSet/n:inlineXML", NS)
    assert inline.get("contenttype") == "application/xhtml+xml"
    assert len(inline) == 1
    html = inline[0]
    assert html.tag == f"{{{newsml.XHTML}}}html" and html.get("lang") == "en-GB"
    assert html.findtext("h:body/h:h1", namespaces=NS) == kitchen_sink().meta.headline
    first = html.find("h:body/h:p/h:span[@class='dateline']", NS)
    assert first.text == "SUKKUR, June 11 (Reuters)" and first.tail.startswith(" \u2014 River")
    assert html.findtext("h:body/h:h2", namespaces=NS) == "Villages at risk"
    assert html.findtext("h:body/h:h3", namespaces=NS) == "In Urdu and emoji"
    assert len(html.find("h:body/h:ul", NS).findall("h:li", NS)) == 2
    assert html.find("h:body//h:strong", NS) is not None
    assert html.find("h:body//h:em", NS).text == "more rain"
    assert html.findtext("h:body/h:figure/h:figcaption", namespaces=NS) == \
        "\u2014 Provincial irrigation minister"
    rtl = [p for p in html.iter(f"{{{newsml.XHTML}}}p") if p.get("dir") == "rtl"]
    assert len(rtl) == 1 and rtl[0].text.startswith("ہم")
    assert html.find(".//h:a[@href='mailto:desk@example.org']", NS) is not None
    assert html.find(".//h:br", NS) is not None


def test_nitf_body_structure() -> None:
    root = parse(newsml.write(kitchen_sink(), opts("nitf")))
    inline = root.find("n:contentSet/n:inlineXML", NS)
    assert inline.get("contenttype") == "application/nitf+xml"
    nitf = inline[0]
    assert nitf.tag == f"{{{newsml.NITF}}}nitf"  # own namespace, not the inherited NAR one
    head = nitf.find("f:body/f:body.head", NS)
    assert head.findtext("f:hedline/f:hl1", namespaces=NS) == kitchen_sink().meta.headline
    byline = head.find("f:byline", NS)
    assert "".join(byline.itertext()) == kitchen_sink().meta.by
    assert [p.text for p in byline.findall("f:person", NS)] == ["Jane Doe", "Ali Khan"]
    assert byline.findtext("f:byttl", namespaces=NS) == "Environment Correspondent"
    assert head.findtext("f:dateline/f:location", namespaces=NS) == "SUKKUR"
    assert head.find("f:dateline/f:story.date", NS).get("norm") == "20250611T094200+0500"
    content = nitf.find("f:body/f:body.content", NS)
    assert [(h.text, h.get("class")) for h in content.findall("f:hl2", NS)] == [
        ("Villages at risk", None), ("In Urdu and emoji", "level3"),
        ("Water levels by barrage", "level4"), ("What to pack", "level5"), ("Data", "level6")]
    assert content.findtext("f:bq/f:credit", namespaces=NS) == "Provincial irrigation minister"
    assert nitf.findtext("f:body/f:body.end/f:tagline", namespaces=NS) == kitchen_sink().meta.credit


def test_creator_without_role_and_byline_only() -> None:
    doc = minimal().with_meta(byline="Staff", authors=(Person("Sam Roe"),))
    root = parse(newsml.write(doc, opts("nitf")))
    assert root.find("n:contentMeta/n:creator", NS).get("jobtitle") is None
    assert root.findtext("n:contentMeta/n:by", namespaces=NS) == "Staff"


# --------------------------------------------------------------------------- newsMessage


def test_news_message() -> None:
    docs = [kitchen_sink(), minimal()]
    data = newsml.write_many(docs, opts())
    root = parse(data)
    assert root.tag == f"{{{newsml.NAR}}}newsMessage"
    assert root.findtext("n:header/n:sent", namespaces=NS) == "2025-06-12T08:00:00+00:00"
    assert root.findtext("n:header/n:sender", namespaces=NS) == "example.org"
    tid = root.findtext("n:header/n:transmitId", namespaces=NS)
    assert tid.startswith("example.org:20250612:")
    assert tid == parse(newsml.write_many(docs, opts())).findtext("n:header/n:transmitId",
                                                                     namespaces=NS)
    items = root.findall("n:itemSet/n:newsItem", NS)
    assert [i.get("guid") for i in items] == [d.meta.identifier for d in docs]
    assert all(i.find("n:catalogRef", NS) is not None for i in items)
    later = replace(opts(), timestamp=datetime(2025, 6, 13, tzinfo=UTC))
    assert parse(newsml.write_many(docs, later)).findtext("n:header/n:transmitId",
                                                          namespaces=NS) != tid


@pytest.mark.parametrize("body", BODIES)
def test_news_message_validates_strict(body: str) -> None:
    from convert.validate import validate_bytes

    data = newsml.write_many([kitchen_sink(), minimal()], opts(body))
    report = validate_bytes(data, "msg", strict=True, schema_dir=schema_dir())
    assert report.findings == (), [str(f) for f in report.findings]


def test_news_message_rejects_duplicate_guids() -> None:
    with pytest.raises(UsageError, match="share the guid"):
        newsml.write_many([minimal(), minimal()], opts())
    with pytest.raises(UsageError):
        newsml.write_many([], opts())


def test_iptc_reader_parses_item_and_message() -> None:
    NewsMLG2 = pytest.importorskip("NewsMLG2")
    doc = kitchen_sink()
    item = NewsMLG2.NewsMLG2Document(newsml.write(doc, opts("nitf"))).get_item()
    assert item.guid == doc.meta.identifier
    assert str(item.contentmeta.headline) == doc.meta.headline
    assert str(item.itemmeta.versioncreated) == "2025-06-12T08:00:00+00:00"
    message = NewsMLG2.NewsMLG2Document(newsml.write_many([doc, minimal()], opts())).get_item()
    assert type(message).__name__ == "NewsMessage"
    assert str(message.header.sent) == "2025-06-12T08:00:00+00:00"


# --------------------------------------------------------------------------- corpus


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("name", seed_and_corpus())
def test_corpus_validates_strict_and_keeps_text(name: str, body: str) -> None:
    from convert.validate import validate_bytes

    doc = load(name)
    data = newsml.write(doc, opts(body))
    report = validate_bytes(data, name, strict=True, schema_dir=schema_dir())
    assert report.findings == (), [str(f) for f in report.findings]
    root = parse(data)
    assert_words_in_order(doc, root)
    item_text = squash(" ".join(root.itertext()))
    if name != "<seed>":
        spec = expect(name)
        for must in spec.get("must_contain", []):
            assert squash(must) in item_text, f"missing {must!r}"
        for junk in spec.get("dropped", []):
            assert junk not in item_text, f"junk leaked: {junk!r}"
    NewsMLG2 = pytest.importorskip("NewsMLG2")
    item = NewsMLG2.NewsMLG2Document(data).get_item()
    assert item.guid == root.get("guid") and str(item.contentmeta.headline) == doc.meta.headline
    assert str(item.itemmeta.versioncreated) == root.findtext("n:itemMeta/n:versionCreated",
                                                             namespaces=NS)


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("name", GOLDEN_CORPUS)
def test_model_golden(name: str, body: str, golden) -> None:
    """Writer goldens start from frozen model fixtures: reader changes do not ripple here."""
    golden.check(f"newsml/{name}.{body}.xml",
                 canonical_xml(newsml.write(model_fixture(name), opts(body))))


@pytest.mark.parametrize("body", BODIES)
def test_seed_end_to_end_golden(body: str, golden) -> None:
    """The one end-to-end golden: the seed text file through the reader and this writer."""
    require(SEED is not None, "seed article missing")
    golden.check(f"newsml/seed.{body}.xml", canonical_xml(newsml.write(load("<seed>"), opts(body))))


# --------------------------------------------------------------------------- languages


def tagged_doc(language: str = "en-GB") -> Document:
    """An article with blocks in languages of their own (as readers.language tags them)."""
    from convert.model import BlockQuote, Heading, ListBlock, ListItem

    return Document(Meta(headline="Floods", language=language, identifier="urn:x:tagged"), (
        Paragraph((Text("River levels fell on Tuesday."),)),
        Paragraph((Text("دریا کی سطح کم ہو گئی۔"),), lang="ur"),
        Heading(2, (Text("En français"),), lang="fr"),
        ListBlock(False, (ListItem((Text("ایک"),)), ListItem((Text("دو"),))), lang="ur"),
        BlockQuote((Paragraph((Text("پانی اتر رہا ہے۔"),)),), "وزیر", lang="ur"),
        Paragraph((Text("Back in English."),), lang="en"),
    ))


def test_xhtml_body_tags_each_block_language_and_direction() -> None:
    from convert.namespaces import XML_LANG

    html = body_root(parse(newsml.write(tagged_doc(), opts("xhtml"))))
    assert (html.get("lang"), html.get(XML_LANG), html.get("dir")) == ("en-GB", "en-GB", None)
    body = html.find("h:body", NS)
    p_ur = body.findall("h:p", NS)[1]
    assert (p_ur.get("lang"), p_ur.get(XML_LANG), p_ur.get("dir")) == ("ur", "ur", "rtl")
    h2 = body.find("h:h2", NS)
    assert (h2.get("lang"), h2.get(XML_LANG), h2.get("dir")) == ("fr", "fr", None)
    ul = body.find("h:ul", NS)
    assert (ul.get("lang"), ul.get("dir")) == ("ur", "rtl")
    assert [li.get("dir") for li in ul] == [None, None]  # inherited from the list
    figure = body.find("h:figure", NS)
    assert (figure.get("lang"), figure.get("dir")) == ("ur", "rtl")
    assert figure.find("h:blockquote/h:p", NS).get("dir") is None
    assert figure.find("h:figcaption", NS).get("dir") is None
    last = body.findall("h:p", NS)[-1]
    assert (last.get("lang"), last.get("dir")) == ("en", None)


def test_an_urdu_article_is_right_to_left_from_its_language() -> None:
    from convert.namespaces import XML_LANG

    doc = tagged_doc("ur")
    root = parse(newsml.write(doc, opts("xhtml")))
    assert root.get(XML_LANG) == "ur"
    assert root.find("n:contentMeta/n:language", NS).get("tag") == "ur"
    html = body_root(root)
    assert (html.get("lang"), html.get("dir")) == ("ur", "rtl")
    last = html.findall("h:body/h:p", NS)[-1]
    assert (last.get("lang"), last.get("dir")) == ("en", "ltr")


def test_nitf_body_tags_each_block_language() -> None:
    from convert.namespaces import XML_LANG

    nitf = body_root(parse(newsml.write(tagged_doc(), opts("nitf"))))
    content = nitf.find("f:body/f:body.content", NS)
    assert [el.get(XML_LANG) for el in content] == [None, "ur", "fr", "ur", "ur", "en"]
    assert not [el for el in nitf.iter() if el.get("dir")]  # NITF 3.6 has no dir attribute


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("language", ["en-GB", "ur"])
def test_tagged_blocks_validate_strict(body: str, language: str) -> None:
    from convert.validate import validate_bytes

    report = validate_bytes(newsml.write(tagged_doc(language), opts(body)), "tagged", strict=True,
                            schema_dir=schema_dir())
    assert report.findings == (), [str(f) for f in report.findings]


@pytest.mark.parametrize("body", BODIES)
def test_undated_article_has_no_publication_dates_and_still_validates(body: str) -> None:
    from convert.validate import validate_bytes

    data = newsml.write(minimal(), opts(body))
    root = parse(data)
    assert root.findtext("n:itemMeta/n:versionCreated", namespaces=NS) == TS.isoformat()
    assert root.find("n:itemMeta/n:firstCreated", NS) is None
    assert root.find("n:contentMeta/n:contentCreated", NS) is None
    report = validate_bytes(data, "undated", strict=True, schema_dir=schema_dir())
    assert report.findings == (), [str(f) for f in report.findings]
    dated = parse(newsml.write(minimal().with_meta(date=datetime(2024, 1, 2, tzinfo=UTC)), opts(body)))
    assert dated.findtext("n:itemMeta/n:firstCreated", namespaces=NS) == "2024-01-02T00:00:00+00:00"
    assert dated.findtext("n:contentMeta/n:contentCreated", namespaces=NS) == \
        "2024-01-02T00:00:00+00:00"
