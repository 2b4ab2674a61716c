"""Quotations, links and e-mail addresses found in plain text runs."""

from __future__ import annotations

from convert.api import read
from convert.model import Link, Paragraph, Quoted, Text, block_text, plain_text
from convert.readers.inlines import parse_inlines


def paras(doc):
    return [block_text(b) for b in doc.body if isinstance(b, Paragraph)]


def test_links_and_emails():
    doc = read(b"Head\n\nSee https://ex.org/a?b=1&c=2. Or www.ex.org, or mail a.b@ex.org.\n")
    links = [(plain_text(n.children), n.url) for n in doc.body[0].children if isinstance(n, Link)]
    assert links == [("https://ex.org/a?b=1&c=2", "https://ex.org/a?b=1&c=2"),
                     ("www.ex.org", "https://www.ex.org"), ("a.b@ex.org", "mailto:a.b@ex.org")]
    assert paras(doc)[0].endswith("mail a.b@ex.org.")


def test_quotations_keep_their_marks():
    doc = read("Head\n\nHe said “no way” and \"yes\".\n".encode())
    quotes = [n for n in doc.body[0].children if isinstance(n, Quoted)]
    assert [(q.opening, plain_text(q.children), q.closing) for q in quotes] == [
        ("“", "no way", "”"), ('"', "yes", '"')]
    assert paras(doc)[0] == "He said “no way” and \"yes\"."


def test_text_nodes_are_plain():
    doc = read(b"Head\n\nA <b>bold</b> &amp; move.\n")
    assert doc.body[0].children == (Text("A <b>bold</b> &amp; move."),)


def test_parse_inlines_directly():
    assert parse_inlines("") == ()
    assert parse_inlines("plain") == (Text("plain"),)
    assert parse_inlines("at www.ex.org/a_(b)).") == (
        Text("at "), Link((Text("www.ex.org/a_(b)"),), "https://www.ex.org/a_(b)"), Text(")."))
    assert parse_inlines("short http://a.") == (Text("short http://a."),)
