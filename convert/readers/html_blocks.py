"""Map an element tree to model blocks: trafilatura's XML and plain HTML alike.

Trafilatura's vocabulary (``p``, ``head``, ``list``/``item``, ``quote``, ``hi``, ``ref``, ``lb``)
and HTML's (``p``, ``h2``, ``ul``/``li``, ``blockquote``, ``em``, ``a``, ``br``) map to the same
model nodes. Containers (``div``, ``section``) are walked through; text loose in a container
becomes its own paragraph. Tables and figures have no model nodes yet (issue #15): each table row becomes a
paragraph of its cells joined by `` | `` and a caption a paragraph, so their text is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from ..model import (
    Block,
    BlockQuote,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Strong,
    Text,
)
from .decode import clean_text
from .inlines import parse_inlines

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = frozenset({"ul", "ol", "list", "dl"})
_ITEMS = frozenset({"li", "item", "dt", "dd"})
_QUOTES = frozenset({"blockquote", "quote"})
_TABLES = frozenset({"table"})
_PREFORMATTED = frozenset({"pre", "code"})
#: Elements that start a block of their own.
_BLOCKS = frozenset({"p", "head", "div", "section", "article", "main", "header", "footer", "aside",
                     "figure", "figcaption", "caption", "address", "center", "details", "summary",
                     "hgroup", "body", "html", "fieldset", "legend", "hr", "br-block", "dialog",
                     "menu", "nav", "search", "form"}
                    | _HEADINGS.keys() | _LISTS | _ITEMS | _QUOTES | _TABLES | _PREFORMATTED
                    | {"tr", "row", "td", "th", "cell", "thead", "tbody", "tfoot"})
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
#: Below this depth, an element's text is kept but its structure is flattened.
_MAX_DEPTH = 120
_WS = re.compile(r"[ \t\n\r\f]+")


@dataclass
class _Run:
    """Inline content being collected for one block."""

    parts: list[Inline] = field(default_factory=list)

    def text(self, value: str | None) -> None:
        if value:
            self.parts.append(Text(_clean(value)))


class BlockMapper:
    """Turns one element tree into blocks; ``base`` resolves relative links (never fetched)."""

    def __init__(self, base: str | None = None, drop: frozenset[str] = frozenset()) -> None:
        self.base = base
        self.drop = drop
        self.blocks: list[Block] = []
        #: Tables read as paragraphs, one per row (no table nodes in the model yet, issue #15).
        self.tables = 0

    # ----------------------------------------------------------------------- blocks

    def map(self, root: etree._Element) -> list[Block]:
        """The blocks of ``root``'s content, in document order."""
        self.blocks = []
        self._container(root, 0)
        return self.blocks

    def _container(self, el: etree._Element, depth: int,
                   skip: etree._Element | None = None) -> None:
        """Walk a container: block children become blocks, loose inline content paragraphs."""
        run = _Run()
        run.text(el.text)
        for child in el:
            tag = _tag(child)
            if tag is None or tag in self.drop or child is skip:
                run.text(child.tail)
                continue
            if tag in _BLOCKS or depth > _MAX_DEPTH:
                self._flush(run)
                run = _Run()
                if depth > _MAX_DEPTH:
                    self._paragraph_of_text(child)
                else:
                    self._block(child, tag, depth + 1)
                run.text(child.tail)
            else:
                self._inline(child, tag, run, depth + 1)
                run.text(child.tail)
        self._flush(run)

    def _block(self, el: etree._Element, tag: str, depth: int) -> None:
        if tag in _HEADINGS or tag == "head":
            level = _HEADINGS.get(tag) or _HEADINGS.get((el.get("rend") or "h2").lower(), 2)
            inlines = self._inlines(el, depth)
            if inlines:
                self.blocks.append(Heading(level, inlines))
        elif tag in _LISTS:
            self._list(el, tag, depth)
        elif tag in _QUOTES:
            self._quote(el, depth)
        elif tag in _TABLES:
            self._table(el, depth)
        elif tag in _PREFORMATTED:
            self._pre(el)
        elif tag == "hr":
            return
        elif tag == "p" and not any(_tag(c) in _BLOCKS for c in el):
            self._emit(self._inlines(el, depth))
        else:
            self._container(el, depth)

    def _flush(self, run: _Run) -> None:
        self._emit(_tidy(run.parts))

    def _emit(self, inlines: tuple[Inline, ...]) -> None:
        if inlines:
            self.blocks.append(Paragraph(inlines))

    def _paragraph_of_text(self, el: etree._Element) -> None:
        self._emit(_tidy([Text(_clean(_all_text(el) or ""))]))

    def _list(self, el: etree._Element, tag: str, depth: int) -> None:
        items: list[ListItem] = []
        for child in el:
            ctag = _tag(child)
            if ctag in _ITEMS:
                inlines = self._flat(child, depth + 1)
                if inlines:
                    items.append(ListItem(inlines))
            elif ctag in _LISTS:  # a list directly inside a list: its items join this one
                nested = BlockMapper(self.base, self.drop)
                nested._list(child, ctag, depth + 1)
                for block in nested.blocks:
                    if isinstance(block, ListBlock):
                        items.extend(block.items)
        if not items:
            return
        ordered = tag == "ol" or (tag == "list" and (el.get("rend") or "").lower() == "ol")
        start = _int(el.get("start"), 1) if ordered else 1
        self.blocks.append(ListBlock(ordered, tuple(items), start))

    def _quote(self, el: etree._Element, depth: int) -> None:
        last = el[-1] if len(el) else None
        cite = last if (last is not None and _tag(last) in ("footer", "cite")
                        and not (last.tail or "").strip()) else None
        inner = BlockMapper(self.base, self.drop)
        inner._container(el, depth, skip=cite)
        children: list[Block] = [Paragraph(b.children) if isinstance(b, Heading) else b
                                 for b in inner.blocks]
        if not children:
            return
        who = _clean(_all_text(cite) or "").strip(" —–-―") if cite is not None else ""
        self.blocks.append(BlockQuote(tuple(children), who or None))

    def _table(self, el: etree._Element, depth: int) -> None:
        self.tables += 1
        for part in el.iter():
            tag = _tag(part)
            if tag == "caption":
                self._emit(self._inlines(part, depth + 1))
            elif tag in ("tr", "row"):
                cells = [_clean(_all_text(c) or "").strip() for c in part
                         if _tag(c) in ("td", "th", "cell")]
                cells = [c for c in cells if c]
                if cells:
                    self._emit(_tidy([Text(" | ".join(cells))]))

    def _pre(self, el: etree._Element) -> None:
        lines = [line.strip() for line in clean_text(_all_text(el) or "").split("\n")]
        parts: list[Inline] = []
        for line in lines:
            if line:
                if parts:
                    parts.append(LineBreak())
                parts.append(Text(line))
        self._emit(_tidy(parts))

    # ----------------------------------------------------------------------- inlines

    def _inlines(self, el: etree._Element, depth: int) -> tuple[Inline, ...]:
        run = _Run()
        run.text(el.text)
        for child in el:
            tag = _tag(child)
            if tag is not None and tag not in self.drop:
                self._inline(child, tag, run, depth + 1)
            run.text(child.tail)
        return _tidy(run.parts)

    def _flat(self, el: etree._Element, depth: int) -> tuple[Inline, ...]:
        """An element's content as one run of inlines, nested blocks joined by spaces."""
        run = _Run()
        run.text(el.text)
        for child in el:
            tag = _tag(child)
            if tag is None or tag in self.drop:
                pass
            elif tag in _LISTS:
                nested = [item for item in child if _tag(item) in _ITEMS]
                for item in nested:
                    run.parts.append(Text("; " if run.parts else ""))
                    run.parts.extend(self._flat(item, depth + 1))
            elif tag in _BLOCKS:
                run.parts.append(Text(" "))
                run.parts.extend(self._flat(child, depth + 1))
                run.parts.append(Text(" "))
            else:
                self._inline(child, tag, run, depth + 1)
            run.text(child.tail)
        return _tidy(run.parts)

    def _inline(self, el: etree._Element, tag: str, run: _Run, depth: int) -> None:
        if tag in ("br", "lb"):
            run.parts.append(LineBreak())
            return
        if depth > _MAX_DEPTH:
            run.text(_all_text(el))
            return
        kids = _Run()
        kids.text(el.text)
        for child in el:
            ctag = _tag(child)
            if ctag is not None and ctag not in self.drop:
                if ctag in _BLOCKS:
                    kids.parts.append(Text(" "))
                    kids.parts.extend(self._flat(child, depth + 1))
                    kids.parts.append(Text(" "))
                else:
                    self._inline(child, ctag, kids, depth + 1)
            kids.text(child.tail)
        parts = kids.parts
        rend = (el.get("rend") or "").lower() if tag == "hi" else ""
        if tag in _EMPHASIS or "#i" in rend:
            run.parts.append(Emphasis(tuple(parts)))
        elif tag in _STRONG or "#b" in rend:
            run.parts.append(Strong(tuple(parts)))
        elif tag in ("a", "ref"):
            url = self._url(el.get("href") if tag == "a" else el.get("target"))
            if url:
                run.parts.append(Link(tuple(parts), url))
            else:
                run.parts.extend(parts)
        else:
            run.parts.extend(parts)

    def _url(self, href: str | None) -> str | None:
        """An absolute http(s) or mailto address, or None (relative links need the page's base)."""
        href = (href or "").strip()
        if not href or href.startswith("#"):
            return None
        if href.lower().startswith(("http://", "https://", "mailto:")):
            return href if "\n" not in href and " " not in href else None
        if self.base and not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
            joined = urljoin(self.base, href)
            return joined if joined.startswith(("http://", "https://")) else None
        return None


