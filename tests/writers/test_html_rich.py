"""HTML pages with the richer nodes: tables, pictures inside the page, notes with back links.

The Nu HTML Checker and axe-core check these pages in ``test_html_validators`` (the kitchen
sink, a right-to-left article with every block, an edition of two kitchen sinks).
"""

from __future__ import annotations

import base64
import warnings

import pytest
from lxml import etree

from convert.model import BLOCK_TYPES, Document, Link, Meta, Paragraph, Text
from convert.writers import html
from tests.sample_docs import PNG_BYTES, kitchen_sink
from tests.writers.rich_nodes import BLOCKS, INLINES
from tests.writers.test_html_validators import OPTS, rich_urdu


def page(doc: Document) -> etree._Element:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return etree.fromstring(html.write(doc, OPTS), etree.HTMLParser())


def test_every_block_and_inline_class_of_the_model_is_handled() -> None:
    assert set(BLOCKS) == set(BLOCK_TYPES)
    doc = Document(Meta(headline="All", identifier="urn:x:all"),
                   (Paragraph(tuple(INLINES.values())), *BLOCKS.values()))
    root = page(doc)
    assert root.find(".//article//table") is not None and root.find(".//article//img") is not None


def test_tables_pictures_notes_code_and_edits_in_the_page() -> None:
    root = page(kitchen_sink())
    article = root.find(".//main/article")
    table = article.find(".//table")
    assert "".join(table.find("caption").itertext()).strip() == "Flows at the three barrages, 11 June"
    assert [th.get("scope") for th in table.findall("thead/tr/th")] == ["col", "col", "col"]
    img = article.find(".//figure[@class='picture']/img")
    assert img.get("alt") == "Water pours through the gates of Sukkur barrage"
    head, _, data = img.get("src").partition(",")
    assert head == "data:image/png;base64" and base64.b64decode(data) == PNG_BYTES  # stands alone
    ref = article.find(".//sup[@class='noteref']/a")
    notes = article.find("div[@class='notes']")
    assert notes.get("role") == "doc-endnotes" and notes.getnext().tag == "footer"
    note = notes.find(f"ol/li[@id='{ref.get('href')[1:]}']")
    back = note.find(".//a[@role='doc-backlink']")
    assert back.get("href") == "#" + ref.get("id")
    assert article.find(".//pre/code[@class='language-csv']") is not None
    assert article.find(".//del").text == "2.1" and article.find(".//ins").text == "2.4"
    assert article.find(".//hr") is not None
    assert article.find(".//div[@role='note']/p[@class='notice-label']/strong").text == "Correction"
    assert article.find(".//h4").text == "Water levels by barrage"  # the model's levels kept


def test_an_edition_keeps_each_articles_note_ids_apart() -> None:
    second = kitchen_sink().with_meta(identifier="urn:x:second")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = html.write_many([kitchen_sink(), second], OPTS)
    root = etree.fromstring(data, etree.HTMLParser())
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert {"article-001-fn1", "article-002-fn1"} <= set(ids)
    for a in root.iter("a"):
        if (a.get("href") or "").startswith("#"):
            assert a.get("href")[1:] in ids


def test_right_to_left_article_with_every_block() -> None:
    root = page(rich_urdu())
    assert root.get("dir") == "rtl"
    assert root.find(".//pre").get("dir") == "ltr"  # code reads left to right
    assert root.find(".//table") is not None and root.find(".//figure/img") is not None


@pytest.mark.parametrize("url", ["#top", "./other.md"])
def test_relative_links_keep_their_text(url: str) -> None:
    doc = Document(Meta(headline="Top", identifier="urn:x:top"),
                   (Paragraph((Link((Text("to the top"),), url),)),))
    with pytest.warns(UserWarning, match="relative link"):
        data = html.write(doc, OPTS)
    assert b"to the top" in data and f'href="{url}"'.encode() not in data
