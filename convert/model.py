"""The Document model: immutable, typed article data that every reader produces and every writer consumes.

The model knows nothing about output formats. Writers never re-parse strings: structure lives in
the Block and Inline classes below, metadata in :class:`Meta`. The closed unions ``Block`` and
``Inline`` are dispatched exhaustively by each writer; a new node type (images, later) is added
here first and every writer must then handle it or fail loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

#: Version of the JSON serialisation produced by :func:`to_dict` (``newsconvert parse --json``).
JSON_VERSION = 1

#: Generic attribute map for extensions, kept hashable and immutable: ``(("key", "value"), ...)``.
Attrs = tuple[tuple[str, str], ...]


# --------------------------------------------------------------------------- inline content


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text (already cleaned: NFC, no XML-illegal characters)."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Stressed text (italic in most styles)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strongly important text (bold in most styles)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; ``url`` is absolute (``https:``, ``mailto:`` ...)."""

    children: tuple[Inline, ...]
    url: str


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quotation inside a paragraph; the marks are kept exactly as typed (curly or straight)."""

    children: tuple[Inline, ...]
    opening: str = "\u201c"
    closing: str = "\u201d"


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A forced line break inside a block."""


Inline = Text | Emphasis | Strong | Link | Quoted | LineBreak
INLINE_TYPES: tuple[type, ...] = (Text, Emphasis, Strong, Link, Quoted, LineBreak)


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph."""

    children: tuple[Inline, ...]
    attrs: Attrs = ()
    #: BCP 47 tag of this block when its language differs from the article's ``meta.language``
    #: (an Urdu paragraph in an English story); None: the article's language. Its direction
    #: follows from the tag through :mod:`convert.textutil`.
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A subheading inside the body; level 2 is the first level below the headline."""

    level: int
    children: tuple[Inline, ...]
    attrs: Attrs = ()
    #: Language tag when it differs from the article's (see :attr:`Paragraph.lang`).
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item: a run of inline content (nested blocks are flattened by readers)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted (``ordered=False``) or numbered list."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    attrs: Attrs = ()
    #: Language tag when it differs from the article's (see :attr:`Paragraph.lang`).
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A quotation set off from the text; ``attribution`` is who said it, when known."""

    children: tuple[Block, ...]
    attribution: str | None = None
    attrs: Attrs = ()
    #: Language tag when it differs from the article's (see :attr:`Paragraph.lang`).
    lang: str | None = None


Block = Paragraph | Heading | ListBlock | BlockQuote
BLOCK_TYPES: tuple[type, ...] = (Paragraph, Heading, ListBlock, BlockQuote)


# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True, slots=True)
class Person:
    """A byline person; ``role`` is e.g. ``"Staff Reporter"`` when the byline names one."""

    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Subject:
    """A controlled-vocabulary subject, e.g. ``Subject("medtop:06000000", "environment")``."""

    qcode: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Meta:
    """News metadata with named fields; anything else goes to ``extra``.

    Dates are timezone-aware. ``identifier`` is a stable URI derived from provider and content
    (see :func:`convert.identity.make_identifier`) unless given explicitly.
    """

    headline: str
    subheadline: str | None = None
    #: Names on the byline as written, without "By" and without the role (``"A and B"``).
    byline: str | None = None
    #: The people on the byline, each with an optional role.
    authors: tuple[Person, ...] = ()
    #: The whole byline line as written (``"By A and B, Staff Reporters"``).
    by: str | None = None
    #: Dateline lead without its separator (``"ISLAMABAD, Dec 20 (Reuters)"``).
    dateline: str | None = None
    #: Place named by the dateline (``"ISLAMABAD"``), for NewsML ``located``.
    located: str | None = None
    #: First publication (timezone-aware).
    date: datetime | None = None
    #: Last modification of the content (timezone-aware).
    modified: datetime | None = None
    #: BCP 47 language tag of the article. Readers settle it with
    #: :func:`convert.readers.language.settle_language` (stated, identified, or the fallback).
    language: str = "en"
    keywords: tuple[str, ...] = ()
    subjects: tuple[Subject, ...] = ()
    #: Where the information comes from (agency, newspaper): NewsML ``infoSource``.
    source: str | None = None
    #: The publication the article appears in ("Dawn"), as the article or the user names it;
    #: shown in running headers and as EPUB ``dc:publisher``. Never the tool's name.
    publication: str | None = None
    #: Credit line, e.g. a wire trailer "(Reporting by ...; Editing by ...)".
    credit: str | None = None
    #: Copyright notice as displayed ("Copyright 2025 Example News Ltd").
    copyright: str | None = None
    copyright_holder: str | None = None
    usage_terms: str | None = None
    #: Who manages and distributes the item (NewsML ``provider``).
    provider: str = "newsconvert.invalid"
    provider_uri: str | None = None
    identifier: str = ""
    version: int = 1
    #: Editorial urgency 1 (highest) .. 9.
    urgency: int | None = None
    slugline: str | None = None
    ednote: str | None = None
    #: Publishing status: "usable", "withheld" or "canceled".
    pub_status: str = "usable"
    extra: Attrs = ()


@dataclass(frozen=True, slots=True)
class Document:
    """One article: metadata plus body blocks."""

    meta: Meta
    body: tuple[Block, ...] = ()
    #: Where it was read from (file name or "<stdin>"), for error messages only.
    origin: str = field(default="", compare=False)

    def with_meta(self, **changes: Any) -> Document:
        """Return a copy with some metadata fields replaced."""
        return replace(self, meta=replace(self.meta, **changes))


# --------------------------------------------------------------------------- helpers


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Flatten inline content to its text (quotation marks kept, line breaks as spaces)."""
    parts: list[str] = []
    _flatten(inlines, parts)
    return "".join(parts)


