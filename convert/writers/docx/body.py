"""Build ``word/document.xml`` for one arranged article as an lxml tree, in time linear in its length.

The head (headline, standfirst, byline, dateline) is what :func:`convert.arrange.arrange`
decided; this module only renders it. Every paragraph and run names a style from the template
(no direct formatting), so a newsroom template restyles the whole article. The only run
properties written here mark direction and language (``w:rtl``, ``w:cs``, ``w:lang``), which are
not formatting. Both come from the model, never from guessing at the letters: a block's ``lang``
(else the article's language) gives the ``w:lang`` tag, and right to left is
:mod:`convert.textutil`'s rule for that tag (for a block without one, for its text). The fonts
of scripts the styles do not name (:mod:`.fonts`) are the only other run property.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ...arrange import DATELINE_SEPARATOR, Arranged
from ...model import (
    BLOCK_TYPES,
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
from ...textutil import direction, language_direction
from .fonts import RoleFont
from .ooxml import NSMAP, R_NS, XML_NS, lang_slot, serialize, w
from .runfonts import Para, Planned, add_run_fonts, plan_fonts, symbol_fonts, symbol_segments
from .section import add_section_properties
from .template import Template

_P, _PPR, _PSTYLE, _R, _RPR, _RSTYLE, _T, _BR, _TAB = (
    w("p"), w("pPr"), w("pStyle"), w("r"), w("rPr"), w("rStyle"), w("t"), w("br"), w("tab"))
_VAL = w("val")
_SPACE = f"{{{XML_NS}}}space"
_RID = f"{{{R_NS}}}id"
_SE = etree.SubElement
_NO_ROLE = RoleFont("", "", "serif")



@dataclass(frozen=True, slots=True)
class Mark:
    """How the runs of one paragraph are marked: right to left, and their ``w:lang`` (slot, tag)."""

    rtl: bool
    lang: tuple[str, str] | None = None


@dataclass(slots=True)
class BuiltBody:
    """document.xml plus what the other per-article parts need to know about it."""

    xml: bytes
    #: (relationship id, URL) of each distinct hyperlink target.
    links: list[tuple[str, str]]
    #: Start number of each ordered list, in order (one ``w:num`` each).
    ordered_starts: tuple[int, ...]
    #: The article's fonts: the styles' scripts, faces runs name, faces it is drawn in.
    fonts: Planned
    #: Every character of the document's text (what embedded fonts must draw).
    chars: frozenset[str]


@dataclass(slots=True)
class _Builder:
    tpl: Template
    language: str
    links: dict[str, str] = field(default_factory=dict)
    ordered: list[int] = field(default_factory=list)
    #: The last plain run written (run, its w:t, style, mark), so adjacent text joins it.
    last: tuple[etree._Element, etree._Element, str | None, Mark | None] | None = None
    #: Each paragraph with its role, own language, text and run looks (for :mod:`.fonts`).
    paras: list[Para] = field(default_factory=list)
    #: The font of the paragraph being written (symbols it lacks get a symbol face).
    font: str = ""
    #: Symbol faces runs name: family -> None, in order of first use.
    symbols: dict[str, None] = field(default_factory=dict)
    #: The role of the paragraph being written, and the character styles by id.
    role: RoleFont = _NO_ROLE
    char_roles: dict[str, RoleFont] = field(default_factory=dict)

    # ----------------------------------------------------------------- paragraphs

    def paragraph(self, parent: etree._Element, role: str, text_for_direction: str,
                  num_id: int | None = None, lang: str | None = None
                  ) -> tuple[etree._Element, Mark | None]:
        """A ``w:p`` with its style; returns it and how its runs are marked (None: plain)."""
        p = _SE(parent, _P)
        ppr = _SE(p, _PPR)
        _SE(ppr, _PSTYLE).set(_VAL, self.tpl.ids[role])
        self.role = self.tpl.fonts[role]
        self.font = self.role.font
        if num_id is not None:
            numpr = _SE(ppr, w("numPr"))
            _SE(numpr, w("ilvl")).set(_VAL, "0")
            _SE(numpr, w("numId")).set(_VAL, str(num_id))
        mark = self.mark(text_for_direction, lang)
        if mark is not None and mark.rtl:
            _SE(ppr, w("bidi"))
        return p, mark

    def mark(self, text: str, lang: str | None) -> Mark | None:
        """Direction and language of a paragraph's runs, from the block's language or the article's.

        A block in a language of its own gets its tag in the slot Word reads for that script. A
        paragraph in the article's language is right to left when its text is (textutil's rule);
        its runs then carry the article's tag only when that language is itself right to left:
        nothing is guessed from the letters.
        """
        if lang:
            return Mark(language_direction(lang) == "rtl", (lang_slot(lang), lang))
        if direction(text) != "rtl":
            return None
        article = self.language
        return Mark(True, ("bidi", article) if language_direction(article) == "rtl" else None)

    def text_paragraph(self, parent: etree._Element, role: str, text: str) -> etree._Element:
        """A paragraph holding one plain string (headline, byline, credit ...)."""
        p, mark = self.paragraph(parent, role, text)
        self.paras.append(Para(p, self.tpl.fonts[role], None, text))
        self.run(p, text, None, mark)
        return p

    def inline_paragraph(self, parent: etree._Element, role: str, inlines: tuple[Inline, ...],
                         num_id: int | None = None, dateline: str | None = None,
                         lang: str | None = None) -> etree._Element:
        """A paragraph of inline content, optionally opened by an inline dateline."""
        text = plain_text(inlines)
        p, mark = self.paragraph(parent, role, text, num_id, lang)
        shown = f"{dateline}{DATELINE_SEPARATOR}{text}" if dateline else text
        self.paras.append(Para(p, self.tpl.fonts[role], lang, shown))
        if dateline:
            self.run(p, dateline, self.tpl.ids["dateline_char"], mark)
            self.run(p, DATELINE_SEPARATOR, None, mark)
        self.inlines(p, inlines, 0, mark)
        return p

    # ----------------------------------------------------------------- runs

    def run(self, parent: etree._Element, text: str, style_id: str | None,
            mark: Mark | None) -> None:
        """One ``w:r`` (tabs and newlines become ``w:tab`` / ``w:br``); symbols get their own."""
        if not text:
            return
        segments = None if text.isascii() else symbol_segments(text, self.font)
        if segments is None:
            self.plain_run(parent, text, style_id, mark)
            return
        for chunk, family in segments:
            if family is None:
                self.plain_run(parent, chunk, style_id, mark)
            else:  # a run of its own, never joined with the text around it
                self.symbols.setdefault(family, None)
                self.last = None
                self.plain_run(parent, chunk, style_id, mark)
                add_run_fonts(parent[-1], symbol_fonts(family))
                self.last = None

    def plain_run(self, parent: etree._Element, text: str, style_id: str | None,
                  mark: Mark | None) -> None:
        """One ``w:r``, or more text in the run before it when that run looks the same."""
        self.look(style_id)
        last = self.last
        simple = "\n" not in text and "\t" not in text
        if (simple and last is not None and len(parent) and parent[-1] is last[0]
                and last[2] == style_id and last[3] == mark):
            last[1].text += text  # e.g. a quotation mark and the quoted words: one run
            return
        r = _SE(parent, _R)
        if style_id is not None or mark is not None:
            rpr = _SE(r, _RPR)
            if style_id is not None:
                _SE(rpr, _RSTYLE).set(_VAL, style_id)
            if mark is not None:  # schema order: rtl, cs, then lang
                if mark.rtl:
                    _SE(rpr, w("rtl"))
                    _SE(rpr, w("cs"))
                if mark.lang is not None:
                    _SE(rpr, w("lang")).set(w(mark.lang[0]), mark.lang[1])
        if "\n" in text or "\t" in text:
            for i, line in enumerate(text.split("\n")):
                if i:
                    _SE(r, _BR)
                for j, chunk in enumerate(line.split("\t")):
                    if j:
                        _SE(r, _TAB)
                    if chunk:
                        t = _SE(r, _T)
                        t.text = chunk
                        t.set(_SPACE, "preserve")
            return
        t = _SE(r, _T)
        t.text = text
        t.set(_SPACE, "preserve")
        self.last = (r, t, style_id, mark)

    def look(self, style_id: str | None) -> None:
        """Note the face (font, bold, italic) a run is drawn in: what embedding must carry."""
        role = self.role
        font, bold, italic = role.font, role.bold, role.italic
        char = self.char_roles.get(style_id) if style_id is not None else None
        if char is not None:  # a character style names a font only when it is not the body's
            font = char.font if char.font != self.tpl.fonts["body"].font else font
            bold, italic = bold or char.bold, italic or char.italic
        if self.paras:
            self.paras[-1].looks.add((font, bold, italic))

    def style_for(self, flags: int, in_link: bool) -> str | None:
        """Character style of a run: Hyperlink wins, then Strong Emphasis, Strong, Emphasis."""
        ids = self.tpl.ids
        if in_link:
            return ids["hyperlink"]
        if flags == 3:
            return ids["strong_emphasis"]
        if flags == 2:
            return ids["strong"]
        if flags == 1:
            return ids["emphasis"]
        return None

    def inlines(self, parent: etree._Element, nodes: tuple[Inline, ...], flags: int,
                mark: Mark | None, in_link: bool = False) -> None:
        """Emit runs for inline nodes; an unknown node class is a bug and fails loudly."""
        for node in nodes:
            if isinstance(node, Text):
                self.run(parent, node.text, self.style_for(flags, in_link), mark)
            elif isinstance(node, Emphasis):
                self.inlines(parent, node.children, flags | 1, mark, in_link)
            elif isinstance(node, Strong):
                self.inlines(parent, node.children, flags | 2, mark, in_link)
            elif isinstance(node, Quoted):
                style = self.style_for(flags, in_link)
                self.run(parent, node.opening, style, mark)
                self.inlines(parent, node.children, flags, mark, in_link)
                self.run(parent, node.closing, style, mark)
            elif isinstance(node, LineBreak):
                _SE(_SE(parent, _R), _BR)
            elif isinstance(node, Link):
                if in_link:  # a link inside a link: keep the outer target
                    self.inlines(parent, node.children, flags, mark, True)
                    continue
                h = _SE(parent, w("hyperlink"))
                h.set(_RID, self.link_id(node.url))
                h.set(w("history"), "1")
                self.inlines(h, node.children, flags, mark, True)
            else:
                raise TypeError(f"DOCX writer: unknown inline node {type(node).__name__}")

    def link_id(self, url: str) -> str:
        """One external relationship per distinct URL, numbered after the template's."""
        rid = self.links.get(url)
        if rid is None:
            rid = f"rId{len(self.tpl.rels) + len(self.links) + 1}"
            self.links[url] = rid
        return rid

    # ----------------------------------------------------------------- blocks

    def blocks(self, parent: etree._Element, blocks: tuple[Block, ...], in_quote: bool,
               dateline: str | None = None, lang: str | None = None) -> None:
        """Emit body blocks; the inline dateline opens the first paragraph.

        ``lang``: the language of an enclosing quote, for blocks without one of their own.
        """
        for block in blocks:
            if not isinstance(block, BLOCK_TYPES):
                raise TypeError(f"DOCX writer: unknown block node {type(block).__name__}")
            own = block.lang or lang
            if isinstance(block, Paragraph):
                self.inline_paragraph(parent, "quote" if in_quote else "body", block.children,
                                      dateline=dateline, lang=own)
                dateline = None
            elif isinstance(block, Heading):
                role = "heading2" if block.level <= 2 else "heading3"
                self.inline_paragraph(parent, role, block.children, lang=own)
            elif isinstance(block, ListBlock):
                if block.ordered:
                    num_id = self.tpl.numbering.first_free + len(self.ordered)
                    self.ordered.append(block.start)
                    role = "list_number"
                else:
                    num_id, role = self.tpl.numbering.bullet_num, "list_bullet"
                for item in block.items:
                    self.inline_paragraph(parent, role, item.children, num_id, lang=own)
            elif isinstance(block, BlockQuote):
                self.blocks(parent, block.children, True, lang=own)
                if block.attribution:
                    text = f"\u2014 {block.attribution}"
                    p, mark = self.paragraph(parent, "attribution", text, lang=own)
                    self.paras.append(Para(p, self.tpl.fonts["attribution"], own, text))
                    self.run(p, text, None, mark)
            else:
                raise TypeError(f"DOCX writer: unknown block node {type(block).__name__}")


