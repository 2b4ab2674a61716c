"""DAISY Ace (accessibility checker) finds no violations in the seed EPUB and an edition.

Runs only when ``ACE_BIN`` names the Ace command (``ace-puppeteer`` from ``@daisy/ace@1.4.6``);
Chromium comes from ``PUPPETEER_EXECUTABLE_PATH`` or ``/usr/bin/chromium``. Install (offline
mirrors only need npm and Debian):

    apt-get install -y chromium
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm i --ignore-scripts @daisy/ace@1.4.6
    ACE_BIN=$PWD/node_modules/.bin/ace-puppeteer pytest tests/writers/test_epub_ace.py
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import epub as writer
from tests.sample_docs import kitchen_sink
from tests.support import SEED, model_fixture, model_fixture_names, require

#: Ace runs when Chromium did not start in time (Puppeteer's fixed 5 s launch timeout).
ACE_ATTEMPTS = 3

OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, tzinfo=UTC))


def _ace(book: Path, out: Path) -> dict:
    ace = os.environ.get("ACE_BIN", "")
    require(bool(ace) and Path(ace).exists(), "ACE_BIN is not set to the DAISY Ace command")
    env = dict(os.environ)
    env.setdefault("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium")
    require(Path(env["PUPPETEER_EXECUTABLE_PATH"]).exists(), "Chromium for Ace is not installed")
    report = out / "report.json"
    for _attempt in range(ACE_ATTEMPTS):
        proc = subprocess.run([ace, "-f", "-o", str(out), str(book)], capture_output=True,
                              text=True, timeout=600, env=env, check=False)
        if report.exists() or "waiting for the WS endpoint" not in proc.stdout + proc.stderr:
            break
        # Puppeteer gives Chromium 5 s to start, which a busy 2-core CI machine can miss:
        # that says nothing about the book, so try again.
    assert report.exists(), f"Ace wrote no report:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(report.read_text(encoding="utf-8"))


def _violations(report: dict) -> list[str]:
    found = []
    for doc in report.get("assertions", []):
        for a in doc.get("assertions", []):
            if a.get("earl:result", {}).get("earl:outcome") != "pass":
                test = a.get("earl:test", {})
                found.append(f"{doc.get('earl:testSubject', {}).get('url')}: "
                             f"{test.get('dct:title')} ({test.get('earl:impact')})")
    return found


def _check(book: Path, tmp_path: Path) -> None:
    report = _ace(book, tmp_path / (book.stem + "-report"))
    assert _violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert not report["a11y-metadata"]["missing"] or set(report["a11y-metadata"]["missing"]) <= {
        "a11y:certifierCredential", "a11y:certifierReport"}


@pytest.mark.external
def test_ace_passes_the_seed(tmp_path: Path) -> None:
    require(SEED is not None, "no seed article")
    from convert.api import read_file

    book = tmp_path / "seed.epub"
    book.write_bytes(writer.write(read_file(SEED), OPTS))
    _check(book, tmp_path)


@pytest.mark.external
def test_ace_passes_an_edition(tmp_path: Path) -> None:
    """The kitchen sink (a table, a picture, notes, code ...), an Urdu article with every block, and
    every model fixture as one edition."""
    from tests.writers.test_html_validators import rich_urdu

    docs = [kitchen_sink(), rich_urdu(), *(model_fixture(name) for name in model_fixture_names())]
    book = tmp_path / "edition.epub"
    book.write_bytes(writer.write_many(docs, OPTS))
    _check(book, tmp_path)
