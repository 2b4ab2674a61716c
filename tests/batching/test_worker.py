"""The per-article task: validation errors, failed and killed writes, errors as one line."""

from __future__ import annotations

import os
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest

from convert.batching import PARTS_NAME, output_name
from convert.batching import batch as batch_fn
from convert.batching.config import BatchConfig, Task
from convert.batching.worker import describe_error, run_task
from convert.errors import InputError
from tests.batching.helpers import GOOD, HAS_VALIDATOR, PY, check_output, copy_corpus, env
from tests.support import ROOT, require


def _break_newsml(data: bytes) -> bytes:
    """Four schema errors and a guideline warning between them (findings come in line order)."""
    bad = data.replace(b'version="1"', b'version="x" bogus="1"', 1)
    bad = bad.replace(b"<itemMeta>", b"<itemMeta><bogus/>", 1)
    return bad.replace(b"<contentMeta>", b"<contentMeta><bogus/>", 1)


def test_invalid_newsml_fails_its_article_with_its_first_three_errors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message as before the package split: the first three error messages, " | "-joined."""
    require(HAS_VALIDATOR, "NewsML-G2 schemas not available")
    import convert.registry
    from convert.validate import validate_bytes

    src = copy_corpus(tmp_path / "in", GOOD[:1])
    real_write = convert.registry.WriterSpec.write
    written: list[bytes] = []

    def write(self: convert.registry.WriterSpec, doc: object, options: object) -> bytes:
        data = real_write(self, doc, options)  # type: ignore[arg-type]
        if self.name == "newsml" and doc.meta.headline != "Warm-up":  # type: ignore[attr-defined]
            data = _break_newsml(data)
            written.append(data)
        return data

    monkeypatch.setattr(convert.registry.WriterSpec, "write", write)
    res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=1, validate=True)
    (article,) = res.articles
    assert article.status == "failed" and article.outputs == {}
    findings = validate_bytes(written[0], article.name).findings
    errors = [f.message for f in findings if f.level == "error"]
    assert len(errors) == 4 and any(f.level == "warning" for f in findings)
    assert article.error == ("newsml: NewsML-G2 output does not validate: "
                             + " | ".join(errors[:3]))
    assert "bogus" in article.error and "must be an integer" not in article.error
    assert not (tmp_path / "out" / output_name(article.name, "newsml")).exists()


def test_valid_newsml_is_recorded_as_validated(tmp_path: Path) -> None:
    require(HAS_VALIDATOR, "NewsML-G2 schemas not available")
    src = copy_corpus(tmp_path / "in", GOOD[:1])
    config = BatchConfig(outdir=str((tmp_path / "out").resolve()), formats=("newsml",),
                         validate=True)
    (tmp_path / "out").mkdir()
    res = run_task(Task(str(src / f"{GOOD[0]}.txt"), f"{GOOD[0]}.txt", ("newsml",)), config)
    assert res.status == "converted" and res.validated == ("newsml",), res.error
    assert set(res.timings) == {"read", "newsml", "write", "total"}
    assert res.sha256 and res.size and res.mtime_ns and res.sizes["newsml"] > 0


def test_unreadable_reference_docx_fails_only_the_docx_output(tmp_path: Path) -> None:
    """A Dask worker may not see the client's reference .docx: its DOCX outputs fail, not all."""
    src = copy_corpus(tmp_path / "in", GOOD[:1])
    (tmp_path / "out").mkdir()
    missing = str(tmp_path / "gone.docx")
    config = BatchConfig(outdir=str((tmp_path / "out").resolve()), formats=("docx", "newsml"),
                         reference_docx=missing)
    res = run_task(Task(str(src / f"{GOOD[0]}.txt"), f"{GOOD[0]}.txt", ("docx", "newsml")),
                   config)
    assert res.status == "failed" and set(res.outputs) == {"newsml"}
    assert res.error == f"docx: {missing}: reference .docx not found: No such file or directory"


def test_errors_are_described_in_one_line() -> None:
    assert describe_error(InputError("empty article", path="a.txt"), "a.txt") == "empty article"
    assert describe_error(InputError("bad", path="b.txt"), "a.txt") == "b.txt: bad"
    try:
        {}["x"]
    except KeyError as exc:
        line = describe_error(exc, "a.txt")
    assert line.startswith("internal error: KeyError: 'x' at test_worker.py:")


def test_failed_rename_leaves_no_partial_output_and_next_run_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
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
    assert bad.error == f"newsml: {out.resolve() / victim}: cannot write: Input/output error"
    assert not (out / victim).exists()
    assert not list(out.rglob("*.part"))

    monkeypatch.setattr(os, "replace", real_replace)
    res = batch_fn(src, out, formats=("newsml",), jobs=1)
    assert (res.converted, res.skipped, res.failed) == (1, 1, 0)
    check_output("newsml", out / victim)


def test_killed_run_leaves_no_partial_output_and_next_run_completes(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:3])
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
        from convert.batching import batch
        batch([{str(src)!r}], {str(out)!r}, formats="newsml", jobs=1)
    """)
    proc = subprocess.run([PY, "-c", script], env=env(), cwd=ROOT, timeout=120,
                          capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not (out / victim).exists()
    assert list((out / PARTS_NAME).rglob("*.part"))  # the corpse of the killed write

    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert res.failed == 0 and res.converted >= 1
    assert victim in [a.outputs.get("newsml") for a in res.articles if a.status == "converted"]
    check_output("newsml", out / victim)
    assert not list(out.rglob("*.part"))
