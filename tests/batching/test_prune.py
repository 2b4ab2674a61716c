"""Batch: outputs whose input is gone (listed; --prune removes only what the manifest recorded),
warnings kept with the outputs they describe, and --fail-on-warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert.batching import batch as batch_fn
from convert.cli import main
from convert.errors import EXIT_OK, EXIT_PARTIAL, EXIT_WARNINGS

#: A private-use character: no installed font draws it, so the PDF writer warns.
NO_FONT = "\ue000"


def _articles(folder: Path, **texts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, body in texts.items():
        (folder / f"{stem}.txt").write_text(f"Headline {stem}\n\n{body}\n", encoding="utf-8")
    return folder


def _files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and not p.name.startswith("."))


# --------------------------------------------------------------------------- gone inputs


def test_outputs_of_gone_inputs_are_listed_then_pruned(tmp_path: Path) -> None:
    src = _articles(tmp_path / "in", a="First body.", b="Second body.")
    _articles(src / "sub", c="Third body.")
    out = tmp_path / "out"
    assert batch_fn(src, out, formats="newsml,ninjs", jobs=1).converted == 3
    (src / "a.txt").unlink()
    (src / "sub" / "c.txt").unlink()

    res = batch_fn(src, out, formats="newsml,ninjs", jobs=1)
    assert [(o.name, o.outputs) for o in res.orphans] == [
        ("a.txt", {"a.json": "left", "a.xml": "left"}),
        ("sub/c.txt", {"sub/c.json": "left", "sub/c.xml": "left"})]
    assert res.orphans[0].input == str((src / "a.txt").absolute())
    assert _files(out) == ["a.json", "a.xml", "b.json", "b.xml", "sub/c.json", "sub/c.xml"]
    assert "4 outputs of gone inputs left (--prune removes them)" in res.summary()

    res = batch_fn(src, out, formats="newsml,ninjs", jobs=1, prune=True)
    assert res.orphaned("removed") == 4 and res.skipped == 1
    assert _files(out) == ["b.json", "b.xml"]
    assert batch_fn(src, out, formats="newsml,ninjs", jobs=1).orphans == []  # forgotten


def test_an_input_left_out_of_a_run_is_not_gone(tmp_path: Path) -> None:
    src = _articles(tmp_path / "in", a="First body.", b="Second body.")
    out = tmp_path / "out"
    batch_fn(src, out, formats="newsml", jobs=1)
    res = batch_fn([str(src / "b.txt")], out, formats="newsml", jobs=1, prune=True)
    assert res.orphans == [] and _files(out) == ["a.xml", "b.xml"]


def test_prune_never_removes_what_the_manifest_did_not_record_or_what_changed(tmp_path: Path) -> None:
    src = _articles(tmp_path / "in", a="First body.", b="Second body.")
    out = tmp_path / "out"
    batch_fn(src, out, formats="newsml,ninjs", jobs=1)
    (out / "mine.xml").write_text("a file of the user's", encoding="utf-8")
    (out / "a.docx").write_bytes(b"same stem, never written by newsconvert")
    (out / "a.json").write_text("edited by hand since", encoding="utf-8")  # size changed
    (src / "a.txt").unlink()
    res = batch_fn(src, out, formats="newsml,ninjs", jobs=1, prune=True)
    assert [o.outputs for o in res.orphans] == [{"a.json": "changed", "a.xml": "removed"}]
    assert _files(out) == ["a.docx", "a.json", "b.json", "b.xml", "mine.xml"]


def test_prune_does_not_follow_a_symlink_put_in_place_of_an_output(tmp_path: Path) -> None:
    src = _articles(tmp_path / "in", a="First body.")
    _articles(src / "sub", c="Third body.")
    out = tmp_path / "out"
    batch_fn(src, out, formats="newsml", jobs=1)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "c.xml").write_bytes((out / "sub" / "c.xml").read_bytes())  # same size as ours
    (out / "sub" / "c.xml").unlink()
    (out / "sub").rmdir()
    (out / "sub").symlink_to(precious, target_is_directory=True)
    (out / "a.xml").unlink()
    (out / "a.xml").symlink_to(precious / "c.xml")
    for name in ("a.txt", "sub/c.txt"):
        (src / name).unlink()
    res = batch_fn(src, out, formats="newsml", jobs=1, prune=True)
    assert sorted(s for o in res.orphans for s in o.outputs.values()) == ["changed", "changed"]
    assert (precious / "c.xml").is_file()


def test_cli_lists_and_prunes_naming_each_output(tmp_path: Path) -> None:
    src = _articles(tmp_path / "in", a="First body.", b="Second body.")
    out = tmp_path / "out"
    report = tmp_path / "r.json"
    args = ["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code == EXIT_OK
    (src / "a.txt").unlink()
    gone = (src / "a.txt").absolute()
    res = CliRunner().invoke(main, args)
    assert res.exit_code == EXIT_OK
    assert f"newsconvert: a.xml: its input {gone} is gone (--prune removes it)" in res.stderr
    assert CliRunner().invoke(main, [*args, "-q"]).stderr == ""
    res = CliRunner().invoke(main, [*args, "--prune", "--report", str(report)])
    assert res.exit_code == EXIT_OK and f"newsconvert: removed a.xml (its input {gone} is gone)" in res.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["orphans"] == [{"input": str(gone), "name": "a.txt", "outputs": {"a.xml": "removed"}}]
    assert data["summary"]["pruned"] == 1 and data["summary"]["orphaned"] == 0
    assert not (out / "a.xml").exists() and (out / "b.xml").exists()


# --------------------------------------------------------------------------- warnings and --fail-on-warning


@pytest.fixture
def warned_src(tmp_path: Path) -> Path:
    return _articles(tmp_path / "in", odd=f"A paragraph with a private {NO_FONT} character.",
                     plain="A plain paragraph.")


def test_fail_on_warning_is_exit_7_and_failures_keep_6(warned_src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = batch_fn(warned_src, out, formats="pdf,newsml", jobs=1, fail_on_warning=True)
    assert (res.converted, res.warned, res.exit_code) == (2, 1, EXIT_WARNINGS)
    assert (out / "odd.pdf").exists()  # outputs are written all the same
    assert batch_fn(warned_src, out, formats="pdf,newsml", jobs=1).exit_code == EXIT_OK
    (warned_src / "bad.txt").write_bytes(b"")
    res = batch_fn(warned_src, out, formats="pdf,newsml", jobs=1, fail_on_warning=True)
    assert (res.failed, res.exit_code) == (1, EXIT_PARTIAL)


def test_a_skipped_article_repeats_the_warnings_of_its_outputs(warned_src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = batch_fn(warned_src, out, formats="pdf,newsml", jobs=1)
    [odd] = [a for a in first.articles if a.name == "odd.txt"]
    again = batch_fn(warned_src, out, formats="pdf,newsml", jobs=1, fail_on_warning=True)
    assert [a.status for a in again.articles] == ["skipped", "skipped"]
    assert {a.name: a.warnings for a in again.articles} == {"odd.txt": odd.warnings, "plain.txt": []}
    assert again.exit_code == EXIT_WARNINGS  # a re-run does not hide what the first one saw
    # a new format for the same input keeps the PDF's warning beside the new output's
    more = batch_fn(warned_src, out, formats="pdf,newsml,ninjs", jobs=1)
    assert {a.name: a.warnings for a in more.articles} == {"odd.txt": odd.warnings, "plain.txt": []}
    # the text changes and no longer warns: the warning goes with the outputs it described
    (warned_src / "odd.txt").write_text("Headline odd\n\nNo private character now.\n", encoding="utf-8")
    fixed = batch_fn(warned_src, out, formats="pdf,newsml,ninjs", jobs=1, fail_on_warning=True)
    assert fixed.warned == 0 and fixed.exit_code == EXIT_OK


def test_cli_fail_on_warning(warned_src: Path, tmp_path: Path) -> None:
    args = ["batch", str(warned_src), "-d", str(tmp_path / "out"), "-t", "pdf", "-j", "1",
            "--fail-on-warning"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == EXIT_WARNINGS
    lines = res.stderr.splitlines()
    assert lines[0].startswith("newsconvert: warning: odd.txt: PDF: no installed font has")
    assert lines[-1] == "newsconvert: error: 1 article gave warnings (--fail-on-warning)"
    res = CliRunner().invoke(main, [*args, "-q"])
    assert res.exit_code == EXIT_WARNINGS
    assert res.stderr == "newsconvert: error: 1 article gave warnings (--fail-on-warning)\n"
