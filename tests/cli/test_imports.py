"""A single conversion imports only what it uses (checked in a fresh interpreter; nothing is timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

#: Run the command line in-process, then print the names of every module it imported.
_PROBE = """
import json, sys
from convert.cli import main
try:
    main(sys.argv[1:], prog_name="newsconvert")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
#: Packages no NewsML-G2 conversion of a text article needs.
HEAVY = ("reportlab", "docx", "PIL", "uharfbuzz", "fontTools", "bidi", "trafilatura", "jsonschema",
         "dask", "distributed", "pypdf", "convert.writers.pdf", "convert.writers.docx",
         "convert.writers.epub", "convert.writers.html", "convert.writers.ninjs", "convert.batching",
         "convert.validate", "convert.readers.html", "convert.readers.docx", "convert.readers.newsml")


def imported(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["code"] in (0, None), proc.stderr
    return set(data["modules"])


def loaded(modules: set[str], package: str) -> bool:
    return package in modules or any(m.startswith(package + ".") for m in modules)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("Floods close the coast road\n\nThe road was closed on Monday, officials said.\n",
                    encoding="utf-8")
    return path


def test_newsml_from_text_loads_no_other_writer_reader_or_heavy_library(article: Path) -> None:
    modules = imported("convert", str(article), "-o", str(article.with_suffix(".xml")))
    assert article.with_suffix(".xml").exists()
    assert not [p for p in HEAVY if loaded(modules, p)]
    assert loaded(modules, "convert.writers.newsml") and loaded(modules, "lxml")


def test_the_language_identifier_loads_only_when_it_has_to_identify(article: Path) -> None:
    stated = imported("convert", str(article), "-o", str(article.with_suffix(".xml")),
                      "-M", "language=en")
    assert not loaded(stated, "py3langid") and not loaded(stated, "numpy")


@pytest.mark.parametrize("ext,own,others", [
    (".docx", "convert.writers.docx", ("reportlab", "convert.writers.pdf", "convert.writers.epub")),
    (".epub", "convert.writers.epub", ("reportlab", "docx", "convert.writers.pdf")),
    (".pdf", "convert.writers.pdf", ("docx", "convert.writers.docx", "convert.writers.epub")),
])
def test_each_format_loads_its_own_writer_only(article: Path, ext: str, own: str,
                                               others: tuple[str, ...]) -> None:
    modules = imported("convert", str(article), "-o", str(article.with_suffix(ext)))
    assert loaded(modules, own)
    for package in (*others, "trafilatura", "jsonschema", "dask", "convert.batching"):
        assert not loaded(modules, package), package
