"""The body's nodes: inline content and blocks, immutable values every reader makes and every writer renders.

The closed unions ``Inline`` and ``Block`` are dispatched exhaustively by each writer: a writer
handles every class here or fails loudly (``TypeError``), and a construct a format cannot hold is
a warning naming it, never a silent loss. Writers never re-parse strings: structure lives here.
"""

from __future__ import annotations

from msgspec import Struct

#: Generic attribute map for extensions, kept hashable and immutable: ``(("key", "value"), ...)``.
Attrs = tuple[tuple[str, str], ...]


# --------------------------------------------------------------------------- inline content


class Text(Struct, frozen=True):
    """A run of plain text (already cleaned: NFC, no XML-illegal characters)."""

    text: str


class Emphasis(Struct, frozen=True):
    """Stressed text (italic in most styles)."""

    children: tuple[Inline, ...]


class Strong(Struct, frozen=True):
    """Strongly important text (bold in most styles)."""

    children: tuple[Inline, ...]


class Link(Struct, frozen=True):
    """A hyperlink; ``url`` is absolute (``https:``, ``mailto:`` ...)."""

    children: tuple[Inline, ...]
    url: str


class Quoted(Struct, frozen=True):
    """A quotation inside a paragraph; the marks are kept exactly as typed (curly or straight)."""

    children: tuple[Inline, ...]
    opening: str = "\u201c"
    closing: str = "\u201d"


class LineBreak(Struct, frozen=True):
    """A forced line break inside a block."""


class Code(Struct, frozen=True):
    """Inline code or data, set in a monospace font, its spaces kept."""

    text: str


class Deleted(Struct, frozen=True):
    """Text struck out by a correction: shown struck, never as current text."""

    children: tuple[Inline, ...]


class Inserted(Struct, frozen=True):
    """Text added by a correction (underlined or marked as inserted)."""

    children: tuple[Inline, ...]


class Note(Struct, frozen=True):
    """A footnote at the point it is referenced; its blocks are the note's text.

    Writers number notes in document order and show them as footnotes or endnotes, as their format
    allows. ``label`` is the source's own label (``[^src]``), kept for round trips only.
    """

    children: tuple[Block, ...]
    label: str = ""


class RawInline(Struct, frozen=True):
    """Markup in a source format (``"html"``) that is kept but never published as text.

    Writers drop it with a warning naming the construct; comments never reach the model.
    """

    format: str
    text: str


Inline = Text | Emphasis | Strong | Link | Quoted | LineBreak | Code | Deleted | Inserted | Note | RawInline
INLINE_TYPES: tuple[type, ...] = (Text, Emphasis, Strong, Link, Quoted, LineBreak, Code, Deleted,
                                  Inserted, Note, RawInline)


# --------------------------------------------------------------------------- blocks
#
# Every block has ``attrs`` and ``lang``: the block's BCP 47 tag when its language differs from
# the article's ``meta.language`` (an Urdu paragraph in an English story); None: the article's
# language. Its direction follows from the tag through :mod:`convert.textutil`.


class Paragraph(Struct, frozen=True):
    """A body paragraph."""

    children: tuple[Inline, ...]
    attrs: Attrs = ()
    lang: str | None = None


class Heading(Struct, frozen=True):
    """A subheading inside the body; level 2 is the first level below the headline, 6 the last."""

    level: int
    children: tuple[Inline, ...]
    attrs: Attrs = ()
    lang: str | None = None


class ListItem(Struct, frozen=True):
    """One list item: its inline text, then any blocks nested in it (sub-lists, paragraphs).

    ``checked`` is a task list's box: True (done), False (open), None (not a task).
    """

    children: tuple[Inline, ...]
    blocks: tuple[Block, ...] = ()
    checked: bool | None = None


class ListBlock(Struct, frozen=True):
    """A bulleted (``ordered=False``) or numbered list; items may nest lists to any depth."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    attrs: Attrs = ()
    lang: str | None = None


class BlockQuote(Struct, frozen=True):
    """A quotation set off from the text; ``attribution`` is who said it, when known."""

    children: tuple[Block, ...]
    attribution: str | None = None
    attrs: Attrs = ()
    lang: str | None = None


class TableCell(Struct, frozen=True):
    """One cell: inline content, spanning ``colspan`` columns and ``rowspan`` rows."""

    children: tuple[Inline, ...]
    colspan: int = 1
    rowspan: int = 1


class TableRow(Struct, frozen=True):
    """One row of cells."""

    cells: tuple[TableCell, ...]


class Table(Struct, frozen=True):
    """A table: header rows (repeated on each page where a format can), body rows, a caption.

    ``aligns`` holds one entry per column: "left", "center", "right" or None (the default).
    """

    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    caption: tuple[Inline, ...] = ()
    aligns: tuple[str | None, ...] = ()
    attrs: Attrs = ()
    lang: str | None = None


class Picture(Struct, frozen=True):
    """A picture's bytes as checked when read (format, pixel size); writers never open files."""

    media_type: str  # "image/jpeg", "image/png", "image/gif", "image/webp"
    data: bytes
    width: int
    height: int


class Figure(Struct, frozen=True):
    """A picture with its alt text, caption and credit.

    ``source`` is where the article says the picture is (a path relative to the article, or a
    URI); ``picture`` holds its bytes once loaded (None: not found or not fetched — writers then
    show the caption, and the pipeline has warned). ``width`` and ``height`` are the size the
    article asks for, in CSS pixels, when it does.
    """

    source: str
    alt: str = ""
    caption: tuple[Inline, ...] = ()
    credit: str | None = None
    picture: Picture | None = None
    width: int | None = None
    height: int | None = None
    attrs: Attrs = ()
    lang: str | None = None


class CodeBlock(Struct, frozen=True):
    """Code or data shown as it is: line breaks and spaces kept, a monospace font."""

    text: str
    language: str | None = None
    attrs: Attrs = ()
    lang: str | None = None


class Rule(Struct, frozen=True):
    """A thematic break (a horizontal rule)."""

    attrs: Attrs = ()
    lang: str | None = None


class Correction(Struct, frozen=True):
    """A notice appended to the story, as newsrooms print it.

    ``kind``: "correction" ("An earlier version of this article ..."), "editors-note" or
    "clarification".
    """

    children: tuple[Block, ...]
    kind: str = "correction"
    attrs: Attrs = ()
    lang: str | None = None


class RawBlock(Struct, frozen=True):
    """A block of source markup (``"html"``) kept but never published; writers drop it with a warning."""

    format: str
    text: str
    attrs: Attrs = ()
    lang: str | None = None


Block = (Paragraph | Heading | ListBlock | BlockQuote | Table | Figure | CodeBlock | Rule
         | Correction | RawBlock)
BLOCK_TYPES: tuple[type, ...] = (Paragraph, Heading, ListBlock, BlockQuote, Table, Figure, CodeBlock,
                                 Rule, Correction, RawBlock)
#: Correction kinds a reader may set.
CORRECTION_KINDS = ("correction", "editors-note", "clarification")
