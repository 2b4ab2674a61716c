"""Batch conversion: corpus end to end, incremental re-runs, crashes, path safety, Dask."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from convert.batch import (
    ALL_FORMATS,
    MANIFEST_NAME,
    PARTS_NAME,
    check_relative_name,
    expand_inputs,
    output_name,
    output_stem,
    safe_output_path,
)
from convert.batch import batch as batch_fn
from convert.errors import EXIT_PARTIAL, OutputError, UsageError
from tests.support import CORPUS, ROOT, SHARED, corpus_cases, require

PY = str(ROOT / ".venv" / "bin" / "python")
SCHEMAS = SHARED / "schemas"
GOOD = corpus_cases()
BAD = corpus_cases(errors=True)


def _ready(fmt: str) -> bool:
    """A writer counts as present when its module imports and has ``write``."""
    import importlib

    from convert.registry import get_writer

    try:
        return callable(getattr(importlib.import_module(get_writer(fmt).module), "write", None))
    except ImportError:
        return False


FORMATS = tuple(f for f in ALL_FORMATS if _ready(f))
HAS_VALIDATOR = (ROOT / "convert" / "validate.py").exists() and SCHEMAS.is_dir()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["NEWSCONVERT_SCHEMA_DIR"] = str(SCHEMAS)
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


@pytest.fixture(autouse=True)
def _schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCONVERT_SCHEMA_DIR", str(SCHEMAS))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _copy_corpus(dest: Path, names: list[str] | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names if names is not None else GOOD + BAD:
        shutil.copy(CORPUS / f"{name}.txt", dest / f"{name}.txt")
    return dest


def _check_output(fmt: str, path: Path) -> None:
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


# --------------------------------------------------------------------------- the corpus, via the CLI


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One CLI run (a real subprocess) over the whole corpus, bad inputs included."""
    require(bool(GOOD) and bool(BAD), f"corpus missing at {CORPUS}")
    base = tmp_path_factory.mktemp("corpus_run")
    src = _copy_corpus(base / "in")
    out = base / "out"
    report = base / "report.json"
    cmd = [PY, "-m", "convert", "batch", str(src), "-d", str(out), "-t", ",".join(FORMATS),
           "-j", "2", "--report", str(report)]
    if HAS_VALIDATOR:
        cmd.append("--validate")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=300,
                          stdin=subprocess.DEVNULL, cwd=base)
    return {"proc": proc, "src": src, "out": out, "report": report}


def test_writers_for_every_format_are_present() -> None:
    missing = sorted(set(ALL_FORMATS) - set(FORMATS))
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


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_good_outputs_are_present_and_valid(corpus_run: dict, fmt: str) -> None:
    require(fmt in FORMATS, f"{fmt} writer not available")
    out = Path(corpus_run["out"])
    for n in GOOD:
        _check_output(fmt, out / output_name(f"{n}.txt", fmt))
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


# --------------------------------------------------------------------------- incremental


def test_changed_input_and_changed_options_are_reconverted(tmp_path: Path) -> None:
    names = GOOD[:3]
    src = _copy_corpus(tmp_path / "in", names)
    out = tmp_path / "out"
    fmts = ("newsml",)
    first = batch_fn(src, out, formats=fmts, jobs=1)
    assert first.converted == 3
    with contextlib.closing(sqlite3.connect(out / MANIFEST_NAME)) as db:
        (sha, source), = db.execute("SELECT sha256, source FROM inputs WHERE rel=?",
                                    (f"{names[0]}.txt",))
        (path, version, fingerprint), = db.execute(
            "SELECT path, version, fingerprint FROM outputs WHERE rel=? AND fmt='newsml'",
            (f"{names[0]}.txt",))
    assert len(sha) == 64 and source == str(src / f"{names[0]}.txt")
    assert path == f"{names[0]}.xml" and version and fingerprint

    changed = src / f"{names[1]}.txt"
    changed.write_bytes(changed.read_bytes() + b"\n\nOne more paragraph added later.\n")
    second = batch_fn(src, out, formats=fmts, jobs=1)
    assert [a.name for a in second.articles if a.status == "converted"] == [changed.name]
    assert second.skipped == 2

    touched = src / f"{names[0]}.txt"  # same bytes, new mtime: the hash says unchanged
    os.utime(touched, (time.time() + 100, time.time() + 100))
    assert batch_fn(src, out, formats=fmts, jobs=1).converted == 0

    assert batch_fn(src, out, formats=fmts, jobs=1, metadata={"source": "Wire"}).converted == 3
    assert batch_fn(src, out, formats=fmts, jobs=1, metadata={"source": "Wire"}).converted == 0
    assert batch_fn(src, out, formats=fmts, jobs=1, metadata={"source": "Wire"},
                    force=True).converted == 3
    (out / output_name(f"{names[2]}.txt", "newsml")).unlink()  # a deleted output is remade
    again = batch_fn(src, out, formats=fmts, jobs=1, metadata={"source": "Wire"})
    assert [a.name for a in again.articles if a.status == "converted"] == [f"{names[2]}.txt"]