def _flatten(inlines: tuple[Inline, ...], out: list[str]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Quoted):
            out.append(node.opening)
            _flatten(node.children, out)
            out.append(node.closing)
        elif isinstance(node, (Emphasis, Strong, Link)):
            _flatten(node.children, out)
        elif isinstance(node, LineBreak):
            out.append(" ")
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"unknown inline node {type(node).__name__}")


def block_text(block: Block) -> str:
    """The plain text of a block (list items joined by newlines, quote paragraphs by spaces)."""
    if isinstance(block, (Paragraph, Heading)):
        return plain_text(block.children)
    if isinstance(block, ListBlock):
        return "\n".join(plain_text(item.children) for item in block.items)
    if isinstance(block, BlockQuote):
        return " ".join(block_text(child) for child in block.children)
    raise TypeError(f"unknown block node {type(block).__name__}")


def document_text(doc: Document) -> str:
    """All visible text of the body in order, one block per line (for ids, word counts, tests).

    Not memoised: it costs about 3 µs for a seed-sized article, less than a cache lookup keyed
    on the document would.
    """
    return "\n".join(block_text(b) for b in doc.body)


# --------------------------------------------------------------------------- JSON


def _inline_to_dict(node: Inline) -> dict[str, Any]:
    if isinstance(node, Text):
        return {"type": "text", "text": node.text}
    if isinstance(node, LineBreak):
        return {"type": "linebreak"}
    kids = [_inline_to_dict(c) for c in node.children]
    if isinstance(node, Emphasis):
        return {"type": "emphasis", "children": kids}
    if isinstance(node, Strong):
        return {"type": "strong", "children": kids}
    if isinstance(node, Link):
        return {"type": "link", "url": node.url, "children": kids}
    if isinstance(node, Quoted):
        return {"type": "quoted", "opening": node.opening, "closing": node.closing, "children": kids}
    raise TypeError(f"unknown inline node {type(node).__name__}")


def _inline_from_dict(d: dict[str, Any]) -> Inline:
    kind = d["type"]
    if kind == "text":
        return Text(d["text"])
    if kind == "linebreak":
        return LineBreak()
    kids = tuple(_inline_from_dict(c) for c in d.get("children", ()))
    if kind == "emphasis":
        return Emphasis(kids)
    if kind == "strong":
        return Strong(kids)
    if kind == "link":
        return Link(kids, d["url"])
    if kind == "quoted":
        return Quoted(kids, d.get("opening", "\u201c"), d.get("closing", "\u201d"))
    raise ValueError(f"unknown inline type {kind!r}")


