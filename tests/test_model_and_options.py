"""The Document model is immutable and round-trips through JSON; options resolve time reproducibly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from convert.errors import UsageError
from convert.model import (
    BLOCK_TYPES,
    INLINE_TYPES,
    Document,
    LineBreak,
    Meta,
    Paragraph,
    Quoted,
    Text,
    from_dict,
    plain_text,
    to_dict,
)
from convert.options import article_times, parse_source_date_epoch, resolve_timestamp
from tests.sample_docs import kitchen_sink


def test_model_is_frozen():
    doc = kitchen_sink()
    with pytest.raises(AttributeError):
        doc.meta.headline = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        doc.body[0].children = ()  # type: ignore[misc]
    assert isinstance(doc.body, tuple)


def test_documents_compare_and_hash_by_content_not_origin():
    """The same article read from a file or from stdin is the same value (origin is for errors)."""
    doc = kitchen_sink()
    from_file, from_stdin = (Document(doc.meta, doc.body, origin=o) for o in ("a.txt", "<stdin>"))
    assert from_file == from_stdin and hash(from_file) == hash(from_stdin)
    assert len({from_file, from_stdin}) == 1
    assert from_file != Document(doc.meta, doc.body[1:], origin="a.txt")
    assert from_file != Document(doc.meta.__class__(headline="other"), doc.body)
    assert (from_file == "a.txt") is False


def test_json_round_trip_keeps_everything():
    doc = kitchen_sink()
    assert from_dict(to_dict(doc)) == doc


def test_json_shape_is_the_documented_public_interface():
    data = to_dict(kitchen_sink())
    assert data["version"] == 2
    assert {"headline", "subheadline", "byline", "dateline", "date", "language",
            "keywords"} <= set(data["meta"])
    kinds = {b["type"] for b in data["body"]}
    assert kinds == {"paragraph", "heading", "list", "blockquote", "table", "figure", "code", "rule",
                     "correction", "raw"}
    lst = next(b for b in data["body"] if b["type"] == "list")
    assert {"ordered", "items"} <= set(lst) and all(isinstance(i, str) for i in lst["items"])
    heading = next(b for b in data["body"] if b["type"] == "heading")
    assert heading["level"] == 2 and heading["text"] == "Villages at risk"


def test_absent_fields_are_omitted():
    data = to_dict(Document(Meta(headline="H")))
    assert "byline" not in data["meta"] and "date" not in data["meta"]


def test_plain_text_flattens_and_keeps_quote_marks():
    assert plain_text((Quoted((Text("a"),), "‘", "’"), LineBreak(), Text("b"))) == "‘a’ b"


def test_closed_unions():
    import typing

    from convert.model import Block, Inline

    assert set(typing.get_args(Block)) == set(BLOCK_TYPES) and len(BLOCK_TYPES) == 10
    assert set(typing.get_args(Inline)) == set(INLINE_TYPES) and len(INLINE_TYPES) == 11
    assert Paragraph in BLOCK_TYPES


def test_source_date_epoch():
    assert parse_source_date_epoch({}) is None
    assert parse_source_date_epoch({"SOURCE_DATE_EPOCH": "0"}) == datetime(1970, 1, 1, tzinfo=UTC)
    for bad in ("abc", "-5", "1.5"):
        with pytest.raises(UsageError):
            parse_source_date_epoch({"SOURCE_DATE_EPOCH": bad})


def test_timestamp_policy():
    date = datetime(2024, 4, 9, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    sde = parse_source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"})
    assert resolve_timestamp(article_dates=[date], input_mtimes=[5.0],
                             source_date_epoch=sde).timestamp() == 1700000000
    assert resolve_timestamp(article_dates=[date], input_mtimes=[5.0]) == date.astimezone(UTC)
    assert resolve_timestamp(input_mtimes=[1700000000.7]).timestamp() == 1700000000
    assert resolve_timestamp().tzinfo is not None


def test_an_edition_is_stamped_with_its_newest_article_not_its_first():
    from convert.model import Document, Meta
    from convert.options import WriteOptions
    from convert.styles import load_style

    old = Document(Meta(headline="Old", date=datetime(2020, 1, 1, tzinfo=UTC)), ())
    new = Document(Meta(headline="New", date=datetime(2024, 5, 6, tzinfo=UTC)), ())
    base = WriteOptions(style=load_style("default"))
    assert base.for_articles([old, new]).timestamp == datetime(2024, 5, 6, tzinfo=UTC)
    assert base.for_articles([old], input_mtimes=[1.7e9]).timestamp.timestamp() == 1700000000
    pinned = parse_source_date_epoch({"SOURCE_DATE_EPOCH": "0"})
    assert base.for_articles([new], source_date_epoch=pinned).timestamp.timestamp() == 0


def test_version_times_never_go_backwards():
    d = datetime(2025, 1, 2, tzinfo=UTC)
    early = datetime(2020, 1, 1, tzinfo=UTC)
    assert article_times(d, early) == (d, d)
    assert article_times(None, early) == (None, early)  # nothing invented
    assert article_times(early, d) == (early, d)


def test_document_text_and_word_count_follow_the_document() -> None:
    from convert.model import Document, Meta, Paragraph, Text, document_text
    from convert.textutil import word_count

    a = Document(Meta(headline="A"), (Paragraph((Text("one two three"),)),))
    b = Document(Meta(headline="B"), (Paragraph((Text("four five"),)),))
    assert document_text(a) == "one two three"
    assert document_text(b) == "four five" and document_text(a) == "one two three"
    assert word_count(document_text(a)) == 3 and word_count(document_text(b)) == 2
    assert word_count("x" + " y" * 9) == 10 and word_count(document_text(a)) == 3


def test_block_language_round_trips_and_is_omitted_when_unset():
    from convert.model import BlockQuote, Heading, ListBlock, ListItem

    body = (Paragraph((Text("hello"),)), Paragraph((Text("ہم"),), lang="ur"),
            Heading(2, (Text("x"),), lang="fr"), ListBlock(False, (ListItem((Text("y"),)),), lang="de"),
            BlockQuote((Paragraph((Text("z"),)),), "A", lang="ar"))
    doc = Document(Meta(headline="H", publication="Dawn"), body)
    data = to_dict(doc)
    assert "lang" not in data["body"][0]
    assert [b.get("lang") for b in data["body"]] == [None, "ur", "fr", "de", "ar"]
    assert data["meta"]["publication"] == "Dawn"
    assert from_dict(data) == doc
