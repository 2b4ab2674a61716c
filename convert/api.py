"""The Python API: read, write and convert articles without the command line."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import __version__
from .errors import InputError
from .model import Document
from .options import ReadOptions, WriteOptions, resolve_timestamp
from .registry import get_reader, get_writer, reader_for_path, writer_for_path
from .styles import load_style


def read(data: bytes | str, *, format: str = "text", options: ReadOptions | None = None) -> Document:
    """Parse an article given as bytes (or str) with the named reader (``text``, ``markdown``)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return get_reader(format).read(data, options or ReadOptions())


def read_file(path: str | os.PathLike[str], *, format: str | None = None,
              options: ReadOptions | None = None) -> Document:
    """Read an article file; the reader is chosen from the extension unless ``format`` is given."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, not an article file", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(p)) from None
    spec = get_reader(format) if format else reader_for_path(str(p))
    opts = replace(options or ReadOptions(), origin=str(p))
    return spec.read(data, opts)


def default_write_options(doc: Document | None = None, *, input_mtime: float | None = None,
                          style: str = "default", **changes: object) -> WriteOptions:
    """WriteOptions with the reproducible timestamp policy and the named house style."""
    ts = resolve_timestamp(article_date=doc.meta.date if doc else None, input_mtime=input_mtime)
    base = WriteOptions(style=load_style(style), timestamp=ts, generator="newsconvert",
                        generator_version=__version__)
    return replace(base, **changes) if changes else base  # type: ignore[arg-type]


def write(doc: Document, format: str, options: WriteOptions | None = None) -> bytes:
    """Render a Document with the named writer (``docx``, ``pdf``, ``epub``, ``newsml``)."""
    return get_writer(format).write(doc, options or default_write_options(doc))


def write_many(docs: Sequence[Document], format: str, options: WriteOptions | None = None) -> bytes:
    """Render several Documents as one output: an EPUB edition or a NewsML-G2 newsMessage."""
    return get_writer(format).write_many(docs, options or default_write_options(docs[0]))


def convert(input_path: str | os.PathLike[str], output_path: str | os.PathLike[str], *,
            format: str | None = None, read_options: ReadOptions | None = None,
            write_options: WriteOptions | None = None) -> Path:
    """Read one article and write it, atomically, to ``output_path``; returns the output path."""
    from .fsutil import atomic_write

    doc = read_file(input_path, options=read_options)
    spec = get_writer(format) if format else writer_for_path(os.fspath(output_path))
    opts = write_options or default_write_options(
        doc, input_mtime=Path(input_path).stat().st_mtime)
    out = Path(output_path)
    atomic_write(out, spec.write(doc, opts))
    return out
