"""What a batch reports: one result per article, the run's counts, and the streamed JSON report."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from .. import __version__
from ..errors import EXIT_OK, EXIT_PARTIAL, EXIT_WARNINGS, OutputError
from .config import BatchConfig

CONVERTED, SKIPPED, FAILED = "converted", "skipped", "failed"
#: The count of inputs with at least one warning (not a status: a warned input is converted).
WARNED = "warned"
#: What became of an output whose input is gone: left in place (no ``--prune``), removed, already
#: missing, or kept because it changed since newsconvert wrote it.
LEFT, REMOVED, MISSING, CHANGED = "left", "removed", "missing", "changed"


class ArticleResult(Struct):
    """What happened to one input."""

    #: The input path as found (absolute for folder and stdin inputs).
    input: str
    #: The input's relative name that output names derive from ("" when none could be made).
    name: str
    #: "converted", "skipped" (already up to date) or "failed".
    status: str
    #: Format -> output path relative to the output folder (written now or up to date).
    outputs: dict[str, str] = field(default_factory=dict)
    #: Seconds per stage: "read", each format (rendering, and validating with ``--validate``),
    #: "write" (creating all output files), "total".
    timings: dict[str, float] = field(default_factory=dict)
    #: One-line reason when ``status`` is "failed" (several joined with "; ").
    error: str | None = None
    #: Input facts for the manifest (filled by the task that read the file).
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    #: Formats whose NewsML-G2 output was validated in this run.
    validated: tuple[str, ...] = ()
    #: Output sizes in bytes, by format (for the manifest's up-to-date check).
    sizes: dict[str, int] = field(default_factory=dict)
    #: What the reader or a writer could not do as asked (characters no font has ...).
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report entry for this input."""
        return {
            "input": self.input, "name": self.name, "status": self.status,
            "outputs": dict(sorted(self.outputs.items())),
            "timings_ms": {k: round(v * 1000, 3) for k, v in self.timings.items()},
            "error": self.error, "warnings": list(self.warnings), "sha256": self.sha256,
        }


class Orphan(Struct):
    """An input the manifest knows whose file is gone, and its recorded outputs."""

    #: The input path as recorded when its outputs were made.
    input: str
    #: Its relative name.
    name: str
    #: Output path relative to the output folder -> LEFT, REMOVED, MISSING or CHANGED.
    outputs: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """The report entry."""
        return {"input": self.input, "name": self.name, "outputs": dict(self.outputs)}


