"""Every corpus article through the reader and the PDF writer: its text comes back, in order.

End to end on purpose: the corpus' ``*.expect.json`` say what a reader of the PDF must find.
"""

from __future__ import annotations

import json

import pytest

from convert.model import Document
from tests.support import CORPUS, corpus_cases
from tests.writers.pdf.pdfcheck import STYLES, flat, loose, pdftotext, render


def read_corpus(name: str) -> Document:
    from convert.api import read_file

    return read_file(CORPUS / f"{name}.txt")


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", corpus_cases())
def test_corpus_text_comes_back(name: str, style: str) -> None:
    expect = json.loads((CORPUS / f"{name}.expect.json").read_text(encoding="utf-8"))
    data = render(read_corpus(name), style)
    text = flat(pdftotext(data))
    for needle in expect["must_contain"]:
        assert needle in text, needle
    for junk in expect.get("dropped", ()):
        assert junk not in text, junk
    # Reading order, from the content stream (hyphenated line ends are not joined there).
    text = loose(pdftotext(data, raw=True))
    marks = [expect["headline"]]
    if expect.get("paragraph_count"):
        marks.append(expect["first_paragraph_starts"])
    marks += expect.get("headings", [])
    if expect.get("paragraph_count"):
        marks.append(expect["last_paragraph_ends"])
    pos = 0
    for mark in marks:
        found = text.find(loose(mark), pos)
        assert found >= 0, f"{mark!r} missing or out of order"
        pos = found
