"""PDF writer: text, fonts, metadata, outline and links read back with poppler, qpdf and pypdf."""

from __future__ import annotations

import io
import json
import re
import subprocess
import warnings
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from convert.model import Document, Heading, Link, Meta, Paragraph, Text
from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import pdf
from convert.writers.pdf import MissingGlyphWarning, RightToLeftWarning
from tests.sample_docs import kitchen_sink, minimal
from tests.support import CORPUS, SEED, corpus_cases, require, require_tool

pypdf = pytest.importorskip("pypdf")

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
STYLES = ("default", "broadsheet")


def render(doc: Document, style: str = "default") -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RightToLeftWarning)
        return pdf.write(doc, WriteOptions(style=load_style(style), timestamp=TS,
                                           generator_version="1.0"))


def read_corpus(name: str) -> Document:
    from convert.api import read_file

    return read_file(CORPUS / f"{name}.txt")


def pdftotext(data: bytes, *, raw: bool = False) -> str:
    """Text as poppler extracts it; ``raw`` keeps content-stream order (the reading order:
    poppler's layout analysis interleaves the lines of two close justified columns)."""
    tool = require_tool("pdftotext")
    args = [tool, "-enc", "UTF-8", *(["-raw"] if raw else []), "-", "-"]
    out = subprocess.run(args, input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")
    # poppler marks right-to-left runs with embedding controls; they are not article text.
    return re.sub("[\u202a-\u202e]", "", out)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def loose(text: str) -> str:
    """Text without whitespace and hyphens, to compare across line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def pdffonts(data: bytes) -> list[list[str]]:
    tool = require_tool("pdffonts")
    out = subprocess.run([tool, "-"], input=data, capture_output=True, check=True).stdout.decode()
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def outline(data: bytes) -> list[tuple[int, str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: list[tuple[int, str]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))

    walk(reader.outline, 0)
    return found


def canonical(data: bytes) -> str:
    """Reviewable form: page count, fonts, metadata, outline, then the text of each page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata
    lines = [f"pages: {len(reader.pages)}"]
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate",
                "/ModDate"):
        lines.append(f"{key[1:]}: {info.get(key)}")
    lines.append(f"Lang: {reader.trailer['/Root'].get('/Lang')}")
    fonts = sorted({re.sub(r"^[A-Z]{6}\+", "", row[0]) for row in pdffonts(data)})
    lines.append("fonts: " + ", ".join(fonts))
    lines += [f"outline: {'  ' * level}{title}" for level, title in outline(data)]
    pages = pdftotext(data).split("\f")
    for n, page in enumerate(pages[: len(reader.pages)], start=1):
        lines.append(f"--- page {n}")
        lines += [line.rstrip() for line in page.strip("\n").splitlines()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- golden files


def require_fallback_fonts() -> None:
    """Goldens name the system fallback fonts (CJK, emoji, symbols) that CI installs."""
    import shutil
    import subprocess

    families = ""
    if shutil.which("fc-list"):
        families = subprocess.run(["fc-list", ":", "family"], capture_output=True,
                                  text=True).stdout
    require("Droid Sans Fallback" in families and "Noto Sans Symbols2" in families,
            "Debian fonts-droid-fallback and fonts-noto-core are needed for the fallback fonts "
            "the PDF golden files name")


@pytest.mark.parametrize("style", STYLES)
def test_kitchen_sink_golden(golden, style: str) -> None:
    require_fallback_fonts()
    golden.check(f"pdf/kitchen_sink_{style}.txt", canonical(render(kitchen_sink(), style)))


@pytest.mark.parametrize("style", STYLES)
def test_seed_golden(golden, style: str) -> None:
    require(SEED is not None, "seed article missing")
    from convert.api import read_file

    golden.check(f"pdf/seed_{style}.txt", canonical(render(read_file(SEED), style)))


@pytest.mark.parametrize("name", ["wire_reuters_dateline", "unicode_robotics_bom",
                                  "rfc822_headers_xml", "manifesto_lists_quotes"])
def test_corpus_golden(golden, name: str) -> None:
    require(CORPUS.is_dir(), "corpus missing")
    require_fallback_fonts()
    golden.check(f"pdf/{name}.txt", canonical(render(read_corpus(name))))


# --------------------------------------------------------------------------- corpus text


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", corpus_cases())
def test_corpus_text_comes_back(name: str, style: str) -> None:
    expect = json.loads((CORPUS / f"{name}.expect.json").read_text(encoding="utf-8"))
    data = render(read_corpus(name), style)
    text = flat(pdftotext(data))
    for needle in expect["must_contain"]:
        assert needle in text, needle
    for junk in expect.get("dropped", ()):
        assert junk not in text, junk
    # Reading order, from the content stream (hyphenated line ends are not joined there).
    text = loose(pdftotext(data, raw=True))
    marks = [expect["headline"]]
    if expect.get("paragraph_count"):
        marks.append(expect["first_paragraph_starts"])
    marks += expect.get("headings", [])
    if expect.get("paragraph_count"):
        marks.append(expect["last_paragraph_ends"])
    pos = 0
    for mark in marks:
        found = text.find(loose(mark), pos)
        assert found >= 0, f"{mark!r} missing or out of order"
        pos = found


@pytest.mark.parametrize("style", STYLES)
def test_seed_page_count(style: str) -> None:
    require(SEED is not None, "seed article missing")
    from convert.api import read_file

    reader = pypdf.PdfReader(io.BytesIO(render(read_file(SEED), style)))
    assert len(reader.pages) == 1


# --------------------------------------------------------------------------- properties


@pytest.mark.parametrize("style", STYLES)
def test_every_font_embedded_no_base14(style: str) -> None:
    rows = pdffonts(render(kitchen_sink(), style))
    assert rows
    for row in rows:
        name = row[0]
        assert re.match(r"^[A-Z]{6}\+", name), f"not a subset: {row}"
        assert not any(name.split("+")[-1].startswith(b) for b in BASE14), row
        assert row[-5:-2] == ["yes", "yes", "yes"], f"emb/sub/uni: {row}"


def test_fallback_fonts_cover_cjk_arabic_emoji() -> None:
    names = " ".join(r[0] for r in pdffonts(render(kitchen_sink())))
    text = flat(pdftotext(render(kitchen_sink())))
    for needle in ("王思远", "🏆", "Łódź", "ہم نے پورا سال"):
        assert needle in text
    assert "Arabic" in names


def test_markup_like_text_is_literal() -> None:
    doc = Document(Meta(headline="<b>Bold</b> & <i>co</i>", identifier="urn:x:1"), (
        Paragraph((Text("uses <p> and </p>, <font> tags, &amp; and &lt; as typed"),)),
        Paragraph((Link((Text("<a href='x'>"),), 'https://example.org/?q="a"&b=<1>'),)),
    ))
    text = flat(pdftotext(render(doc)))
    assert "<b>Bold</b> & <i>co</i>" in text
    assert "uses <p> and </p>, <font> tags, &amp; and &lt; as typed" in text
    assert "<a href='x'>" in text


def test_qpdf_check_passes(tmp_path) -> None:
    tool = require_tool("qpdf")
    for style in STYLES:
        path = tmp_path / f"{style}.pdf"
        path.write_bytes(render(kitchen_sink(), style))
        res = subprocess.run([tool, "--check", str(path)], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr
        assert "No syntax or stream encoding errors" in res.stdout


def test_metadata() -> None:
    data = render(kitchen_sink())
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata
    meta = kitchen_sink().meta
    assert info.title == meta.headline
    assert info.author == "Jane Doe and Ali Khan"
    assert info.subject == meta.subheadline
    assert info["/Keywords"] == "flooding, River Indus, Sindh"
    assert info.creator == "newsconvert 1.0"
    assert info["/CreationDate"] == "D:20250611044200+00'00'"  # 09:42 +05:00 in UTC
    assert info["/ModDate"] == "D:20250612080000+00'00'"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_outline_levels() -> None:
    assert outline(render(kitchen_sink())) == [
        (0, kitchen_sink().meta.headline), (1, "Villages at risk"), (2, "In Urdu and emoji")]
    # A level-4 heading right after the headline must not skip an outline level.
    doc = Document(Meta(headline="H", identifier="urn:x:2"),
                   (Heading(4, (Text("Deep"),)), Paragraph((Text("x"),))))
    assert outline(render(doc)) == [(0, "H"), (1, "Deep")]


def test_links_are_clickable() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(kitchen_sink())))
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages
            for a in page.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    assert "https://example.org/flood?a=1&b=2" in uris
    assert "mailto:desk@example.org" in uris


