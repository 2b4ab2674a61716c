"""Turn an arranged article into reportlab flowables: markup for Latin, shaped lines for the rest.

Paragraphs in scripts drawn character by character (Latin, Greek, Cyrillic, with symbol and
emoji fallbacks) stay reportlab Paragraphs built from escaped markup: the fast path. A paragraph
with right-to-left text or a script that needs shaping (``scripts.toml``) becomes a
:class:`.shapedpara.ShapedParagraph`, drawn by glyph id from HarfBuzz.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as RLParagraph

from ...arrange import DATELINE_SEPARATOR, Arranged
from ...model import (
    Block,
    BlockQuote,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quoted,
    Strong,
    Text,
    plain_text,
)
from ...styles import ElementStyle
from ...textutil import language_direction
from . import fonts
from .glyphfont import GlyphBook
from .parastyles import Styles
from .shapedpara import ShapedParagraph
from .shapedtext import needs_shaping, paragraph, spans
from .shaping import Span

_ATTR_ESC = {'"': "&quot;", "'": "&apos;"}
#: Tokens at least this long are measured against the column (long URLs).
_LONG = 24
_LONG_TOKEN = re.compile(rf"\S{{{_LONG},}}")


# --------------------------------------------------------------------------- text runs


def draw_runs(canv: Any, text: str, fs: fonts.FontSet, es: ElementStyle, chain: fonts.FallbackChain,
              x: float, y: float, align: str) -> None:
    """Draw one line on the canvas (header/footer) with per-character font fallback."""
    runs = _runs(text, fs.face(es.bold, es.italic), fs.coverage, chain, set())
    widths = [stringWidth(t, f, es.size) for f, t in runs]
    total = sum(widths)
    start = x - total if align == "right" else x - total / 2 if align == "center" else x
    canv.setFillColor(HexColor(es.colour))
    for (font, t), w in zip(runs, widths, strict=True):
        canv.setFont(font, es.size)
        canv.drawString(start, y, t)
        start += w


def _runs(text: str, primary: str, coverage: frozenset[int], chain: fonts.FallbackChain,
          missing: set[str]) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs: primary font, else a fallback that has the glyph."""
    if coverage.issuperset(map(ord, text)):
        return [(primary, text)]
    runs: list[tuple[str, str]] = []
    cur_font, buf = primary, []
    for ch in text:
        cp = ord(ch)
        if cp in coverage:
            font = primary
        else:
            fb = chain.font_for(cp)
            if fb is not None:
                font = fb.name
            elif fonts.invisible(ch):
                continue  # zero-width format characters draw nothing anyway
            else:
                missing.add(ch)
                font = primary
        if font != cur_font and buf:
            runs.append((cur_font, "".join(buf)))
            buf = []
        cur_font = font
        buf.append(ch)
    if buf:
        runs.append((cur_font, "".join(buf)))
    return runs


# --------------------------------------------------------------------------- builder


