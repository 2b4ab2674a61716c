"""markdown-it block tokens as model blocks: tables, figures, notes, code, rules, nested and task lists.

How each construct maps (the model has no definition list: a term is a list item in bold, its
definitions the item's nested blocks):

- a paragraph that is only images is one figure per image (the title is the caption); an image
  with an italic line directly under it (``![alt](x.jpg)`` newline ``*Caption*``), or followed
  by a paragraph that is one italic run, takes that as its caption; a credit that ends a caption
  (``... Photo: AFP``) becomes the figure's credit; an image inside running text becomes a figure
  after its paragraph;
- a ``Table: ...`` paragraph next to a table is its caption;
- footnotes (``[^1]`` and ``[^1]: text``, inline ``^[text]``) become notes where referenced;
- raw HTML blocks are kept as raw (never published), comments dropped.
"""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from ..model import (
    Block,
    BlockQuote,
    CodeBlock,
    Emphasis,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    RawBlock,
    Rule,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    plain_text,
)
from ..resources import PictureError, is_data_uri, picture_from_data_uri
from .conventions import Conventions
from .decode import clean_text
from .inlines import merge_text
from .markdown_inlines import HTML_COMMENT, Image, convert_inlines, inlines_only
from .text_captions import split_credit_inlines

_ALIGN = {"text-align:left": "left", "text-align:right": "right", "text-align:center": "center"}
_TASK = {"[ ] ": False, "[x] ": True, "[X] ": True}


def close_index(tokens: list[Token], i: int) -> int:
    """Index of the token closing tokens[i] (itself when it does not nest)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


class BlockBuilder:
    """Turns one parsed article's tokens into blocks; ``warnings`` says what could not be kept."""

    def __init__(self, tokens: list[Token], conv: Conventions) -> None:
        self.conv = conv
        self.warnings: list[str] = []
        self._notes: dict[int, tuple[int, int]] = {}
        self._built: dict[int, tuple[Block, ...]] = {}
        self._building: set[int] = set()
        self.tokens = tokens
        self.main = tokens
        for i, tok in enumerate(tokens):
            if tok.type == "footnote_block_open":
                self.main = tokens[:i]
                self._collect_notes(i, close_index(tokens, i))
                break

    def _collect_notes(self, start: int, end: int) -> None:
        i = start + 1
        while i < end:
            if self.tokens[i].type == "footnote_open":
                j = close_index(self.tokens, i)
                self._notes[int((self.tokens[i].meta or {}).get("id", -1))] = (i + 1, j)
                i = j
            i += 1

    def note(self, meta: dict[str, Any]) -> Note | None:
        """The note a footnote reference stands for (None when it refers to itself)."""
        key = int(meta.get("id", -1))
        if key in self._building or key not in self._notes:
            return None
        if key not in self._built:
            self._building.add(key)
            start, end = self._notes[key]
            self._built[key] = tuple(self.blocks(self.tokens[start:end]))
            self._building.discard(key)
        return Note(self._built[key], str(meta.get("label", "") or ""))

    # ----------------------------------------------------------------------- blocks

    def blocks(self, tokens: list[Token]) -> list[Block]:
        out: list[Block] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            end = close_index(tokens, i)
            kind = tok.type
            if kind == "heading_open":
                inl = inlines_only(convert_inlines(tokens[i + 1], self.note))
                if inl:
                    out.append(Heading(int(tok.tag[1]), inl))
            elif kind == "paragraph_open":
                self._paragraph(tokens[i + 1], out)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._list(tokens[i + 1:end], kind == "ordered_list_open", tok, out)
            elif kind == "blockquote_open":
                inner = self.blocks(tokens[i + 1:end])
                if inner:
                    out.append(BlockQuote(tuple(inner)))
            elif kind in ("fence", "code_block"):
                text = tok.content.rstrip("\n")
                if text.strip():
                    language = tok.info.split()[0] if tok.info.strip() else None
                    out.append(CodeBlock(text, clean_text(language) if language else None))
            elif kind == "html_block":
                raw = HTML_COMMENT.sub("", tok.content).strip("\n")
                if raw.strip():
                    out.append(RawBlock("html", raw))
            elif kind == "hr":
                out.append(Rule())
            elif kind == "table_open":
                self._table(tokens[i + 1:end], out)
            elif kind == "dl_open":
                self._definitions(tokens[i + 1:end], out)
            i = end + 1
        return out

    def _paragraph(self, tok: Token, out: list[Block]) -> None:
        nodes = convert_inlines(tok, self.note)
        if not any(isinstance(n, Image) for n in nodes):
            inl = tuple(merge_text(nodes))
            if inl:
                if _is_caption_line(inl) and out and isinstance(out[-1], Figure) and not out[-1].caption:
                    out[-1] = self._captioned(out[-1], inl)
                elif _is_table_caption(inl) and out and isinstance(out[-1], Table) and not out[-1].caption:
                    out[-1] = _with_caption(out[-1], inl)
                else:
                    out.append(Paragraph(inl))
            return
        shape = [c.type for c in tok.children or () if not (c.type == "text" and not c.content.strip())
                 and c.type not in ("link_open", "link_close")]
        images = [n for n in nodes if isinstance(n, Image)]
        if all(t in ("image", "softbreak", "hardbreak") for t in shape):
            out.extend(self._figure(img, ()) for img in images)
        elif shape[0] == "image" and len(shape) > 2 and shape[1] in ("softbreak", "hardbreak") \
                and shape[2] == "em_open" and len(images) == 1:
            caption = tuple(merge_text(nodes[nodes.index(images[0]) + 1:]))
            out.append(self._figure(images[0], caption))
        else:  # pictures inside running text: the text, then its pictures
            inl = tuple(merge_text(_without_images(nodes)))
            if inl:
                out.append(Paragraph(inl))
            out.extend(self._figure(img, ()) for img in images)

    def _figure(self, img: Image, caption: tuple[Inline, ...]) -> Figure:
        source, picture = img.source, None
        if is_data_uri(source):
            source = ""
            try:
                picture = picture_from_data_uri(img.source)
            except PictureError as exc:
                self.warnings.append(f"picture {img.alt or 'in a data: URI'}: {exc}; its caption is kept")
        figure = Figure(source, alt=img.alt, picture=picture)
        if not caption and img.title:
            caption = (Text(img.title),)
        return self._captioned(figure, caption) if caption else figure

    def _captioned(self, figure: Figure, caption: tuple[Inline, ...]) -> Figure:
        caption, credit = split_credit_inlines(caption, self.conv)
        if len(caption) == 1 and isinstance(caption[0], Emphasis):
            caption = caption[0].children  # the italic line is how the caption is marked
        return Figure(figure.source, figure.alt, caption, credit or figure.credit, figure.picture)

    def _list(self, tokens: list[Token], ordered: bool, open_tok: Token, out: list[Block]) -> None:
        items: list[ListItem] = []
        i = 0
        while i < len(tokens):
            if tokens[i].type == "list_item_open":
                end = close_index(tokens, i)
                items.append(_item(self.blocks(tokens[i + 1:end])))
                i = end
            i += 1
        start = 1
        if ordered:
            try:
                start = int(open_tok.attrs.get("start", 1) or 1)
            except (TypeError, ValueError):
                start = 1
        out.append(ListBlock(ordered, tuple(items), start))

    def _table(self, tokens: list[Token], out: list[Block]) -> None:
        head: list[TableRow] = []
        body: list[TableRow] = []
        aligns: list[str | None] = []
        in_head = False
        cells: list[TableCell] = []
        for tok in tokens:
            if tok.type in ("thead_open", "tbody_open"):
                in_head = tok.type == "thead_open"
            elif tok.type == "tr_open":
                cells = []
            elif tok.type in ("th_open", "td_open") and in_head:
                aligns.append(_ALIGN.get(str(tok.attrs.get("style", "")).replace(" ", "")))
            elif tok.type == "inline":
                nodes = convert_inlines(tok, self.note)
                cells.append(TableCell(inlines_only(nodes)))
            elif tok.type == "tr_close":
                (head if in_head else body).append(TableRow(tuple(cells)))
        table = Table(tuple(head), tuple(body), aligns=tuple(aligns) if any(aligns) else ())
        if out and isinstance(out[-1], Paragraph) and _is_table_caption(out[-1].children):
            table = _with_caption(table, out.pop().children)  # type: ignore[union-attr]
        out.append(table)

    def _definitions(self, tokens: list[Token], out: list[Block]) -> None:
        items: list[ListItem] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            end = close_index(tokens, i)
            if tok.type == "dt_open":
                term = inlines_only(convert_inlines(tokens[i + 1], self.note))
                items.append(ListItem((Strong(term),) if term else ()))
            elif tok.type == "dd_open":
                inner = tuple(self.blocks(tokens[i + 1:end]))
                if items:
                    last = items[-1]
                    items[-1] = ListItem(last.children, last.blocks + inner)
                else:
                    items.append(ListItem((), inner))
            i = end + 1
        if items:
            out.append(ListBlock(False, tuple(items)))


