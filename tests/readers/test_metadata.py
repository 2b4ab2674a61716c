"""Metadata keys, dates, languages, and which value wins: -M, then front matter, then inferred."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from convert.api import read
from convert.errors import InputError, UsageError
from convert.options import ReadOptions
from convert.readers.metadata import MetaFields, canonical_key, finish_meta, parse_date

ARTICLE = "Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph.\n"


def test_metadata_options_override_article_and_config_defaults_do_not():
    opts = ReadOptions(metadata=(("headline", "New"), ("keywords", "a, b"), ("urgency", "2")),
                       defaults=(("provider", "cfg.example"), ("headline", "Ignored")))
    doc = read(b"---\ntitle: Old\n---\n\nBody.\n", options=opts)
    assert (doc.meta.headline, doc.meta.keywords, doc.meta.urgency) == ("New", ("a", "b"), 2)
    assert doc.meta.provider == "cfg.example"
    with pytest.raises(UsageError, match="urgency"):
        read(ARTICLE.encode(), options=ReadOptions(metadata=(("urgency", "12"),)))


def test_front_matter_conveniences():
    doc = read(b"---\ntitle: T\nauthor: By Jane Doe, Staff Reporter\nlanguage: Urdu\n"
               b"keywords: a; b c; d\n---\n\nBody.\n")
    m = doc.meta
    assert (m.byline, m.by, m.language, m.keywords) == (
        "Jane Doe", "By Jane Doe, Staff Reporter", "ur", ("a", "b c", "d"))
    assert m.authors[0].role == "Staff Reporter"


def test_bad_date_is_an_error():
    with pytest.raises(InputError, match="unrecognised date"):
        read(b"---\ntitle: T\ndate: someday\n---\n\nBody.\n")


@pytest.mark.parametrize("key,field", [
    ("Title", "headline"), ("dek", "subheadline"), ("First Published", "date"),
    ("copyright_holder", "copyright_holder"), ("Provider-URI", "provider_uri"), ("GUID", "identifier"),
    ("My Key", "my-key"),
])
def test_canonical_key(key, field):
    assert canonical_key(key) == field


@pytest.mark.parametrize("value,expected", [
    ("2024-04-09", datetime(2024, 4, 9, tzinfo=UTC)),
    ("2024-04-09T10:00:00Z", datetime(2024, 4, 9, 10, tzinfo=UTC)),
    ("2024-04-09T10:00:00", datetime(2024, 4, 9, 10, tzinfo=UTC)),
    ("Tue, 09 Apr 2024 10:00:00 +0000", datetime(2024, 4, 9, 10, tzinfo=UTC)),
    ("9 April 2024", datetime(2024, 4, 9, tzinfo=UTC)),
    ("Apr 9, 2024", datetime(2024, 4, 9, tzinfo=UTC)),
])
def test_parse_date(value, expected):
    assert parse_date(value, "x") == expected


def test_inferred_values_never_override_explicit_ones():
    fields = MetaFields()
    fields.apply({"title": "Explicit"}, "front matter")
    fields.set_inferred("headline", "Inferred")
    fields.set_inferred("dateline", "")
    assert fields.values == {"headline": "Explicit"}


@pytest.mark.parametrize("key,value,message", [
    ("urgency", "0", "urgency must be 1"), ("version", "x", "whole number"),
    ("language", "not a tag!", "BCP 47"), ("pub-status", "draft", "usable, withheld or canceled"),
])
def test_invalid_values(key, value, message):
    with pytest.raises(InputError, match=message):
        MetaFields().apply({key: value}, "front matter")
    with pytest.raises(UsageError, match=message):
        MetaFields().apply({key: value}, "-M", usage=True)


def test_finish_meta_fills_provider_sorts_extra_and_leaves_language_to_be_settled():
    fields = MetaFields()
    fields.apply({"zeta": "1", "alpha": "2"}, "front matter")
    values = finish_meta(fields, ReadOptions(default_language="ur", provider="example.org"))
    assert "language" not in values and values["provider"] == "example.org"
    assert values["extra"] == (("alpha", "2"), ("zeta", "1"))
    assert finish_meta(MetaFields(), ReadOptions(language="fr"))["language"] == "fr"
    fields.apply({"publisher": "Dawn"}, "front matter")
    assert finish_meta(fields, ReadOptions())["publication"] == "Dawn"
