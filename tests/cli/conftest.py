"""Every command-line test runs without the developer's own config file (a private config folder)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty XDG config folder and no ``$NEWSCONVERT_CONFIG``; returns the folder."""
    home = tmp_path_factory.mktemp("xdg-config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("NEWSCONVERT_CONFIG", raising=False)
    return home
