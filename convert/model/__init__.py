"""The Document model: immutable, typed article data that every reader produces and every writer consumes.

The model knows nothing about output formats. Writers never re-parse strings: structure lives in
the Block and Inline classes (:mod:`.nodes`), metadata in :class:`Meta` (:mod:`.meta`). The closed
unions ``Block`` and ``Inline`` are dispatched exhaustively by each writer; a new node type is
added here first and every writer must then handle it or fail loudly. :mod:`.text` gives plain
text, :mod:`.serial` the public JSON form.
"""

from __future__ import annotations

from .meta import Document, Meta, Person, Subject
from .nodes import (
    BLOCK_TYPES,
    CORRECTION_KINDS,
    INLINE_TYPES,
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
from .serial import JSON_VERSION, READ_VERSIONS, from_dict, to_dict
from .text import block_text, blocks_text, document_text, iter_blocks, iter_notes, plain_text

__all__ = [
    "BLOCK_TYPES", "CORRECTION_KINDS", "INLINE_TYPES", "JSON_VERSION", "READ_VERSIONS", "Attrs",
    "Block", "BlockQuote", "Code", "CodeBlock", "Correction", "Deleted", "Document", "Emphasis",
    "Figure", "Heading", "Inline", "Inserted", "LineBreak", "Link", "ListBlock", "ListItem", "Meta",
    "Note", "Paragraph", "Person", "Picture", "Quoted", "RawBlock", "RawInline", "Rule", "Strong",
    "Subject", "Table", "TableCell", "TableRow", "Text", "block_text", "blocks_text",
    "document_text", "from_dict", "iter_blocks", "iter_notes", "plain_text", "to_dict",
]
