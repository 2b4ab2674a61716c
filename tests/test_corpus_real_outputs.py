"""Every real article's ``must_contain`` text survives into all four formats.

The corpus README asks it of DOCX, PDF, EPUB and NewsML-G2 alike: each of the four substrings
(spread from the first paragraph to the last) must be found in each output's text. PDF text
comes from poppler (``pdftotext -raw``) and is compared without whitespace and hyphens (line
breaks, hyphenation), and in right-to-left text without the combining marks and punctuation that
poppler moves (``_POPPLER_MOVES``).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from lxml import etree

from convert.api import read_file, write
from convert.options import WriteOptions
from convert.styles import load_style
from tests.readers.realcorpus import cases, load_expect, norm
from tests.support import SHARED
from tests.writers.pdf.pdfcheck import loose, pdftotext

ROOT = SHARED / "corpus-real"
CASES = [c for c in cases(ROOT) if load_expect(ROOT, c).get("must_contain")]
OPTIONS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 1, 1, tzinfo=UTC))


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "hl1", "hl2", "headline", "dateline",
           "byline", "title", "td", "th", "figcaption", "caption"}


def _xml_text(data: bytes) -> str:
    """Each block's text whole (inline elements joined without spaces), blocks spaced apart."""
    root = etree.fromstring(data)
    return " ".join("".join(el.itertext()) for el in root.iter()
                    if isinstance(el.tag, str) and etree.QName(el).localname in _BLOCKS)


def _zip_text(data: bytes, names: tuple[str, ...]) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return " ".join(_xml_text(zf.read(n)) for n in zf.namelist() if n.endswith(names))


def _text(fmt: str, data: bytes) -> str:
    if fmt == "newsml":
        return _xml_text(data)
    if fmt == "epub":
        return _zip_text(data, (".xhtml",))
    if fmt == "docx":
        # Runs of one paragraph are adjacent in the XML; joining with "" keeps words whole.
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            root = etree.fromstring(zf.read("word/document.xml"))
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        return " ".join("".join(p.itertext()) for p in root.iterfind(".//w:p", ns))
    # Content-stream order is the reading order: poppler's layout mode regroups Nastaliq lines
    # (their glyphs sit at varying heights) and moves a word to the next line.
    return pdftotext(data, raw=True)


#: Arabic combining marks and the punctuation poppler's extraction moves inside right-to-left
#: lines (a mark onto the next glyph, "،" or "۔" across a space); the words themselves must match.
_POPPLER_MOVES = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed،۔؛؟,.]")


def _pdf_loose(text: str) -> str:
    return _POPPLER_MOVES.sub("", loose(norm(text)))


@pytest.mark.parametrize("fmt", ["newsml", "epub", "docx", "pdf"])
@pytest.mark.parametrize("case", CASES)
def test_must_contain_in_every_format(case: str, fmt: str):
    exp = load_expect(ROOT, case)
    doc = read_file(ROOT / f"{case}.txt")
    text = norm(_text(fmt, write(doc, fmt, OPTIONS)))
    missing = [s for s in exp["must_contain"]
               if (_pdf_loose(s) not in _pdf_loose(text) if fmt == "pdf" else norm(s) not in text)]
    assert not missing, f"{case} ({fmt}) lost {missing}"
