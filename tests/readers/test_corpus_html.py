"""The HTML reader on 60 real pages (``../shared/corpus-html``): body F1 by the corpus README's rule,
headlines, bylines and dates.

The scorer is the benchmark's (``benchmarks/html_corpus.py``), so the test and the printed
figures are one reading of the rule. Each page is read once per session.
"""

from __future__ import annotations

import functools
import json

import pytest

from benchmarks.html_corpus import (
    body_text,
    headline_right,
    load_corpus,
    page_titles,
    score_corpus,
    score_page,
    shingles,
)
from convert.model import to_dict
from convert.options import ReadOptions
from convert.readers.html import read
from tests.support import ROOT, SHARED, require

FOLDER = SHARED / "corpus-html"
EXPECT = json.loads((ROOT / "tests" / "fixtures" / "html" / "corpus-expect.json").read_text(encoding="utf-8"))


@functools.cache
def _corpus() -> dict[str, tuple[bytes, dict]]:
    return load_corpus(FOLDER)


@functools.cache
def _parsed(key: str) -> dict:
    return to_dict(read(_corpus()[key][0], ReadOptions(origin=f"{key}.html")))


def _keys() -> list[str]:
    return sorted(EXPECT["pages"])


def test_corpus_is_present():
    require(len(_corpus()) == 60, f"corpus-html not found at {FOLDER}")


def test_scorer_follows_the_readme():
    assert shingles("") == {}
    assert shingles("one two") == {("one", "two"): 1}
    assert sum(shingles("a b c d e f").values()) == 3
    page = score_page("a b c d x", "a b c d e")
    assert (page.precision, page.recall) == (0.5, 0.5)
    empty = score_page("", "a b c d e")
    total = score_corpus([score_page("a b c d e", "a b c d e"), empty])
    assert total.precision == 1.0 and total.recall == 0.5  # an empty extraction lowers recall only


def test_body_f1_is_at_least_096():
    require(len(_corpus()) == 60, f"corpus-html not found at {FOLDER}")
    scores = [score_page(body_text(_parsed(k)), truth["articleBody"]) for k, (_, truth) in _corpus().items()]
    total = score_corpus(scores)
    assert total.f1 >= 0.96, f"F1 {total.f1:.4f} (precision {total.precision:.4f}, recall {total.recall:.4f})"


@pytest.mark.parametrize("key", _keys())
def test_headline_is_the_pages_title_without_the_site(key: str):
    require(key in _corpus(), f"corpus-html not found at {FOLDER}")
    headline = _parsed(key)["meta"]["headline"]
    titles = page_titles(_corpus()[key][0])
    assert headline_right(headline, titles), f"{headline!r} vs {titles}"


@pytest.mark.parametrize("key", _keys())
def test_byline_and_date_as_the_page_states_them(key: str):
    require(key in _corpus(), f"corpus-html not found at {FOLDER}")
    meta = _parsed(key)["meta"]
    want = EXPECT["pages"][key]
    assert meta.get("byline") == want["byline"]
    assert meta.get("date") == want["date"]
