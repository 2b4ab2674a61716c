"""The first step of every reader: size limit, decoding, cleaning, front matter."""

from __future__ import annotations

import pytest

from convert.api import read
from convert.errors import InputError
from convert.options import ReadOptions
from convert.readers.load import load_article

ARTICLE = "Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph.\n"


def test_whitespace_only_is_an_error():
    with pytest.raises(InputError, match="whitespace"):
        read(b" \t\r\n  \n", options=ReadOptions(origin="x.txt"))


def test_size_limit():
    with pytest.raises(InputError, match="too large"):
        read(ARTICLE.encode(), options=ReadOptions(max_bytes=10))


def test_load_article_returns_lines_after_front_matter_and_its_metadata():
    origin, lines, fields = load_article(b"---\ntitle: T\n---\nBody.\n", ReadOptions(origin="a.txt"))
    assert origin == "a.txt" and lines == ["Body.", ""]
    assert fields.values == {"headline": "T"}


def test_front_matter_errors_name_the_file():
    with pytest.raises(InputError) as info:
        load_article(b"---\ndate: someday\n---\n\nBody.\n", ReadOptions(origin="a.txt"))
    assert str(info.value).startswith("a.txt: ") and "unrecognised date" in str(info.value)
