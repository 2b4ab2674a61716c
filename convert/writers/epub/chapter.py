"""One article as an EPUB XHTML content document: the head arrange() decided, then the body."""

from __future__ import annotations

from lxml import etree

from ...arrange import DATELINE_SEPARATOR, Arranged
from ...textutil import language_direction
from .. import xhtml_body
from ..xhtml_body import XML_LANG, tag


def _p(parent: etree._Element, cls: str, text: str, base: str) -> etree._Element:
    el = etree.SubElement(parent, tag("p"), {"class": cls})
    el.text = text
    xhtml_body.set_direction(el, text, base)
    return el


def _inline_dateline(article: etree._Element, head: Arranged, base: str) -> None:
    """The first paragraph, opened by a dateline run and the separator."""
    p = xhtml_body.block(article, head.body[0], base)
    span = etree.Element(tag("span"), {"class": "dateline"})
    span.text = head.dateline
    span.tail = DATELINE_SEPARATOR + (p.text or "")
    p.text = None
    p.insert(0, span)


def chapter_xhtml(head: Arranged, language: str, css_href: str) -> bytes:
    """An arranged article as an XHTML content document (:func:`chapter_tree`, serialised)."""
    return serialize(chapter_tree(head, language, css_href))


def serialize(html: etree._Element) -> bytes:
    """A content document's bytes: XML declaration and the HTML5 doctype."""
    return etree.tostring(html, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")


def chapter_tree(head: Arranged, language: str, css_href: str) -> etree._Element:
    """An arranged article as semantic XHTML: language and direction set, the stylesheet linked.

    ``header`` holds the headline, standfirst and byline; the dateline opens the body or stands
    alone before it, as ``head`` says; ``footer`` holds credit and copyright.
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

    blocks = head.body
    if head.dateline and head.dateline_inline:
        _inline_dateline(article, head, base)
        blocks = blocks[1:]
    elif head.dateline:
        _p(article, "dateline", head.dateline, base)
    xhtml_body.blocks(article, blocks, base)

    if head.credit or head.copyright:
        footer = etree.SubElement(article, tag("footer"))
        if head.credit:
            _p(footer, "credit", head.credit, base)
        if head.copyright:
            _p(footer, "copyright", head.copyright, base)
    return html
