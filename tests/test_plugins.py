"""A writer installed by another package (an entry point) is a format like the built-in ones."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support import SEED, require

CLI = [sys.executable, "-c", "import sys; from convert.cli import main; sys.exit(main())"]


@pytest.fixture
def plugin_path(tmp_path: Path) -> Path:
    """A folder holding an installed-looking package ``fakeplug`` with a ``shout`` writer."""
    site = tmp_path / "site"
    pkg = site / "fakeplug"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent("""
        from convert.registry import WriterSpec
        SPEC = WriterSpec("shout", (".shout",), "text/plain", "fakeplug.writer",
                          "the headline in capitals")
    """), encoding="utf-8")
    (pkg / "writer.py").write_text(textwrap.dedent("""
        def write(doc, options):
            return (doc.meta.headline.upper() + "\\n").encode("utf-8")
    """), encoding="utf-8")
    info = site / "fakeplug-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplug\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[newsconvert.writers]\nshout = fakeplug:SPEC\n",
                                           encoding="utf-8")
    return site


def _run(args: list[str], site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
           "SOURCE_DATE_EPOCH": "1750000000"}
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, check=False)


def test_all_includes_a_plugin_writer_in_convert_and_in_batch(plugin_path: Path, tmp_path: Path):
    require(SEED is not None, "seed article missing")
    assert SEED is not None
    listed = _run(["formats"], plugin_path)
    assert "shout" in listed.stdout, listed.stderr
    for args in (["convert", str(SEED), "-d", str(tmp_path / "one"), "-t", "all"],
                 ["batch", str(SEED), "-d", str(tmp_path / "many"), "-t", "all", "-j", "2", "-q"]):
        proc = _run(args, plugin_path)
        assert proc.returncode == 0, proc.stderr
    for folder in ("one", "many"):
        names = sorted(p.suffix for p in (tmp_path / folder).iterdir() if not p.name.startswith("."))
        assert names == [".docx", ".epub", ".html", ".json", ".pdf", ".shout", ".xml"], (folder, names)
        shouted = (tmp_path / folder / f"{SEED.stem}.shout").read_text(encoding="utf-8")
        assert shouted.strip() and shouted == shouted.upper()
