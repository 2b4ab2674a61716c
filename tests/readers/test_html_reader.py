"""The HTML reader: fragments mapped as they are, pages through trafilatura with their own metadata."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.errors import InputError
from convert.model import (
    BlockQuote,
    Emphasis,
    Figure,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Table,
    block_text,
    document_text,
    plain_text,
    to_dict,
)
from convert.options import ReadOptions, WriteOptions
from convert.readers import html_extract
from convert.readers.html import explain, read
from convert.readers.html_head import segments, strip_site
from convert.registry import get_reader, get_writer
from convert.styles import load_style
from tests.support import ROOT, model_fixture, model_fixture_names

FIXTURES = ROOT / "tests" / "fixtures" / "html"


def _read(name: str, **options):
    path = FIXTURES / name
    return explain(path.read_bytes(), ReadOptions(origin=str(path), **options))


def _page(body: str, head: str = "", lang: str = "en") -> bytes:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
            f"<body>{body}</body></html>").encode()


LONG = ("The council voted on Tuesday to rebuild the old bridge over the river, ending a "
        "dispute that had lasted for more than ten years and divided the town into two camps. ")


# --------------------------------------------------------------------------- fragments


def test_fragment_is_mapped_directly_without_extraction(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a fragment must not go through extraction")

    monkeypatch.setattr(html_extract, "_extract", refuse)
    doc, diag = _read("cms_fragment.html")
    assert diag.method == "fragment"
    meta = doc.meta
    assert meta.headline == "Floodwater recedes in Sindh as relief reaches 40 villages"
    assert meta.subheadline == "Boats carry food and medicine to families cut off for a week."
    assert meta.byline == "Amina Qureshi" and meta.authors[0].role == "Staff Reporter"
    assert meta.dateline == "KARACHI"
    assert meta.date == datetime(2025, 8, 28, 4, 30, tzinfo=UTC)  # from <time datetime>


def test_fragment_structure_and_inlines():
    doc, diag = _read("cms_fragment.html")
    kinds = [type(b).__name__ for b in doc.body]
    assert kinds[:5] == ["Paragraph", "Paragraph", "Heading", "ListBlock", "ListBlock"]
    first = doc.body[0]
    assert isinstance(first, Paragraph)
    assert plain_text(first.children).startswith("Water levels in the Indus")  # dateline taken
    assert any(isinstance(n, Strong) for n in first.children)
    link = next(n for n in first.children if isinstance(n, Link))
    assert link.url == "https://example.org/relief" and plain_text(link.children) == "40 villages"
    assert any(isinstance(n, LineBreak) for n in doc.body[1].children)  # <br>
    bullets, numbers = doc.body[3], doc.body[4]
    assert isinstance(bullets, ListBlock) and not bullets.ordered and len(bullets.items) == 3
    assert any(isinstance(n, Emphasis) for n in bullets.items[2].children)
    assert isinstance(numbers, ListBlock) and numbers.ordered and numbers.start == 3
    quote = next(b for b in doc.body if isinstance(b, BlockQuote))
    assert quote.attribution == "Provincial irrigation secretary"
    assert block_text(quote) == "The next two days decide whether the embankments hold."
    texts = [block_text(b) for b in doc.body]
    table = next(b for b in doc.body if isinstance(b, Table))
    assert plain_text(table.caption) == "Rainfall since Monday"
    assert [[plain_text(c.children) for c in r.cells] for r in (*table.head, *table.body)] == [
        ["District", "Rain (mm)"], ["Dadu", "212"], ["Jamshoro", "187"]] and len(table.head) == 1
    figure = next(b for b in doc.body if isinstance(b, Figure))
    assert figure.source == "boats.jpg"
    assert plain_text(figure.caption) == "Relief boats leave Sehwan on Thursday."
    assert not diag.warnings
    # junk and scripts are gone; a relative link without a base address stays text
    assert "Share this article" in diag.junk
    assert not any("trackPageView" in t for t in texts)
    last = doc.body[-1]
    assert isinstance(last, Paragraph) and not any(isinstance(n, Link) for n in last.children)


def test_fragment_without_h1_takes_its_first_heading():
    doc, diag = explain(b"<h2>Short title</h2><p>" + LONG.encode() + b"</p>", ReadOptions())
    assert doc.meta.headline == "Short title" and diag.method == "fragment"
    assert [block_text(b) for b in doc.body] == [LONG.strip()]


def test_fragment_without_heading_takes_a_short_first_paragraph():
    doc, _ = explain(b"<p>Bridge to be rebuilt</p><p>" + LONG.encode() + b"</p>", ReadOptions())
    assert doc.meta.headline == "Bridge to be rebuilt" and len(doc.body) == 1


# --------------------------------------------------------------------------- pages


def test_jsonld_page():
    doc, diag = _read("jsonld_page.html")
    meta = doc.meta
    assert diag.method == "extracted"
    assert meta.headline == "Port strike halts container traffic for a third day"  # no "| site"
    assert meta.byline == "Tomás Herrera and Li Wei"
    assert [p.name for p in meta.authors] == ["Tomás Herrera", "Li Wei"]
    assert meta.date == datetime(2025, 3, 4, 7, 15, tzinfo=UTC)
    assert meta.modified == datetime(2025, 3, 4, 12, 40, tzinfo=UTC)
    assert meta.publication == "The Harbour Times"
    assert meta.keywords == ("ports", "strikes", "shipping")
    assert meta.language == "en-GB"
    assert meta.subheadline and meta.subheadline.startswith("Dock workers want a pay rise")
    assert diag.metadata["byline"] == "jsonld" and diag.metadata["date"] == "jsonld"
    text = document_text(doc)
    assert "No container ship has been unloaded" in text and "expired in January" in text
    for junk in ("Home", "Share on Facebook", "Related stories", "Ferry timetable", "Privacy",
                 "All rights reserved", "Search"):
        assert junk not in text, junk
    assert any(isinstance(b, Heading) and block_text(b) == "Shops warn of empty shelves" for b in doc.body)
    assert any(isinstance(b, BlockQuote) for b in doc.body)
    assert any(isinstance(b, ListBlock) and len(b.items) == 3 for b in doc.body)


def test_opengraph_page():
    doc, diag = _read("opengraph_page.html")
    meta = doc.meta
    assert meta.headline == "Library reopens after two-year restoration"
    assert meta.byline == "Priya Raman" and diag.metadata["byline"] == "meta:author"
    assert meta.date == datetime(2024, 11, 2, 15, 5, tzinfo=UTC)
    assert meta.publication == "Valley Gazette"
    text = document_text(doc)
    assert text.startswith("The town's Carnegie library") and "former residents abroad" in text
    assert "Bus route changes" not in text and "Contact" not in text


def test_right_to_left_page():
    doc, _ = _read("rtl_page.html")
    assert doc.meta.language == "ar"
    assert doc.meta.headline == "افتتاح أكبر محطة لتحلية المياه في المنطقة"
    assert len([b for b in doc.body if isinstance(b, Paragraph)]) == 4
    assert any(isinstance(b, Heading) and block_text(b) == "مخاوف بيئية" for b in doc.body)
    assert "الرئيسية" not in document_text(doc)  # the menu
    assert all(b.lang is None for b in doc.body)


def test_nothing_invented():
    """No date, byline, standfirst or publication when the page states none."""
    body = f"<article><h1>Bridge to be rebuilt</h1><p>{LONG * 3}</p><p>{LONG * 2}</p></article>"
    doc, _ = explain(_page(body, "<title>Bridge to be rebuilt</title>"), ReadOptions())
    meta = doc.meta
    assert meta.headline == "Bridge to be rebuilt"
    assert (meta.date, meta.modified, meta.byline, meta.subheadline, meta.publication) == (
        None, None, None, None, None)
    assert meta.keywords == () and meta.authors == ()


def test_title_site_name_is_removed_only_when_the_page_names_the_site():
    assert segments("Opinion | Headline here - The Site") == ["Opinion", "Headline here", "The Site"]
    assert strip_site("Headline here | The Site", "The Site", []) == "Headline here"
    assert strip_site("Headline here - Site", None, ["Headline here"]) == "Headline here"
    assert strip_site("Ask Me - Anything", None, []) == "Ask Me - Anything"


def test_description_copying_the_first_paragraph_is_not_a_standfirst():
    head = f'<title>Bridge</title><meta name="description" content="{LONG.strip()}">'
    body = f"<article><h1>Bridge</h1><p>{LONG}</p><p>{LONG * 3}</p></article>"
    doc, _ = explain(_page(body, head), ReadOptions())
    assert doc.meta.subheadline is None


def test_page_language_yields_to_text_that_is_surely_another():
    german = ("Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss neu zu bauen. "
              "Damit endet ein Streit, der mehr als zehn Jahre gedauert und die Stadt gespalten hat. ")
    body = f"<article><h1>Neue Brücke</h1><p>{german * 3}</p><p>{german * 2}</p></article>"
    doc, diag = explain(_page(body, "<title>Neue Brücke</title>", lang="en"), ReadOptions())
    assert doc.meta.language == "de"
    assert "the page says en" in diag.metadata["language"]


def test_user_metadata_beats_the_page():
    doc, _ = _read("jsonld_page.html", metadata=(("headline", "Mine"), ("language", "es")))
    assert doc.meta.headline == "Mine" and doc.meta.language == "es"


def test_declared_legacy_charset():
    page = ('<html><head><meta charset="windows-1252"><title>Caf\u00e9 reopens</title></head><body>'
            f"<article><h1>Caf\u00e9 reopens</h1><p>{LONG * 3} \u201cGood,\u201d she said.</p>"
            "</article></body></html>").encode("cp1252")
    doc, diag = explain(page, ReadOptions())
    assert doc.meta.headline == "Café reopens" and diag.encoding == "cp1252"
    assert "\u201cGood,\u201d" in document_text(doc)


def test_split_article_body_is_rejoined():
    """An article split over sibling containers of one class (advertising between) is read whole."""
    parts = [f"<p>Part {i}: {LONG}</p><p>More of part {i}: {LONG}</p>" for i in range(3)]
    body = ("<article><h1>Bridge</h1><div class='chunks'>"
            + "<div class='ad'>Advertisement</div>".join(
                f"<div class='grid'><div class='body'>{p}</div><div class='side'>x</div></div>"
                for p in parts)
            + "</div></article>")
    doc, _ = explain(_page(body, "<title>Bridge</title>"), ReadOptions())
    text = document_text(doc)
    assert all(f"Part {i}:" in text for i in range(3))


def test_link_boxes_after_the_article_are_dropped():
    body = (f"<article><h1>Bridge</h1><p>{LONG * 2}</p><p>{LONG * 2}</p><p>{LONG}</p>"
            "<h3>More stories</h3><p>Town fete breaks records</p><p>New bus timetable</p></article>")
    doc, diag = explain(_page(body, "<title>Bridge</title>"), ReadOptions())
    assert "New bus timetable" not in document_text(doc)
    assert "More stories" in diag.junk


# --------------------------------------------------------------------------- totality


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n  ", "only whitespace"),
    (b"<html><head><title></title></head><body></body></html>", "no article text"),
    (b"<!-- just a comment -->", "no article text"),
])
def test_input_without_an_article_is_one_clear_error(data, message):
    with pytest.raises(InputError) as info:
        read(data, ReadOptions(origin="page.html"))
    assert message in str(info.value) and str(info.value).startswith("page.html: ")


def test_enormous_page_is_refused_by_max_bytes():
    with pytest.raises(InputError, match="too large"):
        read(_page("<p>x</p>" * 1000), ReadOptions(max_bytes=2000))


def test_deep_nesting_and_broken_markup_still_read():
    deep = "<div>" * 3000 + "<p>Deep text survives here.</p>" + "</div>" * 10
    doc = read(("<h1>Deep</h1>" + deep).encode(), ReadOptions())
    assert doc.meta.headline == "Deep"
    broken = b"<h1>Broken <b>page</h1><p>Unclosed <i>tags <p>and <table><tr><td>cells</table> & stray < marks"
    assert read(broken, ReadOptions()).meta.headline.startswith("Broken")


def test_nothing_is_fetched(monkeypatch):
    def no_network(*_args, **_kwargs):
        raise AssertionError("the HTML reader must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = _page(f'<img src="http://example.invalid/a.png"><h1>Bridge</h1><p>{LONG * 4}</p>'
                 '<iframe src="http://example.invalid/"></iframe>',
                 '<link rel="stylesheet" href="http://example.invalid/a.css"><title>Bridge</title>'
                 '<base href="http://example.invalid/">')
    assert read(page, ReadOptions()).meta.headline == "Bridge"


def test_trafilatura_logs_nothing_to_stderr():
    """Its "discarding data" warnings would reach the user through logging's last resort."""
    code = ("from convert.readers.html import read; from convert.options import ReadOptions; "
            "read(b'<html><head><title>Tiny</title></head><body><h1>Tiny</h1><p>x</p></body></html>',"
            " ReadOptions())")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == ""


