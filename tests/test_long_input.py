"""Long inputs (issue #19 item 5): every format takes a 300 KB paragraph whole, the PDF cuts long
paragraphs invisibly, and the input size limit is configurable. Timings are benchmarks
(``benchmarks/bench_growth.py``), never tests."""

from __future__ import annotations

import io
import re
import subprocess
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert.api import read
from convert.cli import main
from convert.cli.options import parse_size
from convert.errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, UsageError
from convert.model import Document
from convert.options import ReadOptions, WriteOptions
from convert.registry import writer_list
from convert.styles import load_style
from tests.support import require_tool

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
WORDS = ("the minister said on Tuesday that relief would reach the southern districts of Sindh "
         "before the monsoon returned and that the provincial government had asked for boats "
         "well-known long-term internationalisation").split()
LAST = "zephyrs quixotic finale"


def long_article(size: int, *, markup: bool = False, seed: int = 7) -> bytes:
    """A headline and one paragraph of about ``size`` bytes that ends with :data:`LAST`."""
    import random

    rnd = random.Random(seed)
    words: list[str] = []
    n = 0
    while n < size:
        w = rnd.choice(WORDS)
        if markup and rnd.random() < 0.05:
            w = rnd.choice((f"*{w}*", f"**{w}**", f"[{w}](https://example.org/{w})"))
        words.append(w)
        n += len(w) + 1
    return f"A very long article\n\n{' '.join(words)} {LAST}.\n".encode()


def options(style: str = "default") -> WriteOptions:
    return WriteOptions(style=load_style(style), timestamp=TS)


def _text_of(name: str, data: bytes) -> str:
    """The text an output shows, wherever its format keeps it."""
    if name == "pdf":
        tool = require_tool("pdftotext")
        return subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                              check=True).stdout.decode()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                            if n.endswith((".xml", ".xhtml", ".html")))
    return data.decode("utf-8")


@pytest.mark.parametrize("spec", writer_list(), ids=lambda s: s.name)
def test_a_300_kb_paragraph_comes_out_whole_in_every_format(spec) -> None:
    doc = read(long_article(300_000))
    assert len(doc.body) == 1 and len(doc.body[0].children[0].text) > 299_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = spec.write(doc, options("broadsheet" if spec.name == "pdf" else "default"))
    text = " ".join(_text_of(spec.name, out).split())
    assert LAST in text
    # Nothing lost on the way: as many words as the article has (PDF: hyphenation joins back).
    expected = len(doc.body[0].children[0].text.split())
    found = len(re.findall(r"[A-Za-z]+(?:-\s?[a-z]+)*", text)) if spec.name == "pdf" else None
    if found is not None:
        assert found >= expected * 0.99


def _whole_matches_cut(monkeypatch: pytest.MonkeyPatch, doc: Document, style: str, *,
                       long_chars: int) -> list[tuple[int, float, float, float, float, str]]:
    """The PDF's words laid out whole; asserts that cut into 7-line pieces, every word is on the
    same page at the same place (within 0.01 pt)."""
    from convert.writers import pdf
    from convert.writers.pdf import longpara

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        monkeypatch.setattr(longpara, "LONG_CHARS", 10**9)
        whole = _words(pdf.write(doc, options(style)))
        monkeypatch.setattr(longpara, "LONG_CHARS", long_chars)
        monkeypatch.setattr(longpara, "PIECE_LINES", 7)
        cut = _words(pdf.write(doc, options(style)))
    assert [w[0::5] for w in cut] == [w[0::5] for w in whole]  # page and word
    assert max(abs(a - b) for x, y in zip(cut, whole, strict=True)
               for a, b in zip(x[1:5], y[1:5], strict=True)) < 0.01
    return whole


