"""Inline helpers the readers share: quotations, links and addresses in plain text; merging text runs."""

from __future__ import annotations

import re

from ..model import Inline, Link, Quoted, Text
from ..textutil import lazy_pattern

_URL = lazy_pattern(r"(?:https?://|www\.)[^\s<>\"“”‘’]+", re.IGNORECASE)
_EMAIL = lazy_pattern(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_TRAILING = ".,;:!?'’\"”)]}"
_QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")


def parse_inlines(text: str) -> tuple[Inline, ...]:
    """Quotations (curly or straight double quotes, marks kept), then links inside each run."""
    out: list[Inline] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        if m.start() > pos:
            out.extend(_links(text[pos:m.start()]))
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        mark_open, mark_close = (("“", "”") if m.group(1) is not None else ('"', '"'))
        out.append(Quoted(tuple(_links(inner)), mark_open, mark_close))
        pos = m.end()
    if pos < len(text):
        out.extend(_links(text[pos:]))
    return tuple(out)


def _links(text: str) -> list[Inline]:
    """URLs and e-mail addresses as links; everything else stays text."""
    lowered = text.lower()
    if "@" not in text and "://" not in text and "www." not in lowered:
        return [Text(text)] if text else []
    spans: list[tuple[int, int, str]] = []
    for m in _URL().finditer(text):
        url = m.group(0)
        while url and url[-1] in _TRAILING and not (url[-1] == ")" and url.count("(") >
                                                     url.count(")") - 1):
            url = url[:-1]
        if len(url) > 8:
            target = url if "://" in url else "https://" + url
            spans.append((m.start(), m.start() + len(url), target))
    for m in _EMAIL().finditer(text):
        if any(s <= m.start() < e for s, e, _ in spans):
            continue
        addr = m.group(0).rstrip(".")
        spans.append((m.start(), m.start() + len(addr), "mailto:" + addr))
    spans.sort()
    out: list[Inline] = []
    pos = 0
    for start, end, target in spans:
        if start < pos:
            continue
        if start > pos:
            out.append(Text(text[pos:start]))
        out.append(Link((Text(text[start:end]),), target))
        pos = end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def merge_text(nodes: list[Inline], trim: bool = True) -> list[Inline]:
    """Adjacent text runs merged, empty ones dropped; with ``trim``, the ends' spaces removed."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    if trim:
        if out and isinstance(out[0], Text):
            out[0] = Text(out[0].text.lstrip())
        if out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text.rstrip())
        out = [n for n in out if not (isinstance(n, Text) and not n.text)]
    return out
