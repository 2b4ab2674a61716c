"""One article as an EPUB XHTML content document: the head arrange() decided, then the body.

The body goes through :class:`convert.writers.xhtml_body.Renderer` with EPUB 3 footnotes
(``a epub:type="noteref"`` where a note is referenced, ``aside epub:type="footnote"`` with a back
link at the end of the article) and the pictures the package carries (``pictures``: figure source
-> href). A link EPUBCheck cannot follow out of the book (a relative or ``#`` target, which points
into the source document, or a ``file:`` or ``data:`` address) keeps its text and loses its
target, with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from lxml import etree
from msgspec.structs import replace

from ...arrange import Arranged
from ...textutil import language_direction
from .. import loss, xhtml_body
from ..html.page import heading_levels
from ..textparts import scheme
from ..xhtml_body import XML_LANG, tag

#: Link schemes a reading system can follow out of the book; any other target is unlinked.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps", "tel", "news", "urn"})
#: Schemes whose addresses name a host, which must be one (EPUBCheck parses it).
_HOSTED = frozenset({"http", "https", "ftp", "ftps"})
_A = tag("a")


def _p(parent: etree._Element, cls: str, text: str, base: str) -> etree._Element:
    el = etree.SubElement(parent, tag("p"), {"class": cls})
    el.text = text
    xhtml_body.set_direction(el, text, base)
    return el


def serialize(html: etree._Element) -> bytes:
    """A content document's bytes: XML declaration and the HTML5 doctype."""
    return etree.tostring(html, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")


def chapter_tree(head: Arranged, language: str, css_href: str,
                 pictures: Mapping[str, str] | None = None, *, located: str | None = None,
                 place_only: bool = False) -> etree._Element:
    """An arranged article as semantic XHTML: language and direction set, the stylesheet linked.

    ``header`` holds the headline, standfirst and byline; the dateline opens the body or stands
    alone before it, as ``head`` says; subheadings start at ``h2`` and never skip a level; the
    notes follow the body; ``footer`` holds credit and copyright. ``pictures`` maps a figure's
    source to the ``img`` href of its picture in the package (a figure without one shows its
    caption).
    """
    base = language_direction(language)
    html = etree.Element(tag("html"), nsmap=xhtml_body.NSMAP)
    html.set("lang", language)
    html.set(XML_LANG, language)
    if base == "rtl":
        html.set("dir", "rtl")
    head_el = etree.SubElement(html, tag("head"))
    etree.SubElement(head_el, tag("meta"), charset="utf-8")
    etree.SubElement(head_el, tag("title")).text = head.headline
    etree.SubElement(head_el, tag("link"), rel="stylesheet", type="text/css", href=css_href)
    body = etree.SubElement(html, tag("body"))
    article = etree.SubElement(body, tag("article"))

    header = etree.SubElement(article, tag("header"))
    h1 = etree.SubElement(header, tag("h1"))
    h1.text = head.headline
    xhtml_body.set_direction(h1, head.headline, base)
    if head.standfirst:
        _p(header, "standfirst", head.standfirst, base)
    if head.byline:
        _p(header, "byline", head.byline, base)

    srcs = pictures or {}
    renderer = xhtml_body.Renderer(note_style="epub", pictures=lambda fig: srcs.get(fig.source),
                                   language=language, fmt="EPUB")
    # subheadings never skip a level below the headline's h1 (as in the HTML page), so reading
    # systems and accessibility checkers see an outline
    body = heading_levels(head.body, 1)
    xhtml_body.arranged_body(article, head if body == head.body else replace(head, body=body), base,
                             renderer, located=located, place_only=place_only)
    _unlink_outside(article)

    if head.credit or head.copyright:
        footer = etree.SubElement(article, tag("footer"))
        if head.credit:
            _p(footer, "credit", head.credit, base)
        if head.copyright:
            _p(footer, "copyright", head.copyright, base)
    return html


def _unlink_outside(root: etree._Element) -> None:
    """Links to ``file:``, ``data:``, ``javascript:`` ... keep their text, not their target.

    Relative targets were unlinked by the renderer already; the note links it made (``#fn1``)
    point inside this document and stay.
    """
    for a in list(root.iter(_A)):
        target = a.get("href")
        if target is None or target.startswith("#"):
            continue
        found = scheme(target)
        if found is not None and found in LINK_SCHEMES and (found not in _HOSTED or _has_host(target)):
            continue
        if found is None:
            loss.relative_link("EPUB", target)
        else:
            loss.degraded("EPUB", f"link to {loss.excerpt(target)!r}",
                          "kept as text (a reading system cannot open it)")
        _unwrap(a)


def _has_host(url: str) -> bool:
    """Whether a web address names a host a URL parser accepts (``https://../`` does not)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    host = parts.hostname or ""
    if host.startswith("[") or ":" in host:
        return True  # an IPv6 literal, parsed already
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return bool(host) and all(labels)


def _unwrap(el: etree._Element) -> None:
    """Replace an element by its content (text, children and tail stay in place)."""
    parent = el.getparent()
    assert parent is not None
    at = parent.index(el)
    before = el.getprevious()
    if el.text:
        if before is not None:
            before.tail = (before.tail or "") + el.text
        else:
            parent.text = (parent.text or "") + el.text
    kids = list(el)
    for i, child in enumerate(kids):
        parent.insert(at + i, child)
    last = kids[-1] if kids else None
    if el.tail:
        if last is not None:
            last.tail = (last.tail or "") + el.tail
        elif (prev := el.getprevious()) is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
