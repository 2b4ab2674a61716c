"""One test per plain-text reader rule, on small hand-made articles."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

import pytest

from convert.api import read
from convert.errors import InputError, UsageError
from convert.model import (
    BlockQuote,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Quoted,
    Text,
    block_text,
    plain_text,
)
from convert.options import ReadOptions

ARTICLE = "Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph.\n"


def paras(doc):
    return [block_text(b) for b in doc.body if isinstance(b, Paragraph)]


# ------------------------------------------------------------------ bytes to text

@pytest.mark.parametrize("encoding,data", [
    ("utf-8", ARTICLE.replace("story", "stóry").encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + ARTICLE.replace("story", "stóry").encode("utf-8")),
    ("utf-16", ARTICLE.replace("story", "stóry").encode("utf-16")),
    ("utf-16-be", codecs.BOM_UTF16_BE + ARTICLE.replace("story", "stóry").encode("utf-16-be")),
    ("cp1252", ARTICLE.replace("story", "“stóry”").encode("cp1252")),
])
def test_encodings(encoding, data):
    doc = read(data)
    assert doc.meta.headline == "Headline here"
    assert "stóry" in paras(doc)[0]


def test_mostly_utf8_with_a_broken_sequence_is_kept():
    data = ("Headline here\n\n" + "Łódź and Kraków and “more” text. " * 10).encode() + b"\xed\xa0\x80 end.\n"
    doc = read(data)
    assert "Łódź" in paras(doc)[0] and "\ufffd" in " ".join(paras(doc))


def test_single_nul_byte_is_dropped_not_binary():
    doc = read(b"Headline\n\nBody with a stray \x00 NUL.\n")
    assert paras(doc) == ["Body with a stray NUL."]


def test_bomless_utf16_is_detected():
    doc = read(ARTICLE.encode("utf-16-le"))
    assert doc.meta.headline == "Headline here"


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n"])
def test_line_endings(eol):
    doc = read(ARTICLE.replace("\n", eol).encode())
    assert paras(doc) == ["First paragraph of the story.", "Second paragraph."]


def test_nfc_normalisation():
    doc = read("Cafe\u0301 opens\n\nThe cafe\u0301 opened.\n".encode())
    assert doc.meta.headline == "Café opens" and paras(doc) == ["The café opened."]


def test_tabs_and_odd_spaces_are_spaces_and_runs_collapse():
    doc = read("Head\n\n\tText\twith\u2003odd   spaces.\n".encode())
    assert paras(doc) == ["Text with odd spaces."]


def test_xml_illegal_controls_are_dropped():
    doc = read("Head\x01line\n\nBody \x0b text \x1b here\x7f.\ufffe\n".encode())
    assert doc.meta.headline == "Headline"
    text = paras(doc)[0]
    assert not any(ord(c) < 32 for c in text) and "\ufffe" not in text


@pytest.mark.parametrize("data,why", [
    (b"", "empty"), (b" \t\r\n  \n", "whitespace"), (bytes(range(256)) * 8, "binary"),
    (b"\x00\x01\x02" * 100, "binary"),
])
def test_unreadable_input_is_an_error(data, why):
    with pytest.raises(InputError, match=why):
        read(data, options=ReadOptions(origin="x.txt"))


def test_size_limit():
    with pytest.raises(InputError, match="too large"):
        read(ARTICLE.encode(), options=ReadOptions(max_bytes=10))


def test_only_junk_has_no_headline():
    with pytest.raises(InputError, match="no headline"):
        read(b"Share this post\n\nAdvertisement\n")


# ------------------------------------------------------------------ structure

def test_headline_standfirst_byline_with_role():
    doc = read(b"Head\n\nA standfirst that explains\nthe story\n\nBy Jane Doe, Staff Reporter\n\n"
               b"Body.\n")
    m = doc.meta
    assert m.subheadline == "A standfirst that explains the story"
    assert m.byline == "Jane Doe" and m.by == "By Jane Doe, Staff Reporter"
    assert [(p.name, p.role) for p in m.authors] == [("Jane Doe", "Staff Reporter")]
    assert paras(doc) == ["Body."]


def test_joint_byline_directly_under_headline():
    doc = read("Head\nBy Ahmed Raza and Lucía Fernández\n\nBody text.\n".encode())
    assert doc.meta.byline == "Ahmed Raza and Lucía Fernández"
    assert [p.name for p in doc.meta.authors] == ["Ahmed Raza", "Lucía Fernández"]
    assert doc.meta.subheadline is None


def test_sentence_starting_with_by_is_not_a_byline():
    doc = read(b"Head\n\nBy the end of the day, the river had burst its banks.\n\nMore.\n")
    assert doc.meta.byline is None and len(paras(doc)) == 2


def test_no_byline_means_no_standfirst():
    doc = read(b"Head\n\nFirst short para.\n\nSecond para.\n")
    assert doc.meta.subheadline is None and len(paras(doc)) == 2


@pytest.mark.parametrize("first,dateline,located,rest", [
    ("KARACHI: The project", "KARACHI", "KARACHI", "The project"),
    ("ISLAMABAD, Dec 20 (Reuters) - Pakistan's bank", "ISLAMABAD, Dec 20 (Reuters)", "ISLAMABAD",
     "Pakistan's bank"),
    ("LONDON — A retired postman", "LONDON", "LONDON", "A retired postman"),
    ("NEW YORK, Jan. 5 (AP) – Stocks fell", "NEW YORK, Jan. 5 (AP)", "NEW YORK", "Stocks fell"),
    ("GAZA CITY, Palestine (AFP) — Aid", "GAZA CITY, Palestine (AFP)", "GAZA CITY", "Aid"),
    ("SÃO PAULO, March 3 (Reuters) - Coffee", "SÃO PAULO, March 3 (Reuters)", "SÃO PAULO",
     "Coffee"),
    ("BEIJING/SHANGHAI (Reuters) - China", "BEIJING/SHANGHAI (Reuters)", "BEIJING/SHANGHAI",
     "China"),
    ("ZÜRICH — Banks", "ZÜRICH", "ZÜRICH", "Banks"),
    ("N'DJAMENA: Troops", "N'DJAMENA", "N'DJAMENA", "Troops"),
    ("Karachi, Dec 20 (AFP) - Prices", "Karachi, Dec 20 (AFP)", "Karachi", "Prices"),
    ("Lahore (Reuters) - Rain", "Lahore (Reuters)", "Lahore", "Rain"),
])
def test_dateline_leads(first, dateline, located, rest):
    doc = read(f"Head\n\n{first} arrived.\n\nMore.\n".encode())
    assert doc.meta.dateline == dateline and doc.meta.located == located
    assert paras(doc)[0] == f"{rest} arrived."


@pytest.mark.parametrize("first", ["The US and UK - two allies - met.",
                                   "The council said: it would meet.",
                                   "Karachi: a city of contrasts.", "In 2024 - a year - things."])
def test_no_dateline_in_ordinary_first_paragraph(first):
    doc = read(f"Head\n\n{first}\n".encode())
    assert doc.meta.dateline is None and paras(doc)[0] == first


def test_dateline_only_in_first_paragraph():
    doc = read(b"Head\n\nFirst.\n\nLONDON - later paragraph.\n")
    assert doc.meta.dateline is None


def test_wire_trailer_is_credit_not_body():
    doc = read(b"Head\n\nBody.\n\n(Reporting by A in B; Editing by C)\n")
    assert doc.meta.credit == "(Reporting by A in B; Editing by C)"
    assert paras(doc) == ["Body."]


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
    with pytest.raises(InputError, match="unrecognised date"):
        read(b"---\ntitle: T\ndate: someday\n---\n\nBody.\n")


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


@pytest.mark.parametrize("junk", ["Share this post", "Advertisement", "Read more: Other story",
                                  "Follow us on Twitter", "Also read: x", "ADVERTISEMENT",
                                  "Share on Facebook", "Story continues below advertisement"])
def test_junk_lines_dropped(junk):
    doc = read(f"Head\n\nPara one.\n\n{junk}\n\nPara two.\n{junk}\n".encode())
    assert paras(doc) == ["Para one.", "Para two."]


def test_prose_mentioning_junk_words_is_kept():
    doc = read(b"Head\n\nRead more about the plan in the report.\n\nAdvertisement revenue fell.\n")
    assert len(paras(doc)) == 2


def test_user_junk_patterns():
    opts = ReadOptions(junk_patterns=(r"Sponsored by .*",))
    doc = read(b"Head\n\nPara.\n\nSponsored by Acme\n", options=opts)
    assert paras(doc) == ["Para."]
    with pytest.raises(UsageError):
        read(ARTICLE.encode(), options=ReadOptions(junk_patterns=("(",)))


def test_metadata_options_override_article_and_config_defaults_do_not():
    opts = ReadOptions(metadata=(("headline", "New"), ("keywords", "a, b"), ("urgency", "2")),
                       defaults=(("provider", "cfg.example"), ("headline", "Ignored")))
    doc = read(b"---\ntitle: Old\n---\n\nBody.\n", options=opts)
    assert (doc.meta.headline, doc.meta.keywords, doc.meta.urgency) == ("New", ("a", "b"), 2)
    assert doc.meta.provider == "cfg.example"
    with pytest.raises(UsageError, match="urgency"):
        read(ARTICLE.encode(), options=ReadOptions(metadata=(("urgency", "12"),)))


def test_identifier_is_stable_and_content_derived():
    a = read(ARTICLE.encode()).meta.identifier
    assert a == read(ARTICLE.encode()).meta.identifier
    assert a.startswith("urn:newsml:newsconvert.invalid:")
    assert a != read(ARTICLE.replace("Second", "Third").encode()).meta.identifier
    other = read(ARTICLE.encode(), options=ReadOptions(provider="example.org")).meta.identifier
    assert other.startswith("urn:newsml:example.org:") and other != a
    explicit = read(ARTICLE.encode(), options=ReadOptions(metadata=(("guid", "urn:x:1"),)))
    assert explicit.meta.identifier == "urn:x:1"


def test_text_nodes_are_plain():
    doc = read(b"Head\n\nA <b>bold</b> &amp; move.\n")
    assert doc.body[0].children == (Text("A <b>bold</b> &amp; move."),)


def test_list_items_separated_by_blank_lines_make_one_list():
    doc = read(b"Head\n\nSteps:\n\n1. one\n\n2. two\n\n- a\n\n- b\n\nEnd.\n")
    lists = [b for b in doc.body if isinstance(b, ListBlock)]
    assert [(lb.ordered, len(lb.items)) for lb in lists] == [(True, 2), (False, 2)]


def test_upper_case_month_in_dateline():
    doc = read(b"Head\n\nLONDON, MARCH 5 (Reuters) - Stocks rose.\n")
    assert doc.meta.dateline == "LONDON, MARCH 5 (Reuters)"


def test_unbracketed_wire_credit():
    doc = read(b"Head\n\nBody.\n\nReporting by A in B; Editing by C\n")
    assert doc.meta.credit == "Reporting by A in B; Editing by C" and paras(doc) == ["Body."]


@pytest.mark.parametrize("junk", ["Related articles", "Recommended", "Leave a comment",
                                  "Download our app for more"])
def test_more_junk(junk):
    doc = read(f"Head\n\nPara one.\n\n{junk}\n\nPara two.\n".encode())
    assert paras(doc) == ["Para one.", "Para two."]


def test_front_matter_conveniences():
    doc = read(b"---\ntitle: T\nauthor: By Jane Doe, Staff Reporter\nlanguage: Urdu\n"
               b"keywords: a; b c; d\n---\n\nBody.\n")
    m = doc.meta
    assert (m.byline, m.by, m.language, m.keywords) == (
        "Jane Doe", "By Jane Doe, Staff Reporter", "ur", ("a", "b c", "d"))
    assert m.authors[0].role == "Staff Reporter"
