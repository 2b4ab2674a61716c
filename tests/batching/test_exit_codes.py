"""The same failure gives the same exit code in every command: an output that cannot be written is 4.

Folders made read-only do not stop root (these tests may run as root), so each failure is also
made in a way that stops anybody: a file where a folder should be, a folder where the lock or
the manifest should be, a missing folder; and a read-only folder is simulated at ``os.open``.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import convert.batching.outputs as outputs
from convert.batching import batch as batch_fn
from convert.batching.config import JOURNAL_NAME, LOCK_NAME, MANIFEST_NAME
from convert.cli import main
from convert.errors import EXIT_OUTPUT, OutputError
from tests.batching.helpers import PY, env

ARTICLE = "Floods close the coast road\n\nThe road was closed on Monday, officials said.\n"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def run(args: list[str]) -> tuple[int, list[str]]:
    res = CliRunner().invoke(main, args)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, [line for line in res.stderr.splitlines() if line.strip()]


def test_a_folder_that_cannot_be_made_is_4_in_convert_and_batch(src: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    for args in (["convert", str(src / "a.txt"), "-d", str(blocker / "sub")],
                 ["batch", str(src), "-d", str(blocker / "sub"), "-t", "newsml", "-j", "1"]):
        code, lines = run(args)
        assert code == EXIT_OUTPUT, (args, lines)
        assert lines == [f"newsconvert: error: {blocker / 'sub'}: cannot create the output folder: "
                         "Not a directory"]
    code, lines = run(["convert", str(src / "a.txt"), "-o", str(tmp_path / "nodir" / "a.xml")])
    assert code == EXIT_OUTPUT and len(lines) == 1 and "output folder does not exist" in lines[0]


def test_a_lock_file_that_cannot_be_made_is_4(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / LOCK_NAME).mkdir(parents=True)  # the lock cannot be opened, even by root
    code, lines = run(["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1"])
    assert code == EXIT_OUTPUT
    assert lines == [f"newsconvert: error: {out / LOCK_NAME}: cannot write to the output folder: "
                     "Is a directory"]
    assert not (out / "a.xml").exists()


def test_a_read_only_output_folder_is_4_not_an_internal_error(src: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: ``PermissionError … .newsconvert.lock`` was exit 1."""
    out = tmp_path / "ro"
    out.mkdir()
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(out)) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs.os, "open", read_only)
    code, lines = run(["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1"])
    assert code == EXIT_OUTPUT
    assert lines == [f"newsconvert: error: {out / LOCK_NAME}: cannot write to the output folder: "
                     "Permission denied"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_a_really_read_only_folder_is_4_in_a_subprocess(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        for args, sub in ((["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1"], None),
                          (["batch", str(src), "-d", str(out / "sub"), "-t", "newsml"], "sub"),
                          (["convert", str(src / "a.txt"), "-o", str(out / "a.xml")], None)):
            proc = subprocess.run([PY, "-m", "convert", *args], capture_output=True, text=True,
                                  env=env(), timeout=120, stdin=subprocess.DEVNULL)
            assert proc.returncode == EXIT_OUTPUT, (sub, proc.stderr)
            assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    finally:
        out.chmod(0o755)


def test_a_report_that_cannot_be_written_is_4_before_any_work(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = tmp_path / "nodir" / "r.json"
    code, lines = run(["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1",
                       "--report", str(report)])
    assert code == EXIT_OUTPUT
    assert lines == [f"newsconvert: error: {report}: cannot write the report: No such file or directory"]
    assert not (out / "a.xml").exists()
    with pytest.raises(OutputError, match="cannot write the report"):
        batch_fn(src, out, formats="newsml", jobs=1, report=report)


def test_a_manifest_that_cannot_be_opened_is_4(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / MANIFEST_NAME).mkdir(parents=True)
    code, lines = run(["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1"])
    assert code == EXIT_OUTPUT
    assert lines == [f"newsconvert: error: {out / MANIFEST_NAME}: cannot open the batch manifest: "
                     "unable to open database file"]


def test_a_journal_that_cannot_be_written_is_4(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / JOURNAL_NAME).mkdir(parents=True)
    code, lines = run(["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1"])
    assert code == EXIT_OUTPUT
    assert lines == [f"newsconvert: error: {out / JOURNAL_NAME}: cannot write: Is a directory"]


def test_a_full_standard_output_is_4_for_parse_too(src: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "convert", "parse", str(src / "a.txt")],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=env(), timeout=120)
    assert proc.returncode == EXIT_OUTPUT
    assert proc.stderr == "newsconvert: error: <stdout>: cannot write: disk full\n"
