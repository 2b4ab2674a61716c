"""Build ``word/document.xml`` for one arranged article as an lxml tree, in time linear in its length.

The head (headline, standfirst, byline, dateline) is what :func:`convert.arrange.arrange`
decided; this module only renders it. Every paragraph and run names a style from the template
(no direct formatting), so a newsroom template restyles the whole article. The only run
properties written here are the ones that mark right-to-left text (``w:rtl``, ``w:cs``,
``w:lang/@w:bidi``), which are not formatting; direction itself is ``convert.textutil``'s rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

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
from ...textutil import direction, is_rtl_language
from .ooxml import NSMAP, R_NS, XML_NS, serialize, w
from .section import add_section_properties
from .template import Template

_P, _PPR, _PSTYLE, _R, _RPR, _RSTYLE, _T, _BR, _TAB = (
    w("p"), w("pPr"), w("pStyle"), w("r"), w("rPr"), w("rStyle"), w("t"), w("br"), w("tab"))
_VAL = w("val")
_SPACE = f"{{{XML_NS}}}space"
_RID = f"{{{R_NS}}}id"
_SE = etree.SubElement

#: Which language tag an RTL paragraph in a non-RTL article gets (``w:lang/@w:bidi``, for
#: proofing; not its direction): Hebrew letters, else letters only Urdu uses (ٹ ڈ ڑ ں ہ ھ ے),
#: else Arabic.
_HEBREW = re.compile("[\u0590-\u05ff]")
_URDU = re.compile("[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]")


@dataclass(slots=True)
class BuiltBody:
    """document.xml plus what the other per-article parts need to know about it."""

    xml: bytes
    #: (relationship id, URL) of each distinct hyperlink target.
    links: list[tuple[str, str]]
    #: Start number of each ordered list, in order (one ``w:num`` each).
    ordered_starts: tuple[int, ...]


@dataclass(slots=True)
class _Builder:
    tpl: Template
    language: str
    links: dict[str, str] = field(default_factory=dict)
    ordered: list[int] = field(default_factory=list)
    #: The last plain run written (run, its w:t, style, bidi), so adjacent text joins it.
    last: tuple[etree._Element, etree._Element, str | None, str | None] | None = None

    # ----------------------------------------------------------------- paragraphs

    def paragraph(self, parent: etree._Element, role: str, text_for_direction: str,
                  num_id: int | None = None) -> tuple[etree._Element, str | None]:
        """A ``w:p`` with its style; returns it and the bidi language when it is RTL."""
        p = _SE(parent, _P)
        ppr = _SE(p, _PPR)
        _SE(ppr, _PSTYLE).set(_VAL, self.tpl.ids[role])
        if num_id is not None:
            numpr = _SE(ppr, w("numPr"))
            _SE(numpr, w("ilvl")).set(_VAL, "0")
            _SE(numpr, w("numId")).set(_VAL, str(num_id))
        bidi = self.rtl_language(text_for_direction)
        if bidi is not None:
            _SE(ppr, w("bidi"))
        return p, bidi

    def rtl_language(self, text: str) -> str | None:
        """The ``w:bidi`` language of an RTL paragraph, or None for a left-to-right one."""
        if direction(text) != "rtl":
            return None
        if is_rtl_language(self.language):
            return self.language
        if _HEBREW.search(text):
            return "he-IL"
        return "ur-PK" if _URDU.search(text) else "ar-SA"

    def text_paragraph(self, parent: etree._Element, role: str, text: str) -> etree._Element:
        """A paragraph holding one plain string (headline, byline, credit ...)."""
        p, bidi = self.paragraph(parent, role, text)
        self.run(p, text, None, bidi)
        return p

    def inline_paragraph(self, parent: etree._Element, role: str, inlines: tuple[Inline, ...],
                         num_id: int | None = None,
                         dateline: str | None = None) -> etree._Element:
        """A paragraph of inline content, optionally opened by an inline dateline."""
        text = plain_text(inlines)
        p, bidi = self.paragraph(parent, role, text, num_id)
        if dateline:
            self.run(p, dateline, self.tpl.ids["dateline_char"], bidi)
            self.run(p, DATELINE_SEPARATOR, None, bidi)
        self.inlines(p, inlines, 0, bidi)
        return p

    # ----------------------------------------------------------------- runs

    def run(self, parent: etree._Element, text: str, style_id: str | None,
            bidi: str | None) -> None:
        """One ``w:r`` (tabs and newlines become ``w:tab`` / ``w:br``)."""
        if not text:
            return
        last = self.last
        simple = "\n" not in text and "\t" not in text
        if (simple and last is not None and len(parent) and parent[-1] is last[0]
                and last[2] == style_id and last[3] == bidi):
            last[1].text += text  # e.g. a quotation mark and the quoted words: one run
            return
        r = _SE(parent, _R)
        if style_id is not None or bidi is not None:
            rpr = _SE(r, _RPR)
            if style_id is not None:
                _SE(rpr, _RSTYLE).set(_VAL, style_id)
            if bidi is not None:
                _SE(rpr, w("rtl"))
                _SE(rpr, w("cs"))
                _SE(rpr, w("lang")).set(w("bidi"), bidi)
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
        self.last = (r, t, style_id, bidi)

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
                bidi: str | None, in_link: bool = False) -> None:
        """Emit runs for inline nodes; an unknown node class is a bug and fails loudly."""
        for node in nodes:
            if isinstance(node, Text):
                self.run(parent, node.text, self.style_for(flags, in_link), bidi)
            elif isinstance(node, Emphasis):
                self.inlines(parent, node.children, flags | 1, bidi, in_link)
            elif isinstance(node, Strong):
                self.inlines(parent, node.children, flags | 2, bidi, in_link)
            elif isinstance(node, Quoted):
                style = self.style_for(flags, in_link)
                self.run(parent, node.opening, style, bidi)
                self.inlines(parent, node.children, flags, bidi, in_link)
                self.run(parent, node.closing, style, bidi)
            elif isinstance(node, LineBreak):
                _SE(_SE(parent, _R), _BR)
            elif isinstance(node, Link):
                if in_link:  # a link inside a link: keep the outer target
                    self.inlines(parent, node.children, flags, bidi, True)
                    continue
                h = _SE(parent, w("hyperlink"))
                h.set(_RID, self.link_id(node.url))
                h.set(w("history"), "1")
                self.inlines(h, node.children, flags, bidi, True)
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
               dateline: str | None = None) -> None:
        """Emit body blocks; the inline dateline opens the first paragraph."""
        for block in blocks:
            if isinstance(block, Paragraph):
                self.inline_paragraph(parent, "quote" if in_quote else "body", block.children,
                                      dateline=dateline)
                dateline = None
            elif isinstance(block, Heading):
                role = "heading2" if block.level <= 2 else "heading3"
                self.inline_paragraph(parent, role, block.children)
            elif isinstance(block, ListBlock):
                if block.ordered:
                    num_id = self.tpl.numbering.first_free + len(self.ordered)
                    self.ordered.append(block.start)
                    role = "list_number"
                else:
                    num_id, role = self.tpl.numbering.bullet_num, "list_bullet"
                for item in block.items:
                    self.inline_paragraph(parent, role, item.children, num_id)
            elif isinstance(block, BlockQuote):
                self.blocks(parent, block.children, True)
                if block.attribution:
                    self.text_paragraph(parent, "attribution", f"\u2014 {block.attribution}")
            else:
                raise TypeError(f"DOCX writer: unknown block node {type(block).__name__}")


def build_document(head: Arranged, language: str, tpl: Template) -> BuiltBody:
    """The main document part for one article: its arranged head, body, credit and copyright."""
    hs = tpl.style
    section = tpl.section
    b = _Builder(tpl, language)
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
    links = [(rid, url) for url, rid in b.links.items()]
    return BuiltBody(serialize(root), links, tuple(b.ordered))
