"""The one conversion path: load an input, read it once, stamp it, render every requested format.

The command line (``convert``, one file, ``-d`` and editions), the Python API and the batch
workers (process pool and Dask) all go through here, so reading, the timestamp policy and the
choice of writers are decided in one place. Nothing here writes files: callers own where the
bytes go (stdout, an atomic file, a batch worker's parts folder).

    job = make_job(style="default", formats="all")
    article = convert_one(load_input("a.txt"), job)
    article.outputs["docx"]  # bytes
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from msgspec import Struct, field
from msgspec.structs import replace

from .errors import InputError, UsageError
from .model import Document
from .options import ReadOptions, WriteOptions, parse_source_date_epoch
from .registry import WriterSpec, get_reader, reader_for_input, reader_for_path, resolve_formats
from .styles import HouseStyle, load_style

#: The name standard input goes by in messages and output names.
STDIN = "-"


class Source(Struct, frozen=True):
    """One input's bytes and facts, loaded once."""

    data: bytes
    #: The name used in messages ("seeds/a.txt", "<stdin>").
    origin: str
    #: The input format (a reader name): forced by the caller, else told by content and extension.
    format: str
    #: Modification time (seconds) and size of the file; None for stdin.
    mtime: float | None = None
    mtime_ns: int | None = None
    size: int | None = None
    #: The folder of the input file, where its pictures are looked for; None for stdin.
    folder: str | None = None


class Job(Struct, frozen=True):
    """Everything a conversion needs besides its inputs: one value for a whole run.

    Frozen, hashable and picklable, so a batch ships it to worker processes (or a Dask cluster)
    once and each worker keys its warm state on it.
    """

    read_options: ReadOptions
    #: The writers' options before stamping (style, generator, NewsML body, reference .docx).
    write_options: WriteOptions
    formats: tuple[WriterSpec, ...] = ()
    #: Force one input format for every input (``--from``); None: from each file's extension.
    reader: str | None = None
    #: ``SOURCE_DATE_EPOCH`` as read by the entry point; stamps every output when set.
    source_date_epoch: datetime | None = None


class Converted(Struct):
    """One article read once and rendered in every format of the job."""

    document: Document
    #: The write options as stamped for this article.
    options: WriteOptions
    #: Writer name -> output bytes, in the job's order.
    outputs: dict[str, bytes] = field(default_factory=dict)
    #: Writer name -> the exception that writer raised (the other formats still rendered).
    errors: dict[str, Exception] = field(default_factory=dict)
    #: Seconds: "read", then one entry per writer name.
    timings: dict[str, float] = field(default_factory=dict)
    #: One line per thing the reader or a writer could not do as asked (a picture not found,
    #: characters no installed font has), without the file name, for the caller to show.
    warnings: list[str] = field(default_factory=list)

    def raise_first_error(self) -> None:
        """Raise the first writer's error, for callers where one failed format fails the input."""
        for exc in self.errors.values():
            raise exc


def make_job(*, style: str | os.PathLike[str] | HouseStyle = "default",
             formats: str | Sequence[str] | Sequence[WriterSpec] = (),
             read_options: ReadOptions | None = None, reader: str | None = None,
             newsml_body: str = "xhtml",
             reference_docx: str | os.PathLike[str] | bytes | None = None,
             title: str | None = None, ninjs_version: str = "3.1", strict_fonts: bool = False,
             embed_fonts: bool = False, newsml_package: bool = False,
             env: Mapping[str, str] | None = None) -> Job:
    """A job from what a user names: a style name or file, format names, a reference .docx path.

    The one place user-level settings become values: the style is loaded, the reference .docx
    read, ``SOURCE_DATE_EPOCH`` taken from ``env`` (default: this process's environment), and
    every bad value is a usage error now, before any input is read.
    """
    from . import __version__

    if newsml_body not in ("xhtml", "nitf"):
        raise UsageError(f"--newsml-body must be xhtml or nitf, got {newsml_body!r}")
    if ninjs_version not in ("3.1", "2.2"):
        raise UsageError(f"--ninjs-version must be 3.1 or 2.2, got {ninjs_version!r}")
    if reader is not None:
        get_reader(reader)  # an unknown input format is a usage error now, not per article
    house = style if isinstance(style, HouseStyle) else load_style(style)
    if formats and all(isinstance(f, WriterSpec) for f in formats):
        specs = tuple(formats)  # type: ignore[arg-type]
    else:
        specs = resolve_formats(formats) if formats else ()  # type: ignore[arg-type]
    if isinstance(reference_docx, (str, os.PathLike)):
        ref_path = os.fspath(reference_docx)
        try:
            reference_docx = Path(ref_path).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read the reference .docx: {exc.strerror}",
                             path=ref_path) from None
        if any(spec.name == "docx" for spec in specs):
            # A broken reference is the user's file, not an article: say so once, naming it,
            # before any input is read (the writer only sees bytes and cannot name the file).
            from .writers.docx.package import Package

            Package(reference_docx, origin=ref_path)
    write = WriteOptions(style=house, generator="newsconvert", generator_version=__version__,
                         newsml_body=newsml_body, reference_docx=reference_docx, title=title,
                         ninjs_version=ninjs_version, strict_fonts=strict_fonts,
                         embed_fonts=embed_fonts, newsml_package=newsml_package,
                         font_cache=default_cache("fonts"),
                         template_cache=default_cache("docx-templates"))
    return Job(read_options=read_options or ReadOptions(), write_options=write, formats=specs,
               reader=reader, source_date_epoch=parse_source_date_epoch(env))