def _words(data: bytes) -> list[tuple[int, float, float, float, float, str]]:
    """(page, box, word) of every word, as poppler places it."""
    tool = require_tool("pdftotext")
    out = subprocess.run([tool, "-bbox", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    words = []
    for page, chunk in enumerate(out.split("<page ")[1:]):
        words += [(page, float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            chunk)]
    return words


@pytest.mark.parametrize("style", ["default", "broadsheet"])
@pytest.mark.parametrize("markup", [False, True], ids=["plain", "markup"])
def test_a_long_paragraph_is_cut_invisibly(monkeypatch, style: str, markup: bool) -> None:
    """Every word at the same place, cut into 7-line pieces or not (widows, orphans, the last
    line of justified pieces, the first-line indent, across columns and pages)."""

    doc = read(long_article(24_000, markup=markup), format="markdown" if markup else "text")
    whole = _whole_matches_cut(monkeypatch, doc, style, long_chars=1000)
    assert whole[-1][0] >= 2  # three pages or more


def test_pieces_are_whole_lines() -> None:
    """The cut itself: pieces of the asked number of lines, first indented, then flush."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from convert.writers.pdf.longpara import cut

    style = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=12, firstLineIndent=12,
                           spaceBefore=3, spaceAfter=6)
    p = Paragraph(long_article(20_000).decode().split("\n\n")[1], style)
    pieces = cut(p, 300, piece_lines=10)
    assert len(pieces) > 5
    heights = [q.wrap(300, 1e9)[1] for q in pieces]
    assert all(h == pytest.approx(120) for h in heights[:-1])
    assert pieces[0].style.firstLineIndent == 12 and pieces[0].style.spaceAfter == 0
    assert all(q.style.firstLineIndent == 0 and q.style.spaceBefore == 0 for q in pieces[1:])
    assert pieces[-1].style.spaceAfter == 6
    text = " ".join(" ".join(f.text for f in q.frags if hasattr(f, "text")).strip()
                    for q in cut(Paragraph(p.text, style), 300, piece_lines=10))
    assert text.split() == p.text.split()


@pytest.mark.parametrize("style", ["default", "broadsheet"])
def test_the_writer_cuts_its_own_paragraphs(style: str) -> None:
    """Justified and hyphenated (broadsheet) too: lines ending in a broken word are skipped."""
    from convert.writers.pdf.longpara import PIECE_LINES, cut
    from convert.writers.pdf.parastyles import styles_for

    st = styles_for(load_style(style), "en")
    text = long_article(50_000).decode().split("\n\n")[1]
    pieces = cut(st.plain_paragraph(text, st.para["body:first"]), st.column_width)
    lines = [q.wrap(st.column_width, 1e9)[1] / st.para["body"].leading for q in pieces]
    assert len(pieces) > 10 and all(n <= PIECE_LINES for n in lines[:-1])
    assert sum(lines[:-1]) > 0.9 * PIECE_LINES * (len(pieces) - 1)


def test_a_hyphenated_word_keeps_its_hyphen_across_pages() -> None:
    """reportlab 5 drops a word's own hyphen where a paragraph broken there is split again."""
    doc = read(long_article(30_000, markup=True), format="markdown")
    from tests.writers.pdf.pdfcheck import pdftotext

    for style in ("default", "broadsheet"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = pdftotext(__import__("convert.writers.pdf", fromlist=["write"]).write(
                doc, options(style)), raw=True)
        assert "wellknown" not in text and "longterm" not in text
        assert LAST in " ".join(text.split())


def test_a_long_shaped_paragraph_is_drawn_whole() -> None:
    """An Urdu paragraph with Latin words and digits: many runs, each line finds its own."""
    from convert.writers import pdf
    from tests.writers.pdf.pdfcheck import pdftotext

    unit = "لاہور میں PSL کا فائنل، 25 ہزار شائقین کی آمد اور Lahore Qalandars نے 180 رنز بنائے۔ "
    body = unit * (20_000 // len(unit.encode()))
    doc = read(f"---\nlanguage: ur\n---\nسرخی\n\n{body}آخری لفظ\n".encode(), format="markdown")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = pdftotext(pdf.write(doc, options()), raw=True)
    assert "آخری" in text and text.count("Qalandars") == body.count("Qalandars")


def test_harfbuzz_context_window_changes_nothing(monkeypatch) -> None:
    """Shaping a line with a window of context gives the bytes shaping with the paragraph gave."""
    from convert.writers import pdf
    from convert.writers.pdf import glyphfont

    text = Path(__file__).parent.joinpath("fixtures/multilingual/ur.txt").read_bytes()
    doc = read(text, format="markdown")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        windowed = pdf.write(doc, options("broadsheet"))
        monkeypatch.setattr(glyphfont, "CONTEXT", 10**9)
        whole = pdf.write(doc, options("broadsheet"))
    assert windowed == whole


# --------------------------------------------------------------------------- the size limit


@pytest.mark.parametrize("value,size", [("10M", 10 << 20), ("512K", 512 << 10), ("1g", 1 << 30),
                                        ("20MiB", 20 << 20), ("1.5M", 3 << 19), ("300000", 300000),
                                        (4096, 4096)])
def test_sizes(value: object, size: int) -> None:
    assert parse_size(value) == size


@pytest.mark.parametrize("value", ["", "10Q", "-1", "0", "M", True])
def test_bad_sizes(value: object) -> None:
    with pytest.raises(UsageError, match="expects a size such as 10M"):
        parse_size(value)


def test_max_input_size_from_the_command_line_and_the_config(tmp_path: Path) -> None:
    article = tmp_path / "big.txt"
    article.write_bytes(long_article(300_000))
    out = tmp_path / "big.xml"
    runner = CliRunner()

    res = runner.invoke(main, ["convert", str(article), "-o", str(out), "--max-input-size", "100K"])
    assert res.exit_code == EXIT_INPUT and not out.exists()
    (line,) = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert "big.txt" in line and "too large" in line and "102,400" in line

    res = runner.invoke(main, ["convert", str(article), "-o", str(out), "--max-input-size", "1M"])
    assert res.exit_code == EXIT_OK and out.exists()

    res = runner.invoke(main, ["convert", str(article), "-o", str(out), "--max-input-size", "big"])
    assert res.exit_code == EXIT_USAGE and "--max-input-size" in res.stderr

    config = tmp_path / "c.toml"
    config.write_text('[convert]\nmax_input_size = "200K"\n', encoding="utf-8")
    res = runner.invoke(main, ["parse", str(article), "--config", str(config)])
    assert res.exit_code == EXIT_INPUT and "204,800" in res.stderr
    # the flag wins over the config file
    res = runner.invoke(main, ["parse", str(article), "--config", str(config),
                               "--max-input-size", "1M"])
    assert res.exit_code == EXIT_OK
    config.write_text("[convert]\nmax_input_size = 0\n", encoding="utf-8")
    res = runner.invoke(main, ["parse", str(article), "--config", str(config)])
    assert res.exit_code == EXIT_USAGE and "max_input_size" in res.stderr


def test_the_default_limit_is_20_mib() -> None:
    assert ReadOptions().max_bytes == 20 << 20


@pytest.mark.parametrize("lang", ["ur", "zh", "hi"])
def test_a_long_shaped_paragraph_is_cut_invisibly(monkeypatch, lang: str) -> None:
    """Urdu (right to left, mixed with Latin and digits), Chinese (no spaces), Hindi (marks
    above the line): every word at the same place, cut into 7-line pieces or not."""

    fixture = Path(__file__).parent / "fixtures" / "multilingual" / f"{lang}.txt"
    unit = fixture.read_text(encoding="utf-8").split("---\n")[-1].split("\n\n", 1)[1]
    unit = " ".join(unit.split()) + " "
    body = unit * (9000 // len(unit) + 1)
    doc = read(f"---\nlanguage: {lang}\n---\nHead\n\nFirst.\n\n{body}END\n\nAfter.\n".encode(),
               format="markdown")
    style = "broadsheet" if lang == "hi" else "default"
    whole = _whole_matches_cut(monkeypatch, doc, style, long_chars=500)
    assert whole[-1][0] >= 1  # two pages or more
