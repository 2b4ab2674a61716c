"""Complex scripts in the PDF: the multilingual corpus and the real Urdu corpus, read back.

For every article: every character is drawn with a glyph of an embedded font (no .notdef, no
coverage warning); Arabic-script and Indic runs carry exactly the glyph ids uharfbuzz chooses
for that text with that font; pdftotext gives every word back, and in content order
(``-raw``) in the order a reader reads them.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from pathlib import Path

import pytest
import uharfbuzz as hb

from convert.writers import pdf
from convert.writers.pdf import FontCoverageWarning, shapedpara
from tests.support import ROOT, SHARED, require
from tests.writers.pdf.pdfcheck import options, pdffonts, pdftotext, pypdf, require_fonts

MULTI = ROOT / "tests" / "fixtures" / "multilingual"
URDU = SHARED / "corpus-real" / "urdu"
#: Debian font packages the corpus needs beyond the PyPI ones (CI installs them).
SYSTEM_FAMILIES = ("Noto Nastaliq Urdu", "Droid Sans Fallback", "NanumMyeongjo", "Symbola")
#: Scripts whose glyph choice is checked against HarfBuzz (Arabic script and Indic).
CHECKED = {"Arab", "Deva", "Beng", "Taml", "Telu", "Gujr", "Guru", "Knda", "Mlym", "Orya"}
_WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                   r"\u0900-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e]+")


def articles() -> list[Path]:
    found = sorted(MULTI.glob("*.txt"))
    if URDU.is_dir():
        found += sorted(URDU.glob("*.txt"))[:10]
    return found


def words(text: str) -> list[str]:
    """Word tokens (letters, digits and their marks), as a reader would search for them."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


def convert(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, list, list]:
    """The PDF of an article, the pieces the writer drew, and its warnings."""
    from convert.api import read_file

    drawn: list[tuple[str, object, bool, str, tuple]] = []
    original = shapedpara._draw_piece

    def spy(ops, canv, book, text, p, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append((text[p.start:p.end], p.run.face, p.run.rtl, p.run.script, p.glyphs))
        return original(ops, canv, book, text, p, *args, **kwargs)

    monkeypatch.setattr(shapedpara, "_draw_piece", spy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = pdf.write(read_file(path), options())
    return data, drawn, [w.message for w in caught if isinstance(w.message, FontCoverageWarning)]


def content_glyphs(data: bytes) -> dict[str, list[int]]:
    """Glyph ids drawn with each of our Type0 fonts (by BaseFont), from the content streams."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: dict[str, list[int]] = {}
    for page in reader.pages:
        fonts = {name: str(ref.get_object()["/BaseFont"])
                 for name, ref in page["/Resources"]["/Font"].items()}
        stream = page.get_contents().get_data().decode("latin-1")
        for name, body in re.findall(r"(/NCG\d+) [\d.]+ Tf\s(.*?)\sET", stream, re.S):
            gids = [int(h, 16) for h in re.findall(r"<([0-9A-F]{4})>", body)]
            found.setdefault(fonts[name], []).extend(gids)
    return found


def hb_glyphs(face: object, text: str, rtl: bool, script: str, language: str) -> list[int]:
    """What uharfbuzz chooses for the text with the face's font, shaped on its own."""
    font = hb.Font(hb.Face(hb.Blob(face.data)))  # type: ignore[attr-defined]
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = script
    buf.language = language
    hb.shape(font, buf, {"kern": True, "liga": True})
    return [info.codepoint for info in buf.glyph_infos]


@pytest.mark.parametrize("path", articles(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_script_article(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_fonts(*SYSTEM_FAMILIES)
    from convert.api import read_file

    doc = read_file(path)
    data, drawn, coverage = convert(path, monkeypatch)
    # Every character has a glyph: nothing reported missing, no .notdef drawn, all embedded.
    assert coverage == []
    drawn_gids = content_glyphs(data)
    assert drawn_gids and all(0 not in gids for gids in drawn_gids.values())
    for row in pdffonts(data):
        assert row[-5:-2] == ["yes", "yes", "yes"], row
    # Arabic-script and Indic runs: HarfBuzz's own glyph choice for the same text and font.
    checked = 0
    language = (doc.meta.language or "").split("-")[0]
    for text, face, rtl, script, glyphs in drawn:
        if script in CHECKED and text.strip():
            assert [g[0] for g in glyphs] == hb_glyphs(face, text, rtl, script, language), text
            checked += 1
    if any(sc in CHECKED for _, _, _, sc, _ in drawn):
        assert checked
    # The content stream draws exactly the glyphs the pieces hold (spaces are not drawn).
    expected = sorted(g[0] for _, _, _, _, gl in drawn for g in gl)
    in_pdf = sorted(g for gids in drawn_gids.values() for g in gids)
    assert set(in_pdf) <= set(expected)
    # Every word comes back; in content order, in reading order.
    source = " ".join([doc.meta.headline, *(t for t in _texts(doc))])
    text = pdftotext(data)
    joined = re.sub(r"\s+", "", text)  # CJK words run across line ends
    for word in words(source):
        assert word in text or word in joined, word
    # Reading order in content order; poppler's -raw mode moves combining marks (a kasra or
    # tanween comes out before its letter), which the check above has seen in place.
    raw = _bare("".join(words(pdftotext(data, raw=True))))
    pos = 0
    for word in map(_bare, words(source)):
        found = raw.find(word, pos)
        assert found >= 0, f"{word!r} out of order"
        pos = found + len(word)


def _bare(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _texts(doc: object) -> list[str]:
    from convert.model import plain_text

    out = []
    meta = doc.meta  # type: ignore[attr-defined]
    for value in (meta.subheadline, meta.byline, meta.dateline):
        if value:
            out.append(value)
    for block in doc.body:  # type: ignore[attr-defined]
        children = getattr(block, "children", ())
        if (children and not hasattr(children[0], "children")) or hasattr(block, "level"):
            out.append(plain_text(children))
    return out


def test_urdu_corpus_present_or_skipped() -> None:
    require(URDU.is_dir(), f"real Urdu corpus missing: {URDU}")
