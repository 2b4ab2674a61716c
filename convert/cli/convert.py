"""The ``convert`` and ``parse`` commands: one article, a folder of outputs, one edition, or stdin/stdout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_WARNINGS,
    MultipleArticlesError,
    NewsconvertError,
    OutputError,
    UnknownFormatError,
    UsageError,
)
from .group import echo_error, flag, warn
from .options import (
    common_options,
    complete_formats,
    inapplicable,
    resolve_settings,
    writer_options,
)

if TYPE_CHECKING:
    from ..registry import WriterSpec

#: The input name that means standard input.
STDIN = "-"
#: Endings of the media types of writers whose output is text (NewsML-G2, ninjs, HTML).
_TEXT_SUFFIXES = ("+xml", "/xml", "+json", "/json")


def is_text(spec: WriterSpec) -> bool:
    """Whether a writer's output is text a terminal can show, not bytes (DOCX, PDF, EPUB)."""
    media = spec.media_type.split(";")[0].strip().lower()
    return media.startswith("text/") or media.endswith(_TEXT_SUFFIXES)


def is_terminal(stream: Any) -> bool:
    """Whether a standard stream is a terminal (False for pipes, files and test runners)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Output file ('-': standard output). Several inputs with -o make one EPUB "
                   "edition, NewsML-G2 newsMessage, ninjs JSON Lines or HTML page. Without -o "
                   "and -d the output goes to standard output (-t needed; DOCX, PDF and EPUB "
                   "not onto a terminal).")
@click.option("-d", "--outdir", default=None, metavar="DIR",
              help="Write one file per input and format into DIR (created if missing).")
@click.option("-t", "--to", "to", default=None, metavar="FORMAT[,FORMAT]", shell_complete=complete_formats,
              help="Output format(s): docx, pdf, epub, newsml, ninjs, html or all (every "
                   "installed writer). Default: from -o's extension; with -d, all.")
@click.option("--title", default=None,
              help="Title of an output made of several articles (EPUB edition, newsMessage).")
@writer_options
@common_options
def convert(inputs: tuple[str, ...], output: str | None, outdir: str | None, to: str | None,
            reader: str | None, title: str | None, fail_on_warning: bool, **kwargs: Any) -> None:
    """Convert articles to DOCX, PDF, EPUB, NewsML-G2, ninjs or HTML.

    INPUT is an article in plain text, Markdown, NewsML-G2, NITF, DOCX or HTML (told by its
    content, then its extension; --from forces one); no INPUT, or '-', reads standard input.

    \b
    Examples:
      newsconvert convert article.txt -o article.docx
      cat article.txt | newsconvert convert -o article.pdf
      newsconvert convert article.txt -t newsml > article.xml
      newsconvert convert seeds/*.txt -d dist -t all
      newsconvert convert a.txt b.txt c.txt -o edition.epub --title "Morning edition"
      newsconvert convert a.txt -o a.xml --newsml-body nitf -M provider=example.org -M urgency=3
    """
    from ..registry import resolve_formats

    if output is not None and outdir is not None:
        raise UsageError("give -o FILE or -d DIR, not both")
    if not inputs:
        if is_terminal(sys.stdin):
            raise UsageError("no input: name an article file, or pipe one into standard input")
        inputs = (STDIN,)
    settings = resolve_settings(title=title, **kwargs)
    specs = resolve_formats(to) if to is not None else ()
    if outdir is None:
        spec = _file_format(output, specs)
        _warn_inapplicable([spec.name], kwargs)
        warned = _convert_to_file(inputs, output, spec, settings.job([spec], reader))
        failed = 0
    else:
        specs = specs or resolve_formats("all")
        _warn_inapplicable([s.name for s in specs], kwargs)
        if title is not None:
            warn("--title applies only to one file made of several articles; ignored")
        failed, warned = _convert_to_folder(inputs, outdir, settings.job(specs, reader))
    sys.exit(_exit_code(len(inputs), failed, warned, fail_on_warning))


def _warn_inapplicable(formats: list[str], given: dict[str, Any]) -> None:
    for message in inapplicable(formats, **given):
        warn(message)


def _exit_code(inputs: int, failed: int, warned: int, fail_on_warning: bool) -> int:
    """6 when some inputs failed; else 7 when articles warned and --fail-on-warning; else 0."""
    if failed:
        click.echo(f"newsconvert: {failed} of {inputs} inputs failed", err=True)
        return EXIT_PARTIAL
    if warned and fail_on_warning:
        echo_error(f"{warned} article{'s' if warned != 1 else ''} gave warnings "
                   "(--fail-on-warning)")
        return EXIT_WARNINGS
    return EXIT_OK


def _file_format(output: str | None, specs: tuple[WriterSpec, ...]) -> WriterSpec:
    """The one writer of ``-o FILE``, ``-o -`` or standard output, checked against the target.

    ``-o``'s extension and ``-t`` must agree; standard output needs ``-t``; a binary format is
    not written onto a terminal unless ``-o -`` asks for it (as pandoc does).
    """
    from ..registry import writer_for_path

    to_stdout = output in (None, STDIN)
    if len(specs) > 1:
        where = "standard output takes" if to_stdout else "-o writes"
        raise UsageError(f"{where} one format: give one with -t, or use -d DIR for several")
    if to_stdout:
        if not specs:
            raise UsageError("writing to standard output needs -t FORMAT (or -o FILE)")
        spec = specs[0]
        if output is None and not is_text(spec) and is_terminal(sys.stdout):
            raise UsageError(f"{spec.name} is binary and standard output is a terminal: "
                             "use -o FILE, or -o - to write it there anyway")
        return spec
    assert output is not None
    if Path(output).is_dir():
        raise UsageError(f"{output}: is a directory (use -d DIR for a folder)")
    if not specs:
        return writer_for_path(output)
    try:
        named = writer_for_path(output)
    except UnknownFormatError:  # an extension no writer claims: -t decides
        return specs[0]
    spec = specs[0]
    if named is not spec and Path(output).suffix.lower() not in spec.extensions:
        raise UsageError(f"-o {output} names a {named.name} file but -t asks for {spec.name}: "
                         f"drop -t, or name the file *{spec.extensions[0]}")
    return spec


def _convert_to_file(inputs: tuple[str, ...], output: str | None, spec: WriterSpec,
                     job: Any) -> int:
    """One article, or several as one output, to a file or standard output; articles warned."""
    from ..fsutil import atomic_write, write_error
    from ..pipeline import convert_many, convert_one, load_input

    combined = len(inputs) > 1
    timings: dict[str, float] = {}
    warned = 0
    if combined:
        if not spec.many:
            raise UsageError(f"{spec.name} makes one file per article: use -d DIR for "
                             "several inputs (epub, newsml, ninjs and html can combine them "
                             "with -o)")
        data = convert_many([load_input(p, reader=job.reader) for p in inputs], job, spec)
    else:
        source = load_input(inputs[0], reader=job.reader)
        try:
            converted = convert_one(source, job)
        except MultipleArticlesError:  # a newsMessage: one edition / message of its articles
            if not spec.many:
                raise
            data, combined = convert_many([source], job, spec), True
        else:
            converted.raise_first_error()
            _warn(source.origin, converted.warnings)
            warned = int(bool(converted.warnings))
            data, timings = converted.outputs[spec.name], converted.timings
    if job.write_options.title is not None and not combined:
        warn("--title applies only to one file made of several articles; ignored")
    if output in (None, STDIN):
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_error(exc, "<stdout>") from None
    else:
        atomic_write(output, data)
    _tell(", ".join(inputs), output or "<stdout>", timings)
    return warned


def _tell(source: str, target: str, timings: dict[str, float]) -> None:
    """With -v, ``a.txt -> a.docx (read 3 ms, docx 2 ms)`` on stderr; else nothing, as pandoc."""
    if flag("verbose"):
        spent = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items())
        click.echo(f"{source} -> {target}" + (f" ({spent})" if spent else ""), err=True)


def _warn(origin: str, messages: list[str]) -> None:
    """Each warning of one input as one line naming the file."""
    for message in messages:
        warn(f"{origin}: {message}")


def _convert_to_folder(inputs: tuple[str, ...], outdir: str, job: Any) -> tuple[int, int]:
    """One file per input and format; a bad input is reported and the others go on.

    Returns (inputs failed, inputs with warnings).
    """
    from ..fsutil import atomic_write
    from ..pipeline import convert_one, load_input

    stems: dict[str, str] = {}
    for path in inputs:
        stem = "stdin" if path == STDIN else Path(path).stem
        if stem in stems and stems[stem] != path:
            raise UsageError(f"{stems[stem]} and {path} would both write {outdir}/{stem}.*; "
                             "rename one, or use `newsconvert batch`, which keeps folders")
        stems[stem] = path
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}",
                          path=outdir) from None
    failures = warned = 0
    for path in inputs:
        try:
            source = load_input(path, reader=job.reader)
            converted = convert_one(source, job)
            _warn(source.origin, converted.warnings)
            warned += bool(converted.warnings)
            stem = "stdin" if path == STDIN else Path(path).stem
            for spec in job.formats:  # what rendered before a failed format is still written
                if spec.name in converted.errors:
                    raise converted.errors[spec.name]
                target = out / f"{stem}{spec.extensions[0]}"
                atomic_write(target, converted.outputs[spec.name])
                _tell(path, str(target), {k: v for k, v in converted.timings.items()
                                          if k in ("read", spec.name)})
        except NewsconvertError as exc:
            if len(inputs) == 1:
                raise
            echo_error(str(exc))
            failures += 1
    return failures, warned


@click.command()
@click.argument("input_", metavar="[INPUT]", required=False)
@click.option("--json", "as_json", is_flag=True,
              help="Print the document model as JSON (the format is documented in the README).")
@common_options
def parse(input_: str | None, as_json: bool, reader: str | None, **kwargs: Any) -> None:
    """Show what the reader makes of an article, and why.

    Prints the metadata, each block, and the reader's decisions: the encoding, the paragraph
    rule and its evidence, the language and its confidence, the dateline, byline, sign-off and
    credit found, the subheadings, and every junk line dropped. With --json the model is printed
    as JSON with these decisions under "diagnostics" (not part of the model). No INPUT, or
    '-', reads standard input.

    \b
    Examples:
      newsconvert parse article.txt --json
      newsconvert parse article.txt -M language=en-GB
    """
    from ..model import block_text, to_dict
    from ..pipeline import explain_source, load_input

    if input_ is None:
        if is_terminal(sys.stdin):
            raise UsageError("no input: name an article file, or pipe one into standard input")
        input_ = STDIN
    settings = resolve_settings(**kwargs)
    doc, diagnostics = explain_source(load_input(input_, reader=reader), settings.read)
    data = to_dict(doc)
    if as_json:
        import json  # here: only --json prints it (0.7 ms of every conversion's start)

        data["diagnostics"] = diagnostics
        _print([json.dumps(data, ensure_ascii=False, indent=2)])
        return
    out = [f"{key}: {value}" for key, value in data["meta"].items()]
    out.append("")
    for block in doc.body:
        kind = type(block).__name__.lower()
        text = block_text(block).replace("\n", " | ")
        out.append(f"[{kind}] {text[:100]}{'…' if len(text) > 100 else ''}")
    if diagnostics:
        out += ["", "What the reader decided:"]
        out += [f"  {line}" for line in _diagnostic_lines(diagnostics)]
    _print(out)


def _print(lines: list[str]) -> None:
    """Lines to standard output; a failed write (a full disk) is exit 4 like any output."""
    from ..fsutil import write_error

    try:
        click.echo("\n".join(lines))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise write_error(exc, "<stdout>") from None


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