MUTATIONS = st.lists(st.tuples(st.sampled_from(["delete", "insert", "truncate"]),
                               st.integers(min_value=0, max_value=4000),
                               st.sampled_from(["<", ">", "</p>", "<div>", "&", "\x00", "\"",
                                                "<script>", "]]>", "<!--", "\ufffd", "é"])),
                     max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["cms_fragment.html", "jsonld_page.html", "opengraph_page.html",
                             "rtl_page.html"]), edits=MUTATIONS)
def test_mutated_pages_read_or_fail_clearly(name: str, edits):
    data = (FIXTURES / name).read_bytes()
    for kind, at, text in edits:
        at %= max(len(data), 1)
        if kind == "delete":
            data = data[:at] + data[at + 20:]
        elif kind == "insert":
            data = data[:at] + text.encode() + data[at:]
        else:
            data = data[:at]
    try:
        doc = read(data, ReadOptions(origin="mutated.html"))
    except InputError as exc:
        assert str(exc).startswith("mutated.html: ") and "\n" not in str(exc)
    else:
        assert doc.meta.headline


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abpdivh1&;#x0ü\n")), max_size=300))
def test_tag_soup_reads_or_fails_clearly(soup: str):
    try:
        read(soup.encode(), ReadOptions(origin="soup.html"))
    except InputError as exc:
        assert str(exc).startswith("soup.html: ")


