"""Shared by the batch tests: the corpus, the writers present, and an independent output check."""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import sys
import zipfile
from pathlib import Path

from lxml import etree

from tests.support import CORPUS, ROOT, SHARED, corpus_cases

PY = sys.executable
SCHEMAS = SHARED / "schemas"
GOOD = corpus_cases()
BAD = corpus_cases(errors=True)
#: The built-in writers (``-t all`` also takes plug-ins; see test_api).
BUILTIN_FORMATS = ("docx", "pdf", "epub", "newsml", "ninjs", "html")


def _ready(fmt: str) -> bool:
    """A writer counts as present when its module imports and has ``write``."""
    from convert.registry import get_writer

    try:
        return callable(getattr(importlib.import_module(get_writer(fmt).module), "write", None))
    except ImportError:
        return False


FORMATS = tuple(f for f in BUILTIN_FORMATS if _ready(f))
HAS_VALIDATOR = importlib.util.find_spec("convert.validate") is not None and SCHEMAS.is_dir()


def env() -> dict[str, str]:
    """The environment of a subprocess running this checkout, with the shared schemas."""
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + os.pathsep + out.get("PYTHONPATH", "")
    out["NEWSCONVERT_SCHEMA_DIR"] = str(SCHEMAS)
    out.pop("SOURCE_DATE_EPOCH", None)
    return out


def copy_corpus(dest: Path, names: list[str] | None = None) -> Path:
    """Copy corpus articles (default: all, bad ones included) into a new input folder."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names if names is not None else GOOD + BAD:
        shutil.copy(CORPUS / f"{name}.txt", dest / f"{name}.txt")
    return dest


def check_output(fmt: str, path: Path) -> None:
    """Read an output back with an independent reader."""
    data = path.read_bytes()
    assert data, path
    if fmt in ("docx", "epub"):
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None
            names = zf.namelist()
            if fmt == "epub":
                assert names[0] == "mimetype"
                assert zf.read("mimetype") == b"application/epub+zip"
            else:
                etree.fromstring(zf.read("word/document.xml"))
        if fmt == "docx":
            import docx

            docx.Document(str(path))
    elif fmt == "pdf":
        import io

        import pypdf

        assert data.startswith(b"%PDF-")
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
    elif fmt == "newsml":
        root = etree.fromstring(data)
        assert etree.QName(root).localname == "newsItem"
        if HAS_VALIDATOR:
            from convert.validate import validate_bytes

            rep = validate_bytes(data, path.name)
            assert rep.valid, [str(e) for e in rep.errors]
    elif fmt == "ninjs":
        from convert.validate import validate_bytes
        from tests.support import ninjs_schemas

        rep = validate_bytes(data, path.name, strict=True, schema_dir=ninjs_schemas())
        assert rep.valid, [str(e) for e in rep.errors]
    elif fmt == "html":
        from lxml import html

        assert data.startswith(b"<!DOCTYPE html>")
        assert html.document_fromstring(data).find("body/main/article/header/h1") is not None
