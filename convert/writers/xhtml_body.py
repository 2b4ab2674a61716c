"""Serialise Document blocks and inlines as XHTML elements: EPUB, NewsML-G2, HTML and ninjs bodies.

The EPUB writer's content documents, the NewsML-G2 writer's ``inlineXML`` body, the HTML page and
the ninjs HTML body all put the article body through here, so they never disagree about markup or
direction; :func:`as_html` turns such a tree into HTML syntax for the last two. One function per
Block and Inline class, dispatched through a table, so an unknown node fails loudly with a
TypeError. Text is only ever set through lxml, which escapes it; nothing here parses markup.

A :class:`Renderer` writes one article: it numbers the notes (listed by :meth:`Renderer.notes`
after the body) and asks its caller how a picture is referred to (a data: URI in an HTML page, a
name in NewsML-G2 and ninjs, a manifest entry in an EPUB). The richer nodes (tables, figures,
notes, code, rules, corrections, edits, raw markup) are in :mod:`.xhtml_rich`; raw markup and
relative links are left out with a warning (:mod:`.loss`).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ..arrange import DATELINE_SEPARATOR, Arranged
from ..model import (
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
from . import loss, xhtml_rich
from .datelines import split_place
from .textparts import scheme
from .xhtml_tree import (
    EPUB_TYPE,
    NSMAP,
    OPS_NS,
    XHTML_NS,
    XML_LANG,
    append_text,
    href,
    mark_language,
    set_direction,
    tag,
)

__all__ = ["EPUB_TYPE", "NSMAP", "OPS_NS", "SAFE_SCHEMES", "XHTML_NS", "XML_LANG", "Renderer",
           "append_text", "arranged_body", "as_html", "block", "blocks", "html_fragment", "inline",
           "inlines", "mark_language", "safe_href", "set_direction", "tag"]

_P, _H, _EM, _STRONG, _A, _Q, _BR = (tag(n) for n in ("p", "h", "em", "strong", "a", "q", "br"))
_UL, _OL, _LI, _BLOCKQUOTE = (tag(n) for n in ("ul", "ol", "li", "blockquote"))
_FIGURE, _FIGCAPTION, _SPAN = tag("figure"), tag("figcaption"), tag("span")


def no_picture(fig: Figure) -> str | None:
    """Pictures are not shown (the caption, else the alt text, stands for them)."""
    return None


class Renderer:
    """Writes the blocks of one article: numbers its notes and names its pictures the caller's way.

    ``note_style``: "endnotes" (references link to a numbered list the caller places with
    :meth:`notes`), "epub" (EPUB 3 ``noteref``/``footnote``) or "inline" (the note's text in
    brackets where it is referenced, for callers that place no list). ``pictures`` gives an
    ``img`` source for a figure (a data: URI, a name, a URL) or None to show none. ``ids``
    prefixes note ids (articles sharing one page). ``quotes``: quotations as ``<q>`` (False: as
    their typed marks). ``fmt`` names the format in warnings.
    """

    def __init__(self, *, note_style: str = "endnotes",
                 pictures: Callable[[Figure], str | None] = no_picture, ids: str = "",
                 language: str = "", quotes: bool = True, fmt: str = "XHTML") -> None:
        self.note_style = note_style
        self.picture_src = pictures
        self.ids = ids
        self.language = language
        self.quotes = quotes
        self.fmt = fmt
        self.in_link = 0
        self._notes: list[Note] = []

    def note_id(self, kind: str, n: int) -> str:
        """``fn3`` (the note) or ``fnref3`` (its reference), with the renderer's prefix."""
        return f"{self.ids}{kind}{n}"

    def add_note(self, node: Note) -> int:
        """Number a referenced note (1, 2, ... in the order referenced)."""
        self._notes.append(node)
        return len(self._notes)

    def inline(self, parent: etree._Element, node: Inline) -> None:
        """Append one inline node to ``parent``."""
        try:
            fn = _INLINE[type(node)]
        except KeyError:
            raise TypeError(f"unknown inline node {type(node).__name__}") from None
        fn(self, parent, node)

    def inlines(self, parent: etree._Element, nodes: tuple[Inline, ...]) -> None:
        """Append inline nodes to ``parent`` in order."""
        for node in nodes:
            self.inline(parent, node)

    def block(self, parent: etree._Element, node: Block, base: str = "ltr") -> etree._Element | None:
        """Append one block; ``base`` is the direction around it. None: nothing shown (raw markup)."""
        try:
            fn = _BLOCK[type(node)]
        except KeyError:
            raise TypeError(f"unknown block node {type(node).__name__}") from None
        return fn(self, parent, node, base)

    def blocks(self, parent: etree._Element, nodes: tuple[Block, ...], base: str = "ltr") -> None:
        """Append blocks to ``parent`` in order."""
        for node in nodes:
            self.block(parent, node, base)

    def notes(self, parent: etree._Element, base: str = "ltr") -> etree._Element | None:
        """The notes referenced so far, after the body (None when there are none)."""
        return xhtml_rich.notes_section(self, parent, self._notes, base)


