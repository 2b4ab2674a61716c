"""Every corpus article reads exactly as its .expect.json says; bad inputs are rejected."""

from __future__ import annotations

import json
import re

import pytest

from convert.api import read_file
from convert.errors import InputError
from convert.model import BlockQuote, Heading, ListBlock, Paragraph, block_text, plain_text, to_dict
from tests.support import CORPUS, SEED, corpus_cases, require

GOOD = corpus_cases()
BAD = corpus_cases(errors=True)


def _norm(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def _expect(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expect.json").read_text(encoding="utf-8"))


def test_corpus_is_present():
    require(bool(GOOD) and bool(BAD), f"corpus not found at {CORPUS}")


@pytest.mark.parametrize("name", GOOD)
def test_corpus_article_matches_expectations(name: str):
    exp = _expect(name)
    doc = read_file(CORPUS / f"{name}.txt")
    meta = doc.meta
    paras = [block_text(b) for b in doc.body if isinstance(b, Paragraph)]
    assert meta.headline == exp["headline"]
    assert meta.subheadline == exp.get("subheadline")
    assert meta.byline == exp.get("byline")
    assert meta.dateline == exp.get("dateline")
    assert (meta.date.date().isoformat() if meta.date else None) == exp.get("date")
    if "language" in exp:
        assert meta.language == exp["language"]
    assert list(meta.keywords) == exp.get("keywords", [])
    assert len(paras) == exp["paragraph_count"]
    if paras:
        assert _norm(paras[0][:40]) == _norm(exp["first_paragraph_starts"])
        assert _norm(paras[-1][-40:]) == _norm(exp["last_paragraph_ends"])
    headings = [block_text(b) for b in doc.body if isinstance(b, Heading)]
    assert headings == exp.get("headings", [])
    items = [plain_text(i.children) for b in doc.body if isinstance(b, ListBlock) for i in b.items]
    assert items == exp.get("list_items", [])
    quotes = [block_text(b) for b in doc.body if isinstance(b, BlockQuote)]
    assert quotes == exp.get("blockquotes", [])
    if "paragraphs" in exp:
        assert [_norm(p) for p in paras] == exp["paragraphs"]
    everything = json.dumps(to_dict(doc), ensure_ascii=False)
    text = re.sub(r"\s+", " ", " ".join([meta.headline, meta.subheadline or "",
                                         *(block_text(b) for b in doc.body)]))
    for s in exp["must_contain"]:
        assert s in text
    for junk in exp.get("dropped", []):
        assert junk not in everything, f"junk {junk!r} leaked into the model"


@pytest.mark.parametrize("name", BAD)
def test_bad_inputs_are_rejected_with_one_line_naming_the_file(name: str):
    path = CORPUS / f"{name}.txt"
    with pytest.raises(InputError) as info:
        read_file(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message


@pytest.mark.parametrize("name", GOOD)
def test_reader_golden_model_json(name: str, golden):
    doc = read_file(CORPUS / f"{name}.txt")
    golden.check(f"reader/{name}.json",
                 json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\n")


def test_seed_article():
    assert SEED is not None, "seeds/ must hold the seed article"
    doc = read_file(SEED)
    assert doc.meta.headline == "Pakistan rejects ‘unfounded’ US claims on missile threats"
    paras = [b for b in doc.body if isinstance(b, Paragraph)]
    assert len(paras) == 12 and len(doc.body) == 12
    assert "Share this post" not in json.dumps(to_dict(doc), ensure_ascii=False)
    assert block_text(paras[0]).startswith("Pakistan has strongly dismissed")
    assert block_text(paras[-1]).endswith("three commercial entities.")


def test_seed_golden_model_json(golden):
    assert SEED is not None
    golden.check("reader/seed.json",
                 json.dumps(to_dict(read_file(SEED)), ensure_ascii=False, indent=1) + "\n")
