"""Markdown beyond paragraphs: tables, figures, notes, code, rules, nested and task lists, raw HTML."""

from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image

from convert.api import read, read_file
from convert.model import (
    BlockQuote,
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    Note,
    Paragraph,
    RawBlock,
    RawInline,
    Rule,
    Strong,
    Table,
    Text,
    block_text,
    iter_blocks,
    iter_notes,
    plain_text,
    to_dict,
)
from convert.options import ReadOptions
from convert.readers import markdown
from tests.support import ROOT

RICH = ROOT / "tests" / "fixtures" / "rich"


def md(text: str) -> list:
    return list(read(text, format="markdown").body)


def test_kitchen_sink_article_keeps_every_construct() -> None:
    doc = read_file(RICH / "kitchen_sink.md")
    kinds = {type(b) for b in iter_blocks(doc.body)}
    assert {Paragraph, Heading, ListBlock, BlockQuote, Table, Figure, CodeBlock, Rule, Correction,
            RawBlock} <= kinds
    assert sorted({b.level for b in doc.body if isinstance(b, Heading)}) == [2, 3, 4, 5, 6]
    first = doc.body[0]
    assert doc.meta.dateline == "SUKKUR, June 11 (Reuters)" and isinstance(first, Paragraph)
    assert {type(n) for n in first.children} >= {Strong, Emphasis, Note, Deleted, Link}
    assert [n.url for n in first.children if isinstance(n, Link)] == [
        "https://example.org/flood?a=1&b=2", "https://example.org/gauges"]
    assert block_text(first).endswith("or the top of this page and notes.")  # relative links unlinked
    assert [plain_text(b.children[0].children) for n in iter_notes(doc.body) for b in [n]] == [
        "Figures from the Provincial Disaster Management Authority, 10 June."]
    figures = [b for b in doc.body if isinstance(b, Figure)]
    assert [(f.source, f.alt, plain_text(f.caption), f.credit) for f in figures] == [
        ("pictures/sukkur-barrage.png", "Water pours through the gates of Sukkur barrage",
         "The Sukkur barrage on Tuesday.", "Example News/Ali Khan"),
        ("pictures/relief-camp.jpg", "Tents in a relief camp",
         "Families wait for food at a relief camp near Kotri.", "Example News")]
    table = next(b for b in doc.body if isinstance(b, Table))
    assert plain_text(table.caption) == "Flows at the three barrages, 11 June"
    assert table.aligns == ("left", "right", "right") and len(table.head) == 1 and len(table.body) == 3
    assert isinstance(table.body[0].cells[0].children[0], Strong)
    assert isinstance(table.body[2].cells[0].children[0], Link)
    code = next(b for b in doc.body if isinstance(b, CodeBlock))
    assert code.language == "csv" and code.text == "station,level_m\nGuddu,  9.7\nSukkur, 8.4"
    tasks = next(b for b in doc.body if isinstance(b, ListBlock))
    assert [i.checked for i in tasks.items] == [True, False]
    nested = tasks.items[1].blocks
    assert isinstance(nested[0], ListBlock) and nested[0].ordered
    assert block_text(nested[0].items[1].blocks[0]) == "spare spacer"
    assert block_text(nested[1]) == "Ask a pharmacist for a week's supply."
    terms = [b for b in doc.body if isinstance(b, ListBlock)][1]
    assert terms.items[0].children == (Strong((Text("Cusec"),)),)
    assert block_text(terms.items[0].blocks[0]) == "A flow of one cubic foot per second."
    assert isinstance(doc.body[-1], Correction) and doc.body[-1].kind == "correction"
    assert doc.meta.credit == "(Reporting by Jane Doe; Editing by Ali Khan)"
    raw = [n for b in doc.body if isinstance(b, Paragraph) for n in b.children if isinstance(n, RawInline)]
    assert [r.text for r in raw] == ['<span class="tracker">', "</span>"]


def test_html_comments_never_reach_the_model() -> None:
    text = ("# Title\n\nBefore <!-- inline: secret --> after.\n\n<!-- legal: do not publish -->\n\n"
            "<div>\n<!-- also secret -->\nkept\n</div>\n")
    doc = read(text, format="markdown")
    everything = json.dumps(to_dict(doc))
    assert "secret" not in everything and "do not publish" not in everything
    assert block_text(doc.body[0]) == "Before  after." or block_text(doc.body[0]) == "Before after."
    assert isinstance(doc.body[-1], RawBlock) and "kept" in doc.body[-1].text


@pytest.mark.parametrize("text", ["#\n\nBody text.\n", "[](./x.md)\n\nBody text.\n",
                                  "#\n\n[](./x.md)\n\n<a href='x'>\n\nBody text.\n"])
def test_first_lines_without_text_are_not_the_headline(text: str) -> None:
    assert read(text, format="markdown").meta.headline == "Body text."


def test_relative_and_fragment_links_keep_only_their_text() -> None:
    body = md("# T\n\n[top](#top), [x](./x.md), [y](../y.html), [z](https://z.org), [m](mailto:a@b.org)\n")
    links = [n.url for n in body[0].children if isinstance(n, Link)]
    assert links == ["https://z.org", "mailto:a@b.org"]
    assert block_text(body[0]) == "top, x, y, z, m"


