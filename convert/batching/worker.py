"""The per-article task every executor runs, and the warm per-process state it runs in."""

from __future__ import annotations

import hashlib
import threading
import time
import traceback
from pathlib import Path

from msgspec.structs import replace

from ..errors import NewsconvertError, StyleError, ValidationError
from ..pipeline import make_job
from .config import BatchConfig, Task
from .outputs import output_name, safe_output_path, write_output
from .results import CONVERTED, FAILED, ArticleResult

#: Errors of an invalid NewsML-G2 output named in its article's message (the rest are dropped).
SHOWN_VALIDATION_ERRORS = 3


def newsml_errors(data: bytes, name: str) -> list[str]:
    """The messages of the error findings of a NewsML-G2 output (warnings do not fail it)."""
    from ..validate import validate_bytes

    return [f.message for f in validate_bytes(data, name).findings if f.level == "error"]


def check_schemas() -> None:
    """Fail early, with the validator's own message, when NewsML-G2 schemas are unavailable."""
    from ..validate import load_schema

    load_schema()  # raises a UsageError subclass naming where schemas were looked for


class _Worker:
    """Per-process state: style, writer modules, schemas, all loaded once and warmed up."""

    def __init__(self, config: BatchConfig) -> None:
        from ..registry import get_writer

        self.config = config
        #: Why the reference .docx cannot be read here (each DOCX output then fails with it):
        #: a Dask worker may not see the client's file.
        self.reference_error: str | None = None
        reference = None
        if config.reference_docx:
            try:
                reference = Path(config.reference_docx).read_bytes()
            except OSError as exc:
                self.reference_error = f"reference .docx not found: {exc.strerror}"
        self.read_options = replace(config.read_options,
                                    metadata=config.read_options.metadata + config.metadata)
        sde = config.source_date_epoch
        #: The pipeline job of this run, built as every entry point builds one (the client's
        #: SOURCE_DATE_EPOCH, never this worker's); each task narrows it to its stale formats.
        job = make_job(style=config.style, formats=config.formats,
                       read_options=self.read_options, reader=config.reader,
                       newsml_body=config.newsml_body, ninjs_version=config.ninjs_version,
                       strict_fonts=config.strict_fonts, embed_fonts=config.embed_fonts,
                       newsml_package=config.newsml_package,
                       env={} if sde is None else {"SOURCE_DATE_EPOCH": sde})
        self.base = replace(job.write_options, reference_docx=reference)
        self.job = replace(job, write_options=self.base)
        self.writers = {fmt: get_writer(fmt) for fmt in config.formats}
        self.validate = config.validate and "newsml" in config.formats
        self._warm_up()

    def _warm_up(self) -> None:
        """Write a tiny article once per format, so templates, fonts and schemas load now."""
        from ..model import Document, Meta, Paragraph, Text

        doc = Document(Meta(headline="Warm-up"), (Paragraph((Text("Warm-up paragraph."),)),))
        for fmt, spec in self.writers.items():
            try:
                data = spec.write(doc, self.base)
                if fmt == "newsml" and self.validate:
                    newsml_errors(data, "warm-up.xml")
            except Exception:  # a broken writer is reported per article, not at start-up
                pass

    def convert(self, task: Task) -> ArticleResult:
        """Convert one article through the pipeline, then validate and write each output.

        Never raises for a bad article: its result says what failed, format by format.
        """
        from ..pipeline import convert_one, load_input

        t0 = time.perf_counter()
        res = ArticleResult(input=task.path, name=task.rel, status=FAILED)
        errors: list[str] = []
        blocked = "docx" if self.reference_error is not None else None
        job = replace(self.job, formats=tuple(self.writers[f] for f in task.formats
                                              if f != blocked))
        try:
            source = load_input(task.path, reader=self.config.reader,
                                max_bytes=self.read_options.max_bytes)
            res.sha256 = hashlib.sha256(source.data).hexdigest()
            res.size, res.mtime_ns = source.size, source.mtime_ns
            converted = convert_one(replace(source, origin=task.rel), job)
        except Exception as exc:
            res.error = describe_error(exc, task.rel)
            res.timings["total"] = time.perf_counter() - t0
            return res
        res.timings["read"] = converted.timings["read"]
        res.warnings = list(converted.warnings)
        writing = 0.0
        for fmt in task.formats:
            t1 = time.perf_counter()
            t2 = None
            try:
                if fmt == blocked:
                    raise StyleError(str(self.reference_error), path=self.config.reference_docx)
                if fmt in converted.errors:
                    raise converted.errors[fmt]
                out = converted.outputs[fmt]
                if fmt == "newsml" and self.validate:
                    problems = newsml_errors(out, task.rel)
                    if problems:
                        raise ValidationError(
                            "NewsML-G2 output does not validate: "
                            + " | ".join(problems[:SHOWN_VALIDATION_ERRORS]), path=task.rel)
                    res.validated = (*res.validated, fmt)
                t2 = time.perf_counter()
                rel_out = output_name(task.rel, fmt)
                write_output(safe_output_path(self.config.outdir, rel_out, resolved=True), out,
                             self.config.outdir)
                res.outputs[fmt] = rel_out
                res.sizes[fmt] = len(out)
            except Exception as exc:
                errors.append(f"{fmt}: {describe_error(exc, task.rel)}")
            t3 = time.perf_counter()
            rendered = converted.timings.get(fmt, 0.0)  # rendering, then validating below
            res.timings[fmt] = rendered + ((t2 if t2 is not None else t3) - t1)
            if t2 is not None:
                writing += t3 - t2
        res.timings["write"] = writing
        res.timings["total"] = time.perf_counter() - t0
        res.status = FAILED if errors else CONVERTED
        res.error = "; ".join(errors) if errors else None
        return res


def describe_error(exc: BaseException, origin: str) -> str:
    """One line for the report: our errors as they print, anything else as an internal error."""
    if isinstance(exc, NewsconvertError):
        return exc.message if exc.path in (None, origin) or not exc.path else str(exc)
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    loc = f" at {Path(where[0].filename).name}:{where[0].lineno}" if where else ""
    return f"internal error: {type(exc).__name__}: {exc}{loc}"


_WORKERS: dict[BatchConfig, _Worker] = {}
#: One task at a time per process. The writers are safe to call from several threads (tested
#: per writer), but a Dask worker's threads share one GIL, so running them side by side buys no
#: speed and would blur each article's timings; processes are the unit of parallelism here.
_LOCK = threading.Lock()


def _worker(config: BatchConfig) -> _Worker:
    w = _WORKERS.get(config)
    if w is None:
        w = _WORKERS[config] = _Worker(config)
    return w


def init_worker(config: BatchConfig) -> None:
    """Process-pool initializer (also usable with Dask's ``client.run``): load and warm up."""
    with _LOCK:
        _worker(config)


def run_task(task: Task, config: BatchConfig) -> ArticleResult:
    """The per-article task every executor runs: convert one article, return its result."""
    with _LOCK:
        return _worker(config).convert(task)


def run_tasks(tasks: list[Task], config: BatchConfig) -> list[ArticleResult]:
    """:func:`run_task` for a few articles sent together (the process pool's submissions)."""
    with _LOCK:
        worker = _worker(config)
        return [worker.convert(task) for task in tasks]
