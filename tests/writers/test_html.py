"""The HTML writer: a semantic page, the house CSS with print, JSON-LD, OpenGraph, lang/dir, editions."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from lxml import etree, html
from msgspec.structs import replace

from convert.model import (
    BlockQuote,
    Document,
    Heading,
    Link,
    Meta,
    Paragraph,
    Text,
    block_text,
)
from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import html as writer
from convert.writers.epub.css import style_css
from convert.writers.html.css import page_css, page_stacks
from convert.writers.html.page import heading_levels
from tests.sample_docs import hostile_documents, kitchen_sink, minimal
from tests.support import SEED, corpus_cases, model_fixture, model_fixture_names, require

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
GOLDEN_MODELS = ("seed", "wire_reuters_dateline", "manifesto_lists_quotes", "unicode_robotics_bom",
                 "yaml_front_matter_md")


def opts(style: str = "default", **changes: object) -> WriteOptions:
    return replace(WriteOptions(style=load_style(style), timestamp=TS, generator="newsconvert",
                                generator_version="test"), **changes)


def page(doc: Document, style: str = "default") -> etree._Element:
    return html.document_fromstring(writer.write(doc, opts(style)))


def ld(root: etree._Element) -> dict:
    (script,) = root.xpath("//script")
    assert script.get("type") == "application/ld+json"
    return json.loads(script.text)


def canonical(data: bytes) -> str:
    """The page for a golden: the stylesheet stands in its own golden (one per style)."""
    text = data.decode("utf-8")
    return re.sub(r"<style>.*?</style>", "<style>/* tests/golden/html/<style>.css */</style>",
                  text, flags=re.S)


# --------------------------------------------------------------------------- structure


def test_semantic_page_of_the_kitchen_sink() -> None:
    root = page(kitchen_sink())
    assert root.get("lang") == "en-GB" and root.get("dir") == "ltr"
    (article,) = root.xpath("/html/body/main/article")
    header = article.find("header")
    assert header.find("h1").text == kitchen_sink().meta.headline
    assert header.find("p[@class='standfirst']").text.startswith("Officials say")
    assert header.find("p[@class='byline']").text == kitchen_sink().meta.by
    time = header.find("p[@class='date']/time")
    assert time.get("datetime") == "2025-06-11T09:42:00+05:00" and time.text == "11 June 2025"
    first = article.find("p")
    assert first.find("span[@class='dateline']").text == "SUKKUR, June 11 (Reuters)"
    assert [h.text for h in article.xpath(".//h2|.//h3")] == ["Villages at risk", "In Urdu and emoji"]
    assert article.find(".//figure[@class='quote']/blockquote") is not None
    assert article.find(".//figure/figcaption").text == "\u2014 Provincial irrigation minister"
    assert article.xpath(".//p[@dir='rtl']")[0].text.startswith("ہم نے")
    assert [p.get("class") for p in article.find("footer")] == ["credit", "copyright"]
    assert article.find(".//q") is not None  # the page's CSS turns off <q>'s own marks
    assert article.find(".//br") is not None
    text = root.text_content()
    assert "<b>bold</b>" in text and "]]>" in text  # markup-like text stays text


def test_every_block_word_in_order() -> None:
    doc = model_fixture("manifesto_lists_quotes")
    text = re.sub(r"\s+", "", page(doc).find("body").text_content())
    pos = 0
    for block in doc.body:
        for piece in block_text(block).split("\n"):
            piece = re.sub(r"\s+", "", piece)
            at = text.find(piece, pos)
            assert at >= 0, piece[:60]
            pos = at + len(piece)


def test_undated_article_has_no_time_and_no_published_date() -> None:
    root = page(minimal())
    assert not root.xpath("//time") and "datePublished" not in ld(root)
    assert not root.xpath("//meta[@property='article:published_time']")
    assert "2025" not in etree.tostring(root, encoding="unicode").replace("2025-06-12", "")


def test_json_ld_news_article_says_only_what_the_article_says() -> None:
    data = ld(page(kitchen_sink()))
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == kitchen_sink().meta.headline and data["inLanguage"] == "en-GB"
    assert data["datePublished"] == "2025-06-11T09:42:00+05:00"
    assert data["author"] == [{"@type": "Person", "name": "Jane Doe",
                               "jobTitle": "Environment Correspondent"},
                              {"@type": "Person", "name": "Ali Khan"}]
    assert "publisher" not in data  # no publication named: none invented
    assert data["keywords"] == ["flooding", "River Indus", "Sindh"]
    assert data["locationCreated"] == {"@type": "Place", "name": "SUKKUR"}
    bare = ld(page(minimal()))
    assert set(bare) == {"@context", "@type", "headline", "inLanguage", "identifier", "wordCount"}
    named = ld(page(minimal().with_meta(publication="The Sindh Courier")))
    assert named["publisher"] == {"@type": "Organization", "name": "The Sindh Courier"}


def test_json_ld_cannot_close_its_script() -> None:
    doc = minimal().with_meta(headline="</script><script>alert(1)</script> & <!--")
    data = writer.write(doc, opts())
    assert data.count(b"<script") == 1 and data.count(b"</script>") == 1
    assert ld(html.document_fromstring(data))["headline"] == doc.meta.headline


def test_opengraph_and_meta() -> None:
    root = page(kitchen_sink().with_meta(identifier="https://example.org/news/1"))

    def og(prop: str) -> list[str]:
        return [m.get("content") for m in root.xpath(f"//meta[@property='{prop}']")]

    assert og("og:type") == ["article"] and og("og:title") == [kitchen_sink().meta.headline]
    assert og("og:locale") == ["en_GB"] and og("og:url") == ["https://example.org/news/1"]
    assert og("article:tag") == ["flooding", "River Indus", "Sindh"]
    assert root.xpath("//meta[@name='description']/@content") == [kitchen_sink().meta.subheadline]
    bare = page(minimal())
    assert not bare.xpath("//meta[@property='og:url' or @property='og:locale' or "
                          "@property='og:site_name']")


def test_no_executable_script() -> None:
    doc = Document(Meta(headline="Links", identifier="urn:x:1"), (
        Paragraph((Link((Text("a"),), "javascript:alert(1)"), Link((Text("b"),), "data:text/html,x"),
                   Link((Text("c"),), " JavaScript:alert(2)"), Link((Text("d"),), "mailto:x@y.org"),
                   Text(" onload=alert(3) <img src=x onerror=alert(4)>"))),))
    root = page(doc)
    # " JavaScript:" is percent-encoded to "%20JavaScript:", a relative reference with no scheme
    assert [a.get("href") for a in root.iter("a")] == [None, None, "%20JavaScript:alert(2)",
                                                       "mailto:x@y.org"]
    assert not [s for s in root.iter("script") if s.get("type") != "application/ld+json"]
    assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]
    assert not root.xpath("//img")


def test_hostile_articles_stay_text() -> None:
    """Markup-like text, controls and bidi overrides never become elements or scripts."""
    for doc in hostile_documents(25):
        root = page(doc)
        assert len(root.xpath("//script")) == 1 and root.find("body/main/article") is not None
        assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]
        text = re.sub(r"\s+", "", root.find("body").text_content())
        for block in doc.body:
            for piece in block_text(block).split("\n"):
                assert re.sub(r"\s+", "", piece) in text


def test_languages_and_directions() -> None:
    urdu = Document(Meta(headline="سیلاب کا پانی کم ہونے لگا", language="ur", identifier="urn:x:ur"), (
        Paragraph((Text("صوبائی حکومت نے منگل کو کہا"),)),
        Paragraph((Text("The provincial government said on Tuesday."),), lang="en")))
    root = page(urdu)
    assert (root.get("lang"), root.get("dir")) == ("ur", "rtl")
    english = root.xpath("//p[@lang='en']")[0]
    assert english.get("dir") == "ltr"
    assert "xml:lang" not in etree.tostring(root, encoding="unicode")


def test_heading_levels_never_skip() -> None:
    blocks = (Heading(4, (Text("deep"),)), Paragraph((Text("x"),)), Heading(2, (Text("top"),)),
              Heading(6, (Text("six"),)), BlockQuote((Heading(5, (Text("q"),)),)))
    assert [getattr(b, "level", None) for b in heading_levels(blocks, 1)] == [2, None, 2, 3, None]
    assert heading_levels(blocks, 1)[4].children[0].level == 4
    assert [getattr(b, "level", None) for b in heading_levels(blocks, 2)] == [3, None, 3, 4, None]


def test_stylesheet_is_the_house_style_with_print() -> None:
    style = load_style("broadsheet")
    css = page_css(style)
    root = page(kitchen_sink(), "broadsheet")
    # the kitchen sink's Urdu and Chinese add their faces to the font stacks
    assert root.find("head/style").text == page_css(style, page_stacks(root))
    shared = [r for r in style_css(style).split("}\n") if r.startswith(("h1 {", "a {", "q {"))]
    assert shared and all(r.replace("-epub-hyphens: auto;\n  ", "").replace(
        "text-align: left", "text-align: start").replace(" 0em", " 0") in css for r in shared[1:])
    assert "@media print {" in css and "size: 210mm 297mm" in css
    assert "column-count: 2" in css and "column-span: all" in css  # broadsheet's two columns
    assert "margin: 18mm 16mm 18mm 16mm" in css
    assert "column-count" not in page_css(load_style("default"))
    assert "-epub-hyphens" not in css and "text-align: left" not in css


def test_a_font_name_cannot_close_the_style_element(tmp_path) -> None:
    (tmp_path / "evil.toml").write_text('extends = "default"\nname = "evil"\n'
                                        '[elements.body]\nfont = "X</style><script>alert(1)"\n',
                                        encoding="utf-8")
    data = writer.write(minimal(), opts().__class__(style=load_style(str(tmp_path / "evil.toml")),
                                                    timestamp=TS))
    assert data.count(b"</style>") == 1 and b"<script>alert" not in data


def test_output_is_reproducible() -> None:
    assert writer.write(kitchen_sink(), opts()) == writer.write(kitchen_sink(), opts())
    docs = [kitchen_sink(), minimal()]
    assert writer.write_many(docs, opts()) == writer.write_many(docs, opts())


def test_unknown_block_fails_loudly() -> None:
    class Figure:
        lang = None

    doc = Document(Meta(headline="x"), (Figure(),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Figure"):
        writer.write(doc, opts())


# --------------------------------------------------------------------------- editions


def test_edition_page_with_table_of_contents() -> None:
    urdu = Document(Meta(headline="سیلاب کا پانی کم ہونے لگا", language="ur", identifier="urn:x:ur"),
                    (Paragraph((Text("صوبائی حکومت نے منگل کو کہا"),)),))
    docs = [kitchen_sink(), minimal(), urdu]
    root = html.document_fromstring(writer.write_many(docs, opts(title="Morning edition")))
    assert root.findtext("head/title") == "Morning edition"
    assert root.findtext("body/header/h1") == "Morning edition"
    nav = root.find("body/nav")
    assert nav.get("aria-labelledby") == "edition-title"
    links = nav.findall("ol/li/a")
    articles = root.findall("body/main/article")
    assert [a.get("href") for a in links] == [f"#{a.get('id')}" for a in articles]
    assert [a.text for a in links] == [d.meta.headline for d in docs]
    assert [a.findtext("header/h2") for a in articles] == [d.meta.headline for d in docs]
    assert [h.tag for h in articles[0].xpath(".//h3|.//h4")] == ["h3", "h4"]  # below the h2
    assert (articles[2].get("lang"), articles[2].get("dir")) == ("ur", "rtl")
    assert links[2].get("lang") == "ur" and articles[0].get("lang") is None
    assert articles[1].get("lang") == "en"  # minimal() is "en", the page "en-GB"
    graph = ld(root)["@graph"]
    assert [g["headline"] for g in graph] == [d.meta.headline for d in docs]


def test_edition_title_falls_back_to_the_publication_then_the_epub_default() -> None:
    from convert.writers.epub import DEFAULT_EDITION_TITLE

    docs = [minimal(), kitchen_sink()]
    assert writer.edition_title(docs, opts()) == DEFAULT_EDITION_TITLE
    named = [minimal().with_meta(publication="The Sindh Courier"), kitchen_sink()]
    assert writer.edition_title(named, opts()) == "The Sindh Courier"
    with pytest.raises(ValueError):
        writer.write_many([], opts())


# --------------------------------------------------------------------------- goldens


@pytest.mark.parametrize("name", GOLDEN_MODELS)
def test_model_golden(name: str, golden) -> None:
    golden.check(f"html/{name}.html", canonical(writer.write(model_fixture(name), opts())))


def test_kitchen_sink_and_edition_goldens(golden) -> None:
    golden.check("html/kitchen_sink.html", canonical(writer.write(kitchen_sink(), opts())))
    docs = [model_fixture(n) for n in model_fixture_names()]
    golden.check("html/edition.html",
                 canonical(writer.write_many(docs, opts("broadsheet", title="Morning edition"))))


@pytest.mark.parametrize("style", ["default", "broadsheet"])
def test_stylesheet_golden(style: str, golden) -> None:
    golden.check(f"html/{style}.css", page_css(load_style(style)))


# --------------------------------------------------------------------------- command line


def test_cli_writes_pages_and_an_edition(tmp_path) -> None:
    from convert.cli import main

    require(SEED is not None, "seed article missing")
    out = tmp_path / "edition.html"
    names = [str(SEED), *(str(p) for p in corpus_cases()[:0])]
    second = tmp_path / "b.txt"
    second.write_text("Rains return to Karachi\n\nMore rain is due on Friday.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["convert", *names, str(second), "-o", str(out), "--title",
                                    "Evening edition"])
    assert res.exit_code == 0, res.output
    root = html.document_fromstring(out.read_bytes())
    assert root.findtext("head/title") == "Evening edition" and len(root.findall(".//article")) == 2
    res = CliRunner().invoke(main, ["convert", str(second), "-d", str(tmp_path / "d"), "-t", "html"])
    assert res.exit_code == 0 and (tmp_path / "d" / "b.html").read_bytes().startswith(
        b"<!DOCTYPE html>\n<html lang=")
