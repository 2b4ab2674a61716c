"""The 655 CommonMark spec examples through the DOCX and EPUB writers: no crash, every EPUB EPUBCheck-clean.

Each example is read under a ``# Example N`` headline (as the reader's own CommonMark test does),
written as DOCX (opened again by python-docx, every part typed) and as EPUB; all EPUBs are
checked in one EPUBCheck JVM (about 30 s; the writing takes about 2 s).
"""

from __future__ import annotations

import functools
import io
import json
import shutil
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx as python_docx
import pytest
from lxml import etree

from convert.options import ReadOptions, WriteOptions
from convert.readers import markdown
from convert.styles import load_style
from convert.writers import docx, epub
from tests.support import SHARED, require
from tests.writers.test_epub import _epubcheck_jar, _run_epubcheck

SPEC = SHARED / "commonmark" / "spec.json"
OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, tzinfo=UTC),
                    generator_version="test")


@functools.cache
def examples() -> list[dict[str, Any]]:
    return json.loads(SPEC.read_text(encoding="utf-8")) if SPEC.is_file() else []


@pytest.fixture(scope="module")
def written() -> dict[int, tuple[bytes, bytes]]:
    """Example number -> (DOCX, EPUB), every example read once."""
    require(len(examples()) == 655, f"CommonMark examples not found at {SPEC}")
    out: dict[int, tuple[bytes, bytes]] = {}
    for ex in examples():
        text = f"# Example {ex['example']}\n\n{ex['markdown']}"
        doc = markdown.read(text.encode("utf-8"), ReadOptions(origin=f"example-{ex['example']}.md"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # raw HTML and relative links are warned, as meant
            out[ex["example"]] = (docx.write(doc, OPTS), epub.write(doc, OPTS))
    return out


def test_every_example_is_a_complete_docx(written: dict[int, tuple[bytes, bytes]]) -> None:
    for n, (data, _) in written.items():
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        types = etree.fromstring(zf.read("[Content_Types].xml"))
        defaults = {el.get("Extension") for el in types if etree.QName(el).localname == "Default"}
        overrides = {el.get("PartName", "").lstrip("/") for el in types}
        assert all(name in overrides or name.rsplit(".", 1)[-1] in defaults for name in names), n
        d = python_docx.Document(io.BytesIO(data))
        assert d.paragraphs[0].text == f"Example {n}", n


def test_every_example_is_an_epub(written: dict[int, tuple[bytes, bytes]]) -> None:
    for n, (_, data) in written.items():
        zf = zipfile.ZipFile(io.BytesIO(data))
        assert zf.namelist()[0] == "mimetype", n
        etree.fromstring(zf.read("EPUB/text/article.xhtml"))  # well-formed XHTML


@pytest.mark.external
def test_epubcheck_finds_nothing_in_any_example(written: dict[int, tuple[bytes, bytes]],
                                                tmp_path: Path) -> None:
    java, jar = shutil.which("java"), _epubcheck_jar()
    require(java is not None and jar is not None,
            "Java or the epubcheck package (EPUBCheck 5.3) is not installed")
    assert java is not None and jar is not None
    books = {}
    for n, (_, data) in written.items():
        books[f"example-{n}"] = tmp_path / f"example-{n}.epub"
        books[f"example-{n}"].write_bytes(data)
    reports = _run_epubcheck(jar, java, books, tmp_path)
    assert len(reports) == len(books)
    found = {name: [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
             for name, report in reports.items() if report["messages"]}
    assert found == {}