def test_reproducible_and_ignores_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    first = render(kitchen_sink(), "broadsheet")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    assert render(kitchen_sink(), "broadsheet") == first
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RightToLeftWarning)
        other = pdf.write(kitchen_sink(), WriteOptions(style=load_style("broadsheet"),
                                                       timestamp=TS.replace(year=2026),
                                                       generator_version="1.0"))
    assert other != first


def test_default_style_when_none() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = pdf.write(minimal(), WriteOptions())
    assert "Magnitude 5.8 earthquake" in pdftotext(data)


def test_dateline_inline_and_block() -> None:
    doc = kitchen_sink()
    assert "SUKKUR, June 11 (Reuters) — River levels" in flat(pdftotext(render(doc)))
    assert "SUKKUR, JUNE 11 (REUTERS) — River levels" in flat(
        pdftotext(render(doc, "broadsheet")))
    blockish = replace(doc, body=doc.body[2:])  # starts with a heading: dateline on its own line
    text = pdftotext(render(blockish))
    assert "SUKKUR, June 11 (Reuters)\n" in text


def test_unknown_block_raises_type_error() -> None:
    class Odd:
        attrs = ()

    doc = Document(Meta(headline="x", identifier="urn:x:3"), (Odd(),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Odd"):
        render(doc)


def test_warnings_for_rtl_and_missing_glyphs() -> None:
    doc = Document(Meta(headline="Glyphs", identifier="urn:x:4"),
                   (Paragraph((Text("private use \U0010fffd here"),)),))
    with pytest.warns(MissingGlyphWarning, match=re.escape("U+10FFFD")):
        pdf.write(doc, WriteOptions(timestamp=TS))
    with pytest.warns(RightToLeftWarning, match="right-to-left"):
        pdf.write(kitchen_sink(), WriteOptions(timestamp=TS))


def test_fonts_and_styles_load_once() -> None:
    from convert.writers.pdf import fonts, layout

    house = load_style("default")
    assert layout.styles_for(house, "en-GB") is layout.styles_for(house, "en-GB")
    a = fonts.family("PT Serif", "serif", house)
    assert fonts.family("PT Serif", "serif", house) is a


# --------------------------------------------------------------------------- speed measures


def embedded_fonts(data: bytes) -> dict[str, tuple[bytes, bytes]]:
    """BaseFont -> (font file, ToUnicode CMap), both decoded."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: dict[str, tuple[bytes, bytes]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            file = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"])[1:]] = (file, font["/ToUnicode"].get_object().get_data())
    return found


def test_common_subset_is_the_same_in_every_article() -> None:
    """Subset 0 of a house-style face is fixed, so it is built once per process (see fonts.py);
    characters beyond it still get a subset of their own and come back as text."""
    from fontTools.ttLib import TTFont as FTFont

    from convert.api import read_file
    from convert.writers.pdf.fonts import COMMON_CHARS

    require(SEED is not None, "seed article missing")
    seed = embedded_fonts(render(read_file(SEED)))
    sink_pdf = render(kitchen_sink())
    sink = embedded_fonts(sink_pdf)
    body = "AAAAAA+PTSerif-Regular"
    assert seed[body] == sink[body]
    assert "AAAAAB+PTSerif-Regular" in sink  # "Łódź": Ł and ź are not common characters
    assert "Łódź" in pdftotext(sink_pdf)
    font = FTFont(io.BytesIO(seed[body][0]))
    names = {rec.nameID for rec in font["name"].names}
    assert {0, 6, 14} <= names and not names & {10, 13}  # licence URL kept, its text dropped
    cmap = seed[body][1].decode()
    for ch in "“é€—":
        assert ch in COMMON_CHARS and f"<{ord(ch):04X}>" in cmap


def test_subset_fast_path_matches_reportlab() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from convert.writers.pdf import layout

    class Doc:  # a weak-referenceable stand-in for reportlab's PDFDocument
        pass

    st = layout.styles_for(load_style("default"), "en")
    font = pdfmetrics.getFont(st.fontset("body").regular)
    for text in ("plain", "", "no\u00a0break, soft\u00adhyphen \x7f", "“Café” — €5 … ±",
                 "Łódź ąę then ASCII", "王 and 🏆", "\u00a4\u00b5 rare Latin-1"):
        fast, slow = Doc(), Doc()
        font.state[slow] = font._fresh_state()
        assert font.splitString(text, fast) == TTFont.splitString(font, text, slow), text


def test_width_memo_matches_reportlab_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from convert.writers.pdf import fonts, layout

    st = layout.styles_for(load_style("default"), "en")
    font = pdfmetrics.getFont(st.fontset("body").regular)
    monkeypatch.setattr(fonts, "WIDTH_MEMO_SIZE", 5)
    font._widths.clear()
    texts = ["word", "Wörd", "", "王", "a b", "word", "\u00a0", "long " * 50]
    for size in (9.5, 10.0, 10.0):
        for text in texts:
            assert font.stringWidth(text, size) == TTFont.stringWidth(font, text, size), text
            assert len(font._widths) <= 5
    raw = "Café".encode()
    assert font.stringWidth(raw, 10, "utf8") == TTFont.stringWidth(font, raw, 10, "utf8")
    font._widths.clear()


def test_plain_paragraphs_match_parsed_markup() -> None:
    """Plain paragraphs skip reportlab's markup parser; the text and style must not change."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph as RLParagraph

    from convert.writers.pdf import layout

    st = layout.styles_for(load_style("broadsheet"), "en")
    for name in ("body", "headline", "credit"):
        style = st.para[name]
        for text in ("a & b < c > d &amp; e", "  spaced   out\ttext  ", "<b>not bold</b>"):
            mine = st.plain_paragraph(text, style).frags
            parsed = RLParagraph(escape(text), style).frags
            assert "".join(f.text for f in mine) == "".join(f.text for f in parsed)
            attrs = [{k: v for k, v in f.__dict__.items() if k != "text"} for f in parsed]
            assert len(mine) == 1 and all(a == attrs[0] for a in attrs)
            assert {k: v for k, v in mine[0].__dict__.items() if k != "text"} == attrs[0]
