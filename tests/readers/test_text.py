"""One test per plain-text reader rule (head, body blocks, identifier), on small hand-made articles."""

from __future__ import annotations

import pytest

from convert.api import read
from convert.errors import InputError
from convert.model import BlockQuote, Heading, ListBlock, Paragraph, block_text, plain_text
from convert.options import ReadOptions

ARTICLE = "Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph.\n"


def paras(doc):
    return [block_text(b) for b in doc.body if isinstance(b, Paragraph)]


def test_only_junk_has_no_headline():
    with pytest.raises(InputError, match="no headline"):
        read(b"Share this post\n\nAdvertisement\n")


def test_headline_standfirst_byline_with_role():
    doc = read(b"Head\n\nA standfirst that explains\nthe story\n\nBy Jane Doe, Staff Reporter\n\n"
               b"Body.\n")
    m = doc.meta
    assert m.subheadline == "A standfirst that explains the story"
    assert m.byline == "Jane Doe" and m.by == "By Jane Doe, Staff Reporter"
    assert [(p.name, p.role) for p in m.authors] == [("Jane Doe", "Staff Reporter")]
    assert paras(doc) == ["Body."]


def test_no_byline_means_no_standfirst():
    doc = read(b"Head\n\nFirst short para.\n\nSecond para.\n")
    assert doc.meta.subheadline is None and len(paras(doc)) == 2


def test_dateline_only_in_first_paragraph():
    doc = read(b"Head\n\nFirst.\n\nLONDON - later paragraph.\n")
    assert doc.meta.dateline is None


def test_hard_wrapped_lines_are_joined():
    doc = read(b"Head\n\nOne line\nwrapped here\nand here.\n\nNext.\n")
    assert paras(doc) == ["One line wrapped here and here.", "Next."]


def test_subheadings_markdown_and_plain():
    doc = read(b"Head\n\nPara one.\n\n## Section A\n\nPara two.\n\nSection B\n\nPara three.\n\n"
               b"### Deeper\n\nPara four.\n")
    heads = [(b.level, block_text(b)) for b in doc.body if isinstance(b, Heading)]
    assert heads == [(2, "Section A"), (2, "Section B"), (3, "Deeper")]


@pytest.mark.parametrize("line", ["Not a heading.", "Is it?", "(Reporting by X)",
                                  "http://example.org/x", "x" * 61])
def test_lines_that_are_not_subheadings(line):
    doc = read(f"Head\n\nPara one.\n\n{line}\n\nPara two.\n".encode())
    assert not any(isinstance(b, Heading) for b in doc.body)


def test_short_last_line_is_a_paragraph():
    doc = read(b"Head\n\nPara one.\n\nMore to follow\n")
    assert paras(doc) == ["Para one.", "More to follow"]


def test_lists_bullets_numbers_and_continuations():
    doc = read("Head\n\nIntro:\n\n- one\n- two\n  wrapped\n\n1) first\n2) second\n\n"
               "• dot\n• dot two\n\nEnd.\n".encode())
    lists = [b for b in doc.body if isinstance(b, ListBlock)]
    assert [(lb.ordered, [plain_text(i.children) for i in lb.items]) for lb in lists] == [
        (False, ["one", "two wrapped"]), (True, ["first", "second"]), (False, ["dot", "dot two"])]


def test_list_introduced_in_same_block():
    doc = read(b"Head\n\nThe steps are:\n1. a\n2. b\n\nEnd.\n")
    assert paras(doc) == ["The steps are:", "End."]
    assert isinstance(doc.body[1], ListBlock) and doc.body[1].start == 1


def test_block_quote_with_attribution():
    doc = read(b"Head\n\nSaid:\n\n> Line one\n> line two.\n>\n> Second para.\n> -- A Person\n\n"
               b"End.\n")
    q = next(b for b in doc.body if isinstance(b, BlockQuote))
    assert [block_text(c) for c in q.children] == ["Line one line two.", "Second para."]
    assert q.attribution == "A Person"


def test_identifier_is_stable_and_content_derived():
    a = read(ARTICLE.encode()).meta.identifier
    assert a == read(ARTICLE.encode()).meta.identifier
    assert a.startswith("urn:newsml:newsconvert.invalid:")
    assert a != read(ARTICLE.replace("Second", "Third").encode()).meta.identifier
    other = read(ARTICLE.encode(), options=ReadOptions(provider="example.org")).meta.identifier
    assert other.startswith("urn:newsml:example.org:") and other != a
    explicit = read(ARTICLE.encode(), options=ReadOptions(metadata=(("guid", "urn:x:1"),)))
    assert explicit.meta.identifier == "urn:x:1"


def test_list_items_separated_by_blank_lines_make_one_list():
    doc = read(b"Head\n\nSteps:\n\n1. one\n\n2. two\n\n- a\n\n- b\n\nEnd.\n")
    lists = [b for b in doc.body if isinstance(b, ListBlock)]
    assert [(lb.ordered, len(lb.items)) for lb in lists] == [(True, 2), (False, 2)]
