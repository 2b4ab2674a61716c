"""batch(): the corpus end to end, streamed results, usage errors, plug-ins, convert.batch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from convert.batching import MANIFEST_NAME, expand_inputs, output_name
from convert.batching import batch as batch_fn
from convert.errors import EXIT_PARTIAL, OutputError, UsageError
from tests.batching.helpers import (
    BAD,
    BUILTIN_FORMATS,
    FORMATS,
    GOOD,
    HAS_VALIDATOR,
    PY,
    check_output,
    copy_corpus,
    env,
)
from tests.support import CORPUS, require

# --------------------------------------------------------------------------- the corpus, via the CLI


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One CLI run (a real subprocess) over the whole corpus, bad inputs included."""
    require(bool(GOOD) and bool(BAD), f"corpus missing at {CORPUS}")
    base = tmp_path_factory.mktemp("corpus_run")
    src = copy_corpus(base / "in")
    out = base / "out"
    report = base / "report.json"
    cmd = [PY, "-m", "convert", "batch", str(src), "-d", str(out), "-t", ",".join(FORMATS),
           "-j", "2", "--report", str(report)]
    if HAS_VALIDATOR:
        cmd.append("--validate")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env(), timeout=300,
                          stdin=subprocess.DEVNULL, cwd=base)
    return {"proc": proc, "src": src, "out": out, "report": report}


def test_writers_for_every_format_are_present() -> None:
    missing = sorted(set(BUILTIN_FORMATS) - set(FORMATS))
    require(not missing, f"writers not available yet: {missing}")


def test_cli_exits_6_and_prints_failures_and_summary(corpus_run: dict) -> None:
    proc = corpus_run["proc"]
    assert proc.returncode == EXIT_PARTIAL, proc.stderr
    for name in BAD:
        assert f"{name}.txt:" in proc.stderr
    summary = proc.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"converted {len(GOOD)}, skipped 0, failed {len(BAD)} in ")
    assert "articles/s" in summary
    assert "\r" not in proc.stderr  # no progress bar when stderr is not a terminal


def test_report_lists_every_input_with_status_outputs_timings_error(corpus_run: dict) -> None:
    report = json.loads(Path(corpus_run["report"]).read_text(encoding="utf-8"))
    assert report["summary"]["converted"] == len(GOOD)
    assert report["summary"]["failed"] == len(BAD)
    by_name = {a["name"]: a for a in report["articles"]}
    assert set(by_name) == {f"{n}.txt" for n in GOOD + BAD}
    for n in BAD:
        a = by_name[f"{n}.txt"]
        assert a["status"] == "failed" and a["error"] and not a["outputs"]
    for n in GOOD:
        a = by_name[f"{n}.txt"]
        assert a["status"] == "converted", a["error"]
        assert a["error"] is None
        assert set(a["outputs"]) == set(FORMATS)
        assert set(a["timings_ms"]) >= {"read", "write", "total", *FORMATS}


@pytest.mark.parametrize("fmt", BUILTIN_FORMATS)
def test_good_outputs_are_present_and_valid(corpus_run: dict, fmt: str) -> None:
    require(fmt in FORMATS, f"{fmt} writer not available")
    out = Path(corpus_run["out"])
    for n in GOOD:
        check_output(fmt, out / output_name(f"{n}.txt", fmt))
    for n in BAD:
        assert not (out / output_name(f"{n}.txt", fmt)).exists()
    assert not list(out.rglob("*.part"))


def test_rerun_converts_nothing_and_keeps_outputs(corpus_run: dict) -> None:
    out = Path(corpus_run["out"])
    before = {p: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")}
    res = batch_fn([corpus_run["src"]], out, formats=FORMATS, jobs=2, validate=HAS_VALIDATOR)
    assert (res.converted, res.skipped, res.failed) == (0, len(GOOD), len(BAD))
    assert res.exit_code == EXIT_PARTIAL
    after = {p: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")}
    assert before == after
    for a in res.articles:
        if a.status == "skipped":
            assert set(a.outputs) == set(FORMATS)


# --------------------------------------------------------------------------- results and report


def test_streamed_results_keep_counts_and_the_report_lists_everything(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:3] + BAD[:1])
    seen: list[str] = []
    res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=1, keep_results=False,
                   report=tmp_path / "r.json", progress=lambda a: seen.append(a.name))
    assert res.articles == [] and (res.converted, res.failed, res.total) == (3, 1, 4)
    assert res.exit_code == EXIT_PARTIAL and len(seen) == 4
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert sorted(a["name"] for a in report["articles"]) == sorted(seen)
    assert report["summary"]["converted"] == 3 and report["summary"]["failed"] == 1
    assert report["formats"] == ["newsml"] and report["jobs"] == 1
    assert not list(tmp_path.glob(".r.json.*"))  # the temp file was renamed into place
    again = batch_fn(src, tmp_path / "out", formats="newsml", jobs=1, keep_results=False)
    assert (again.skipped, again.failed) == (3, 1)


