"""The Python API: read, write and convert articles without the command line.

A thin layer over :mod:`convert.pipeline`, the path the command line and batch take too: the
API only fills in defaults (the ``default`` style, the timestamp policy) that a script would
otherwise have to know about.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path

from msgspec.structs import replace

from .fsutil import atomic_write
from .model import Document
from .options import ReadOptions, WriteOptions
from .pipeline import convert_one, load_input, make_job, read_source
from .registry import get_reader, get_writer, writer_for_path


def read(data: bytes | str, *, format: str = "text", options: ReadOptions | None = None) -> Document:
    """Parse an article given as bytes (or str) with the named reader (``text``, ``markdown``)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return get_reader(format).read(data, options or ReadOptions())


def read_file(path: str | os.PathLike[str], *, format: str | None = None,
              options: ReadOptions | None = None) -> Document:
    """Read an article file; the reader is chosen from the extension unless ``format`` is given."""
    return read_source(load_input(path, reader=format), options or ReadOptions())


def default_write_options(doc: Document | Sequence[Document] | None = None, *,
                          input_mtime: float | None = None, style: str = "default",
                          **changes: object) -> WriteOptions:
    """WriteOptions with the named house style, stamped by the reproducible timestamp policy.

    ``doc``: the article, or every article of an edition (stamped with the newest of them).
    """
    job = make_job(style=style)
    docs = [doc] if isinstance(doc, Document) else list(doc or ())
    base = job.write_options.for_articles(docs, input_mtimes=[input_mtime],
                                          source_date_epoch=job.source_date_epoch)
    return replace(base, **changes) if changes else base  # type: ignore[arg-type]


def write(doc: Document, format: str, options: WriteOptions | None = None) -> bytes:
    """Render a Document with the named writer (``docx``, ``pdf``, ``epub``, ``newsml``)."""
    return get_writer(format).write(doc, options or default_write_options(doc))


def write_many(docs: Sequence[Document], format: str, options: WriteOptions | None = None) -> bytes:
    """Render several Documents as one output: an EPUB edition or a NewsML-G2 newsMessage."""
    return get_writer(format).write_many(docs, options or default_write_options(docs))


def convert(input_path: str | os.PathLike[str], output_path: str | os.PathLike[str], *,
            format: str | None = None, read_options: ReadOptions | None = None,
            write_options: WriteOptions | None = None) -> Path:
    """Read one article and write it, atomically, to ``output_path``; returns the output path.

    ``write_options`` are used as given (their timestamp too); without them the ``default``
    style and the timestamp policy apply.
    """
    spec = get_writer(format) if format else writer_for_path(os.fspath(output_path))
    job = make_job(formats=[spec], read_options=read_options)
    source = load_input(input_path)
    if write_options is not None:
        data = spec.write(read_source(source, job.read_options), write_options)
    else:
        converted = convert_one(source, job)
        converted.raise_first_error()
        for message in converted.warnings:  # Python callers see them as warnings, file named
            warnings.warn(f"{source.origin}: {message}", stacklevel=2)
        data = converted.outputs[spec.name]
    out = Path(output_path)
    atomic_write(out, data)
    return out
