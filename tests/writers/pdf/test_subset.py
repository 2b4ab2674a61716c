"""Subsets: the fixed first subset, its fast paths, and ToUnicode CMaps for astral characters."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont as FTFont
from msgspec.structs import replace
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from convert.model import Paragraph, Text
from convert.styles import load_style
from convert.writers.pdf import subset
from convert.writers.pdf.parastyles import styles_for
from tests.sample_docs import kitchen_sink
from tests.support import model_fixture
from tests.writers.pdf.pdfcheck import (
    FALLBACK_FAMILIES,
    embedded_fonts,
    pdftotext,
    render,
    require_fonts,
)


class Doc:
    """A weak-referenceable stand-in for reportlab's PDFDocument."""


def body_font() -> subset.SharedSubsetTTFont:
    font = pdfmetrics.getFont(styles_for(load_style("default"), "en").fontset("body").regular)
    assert isinstance(font, subset.SharedSubsetTTFont)
    return font


def test_common_subset_is_the_same_in_every_article() -> None:
    """Subset 0 of a house-style face is fixed, so it is built once per process;
    characters beyond it still get a subset of their own and come back as text."""
    seed = embedded_fonts(render(model_fixture("seed")))
    polish = kitchen_sink()
    polish = replace(polish, body=(*polish.body, Paragraph((Text("Polish (Łódź) wins"),))))
    sink_pdf = render(polish)
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
        assert ch in subset.COMMON_CHARS and f"<{ord(ch):04X}>" in cmap


def test_subset_fast_path_matches_reportlab() -> None:
    font = body_font()
    for text in ("plain", "", "no\u00a0break, soft\u00adhyphen \x7f", "“Café” — €5 … ±",
                 "Łódź ąę then ASCII", "王 and 🏆", "\u00a4\u00b5 rare Latin-1"):
        fast, slow = Doc(), Doc()
        font.state[slow] = font._fresh_state()
        assert font.splitString(text, fast) == TTFont.splitString(font, text, slow), text


def test_width_memo_matches_reportlab_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    font = body_font()
    monkeypatch.setattr(subset, "WIDTH_MEMO_SIZE", 5)
    font._widths.clear()
    texts = ["word", "Wörd", "", "王", "a b", "word", "\u00a0", "long " * 50]
    for size in (9.5, 10.0, 10.0):
        for text in texts:
            assert font.stringWidth(text, size) == TTFont.stringWidth(font, text, size), text
            assert len(font._widths) <= 5
    raw = "Café".encode()
    assert font.stringWidth(raw, 10, "utf8") == TTFont.stringWidth(font, raw, 10, "utf8")
    font._widths.clear()


def test_to_unicode_cmap_writes_astral_characters_as_surrogate_pairs() -> None:
    cmap = subset.to_unicode_cmap("AAAAAA+X", [0, 0x41, 0x1F3C6])
    assert "<01> <0041>" in cmap and "<02> <D83CDFC6>" in cmap
    assert "<00> <02>" in cmap  # the code space


def test_fallback_font_cmap_gives_emoji_back() -> None:
    """Fallback faces (reportlab's own subsets) get the same CMap fix: 🏆 copies as 🏆."""
    require_fonts(*FALLBACK_FAMILIES)
    data = render(kitchen_sink())
    assert "🏆" in pdftotext(data)
    cmaps = [cmap for name, (_, cmap) in embedded_fonts(data).items() if "Symbols2" in name]
    assert cmaps and any(b"<D83CDFC6>" in c for c in cmaps)
