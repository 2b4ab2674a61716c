"""One instance of every inline and block class of the model, for each writer's dispatch test."""

from __future__ import annotations

from convert.model import (
    BlockQuote,
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Emphasis,
    Figure,
    Heading,
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
from tests.sample_docs import PNG_BYTES

NOTE = Note((Paragraph((Text("A note."),)),))
#: One instance of every inline and block class of the model.
INLINES = {Text: Text("t"), Emphasis: Emphasis((Text("e"),)), Strong: Strong((Text("s"),)),
           Link: Link((Text("l"),), "https://example.org/"), Quoted: Quoted((Text("q"),)),
           LineBreak: LineBreak(), Code: Code("c"), Deleted: Deleted((Text("d"),)),
           Inserted: Inserted((Text("i"),)), Note: NOTE, RawInline: RawInline("html", "<b>")}
BLOCKS = {
    Paragraph: Paragraph((Text("p"),)), Heading: Heading(5, (Text("h"),)),
    ListBlock: ListBlock(False, (ListItem((Text("i"),), (Paragraph((Text("n"),)),), True),)),
    Table: Table((TableRow((TableCell((Text("h"),)),)),), (TableRow((TableCell((Text("c"),)),)),)),
    Figure: Figure("x.png", "alt", picture=Picture("image/png", PNG_BYTES, 16, 12)),
    CodeBlock: CodeBlock("x = 1\n"), Rule: Rule(),
    Correction: Correction((Paragraph((Text("c"),)),)), RawBlock: RawBlock("html", "<div/>"),
    BlockQuote: BlockQuote((Paragraph((Text("q"),)),), "Someone"),
}


