"""Property-based tests: adversarial text never crashes the reader, never loses a word it should
keep, and every writer's output is accepted by its validator and reads back.

Example counts stay CI-friendly by default; set NEWSCONVERT_HYPOTHESIS_EXAMPLES (e.g. 5000) for a
long run.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import unicodedata
import zipfile
from datetime import UTC

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from convert.api import read, write
from convert.errors import InputError
from convert.model import Document, block_text
from convert.options import ReadOptions, WriteOptions
from convert.readers.conventions import junk_matcher
from convert.readers.decode import clean_text
from convert.readers.text import explain
from convert.styles import load_style
from convert.textutil import XML_ILLEGAL
from tests.support import SHARED, require, require_tool

EXAMPLES = int(os.environ.get("NEWSCONVERT_HYPOTHESIS_EXAMPLES", "0") or 0)


def _settings(default: int) -> settings:
    return settings(max_examples=EXAMPLES or default, deadline=None, derandomize=not EXAMPLES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# Anything: every code point including lone surrogates, NUL, C0/C1 controls, U+FFFE/U+FFFF.
ANY_CHAR = st.characters(codec=None, categories=None)
HOSTILE_SNIPPETS = st.sampled_from([
    "<script>alert(1)</script>", "&amp;", "&", "]]>", "{{ x }}", "%s", "%(x)s", "<b>", "</p>",
    "<font>", "\x00", "\x0b", "\x1b", "\x85", "\ufffe", "\uffff", "\ud800", "\u202e", "\u200b",
    "𝕏", "👩‍👩‍👧", "ہم", "שלום", "e\u0301", "\t", "\r", "\r\n", "\u2028", "---", "> ", "## ", "- ",
    "1. ", "By ", "KARACHI: ", "(Reporting by X)", "Share this post", "\\", "'", '"', "“", "”",
])
RAW_TEXT = st.lists(st.one_of(st.text(ANY_CHAR, max_size=20), HOSTILE_SNIPPETS), max_size=60).map("".join)


@_settings(150)
@given(data=st.one_of(st.binary(max_size=3000), RAW_TEXT.map(
    lambda s: s.encode("utf-8", "surrogatepass"))))
def test_reader_is_total(data: bytes):
    """Any bytes: a Document with XML-safe text, or a one-line InputError. Nothing else."""
    try:
        doc = read(data)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    texts = [doc.meta.headline, doc.meta.subheadline or "", doc.meta.byline or "",
             doc.meta.dateline or "", doc.meta.credit or "", *(block_text(b) for b in doc.body)]
    for text in texts:
        assert not XML_ILLEGAL.search(text)
        assert unicodedata.is_normalized("NFC", text)
    assert doc.meta.headline.strip()


# Printable words in any script (letters, digits, punctuation inside, symbols), NFC.
WORD_CHAR = st.characters(categories=["Lu", "Ll", "Lo", "Nd", "So", "Sm", "Sc"],
                          exclude_characters="#>*+•·‣▪◦-")
WORD = st.text(WORD_CHAR, min_size=1, max_size=12).map(lambda w: unicodedata.normalize("NFC", w))
SENTENCE = st.lists(WORD, min_size=1, max_size=25).map(lambda ws: " ".join(ws) + ".")
ARTICLE = st.tuples(st.lists(WORD, min_size=1, max_size=8),
                    st.lists(st.lists(SENTENCE, min_size=1, max_size=4), min_size=0, max_size=8),
                    # how paragraphs are separated: blank lines, one per line, wire indentation
                    st.sampled_from(["\n\n", "\n", "\n    "]))

_JUNK = junk_matcher()


@_settings(200)
@given(article=ARTICLE)
def test_reader_keeps_every_word(article):
    """Whatever paragraph rule the reader picks, no word is lost except junk it lists."""
    headline_words, paragraphs, separator = article
    headline = " ".join(headline_words)
    assume(not _JUNK.fullmatch(headline))
    # A paragraph opening with "1." or a symbol would be list/quote syntax, not prose.
    body = ["Then " + " ".join(p) for p in paragraphs]
    source = headline + "\n\n" + separator.lstrip("\n") + separator.join(body) + "\n"
    try:
        doc, diagnostics = explain(source.encode("utf-8"), ReadOptions())
    except InputError:
        pytest.fail("a well-formed article was rejected")
    everything = " ".join([doc.meta.headline, doc.meta.subheadline or "", doc.meta.byline or "",
                           doc.meta.dateline or "", doc.meta.credit or "",
                           *(block_text(b) for b in doc.body), *diagnostics.junk])
    for word in headline_words + [w for p in body for w in p.split()]:
        # the reader's documented normalisation (NFC, presentation forms to letters) applies
        assert clean_text(word).rstrip(".") in everything


# --------------------------------------------------------------------------- writers

PROSE = st.lists(st.one_of(SENTENCE, HOSTILE_SNIPPETS.filter(lambda s: s.strip() and "\x00" not in s)),
                 min_size=1, max_size=6).map(" ".join)
WRITER_ARTICLE = st.tuples(PROSE, st.lists(PROSE, min_size=0, max_size=6))
_OPTIONS: dict[str, WriteOptions] = {}


def _doc(article) -> Document | None:
    headline, paras = article
    src = headline.replace("\n", " ") + "\n\n" + "\n\n".join(p.replace("\n", " ") for p in paras)
    try:
        return read(src.encode("utf-8", "surrogatepass"))
    except InputError:
        return None


def _opts() -> WriteOptions:
    if not _OPTIONS:
        from datetime import datetime

        _OPTIONS["x"] = WriteOptions(style=load_style("default"),
                                     timestamp=datetime(2025, 1, 1, tzinfo=UTC))
    return _OPTIONS["x"]


def _words(doc: Document) -> list[str]:
    text = " ".join(block_text(b) for b in doc.body)
    return [w for w in re.findall(r"[A-Za-z]{4,}", text)][:20]


@_settings(40)
@given(article=WRITER_ARTICLE)
def test_newsml_output_validates_and_reads_back(article):
    from convert.schemas import SCHEMA_FILES
    from convert.validate import validate_bytes

    folder = os.environ.get("NEWSCONVERT_SCHEMA_DIR") or str(SHARED / "schemas")
    require(all(os.path.isfile(os.path.join(folder, n)) for n in SCHEMA_FILES),
            f"NewsML-G2 schemas not found in {folder}")
    doc = _doc(article)
    assume(doc is not None)
    for body in ("xhtml", "nitf"):
        data = write(doc, "newsml", replace(_opts(), newsml_body=body))
        result = validate_bytes(data, "prop.xml", strict=True, schema_dir=folder)
        assert result.valid, result
        text = data.decode("utf-8")
        for word in _words(doc):
            assert word in text


@_settings(40)
@given(article=WRITER_ARTICLE)
def test_docx_output_reopens_with_python_docx(article):
    import docx

    doc = _doc(article)
    assume(doc is not None)
    data = write(doc, "docx", _opts())
    reopened = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in reopened.paragraphs)
    for word in _words(doc):
        assert word in text


@pytest.mark.filterwarnings("ignore::UserWarning")  # random astral text has no font: expected
@_settings(25)
@given(article=WRITER_ARTICLE)
def test_pdf_output_opens_and_passes_qpdf(article, tmp_path_factory):
    import pypdf

    qpdf = require_tool("qpdf")
    doc = _doc(article)
    assume(doc is not None)
    data = write(doc, "pdf", _opts())
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    path = tmp_path_factory.mktemp("pdf") / "p.pdf"
    path.write_bytes(data)
    res = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


@_settings(40)
@given(article=WRITER_ARTICLE)
def test_epub_output_is_well_formed(article):
    from lxml import etree

    doc = _doc(article)
    assume(doc is not None)
    data = write(doc, "epub", _opts())
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.namelist()[0] == "mimetype"
    text = ""
    for name in zf.namelist():
        if name.endswith((".xhtml", ".opf", ".ncx")):
            root = etree.fromstring(zf.read(name))  # well-formed XML or this raises
            text += " ".join(root.itertext())
    for word in _words(doc):
        assert word in text