class BatchResult(Struct):
    """Per-article results of a batch run, with the counts the summary line shows."""

    #: One result per input, in completion order (empty with ``keep_results=False``).
    articles: list[ArticleResult]
    outdir: Path
    formats: tuple[str, ...]
    jobs: int
    elapsed: float
    scheduler: str | None = None
    #: Inputs per status, counted as results came in (None: count ``articles``).
    counts: dict[str, int] | None = None
    #: Exit with EXIT_WARNINGS when an article warned (``--fail-on-warning``).
    fail_on_warning: bool = False
    #: Inputs whose file is gone, with their outputs (removed with ``prune=True``).
    orphans: list[Orphan] = field(default_factory=list)

    def _count(self, status: str) -> int:
        if self.counts is not None:
            return self.counts.get(status, 0)
        return sum(1 for a in self.articles if a.status == status)

    @property
    def total(self) -> int:
        """Inputs seen in this run (converted, skipped and failed)."""
        return self.converted + self.skipped + self.failed

    @property
    def converted(self) -> int:
        """Inputs converted in this run."""
        return self._count(CONVERTED)

    @property
    def skipped(self) -> int:
        """Inputs whose outputs were already up to date."""
        return self._count(SKIPPED)

    @property
    def failed(self) -> int:
        """Inputs that could not be converted (see each result's ``error``)."""
        return self._count(FAILED)

    @property
    def warned(self) -> int:
        """Inputs with at least one warning (see each result's ``warnings``)."""
        if self.counts is not None:
            return self.counts.get(WARNED, 0)
        return sum(1 for a in self.articles if a.warnings)

    @property
    def articles_per_second(self) -> float:
        """Converted articles per wall-clock second."""
        return self.converted / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """6 when any input failed; else 7 when an article warned and ``fail_on_warning``; else 0."""
        if self.failed:
            return EXIT_PARTIAL
        return EXIT_WARNINGS if self.fail_on_warning and self.warned else EXIT_OK

    def orphaned(self, state: str = LEFT) -> int:
        """Outputs of gone inputs in one state (LEFT: still there, REMOVED: pruned now)."""
        return sum(1 for o in self.orphans for s in o.outputs.values() if s == state)

    def summary(self) -> str:
        """The one-line summary the command line prints."""
        warned = f", {self.warned} with warnings" if self.warned else ""
        gone = ""
        if self.orphaned(REMOVED):
            gone += f", {self.orphaned(REMOVED)} outputs of gone inputs removed"
        if self.orphaned(LEFT):
            gone += f", {self.orphaned(LEFT)} outputs of gone inputs left (--prune removes them)"
        return (f"converted {self.converted}, skipped {self.skipped}, failed {self.failed}"
                f"{warned}{gone} in {self.elapsed:.2f} s "
                f"({self.articles_per_second:.1f} articles/s)")

    def summary_dict(self) -> dict[str, Any]:
        """The counts and speed, as the report's ``summary``."""
        return {"converted": self.converted, "skipped": self.skipped, "failed": self.failed,
                "warned": self.warned, "orphaned": self.orphaned(LEFT),
                "pruned": self.orphaned(REMOVED),
                "elapsed_s": round(self.elapsed, 3),
                "articles_per_second": round(self.articles_per_second, 2)}

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (``--report``) of the results kept."""
        return {**_report_head(self.outdir, self.formats, self.jobs, self.scheduler),
                "summary": self.summary_dict(),
                "articles": [a.to_dict() for a in self.articles],
                "orphans": [o.to_dict() for o in self.orphans]}


def _report_head(outdir: Path | str, formats: Sequence[str], jobs: int,
                 scheduler: str | None) -> dict[str, Any]:
    return {"newsconvert": __version__, "outdir": str(outdir), "formats": list(formats),
            "jobs": jobs, "scheduler": scheduler}


class ReportWriter:
    """Streams ``--report`` JSON to a hidden temp file beside it, renamed into place at the end.

    One article per line as results arrive, so a report of a million inputs needs no memory;
    the summary follows the articles. A failed run leaves no report (and no temp file).
    """

    def __init__(self, path: str | os.PathLike[str], config: BatchConfig, jobs: int,
                 scheduler: str | None) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        try:
            self.fh = open(self.tmp, "w", encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc.strerror}",
                              path=str(self.path)) from None
        head = json.dumps(_report_head(config.outdir, config.formats, jobs, scheduler),
                          ensure_ascii=False)
        self.fh.write(head[:-1] + ',\n "articles": [')
        self.first = True

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            self.abandon()

    def add(self, res: ArticleResult) -> None:
        """Append one article's entry."""
        self.fh.write(("\n  " if self.first else ",\n  ")
                      + json.dumps(res.to_dict(), ensure_ascii=False))
        self.first = False

    def finish(self, result: BatchResult) -> None:
        """Close the array, add the summary, and move the report into place."""
        try:
            self.fh.write(("\n ]" if not self.first else "]") + ',\n "summary": '
                          + json.dumps(result.summary_dict()) + ',\n "orphans": '
                          + json.dumps([o.to_dict() for o in result.orphans],
                                       ensure_ascii=False) + "\n}\n")
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.abandon()
            raise OutputError(f"cannot write the report: {exc.strerror}",
                              path=str(self.path)) from None

    def abandon(self) -> None:
        """Drop the temp file (a failed run leaves no report)."""
        with contextlib.suppress(OSError):
            self.fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)
