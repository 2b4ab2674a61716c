"""EPUB: tables, pictures in the manifest, EPUB 3 footnotes, code, edits, rules, notices, nested lists,
links a reading system cannot open, and EPUBCheck on the rich articles (one JVM for all)."""

from __future__ import annotations

import io
import shutil
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from msgspec.structs import replace

from convert.model import (
    Document,
    Figure,
    Link,
    Meta,
    Note,
    Paragraph,
    Picture,
    Text,
)
from convert.writers import epub as writer
from tests.canonical import zip_member
from tests.sample_docs import PICTURE, kitchen_sink
from tests.support import ROOT
from tests.writers.rich_nodes import BLOCKS, INLINES
from tests.writers.test_epub import (
    CHAPTER,
    NS,
    OPTS,
    _assert_clean,
    _epubcheck_jar,
    _run_epubcheck,
    build,
    chapter,
    opf_root,
)

H = NS["h"]
EPUB_TYPE = f"{{{NS['epub']}}}type"
RICH = ROOT / "tests" / "fixtures" / "rich"


def quiet(doc: Document, **changes: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(doc, **changes)


def manifest(data: bytes) -> dict[str, str]:
    return {i.get("href"): i.get("media-type") for i in opf_root(data).iterfind("opf:manifest/opf:item", NS)}


def test_every_node_class_is_written() -> None:
    para = Paragraph(tuple(INLINES.values()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = build(Document(Meta(headline="All", identifier="urn:x:all"), (para, *BLOCKS.values())))
    assert sorted(str(w.message) for w in caught) == [
        "EPUB: raw HTML block (never published) left out: <div/>",
        "EPUB: raw HTML inline markup (never published) left out: <b>"]
    body = chapter(data).find("h:body", NS)
    for tag in ("table", "figure", "pre", "hr", "del", "ins", "code", "aside", "h2"):
        assert body.find(f".//h:{tag}", NS) is not None, tag


def test_subheadings_never_skip_a_level() -> None:
    """An h5 right under the headline is an h2 (as the HTML page shows it): an outline for
    reading systems and accessibility checkers."""
    from convert.model import Heading

    doc = Document(Meta(headline="H", identifier="urn:x:h"), (
        Heading(5, (Text("five"),)), Heading(6, (Text("six"),)), Heading(2, (Text("two"),)),
        Heading(4, (Text("four"),))))
    body = chapter(build(doc)).find("h:body", NS)
    found = [(el.tag.split("}")[1], el.text) for el in body.iter() if el.tag[-2:-1] == "h"
             and el.tag[-1].isdigit()]
    assert found == [("h1", "H"), ("h2", "five"), ("h3", "six"), ("h2", "two"), ("h3", "four")]


def test_table_caption_header_cells_and_spans() -> None:
    table = chapter(quiet(kitchen_sink())).find(".//h:table", NS)
    assert "".join(table.find("h:caption", NS).itertext()) == "Flows at the three barrages, 11 June"
    ths = table.findall("h:thead/h:tr/h:th", NS)
    assert [(th.text, th.get("scope")) for th in ths] == [
        ("Barrage", "col"), ("Flow (cusecs)", "col"), ("Change", "col")]
    last = table.findall("h:tbody/h:tr", NS)[-1].findall("h:td", NS)
    assert [td.get("colspan") for td in last] == [None, "2"]
    assert last[1].get("style") == "text-align: right"


def test_picture_is_a_manifest_item_with_its_alt_text() -> None:
    data = quiet(kitchen_sink())
    assert manifest(data)["images/article-1.png"] == "image/png"
    assert zip_member(data, "EPUB/images/article-1.png") == PICTURE.data
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("EPUB/images/article-1.png")
    assert info.compress_type == zipfile.ZIP_STORED  # PNG is compressed already
    fig = chapter(data).find(".//h:figure[@class='picture']", NS)
    img = fig.find("h:img", NS)
    assert img.get("src") == "../images/article-1.png"
    assert img.get("alt") == "Water pours through the gates of Sukkur barrage"
    cap = fig.find("h:figcaption", NS)
    assert "".join(cap.itertext()) == "The Sukkur barrage on Tuesday; gates open Photo: Example News/Ali Khan"


def _webp() -> Picture:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "WEBP")
    return Picture("image/webp", out.getvalue(), 8, 8)


def test_one_file_per_picture_and_webp_keeps_its_type() -> None:
    webp = _webp()
    doc = Document(Meta(headline="P", identifier="urn:x:p"), (
        Figure("a.png", "a", picture=PICTURE), Figure("a.png", "again", picture=PICTURE),
        Figure("b.webp", "b", picture=webp), Figure("https://example.org/c.jpg", "c", (Text("C"),))))
    data = quiet(doc)
    images = {k: v for k, v in manifest(data).items() if k.startswith("images/")}
    assert images == {"images/article-1.png": "image/png", "images/article-2.webp": "image/webp"}
    srcs = [img.get("src") for img in chapter(data).iter(f"{{{H}}}img")]
    assert srcs == ["../images/article-1.png", "../images/article-1.png", "../images/article-2.webp"]
    # a remote picture nobody fetched: no img (EPUB holds no remote image), its caption stays
    last = chapter(data).findall(".//h:figure", NS)[-1]
    assert last.find("h:img", NS) is None and last.find("h:figcaption", NS).text == "C"


def test_edition_names_pictures_per_chapter() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = writer.write_many([kitchen_sink(), kitchen_sink()], OPTS)
    images = sorted(k for k in manifest(data) if k.startswith("images/"))
    assert images == ["images/article-001-1.png", "images/article-002-1.png"]
    second = chapter(data, "EPUB/text/article-002.xhtml")
    assert second.find(".//h:img", NS).get("src") == "../images/article-002-1.png"


def test_epub3_footnotes_with_back_links() -> None:
    body = chapter(quiet(kitchen_sink())).find("h:body", NS)
    ref = next(a for a in body.iter(f"{{{H}}}a") if a.get(EPUB_TYPE) == "noteref")
    assert (ref.get("href"), ref.get("id"), ref.text) == ("#fn1", "fnref1", "1")
    (aside,) = body.iter(f"{{{H}}}aside")
    assert aside.get(EPUB_TYPE) == "footnote" and aside.get("id") == "fn1"
    back = aside.find("h:p/h:a", NS)
    assert back.get("href") == "#fnref1"
    assert "".join(aside.itertext()).endswith("Figures from the Provincial Disaster Management "
                                              "Authority, 10 June.")
    # the notes follow the body text, before the footer
    article = body.find("h:article", NS)
    tags = [child.tag.split("}")[1] for child in article]
    assert tags[-2:] == ["aside", "footer"]


def test_code_edits_rule_notice_and_nested_lists() -> None:
    body = chapter(quiet(kitchen_sink())).find("h:body", NS)
    code = body.find(".//h:pre/h:code", NS)
    assert code.get("class") == "language-csv"
    assert code.text == "station,level_m\nGuddu,  9.7\nSukkur, 8.4  # <rising> & fast\n"
    assert [c.text for c in body.iter(f"{{{H}}}code")][:2] == ["Guddu <1>", "Sukkur & Kotri"]
    assert body.find(".//h:del", NS).text == "2.1" and body.find(".//h:ins", NS).text == "2.4"
    assert body.find(".//h:hr", NS) is not None
    notice = body.find(".//h:div[@class='notice correction']", NS)
    assert notice.find("h:p[@class='notice-label']/h:strong", NS).text == "Correction"
    nested = body.find(".//h:ul/h:li/h:ol/h:li/h:ul/h:li", NS)
    assert nested.text == "spare spacer"
    boxes = [s.text for s in body.iter(f"{{{H}}}span") if (s.get("class") or "").startswith("task")]
    assert boxes == ["\u2611", "\u2610"]
    assert "kept, never published" not in ET.tostring(body, encoding="unicode")


def test_links_a_reading_system_cannot_open_keep_their_text() -> None:
    doc = Document(Meta(headline="L", identifier="urn:x:l"), (Paragraph((
        Link((Text("top"),), "#top"), Text(", "), Link((Text("file"),), "file:///etc/passwd"),
        Text(", "), Link((Text("script"),), "javascript:alert(1)"), Text(", "),
        Link((Text("data"),), "data:text/html,hi"), Text(", "), Link((Text("dots"),), "https://../"),
        Text(", "), Link((Text("web"),), "https://example.org/"), Note((Paragraph((Text("n"),)),)))),))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = build(doc)
    assert len(caught) == 5 and all(str(w.message).startswith("EPUB: ") for w in caught)
    p = chapter(data).find(".//h:article/h:p", NS)
    assert "".join(p.itertext()).startswith("top, file, script, data, dots, web")
    assert [a.get("href") for a in p.iter(f"{{{H}}}a")] == ["https://example.org/", "#fn1"]


def test_css_styles_the_rich_nodes() -> None:
    css = zip_member(quiet(kitchen_sink()), "EPUB/style/article.css").decode()
    for selector in ("table {", "th, td {", "caption {", "figure.picture img {", "pre.code {",
                     "del {", "ins {", "hr {", "div.notice {", "aside, div.notes {", "sup.noteref {"):
        assert selector in css, selector


# --------------------------------------------------------------------------- EPUBCheck


def _rich_urdu() -> Document:
    from tests.writers.test_html_validators import rich_urdu

    return rich_urdu()


@pytest.fixture(scope="module")
def rich_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The rich articles read from their files (pictures loaded), and made-up edge cases."""
    java, jar = shutil.which("java"), _epubcheck_jar()
    if java is None or jar is None:
        return {}
    from convert.api import convert

    out = tmp_path_factory.mktemp("epubcheck-rich")
    paths: dict[str, Path] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in ("kitchen_sink.md", "kitchen_sink.txt", "kitchen_sink_fragment.html"):
            paths[name] = convert(RICH / name, out / f"{name}.epub")
        books = {
            "nodes": build(Document(Meta(headline="All", identifier="urn:x:all"),
                                    (Paragraph(tuple(INLINES.values())), *BLOCKS.values()))),
            "urdu": build(_rich_urdu()),
            "edition": writer.write_many([kitchen_sink(), _rich_urdu(), kitchen_sink()],
                                         replace(OPTS, title="Rich edition")),
            "links": build(Document(Meta(headline="L", identifier="urn:x:l"), (Paragraph((
                Link((Text("top"),), "#top"), Link((Text("f"),), "file:///x"),
                Link((Text("d"),), "data:text/plain,x"), Link((Text("j"),), "javascript:x"))),))),
            "webp": build(Document(Meta(headline="W", identifier="urn:x:w"),
                                   (Figure("w.webp", "a WebP picture", picture=_webp()),))),
        }
    for name, data in books.items():
        paths[name] = out / f"{name}.epub"
        paths[name].write_bytes(data)
    return _run_epubcheck(jar, java, paths, out)


@pytest.mark.external
@pytest.mark.parametrize("name", ["kitchen_sink.md", "kitchen_sink.txt", "kitchen_sink_fragment.html",
                                  "nodes", "urdu", "edition", "links", "webp"])
def test_epubcheck_reports_nothing(rich_reports: dict[str, dict], name: str) -> None:
    _assert_clean(rich_reports, name)
    assert not rich_reports[name]["messages"]


def test_the_rich_fixtures_carry_their_pictures(tmp_path: Path) -> None:
    from convert.api import convert

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = convert(RICH / "kitchen_sink.md", tmp_path / "a.epub").read_bytes()
    images = {k: v for k, v in manifest(data).items() if k.startswith("images/")}
    assert images == {"images/article-1.png": "image/png", "images/article-2.jpg": "image/jpeg"}
    camp = (RICH / "pictures" / "relief-camp.jpg").read_bytes()
    assert zip_member(data, "EPUB/images/article-2.jpg") == camp
    assert zip_member(data, CHAPTER).count(b"<img ") == 2
