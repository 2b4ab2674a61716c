"""Newsroom conventions: junk lines, bylines, datelines, wire credits, and their data file."""

from __future__ import annotations

from importlib import resources

import pytest

from convert.api import read
from convert.errors import UsageError
from convert.model import Paragraph, block_text
from convert.options import ReadOptions
from convert.readers import conventions
from convert.readers.conventions import (
    extend_conventions,
    is_wire_credit,
    junk_matcher,
    load_conventions,
    parse_byline,
    parse_conventions,
)
from convert.readers.datelines import split_dateline

ARTICLE = "Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph.\n"


def paras(doc):
    return [block_text(b) for b in doc.body if isinstance(b, Paragraph)]


def packaged_source() -> str:
    """The conventions data file as shipped inside the package (and the wheel)."""
    return resources.files("convert.readers").joinpath(conventions.DATA_FILE).read_text(encoding="utf-8")


# ------------------------------------------------------------------ junk

@pytest.mark.parametrize("junk", ["Share this post", "Advertisement", "Read more: Other story",
                                  "Follow us on Twitter", "Also read: x", "ADVERTISEMENT",
                                  "Share on Facebook", "Story continues below advertisement"])
def test_junk_lines_dropped(junk):
    doc = read(f"Head\n\nPara one.\n\n{junk}\n\nPara two.\n{junk}\n".encode())
    assert paras(doc) == ["Para one.", "Para two."]


@pytest.mark.parametrize("junk", ["Related articles", "Recommended", "Leave a comment",
                                  "Download our app for more"])
def test_more_junk(junk):
    doc = read(f"Head\n\nPara one.\n\n{junk}\n\nPara two.\n".encode())
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


def test_user_junk_patterns_also_drop_a_line_the_paragraph_rule_sets_apart():
    """A junk line inside prose is kept as prose, then tested again as its own paragraph."""
    one = ("The minister told reporters in the capital on Tuesday that the relief convoys would "
           "reach the southern districts")
    two = ("before the monsoon returned and that the provincial government had asked the army "
           "for more boats and tents")  # unfinished: the next line does not stand alone
    text = f"Floods reach the south\n\n{one} soon.\n{two}\nDaily Widget Digest for you\n{one}.\n"
    def blocks(doc):
        return [block_text(b) for b in doc.body]

    assert "Daily Widget Digest for you" in blocks(read(text.encode()))  # a subheading, it seems
    doc = read(text.encode(), options=ReadOptions(junk_patterns=("daily widget digest for you",)))
    assert len(blocks(doc)) == 3 and "Daily Widget Digest for you" not in blocks(doc)



# ------------------------------------------------------------------ bylines

def test_joint_byline_directly_under_headline():
    doc = read("Head\nBy Ahmed Raza and Lucía Fernández\n\nBody text.\n".encode())
    assert doc.meta.byline == "Ahmed Raza and Lucía Fernández"
    assert [p.name for p in doc.meta.authors] == ["Ahmed Raza", "Lucía Fernández"]
    assert doc.meta.subheadline is None


def test_sentence_starting_with_by_is_not_a_byline():
    doc = read(b"Head\n\nBy the end of the day, the river had burst its banks.\n\nMore.\n")
    assert doc.meta.byline is None and len(paras(doc)) == 2



# ------------------------------------------------------------------ datelines

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


def test_upper_case_month_in_dateline():
    doc = read(b"Head\n\nLONDON, MARCH 5 (Reuters) - Stocks rose.\n")
    assert doc.meta.dateline == "LONDON, MARCH 5 (Reuters)"



# ------------------------------------------------------------------ wire credits

def test_wire_trailer_is_credit_not_body():
    doc = read(b"Head\n\nBody.\n\n(Reporting by A in B; Editing by C)\n")
    assert doc.meta.credit == "(Reporting by A in B; Editing by C)"
    assert paras(doc) == ["Body."]


def test_unbracketed_wire_credit():
    doc = read(b"Head\n\nBody.\n\nReporting by A in B; Editing by C\n")
    assert doc.meta.credit == "Reporting by A in B; Editing by C" and paras(doc) == ["Body."]



# ------------------------------------------------------------------ the data file

def test_the_data_file_loads_and_holds_every_convention():
    data = load_conventions()
    assert data is load_conventions()  # read once per process
    assert {"en", "ur", "ar", "hi"} <= set(data.languages)
    assert "share( this)?" in data.junk_patterns
    assert "correspondent" in data.role_words and "Jr." in data.name_suffixes
    assert "Sept" in data.months and "جون" in data.months and data.agency and data.separator
    assert len(data.wire_credits) == 3 and "reuters?" in data.signoffs
    assert all(f"(?:{p})" in junk_matcher().pattern for p in data.junk_patterns)


