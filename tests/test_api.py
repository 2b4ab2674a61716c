"""The Python API shown in the README works as shown."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import convert
from tests.support import SEED


def test_readme_api_example(tmp_path: Path):
    assert SEED is not None
    doc = convert.read_file(SEED)
    assert isinstance(doc, convert.Document) and len(doc.body) == 12
    xml = convert.write(doc, "newsml")
    assert xml.startswith(b"<?xml") and b"newsItem" in xml
    out = convert.convert(SEED, tmp_path / "article.docx")
    assert zipfile.is_zipfile(out)
    doc2 = convert.read("Second headline\n\nBody.\n")
    edition = convert.write_many([doc, doc2], "epub",
                                 convert.default_write_options(doc, title="Morning edition"))
    book = zipfile.ZipFile(io.BytesIO(edition))
    assert b"Morning edition" in book.read("EPUB/content.opf")
    assert {"EPUB/text/article-001.xhtml", "EPUB/text/article-002.xhtml"} <= set(book.namelist())
    results = convert.batch([str(SEED.parent)], tmp_path / "dist", formats=["docx", "epub"], jobs=1)
    assert [r.status for r in results.articles] == ["converted"]
    assert sorted(p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")) == [
        SEED.stem + ".docx", SEED.stem + ".epub"]


def test_version_and_lazy_api():
    assert convert.__version__ == "0.1.0"
    assert callable(convert.read) and convert.WriteOptions is not None
