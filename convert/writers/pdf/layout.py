"""Turn an arranged article into reportlab flowables: markup for Latin, shaped lines for the rest.

The builder handles every inline (code, struck and inserted text, note references) and the
simple blocks (paragraphs, headings, nested lists, quotes); the richer blocks are
:mod:`.rich`'s and :mod:`.tables`'. Relative links lose their target and raw markup is left out,
each with a warning the writer returns (``Builder.notices``).

Paragraphs in scripts drawn character by character (Latin, Greek, Cyrillic, with symbol and
emoji fallbacks) stay reportlab Paragraphs built from escaped markup: the fast path. A paragraph
with right-to-left text or a script that needs shaping (``scripts.toml``) becomes a
:class:`.shapedpara.ShapedParagraph`, drawn by glyph id from HarfBuzz.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from msgspec.structs import replace
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as RLParagraph

from ...arrange import DATELINE_SEPARATOR, Arranged
from ...model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Inserted,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Quoted,
    RawBlock,
    RawInline,
    Rule,
    Strong,
    Table,
    Text,
    plain_text,
)
from ...textutil import language_direction
from .. import loss
from ..datelines import cased, split_place
from ..textparts import scheme
from . import rich
from .codefont import code_look, mono_set
from .glyphfont import GlyphBook
from .hyphenation import Hyphenator, pyphen_lang
from .parastyles import Styles
from .rich import NOTE_DEST, escape
from .runs import font_runs
from .shapedpara import ShapedParagraph
from .shapedtext import needs_shaping, paragraph, spans
from .shaping import Span

_ATTR_ESC = str.maketrans({'"': "&quot;", "'": "&apos;"})
FMT = "PDF"

#: Tokens at least this long are measured against the column (long URLs).
_LONG = 24
_LONG_TOKEN = re.compile(rf"\S{{{_LONG},}}")
_CODE_WORD = re.compile(r"\S+")


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
        #: What could not be shown as the article has it (warned by the writer, never lost).
        self.notices: list[Warning] = []
        #: Notes in the order referenced: the endnotes (:func:`.rich.endnotes`) number them so.
        self.notes: list[Note] = []
        self.in_link = 0
        #: The dateline's place as the article names it (``meta.located``): see ..datelines.
        self.located: str | None = None
        #: Paragraph styles derived for this document (nested lists, cells, notes).
        self.derived: dict[tuple[Any, ...], Any] = {}

    def add_note(self, node: Note) -> int:
        """Number a note where it is referenced."""
        self.notes.append(node)
        return len(self.notes)

    def derive(self, key: tuple[Any, ...], parent: Any, **changes: Any) -> Any:
        """A paragraph style made from ``parent`` once per document (``key`` names it)."""
        style = self.derived.get(key)
        if style is None:
            from reportlab.lib.styles import ParagraphStyle

            style = self.derived[key] = ParagraphStyle(":".join(map(str, key)), parent=parent,
                                                       **changes)
        return style

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
        # Word lengths by str.split (the same whitespace as \S): 1 us, where the pattern's
        # search tries a match at every character (4 us a paragraph).
        if len(text) < _LONG or max(map(len, text.split()), default=0) < _LONG:
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
        for font, chunk in font_runs(text, fs.regular, fs.coverage, self.st.chain, self._missing):
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
                out.append(self._link(node, upper))
            elif isinstance(node, Quoted):
                out.append(self._text(node.opening) + self.inlines(node.children, upper)
                           + self._text(node.closing))
            elif isinstance(node, LineBreak):
                out.append("<br/>")
            elif isinstance(node, Code):
                out.append(self.code_markup(node.text))
            elif isinstance(node, Deleted):
                out.append(f"<strike>{self.inlines(node.children, upper)}</strike>")
            elif isinstance(node, Inserted):
                out.append(f"<u>{self.inlines(node.children, upper)}</u>")
            elif isinstance(node, Note):
                n = self.add_note(node)
                ref = str(n) if self.in_link else f'<a href="#{NOTE_DEST.format(n)}">{n}</a>'
                out.append(f"<super>{ref}</super>")
            elif isinstance(node, RawInline):
                loss.raw(FMT, node.format, node.text, block=False, sink=self.notices)
            else:
                raise TypeError(f"PDF writer: unknown inline node {type(node).__name__}")
        return "".join(out)

    def _link(self, node: Link, upper: bool) -> str:
        """A clickable link; a relative one (``#top``, ``a.md``) points nowhere in a PDF: text only."""
        if scheme(node.url) is None:
            loss.relative_link(FMT, node.url, self.notices)
            return self.inlines(node.children, upper)
        es = self.st.element("link")
        self.in_link += 1
        try:
            inner = self.inlines(node.children, upper)
        finally:
            self.in_link -= 1
        if es.underline:
            inner = f"<u>{inner}</u>"
        href = escape(node.url).translate(_ATTR_ESC)
        return f'<a href="{href}"><font color="{es.colour}">{inner}</font></a>'

    def code_size(self) -> float:
        """The size code is set at in the current element."""
        return self.st.element(self._element).size * code_look().size_ratio

    def code_markup(self, text: str, size: float | None = None, pre: bool = False) -> str:
        """Code in the monospace face (characters it lacks from the fallback fonts).

        Inline (``pre`` false), runs of spaces stay as no-break spaces and a single space may
        still break the line; in a code block (``pre``) every space is kept as it is.
        """
        mono = mono_set(self.st.house, self.font_cache)
        if mono is None:
            loss.degraded(FMT, "code", "set in the text face (no monospace font installed)",
                          self.notices)
            return self._text(text)
        size = size or self.code_size()
        if not pre:  # a word of code wider than the column is set smaller, never split
            es = self.st.element(self._element)
            room = self.st.column_width - es.left_indent - abs(es.first_line_indent) - 2
            widest = max((stringWidth(w, mono.regular, size) for w in _CODE_WORD.findall(text)),
                         default=0.0)
            if widest > room:
                size = max(4.0, size * room / widest)
        parts = []
        for font, chunk in font_runs(text, mono.regular, mono.coverage, self.st.chain, self._missing):
            # inline: no word of code is hyphenated (``<nobr>``), runs of spaces stay
            esc = escape(chunk) if pre else _CODE_WORD.sub(
                r"<nobr>\g<0></nobr>", escape(chunk).replace("  ", "\u00a0 "))
            parts.append(f'<font face="{font}">{esc}</font>')
        return f'<font size="{size:.2f}">{"".join(parts)}</font>'

    # ----------------------------------------------------------------- paragraphs

    def para(self, element: str, nodes: tuple[Inline, ...], *, dateline: str | None = None,
             style: Any = None, bullet: str | None = None, first_flush: bool = False,
             bold: bool = False, look: dict[str, Any] | None = None, cased: bool = False) -> Any:
        """One paragraph in an element's style: shaped when its text needs it, else markup.

        ``style`` replaces the element's paragraph style (markup path); ``look`` changes the
        shaped path's look the same way (indent, size, alignment); ``bold``: all of it bold;
        ``cased``: the text is already in the element's case (a dateline).
        """
        self._element = element
        es = self.st.element(element)
        upper = es.uppercase and not cased
        text = plain_text(nodes)
        if needs_shaping(text if dateline is None else dateline + text):
            p = self._shaped(element, nodes, dateline, bullet, first_flush, bold, upper)
            if look:
                p.look = replace(p.look, **look)
            return p
        prefix = self._dateline_run(dateline) if dateline else ""
        markup = prefix + self.inlines(nodes, upper)
        if bold:
            markup = f"<b>{markup}</b>"
        style = style or self.st.para[element]
        if self._block_lang and style.hyphenationLang:  # a block's own language's patterns
            patterns = pyphen_lang(self._block_lang)
            if style.hyphenationLang != Hyphenator(patterns):
                style = self.derive(("hyphenation", style.name, patterns), style,
                                    hyphenationLang=Hyphenator(patterns) if patterns else "")
        if not prefix and bullet is None and not bold:
            literal = text.upper() if upper else text
            if markup == escape(literal):  # no inline styles, fallback fonts or resized URLs
                return self.st.plain_paragraph(literal, style)
        return RLParagraph(markup, style, bulletText=bullet)

    def _shaped(self, element: str, nodes: tuple[Inline, ...], dateline: str | None,
                bullet: str | None, first_flush: bool, bold: bool = False,
                upper: bool = False) -> ShapedParagraph:
        house = self.st.house
        es = house.element(element)
        items = []
        if dateline:
            ds = house.element("dateline")
            items.append(Span(cased(dateline, self.located, ds.uppercase), ds.bold, ds.italic,
                              ds.colour))
            items.append(Span(DATELINE_SEPARATOR, es.bold, es.italic, es.colour))
        items += spans(nodes, es, house.element("link"), upper=upper, bold=bold,
                       note=self.add_note, sink=self.notices)
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
            shown = cased(arranged.dateline, self.located, self.st.element("dateline").uppercase)
            body.append(self.para("dateline", (Text(shown),), cased=True))
        first = True
        for i, block in enumerate(arranged.body):
            dateline = arranged.dateline if i == 0 and inline else None
            body.extend(self.block(block, first=first, dateline=dateline))
            first = not isinstance(block, Paragraph)
        body.extend(rich.endnotes(self))
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
        place, rest = split_place(dateline, self.located)  # the place in the style's case only
        text = self._text(place, es.uppercase) + self._text(rest)
        face = fs.face(es.bold, es.italic)
        return f'<font face="{face}" color="{es.colour}">{text}</font>{DATELINE_SEPARATOR}'

    def block(self, block: Block, *, first: bool = False, dateline: str | None = None,
              element: str | None = None) -> list[Any]:
        """Flowables for one block, in the block's own language when it has one.

        A tagged block is shaped for its language and its direction follows the language, as in
        the other formats.
        """
        outer = self._block_lang
        self._block_lang = getattr(block, "lang", None) or outer
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
            return rich.list_block(self, block, 0)
        if isinstance(block, BlockQuote):
            out = []
            for child in block.children:
                out.extend(self.block(child, first=True, element="quote"))
            if block.attribution:
                out.append(self.para("quote", (Text("\u2014 " + block.attribution),)))
            quote, body = self.st.element("quote"), self.st.element("body")
            rich.end_block(out, max(quote.space_after, body.space_after))
            return out
        if isinstance(block, RawBlock):
            loss.raw(FMT, block.format, block.text, block=True, sink=self.notices)
            return []
        maker = _RICH.get(type(block))
        if maker is not None:
            return maker(self, block)
        raise TypeError(f"PDF writer: unknown block node {type(block).__name__}")


_RICH = {Table: rich.table, Figure: rich.figure, CodeBlock: rich.code_block, Rule: rich.rule,
         Correction: rich.correction}
