"""Batch conversion: many articles to many formats, in parallel, incrementally (``convert.batch``).

What a run guarantees is told in :mod:`convert.batching.api`. The modules, in the order a run
uses them: ``config`` (the run's settings, tasks, fingerprints), ``inputs`` (finding the
articles), ``manifest`` (what is up to date), ``worker`` (the per-article task), ``executors``
(inline, process pool, Dask), ``outputs`` (safe names, atomic writes, the folder lock) and
``results`` (per-article results, counts, the streamed report).
"""

from __future__ import annotations

from .api import batch
from .config import DEFAULT_GLOBS, MANIFEST_NAME, PARTS_NAME, BatchConfig, Task
from .inputs import Input, expand_inputs
from .manifest import Manifest
from .outputs import check_relative_name, output_name, output_stem, safe_output_path, write_output
from .results import ArticleResult, BatchResult
from .worker import run_task

__all__ = [
    "DEFAULT_GLOBS", "MANIFEST_NAME", "PARTS_NAME", "ArticleResult", "BatchConfig", "BatchResult",
    "Input", "Manifest", "Task", "batch", "check_relative_name", "expand_inputs", "output_name",
    "output_stem", "run_task", "safe_output_path", "write_output",
]
