"""The ``newsconvert`` command line (click): the layer that touches files, clocks and the terminal.

``main`` is the command group (:mod:`.main`); every command is imported when used: ``convert``
and ``parse`` from :mod:`.convert`, ``batch`` from :mod:`.batch`, ``validate`` and ``schemas``
from :mod:`.validate`, the listings from :mod:`.listings`. ``run`` is the console script.
"""

from __future__ import annotations

import gc

from .main import main

__all__ = ["main", "run"]


def run() -> None:
    """The ``newsconvert`` command and ``python -m convert``: :func:`main`, then a quicker exit.

    At exit Python collects every object the run made before tearing the modules down: 10 ms
    after converting the seed to NewsML-G2, 20 ms after PDF, more than the conversion itself.
    Every output is written, closed and renamed before ``main`` returns, so what is left is
    frozen (``gc.freeze``) and never collected: atexit handlers and module teardown still run,
    only that last cyclic collection is skipped. Only here, in a process of its own: the group
    called from Python (tests, ``CliRunner``) collects as usual.
    """
    try:
        main(prog_name="newsconvert")
    finally:
        gc.freeze()
