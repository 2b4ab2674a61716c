"""Body markup (XHTML or NITF) as model blocks: paragraphs, headings, lists, quotes, and the rest as text.

One reader for both vocabularies, dispatched on element names (namespaces ignored, so an
un-namespaced NITF or XHTML body reads the same). What the model has no node for yet (tables,
pictures, footnotes: issue #15) is kept as paragraphs (a table row as ``cell | cell``, a picture
as its caption) or dropped (the picture itself), and each kind is named once in the warnings,
so nothing is lost silently. Languages stated on blocks (``lang``, ``xml:lang``) are kept on the
blocks, inherited from enclosing containers as XML inherits them.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from ..model import (
    Block,
    BlockQuote,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    ListItem,
    Paragraph,
    Text,
    plain_text,
)
from ..namespaces import XML_LANG
from .safexml import local
from .xmlinline import Collector, clean, href

_HEADINGS = {f"h{n}": n for n in range(1, 7)} | {"hl1": 2, "hl2": 2}
_CONTAINERS = frozenset({
    "body", "div", "section", "article", "main", "header", "footer", "aside", "address",
    "hgroup", "center", "body.content", "block", "note", "body.end", "html"})
_SKIP = frozenset({
    "head", "title", "script", "style", "template", "noscript", "form", "button", "input",
    "select", "textarea", "iframe", "object", "embed", "canvas", "svg", "math", "video", "audio",
    "source", "track", "map", "area", "meta", "link", "nav"})
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
#: Elements that are blocks even inside a paragraph-like context (flattened there).
_BLOCKISH = frozenset({"p", "ul", "ol", "li", "blockquote", "bq", "figure", "table", "pre",
                       "dl", "dt", "dd", "tr", "td", "th", "hr", "fn", "media", "nitf-table",
                       *_HEADINGS, *_CONTAINERS})
_LEVEL = re.compile(r"level([2-6])")
_DASH = re.compile(r"^\s*(?:—|–|--|-)\s*")
_WARNINGS = {
    "table": "{n} table(s) read as paragraphs, one per row (the model has no tables yet)",
    "picture": "{n} picture(s) not kept, their captions kept as paragraphs (the model has no "
               "pictures yet)",
    "footnote": "{n} footnote(s) read as paragraphs where they stand (the model has no footnotes yet)",
    "media": "{n} embedded media or navigation element(s) skipped",
}


def lang_of(el: etree._Element) -> str | None:
    """The language an element states for itself (``xml:lang``, else ``lang``)."""
    value = el.get(XML_LANG) or el.get("lang")
    return value.strip() if value and value.strip() else None


def text_of(el: etree._Element | None) -> str:
    """An element's text, whitespace collapsed (for metadata and head elements)."""
    if el is None:
        return ""
    col = Collector()
    _flatten(col, el)
    return plain_text(col.result()).strip()


def _flatten(col: Collector, el: etree._Element) -> None:
    col.text(el.text)
    for child in el:
        name = local(child.tag).lower()
        if name == "br":
            col.text(" ")
        elif name not in _SKIP:
            _flatten(col, child)
        col.text(child.tail)


