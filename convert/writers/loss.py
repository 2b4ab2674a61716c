"""Warnings for what a format cannot hold: no writer drops a construct without saying so.

A writer calls :func:`dropped` (or :func:`degraded`, :func:`raw`, :func:`relative_link`) with the
construct; the warning goes through :mod:`warnings`, which the pipeline collects per article and
prints with the file name. A writer that returns its warnings as data (the PDF writer's
``render``) passes a ``sink`` list instead and warns them itself.
"""

from __future__ import annotations

import re
import warnings

#: How much of dropped source text a message quotes.
_QUOTE = 40
_SPACE = re.compile(r"\s+")


class ConstructWarning(UserWarning):
    """A construct of the article a writer left out or showed in a lesser form."""


def excerpt(text: str, limit: int = _QUOTE) -> str:
    """The start of a text on one line, for a message."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[:limit - 1] + "\u2026"


def _emit(message: str, sink: list[Warning] | None) -> None:
    warning = ConstructWarning(message)
    if sink is None:
        warnings.warn(warning, stacklevel=4)
    elif all(str(w) != message for w in sink):
        sink.append(warning)


def dropped(fmt: str, construct: str, detail: str = "", sink: list[Warning] | None = None) -> None:
    """Warn that ``construct`` is not in the ``fmt`` output (``detail``: which one)."""
    _emit(f"{fmt}: {construct} left out{': ' + detail if detail else ''}", sink)


def degraded(fmt: str, construct: str, how: str, sink: list[Warning] | None = None) -> None:
    """Warn that ``construct`` is shown in a lesser form (``how`` says which)."""
    _emit(f"{fmt}: {construct} {how}", sink)


def raw(fmt: str, node_format: str, text: str, block: bool, sink: list[Warning] | None = None) -> None:
    """Raw source markup is never published: say so, quoting its start."""
    kind = "block" if block else "inline markup"
    dropped(fmt, f"raw {node_format.upper() or 'source'} {kind} (never published)", excerpt(text),
            sink)


def relative_link(fmt: str, url: str, sink: list[Warning] | None = None) -> None:
    """A link with no scheme points nowhere outside its source: its text stays, the link goes."""
    degraded(fmt, f"relative link {excerpt(url)!r}", "kept as text (no absolute address)", sink)
