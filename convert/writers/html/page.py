"""The parts of an HTML page: its head (meta, OpenGraph, JSON-LD, stylesheet) and each article."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec.structs
from lxml import etree

from ... import tomldata
from ...arrange import Arranged, arrange, publication
from ...identity import make_identifier
from ...model import Block, BlockQuote, Correction, Document, Figure, Heading, ListBlock, document_text
from ...options import WriteOptions
from ...styles import HouseStyle
from ...textutil import language_direction, word_count
from .. import xhtml_body
from ..pictures import data_uri
from .css import page_css, page_stacks

_DATES = Path(__file__).with_name("dates.toml")


def sub(parent: etree._Element, tag: str, text: str | None = None,
        attrs: dict[str, str | None] | None = None) -> etree._Element:
    """An HTML child element; attributes that are None are left out, text is escaped by lxml."""
    el = etree.SubElement(parent, tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    if text is not None:
        el.text = text
    return el


def rfc3339(value: datetime) -> str:
    """A date-time with its offset, whole seconds (HTML ``datetime``, schema.org, OpenGraph)."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=UTC)
    return value.replace(microsecond=0).isoformat()


def identifier(doc: Document) -> str:
    """The article identifier, as every writer derives it."""
    meta = doc.meta
    return meta.identifier or make_identifier(meta.provider, meta.headline, document_text(doc))


def _web_address(value: str) -> str | None:
    return value if value.startswith(("https://", "http://")) else None


# --------------------------------------------------------------------------- dates


@functools.lru_cache(maxsize=1)
def _date_conventions() -> dict[str, Any]:
    return tomldata.read(_DATES)


def display_date(value: datetime, language: str) -> str:
    """The date as the header shows it, in the article's own offset (``dates.toml``)."""
    conventions = _date_conventions()
    primary = language.split("-")[0].lower()
    pattern = conventions["formats"].get(primary, conventions["formats"]["default"])
    names = conventions["month_names"].get(primary)
    return pattern.format(year=value.year, month=value.month, day=value.day,
                          month_name=names[value.month - 1] if names else value.month)


# --------------------------------------------------------------------------- head


def _meta(head: etree._Element, key: str, name: str, content: str | None) -> None:
    if content:
        sub(head, "meta", attrs={key: name, "content": content})


def _og_locale(language: str) -> str | None:
    """OpenGraph wants ``ll_CC``: only a tag with a region says which (nothing is guessed)."""
    parts = language.split("-")
    if len(parts) >= 2 and len(parts[0]) in (2, 3) and len(parts[-1]) == 2 and parts[-1].isalpha():
        return f"{parts[0].lower()}_{parts[-1].upper()}"
    return None


def article_meta(head: etree._Element, doc: Document, arranged: Arranged) -> None:
    """``description``, ``author``, ``keywords`` and OpenGraph for a one-article page."""
    meta = doc.meta
    _meta(head, "name", "description", arranged.standfirst)
    _meta(head, "name", "author", ", ".join(p.name for p in meta.authors) or meta.byline)
    _meta(head, "name", "keywords", ", ".join(meta.keywords))
    _meta(head, "property", "og:type", "article")
    _meta(head, "property", "og:title", arranged.headline)
    _meta(head, "property", "og:description", arranged.standfirst)
    _meta(head, "property", "og:locale", _og_locale(meta.language))
    _meta(head, "property", "og:site_name", arranged.publication)
    _meta(head, "property", "og:url", _web_address(identifier(doc)))
    if meta.date is not None:
        _meta(head, "property", "article:published_time", rfc3339(meta.date))
    if meta.modified is not None:
        _meta(head, "property", "article:modified_time", rfc3339(meta.modified))
    for keyword in meta.keywords:
        _meta(head, "property", "article:tag", keyword)


def news_article(doc: Document, arranged: Arranged) -> dict[str, Any]:
    """The schema.org ``NewsArticle`` of one article: only what the article says."""
    meta = doc.meta
    data: dict[str, Any] = {"@type": "NewsArticle", "headline": arranged.headline}
    optional: list[tuple[str, Any]] = [
        ("description", arranged.standfirst),
        ("inLanguage", meta.language),
        ("datePublished", rfc3339(meta.date) if meta.date else None),
        ("dateModified", rfc3339(meta.modified) if meta.modified else None),
        ("author", [{"@type": "Person", "name": p.name, **({"jobTitle": p.role} if p.role else {})}
                    for p in meta.authors] or None),
        ("publisher", {"@type": "Organization", "name": arranged.publication}
         if arranged.publication else None),
        ("dateline", meta.dateline),
        ("locationCreated", {"@type": "Place", "name": meta.located} if meta.located else None),
        ("keywords", list(meta.keywords) or None),
        ("about", [{"@type": "Thing", "name": s.name, "identifier": s.qcode}
                   for s in meta.subjects if s.name] or None),
        ("sourceOrganization", {"@type": "Organization", "name": meta.source}
         if meta.source else None),
        ("creditText", meta.credit),
        ("copyrightNotice", meta.copyright),
        ("copyrightHolder", {"name": meta.copyright_holder} if meta.copyright_holder else None),
        ("identifier", identifier(doc)),
        ("url", _web_address(identifier(doc))),
        ("wordCount", word_count(document_text(doc))),
    ]
    data.update((k, v) for k, v in optional if v or v == 0)
    return data


