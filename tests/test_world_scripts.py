"""World scripts through LibreOffice: each multilingual article as DOCX, rendered to PDF by soffice.

For Urdu, Arabic, Persian, Hindi, Bengali, Chinese, Japanese, Korean, Thai, Hebrew and a real
Urdu article, the PDF LibreOffice makes from our DOCX must draw the script's letters with the
faces the DOCX names (``pdffonts`` lists them; which font draws which letters is read from the
PDF's text), never with a substitute that lacks them, and ``pdftotext`` must give the words
back. With ``--embed-fonts`` that holds on any machine, so it is checked strictly. Without
embedding, a face installed only from PyPI (Amiri, Frank Ruhl Libre, Hind Siliguri) is not
visible to LibreOffice, which substitutes another installed font: that substitute must have
every letter of the script in the article (fontconfig says so).

LibreOffice keeps the fonts a document embeds for as long as its process runs, by family name:
a second document's subset of the same family would find the first one's. So the embedded
documents each get their own soffice process; the plain ones share one.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from msgspec.structs import replace

from convert import fontconfig
from convert.options import WriteOptions
from convert.scriptfonts import script_of
from convert.styles import load_style
from convert.writers import docx
from convert.writers.docx.fonts import slots
from tests.support import ROOT, SHARED, require, require_tool

MULTI = ROOT / "tests" / "fixtures" / "multilingual"
URDU_REAL = SHARED / "corpus-real" / "urdu"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OPTIONS = WriteOptions(style=load_style("default"))
#: Bidi controls pdftotext wraps right-to-left lines in.
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

pytestmark = pytest.mark.external


def cases() -> dict[str, Path]:
    found = {p.stem: p for p in sorted(MULTI.glob("*.txt"))}
    real = sorted(URDU_REAL.glob("*.txt")) if URDU_REAL.is_dir() else []
    if real:
        found["ur-real"] = real[0]
    return found


def slot_of(text: str) -> str:
    """The w:rFonts slot of the article's own script ("cs" or "eastAsia")."""
    counts: dict[str, int] = {}
    for ch in text:
        slot = slots().of(script_of(ch))
        if slot != "ascii":
            counts[slot] = counts.get(slot, 0) + 1
    return max(counts, key=counts.__getitem__)


def letters(text: str, slot: str) -> str:
    """The letters of ``text`` Word and LibreOffice set in ``slot``'s face."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LM"
                   and slots().of(script_of(c)) == slot)


def pdf_name(family: str) -> str:
    """How a family shows in a PDF font name ("Noto Nastaliq Urdu" -> "NotoNastaliqUrdu")."""
    return re.sub(r"[^A-Za-z0-9]", "", family).lower()


def asked_faces(data: bytes, slot: str) -> set[str]:
    """Every face the DOCX names for ``slot`` (styles and runs)."""
    import io
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(data))
    out = set()
    for part in ("word/styles.xml", "word/document.xml"):
        for el in etree.fromstring(zf.read(part)).iter(f"{W}rFonts"):
            value = el.get(f"{W}{slot}")
            if value:
                out.add(value)
    return out


def drawn_by(pdf: Path, slot: str) -> dict[str, str]:
    """PDF font name (without subset tag, lower case, no style) -> the slot's letters it draws."""
    from pypdf import PdfReader

    found: dict[str, str] = {}

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: object) -> None:
        if font is None:
            return
        name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1].split("-")[0]
        got = letters(text, slot)
        if got:
            found[name.lower()] = found.get(name.lower(), "") + got

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


