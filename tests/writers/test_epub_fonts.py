"""EPUB fonts per script: font stacks, language rules, right-to-left CSS, embedded subset fonts."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from functools import cache

import pytest
from lxml import etree
from msgspec.structs import replace

from convert.fontsubset import faces
from convert.model import Document, Meta, Paragraph, Text
from convert.options import WriteOptions
from convert.scriptfonts import chain, face, script_of
from convert.styles import load_style
from convert.writers import epub as writer
from tests.support import ROOT, require
from tests.writers.test_epub import _assert_clean, _epubcheck_jar, _run_epubcheck

MULTI = ROOT / "tests" / "fixtures" / "multilingual"
OPTS = WriteOptions(style=load_style("default"))
CSS = "EPUB/style/article.css"
UR = "صوبائی حکومت نے منگل کو کہا کہ زیادہ تر اضلاع میں سیلابی پانی کم ہونا شروع ہو گیا ہے۔"
AR = "قالت الحكومة إن مياه الفيضانات بدأت تنحسر في معظم المناطق."
EN = "The provincial government said on Tuesday that the flood waters had begun to recede."
LANGS = ("ur", "ar", "fa", "hi", "bn", "zh", "ja", "ko", "th", "he")


@cache
def fixture(lang: str) -> Document:
    from convert.api import read_file

    return read_file(MULTI / f"{lang}.txt")


@cache
def book(lang: str, embed: bool = False) -> bytes:
    return writer.write(fixture(lang), replace(OPTS, embed_fonts=embed))


def css_of(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(CSS).decode("utf-8")


def stack(css: str, selector: str) -> list[str]:
    """The font-family of a rule, as a list of names."""
    m = re.search(re.escape(selector) + r" \{\n  font-family: ([^;]+);", css)
    assert m, selector
    return [n.strip().strip('"') for n in m.group(1).split(",")]


def test_urdu_stacks_name_latin_then_urdu_faces_then_generic() -> None:
    css = css_of(book("ur"))
    body = stack(css, "body")
    assert body == ["PT Serif", *chain("Arab", "ur", "serif"), "serif"]
    assert body[1] == "Noto Nastaliq Urdu"  # Urdu's own chain first, machine-independent
    assert stack(css, "h1") == ["PT Sans", *chain("Arab", "ur", "sans-serif"), "sans-serif"]


@pytest.mark.parametrize(("lang", "script"), [("hi", "Deva"), ("th", "Thai"), ("he", "Hebr"),
                                              ("zh", "Hani"), ("ko", "Hang")])
def test_each_script_gets_its_chain(lang: str, script: str) -> None:
    body = stack(css_of(book(lang)), "body")
    assert body[0] == "PT Serif" and body[-1] == "serif"
    assert body[1:1 + len(chain(script, lang, "serif"))] == list(chain(script, lang, "serif"))


def test_a_latin_article_names_only_its_house_fonts() -> None:
    doc = Document(Meta(headline="Floods recede", language="en", identifier="urn:x:en"),
                   (Paragraph((Text(EN),)),))
    css = css_of(writer.write(doc, OPTS))
    assert stack(css, "body") == ["PT Serif", "serif"] and "[lang|=" not in css


def test_an_urdu_block_in_an_english_book_gets_nastaliq_first() -> None:
    doc = Document(Meta(headline="Floods recede", language="en", identifier="urn:x:mixed"),
                   (Paragraph((Text(EN),)), Paragraph((Text(UR),), lang="ur"),
                    Paragraph((Text(AR),), lang="ar")))
    css = css_of(writer.write(doc, OPTS))
    # the book's own stack: Arabic script in the default (Naskh) chain
    assert stack(css, "body")[1] == chain("Arab", "en", "serif")[0]
    urdu = stack(css, '[lang|="ur"]')
    assert urdu[:2] == ["PT Serif", "Noto Nastaliq Urdu"] and urdu[-1] == "serif"
    assert stack(css, 'h2[lang|="ur"], [lang|="ur"] h2')[1] == "Noto Nastaliq Urdu"
    assert '[lang|="ar"]' not in css  # Arabic takes the book's own faces


def test_right_to_left_blocks_align_and_indent_from_their_start() -> None:
    css = css_of(book("ur"))
    assert not re.search(r"text-align: (left|right)|margin-left|padding-left|margin-right", css)
    assert "text-align: start" in css and "margin-inline-start:" in css
    assert "padding-inline-start:" in css
    quote = re.search(r"blockquote \{[^}]*\}", css).group(0)
    assert "margin-inline-start: 1.6364em" in quote  # the quote's 18 pt indent, at the start side


def test_embedded_subsets_are_in_the_manifest_and_declared() -> None:
    from fontTools.ttLib import TTFont

    data = book("ur", embed=True)
    zf = zipfile.ZipFile(io.BytesIO(data))
    opf = etree.fromstring(zf.read("EPUB/content.opf"))
    items = {i.get("href"): i.get("media-type") for i in opf.iter("{*}item")}
    fonts = {h: m for h, m in items.items() if h.startswith("fonts/")}
    urdu = face("Arab", "ur", "serif")
    require(urdu == "Noto Nastaliq Urdu", "Noto Nastaliq Urdu is not installed")
    assert fonts["fonts/Noto-Nastaliq-Urdu-regular.ttf"] == "font/ttf"
    assert "fonts/Noto-Nastaliq-Urdu-bold.ttf" in fonts
    css = zf.read(CSS).decode()
    for href in fonts:
        assert f'src: url("../{href}")' in css
    chapter = zf.read("EPUB/text/article.xhtml").decode()
    text = "".join(etree.fromstring(chapter.encode()).itertext())
    cmap = TTFont(io.BytesIO(zf.read("EPUB/fonts/Noto-Nastaliq-Urdu-regular.ttf"))).getBestCmap()
    assert {c for c in text if script_of(c) == "Arab"} <= {chr(c) for c in cmap}
    whole = faces("Noto Nastaliq Urdu", truetype=False)[0].path.stat().st_size
    assert len(zf.read("EPUB/fonts/Noto-Nastaliq-Urdu-regular.ttf")) < 0.6 * whole
    assert data == writer.write(fixture("ur"), replace(OPTS, embed_fonts=True))


def test_without_the_option_no_font_is_embedded() -> None:
    names = zipfile.ZipFile(io.BytesIO(book("ur"))).namelist()
    assert not [n for n in names if n.startswith("EPUB/fonts/")]


@pytest.fixture(scope="module")
def multilingual_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    java, jar = shutil.which("java"), _epubcheck_jar()
    if java is None or jar is None:
        return {}
    out = tmp_path_factory.mktemp("epubcheck-multilingual")
    paths = {}
    for lang in LANGS:
        for embed in (False, True):
            name = f"{lang}{'-embedded' if embed else ''}"
            paths[name] = out / f"{name}.epub"
            paths[name].write_bytes(book(lang, embed))
    mixed = [fixture(lang) for lang in LANGS]
    paths["edition"] = out / "edition.epub"
    paths["edition"].write_bytes(writer.write_many(mixed, replace(OPTS, embed_fonts=True)))
    return _run_epubcheck(jar, java, paths, out)


@pytest.mark.external
@pytest.mark.parametrize("name", [f"{lang}{e}" for lang in LANGS for e in ("", "-embedded")]
                         + ["edition"])
def test_epubcheck_reports_nothing_for_world_scripts(multilingual_reports: dict[str, dict],
                                                     name: str) -> None:
    _assert_clean(multilingual_reports, name)
    assert not multilingual_reports[name]["messages"]
