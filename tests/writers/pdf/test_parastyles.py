"""Paragraph styles: built once per (style, language), complete when made, plain-text shortcut."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph as RLParagraph

from convert.styles import ELEMENTS, load_style
from convert.writers.pdf.parastyles import pyphen_lang, styles_for
from tests.sample_docs import kitchen_sink
from tests.writers.pdf.pdfcheck import render


def test_styles_load_once_per_style_and_language() -> None:
    house = load_style("default")
    assert styles_for(house, "en-GB") is styles_for(load_style("default"), "en-GB")
    assert styles_for(house, "en-GB") is not styles_for(load_style("broadsheet"), "en-GB")
    assert pyphen_lang("en-GB") == "en_GB"


def test_styles_are_complete_and_unchanged_by_writing() -> None:
    """Documents written in parallel share a Styles: writing must not add to it."""
    st = styles_for(load_style("broadsheet"), "en")
    for name in ELEMENTS:
        assert {name, f"{name}:first", f"{name}:rtl"} <= st.para.keys()
        assert st.variant(name, "rtl").alignment == 2  # TA_RIGHT
    before = (dict(st.para), dict(st.frag_templates), dict(st.fonts))
    render(kitchen_sink(), "broadsheet")
    assert (st.para, st.frag_templates, st.fonts) == before


def test_plain_paragraphs_match_parsed_markup() -> None:
    """Plain paragraphs skip reportlab's markup parser; the text and style must not change."""
    st = styles_for(load_style("broadsheet"), "en")
    for name in ("body", "headline", "credit", "credit:first"):
        style = st.para[name]
        for text in ("a & b < c > d &amp; e", "  spaced   out\ttext  ", "<b>not bold</b>"):
            mine = st.plain_paragraph(text, style).frags
            parsed = RLParagraph(escape(text), style).frags
            assert "".join(f.text for f in mine) == "".join(f.text for f in parsed)
            attrs = [{k: v for k, v in f.__dict__.items() if k != "text"} for f in parsed]
            assert len(mine) == 1 and all(a == attrs[0] for a in attrs)
            assert {k: v for k, v in mine[0].__dict__.items() if k != "text"} == attrs[0]
