"""Markdown articles (CommonMark) read into the same model as plain text."""

from __future__ import annotations

from convert.api import read
from convert.model import BlockQuote, Emphasis, Heading, Link, ListBlock, Paragraph, Strong, block_text

MD = """---
title: Council approves cycle lanes
date: 2024-04-09
---

A standfirst with *emphasis*.

By Carys Morgan, Transport Correspondent

CARDIFF — Councillors **approved** a [plan](https://example.org/x) on Monday.

## Where the lanes go

- Cathedral Road
- Newport *Road*

3. third
4. fourth

> We are not against cyclists.

Share this post

(Reporting by Carys Morgan; Editing by Sam Lee)
"""


def test_markdown_article():
    doc = read(MD, format="markdown")
    m = doc.meta
    assert m.headline == "Council approves cycle lanes"
    assert m.subheadline == "A standfirst with emphasis."
    assert m.byline == "Carys Morgan" and m.authors[0].role == "Transport Correspondent"
    assert m.dateline == "CARDIFF" and m.credit.startswith("(Reporting by")
    first = doc.body[0]
    assert isinstance(first, Paragraph) and block_text(first).startswith("Councillors approved")
    assert any(isinstance(n, Strong) for n in first.children)
    assert any(isinstance(n, Link) and n.url == "https://example.org/x" for n in first.children)
    assert isinstance(doc.body[1], Heading) and doc.body[1].level == 2
    lists = [b for b in doc.body if isinstance(b, ListBlock)]
    assert [lb.ordered for lb in lists] == [False, True] and lists[1].start == 3
    assert any(isinstance(n, Emphasis) for n in lists[0].items[1].children)
    assert isinstance(doc.body[-1], BlockQuote)
    assert "Share this post" not in [block_text(b) for b in doc.body]


def test_markdown_headline_from_first_heading():
    doc = read("# The headline\n\nBody *text*.\n", format="markdown")
    assert doc.meta.headline == "The headline" and block_text(doc.body[0]) == "Body text."


def test_markdown_registry_by_extension(tmp_path):
    from convert.api import read_file

    p = tmp_path / "a.md"
    p.write_text("# H\n\nA **b** c.\n", encoding="utf-8")
    assert any(isinstance(n, Strong) for n in read_file(p).body[0].children)
