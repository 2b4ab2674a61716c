"""The NITF 3.6 body of a NewsML-G2 item: every node as the closest thing NITF has.

Tables are NITF ``table`` (``caption``, ``thead``/``tbody``, ``th``/``td`` with spans and
``align``); pictures ``media`` (``media-reference`` naming the picture, its size, media type and
alt text, then ``media-caption`` and ``media-producer`` for the credit); notes ``fn`` blocks
after the body, referenced by ``a`` links reading ``[n]``; code blocks ``pre``; rules ``hr``;
corrections a ``block`` with their label. NITF has no inline code, deletion or insertion: those
are ``em`` with a class (``code``, ``deleted``, ``inserted``) and a warning says so. Raw source
markup is never published. NITF has ``xml:lang`` but no ``dir``: a block's direction follows
from its language tag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from lxml import etree

from ..arrange import Arranged
from ..model import (
    BLOCK_TYPES,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Inserted,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Quoted,
    RawBlock,
    RawInline,
    Rule,
    Strong,
    Table,
    Text,
)
from ..namespaces import NITF, XML_LANG
from . import loss
from .notices import notice_label
from .pictures import display_size
from .tablegrid import column_align, place
from .textparts import TASK_BOX, scheme
from .xhtml_tree import append_text

FMT = "NewsML-G2 (NITF body)"
_EM_CLASS = {Code: "code", Deleted: "deleted", Inserted: "inserted"}
_EM_WHY = {Code: "inline code", Deleted: "struck-out (deleted) text", Inserted: "inserted text"}


class Nitf:
    """Turns body blocks into NITF 3.6 elements; numbers notes and names pictures for one item.

    ``names``: figure source -> the name the item refers to the picture by; ``ids``: prefix of
    the ``id`` attributes (unique across the items of one newsMessage).
    """

    def __init__(self, names: Mapping[str, str] | None = None, ids: str = "",
                 language: str = "") -> None:
        self.names = names or {}
        self.ids = ids
        self.language = language
        self.notes: list[Note] = []
        self.in_link = 0

    def el(self, parent: etree._Element, name: str, /, **attrs: str | None) -> etree._Element:
        return etree.SubElement(parent, f"{{{NITF}}}{name}",
                                {k: v for k, v in attrs.items() if v is not None})

    # ----------------------------------------------------------------- inlines

    def inlines(self, parent: etree._Element, nodes: Sequence[Inline]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                append_text(parent, node.text)
            elif isinstance(node, Emphasis):
                self.inlines(self.el(parent, "em"), node.children)
            elif isinstance(node, Strong):  # NITF has no strong: emphasis with a class
                self.inlines(self.el(parent, "em", **{"class": "strong"}), node.children)
            elif isinstance(node, Link):
                self._link(parent, node)
            elif isinstance(node, Quoted):
                append_text(parent, node.opening)
                self.inlines(parent, node.children)
                append_text(parent, node.closing)
            elif isinstance(node, LineBreak):
                self.el(parent, "br")
            elif isinstance(node, Code):
                loss.degraded(FMT, _EM_WHY[Code], 'is em class="code" (NITF has no code markup)')
                self.el(parent, "em", **{"class": "code"}).text = node.text or None
            elif isinstance(node, (Deleted, Inserted)):
                kind = type(node)
                loss.degraded(FMT, _EM_WHY[kind],
                              f'is em class="{_EM_CLASS[kind]}" (NITF has no markup for edits)')
                self.inlines(self.el(parent, "em", **{"class": _EM_CLASS[kind]}), node.children)
            elif isinstance(node, Note):
                self._noteref(parent, node)
            elif isinstance(node, RawInline):
                loss.raw(FMT, node.format, node.text, block=False)
            else:
                raise TypeError(f"unknown inline node {type(node).__name__}")

    def _link(self, parent: etree._Element, node: Link) -> None:
        if scheme(node.url) is None:
            loss.relative_link(FMT, node.url)
            self.inlines(parent, node.children)
            return
        self.in_link += 1
        try:
            self.inlines(self.el(parent, "a", href=node.url), node.children)
        finally:
            self.in_link -= 1

    def _noteref(self, parent: etree._Element, node: Note) -> None:
        self.notes.append(node)
        n = len(self.notes)
        if self.in_link:
            append_text(parent, f"[{n}]")
        else:
            self.el(parent, "a", href=f"#{self.ids}fn{n}", id=f"{self.ids}fnref{n}",
                    **{"class": "noteref"}).text = f"[{n}]"

    # ----------------------------------------------------------------- blocks

    def blocks(self, parent: etree._Element, blocks: Sequence[Block]) -> None:
        for block in blocks:
            self.block(parent, block)

    def block(self, parent: etree._Element, block: Block) -> None:
        # NITF 3.6 has xml:lang on these elements but no dir attribute: a block in a language of
        # its own carries its tag, and its direction follows from the tag.
        lang = {XML_LANG: block.lang} if isinstance(block, BLOCK_TYPES) and block.lang else {}
        if isinstance(block, Paragraph):
            self.inlines(self.el(parent, "p", **lang), block.children)
        elif isinstance(block, Heading):
            cls = f"level{block.level}" if block.level > 2 else None
            self.inlines(self.el(parent, "hl2", **{"class": cls}, **lang), block.children)
        elif isinstance(block, ListBlock):
            lst = self.el(parent, "ol" if block.ordered else "ul", **lang)
            for item in block.items:
                li = self.el(lst, "li")
                if item.checked is not None:
                    li.text = TASK_BOX[item.checked] + " "
                self.inlines(li, item.children)
                self.blocks(li, item.blocks)
        elif isinstance(block, BlockQuote):
            bq = self.el(parent, "bq", **lang)
            self.blocks(self.el(bq, "block"), block.children)
            if block.attribution:
                self.el(bq, "credit").text = block.attribution
        elif isinstance(block, Table):
            self._table(parent, block, lang)
        elif isinstance(block, Figure):
            self._figure(parent, block, lang)
        elif isinstance(block, CodeBlock):
            self.el(parent, "pre", **lang).text = block.text or None
        elif isinstance(block, Rule):
            self.el(parent, "hr")
        elif isinstance(block, Correction):
            box = self.el(parent, "block", **{"class": block.kind}, **lang)
            label = notice_label(block.kind, block.lang or self.language)
            if label:
                p = self.el(box, "p", **{"class": "notice-label"})
                self.el(p, "em", **{"class": "strong"}).text = label
            self.blocks(box, block.children)
        elif isinstance(block, RawBlock):
            loss.raw(FMT, block.format, block.text, block=True)
        else:
            raise TypeError(f"unknown block node {type(block).__name__}")

    def _table(self, parent: etree._Element, node: Table, lang: dict[str, str]) -> None:
        if not (node.head or node.body or node.caption):
            return
        table = self.el(parent, "table", **lang)
        if node.caption:
            self.inlines(self.el(table, "caption"), node.caption)
        rows, _ = place((*node.head, *node.body))
        for section, part in (("thead", rows[:len(node.head)]), ("tbody", rows[len(node.head):])):
            if not part:
                continue
            group = self.el(table, section)
            for row in part:
                tr = self.el(group, "tr")
                for p in row:
                    cell = self.el(tr, "th" if section == "thead" else "td",
                                   colspan=str(p.colspan) if p.colspan > 1 else None,
                                   rowspan=str(p.rowspan) if p.rowspan > 1 else None,
                                   align=column_align(node.aligns, p.col))
                    self.inlines(cell, p.cell.children)

    def _figure(self, parent: etree._Element, node: Figure, lang: dict[str, str]) -> None:
        """``media`` for a picture the item can name; its caption (or alt text) as a ``p`` else."""
        name = self.names.get(node.source)
        if name is None:
            if node.picture is not None:
                loss.degraded(FMT, f"picture {loss.excerpt(node.source)!r}", "not named; caption kept")
            text_nodes = node.caption or ((Text(node.alt),) if node.alt else ())
            if text_nodes or node.credit:
                p = self.el(parent, "p", **{"class": "caption"}, **lang)
                self.inlines(p, text_nodes)
                if node.credit:
                    append_text(p, (" " if text_nodes else "") + node.credit)
            return
        media = self.el(parent, "media", **{"media-type": "image"}, **lang)
        pic = node.picture
        size = display_size(node)
        self.el(media, "media-reference", source=name,
                **{"mime-type": pic.media_type if pic else None,
                   "alternate-text": node.alt or None,
                   "width": str(size[0]) if size else None,
                   "height": str(size[1]) if size else None})
        if node.caption:
            self.inlines(self.el(media, "media-caption"), node.caption)
        if node.credit:
            self.el(media, "media-producer").text = node.credit

    def notes_blocks(self, parent: etree._Element) -> None:
        """One ``fn`` per note referenced so far (notes inside notes included), in number order."""
        i = 0
        while i < len(self.notes):
            fn = self.el(parent, "fn", id=f"{self.ids}fn{i + 1}")
            content = self.el(fn, "body.content")
            self.blocks(content, self.notes[i].children)
            i += 1


def _nitf_byline(parent: etree._Element, doc: Document, text: str) -> None:
    """``byline`` as written, with each author's name as ``person`` and roles as ``byttl``."""
    meta = doc.meta
    byline = etree.SubElement(parent, f"{{{NITF}}}byline")
    marks: list[tuple[str, str]] = [("person", p.name) for p in meta.authors]
    marks += [("byttl", r) for r in dict.fromkeys(p.role for p in meta.authors if p.role)]
    pos = 0
    spans: list[tuple[int, int, str]] = []
    for kind, needle in marks:
        at = text.find(needle, pos) if kind == "person" else text.find(needle)
        if at < 0 or any(s < at + len(needle) and at < e for s, e, _ in spans):
            continue
        spans.append((at, at + len(needle), kind))
        if kind == "person":
            pos = at + len(needle)
    cursor = 0
    for start, end, kind in sorted(spans):
        append_text(byline, text[cursor:start])
        etree.SubElement(byline, f"{{{NITF}}}{kind}").text = text[start:end]
        cursor = end
    append_text(byline, text[cursor:])


