"""A dateline's place, apart from its date and source, so a style's capitals reach the place only.

Every writer that applies ``[elements.dateline] uppercase`` (PDF, DOCX, EPUB and HTML through
their stylesheet) capitalises :func:`split_place`'s first part and shows the rest as written:
"ISLAMABAD, Dec 20 (Reuters)", never "(REUTERS)" (``datelines.toml``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import tomldata

__all__ = ["cased", "split_place"]


@functools.lru_cache(maxsize=1)
def _ends() -> tuple[str, ...]:
    data = tomldata.read(Path(__file__).with_name("datelines.toml"))
    return tuple(data["place_ends"])


def split_place(dateline: str, located: str | None = None) -> tuple[str, str]:
    """(the place, the rest) of a dateline; the place is ``located`` when the dateline opens with it."""
    if located and dateline[:len(located)].casefold() == located.casefold():
        return dateline[:len(located)], dateline[len(located):]
    cut = min((i for i in (dateline.find(end) for end in _ends()) if i >= 0), default=len(dateline))
    return dateline[:cut], dateline[cut:]


def cased(dateline: str, located: str | None, uppercase: bool) -> str:
    """The dateline as a style shows it: its place in capitals when ``uppercase``, the rest as given."""
    if not uppercase:
        return dateline
    place, rest = split_place(dateline, located)
    return place.upper() + rest
