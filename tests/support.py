"""Test helpers: where the shared material lives, and skips that CI turns into failures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSCONVERT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SEEDS = ROOT / "seeds"
SEED = next(iter(sorted(SEEDS.glob("*.txt"))), None)

#: Set by CI: a test that would skip because a tool or file is missing fails instead.
REQUIRE_EXTERNAL = os.environ.get("NEWSCONVERT_REQUIRE_EXTERNAL", "") not in ("", "0")


def require(available: bool, reason: str) -> None:
    """Skip (or, in CI, fail) when an external tool or file is not available."""
    if available:
        return
    if REQUIRE_EXTERNAL:
        pytest.fail(f"required in CI but missing: {reason}")
    pytest.skip(reason)


#: IPTC's ninjs JSON Schemas (and examples) in the shared folder; never copied into the repository.
NINJS_SCHEMAS = SHARED / "ninjs"


def ninjs_schemas() -> Path:
    """The folder holding IPTC's ninjs schemas, or skip (CI: fail) when it does not."""
    from convert.schemas import NINJS_SCHEMA_FILES

    require(all((NINJS_SCHEMAS / name).is_file() for name in NINJS_SCHEMA_FILES),
            f"ninjs schemas not found in {NINJS_SCHEMAS}")
    return NINJS_SCHEMAS


def require_tool(name: str) -> str:
    """Path of an external command, or skip/fail with a clear reason."""
    path = shutil.which(name)
    require(path is not None, f"{name} is not installed")
    assert path is not None
    return path


def corpus_cases(*, errors: bool = False) -> list[str]:
    """Names of corpus articles (good ones, or the ones that must be rejected)."""
    import json

    if not CORPUS.is_dir():
        return []
    names = []
    for expect in sorted(CORPUS.glob("*.expect.json")):
        data = json.loads(expect.read_text(encoding="utf-8"))
        if bool(data.get("error")) == errors:
            names.append(expect.name[: -len(".expect.json")])
    return names


#: Model JSON fixtures writer goldens start from (``parse --json`` output of corpus articles,
#: frozen here so a reader change does not ripple through every writer's goldens).
MODELS = ROOT / "tests" / "fixtures" / "models"


def model_fixture(name: str):  # returns convert.model.Document
    """The Document of ``tests/fixtures/models/<name>.json``."""
    import json

    from convert.model import from_dict

    return from_dict(json.loads((MODELS / f"{name}.json").read_text(encoding="utf-8")))


def model_fixture_names() -> list[str]:
    """Every model fixture's name."""
    return sorted(p.stem for p in MODELS.glob("*.json"))
