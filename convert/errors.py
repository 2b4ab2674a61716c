"""Exceptions with the exit codes the command line maps them to (documented in the README)."""

from __future__ import annotations

#: Exit codes of the ``newsconvert`` command.
EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug: an unexpected exception (traceback with --debug)
EXIT_USAGE = 2  # bad command line, unknown format, bad style or config file
EXIT_INPUT = 3  # an input article cannot be read (empty, binary, undecodable, too large)
EXIT_OUTPUT = 4  # an output cannot be written (permissions, disk full, path is a directory)
EXIT_INVALID = 5  # validation found errors (validate, --validate)
EXIT_PARTIAL = 6  # several inputs: some failed, the others were converted
EXIT_WARNINGS = 7  # --fail-on-warning: everything converted, but some article gave a warning


class NewsconvertError(Exception):
    """Base class: a problem we report as one line, never as a traceback."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class UsageError(NewsconvertError):
    """The command line or a configuration value is wrong."""

    exit_code = EXIT_USAGE


class UnknownFormatError(UsageError):
    """A reader or writer name that is not installed."""


class StyleError(UsageError):
    """A house style file is missing, malformed or has unknown keys / wrong types."""


class InputError(NewsconvertError):
    """An input article cannot be turned into a Document."""

    exit_code = EXIT_INPUT


class OutputError(NewsconvertError):
    """An output file cannot be written."""

    exit_code = EXIT_OUTPUT


class ValidationError(NewsconvertError):
    """An output or a given file does not validate."""

    exit_code = EXIT_INVALID


class UnsupportedFormatError(InputError):
    """An input in a format no installed reader reads (EPUB, PDF, an image, another XML)."""


class MultipleArticlesError(InputError):
    """An input holds several articles (a NewsML-G2 newsMessage) where one was asked for.

    ``read_many`` readers the pipeline offers (:meth:`convert.registry.ReaderSpec.read_many`)
    return them all; writers that combine articles (EPUB, newsMessage) take them together.
    """

    def __init__(self, message: str, *, count: int, path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.count = count
