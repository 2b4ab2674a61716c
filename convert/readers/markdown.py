"""Read a Markdown article (CommonMark, via markdown-it-py) into a Document.

The same article conventions as plain text apply on top of CommonMark: YAML front matter, the
first ``#`` heading (or first paragraph) is the headline, a standfirst before a ``By ...`` byline,
a dateline lead in the first paragraph, wire credit trailers, and stand-alone junk paragraphs.
"""

from __future__ import annotations

import functools
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import InputError
from ..identity import make_identifier
from ..model import (
    Block,
    BlockQuote,
    Document,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    Strong,
    Text,
    document_text,
    plain_text,
)
from ..options import ReadOptions
from .conventions import Conventions, is_wire_credit, junk_matcher, load_conventions, parse_byline
from .datelines import split_dateline
from .decode import clean_text, squash
from .diagnostics import Diagnostics
from .inlines import parse_inlines
from .language import settle_language
from .load import load_article
from .metadata import MetaFields, finish_meta


@functools.cache
def _parser() -> MarkdownIt:
    """One CommonMark parser per process (with tables and strikethrough enabled)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def read(data: bytes, options: ReadOptions) -> Document:
    """Parse Markdown article bytes."""
    return explain(data, options)[0]


def explain(data: bytes, options: ReadOptions) -> tuple[Document, Diagnostics]:
    """Parse Markdown article bytes and say what was decided (``newsconvert parse``)."""
    diag = Diagnostics()
    origin, lines, fields = load_article(data, options, diag)
    conv = options.conventions if options.conventions is not None else load_conventions()

    blocks = _blocks(_parser().parse("\n".join(lines)))
    junk = junk_matcher(options.junk_patterns, conv)
    kept: list[Block] = []
    for b in blocks:
        flat = squash(plain_text(b.children)) if isinstance(b, Paragraph) else ""
        if flat and junk.fullmatch(flat):
            diag.junk.append(flat)
        else:
            kept.append(b)
    blocks = kept
    if len(blocks) > options.max_blocks:
        raise InputError(f"too many blocks ({len(blocks):,})", path=origin)

    if "headline" not in fields.values:
        if not blocks or isinstance(blocks[0], (ListBlock, BlockQuote)):
            raise InputError("no headline: start the article with a '# Headline' line or a "
                             "title in front matter", path=origin)
        first = blocks.pop(0)
        fields.set_inferred("headline", squash(plain_text(first.children)))  # type: ignore[union-attr]

    blocks = _head(blocks, fields, conv)
    body: list[Block] = []
    dateline_checked = False
    for block in blocks:
        if isinstance(block, Paragraph):
            flat = squash(plain_text(block.children))
            if is_wire_credit(flat, conv):
                fields.set_inferred("credit", flat)
                continue
            if not dateline_checked:
                dateline_checked = True
                block = _strip_dateline(block, fields, conv)
        if isinstance(block, Heading) and block.level < 2:
            block = Heading(2, block.children, block.attrs)
        body.append(block)

    values = finish_meta(fields, options)
    diag.dateline, diag.byline = values.get("dateline"), values.get("by") or values.get("byline")
    diag.credit = values.get("credit")
    diag.headings = [squash(plain_text(b.children)) for b in body if isinstance(b, Heading)]
    doc = Document(Meta(**values), tuple(body), origin=origin)
    doc, language = settle_language(doc, options, given=values.get("language"))
    diag.language = language.as_dict()
    if not doc.meta.identifier:
        doc = doc.with_meta(identifier=make_identifier(doc.meta.provider, doc.meta.headline,
                                                       document_text(doc)))
    return doc, diag


def _head(blocks: list[Block], fields: MetaFields, conv: Conventions) -> list[Block]:
    """Standfirst paragraph(s) followed by a ``By ...`` byline paragraph."""
    for i, block in enumerate(blocks[:3]):
        if not isinstance(block, Paragraph):
            return blocks
        lines = plain_text(block.children).split("\n")
        parsed = parse_byline(squash(lines[-1]), conv)
        if parsed is None:
            continue
        before = [squash(plain_text(b.children)) for b in blocks[:i]  # type: ignore[union-attr]
                  ] + [squash(x) for x in lines[:-1]]
        names, people = parsed
        fields.set_inferred("byline", names)
        fields.set_inferred("authors", people)
        fields.set_inferred("by", squash(lines[-1]))
        if before:
            fields.set_inferred("subheadline", squash(" ".join(before)))
        return blocks[i + 1:]
    return blocks


def _strip_dateline(block: Paragraph, fields: MetaFields, conv: Conventions) -> Paragraph:
    first = block.children[0] if block.children else None
    if not isinstance(first, Text) or "dateline" in fields.values:
        return block
    found = split_dateline(first.text, conv)
    if found is None:
        return block
    fields.set_inferred("dateline", found.lead)
    fields.set_inferred("located", found.place)
    rest = (Text(found.rest),) if found.rest else ()
    return Paragraph(rest + block.children[1:], block.attrs)


# --------------------------------------------------------------------------- tokens -> model


def _blocks(tokens: list[Token]) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        end = _close(tokens, i)
        kind = tok.type
        if kind == "heading_open":
            out.append(Heading(int(tok.tag[1]), _inline(tokens[i + 1])))
        elif kind == "paragraph_open":
            inl = _inline(tokens[i + 1])
            if inl:
                out.append(Paragraph(inl))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            out.append(_list(tokens[i + 1:end], kind == "ordered_list_open", tok))
        elif kind == "blockquote_open":
            inner = _blocks(tokens[i + 1:end])
            out.append(BlockQuote(tuple(inner) or (Paragraph(()),)))
        elif kind in ("fence", "code_block", "html_block"):
            text = squash(clean_text(tok.content).replace("\n", " "))
            if text:
                out.append(Paragraph((Text(text),)))
        elif kind == "table_open":
            for row in _table_rows(tokens[i + 1:end]):
                out.append(Paragraph((Text(row),)))
        i = end + 1
    return out


def _close(tokens: list[Token], i: int) -> int:
    """Index of the token closing tokens[i] (itself when it does not nest)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _list(tokens: list[Token], ordered: bool, open_tok: Token) -> ListBlock:
    items: list[ListItem] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type == "list_item_open":
            end = _close(tokens, i)
            parts: list[Inline] = []
            for inner in _blocks(tokens[i + 1:end]):
                flat = _flatten_block(inner)
                if parts and flat:
                    parts.append(Text(" "))
                parts.extend(flat)
            items.append(ListItem(tuple(parts)))
            i = end
        i += 1
    start = int(open_tok.attrs.get("start", 1) or 1) if ordered else 1
    return ListBlock(ordered, tuple(items), start)


