"""A conversion imports only what it uses (issue #19: latency): modules a format does not need stay out.

Checked in a fresh interpreter, on the seed, through the command line's own entry point. Times are
measured in ``benchmarks/bench_latency.py``; this guards the imports that made them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from convert.cli import GC_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent
SEED = next(iter(sorted((ROOT / "seeds").glob("*.txt"))))

_PROBE = """
import json, sys
from convert.cli.group import main
try:
    main(["convert", sys.argv[1], "-o", sys.argv[2]], prog_name="newsconvert")
except SystemExit as exc:
    assert not exc.code, exc.code
# the rare patterns (textutil.lazy_pattern) this article compiled
lazy = sorted(f"{name}.{attr}" for name, module in list(sys.modules.items())
              if name.startswith("convert.") for attr, value in vars(module).items()
              if isinstance(getattr(value, "lazy_pattern", None), str)
              and value.cache_info().currsize)
print(json.dumps(lazy))
print(json.dumps(sorted(sys.modules)))
"""

#: Never needed to convert a plain-text article: each cost milliseconds of every start.
#: ``dataclasses``: the value types are msgspec Structs; a frozen dataclass compiles six methods
#: when its module is imported (0.35 ms a class, 24 ms of the NewsML-G2 run with 58 classes).
#: ``tomllib``: TOML is parsed by rtoml (``convert.tomldata``), ten times faster.
NEVER = ("xml.sax.saxutils", "urllib.request", "http.client", "ssl", "email.utils",
         "importlib.resources", "importlib.metadata", "subprocess", "py3langid", "dataclasses",
         "tomllib")


def _modules(tmp_path: Path, ext: str) -> set[str]:
    out = tmp_path / f"seed{ext}"
    done = subprocess.run([sys.executable, "-c", _PROBE, str(SEED), str(out)],
                          capture_output=True, text=True, check=False,
                          env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin",
                               "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
                               "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0
    assert json.loads(done.stdout.splitlines()[-2]) == [], "a plain-text article compiled a rare pattern"
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("ext", [".xml", ".docx", ".epub"])
def test_text_to_xml_docx_epub_imports_no_pdf_stack(tmp_path: Path, ext: str) -> None:
    loaded = _modules(tmp_path, ext)
    assert not {m for m in loaded if m.split(".")[0] in ("reportlab", "uharfbuzz", "PIL", "fontpkg")}
    assert not loaded & set(NEVER)
    assert ext != ".xml" or "zipfile" not in loaded  # DOCX and EPUB are zips
    # fontTools' subsetter is for embedded fonts, which a DOCX has only with embed_fonts
    assert ext != ".docx" or not loaded & {"convert.fontsubset", "fontTools.subset"}


def test_text_to_pdf_imports_no_network_or_mail_modules(tmp_path: Path) -> None:
    _modules(tmp_path, ".pdf")  # the first run makes the static font copies (fontTools, lxml)
    loaded = _modules(tmp_path, ".pdf")  # as every later run: the copies come from the cache
    assert "reportlab.platypus" in loaded
    assert not loaded & {"xml.sax.saxutils", "urllib.request", "http.client", "ssl", "subprocess"}
    assert not {m for m in loaded if m.split(".")[0] == "lxml"}  # no XHTML in a PDF
    # The house fonts' files come from the font cache's fontpkg answers: no entry-point scan.
    assert not {m for m in loaded if m.split(".")[0] == "fontpkg"}
    assert "importlib.metadata" not in loaded


def test_the_command_exits_with_its_code_after_freezing(tmp_path: Path) -> None:
    """``run`` (the console script) keeps main's exit codes; it only skips the final collection."""
    ok = subprocess.run([sys.executable, "-m", "convert", "convert", str(SEED), "-o",
                         str(tmp_path / "a.xml")], capture_output=True, check=False)
    assert ok.returncode == 0 and (tmp_path / "a.xml").stat().st_size > 0
    bad = subprocess.run([sys.executable, "-m", "convert", "convert", str(tmp_path / "none.txt"),
                          "-o", str(tmp_path / "none.xml")],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 3 and bad.stderr.count("\n") == 1 and "none.txt" in bad.stderr
    probe = ("import gc, sys\nfrom convert.cli import run\nsys.argv = ['newsconvert', '--version']\n"
             "try:\n    run()\nexcept SystemExit as e:\n"
             "    print(e.code, gc.get_freeze_count() > 0, gc.get_threshold()[0])\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-3:] == ["0", "True", str(GC_THRESHOLD)]


def test_the_quick_exit_flushes_the_streams_and_keeps_the_status(tmp_path: Path) -> None:
    """``run`` ends the process from the last atexit handler: what went to a pipe arrives whole."""
    out = tmp_path / "a.xml"
    command = [sys.executable, "-m", "convert", "convert", str(SEED)]
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run([*command, "-o", str(out)], check=True, env=env)
    piped = subprocess.run([*command, "-t", "newsml"], capture_output=True, check=True, env=env)
    assert piped.stdout == out.read_bytes() and len(piped.stdout) > 4000
    parsed = subprocess.run([sys.executable, "-m", "convert", "parse", str(SEED)],
                            capture_output=True, text=True, check=True, env=env)
    assert parsed.stdout.startswith("headline: ") and parsed.stdout.endswith("\n")
    usage = subprocess.run([*command, "-o", str(out), "-t", "docx"], capture_output=True,
                           text=True, check=False, env=env)
    assert usage.returncode == 2 and usage.stderr.count("\n") == 1


@pytest.mark.parametrize("ending", ["exit", "crash"])
def test_atexit_handlers_of_the_run_still_run(tmp_path: Path, ending: str) -> None:
    """A handler registered during the run (a library's) runs before the quick exit; after an
    uncaught exception Python exits as usual (traceback, status 1)."""
    marker = tmp_path / "handler-ran"
    probe = (
        "import atexit, sys\nimport convert.cli as cli\nreal = cli._group\n"
        "def group():\n"
        f"    atexit.register(lambda: open({str(marker)!r}, 'w').close())\n"
        + ("    raise RuntimeError('boom')\n" if ending == "crash" else "    return real()\n")
        + "cli._group = group\nsys.argv = ['newsconvert', '--version']\ncli.run()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert marker.exists()
    if ending == "exit":
        assert done.returncode == 0 and done.stdout.startswith("newsconvert, version")
    else:
        assert done.returncode == 1 and "RuntimeError: boom" in done.stderr


def test_importing_the_command_line_leaves_the_collector_and_click_alone() -> None:
    """Only ``run`` (a process of its own) raises the threshold; ``main`` is the group, however
    the package was entered."""
    probe = ("import gc, sys\nbefore = gc.get_threshold()\nimport convert.cli\n"
             "print('click' in sys.modules, gc.get_threshold() == before)\n"
             "import convert.cli.convert\nfrom convert.cli import main\n"
             "print(type(main).__name__, gc.get_threshold() == before)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "NewsGroup", "True"]


def test_the_group_called_from_python_freezes_nothing(tmp_path: Path) -> None:
    import gc

    from click.testing import CliRunner

    from convert.cli import main

    before = gc.get_freeze_count()
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(tmp_path / "b.xml")])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() == before