# --------------------------------------------------------------------------- inlines


def _text(r: Renderer, parent: etree._Element, node: Text) -> None:
    append_text(parent, node.text)


def _emphasis(r: Renderer, parent: etree._Element, node: Emphasis) -> None:
    r.inlines(etree.SubElement(parent, _EM), node.children)


def _strong(r: Renderer, parent: etree._Element, node: Strong) -> None:
    r.inlines(etree.SubElement(parent, _STRONG), node.children)


def _link(r: Renderer, parent: etree._Element, node: Link) -> None:
    """An ``a``; a relative target (``#top``, ``a.md``) points nowhere here: its text stays."""
    if scheme(node.url) is None:
        loss.relative_link(r.fmt, node.url)
        r.inlines(parent, node.children)
        return
    a = etree.SubElement(parent, _A, href=href(node.url))
    r.in_link += 1
    try:
        r.inlines(a, node.children)
    finally:
        r.in_link -= 1


def _quoted(r: Renderer, parent: etree._Element, node: Quoted) -> None:
    """``<q>`` with the typed marks inside it: the stylesheet turns off generated quotes."""
    q = etree.SubElement(parent, _Q) if r.quotes else parent
    append_text(q, node.opening)
    r.inlines(q, node.children)
    append_text(q, node.closing)


def _line_break(r: Renderer, parent: etree._Element, node: LineBreak) -> None:
    etree.SubElement(parent, _BR)


_INLINE: dict[type, Callable[[Renderer, etree._Element, object], None]] = {
    Text: _text, Emphasis: _emphasis, Strong: _strong, Link: _link, Quoted: _quoted,
    LineBreak: _line_break, Code: xhtml_rich.code, Deleted: xhtml_rich.deleted,
    Inserted: xhtml_rich.inserted, Note: xhtml_rich.note, RawInline: xhtml_rich.raw_inline,
}


# --------------------------------------------------------------------------- blocks


def _paragraph(r: Renderer, parent: etree._Element, node: Paragraph, base: str) -> etree._Element:
    p = etree.SubElement(parent, _P)
    r.inlines(p, node.children)
    if not node.lang:
        set_direction(p, plain_text(node.children), base)
    mark_language(p, node.lang, base)
    return p


def _heading(r: Renderer, parent: etree._Element, node: Heading, base: str) -> etree._Element:
    """h2..h6: level 1 belongs to the headline, so body headings start at h2."""
    h = etree.SubElement(parent, f"{_H}{min(max(node.level, 2), 6)}")
    r.inlines(h, node.children)
    if not node.lang:
        set_direction(h, plain_text(node.children), base)
    mark_language(h, node.lang, base)
    return h


def _list(r: Renderer, parent: etree._Element, node: ListBlock, base: str) -> etree._Element:
    """``ul``/``ol``; an item's nested lists and paragraphs follow its text inside its ``li``."""
    el = etree.SubElement(parent, _OL if node.ordered else _UL)
    if node.ordered and node.start != 1:
        el.set("start", str(node.start))
    inner = mark_language(el, node.lang, base)
    for item in node.items:
        li = etree.SubElement(el, _LI)
        xhtml_rich.task_box(r, li, item.checked)
        r.inlines(li, item.children)
        set_direction(li, plain_text(item.children), inner)
        r.blocks(li, item.blocks, inner)
    return el


def _blockquote(r: Renderer, parent: etree._Element, node: BlockQuote, base: str) -> etree._Element:
    """A quote, as ``figure > blockquote + figcaption`` when it has an attribution.

    HTML puts the attribution outside the blockquote; without one, a bare ``blockquote``.
    """
    outer: etree._Element
    if node.attribution:
        outer = etree.SubElement(parent, _FIGURE, {"class": "quote"})
        inner = mark_language(outer, node.lang, base)
        bq = etree.SubElement(outer, _BLOCKQUOTE)
    else:
        outer = bq = etree.SubElement(parent, _BLOCKQUOTE)
        inner = mark_language(outer, node.lang, base)
    r.blocks(bq, node.children, inner)
    if node.attribution:
        cap = etree.SubElement(outer, _FIGCAPTION, {"class": "attribution"})
        cap.text = f"\u2014 {node.attribution}"
        set_direction(cap, node.attribution, inner)
    return outer


