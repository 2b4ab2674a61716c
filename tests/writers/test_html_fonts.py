"""HTML pages name the faces of their scripts: the same font stacks as the EPUB (shared builder)."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

from lxml import html as lxml_html

from convert.model import Document, Meta, Paragraph, Text
from convert.options import WriteOptions
from convert.scriptfonts import chain
from convert.styles import load_style
from convert.writers import epub, html
from tests.support import ROOT

MULTI = ROOT / "tests" / "fixtures" / "multilingual"
OPTS = WriteOptions(style=load_style("default"))
UR = "صوبائی حکومت نے منگل کو کہا کہ زیادہ تر اضلاع میں سیلابی پانی کم ہونا شروع ہو گیا ہے۔"
EN = "The provincial government said on Tuesday that the flood waters had begun to recede."


@cache
def fixture(lang: str) -> Document:
    from convert.api import read_file

    return read_file(MULTI / f"{lang}.txt")


def page_style(data: bytes) -> str:
    return lxml_html.fromstring(data).find(".//style").text


def body_stack(css: str) -> list[str]:
    m = re.search(r"\nbody \{\n  font-family: ([^;]+);", css)
    assert m
    return [n.strip().strip('"') for n in m.group(1).split(",")]


def test_an_urdu_page_names_nastaliq_after_its_latin_face() -> None:
    css = page_style(html.write(fixture("ur"), OPTS))
    assert body_stack(css) == ["PT Serif", *chain("Arab", "ur", "serif"), "serif"]


def test_page_and_epub_stacks_agree() -> None:
    for lang in ("ur", "hi", "zh", "th", "he"):
        page = page_style(html.write(fixture(lang), OPTS))
        book = zipfile.ZipFile(io.BytesIO(epub.write(fixture(lang), OPTS))).read(
            "EPUB/style/article.css").decode()
        assert body_stack(page) == body_stack(book), lang


def test_an_urdu_block_in_an_english_page_gets_its_own_rule() -> None:
    doc = Document(Meta(headline="Floods recede", language="en", identifier="urn:x:mixed"),
                   (Paragraph((Text(EN),)), Paragraph((Text(UR),), lang="ur")))
    data = html.write(doc, OPTS)
    css = page_style(data)
    assert '[lang|="ur"] {\n  font-family: "PT Serif", "Noto Nastaliq Urdu"' in css
    para = [p for p in lxml_html.fromstring(data).iter("p") if p.get("lang") == "ur"]
    assert para and para[0].get("dir") == "rtl"


def test_an_edition_of_several_scripts_names_them_all() -> None:
    docs = [fixture(lang) for lang in ("ur", "hi", "zh")]
    stack = body_stack(page_style(html.write_many(docs, OPTS)))
    for script, lang in (("Deva", "hi"), ("Hani", "zh")):
        assert chain(script, lang, "serif")[0] in stack
    assert stack[1] == "Noto Nastaliq Urdu" and stack[-1] == "serif"
