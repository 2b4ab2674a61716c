"""Every batch test sees the shared schemas and no SOURCE_DATE_EPOCH (no user config: the root conftest)."""

from __future__ import annotations

import pytest

from tests.batching.helpers import SCHEMAS


@pytest.fixture(autouse=True)
def _schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCONVERT_SCHEMA_DIR", str(SCHEMAS))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
