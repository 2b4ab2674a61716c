"""The Document as JSON (``newsconvert parse --json``): a public, versioned form, and back.

Version 2 adds tables, figures (picture bytes in base64), notes, code, rules, corrections, raw
markup, deleted and inserted text, nested list blocks and task boxes; version 1 documents (the
same keys without those) still read.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from .meta import Document, Meta, Person, Subject
from .nodes import (
    Attrs,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
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
    Note,
    Paragraph,
    Picture,
    Quoted,
    RawBlock,
    RawInline,
    Rule,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
)
from .text import block_text, plain_text

#: Version of the JSON serialisation produced by :func:`to_dict` (``newsconvert parse --json``).
JSON_VERSION = 2
#: Versions :func:`from_dict` reads.
READ_VERSIONS = (1, 2)

_WRAPPERS: dict[str, type] = {"emphasis": Emphasis, "strong": Strong, "deleted": Deleted,
                              "inserted": Inserted}


def _inline_to_dict(node: Inline) -> dict[str, Any]:
    if isinstance(node, Text):
        return {"type": "text", "text": node.text}
    if isinstance(node, LineBreak):
        return {"type": "linebreak"}
    if isinstance(node, Code):
        return {"type": "code", "text": node.text}
    if isinstance(node, RawInline):
        return {"type": "raw", "format": node.format, "text": node.text}
    if isinstance(node, Note):
        out: dict[str, Any] = {"type": "note", "blocks": [_block_to_dict(b) for b in node.children]}
        if node.label:
            out["label"] = node.label
        return out
    kids = _inlines(node.children)
    if isinstance(node, Link):
        return {"type": "link", "url": node.url, "children": kids}
    if isinstance(node, Quoted):
        return {"type": "quoted", "opening": node.opening, "closing": node.closing, "children": kids}
    for name, cls in _WRAPPERS.items():
        if isinstance(node, cls):
            return {"type": name, "children": kids}
    raise TypeError(f"unknown inline node {type(node).__name__}")


def _inlines(nodes: tuple[Inline, ...]) -> list[dict[str, Any]]:
    return [_inline_to_dict(c) for c in nodes]


def _inline_from_dict(d: dict[str, Any]) -> Inline:
    kind = d["type"]
    if kind == "text":
        return Text(d["text"])
    if kind == "linebreak":
        return LineBreak()
    if kind == "code":
        return Code(d["text"])
    if kind == "raw":
        return RawInline(d["format"], d["text"])
    if kind == "note":
        return Note(tuple(_block_from_dict(b) for b in d.get("blocks", ())), d.get("label", ""))
    kids = _inlines_from(d.get("children", ()))
    if kind == "link":
        return Link(kids, d["url"])
    if kind == "quoted":
        return Quoted(kids, d.get("opening", "\u201c"), d.get("closing", "\u201d"))
    if kind in _WRAPPERS:
        return _WRAPPERS[kind](kids)
    raise ValueError(f"unknown inline type {kind!r}")


def _inlines_from(items: Any) -> tuple[Inline, ...]:
    return tuple(_inline_from_dict(c) for c in items)


def _cell_to_dict(cell: TableCell) -> dict[str, Any]:
    out: dict[str, Any] = {"text": plain_text(cell.children), "inlines": _inlines(cell.children)}
    if cell.colspan != 1:
        out["colspan"] = cell.colspan
    if cell.rowspan != 1:
        out["rowspan"] = cell.rowspan
    return out


def _cell_from_dict(d: dict[str, Any]) -> TableCell:
    return TableCell(_inlines_or_text(d), int(d.get("colspan", 1)), int(d.get("rowspan", 1)))


def _rows(rows: tuple[TableRow, ...]) -> list[list[dict[str, Any]]]:
    return [[_cell_to_dict(c) for c in row.cells] for row in rows]


def _rows_from(rows: Any) -> tuple[TableRow, ...]:
    return tuple(TableRow(tuple(_cell_from_dict(c) for c in row)) for row in rows)


def _list_to_dict(block: ListBlock) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "list", "ordered": block.ordered, "start": block.start,
                           "items": [plain_text(i.children) for i in block.items],
                           "item_inlines": [_inlines(i.children) for i in block.items]}
    if any(i.blocks for i in block.items):
        out["item_blocks"] = [[_block_to_dict(b) for b in i.blocks] for i in block.items]
    if any(i.checked is not None for i in block.items):
        out["checked"] = [i.checked for i in block.items]
    return out


def _figure_to_dict(block: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "figure", "source": block.source, "alt": block.alt,
                           "text": plain_text(block.caption), "caption": _inlines(block.caption)}
    for name in ("credit", "width", "height"):
        if getattr(block, name) is not None:
            out[name] = getattr(block, name)
    if block.picture is not None:
        p = block.picture
        out["picture"] = {"media_type": p.media_type, "width": p.width, "height": p.height,
                          "data": base64.b64encode(p.data).decode("ascii")}
    return out


def _block_to_dict(block: Block) -> dict[str, Any]:
    out: dict[str, Any]
    if isinstance(block, Paragraph):
        out = {"type": "paragraph", "text": block_text(block), "inlines": _inlines(block.children)}
    elif isinstance(block, Heading):
        out = {"type": "heading", "level": block.level, "text": block_text(block),
               "inlines": _inlines(block.children)}
    elif isinstance(block, ListBlock):
        out = _list_to_dict(block)
    elif isinstance(block, BlockQuote):
        out = {"type": "blockquote", "text": block_text(block),
               "children": [_block_to_dict(c) for c in block.children]}
        if block.attribution:
            out["attribution"] = block.attribution
    elif isinstance(block, Table):
        out = {"type": "table", "text": block_text(block), "caption": _inlines(block.caption),
               "head": _rows(block.head), "body": _rows(block.body), "aligns": list(block.aligns)}
    elif isinstance(block, Figure):
        out = _figure_to_dict(block)
    elif isinstance(block, CodeBlock):
        out = {"type": "code", "text": block.text}
        if block.language:
            out["language"] = block.language
    elif isinstance(block, Rule):
        out = {"type": "rule"}
    elif isinstance(block, Correction):
        out = {"type": "correction", "kind": block.kind, "text": block_text(block),
               "children": [_block_to_dict(c) for c in block.children]}
    elif isinstance(block, RawBlock):
        out = {"type": "raw", "format": block.format, "text": block.text}
    else:
        raise TypeError(f"unknown block node {type(block).__name__}")
    if block.attrs:
        out["attrs"] = dict(block.attrs)
    if block.lang:
        out["lang"] = block.lang
    return out


def _list_from_dict(d: dict[str, Any], attrs: Attrs, lang: str | None) -> ListBlock:
    if "item_inlines" in d:
        inlines = [_inlines_from(it) for it in d["item_inlines"]]
    else:
        inlines = [(Text(t),) for t in d.get("items", ())]
    nested = d.get("item_blocks") or [[] for _ in inlines]
    checked = d.get("checked") or [None for _ in inlines]
    items = tuple(ListItem(kids, tuple(_block_from_dict(b) for b in blocks), box)
                  for kids, blocks, box in zip(inlines, nested, checked, strict=True))
    return ListBlock(bool(d.get("ordered", False)), items, int(d.get("start", 1)), attrs, lang)


def _figure_from_dict(d: dict[str, Any], attrs: Attrs, lang: str | None) -> Figure:
    pic = d.get("picture")
    picture = (Picture(pic["media_type"], base64.b64decode(pic["data"]), int(pic["width"]),
                       int(pic["height"])) if pic else None)
    return Figure(d.get("source", ""), d.get("alt", ""), _inlines_from(d.get("caption", ())),
                  d.get("credit"), picture, d.get("width"), d.get("height"), attrs, lang)


def _block_from_dict(d: dict[str, Any]) -> Block:
    attrs: Attrs = tuple(sorted((d.get("attrs") or {}).items()))
    lang: str | None = d.get("lang") or None
    kind = d["type"]
    if kind == "paragraph":
        return Paragraph(_inlines_or_text(d), attrs, lang)
    if kind == "heading":
        return Heading(int(d.get("level", 2)), _inlines_or_text(d), attrs, lang)
    if kind == "list":
        return _list_from_dict(d, attrs, lang)
    if kind == "blockquote":
        kids = d.get("children")
        children = (tuple(_block_from_dict(c) for c in kids) if kids is not None
                    else (Paragraph((Text(d.get("text", "")),)),))
        return BlockQuote(children, d.get("attribution"), attrs, lang)
    if kind == "table":
        return Table(_rows_from(d.get("head", ())), _rows_from(d.get("body", ())),
                     _inlines_from(d.get("caption", ())), tuple(d.get("aligns", ())), attrs, lang)
    if kind == "figure":
        return _figure_from_dict(d, attrs, lang)
    if kind == "code":
        return CodeBlock(d.get("text", ""), d.get("language"), attrs, lang)
    if kind == "rule":
        return Rule(attrs, lang)
    if kind == "correction":
        return Correction(tuple(_block_from_dict(c) for c in d.get("children", ())),
                          d.get("kind", "correction"), attrs, lang)
    if kind == "raw":
        return RawBlock(d["format"], d["text"], attrs, lang)
    raise ValueError(f"unknown block type {kind!r}")


def _inlines_or_text(d: dict[str, Any]) -> tuple[Inline, ...]:
    if "inlines" in d:
        return _inlines_from(d["inlines"])
    return (Text(d.get("text", "")),)


_DATE_FIELDS = ("date", "modified")


def to_dict(doc: Document) -> dict[str, Any]:
    """The public JSON form of a Document (documented in the README, versioned by JSON_VERSION)."""
    meta: dict[str, Any] = {}
    for name in Meta.__struct_fields__:
        value = getattr(doc.meta, name)
        if value is None or value == () or value == "":
            continue
        if name in _DATE_FIELDS:
            value = value.isoformat()
        elif name == "authors":
            value = [{"name": p.name, **({"role": p.role} if p.role else {})} for p in value]
        elif name == "subjects":
            value = [{"qcode": s.qcode, **({"name": s.name} if s.name else {})} for s in value]
        elif name == "extra":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        meta[name] = value
    return {"version": JSON_VERSION, "meta": meta, "body": [_block_to_dict(b) for b in doc.body]}


def from_dict(data: dict[str, Any]) -> Document:
    """Rebuild a Document from :func:`to_dict` output (this version or an earlier one)."""
    version = data.get("version", 1)
    if version not in READ_VERSIONS:
        raise ValueError(f"unsupported document JSON version {version!r} (read: "
                         f"{', '.join(map(str, READ_VERSIONS))})")
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
