"""NewsML-G2 with the richer nodes: XHTML and NITF bodies, ``--package`` messages, every item valid.

Checked against the IPTC NewsML-G2 2.35 and NITF 3.6 XSDs (``convert.validate``, strict) and by
reading the XML back with lxml: tables, pictures, notes, code, rules, corrections, edits.
"""

from __future__ import annotations

import json
import warnings

import pytest
from lxml import etree
from msgspec.structs import replace

from convert.model import (
    BLOCK_TYPES,
    INLINE_TYPES,
    Document,
    Figure,
    Link,
    Meta,
    Paragraph,
    Text,
)
from convert.validate import validate_bytes
from convert.writers import newsml, ninjs
from tests.sample_docs import PNG_BYTES, kitchen_sink, minimal
from tests.writers.rich_nodes import BLOCKS, INLINES
from tests.writers.test_newsml import BODIES, NS, body_root, opts, parse, schema_dir


def package(body: str = "xhtml") -> object:
    return replace(opts(body), newsml_package=True)


def valid(data: bytes) -> None:
    report = validate_bytes(data, "item.xml", strict=True, schema_dir=schema_dir())
    assert report.findings == (), [str(f) for f in report.findings]


def write(doc: Document, options: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return newsml.write(doc, options)  # type: ignore[arg-type]


def test_the_examples_cover_the_model() -> None:
    assert set(INLINES) == set(INLINE_TYPES) and set(BLOCKS) == set(BLOCK_TYPES)


@pytest.mark.parametrize("body", BODIES)
def test_every_block_and_inline_class_of_the_model_is_handled(body: str) -> None:
    """Each node alone, and all of them in one paragraph, write a valid item in both bodies."""
    docs = [Document(Meta(headline="All", identifier="urn:x:all"),
                     (Paragraph(tuple(INLINES.values())), *BLOCKS.values()))]
    docs += [Document(Meta(headline=cls.__name__, identifier=f"urn:x:{cls.__name__}"), (node,))
             for cls, node in BLOCKS.items()]
    for doc in docs:
        valid(write(doc, opts(body)))


def test_xhtml_body_holds_every_construct() -> None:
    html = body_root(parse(write(kitchen_sink(), opts("xhtml"))))
    table = html.find(".//h:table", NS)
    assert "".join(table.find("h:caption", NS).itertext()) == "Flows at the three barrages, 11 June"
    assert [th.get("scope") for th in table.findall("h:thead/h:tr/h:th", NS)] == ["col"] * 3
    assert table.find("h:tbody/h:tr[3]/h:td[2]", NS).get("colspan") == "2"
    img = html.find(".//h:figure[@class='picture']/h:img", NS)
    assert (img.get("src"), img.get("alt")) == ("sukkur-barrage.png",
                                                "Water pours through the gates of Sukkur barrage")
    assert html.find(".//h:figcaption/h:span[@class='credit']", NS).text == "Photo: Example News/Ali Khan"
    ref = html.find(".//h:sup[@class='noteref']/h:a", NS)
    note = html.find(f".//h:div[@class='notes']/h:ol/h:li[@id='{ref.get('href')[1:]}']", NS)
    assert "Provincial Disaster Management Authority" in "".join(note.itertext())
    assert html.find(".//h:pre/h:code[@class='language-csv']", NS).text.startswith("station,level_m\n")
    assert html.find(".//h:del", NS).text == "2.1" and html.find(".//h:ins", NS).text == "2.4"
    assert html.find(".//h:hr", NS) is not None
    assert html.find(".//h:div[@class='notice correction']/h:p/h:strong", NS).text == "Correction"
    nested = html.find(".//h:ul/h:li/h:ol/h:li/h:ul/h:li", NS)
    assert nested.text == "spare spacer"
    assert html.findtext(".//h:h6", namespaces=NS) == "Data"
    assert b"kept, never published" not in etree.tostring(html)
    assert b"tracker" not in etree.tostring(html)
    # notes come after the body and before the credit line
    tail = [el.get("class") for el in html.find("h:body", NS)][-2:]
    assert tail == ["notes", "credit"]


def test_nitf_body_holds_every_construct() -> None:
    nitf = body_root(parse(write(kitchen_sink(), opts("nitf"))))
    content = nitf.find("f:body/f:body.content", NS)
    table = content.find("f:table", NS)
    assert [th.get("align") for th in table.findall("f:thead/f:tr/f:th", NS)] == \
        ["left", "right", "right"]
    media = content.find("f:media", NS)
    ref = media.find("f:media-reference", NS)
    assert (media.get("media-type"), ref.get("source"), ref.get("mime-type"), ref.get("width")) == (
        "image", "sukkur-barrage.png", "image/png", "640")
    assert ref.get("alternate-text") == "Water pours through the gates of Sukkur barrage"
    assert media.findtext("f:media-producer", namespaces=NS) == "Photo: Example News/Ali Khan"
    link = content.find(".//f:a[@class='noteref']", NS)
    fn = content.find(f"f:fn[@id='{link.get('href')[1:]}']", NS)
    assert "Provincial Disaster" in "".join(fn.itertext()) and link.text == "[1]"
    assert content.findtext("f:pre", namespaces=NS).startswith("station,level_m\nGuddu,  9.7")
    assert content.find("f:hr", NS) is not None
    assert content.find("f:block[@class='correction']/f:p[@class='notice-label']", NS) is not None
    assert [em.text for em in content.iter(f"{{{newsml.NITF}}}em") if em.get("class") in (
        "deleted", "inserted", "code")] == ["Guddu <1>", "Sukkur & Kotri", "2.1", "2.4"]
    nested = content.find("f:ul/f:li/f:ol/f:li/f:ul/f:li", NS)
    assert nested.text == "spare spacer"


def test_nitf_warns_what_it_can_only_approximate() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        newsml.write(kitchen_sink(), opts("nitf"))
    messages = {str(w.message) for w in caught}
    assert any("struck-out (deleted) text" in m and 'em class="deleted"' in m for m in messages)
    assert any("inline code" in m for m in messages)
    assert any("raw HTML block" in m and "kept, never published" in m for m in messages)


@pytest.mark.parametrize("body", BODIES)
def test_note_ids_are_unique_across_a_news_message(body: str) -> None:
    second = kitchen_sink().with_meta(identifier="urn:newsml:example.org:second")
    data = write_many([kitchen_sink(), second], opts(body))
    valid(data)  # NITF ids are xs:ID: two "fn1" would fail the schema
    root = parse(data)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and "item1-fn1" in ids and "item2-fn1" in ids


def write_many(docs: list[Document], options: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return newsml.write_many(docs, options)  # type: ignore[arg-type]


@pytest.mark.parametrize("body", BODIES)
def test_relative_links_keep_their_text(body: str) -> None:
    doc = Document(Meta(headline="Top", identifier="urn:x:top"),
                   (Paragraph((Link((Text("back to top"),), "#top"),)),))
    with pytest.warns(UserWarning, match="relative link '#top' kept as text"):
        data = newsml.write(doc, opts(body))
    valid(data)
    assert b"back to top" in data and b'href="#top"' not in data


# --------------------------------------------------------------------------- packages


@pytest.mark.parametrize("body", BODIES)
def test_a_package_groups_the_text_and_its_pictures_and_every_item_validates(body: str) -> None:
    data = write(kitchen_sink(), package(body))
    valid(data)
    root = parse(data)
    assert root.tag == f"{{{newsml.NAR}}}newsMessage"
    items = root.findall("n:itemSet/*", NS)
    assert [etree.QName(i).localname for i in items] == ["packageItem", "newsItem", "newsItem"]
    pkg, text, picture = items
    guid = kitchen_sink().meta.identifier
    assert (pkg.get("guid"), text.get("guid"), picture.get("guid")) == (
        f"{guid}#package", guid, f"{guid}#picture-1")
    group = pkg.find("n:groupSet/n:group", NS)
    assert pkg.find("n:groupSet", NS).get("root") == group.get("id")
    refs = [(r.get("residref"), r.find("n:itemClass", NS).get("qcode"))
            for r in group.findall("n:itemRef", NS)]
    assert refs == [(guid, "ninat:text"), (f"{guid}#picture-1", "ninat:picture")]
    assert picture.find("n:itemMeta/n:itemClass", NS).get("qcode") == "ninat:picture"
    assert picture.find("n:itemMeta/n:firstCreated", NS) is None  # the article dates no picture
    remote = picture.find("n:contentSet/n:remoteContent", NS)
    assert dict(remote.attrib) == {"href": "sukkur-barrage.png", "contenttype": "image/png",
                                   "size": str(len(PNG_BYTES)), "width": "16", "height": "12"}
    meta = picture.find("n:contentMeta", NS)
    assert meta.findtext("n:creditline", namespaces=NS) == "Photo: Example News/Ali Khan"
    roles = {d.get("role"): d.text for d in meta.findall("n:description", NS)}
    assert roles == {"drol:caption": "The Sukkur barrage on Tuesday; gates open",
                     "ncdesc:alt": "Water pours through the gates of Sukkur barrage"}
    # the text item names the picture as the picture item does
    names = {el.get("src") or el.get("source") for el in text.iter()
             if etree.QName(el).localname in ("img", "media-reference")}
    assert names == {remote.get("href")}


def test_the_package_and_ninjs_identify_a_picture_alike() -> None:
    root = parse(write(kitchen_sink(), package()))
    picture = root.findall("n:itemSet/n:newsItem", NS)[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        item = json.loads(ninjs.write(kitchen_sink(), replace(opts(), ninjs_version="3.1")))
    association = item["associations"][0]
    assert (association["uri"], association["name"]) == (
        picture.get("guid"), picture.find("n:contentSet/n:remoteContent", NS).get("href"))


def test_web_pictures_keep_their_address_and_are_sent_once() -> None:
    url = "https://example.org/photos/barrage.jpg"
    fig = Figure(url, "Gates", caption=(Text("Gates"),))  # not fetched: no bytes
    one = Document(Meta(headline="One", identifier="urn:x:one"), (fig,))
    two = Document(Meta(headline="Two", identifier="urn:x:two"), (fig,))
    data = write_many([one, two], package())
    valid(data)
    root = parse(data)
    pictures = [i for i in root.findall("n:itemSet/n:newsItem", NS)
                if i.find("n:itemMeta/n:itemClass", NS).get("qcode") == "ninat:picture"]
    assert [p.get("guid") for p in pictures] == [url]
    assert pictures[0].find("n:contentSet/n:remoteContent", NS).get("href") == url
    assert len(root.findall("n:itemSet/n:packageItem", NS)) == 2


def test_an_article_without_pictures_is_a_package_of_one() -> None:
    data = write(minimal(), package("nitf"))
    valid(data)
    refs = parse(data).findall(".//n:groupSet/n:group/n:itemRef", NS)
    assert [r.get("contenttype") for r in refs] == ["application/nitf+xml"]
