"""Importing or running the PDF writer leaves reportlab as it was (no patching), in any thread."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import warnings

from convert.model import Document
from convert.writers import pdf
from tests.sample_docs import kitchen_sink
from tests.support import ROOT, model_fixture
from tests.writers.pdf.pdfcheck import options

#: Run in a fresh interpreter: import the reportlab modules the writer uses, take a snapshot of
#: every module global, class attribute and function body, then import (and, with "write", run)
#: the writer and print what is no longer the same object.
_PROBE = r"""
import importlib, json, sys, types
modules, mode = json.loads(sys.argv[1]), sys.argv[2]
for name in modules:
    importlib.import_module(name)

def snapshot():
    found = {}
    for name in modules:
        for key, value in list(vars(sys.modules[name]).items()):
            found[f"{name}.{key}"] = value
            if isinstance(value, types.FunctionType):
                found[f"{name}.{key}.__code__"] = value.__code__
            if isinstance(value, type) and value.__module__ == name:
                for attr, member in list(vars(value).items()):
                    found[f"{name}.{key}.{attr}"] = member
                    if isinstance(member, types.FunctionType):
                        found[f"{name}.{key}.{attr}.__code__"] = member.__code__
    return found

def config():
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    return (repr(sorted((k, repr(v)) for k, v in vars(rl_config).items() if not k.startswith("_"))),
            sorted(pdfmetrics.getRegisteredFontNames()))

before, settings = snapshot(), config()
import convert.writers.pdf
from convert.writers.pdf import canvas, fontfiles, fonts, layout, parastyles, subset
if mode == "write":
    import warnings
    from datetime import UTC, datetime
    from convert.options import WriteOptions
    from convert.styles import load_style
    from tests.sample_docs import kitchen_sink
    warnings.simplefilter("ignore")
    convert.writers.pdf.write(kitchen_sink(), WriteOptions(style=load_style("broadsheet"),
                              timestamp=datetime(2025, 1, 1, tzinfo=UTC)))
after, settings_after = snapshot(), config()
changed = sorted(k for k in before.keys() | after.keys()
                 if k not in before or k not in after or before[k] is not after[k])
# Names that were absent or None before: reportlab filling a cache of its own on first use.
lazy = sorted(k for k in changed if k in after and before.get(k) is None)
print(json.dumps({"changed": changed, "lazy": lazy, "config_same": settings[0] == settings_after[0],
                  "fonts_before": settings[1], "fonts_after": settings_after[1]}))
"""


def reportlab_modules() -> list[str]:
    """The reportlab modules importing the writer loads."""
    code = ("import sys, json, convert.writers.pdf; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


def probe(mode: str) -> dict:
    modules = reportlab_modules()
    assert "reportlab.pdfbase.ttfonts" in modules and "reportlab.platypus.paragraph" in modules
    out = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(modules), mode], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_importing_the_writer_changes_nothing_in_reportlab() -> None:
    found = probe("import")
    assert found["changed"] == []
    assert found["config_same"]
    assert found["fonts_before"] == found["fonts_after"]  # no font registered at import


#: What reportlab itself sets up on first use, for any caller: the named-colour table, the
#: ``<seq>`` counter, two class attributes platypus adds when it first keeps flowables together,
#: and the slot-name caches ``copy`` leaves on classes it copies.
REPORTLAB_LAZY = {
    "reportlab.lib.colors._namedColors", "reportlab.lib.sequencer._sequencer",
    "reportlab.platypus.flowables.KeepTogether.FrameBreak",
    "reportlab.platypus.flowables.KeepTogether.NullActionFlowable",
    "reportlab.platypus.frames.Frame.__slotnames__",
    "reportlab.platypus.paraparser.ParaFrag.__slotnames__",
}


def test_writing_only_adds_our_fonts_to_reportlab() -> None:
    """Writing registers fonts (reportlab's registry is global by design) and changes nothing
    else: every other difference is reportlab filling one of its own caches, absent before."""
    found = probe("write")
    assert set(found["changed"]) - REPORTLAB_LAZY == set()
    assert set(found["changed"]) == set(found["lazy"])
    assert found["config_same"]
    added = set(found["fonts_after"]) - set(found["fonts_before"])
    assert added and all(name.startswith("NC-") for name in added)
    assert set(found["fonts_before"]) <= set(found["fonts_after"])


def test_threads_write_the_same_bytes_as_one_thread() -> None:
    docs = [kitchen_sink(), model_fixture("seed"), model_fixture("unicode_robotics_bom"),
            model_fixture("manifesto_lists_quotes")]
    styles = ("default", "broadsheet")
    jobs = [(d, s) for d in docs for s in styles]

    def one(doc: Document, style: str) -> bytes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pdf.write(doc, options(style))

    expected = [one(d, s) for d, s in jobs]
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker(offset: int) -> None:
        barrier.wait()
        try:
            for i in range(offset, len(jobs) * 2, 4):
                results[i] = one(*jobs[i % len(jobs)])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert all(results[i] == expected[i % len(jobs)] for i in results) and len(results) == 16