# --------------------------------------------------------------------------- our own pages


@pytest.mark.parametrize("name", model_fixture_names())
def test_our_html_pages_read_back(name: str):
    """model -> HTML writer -> this reader gives the same body and head.

    Trafilatura turns no-break spaces into spaces, so those are compared as spaces.
    """
    doc = model_fixture(name)
    options = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 1, 1, tzinfo=UTC))
    back, diag = explain(get_writer("html").write(doc, options), ReadOptions(origin=f"{name}.html"))
    assert diag.method == "extracted"
    want, got = to_dict(doc), to_dict(back)
    assert json.dumps(got["body"]).replace("\\u00a0", " ") == json.dumps(want["body"]).replace("\\u00a0", " ")
    for key in ("headline", "subheadline", "byline", "authors", "by", "date", "language", "dateline"):
        assert got["meta"].get(key) == want["meta"].get(key), key


# --------------------------------------------------------------------------- wiring and assumptions


def test_registered_as_the_html_reader():
    spec = get_reader("html")
    assert spec.module == "convert.readers.html" and ".htm" in spec.extensions
    _, diagnostics = spec.explain((FIXTURES / "cms_fragment.html").read_bytes(), ReadOptions())
    assert diagnostics["method"] == "fragment" and diagnostics["metadata"]["headline"] == "h1"
    assert {"junk", "language", "repeats", "extraction"} <= set(diagnostics)


