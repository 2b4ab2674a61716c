"""ninjs with the richer nodes: both bodies hold every construct, pictures are associations.

Validated against IPTC's ninjs 3.1 and 2.2 JSON Schemas (strict, with format checks).
"""

from __future__ import annotations

import json
import warnings

import pytest
from lxml import etree

from convert.model import BLOCK_TYPES, Document, Figure, Link, Meta, Paragraph, Picture, Text
from convert.writers import ninjs
from tests.sample_docs import PNG_BYTES, kitchen_sink
from tests.writers.rich_nodes import BLOCKS, INLINES
from tests.writers.test_ninjs import VERSIONS, assert_valid, opts


def obj(doc: Document, version: str = "3.1") -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return json.loads(ninjs.write(doc, opts(version)))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_block_and_inline_class_of_the_model_is_handled(version: str) -> None:
    assert set(BLOCKS) == set(BLOCK_TYPES)
    doc = Document(Meta(headline="All", identifier="urn:x:all"),
                   (Paragraph(tuple(INLINES.values())), *BLOCKS.values()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = ninjs.write(doc, opts(version))
    assert_valid(data, f"all.{version}.json")
    for cls, node in BLOCKS.items():  # the plain body knows each block on its own
        assert isinstance(ninjs.block_plain(node), str), cls


def test_plain_body_of_the_richer_nodes() -> None:
    text = obj(kitchen_sink())["bodies"][0]["value"]
    assert ("Flows were measured at Guddu <1> and Sukkur & Kotri overnight[1]; the earlier figure "
            "of ~~2.1~~ metres was corrected to 2.4 metres.") in text
    assert ("Flows at the three barrages, 11 June\nBarrage | Flow (cusecs) | Change\n"
            "Guddu | 512,000 | +8%\nSukkur | 498,300 | +6%\nKotri | not measured") in text
    assert "\n\nThe Sukkur barrage on Tuesday; gates open Photo: Example News/Ali Khan\n\n" in text
    assert ("- \u2611 documents\n- \u2610 medicine\n  1. insulin\n  2. inhalers\n"
            "    - spare spacer\n  Ask a pharmacist for a week's supply.") in text
    assert "station,level_m\nGuddu,  9.7\nSukkur, 8.4  # <rising> & fast\n\n* * *\n\n" in text
    assert "Correction\nAn earlier version of this article" in text
    assert text.endswith("[1] Figures from the Provincial Disaster Management Authority, 10 June."
                         "\n\n(Reporting by Jane Doe; Editing by Ali Khan)")
    assert "kept, never published" not in text and "tracker" not in text


def test_html_body_of_the_richer_nodes_and_its_picture_name() -> None:
    item = obj(kitchen_sink())
    html = etree.fromstring(f"<div>{item['bodies'][1]['value']}</div>", etree.HTMLParser())
    assert html.find(".//table/caption") is not None and html.find(".//th[@scope='col']") is not None
    assert html.find(".//img").get("src") == item["associations"][0]["name"]
    assert html.find(".//sup[@class='noteref']/a").get("href") == "#fn1"
    assert html.find(".//div[@class='notes']/ol/li[@id='fn1']") is not None
    assert [el.tag for el in html.find(".//div[@class='notes']/..")][-2:] == ["div", "p"]  # credit last
    assert html.find(".//pre/code") is not None and html.find(".//del").text == "2.1"
    assert "<q>" not in item["bodies"][1]["value"]


@pytest.mark.parametrize("version", VERSIONS)
def test_pictures_are_picture_associations(version: str) -> None:
    url = "https://example.org/photos/gates.jpg"
    doc = Document(Meta(headline="Gates", identifier="https://example.org/story/1"), (
        Figure("pics/gates.png", "Gates open", (Text("The gates"),), "Photo: A",
               Picture("image/png", PNG_BYTES, 16, 12)),
        Figure(url, "Remote", (Text("Fetched"),), None, Picture("image/jpeg", b"\xff\xd8jpeg", 8, 6)),
        Figure("pics/missing.png", "Missing")))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = ninjs.write(doc, opts(version))
    assert_valid(data, f"pictures.{version}.json")
    item = json.loads(data)
    key = "sizeInBytes" if version == "3.1" else "sizeinbytes"
    local, remote = item["associations"]  # the missing picture has nothing to associate
    assert local["uri"] == "https://example.org/story/1#picture-1" and local["name"] == "gates.png"
    assert "href" not in local["renditions"][0] and local["renditions"][0][key] == len(PNG_BYTES)
    assert (remote["uri"], remote["renditions"][0]["href"]) == (url, url)
    assert any("pics/gates.png" in str(w.message) and "no href" in str(w.message) for w in caught)
    html = item["bodies"][1]["value"]
    assert 'src="gates.png"' in html and f'src="{url}"' in html
    assert "<figcaption>Missing</figcaption>" in html  # its alt text stands in for it


def test_relative_links_keep_their_text_in_both_bodies() -> None:
    doc = Document(Meta(headline="Top", identifier="urn:x:top"),
                   (Paragraph((Text("Go "), Link((Text("to the top"),), "#top"))),))
    with pytest.warns(UserWarning, match="relative link"):
        item = json.loads(ninjs.write(doc, opts()))
    assert item["bodies"][0]["value"] == "Go to the top"
    assert item["bodies"][1]["value"] == "<p>Go to the top</p>"
