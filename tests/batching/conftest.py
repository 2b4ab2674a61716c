"""Every batch test sees the shared schemas, no SOURCE_DATE_EPOCH and no user config of the caller's."""

from __future__ import annotations

import pytest

from tests.batching.helpers import SCHEMAS


@pytest.fixture(autouse=True)
def _schemas(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("NEWSCONVERT_SCHEMA_DIR", str(SCHEMAS))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.delenv("NEWSCONVERT_CONFIG", raising=False)