def nitf_date(value: datetime) -> str:
    """ISO 8601 basic format, as NITF's ``norm`` attributes use it."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=UTC)
    text = value.replace(microsecond=0).isoformat()
    return text[:19].replace("-", "").replace(":", "") + text[19:].replace(":", "")


def nitf_body(doc: Document, arranged: Arranged, names: Mapping[str, str] | None = None,
              ids: str = "") -> etree._Element:
    """The ``nitf`` element of one article: head as arranged, body content, notes, tagline."""
    meta = doc.meta
    w = Nitf(names, ids, meta.language)
    nitf = etree.Element(f"{{{NITF}}}nitf", nsmap={None: NITF})
    nitf.set(XML_LANG, meta.language)
    body = w.el(nitf, "body")
    head = w.el(body, "body.head")
    w.el(w.el(head, "hedline"), "hl1").text = arranged.headline
    if arranged.byline:
        _nitf_byline(head, doc, arranged.byline)
    if arranged.dateline:  # NITF keeps the dateline in body.head, whatever the layout
        dateline = w.el(head, "dateline")
        if meta.located and arranged.dateline.startswith(meta.located):
            w.el(dateline, "location").text = meta.located
            append_text(dateline, arranged.dateline[len(meta.located):])
        else:
            dateline.text = arranged.dateline
        if meta.date is not None:
            w.el(dateline, "story.date", norm=nitf_date(meta.date))
    if arranged.standfirst:
        w.el(w.el(head, "abstract"), "p").text = arranged.standfirst
    content = w.el(body, "body.content")
    w.blocks(content, arranged.body)
    w.notes_blocks(content)
    if arranged.credit:
        w.el(w.el(body, "body.end"), "tagline").text = arranged.credit
    return nitf


__all__ = ["FMT", "Nitf", "nitf_body", "nitf_date"]
