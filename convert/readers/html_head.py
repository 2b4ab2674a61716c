"""Decide a page's headline, byline names and standfirst from what the page states.

The headline is the visible ``<h1>`` when the page's metadata (JSON-LD headline, ``og:title``,
``<title>``) says the same, with or without the site's name around it; otherwise the metadata's
headline without the site's name ("Headline | Site"). The byline comes from the page's authors,
without the publication itself. The description is a standfirst only when the article does not
begin with it and it is not a teaser cut short.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from .conventions import Conventions, parse_byline
from .html_meta import PageMeta, page_conventions


def _key(text: str) -> str:
    """Words only, case folded: how two renderings of one title are compared."""
    return " ".join(re.findall(r"\w+", text.casefold()))


@functools.cache
def _separators() -> re.Pattern[str]:
    seps = sorted(page_conventions()["title"]["separators"], key=len, reverse=True)
    return re.compile(r"\s+(?:" + "|".join(re.escape(s) for s in seps) + r")\s+")


def segments(title: str) -> list[str]:
    """A title split where a separator with spaces around it stands ("A | B - C" -> A, B, C)."""
    return [s.strip() for s in _separators().split(title) if s.strip()]


def _is_site(segment: str, site: str | None) -> bool:
    a, b = _key(segment).replace(" ", ""), _key(site or "").replace(" ", "")
    return bool(a and b) and (a == b or (len(a) >= 4 and (a in b or b in a)))


def strip_site(title: str, site: str | None, others: list[str]) -> str:
    """``title`` without the site's name at either end.

    A segment is the site's when it names the publication, or when another of the page's titles
    is exactly the rest ("Headline - Site" beside og:title "Headline").
    """
    parts = segments(title)
    if len(parts) < 2:
        return title
    keys = {_key(o) for o in others if o}
    for start in range(len(parts)):
        for end in range(len(parts), start, -1):
            if (start, end) == (0, len(parts)):
                continue
            if _key(" ".join(parts[start:end])) in keys:
                return _span(title, parts, start, end)
    while len(parts) > 1 and _is_site(parts[-1], site):
        parts = parts[:-1]
    while len(parts) > 1 and _is_site(parts[0], site):
        parts = parts[1:]
    return _span(title, parts, 0, len(parts))


def _span(title: str, parts: list[str], start: int, end: int) -> str:
    """The text of ``title`` from segment ``start`` to segment ``end`` (separators kept inside)."""
    first = title.find(parts[start])
    last = title.rfind(parts[end - 1])
    if first < 0 or last < 0 or last + len(parts[end - 1]) <= first:
        return " ".join(parts[start:end])
    return title[first:last + len(parts[end - 1])].strip()


def _matches(h1: str, candidate: str) -> bool:
    """The h1 is the candidate, or a run of its segments holding at least half its words.

    So "Opinion | Headline - Site" matches the h1 "Headline", and never the h1 "Site".
    """
    key = _key(h1)
    if not key:
        return False
    if key == _key(candidate):
        return True
    parts = segments(candidate)
    if len(key.split()) * 2 < len(_key(candidate).split()):
        return False
    return any(_key(" ".join(parts[i:j])) == key
               for i in range(len(parts)) for j in range(i + 1, len(parts) + 1))


def choose_headline(page: PageMeta, h1: str | None, fragment: bool) -> tuple[str | None, str | None]:
    """``(headline, where it came from)``; None when the page states none.

    In order: a visible ``<h1>`` that the page's titles (og:title, ``<title>``, then
    twitter:title and the like) confirm; the first such title without the site's name; the
    JSON-LD headline; the first h1.
    """
    visible = [h1] if h1 else []
    visible += [h for h in page.h1 if h not in visible]
    if fragment:
        return (visible[0], "h1") if visible else (None, None)
    # og:title and <title> first: what the page calls the article wherever it is shared
    og = [t for t in page.titled if t[1] == "meta:og:title"]
    primary = [*og, *([(page.title, "title")] if page.title else [])]
    every = [t for t, _ in page.titled] + ([page.title] if page.title else []) + (
        [page.ld_headline] if page.ld_headline else [])
    for titles in (primary, [t for t in page.titled if t not in og]):
        for heading in visible:
            for candidate, where in titles:
                if _matches(heading, candidate):
                    return heading, f"h1 = {where}"
        for candidate, where in titles:
            stripped = strip_site(candidate, page.publication, [c for c in every if c != candidate])
            if stripped and not _is_site(stripped, page.publication):
                return stripped, where
    if page.ld_headline:
        for heading in visible:
            if _key(heading) == _key(page.ld_headline):
                return heading, "h1 = jsonld"
        return page.ld_headline, "jsonld"
    if visible:
        return visible[0], "h1"
    return None, None


# --------------------------------------------------------------------------- byline


_BY = re.compile(r"^(?:[\w ]{0,30}\s)?by\s+", re.IGNORECASE)
#: "Finian Cunningham. Sputnik International": a full stop after a word (not an initial) ends the name.
_AFTER_NAME = re.compile(r"(?<=\w\w)\.\s+\S.*$")


def _affiliation(tail: str, publication: str | None) -> bool:
    """Whether the text after a byline's comma names a publication rather than more people."""
    words = tail.split()
    return (len(words) == 1 or _is_site(tail, publication) or "." in tail
            or any(len(w) > 1 and w.isupper() for w in words))


