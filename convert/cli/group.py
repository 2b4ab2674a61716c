"""The ``newsconvert`` command group: one-line errors, exit codes, flags in any position, lazy commands.

Commands are loaded lazily, so ``newsconvert convert a.txt -o a.xml`` imports the NewsML writer
and nothing else. Errors, click's usage errors included, are one line naming the file or the
option, with a documented exit code; a traceback only with ``--debug``. ``--debug``, ``-q`` and
``-v`` are accepted before or after the command name (``newsconvert convert a.txt -o a.xml -q``).
"""

from __future__ import annotations

import errno
import importlib
import importlib.util
import os
import re
import sys
import warnings
from collections.abc import Sequence
from typing import Any

import click

from .. import __version__
from ..errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, NewsconvertError

#: Commands by name: "module:attribute" and the short help shown before the module is imported.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "convert": ("convert.cli.convert:convert", "Convert articles to DOCX, PDF, EPUB, NewsML-G2, "
                                               "ninjs or HTML."),
    "parse": ("convert.cli.convert:parse", "Show what the reader makes of an article, and why."),
    "batch": ("convert.cli.batch:batch", "Convert many articles in parallel, incrementally."),
    "validate": ("convert.cli.validate:validate_command",
                 "Validate NewsML-G2 files against the IPTC schemas."),
    "schemas": ("convert.cli.validate:schemas_group", "Install or locate the IPTC XML schemas."),
    "formats": ("convert.cli.listings:formats", "List the installed input and output formats."),
    "styles": ("convert.cli.listings:styles", "List the installed house styles (--style NAME)."),
    "fonts": ("convert.cli.listings:fonts", "List each script and the font that draws it (PDF)."),
}

#: Set for the run when the user has not set them. OPENBLAS_NUM_THREADS: numpy's only use here is
#: language identification (one vector-matrix product per article), and OpenBLAS starting a
#: thread per core when numpy loads cost more than the whole product (numpy's import: 76 ms
#: instead of 131 ms, medians of 15 on this 2-core VM); batch workers inherit it, so N workers
#: no longer start N thread pools each.
ENV_DEFAULTS = {"OPENBLAS_NUM_THREADS": "1"}
#: Where the flags valid in any position are kept: the root context's ``meta``.
_FLAGS = "newsconvert.flags"
#: name, declarations, help of the flags every command accepts.
GLOBAL_FLAGS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("debug", ("--debug",), "Show a traceback instead of a one-line error."),
    ("quiet", ("-q", "--quiet"), "Print errors only: no warnings, progress or summary."),
    ("verbose", ("-v", "--verbose"), "Say more: each output written, with its timings."),
)


def flag(name: str) -> bool:
    """Whether ``--debug``, ``--quiet`` or ``--verbose`` was given, before or after the command."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get(_FLAGS, {}).get(name))


def _remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and param.name:
        ctx.find_root().meta.setdefault(_FLAGS, {})[param.name] = True


def _global_options() -> list[click.Option]:
    return [click.Option([name, *decls], is_flag=True, expose_value=False, callback=_remember,
                         help=text) for name, decls, text in GLOBAL_FLAGS]


def with_global_options(cmd: click.Command) -> click.Command:
    """``cmd`` (and a group's subcommands) accepting the flags every command takes; idempotent."""
    if not any(p.name == "debug" for p in cmd.params):
        cmd.params.extend(_global_options())
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            with_global_options(sub)
    return cmd


class NewsGroup(click.Group):
    """Lazy commands, global flags anywhere, and our errors as one-line messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(n for n, (target, _) in LAZY_COMMANDS.items() if _importable(target))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[cmd_name][0].split(":")
            try:
                cmd = getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError):
                return None
        return with_global_options(cmd) if cmd is not None else None

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
        try:
            return super().invoke(ctx)
        except NewsconvertError as exc:
            if flag("debug"):
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
            if flag("debug"):
                raise
            echo_error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
            ctx.exit(EXIT_INTERNAL)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """The group's main: click's usage errors as one line and a hint instead of three lines."""
        for key, value in ENV_DEFAULTS.items():
            os.environ.setdefault(key, value)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # bare `newsconvert`: the help
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            echo_error(usage_line(exc))
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            echo_error(exc.format_message())
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            echo_error("aborted")
            sys.exit(EXIT_INTERNAL)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            sys.exit(EXIT_OK)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


def usage_line(exc: click.UsageError) -> str:
    """A click usage error as one line ending with where to look: ``… (see 'newsconvert convert --help')``."""
    message = " ".join(exc.format_message().split())
    message = re.sub(r"\.?\s*\(?Did you mean (.*?)\)?$", r"; did you mean \1", message).rstrip(".")
    if message and message[0].isupper() and not message[:2].isupper():
        message = message[0].lower() + message[1:]
    path = exc.ctx.command_path if exc.ctx is not None else "newsconvert"
    return f"{message} (see '{path} --help')"


def _importable(target: str) -> bool:
    module = target.split(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def echo_error(message: str) -> None:
    """One line on stderr: ``newsconvert: error: …``."""
    click.echo(f"newsconvert: error: {message}", err=True)


def warn(message: str) -> None:
    """One warning line on stderr, unless ``-q``."""
    if not flag("quiet"):
        click.echo(f"newsconvert: warning: {message}", err=True)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    warn(str(message))


EPILOG = """\b
Exit codes: 0 success, 1 internal error, 2 bad usage or config, 3 bad input,
4 output cannot be written, 5 validation failed, 6 some inputs failed,
7 warnings with --fail-on-warning.
Shell completion (bash): eval "$(_NEWSCONVERT_COMPLETE=bash_source newsconvert)"
"""


@click.group("newsconvert", cls=NewsGroup, epilog=EPILOG, params=_global_options(),
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="newsconvert")
def main() -> None:
    """Turn news articles into DOCX, PDF, EPUB 3, IPTC NewsML-G2, ninjs and HTML.

    \b
    Examples:
      newsconvert convert article.txt -o article.docx
      cat article.txt | newsconvert convert -t newsml > article.xml
      newsconvert convert seeds/*.txt -d dist -t all
      newsconvert convert a.txt b.txt c.txt -o edition.epub --title "Morning edition"
      newsconvert parse article.txt --json
      newsconvert validate dist/*.xml
    """
    warnings.showwarning = _show_warning


if __name__ == "__main__":  # pragma: no cover
    main()
