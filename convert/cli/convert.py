"""The ``convert`` and ``parse`` commands: one article, a folder of outputs, or one edition."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import (
    EXIT_OK,
    EXIT_PARTIAL,
    MultipleArticlesError,
    NewsconvertError,
    OutputError,
    UsageError,
)
from .main import echo_error, main
from .options import common_options, resolve_settings, writer_options


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Output file ('-' for stdout). Several inputs with -o make one EPUB edition "
                   "or one NewsML-G2 newsMessage.")
@click.option("-d", "--outdir", default=None, metavar="DIR",
              help="Write one file per input and format into DIR (created if missing).")
@click.option("-t", "--to", "to", default=None, metavar="FORMAT[,FORMAT]",
              help="Output format(s): docx, pdf, epub, newsml or all (every installed "
                   "writer). Default: from -o's extension; with -d, all.")
@click.option("--title", default=None, help="Title of an EPUB edition / newsMessage.")
@writer_options
@common_options
def convert(inputs: tuple[str, ...], output: str | None, outdir: str | None, to: str | None,
            reader: str | None, **kwargs: Any) -> None:
    """Convert articles to DOCX, PDF, EPUB or NewsML-G2.

    INPUT is an article in plain text, Markdown, NewsML-G2, NITF or DOCX (told by its
    content, then its extension; --from forces one), or '-' for stdin.

    \b
    Examples:
      newsconvert convert article.txt -o article.docx
      newsconvert convert article.txt -o - -t newsml > article.xml
      newsconvert convert seeds/*.txt -d dist -t all
      newsconvert convert a.txt b.txt c.txt -o edition.epub --title "Morning edition"
      newsconvert convert a.txt -o a.xml --newsml-body nitf -M provider=example.org -M urgency=3
    """
    from ..registry import resolve_formats, writer_for_path

    if (output is None) == (outdir is None):
        raise UsageError("give exactly one of -o FILE or -d DIR")
    settings = resolve_settings(**kwargs)
    specs = resolve_formats(to) if to is not None else ()
    if output is not None:
        if len(specs) > 1:
            raise UsageError("-o writes one file: give one format with -t, or use -d DIR")
        if output == "-" and not specs:
            raise UsageError("writing to stdout ('-o -') needs -t FORMAT")
        if output != "-" and Path(output).is_dir():
            raise UsageError(f"{output}: is a directory (use -d DIR for a folder)")
        spec = specs[0] if specs else writer_for_path(output)
        _convert_to_file(inputs, output, spec, settings.job([spec], reader))
    else:
        assert outdir is not None
        _convert_to_folder(inputs, outdir, settings.job(specs or resolve_formats("all"), reader))


def _convert_to_file(inputs: tuple[str, ...], output: str, spec: Any, job: Any) -> None:
    """One article, or several as one EPUB edition / newsMessage, to a file or stdout."""
    from ..fsutil import atomic_write
    from ..pipeline import convert_many, convert_one, load_input

    if len(inputs) == 1:
        source = load_input(inputs[0], reader=job.reader)
        try:
            converted = convert_one(source, job)
        except MultipleArticlesError:  # a newsMessage: one edition / message of its articles
            if not spec.many:
                raise
            data = convert_many([source], job, spec)
        else:
            converted.raise_first_error()
            _warn(source.origin, converted.warnings)
            data = converted.outputs[spec.name]
    else:
        if not spec.many:
            raise UsageError(f"{spec.name} makes one file per article: use -d DIR for "
                             "several inputs (epub and newsml can combine them with -o)")
        data = convert_many([load_input(p, reader=job.reader) for p in inputs], job, spec)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write(output, data)


def _warn(origin: str, messages: list[str]) -> None:
    """Each warning of one input as one line naming the file."""
    for message in messages:
        click.echo(f"newsconvert: warning: {origin}: {message}", err=True)


def _convert_to_folder(inputs: tuple[str, ...], outdir: str, job: Any) -> None:
    """One file per input and format; a bad input is reported and the others go on."""
    from ..fsutil import atomic_write
    from ..pipeline import convert_one, load_input

    stems: dict[str, str] = {}
    for path in inputs:
        stem = "stdin" if path == "-" else Path(path).stem
        if stem in stems and stems[stem] != path:
            raise UsageError(f"{stems[stem]} and {path} would both write {outdir}/{stem}.*; "
                             "rename one, or use `newsconvert batch`, which keeps folders")
        stems[stem] = path
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder: {exc.strerror}", path=outdir) from None
    failures = 0
    for path in inputs:
        try:
            source = load_input(path, reader=job.reader)
            converted = convert_one(source, job)
            _warn(source.origin, converted.warnings)
            stem = "stdin" if path == "-" else Path(path).stem
            for spec in job.formats:  # what rendered before a failed format is still written
                if spec.name in converted.errors:
                    raise converted.errors[spec.name]
                target = out / f"{stem}{spec.extensions[0]}"
                atomic_write(target, converted.outputs[spec.name])
                click.echo(f"{path} -> {target}", err=True)
        except NewsconvertError as exc:
            if len(inputs) == 1:
                raise
            echo_error(str(exc))
            failures += 1
    if failures:
        click.echo(f"newsconvert: {failures} of {len(inputs)} inputs failed", err=True)
        sys.exit(EXIT_PARTIAL)
    sys.exit(EXIT_OK)


@main.command()
@click.argument("input_", metavar="INPUT")
@click.option("--json", "as_json", is_flag=True,
              help="Print the document model as JSON (the format is documented in the README).")
@common_options
def parse(input_: str, as_json: bool, reader: str | None, **kwargs: Any) -> None:
    """Show what the reader makes of an article, and why.

    Prints the metadata, each block, and the reader's decisions: the encoding, the paragraph
    rule and its evidence, the language and its confidence, the dateline, byline, sign-off and
    credit found, the subheadings, and every junk line dropped. With --json the model is printed
    as JSON with these decisions under "diagnostics" (not part of the model).

    \b
    Examples:
      newsconvert parse article.txt --json
      newsconvert parse article.txt -M language=en-GB
    """
    from ..model import block_text, to_dict
    from ..pipeline import explain_source, load_input

    settings = resolve_settings(**kwargs)
    doc, diagnostics = explain_source(load_input(input_, reader=reader), settings.read)
    data = to_dict(doc)
    if as_json:
        data["diagnostics"] = diagnostics
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data["meta"].items():
        click.echo(f"{key}: {value}")
    click.echo("")
    for block in doc.body:
        kind = type(block).__name__.lower()
        text = block_text(block).replace("\n", " | ")
        click.echo(f"[{kind}] {text[:100]}{'…' if len(text) > 100 else ''}")
    if diagnostics:
        click.echo("")
        click.echo("What the reader decided:")
        for line in _diagnostic_lines(diagnostics):
            click.echo(f"  {line}")


def _diagnostic_lines(diagnostics: dict[str, Any]) -> list[str]:
    """The reader's diagnostics as text: one fact per line, lists one item per line."""
    lines = []
    for key, value in diagnostics.items():
        if isinstance(value, dict) and {"rule", "why"} <= set(value):
            lines.append(f"{key}: {value['rule']} ({value['why']})")
        elif isinstance(value, dict) and "tag" in value:
            confidence = value.get("confidence")
            shown = f", confidence {confidence:.2f}" if isinstance(confidence, (int, float)) else ""
            lines.append(f"{key}: {value['tag']} ({value.get('method')}{shown})")
        elif isinstance(value, dict):
            shown = "; ".join(f"{k} {v}" for k, v in value.items() if v not in (None, "", []))
            lines.append(f"{key}: {shown or '(none)'}")
        elif isinstance(value, list):
            lines.append(f"{key}: {len(value)}")
            lines.extend(f"  - {item}" for item in value)
        else:
            lines.append(f"{key}: {value if value not in (None, '') else '(none)'}")
    return lines
