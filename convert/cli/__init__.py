"""The ``newsconvert`` command line (click): the layer that touches files, clocks and the terminal.

``main`` is the command group (:mod:`.main`); ``convert`` and ``parse`` live in :mod:`.convert`,
``batch`` in :mod:`.batch`, ``validate`` and ``schemas`` in :mod:`.validate` (loaded when used).
"""

from __future__ import annotations

from . import convert as _convert  # noqa: F401 - registers the convert and parse commands
from .main import main

__all__ = ["main"]