def test_pandoc_title_block_gives_title_authors_and_date() -> None:
    doc = read("% Floods in Sindh\n% Jane Doe; Ali Khan\n% 2025-06-11\n\nRiver levels rose.\n",
               format="markdown")
    assert doc.meta.headline == "Floods in Sindh" and [p.name for p in doc.meta.authors] == [
        "Jane Doe", "Ali Khan"]
    assert doc.meta.date is not None and doc.meta.date.date().isoformat() == "2025-06-11"
    assert block_text(doc.body[0]) == "River levels rose."
    empty_author = read("% Title only\n%\n% not a date\n\nText.\n", format="markdown")
    assert empty_author.meta.headline == "Title only" and empty_author.meta.authors == ()
    assert empty_author.meta.date is None
    _, diag = markdown.explain(b"% T\n%\n% not a date\n\nText.\n", ReadOptions())
    assert any("not a date" in w for w in diag.warnings)


def test_front_matter_wins_over_the_title_block() -> None:
    doc = read("---\ntitle: From YAML\n---\n% From the block\n\nText.\n", format="markdown")
    assert doc.meta.headline == "From YAML"


def test_footnotes_become_notes_where_referenced() -> None:
    body = md("# T\n\nA claim[^1] and another^[An inline note.] and a missing one[^x].\n\n"
              "[^1]: Reuters, *quoting* officials.\n\n    A second paragraph.\n")
    notes = [n for n in body[0].children if isinstance(n, Note)]
    assert [n.label for n in notes] == ["1", ""]
    assert [block_text(b) for b in notes[0].children] == ["Reuters, quoting officials.",
                                                          "A second paragraph."]
    assert block_text(notes[1].children[0]) == "An inline note."
    assert "missing one[^x]." in block_text(body[0])
    assert len(body) == 1  # the definitions are not body text


def test_strikethrough_inline_code_and_breaks() -> None:
    body = md("# T\n\nTurnout ~~52~~ 54 per cent in `NA  246`.\n\n***\n\n    indented code\n")
    kids = body[0].children
    assert Deleted((Text("52"),)) in kids and Code("NA  246") in kids
    assert isinstance(body[1], Rule)
    assert body[2] == CodeBlock("indented code")


def test_images_become_figures() -> None:
    body = md('# T\n\n![A rally](rally.jpg "Supporters in Lahore (Photo: AFP)")\n\n'
              "Text with ![an icon](icon.png) inside.\n\n![Crowd](crowd.webp)\n\n*The crowd.*\n\n"
              "![a](1.png) ![b](2.png)\n")
    kinds = [type(b).__name__ for b in body]
    assert kinds == ["Figure", "Paragraph", "Figure", "Figure", "Figure", "Figure"]
    assert (body[0].alt, plain_text(body[0].caption), body[0].credit) == (
        "A rally", "Supporters in Lahore", "AFP")
    assert block_text(body[1]) == "Text with inside." and body[2].source == "icon.png"
    assert plain_text(body[3].caption) == "The crowd." and body[3].source == "crowd.webp"
    assert [f.source for f in body[4:]] == ["1.png", "2.png"]


def test_data_uri_pictures_are_decoded_and_bad_ones_warned() -> None:
    out = io.BytesIO()
    Image.new("RGB", (5, 4)).save(out, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    doc, diag = markdown.explain(f"# T\n\n![ok]({uri})\n\n![bad](data:image/png;base64,AAAA)\n".encode(),
                                 ReadOptions())
    good, bad = doc.body
    assert good.picture is not None and (good.picture.width, good.picture.height) == (5, 4)
    assert good.source == "" and bad.picture is None and bad.alt == "bad"
    assert len(diag.warnings) == 1 and "picture bad" in diag.warnings[0]


def test_lists_nest_to_any_depth() -> None:
    text = "# T\n\n" + "".join("  " * d + f"- level {d}\n" for d in range(8))
    block = md(text)[0]
    depth = 0
    while isinstance(block, ListBlock):
        depth += 1
        item = block.items[0]
        block = item.blocks[0] if item.blocks else None
    assert depth == 8


@pytest.mark.parametrize(("last", "kind"), [
    ("Correction: An earlier version misnamed the minister.", "correction"),
    ("*An earlier version of this article gave the wrong date.*", "correction"),
    ("Editor's note: Names have been changed.", "editors-note"),
    ("Clarification: The figures are provisional.", "clarification"),
])
def test_a_final_notice_is_a_correction(last: str, kind: str) -> None:
    body = md(f"# T\n\nText.\n\n{last}\n")
    assert isinstance(body[-1], Correction) and body[-1].kind == kind
    assert block_text(body[-1]) == plain_text(body[-1].children[0].children)
    earlier = md(f"# T\n\n{last}\n\nMore text.\n")
    assert not any(isinstance(b, Correction) for b in earlier)


def test_raw_html_blocks_and_inlines_are_kept_raw() -> None:
    body = md("# T\n\n<table><tr><td>x</td></tr></table>\n\nA <b>bold</b> word.\n")
    assert body[0] == RawBlock("html", "<table><tr><td>x</td></tr></table>")
    assert [n for n in body[1].children if isinstance(n, RawInline)] == [
        RawInline("html", "<b>"), RawInline("html", "</b>")]
    assert block_text(body[1]) == "A bold word."


def test_kitchen_sink_golden_model_json(golden) -> None:
    doc = read_file(RICH / "kitchen_sink.md")
    golden.check("reader/rich/kitchen_sink.md.json",
                 json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\n")