def test_trafilatura_is_the_version_and_api_this_reader_is_written_for():
    low, high = html_extract.TRAFILATURA_RANGE
    assert low <= html_extract.trafilatura_version()[:2] < high
    import inspect

    import trafilatura

    accepted = set(inspect.signature(trafilatura.bare_extraction).parameters)
    assert set(html_extract.SETTINGS) <= accepted
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(_page(
        f"<article><h1>T</h1><h2>Sub</h2><p>{LONG * 3}</p><ul><li>a</li><li>b</li></ul>"
        f"<blockquote>{LONG}</blockquote></article>").decode())
    body = trafilatura.bare_extraction(tree, **html_extract.SETTINGS).body
    assert {el.tag for el in body.iter()} >= {"p", "head", "list", "item", "quote"}


def test_reader_module_reads_no_environment_or_clock():
    source = "\n".join(p.read_text(encoding="utf-8") for p in
                       sorted(Path(ROOT / "convert" / "readers").glob("html*.py")))
    for forbidden in ("os.environ", "getenv", "datetime.now", "time.time(", "Path.cwd", "os.getcwd"):
        assert forbidden not in source, forbidden


# --------------------------------------------------------------------------- richer articles (issue #15)


def test_rich_fragment_keeps_tables_pictures_notes_code_and_nesting():
    from convert.model import Code, CodeBlock, Deleted, Inserted, Note, Rule, Text, iter_notes

    path = ROOT / "tests" / "fixtures" / "rich" / "kitchen_sink_fragment.html"
    doc, diag = explain(path.read_bytes(), ReadOptions(origin=str(path)))
    assert not diag.warnings
    first = doc.body[0]
    kinds = {type(n) for n in first.children}
    assert {Strong, Deleted, Inserted, Code, Note, Link} <= kinds
    assert [n.url for n in first.children if isinstance(n, Link)] == ["https://example.org/gauges"]
    notes = list(iter_notes(doc.body))
    assert [block_text(b) for n in notes for b in n.children] == [
        "Figures from the Provincial Disaster Management Authority."]  # its back link is gone
    figures = [b for b in doc.body if isinstance(b, Figure)]
    assert [(f.source, f.alt, plain_text(f.caption), f.credit, f.width) for f in figures] == [
        ("pictures/sukkur-barrage.png", "Water pours through the gates", "The Sukkur barrage on Tuesday.",
         "Example News/Ali Khan", 640),
        ("", "Embedded", "An embedded picture.", "Example News", None),
        ("pictures/relief-camp.jpg", "Relief camp", "", None, None)]  # the 1x1 tracker is dropped
    assert figures[1].picture is not None and figures[1].picture.media_type == "image/png"
    table = next(b for b in doc.body if isinstance(b, Table))
    assert [(c.colspan, c.rowspan) for c in table.body[1].cells + table.body[2].cells] == [
        (1, 2), (1, 1), (1, 1), (2, 1)]
    assert isinstance(table.body[0].cells[0].children[0], Strong)
    code = next(b for b in doc.body if isinstance(b, CodeBlock))
    assert code.language == "csv" and code.text == "station,level_m\nGuddu,  9.7"
    tasks, terms = (b for b in doc.body if isinstance(b, ListBlock))
    assert [i.checked for i in tasks.items] == [True, False]
    assert block_text(tasks.items[1].blocks[0].items[0].blocks[0]) == "spare spacer"
    assert terms.items[0].children == (Strong((Text("Cusec"),)),)
    assert any(isinstance(b, Rule) for b in doc.body)
    assert "Figures from the" not in " ".join(block_text(b) for b in doc.body)  # the notes section


