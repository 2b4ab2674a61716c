"""The monospace face code is set in (``code.toml``): the first listed family installed here."""

from __future__ import annotations

import functools
from pathlib import Path

from msgspec import Struct

from ... import tomldata
from ...styles import FontFiles, HouseStyle
from . import fontfiles, fonts

_FILE = Path(__file__).with_name("code.toml")


class CodeLook(Struct, frozen=True):
    """Code settings: monospace families to try, size relative to the text, block colours."""

    families: tuple[str, ...]
    size_ratio: float
    background: str
    border: str


@functools.lru_cache(maxsize=1)
def code_look() -> CodeLook:
    """The settings of ``code.toml`` (read once)."""
    data = tomldata.read(_FILE)
    return CodeLook(tuple(data["families"]), float(data["size_ratio"]), str(data["background"]),
                    str(data["border"]))


@functools.lru_cache(maxsize=1)
def mono_files() -> tuple[str, FontFiles] | None:
    """(family, files) of the first monospace family installed, or None."""
    for family in code_look().families:
        try:
            return family, fontfiles.resolve_files(family, "monospace")
        except fontfiles.FontNotFound:
            continue
    return None


def mono_set(house: HouseStyle, font_cache: Path | None) -> fonts.FontSet | None:
    """The registered monospace family (None: no listed family is installed)."""
    found = mono_files()
    if found is None:
        return None
    return fonts.family(found[0], "monospace", house, font_cache)
