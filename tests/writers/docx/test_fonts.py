"""Fonts per script in DOCX: styles, runs, symbols, the font table and embedded subset fonts."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from msgspec.structs import replace

from convert.model import Document, Meta, Paragraph, Text
from convert.scriptfonts import coverage, face, installed, script_of
from convert.writers import docx as writer
from convert.writers.docx.embed import font_key, obfuscate
from convert.writers.docx.fonts import slots
from tests.support import ROOT, require
from tests.writers.docx.common import NS, OPTIONS, W, wattr, xml

MULTI = ROOT / "tests" / "fixtures" / "multilingual"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
UR = "صوبائی حکومت نے منگل کو کہا کہ زیادہ تر اضلاع میں سیلابی پانی کم ہونا شروع ہو گیا ہے۔"
EN = "The provincial government said on Tuesday that the flood waters had begun to recede."


@cache
def fixture(lang: str) -> Document:
    from convert.api import read_file

    return read_file(MULTI / f"{lang}.txt")


@cache
def written(lang: str, embed: bool = False) -> bytes:
    return writer.write(fixture(lang), replace(OPTIONS, embed_fonts=embed))


def style_fonts(data: bytes, style_id: str) -> dict[str, str]:
    el = xml(data, "word/styles.xml").find(f"w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)
    return {etree.QName(k).localname: v for k, v in el.attrib.items()}


def run_fonts(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """(text, w:rFonts attributes) of every run of document.xml."""
    out = []
    for r in xml(data, "word/document.xml").iter(f"{{{W}}}r"):
        el = r.find("w:rPr/w:rFonts", NS)
        attrs = {} if el is None else {etree.QName(k).localname: v for k, v in el.attrib.items()}
        out.append(("".join(t.text or "" for t in r.iterfind("w:t", NS)), attrs))
    return out


# --------------------------------------------------------------------------- styles


@pytest.mark.parametrize(("lang", "script"), [("ur", "Arab"), ("ar", "Arab"), ("fa", "Arab"),
                                              ("hi", "Deva"), ("bn", "Beng"), ("th", "Thai"),
                                              ("he", "Hebr")])
def test_complex_script_styles_name_the_scripts_face(lang: str, script: str) -> None:
    """cs of every paragraph style is the chain's face for the element's generic family."""
    data = written(lang)
    hs = OPTIONS.style
    for style_id, element in (("Normal", "body"), ("BodyText", "body"), ("Title", "headline"),
                              ("Byline", "byline"), ("Quote", "quote")):
        fonts = style_fonts(data, style_id)
        es = hs.element(element)
        assert fonts["ascii"] == fonts["hAnsi"] == es.font
        assert fonts["cs"] == face(script, lang, es.font_fallback), (style_id, fonts)
        assert fonts["cs"] not in ("PT Serif", "PT Sans")
    defaults = xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults.get(wattr("cs")) == face(script, lang, "serif")
    assert defaults.get(wattr("cstheme")) is None and defaults.get(wattr("asciiTheme")) is None


def test_urdu_is_set_in_nastaliq_when_installed_else_naskh() -> None:
    fonts = style_fonts(written("ur"), "BodyText")
    expected = "Noto Nastaliq Urdu" if installed("Noto Nastaliq Urdu") else "Amiri"
    assert fonts["cs"] == expected


def test_the_named_faces_have_the_articles_letters() -> None:
    """No box for ہ, ے or ۔: the face the styles name has every letter of the article."""
    for lang in ("ur", "ar", "fa", "hi", "bn", "th", "he"):
        doc_text = "".join(t for t, _ in run_fonts(written(lang)))
        family = style_fonts(written(lang), "BodyText")["cs"]
        cmap = coverage(family)
        require(cmap is not None, f"{family} is not installed")
        letters = {c for c in doc_text if slots().of(script_of(c)) == "cs"}
        assert letters and not {c for c in letters if ord(c) not in cmap}, (lang, family)


@pytest.mark.parametrize(("lang", "script"), [("zh", "Hani"), ("ja", "Hani"), ("ko", "Hang")])
def test_east_asian_styles_name_the_cjk_face(lang: str, script: str) -> None:
    data = written(lang)
    for style_id, element in (("BodyText", "body"), ("Title", "headline")):
        generic = OPTIONS.style.element(element).font_fallback
        assert style_fonts(data, style_id)["eastAsia"] == face(script, lang, generic)


def test_a_latin_article_keeps_its_house_fonts_and_plain_runs() -> None:
    doc = Document(Meta(headline="Floods recede", language="en", identifier="urn:x:en"),
                   (Paragraph((Text(EN),)),))
    data = writer.write(doc, OPTIONS)
    assert style_fonts(data, "BodyText") == {"ascii": "PT Serif", "hAnsi": "PT Serif",
                                             "cs": "PT Serif"}
    assert all(not fonts for _, fonts in run_fonts(data))


# --------------------------------------------------------------------------- runs


def test_an_urdu_paragraph_in_an_english_story_names_its_face_on_its_runs() -> None:
    doc = Document(Meta(headline="Floods recede", language="en", identifier="urn:x:mixed"),
                   (Paragraph((Text(EN),)), Paragraph((Text(UR),), lang="ur")))
    data = writer.write(doc, OPTIONS)
    runs = run_fonts(data)
    urdu = [fonts for text, fonts in runs if text == UR]
    assert urdu == [{"cs": face("Arab", "ur", "serif")}]
    assert all(not fonts for text, fonts in runs if text != UR)
    declared = {f.get(wattr("name")): f for f in xml(data, "word/fontTable.xml").iterfind("w:font", NS)}
    assert declared[face("Arab", "ur", "serif")].find("w:charset", NS).get(wattr("val")) == "B2"


def test_emoji_get_a_run_in_a_symbol_face_that_has_them() -> None:
    data = written("ur")
    symbols = [(text, fonts) for text, fonts in run_fonts(data) if fonts.get("ascii", "").startswith(
        ("Noto Sans Symbols", "Symbola", "DejaVu"))]
    require(bool(symbols), "no symbol font is installed")
    assert {text for text, _ in symbols} == {"🏏", "🏆"}
    for text, fonts in symbols:
        assert len(set(fonts.values())) == 1 and set(fonts) == {"ascii", "hAnsi", "eastAsia", "cs"}
        assert ord(text) in coverage(fonts["ascii"])
    # the words around them stay whole in their own runs
    texts = [t for t, _ in run_fonts(data)]
    assert any(t.startswith("لاہور میں PSL") and t.endswith("آمد ") for t in texts)


def test_joined_emoji_stay_one_run() -> None:
    doc = Document(Meta(headline="Team", language="en", identifier="urn:x:zwj"),
                   (Paragraph((Text("Coders 👩\u200d💻 and 👍🏽 fans"),)),))
    runs = [t for t, fonts in run_fonts(writer.write(doc, OPTIONS)) if fonts]
    require(bool(runs), "no symbol font is installed")
    assert "👩\u200d💻" in runs and "👍🏽" in runs


def test_digits_the_hebrew_face_lacks_come_from_the_element_font() -> None:
    """Noto Sans Hebrew has no digits: the headline's 40,000 is set in PT Sans, not a fallback."""
    data = written("he")
    cs = style_fonts(data, "Title")["cs"]
    cmap = coverage(cs)
    require(cmap is not None and ord("4") not in cmap, f"{cs} is not a face without digits here")
    digits = [fonts for text, fonts in run_fonts(data) if text.strip() == "40,000"]
    assert digits and digits[0] == {"cs": "PT Sans"}