def build_document(head: Arranged, language: str, tpl: Template) -> BuiltBody:
    """The main document part for one article: its arranged head, body, credit and copyright."""
    hs = tpl.style
    section = tpl.section
    b = _Builder(tpl, language)
    b.char_roles = {r.style_id: r for r in tpl.fonts.values()}
    root = etree.Element(w("document"), nsmap=NSMAP)
    body = _SE(root, w("body"))

    shown: list[etree._Element] = []
    if head.headline:
        shown.append(b.text_paragraph(body, "title", head.headline))
    if head.standfirst:
        shown.append(b.text_paragraph(body, "subtitle", head.standfirst))
    if head.byline:
        shown.append(b.text_paragraph(body, "byline", head.byline))
    if head.dateline and not head.dateline_inline:
        shown.append(b.text_paragraph(body, "dateline", head.dateline))

    split = section.columns > 1 and hs.layout.headline_span and bool(shown) and bool(head.body)
    if split:  # the headline block spans the page; the body flows in columns below it
        add_section_properties(shown[-1].find(_PPR), section, 1, False)

    b.blocks(body, head.body, False, head.dateline if head.dateline_inline else None)

    for line in (head.credit, head.copyright):
        if line:
            b.text_paragraph(body, "credit", line)

    add_section_properties(body, section, section.columns, split)
    planned = plan_fonts(b.paras, language, b.symbols)
    links = [(rid, url) for url, rid in b.links.items()]
    chars = frozenset("".join(para.text for para in b.paras))
    return BuiltBody(serialize(root), links, tuple(b.ordered), planned, chars)