def _block_to_dict(block: Block) -> dict[str, Any]:
    out: dict[str, Any]
    if isinstance(block, Paragraph):
        out = {"type": "paragraph", "text": block_text(block),
               "inlines": [_inline_to_dict(c) for c in block.children]}
    elif isinstance(block, Heading):
        out = {"type": "heading", "level": block.level, "text": block_text(block),
               "inlines": [_inline_to_dict(c) for c in block.children]}
    elif isinstance(block, ListBlock):
        out = {"type": "list", "ordered": block.ordered, "start": block.start,
               "items": [plain_text(i.children) for i in block.items],
               "item_inlines": [[_inline_to_dict(c) for c in i.children] for i in block.items]}
    elif isinstance(block, BlockQuote):
        out = {"type": "blockquote", "text": block_text(block),
               "children": [_block_to_dict(c) for c in block.children]}
        if block.attribution:
            out["attribution"] = block.attribution
    else:
        raise TypeError(f"unknown block node {type(block).__name__}")
    if block.attrs:
        out["attrs"] = dict(block.attrs)
    if block.lang:
        out["lang"] = block.lang
    return out


def _block_from_dict(d: dict[str, Any]) -> Block:
    attrs: Attrs = tuple(sorted((d.get("attrs") or {}).items()))
    lang: str | None = d.get("lang") or None
    kind = d["type"]
    if kind == "paragraph":
        return Paragraph(_inlines_or_text(d), attrs, lang)
    if kind == "heading":
        return Heading(int(d.get("level", 2)), _inlines_or_text(d), attrs, lang)
    if kind == "list":
        if "item_inlines" in d:
            items = tuple(ListItem(tuple(_inline_from_dict(c) for c in it)) for it in d["item_inlines"])
        else:
            items = tuple(ListItem((Text(t),)) for t in d.get("items", ()))
        return ListBlock(bool(d.get("ordered", False)), items, int(d.get("start", 1)), attrs, lang)
    if kind == "blockquote":
        kids = d.get("children")
        children = (tuple(_block_from_dict(c) for c in kids) if kids is not None
                    else (Paragraph((Text(d.get("text", "")),)),))
        return BlockQuote(children, d.get("attribution"), attrs, lang)
    raise ValueError(f"unknown block type {kind!r}")


def _inlines_or_text(d: dict[str, Any]) -> tuple[Inline, ...]:
    if "inlines" in d:
        return tuple(_inline_from_dict(c) for c in d["inlines"])
    return (Text(d.get("text", "")),)


_DATE_FIELDS = ("date", "modified")


def to_dict(doc: Document) -> dict[str, Any]:
    """The public JSON form of a Document (documented in the README, versioned by JSON_VERSION)."""
    meta: dict[str, Any] = {}
    for f in fields(Meta):
        value = getattr(doc.meta, f.name)
        if value is None or value == () or value == "":
            continue
        if f.name in _DATE_FIELDS:
            value = value.isoformat()
        elif f.name == "authors":
            value = [{"name": p.name, **({"role": p.role} if p.role else {})} for p in value]
        elif f.name == "subjects":
            value = [{"qcode": s.qcode, **({"name": s.name} if s.name else {})} for s in value]
        elif f.name == "extra":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        meta[f.name] = value
    return {"version": JSON_VERSION, "meta": meta, "body": [_block_to_dict(b) for b in doc.body]}


def from_dict(data: dict[str, Any]) -> Document:
    """Rebuild a Document from :func:`to_dict` output (used by tests and tools)."""
    m = dict(data["meta"])
    for name in _DATE_FIELDS:
        if m.get(name):
            m[name] = datetime.fromisoformat(m[name])
    if "authors" in m:
        m["authors"] = tuple(Person(p["name"], p.get("role")) for p in m["authors"])
    if "subjects" in m:
        m["subjects"] = tuple(Subject(s["qcode"], s.get("name")) for s in m["subjects"])
    if "keywords" in m:
        m["keywords"] = tuple(m["keywords"])
    if "extra" in m:
        m["extra"] = tuple(sorted(m["extra"].items()))
    return Document(Meta(**m), tuple(_block_from_dict(b) for b in data.get("body", ())))