def test_pages_keep_tables_code_nested_lists_and_struck_text():
    from convert.model import CodeBlock, Deleted

    body = (f"<article><h1>Bridge vote</h1><p>{LONG}The vote was <del>close</del> clear.</p>"
            f"<table><caption>The vote</caption><thead><tr><th>Side</th><th>Votes</th></tr></thead>"
            f"<tbody><tr><td>For</td><td>12</td></tr><tr><td>Against</td><td>3</td></tr></tbody></table>"
            f"<p>{LONG}</p><pre><code class='language-text'>line one\n  line two</code></pre>"
            f"<ul><li>first<ul><li>inner</li></ul></li><li>second</li></ul><p>{LONG}</p></article>")
    doc, diag = explain(_page(body, "<title>Bridge vote</title>"), ReadOptions())
    assert diag.method == "extracted"
    table = next(b for b in doc.body if isinstance(b, Table))
    assert plain_text(table.caption) == "The vote" and len(table.head) == 1 and len(table.body) == 2
    assert next(b for b in doc.body if isinstance(b, CodeBlock)).text == "line one\n  line two"
    nested = next(b for b in doc.body if isinstance(b, ListBlock))
    assert block_text(nested.items[0].blocks[0]) == "inner"
    assert any(isinstance(n, Deleted) for b in doc.body if isinstance(b, Paragraph) for n in b.children)


def test_rich_fragment_golden_model_json(golden):
    path = ROOT / "tests" / "fixtures" / "rich" / "kitchen_sink_fragment.html"
    doc = read(path.read_bytes(), ReadOptions(origin=str(path)))
    golden.check("reader/rich/kitchen_sink_fragment.html.json",
                 json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\n")


def test_notices_and_task_boxes_as_our_writers_show_them():
    from convert.model import Correction

    body = (b"<h1>Bridge vote</h1><p>" + LONG.encode() + b"</p><ul><li><span class='task done'>\xe2\x98\x91"
            b"</span> documents</li><li>\xe2\x98\x90 medicine</li></ul><div class='notice editors-note' "
            b"role='note'><p class='notice-label'><strong>Editor's note</strong></p>"
            b"<p>Names changed.</p></div>")
    doc, _ = explain(body, ReadOptions())
    tasks, notice = doc.body[1], doc.body[2]
    assert [(i.checked, plain_text(i.children)) for i in tasks.items] == [(True, "documents"),
                                                                          (False, "medicine")]
    assert isinstance(notice, Correction) and notice.kind == "editors-note"
    assert block_text(notice) == "Names changed."