_BLOCK: dict[type, Callable[[Renderer, etree._Element, object, str], etree._Element | None]] = {
    Paragraph: _paragraph, Heading: _heading, ListBlock: _list, BlockQuote: _blockquote,
    Table: xhtml_rich.table, Figure: xhtml_rich.figure, CodeBlock: xhtml_rich.code_block,
    Rule: xhtml_rich.rule, Correction: xhtml_rich.correction, RawBlock: xhtml_rich.raw_block,
}


# Module-level entry points for callers that render a body piecemeal and place no notes list:
# notes show in brackets where they are referenced and pictures as their captions.


def inline(parent: etree._Element, node: Inline) -> None:
    """Append one inline node to ``parent``."""
    Renderer(note_style="inline").inline(parent, node)


def inlines(parent: etree._Element, nodes: tuple[Inline, ...]) -> None:
    """Append inline nodes to ``parent`` in order."""
    Renderer(note_style="inline").inlines(parent, nodes)


def block(parent: etree._Element, node: Block, base: str = "ltr") -> etree._Element | None:
    """Append one block to ``parent``; ``base`` is the document direction ("ltr"/"rtl")."""
    return Renderer(note_style="inline").block(parent, node, base)


def blocks(parent: etree._Element, nodes: tuple[Block, ...], base: str = "ltr") -> None:
    """Append blocks to ``parent`` in order."""
    Renderer(note_style="inline").blocks(parent, nodes, base)


# --------------------------------------------------------------------------- arranged body


def arranged_body(parent: etree._Element, head: Arranged, base: str = "ltr",
                  renderer: Renderer | None = None, *, located: str | None = None,
                  place_only: bool = False) -> None:
    """The body blocks as :func:`convert.arrange.arrange` decided them, dateline first, notes last.

    The dateline opens the first paragraph (a ``span.dateline`` and the separator) or stands in a
    ``p.dateline`` of its own. Credit and copyright are the caller's (a footer, or the end of a
    ninjs body). The HTML page and the ninjs HTML body put the article through here.
    ``place_only``: the stylesheet capitalises the dateline, so its date and source (after the
    place, ``located`` when the dateline opens with it) go in a ``span.source`` it leaves as
    written.
    """
    r = renderer or Renderer()
    body = head.body
    if head.dateline and head.dateline_inline:
        p = r.block(parent, body[0], base)
        assert p is not None  # arrange() inlines the dateline only into a paragraph
        span = etree.Element(_SPAN, {"class": "dateline"})
        _dateline_text(span, head.dateline, located, place_only)
        span.tail = DATELINE_SEPARATOR + (p.text or "")
        p.text = None
        p.insert(0, span)
        body = body[1:]
    elif head.dateline:
        p = etree.SubElement(parent, _P, {"class": "dateline"})
        _dateline_text(p, head.dateline, located, place_only)
        set_direction(p, head.dateline, base)
    r.blocks(parent, body, base)
    r.notes(parent, base)


def _dateline_text(el: etree._Element, dateline: str, located: str | None, place_only: bool) -> None:
    place, rest = split_place(dateline, located) if place_only else (dateline, "")
    el.text = place
    if rest:
        etree.SubElement(el, _SPAN, {"class": "source"}).text = rest


# --------------------------------------------------------------------------- HTML syntax

#: URL schemes a link may keep in an HTML page: anything else (``javascript:``, ``data:``,
#: ``vbscript:``) loses its ``href`` and stays as text, so no output can run a script.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps", "tel", "news", "urn"})


def safe_href(url: str) -> bool:
    """A link target that cannot run code: a safe scheme, or a relative reference."""
    found = scheme(url)
    return found is None or found in SAFE_SCHEMES


def as_html(root: etree._Element) -> etree._Element:
    """The XHTML tree as HTML elements (no namespace, no ``xml:lang``), changed in place.

    lxml's HTML serializer writes void elements (``br``, ``meta``) right only for elements in
    no namespace; ``lang`` stays, ``xml:lang`` is XML-only. Unsafe link targets are dropped.
    """
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag.startswith("{"):
            el.tag = tag[tag.index("}") + 1:]
        if XML_LANG in el.attrib:
            del el.attrib[XML_LANG]
        if el.tag == "a" and not safe_href(el.get("href", "")):
            del el.attrib["href"]
    etree.cleanup_namespaces(root)
    return root


def html_fragment(blocks_parent: etree._Element) -> str:
    """The children of an element already passed through :func:`as_html`, one per line."""
    return "\n".join(etree.tostring(child, method="html", encoding="unicode", with_tail=False)
                     for child in blocks_parent)
