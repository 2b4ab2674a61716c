"""The plain-text reader's block rules: what a block is, which short lines are subheadings, lists, quotes.

Split from :mod:`.text` to keep each module readable; :mod:`.text` decides the article's layout,
this module the shape of single blocks.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from msgspec import Struct

from ..model import BlockQuote, ListBlock, ListItem, Paragraph
from .conventions import Conventions
from .decode import squash
from .inlines import parse_inlines


class Pending(Struct):
    """A body block before inline parsing, so headings can look at their neighbours."""

    kind: str  # "para", "heading", "list", "quote", "short", "table", "figure", "caption"
    lines: list[str]
    level: int = 2
    #: A table's or figure's model node, made when the block was classified.
    node: Any = None
    #: :meth:`joined`, when the reader has already worked it out.
    text: str | None = None

    def joined(self) -> str:
        """Its lines squashed and joined by single spaces: a paragraph's text (a short line's own).

        Asked by the reader's credit, caption and junk tests, the subheading rule and the
        paragraph itself: worked out once.
        """
        if self.text is None:
            self.text = squash(" ".join(squash(line) for line in self.lines))
        return self.text


MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*([-*•·‣▪◦+])\s+(?=\S)")
_NUMBER = re.compile(r"^\s*(\d{1,3})([.)])\s+(?=\S)")
QUOTE = re.compile(r"^\s*>\s?")
END_PUNCT = re.compile(r"[.!?:;…۔؟।॥。！？][\"'”’»)\]]*$")
_URLISH = re.compile(r"://|www\.|\S@\S")


def marker(line: str) -> tuple[str, int] | None:
    """("bullet", 0) / ("number", n) when a line starts a list item."""
    if _BULLET.match(line):
        return "bullet", 0
    m = _NUMBER.match(line)
    if m:
        return "number", int(m.group(1))
    return None


_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 14
_QUESTION = ("?", "؟")


def subheadings(pending: list[Pending], conv: Conventions) -> list[bool]:
    """Which single lines are subheadings: short stand-alone lines between prose.

    Its neighbours decide as much as a line's words: a subheading has prose before and after it,
    so a run of short lines (a fact box, a list of awards, related links) holds none. One
    exception, once the article has shown that it uses subheadings: a heading-like line after a
    run of lines that are not (a "Related" box of links) and before prose. Capital letters are
    only asked of scripts that have them.
    """
    shaped = [item.kind == "short" and _heading_words(item.joined(), conv) for item in pending]
    prose = [_is_prose(item) for item in pending]
    after = [i + 1 < len(pending) and prose[i + 1] for i in range(len(pending))]
    strict = [shaped[i] and after[i] and i > 0 and prose[i - 1] for i in range(len(pending))]
    if not any(strict):
        return strict
    return [strict[i] or (shaped[i] and after[i] and i > 0 and not prose[i - 1]
                          and not shaped[i - 1] and pending[i - 1].kind == "short")
            for i in range(len(pending))]


def punctuates(pending: list[Pending]) -> bool:
    """Whether the article ends its sentences with punctuation, so an unpunctuated line stands out.

    Some feeds strip the final full stops (Urdu news often does); there, a short line without one
    says nothing, and no subheading is inferred.
    """
    long_units = [squash(" ".join(item.lines)) for item in pending if item.kind in ("para", "short")]
    long_units = [text for text in long_units if len(text) > _HEADING_MAX_CHARS]
    if len(long_units) < 3:
        return True
    ended = sum(1 for text in long_units if END_PUNCT.search(text))
    return ended * 2 >= len(long_units)


def _heading_words(text: str, conv: Conventions) -> bool:
    if len(text) > _HEADING_MAX_CHARS:  # before splitting: a 10 MB line's words take 100 MB
        return False
    words = text.split()
    if not words or len(words) > _HEADING_MAX_WORDS:
        return False
    if _URLISH.search(text) or not any(ch.isalpha() for ch in text):
        return False
    if text.endswith(_QUESTION):
        if not 4 <= len(words) <= 10:  # "Is it?" is prose; "Where did the land come from?" may lead
            return False
    elif END_PUNCT.search(text):
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'"
            or (first.isalpha() and not first.islower())):
        return False
    if _heading_never(conv).fullmatch(text):
        return False
    last = words[-1].strip("\"'“”‘’()[],;:").lower()
    return last not in conv.heading_never_ends


def _is_prose(item: Pending) -> bool:
    """A paragraph, list or quote, or a single line that reads as a sentence."""
    if item.kind in ("para", "list", "quote"):
        return True
    if item.kind != "short":
        return False
    text = item.joined()
    return len(text) > _HEADING_MAX_CHARS or bool(END_PUNCT.search(text))


@functools.lru_cache(maxsize=32)
def _heading_never(conv: Conventions) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in conv.heading_never) or "(?!)", re.IGNORECASE)


def lists(lines: list[str]) -> list[ListBlock]:
    """Items with wrapped continuation lines joined; a change of marker kind starts a new list."""
    out: list[ListBlock] = []
    kind: str | None = None
    start = 1
    items: list[list[str]] = []

    def flush() -> None:
        if items:
            out.append(ListBlock(kind == "number",
                                   tuple(ListItem(parse_inlines(squash(" ".join(it))))
                                         for it in items), start))

    for line in lines:
        found = marker(line)
        if found is None:
            if items:
                items[-1].append(squash(line))
            continue
        mkind, number = found
        if mkind != kind:
            flush()
            items = []
            kind, start = mkind, (number or 1)
        content = _BULLET.sub("", line, count=1) if mkind == "bullet" else _NUMBER.sub("", line,
                                                                                         count=1)
        items.append([squash(content)])
    flush()
    return out


_ATTRIBUTION = re.compile(r"^(?:—|--|–|-)\s*(\S.*)$")


def quote(lines: list[str]) -> BlockQuote:
    """A ``> `` block quote: paragraphs separated by empty ``>`` lines, optional attribution."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip(" \u00a0") == "":
            paragraphs.append([])
        else:
            paragraphs[-1].append(squash(line))
    paragraphs = [p for p in paragraphs if p]
    attribution = None
    last = paragraphs[-1] if paragraphs else []
    m = _ATTRIBUTION.match(last[-1]) if len(paragraphs) + len(last) > 2 else None
    if m:
        attribution = m.group(1)
        last.pop()
        paragraphs = [p for p in paragraphs if p]
    children = tuple(Paragraph(parse_inlines(squash(" ".join(p)))) for p in paragraphs)
    return BlockQuote(children, attribution)
