"""The DOCX reader: our DOCX round trip, pandoc's and LibreOffice's, Normal-only Word, tracked changes."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from convert.api import read_file
from convert.errors import InputError
from convert.model import (
    BlockQuote,
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Quoted,
    Strong,
    Table,
    Text,
    block_text,
    plain_text,
    to_dict,
)
from convert.options import ReadOptions, WriteOptions
from convert.readers import docx as docx_reader
from convert.styles import load_style
from convert.writers import docx as docx_writer
from tests.sample_docs import kitchen_sink
from tests.support import CORPUS, ROOT, SEEDS, SHARED, require

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
INPUTS = ROOT / "tests" / "fixtures" / "inputs"


def opts() -> WriteOptions:
    return WriteOptions(style=load_style("default"), timestamp=TS, generator="newsconvert",
                        generator_version="test")


def explain(data: bytes, origin: str = "a.docx", **kw):
    return docx_reader.explain(data, ReadOptions(origin=origin, **kw))


def model(doc) -> dict:
    """``to_dict`` with dates as UTC instants: core properties keep W3CDTF UTC times only."""
    data = to_dict(doc)
    for key in ("date", "modified"):
        value = getattr(doc.meta, key)
        if value is not None:
            data["meta"][key] = value.astimezone(UTC).isoformat()
    return data


# --------------------------------------------------------------------------- our own DOCX


def test_text_to_docx_to_model_equals_text_to_model() -> None:
    articles = sorted(CORPUS.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    articles += sorted((SHARED / "corpus-real").glob("*/*.txt"))
    require(len(articles) > 20, "corpora not found")
    compared = 0
    for path in articles:
        try:
            doc = read_file(path)
        except InputError:
            continue
        back = docx_reader.read(docx_writer.write(doc, opts()), ReadOptions(origin=path.name))
        assert model(back) == model(doc), path.name
        compared += 1
    assert compared > 80


def test_kitchen_sink_round_trip_keeps_every_node() -> None:
    """Every node kind and the metadata DOCX carries; what Word cannot hold is listed here.

    Inserted text (its own character style), task boxes, paragraphs inside list items (``List
    Continue``), the ``Horizontal Line`` rule and a notice (its ``Notice Label`` paragraph not
    body text) all come back as the nodes they were.
    """
    doc = kitchen_sink()
    back, diagnostics = explain(docx_writer.write(doc, opts()))
    assert _as_docx_holds(back.body) == _as_docx_holds(doc.body)
    urdu = next(b for b in back.body if isinstance(b, Paragraph) and "ہم" in block_text(b))
    assert urdu.lang == "ur"  # identified: a DOCX states no block languages we trust
    # The 640 x 480 px picture is wider than the A4 text column (162 mm, 612 px): Word shows it
    # fitted to the column, its aspect kept.
    shown = next(b for b in back.body if isinstance(b, Figure))
    assert shown.width == 612 and shown.height == 459
    want, got = model(doc)["meta"], model(back)["meta"]
    # DOCX keeps subject codes without names, a category derived from them, and no per-person
    # roles (the byline's role goes to every name, as the text reader reads that byline)
    assert got.pop("subjects") == [{"qcode": "medtop:06000000"}]
    assert got.pop("extra") == {"category": "environment"}
    assert [p["name"] for p in got.pop("authors")] == [p["name"] for p in want.pop("authors")]
    want.pop("subjects")
    assert got == want
    assert diagnostics.warnings == []


def _as_docx_holds(blocks: tuple) -> list:
    """Blocks as a Word document holds them: the same nodes, less what the format has no place for.

    Raw markup is never published; block languages are identified again; a note is numbered by
    Word (its source label is not kept); a picture is named by its media part (compared by its
    bytes) and shown at a size that fits the text column (checked apart); a code block's
    language and final newline have no place in Word's paragraphs. A credit is printed as given
    ("Photo: Example News"), and read back without the word that marks it as a credit (the
    reader's conventions); a column aligned left is aligned as Word's default.
    """
    from msgspec.structs import replace as copy

    from convert.model import CodeBlock, RawBlock, RawInline
    from convert.resources import map_blocks

    def one(b):
        if isinstance(b, Figure):
            credit = b.credit.split(":", 1)[1].strip() if b.credit and ":" in b.credit else b.credit
            return copy(b, source="", picture=b.picture.data if b.picture else None, credit=credit,
                        width=None, height=None)
        if isinstance(b, CodeBlock):
            return copy(b, text=b.text.rstrip("\n"), language=None)
        if isinstance(b, Table):
            b = copy(b, aligns=tuple(None if a == "left" else a for a in b.aligns))
        if hasattr(b, "lang") and b.lang:
            b = copy(b, lang=None)
        if isinstance(b, Paragraph):
            return copy(b, children=_inlines(b.children))
        return b

    def _inlines(nodes: tuple) -> tuple:
        out = []
        for n in nodes:
            if isinstance(n, RawInline):
                continue
            if isinstance(n, Note):
                n = Note(tuple(one(x) for x in n.children), "")
            elif hasattr(n, "children"):
                n = copy(n, children=_inlines(n.children))
            out.append(n)
        return tuple(out)

    return [b for b in map_blocks(tuple(blocks), one) if not isinstance(b, RawBlock)]


# --------------------------------------------------------------------------- pandoc, LibreOffice


@pytest.mark.parametrize("name", ["pandoc.docx", "libreoffice.docx"])
def test_pandoc_and_libreoffice_docx(name: str) -> None:
    doc, diagnostics = explain((INPUTS / name).read_bytes(), name)
    meta = doc.meta
    assert meta.headline == "River levels rise as flood warnings issued"
    assert meta.subheadline == "Officials say the worst is yet to come for villages downstream"
    assert meta.byline == "Jane Doe" and [p.name for p in meta.authors] == ["Jane Doe"]
    assert meta.date == datetime(2025, 6, 11, tzinfo=UTC)  # the Date paragraph, not created
    assert meta.dateline == "SUKKUR, June 11 (Reuters)" and meta.language == "en-GB"
    first, quote_para, heading, intro, bullets, numbers, quote, *rest = doc.body
    assert intro.children[0].text == "The authority listed the steps it will take:"
    assert first.children[0].text.startswith("River levels rose")
    assert isinstance(first.children[1], Emphasis) and isinstance(first.children[3], Strong)
    assert isinstance(first.children[5], Link) and first.children[5].url == "https://example.org/flood"
    assert isinstance(quote_para.children[0], Quoted) and quote_para.children[1].text.endswith("64.")
    note = quote_para.children[2]  # the footnote, where it is referenced (issue #15)
    assert isinstance(note, Note)
    assert block_text(note.children[0]) == "Hassan has farmed the land for forty years."
    assert isinstance(heading, Heading) and heading.level == 2
    assert isinstance(bullets, ListBlock) and not bullets.ordered and len(bullets.items) == 2
    assert isinstance(numbers, ListBlock) and numbers.ordered and numbers.start == 3
    assert isinstance(quote, BlockQuote)
    table, figure, heading3, last = rest
    assert isinstance(table, Table) and len(table.head) == 1
    assert [[plain_text(c.children) for c in r.cells] for r in (*table.head, *table.body)] == [
        ["District", "Villages"], ["Sukkur", "12"], ["Khairpur", "7"]]
    assert isinstance(figure, Figure) and plain_text(figure.caption) == "A flooded village near Sukkur"
    assert figure.picture is not None and (figure.picture.width, figure.picture.height) == (8, 6)
    assert figure.source.startswith("word/media/") and figure.width == 11  # 101600 EMU
    assert isinstance(heading3, Heading) and heading3.level == 3
    assert block_text(last) == "The last paragraph of the story."
    assert diagnostics.warnings == []
    if name == "pandoc.docx":
        assert meta.keywords == ("flooding", "River Indus")


# --------------------------------------------------------------------------- Word, by python-docx


def _word(paragraphs: list[str], *, styles: list[str] | None = None, xml: list[str] = (),
          author: str | None = None) -> bytes:
    """A document from python-docx's default template (made by Word), paragraphs as given."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text, style=(styles[i] if styles else None))
    for fragment in xml:
        document.element.body.insert(len(document.element.body) - 1,
                                     parse_xml(f"<w:p {nsdecls('w')}>{fragment}</w:p>"))
    props = document.core_properties
    props.author = author or ""
    props.created = datetime(2025, 3, 4, 5, 6, 7)
    props.title = props.subject = props.keywords = props.comments = props.last_modified_by = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_document_in_normal_style_only() -> None:
    data = _word(["Minister resigns after flood inquiry",
                  "By Sara Khan, Political Correspondent",
                  "ISLAMABAD, March 4 (Reuters) - The minister resigned on Tuesday.",
                  "He said he took responsibility.",
                  "(Reporting by Sara Khan; Editing by Ali Raza)"], author="Sara Khan")
    doc, _ = explain(data, "word.docx")
    meta = doc.meta
    assert meta.headline == "Minister resigns after flood inquiry"
    assert meta.by == "By Sara Khan, Political Correspondent" and meta.byline == "Sara Khan"
    assert meta.dateline == "ISLAMABAD, March 4 (Reuters)" and meta.located == "ISLAMABAD"
    assert meta.credit == "(Reporting by Sara Khan; Editing by Ali Raza)"
    assert meta.date == datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)  # core created
    assert [b.children[0].text for b in doc.body] == ["The minister resigned on Tuesday.",
                                                      "He said he took responsibility."]
    assert meta.version == 1  # Word's revision is a save count, not the article's version