def _tag(el: etree._Element) -> str | None:
    """An element's lower-cased local name; None for comments and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def _all_text(el: etree._Element) -> str:
    """Every text node under ``el`` (comments and processing instructions excluded)."""
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _int(value: str | None, default: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return number if 0 <= number < 1_000_000 else default


def _clean(text: str) -> str:
    """HTML whitespace collapsed; outside ASCII, also NFC and no XML-illegal characters."""
    if not text.isascii():
        text = clean_text(text)
    return _WS.sub(" ", text)


def _tidy(parts: list[Inline]) -> tuple[Inline, ...]:
    """Merge text runs, collapse spaces, trim the ends, find quotations and bare links in text."""
    merged: list[Inline] = []
    for node in parts:
        if isinstance(node, Text):
            if merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + node.text)
            elif node.text:
                merged.append(node)
        elif isinstance(node, (Emphasis, Strong, Link)):
            children = _tidy_inside(node.children)
            if children:
                merged.append(_with_children(node, children))
        else:
            merged.append(node)
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
    merged: list[Inline] = []
    for node in children:
        if isinstance(node, Text):
            if merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + node.text)
            else:
                merged.append(node)
        elif isinstance(node, (Emphasis, Strong, Link)):
            inner = _tidy_inside(node.children)
            if inner:
                merged.append(_with_children(node, inner))
        else:
            merged.append(node)
    merged = [Text(_SPACES.sub(" ", n.text)) if isinstance(n, Text) else n for n in merged]
    if not any((isinstance(n, Text) and n.text.strip()) or not isinstance(n, (Text, LineBreak))
               for n in merged):
        return ()
    return tuple(n for n in merged if not (isinstance(n, Text) and not n.text))


def _with_children(node: Emphasis | Strong | Link, children: tuple[Inline, ...]) -> Inline:
    if isinstance(node, Link):
        return Link(children, node.url)
    return type(node)(children)