def test_reference_docx_styles_keep_their_fonts() -> None:
    from tests.writers.docx.test_package import make_reference

    data = writer.write(fixture("ur"), replace(OPTIONS, reference_docx=make_reference()))
    body = xml(data, "word/styles.xml").find("w:style[@w:styleId='BodyText']/w:rPr/w:rFonts", NS)
    assert body is None or body.get(wattr("cs")) != face("Arab", "ur", "serif")
    assert all(not fonts.get("cs") or fonts["cs"] != face("Arab", "ur", "serif")
               for text, fonts in run_fonts(data) if text.strip())


# --------------------------------------------------------------------------- embedding


def test_obfuscation_follows_ecma_376() -> None:
    """The key's bytes reversed, XORed over bytes 0-15 and 16-31; applying it twice restores."""
    key = "{001B70DC-AA60-4AD5-90EC-18A0948E1EAE}"
    font = bytes(range(40))
    reversed_guid = bytes.fromhex("AE1E8E94A018EC90D54A60AADC701B00")
    out = obfuscate(font, key)
    assert out[:16] == bytes(a ^ b for a, b in zip(font[:16], reversed_guid, strict=True))
    assert out[16:32] == bytes(a ^ b for a, b in zip(font[16:32], reversed_guid, strict=True))
    assert out[32:] == font[32:] and obfuscate(out, key) == font
    assert font_key(b"x") == font_key(b"x") != font_key(b"y")