def test_word_headings_by_outline_level() -> None:
    data = _word(["The headline", "Body one.", "A subheading", "Body two.", "A sub-subheading"],
                 styles=["Title", None, "Heading 1", None, "Heading 2"])
    doc, _ = explain(data)
    assert doc.meta.headline == "The headline"
    assert [(type(b).__name__, getattr(b, "level", None)) for b in doc.body] == [
        ("Paragraph", None), ("Heading", 2), ("Paragraph", None), ("Heading", 3)]
    no_title = _word(["Headline in Heading 1", "Body.", "Sub"], styles=["Heading 1", None, "Heading 2"])
    doc, _ = explain(no_title)
    assert doc.meta.headline == "Headline in Heading 1" and doc.body[1].level == 2


def test_tracked_changes_read_as_the_final_text_with_a_warning() -> None:
    changes = [
        '<w:r><w:t xml:space="preserve">The minister </w:t></w:r>'
        '<w:del w:id="1" w:author="Ed"><w:r><w:delText>said</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="Ed"><w:r><w:t>announced</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> on Monday.</w:t></w:r>',
        '<w:pPr><w:rPr><w:del w:id="3" w:author="Ed"/></w:rPr></w:pPr>'
        '<w:r><w:t xml:space="preserve">Joined </w:t></w:r>',
        '<w:r><w:t>paragraphs.</w:t></w:r>',
        '<w:moveFrom w:id="4" w:author="Ed"><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="5" w:author="Ed"><w:r><w:t>Moved here.</w:t></w:r></w:moveTo>',
    ]
    doc, diagnostics = explain(_word(["Headline"], xml=changes))
    assert [b.children[0].text for b in doc.body] == [
        "The minister announced on Monday.", "Joined paragraphs.", "Moved here."]
    assert any(w.startswith("tracked changes accepted: 2 insertion(s) and 3 deletion(s)")
               for w in diagnostics.warnings), diagnostics.warnings


