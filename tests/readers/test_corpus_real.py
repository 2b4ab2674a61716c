"""The reader on real published articles (``../shared/corpus-real/``), expectation by expectation.

Each article is read once; every expectation field is its own test, so a regression names the
article and the field. The rules are the corpus README's, implemented in ``realcorpus.py``.
"""

from __future__ import annotations

import functools

import pytest

from convert.model import Document
from convert.options import ReadOptions
from convert.readers.diagnostics import Diagnostics
from convert.readers.text import explain
from tests.readers.realcorpus import CHECKS, cases, load_expect
from tests.support import SHARED, require

ROOT = SHARED / "corpus-real"
CASES = cases(ROOT)


@functools.cache
def _read(case: str) -> tuple[Document, Diagnostics]:
    path = ROOT / f"{case}.txt"
    return explain(path.read_bytes(), ReadOptions(origin=str(path)))


def test_real_corpus_is_present():
    require(len(CASES) >= 80, f"real corpus not found at {ROOT}")


@pytest.mark.parametrize("field", list(CHECKS))
@pytest.mark.parametrize("case", CASES)
def test_expectation(case: str, field: str):
    exp = load_expect(ROOT, case)
    reason = CHECKS[field](_read(case)[0], exp)
    assert reason is None, f"{case}: {reason}"


@pytest.mark.parametrize("case", CASES)
def test_encoding(case: str):
    exp = load_expect(ROOT, case)
    got = _read(case)[1].encoding
    # Pure ASCII bytes are also valid UTF-8: the corpus labels them by their source's encoding.
    assert got == exp["encoding"] or (got == "ascii" and exp["encoding"] == "utf-8")


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("reuters/")])
def test_wire_copy_is_read_by_its_indentation_and_signed_off(case: str):
    doc, diag = _read(case)
    assert diag.paragraphs is not None and diag.paragraphs["rule"] == "indented"
    assert diag.signoff in ("Reuter", "REUTER") and doc.meta.credit == diag.signoff


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith(("horne/", "urdu/"))])
def test_scraped_articles_are_one_paragraph_per_line(case: str):
    diag = _read(case)[1]
    assert diag.paragraphs is not None and diag.paragraphs["rule"] in ("one-per-line", "blank-lines")
