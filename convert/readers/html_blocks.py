"""Map an element tree to model blocks: trafilatura's XML and plain HTML alike.

Trafilatura's vocabulary (``p``, ``head``, ``list``/``item``, ``quote``, ``hi``, ``ref``, ``lb``,
``table``/``row``/``cell``, ``code``, ``del``, ``graphic``) and HTML's (``p``, ``h2``,
``ul``/``li``, ``blockquote``, ``em``, ``a``, ``br``, ``table``, ``figure``/``img``, ``pre``,
``code``, ``del``/``ins``, ``hr``) map to the same model nodes. Containers (``div``,
``section``) are walked through; text loose in a container becomes its own paragraph. Lists
nest (a list inside an item is the item's block); a definition list is a list of bold terms
with their definitions nested; a task box (``<input type="checkbox">``) is kept. Tables,
pictures, code and footnotes: :mod:`.html_rich`. A picture inside running text becomes a figure
after its paragraph.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from msgspec import Struct, field

from ..model import (
    CORRECTION_KINDS,
    Block,
    BlockQuote,
    Code,
    Correction,
    Deleted,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Inserted,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Rule,
    Strong,
    Text,
)
from .html_rich import PICTURES, NoteIndex, PictureMaker, RichBlocks, code_block, find_notes, table_of
from .html_tidy import clean, tidy

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = frozenset({"ul", "ol", "list", "dl"})
_ITEMS = frozenset({"li", "item", "dt", "dd"})
_QUOTES = frozenset({"blockquote", "quote"})
_TABLES = frozenset({"table"})
#: Elements that start a block of their own.
_BLOCKS = frozenset({"p", "head", "div", "section", "article", "main", "header", "footer", "aside",
                     "figure", "figcaption", "caption", "address", "center", "details", "summary",
                     "hgroup", "body", "html", "fieldset", "legend", "hr", "br-block", "dialog",
                     "menu", "nav", "search", "form", "pre"}
                    | _HEADINGS.keys() | _LISTS | _ITEMS | _QUOTES | _TABLES
                    | {"tr", "row", "td", "th", "cell", "thead", "tbody", "tfoot"})
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
_DELETED = frozenset({"del", "s", "strike"})
#: Below this depth, an element's text is kept but its structure is flattened.
_MAX_DEPTH = 120


class _Run(Struct):
    """Inline content being collected for one block."""

    parts: list[Inline] = field(default_factory=list)

    def text(self, value: str | None) -> None:
        if value:
            self.parts.append(Text(clean(value)))


class BlockMapper(RichBlocks):
    """Turns one element tree into blocks; ``base`` resolves relative links (never fetched)."""

    def __init__(self, base: str | None = None, drop: frozenset[str] = frozenset()) -> None:
        self.base = base
        self.drop = drop
        self.blocks: list[Block] = []
        #: Kept for callers that counted tables read as paragraphs: tables are tables now, always 0.
        self.tables = 0
        self.pictures = PictureMaker(base)
        self.notes = NoteIndex()
        self._note_cache: dict[str, tuple[Block, ...]] = {}
        self._figures: list[Figure] = []
        self._in_cell = 0

    @property
    def warnings(self) -> list[str]:
        """What could not be kept (a picture in a bad data: URI)."""
        return self.pictures.warnings

    def _child(self) -> BlockMapper:
        """A mapper for nested content, sharing this one's pictures and notes."""
        child = BlockMapper(self.base, self.drop)
        child.pictures, child.notes, child._note_cache = self.pictures, self.notes, self._note_cache
        child._in_cell = self._in_cell
        return child

    # ----------------------------------------------------------------------- blocks

    def map(self, root: etree._Element) -> list[Block]:
        """The blocks of ``root``'s content, in document order."""
        self.blocks = []
        self.notes = find_notes(root)
        self._container(root, 0)
        return self.blocks

    def _container(self, el: etree._Element, depth: int,
                   skip: etree._Element | None = None) -> None:
        """Walk a container: block children become blocks, loose inline content paragraphs."""
        run = _Run()
        run.text(el.text)
        for child in el:
            tag = _tag(child)
            if tag is None or tag in self.drop or child is skip or child in self.notes.sections:
                run.text(child.tail)
                continue
            if tag in _BLOCKS or depth > _MAX_DEPTH or (tag == "code" and "\n" in _all_text(child)):
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
            self._flush_figures()
        elif tag in _LISTS:
            self._list(el, tag, depth)
        elif tag in _QUOTES:
            self._quote(el, depth)
        elif tag in _TABLES:
            table = table_of(self, el, depth)
            if table is not None and (table.body or table.head) and _cell_count(table) > 1:
                self.blocks.append(table)
            else:  # a layout table of one cell: its content
                self._container(_only_cell(el) if table is not None else el, depth)
        elif tag in ("pre", "code"):
            code = code_block(el)
            if code is not None:
                self.blocks.append(code)
        elif tag in ("div", "aside", "section") and _notice_kind(el) is not None:
            self._notice(el, depth)
        elif tag == "figure":
            self._figure(el, depth)
        elif tag == "hr":
            self.blocks.append(Rule())
        elif tag == "p" and not any(_tag(c) in _BLOCKS for c in el):
            self._emit(self._inlines(el, depth))
        else:
            self._container(el, depth)

    def _flush(self, run: _Run) -> None:
        self._emit(tidy(run.parts))

    def _emit(self, inlines: tuple[Inline, ...]) -> None:
        if inlines:
            self.blocks.append(Paragraph(inlines))
        self._flush_figures()

    def _flush_figures(self) -> None:
        """Pictures met inside the block just made: figures after it."""
        if self._figures:
            self.blocks.extend(self._figures)
            self._figures = []

    def _paragraph_of_text(self, el: etree._Element) -> None:
        self._emit(tidy([Text(clean(_all_text(el) or ""))]))

    def _list(self, el: etree._Element, tag: str, depth: int) -> None:
        items: list[ListItem] = []
        for child in el:
            ctag = _tag(child)
            if ctag in ("li", "item"):
                items.append(self._item(child, depth + 1))
            elif ctag == "dt":
                term = self._flat(child, depth + 1)
                items.append(ListItem((Strong(term),) if term else ()))
            elif ctag == "dd":
                sub = self._child()
                sub._container(child, depth + 1)
                last = items.pop() if items else ListItem(())
                items.append(ListItem(last.children, last.blocks + tuple(sub.blocks), last.checked))
            elif ctag in _LISTS:  # a list directly inside a list: the previous item's sub-list
                sub = self._child()
                sub._list(child, ctag, depth + 1)
                last = items.pop() if items else ListItem(())
                items.append(ListItem(last.children, last.blocks + tuple(sub.blocks), last.checked))
        items = [i for i in items if i.children or i.blocks]
        if not items:
            return
        ordered = tag == "ol" or (tag == "list" and (el.get("rend") or "").lower() == "ol")
        start = _int(el.get("start"), 1) if ordered else 1
        self.blocks.append(ListBlock(ordered, tuple(items), start))

    def _item(self, el: etree._Element, depth: int) -> ListItem:
        """A list item: its text, then its nested blocks; a leading checkbox is its task box."""
        box = next((c for c in el if _tag(c) == "input" and (c.get("type") or "").lower() == "checkbox"),
                   None)
        checked = None if box is None else box.get("checked") is not None
        sub = self._child()
        sub._container(el, depth)
        blocks = sub.blocks
        children: tuple[Inline, ...] = ()
        if blocks and isinstance(blocks[0], Paragraph):
            children = blocks.pop(0).children  # type: ignore[union-attr]
        first = children[0] if children else None
        if checked is None and isinstance(first, Text) and first.text[:2] in _TASK_MARKS:
            checked = _TASK_MARKS[first.text[:2]]  # a box shown as a character (☑ done, ☐ open)
            children = ((Text(first.text[2:]),) if first.text[2:] else ()) + children[1:]
        return ListItem(children, tuple(blocks), checked)

    def _notice(self, el: etree._Element, depth: int) -> None:
        """A correction notice (``div.notice.correction``): its paragraphs, not the printed label."""
        label = next((c for c in el if _tag(c) == "p" and "notice-label" in (c.get("class") or "").split()),
                     None)
        inner = self._child()
        inner._container(el, depth, skip=label)
        if inner.blocks:
            self.blocks.append(Correction(tuple(inner.blocks), _notice_kind(el) or "correction"))

    def _quote(self, el: etree._Element, depth: int) -> None:
        last = el[-1] if len(el) else None
        cite = last if (last is not None and _tag(last) in ("footer", "cite")
                        and not (last.tail or "").strip()) else None
        inner = self._child()
        inner._container(el, depth, skip=cite)
        children: list[Block] = [Paragraph(b.children) if isinstance(b, Heading) else b
                                 for b in inner.blocks]
        if not children:
            return
        who = clean(_all_text(cite) or "").strip(" —–-―") if cite is not None else ""
        self.blocks.append(BlockQuote(tuple(children), who or None))

    # ----------------------------------------------------------------------- inlines

    def inline_content(self, el: etree._Element, depth: int, cell: bool = False) -> tuple[Inline, ...]:
        """An element's content as one run of inlines (a cell, a caption): pictures give their alt text."""
        self._in_cell += cell
        try:
            return self._flat(el, depth)
        finally:
            self._in_cell -= cell

    def _inlines(self, el: etree._Element, depth: int) -> tuple[Inline, ...]:
        run = _Run()
        run.text(el.text)
        for child in el:
            tag = _tag(child)
            if tag is not None and tag not in self.drop:
                self._inline(child, tag, run, depth + 1)
            run.text(child.tail)
        return tidy(run.parts)

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
        return tidy(run.parts)

    def _inline(self, el: etree._Element, tag: str, run: _Run, depth: int) -> None:
        if tag in ("br", "lb"):
            run.parts.append(LineBreak())
            return
        if tag in PICTURES:
            self._picture(el, run)
            return
        if tag == "code":
            text = clean(_all_text(el))
            if text.strip():
                run.parts.append(Code(text))
            return
        if tag in ("a", "ref") and self._note(el, run):
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
        rend = (el.get("rend") or "").lower() if tag in ("hi", "del") else ""
        if tag in _EMPHASIS or "#i" in rend:
            run.parts.append(Emphasis(tuple(parts)))
        elif tag in _STRONG or "#b" in rend:
            run.parts.append(Strong(tuple(parts)))
        elif tag in _DELETED or "#t" in rend or "overstrike" in rend:
            run.parts.append(Deleted(tuple(parts)))
        elif tag == "ins":
            run.parts.append(Inserted(tuple(parts)))
        elif tag in ("a", "ref"):
            url = self._url(el.get("href") if tag == "a" else el.get("target"))
            if url:
                run.parts.append(Link(tuple(parts), url))
            else:
                run.parts.extend(parts)
        else:
            run.parts.extend(parts)

    def _picture(self, el: etree._Element, run: _Run) -> None:
        """A picture in running text: its alt text in a cell or caption, else a figure after the block."""
        if self._in_cell:
            run.text(el.get("alt"))
            return
        figure = self.pictures.figure(el)
        if figure is not None:
            self._figures.append(figure)

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


_TASK_MARKS = {"\u2611 ": True, "\u2612 ": True, "\u2610 ": False}


def _notice_kind(el: etree._Element) -> str | None:
    """The kind of correction notice an element is, by its class (``notice correction`` ...)."""
    words = (el.get("class") or "").lower().split()
    if "notice" not in words:
        return None
    return next((k for k in CORRECTION_KINDS if k in words), None)


def _cell_count(table: object) -> int:
    return sum(len(r.cells) for r in (*table.head, *table.body))  # type: ignore[attr-defined]


def _only_cell(el: etree._Element) -> etree._Element:
    return next((d for d in el.iter() if _tag(d) in ("td", "th", "cell")), el)


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
