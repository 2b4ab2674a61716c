"""The ``newsconvert batch`` command: stdin paths, quiet runs, exit codes, usage errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

from convert.errors import EXIT_PARTIAL
from tests.batching.helpers import BAD, GOOD, PY, copy_corpus, env
from tests.support import CORPUS


def test_cli_reads_paths_from_stdin_and_is_quiet(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", [GOOD[0], BAD[0]])
    listing = "".join(f"{p}\n" for p in sorted(src.iterdir()))
    proc = subprocess.run([PY, "-m", "convert", "batch", "-", "-d", str(tmp_path / "out"),
                           "-t", "newsml", "-q", "-j", "1"], input=listing, text=True,
                          capture_output=True, env=env(), timeout=120, cwd=tmp_path)
    assert proc.returncode == EXIT_PARTIAL
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        line for line in proc.stderr.strip().splitlines() if line.startswith("newsconvert: ")]
    assert (tmp_path / "out" / f"{GOOD[0]}.xml").is_file()


def test_cli_all_good_exits_0(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
    proc = subprocess.run([PY, "-m", "convert", "batch", str(src), "-d", str(tmp_path / "out"),
                           "-t", "newsml", "--newsml-body", "nitf", "-M", "source=Wire",
                           "-j", "1"], capture_output=True, text=True, env=env(), timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("converted 2, skipped 0, failed 0")


def test_cli_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run([PY, "-m", "convert", "batch", str(CORPUS), "-d", str(tmp_path / "o"),
                           "-t", "odt"], capture_output=True, text=True, env=env(), timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "unknown output format" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_finds_no_articles(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = subprocess.run([PY, "-m", "convert", "batch", str(tmp_path / "empty"), "-d",
                           str(tmp_path / "o"), "-t", "newsml"], capture_output=True, text=True,
                          env=env(), timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "newsconvert: no input articles found"