class BodyReader:
    """Reads one body; ``warnings`` collects what could not be kept as it was."""

    def __init__(self, nitf: bool = False) -> None:
        self.nitf = nitf
        self.dropped: Counter[str] = Counter()

    def warnings(self) -> list[str]:
        """One line per kind of content the model could not keep as it was."""
        return [_WARNINGS[k].format(n=n) for k, n in sorted(self.dropped.items())]

    # ------------------------------------------------------------------ blocks

    def blocks(self, parent: etree._Element, lang: str | None = None,
               skip: tuple[str, ...] = ()) -> list[Block]:
        """The blocks inside ``parent`` (which pass on ``lang``); loose inline content becomes paragraphs."""
        out: list[Block] = []
        loose = Collector()

        def flush() -> None:
            nonlocal loose
            inlines = loose.result()
            if inlines:
                out.append(Paragraph(inlines, lang=lang))
            loose = Collector()

        loose.text(parent.text)
        for child in parent:
            name = local(child.tag).lower()
            if name in skip:
                pass
            elif name in _BLOCKISH or name in _SKIP or (name not in _INLINE_NAMES and _has_blocks(child)):
                flush()
                out.extend(self.block(child, name, lang))
            else:
                self.inline(loose, child, name)
            loose.text(child.tail)
        flush()
        return out

    def block(self, el: etree._Element, name: str, inherited: str | None) -> list[Block]:
        lang = lang_of(el) or inherited
        if name == "p":
            inlines = self.collect(el)
            return [Paragraph(inlines, lang=lang)] if inlines else []
        if name in _HEADINGS:
            inlines = self.collect(el)
            if not inlines:
                return []
            level = _HEADINGS[name]
            m = _LEVEL.search(el.get("class", "")) if name == "hl2" else None
            return [Heading(int(m.group(1)) if m else max(2, level), inlines, lang=lang)]
        if name in ("ul", "ol"):
            return self.list_block(el, name == "ol", lang)
        if name in ("blockquote", "bq"):
            return self.quote(el, None, lang)
        if name == "figure":
            return self.figure(el, lang)
        if name in ("table", "nitf-table"):
            self.dropped["table"] += 1
            return self.table(el, lang)
        if name == "media":
            self.dropped["picture"] += 1
            caption = [c for c in el if local(c.tag) == "media-caption"]
            return [b for c in caption for b in self.blocks(c, lang)]
        if name == "fn":
            self.dropped["footnote"] += 1
            return self.blocks(el, lang)
        if name == "pre":
            return self.pre(el, lang)
        if name == "dl":
            return [b for c in el if local(c.tag).lower() in ("dt", "dd") for b in self.block(c, "p", lang)]
        if name in _SKIP:
            if name in ("video", "audio", "iframe", "object", "embed", "nav", "svg", "canvas"):
                self.dropped["media"] += 1
            return []
        if name == "hr":
            return []
        return self.blocks(el, lang)  # containers, and unknown elements holding blocks

    def list_block(self, el: etree._Element, ordered: bool, lang: str | None) -> list[Block]:
        items = []
        for child in el:
            if local(child.tag).lower() != "li":
                continue
            inlines = self.collect(child)
            if inlines:
                items.append(ListItem(inlines))
        if not items:
            return []
        start = 1
        if ordered:
            try:
                start = int(el.get("start", "1"))
            except ValueError:
                start = 1
        return [ListBlock(ordered, tuple(items), start, lang=lang)]

    def quote(self, el: etree._Element, attribution: str | None, lang: str | None) -> list[Block]:
        """A block quote; NITF's ``credit`` inside ``bq`` is its attribution.

        Its blocks keep only the languages they state: the quote's own is on the quote.
        """
        if self.nitf:
            credit = next((c for c in el if local(c.tag).lower() == "credit"), None)
            if credit is not None:
                attribution = attribution or text_of(credit) or None
        kids = self.blocks(el, None, skip=("credit",) if self.nitf else ())
        return [BlockQuote(tuple(kids), attribution, lang=lang)] if kids else []

    def figure(self, el: etree._Element, lang: str | None) -> list[Block]:
        quote = next((c for c in el if local(c.tag).lower() in ("blockquote", "bq")), None)
        caption = next((c for c in el if local(c.tag).lower() == "figcaption"), None)
        if quote is not None:
            attribution = _DASH.sub("", text_of(caption)) if caption is not None else None
            return self.quote(quote, attribution or None, lang_of(quote) or lang)
        self.dropped["picture"] += 1
        return self.blocks(caption, lang) if caption is not None else []

    def table(self, el: etree._Element, lang: str | None) -> list[Block]:
        out: list[Block] = []
        for row in el.iter():
            if local(row.tag).lower() != "tr":
                continue
            cells = [text_of(c) for c in row if local(c.tag).lower() in ("td", "th")]
            line = " | ".join(c for c in cells if c)
            if line:
                out.append(Paragraph((Text(line),), lang=lang))
        return out

    def pre(self, el: etree._Element, lang: str | None) -> list[Block]:
        lines = [" ".join(line.split()) for line in clean("".join(el.itertext())).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return []
        inlines: list[Inline] = []
        for i, line in enumerate(lines):
            if i:
                inlines.append(LineBreak())
            inlines.append(Text(line))
        return [Paragraph(tuple(inlines), lang=lang)]

    # ------------------------------------------------------------------ inlines

    def collect(self, el: etree._Element) -> tuple[Inline, ...]:
        """The inline content of one block element."""
        col = Collector()
        self.content(col, el)
        return col.result()

    def content(self, col: Collector, el: etree._Element) -> None:
        col.text(el.text)
        for child in el:
            self.inline(col, child, local(child.tag).lower())
            col.text(child.tail)

    def inline(self, col: Collector, el: etree._Element, name: str) -> None:
        if name in _SKIP:
            return
        if name == "br":
            col.line_break()
        elif name == "img":
            self.dropped["picture"] += 1
            col.text(el.get("alt"))
        elif name == "em" and self.nitf:  # NITF has no strong: em with class="strong"
            self._wrap(col, el, "strong" if "strong" in el.get("class", "").split() else "emphasis")
        elif name in _EMPHASIS:
            self._wrap(col, el, "emphasis")
        elif name in _STRONG:
            self._wrap(col, el, "strong")
        elif name == "a":
            col.open()
            self.content(col, el)
            col.close("link", url=href(el.get("href", "")))
        elif name == "q":
            col.open()
            self.content(col, el)
            col.close("quoted")
        elif name in _BLOCKISH:  # a block inside a paragraph or list item: its text, set apart
            col.text(" ")
            self.content(col, el)
            col.text(" ")
        else:  # spans and NITF's semantic inlines (person, org, chron, money ...): their text
            self.content(col, el)

    def _wrap(self, col: Collector, el: etree._Element, kind: str) -> None:
        col.open()
        self.content(col, el)
        col.close(kind)


_INLINE_NAMES = frozenset({"a", "em", "i", "b", "strong", "span", "q", "br", "img", "cite", "dfn",
                           "var", "abbr", "small", "sub", "sup", "u", "mark", "time", "code",
                           "kbd", "samp", "s", "del", "ins", "font", "bdi", "bdo", "wbr",
                           "person", "org", "location", "chron", "money", "num", "event",
                           "function", "object.title", "pronounce", "classifier", "copyrite",
                           "virtloc", "lang", "alt-code", "frac", "postaddr", "city",
                           "state", "country", "region", "sublocation"})


def _has_blocks(el: etree._Element) -> bool:
    """Whether an unknown element holds block elements (then it is read as a container)."""
    return any(local(d.tag).lower() in _BLOCKISH for d in el.iterdescendants())
