"""Bytes to clean text: encodings, byte-order marks, binary input, line ends, odd spaces."""

from __future__ import annotations

import codecs

import pytest

from convert.api import read
from convert.errors import InputError, UsageError
from convert.model import Paragraph, block_text
from convert.options import ReadOptions
from convert.readers.decode import clean_inline, clean_text, decode, is_blank, squash

ARTICLE = "Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph.\n"


def paras(doc):
    return [block_text(b) for b in doc.body if isinstance(b, Paragraph)]


# ------------------------------------------------------------------ through the reader

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
    (b"", "empty"), (bytes(range(256)) * 8, "binary"), (b"\x00\x01\x02" * 100, "binary"),
])
def test_unreadable_input_is_an_error(data, why):
    with pytest.raises(InputError, match=why):
        read(data, options=ReadOptions(origin="x.txt"))


# ------------------------------------------------------------------ the functions

def test_decode_reports_the_encoding_it_used():
    assert decode(codecs.BOM_UTF8 + "é".encode(), "x") == ("é", "utf-8-sig")
    assert decode("é".encode("cp1252"), "x") == ("é", "cp1252")
    assert decode(b"abc", "x", "latin-1") == ("abc", "latin-1")


def test_decode_with_a_given_encoding():
    with pytest.raises(UsageError, match="unknown encoding"):
        decode(b"abc", "x", "no-such-codec")
    with pytest.raises(InputError, match="not valid utf-8 at byte 1"):
        decode(b"a\xff", "x", "utf-8")


def test_clean_text_squash_and_blank():
    assert clean_text("\ufeffa\r\nb\rc\x85d\u2029e\x0bf\x9b") == "a\nb\nc\nd\n\ne f"
    assert squash("\u00a0 a   b\u200b ") == "a b"
    assert is_blank(" \t\u00a0\u202f\u200b\u2060\ufeff") and not is_blank(" x ")
    assert clean_inline("  Jane\r\nDoe\t ") == "Jane Doe"