def _without_images(nodes: list[Any]) -> list[Any]:
    """Inline content with its images taken out, and the space one leaves doubled made single."""
    out: list[Any] = []
    gap = False
    for node in nodes:
        if isinstance(node, Image):
            gap = True
            continue
        if gap and isinstance(node, Text) and out and isinstance(out[-1], Text) \
                and out[-1].text.endswith(" ") and node.text.startswith(" "):
            node = Text(node.text[1:])
        gap = False
        out.append(node)
    return out


def _item(blocks: list[Block]) -> ListItem:
    """A list item: its first paragraph's inlines, then its other blocks; a task box when marked."""
    children: tuple[Inline, ...] = ()
    if blocks and isinstance(blocks[0], Paragraph):
        children = blocks.pop(0).children  # type: ignore[union-attr]
    checked = None
    first = children[0] if children else None
    if isinstance(first, Text) and first.text[:4] in _TASK:
        checked = _TASK[first.text[:4]]
        rest = first.text[4:]
        children = ((Text(rest),) if rest else ()) + children[1:]
    return ListItem(children, tuple(blocks), checked)


def _is_caption_line(inlines: tuple[Inline, ...]) -> bool:
    """One italic run, maybe followed by a credit: a caption under a picture."""
    return isinstance(inlines[0], Emphasis) and all(isinstance(n, Text) for n in inlines[1:])


def _is_table_caption(inlines: tuple[Inline, ...]) -> bool:
    first = inlines[0] if inlines else None
    return isinstance(first, Text) and first.text.startswith("Table: ") and len(plain_text(inlines)) > 7


def _with_caption(table: Table, inlines: tuple[Inline, ...]) -> Table:
    first = inlines[0]
    assert isinstance(first, Text)
    rest = first.text[len("Table: "):].lstrip()
    caption = ((Text(rest),) if rest else ()) + inlines[1:]
    return Table(table.head, table.body, caption, table.aligns, table.attrs, table.lang)
