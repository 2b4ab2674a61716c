"""Plain text: picture references with caption and credit lines, caption lines alone, a final notice."""

from __future__ import annotations

import json

import pytest

from convert.api import read, read_file
from convert.model import (
    BlockQuote,
    Correction,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    block_text,
    plain_text,
    to_dict,
)
from convert.readers.conventions import load_conventions
from convert.readers.text_captions import caption_line, picture_reference, split_credit
from tests.support import ROOT

CONV = load_conventions()
RICH = ROOT / "tests" / "fixtures" / "rich"


@pytest.mark.parametrize(("line", "found"), [
    ("Photo: AFP", ("credit", "AFP")),
    ("Photo: Crowds gather in Lahore on Sunday.", ("caption", "Crowds gather in Lahore on Sunday.")),
    ("Caption: The barrage", ("caption", "The barrage")),
    ("credit: Reuters/Ali Khan", ("credit", "Reuters/Ali Khan")),
    ("Photograph: Jane Doe/Reuters", ("credit", "Jane Doe/Reuters")),
    ("Breaking: floods hit Sindh", None),
    ("Photos of the flood were shared widely.", None),
])
def test_caption_and_credit_openers(line: str, found: tuple[str, str] | None) -> None:
    assert caption_line(line, CONV) == found


@pytest.mark.parametrize(("text", "split"), [
    ("The barrage on Tuesday. Photo: AFP", ("The barrage on Tuesday.", "AFP")),
    ("Clinton walks off. (Photo: Matt Rourke, AP)", ("Clinton walks off.", "Matt Rourke, AP")),
    ("Families wait —Photo credit: Ali Khan", ("Families wait", "Ali Khan")),
    ("No credit here.", ("No credit here.", None)),
])
def test_a_credit_ending_a_caption(text: str, split: tuple[str, str | None]) -> None:
    assert split_credit(text, CONV) == split


@pytest.mark.parametrize(("line", "source"), [
    ("pictures/a.jpg", "pictures/a.jpg"), ("./a.JPEG", "./a.JPEG"),
    ("https://x.org/a.webp?w=2", "https://x.org/a.webp?w=2"),
    ("<a.gif>", "a.gif"), ('![Alt](p/a.png "Title")', "p/a.png"),
    ("see a.jpg", None), ("a.pdf", None), ("www.example.org/a.png is down", None),
])
def test_picture_references(line: str, source: str | None) -> None:
    ref = picture_reference(line)
    assert (ref.source if ref else None) == source


def test_kitchen_sink_text_article() -> None:
    doc = read_file(RICH / "kitchen_sink.txt")
    meta = doc.meta
    assert meta.headline == "Flood warnings issued as River Indus rises"
    assert meta.by == "By Jane Doe and Ali Khan, Environment Correspondent"
    assert meta.dateline == "SUKKUR, June 11 (Reuters)" and meta.credit.startswith("(Reporting by")
    kinds = [type(b).__name__ for b in doc.body]
    assert kinds == ["Paragraph", "Figure", "Paragraph", "Heading", "Table", "Paragraph", "Table", "Figure",
                     "Figure", "Paragraph", "ListBlock", "BlockQuote", "Correction"]
    figures = [b for b in doc.body if isinstance(b, Figure)]
    assert [(f.source, plain_text(f.caption), f.credit) for f in figures] == [
        ("pictures/sukkur-barrage.png", "The Sukkur barrage on Tuesday, its gates open.",
         "Example News/Ali Khan"),
        ("pictures/relief-camp.jpg", "Families wait for food at a relief camp near Kotri.", "Example News"),
        ("", "Tents at the Kotri relief camp on Monday.", "Example News/Ali Khan")]
    pipe, aligned = (b for b in doc.body if isinstance(b, Table))
    assert plain_text(pipe.caption) == "Flows at the three barrages, 11 June" and len(pipe.body) == 3
    assert [plain_text(c.children) for c in aligned.body[2].cells] == ["People moved", "41,200", "68,900"]
    assert isinstance(doc.body[3], Heading) and isinstance(doc.body[10], ListBlock)
    quote, notice = doc.body[11], doc.body[-1]
    assert isinstance(quote, BlockQuote) and quote.attribution == "Provincial irrigation minister"
    assert isinstance(notice, Correction) and block_text(notice).startswith("Correction: An earlier")


def test_nothing_is_invented_for_a_caption_without_a_picture() -> None:
    doc = read("Headline\n\nA paragraph of the story that is long enough to be prose.\n\n"
               "Photo: AFP\n\nAnother paragraph of the story, also long enough.\n")
    figure = next(b for b in doc.body if isinstance(b, Figure))
    assert figure == Figure("", credit="AFP")
    assert "picture" not in json.dumps(to_dict(doc))


def test_sentences_opening_with_a_credit_word_stay_paragraphs() -> None:
    doc = read("Headline\n\nThe story opens here with a sentence.\n\n"
               "Credit: The bank's ratings were cut on Monday by two agencies.\n")
    assert all(isinstance(b, Paragraph) for b in doc.body)


def test_a_scraped_caption_without_a_picture_stays_junk() -> None:
    text = ("Headline\n\nThe story opens here with a sentence long enough to be prose for the reader.\n"
            "Clinton walks off the stage after speaking in New York on Nov. 9, 2016. "
            "(Photo: Matt Rourke, AP)\n"
            "The story goes on with another sentence long enough to be prose for the reader.\n")
    doc = read(text)
    assert not any(isinstance(b, Figure) for b in doc.body)
    assert "Rourke" not in json.dumps(to_dict(doc))


@pytest.mark.parametrize(("last", "kind"), [
    ("Correction: An earlier version misnamed the minister.", "correction"),
    ("An earlier version of this story gave the wrong date.", "correction"),
    ("Editor's note: Names have been changed.", "editors-note"),
    ("Clarification: The figures are provisional.", "clarification"),
])
def test_a_final_notice_is_a_correction(last: str, kind: str) -> None:
    doc = read(f"Headline\n\nThe story.\n\n{last}\n")
    assert isinstance(doc.body[-1], Correction) and doc.body[-1].kind == kind


def test_kitchen_sink_golden_model_json(golden) -> None:
    doc = read_file(RICH / "kitchen_sink.txt")
    golden.check("reader/rich/kitchen_sink.txt.json",
                 json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\n")
