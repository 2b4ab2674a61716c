"""The ``newsconvert batch`` command: many articles to many formats, in parallel, incrementally."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import EXIT_WARNINGS
from .group import echo_error, flag, warn
from .options import (
    common_options,
    complete_formats,
    inapplicable,
    resolve_settings,
    writer_options,
)


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-d", "--outdir", required=True, type=click.Path(file_okay=False),
              help="Output folder (created); outputs mirror the inputs' relative paths.")
@click.option("-t", "--to", "formats", multiple=True, default=("all",), show_default=True,
              shell_complete=complete_formats,
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
@click.option("--prune", is_flag=True,
              help="Remove the outputs whose input is gone (only files the manifest recorded "
                   "and nobody changed since); without it they are listed.")
@writer_options
@common_options
def batch(inputs: tuple[str, ...], outdir: str, formats: tuple[str, ...], globs: tuple[str, ...],
          jobs: int | None, force: bool, validate: bool, scheduler: str | None,
          report: str | None, prune: bool, fail_on_warning: bool, reader: str | None,
          **options: Any) -> None:
    """Convert many articles (files, folders, or - for paths on stdin) into OUTDIR.

    Each article is parsed once and written to every format. A manifest in OUTDIR makes re-runs
    convert only what changed, and lists outputs whose input is gone (--prune removes them).
    Exit code 6 when some inputs failed (listed on stderr and in --report), the others being
    converted; 7 with --fail-on-warning when an article warned; 4 when OUTDIR, its lock, its
    manifest or the report cannot be written. Takes the same reading and style options as
    `convert`.

    \b
    Examples:
      newsconvert batch seeds/ -d dist -t all
      newsconvert batch archive/ -d out -t docx,epub -j 4 --report report.json
      find feed -name '*.txt' | newsconvert batch - -d out -t newsml --validate -q
      newsconvert batch archive/ -d out --prune --fail-on-warning
      newsconvert batch archive/ -d out --scheduler tcp://10.0.0.5:8786
    """
    from ..batching import DEFAULT_GLOBS, ArticleResult, expand_inputs
    from ..batching import batch as run_batch

    stdin_lines: list[str] | None = None
    if "-" in inputs:
        stdin_lines = click.get_text_stream("stdin").read().splitlines()
    patterns = globs or DEFAULT_GLOBS
    quiet, verbose = flag("quiet"), flag("verbose")
    show_bar = not quiet and not verbose and sys.stderr.isatty()
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
        elif verbose:
            outs = ", ".join(sorted(res.outputs.values())) or "-"
            spent = res.timings.get("total")
            click.echo(f"{res.status} {res.name or res.input} -> {outs}"
                       + (f" ({spent * 1000:.0f} ms)" if spent is not None else ""), err=True)

    settings = resolve_settings(**options)
    from ..registry import resolve_formats

    for message in inapplicable([s.name for s in resolve_formats(formats)], **options):
        warn(message)
    kwargs: dict[str, Any] = dict(
        formats=formats, jobs=jobs, force=force, style=settings.style,
        newsml_body=settings.newsml_body, scheduler=scheduler, validate=validate, globs=patterns,
        report=report, progress=progress, stdin=stdin_lines, read_options=settings.read,
        reader=reader, reference_docx=settings.reference_docx, keep_results=False,
        ninjs_version=settings.ninjs_version, strict_fonts=settings.strict_fonts,
        embed_fonts=settings.embed_fonts, newsml_package=settings.newsml_package,
        fail_on_warning=fail_on_warning, prune=prune)
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
    for res in warned:
        for message in res.warnings:
            warn(f"{res.name or res.input}: {message}")
    if not quiet:
        _tell_orphans(result)
        click.echo(result.summary(), err=True)
    if not result.total:
        click.echo("newsconvert: no input articles found", err=True)
    if result.exit_code == EXIT_WARNINGS:
        echo_error(f"{result.warned} article{'s' if result.warned != 1 else ''} gave warnings "
                   "(--fail-on-warning)")
    if result.exit_code:
        sys.exit(result.exit_code)


def _tell_orphans(result: Any) -> None:
    """One line per output whose input is gone: removed, left, or kept because it changed."""
    from ..batching.results import CHANGED, LEFT, REMOVED

    for orphan in result.orphans:
        for path, state in orphan.outputs.items():
            if state == REMOVED:
                click.echo(f"newsconvert: removed {path} (its input {orphan.input} is gone)",
                           err=True)
            elif state == LEFT:
                click.echo(f"newsconvert: {path}: its input {orphan.input} is gone "
                           "(--prune removes it)", err=True)
            elif state == CHANGED:
                warn(f"{path}: its input {orphan.input} is gone, but the file changed since "
                     "newsconvert wrote it; kept")