def test_new_format_converts_only_that_format(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    batch_fn(src, out, formats="newsml", jobs=1)
    xml = out / output_name(f"{GOOD[0]}.txt", "newsml")
    stamp = xml.stat().st_mtime_ns
    other = [f for f in FORMATS if f != "newsml"][:1]
    require(bool(other), "needs a second writer")
    res = batch_fn(src, out, formats=("newsml", *other), jobs=1)
    assert res.converted == 2
    assert xml.stat().st_mtime_ns == stamp
    assert all(set(a.outputs) == {"newsml", *other} for a in res.articles)


# --------------------------------------------------------------------------- crashes


def test_failed_rename_leaves_no_partial_output_and_next_run_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    victim = output_name(f"{GOOD[0]}.txt", "newsml")
    real_replace = os.replace

    def failing_replace(a: str, b: str) -> None:
        if Path(b).name == Path(victim).name:
            raise OSError(5, "Input/output error")
        real_replace(a, b)

    monkeypatch.setattr(os, "replace", failing_replace)
    res = batch_fn(src, out, formats=("newsml",), jobs=1)
    assert res.failed == 1 and res.converted == 1
    bad = next(a for a in res.articles if a.status == "failed")
    assert "Input/output error" in (bad.error or "")
    assert not (out / victim).exists()
    assert not list(out.rglob("*.part"))

    monkeypatch.setattr(os, "replace", real_replace)
    res = batch_fn(src, out, formats=("newsml",), jobs=1)
    assert (res.converted, res.skipped, res.failed) == (1, 1, 0)
    _check_output("newsml", out / victim)


def test_killed_run_leaves_no_partial_output_and_next_run_completes(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:3])
    out = tmp_path / "out"
    victim = output_name(f"{GOOD[1]}.txt", "newsml")
    script = textwrap.dedent(f"""
        import os, signal
        real_replace = os.replace
        def replace(src, dst):
            if os.path.basename(dst) == {Path(victim).name!r}:
                os.kill(os.getpid(), signal.SIGKILL)  # dies before its write is committed
            real_replace(src, dst)
        os.replace = replace
        from convert.batch import batch
        batch([{str(src)!r}], {str(out)!r}, formats="newsml", jobs=1)
    """)
    proc = subprocess.run([PY, "-c", script], env=_env(), cwd=ROOT, timeout=120,
                          capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not (out / victim).exists()
    assert list((out / PARTS_NAME).rglob("*.part"))  # the corpse of the killed write

    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert res.failed == 0 and res.converted >= 1
    assert victim in [a.outputs.get("newsml") for a in res.articles if a.status == "converted"]
    _check_output("newsml", out / victim)
    assert not list(out.rglob("*.part"))


def test_worker_process_crash_fails_only_its_articles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import convert.batch
    import convert.registry

    src = _copy_corpus(tmp_path / "in", GOOD[:4])
    (src / "crash.txt").write_text("Crash me\n\nThis article kills its worker.\n", "utf-8")
    real_write = convert.registry.WriterSpec.write

    def write(self: object, doc: object, options: object) -> bytes:
        if doc.meta.headline == "Crash me":  # type: ignore[attr-defined]
            os._exit(7)
        return real_write(self, doc, options)  # type: ignore[arg-type]

    monkeypatch.setattr(convert.registry.WriterSpec, "write", write)
    monkeypatch.setattr(convert.batch, "MP_START_METHOD", "fork")  # children inherit the patch
    monkeypatch.setattr(convert.batch, "WINDOW_PER_WORKER", 1)
    res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=2)
    crashed = [a for a in res.articles if a.status == "failed"]
    # Articles in flight with the crash are run again, alone: only the culprit fails.
    assert [a.name for a in crashed] == ["crash.txt"], [(a.name, a.error) for a in res.articles]
    assert "worker process died" in (crashed[0].error or "")
    assert res.converted == 4
    monkeypatch.setattr(convert.registry.WriterSpec, "write", real_write)
    (src / "crash.txt").unlink()
    res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=2)
    assert res.failed == 0 and res.converted + res.skipped == 4, [a.error for a in res.articles]


