"""Inline content of the HTML reader tidied as a browser shows it: spaces collapsed, runs merged."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Deleted, Emphasis, Inline, Inserted, LineBreak, Link, Strong, Text
from .decode import clean_text
from .inlines import merge_text, parse_inlines

_WS = re.compile(r"[ \t\n\r\f]+")


def clean(text: str) -> str:
    """HTML whitespace collapsed; outside ASCII, also NFC and no XML-illegal characters."""
    if not text.isascii():
        text = clean_text(text)
    return _WS.sub(" ", text)


def tidy(parts: list[Inline]) -> tuple[Inline, ...]:
    """Merge text runs, collapse spaces, trim the ends, find quotations and bare links in text."""
    merged = _merged(parts)
    out: list[Inline] = []
    for i, node in enumerate(merged):
        if isinstance(node, Text):
            text = _SPACES.sub(" ", node.text)
            if not out or isinstance(out[-1], LineBreak):
                text = text.lstrip(" ")
            if i == len(merged) - 1 or isinstance(merged[i + 1], LineBreak):
                text = text.rstrip(" ")
            if text:
                out.extend(parse_inlines(text))
        elif isinstance(node, LineBreak):
            if out and not isinstance(out[-1], LineBreak):
                out.append(node)
        else:
            out.append(node)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    if out and isinstance(out[-1], Text) and out[-1].text.endswith(" "):
        out[-1] = Text(out[-1].text.rstrip(" "))
    return tuple(out)


_SPACES = re.compile(r" {2,}")


def _tidy_inside(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Children of a styled run: text merged and spaces collapsed; empty runs vanish."""
    merged = [Text(_SPACES.sub(" ", n.text)) if isinstance(n, Text) else n
              for n in _merged(children)]
    if not any((isinstance(n, Text) and n.text.strip()) or not isinstance(n, (Text, LineBreak))
               for n in merged):
        return ()
    return tuple(merged)


def _merged(parts: Iterable[Inline]) -> list[Inline]:
    """Styled runs tidied inside (empty ones dropped), then adjacent text runs merged."""
    nodes: list[Inline] = []
    for node in parts:
        if isinstance(node, (Emphasis, Strong, Link, Deleted, Inserted)):
            inner = _tidy_inside(node.children)
            if inner:
                nodes.append(_with_children(node, inner))
        else:
            nodes.append(node)
    return merge_text(nodes, trim=False)


def _with_children(node: Emphasis | Strong | Link | Deleted | Inserted,
                   children: tuple[Inline, ...]) -> Inline:
    if isinstance(node, Link):
        return Link(children, node.url)
    return type(node)(children)