def json_ld(items: Sequence[dict[str, Any]]) -> str:
    """JSON-LD for a ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` are escaped, so the text can never end the element.
    """
    data: dict[str, Any] = {"@context": "https://schema.org"}
    if len(items) == 1:
        data.update(items[0])
    else:
        data["@graph"] = list(items)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head(html: etree._Element, title: str) -> etree._Element:
    """``<head>`` opened with the charset, viewport and title (:func:`finish_head` closes it)."""
    el = sub(html, "head")
    sub(el, "meta", attrs={"charset": "utf-8"})
    sub(el, "meta", attrs={"name": "viewport", "content": "width=device-width, initial-scale=1"})
    sub(el, "title", title)
    return el


def finish_head(el: etree._Element, options: WriteOptions, items: Sequence[dict[str, Any]]) -> None:
    """The generator, the house stylesheet and the JSON-LD of the articles, last in ``<head>``."""
    _meta(el, "name", "generator", f"{options.generator} {options.generator_version}".strip())
    sub(el, "style", page_css(options.style, page_stacks(el.getparent())))
    sub(el, "script", json_ld(items), {"type": "application/ld+json"})


# --------------------------------------------------------------------------- articles


def heading_levels(blocks: Sequence[Block], top: int) -> tuple[Block, ...]:
    """Subheadings below the headline's ``h{top}``, never skipping a level (h2 after h1, ...)."""
    out: list[Block] = []
    previous = top
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level + top - 1, top + 1), previous + 1, 6)
            if level != block.level:
                block = msgspec.structs.replace(block, level=level)
            previous = level
        elif isinstance(block, (BlockQuote, Correction)):
            block = msgspec.structs.replace(block, children=heading_levels(block.children, previous))
        elif isinstance(block, ListBlock) and any(item.blocks for item in block.items):
            block = msgspec.structs.replace(block, items=tuple(
                msgspec.structs.replace(item, blocks=heading_levels(item.blocks, previous))
                for item in block.items))
        out.append(block)
    return tuple(out)


def _line(parent: etree._Element, cls: str, text: str, base: str) -> etree._Element:
    el = sub(parent, "p", text, {"class": cls})
    xhtml_body.set_direction(el, text, base)
    return el


def article(parent: etree._Element, doc: Document, style: HouseStyle, *, level: int,
            page_language: str, anchor: str | None = None) -> Arranged:
    """One ``<article>``: header (headline, standfirst, byline, date), body, footer (credit)."""
    arranged = arrange(doc, style)
    language = doc.meta.language
    base = language_direction(language)
    el = sub(parent, "article", attrs={"id": anchor})
    if language != page_language:
        el.set("lang", language)
        if base != language_direction(page_language):
            el.set("dir", base)
    header = sub(el, "header")
    h = sub(header, f"h{level}", arranged.headline)
    xhtml_body.set_direction(h, arranged.headline, base)
    if arranged.standfirst:
        _line(header, "standfirst", arranged.standfirst, base)
    if arranged.byline:
        _line(header, "byline", arranged.byline, base)
    if doc.meta.date is not None:
        time = sub(sub(header, "p", attrs={"class": "date"}), "time",
                   display_date(doc.meta.date, language), {"datetime": rfc3339(doc.meta.date)})
        xhtml_body.set_direction(time, time.text or "", base)
    body = heading_levels(arranged.body, level)
    # Pictures travel inside the page (data: URIs): a page that is mailed or previewed stands
    # alone. Note ids carry the article's anchor, so the articles of an edition never share one.
    renderer = xhtml_body.Renderer(pictures=_inline_picture, ids=f"{anchor}-" if anchor else "",
                                   language=language, fmt="HTML")
    xhtml_body.arranged_body(el, msgspec.structs.replace(arranged, body=body), base, renderer,
                             located=doc.meta.located,
                             place_only=style.element("dateline").uppercase)
    if arranged.credit or arranged.copyright:
        footer = sub(el, "footer")
        if arranged.credit:
            _line(footer, "credit", arranged.credit, base)
        if arranged.copyright:
            _line(footer, "copyright", arranged.copyright, base)
    return arranged


def _inline_picture(fig: Figure) -> str | None:
    return data_uri(fig.picture) if fig.picture is not None else None


def publication_of(docs: Sequence[Document], style: HouseStyle) -> str | None:
    """The publication the articles name (or the style's), None when nobody names one."""
    return next((p for p in (publication(d, style) for d in docs) if p), None)
