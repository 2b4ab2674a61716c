"""Serialise Document blocks and inlines as XHTML elements: EPUB, NewsML-G2, HTML and ninjs bodies.

The EPUB writer's content documents, the NewsML-G2 writer's ``inlineXML`` body, the HTML page and
the ninjs HTML body all put the article body through here, so they never disagree about markup or
direction; :func:`as_html` turns such a tree into HTML syntax for the last two. One function per
Block and Inline class, dispatched through a table, so an unknown node fails loudly with a
TypeError. Text is only ever set through lxml, which escapes it; nothing here parses markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from lxml import etree

from ..arrange import DATELINE_SEPARATOR, Arranged
from ..model import (
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
from ..textutil import direction, has_rtl, language_direction

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP: dict[str | None, str] = {None: XHTML_NS, "epub": OPS_NS}


def tag(name: str) -> str:
    """The namespaced (Clark notation) name of an XHTML element."""
    return f"{{{XHTML_NS}}}{name}"


_P, _H, _EM, _STRONG, _A, _Q, _BR = (tag(n) for n in ("p", "h", "em", "strong", "a", "q", "br"))
_UL, _OL, _LI, _BLOCKQUOTE = (tag(n) for n in ("ul", "ol", "li", "blockquote"))
_FIGURE, _FIGCAPTION, _SPAN = tag("figure"), tag("figcaption"), tag("span")

#: Characters kept as they are in an href: RFC 3986 reserved + unreserved, and '%' (already
#: escaped sequences stay intact). Anything else (spaces, non-ASCII) is percent-encoded so
#: validators accept the URL.
_URL_SAFE = ":/?#[]@!$&'()*+,;=-._~%"


def append_text(parent: etree._Element, text: str) -> None:
    """Add text after the last child of ``parent`` (lxml keeps it in ``.text`` or a ``.tail``)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# --------------------------------------------------------------------------- inlines


def _text(parent: etree._Element, node: Text) -> None:
    append_text(parent, node.text)


def _emphasis(parent: etree._Element, node: Emphasis) -> None:
    inlines(etree.SubElement(parent, _EM), node.children)


def _strong(parent: etree._Element, node: Strong) -> None:
    inlines(etree.SubElement(parent, _STRONG), node.children)


def _link(parent: etree._Element, node: Link) -> None:
    a = etree.SubElement(parent, _A, href=quote(node.url, safe=_URL_SAFE))
    inlines(a, node.children)


def _quoted(parent: etree._Element, node: Quoted) -> None:
    """``<q>`` with the typed marks inside it: the stylesheet turns off generated quotes."""
    q = etree.SubElement(parent, _Q)
    append_text(q, node.opening)
    inlines(q, node.children)
    append_text(q, node.closing)


def _line_break(parent: etree._Element, node: LineBreak) -> None:
    etree.SubElement(parent, _BR)


_INLINE: dict[type, Callable[[etree._Element, object], None]] = {
    Text: _text, Emphasis: _emphasis, Strong: _strong, Link: _link, Quoted: _quoted,
    LineBreak: _line_break,
}


def inline(parent: etree._Element, node: Inline) -> None:
    """Append one inline node to ``parent``."""
    try:
        fn = _INLINE[type(node)]
    except KeyError:
        raise TypeError(f"unknown inline node {type(node).__name__}") from None
    fn(parent, node)


def inlines(parent: etree._Element, nodes: tuple[Inline, ...]) -> None:
    """Append inline nodes to ``parent`` in order."""
    for node in nodes:
        inline(parent, node)


# --------------------------------------------------------------------------- blocks


def set_direction(el: etree._Element, text: str, base: str) -> None:
    """Mark ``dir`` on an element whose text runs against the document's base direction."""
    if base != "rtl" and not has_rtl(text):
        return  # no right-to-left letter at all: stays LTR (the common case, kept fast)
    d = direction(text)
    if d != base and (d == "rtl" or base == "rtl"):
        el.set("dir", d)


