"""arrange(): the article head every writer shows, decided once."""

from __future__ import annotations

import msgspec.structs

from convert.arrange import arrange
from convert.model import Document, Heading, Meta, Paragraph, Person, Text
from convert.styles import load_style
from tests.sample_docs import kitchen_sink

INLINE = load_style("default")
BLOCK = msgspec.structs.replace(INLINE, layout=msgspec.structs.replace(INLINE.layout, dateline="block"))


def doc(body: tuple = (Paragraph((Text("Officials said on Monday."),)),), **meta: object) -> Document:
    return Document(Meta(headline="Floods", **meta), body)  # type: ignore[arg-type]


def test_byline_as_written_else_names_else_authors():
    people = (Person("Jane Doe", "Reporter"), Person("Ali Khan"))
    assert arrange(doc(by="By Jane Doe", byline="Jane Doe"), INLINE).byline == "By Jane Doe"
    assert arrange(doc(byline="Jane Doe and Ali Khan"), INLINE).byline == "Jane Doe and Ali Khan"
    assert arrange(doc(authors=people), INLINE).byline == "Jane Doe, Ali Khan"
    assert arrange(doc(), INLINE).byline is None


def test_dateline_inline_only_where_the_style_and_the_first_block_allow():
    assert arrange(doc(dateline="KARACHI"), INLINE).dateline_inline
    assert not arrange(doc(dateline="KARACHI"), BLOCK).dateline_inline
    heading_first = (Heading(2, (Text("Background"),)), Paragraph((Text("Text."),)))
    assert not arrange(doc(heading_first, dateline="KARACHI"), INLINE).dateline_inline
    assert not arrange(doc((), dateline="KARACHI"), INLINE).dateline_inline
    assert not arrange(doc(), INLINE).dateline_inline  # no dateline at all


def test_a_latin_dateline_stays_apart_from_a_right_to_left_first_paragraph():
    urdu = (Paragraph((Text("ہم نے پورا سال اس کے لیے محنت کی۔"),)),)
    head = arrange(doc(urdu, dateline="KARACHI"), INLINE)
    assert head.dateline == "KARACHI" and not head.dateline_inline


def test_head_fields_and_body_come_from_the_document():
    sink = kitchen_sink()
    head = arrange(sink, INLINE)
    assert head.headline == sink.meta.headline and head.standfirst == sink.meta.subheadline
    assert head.credit == sink.meta.credit and head.copyright == sink.meta.copyright
    assert head.body == sink.body and head.dateline_inline


def test_empty_strings_are_absent():
    head = arrange(doc(subheadline="", credit="", copyright="", dateline=""), INLINE)
    assert (head.standfirst, head.credit, head.copyright, head.dateline) == (None,) * 4


def test_one_direction_rule_for_languages_and_scripts():
    from convert.textutil import is_rtl_language, language_direction

    for tag in ("ar-EG", "ur", "ur-PK", "az-Arab", "pa-Arab", "ckb", "syr", "ks", "he"):
        assert language_direction(tag) == "rtl", tag
    for tag in ("en-GB", "ku", "ku-Latn", "ur-Latn", "zh-Hans", "hi"):
        assert language_direction(tag) == "ltr", tag
    assert is_rtl_language("ur_PK") and not is_rtl_language("ku")