def embedded_fonts(data: bytes) -> dict[tuple[str, str], bytes]:
    """(family, embed element) -> the deobfuscated font bytes."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    rels = {r.get("Id"): r.get("Target") for r in
            etree.fromstring(zf.read("word/_rels/fontTable.xml.rels"))}
    out = {}
    for font in xml(data, "word/fontTable.xml").iterfind("w:font", NS):
        for el in font:
            tag = etree.QName(el).localname
            if tag.startswith("embed"):
                blob = zf.read("word/" + rels[el.get(R_ID)])
                out[font.get(wattr("name")), tag] = obfuscate(blob, el.get(wattr("fontKey")))
    return out


def test_embedded_fonts_are_declared_typed_and_readable() -> None:
    from fontTools.ttLib import TTFont

    data = written("ur", embed=True)
    fonts = embedded_fonts(data)
    cs = style_fonts(data, "BodyText")["cs"]
    require((cs, "embedRegular") in fonts, f"{cs} is not installed")
    assert ("PT Serif", "embedRegular") in fonts and ("PT Sans", "embedBold") in fonts
    text = "".join(t for t, _ in run_fonts(data))
    for (family, tag), blob in fonts.items():
        ft = TTFont(io.BytesIO(blob))
        assert ft["name"].getDebugName(1) == family
        assert "cmap" in ft and ft.getBestCmap()
        assert (ft["OS/2"].usWeightClass >= 700) == ("Bold" in tag)
    nastaliq = TTFont(io.BytesIO(fonts[cs, "embedRegular"])).getBestCmap()
    assert {c for c in text if script_of(c) == "Arab"} <= {chr(c) for c in nastaliq}
    types = xml(data, "[Content_Types].xml")
    ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    assert any(d.get("Extension") == "odttf" for d in types.iter(f"{ct}Default"))
    settings = [etree.QName(el).localname for el in xml(data, "word/settings.xml")]
    i = settings.index("embedTrueTypeFonts")
    assert settings[i + 1] == "saveSubsetFonts" and i < settings.index("defaultTabStop")
    assert data == writer.write(fixture("ur"), replace(OPTIONS, embed_fonts=True))


def test_an_embedded_subset_shapes_like_the_whole_font() -> None:
    """The subset keeps cmap and the layout tables: HarfBuzz joins Urdu with it as with the font."""
    import uharfbuzz as hb

    data = written("ur", embed=True)
    cs = style_fonts(data, "BodyText")["cs"]
    fonts = embedded_fonts(data)
    require((cs, "embedRegular") in fonts, f"{cs} is not installed")
    from convert.fontsubset import faces

    whole = Path(faces(cs, truetype=True)[0].path).read_bytes()

    def shaped(blob: bytes, text: str) -> list[tuple[object, ...]]:
        """Each glyph HarfBuzz picks: its outline and where it goes (ids differ in a subset)."""
        from fontTools.pens.recordingPen import RecordingPen
        from fontTools.ttLib import TTFont

        ft = TTFont(io.BytesIO(blob))
        names, glyphs = ft.getGlyphOrder(), ft.getGlyphSet()
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(hb.Font(hb.Face(blob)), buf)
        out = []
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            pen = RecordingPen()
            glyphs[names[info.codepoint]].draw(pen)
            out.append((tuple(pen.value), pos.x_advance, pos.x_offset, pos.y_offset))
        return out

    for word in ("شائقین", "ہزار", "کپتان"):
        assert shaped(fonts[cs, "embedRegular"], word) == shaped(whole, word)


def test_embedding_carries_only_the_variants_the_text_uses() -> None:
    doc = Document(Meta(headline="Floods recede", language="en", identifier="urn:x:v"),
                   (Paragraph((Text(EN),)),))
    fonts = embedded_fonts(writer.write(doc, replace(OPTIONS, embed_fonts=True)))
    require(bool(fonts), "PT Serif is not installed")
    assert set(fonts) == {("PT Serif", "embedRegular"), ("PT Sans", "embedRegular"),
                          ("PT Sans", "embedBold")}
