"""Inline content of XML bodies (XHTML, NITF) as model inlines: whitespace, quotations, links.

Markup gives emphasis, links and line breaks; the text between them is collapsed as a browser
would (runs of spaces, tabs and newlines become one space, none at the ends of a block). The
quotation marks and bare URLs a writer leaves in the text become :class:`~convert.model.Quoted`
and :class:`~convert.model.Link` exactly as the text reader finds them
(:func:`convert.readers.inlines.parse_inlines`), also when a quotation spans a link or other
markup: so an article read from text, written as NewsML-G2 and read back has the same inlines.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from ..model import Deleted, Emphasis, Inline, Inserted, LineBreak, Link, Quoted, Strong, Text
from ..textutil import XML_ILLEGAL
from .inlines import merge_text, parse_inlines

_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_ODD = re.compile("[\u1680\u2000-\u200a\u205f\u3000]")
_QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
#: Stands for a node that is not text while quotations are looked for across nodes.
_OBJECT = "\ufffc"
_ESCAPED = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def clean(text: str) -> str:
    """Markup text as model text: NFC, XML-legal, odd spaces as spaces (not yet collapsed)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = _ODD.sub(" ", text)
    return XML_ILLEGAL.sub("", text)


#: Link targets the model keeps (it holds absolute URLs); others (``javascript:``, relative
#: references with no base to resolve them against) leave their text without the link.
_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps", "tel", "news", "urn"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def href(url: str) -> str:
    """A link target as the model keeps it (an IRI: escaped non-ASCII letters decoded); "" if unsafe."""
    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() not in _SCHEMES:
        return ""

    def decode(m: re.Match[str]) -> str:
        raw = m.group(0)
        decoded = unquote(raw, errors="strict") if _non_ascii_utf8(raw) else raw
        return decoded if decoded.isprintable() else raw

    return _ESCAPED.sub(decode, url) if "%" in url else url


def _non_ascii_utf8(escaped: str) -> bool:
    data = bytes.fromhex(escaped.replace("%", ""))
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Collector:
    """Builds one block's inlines in document order, collapsing whitespace across elements."""

    def __init__(self) -> None:
        self.stack: list[list[Inline]] = [[]]
        #: Whether the text so far ends in a space (or nothing): a following space is dropped.
        self.at_space = True

    def text(self, raw: str | None) -> None:
        """Append text, whitespace collapsed."""
        if not raw:
            return
        text = _SPACE.sub(" ", clean(raw))
        if self.at_space and text.startswith(" "):
            text = text[1:]
        if not text:
            return
        self.at_space = text.endswith(" ")
        self.stack[-1].append(Text(text))

    def line_break(self) -> None:
        _strip_end(self.stack[-1])
        self.stack[-1].append(LineBreak())
        self.at_space = True

    def open(self) -> None:
        self.stack.append([])

    def node(self, node: Inline) -> None:
        """Append a finished inline (code, a note) as it is."""
        self.stack[-1].append(node)
        self.at_space = False

    def close(self, kind: str, url: str = "", marks: tuple[str, str] = ("“", "”")) -> None:
        """Close the innermost open inline (``emphasis``, ``strong``, ``deleted``, ``link`` ...).

        Kinds: ``emphasis``, ``strong``, ``deleted``, ``inserted``, ``link``, ``quoted``, ``plain``.
        """
        kids = self.stack.pop()
        node: Inline | None = None
        if kind == "emphasis":
            node = Emphasis(tuple(kids)) if kids else None
        elif kind == "strong":
            node = Strong(tuple(kids)) if kids else None
        elif kind == "deleted":
            node = Deleted(tuple(kids)) if kids else None
        elif kind == "inserted":
            node = Inserted(tuple(kids)) if kids else None
        elif kind == "link" and url:
            node = Link(tuple(kids), url) if kids else None
        elif kind == "quoted":
            node = Quoted(tuple(kids), *marks) if kids else None
        if node is not None:
            self.stack[-1].append(node)
        else:
            self.stack[-1].extend(kids)

    def result(self) -> tuple[Inline, ...]:
        """The block's inlines: trimmed, text merged, quotations and links found."""
        while len(self.stack) > 1:
            self.close("plain")
        nodes = self.stack[0]
        _strip_end(nodes)
        return finish(nodes)


def _strip_end(nodes: list[Inline]) -> None:
    """Remove trailing spaces at the end of ``nodes`` (inside their last element too)."""
    while nodes:
        last = nodes[-1]
        if isinstance(last, Text):
            text = last.text.rstrip(" ")
            if text:
                nodes[-1] = Text(text)
                return
            nodes.pop()
            continue
        if isinstance(last, (Emphasis, Strong, Link, Quoted, Deleted, Inserted)):
            kids = list(last.children)
            _strip_end(kids)
            if kids:
                nodes[-1] = _with_children(last, tuple(kids))
                return
            nodes.pop()
            continue
        return


def _with_children(node: Inline, kids: tuple[Inline, ...]) -> Inline:
    if isinstance(node, Emphasis):
        return Emphasis(kids)
    if isinstance(node, Strong):
        return Strong(kids)
    if isinstance(node, Link):
        return Link(kids, node.url)
    if isinstance(node, Quoted):
        return Quoted(kids, node.opening, node.closing)
    if isinstance(node, (Deleted, Inserted)):
        return type(node)(kids)
    return node


def finish(nodes: list[Inline], in_link: bool = False) -> tuple[Inline, ...]:
    """Merge text, then find quotations (across markup) and bare links, level by level."""
    merged = merge_text(nodes, trim=False)
    merged = [_with_children(n, finish(list(n.children), in_link or isinstance(n, Link)))
              if isinstance(n, (Emphasis, Strong, Link, Quoted, Deleted, Inserted)) else n for n in merged]
    return tuple(_quotations(merged, in_link))


def _quotations(nodes: list[Inline], in_link: bool) -> list[Inline]:
    """Quotations found in the text of one level, also when they enclose markup."""
    flat = "".join(n.text if isinstance(n, Text) else _OBJECT for n in nodes)
    if '"' not in flat and "“" not in flat:
        return _links(nodes, in_link)
    # where each node starts in ``flat``
    starts: list[int] = []
    pos = 0
    for n in nodes:
        starts.append(pos)
        pos += len(n.text) if isinstance(n, Text) else 1
    out: list[Inline] = []
    cursor = 0
    for m in _QUOTED.finditer(flat):
        out.extend(_links(_slice(nodes, starts, cursor, m.start()), in_link))
        inner = _slice(nodes, starts, m.start() + 1, m.end() - 1)
        marks = ("“", "”") if m.group(1) is not None else ('"', '"')
        out.append(Quoted(tuple(_links(inner, in_link)), *marks))
        cursor = m.end()
    out.extend(_links(_slice(nodes, starts, cursor, len(flat)), in_link))
    return out


def _slice(nodes: list[Inline], starts: list[int], lo: int, hi: int) -> list[Inline]:
    """The nodes covering ``flat[lo:hi]``, text nodes cut at the ends."""
    out: list[Inline] = []
    for node, start in zip(nodes, starts, strict=True):
        if isinstance(node, Text):
            end = start + len(node.text)
            a, b = max(lo, start), min(hi, end)
            if a < b:
                out.append(Text(node.text[a - start:b - start]))
        elif lo <= start < hi:
            out.append(node)
    return out


def _links(nodes: list[Inline], in_link: bool) -> list[Inline]:
    """Bare URLs and e-mail addresses in text as links (not inside a link)."""
    if in_link:
        return nodes
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            out.extend(parse_inlines(node.text))
        else:
            out.append(node)
    return out
