"""What a web page states about its article: schema.org JSON-LD, OpenGraph and <meta>, <time>, <title>.

Only what the page states is read (nothing is guessed from the text or the URL). Each value
remembers where it came from (``jsonld``, ``meta:og:title``, ``time`` ...), which ``newsconvert
parse`` shows. The places and their order are data: ``html.toml`` beside this module.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from html import unescape
from itertools import chain
from pathlib import Path
from typing import Any

from lxml import etree
from msgspec import Struct, field

from .. import tomldata
from .decode import clean_inline
from .metadata import parse_date

DATA_FILE = "html.toml"


@functools.cache
def page_conventions() -> Mapping[str, Any]:
    """The packaged ``html.toml`` (read once per process)."""
    return tomldata.read(Path(__file__).with_name(DATA_FILE))


class PageMeta(Struct):
    """The page's own statements about its article; ``sources`` names where each came from."""

    title: str | None = None
    #: The JSON-LD article's headline.
    ld_headline: str | None = None
    #: Titles from <meta> (og:title, twitter:title ...), each with where it came from.
    titled: list[tuple[str, str]] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    description: str | None = None
    authors: tuple[str, ...] = ()
    date: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    publication: str | None = None
    keywords: tuple[str, ...] = ()
    #: The byline as the page shows it ("By Jane Doe"), when it shows one in a byline element.
    by: str | None = None
    #: Canonical address of the page (link resolution only; never fetched).
    url: str | None = None
    #: JSON-LD ``articleBody``, when the page gives one (a signal for the extraction).
    article_body: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, str]:
        """Where each value came from (diagnostics)."""
        return dict(self.sources)


def read_page_meta(root: etree._Element) -> PageMeta:
    """Collect the page's metadata from a parsed document (``lxml.html``)."""
    page = PageMeta()
    metas = _meta_values(root)
    article = _jsonld_article(root)
    conv = page_conventions()["meta"]

    title = root.find(".//title")
    if title is not None:
        page.title = _text(title.text_content()) or None
    page.h1 = [t for t in (_text(h.text_content()) for h in root.iter("h1")) if t][:5]
    page.ld_headline = _ld_str(article, "headline")
    for name in conv["headline"]:
        for value in metas.get(name, ())[:1]:
            if value not in (t for t, _ in page.titled):
                page.titled.append((value, f"meta:{name}"))

    page.description, src = _first(
        [("jsonld", _ld_str(article, "description"))] + [(f"meta:{n}", v) for n in conv["description"]
                                                         for v in metas.get(n, ())[:1]])
    _note(page, "description", src)

    authors, src = _authors(article, metas, conv["authors"], root)
    page.authors = authors
    page.by = _byline_elements(root)
    _note(page, "authors", src)

    page.date, src = _date(chain(
        [("jsonld", _ld_str(article, "datePublished"))],
        ((f"meta:{n}", v) for n in conv["date"] for v in metas.get(n, ())[:1]),
        (("time", t) for t in _published_times(root))))
    _note(page, "date", src)
    page.modified, src = _date(chain(
        [("jsonld", _ld_str(article, "dateModified"))],
        ((f"meta:{n}", v) for n in conv["modified"] for v in metas.get(n, ())[:1])))
    _note(page, "modified", src)

    publisher = article.get("publisher") if article else None
    page.publication, src = _first(
        [(f"meta:{n}", v) for n in conv["publication"][:1] for v in metas.get(n, ())[:1]]
        + [("jsonld", _name(publisher))]
        + [(f"meta:{n}", v) for n in conv["publication"][1:] for v in metas.get(n, ())[:1]])
    _note(page, "publication", src)

    page.keywords, src = _keywords(article, metas, conv["keywords"])
    _note(page, "keywords", src)
    page.language, src = _language(root, article, metas, conv["language"])
    _note(page, "language", src)
    page.url = _canonical(root, metas)
    body = _ld_str(article, "articleBody")
    page.article_body = body if body and len(body) > 200 else None
    return page


def _note(page: PageMeta, key: str, source: str | None) -> None:
    if source:
        page.sources[key] = source


# --------------------------------------------------------------------------- reading the markup


_SPACE = re.compile(r"\s+")


def _text(value: str | None) -> str:
    """One clean line; character references left escaped in an attribute ("&amp;quot;") resolved."""
    if not value:
        return ""
    if "&" in value:
        value = unescape(value)
    return clean_inline(_SPACE.sub(" ", value))


def _meta_values(root: etree._Element) -> dict[str, list[str]]:
    """``<meta>`` values by lower-cased name, property or itemprop (also ``http-equiv``)."""
    out: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        content = el.get("content")
        if content is None and el.get("itemprop"):
            content = el.get("datetime")
        value = _text(content)
        if not value:
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                out.setdefault(key, []).append(value)
    return out


def _first(pairs: list[tuple[str, str | None]]) -> tuple[str | None, str | None]:
    for source, value in pairs:
        if value:
            return value, source
    return None, None


def _published_times(root: etree._Element) -> Iterator[str]:
    """``<time datetime>`` of the publication: one marked as such, else the only one on the page.

    Also microdata on other elements (``<span itemprop="datePublished" content=...>``).
    """
    times = [el for el in root.iter("time") if el.get("datetime")]
    marked = [el for el in times if el.get("pubdate") is not None
              or (el.get("itemprop") or "").lower() == "datepublished"]
    if marked:
        yield marked[0].get("datetime", "")
    elif len({el.get("datetime") for el in times}) == 1:
        yield times[0].get("datetime", "")
    for el in root.xpath("//*[@itemprop='datePublished' or @itemprop='datepublished']"):
        value = el.get("content") or el.get("datetime")
        if value and el.tag != "meta":
            yield value


