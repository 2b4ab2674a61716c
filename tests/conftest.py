"""Shared fixtures: the golden-file harness (``pytest --update-golden`` rewrites goldens), and no
test ever reads the developer's own config file."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current outputs (review the diff!)")


class Golden:
    """Compare a canonical text form with ``tests/golden/<name>``; show a unified diff."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str) -> None:
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(f"golden file tests/golden/{name} is missing; "
                        "run `pytest --update-golden` and review it before committing")
        expected = path.read_text(encoding="utf-8")
        if expected != actual:
            diff = "".join(difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                fromfile=f"golden/{name}", tofile="actual", n=2))
            pytest.fail(f"output differs from tests/golden/{name} "
                        f"(run `pytest --update-golden` if the change is intended):\n{diff}",
                        pytrace=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden-file checker."""
    return Golden(bool(request.config.getoption("--update-golden")))


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty XDG config folder and no ``$NEWSCONVERT_CONFIG`` for every test; returns the folder.

    The command line reads ``config.toml`` from the user's config folder, so without this a
    developer's own settings would change what the tests see.
    """
    home = tmp_path_factory.mktemp("xdg-config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("NEWSCONVERT_CONFIG", raising=False)
    return home
