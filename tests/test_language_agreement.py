"""Every format tags the same languages: article and blocks, through the real command line.

One article in, DOCX, PDF, EPUB and NewsML-G2 out; each output is read back for its language
tags (NewsML ``xml:lang`` and ``language/@tag``, EPUB ``dc:language`` and ``lang``, DOCX
``w:lang``, PDF ``/Lang``) and for the tags of its blocks, and all must say the same.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from convert.cli import main
from tests.support import SHARED

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"n": "http://iptc.org/std/nar/2006-10-01/", "h": "http://www.w3.org/1999/xhtml",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/", "w": W}

EN = ("The provincial government said on Tuesday that the flood waters had begun to recede in "
      "most districts, although thousands of families were still living in relief camps.")
EN2 = ("Officials warned that the damage to roads and bridges would take months to repair and "
       "asked the federal government for more money to rebuild the schools that were lost.")
UR = ("صوبائی حکومت نے منگل کو کہا کہ زیادہ تر اضلاع میں سیلابی پانی کم ہونا شروع ہو گیا ہے، "
      "تاہم ہزاروں خاندان اب بھی امدادی کیمپوں میں رہ رہے ہیں۔")
FR = ("Le gouvernement provincial a annoncé mardi que les eaux commençaient à baisser dans la "
      "plupart des districts, mais des milliers de familles vivent encore dans des camps.")


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _norm(tag: str | None) -> str | None:
    return None if tag is None else tag.split("-")[0].lower()


def convert_all(src: Path, out: Path, *args: str) -> dict[str, bytes]:
    res = CliRunner().invoke(main, ["convert", str(src), "-d", str(out), "-t", "all", *args])
    assert res.exit_code == 0, res.output
    return {p.suffix: p.read_bytes() for p in out.iterdir()}


def newsml_tags(data: bytes) -> tuple[set[str | None], list[str]]:
    root = _xml(data)
    html = root.find("n:contentSet/n:inlineXML/h:html", NS)
    article = {root.get(XML_LANG), root.find("n:contentMeta/n:language", NS).get("tag"),
               html.get("lang"), html.get(XML_LANG)}
    blocks = [el.get("lang") for el in html.find("h:body", NS).iter() if el.get("lang")]
    assert all(el.get(XML_LANG) == el.get("lang") for el in html.iter() if el.get("lang"))
    return article, blocks


def epub_tags(data: bytes) -> tuple[set[str | None], list[str]]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    opf = _xml(zf.read("EPUB/content.opf"))
    chapter = _xml(zf.read("EPUB/text/article.xhtml"))
    article = {opf.get(XML_LANG), chapter.get("lang"), chapter.get(XML_LANG),
               *(e.text for e in opf.iterfind("opf:metadata/dc:language", NS))}
    blocks = [el.get("lang") for el in chapter.find("h:body", NS).iter() if el.get("lang")]
    return article, blocks


def docx_tags(data: bytes) -> tuple[set[str | None], list[str]]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    default = _xml(zf.read("word/styles.xml")).find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    core = _xml(zf.read("docProps/core.xml")).findtext("dc:language", namespaces=NS)
    slot = {"ur": "bidi", "ar": "bidi", "fa": "bidi", "he": "bidi", "hi": "bidi", "bn": "bidi",
            "th": "bidi", "zh": "eastAsia", "ja": "eastAsia", "ko": "eastAsia"}
    document = _xml(zf.read("word/document.xml"))
    article_tag = core
    assert default.get(f"{{{W}}}{slot.get(_norm(core) or '', 'val')}") == core
    blocks: list[str] = []
    for p in document.iterfind("w:body/w:p", NS):
        langs = {v for r in p.iterfind(".//w:r/w:rPr/w:lang", NS) for v in r.attrib.values()}
        tagged = {t for t in langs if t != article_tag}
        if tagged:
            blocks.extend(sorted(tagged))
    return {core}, blocks


def pdf_language(data: bytes) -> str | None:
    from pypdf import PdfReader

    return str(PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Lang"))


def assert_agree(outputs: dict[str, bytes], article: str, blocks: list[str]) -> None:
    """Every format names ``article``; the XML formats tag ``blocks`` (in order), DOCX too."""
    found = {".xml": newsml_tags(outputs[".xml"]), ".epub": epub_tags(outputs[".epub"]),
             ".docx": docx_tags(outputs[".docx"])}
    for fmt, (tags, block_tags) in found.items():
        assert {_norm(t) for t in tags} == {article}, (fmt, tags)
        assert [_norm(t) for t in block_tags] == blocks, (fmt, block_tags)
    assert _norm(pdf_language(outputs[".pdf"])) == article


def test_an_urdu_article_is_urdu_in_every_format(tmp_path: Path) -> None:
    folder = SHARED / "corpus-real" / "urdu"
    if not folder.is_dir():
        pytest.skip("corpus-real/urdu is not there")
    src = sorted(folder.glob("*.txt"))[0]
    outputs = convert_all(src, tmp_path)
    assert_agree(outputs, "ur", [])
    html = _xml(outputs[".xml"]).find("n:contentSet/n:inlineXML/h:html", NS)
    assert html.get("dir") == "rtl"


def test_an_urdu_paragraph_in_an_english_story(tmp_path: Path) -> None:
    src = tmp_path / "in" / "story.txt"
    src.parent.mkdir()
    src.write_text(f"Floods recede in Sindh\n\n{EN}\n\n{UR}\n\n{EN2}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    outputs = convert_all(src, out)
    assert_agree(outputs, "en", ["ur"])
    para = [p for p in _xml(outputs[".xml"]).iter(f"{{{NS['h']}}}p") if p.get("lang")]
    assert [p.get("dir") for p in para] == ["rtl"]


def test_front_matter_language_is_kept_everywhere(tmp_path: Path) -> None:
    src = tmp_path / "in" / "fr.txt"
    src.parent.mkdir()
    src.write_text(f"---\ntitle: Les eaux baissent\nlanguage: fr\n---\n\n{FR}\n\n{FR}\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert_agree(convert_all(src, out), "fr", [])


def test_language_flag_overrides_identification(tmp_path: Path) -> None:
    src = tmp_path / "in" / "story.txt"
    src.parent.mkdir()
    src.write_text(f"Floods recede\n\n{EN}\n\n{EN2}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert_agree(convert_all(src, out, "--language", "en-GB"), "en", [])
    res = CliRunner().invoke(main, ["parse", str(src), "--json", "--language", "cy"])
    assert res.exit_code == 0 and '"language": "cy"' in res.output


# --------------------------------------------------------------------------- every format, every script

MULTI = Path(__file__).resolve().parent / "fixtures" / "multilingual"
#: The multilingual test articles and the direction each is written in.
DIRECTIONS = {"ur": "rtl", "ar": "rtl", "fa": "rtl", "he": "rtl", "hi": "ltr", "bn": "ltr",
              "zh": "ltr", "ja": "ltr", "ko": "ltr", "th": "ltr"}


def ninjs_language(data: bytes) -> str | None:
    import json

    return json.loads(data).get("language")


def html_tags(data: bytes) -> tuple[str | None, str | None, list[tuple[str, str | None]]]:
    """The page's lang and dir, and (lang, dir) of each element inside its body that sets lang."""
    from lxml import html as lxml_html

    page = lxml_html.fromstring(data)
    blocks = [(el.get("lang"), el.get("dir")) for el in page.find("body").iter() if el.get("lang")]
    return page.get("lang"), page.get("dir"), blocks