def _date(pairs: Iterable[tuple[str, str | None]]) -> tuple[datetime | None, str | None]:
    for source, value in pairs:
        if not value:
            continue
        try:
            parsed = parse_date(value.strip(), source)
        except (ValueError, OverflowError):
            continue
        if 1900 <= parsed.year <= 2200:
            return parsed, source
    return None, None


_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def _language(root: etree._Element, article: dict[str, Any] | None, metas: dict[str, list[str]],
              names: list[str]) -> tuple[str | None, str | None]:
    pairs: list[tuple[str, str | None]] = [("html lang", root.get("lang") or root.get(
        "{http://www.w3.org/XML/1998/namespace}lang"))]
    pairs.append(("jsonld", _ld_str(article, "inLanguage")))
    pairs += [(f"meta:{n}", v) for n in names for v in metas.get(n, ())[:1]]
    for source, value in pairs:
        tag = (value or "").strip().replace("_", "-").split(",")[0].strip()
        if _LANG.match(tag) and tag.lower() not in ("und", "mul", "zxx", "x-default"):
            return tag, source
    return None, None


def _canonical(root: etree._Element, metas: dict[str, list[str]]) -> str | None:
    for el in root.iter("link", "base"):
        rel = (el.get("rel") or "").lower().split()
        href = (el.get("href") or "").strip()
        if href.startswith(("http://", "https://")) and (el.tag == "base" or "canonical" in rel):
            return href
    for value in metas.get("og:url", ()):
        if value.startswith(("http://", "https://")):
            return value
    return None


# --------------------------------------------------------------------------- JSON-LD


def _jsonld_article(root: etree._Element) -> dict[str, Any] | None:
    """The page's article object: the best schema.org article type among its JSON-LD blocks."""
    ranks = {name.lower(): i for i, name in enumerate(page_conventions()["jsonld"]["article_types"])}
    best: tuple[int, dict[str, Any]] | None = None
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data, 0):
            types = obj.get("@type")
            names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
            rank = min((ranks[t.lower()] for t in names if isinstance(t, str) and t.lower() in ranks),
                       default=None)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, obj)
    return best[1] if best else None


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD block (``@graph``, lists, ``mainEntity`` ...), bounded."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:200]:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _objects(data[key], depth + 1)


def _ld_str(obj: dict[str, Any] | None, key: str) -> str | None:
    value = obj.get(key) if obj else None
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    return _text(value) or None if isinstance(value, str) else None


def _name(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return _text(value) or None if isinstance(value, str) else None


# --------------------------------------------------------------------------- authors, keywords


_NOT_A_NAME = re.compile(r"https?://|www\.|@|\.(?:com|org|net)\b", re.IGNORECASE)


def _authors(article: dict[str, Any] | None, metas: dict[str, list[str]], names: list[str],
             root: etree._Element) -> tuple[tuple[str, ...], str | None]:
    """The byline as the page states it, with where it came from.

    JSON-LD people; else a visible "By ..." line in a byline element; else the first <meta> that
    names authors; else JSON-LD organisations ("Reuters").
    """
    people: list[str] = []
    orgs: list[str] = []
    if article:
        raw = article.get("author") or article.get("creator")
        for item in (raw if isinstance(raw, list) else [raw])[:20]:
            kind = item.get("@type") if isinstance(item, dict) else None
            name = _name(item)
            if name and not _NOT_A_NAME.search(name):
                (orgs if kind == "Organization" else people).append(name)
    if people:
        return tuple(dict.fromkeys(people)), "jsonld"
    shown = _byline_elements(root)
    if shown:
        return (shown,), "byline element"
    for key in names:
        values = [v for v in metas.get(key, ()) if not _NOT_A_NAME.search(v)]
        if values:
            return tuple(dict.fromkeys(values[:20])), f"meta:{key}"
    if orgs:
        return tuple(dict.fromkeys(orgs)), "jsonld"
    return (), None


_BYLINE_PATH = etree.XPath(
    "//body//*[contains(@class, 'byline') or contains(@class, 'author') or @rel='author'"
    " or @itemprop='author'][not(self::script)]")
_BY_START = re.compile(r"^by\s+\S", re.IGNORECASE)
#: What follows the names on a shown byline: a separator, a date, "Updated ...".
_BY_END = re.compile(
    r"\s+(?:\||•|·|/|—|–|-)\s+.*$|\s*\b(?:updated|published|posted)\b.*$"
    r"|\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b.*$"
    r"|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d.*$"
    r"|\s+\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.*$", re.IGNORECASE)


def _byline_elements(root: etree._Element) -> str | None:
    """The first "By ..." line the page shows in a byline or author element (as written)."""
    for el in _BYLINE_PATH(root)[:30]:
        text = _text(" ".join(el.itertext()))
        if not _BY_START.match(text) or len(text) > 200:
            continue
        text = _BY_END.sub("", text).strip()
        if 3 < len(text) <= 120:
            return text
    return None


def _keywords(article: dict[str, Any] | None, metas: dict[str, list[str]],
              names: list[str]) -> tuple[tuple[str, ...], str | None]:
    raw = article.get("keywords") if article else None
    if isinstance(raw, str):
        raw = raw.split(",")
    if isinstance(raw, list):
        words = [_text(w) for w in raw[:50] if isinstance(w, str)]
        words = [w for w in words if w and len(w) <= 100]
        if words:
            return tuple(dict.fromkeys(words)), "jsonld"
    for key in names:
        values = metas.get(key, ())
        words = [_text(w) for v in values for w in (v.split(",") if len(values) == 1 else [v])]
        words = [w for w in words if w and len(w) <= 100][:50]
        if words:
            return tuple(dict.fromkeys(words)), f"meta:{key}"
    return (), None
