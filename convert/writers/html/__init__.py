"""Write a Document as a standalone HTML5 page, or several Documents as one edition page."""

# One article is one semantic page: ``main > article`` with a ``header`` (``h1`` headline,
# ``p.standfirst``, ``p.byline``, ``p.date > time[datetime]`` only when the article is dated), the
# body as convert.writers.xhtml_body builds it for every writer (dateline as convert.arrange
# decides), and a ``footer`` with credit and copyright lines. Several articles make one edition:
# an ``h1`` title, a ``nav`` table of contents linking each ``article`` (``h2`` headlines).
# Deliberate choices:
# - The house style's CSS (convert.writers.stylesheet, the same rules as the EPUB) is inlined in
#   ``<style>``, with a screen measure and an ``@media print`` stylesheet (the style's page size,
#   margins and columns). Inlined only: a writer returns one file's bytes (the registry's model,
#   batch outputs, ``-o -``), and a page that is mailed, previewed or imported into a CMS must
#   stand alone. Fonts are named with their generic fallback, not embedded (the EPUB embeds them).
# - ``lang`` and ``dir`` on ``<html>`` always; on an ``article``, block or line only where it
#   differs from what it sits in (directions from convert.textutil, as in every writer).
# - schema.org ``NewsArticle`` JSON-LD (a data block, not a script) and OpenGraph meta carry only
#   what the article says: no date, author or publisher is invented; ``og:url`` and ``url`` only
#   when the identifier is a web address; ``og:locale`` only when the language tag names a region.
# - No executable script: the only ``<script>`` is JSON-LD with ``<``, ``>`` and ``&`` escaped, no
#   event attributes exist, and links keep only safe schemes (``javascript:`` and ``data:`` lose
#   their ``href``).
# - Every node is in the page (convert.writers.xhtml_body): tables with ``caption`` and
#   ``th scope``; pictures as ``figure > img + figcaption`` whose ``src`` is a data: URI, so the page
#   still stands alone; notes referenced by ``sup > a[role=doc-noteref]`` and listed after the body
#   in ``div.notes[role=doc-endnotes] > ol``, each with a back link (``role=doc-backlink``; an
#   ``aside`` cannot take that role, vnu says); ids carry the article's anchor in an edition;
#   ``pre > code``, ``del``/``ins``, ``hr``; corrections as ``div.notice[role=note]`` with a label.
# - Subheadings never skip a level below the headline (axe ``heading-order``): a ``###`` right
#   under the headline becomes ``h2``; in an edition they start at ``h3``.
# - The edition's title is ``WriteOptions.title``, else the publication, else the EPUB edition's
#   default title; its ``nav`` is labelled by that title (no invented "Contents" label).

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ...model import Document
from ...options import WriteOptions
from ...textutil import language_direction
from .. import xhtml_body
from . import page

__all__ = ["MEDIA_TYPE", "write", "write_many"]

MEDIA_TYPE = "text/html"


def _html(language: str) -> etree._Element:
    return etree.Element("html", {"lang": language, "dir": language_direction(language)})


def _serialise(html: etree._Element) -> bytes:
    xhtml_body.as_html(html)
    return etree.tostring(html, method="html", encoding="utf-8", doctype="<!DOCTYPE html>",
                          pretty_print=True)


def write(doc: Document, options: WriteOptions) -> bytes:
    """One article as a standalone HTML5 page in ``options.style``."""
    language = doc.meta.language
    html = _html(language)
    head = page.head(html, doc.meta.headline)
    main = page.sub(page.sub(html, "body"), "main")
    arranged = page.article(main, doc, options.style, level=1, page_language=language)
    page.article_meta(head, doc, arranged)
    page.finish_head(head, options, [page.news_article(doc, arranged)])
    return _serialise(html)


def edition_title(docs: Sequence[Document], options: WriteOptions) -> str:
    """The caller's title, else the publication, else the EPUB edition's default title."""
    if options.title:
        return options.title
    named = page.publication_of(docs, options.style)
    if named:
        return named
    from ..epub import DEFAULT_EDITION_TITLE

    return DEFAULT_EDITION_TITLE


def write_many(docs: Sequence[Document], options: WriteOptions) -> bytes:
    """Several articles as one edition page: a title, a table of contents, one article each."""
    docs = list(docs)
    if not docs:
        raise ValueError("an HTML edition needs at least one article")
    language = docs[0].meta.language
    title = edition_title(docs, options)
    html = _html(language)
    head = page.head(html, title)
    body = page.sub(html, "body")
    page.sub(page.sub(body, "header"), "h1", title, {"id": "edition-title"})
    nav = page.sub(body, "nav", attrs={"class": "toc", "aria-labelledby": "edition-title"})
    toc = page.sub(nav, "ol")
    main = page.sub(body, "main")
    width = max(3, len(str(len(docs))))
    items = []
    for n, doc in enumerate(docs, 1):
        anchor = f"article-{n:0{width}d}"
        arranged = page.article(main, doc, options.style, level=2, page_language=language,
                                anchor=anchor)
        link = page.sub(page.sub(toc, "li"), "a", arranged.headline, {"href": f"#{anchor}"})
        if doc.meta.language != language:
            link.set("lang", doc.meta.language)
        xhtml_body.set_direction(link, arranged.headline, language_direction(language))
        items.append(page.news_article(doc, arranged))
    page.sub(head, "meta", attrs={"property": "og:type", "content": "website"})
    page.sub(head, "meta", attrs={"property": "og:title", "content": title})
    page.finish_head(head, options, items)
    return _serialise(html)
