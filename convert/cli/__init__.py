"""The ``newsconvert`` command line (click): the layer that touches files, clocks and the terminal.

``main`` is the command group (:mod:`.group`); every command is imported when used: ``convert``
and ``parse`` from :mod:`.convert`, ``batch`` from :mod:`.batch`, ``validate`` and ``schemas``
from :mod:`.validate`, the listings from :mod:`.listings`. ``run`` is the console script.

``main`` is looked up on first use (PEP 562), so the console script can set the collector up
before click and the rest are imported (see :func:`run`).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .group import main

__all__ = ["main", "run"]

#: The collector's first threshold in the command's own process (Python's default is 700).
#: Converting the seed ends with 21,000 (NewsML-G2) to 40,000 (PDF) objects the collector
#: tracks, nearly all living until exit (modules, classes, functions, the house style): at 700
#: it ran 47 times for NewsML-G2 (5 ms) and 98 times for PDF (15 ms), and freed 146 and 202
#: objects. What a conversion discards is freed by reference counting; cycles are still
#: collected, after 100,000 more allocations than frees instead of 700.
GC_THRESHOLD = 100_000


def __getattr__(name: str) -> Any:
    if name == "main":
        return _group()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _group() -> Any:
    """The command group, imported on first use and bound here as ``main``."""
    from .group import main as group

    globals()["main"] = group
    return group


def run() -> None:
    """The ``newsconvert`` command and ``python -m convert``: :func:`main`, then a quicker exit.

    Before anything is imported, the collector's first threshold is raised to
    :data:`GC_THRESHOLD`: a short run's objects live until exit, so collecting them is work for
    nothing (batch workers forked from this process inherit it).

    At exit Python collects every object the run made before tearing the modules down: 10 ms
    after converting the seed to NewsML-G2, 20 ms after PDF, more than the conversion itself.
    Every output is written, closed and renamed before ``main`` returns, so what is left is
    frozen (``gc.freeze``) and never collected: atexit handlers and module teardown still run,
    only that last cyclic collection is skipped. Only here, in a process of its own: the group
    called from Python (tests, ``CliRunner``) collects as usual.
    """
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        _group()(prog_name="newsconvert")
    finally:
        gc.freeze()
