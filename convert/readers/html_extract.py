"""Find a web page's article with trafilatura, called only here, never given anything to fetch.

Trafilatura (>= 2.0, < 3) is given the parsed tree (it copies it) and returns its XML body
(``p``, ``head``, ``list``, ``quote``, ``table``, ``code``, ``del``, ``hi``, ``ref``), which
:mod:`.html_blocks` maps to the model. It gets no URL and does no metadata or date work (the
page's own metadata is read by :mod:`.html_meta`, and nothing reads the clock). When it finds no
article, the page's ``articleBody``/``article``/``main``/``body`` element is mapped directly with
its furniture removed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from lxml import etree

#: The trafilatura releases this module is written against (keyword arguments of
#: ``bare_extraction`` and the ``Document.body`` tree; tested in tests/readers/test_html_reader.py).
TRAFILATURA_RANGE = ((2, 0), (3, 0))

#: Settings chosen on ``../shared/corpus-html`` (trafilatura 2.3.1, body F1 of its text output):
#: the main extractor alone ("fast", 0.968) keeps more of the article than with its fallbacks
#: (0.962) and is faster; formatting (bold, italic) costs nothing (0.968); links are left out
#: because asking for them changes what is extracted (0.894). Tables are kept (as tables, with
#: the reader's model F1 0.982); images are left out: trafilatura drops their captions and brings
#: in logos and photo galleries (F1 0.979), so a page's pictures are kept only when the page is
#: mapped directly (a fragment, or a page where extraction finds nothing).
SETTINGS: Mapping[str, Any] = MappingProxyType({
    "fast": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_formatting": True,
    "include_links": False,
    "with_metadata": False,
    "deduplicate": False,
})


@functools.cache
def _trafilatura() -> Any:
    """Import trafilatura on first use (about 0.25 s), so reading other formats never pays for it.

    Its log records stay off stderr: it gives its loggers a NullHandler itself (tested).
    """
    import trafilatura

    return trafilatura


def trafilatura_version() -> tuple[int, ...]:
    """The installed trafilatura's version as numbers (for the range check and reports)."""
    version = str(getattr(_trafilatura(), "__version__", "0"))
    return tuple(int(p) for p in version.split(".")[:3] if p.isdigit())


#: Tried in turn when the page's JSON-LD ``articleBody`` says the first extraction missed much.
ALTERNATIVES: tuple[dict[str, Any], ...] = ({"fast": False}, {"fast": False, "favor_recall": True})


def extract(root: etree._Element, article_body: str | None = None) -> tuple[etree._Element | None, str]:
    """Trafilatura's body tree for the page (None when it finds no article), and the settings used.

    The page's ``articleBody`` (JSON-LD) is the page's own statement of its text: when the
    extraction holds less than 70 % of its word sequences, trafilatura's fuller modes are tried
    and the one closest to it is kept.
    """
    body = _extract(root, SETTINGS)
    if not article_body:
        return body, "default"
    best, best_score, best_name = body, _agreement(body, article_body), "default"
    if best_score >= 0.7:
        return body, "default"
    for changes in ALTERNATIVES:
        other = _extract(root, {**SETTINGS, **changes})
        score = _agreement(other, article_body)
        if score > best_score + 0.05:
            best, best_score, best_name = other, score, ", ".join(f"{k}={v}" for k, v in changes.items())
    return best, best_name


_WORD = re.compile(r"\w+")


def _agreement(body: etree._Element | None, reference: str) -> float:
    """F1 of the word trigrams of an extraction and of the page's stated article text."""
    if body is None:
        return 0.0
    got = _trigrams(" ".join(body.itertext()))
    want = _trigrams(reference)
    if not got or not want:
        return 0.0
    common = len(got & want)
    return 2 * common / (len(got) + len(want))


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i:i + 3]) for i in range(max(len(words) - 2, 0))}


def _extract(root: etree._Element, settings: Mapping[str, Any]) -> etree._Element | None:
    options = dict(settings)
    try:
        document = _trafilatura().bare_extraction(root, **options)
    except (ValueError, TypeError, RecursionError, etree.LxmlError):
        return None
    body = getattr(document, "body", None) if document is not None else None
    if body is None or (not len(body) and not (body.text or "").strip()):
        return None
    return body


def page_element(root: etree._Element) -> tuple[etree._Element, str] | None:
    """The element holding a page's article when extraction finds none, and the path that found it."""
    from .html_meta import page_conventions

    for path in page_conventions()["page"]["article_paths"]:
        try:
            found = root.xpath(path)
        except etree.XPathError:
            continue
        if found and isinstance(found[0], etree._Element):
            return found[0], path
    return None


def sibling_chunks(root: etree._Element, body: etree._Element
                   ) -> tuple[list[etree._Element], list[etree._Element]]:
    """Parts of the article that trafilatura left in sibling containers, before and after its own.

    Some pages split the article into several containers of one class, with advertising between
    them; trafilatura keeps the first. The container holding the extraction's first and last
    paragraphs is found in the page; its siblings (or its ancestors' siblings, up to four levels)
    of the same tag and class that hold paragraphs of text are the rest of the article.
    """
    paragraphs = [_key("".join(p.itertext())) for p in body.iter("p")]
    paragraphs = [p for p in paragraphs if len(p) > 60]
    if len(paragraphs) < 2:
        return [], []
    wanted = {paragraphs[0], paragraphs[-1]}
    found: dict[str, etree._Element] = {}
    for el in root.iter("p"):
        key = _key("".join(el.itertext()))
        if key in wanted and key not in found:
            found[key] = el
            if len(found) == len(wanted):
                break
    if len(found) < 2:
        return [], []
    first, last = found[paragraphs[0]], found[paragraphs[-1]]
    around_last = {last, *last.iterancestors()}
    node = next((x for x in (first, *first.iterancestors()) if x in around_last), None)
    for _ in range(4):
        parent = node.getparent() if node is not None else None
        if node is None or parent is None:
            break
        cls = node.get("class")
        if cls:
            siblings = [s for s in parent if s is not node and s.tag == node.tag and s.get("class") == cls
                        and sum(len("".join(p.itertext())) for p in s.iter("p")) >= 200]
            if siblings:
                before = set(node.itersiblings(preceding=True))
                return [s for s in siblings if s in before], [s for s in siblings if s not in before]
        node = parent
    return [], []


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text))[:120]
