"""Find a batch's articles: files, folders searched recursively, and paths read from stdin."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath

from msgspec import Struct

from .config import DEFAULT_GLOBS


class Input(Struct, frozen=True):
    """An article named by the inputs: where it is, the relative name outputs derive from."""

    path: str
    rel: str
    #: Why it cannot be converted (missing, a symlink out of its folder); None when it can.
    error: str | None = None


def expand_inputs(inputs: Iterable[str | os.PathLike[str]], *,
                  globs: Sequence[str] = DEFAULT_GLOBS,
                  outdir: str | os.PathLike[str] | None = None,
                  stdin: Iterable[str] | None = None) -> Iterator[Input]:
    """Stream the articles named by ``inputs``: files, folders (recursive) and ``-`` (stdin).

    Files named directly are taken whatever their extension; folders contribute files matching
    ``globs``; ``-`` reads one path per line from ``stdin`` (default: ``sys.stdin``).
    """
    skip = Path(outdir).resolve() if outdir is not None else None
    for raw in inputs:
        s = os.fspath(raw)
        if s == "-":
            lines = stdin if stdin is not None else sys.stdin
            for line in lines:
                p = line.rstrip("\r\n")
                if p.strip():
                    yield from _one(p, globs, skip)
            continue
        yield from _one(s, globs, skip)


def _one(s: str, globs: Sequence[str], skip: Path | None) -> Iterator[Input]:
    p = Path(s)
    if p.is_dir():
        yield from _walk(p, globs, skip)
    elif p.exists():
        yield Input(str(p.absolute()), _explicit_name(s))
    else:
        yield Input(s, _explicit_name(s), "no such file or folder")


def _explicit_name(path: str) -> str:
    """Name for an input named directly: relative path below the current folder, else file name.

    ``in/a.txt`` -> ``in/a.txt``; ``/data/in/a.txt`` and ``../x/a.txt`` -> ``a.txt``.
    """
    norm = os.path.normpath(path)
    if not os.path.isabs(norm) and not norm.startswith(".."):
        return PurePosixPath(*Path(norm).parts).as_posix()
    return os.path.basename(norm)


def _walk(root: Path, globs: Sequence[str], skip: Path | None) -> Iterator[Input]:
    """Files under ``root`` matching ``globs``, sorted, hidden entries skipped, symlinks checked.

    Per file only string work and one ``lstat`` (an archive folder holds many thousands).
    """
    root_abs = str(root.absolute())
    root_real = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root_abs, followlinks=False):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d.startswith(".") or (skip is not None and (here / d).resolve() == skip):
                continue
            keep.append(d)
        dirnames[:] = keep
        rel_dir = os.path.relpath(dirpath, root_abs)
        prefix = "" if rel_dir == os.curdir else rel_dir.replace(os.sep, "/") + "/"
        for name in sorted(filenames):
            if name.startswith(".") or not any(fnmatch.fnmatchcase(name, g) for g in globs):
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full) and not Path(full).resolve().is_relative_to(root_real):
                yield Input(full, prefix + name, "symlink leads outside the input folder; skipped")
                continue
            yield Input(full, prefix + name)
