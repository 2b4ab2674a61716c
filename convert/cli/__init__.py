"""The ``newsconvert`` command line (click): the layer that touches files, clocks and the terminal.

``main`` is the command group (:mod:`.group`); every command is imported when used: ``convert``
and ``parse`` from :mod:`.convert`, ``batch`` from :mod:`.batch`, ``validate`` and ``schemas``
from :mod:`.validate`, the listings from :mod:`.listings`. ``run`` is the console script.

``main`` is looked up on first use (PEP 562), so the console script can set the collector up
before click and the rest are imported (see :func:`run`).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
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

    At exit Python collects every object the run made and then tears the modules down, freeing
    them one by one: 10 ms after converting the seed to NewsML-G2 and 20 ms after PDF for the
    collection, 3.4 and 7 ms more for the teardown. Every output is written, closed and renamed
    before ``main`` returns, so neither is needed:

    - what is left is frozen (``gc.freeze``), so the last collection finds nothing to do;
    - :func:`_leave` is registered before anything else, so it runs after every other atexit
      handler (atexit runs them in reverse order, after joining the threads), flushes the
      standard streams and ends the process with the command's exit status (``os._exit``),
      skipping the teardown. It does so only when the command ended with an exit status
      (``SystemExit``, as click's ``main`` always does); after an uncaught exception Python
      exits as usual.

    Only here, in a process of its own: the group called from Python (tests, ``CliRunner``)
    exits and collects as usual.
    """
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    status: list[int] = []
    atexit.register(_leave, status)
    try:
        _group()(prog_name="newsconvert")
    except SystemExit as exc:
        code = exc.code
        status.append(code if isinstance(code, int) else 0 if code is None else 1)
        raise
    finally:
        gc.freeze()


def _leave(status: list[int]) -> None:
    """The last atexit handler: end the process now, with the command's status (see :func:`run`)."""
    if not status:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be written
            pass
    os._exit(status[-1])
