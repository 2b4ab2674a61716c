"""The ``newsconvert batch`` command: many articles to many formats, in parallel, incrementally."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import EXIT_PARTIAL
from .options import common_options, resolve_settings, writer_options


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-d", "--outdir", required=True, type=click.Path(file_okay=False),
              help="Output folder (created); outputs mirror the inputs' relative paths.")
@click.option("-t", "--to", "formats", multiple=True, default=("all",), show_default=True,
              help="Formats, comma-separated: docx,pdf,epub,newsml or all (repeatable).")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="Files to pick up inside input folders (repeatable; default: every input "
                   "format: *.txt *.md *.markdown *.xml *.docx *.html *.htm).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the machine's cores; 1 = no subprocesses).")
@click.option("--force", is_flag=True, help="Convert everything, even outputs that are up to date.")
@click.option("--validate", is_flag=True,
              help="Validate each NewsML-G2 output; an invalid one fails its article.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the work on a Dask distributed cluster (needs newsconvert[dask]).")
@click.option("--report", type=click.Path(dir_okay=False),
              help="Write a JSON report listing every input with status, outputs, timings, error.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@writer_options
@common_options
def batch(inputs: tuple[str, ...], outdir: str, formats: tuple[str, ...], globs: tuple[str, ...],
          jobs: int | None, force: bool, validate: bool, scheduler: str | None,
          report: str | None, quiet: bool, reader: str | None, **options: Any) -> None:
    """Convert many articles (files, folders, or - for paths on stdin) into OUTDIR.

    Each article is parsed once and written to every format. A manifest in OUTDIR makes re-runs
    convert only what changed. Exit code 6 when some inputs failed (listed on stderr and in
    --report); the others are converted. Takes the same reading and style options as `convert`.

    \b
    Examples:
      newsconvert batch seeds/ -d dist -t all
      newsconvert batch archive/ -d out -t docx,epub -j 4 --report report.json
      find feed -name '*.txt' | newsconvert batch - -d out -t newsml --validate -q
      newsconvert batch archive/ -d out --scheduler tcp://10.0.0.5:8786
    """
    from ..batching import DEFAULT_GLOBS, ArticleResult, expand_inputs
    from ..batching import batch as run_batch

    stdin_lines: list[str] | None = None
    if "-" in inputs:
        stdin_lines = click.get_text_stream("stdin").read().splitlines()
    patterns = globs or DEFAULT_GLOBS
    show_bar = not quiet and sys.stderr.isatty()
    bar: Any = None
    failures: list[ArticleResult] = []
    warned: list[ArticleResult] = []

    def progress(res: ArticleResult) -> None:
        if res.status == "failed":
            failures.append(res)
        if res.warnings:
            warned.append(res)  # shown after the progress bar, each naming its file
        if bar is not None:
            bar.update(1)

    settings = resolve_settings(**options)
    kwargs: dict[str, Any] = dict(
        formats=formats, jobs=jobs, force=force, style=settings.style,
        newsml_body=settings.newsml_body, scheduler=scheduler, validate=validate, globs=patterns,
        report=report, progress=progress, stdin=stdin_lines, read_options=settings.read,
        reader=reader, reference_docx=settings.reference_docx, keep_results=False,
        ninjs_version=settings.ninjs_version, strict_fonts=settings.strict_fonts)
    if show_bar:
        total = sum(1 for _ in expand_inputs(inputs, globs=patterns, outdir=outdir,
                                             stdin=stdin_lines))
        with click.progressbar(length=total, label="converting", file=sys.stderr,
                               show_pos=True, show_eta=True) as b:
            bar = b
            result = run_batch(inputs, outdir, **kwargs)
    else:
        result = run_batch(inputs, outdir, **kwargs)
    for res in failures:
        click.echo(f"newsconvert: {res.name or res.input}: {res.error}", err=True)
    if not quiet:
        for res in warned:
            for message in res.warnings:
                click.echo(f"newsconvert: warning: {res.name or res.input}: {message}", err=True)
    if not quiet:
        click.echo(result.summary(), err=True)
    if not result.total:
        click.echo("newsconvert: no input articles found", err=True)
    if result.failed:
        sys.exit(EXIT_PARTIAL)