def test_fields_comments_and_line_breaks() -> None:
    fragments = [
        '<w:r><w:t xml:space="preserve">See </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/x" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the report</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r>'
        '<w:r><w:commentReference w:id="0"/></w:r>',
        '<w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t></w:r>',
    ]
    doc, diagnostics = explain(_word(["Headline"], xml=fragments))
    link = doc.body[0].children[1]
    assert isinstance(link, Link) and link.url == "https://example.org/x"
    assert len(doc.body[1].children) == 3
    assert any("1 comment(s) not kept" in w for w in diagnostics.warnings)


def test_core_properties_are_fallbacks_and_nothing_is_invented() -> None:
    doc, _ = explain(_word(["Headline", "Body text of the story."], author="A. Writer; B. Editor"))
    assert doc.meta.byline == "A. Writer and B. Editor"
    assert [p.name for p in doc.meta.authors] == ["A. Writer", "B. Editor"]
    data = to_dict(doc)["meta"]
    assert not {"dateline", "credit", "copyright", "publication", "subheadline"} & set(data)


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 not really a zip", "not a readable DOCX"),
    (b"", "not a readable DOCX"),
])
def test_broken_docx_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        explain(data, "broken.docx")
    assert str(info.value).startswith("broken.docx: ") and "\n" not in str(info.value)


def test_a_zip_without_a_word_document(tmp_path: Path) -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a readable DOCX"):
        explain(out.getvalue(), "x.docx")


# --------------------------------------------------------------------------- richer documents (issue #15)


