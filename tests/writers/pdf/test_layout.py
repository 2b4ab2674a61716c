"""Layout: the PDF shows the head ``arrange`` decides, literal text, outline levels, every node."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from convert.arrange import Arranged, arrange
from convert.model import Document, Heading, Link, Meta, Paragraph, Person, Text
from convert.styles import load_style
from convert.writers.pdf import layout
from convert.writers.pdf.parastyles import styles_for
from convert.writers.pdf.shapedpara import ShapedParagraph
from tests.sample_docs import kitchen_sink
from tests.writers.pdf.pdfcheck import flat, outline, pdftotext, render

URDU = "ہم نے پورا سال اس کے لیے محنت کی اور اب ہم تیار ہیں۔"


def head_texts(arranged: Arranged) -> tuple[list[str], list[str]]:
    """The plain text of each head and body flowable the builder makes."""
    builder = layout.Builder(styles_for(load_style("default"), "en"))
    head, body = builder.article(arranged)
    return [f.text for f in head], [getattr(f, "text", "") for f in body]


def test_renders_what_arrange_returns() -> None:
    """The builder shows the arranged head, not what it would read in the metadata."""
    arranged = replace(arrange(kitchen_sink(), load_style("default")), byline="By The Desk",
                       standfirst=None, dateline="HERE", dateline_inline=False,
                       credit=None, copyright="(c) Us")
    head, body = head_texts(arranged)
    assert head[1:] == ["By The Desk"]
    assert body[0] == "HERE" and body[-1] == "(c) Us"
    assert not any("Reporting by" in t for t in body)


def test_byline_falls_back_to_authors_via_arrange() -> None:
    doc = Document(Meta(headline="H", identifier="urn:x:5", authors=(Person("A One"),
                                                                     Person("B Two"))),
                   (Paragraph((Text("Body."),)),))
    assert "A One, B Two" in pdftotext(render(doc))


def test_dateline_inline_and_block() -> None:
    doc = kitchen_sink()
    assert "SUKKUR, June 11 (Reuters) — River levels" in flat(pdftotext(render(doc)))
    # broadsheet capitalises the place only: the date and "(Reuters)" as given (issue #19)
    assert "SUKKUR, June 11 (Reuters) — River levels" in flat(
        pdftotext(render(doc, "broadsheet")))
    blockish = replace(doc, body=doc.body[2:])  # starts with a heading: dateline on its own line
    assert "SUKKUR, June 11 (Reuters)\n" in pdftotext(render(blockish))


def test_dateline_stands_apart_from_a_right_to_left_first_paragraph() -> None:
    doc = Document(Meta(headline="H", identifier="urn:x:6", dateline="KARACHI, June 1"),
                   (Paragraph((Text(URDU),)),))
    assert not arrange(doc, load_style("default")).dateline_inline
    _, body = head_texts(arrange(doc, load_style("default")))
    assert body[0] == "KARACHI, June 1"
    assert "KARACHI, June 1\n" in pdftotext(render(doc))


def test_markup_like_text_is_literal() -> None:
    doc = Document(Meta(headline="<b>Bold</b> & <i>co</i>", identifier="urn:x:1"), (
        Paragraph((Text("uses <p> and </p>, <font> tags, &amp; and &lt; as typed"),)),
        Paragraph((Link((Text("<a href='x'>"),), 'https://example.org/?q="a"&b=<1>'),)),
    ))
    text = flat(pdftotext(render(doc)))
    assert "<b>Bold</b> & <i>co</i>" in text
    assert "uses <p> and </p>, <font> tags, &amp; and &lt; as typed" in text
    assert "<a href='x'>" in text


def test_outline_levels() -> None:
    assert outline(render(kitchen_sink())) == [
        (0, kitchen_sink().meta.headline), (1, "Villages at risk"), (2, "In Urdu and emoji"),
        (3, "Water levels by barrage"), (4, "What to pack"), (5, "Data")]
    # A level-4 heading right after the headline must not skip an outline level.
    doc = Document(Meta(headline="H", identifier="urn:x:2"),
                   (Heading(4, (Text("Deep"),)), Paragraph((Text("x"),))))
    assert outline(render(doc)) == [(0, "H"), (1, "Deep")]


def test_unknown_block_raises_type_error() -> None:
    class Odd:
        attrs = ()

    doc = Document(Meta(headline="x", identifier="urn:x:3"), (Odd(),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Odd"):
        render(doc)


def test_right_to_left_paragraph_is_shaped_and_flush_right() -> None:
    builder = layout.Builder(styles_for(load_style("default"), "ur"), language="ur")
    para = builder.para("body", (Text(URDU),))
    assert isinstance(para, ShapedParagraph) and para.rtl and builder.shaped == [para]
    width = 300.0
    para.wrap(width, 500)
    lay = para.layout_for(width)
    assert len(lay.lines) == 1
    assert "ہم" in pdftotext(render(Document(Meta(headline="H", identifier="urn:x:7"),
                                             (Paragraph((Text(URDU),)),))))
