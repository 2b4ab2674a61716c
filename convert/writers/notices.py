"""The label a writer prints above a correction notice, in the article's language (``notices.toml``)."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

_FILE = Path(__file__).with_name("notices.toml")


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    return tomllib.loads(_FILE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=256)
def notice_label(kind: str, language: str | None) -> str | None:
    """"Correction", "Editor's note" ... in the language, or None when none is known for it."""
    primary = (language or "").split("-")[0].lower()
    return _labels().get(primary, {}).get(kind)
