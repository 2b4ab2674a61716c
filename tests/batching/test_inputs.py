"""Finding articles: explicit files, folders by glob, stdin paths; hidden entries and OUTDIR skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from convert.batching import DEFAULT_GLOBS, Input, expand_inputs


def _tree(root: Path) -> Path:
    for rel in ("a.txt", "b.md", "sub/c.txt", "sub/deeper/d.txt", ".hidden.txt",
                ".git/e.txt", "out/f.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("Headline\n\nBody.\n", encoding="utf-8")
    return root


def test_folders_give_matching_files_sorted_with_relative_names(tmp_path: Path) -> None:
    src = _tree(tmp_path / "in")
    found = list(expand_inputs([src], outdir=src / "out"))
    # every input format the readers know by extension (content then picks the reader)
    assert {"*.txt", "*.md", "*.xml", "*.docx", "*.html"} <= set(DEFAULT_GLOBS)
    assert [i.rel for i in found] == ["a.txt", "b.md", "sub/c.txt", "sub/deeper/d.txt"]
    assert all(i.error is None and os.path.isabs(i.path) for i in found)
    text_only = [i.rel for i in expand_inputs([src], globs=("*.txt",))]
    assert text_only == ["a.txt", "out/f.txt", "sub/c.txt", "sub/deeper/d.txt"]


def test_files_named_directly_are_taken_whatever_their_extension(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _tree(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    assert [(i.rel, i.error) for i in expand_inputs(["in/b.md", str(src / "a.txt")])] == [
        ("in/b.md", None), ("a.txt", None)]
    assert list(expand_inputs(["nowhere.txt"])) == [
        Input("nowhere.txt", "nowhere.txt", "no such file or folder")]


def test_stdin_lists_one_path_per_line(tmp_path: Path) -> None:
    src = _tree(tmp_path / "in")
    lines = [f"{src / 'a.txt'}\r\n", "\n", "   \n", f"{src / 'sub'}\n"]
    assert [i.rel for i in expand_inputs(["-"], stdin=lines)] == [
        "a.txt", "c.txt", "deeper/d.txt"]


def test_symlinked_files_must_stay_inside_their_folder(tmp_path: Path) -> None:
    src = _tree(tmp_path / "in")
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (src / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (src / "alias.txt").symlink_to(src / "a.txt")
    by = {i.rel: i.error for i in expand_inputs([src])}
    assert by["alias.txt"] is None
    assert by["leak.txt"] == "symlink leads outside the input folder; skipped"
