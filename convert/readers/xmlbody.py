"""Body markup (XHTML or NITF) as model blocks: paragraphs, headings, lists, quotes, tables, pictures ...

One reader for both vocabularies, dispatched on element names (namespaces ignored, so an
un-namespaced NITF or XHTML body reads the same). Lists nest (a list inside an item is the item's
block) and keep task boxes; ``del``/``ins``/``code`` (NITF: ``em`` with that class) are deleted,
inserted and code inlines; ``hr`` is a rule; tables, pictures, notes, code blocks and correction
notices: :mod:`.xmlbody_rich`. Embedded video and the like are skipped and named in the warnings.
Languages stated on blocks (``lang``, ``xml:lang``) are kept on the blocks, inherited from
enclosing containers as XML inherits them.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree
from msgspec.structs import replace

from ..model import (
    Block,
    BlockQuote,
    Code,
    Correction,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Rule,
    plain_text,
)
from ..namespaces import XML_LANG
from .safexml import local
from .xmlbody_rich import (
    Notes,
    PictureReader,
    code_block,
    definitions,
    figure,
    is_backlink,
    is_notice_label,
    media,
    notice_kind,
    table,
)
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
    "media": "{n} embedded media or navigation element(s) skipped",
}
#: A task box as NITF writes it: a character opening the list item.
_TASK = {"\u2611": True, "\u2612": True, "\u2610": False}


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
        self.notes = Notes()
        self.pictures = PictureReader()
        self._note_cache: dict[str, tuple[Block, ...]] = {}
        self._figures: list[Block] = []

    def warnings(self) -> list[str]:
        """One line per kind of content that could not be kept as it was."""
        return ([_WARNINGS[k].format(n=n) for k, n in sorted(self.dropped.items())]
                + self.pictures.warnings)

    # ------------------------------------------------------------------ blocks

    def blocks(self, parent: etree._Element, lang: str | None = None,
               skip: tuple[str, ...] = ()) -> list[Block]:
        """The blocks inside ``parent`` (which pass on ``lang``); loose inline content becomes paragraphs."""
        self.notes.scan(parent)
        out: list[Block] = []
        loose = Collector()

        def flush() -> None:
            nonlocal loose
            inlines = loose.result()
            if inlines:
                out.append(Paragraph(inlines, lang=lang))
            loose = Collector()
            out.extend(self._take_figures())

        loose.text(parent.text)
        for child in parent:
            name = local(child.tag).lower()
            if name in skip or child in self.notes.taken:
                pass
            elif name in _BLOCKISH or name in _SKIP or (name not in _INLINE_NAMES and _has_blocks(child)):
                flush()
                out.extend(self.block(child, name, lang))
                out.extend(self._take_figures())
            else:
                self.inline(loose, child, name)
            loose.text(child.tail)
        flush()
        return out

    def _take_figures(self) -> list[Block]:
        figures, self._figures = self._figures, []
        return figures

    def block(self, el: etree._Element, name: str, inherited: str | None) -> list[Block]:
        lang = lang_of(el) or inherited
        if el in self.notes.taken:
            return []
        if name == "p":
            inlines = self.collect(el)
            if "caption" in el.get("class", "").split() and inlines:  # a picture shown by its caption
                return [Figure("", caption=inlines, lang=lang)]
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
            return figure(self, el, lang)
        if name in ("table", "nitf-table"):
            return table(self, el, lang)
        if name == "media":
            return media(self, el, lang)
        if name == "img":
            found = self._image(el, (), None, lang)
            return [found] if found else []
        if name == "pre":
            code = code_block(el)
            return [replace(code, lang=lang) if lang else code] if code else []
        if name == "dl":
            return definitions(self, el, lang)
        if name in _SKIP:
            if name in ("video", "audio", "iframe", "object", "embed", "nav", "svg", "canvas"):
                self.dropped["media"] += 1
            return []
        if name == "hr":
            return [Rule(lang=lang)]
        kind = notice_kind(el) if name in ("div", "block", "aside", "section") else None
        if kind is not None:
            kids = [b for c in el if not is_notice_label(c) for b in self._one(c, lang_of(c))]
            kids = [b for b in kids if b]
            return [Correction(tuple(kids), kind, lang=lang)] if kids else []
        return self.blocks(el, lang)  # containers, fn, and unknown elements holding blocks

    def _one(self, el: etree._Element, lang: str | None) -> list[Block]:
        """The blocks one child element stands for (loose text beside it is not expected here)."""
        if not isinstance(el.tag, str):
            return []
        name = local(el.tag).lower()
        if name in _BLOCKISH or name in _SKIP or _has_blocks(el):
            return self.block(el, name, lang) + self._take_figures()
        inlines = self.collect(el)
        return ([Paragraph(inlines, lang=lang)] if inlines else []) + self._take_figures()

    def list_block(self, el: etree._Element, ordered: bool, lang: str | None) -> list[Block]:
        items = []
        for child in el:
            if local(child.tag).lower() != "li":
                continue
            item = self.item(child)
            if item.children or item.blocks:
                items.append(item)
        if not items:
            return []
        start = 1
        if ordered:
            try:
                start = int(el.get("start", "1"))
            except ValueError:
                start = 1
        return [ListBlock(ordered, tuple(items), start, lang=lang)]

    def item(self, li: etree._Element) -> ListItem:
        """A list item: its inline content, then the lists and paragraphs nested in it; a task box."""
        col = Collector()
        checked: bool | None = None
        text = (li.text or "").lstrip()
        if text[:1] in _TASK:  # NITF: the box as a character opening the item
            checked, li_text = _TASK[text[0]], text[1:]
        else:
            li_text = li.text
        col.text(li_text)
        nested: list[Block] = []
        for child in li:
            name = local(child.tag).lower() if isinstance(child.tag, str) else ""
            if name == "span" and "task" in child.get("class", "").split() and checked is None \
                    and not col.stack[0]:
                checked = "done" in child.get("class", "").split()
            elif nested or name in _BLOCKISH:
                nested.extend(self._one(child, None))
                if child.tail and child.tail.strip():
                    nested.extend(self.blocks_of_text(child.tail))
                continue
            else:
                self.inline(col, child, name)
            col.text(child.tail)
        return ListItem(col.result(), tuple(nested), checked)

    def _image(self, img: etree._Element, caption: tuple[Inline, ...], credit: str | None,
               lang: str | None) -> Figure | None:
        found = self.pictures.figure(img.get("src") or "", img.get("alt") or "", caption, credit,
                                     img.get("width"), img.get("height"))
        return replace(found, lang=lang) if found is not None and lang else found

    def blocks_of_text(self, text: str) -> list[Block]:
        col = Collector()
        col.text(text)
        inlines = col.result()
        return [Paragraph(inlines)] if inlines else []

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
            figure = self._image(el, (), None, None)
            if figure is not None:
                self._figures.append(figure)
        elif name == "em" and self.nitf:  # NITF has no strong: em with class="strong" (and code ...)
            classes = el.get("class", "").split()
            if "code" in classes:
                text = "".join(el.itertext())
                if text:
                    col.node(Code(clean(text)))
            else:
                kind = next((k for k in ("strong", "deleted", "inserted") if k in classes), "emphasis")
                self._wrap(col, el, kind)
        elif name == "code":
            text = "".join(el.itertext())
            if text:
                col.node(Code(clean(text)))
        elif name in _EMPHASIS:
            self._wrap(col, el, "emphasis")
        elif name in _STRONG:
            self._wrap(col, el, "strong")
        elif name in ("del", "s", "strike"):
            self._wrap(col, el, "deleted")
        elif name == "ins":
            self._wrap(col, el, "inserted")
        elif name == "a":
            self.link(col, el)
        elif name == "sup" and self._only_note(el) is not None:  # a note mark: its link, no spaces
            self.link(col, self._only_note(el))  # type: ignore[arg-type]
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

    def _only_note(self, el: etree._Element) -> etree._Element | None:
        """The note link an element holds and nothing else (whitespace aside), or None."""
        kids = [c for c in el if isinstance(c.tag, str)]
        if len(kids) != 1 or local(kids[0].tag).lower() != "a" or self.notes.target(kids[0]) is None:
            return None
        if (el.text or "").strip() or (kids[0].tail or "").strip():
            return None
        return kids[0]

    def link(self, col: Collector, el: etree._Element) -> None:
        """A link; one to a note is the note, a note's link back vanishes."""
        body = self.notes.target(el)
        if body is not None:
            key = el.get("href", "")
            if key not in self._note_cache:
                self._note_cache[key] = ()  # a note that refers to itself stops here
                content = next((c for c in body if local(c.tag) == "body.content"), body)
                self._note_cache[key] = tuple(self._note_blocks(content))
            if self._note_cache[key]:
                col.node(Note(self._note_cache[key], text_of(el).strip(" []")))
            return
        if is_backlink(el) and any(a in self.notes.taken for a in el.iterancestors()):
            return
        col.open()
        self.content(col, el)
        col.close("link", url=href(el.get("href", "")))

    def _note_blocks(self, el: etree._Element) -> list[Block]:
        """A note's blocks, without the number or link back a writer put in it."""
        saved, self._figures = self._figures, []
        try:
            blocks = self.blocks(el)
            return blocks + self._take_figures()
        finally:
            self._figures = saved

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
