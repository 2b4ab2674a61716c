"""PDF writer: what ``write`` promises, read back with poppler, qpdf and pypdf."""

from __future__ import annotations

import io
import re
import subprocess
import warnings

import msgspec.structs
import pytest

from convert.model import Document, Meta, Paragraph, Text
from convert.options import WriteOptions
from convert.writers import pdf
from convert.writers.pdf import FontCoverageWarning, MissingGlyphsError
from tests.sample_docs import kitchen_sink, minimal
from tests.support import model_fixture, require_tool
from tests.writers.pdf.pdfcheck import (
    BASE14,
    FALLBACK_FAMILIES,
    STYLES,
    TS,
    flat,
    options,
    pdffonts,
    pdftotext,
    pypdf,
    render,
    require_fonts,
)


@pytest.mark.parametrize("style", STYLES)
def test_seed_fits_one_page(style: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(model_fixture("seed"), style)))
    assert len(reader.pages) == 1


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
    require_fonts(*FALLBACK_FAMILIES)
    data = render(kitchen_sink())
    names = " ".join(r[0] for r in pdffonts(data))
    text = flat(pdftotext(data))
    for needle in ("王思远", "🏆", "Łódź", "ہم نے پورا سال"):
        assert needle in text
    assert "Amiri" in names  # Naskh from PyPI (fontpkg-amiri) for Arabic script in English


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


def test_links_are_clickable() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(kitchen_sink())))
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])
             if a.get_object().get("/Subtype") == "/Link"]
    uris = [link["/A"]["/URI"] for link in links if "/A" in link]
    assert "https://example.org/flood?a=1&b=2" in uris
    assert "mailto:desk@example.org" in uris
    # a note's number links to the page of the note (the endnotes define the destination)
    dests = [link["/Dest"] for link in links if "/Dest" in link]
    assert len(dests) == 1
    pages = [p.indirect_reference for p in reader.pages]
    target = reader.pages[pages.index(dests[0][0])]
    assert "1. Figures from the Provincial" in target.extract_text()


def test_reproducible_and_ignores_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    first = render(kitchen_sink(), "broadsheet")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert render(kitchen_sink(), "broadsheet") == first
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FontCoverageWarning)
        other = pdf.write(kitchen_sink(), msgspec.structs.replace(options("broadsheet"),
                                                              timestamp=TS.replace(year=2026)))
    assert other != first
    assert list(tmp_path.iterdir()) == []  # nothing written where the writer was not told to


def test_style_is_required_and_never_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer uses ``options.style``; it never loads a style itself."""
    with pytest.raises(TypeError):
        WriteOptions()  # type: ignore[call-arg]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PDF writer loaded a style")

    opts = options()
    import convert.styles

    monkeypatch.setattr(convert.styles, "load_style", refuse)
    assert "Magnitude 5.8 earthquake" in pdftotext(pdf.write(minimal(), opts))


def test_one_short_structured_warning_per_article() -> None:
    """Private-use characters no font has: one warning naming them, no longer than a line."""
    text = "private use " + "".join(chr(0x10FFF0 + i) for i in range(8)) + " here"
    doc = Document(Meta(headline="Glyphs", identifier="urn:x:4"), (Paragraph((Text(text),)),))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf.write(doc, options())
    found = [w.message for w in caught if isinstance(w.message, FontCoverageWarning)]
    assert len(found) == 1
    (warning,) = found
    assert len(warning.missing) == 1
    (entry,) = warning.missing
    assert entry.count == 8 and len(entry.chars) == 5 and entry.chars[0] == chr(0x10FFF0)
    line = str(warning)
    assert "and 3 more" in line and "install" in line and len(line) < 200
    # The same as data, with nothing warned.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rendered = pdf.render(doc, options())
    assert rendered.warnings[0].missing == warning.missing and rendered.data[:5] == b"%PDF-"


def test_strict_fonts_raise_an_input_error() -> None:
    doc = Document(Meta(headline="Glyphs", identifier="urn:x:5"),
                   (Paragraph((Text("private use \U0010fffd here"),)),))
    strict = _Strict(options())
    with pytest.raises(MissingGlyphsError) as info:
        pdf.write(doc, strict)  # type: ignore[arg-type]
    assert info.value.exit_code == 3 and "U+" not in str(info.value)
    assert "\U0010fffd" in str(info.value)
    assert pdf.write(minimal(), strict)[:5] == b"%PDF-"  # nothing missing: no error


class _Strict:
    """WriteOptions with ``strict_fonts`` (until the lead adds the field)."""

    def __init__(self, opts: WriteOptions) -> None:
        self._opts = opts
        self.strict_fonts = True

    def __getattr__(self, name: str) -> object:
        return getattr(self._opts, name)