def people(authors: tuple[str, ...], publication: str | None, conv: Conventions) -> list[str]:
    """The byline's names from the page's authors: "By", roles and affiliations dropped.

    "Victor Tangermann, Futurism" and "Jill Disis, CNN Business" name one person each; the
    publication itself ("Condé Nast" on a page of that publisher) is no one's name.
    """
    names: list[str] = []
    for author in authors:
        text = _AFTER_NAME.sub("", _BY.sub("", author).strip())
        head, comma, tail = text.partition(",")
        if comma and " and " not in tail and _affiliation(tail.strip(), publication):
            text = head
        parsed = parse_byline("By " + text, conv) if text else None
        found = [p.name for p in parsed[1]] if parsed else [text] if text else []
        for name in found:
            name = name.strip(" ,.;")
            if name and not _is_site(name, publication) and name not in names and len(name) <= 80:
                names.append(name)
    return names[:12]


# --------------------------------------------------------------------------- standfirst


_TRUNCATED = ("...", "…", "[…]", "[...]")


def standfirst(page: PageMeta, root: etree._Element, headline: str,
               opening: list[tuple[bool, str]]) -> tuple[str | None, int | None]:
    """The page's description when the page shows it as a standfirst; and the body block it is.

    ``opening`` is the body's first blocks as (is a heading, text). The description is the
    standfirst when the page shows it outside the body, or at the top of the body as a heading
    (a dek set as ``h2``) or in an element marked as one (inside the article's ``<header>``, or
    of a class such as "standfirst" or "dek"). Not when it is cut short, repeats the headline,
    or is simply the article's first paragraph (the description often is).
    """
    text = page.description
    if not text or len(text) < 20 or len(text) > 600 or text.rstrip().endswith(_TRUNCATED):
        return None, None
    key = _key(text)
    if not key or key == _key(headline):
        return None, None
    for i, (heading, block) in enumerate(opening):
        if _key(block) == key:
            return (text, i) if heading or _shown(root, text, key) == "marked" else (None, None)
    if key in _key(" ".join(t for _, t in opening)):
        return None, None
    return (text, None) if _shown(root, text, key) else (None, None)


@functools.cache
def _marks() -> re.Pattern[str]:
    words = page_conventions()["page"]["standfirst_classes"]
    return re.compile(r"(?:^|[\s_-])(?:" + "|".join(re.escape(w) for w in words) + r")(?:$|[\s_-])",
                      re.IGNORECASE)


def _shown(root: etree._Element, text: str, key: str) -> str | None:
    """Whether an element of the page (not its metadata) holds exactly this text.

    "marked" when that element, or one around it, says it is a standfirst (see ``html.toml``)
    or stands in a ``<header>``; "shown" when it is just there; None when the page does not show it.
    """
    start = " ".join(text.split())[:12]
    try:
        hits = root.xpath("//body//text()[contains(., $start)]", start=start)
    except (etree.XPathError, ValueError):
        return None
    for hit in hits[:50]:
        el = hit.getparent()
        for _ in range(3):
            if el is None or el.tag in ("script", "style", "noscript", "template"):
                break
            if _key("".join(el.itertext())) == key:
                around = [el, *list(el.iterancestors())[:2]]
                marked = any(a.tag == "header" or _marks().search(f"{a.get('class', '')} {a.get('id', '')}")
                             for a in around)
                return "marked" if marked else "shown"
            el = el.getparent()
    return None
