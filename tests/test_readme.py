"""The README's quick start and CI run the same commands."""

from __future__ import annotations

from tests.support import ROOT


def _ci_test_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    return lines[-1].strip()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _ci_test_command() in readme


def test_readme_documents_exit_codes_and_json_shape():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needle in ("Exit codes", '"meta"', '"body"', "newsconvert parse", "SOURCE_DATE_EPOCH"):
        assert needle in readme