def default_cache(name: str) -> Path:
    """A folder in the user's cache (platformdirs reads the environment).

    ``fonts``: the PDF writer's font copies; ``docx-templates``: the DOCX writer's templates.
    """
    from .userdirs import cache_dir

    return cache_dir() / name


def load_input(path: str | os.PathLike[str], *, reader: str | None = None,
               stdin: BinaryIO | None = None, max_bytes: int | None = None) -> Source:
    """Read one input file (``-``: standard input) and tell its format.

    The format is ``reader`` when given (``--from``), else what the content and the extension
    say (:func:`convert.registry.reader_for_input`); a format nothing reads raises
    :class:`~convert.errors.UnsupportedFormatError`. ``max_bytes``: read at most one byte more
    than this, so an oversized input costs no more memory than the limit (the reader then
    rejects it with its own message).
    """
    name = os.fspath(path)
    forced = get_reader(reader).name if reader else None
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
        return Source(data, "<stdin>", forced or _format("<stdin>", data, max_bytes))
    try:
        with open(name, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an article file (use `newsconvert batch` "
                         "for folders)", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=name) from None
    fmt = forced or _format(name, data, max_bytes)
    return Source(data, name, fmt, mtime=st.st_mtime, mtime_ns=st.st_mtime_ns, size=st.st_size,
                  folder=os.path.dirname(os.path.abspath(name)))


def _format(name: str, data: bytes, max_bytes: int | None) -> str:
    """The input's reader name, told by content and extension.

    An oversized input, cut at the limit, goes by its extension alone: its content is incomplete,
    and its reader rejects its size with its own message.
    """
    if max_bytes is not None and len(data) > max_bytes:
        return reader_for_path(name).name
    return reader_for_input(name, data).name


def read_source(source: Source, options: ReadOptions) -> Document:
    """Parse a loaded input with its reader; ``origin`` names it in messages."""
    return get_reader(source.format).read(source.data, replace(options, origin=source.origin))


def read_documents(source: Source, options: ReadOptions) -> list[Document]:
    """Every article of a loaded input: one, or several (a NewsML-G2 newsMessage)."""
    return get_reader(source.format).read_many(source.data, replace(options, origin=source.origin))


def explain_source(source: Source, options: ReadOptions) -> tuple[Document, dict[str, Any]]:
    """Parse a loaded input and return the reader's diagnostics too (``newsconvert parse``)."""
    return get_reader(source.format).explain(source.data, replace(options, origin=source.origin))


def load_pictures(doc: Document, source: Source, options: ReadOptions) -> tuple[Document, list[str]]:
    """The article's pictures loaded from its folder, ``--resource-path`` or (when asked) the web.

    Returns the document and one warning per picture that could not be loaded (its caption kept).
    """
    from .resources import PictureSources
    from .resources import load_pictures as load

    return load(doc, PictureSources(source.folder, options.resource_path, options.fetch_remote))


def stamp(job: Job, docs: Sequence[Document], sources: Sequence[Source]) -> WriteOptions:
    """The job's write options stamped for one output made of ``docs`` read from ``sources``."""
    return job.write_options.for_articles(docs, input_mtimes=[s.mtime for s in sources],
                                          source_date_epoch=job.source_date_epoch)


def convert_one(source: Source, job: Job) -> Converted:
    """Read ``source`` once and render it with every writer of the job.

    A reader error raises (nothing can be written). A writer error is kept in
    ``Converted.errors`` and the other formats still render: a batch records it per format,
    the command line fails the input with :meth:`Converted.raise_first_error`.
    """
    t0 = time.perf_counter()
    doc, diagnostics = explain_source(source, job.read_options)
    doc, missing = load_pictures(doc, source, job.read_options)
    result = Converted(doc, stamp(job, [doc], [source]))
    result.warnings.extend(str(w) for w in diagnostics.get("warnings") or ())
    result.warnings.extend(missing)
    t1 = time.perf_counter()
    result.timings["read"] = t1 - t0
    for spec in job.formats:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result.outputs[spec.name] = spec.write(doc, result.options)
            result.warnings.extend(_unique(str(w.message) for w in caught))
        except Exception as exc:  # kept per format; see the docstring
            if isinstance(exc, InputError) and not exc.path:
                exc.path = source.origin  # a writer sees no file name; the error must say it
            result.errors[spec.name] = exc
        t2 = time.perf_counter()
        result.timings[spec.name] = t2 - t1
        t1 = t2
    return result


def _unique(messages: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def convert_many(sources: Sequence[Source], job: Job, spec: WriterSpec) -> bytes:
    """Several inputs as one output (an EPUB edition, a NewsML-G2 newsMessage).

    An input holding several articles (a newsMessage) gives them all, in order. Stamped with
    the newest of all the articles' dates and inputs' times.
    """
    docs = []
    for source in sources:
        for doc in read_documents(source, job.read_options):
            doc, missing = load_pictures(doc, source, job.read_options)
            for message in missing:
                warnings.warn(f"{source.origin}: {message}", stacklevel=2)
            docs.append(doc)
    return spec.write_many(docs, stamp(job, docs, sources))
