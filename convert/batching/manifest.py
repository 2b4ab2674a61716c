"""The batch manifest: which outputs in OUTDIR were made from which input bytes, options, version."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutputError
from ..fsutil import write_error
from .config import JOURNAL_NAME, MANIFEST_NAME
from .outputs import output_name
from .results import ArticleResult

#: Bumped when the tables change; a manifest of another version is set aside as damaged.
_MANIFEST_VERSION = 1
_MANIFEST_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS inputs (
    rel TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT, size INTEGER, mtime_ns INTEGER);
CREATE TABLE IF NOT EXISTS outputs (
    rel TEXT NOT NULL, fmt TEXT NOT NULL, path TEXT NOT NULL, input_sha256 TEXT,
    fingerprint TEXT, version TEXT, size INTEGER, validated INTEGER,
    PRIMARY KEY (rel, fmt));
CREATE INDEX IF NOT EXISTS outputs_path ON outputs (path);
CREATE TABLE IF NOT EXISTS planned (path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS warnings (rel TEXT PRIMARY KEY, messages TEXT NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS seen (stem TEXT PRIMARY KEY, path TEXT);
CREATE INDEX IF NOT EXISTS temp.seen_path ON seen (path);
"""


class Manifest:
    """Which outputs in the folder were made from which input bytes, options and version.

    An SQLite database in the output folder (stdlib ``sqlite3``), so a run's memory and its
    per-article cost stay flat however large the archive: each lookup and update touches one
    input's rows, where a JSON manifest would be held whole in memory (~3 kB per input) and
    rewritten whole at every save (1.5 s at 100,000 inputs). Only the run's main thread uses it.

    Tables: ``inputs`` (one row per input: source path, SHA-256, size, mtime), ``outputs`` (one
    row per input and format: path, input SHA-256, options fingerprint, version, size,
    validated), ``planned`` (outputs a killed or crashed run may have written without recording
    them; they are ours, not foreign files), ``warnings`` (per input, what the reader and the
    writers warned when its outputs were made: a run that skips the input repeats them; added
    after schema 1 was released, so older manifests simply gain the table) and, per run, a
    temporary ``seen`` table of output stems and input paths (two inputs must not write the
    same outputs; an input not seen whose file is gone has orphaned outputs).
    """

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / MANIFEST_NAME
        self.journal = outdir / JOURNAL_NAME
        self.outdir = outdir
        self.db = self._open()
        self._journal_fd: int | None = None
        #: outputs handed to a worker whose result has not come back (a crashed worker's
        #: outputs may exist on disk without the manifest knowing them); flat for a healthy run
        self.unconfirmed: set[str] = set()
        #: results recorded since the last commit
        self.dirty = False
        self._adopt_journal()

    def _open(self) -> sqlite3.Connection:
        """Open (or create) the database; an unreadable one is set aside and started afresh.

        Starting afresh converts everything again; outputs already in the folder then count as
        foreign until ``--force``, as when a manifest is missing (nothing is overwritten on a
        guess). The old files stay beside it as ``*.damaged`` for inspection.
        """
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:  # locked, unreadable folder, disk full: not ours
            raise OutputError(f"cannot open the batch manifest: {exc}",
                              path=str(self.path)) from None
        except sqlite3.DatabaseError:  # not a database, malformed, other schema version
            for suffix in ("", "-wal"):
                with contextlib.suppress(OSError):
                    os.replace(f"{self.path}{suffix}", f"{self.path}.damaged{suffix}")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)  # transactions: BEGIN/COMMIT here
        try:
            # One connection per run (the folder is locked): exclusive locking lets WAL keep its
            # index in memory, with no shared-memory file, so it also works on network shares.
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("PRAGMA trusted_schema=OFF")  # no functions run from a planted schema
            db.execute("PRAGMA journal_mode=WAL")  # commits append; no fsync per commit
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_MANIFEST_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(_MANIFEST_VERSION),))
            elif row[0] != str(_MANIFEST_VERSION):
                raise sqlite3.DatabaseError(f"manifest schema {row[0]}, expected "
                                            f"{_MANIFEST_VERSION}")
            db.execute("BEGIN")
        except BaseException:
            db.close()
            raise
        return db

    def _adopt_journal(self) -> None:
        """A killed run's intent journal: its outputs are ours; move them into ``planned``."""
        try:
            fh = open(self.journal, encoding="utf-8", errors="replace")
        except OSError:
            return
        with fh, self._errors():
            for chunk in iter(lambda: list(itertools.islice(fh, 10_000)), []):
                self.db.executemany("INSERT OR IGNORE INTO planned VALUES (?)",
                                    [(line.rstrip("\n"),) for line in chunk if line.strip()])
        self._commit()
        with contextlib.suppress(OSError):
            self.journal.unlink()

    def note_planned(self, rel_outs: Sequence[str]) -> None:
        """Intent log: append the outputs a task will write before it is handed to a worker.

        One open file for the run and one short O_APPEND write per article (no fsync, no
        database commit), so a run killed at any point leaves no output of ours that the next
        run would take for somebody else's.
        """
        try:
            if self._journal_fd is None:
                self._journal_fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT
                                           | getattr(os, "O_CLOEXEC", 0), 0o644)
            os.write(self._journal_fd, "".join(r + "\n" for r in rel_outs).encode("utf-8"))
        except OSError as exc:
            raise write_error(exc, self.journal) from None
        self.unconfirmed.update(rel_outs)

    def claim_stem(self, stem: str, path: str) -> str | None:
        """Register an input's output stem for this run; the earlier input's path on a clash."""
        row = self.db.execute("SELECT path FROM seen WHERE stem=?", (stem,)).fetchone()
        if row is not None:
            return str(row[0])
        self.db.execute("INSERT INTO seen VALUES (?, ?)", (stem, path))
        return None

    def close_journal(self, *, finished: bool) -> None:
        """Close the journal; after a finished run keep only outputs the manifest does not cover.

        An output is unaccounted for when its task's result never came back (the worker died
        after writing it) or when an earlier killed run wrote it and this run did not redo it.
        Such files stay in ``planned``, so the next run overwrites them instead of calling them
        foreign. An unfinished run (exception, Ctrl-C) leaves the journal for the next run.
        """
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None
        if not finished:
            return
        db = self.db
        with self._errors():
            db.executemany("INSERT OR IGNORE INTO planned VALUES (?)",
                           [(r,) for r in self.unconfirmed])
            db.execute("DELETE FROM planned WHERE path IN (SELECT path FROM outputs)")
            gone = [(r,) for (r,) in db.execute("SELECT path FROM planned")
                    if not os.path.lexists(self.outdir / r)]
            db.executemany("DELETE FROM planned WHERE path=?", gone)
        self._commit()
        self.unconfirmed.clear()
        with contextlib.suppress(OSError):
            self.journal.unlink()

    @staticmethod
    def _input_sha(path: str, recorded: tuple[str, int, int]) -> str | None:
        """The input's sha256, trusting the recorded one when size and mtime are unchanged."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        if (recorded[1], recorded[2]) == (st.st_size, st.st_mtime_ns):
            return recorded[0]
        h = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            return None
        return h.hexdigest()

    def _outputs(self, rel: str) -> dict[str, dict[str, Any]]:
        return {fmt: {"path": path, "input_sha256": sha, "fingerprint": fp, "version": ver,
                      "size": size, "validated": bool(val)}
                for fmt, path, sha, fp, ver, size, val in self.db.execute(
                    "SELECT fmt, path, input_sha256, fingerprint, version, size, validated "
                    "FROM outputs WHERE rel=?", (rel,))}

    def foreign_outputs(self, rel: str, formats: Sequence[str], outdir: Path) -> list[str]:
        """Outputs that exist on disk but that no earlier run recorded for this input.

        Somebody else's file of the same name (or an output of a run whose manifest was lost):
        batch never overwrites those silently.
        """
        found = []
        recorded = None
        for fmt in formats:
            rel_out = output_name(rel, fmt)
            if not os.path.lexists(os.path.join(outdir, rel_out)):
                continue
            if recorded is None:
                recorded = {f: o["path"] for f, o in self._outputs(rel).items()}
            mine = (recorded.get(fmt) == rel_out or self.db.execute(
                "SELECT 1 FROM planned WHERE path=?", (rel_out,)).fetchone() is not None)
            if not mine:
                found.append(rel_out)
        return found

    def fresh(self, rel: str, sha: str | None, fingerprints: Mapping[str, str],
              formats: Sequence[str], validate: bool = False,
              outputs: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, str]:
        """Format -> output path, for the recorded outputs still valid for these input bytes."""
        if sha is None:
            return {}
        return {fmt: o["path"]
                for fmt, o in (self._outputs(rel) if outputs is None else outputs).items()
                if fmt in formats and o["input_sha256"] == sha
                and o["fingerprint"] == fingerprints[fmt] and o["version"] == __version__
                and (not validate or fmt != "newsml" or o["validated"])}

    def stale_formats(self, rel: str, path: str, formats: Sequence[str],
                      fingerprints: Mapping[str, str], outdir: Path,
                      validate: bool) -> tuple[tuple[str, ...], dict[str, str]]:
        """(formats to write, up-to-date outputs whose files still have their size)."""
        row = self.db.execute("SELECT source, sha256, size, mtime_ns FROM inputs WHERE rel=?",
                              (rel,)).fetchone()
        if row is None or row[0] != path:
            return tuple(formats), {}
        sha = self._input_sha(path, row[1:])
        outs = self._outputs(rel)
        fresh: dict[str, str] = {}
        for fmt, rel_out in self.fresh(rel, sha, fingerprints, formats, validate, outs).items():
            try:
                if (outdir / rel_out).stat().st_size == outs[fmt]["size"]:
                    fresh[fmt] = rel_out
            except OSError:
                pass
        return tuple(f for f in formats if f not in fresh), fresh

    def record(self, res: ArticleResult, fingerprints: Mapping[str, str]) -> None:
        """Remember the outputs a task wrote (also those of a partly failed article)."""
        self.unconfirmed.difference_update(res.outputs.values())
        if not res.outputs or res.sha256 is None:
            return
        db = self.db
        with self._errors():
            row = db.execute("SELECT source FROM inputs WHERE rel=?", (res.name,)).fetchone()
            if row is not None and row[0] != res.input:  # another source took this name over
                db.execute("DELETE FROM outputs WHERE rel=?", (res.name,))
                db.execute("DELETE FROM warnings WHERE rel=?", (res.name,))
            kept = {fmt for (fmt,) in db.execute("SELECT fmt FROM outputs WHERE rel=?",
                                                 (res.name,))} - set(res.outputs)
            # outputs of other formats stay from an earlier run: so do their warnings
            messages = list(dict.fromkeys([*self.warnings(res.name), *res.warnings])
                            if kept else res.warnings)
            if messages:
                db.execute("INSERT OR REPLACE INTO warnings VALUES (?, ?)",
                           (res.name, json.dumps(messages, ensure_ascii=False)))
            else:
                db.execute("DELETE FROM warnings WHERE rel=?", (res.name,))
            db.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?)",
                       (res.name, res.input, res.sha256, res.size, res.mtime_ns))
            db.executemany(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(res.name, fmt, rel_out, res.sha256, fingerprints[fmt], __version__,
                  res.sizes[fmt], int(fmt in res.validated))
                 for fmt, rel_out in res.outputs.items() if fmt in res.sizes])
        self.dirty = True

    def warnings(self, rel: str) -> list[str]:
        """What was warned when the input's recorded outputs were made (reader and writers)."""
        row = self.db.execute("SELECT messages FROM warnings WHERE rel=?", (rel,)).fetchone()
        return list(json.loads(row[0])) if row is not None else []

    def orphans(self) -> Iterator[tuple[str, str, dict[str, int]]]:
        """(relative name, input path, {output path: size}) of each input whose file is gone.

        Only inputs this run did not see are looked at, so a run over the whole archive costs
        no extra file-system call; the outputs are the ones the manifest recorded, nothing else.
        """
        rows = self.db.execute("SELECT rel, source FROM inputs "
                               "WHERE source NOT IN (SELECT path FROM seen) ORDER BY rel").fetchall()
        for rel, source in rows:
            if os.path.exists(source):
                continue
            outs = {path: size for path, size in self.db.execute(
                "SELECT path, size FROM outputs WHERE rel=? ORDER BY path", (rel,))}
            if outs:
                yield rel, source, outs

    def forget(self, rel: str) -> None:
        """Drop an input and its outputs from the manifest (after ``--prune`` removed them)."""
        with self._errors():
            paths = [(p,) for (p,) in self.db.execute("SELECT path FROM outputs WHERE rel=?",
                                                      (rel,))]
            self.db.executemany("DELETE FROM planned WHERE path=?", paths)
            for table in ("outputs", "inputs", "warnings"):
                self.db.execute(f"DELETE FROM {table} WHERE rel=?", (rel,))
        self.dirty = True

    def save(self) -> None:
        """Commit what was recorded (a killed run loses at most the last uncommitted results).

        Outputs are written without fsync, so ``os.sync()`` runs first: the manifest never
        lists an output that is not on disk. A crash before the commit leaves those outputs in
        the journal, so the next run redoes them.
        """
        if not self.dirty:
            return
        if hasattr(os, "sync"):
            os.sync()
        self._commit()
        self.dirty = False

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite failures (disk full, I/O error) as the one-line output error they are."""
        try:
            yield
        except sqlite3.Error as exc:
            raise OutputError(f"cannot update the batch manifest: {exc}",
                              path=str(self.path)) from None

    def _commit(self) -> None:
        with self._errors():
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")

    def close(self) -> None:
        """Roll back anything unsaved and close the database."""
        with contextlib.suppress(Exception):
            self.db.execute("ROLLBACK")
        self.db.close()
