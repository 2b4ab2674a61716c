"""Front matter: YAML between ``---`` lines, or ``Key: value`` header lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from convert.api import read
from convert.errors import InputError
from convert.model import Paragraph, block_text
from convert.readers.frontmatter import split_front_matter


def paras(doc):
    return [block_text(b) for b in doc.body if isinstance(b, Paragraph)]


def test_yaml_front_matter():
    doc = read(b"---\ntitle: T\nauthor: [A B, C D]\ndate: 2024-04-09T10:00:00+01:00\n"
               b"keywords: [x, y]\nlanguage: en-GB\nurgency: 3\nprovider: example.org\n"
               b"custom: value\n---\n\nBody.\n")
    m = doc.meta
    assert (m.headline, m.byline, m.language, m.urgency, m.provider) == (
        "T", "A B and C D", "en-GB", 3, "example.org")
    assert m.date == datetime(2024, 4, 9, 9, 0, tzinfo=UTC)
    assert m.keywords == ("x", "y") and dict(m.extra) == {"custom": "value"}
    assert paras(doc) == ["Body."]


def test_header_lines():
    doc = read(b"Title: T\nAuthor: A B\nDate: 2024-05-14\nKeywords: a, b c\n\nBody.\n")
    assert (doc.meta.headline, doc.meta.byline) == ("T", "A B")
    assert doc.meta.keywords == ("a", "b c")
    assert doc.meta.date == datetime(2024, 5, 14, tzinfo=UTC)


def test_headline_with_colon_is_not_a_header():
    doc = read(b"Breaking: floods hit Sindh\n\nBody.\n")
    assert doc.meta.headline == "Breaking: floods hit Sindh"


def test_bad_front_matter_is_an_error():
    with pytest.raises(InputError, match="not valid YAML"):
        read(b"---\ntitle: [unclosed\n---\n\nBody.\n")
    with pytest.raises(InputError, match="must be a mapping"):
        read(b"---\n- a list\n---\n\nBody.\n")


def test_split_front_matter():
    assert split_front_matter(["", "---", "title: T", "...", "Body."], "x") == ({"title": "T"}, ["Body."])
    assert split_front_matter(["Title: T", "Author: A", "", "Body."], "x") == (
        {"Title": "T", "Author": "A"}, ["", "Body."])


@pytest.mark.parametrize("lines", [
    ["---", "Not closed", "", "Body."],  # an opening fence alone is a rule line
    ["Breaking: floods", "Sindh: rain", "", "Body."],  # no known key
    ["Title: T", "Author:", "", "Body."],  # an empty value
    ["Title: T", "Author: A"],  # no body after the block
])
def test_what_is_not_front_matter(lines):
    assert split_front_matter(lines, "x") == ({}, lines)
