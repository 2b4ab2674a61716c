"""The ``newsconvert`` command group: error handling, exit codes, lazy commands and listings.

Commands are loaded lazily, so ``newsconvert convert a.txt -o a.xml`` imports the NewsML writer
and nothing else. Errors are one line naming the file, with a documented exit code; a traceback
only with ``--debug``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import warnings
from typing import Any

import click

from .. import __version__
from ..errors import EXIT_INTERNAL, EXIT_OK, NewsconvertError

#: Commands defined in other modules: name -> "module:attribute" (imported only when used).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("convert.cli.validate:validate_command",
                 "Validate NewsML-G2 files against the IPTC schemas."),
    "schemas": ("convert.cli.validate:schemas_group", "Install or locate the IPTC XML schemas."),
    "batch": ("convert.cli.batch:batch", "Convert many articles in parallel, incrementally."),
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
            echo_error(str(exc))
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `newsconvert parse a.txt | head`: the reader went away
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            echo_error("interrupted")
            ctx.exit(130)
        except Exception as exc:  # a bug: say so in one line unless debugging
            if debug:
                raise
            echo_error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
            ctx.exit(EXIT_INTERNAL)


def _importable(target: str) -> bool:
    module = target.split(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def echo_error(message: str) -> None:
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


# --------------------------------------------------------------------------- listings


@main.command()
def formats() -> None:
    """List the installed input and output formats."""
    from ..registry import reader_list, writer_list

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
    from ..styles import available_styles, load_style

    for name, path in sorted(available_styles().items()):
        try:
            desc = load_style(path).description
        except NewsconvertError as exc:
            desc = f"(broken: {exc})"
        click.echo(f"  {name:<12} {desc}  [{path}]")


@main.command()
@click.option("--language", default="", metavar="TAG",
              help="Show the faces chosen for an article in this language (e.g. ur: Nastaliq).")
@click.option("--sans", is_flag=True, help="The sans-serif chains (headlines) instead of serif.")
def fonts(language: str, sans: bool) -> None:
    """List each script and the font that draws it on this machine (PDF fallback chains).

    A script without a font is drawn as boxes; its line names the package to install.
    `convert --strict-fonts` turns such characters into an error instead of a warning.
    """
    from ..writers.pdf import script_fonts

    rows = script_fonts(language=language, generic="sans-serif" if sans else "serif")
    click.echo(f"{'script':<6} {'name':<22} {'font':<26} {'from':<7} file or what to install")
    for row in rows:
        if row.path is None:
            click.echo(f"{row.code:<6} {row.name:<22} {'(none)':<26} {'':<7} "
                       f"install {row.install or 'a font for this script'}")
        else:
            click.echo(f"{row.code:<6} {row.name:<22} {row.family:<26} {row.source:<7} {row.path}")
    missing = sum(1 for row in rows if row.path is None)
    click.echo(f"{len(rows) - missing} of {len(rows)} scripts have a font"
               + ("" if language else "; --language ur, fa, ja, ko … shows per-language faces"))


if __name__ == "__main__":  # pragma: no cover
    main()
