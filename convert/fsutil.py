"""File output that never leaves a half-written file: write a temp file, then rename it."""

from __future__ import annotations

import errno
import itertools
import os
from pathlib import Path

from .errors import OutputError

#: Mode asked for at creation; the kernel takes the umask off, as for any new file.
FILE_MODE = 0o644
#: Temp names tried in a row when one is taken (a file left by a killed process of our pid).
_NAME_TRIES = 100
_COUNTER = itertools.count()


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: readers see the old file or the whole new one.

    Checks the target first (a folder, a missing parent folder: one-line output errors), then
    :func:`write_via_temp` with fsync: the data is on disk before the rename, so a power cut
    cannot leave an empty file under the output's name.
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError("output path is a directory", path=str(target))
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"output folder does not exist: {parent}", path=str(target))
    try:
        write_via_temp(target, data)
    except OSError as exc:
        raise write_error(exc, target) from None


def write_via_temp(path: str | os.PathLike[str], data: bytes, *, fsync: bool = True,
                   temp_dir: str | None = None) -> None:
    """Write ``data`` to a new temp file, then rename it onto ``path``; OSError on failure.

    The one temp-write-rename of the package (:func:`atomic_write`, batch outputs). The temp
    file is created with ``O_EXCL`` (never an existing file, never through a planted symlink)
    and mode 0o644 less the umask, applied by the kernel at creation, so the output gets the
    mode any new file gets without the process ever changing its umask (which would race with
    other threads creating files). It is named ``.NAME.PID.N.part`` beside the target, or
    ``PID.N.part`` in ``temp_dir`` (a folder on the same file system; its names do not grow
    with the target's, so a 255-byte output name still fits). The temp file is removed on any
    failure, an interrupt included. ``fsync=False`` skips the per-file fsync: only for callers
    that sync before they record the output as done (a batch calls ``os.sync()`` before each
    manifest save), and for caches, whose loss after a power cut costs time, never a result.
    """
    target = os.fspath(path)
    pid = os.getpid()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    tmp = ""
    for _ in range(_NAME_TRIES):
        n = next(_COUNTER)
        if temp_dir is not None:
            tmp = os.path.join(temp_dir, f"{pid}.{n}.part")
        else:
            head, name = os.path.split(target)
            tmp = os.path.join(head, f".{name}.{pid}.{n}.part")
        try:
            fd = os.open(tmp, flags, FILE_MODE)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temp file name", tmp)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = ""
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_error(exc: OSError, path: str | os.PathLike[str]) -> OutputError:
    """The one-line output error for a failed write (``cannot write: disk full``)."""
    reason = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return OutputError(f"cannot write: {reason}", path=os.fspath(path))
