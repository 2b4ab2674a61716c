"""The plain text of inline content, blocks and documents (for word counts, ids, search, tests).

What a reader sees: deleted text counts (it is shown, struck out), notes and raw markup do not
(a note is not running text; raw markup is never published). :func:`iter_blocks` walks every
block, nested ones included, for writers and checks that must see them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .meta import Document
from .nodes import (
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


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Flatten inline content to its text (quotation marks kept, line breaks as spaces)."""
    parts: list[str] = []
    _flatten(inlines, parts)
    return "".join(parts)


def _flatten(inlines: tuple[Inline, ...], out: list[str]) -> None:
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, Quoted):
            out.append(node.opening)
            _flatten(node.children, out)
            out.append(node.closing)
        elif isinstance(node, (Emphasis, Strong, Link, Deleted, Inserted)):
            _flatten(node.children, out)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (Note, RawInline)):
            continue
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"unknown inline node {type(node).__name__}")


def block_text(block: Block) -> str:
    """The plain text of a block.

    List items are joined by newlines (nested blocks after their item), quote and correction
    paragraphs by spaces, table rows by newlines with cells joined by `` | ``; a figure is its
    caption (else its alt text); a rule and raw markup have none.
    """
    if isinstance(block, (Paragraph, Heading)):
        return plain_text(block.children)
    if isinstance(block, ListBlock):
        lines = []
        for item in block.items:
            lines.append(plain_text(item.children))
            lines.extend(block_text(b) for b in item.blocks)
        return "\n".join(lines)
    if isinstance(block, (BlockQuote, Correction)):
        return " ".join(block_text(child) for child in block.children)
    if isinstance(block, Table):
        rows = [" | ".join(plain_text(c.children) for c in row.cells)
                for row in (*block.head, *block.body)]
        return "\n".join(([plain_text(block.caption)] if block.caption else []) + rows)
    if isinstance(block, Figure):
        return plain_text(block.caption) or block.alt
    if isinstance(block, CodeBlock):
        return block.text
    if isinstance(block, (Rule, RawBlock)):
        return ""
    raise TypeError(f"unknown block node {type(block).__name__}")


def document_text(doc: Document) -> str:
    """All visible text of the body in order, one block per line (for ids, word counts, tests).

    Not memoised: it costs about 3 µs for a seed-sized article, less than a cache lookup keyed
    on the document would.
    """
    return blocks_text(doc.body)


def blocks_text(blocks: Iterable[Block]) -> str:
    """:func:`document_text` of a body not yet in a Document (a reader making its identifier)."""
    return "\n".join(block_text(b) for b in blocks)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first: quote and correction children, list items' nested blocks."""
    for block in blocks:
        yield block
        if isinstance(block, (BlockQuote, Correction)):
            yield from iter_blocks(block.children)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item.blocks)


def iter_notes(blocks: tuple[Block, ...]) -> Iterator[Note]:
    """Every note in document order (the order writers number them in)."""
    for block in iter_blocks(blocks):
        for inlines in _inline_groups(block):
            yield from _notes(inlines)


def _inline_groups(block: Block) -> Iterator[tuple[Inline, ...]]:
    if isinstance(block, (Paragraph, Heading)):
        yield block.children
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield item.children
    elif isinstance(block, Table):
        yield block.caption
        for row in (*block.head, *block.body):
            for cell in row.cells:
                yield cell.children
    elif isinstance(block, Figure):
        yield block.caption


def _notes(inlines: tuple[Inline, ...]) -> Iterator[Note]:
    for node in inlines:
        if isinstance(node, Note):
            yield node
            for child in iter_blocks(node.children):
                for group in _inline_groups(child):
                    yield from _notes(group)
        elif isinstance(node, (Emphasis, Strong, Link, Quoted, Deleted, Inserted)):
            yield from _notes(node.children)