def mark_language(el: etree._Element, lang: str | None, base: str) -> str:
    """``lang``, ``xml:lang`` and (when it turns) ``dir`` of a block in a language of its own.

    Returns the direction inside the element, which its children are measured against. The
    direction follows the tag (:func:`convert.textutil.language_direction`), as in every writer.
    """
    if not lang:
        return base
    el.set("lang", lang)
    el.set(XML_LANG, lang)
    inner = language_direction(lang)
    if inner != base:
        el.set("dir", inner)
    return inner


def _paragraph(parent: etree._Element, node: Paragraph, base: str) -> etree._Element:
    p = etree.SubElement(parent, _P)
    inlines(p, node.children)
    if not node.lang:
        set_direction(p, plain_text(node.children), base)
    mark_language(p, node.lang, base)
    return p


def _heading(parent: etree._Element, node: Heading, base: str) -> etree._Element:
    """h2..h6: level 1 belongs to the headline, so body headings start at h2."""
    h = etree.SubElement(parent, f"{_H}{min(max(node.level, 2), 6)}")
    inlines(h, node.children)
    if not node.lang:
        set_direction(h, plain_text(node.children), base)
    mark_language(h, node.lang, base)
    return h


def _list(parent: etree._Element, node: ListBlock, base: str) -> etree._Element:
    el = etree.SubElement(parent, _OL if node.ordered else _UL)
    if node.ordered and node.start != 1:
        el.set("start", str(node.start))
    inner = mark_language(el, node.lang, base)
    for item in node.items:
        li = etree.SubElement(el, _LI)
        inlines(li, item.children)
        set_direction(li, plain_text(item.children), inner)
    return el


def _blockquote(parent: etree._Element, node: BlockQuote, base: str) -> etree._Element:
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
    for child in node.children:
        block(bq, child, inner)
    if node.attribution:
        cap = etree.SubElement(outer, _FIGCAPTION, {"class": "attribution"})
        cap.text = f"\u2014 {node.attribution}"
        set_direction(cap, node.attribution, inner)
    return outer


_BLOCK: dict[type, Callable[[etree._Element, object, str], etree._Element]] = {
    Paragraph: _paragraph, Heading: _heading, ListBlock: _list, BlockQuote: _blockquote,
}


def block(parent: etree._Element, node: Block, base: str = "ltr") -> etree._Element:
    """Append one block to ``parent``; ``base`` is the document direction ("ltr"/"rtl")."""
    try:
        fn = _BLOCK[type(node)]
    except KeyError:
        raise TypeError(f"unknown block node {type(node).__name__}") from None
    return fn(parent, node, base)


def blocks(parent: etree._Element, nodes: tuple[Block, ...], base: str = "ltr") -> None:
    """Append blocks to ``parent`` in order."""
    for node in nodes:
        block(parent, node, base)


# --------------------------------------------------------------------------- arranged body


def arranged_body(parent: etree._Element, head: Arranged, base: str = "ltr") -> None:
    """The body blocks as :func:`convert.arrange.arrange` decided them, dateline first.

    The dateline opens the first paragraph (a ``span.dateline`` and the separator) or stands in a
    ``p.dateline`` of its own. Credit and copyright are the caller's (a footer, or the end of a
    ninjs body). The HTML page and the ninjs HTML body put the article through here.
    """
    body = head.body
    if head.dateline and head.dateline_inline:
        p = block(parent, body[0], base)
        span = etree.Element(_SPAN, {"class": "dateline"})
        span.text = head.dateline
        span.tail = DATELINE_SEPARATOR + (p.text or "")
        p.text = None
        p.insert(0, span)
        body = body[1:]
    elif head.dateline:
        p = etree.SubElement(parent, _P, {"class": "dateline"})
        p.text = head.dateline
        set_direction(p, head.dateline, base)
    blocks(parent, body, base)


# --------------------------------------------------------------------------- HTML syntax

#: URL schemes a link may keep in an HTML page: anything else (``javascript:``, ``data:``,
#: ``vbscript:``) loses its ``href`` and stays as text, so no output can run a script.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps", "tel", "news", "urn"})
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


def safe_href(url: str) -> bool:
    """A link target that cannot run code: a safe scheme, or a relative reference."""
    m = _SCHEME.match(url)
    return m is None or m.group(1).lower() in SAFE_SCHEMES


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
