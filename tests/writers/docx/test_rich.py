"""Tables, pictures, notes, code, nested lists, edits, rules and notices in DOCX, read back by python-docx."""

from __future__ import annotations

import io
import warnings
import zipfile

import docx
import pytest
from lxml import etree
from msgspec.structs import replace

from convert.model import (
    CodeBlock,
    Correction,
    Document,
    Figure,
    Link,
    ListBlock,
    ListItem,
    Meta,
    Note,
    Paragraph,
    Picture,
    RawBlock,
    RawInline,
    Table,
    TableCell,
    TableRow,
    Text,
)
from convert.styles import load_style
from convert.writers import docx as writer
from convert.writers.docx.drawing import EMU_PER_PX
from convert.writers.docx.template import prepare_template
from tests.sample_docs import PICTURE, kitchen_sink
from tests.writers.docx.common import NS, OPTIONS, R, text_of, wattr, xml
from tests.writers.rich_nodes import BLOCKS, INLINES

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def write(*blocks, **meta) -> bytes:
    doc = Document(Meta(headline="Rich", identifier="urn:x:rich", **meta), tuple(blocks))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return writer.write(doc, OPTIONS)


def styles_of(data: bytes) -> list[str]:
    return [p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_every_node_class_is_written() -> None:
    """One of each inline and block class: nothing raises, only raw markup is left out."""
    para = Paragraph(tuple(INLINES.values()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = writer.write(Document(Meta(headline="All", identifier="urn:x:all"),
                                     (para, *BLOCKS.values())), OPTIONS)
    assert [str(w.message) for w in caught] == [
        "DOCX: raw HTML inline markup (never published) left out: <b>",
        "DOCX: raw HTML block (never published) left out: <div/>"]
    d = docx.Document(io.BytesIO(data))
    assert len(d.tables) == 1 and len(d.inline_shapes) == 1


def test_table_structure_as_python_docx_reads_it(sink: bytes) -> None:
    d = docx.Document(io.BytesIO(sink))
    (table,) = d.tables
    assert table.style.name == "Table Grid"
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [["Barrage", "Flow (cusecs)", "Change"], ["Guddu", "512,000", "+8%"],
                    ["Sukkur", "498,300", "+6%"], ["Kotri", "not measured", "not measured"]]
    tbl = table._tbl
    header = tbl.findall("w:tr", NS)[0]
    assert header.find("w:trPr/w:tblHeader", NS) is not None  # repeated on each page
    assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in tbl.findall("w:tr", NS)[1:])
    assert [p.style.name for p in table.rows[0].cells[0].paragraphs] == ["Table Heading"]
    assert table.rows[1].cells[0].paragraphs[0].runs[0].style.name == "Strong"
    last = tbl.findall("w:tr", NS)[-1].findall("w:tc", NS)
    assert [tc.find("w:tcPr/w:gridSpan", NS) is not None for tc in last] == [False, True]
    first_body = tbl.findall("w:tr", NS)[1].findall("w:tc", NS)
    jc = [tc.find("w:p/w:pPr/w:jc", NS).get(wattr("val")) for tc in first_body]
    assert jc == ["left", "right", "right"]
    # the caption is the paragraph before the table, in Word's caption style
    body = xml(sink, "word/document.xml").find("w:body", NS)
    before = body[body.index(body.find("w:tbl", NS)) - 1]
    assert before.find("w:pPr/w:pStyle", NS).get(wattr("val")) == "Caption"
    assert text_of(before) == "Flows at the three barrages, 11 June"


def test_row_spans_merge_vertically() -> None:
    cell = TableCell((Text("both"),), rowspan=2)
    table = Table((), (TableRow((cell, TableCell((Text("a"),)))), TableRow((TableCell((Text("b"),)),))))
    tbl = xml(write(table), "word/document.xml").find(".//w:tbl", NS)
    rows = tbl.findall("w:tr", NS)
    merges = [[tc.find("w:tcPr/w:vMerge", NS) for tc in tr.findall("w:tc", NS)] for tr in rows]
    assert merges[0][0].get(wattr("val")) == "restart" and merges[0][1] is None
    assert merges[1][0] is not None and merges[1][0].get(wattr("val")) is None  # continues
    assert [text_of(tc) for tc in rows[1].findall("w:tc", NS)] == ["", "b"]
    assert len(tbl.findall("w:tblGrid/w:gridCol", NS)) == 2


def test_picture_inline_with_alt_text_fitted_to_the_column(sink: bytes) -> None:
    d = docx.Document(io.BytesIO(sink))
    (shape,) = d.inline_shapes
    width = prepare_template(OPTIONS.style).text_size[0]
    assert shape.width == width and abs(shape.height / shape.width - 480 / 640) < 0.001
    doc_pr = xml(sink, "word/document.xml").find(f".//{{{WP}}}docPr", NS)
    assert doc_pr.get("descr") == "Water pours through the gates of Sukkur barrage"
    rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    part = d.part.related_parts[rid]
    assert part.partname == "/word/media/image1.png" and part.blob == PICTURE.data
    types = xml(sink, "[Content_Types].xml")
    assert any(el.get("Extension") == "png" and el.get("ContentType") == "image/png" for el in types)
    paragraphs = [(p.style.name, p.text) for p in d.paragraphs]
    at = paragraphs.index(("Picture", ""))
    assert paragraphs[at + 1] == ("Caption", "The Sukkur barrage on Tuesday; gates open "
                                             "Photo: Example News/Ali Khan")


def test_small_picture_keeps_its_size_and_webp_becomes_png() -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(out, "WEBP")
    webp = Picture("image/webp", out.getvalue(), 20, 10)
    data = write(Figure("a.webp", "alt", picture=webp))
    d = docx.Document(io.BytesIO(data))
    (shape,) = d.inline_shapes
    assert (shape.width, shape.height) == (20 * EMU_PER_PX, 10 * EMU_PER_PX)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "word/media/image1.png" in names
    assert Image.open(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read("word/media/image1.png"))).size \
        == (20, 10)


def test_a_figure_without_its_picture_keeps_its_caption_and_credit() -> None:
    data = write(Figure("https://example.org/a.jpg", "Alt", (Text("Cap"),), "Credit: AFP"),
                 Figure("missing.png", "Only alt"))
    assert [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs][1:] == [
        ("Caption", "Cap Credit: AFP"), ("Caption", "Only alt")]
    assert "word/media/" not in " ".join(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_footnotes_part_with_separators_and_references(sink: bytes) -> None:
    d = docx.Document(io.BytesIO(sink))
    rels = {r.reltype.rsplit("/", 1)[1]: r for r in d.part.rels.values()}
    assert "footnotes" in rels  # python-docx finds the part through the document's relationship
    notes = xml(sink, "word/footnotes.xml")
    kinds = [(n.get(wattr("type")), n.get(wattr("id"))) for n in notes]
    assert kinds == [("separator", "-1"), ("continuationSeparator", "0"), (None, "1")]
    note = notes[2]
    assert note.find("w:p/w:pPr/w:pStyle", NS).get(wattr("val")) == "FootnoteText"
    first = note.find("w:p/w:r", NS)
    assert first.find("w:footnoteRef", NS) is not None
    assert first.find("w:rPr/w:rStyle", NS).get(wattr("val")) == "FootnoteReference"
    assert text_of(note) == " Figures from the Provincial Disaster Management Authority, 10 June."
    ref = xml(sink, "word/document.xml").find(".//w:footnoteReference", NS)
    assert ref.get(wattr("id")) == "1"
    assert ref.getparent().find("w:rPr/w:rStyle", NS).get(wattr("val")) == "FootnoteReference"
    types = {el.get("PartName"): el.get("ContentType") for el in xml(sink, "[Content_Types].xml")}
    assert types["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")
    settings = xml(sink, "word/settings.xml")
    assert [n.get(wattr("id")) for n in settings.iterfind("w:footnotePr/w:footnote", NS)] == ["-1", "0"]
    names = [etree.QName(c).localname for c in settings]
    assert names.index("footnotePr") == names.index("compat") - 1  # where the schema puts it
    assert xml(write(Paragraph((Text("no notes"),))), "word/settings.xml").find(
        "w:footnotePr", NS) is None
    superscript = xml(sink, "word/styles.xml").find(
        "w:style[@w:styleId='FootnoteReference']/w:rPr/w:vertAlign", NS)
    assert superscript.get(wattr("val")) == "superscript"


def test_links_and_pictures_inside_notes_relate_from_the_notes_part() -> None:
    note = Note((Paragraph((Link((Text("source"),), "https://example.org/s"),)),
                 Figure("p.png", "in a note", picture=PICTURE)))
    data = write(Paragraph((Text("Claim"), note)))
    rels = xml(data, "word/_rels/footnotes.xml.rels")
    targets = sorted((r.get("Target"), r.get("TargetMode")) for r in rels)
    assert targets == [("https://example.org/s", "External"), ("media/image1.png", None)]
    assert "footnotes" in {r.get("Type").rsplit("/", 1)[1] for r in xml(data, "word/_rels/document.xml.rels")}


def test_a_note_inside_a_note_is_shown_in_brackets_with_a_warning() -> None:
    inner = Note((Paragraph((Text("inner"),)),))
    doc = Document(Meta(headline="N", identifier="urn:x:n"),
                   (Paragraph((Text("a"), Note((Paragraph((Text("outer"), inner)),)))),))
    with pytest.warns(UserWarning, match="note inside a note"):
        data = writer.write(doc, OPTIONS)
    notes = xml(data, "word/footnotes.xml")
    assert [text_of(n) for n in notes][2:] == [" outer [inner]"]


def test_code_block_keeps_lines_and_spaces() -> None:
    data = write(CodeBlock("a  = 1\n\tb = 2\n\n", "python"))
    (p,) = [p for p in xml(data, "word/document.xml").iterfind(".//w:body/w:p", NS)
            if p.find("w:pPr/w:pStyle", NS).get(wattr("val")) == "SourceCode"]
    run = p.find("w:r", NS)
    assert [etree.QName(c).localname for c in run] == ["t", "br", "tab", "t"]
    assert [t.text for t in run.iterfind("w:t", NS)] == ["a  = 1", "b = 2"]
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
               for t in run.iterfind("w:t", NS))
    style = xml(data, "word/styles.xml").find("w:style[@w:styleId='SourceCode']", NS)
    assert style.find("w:rPr/w:rFonts", NS).get(wattr("ascii")) == "Courier New"
    assert style.find("w:pPr/w:pBdr", NS) is not None and style.find("w:pPr/w:shd", NS) is not None


def test_inline_code_in_its_character_style(sink: bytes) -> None:
    d = docx.Document(io.BytesIO(sink))
    runs = [(r.text, r.style.name) for p in d.paragraphs for r in p.runs if r.style.name == "Verbatim Char"]
    assert runs == [("Guddu <1>", "Verbatim Char"), ("Sukkur & Kotri", "Verbatim Char")]
    font = xml(sink, "word/fontTable.xml").find("w:font[@w:name='Courier New']/w:pitch", NS)
    assert font.get(wattr("val")) == "fixed"


def test_nested_lists_take_word_levels_and_task_boxes(sink: bytes) -> None:
    body = xml(sink, "word/document.xml")
    items = []
    for p in body.iterfind(".//w:body/w:p", NS):
        num = p.find("w:pPr/w:numPr", NS)
        if num is not None:
            items.append((text_of(p), num.find("w:ilvl", NS).get(wattr("val"))))
    assert items[-5:] == [("\u2611 documents", "0"), ("\u2610 medicine", "0"), ("insulin", "1"),
                          ("inhalers", "1"), ("spare spacer", "2")]
    styles = styles_of(sink)
    assert styles[styles.index("Heading 5") + 6] == "List Continue"
    numbering = xml(sink, "word/numbering.xml")
    ours = numbering.findall("w:abstractNum", NS)[-2:]
    assert [len(a.findall("w:lvl", NS)) for a in ours] == [9, 9]
    lefts = [int(lvl.find("w:pPr/w:ind", NS).get(wattr("left"))) for lvl in ours[0].findall("w:lvl", NS)]
    assert lefts == sorted(lefts) and len(set(lefts)) == 9  # each level one step further in


def test_deep_paragraph_in_a_list_item_aligns_with_its_text() -> None:
    inner = ListBlock(False, (ListItem((Text("deep"),), (Paragraph((Text("more"),)),)),))
    data = write(ListBlock(True, (ListItem((Text("top"),), (inner,)),)))
    body = xml(data, "word/document.xml")
    more = next(p for p in body.iterfind(".//w:body/w:p", NS) if text_of(p) == "more")
    assert more.find("w:pPr/w:pStyle", NS).get(wattr("val")) == "ListContinue"
    assert int(more.find("w:pPr/w:ind", NS).get(wattr("left"))) > 360


def test_headings_two_to_six_and_their_outline_levels() -> None:
    from convert.model import Heading

    data = write(*(Heading(n, (Text(f"h{n}"),)) for n in range(1, 8)))
    assert styles_of(data)[1:] == ["Heading 2", "Heading 2", "Heading 3", "Heading 4", "Heading 5",
                                   "Heading 6", "Heading 6"]
    styles = xml(data, "word/styles.xml")
    for n in range(2, 7):
        lvl = styles.find(f"w:style[@w:styleId='Heading{n}']/w:pPr/w:outlineLvl", NS)
        assert lvl.get(wattr("val")) == str(n - 1)


def test_rule_and_correction_notice(sink: bytes) -> None:
    styles = styles_of(sink)
    at = styles.index("Horizontal Line")
    assert styles[at + 1:at + 3] == ["Notice Label", "Correction"]
    d = docx.Document(io.BytesIO(sink))
    assert d.paragraphs[at + 1].text == "Correction"
    root = xml(sink, "word/styles.xml")
    bottom = root.find("w:style[@w:styleId='HorizontalLine']/w:pPr/w:pBdr/w:bottom", NS)
    assert bottom.get(wattr("val")) == "single"
    for sid in ("NoticeLabel", "Correction", "EditorsNote", "Clarification"):
        sides = root.find(f"w:style[@w:styleId='{sid}']/w:pPr/w:pBdr", NS)
        assert [etree.QName(s).localname for s in sides] == ["top", "left", "bottom", "right"]


@pytest.mark.parametrize(("kind", "language", "style", "label"), [
    ("editors-note", "en", "Editor's Note", "Editor's note"),
    ("clarification", "fr", "Clarification", "Précision"),
    ("correction", "ur", "Correction", None),  # no label known in Urdu: the box alone
])
def test_notice_kinds_and_labels_in_the_article_language(kind: str, language: str, style: str,
                                                         label: str | None) -> None:
    data = write(Correction((Paragraph((Text("Text."),)),), kind), language=language)
    got = [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs][1:]
    assert got == ([("Notice Label", label)] if label else []) + [(style, "Text.")]


def test_raw_markup_is_one_warning_per_kind() -> None:
    doc = Document(Meta(headline="Raw", identifier="urn:x:raw"), (
        Paragraph((Text("a"), RawInline("html", "<b>"), RawInline("html", "<i>"))),
        RawBlock("html", "<div>1</div>"), RawBlock("html", "<div>2</div>"), RawBlock("html", "<hr>")))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = writer.write(doc, OPTIONS)
    assert sorted(str(w.message) for w in caught) == [
        "DOCX: raw HTML block (never published) left out: <div>1</div> and 2 more",
        "DOCX: raw HTML inline markup (never published) left out: <b> and 1 more"]
    assert "<" not in text_of(xml(data, "word/document.xml").find("w:body", NS))


def test_links_a_reader_cannot_open_keep_their_text() -> None:
    doc = Document(Meta(headline="L", identifier="urn:x:l"), (Paragraph((
        Link((Text("top"),), "#top"), Text(" "), Link((Text("file"),), "file:///etc/passwd"),
        Text(" "), Link((Text("web"),), "https://example.org/"))),))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = writer.write(doc, OPTIONS)
    assert len(caught) == 2 and "relative link '#top'" in str(caught[0].message)
    body = xml(data, "word/document.xml")
    assert [text_of(h) for h in body.iterfind(".//w:hyperlink", NS)] == ["web"]
    assert text_of(body.find(".//w:body/w:p[2]", NS)) == "top file web"
    rels = [r.get("Target") for r in xml(data, "word/_rels/document.xml.rels")
            if r.get("TargetMode") == "External"]
    assert rels == ["https://example.org/"]


def test_right_to_left_table_and_picture_stand_right_to_left() -> None:
    table = Table((TableRow((TableCell((Text("ستون"),)),)),), (TableRow((TableCell((Text("قدر"),)),)),))
    data = write(table, Figure("p.png", "تصویر", picture=PICTURE), language="ur")
    body = xml(data, "word/document.xml")
    assert body.find(".//w:tbl/w:tblPr/w:bidiVisual", NS) is not None
    picture = next(p for p in body.iterfind(".//w:body/w:p", NS)
                   if p.find("w:pPr/w:pStyle", NS).get(wattr("val")) == "Picture")
    assert picture.find("w:pPr/w:bidi", NS) is not None  # where right-to-left lines start
    english = xml(write(Figure("p.png", "a", picture=PICTURE)), "word/document.xml")
    assert english.find(".//w:bidi", NS) is None


def test_reference_docx_keeps_its_styles_and_gains_ours() -> None:
    ref = docx.Document()
    out = io.BytesIO()
    ref.save(out)
    data = writer.write(kitchen_sink(), replace(OPTIONS, reference_docx=out.getvalue()))
    d = docx.Document(io.BytesIO(data))
    assert d.tables[0].style.name == "Table Grid"  # the reference's own Table Grid
    names = {s.name for s in d.styles}
    assert {"Source Code", "Verbatim Char", "Correction", "Horizontal Line", "Picture"} <= names
    assert len(d.inline_shapes) == 1


def test_broadsheet_fits_pictures_to_a_column() -> None:
    style = load_style("broadsheet")
    data = writer.write(kitchen_sink(), replace(OPTIONS, style=style))
    (shape,) = docx.Document(io.BytesIO(data)).inline_shapes
    column = prepare_template(style).text_size[0]
    assert shape.width == column < prepare_template(OPTIONS.style).text_size[0]


def test_r_namespace_of_the_drawing(sink: bytes) -> None:
    blip = xml(sink, "word/document.xml").find(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip", NS)
    assert blip.get(f"{{{R}}}embed", "").startswith("rId")