def _flatten_block(block: Block) -> tuple[Inline, ...]:
    if isinstance(block, (Paragraph, Heading)):
        return block.children
    if isinstance(block, ListBlock):
        out: list[Inline] = []
        for item in block.items:
            if out:
                out.append(Text("; "))
            out.extend(item.children)
        return tuple(out)
    out2: list[Inline] = []
    for child in block.children:
        out2.extend(_flatten_block(child))
    return tuple(out2)


def _table_rows(tokens: list[Token]) -> list[str]:
    rows: list[str] = []
    cells: list[str] = []
    for tok in tokens:
        if tok.type == "tr_open":
            cells = []
        elif tok.type == "inline":
            cells.append(squash(clean_text(tok.content)))
        elif tok.type == "tr_close":
            rows.append(" | ".join(cells))
    return rows


def _inline(tok: Token) -> tuple[Inline, ...]:
    """Inline tokens to model inlines; plain text runs also get quotation and link detection."""
    stack: list[tuple[str, list[Inline], dict[str, Any]]] = [("root", [], {})]
    for child in tok.children or ():
        kind = child.type
        top = stack[-1][1]
        if kind == "text":
            top.extend(parse_inlines(clean_text(child.content)) if stack[-1][0] != "link"
                       else [Text(clean_text(child.content))])
        elif kind in ("code_inline", "html_inline"):
            top.append(Text(clean_text(child.content)))
        elif kind == "softbreak":
            top.append(Text(" "))
        elif kind == "hardbreak":
            top.append(LineBreak())
        elif kind == "image":
            alt = clean_text(child.content or "")
            if alt:
                top.append(Text(alt))
        elif kind in ("em_open", "strong_open", "link_open", "s_open"):
            stack.append((kind[:-5], [], dict(child.attrs)))
        elif kind in ("em_close", "strong_close", "link_close", "s_close"):
            name, kids, attrs = stack.pop()
            node: Inline | None
            if name == "em":
                node = Emphasis(tuple(kids))
            elif name == "strong":
                node = Strong(tuple(kids))
            elif name == "link":
                href = str(attrs.get("href", ""))
                node = Link(tuple(kids), href) if href else None
            else:
                node = None
            if node is not None:
                stack[-1][1].append(node)
            else:
                stack[-1][1].extend(kids)
    while len(stack) > 1:  # unbalanced input: keep the text
        _, kids, _ = stack.pop()
        stack[-1][1].extend(kids)
    return _merge_text(stack[0][1])


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and node.text == ""):
            out.append(node)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return tuple(n for n in out if not (isinstance(n, Text) and n.text == ""))
