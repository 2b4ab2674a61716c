"""The manifest: incremental re-runs, foreign files, lost results, damaged or failing databases."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

import pytest

import convert.batching.executors as executors
import convert.batching.manifest as manifest_module
from convert.batching import MANIFEST_NAME, Manifest, output_name
from convert.batching import batch as batch_fn
from convert.batching.config import JOURNAL_NAME, Task
from convert.batching.results import ArticleResult
from convert.errors import OutputError
from tests.batching.helpers import FORMATS, GOOD, copy_corpus
from tests.support import require


def _planned(out: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(out / MANIFEST_NAME)) as db:
        return [r for (r,) in db.execute("SELECT path FROM planned ORDER BY path")]


def test_changed_input_and_changed_options_are_reconverted(tmp_path: Path) -> None:
    names = GOOD[:3]
    src = copy_corpus(tmp_path / "in", names)
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
    src = copy_corpus(tmp_path / "in", GOOD[:2])
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


def test_output_of_a_lost_result_is_still_ours_on_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker can write an output and die before its result comes back: the journal keeps it."""
    src = copy_corpus(tmp_path / "in", GOOD[:3])
    out = tmp_path / "out"
    real_run_task = executors.run_task
    lost = f"{GOOD[1]}.txt"

    def run_task(task: Task, config: object) -> ArticleResult:
        res = real_run_task(task, config)  # type: ignore[arg-type]
        return executors.crash_result(task, OSError()) if task.rel == lost else res

    monkeypatch.setattr(executors, "run_task", run_task)
    first = batch_fn(src, out, formats="newsml", jobs=1)
    assert [a.name for a in first.articles if a.status == "failed"] == [lost]
    written = output_name(lost, "newsml")
    assert (out / written).exists()  # on disk, unknown to the manifest
    assert _planned(out) == [written]  # kept as ours for the next run
    assert not (out / JOURNAL_NAME).exists()
    monkeypatch.setattr(executors, "run_task", real_run_task)
    second = batch_fn(src, out, formats="newsml", jobs=1)
    assert second.failed == 0, [a.error for a in second.articles]
    assert [a.name for a in second.articles if a.status == "converted"] == [lost]
    assert not (out / JOURNAL_NAME).exists() and _planned(out) == []


def test_a_killed_runs_journal_is_adopted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / JOURNAL_NAME).write_text("a.xml\nsub/b.pdf\n\n", encoding="utf-8")
    manifest = Manifest(out)
    try:
        assert not (out / JOURNAL_NAME).exists()
        (out / "a.xml").write_bytes(b"left by the killed run")
        (out / "c.xml").write_bytes(b"somebody else's")
        assert manifest.foreign_outputs("a.txt", ["newsml"], out) == []
        assert manifest.foreign_outputs("c.txt", ["newsml"], out) == ["c.xml"]
        assert manifest.claim_stem("a", "/in/a.txt") is None
        assert manifest.claim_stem("a", "/in/a.md") == "/in/a.txt"
        manifest.close_journal(finished=True)  # sub/b.pdf is gone: forgotten; a.xml kept
    finally:
        manifest.close()
    assert _planned(out) == ["a.xml"]


def test_manifest_failures_are_one_line_output_errors(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
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

    src = copy_corpus(tmp_path / "in", GOOD[:2])
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

    monkeypatch.setattr(manifest_module.sqlite3, "connect", refuse)
    with pytest.raises(OutputError, match="cannot open the batch manifest"):
        batch_fn(src, out, formats="newsml", jobs=1)
    assert not list(out.glob("*.damaged"))  # an unopenable manifest is not called damaged


def test_damaged_manifest_is_set_aside_and_outputs_are_not_overwritten(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
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


def test_existing_foreign_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    """Issue 8: a file batch did not write is never silently replaced."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"precious")
    res = batch_fn([str(src)], out, formats=["docx", "newsml"], jobs=1)
    assert res.exit_code == 6 and res.articles[0].status == "failed"
    assert res.articles[0].error == ("a.docx already exists and was not written by newsconvert; "
                                     "not overwritten (use --force to replace)")
    assert (out / "a.docx").read_bytes() == b"precious"
    res = batch_fn([str(src)], out, formats=["docx", "newsml"], jobs=1, force=True)
    assert res.exit_code == 0 and (out / "a.docx").read_bytes()[:2] == b"PK"
    res = batch_fn([str(src)], out, formats=["docx", "newsml"], jobs=1)
    assert [a.status for a in res.articles] == ["skipped"]