def directions(outputs: dict[str, bytes]) -> dict[str, str]:
    """The article's direction as each format states it."""
    zf = zipfile.ZipFile(io.BytesIO(outputs[".epub"]))
    chapter = _xml(zf.read("EPUB/text/article.xhtml"))
    newsml = _xml(outputs[".xml"]).find("n:contentSet/n:inlineXML/h:html", NS)
    document = _xml(zipfile.ZipFile(io.BytesIO(outputs[".docx"])).read("word/document.xml"))
    body = [p for p in document.iterfind("w:body/w:p", NS)
            if p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "BodyText"]
    bidi = {p.find("w:pPr/w:bidi", NS) is not None for p in body}
    assert len(bidi) == 1, "DOCX body paragraphs disagree about their direction"
    return {"newsml": newsml.get("dir") or "ltr", "epub": chapter.get("dir") or "ltr",
            "docx": "rtl" if bidi.pop() else "ltr", "html": html_tags(outputs[".html"])[1] or "ltr"}


@pytest.mark.parametrize("lang", sorted(DIRECTIONS))
def test_each_multilingual_article_has_one_language_and_direction(tmp_path: Path,
                                                                  lang: str) -> None:
    """NewsML-G2, EPUB, DOCX, PDF, ninjs and HTML name the same language and direction."""
    outputs = convert_all(MULTI / f"{lang}.txt", tmp_path)
    assert_agree(outputs, lang, [])
    assert _norm(ninjs_language(outputs[".json"])) == lang
    page_lang, _dir, _blocks = html_tags(outputs[".html"])
    assert _norm(page_lang) == lang
    assert set(directions(outputs).values()) == {DIRECTIONS[lang]}, directions(outputs)


def test_an_urdu_paragraph_is_tagged_the_same_in_ninjs_and_html(tmp_path: Path) -> None:
    src = tmp_path / "in" / "story.txt"
    src.parent.mkdir()
    src.write_text(f"Floods recede in Sindh\n\n{EN}\n\n{UR}\n\n{EN2}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    outputs = convert_all(src, out)
    assert _norm(ninjs_language(outputs[".json"])) == "en"
    page_lang, page_dir, blocks = html_tags(outputs[".html"])
    assert (_norm(page_lang), page_dir) == ("en", "ltr")
    assert [(_norm(lang), d) for lang, d in blocks] == [("ur", "rtl")]
