"""A run's settings: writer names, metadata, style references and option fingerprints."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert.batching.config import (
    BatchConfig,
    fingerprints,
    normalise_metadata,
    style_ref,
    writer_names,
)
from convert.errors import UsageError


def test_writer_names() -> None:
    assert writer_names("all")[:4] == ("docx", "pdf", "epub", "newsml")
    assert writer_names(["xml", "docx,newsml"]) == ("newsml", "docx")


def test_a_writer_whose_module_is_missing_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "convert.writers.pdf" else real(name, *a))
    with pytest.raises(UsageError, match=r"the pdf writer is not installed \(module "
                                         r"convert.writers.pdf missing\)"):
        writer_names("docx,pdf")


def test_metadata_forms() -> None:
    assert normalise_metadata(None) == ()
    assert normalise_metadata({"source": "Wire"}) == (("source", "Wire"),)
    assert normalise_metadata([" a =1=2", ("b", 3)]) == (("a", "1=2"), ("b", "3"))
    for bad in (["novalue"], ["=x"]):
        with pytest.raises(UsageError, match="metadata must be KEY=VALUE"):
            normalise_metadata(bad)


def test_style_ref_resolves_paths_and_digests_the_style(tmp_path: Path) -> None:
    name, digest = style_ref("default")
    assert name == "default" and len(digest) == 64
    assert style_ref("broadsheet")[1] != digest
    with pytest.raises(UsageError):
        style_ref("no-such-style")


def test_fingerprints_change_with_what_changes_the_bytes(tmp_path: Path) -> None:
    base = BatchConfig(outdir="/out", formats=("docx", "newsml"))
    prints = fingerprints(base, "s")
    assert set(prints) == {"docx", "newsml"} and prints == fingerprints(base, "s")
    assert fingerprints(base, "t") != prints
    nitf = fingerprints(BatchConfig(outdir="/o", formats=("docx", "newsml"), newsml_body="nitf"),
                        "s")
    assert nitf["docx"] == prints["docx"] and nitf["newsml"] != prints["newsml"]
    ref = tmp_path / "ref.docx"
    ref.write_bytes(b"PK reference")
    with_ref = fingerprints(BatchConfig(outdir="/out", formats=("docx", "newsml"),
                                        reference_docx=str(ref)), "s")
    assert with_ref["docx"] != prints["docx"] and with_ref["newsml"] == prints["newsml"]
    with pytest.raises(UsageError, match="cannot read"):
        fingerprints(BatchConfig(outdir="/out", formats=("docx",),
                                 reference_docx=str(tmp_path / "gone.docx")), "s")