def _rich_word() -> bytes:
    """A Word document (python-docx) with a merged table, a picture and caption, code, edits, nesting."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from PIL import Image

    document = docx.Document()
    document.add_paragraph("Turnout rises in Sindh")
    p = document.add_paragraph("Turnout was ")
    p.add_run("52").font.strike = True
    p.add_run(" 54 per cent in ")
    code = p.add_run("NA-246")
    code.font.name = "Courier New"
    p.add_run(".")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Party", "Seats", "Change"], ["PTI", "93", "+4"], ["Total", "", ""]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 0).merge(table.cell(2, 2))
    table.cell(1, 1).paragraphs[0].alignment = 2  # right
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    document.add_paragraph("Table: the count", style="Caption")
    picture = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 30, 30)).save(picture, "PNG")
    document.add_picture(picture)
    document.add_paragraph("Supporters in Lahore. Photo: AFP", style="Caption")
    document.add_paragraph("level = 1", style="macro")
    document.add_paragraph("    more = 2", style="macro")
    document.add_paragraph("first", style="List Bullet")
    document.add_paragraph("inner", style="List Bullet 2")
    document.add_paragraph("second", style="List Bullet")
    document.add_paragraph("An earlier version of this article misstated the turnout.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_document_keeps_tables_pictures_code_edits_nesting_and_notices() -> None:
    from convert.model import Code, CodeBlock, Correction, Deleted

    doc, diagnostics = explain(_rich_word())
    assert diagnostics.warnings == []
    para, table, figure, code, bullets, notice = doc.body
    assert Deleted((Text("52"),)) in para.children and Code("NA-246") in para.children
    assert isinstance(table, Table) and len(table.head) == 1
    assert plain_text(table.caption) == "Table: the count"
    assert [(c.colspan, plain_text(c.children)) for c in table.body[1].cells] == [(3, "Total")]
    assert table.aligns == (None, "right", None)
    assert isinstance(figure, Figure) and figure.source.startswith("word/media/")
    assert figure.picture is not None and (figure.picture.width, figure.picture.height) == (12, 8)
    assert (plain_text(figure.caption), figure.credit) == ("Supporters in Lahore.", "AFP")
    assert code == CodeBlock("level = 1\n    more = 2")
    assert isinstance(bullets, ListBlock) and [plain_text(i.children) for i in bullets.items] == [
        "first", "second"]
    assert plain_text(bullets.items[0].blocks[0].items[0].children) == "inner"
    assert isinstance(notice, Correction) and notice.kind == "correction"


def test_inserted_text_and_paragraphs_in_nested_items_round_trip() -> None:
    """Inserted text keeps its strong, emphasis, code and link (one run names one style: ours
    is ``Inserted Text``); a paragraph in an item at any depth comes back to that item."""
    from msgspec.structs import replace as copy

    from convert.model import Code, Inserted, ListItem

    body = (
        Paragraph((Text("Turnout was "), Inserted((Text("54 "), Strong((Text("per"),)), Text(" "),
                                                   Emphasis((Text("cent"),)), Text(" in "), Code("NA-246"))),
                   Text("."))),
        Paragraph((Text("See "), Link((Text("the "), Inserted((Text("new"),)), Text(" report")),
                                      "https://example.org/r"), Text("."))),
        ListBlock(False, (
            ListItem((Text("one"),), (
                ListBlock(True, (ListItem((Text("deep"),), (
                    ListBlock(False, (ListItem((Text("deeper"),), (Paragraph((Text("in deeper"),)),)),)),
                    Paragraph((Text("in deep"),)))),)),
                Paragraph((Text("in one"),)))),
            ListItem((Text("two"),), checked=True))),
    )
    data = docx_writer.write(copy(kitchen_sink(), body=body), opts())
    back, _ = explain(data)
    assert _as_docx_holds(back.body) == _as_docx_holds(body)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b'<w:rStyle w:val="InsertedText"/>' in zf.read("word/document.xml")


def test_a_word_document_with_task_boxes_continued_items_and_a_rule() -> None:
    """Word's ways: ☒/☐ opening an item, ``List Continue 2`` under the second level, a bottom
    border on an empty paragraph; an underline is only a look (not inserted text)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from convert.model import Rule

    document = docx.Document()
    for text, style in [("Office checklist for the flood season", None),
                        ("Staff were told to prepare before Friday.", None),
                        ("\u2612 filed the report", "List Bullet"), ("\u2610 call the office", "List Bullet"),
                        ("inner", "List Bullet 2"), ("More about inner.", "List Continue 2"),
                        ("More about the call.", "List Continue"), ("After the list.", None)]:
        document.add_paragraph(text, style=style)
    document.add_paragraph()._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'))
    document.add_paragraph("Some ").add_run("underlined").font.underline = True
    document.add_paragraph("A continuation with no list above.", style="List Continue")
    out = io.BytesIO()
    document.save(out)
    doc, diagnostics = explain(out.getvalue(), "word.docx")
    assert diagnostics.warnings == []
    _, checklist, after, rule, underlined, stray = doc.body
    first, second = checklist.items
    assert (first.checked, plain_text(first.children)) == (True, "filed the report")
    assert (second.checked, plain_text(second.children)) == (False, "call the office")
    inner, more = second.blocks
    assert [block_text(b) for b in inner.items[0].blocks] == ["More about inner."]
    assert isinstance(more, Paragraph) and block_text(more) == "More about the call."
    assert block_text(after) == "After the list." and isinstance(rule, Rule)
    assert underlined.children == (Text("Some underlined"),)
    assert isinstance(stray, Paragraph) and block_text(stray) == "A continuation with no list above."
