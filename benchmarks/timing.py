"""Timing helpers the benchmarks share: best-of-N per-item milliseconds, measured in-process."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any


def per_item(fn: Callable[[Any], object], items: Sequence[Any], rounds: int, repeat: int = 3) -> float:
    """Milliseconds per item, the best of ``repeat`` runs of ``rounds`` passes over ``items``.

    The best run, not the mean: on a shared machine the other runs measure the neighbours.
    """
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(rounds):
            for item in items:
                fn(item)
        best = min(best, (time.perf_counter() - start) / (rounds * len(items)))
    return best * 1000
