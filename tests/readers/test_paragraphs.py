"""Paragraph rules decided per article: blank lines, wire indentation, one per line, hard wrap."""

from __future__ import annotations

from convert.api import read
from convert.model import Heading, Paragraph, block_text
from convert.options import ReadOptions
from convert.readers.paragraphs import MAX_WRAP, decide, split_block
from convert.readers.text import explain

LONG = "word " * 30  # 150 characters: no plain-text file is hard-wrapped that wide


def paras(doc):
    return [block_text(b) for b in doc.body if isinstance(b, Paragraph)]


def test_wire_copy_indentation_opens_paragraphs():
    text = ("TITLE\n\n    SYDNEY, March 2 - Qantas has placed a firm order with\nBoeing for four"
            " aircraft, its chairman said.\n    The first is due for delivery in April with\nthe"
            " others in May, he said.\n    The purchase takes the fleet to 28.\n Reuter\n")
    doc, diag = explain(text.encode(), ReadOptions())
    assert diag.paragraphs["rule"] == "indented"
    assert paras(doc) == ["Qantas has placed a firm order with Boeing for four aircraft, its chairman said.",
                          "The first is due for delivery in April with the others in May, he said.",
                          "The purchase takes the fleet to 28."]
    assert doc.meta.dateline == "SYDNEY, March 2" and doc.meta.credit == "Reuter"
    assert diag.signoff == "Reuter"


def test_an_earnings_table_of_indented_lines_is_one_paragraph_per_line():
    rule = decide([["    Shr 75 cts vs 52 cts", "    Net 1,699,124 vs 1,177,786", "    Revs 45.6 mln"]])
    assert rule.name == "indented"
    assert len(split_block(["    Shr 75 cts vs 52 cts", "    Net 1,699,124 vs 1,177,786"], rule)) == 2


def test_one_paragraph_per_line_when_lines_are_too_long_to_be_wrapped():
    lines = [f"Sentence {i} {LONG}ends here." for i in range(5)]
    doc, diag = explain(("Head\n\n" + "\n".join(lines) + "\n").encode(), ReadOptions())
    assert diag.paragraphs["rule"] == "one-per-line" and len(paras(doc)) == 5
    assert str(MAX_WRAP) in diag.paragraphs["why"]


def test_in_one_per_line_text_a_line_starting_with_a_blank_continues_the_one_before():
    text = f"Head\n\nFirst {LONG}broken\n mid-sentence here.\nSecond {LONG}.\n"
    assert len(paras(read(text.encode()))) == 2


def test_hard_wrapped_paragraphs_are_joined():
    text = ("Head\n\nGlacial lakes in the mountains of Gilgit-Baltistan expanded by\nnearly a fifth"
            " in surface area between 2015 and 2023, a study\nfound.\n")
    doc, diag = explain(text.encode(), ReadOptions())
    assert diag.paragraphs["rule"] == "wrapped" and diag.paragraphs["column"] == 62
    assert len(paras(doc)) == 1


def test_hard_wrapped_text_breaks_where_a_sentence_ends_well_short_of_the_column():
    text = ("Head\n\nThe council met on Tuesday to discuss the plan for the new\nbridge, which"
            " has been delayed for two years by disputes.\nIt will meet again in May.\nThe mayor"
            " said the vote would be close and that residents\nshould attend.\n")
    # "disputes." fills its line, so the break after it may be wrapping: only "May." is an end.
    assert [p[:9] for p in paras(read(text.encode()))] == ["The counc", "The mayor"]


def test_a_full_line_ending_a_sentence_is_still_wrapped_text():
    rule = decide([["The council met on Tuesday to discuss the plan for the new bridge.",
                    "It will meet again in May."]])
    assert split_block(["The council met on Tuesday to discuss the plan for the new bridge.",
                        "It will meet again in May."], rule) == [[
                            "The council met on Tuesday to discuss the plan for the new bridge.",
                            "It will meet again in May."]]


def test_widget_lines_are_not_glued_to_the_next_paragraph():
    text = (f"Head\n\nFirst {LONG}.\n\nCabinet picks in pictures\nPlay VIDEO\nCabinet picks in pictures\n"
            f"“Opening Day is your opportunity,” {LONG}.\n")
    doc, diag = explain(text.encode(), ReadOptions())
    assert paras(doc)[-1].startswith("“Opening Day")
    assert diag.junk == ["Cabinet picks in pictures", "Play VIDEO", "Cabinet picks in pictures"]


def test_video_titles_with_running_times_and_share_rows_are_junk():
    text = (f"Head\n\nFirst {LONG}.\nSee Protester Interrupt Electoral College Vote 0:42\n"
            "Play Protesters Want Electors to Say No Facebook Twitter Google Plus Embed\n"
            f"Second {LONG}.\n")
    doc = read(text.encode())
    assert len(paras(doc)) == 2


def test_parse_lists_the_rule_in_diagnostics():
    diag = explain(b"Head\n\nOne.\n\nTwo.\n", ReadOptions())[1]
    assert diag.paragraphs["rule"] == "blank-lines"
    assert diag.as_dict()["paragraphs"]["why"].startswith("every block is one line")


def test_subheading_needs_prose_on_both_sides():
    body = "\n\n".join([f"Para one {LONG}.", "Funding questions", f"Para two {LONG}."])
    doc = read(f"Head\n\n{body}\n".encode())
    assert [block_text(b) for b in doc.body if isinstance(b, Heading)] == ["Funding questions"]


def test_fact_box_lines_award_lists_and_fragments_are_not_subheadings():
    for short in ["Tuesday, 1 March", "2000 GMT", "16th PREM", "The bill was described as",
                  "Scott 51"]:
        body = "\n\n".join([f"Para one {LONG}.", short, f"Para two {LONG}."])
        doc = read(f"Head\n\n{body}\n".encode())
        assert not any(isinstance(b, Heading) for b in doc.body), short
    awards = "\n\n".join([f"Para one {LONG}.", "Best film Oppenheimer", "Best actor Cillian Murphy",
                          "Best actress Emma Stone", f"Para two {LONG}."])
    assert not any(isinstance(b, Heading) for b in read(f"Head\n\n{awards}\n".encode()).body)


def test_urdu_crossheads_without_capital_letters():
    para = "سپریم کورٹ نے بحریہ ٹاؤن کو زمین کی منتقلی کے بارے میں فیصلہ سنایا اور کہا کہ " * 2 + "۔"
    body = "\n\n".join([para, "کراچی میں بحریہ ٹاؤن کی آمد", para, para])
    doc = read(f"سرخی\n\n{body}\n".encode())
    assert [block_text(b) for b in doc.body if isinstance(b, Heading)] == ["کراچی میں بحریہ ٹاؤن کی آمد"]


def test_no_subheadings_where_the_article_never_ends_its_sentences_with_punctuation():
    para = "عالمی ادارۂ صحت کے مطابق دس لاکھ سے زائد افغان ذہنی دباؤ کا شکار ہیں جو خود کشیوں کی وجہ "
    body = "\n".join([para * 2, para * 2, "ان کی کہانی بیشتر عورتوں کی کہانی جیسی", para * 2])
    doc = read(f"سرخی\n{body}\n".encode())
    assert not any(isinstance(b, Heading) for b in doc.body) and len(paras(doc)) == 4