def test_pool_that_keeps_dying_stops_the_run(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import convert.batch
    import convert.registry
    from convert.errors import NewsconvertError

    src = _copy_corpus(tmp_path / "in", GOOD[:6])

    def write(self: object, doc: object, options: object) -> bytes:
        if doc.meta.headline != "Warm-up":  # type: ignore[attr-defined]
            os._exit(7)  # every article kills its worker
        return b""

    monkeypatch.setattr(convert.registry.WriterSpec, "write", write)
    monkeypatch.setattr(convert.batch, "MP_START_METHOD", "fork")
    seen: list[str] = []
    with pytest.raises(NewsconvertError, match="keep dying"):
        batch_fn(src, tmp_path / "out", formats="newsml", jobs=2,
                 progress=lambda a: seen.append(a.status))
    assert seen and set(seen) == {"failed"}


def test_output_of_a_lost_result_is_still_ours_on_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker can write an output and die before its result comes back: the journal keeps it."""
    import convert.batch

    src = _copy_corpus(tmp_path / "in", GOOD[:3])
    out = tmp_path / "out"
    real_run_task = convert.batch.run_task
    lost = f"{GOOD[1]}.txt"

    def run_task(task: convert.batch.Task, config: object) -> convert.batch.ArticleResult:
        res = real_run_task(task, config)  # type: ignore[arg-type]
        return convert.batch._crash_result(task, OSError()) if task.rel == lost else res

    monkeypatch.setattr(convert.batch, "run_task", run_task)
    first = batch_fn(src, out, formats="newsml", jobs=1)
    assert [a.name for a in first.articles if a.status == "failed"] == [lost]
    written = output_name(lost, "newsml")
    assert (out / written).exists()  # on disk, unknown to the manifest
    assert _planned(out) == [written]  # kept as ours for the next run
    assert not (out / ".newsconvert-journal").exists()
    monkeypatch.setattr(convert.batch, "run_task", real_run_task)
    second = batch_fn(src, out, formats="newsml", jobs=1)
    assert second.failed == 0, [a.error for a in second.articles]
    assert [a.name for a in second.articles if a.status == "converted"] == [lost]
    assert not (out / ".newsconvert-journal").exists() and _planned(out) == []


def _planned(out: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(out / MANIFEST_NAME)) as db:
        return [r for (r,) in db.execute("SELECT path FROM planned ORDER BY path")]


def test_workers_fork_from_a_warm_parent_only_without_threads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import convert.batch

    monkeypatch.setattr(convert.batch, "MP_START_METHOD", None)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert convert.batch._start_method() == ("fork" if sys.platform == "linux" else "spawn")
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a host program's thread
    assert convert.batch._start_method() == "spawn"
    monkeypatch.setattr(convert.batch, "MP_START_METHOD", "forkserver")
    assert convert.batch._start_method() == "forkserver"


@pytest.mark.parametrize("host_thread", [False, True], ids=["fork", "spawn"])
def test_pool_works_with_either_start_method(tmp_path: Path, host_thread: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import convert.batch

    src = _copy_corpus(tmp_path / "in", GOOD[:3])
    used: list[str] = []
    real = convert.batch._start_method
    monkeypatch.setattr(convert.batch, "_start_method", lambda: used.append(real()) or used[-1])
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    if host_thread:
        thread.start()
    try:
        alone = threading.active_count() == 1 and sys.platform == "linux"
        res = batch_fn(src, tmp_path / "out", formats=("newsml", "epub"), jobs=2)
    finally:
        stop.set()
    assert used == ["fork" if alone else "spawn"]
    if host_thread:
        assert used == ["spawn"]
    assert (res.converted, res.failed) == (3, 0), [a.error for a in res.articles]
    for name in GOOD[:3]:
        _check_output("epub", tmp_path / "out" / f"{name}.epub")


def test_streamed_results_keep_counts_and_the_report_lists_everything(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:3] + BAD[:1])
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


def test_temp_files_go_to_a_private_folder_that_the_run_removes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    renamed: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(a: str, b: str) -> None:
        renamed.append((str(a), str(b)))
        real_replace(a, b)

    monkeypatch.setattr(os, "replace", spy)
    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert res.converted == 2
    mine = out.resolve() / PARTS_NAME / f"{socket.gethostname()}-{os.getpid()}"
    outputs = [(a, b) for a, b in renamed if b.endswith(".xml")]
    assert len(outputs) == 2 and all(Path(a).parent == mine for a, _ in outputs)
    assert not (out / PARTS_NAME).exists()  # removed at the end of the run
    # The next run in this process makes its folder again (the API, a long-lived Dask worker).
    again = batch_fn(src, out, formats="newsml", jobs=1, force=True)
    assert again.converted == 2 and not (out / PARTS_NAME).exists()


def test_planted_parts_symlink_is_removed_not_followed(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / PARTS_NAME).symlink_to(elsewhere, target_is_directory=True)
    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert res.converted == 2 and list(elsewhere.iterdir()) == []
    assert not (out / PARTS_NAME).exists()


def test_worker_writes_beside_the_output_when_its_folder_cannot_be_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import convert.batch as b

    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    real_replace = os.replace
    seen: list[str] = []

    def cross_device(a: str, c: str) -> None:  # OUTDIR spans two file systems
        seen.append(str(a))
        if PARTS_NAME in str(a):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(a, c)

    monkeypatch.setattr(os, "replace", cross_device)
    res = b.batch(src, out, formats="newsml", jobs=1)
    assert res.converted == 2, [a.error for a in res.articles]
    assert sum(PARTS_NAME not in s for s in seen) == 2  # the fallback wrote beside each output
    for a in res.articles:
        _check_output("newsml", out / a.outputs["newsml"])
    assert not list(out.rglob("*.part"))

    # A folder that cannot be made (a file in its place) means temp files beside the outputs.
    monkeypatch.setattr(os, "replace", real_replace)
    b._PARTS.clear()
    target = out / "x.xml"
    (out / PARTS_NAME).write_bytes(b"not a folder")
    b.write_output(target, b"<x/>", str(out))
    assert target.read_bytes() == b"<x/>" and (out / PARTS_NAME).is_file()
    b._PARTS.clear()


def _inode_flags(path: Path) -> int | None:
    """The folder's ext2/3/4 inode flags (what lsattr shows), or None where there are none."""
    import convert.batch as b

    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return b.inode_flags(fd)
    except OSError:
        return None
    finally:
        os.close(fd)


@pytest.mark.skipif(sys.platform != "linux", reason="inode flags are a Linux ioctl")
def test_parts_folder_spreads_worker_folders_over_block_groups(tmp_path: Path) -> None:
    """The parts root carries chattr +T, so ext4 puts each worker folder in a fresh group."""
    import convert.batch as b

    out = tmp_path / "out"
    out.mkdir()
    before = _inode_flags(out)
    if before is None:
        pytest.skip(f"the file system of {tmp_path} has no inode flags (not ext2/3/4)")
    b._PARTS.clear()
    try:
        mine = b.worker_parts_dir(str(out))
    finally:
        b._PARTS.clear()
    assert mine is not None and Path(mine).is_dir()
    flags = _inode_flags(out / PARTS_NAME)
    assert flags is not None and flags & b._FS_TOPDIR_FL, "chattr +T missing on the parts root"
    if shutil.which("lsattr"):  # e2fsprogs reads the flag independently
        shown = subprocess.run(["lsattr", "-d", str(out / PARTS_NAME)], capture_output=True,
                               text=True, check=True).stdout.split()[0]
        assert "T" in shown, shown
    assert _inode_flags(out) == before  # the user's output folder itself is left alone
    assert b.mark_top_of_hierarchy(str(out / PARTS_NAME))  # again: already set, still fine


@pytest.mark.skipif(sys.platform != "linux", reason="inode flags are a Linux ioctl")
def test_top_of_hierarchy_flag_is_optional_and_never_follows_symlinks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import fcntl

    import convert.batch as b

    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    flags = _inode_flags(real)
    assert not b.mark_top_of_hierarchy(str(link))  # O_NOFOLLOW: a symlink is refused
    assert _inode_flags(real) == flags
    assert not b.mark_top_of_hierarchy(str(tmp_path / "missing"))

    def unsupported(*_: object) -> None:  # tmpfs, XFS, btrfs, NFS: no such flag
        raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")

    monkeypatch.setattr(fcntl, "ioctl", unsupported)
    assert not b.mark_top_of_hierarchy(str(real))
    b._PARTS.clear()
    try:
        mine = b.worker_parts_dir(str(real))  # the folder is still used, just not spread
    finally:
        b._PARTS.clear()
    assert mine is not None and Path(mine).is_dir()


def test_report_inside_the_output_folder_survives_the_stale_part_cleanup(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    out.mkdir()
    (out / ".old.xml.123.part").write_bytes(b"left by a killed run")
    res = batch_fn(src, out, formats="newsml", jobs=1, report=out / "report.json")
    assert res.converted == 2 and not list(out.glob("*.part"))
    assert len(json.loads((out / "report.json").read_text("utf-8"))["articles"]) == 2


def test_manifest_failures_are_one_line_output_errors(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import convert.batch
    from convert.batch import Manifest

    class FullDisk:
        """The manifest's connection, failing at COMMIT as SQLite does on a full disk."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, sql: str, *args: object) -> object:
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return self.db.execute(sql, *args)

        def __getattr__(self, name: str) -> object:
            return getattr(self.db, name)

    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    real_open = Manifest._open

    def open_full(self: Manifest) -> object:
        return FullDisk(real_open(self))

    monkeypatch.setattr(Manifest, "_open", open_full)
    with pytest.raises(OutputError, match="cannot update the batch manifest: database or disk"):
        batch_fn(src, out, formats="newsml", jobs=1)
    monkeypatch.setattr(Manifest, "_open", real_open)
    res = batch_fn(src, out, formats="newsml", jobs=1)  # nothing recorded: done again, not foreign
    assert (res.converted, res.failed) == (2, 0), [a.error for a in res.articles]

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(convert.batch.sqlite3, "connect", refuse)
    with pytest.raises(OutputError, match="cannot open the batch manifest"):
        batch_fn(src, out, formats="newsml", jobs=1)
    assert not list(out.glob("*.damaged"))  # an unopenable manifest is not called damaged


def test_unwritable_report_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    with pytest.raises(UsageError, match="report"):
        batch_fn(src, tmp_path / "out", formats="newsml", jobs=1,
                 report=tmp_path / "no-such-folder" / "r.json")
    assert not list((tmp_path / "out").glob("*.xml"))


def test_damaged_manifest_is_set_aside_and_outputs_are_not_overwritten(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    assert batch_fn(src, out, formats="newsml", jobs=1).converted == 2
    before = {p.name: p.read_bytes() for p in out.glob("*.xml")}
    (out / MANIFEST_NAME).write_bytes(b"this is not an SQLite database" * 100)
    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert (out / f"{MANIFEST_NAME}.damaged").exists()
    assert res.failed == 2 and all("not written by newsconvert" in (a.error or "")
                                   for a in res.articles)
    assert {p.name: p.read_bytes() for p in out.glob("*.xml")} == before
    assert batch_fn(src, out, formats="newsml", jobs=1, force=True).converted == 2
    assert batch_fn(src, out, formats="newsml", jobs=1).skipped == 2


# --------------------------------------------------------------------------- path safety


@pytest.mark.parametrize("rel", ["", "..", "../x.txt", "a/../../x.txt", "/etc/passwd",
                                 "a//b.txt", "./a.txt", "a/\x00.txt"])
def test_escaping_names_are_rejected(rel: str) -> None:
    with pytest.raises(OutputError):
        check_relative_name(rel)


@pytest.mark.parametrize("rel", ["../x.txt", "/abs.txt", "a//b.txt", ""])
def test_output_names_refuse_escaping_names(rel: str) -> None:
    for name_of in (output_stem, lambda r: output_name(r, "pdf")):
        with pytest.raises(OutputError):
            name_of(rel)


def test_component_length_is_counted_in_utf8_bytes() -> None:
    check_relative_name("d/" + "a" * 255)  # 255 bytes: the usual NAME_MAX
    check_relative_name("é" * 127)  # 254 bytes
    for too_long in ("a" * 256, "d/" + "é" * 128, "名" * 86, "\U0001f4f0" * 64):
        with pytest.raises(OutputError, match="too long"):
            check_relative_name(too_long)
    check_relative_name("\U0001f4f0" * 63)  # 252 bytes, under the encoding shortcut


def test_output_names_come_from_the_relative_input_path() -> None:
    assert output_name("a/b/story.txt", "newsml") == "a/b/story.xml"
    assert output_name("story", "docx") == "story.docx"
    assert output_name("x.y.txt", "epub") == "x.y.epub"


@pytest.mark.parametrize("rel", ["a.txt", "a", ".a", ".a.txt", "a.", "a..", "dir.x/a",
                                 "dir.x/a.txt", "d/.hidden", "d/.h.txt", "a.b.c", "x/y/z.md",
                                 "über.txt", "名.txt", "a b.txt", "d.d/e.", "..a", "a...b"])
def test_output_names_follow_pathlib_suffix_rules(rel: str) -> None:
    from pathlib import PurePosixPath

    p = PurePosixPath(rel)
    for fmt, ext in (("docx", ".docx"), ("newsml", ".xml")):
        expected = (p.with_suffix(ext) if p.suffix else p.with_name(p.name + ext)).as_posix()
        assert output_name(rel, fmt) == expected


def test_symlinked_output_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="symlink"):
        safe_output_path(out, "sub/a.xml")
    assert safe_output_path(out, "ok/a.xml") == out.resolve() / "ok" / "a.xml"
    with pytest.raises(OutputError, match="symlink"):
        safe_output_path(out.resolve(), "sub/a.xml", resolved=True)
    assert safe_output_path(out.resolve(), "a.xml", resolved=True) == out.resolve() / "a.xml"
    link = tmp_path / "link-to-out"
    link.symlink_to(out, target_is_directory=True)
    assert safe_output_path(link, "a.xml") == out.resolve() / "a.xml"


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
    assert "collide" in (next(a for a in res.articles if a.status == "failed").error or "")


def test_usage_errors_raise_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown output format"):
        batch_fn(CORPUS, tmp_path / "o", formats="odt")
    with pytest.raises(UsageError):
        batch_fn(CORPUS, tmp_path / "o", formats="newsml", style="no-such-style")
    with pytest.raises(UsageError):
        batch_fn(CORPUS, tmp_path / "o", formats="newsml", metadata=["novalue"])
    assert not (tmp_path / "o" / MANIFEST_NAME).exists()


def test_api_is_reachable_as_convert_batch(tmp_path: Path) -> None:
    import convert
    from convert import batch

    src = _copy_corpus(tmp_path / "in", GOOD[:1])
    res = batch(src, tmp_path / "out", formats="newsml", jobs=1)
    assert res.converted == 1 and res.articles[0].outputs == {"newsml": f"{GOOD[0]}.xml"}
    assert convert.batch(src, tmp_path / "out", formats="newsml", jobs=1).skipped == 1


# --------------------------------------------------------------------------- CLI details


def test_cli_reads_paths_from_stdin_and_is_quiet(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", [GOOD[0], BAD[0]])
    listing = "".join(f"{p}\n" for p in sorted(src.iterdir()))
    proc = subprocess.run([PY, "-m", "convert", "batch", "-", "-d", str(tmp_path / "out"),
                           "-t", "newsml", "-q", "-j", "1"], input=listing, text=True,
                          capture_output=True, env=_env(), timeout=120, cwd=tmp_path)
    assert proc.returncode == EXIT_PARTIAL
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        line for line in proc.stderr.strip().splitlines() if line.startswith("newsconvert: ")]
    assert (tmp_path / "out" / f"{GOOD[0]}.xml").is_file()


def test_cli_all_good_exits_0(tmp_path: Path) -> None:
    src = _copy_corpus(tmp_path / "in", GOOD[:2])
    proc = subprocess.run([PY, "-m", "convert", "batch", str(src), "-d", str(tmp_path / "out"),
                           "-t", "newsml", "--newsml-body", "nitf", "-M", "source=Wire",
                           "-j", "1"], capture_output=True, text=True, env=_env(), timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("converted 2, skipped 0, failed 0")


def test_cli_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run([PY, "-m", "convert", "batch", str(CORPUS), "-d", str(tmp_path / "o"),
                           "-t", "odt"], capture_output=True, text=True, env=_env(), timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "unknown output format" in proc.stderr and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- Dask


def _dask_inputs(tmp_path: Path) -> Path:
    return _copy_corpus(tmp_path / "in", [*GOOD[:3], BAD[0]])


def _check_dask_result(res: object, out: Path) -> None:
    assert res.scheduler  # type: ignore[attr-defined]
    assert (res.converted, res.failed) == (3, 1)  # type: ignore[attr-defined]
    for a in res.articles:  # type: ignore[attr-defined]
        for fmt, rel in a.outputs.items():
            _check_output(fmt, out / rel)


def test_dask_local_cluster_end_to_end(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    src = _dask_inputs(tmp_path)
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        res = batch_fn(src, out, formats=FORMATS, scheduler=cluster.scheduler_address,
                       validate=HAS_VALIDATOR)
    _check_dask_result(res, out)
    again = batch_fn(src, out, formats=FORMATS, jobs=1, validate=HAS_VALIDATOR)
    assert again.converted == 0 and again.skipped == 3  # same manifest, whatever the executor


def _wait_for_file(path: Path, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() or path.stat().st_size == 0:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"dask scheduler did not start (rc={proc.poll()})")
        time.sleep(0.1)


def test_dask_scheduler_and_worker_subprocesses_via_cli(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    dask_bin = ROOT / ".venv" / "bin" / "dask"
    require(dask_bin.exists(), "dask command not installed in .venv")
    src = _dask_inputs(tmp_path)
    out = tmp_path / "out"
    sched_file = tmp_path / "scheduler.json"
    env = _env()
    procs: list[subprocess.Popen] = []
    try:
        procs.append(subprocess.Popen(
            [str(dask_bin), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(sched_file)],
            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        _wait_for_file(sched_file, procs[0], 60)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        procs.append(subprocess.Popen(
            [str(dask_bin), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
             "--nworkers", "1", "--no-dashboard"],
            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        report = tmp_path / "report.json"
        proc = subprocess.run([PY, "-m", "convert", "batch", str(src), "-d", str(out),
                               "-t", ",".join(FORMATS), "--scheduler", address,
                               "--report", str(report)],
                              capture_output=True, text=True, env=env, timeout=240,
                              stdin=subprocess.DEVNULL)
        assert proc.returncode == EXIT_PARTIAL, proc.stderr
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["scheduler"] == address
        assert data["summary"]["converted"] == 3 and data["summary"]["failed"] == 1
        for a in data["articles"]:
            for fmt, rel in a["outputs"].items():
                _check_output(fmt, out / rel)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)


def test_dask_unreachable_scheduler_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    import socket

    import convert.batch

    monkeypatch.setattr(convert.batch, "DASK_CONNECT_TIMEOUT", "2s")
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(UsageError, match="cannot connect"):
        batch_fn(_dask_inputs(tmp_path), tmp_path / "out", formats="newsml",
                 scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - start < 30


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))


def test_existing_foreign_output_is_not_overwritten_without_force(tmp_path):
    """Issue 8: a file batch did not write is never silently replaced."""
    from convert.batch import batch as run

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"precious")
    res = run([str(src)], out, formats=["docx", "newsml"], jobs=1)
    assert res.exit_code == 6 and res.articles[0].status == "failed"
    assert "a.docx already exists and was not written by newsconvert" in res.articles[0].error
    assert (out / "a.docx").read_bytes() == b"precious"
    res = run([str(src)], out, formats=["docx", "newsml"], jobs=1, force=True)
    assert res.exit_code == 0 and (out / "a.docx").read_bytes()[:2] == b"PK"
    res = run([str(src)], out, formats=["docx", "newsml"], jobs=1)
    assert [a.status for a in res.articles] == ["skipped"]