def pdffonts(pdf: Path) -> list[str]:
    out = subprocess.run([require_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    return [line.split()[0].split("+")[-1] for line in out if line.strip()]


def pdftotext(pdf: Path) -> str:
    out = subprocess.run([require_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFC", _CONTROLS.sub("", out))


def soffice(files: list[Path], out: Path, profile: Path) -> None:
    subprocess.run([require_tool("soffice"), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], tuple[bytes, Path]]:
    """(case, embedded) -> (DOCX bytes, the PDF LibreOffice made of it)."""
    from convert.api import read_file

    require_tool("soffice")
    folder = tmp_path_factory.mktemp("world")
    out: dict[tuple[str, bool], tuple[bytes, Path]] = {}
    plain: list[Path] = []
    for name, src in cases().items():
        doc = read_file(src)
        for embed in (False, True):
            data = docx.write(doc, replace(OPTIONS, embed_fonts=embed))
            path = folder / f"{name}{'-embedded' if embed else ''}.docx"
            path.write_bytes(data)
            out[name, embed] = (data, path.with_suffix(".pdf"))
            if embed:
                soffice([path], folder, folder / f"profile-{name}")
            else:
                plain.append(path)
    soffice(plain, folder, folder / "profile")
    return out


@cache
def article_text(name: str) -> str:
    from convert.api import read_file
    from convert.model import document_text

    doc = read_file(cases()[name])
    return unicodedata.normalize("NFC", doc.meta.headline + "\n" + document_text(doc))


@cache
def system_families_with(chars: str) -> frozenset[str]:
    """PDF-style names of the installed (fontconfig) fonts that have every one of ``chars``."""
    need = {ord(c) for c in chars}
    return frozenset(pdf_name(f) for font in fontconfig.system_fonts()
                     if all(font.has(cp) for cp in need) for f in font.families)


@pytest.mark.parametrize("embed", [True, False], ids=["embedded", "plain"])
@pytest.mark.parametrize("name", list(cases()))
def test_libreoffice_draws_the_script_with_the_faces_the_docx_names(
        rendered: dict[tuple[str, bool], tuple[bytes, Path]], name: str, embed: bool) -> None:
    data, pdf = rendered[name, embed]
    assert pdf.exists(), f"LibreOffice made no PDF of {name}"
    text = article_text(name)
    slot = slot_of(text)
    asked = {pdf_name(f) for f in asked_faces(data, slot)}
    drawn = drawn_by(pdf, slot)
    names = [n.lower() for n in pdffonts(pdf)]
    assert drawn, f"no letters of the article's script in {pdf.name}"
    for font, chars in drawn.items():
        assert any(n.startswith(font) for n in names), (font, names)
        named = any(font.startswith(a) for a in asked)  # "nanumgothicbold" is NanumGothic's
        if embed or named:
            assert named, f"{name}: {font} drew {chars[:20]!r}; the DOCX asked for {asked}"
        else:  # a PyPI-only face LibreOffice cannot see: its substitute has every letter
            having = system_families_with("".join(sorted(set(chars))))
            assert any(font.startswith(f) for f in having), \
                f"{name}: substitute {font} lacks some of {chars[:20]!r}"


@pytest.mark.parametrize("name", list(cases()))
def test_pdftotext_gives_the_words_back(rendered: dict[tuple[str, bool], tuple[bytes, Path]],
                                        name: str) -> None:
    """Every word of the article's script is in the text layer; for Nastaliq, every letter.

    LibreOffice writes Nastaliq's cascading clusters one by one, each at its own height, and
    pdftotext cannot put them back into words: all the letters are there, in another order.
    """
    data, pdf = rendered[name, True]
    text = article_text(name)
    slot = slot_of(text)
    got = pdftotext(pdf)
    if any("nastaliq" in pdf_name(f) for f in asked_faces(data, slot)):
        from collections import Counter

        want, have = Counter(letters(text, slot)), Counter(letters(got, slot))
        assert not want - have, f"letters missing from the text layer: {want - have}"
        return
    squashed = re.sub(r"\s+", "", got)
    words = {w for w in re.findall(r"[\w\u0900-\u0DFF\u0E00-\u0EFF]+", text) if letters(w, slot)}
    # Chinese, Japanese and Thai write no spaces between words: a "word" is a whole phrase.
    missing = sorted(w for w in words if w not in squashed)
    # poppler orders glyphs by position: where a ligature overlaps its neighbour (Amiri's
    # "پن"), a word comes out with its letters in another order, still as one word.
    tokens = {"".join(sorted(t)) for t in got.split()}
    reordered = [w for w in missing if "".join(sorted(w)) in tokens]
    lost = sorted(set(missing) - set(reordered))
    assert not lost, f"{name}: {len(lost)} of {len(words)} words missing: {lost[:8]}"
    assert len(reordered) <= max(1, len(words) // 10), f"{name}: letters out of order: {reordered}"


def test_every_case_is_there() -> None:
    require(URDU_REAL.is_dir(), "corpus-real/urdu is not there")
    assert {"ur", "ar", "fa", "hi", "bn", "zh", "ja", "ko", "th", "he", "ur-real"} <= set(cases())