def test_report_inside_the_output_folder_survives_the_stale_part_cleanup(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    out.mkdir()
    (out / ".old.xml.123.part").write_bytes(b"left by a killed run")
    res = batch_fn(src, out, formats="newsml", jobs=1, report=out / "report.json")
    assert res.converted == 2 and not list(out.glob("*.part"))
    assert len(json.loads((out / "report.json").read_text("utf-8"))["articles"]) == 2


def test_unwritable_report_is_an_output_error_before_any_work(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
    with pytest.raises(OutputError, match="report"):
        batch_fn(src, tmp_path / "out", formats="newsml", jobs=1,
                 report=tmp_path / "no-such-folder" / "r.json")
    assert not list((tmp_path / "out").glob("*.xml"))


# --------------------------------------------------------------------------- inputs and names


def test_batch_never_writes_outside_outdir(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    shutil.copy(CORPUS / f"{GOOD[0]}.txt", secret)
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(CORPUS / f"{GOOD[1]}.txt", src / "sub" / "story.txt")
    (src / "leak.txt").symlink_to(secret)  # a symlink out of the input tree
    (src / "linkdir").symlink_to(outside, target_is_directory=True)  # not descended
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)  # planted in the output folder
    cwd_inputs = ["../outside/secret.txt"]  # stdin path with .. : named by its file name only

    res = batch_fn([str(src), "-"], out, formats="newsml", jobs=1,
                   stdin=[str(outside / "secret.txt") + "\n"])
    by = {a.name: a for a in res.articles}
    assert by["leak.txt"].status == "failed" and "outside" in (by["leak.txt"].error or "")
    assert by["sub/story.txt"].status == "failed" and "symlink" in (by["sub/story.txt"].error or "")
    assert by["secret.txt"].status == "converted"
    assert (out / "secret.xml").is_file()
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert not any("linkdir" in a.name for a in res.articles)
    assert [i.rel for i in expand_inputs(cwd_inputs)] == ["secret.txt"]


def test_colliding_output_names_fail_the_second_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / f"{GOOD[0]}.txt", src / "same.txt")
    shutil.copy(CORPUS / f"{GOOD[1]}.txt", src / "same.text")
    res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=1, globs=("*.txt", "*.text"))
    assert sorted(a.status for a in res.articles) == ["converted", "failed"]
    failed = next(a for a in res.articles if a.status == "failed")
    assert failed.error == f"output names collide with {src.resolve() / 'same.text'}"


# --------------------------------------------------------------------------- options


def test_usage_errors_raise_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown output format"):
        batch_fn(CORPUS, tmp_path / "o", formats="odt")
    with pytest.raises(UsageError, match="no output format given"):
        batch_fn(CORPUS, tmp_path / "o", formats=" , ")
    with pytest.raises(UsageError):
        batch_fn(CORPUS, tmp_path / "o", formats="newsml", style="no-such-style")
    with pytest.raises(UsageError):
        batch_fn(CORPUS, tmp_path / "o", formats="newsml", metadata=["novalue"])
    with pytest.raises(UsageError, match="--newsml-body must be xhtml or nitf"):
        batch_fn(CORPUS, tmp_path / "o", formats="newsml", newsml_body="html")
    with pytest.raises(UsageError, match="unknown input format"):
        batch_fn(CORPUS, tmp_path / "o", formats="newsml", reader="rtf")
    assert not (tmp_path / "o" / MANIFEST_NAME).exists()


def test_api_is_reachable_as_convert_batch(tmp_path: Path) -> None:
    """``convert.batch`` is the function itself (no callable-module trick), lazily imported."""
    import convert
    import convert.batching.api
    from convert import batch

    assert batch is convert.batch is convert.batching.api.batch is batch_fn
    assert callable(batch) and batch.__module__ == "convert.batching.api"
    src = copy_corpus(tmp_path / "in", GOOD[:1])
    res = batch(src, tmp_path / "out", formats="newsml", jobs=1)
    assert res.converted == 1 and res.articles[0].outputs == {"newsml": f"{GOOD[0]}.xml"}
    assert convert.batch(src, tmp_path / "out", formats="newsml", jobs=1).skipped == 1


def test_convert_batch_in_a_fresh_interpreter() -> None:
    """The lazy attribute also works before anything imported the package's modules."""
    code = ("import convert, sys; f = convert.batch; "
            "assert f.__module__ == 'convert.batching.api', f; "
            "assert 'convert.batch' not in sys.modules; print('ok')")
    proc = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env(), timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


PLUGIN = '''
"""A plug-in writer: the article's headline as a text file."""

from convert.registry import WriterSpec

SPEC = WriterSpec("headline", (".headline",), "text/plain", "newsconvert_test_plugin",
                  "headline only (a test plug-in)")


def write(doc, options):
    return doc.meta.headline.encode("utf-8") + b"\\n"
'''


@pytest.fixture
def plugin_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A writer registered through the ``newsconvert.writers`` entry-point group."""
    import convert.registry as registry

    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "newsconvert_test_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    ep = EntryPoint(name="headline", value="newsconvert_test_plugin:SPEC",
                    group="newsconvert.writers")
    real = registry.entry_points

    def entry_points(*, group: str) -> list[EntryPoint]:
        return [ep] if group == "newsconvert.writers" else list(real(group=group))

    monkeypatch.setattr(registry, "entry_points", entry_points)
    registry.writers.cache_clear()
    yield "headline"
    monkeypatch.undo()
    registry.writers.cache_clear()
    sys.modules.pop("newsconvert_test_plugin", None)


def test_all_formats_include_plug_in_writers(tmp_path: Path, plugin_writer: str) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:1])
    res = batch_fn(src, tmp_path / "out", formats="all", jobs=1)
    assert res.formats == (*BUILTIN_FORMATS, plugin_writer)
    (article,) = res.articles
    assert article.status == "converted", article.error
    made = tmp_path / "out" / f"{GOOD[0]}.headline"
    assert article.outputs[plugin_writer] == made.name
    assert made.read_bytes().strip() and made.read_bytes().endswith(b"\n")
