"""Real consumers read our DOCX back: python-docx and docx2python on the corpus, LibreOffice to PDF."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import docx
import pytest

from convert.model import Document
from convert.writers import docx as writer
from tests.canonical import zip_member
from tests.sample_docs import kitchen_sink
from tests.support import CORPUS, corpus_cases, require_tool
from tests.writers.docx.common import OPTIONS, squash


def read_corpus(name: str) -> Document:
    from convert.api import read_file

    return read_file(CORPUS / f"{name}.txt")


def expect(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expect.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", corpus_cases())
def test_corpus_reads_back_in_order(name: str) -> None:
    exp = expect(name)
    data = writer.write(read_corpus(name), OPTIONS)

    d = docx.Document(io.BytesIO(data))
    paras = [p.text for p in d.paragraphs]
    styles = [p.style.name for p in d.paragraphs]
    assert paras[0] == exp["headline"] and styles[0] == "Title"
    whole = squash("\n".join(paras))
    for s in exp["must_contain"]:
        assert squash(s) in whole, s
    everything = whole + " ".join(zip_member(data, n).decode("utf-8")
                                  for n in ("docProps/core.xml", "docProps/app.xml"))
    for junk in exp.get("dropped", ()):
        assert junk not in everything, junk

    # paragraphs, headings and list items appear in document order
    order = []
    if exp.get("first_paragraph_starts"):
        order.append(exp["first_paragraph_starts"])
    order += exp.get("headings", [])
    pos = {s: whole.find(squash(s)) for s in order}
    assert all(p >= 0 for p in pos.values()), pos
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert heads == exp.get("headings", [])
    items = [p.text for p in d.paragraphs if p.style.name.startswith("List")]
    assert [squash(i) for i in items] == [squash(i) for i in exp.get("list_items", [])]
    body = [p for p, s in zip(paras, styles, strict=True) if s == "Body Text"]
    assert len(body) == exp["paragraph_count"]
    if body:
        assert squash(body[0]).endswith(squash(exp["first_paragraph_starts"])[-20:]) or \
            squash(exp["first_paragraph_starts"]) in squash(body[0])
        assert squash(body[-1]).endswith(squash(exp["last_paragraph_ends"]))
    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote"]
    assert [squash(q) for q in quotes] == [squash(q) for q in exp.get("blockquotes", [])]


@pytest.mark.parametrize("name", corpus_cases())
def test_corpus_reads_back_with_docx2python(name: str) -> None:
    docx2python = pytest.importorskip("docx2python")
    exp = expect(name)
    data = writer.write(read_corpus(name), OPTIONS)
    with docx2python.docx2python(io.BytesIO(data)) as result:
        text = squash(result.text)
        props = result.core_properties
    assert squash(exp["headline"]) in text
    last = -1
    for s in exp["must_contain"]:
        assert squash(s) in text, s
    for s in exp.get("headings", []):
        found = text.find(s, last + 1)
        assert found > last, s
        last = found
    assert props.get("title") == exp["headline"]


def test_libreoffice_opens_and_exports_pdf(tmp_path: Path, sink: bytes) -> None:
    soffice = require_tool("soffice")
    src = tmp_path / "article.docx"
    src.write_bytes(sink)
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "article.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf))
    assert reader.metadata.title == kitchen_sink().meta.headline

    def titles(items: list) -> list[str]:
        out: list[str] = []
        for item in items:
            out.extend(titles(item) if isinstance(item, list) else [item.title])
        return out

    outline = titles(reader.outline)
    assert outline[0] == kitchen_sink().meta.headline
    assert "Villages at risk" in outline
    assert {"Water levels by barrage", "What to pack", "Data"} <= set(outline)  # headings 4-6
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    assert "SUKKUR, June 11 (Reuters)" in text and "Provincial irrigation minister" in text
    # the rich nodes as LibreOffice lays them out, read back by poppler
    layout = squash(subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"],
                                   capture_output=True, text=True, check=True).stdout)
    for cells in (["Barrage", "Flow (cusecs)", "Change"], ["Guddu", "512,000", "+8%"],
                  ["Kotri", "not measured"]):
        assert re.search(r"\s+".join(map(re.escape, cells)), layout), cells  # one row, in order
    for shown in ("Flows at the three barrages, 11 June",  # the table's caption
                  "The Sukkur barrage on Tuesday; gates open Photo: Example News/Ali Khan",
                  "Figures from the Provincial Disaster Management Authority, 10 June.",  # the note
                  "station,level_m Guddu, 9.7", "Correction An earlier version",
                  "\u2611 documents", "\u2610 medicine", "spare spacer"):
        assert shown in layout, shown
    assert "tracker" not in layout and "kept, never published" not in layout
    listing = subprocess.run([require_tool("pdfimages"), "-list", str(pdf)], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert [(row.split()[3], row.split()[4]) for row in listing] == [("16", "12")]  # the picture
