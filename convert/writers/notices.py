"""The label a writer prints above a correction notice, in the article's language (``notices.toml``)."""

from __future__ import annotations

import functools
from pathlib import Path

from .. import tomldata

_FILE = Path(__file__).with_name("notices.toml")


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    return tomldata.read(_FILE)


@functools.lru_cache(maxsize=256)
def notice_label(kind: str, language: str | None) -> str | None:
    """"Correction", "Editor's note" ... in the language, or None when none is known for it."""
    primary = (language or "").split("-")[0].lower()
    return _labels().get(primary, {}).get(kind)
