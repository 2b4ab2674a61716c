"""The richer nodes (tables, figures, notes, code, rules, corrections, raw markup, nested lists):
their plain text, their walk, and their JSON round trip (version 2, version 1 still read)."""

from __future__ import annotations

import pytest

from convert.model import (
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inserted,
    ListBlock,
    ListItem,
    Meta,
    Note,
    Paragraph,
    Picture,
    RawBlock,
    RawInline,
    Rule,
    Table,
    TableCell,
    TableRow,
    Text,
    block_text,
    document_text,
    from_dict,
    iter_blocks,
    iter_notes,
    plain_text,
    to_dict,
)

PNG = Picture("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, 2, 1)
NOTE = Note((Paragraph((Text("Figures from the election commission."),)),), label="1")


def rich() -> Document:
    cell = TableCell
    return Document(Meta(headline="Rich"), (
        Paragraph((Text("Turnout was "), Deleted((Text("52"),)), Inserted((Text("54"),)),
                   Text(" per cent"), NOTE, Text(" in "), Code("NA-246"), RawInline("html", "<b>"))),
        Table((TableRow((cell((Text("Party"),)), cell((Text("Seats"),)))),),
              (TableRow((cell((Emphasis((Text("PTI"),)),)), cell((Text("93"),)))),
               TableRow((cell((Text("Total"),), colspan=2),))),
              caption=(Text("Results"),), aligns=("left", "right")),
        Figure("pics/rally.jpg", alt="A rally", caption=(Text("Supporters in Lahore"),),
               credit="AFP", picture=PNG, width=640),
        CodeBlock("a = 1\n  b = 2\n", language="python"),
        Rule(),
        ListBlock(False, (ListItem((Text("one"),), (ListBlock(True, (ListItem((Text("one.a"),)),)),),
                                   checked=True),
                          ListItem((Text("two"),), checked=False))),
        Heading(6, (Text("Deep"),)),
        Correction((Paragraph((Text("An earlier version misstated the turnout."),)),)),
        RawBlock("html", "<div>kept, never published</div>"),
    ))


def test_json_round_trip_of_every_new_node():
    doc = rich()
    data = to_dict(doc)
    assert data["version"] == 2
    assert from_dict(data) == doc
    kinds = [b["type"] for b in data["body"]]
    assert kinds == ["paragraph", "table", "figure", "code", "rule", "list", "heading", "correction", "raw"]
    assert data["body"][2]["picture"]["media_type"] == "image/png"


def test_version_1_documents_still_read_and_unknown_versions_are_refused():
    old = {"version": 1, "meta": {"headline": "Old"},
           "body": [{"type": "paragraph", "text": "x", "inlines": [{"type": "text", "text": "x"}]},
                    {"type": "list", "ordered": False, "start": 1, "items": ["a"]}]}
    doc = from_dict(old)
    assert document_text(doc) == "x\na" and doc.body[1].items[0].blocks == ()
    with pytest.raises(ValueError, match="version 9"):
        from_dict({**old, "version": 9})


def test_plain_text_shows_what_a_reader_sees():
    para = rich().body[0]
    assert plain_text(para.children) == "Turnout was 5254 per cent in NA-246"  # no note, no raw
    table, figure, code, rule = rich().body[1:5]
    assert block_text(table) == "Results\nParty | Seats\nPTI | 93\nTotal"
    assert block_text(figure) == "Supporters in Lahore" and block_text(code) == "a = 1\n  b = 2\n"
    assert block_text(rule) == "" and block_text(rich().body[-1]) == ""
    assert block_text(rich().body[5]) == "one\none.a\ntwo"


def test_walks_find_nested_blocks_and_notes_in_order():
    kinds = [type(b).__name__ for b in iter_blocks(rich().body)]
    assert kinds.count("ListBlock") == 2 and "Correction" in kinds and kinds.count("Paragraph") == 2
    assert list(iter_notes(rich().body)) == [NOTE]
