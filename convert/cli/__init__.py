"""The ``newsconvert`` command line (click): the layer that touches files, clocks and the terminal.

``main`` is the command group (:mod:`.main`); every command is imported when used: ``convert``
and ``parse`` from :mod:`.convert`, ``batch`` from :mod:`.batch`, ``validate`` and ``schemas``
from :mod:`.validate`, the listings from :mod:`.listings`.
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
