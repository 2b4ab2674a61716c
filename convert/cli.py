"""The ``newsconvert`` command line (click): the only layer that touches files, clocks and prints.

Commands are loaded lazily, so ``newsconvert convert a.txt -o a.xml`` imports the NewsML writer
and nothing else. Errors are one line naming the file, with a documented exit code; a traceback
only with ``--debug``.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import tomllib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PARTIAL,
    InputError,
    NewsconvertError,
    UsageError,
)

#: Commands defined in other modules: name -> "module:attribute" (imported only when used).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("convert.cli_validate:validate_command",
                 "Validate NewsML-G2 files against the IPTC schemas."),
    "schemas": ("convert.cli_validate:schemas_group", "Install or locate the IPTC XML schemas."),
    "batch": ("convert.cli_batch:batch", "Convert many articles in parallel, incrementally."),
}


class NewsGroup(click.Group):
    """A group that loads some commands lazily and turns our errors into one-line messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(n for n, (target, _) in LAZY_COMMANDS.items() if _importable(target))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None or cmd_name not in LAZY_COMMANDS:
            return cmd
        target, _ = LAZY_COMMANDS[cmd_name]
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(70)))
            else:
                rows.append((name, LAZY_COMMANDS[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except NewsconvertError as exc:
            if debug:
                raise
            _error(str(exc))
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `newsconvert parse a.txt | head`: the reader went away
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            _error("interrupted")
            ctx.exit(130)
        except Exception as exc:  # a bug: say so in one line unless debugging
            if debug:
                raise
            _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
            ctx.exit(EXIT_INTERNAL)


def _importable(target: str) -> bool:
    module = target.split(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _error(message: str) -> None:
    click.echo(f"newsconvert: error: {message}", err=True)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    click.echo(f"newsconvert: warning: {message}", err=True)


EPILOG = """\b
Exit codes: 0 success, 1 internal error, 2 bad usage or config, 3 bad input,
4 output cannot be written, 5 validation failed, 6 batch finished with some failures.
"""


@click.group(cls=NewsGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="newsconvert")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def main(debug: bool) -> None:
    """Turn news articles into DOCX, PDF, EPUB 3 and IPTC NewsML-G2.

    \b
    Examples:
      newsconvert convert article.txt -o article.docx
      newsconvert convert seeds/*.txt -d dist -t all
      newsconvert convert a.txt b.txt -o edition.epub --title "Morning edition"
      newsconvert parse article.txt --json
      newsconvert validate dist/*.xml
    """
    warnings.showwarning = _show_warning


# --------------------------------------------------------------------------- shared options


def _parse_meta(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"-M expects KEY=VALUE, got {item!r}")
        pairs.append((key.strip(), value))
    return tuple(pairs)


def _load_config(path: str | None) -> dict[str, Any]:
    """The config file: --config, else $NEWSCONVERT_CONFIG; TOML with [metadata] and [convert]."""
    path = path or os.environ.get("NEWSCONVERT_CONFIG")
    if not path:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read config file: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: config file is not valid TOML: {exc}") from None
    unknown = set(data) - {"metadata", "convert"}
    if unknown:
        raise UsageError(f"{path}: unknown config section(s): {', '.join(sorted(unknown))} "
                         "(known: metadata, convert)")
    for section in ("metadata", "convert"):
        if not isinstance(data.get(section, {}), dict):
            raise UsageError(f"{path}: [{section}] must be a table")
    known = {"style", "newsml_body", "provider", "language", "junk", "reference_docx"}
    unknown = set(data.get("convert", {})) - known
    if unknown:
        raise UsageError(f"{path}: unknown key(s) in [convert]: {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(known))})")
    return data


@dataclass(frozen=True)
class Settings:
    """Everything the options of convert/parse/batch resolve to."""

    read: Any
    style: str
    newsml_body: str
    reference_docx: Path | None
    title: str | None


def common_options(func: Any) -> Any:
    """Options shared by the commands that read articles (convert, parse, batch)."""
    options = [
        click.option("-M", "--metadata", "metadata", multiple=True, metavar="KEY=VALUE",
                     help="Set a metadata field, overriding the article (e.g. -M provider=example.org"
                          " -M urgency=3 -M keywords='a, b'). Repeatable."),
        click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
                     help="TOML config file with [metadata] defaults and [convert] settings "
                          "(default: $NEWSCONVERT_CONFIG)."),
        click.option("--from", "reader", default=None, metavar="FORMAT",
                     help="Input format (text, markdown); default: from the file extension."),
        click.option("--encoding", default=None, help="Input encoding instead of detection."),
        click.option("--language", default=None,
                     help="Article language when the article does not say (BCP 47; default en)."),
        click.option("--provider", default=None,
                     help="Provider (your domain) for identifiers and NewsML-G2 provider."),
        click.option("--junk", multiple=True, metavar="REGEX",
                     help="Extra scraped-junk line pattern to drop (whole line, case-insensitive)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def writer_options(func: Any) -> Any:
    """Options for commands that write outputs (convert, batch)."""
    options = [
        click.option("--style", default=None, metavar="NAME|FILE",
                     help="House style: a name from `newsconvert styles` or a .toml file "
                          "(default: default)."),
        click.option("--newsml-body", type=click.Choice(["xhtml", "nitf"]), default=None,
                     help="NewsML-G2 body format (default: xhtml)."),
        click.option("--reference-docx", type=click.Path(exists=True, dir_okay=False),
                     default=None, help="Take DOCX styles, headers and footers from this .docx."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def resolve_settings(*, metadata: Sequence[str], config: str | None, encoding: str | None,
                     language: str | None, provider: str | None, junk: Sequence[str],
                     style: str | None = None, newsml_body: str | None = None,
                     reference_docx: str | None = None, title: str | None = None,
                     **_: Any) -> Settings:
    """Merge config file and flags (flags win) into reader options and writer settings."""
    from .options import ReadOptions

    cfg = _load_config(config)
    conv = cfg.get("convert", {})
    defaults = tuple((str(k), ", ".join(map(str, v)) if isinstance(v, list) else str(v))
                     for k, v in cfg.get("metadata", {}).items())
    cfg_junk = conv.get("junk", [])
    read = ReadOptions(
        metadata=_parse_meta(metadata), defaults=defaults,
        default_language=language or conv.get("language", "en"),
        provider=provider or conv.get("provider", "newsconvert.invalid"),
        junk_patterns=tuple(cfg_junk if isinstance(cfg_junk, list) else [cfg_junk]) + tuple(junk),
        encoding=encoding,
    )
    ref = reference_docx or conv.get("reference_docx")
    return Settings(read=read, style=style or conv.get("style", "default"),
                    newsml_body=newsml_body or conv.get("newsml_body", "xhtml"),
                    reference_docx=Path(ref) if ref else None, title=title)


def read_input(path: str, settings: Settings, reader: str | None) -> tuple[Any, float | None]:
    """Read one input (``-`` is stdin); returns the Document and the input's mtime."""
    from .registry import get_reader, reader_for_path

    opts = replace(settings.read, origin="<stdin>" if path == "-" else path)
    if path == "-":
        data = sys.stdin.buffer.read()
        mtime = None
    else:
        p = Path(path)
        if p.is_dir():
            raise InputError("is a directory (use `newsconvert batch` for folders)", path=path)
        try:
            data = p.read_bytes()
            mtime = p.stat().st_mtime
        except FileNotFoundError:
            raise InputError("no such file", path=path) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    spec = get_reader(reader) if reader else reader_for_path(path)
    return spec.read(data, opts), mtime


def write_options_for(settings: Settings, doc: Any, mtime: float | None) -> Any:
    """WriteOptions for one article, with the reproducible timestamp policy."""
    from .options import WriteOptions, resolve_timestamp
    from .styles import load_style

    return WriteOptions(
        style=load_style(settings.style),
        timestamp=resolve_timestamp(article_date=doc.meta.date if doc else None,
                                    input_mtime=mtime),
        generator="newsconvert", generator_version=__version__,
        newsml_body=settings.newsml_body, reference_docx=settings.reference_docx,
        title=settings.title,
    )


def _formats(value: str | None) -> list[Any]:
    from .registry import get_writer, writer_list

    if value is None:
        return []
    names = [v.strip() for v in value.split(",") if v.strip()]
    if names == ["all"]:
        return writer_list()
    specs = []
    for name in names:
        spec = get_writer(name)
        if spec not in specs:
            specs.append(spec)
    return specs


# --------------------------------------------------------------------------- convert


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Output file ('-' for stdout). Several inputs with -o make one EPUB edition "
                   "or one NewsML-G2 newsMessage.")
@click.option("-d", "--outdir", default=None, metavar="DIR",
              help="Write one file per input and format into DIR (created if missing).")
@click.option("-t", "--to", "to", default=None, metavar="FORMAT[,FORMAT]",
              help="Output format(s): docx, pdf, epub, newsml or all. Default: from -o's "
                   "extension; with -d, all.")
@click.option("--title", default=None, help="Title of an EPUB edition / newsMessage.")
@writer_options
@common_options
def convert(inputs: tuple[str, ...], output: str | None, outdir: str | None, to: str | None,
            reader: str | None, **kwargs: Any) -> None:
    """Convert articles to DOCX, PDF, EPUB or NewsML-G2.

    INPUT is a plain-text (.txt) or Markdown (.md) article, or '-' for stdin.

    \b
    Examples:
      newsconvert convert article.txt -o article.docx
      newsconvert convert article.txt -o - -t newsml > article.xml
      newsconvert convert seeds/*.txt -d dist -t all
      newsconvert convert a.txt b.txt c.txt -o edition.epub --title "Morning edition"
      newsconvert convert a.txt -o a.xml --newsml-body nitf -M provider=example.org -M urgency=3
    """
    from .fsutil import atomic_write
    from .registry import writer_for_path

    if (output is None) == (outdir is None):
        raise UsageError("give exactly one of -o FILE or -d DIR")
    settings = resolve_settings(**kwargs)
    specs = _formats(to)
    if output is not None:
        if len(specs) > 1:
            raise UsageError("-o writes one file: give one format with -t, or use -d DIR")
        if output == "-" and not specs:
            raise UsageError("writing to stdout ('-o -') needs -t FORMAT")
        if output != "-" and Path(output).is_dir():
            raise UsageError(f"{output}: is a directory (use -d DIR for a folder)")
        spec = specs[0] if specs else writer_for_path(output)
        if len(inputs) == 1:
            doc, mtime = read_input(inputs[0], settings, reader)
            data = spec.write(doc, write_options_for(settings, doc, mtime))
        else:
            if not spec.many:
                raise UsageError(f"{spec.name} makes one file per article: use -d DIR for "
                                 "several inputs (epub and newsml can combine them with -o)")
            docs, mtimes = [], []
            for path in inputs:
                doc, mtime = read_input(path, settings, reader)
                docs.append(doc)
                mtimes.append(mtime)
            newest = max((m for m in mtimes if m is not None), default=None)
            latest = max((d.meta.date for d in docs if d.meta.date), default=None)
            from .options import resolve_timestamp

            opts = replace(write_options_for(settings, None, None),
                           timestamp=resolve_timestamp(article_date=latest, input_mtime=newest))
            data = spec.write_many(docs, opts)
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            atomic_write(output, data)
        return

    assert outdir is not None
    specs = specs or _formats("all")
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
        from .errors import OutputError

        raise OutputError(f"cannot create output folder: {exc.strerror}", path=outdir) from None
    failures = 0
    for path in inputs:
        try:
            doc, mtime = read_input(path, settings, reader)
            opts = write_options_for(settings, doc, mtime)
            stem = "stdin" if path == "-" else Path(path).stem
            for spec in specs:
                target = out / f"{stem}{spec.extensions[0]}"
                atomic_write(target, spec.write(doc, opts))
                click.echo(f"{path} -> {target}", err=True)
        except NewsconvertError as exc:
            if len(inputs) == 1:
                raise
            _error(str(exc))
            failures += 1
    if failures:
        click.echo(f"newsconvert: {failures} of {len(inputs)} inputs failed", err=True)
        sys.exit(EXIT_PARTIAL)
    sys.exit(EXIT_OK)


# --------------------------------------------------------------------------- parse


@main.command()
@click.argument("input_", metavar="INPUT")
@click.option("--json", "as_json", is_flag=True,
              help="Print the document model as JSON (the format is documented in the README).")
@common_options
def parse(input_: str, as_json: bool, reader: str | None, **kwargs: Any) -> None:
    """Show what the reader makes of an article.

    \b
    Examples:
      newsconvert parse article.txt --json
      newsconvert parse article.txt -M language=en-GB
    """
    from .model import block_text, to_dict

    settings = resolve_settings(**kwargs)
    doc, _ = read_input(input_, settings, reader)
    if as_json:
        click.echo(json.dumps(to_dict(doc), ensure_ascii=False, indent=2))
        return
    data = to_dict(doc)
    for key, value in data["meta"].items():
        click.echo(f"{key}: {value}")
    click.echo("")
    for block in doc.body:
        kind = type(block).__name__.lower()
        text = block_text(block).replace("\n", " | ")
        click.echo(f"[{kind}] {text[:100]}{'…' if len(text) > 100 else ''}")


# --------------------------------------------------------------------------- listings


@main.command()
def formats() -> None:
    """List the installed input and output formats."""
    from .registry import reader_list, writer_list

    click.echo("Output formats (-t):")
    for w in writer_list():
        aliases = f" (also: {', '.join(w.aliases)})" if w.aliases else ""
        click.echo(f"  {w.name:<8} {' '.join(w.extensions):<11} {w.description}{aliases}")
    click.echo("Input formats (--from):")
    for r in reader_list():
        exts = " ".join(e for e in r.extensions if e) or "-"
        click.echo(f"  {r.name:<8} {exts:<11} {r.description}")


@main.command()
def styles() -> None:
    """List the installed house styles (use with --style NAME)."""
    from .styles import available_styles, load_style

    for name, path in sorted(available_styles().items()):
        try:
            desc = load_style(path).description
        except NewsconvertError as exc:
            desc = f"(broken: {exc})"
        click.echo(f"  {name:<12} {desc}  [{path}]")


if __name__ == "__main__":  # pragma: no cover
    main()
