"""Convert many articles at once: one task per article, in a process pool or on a Dask cluster.

Each article is read and parsed once and written to every requested format by the same task
(:func:`~convert.batching.worker.run_task`), which is what every executor runs. Worker processes
keep the house style, the writer modules (templates, fonts) and the NewsML-G2 schemas loaded
across tasks. Inputs are streamed through a bounded window of in-flight tasks, so memory does
not grow with the number of files. A manifest in the output folder (SQLite) records, per
output, the input's sha256, a fingerprint of the options and the newsconvert version, so a
re-run converts only what changed. The report is streamed to disk and the command line keeps
counts, not results. Outputs are written atomically; output names come only from the input's
path relative to what was named on the command line, checked so that nothing can be written
outside the output folder.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from msgspec.structs import replace

from ..errors import OutputError
from ..options import ReadOptions
from . import executors
from .config import (
    DEFAULT_GLOBS,
    BatchConfig,
    Task,
    fingerprints,
    normalise_metadata,
    style_ref,
    writer_names,
)
from .inputs import expand_inputs
from .manifest import Manifest
from .outputs import outdir_lock, output_stem, output_suffix, remove_parts_dir, remove_stale_parts
from .prune import find_orphans
from .results import CONVERTED, FAILED, SKIPPED, WARNED, ArticleResult, BatchResult, ReportWriter
from .worker import check_schemas

#: How often (seconds) the manifest is saved during a run, so a killed run loses little.
MANIFEST_SAVE_INTERVAL = 2.0


def batch(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    formats: str | Sequence[str] = "all",
    jobs: int | None = None,
    force: bool = False,
    style: str | os.PathLike[str] = "default",
    metadata: Mapping[str, str] | Iterable[str | tuple[str, str]] | None = None,
    newsml_body: str = "xhtml",
    scheduler: str | None = None,
    validate: bool = False,
    globs: Sequence[str] = DEFAULT_GLOBS,
    report: str | os.PathLike[str] | None = None,
    progress: Callable[[ArticleResult], None] | None = None,
    stdin: Iterable[str] | None = None,
    read_options: ReadOptions | None = None,
    reader: str | None = None,
    reference_docx: str | os.PathLike[str] | None = None,
    keep_results: bool = True,
    ninjs_version: str = "3.1",
    strict_fonts: bool = False,
    embed_fonts: bool = False,
    newsml_package: bool = False,
    fail_on_warning: bool = False,
    prune: bool = False,
) -> BatchResult:
    """Convert every article named by ``inputs`` into ``outdir``, once per requested format.

    ``inputs``: files, folders (searched recursively for ``globs``) or ``"-"`` (paths on stdin).
    ``jobs``: worker processes (default: the machine's cores; 1 converts in this process).
    ``scheduler``: a Dask scheduler address (``tcp://host:8786``) to run the tasks on instead.
    ``read_options``: reader settings as for :func:`convert.read_file` (``metadata`` is added to
    its overrides); ``reader``: force an input format; ``reference_docx``: DOCX styles source.
    Bad articles are reported in the result (``status == "failed"``), never raised; problems with
    the options themselves (unknown format, bad style, a folder another run holds) raise
    UsageError.
    ``ninjs_version``: "3.1" or "2.2"; ``strict_fonts``: a character no installed font has fails
    the article's PDF instead of a warning (each article's warnings are in its result);
    ``embed_fonts``: DOCX and EPUB embed font subsets; ``newsml_package``: NewsML-G2 packages.
    ``keep_results=False``: the result keeps counts but not one ``ArticleResult`` per input
    (``progress`` and ``report`` still see every one), so memory stays flat for any archive.
    An input skipped as up to date carries the warnings recorded when its outputs were made;
    ``fail_on_warning``: the result's ``exit_code`` is 7 when any article has warnings.
    Inputs the manifest knows whose file is gone are listed in ``result.orphans``;
    ``prune=True`` removes their recorded outputs (only files newsconvert wrote and nobody
    changed since). A folder, lock, manifest or report that cannot be written raises
    OutputError.
    Worker processes may be spawned, so a script calling this needs ``if __name__ == "__main__":``.
    """
    from ..pipeline import make_job

    started = time.perf_counter()
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    fmts = writer_names(formats)
    # The same checks as every entry point (NewsML body, input format, style, SOURCE_DATE_EPOCH):
    # a bad value is a usage error before any work. Workers rebuild the job from the config.
    make_job(style=style, formats=fmts, reader=reader, newsml_body=newsml_body,
             ninjs_version=ninjs_version)
    sde = os.environ.get("SOURCE_DATE_EPOCH", "").strip() or None
    style_path, style_digest = style_ref(style)
    jobs = max(1, int(jobs if jobs is not None else (os.cpu_count() or 1)))
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}",
                          path=str(out)) from None
    out = out.resolve()
    config = BatchConfig(outdir=str(out), formats=fmts, style=style_path,
                         metadata=normalise_metadata(metadata), newsml_body=newsml_body,
                         validate=validate, source_date_epoch=sde,
                         read_options=read_options or ReadOptions(), reader=reader,
                         reference_docx=(str(Path(reference_docx).resolve())
                                         if reference_docx else None),
                         ninjs_version=ninjs_version, strict_fonts=strict_fonts,
                         embed_fonts=embed_fonts, newsml_package=newsml_package)
    if validate and "newsml" in fmts:
        check_schemas()
    prints = fingerprints(config, style_digest)
    results: list[ArticleResult] = []
    counts = {CONVERTED: 0, SKIPPED: 0, FAILED: 0, WARNED: 0}

    with outdir_lock(out), contextlib.ExitStack() as stack:
        remove_stale_parts(out)  # before the report's temp file exists (it may be in OUTDIR)
        sink = (stack.enter_context(ReportWriter(report, config, jobs, scheduler))
                if report is not None else None)  # a failed run leaves no report at all
        manifest = Manifest(out)

        def note(res: ArticleResult) -> None:
            counts[res.status] += 1
            counts[WARNED] += bool(res.warnings)
            if keep_results:
                results.append(res)
            if sink is not None:
                sink.add(res)
            if progress is not None:
                progress(res)

        def plan() -> Iterator[Task]:
            """Turn inputs into tasks lazily; failures and up-to-date inputs are noted here."""
            for item in expand_inputs(inputs, globs=globs, outdir=out, stdin=stdin):
                stem = ""
                if item.error is None:
                    try:
                        stem = output_stem(item.rel)
                    except OutputError as exc:
                        item = replace(item, error=exc.message)
                if item.error is None:
                    earlier = manifest.claim_stem(stem, item.path)
                    if earlier is not None:
                        item = replace(item, error=f"output names collide with {earlier}")
                if item.error is not None:
                    note(ArticleResult(input=item.path, name=item.rel, status=FAILED,
                                       error=item.error))
                    continue
                if force:
                    stale, fresh = fmts, {}
                else:
                    stale, fresh = manifest.stale_formats(item.rel, item.path, fmts,
                                                          prints, out, validate)
                if not stale:
                    note(ArticleResult(input=item.path, name=item.rel, status=SKIPPED,
                                       outputs=fresh, warnings=manifest.warnings(item.rel)))
                    continue
                foreign = [] if force else manifest.foreign_outputs(item.rel, stale, out)
                if foreign:
                    note(ArticleResult(
                        input=item.path, name=item.rel, status=FAILED, outputs=fresh,
                        error=(f"{', '.join(foreign)} "
                               + ("already exists and was" if len(foreign) == 1 else
                                  "already exist and were")
                               + " not written by newsconvert; not overwritten "
                                 "(use --force to replace)")))
                    continue
                manifest.note_planned([stem + output_suffix(fmt) for fmt in stale])
                yield Task(item.path, item.rel, stale)

        if scheduler:
            runner = executors.run_dask(plan(), config, scheduler)
        elif jobs == 1:
            runner = executors.run_inline(plan(), config)
        else:
            runner = executors.run_pool(plan(), config, jobs)
        last_save = time.monotonic()
        try:
            for res in runner:
                manifest.record(res, prints)
                if len(res.outputs) < len(fmts):  # outputs fresh from before stay listed
                    for fmt, rel_out in manifest.fresh(res.name, res.sha256, prints,
                                                       fmts).items():
                        res.outputs.setdefault(fmt, rel_out)
                    if res.outputs and res.sha256 is not None:  # with their warnings
                        res.warnings = manifest.warnings(res.name)
                note(res)
                if time.monotonic() - last_save > MANIFEST_SAVE_INTERVAL:
                    manifest.save()
                    last_save = time.monotonic()
            orphans = find_orphans(manifest, out, prune=prune)
            manifest.save()
            manifest.close_journal(finished=True)
            remove_parts_dir(out)  # every worker is done; only empty folders are left
        finally:
            try:
                manifest.save()
            finally:
                manifest.close_journal(finished=False)  # the file stays for the next run
                manifest.close()

    result = BatchResult(articles=results, outdir=out, formats=fmts, jobs=jobs,
                         elapsed=time.perf_counter() - started, scheduler=scheduler,
                         counts=counts, fail_on_warning=fail_on_warning, orphans=orphans)
    if sink is not None:
        sink.finish(result)
    return result
