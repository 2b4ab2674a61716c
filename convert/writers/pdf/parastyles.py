"""reportlab paragraph styles and font sets of one house style and language, built once."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from msgspec import Struct
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from ...errors import StyleError
from ...styles import ELEMENTS, ElementStyle, HouseStyle
from . import fonts
from .fontfiles import FontNotFound
from .hyphenation import Hyphenator, pyphen_lang

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}


class Styles(Struct, frozen=True):
    """Paragraph styles and font sets of one house style and language.

    Complete when made (every element, its variants and their fragment templates), and never
    changed after: documents built at the same time in several threads share one.
    """

    house: HouseStyle
    lang: str
    #: Element name (and ``name:first``, ``name:rtl`` variants) -> paragraph style.
    para: dict[str, ParagraphStyle]
    #: Element name -> registered font family.
    fonts: dict[str, fonts.FontSet]
    column_width: float
    #: Where glyphs the element fonts lack come from.
    chain: fonts.FallbackChain
    #: Paragraph style name -> the fragment of a parsed plain "x" (see :meth:`plain_paragraph`).
    frag_templates: dict[str, Any]

    def element(self, name: str) -> ElementStyle:
        """The house style's element settings."""
        return self.house.element(name)

    def fontset(self, name: str) -> fonts.FontSet:
        """The registered font family of an element."""
        return self.fonts[name]

    def variant(self, name: str, suffix: str) -> ParagraphStyle:
        """A derived paragraph style: ``first`` (no first-line indent) or ``rtl`` (right-aligned)."""
        return self.para[f"{name}:{suffix}"]

    def plain_paragraph(self, text: str, style: ParagraphStyle) -> RLParagraph:
        """A paragraph of unstyled text in one face, without reportlab's markup parser.

        Parsing is a fifth of the flowables' cost, and for plain text it yields one fragment
        that differs from the style's only in its text: that fragment is made once per style
        (from a parsed "x") and cloned. The text is literal here, so it is not escaped.
        """
        template = self.frag_templates.get(style.name)
        if template is None:  # a style made elsewhere: parse its template now, keep nothing
            template = _template(style)
        # Whitespace cleaned as reportlab cleans markup; fresh lists: fragments own them.
        frag = template.clone(text=clean_text(text), link=[], us_lines=[])
        return RLParagraph(text, style, frags=[frag])


#: Characters cleaned at a time: reportlab splits the text into a list of its words.
_CLEAN_CHUNK = 1 << 16
#: Where a long text may be cut for cleaning: a space between two word characters, which
#: reportlab's cleaning keeps as it is whatever surrounds it.
_CLEAN_CUT = re.compile(r"\w \w")


def clean_text(text: str) -> str:
    """``cleanBlockQuotedText(text)`` a chunk at a time (its words as one list: 100 MB for 10 MB).

    Cleaning collapses blanks and drops empty lines, so cleaning the pieces of a text cut at a
    plain space and joining them with one space gives the same text. reportlab chooses its
    blanks by whether the text holds a no-break space, so such a text is cleaned whole.
    """
    if len(text) <= _CLEAN_CHUNK or "\xa0" in text:
        return cleanBlockQuotedText(text)
    parts = []
    start = 0
    while start < len(text):
        cut = _CLEAN_CUT.search(text, start + _CLEAN_CHUNK)
        stop = cut.start() + 1 if cut else len(text)
        part = cleanBlockQuotedText(text[start:stop])
        if part:
            parts.append(part)
        start = stop
    return " ".join(parts)


def _template(style: ParagraphStyle) -> Any:
    return RLParagraph("x", style).frags[0]


def styles_for(house: HouseStyle, language: str, font_cache: Path | None = None) -> Styles:
    """Styles for a house style and article language, registered once per process."""
    return _styles(house, pyphen_lang(language), font_cache)


@functools.lru_cache(maxsize=64)
def _styles(house: HouseStyle, lang: str, font_cache: Path | None) -> Styles:
    pg = house.page
    full_w = (pg.width - pg.margin_left - pg.margin_right) * mm
    para: dict[str, ParagraphStyle] = {}
    sets: dict[str, fonts.FontSet] = {}
    for name in ELEMENTS:
        es = house.element(name)
        try:
            fs = fonts.family(es.font, es.font_fallback, house, font_cache)
        except FontNotFound as exc:
            raise StyleError(f"[elements.{name}] {exc}", path=house.source) from None
        sets[name] = fs
        base = para[name] = ParagraphStyle(
            name, fontName=fs.face(es.bold, es.italic), fontSize=es.size,
            leading=es.size * es.line_height, textColor=HexColor(es.colour),
            spaceBefore=es.space_before, spaceAfter=es.space_after,
            alignment=_ALIGN[es.align], firstLineIndent=es.first_line_indent,
            leftIndent=es.left_indent, keepWithNext=int(es.keep_with_next),
            allowWidows=0, allowOrphans=0,
            # Hyphenate justified text only: a hyphenated headline helps nobody.
            hyphenationLang=Hyphenator(lang) if lang and es.hyphenate and es.align == "justify"
            else "",
            # URLs are never split: a reader copying one from the page must get it whole.
            # No break at a word's own hyphen either: reportlab 5 drops that hyphen ("non-EC"
            # came out "nonEC") when a paragraph so broken is split between columns or pages.
            embeddedHyphenation=0, uriWasteReduce=0,
            bulletFontName=fs.regular, bulletFontSize=es.size,
            bulletIndent=max(0.0, es.left_indent - es.size * 1.2),
        )
        # The first paragraph after a heading (and credit lines) starts flush.
        para[f"{name}:first"] = ParagraphStyle(f"{name}:first", parent=base, firstLineIndent=0)
        # Right-to-left paragraphs: broken and reordered by the builder, set flush right.
        para[f"{name}:rtl"] = ParagraphStyle(f"{name}:rtl", parent=base, alignment=TA_RIGHT,
                                             firstLineIndent=0, hyphenationLang="")
    return Styles(house=house, lang=lang, para=para, fonts=sets,
                  column_width=(full_w - pg.column_gap * mm * (pg.columns - 1)) / pg.columns,
                  chain=fonts.FallbackChain(font_cache),
                  frag_templates={name: _template(style) for name, style in para.items()})