class Builder:
    """Builds the flowables of one article; collects the characters no installed font has."""

    def __init__(self, st: Styles, book: GlyphBook | None = None, language: str = "",
                 font_cache: Path | None = None) -> None:
        self.st = st
        #: The document's shaped-text fonts (one book per document).
        self.book = book or GlyphBook()
        self.language = language
        self.font_cache = font_cache
        self._missing: set[str] = set()
        #: The shaped paragraphs made (their missing characters are known once laid out).
        self.shaped: list[ShapedParagraph] = []
        self._outline_level = 0
        self._keys = 0
        self._element = "body"
        #: The language of the block being built when it differs from the article's.
        self._block_lang: str | None = None

    @property
    def missing(self) -> set[str]:
        """Characters no installed font has, in every paragraph made so far (laid out)."""
        found = set(self._missing)
        for p in self.shaped:
            found |= p.missing
        return found

    # ----------------------------------------------------------------- inline markup

    def _text(self, text: str, uppercase: bool = False) -> str:
        if uppercase:
            text = text.upper()
        if len(text) < _LONG or not _LONG_TOKEN.search(text):
            return self._fallback_markup(text)
        # A URL wider than the column is set smaller rather than split: split, it no longer
        # reads (or copies) as one address.
        es = self.st.element(self._element)
        fs = self.st.fonts[self._element]
        width = self.st.column_width - es.left_indent - abs(es.first_line_indent) - 2
        out = []
        pos = 0
        for m in _LONG_TOKEN.finditer(text):
            out.append(self._fallback_markup(text[pos:m.start()]))
            token = m.group()
            w = stringWidth(token, fs.face(es.bold, es.italic), es.size)
            inner = self._fallback_markup(token)
            if w > width:
                inner = f'<font size="{es.size * width / w:.2f}">{inner}</font>'
            out.append(inner)
            pos = m.end()
        out.append(self._fallback_markup(text[pos:]))
        return "".join(out)

    def _fallback_markup(self, text: str) -> str:
        fs = self.st.fonts[self._element]
        parts = []
        for font, chunk in _runs(text, fs.regular, fs.coverage, self.st.chain, self._missing):
            esc = escape(chunk)
            parts.append(esc if font == fs.regular else f'<font face="{font}">{esc}</font>')
        return "".join(parts)

    def inlines(self, nodes: tuple[Inline, ...], upper: bool = False) -> str:
        """Escaped reportlab markup for inline content (every node class handled)."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(self._text(node.text, upper))
            elif isinstance(node, Emphasis):
                out.append(f"<i>{self.inlines(node.children, upper)}</i>")
            elif isinstance(node, Strong):
                out.append(f"<b>{self.inlines(node.children, upper)}</b>")
            elif isinstance(node, Link):
                es = self.st.element("link")
                inner = self.inlines(node.children, upper)
                if es.underline:
                    inner = f"<u>{inner}</u>"
                href = escape(node.url, _ATTR_ESC)
                out.append(f'<a href="{href}"><font color="{es.colour}">{inner}</font></a>')
            elif isinstance(node, Quoted):
                out.append(self._text(node.opening) + self.inlines(node.children, upper)
                           + self._text(node.closing))
            elif isinstance(node, LineBreak):
                out.append("<br/>")
            else:
                raise TypeError(f"PDF writer: unknown inline node {type(node).__name__}")
        return "".join(out)

    # ----------------------------------------------------------------- paragraphs

    def para(self, element: str, nodes: tuple[Inline, ...], *, dateline: str | None = None,
             style: Any = None, bullet: str | None = None, first_flush: bool = False) -> Any:
        """One paragraph in an element's style: shaped when its text needs it, else markup."""
        self._element = element
        es = self.st.element(element)
        text = plain_text(nodes)
        if needs_shaping(text if dateline is None else dateline + text):
            return self._shaped(element, nodes, dateline, bullet, first_flush)
        prefix = self._dateline_run(dateline) if dateline else ""
        markup = prefix + self.inlines(nodes, es.uppercase)
        style = style or self.st.para[element]
        if not prefix and bullet is None:
            literal = text.upper() if es.uppercase else text
            if markup == escape(literal):  # no inline styles, fallback fonts or resized URLs
                return self.st.plain_paragraph(literal, style)
        return RLParagraph(markup, style, bulletText=bullet)

    def _shaped(self, element: str, nodes: tuple[Inline, ...], dateline: str | None,
                bullet: str | None, first_flush: bool) -> ShapedParagraph:
        house = self.st.house
        es = house.element(element)
        items = []
        if dateline:
            ds = house.element("dateline")
            items.append(Span(dateline.upper() if ds.uppercase else dateline, ds.bold, ds.italic,
                              ds.colour))
            items.append(Span(DATELINE_SEPARATOR, es.bold, es.italic, es.colour))
        items += spans(nodes, es, house.element("link"), upper=es.uppercase)
        lang = self._block_lang or self.language
        rtl = language_direction(self._block_lang) == "rtl" if self._block_lang else None
        p = paragraph(house, element, items, book=self.book, language=lang, rtl=rtl,
                      font_cache=self.font_cache, first_flush=first_flush, bullet=bullet)
        self.shaped.append(p)
        return p

    def _outline(self, flowable: Any, title: str, level: int) -> None:
        level = min(level, self._outline_level + 1) if self._keys else 0
        self._outline_level = level
        flowable._nc_outline = (title, level, f"nc{self._keys}")
        self._keys += 1

    # ----------------------------------------------------------------- blocks

    def article(self, arranged: Arranged) -> tuple[list[Any], list[Any]]:
        """(headline block, body flowables) of an arranged article, shown as arranged."""
        head: list[Any] = []
        headline = self.para("headline", (Text(arranged.headline),))
        self._outline(headline, arranged.headline, 0)
        head.append(headline)
        if arranged.standfirst:
            head.append(self.para("standfirst", (Text(arranged.standfirst),)))
        if arranged.byline:
            head.append(self.para("byline", (Text(arranged.byline),)))

        body: list[Any] = []
        inline = arranged.dateline_inline
        if arranged.dateline and not inline:
            body.append(self.para("dateline", (Text(arranged.dateline),)))
        first = True
        for i, block in enumerate(arranged.body):
            dateline = arranged.dateline if i == 0 and inline else None
            body.extend(self.block(block, first=first, dateline=dateline))
            first = not isinstance(block, Paragraph)
        credit_style = self.st.variant("credit", "first")
        for line in (arranged.credit, arranged.copyright):
            if line:
                body.append(self.para("credit", (Text(line),), style=credit_style,
                                      first_flush=True))
        return head, body

    def _dateline_run(self, dateline: str | None) -> str:
        """The dateline as a styled run opening the first paragraph, then an em dash."""
        assert dateline is not None
        es = self.st.element("dateline")
        self._element = "dateline"
        fs = self.st.fonts["dateline"]
        text = self._text(dateline, es.uppercase)
        face = fs.face(es.bold, es.italic)
        return f'<font face="{face}" color="{es.colour}">{text}</font>{DATELINE_SEPARATOR}'

    def block(self, block: Block, *, first: bool = False, dateline: str | None = None,
              element: str | None = None) -> list[Any]:
        """Flowables for one block, in the block's own language when it has one.

        A tagged block is shaped for its language and its direction follows the language, as in
        the other formats.
        """
        outer = self._block_lang
        self._block_lang = block.lang or outer
        try:
            return self._block(block, first=first, dateline=dateline, element=element)
        finally:
            self._block_lang = outer

    def _block(self, block: Block, *, first: bool, dateline: str | None,
               element: str | None) -> list[Any]:
        """Flowables for one block (every Block class handled; others raise TypeError)."""
        if isinstance(block, Paragraph):
            name = element or "body"
            style = None
            if first and self.st.element(name).first_line_indent:
                style = self.st.variant(name, "first")
            return [self.para(name, block.children, dateline=dateline, style=style,
                              first_flush=first)]
        if isinstance(block, Heading):
            name = "subheading" if block.level <= 2 else "subheading3"
            p = self.para(name, block.children)
            self._outline(p, plain_text(block.children), max(1, block.level - 1))
            return [p]
        if isinstance(block, ListBlock):
            out = []
            for n, item in enumerate(block.items, start=block.start):
                bullet = f"{n}." if block.ordered else "\u2022"
                out.append(self.para("list", item.children, bullet=bullet))
            return out
        if isinstance(block, BlockQuote):
            out = []
            for child in block.children:
                out.extend(self.block(child, first=True, element="quote"))
            if block.attribution:
                out.append(self.para("quote", (Text("\u2014 " + block.attribution),)))
            return out
        raise TypeError(f"PDF writer: unknown block node {type(block).__name__}")