def test_the_data_file_ships_inside_the_package():
    assert parse_conventions(packaged_source(), "conventions.toml") == load_conventions()


@pytest.mark.parametrize("line", ["Listen to this story", "LISTEN TO THIS ARTICLE."])
def test_a_junk_pattern_from_the_data_file_is_applied(line):
    assert "listen to this (article|story)" in load_conventions().junk_patterns
    doc = read(f"Head\n\nPara one.\n\n{line}\n\nPara two.\n".encode())
    assert paras(doc) == ["Para one.", "Para two."]


def test_role_words_and_months_from_the_data_file_are_applied():
    assert "photographer" in load_conventions().role_words
    _, people = parse_byline("By Ana Lima, Photographer")  # without the role word: two people
    assert [(p.name, p.role) for p in people] == [("Ana Lima", "Photographer")]
    assert split_dateline("WASHINGTON, Sept. 9 (AP) — Text")[0] == "WASHINGTON, Sept. 9 (AP)"


def test_a_newsroom_extends_the_data_without_touching_code():
    ours = packaged_source().replace("junk = [\n", "junk = [\n    'more on this story at \\S+',\n", 1)
    extended = parse_conventions(ours, "ours.toml")
    assert extended.junk_patterns[0] == r"more on this story at \S+"
    line = "More on this story at example.org"
    assert paras(read(f"Head\n\nPara one.\n\n{line}\n".encode())) == ["Para one.", line]
    opts = ReadOptions(conventions=extended)
    assert paras(read(f"Head\n\nPara one.\n\n{line}\n".encode(), options=opts)) == ["Para one."]


def test_config_additions_extend_one_language_table():
    base = load_conventions()
    ours = extend_conventions(base, {"ur": {"junk": ["ہمارا چینل دیکھیں"]}, "sw": {"months": ["Januari"]}},
                              "config.toml")
    assert ours.junk[-1] == "ہمارا چینل دیکھیں" and "Januari" in ours.months
    assert ours.languages[-1] == "sw" and base.junk == load_conventions().junk  # base untouched
    text = "سرخی\n\nپہلا پیراگراف۔\n\nہمارا چینل دیکھیں\n"
    doc = read(text.encode(), options=ReadOptions(conventions=ours))
    assert paras(doc) == ["پہلا پیراگراف۔"]
    with pytest.raises(UsageError, match=r"\[conventions.ur\] unknown key 'junkk'"):
        extend_conventions(base, {"ur": {"junkk": ["x"]}}, "config.toml")
    with pytest.raises(UsageError, match=r"\[conventions.ur\] junk: .* not a valid regular expression"):
        extend_conventions(base, {"ur": {"junk": ["(("]}}, "config.toml")


@pytest.mark.parametrize("change,message", [
    (("agency = '", "agency = '(("), r"\[dateline\] agency: .* is not a valid regular expression"),
    (("role_words = [", "role_words = [1, "), r"\[byline\] role_words must be a list of non-empty strings"),
    (("[languages.en]", "[languages.en"), "not valid TOML"),
    (("heading_never_ends = [", "heading_never_endz = ["),
     r"\[languages.en\] unknown key 'heading_never_endz'"),
])
def test_a_broken_data_file_is_one_clear_error(change, message):
    with pytest.raises(UsageError, match=message) as info:
        parse_conventions(packaged_source().replace(*change, 1), "ours.toml")
    assert str(info.value).startswith("ours.toml: ")


def test_functions_directly():
    assert parse_byline("By the end of the day, it rained.") is None
    assert parse_byline("By John Smith Jr.")[0] == "John Smith Jr."
    assert parse_byline("By A Khan, Bilal bin Saeed and Sara de Souza")[0] == (
        "A Khan, Bilal bin Saeed and Sara de Souza")
    assert split_dateline("KARACHI: The project") == ("KARACHI", "KARACHI", "The project")
    assert is_wire_credit("(Additional reporting by A;\nEditing by B)")
    assert not is_wire_credit("Reporting by A in B.")


def test_conventions_hash_is_kept_per_object_and_never_pickled() -> None:
    """The pattern caches hash a Conventions on every lookup: once per object, by value."""
    import pickle

    from msgspec.structs import fields, replace

    conv = conventions.load_conventions()
    by_value = hash(tuple(getattr(conv, f.name) for f in fields(conv)))
    assert hash(conv) == by_value == hash(conv)
    assert "_hash" not in pickle.loads(pickle.dumps(conv)).__dict__  # hashes differ per process
    copy = pickle.loads(pickle.dumps(conv))
    assert copy == conv and hash(copy) == hash(conv)
    other = replace(conv, junk=(*conv.junk, "an extra pattern"))
    assert other != conv and "_hash" not in other.__dict__ and hash(other) != hash(conv)
