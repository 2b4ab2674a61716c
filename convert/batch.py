"""Convert many articles at once: one task per article, in a process pool or on a Dask cluster.

Each article is read and parsed once and written to every requested format by the same task
(:func:`run_task`), which is what both executors run. Worker processes keep the house style, the
writer modules (templates, fonts) and the NewsML-G2 schemas loaded across tasks. Inputs are
streamed through a bounded window of in-flight tasks, so memory does not grow with the number
of files. A manifest in the output folder (SQLite) records, per output, the input's sha256, a
fingerprint of the options and the newsconvert version, so a re-run converts only what changed.
The report is streamed to disk and the command line keeps counts, not results. Outputs are
written atomically; output names come only from the input's path relative to what was named on
the command line, checked so that nothing can be written outside the output folder.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import errno
import fnmatch
import functools
import hashlib
import itertools
import json
import os
import sqlite3
import struct
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import (
    EXIT_OK,
    EXIT_PARTIAL,
    NewsconvertError,
    OutputError,
    UsageError,
    ValidationError,
)
from .options import ReadOptions

#: Name of the manifest kept in the output folder (hidden, SQLite; see :class:`Manifest`).
MANIFEST_NAME = ".newsconvert-manifest.sqlite"
#: Append-only list of every output a run is about to write (written before the output): the
#: outputs of a killed run are still known to be ours (not "foreign" files) on the next run.
JOURNAL_NAME = ".newsconvert-journal"
#: Lock file that stops two runs writing into one output folder at the same time.
LOCK_NAME = ".newsconvert.lock"
#: Hidden folder in OUTDIR with one temp folder per worker process (see :func:`write_output`).
PARTS_NAME = ".newsconvert-parts"
#: Files picked up inside input folders unless ``--glob`` says otherwise.
DEFAULT_GLOBS: tuple[str, ...] = ("*.txt",)
#: What ``-t all`` means.
ALL_FORMATS: tuple[str, ...] = ("docx", "pdf", "epub", "newsml")
#: How a process pool starts workers; None chooses per run (see :func:`_start_method`).
MP_START_METHOD: str | None = None
#: In-flight tasks per worker: enough to keep workers busy, small enough to keep memory flat.
WINDOW_PER_WORKER = 4
#: Pool restarts in a row (no article finished in between) before the run gives up.
MAX_POOL_RESTARTS = 3
#: How long to wait for a Dask scheduler to answer before giving up.
DASK_CONNECT_TIMEOUT = "20s"
#: How often (seconds) the manifest is saved during a run, so a killed run loses little.
MANIFEST_SAVE_INTERVAL = 2.0

CONVERTED, SKIPPED, FAILED = "converted", "skipped", "failed"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """What every task needs besides its article: picklable and the same for all tasks."""

    outdir: str
    formats: tuple[str, ...]
    #: Style name or absolute path (resolved by the client, so remote workers agree).
    style: str = "default"
    metadata: tuple[tuple[str, str], ...] = ()
    newsml_body: str = "xhtml"
    validate: bool = False
    #: ``SOURCE_DATE_EPOCH`` as seen by the client; workers never read their own environment.
    source_date_epoch: str | None = None
    #: Reader settings (language, provider, junk patterns, encoding, config-file defaults);
    #: ``metadata`` above is added to its overrides.
    read_options: ReadOptions = field(default_factory=ReadOptions)
    #: Input format for every article ("text", "markdown"); None: from each file's extension.
    reader: str | None = None
    #: A reference .docx (absolute path) for DOCX styles, headers and footers.
    reference_docx: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """One article to convert: its path, its safe relative name and the formats to (re)write."""

    path: str
    rel: str
    formats: tuple[str, ...]


@dataclass(slots=True)
class ArticleResult:
    """What happened to one input."""

    #: The input path as found (absolute for folder and stdin inputs).
    input: str
    #: The input's relative name that output names derive from ("" when none could be made).
    name: str
    #: "converted", "skipped" (already up to date) or "failed".
    status: str
    #: Format -> output path relative to the output folder (written now or up to date).
    outputs: dict[str, str] = field(default_factory=dict)
    #: Seconds per stage: "read", each format (rendering, and validating with ``--validate``),
    #: "write" (creating all output files), "total".
    timings: dict[str, float] = field(default_factory=dict)
    #: One-line reason when ``status`` is "failed" (several joined with "; ").
    error: str | None = None
    #: Input facts for the manifest (filled by the task that read the file).
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    #: Formats whose NewsML-G2 output was validated in this run.
    validated: tuple[str, ...] = ()
    #: Output sizes in bytes, by format (for the manifest's up-to-date check).
    sizes: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report entry for this input."""
        return {
            "input": self.input, "name": self.name, "status": self.status,
            "outputs": dict(sorted(self.outputs.items())),
            "timings_ms": {k: round(v * 1000, 3) for k, v in self.timings.items()},
            "error": self.error, "sha256": self.sha256,
        }


@dataclass(slots=True)
class BatchResult:
    """Per-article results of a batch run, with the counts the summary line shows."""

    #: One result per input, in completion order (empty with ``keep_results=False``).
    articles: list[ArticleResult]
    outdir: Path
    formats: tuple[str, ...]
    jobs: int
    elapsed: float
    scheduler: str | None = None
    #: Inputs per status, counted as results came in (None: count ``articles``).
    counts: dict[str, int] | None = None

    def _count(self, status: str) -> int:
        if self.counts is not None:
            return self.counts.get(status, 0)
        return sum(1 for a in self.articles if a.status == status)

    @property
    def total(self) -> int:
        """Inputs seen in this run (converted, skipped and failed)."""
        return self.converted + self.skipped + self.failed

    @property
    def converted(self) -> int:
        """Inputs converted in this run."""
        return self._count(CONVERTED)

    @property
    def skipped(self) -> int:
        """Inputs whose outputs were already up to date."""
        return self._count(SKIPPED)

    @property
    def failed(self) -> int:
        """Inputs that could not be converted (see each result's ``error``)."""
        return self._count(FAILED)

    @property
    def articles_per_second(self) -> float:
        """Converted articles per wall-clock second."""
        return self.converted / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """EXIT_PARTIAL when any input failed, else EXIT_OK."""
        return EXIT_PARTIAL if self.failed else EXIT_OK

    def summary(self) -> str:
        """The one-line summary the command line prints."""
        return (f"converted {self.converted}, skipped {self.skipped}, failed {self.failed} "
                f"in {self.elapsed:.2f} s ({self.articles_per_second:.1f} articles/s)")

    def summary_dict(self) -> dict[str, Any]:
        """The counts and speed, as the report's ``summary``."""
        return {"converted": self.converted, "skipped": self.skipped, "failed": self.failed,
                "elapsed_s": round(self.elapsed, 3),
                "articles_per_second": round(self.articles_per_second, 2)}

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (``--report``) of the results kept."""
        return {**_report_head(self.outdir, self.formats, self.jobs, self.scheduler),
                "summary": self.summary_dict(),
                "articles": [a.to_dict() for a in self.articles]}


def _report_head(outdir: Path | str, formats: Sequence[str], jobs: int,
                 scheduler: str | None) -> dict[str, Any]:
    return {"newsconvert": __version__, "outdir": str(outdir), "formats": list(formats),
            "jobs": jobs, "scheduler": scheduler}


class _ReportWriter:
    """Streams ``--report`` JSON to a hidden temp file beside it, renamed into place at the end.

    One article per line as results arrive, so a report of a million inputs needs no memory;
    the summary follows the articles. A failed run leaves no report (and no temp file).
    """

    def __init__(self, path: str | os.PathLike[str], config: BatchConfig, jobs: int,
                 scheduler: str | None) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        try:
            self.fh = open(self.tmp, "w", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write the report: {exc.strerror}",
                             path=str(self.path)) from None
        head = json.dumps(_report_head(config.outdir, config.formats, jobs, scheduler),
                          ensure_ascii=False)
        self.fh.write(head[:-1] + ',\n "articles": [')
        self.first = True

    def __enter__(self) -> _ReportWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            self.abandon()

    def add(self, res: ArticleResult) -> None:
        self.fh.write(("\n  " if self.first else ",\n  ")
                      + json.dumps(res.to_dict(), ensure_ascii=False))
        self.first = False

    def finish(self, result: BatchResult) -> None:
        """Close the array, add the summary, and move the report into place."""
        try:
            self.fh.write(("\n ]" if not self.first else "]") + ',\n "summary": '
                          + json.dumps(result.summary_dict()) + "\n}\n")
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.abandon()
            raise OutputError(f"cannot write the report: {exc.strerror}",
                              path=str(self.path)) from None

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


# --------------------------------------------------------------------------- naming and safety


@functools.cache
def _output_suffix(fmt: str) -> str:
    from .registry import get_writer

    return get_writer(fmt).extensions[0]


def _checked_parts(rel: str) -> list[str]:
    """The components of a relative name that cannot leave its folder, or OutputError.

    Plain string work: the run's main process checks every article's name several times.
    """
    if not rel or "\x00" in rel:
        raise OutputError("empty or invalid output name", path=rel or None)
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):  # also a leading "/" (absolute)
        raise OutputError("output name would leave the output folder", path=rel)
    # a UTF-8 character takes at most 4 bytes, so only long components need encoding
    if any(len(part) > 63 and len(part.encode("utf-8", "surrogateescape")) > 255
           for part in parts):
        raise OutputError("output name is too long", path=rel)
    return parts


def check_relative_name(rel: str) -> PurePosixPath:
    """A relative name as a path that cannot leave the folder it is joined to, or OutputError."""
    return PurePosixPath(*_checked_parts(rel))


def output_stem(rel: str) -> str:
    """The relative name without its suffix, by pathlib's rule (a dot not first or last).

    Every output of an article shares this stem, so two inputs with one stem would collide.
    """
    _checked_parts(rel)
    dot = rel.rfind(".")
    return rel[:dot] if rel.rfind("/") + 1 < dot < len(rel) - 1 else rel


def output_name(rel: str, fmt: str) -> str:
    """The output's path relative to the output folder: the input name with the format's suffix."""
    return output_stem(rel) + _output_suffix(fmt)


def safe_output_path(outdir: str | os.PathLike[str], rel_out: str, *,
                     resolved: bool = False) -> Path:
    """Absolute path for ``rel_out`` inside ``outdir``; creates its folders, refuses symlinks.

    A symlinked folder on the way (planted inside the output folder, or left there by an earlier
    run) could send the write elsewhere, so every existing component is checked before any
    folder is made, and the final parent is resolved and checked again. ``resolved``: the
    caller already resolved ``outdir`` (a batch resolves it once per run, not per output).
    """
    root = Path(outdir) if resolved else Path(outdir).resolve()
    p = check_relative_name(rel_out)
    if len(p.parts) == 1:  # straight into the resolved output folder: nothing to follow
        return root / rel_out
    cur = root
    for part in p.parts[:-1]:
        cur = cur / part
        if cur.is_symlink():
            raise OutputError("output folder contains a symlink; refusing to follow it",
                              path=str(cur))
        if not cur.exists():
            cur.mkdir(exist_ok=True)
        elif not cur.is_dir():
            raise OutputError("output path has a file where a folder should be", path=str(cur))
    target = root.joinpath(*p.parts)
    if not target.parent.resolve().is_relative_to(root):
        raise OutputError("output name would leave the output folder", path=rel_out)
    return target


def write_output(target: Path, data: bytes, outdir: str | None = None) -> None:
    """Write an output atomically: a temp file, then a rename onto the output's name.

    With ``outdir`` the temp file goes to this process's own folder in it
    (:func:`worker_parts_dir`); without, beside the output. Creating a file holds its folder's
    lock while the file system allocates an inode, and on ext4 without a journal that scans past
    every recently deleted inode (0.05-0.8 ms measured): with every worker creating its temp
    files in the output folder itself, the others spun on that lock. In a private folder only
    the short rename takes the output folder's lock. A rename across devices (a mount point
    inside OUTDIR) falls back to a temp file beside the output.

    Unlike :func:`convert.fsutil.atomic_write` there is no fsync per file (3-4 ms each here, a
    tenth of an article's time): the run calls ``os.sync()`` before each manifest save, so the
    manifest never lists an output that is not on disk, and a temp file left by a killed run is
    never mistaken for an output (:func:`remove_stale_parts` clears them on the next run).
    """
    n = next(_TMP_COUNTER)
    parts = worker_parts_dir(outdir) if outdir is not None else None
    tmp = _temp_name(target, parts, n)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        try:
            fd = os.open(tmp, flags, 0o644)
        except FileNotFoundError:
            if parts is None or outdir is None:
                raise
            # The folder went with the end of an earlier run in this process (the API, a Dask
            # worker): make it again.
            parts = worker_parts_dir(outdir, refresh=True)
            tmp = _temp_name(target, parts, n)
            fd = os.open(tmp, flags, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno == errno.EXDEV and parts is not None:
            write_output(target, data)  # OUTDIR spans devices: write beside the output
            return
        reason = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(f"cannot write: {reason}", path=str(target)) from None


def _temp_name(target: Path, parts: str | None, n: int) -> str:
    """The n-th temp file of this process: in its parts folder, else hidden beside the target."""
    if parts is not None:
        return os.path.join(parts, f"{n}.part")
    return str(target.with_name(f".{target.name}.{os.getpid()}.{n}.part"))


_TMP_COUNTER = itertools.count()
_PARTS: dict[str, tuple[int, str | None]] = {}


def worker_parts_dir(outdir: str, *, refresh: bool = False) -> str | None:
    """The calling process's temp folder in ``OUTDIR/.newsconvert-parts`` (made once).

    Named by host and process id, so Dask workers on several machines sharing one OUTDIR never
    meet. On ext2/3/4 the parts root is marked the top of a hierarchy
    (:func:`mark_top_of_hierarchy`), so each worker's folder -- and every file it creates --
    lands in a block group of its own. None (temp files go beside the outputs) when it cannot
    be made, or when something other than a real folder sits at either name: a planted symlink
    must not redirect writes.
    """
    pid = os.getpid()
    hit = _PARTS.get(outdir)
    # The pid check: a forked worker must not reuse its parent's folder.
    if hit is not None and hit[0] == pid and not refresh:
        return hit[1]
    import socket
    import stat

    root = os.path.join(outdir, PARTS_NAME)
    mine = os.path.join(root, f"{socket.gethostname()}-{pid}")
    found: str | None = None
    try:
        for path in (root, mine):
            with contextlib.suppress(FileExistsError):
                os.mkdir(path, 0o755)
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                raise NotADirectoryError(path)
            if path == root:
                mark_top_of_hierarchy(root)  # before ``mine`` exists: it is placed by the flag
        found = mine
    except OSError:
        found = None
    _PARTS[outdir] = (pid, found)
    return found


#: ``FS_TOPDIR_FL`` of ``linux/fs.h`` (``chattr +T``) and the ioctls that read and set it.
_FS_TOPDIR_FL = 0x00020000
_C_LONG = struct.calcsize("l")
_FS_IOC_GETFLAGS = (2 << 30) | (_C_LONG << 16) | (ord("f") << 8) | 1  # _IOR('f', 1, long)
_FS_IOC_SETFLAGS = (1 << 30) | (_C_LONG << 16) | (ord("f") << 8) | 2  # _IOW('f', 2, long)
#: Machines whose ioctl numbers use the generic layout computed above.
_GENERIC_IOCTL_MACHINES = frozenset({"x86_64", "amd64", "i386", "i686", "aarch64", "arm64",
                                     "armv7l", "riscv64", "s390x", "loongarch64"})


def mark_top_of_hierarchy(path: str) -> bool:
    """Set ext2/3/4's "top of directory hierarchy" flag (``chattr +T``) on a folder we made.

    ext4's Orlov allocator then puts each new subfolder -- one per batch worker -- in a block
    group of its own with many free inodes, rather than next to the output folder. That
    matters on ext4 without a journal: there, every inode allocation first skips the recently
    deleted inodes of its group (they stay "recent" for minutes), so after an earlier run's
    files were deleted a create cost ~0.65 ms in the output folder's group and ~0.02 ms in a
    fresh one (measured on this VM's root file system; see README). With a journal, or on
    other file systems, the flag changes nothing and an error is ignored. Linux only.
    """
    if sys.platform != "linux" or os.uname().machine not in _GENERIC_IOCTL_MACHINES:
        return False
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        flags = inode_flags(fd)
        if not flags & _FS_TOPDIR_FL:
            buf = bytearray(_C_LONG)
            struct.pack_into("=i", buf, 0, flags | _FS_TOPDIR_FL)  # the kernel reads an int
            fcntl.ioctl(fd, _FS_IOC_SETFLAGS, buf, True)
        return True
    except OSError:  # ENOTTY, EOPNOTSUPP, EPERM: a file system without the flag
        return False
    finally:
        os.close(fd)


def inode_flags(fd: int) -> int:
    """An open file's inode flags, as ``lsattr`` shows them (OSError where there are none)."""
    import fcntl

    buf = bytearray(_C_LONG)
    fcntl.ioctl(fd, _FS_IOC_GETFLAGS, buf, True)
    return int(struct.unpack_from("=i", buf)[0])  # the kernel writes an int


def remove_parts_dir(outdir: Path) -> None:
    """Delete ``OUTDIR/.newsconvert-parts`` (a symlink planted there is removed, not followed)."""
    import shutil

    root = outdir / PARTS_NAME
    if root.is_symlink() or root.is_file():
        with contextlib.suppress(OSError):
            root.unlink()
    elif root.is_dir():
        shutil.rmtree(root, ignore_errors=True)


def remove_stale_parts(outdir: Path) -> int:
    """Delete temp files that a killed run left: the parts folder and ``.NAME.*.part`` files.

    Runs once at the start, while the folder lock is held, so no live write is touched. Returns
    how many ``.NAME.*.part`` files beside outputs were removed.
    """
    remove_parts_dir(outdir)
    removed = 0
    for dirpath, dirnames, filenames in os.walk(outdir, followlinks=False):
        for name in filenames:
            if name.startswith(".") and name.endswith(".part"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
    return removed


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class _Input:
    path: str
    rel: str
    error: str | None = None


def _explicit_name(path: str) -> str:
    """Name for an input named directly: relative path below the current folder, else file name.

    ``in/a.txt`` -> ``in/a.txt``; ``/data/in/a.txt`` and ``../x/a.txt`` -> ``a.txt``.
    """
    norm = os.path.normpath(path)
    if not os.path.isabs(norm) and not norm.startswith(".."):
        return PurePosixPath(*Path(norm).parts).as_posix()
    return os.path.basename(norm)


def _walk(root: Path, globs: Sequence[str], skip: Path | None) -> Iterator[_Input]:
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
                yield _Input(full, prefix + name,
                             "symlink leads outside the input folder; skipped")
                continue
            yield _Input(full, prefix + name)


def expand_inputs(inputs: Iterable[str | os.PathLike[str]], *,
                  globs: Sequence[str] = DEFAULT_GLOBS,
                  outdir: str | os.PathLike[str] | None = None,
                  stdin: Iterable[str] | None = None) -> Iterator[_Input]:
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


def _one(s: str, globs: Sequence[str], skip: Path | None) -> Iterator[_Input]:
    p = Path(s)
    if p.is_dir():
        yield from _walk(p, globs, skip)
    elif p.exists():
        yield _Input(str(p.absolute()), _explicit_name(s))
    else:
        yield _Input(s, _explicit_name(s), "no such file or folder")


# --------------------------------------------------------------------------- validation adapter


def _load_validator() -> Callable[[bytes, str], list[str]] | None:
    """The NewsML-G2 validator as ``check(data, name) -> [error, ...]``, or None when absent.

    Adapter over convert.validate (another helper's module): it may expose
    ``validate_bytes(data, name)`` returning a result with ``errors`` (or a list of issues).
    Loading it here, once per worker, keeps its parsed schemas warm.
    """
    try:
        from . import validate as v
    except ImportError:
        return None
    fn = getattr(v, "validate_bytes", None) or getattr(v, "validate_newsml", None)
    if fn is None:
        return None

    def check(data: bytes, name: str) -> list[str]:
        result = fn(data, name)
        return _errors_of(result)

    return check


def _check_validator() -> None:
    """Fail early, with the validator's own message, when NewsML-G2 schemas are unavailable."""
    if _load_validator() is None:
        raise UsageError("--validate needs convert.validate (NewsML-G2 validation) installed")
    from . import validate as v

    load = getattr(v, "load_schema", None)
    if load is not None:
        load()  # raises a UsageError subclass naming where schemas were looked for


def _errors_of(result: Any) -> list[str]:
    if result is None or result is True:
        return []
    if result is False:
        return ["invalid"]
    if isinstance(result, (list, tuple)):
        out: list[str] = []
        for item in result:
            out.extend(_errors_of(item) if not isinstance(item, str) else [item])
        return out
    for attr in ("errors",):
        if hasattr(result, attr):
            errs = getattr(result, attr)
            return [e if isinstance(e, str) else str(getattr(e, "message", e)) for e in errs]
    if hasattr(result, "ok"):
        return [] if result.ok else [str(result)]
    if hasattr(result, "valid"):
        return [] if result.valid else [str(result)]
    return []


# --------------------------------------------------------------------------- the worker side


class _Worker:
    """Per-process state: style, writer modules, validator, all loaded once and warmed up."""

    def __init__(self, config: BatchConfig) -> None:
        from .options import WriteOptions
        from .registry import get_writer
        from .styles import load_style

        self.config = config
        self.base = WriteOptions(style=load_style(config.style), generator="newsconvert",
                                 generator_version=__version__, newsml_body=config.newsml_body,
                                 reference_docx=(Path(config.reference_docx)
                                                 if config.reference_docx else None))
        self.read_options = replace(config.read_options,
                                    metadata=config.read_options.metadata + config.metadata)
        self.writers = {fmt: get_writer(fmt) for fmt in config.formats}
        self.env = ({"SOURCE_DATE_EPOCH": config.source_date_epoch}
                    if config.source_date_epoch is not None else {})
        self.validator = (_load_validator()
                          if config.validate and "newsml" in config.formats else None)
        self._warm_up()

    def _warm_up(self) -> None:
        """Write a tiny article once per format, so templates, fonts and schemas load now."""
        from .model import Document, Meta, Paragraph, Text

        doc = Document(Meta(headline="Warm-up"), (Paragraph((Text("Warm-up paragraph."),)),))
        for fmt, spec in self.writers.items():
            try:
                data = spec.write(doc, self.base)
                if fmt == "newsml" and self.validator is not None:
                    self.validator(data, "warm-up.xml")
            except Exception:  # a broken writer is reported per article, not at start-up
                pass

    def convert(self, task: Task) -> ArticleResult:
        """Read, parse once, write every requested format; never raises for a bad article."""
        from .options import resolve_timestamp
        from .registry import get_reader, reader_for_path

        t0 = time.perf_counter()
        res = ArticleResult(input=task.path, name=task.rel, status=FAILED)
        errors: list[str] = []
        try:
            with open(task.path, "rb") as fh:
                st = os.fstat(fh.fileno())
                data = fh.read(self.read_options.max_bytes + 1)
            res.sha256 = hashlib.sha256(data).hexdigest()
            res.size, res.mtime_ns = st.st_size, st.st_mtime_ns
            opts = replace(self.read_options, origin=task.rel)
            spec = get_reader(self.config.reader) if self.config.reader else reader_for_path(task.path)
            doc = spec.read(data, opts)
            res.timings["read"] = time.perf_counter() - t0
            wopts = replace(self.base, timestamp=resolve_timestamp(
                article_date=doc.meta.date, input_mtime=st.st_mtime, env=self.env))
        except Exception as exc:
            res.error = _describe(exc, task.rel)
            res.timings["total"] = time.perf_counter() - t0
            return res
        writing = 0.0
        for fmt in task.formats:
            t1 = time.perf_counter()
            t2 = None
            try:
                out = self.writers[fmt].write(doc, wopts)
                if fmt == "newsml" and self.validator is not None:
                    problems = self.validator(out, task.rel)
                    if problems:
                        raise ValidationError("NewsML-G2 output does not validate: "
                                              + " | ".join(problems[:3]), path=task.rel)
                    res.validated = (*res.validated, fmt)
                t2 = time.perf_counter()
                rel_out = output_name(task.rel, fmt)
                write_output(safe_output_path(self.config.outdir, rel_out, resolved=True), out,
                             self.config.outdir)
                res.outputs[fmt] = rel_out
                res.sizes[fmt] = len(out)
            except Exception as exc:
                errors.append(f"{fmt}: {_describe(exc, task.rel)}")
            t3 = time.perf_counter()
            res.timings[fmt] = (t2 if t2 is not None else t3) - t1
            if t2 is not None:
                writing += t3 - t2
        res.timings["write"] = writing
        res.timings["total"] = time.perf_counter() - t0
        res.status = FAILED if errors else CONVERTED
        res.error = "; ".join(errors) if errors else None
        return res


def _describe(exc: BaseException, origin: str) -> str:
    """One line for the report: our errors as they print, anything else as an internal error."""
    if isinstance(exc, NewsconvertError):
        return exc.message if exc.path in (None, origin) or not exc.path else str(exc)
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    loc = f" at {Path(where[0].filename).name}:{where[0].lineno}" if where else ""
    return f"internal error: {type(exc).__name__}: {exc}{loc}"


_WORKERS: dict[BatchConfig, _Worker] = {}
#: Serialises tasks inside one process: Dask workers may run several threads, and reportlab and
#: some writers keep module-level state that is not thread-safe.
_LOCK = threading.Lock()


def _worker(config: BatchConfig) -> _Worker:
    w = _WORKERS.get(config)
    if w is None:
        w = _WORKERS[config] = _Worker(config)
    return w


def init_worker(config: BatchConfig) -> None:
    """Process-pool initializer (also usable with Dask's ``client.run``): load and warm up."""
    with _LOCK:
        _worker(config)


def run_task(task: Task, config: BatchConfig) -> ArticleResult:
    """The per-article task every executor runs: convert one article, return its result."""
    with _LOCK:
        return _worker(config).convert(task)


# --------------------------------------------------------------------------- the manifest


class Manifest:
    """Which outputs in the folder were made from which input bytes, options and version.

    An SQLite database in the output folder (stdlib ``sqlite3``), so a run's memory and its
    per-article cost stay flat however large the archive: each lookup and update touches one
    input's rows, where a JSON manifest would be held whole in memory (~3 kB per input) and
    rewritten whole at every save (1.5 s at 100,000 inputs). Only the run's main thread uses it.

    Tables: ``inputs`` (one row per input: source path, SHA-256, size, mtime), ``outputs`` (one
    row per input and format: path, input SHA-256, options fingerprint, version, size,
    validated), ``planned`` (outputs a killed or crashed run may have written without recording
    them; they are ours, not foreign files) and, per run, a temporary ``seen`` table of output
    stems (two inputs must not write the same outputs).
    """

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / MANIFEST_NAME
        self.journal = outdir / JOURNAL_NAME
        self.outdir = outdir
        self.db = self._open()
        self._journal_fd: int | None = None
        #: outputs handed to a worker whose result has not come back (a crashed worker's
        #: outputs may exist on disk without the manifest knowing them); flat for a healthy run
        self.unconfirmed: set[str] = set()
        #: results recorded since the last commit
        self.dirty = False
        self._adopt_journal()

    def _open(self) -> sqlite3.Connection:
        """Open (or create) the database; an unreadable one is set aside and started afresh.

        Starting afresh converts everything again; outputs already in the folder then count as
        foreign until ``--force``, as when a manifest is missing (nothing is overwritten on a
        guess). The old files stay beside it as ``*.damaged`` for inspection.
        """
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:  # locked, unreadable folder, disk full: not ours
            raise OutputError(f"cannot open the batch manifest: {exc}",
                              path=str(self.path)) from None
        except sqlite3.DatabaseError:  # not a database, malformed, other schema version
            for suffix in ("", "-wal"):
                with contextlib.suppress(OSError):
                    os.replace(f"{self.path}{suffix}", f"{self.path}.damaged{suffix}")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)  # transactions: BEGIN/COMMIT here
        try:
            # One connection per run (the folder is locked): exclusive locking lets WAL keep its
            # index in memory, with no shared-memory file, so it also works on network shares.
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("PRAGMA trusted_schema=OFF")  # no functions run from a planted schema
            db.execute("PRAGMA journal_mode=WAL")  # commits append; no fsync per commit
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_MANIFEST_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(_MANIFEST_VERSION),))
            elif row[0] != str(_MANIFEST_VERSION):
                raise sqlite3.DatabaseError(f"manifest schema {row[0]}, expected "
                                            f"{_MANIFEST_VERSION}")
            db.execute("BEGIN")
        except BaseException:
            db.close()
            raise
        return db

    def _adopt_journal(self) -> None:
        """A killed run's intent journal: its outputs are ours; move them into ``planned``."""
        try:
            fh = open(self.journal, encoding="utf-8", errors="replace")
        except OSError:
            return
        with fh, self._errors():
            for chunk in iter(lambda: list(itertools.islice(fh, 10_000)), []):
                self.db.executemany("INSERT OR IGNORE INTO planned VALUES (?)",
                                    [(line.rstrip("\n"),) for line in chunk if line.strip()])
        self._commit()
        with contextlib.suppress(OSError):
            self.journal.unlink()

    def note_planned(self, rel_outs: Sequence[str]) -> None:
        """Intent log: append the outputs a task will write before it is handed to a worker.

        One open file for the run and one short O_APPEND write per article (no fsync, no
        database commit), so a run killed at any point leaves no output of ours that the next
        run would take for somebody else's.
        """
        if self._journal_fd is None:
            self._journal_fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT
                                       | getattr(os, "O_CLOEXEC", 0), 0o644)
        os.write(self._journal_fd, "".join(r + "\n" for r in rel_outs).encode("utf-8"))
        self.unconfirmed.update(rel_outs)

    def claim_stem(self, stem: str, path: str) -> str | None:
        """Register an input's output stem for this run; the earlier input's path on a clash."""
        row = self.db.execute("SELECT path FROM seen WHERE stem=?", (stem,)).fetchone()
        if row is not None:
            return str(row[0])
        self.db.execute("INSERT INTO seen VALUES (?, ?)", (stem, path))
        return None

    def close_journal(self, *, finished: bool) -> None:
        """Close the journal; after a finished run keep only outputs the manifest does not cover.

        An output is unaccounted for when its task's result never came back (the worker died
        after writing it) or when an earlier killed run wrote it and this run did not redo it.
        Such files stay in ``planned``, so the next run overwrites them instead of calling them
        foreign. An unfinished run (exception, Ctrl-C) leaves the journal for the next run.
        """
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None
        if not finished:
            return
        db = self.db
        with self._errors():
            db.executemany("INSERT OR IGNORE INTO planned VALUES (?)",
                           [(r,) for r in self.unconfirmed])
            db.execute("DELETE FROM planned WHERE path IN (SELECT path FROM outputs)")
            gone = [(r,) for (r,) in db.execute("SELECT path FROM planned")
                    if not os.path.lexists(self.outdir / r)]
            db.executemany("DELETE FROM planned WHERE path=?", gone)
        self._commit()
        self.unconfirmed.clear()
        with contextlib.suppress(OSError):
            self.journal.unlink()

    @staticmethod
    def _input_sha(path: str, recorded: tuple[str, int, int]) -> str | None:
        """The input's sha256, trusting the recorded one when size and mtime are unchanged."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        if (recorded[1], recorded[2]) == (st.st_size, st.st_mtime_ns):
            return recorded[0]
        h = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            return None
        return h.hexdigest()

    def _outputs(self, rel: str) -> dict[str, dict[str, Any]]:
        return {fmt: {"path": path, "input_sha256": sha, "fingerprint": fp, "version": ver,
                      "size": size, "validated": bool(val)}
                for fmt, path, sha, fp, ver, size, val in self.db.execute(
                    "SELECT fmt, path, input_sha256, fingerprint, version, size, validated "
                    "FROM outputs WHERE rel=?", (rel,))}

    def foreign_outputs(self, rel: str, formats: Sequence[str], outdir: Path) -> list[str]:
        """Outputs that exist on disk but that no earlier run recorded for this input.

        Somebody else's file of the same name (or an output of a run whose manifest was lost):
        batch never overwrites those silently.
        """
        found = []
        recorded = None
        for fmt in formats:
            rel_out = output_name(rel, fmt)
            if not os.path.lexists(os.path.join(outdir, rel_out)):
                continue
            if recorded is None:
                recorded = {f: o["path"] for f, o in self._outputs(rel).items()}
            mine = (recorded.get(fmt) == rel_out or self.db.execute(
                "SELECT 1 FROM planned WHERE path=?", (rel_out,)).fetchone() is not None)
            if not mine:
                found.append(rel_out)
        return found

    def fresh(self, rel: str, sha: str | None, fingerprints: Mapping[str, str],
              formats: Sequence[str], validate: bool = False,
              outputs: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, str]:
        """Format -> output path, for the recorded outputs still valid for these input bytes."""
        if sha is None:
            return {}
        return {fmt: o["path"]
                for fmt, o in (self._outputs(rel) if outputs is None else outputs).items()
                if fmt in formats and o["input_sha256"] == sha
                and o["fingerprint"] == fingerprints[fmt] and o["version"] == __version__
                and (not validate or fmt != "newsml" or o["validated"])}

    def stale_formats(self, rel: str, path: str, formats: Sequence[str],
                      fingerprints: Mapping[str, str], outdir: Path,
                      validate: bool) -> tuple[tuple[str, ...], dict[str, str]]:
        """(formats to write, up-to-date outputs whose files still have their size)."""
        row = self.db.execute("SELECT source, sha256, size, mtime_ns FROM inputs WHERE rel=?",
                              (rel,)).fetchone()
        if row is None or row[0] != path:
            return tuple(formats), {}
        sha = self._input_sha(path, row[1:])
        outs = self._outputs(rel)
        fresh: dict[str, str] = {}
        for fmt, rel_out in self.fresh(rel, sha, fingerprints, formats, validate, outs).items():
            try:
                if (outdir / rel_out).stat().st_size == outs[fmt]["size"]:
                    fresh[fmt] = rel_out
            except OSError:
                pass
        return tuple(f for f in formats if f not in fresh), fresh

    def record(self, res: ArticleResult, fingerprints: Mapping[str, str]) -> None:
        """Remember the outputs a task wrote (also those of a partly failed article)."""
        self.unconfirmed.difference_update(res.outputs.values())
        if not res.outputs or res.sha256 is None:
            return
        db = self.db
        with self._errors():
            row = db.execute("SELECT source FROM inputs WHERE rel=?", (res.name,)).fetchone()
            if row is not None and row[0] != res.input:  # another source took this name over
                db.execute("DELETE FROM outputs WHERE rel=?", (res.name,))
            db.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?)",
                       (res.name, res.input, res.sha256, res.size, res.mtime_ns))
            db.executemany(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(res.name, fmt, rel_out, res.sha256, fingerprints[fmt], __version__,
                  res.sizes[fmt], int(fmt in res.validated))
                 for fmt, rel_out in res.outputs.items() if fmt in res.sizes])
        self.dirty = True

    def save(self) -> None:
        """Commit what was recorded (a killed run loses at most the last uncommitted results).

        Outputs are written without fsync, so ``os.sync()`` runs first: the manifest never
        lists an output that is not on disk. A crash before the commit leaves those outputs in
        the journal, so the next run redoes them.
        """
        if not self.dirty:
            return
        if hasattr(os, "sync"):
            os.sync()
        self._commit()
        self.dirty = False

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite failures (disk full, I/O error) as the one-line output error they are."""
        try:
            yield
        except sqlite3.Error as exc:
            raise OutputError(f"cannot update the batch manifest: {exc}",
                              path=str(self.path)) from None

    def _commit(self) -> None:
        with self._errors():
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")

    def close(self) -> None:
        """Roll back anything unsaved and close the database."""
        with contextlib.suppress(Exception):
            self.db.execute("ROLLBACK")
        self.db.close()


_MANIFEST_VERSION = 1
_MANIFEST_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS inputs (
    rel TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT, size INTEGER, mtime_ns INTEGER);
CREATE TABLE IF NOT EXISTS outputs (
    rel TEXT NOT NULL, fmt TEXT NOT NULL, path TEXT NOT NULL, input_sha256 TEXT,
    fingerprint TEXT, version TEXT, size INTEGER, validated INTEGER,
    PRIMARY KEY (rel, fmt));
CREATE INDEX IF NOT EXISTS outputs_path ON outputs (path);
CREATE TABLE IF NOT EXISTS planned (path TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS seen (stem TEXT PRIMARY KEY, path TEXT);
"""


def _fingerprints(config: BatchConfig, style_digest: str) -> dict[str, str]:
    """Per format, a digest of everything besides the input that decides the output bytes."""
    out = {}
    for fmt in config.formats:
        facts = {"format": fmt, "version": __version__, "style": style_digest,
                 "metadata": list(config.metadata), "sde": config.source_date_epoch,
                 "read": repr(config.read_options), "reader": config.reader,
                 "reference_docx": _file_digest(config.reference_docx) if fmt == "docx" else None,
                 "newsml_body": config.newsml_body if fmt == "newsml" else None}
        out[fmt] = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:32]
    return out


def _file_digest(path: str | None) -> str | None:
    if not path:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise UsageError(f"cannot read: {exc.strerror}", path=path) from None


@contextlib.contextmanager
def _outdir_lock(outdir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the run (POSIX; a no-op elsewhere)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(outdir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError("another batch run is writing to this output folder",
                             path=str(outdir)) from None
        yield
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- executors


def _run_inline(tasks: Iterator[Task], config: BatchConfig) -> Iterator[ArticleResult]:
    for task in tasks:
        yield run_task(task, config)


def _crash_result(task: Task, exc: BaseException) -> ArticleResult:
    return ArticleResult(input=task.path, name=task.rel, status=FAILED,
                         error=f"worker process died while converting ({type(exc).__name__}); "
                               "run again to retry")


def _start_method() -> str:
    """"fork" from a warmed-up parent where that is safe, else "spawn".

    Forked workers inherit the parent's loaded writers, fonts, templates and schemas, so a run
    pays the warm-up once (about 0.25 s) instead of once per worker plus an interpreter start
    and imports (about 0.4 s CPU each). Fork is only safe while the parent runs no other thread
    (a thread holding a lock at fork time would leave it locked in the child forever), so a
    host program with threads (a notebook, a web server, Dask) gets "spawn", as does any
    platform without a cheap copy-on-write fork.
    """
    if MP_START_METHOD:
        return MP_START_METHOD
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _new_pool(config: BatchConfig, jobs: int) -> cf.ProcessPoolExecutor:
    import multiprocessing

    method = _start_method()
    if method == "fork":
        init_worker(config)  # warm up here once; every forked worker inherits it
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                  initializer=init_worker, initargs=(config,))


def _run_pool(tasks: Iterator[Task], config: BatchConfig, jobs: int) -> Iterator[ArticleResult]:
    """A process pool fed through a bounded window; a crashed pool is replaced and work goes on.

    When a worker dies, the pool fails every task in flight, not only the one that killed it.
    Those suspects run once more in the new pool, one at a time, so only the article that
    breaks a pool on its own is reported as failed; a task whose submission found the pool
    already broken never started and simply goes again.
    """
    from concurrent.futures.process import BrokenProcessPool

    first = next(tasks, None)
    if first is None:  # everything up to date: start no processes at all
        return
    tasks = itertools.chain([first], tasks)
    window = max(2, jobs * WINDOW_PER_WORKER)
    pending: dict[cf.Future[ArticleResult], Task] = {}
    retry: list[Task] = []  # in flight when a pool broke, or refused by a broken pool
    broke_once: set[Task] = set()
    pool = _new_pool(config, jobs)
    crashes = 0
    try:
        while True:
            broken = False
            while len(pending) < (1 if broke_once else window):  # suspects run alone
                task = retry.pop() if retry else next(tasks, None)
                if task is None:
                    break
                try:
                    pending[pool.submit(run_task, task, config)] = task
                except BrokenProcessPool:
                    retry.append(task)  # never started: not to blame
                    broken = True
                    break
            if not pending and not retry:
                break
            # A broken pool resolves all its futures at once: then collect every one of them,
            # keeping the results of tasks that finished before the break.
            done, _ = cf.wait(pending, return_when=cf.ALL_COMPLETED if broken
                              else cf.FIRST_COMPLETED)
            while done:
                for fut in done:
                    task = pending.pop(fut)
                    try:
                        res = fut.result()
                    except BrokenProcessPool as exc:
                        broken = True
                        if task in broke_once:
                            broke_once.discard(task)
                            yield _crash_result(task, exc)
                        else:
                            broke_once.add(task)
                            retry.append(task)
                    except Exception as exc:
                        yield ArticleResult(input=task.path, name=task.rel, status=FAILED,
                                            error=_describe(exc, task.rel))
                    else:
                        crashes = 0
                        broke_once.discard(task)
                        yield res
                done = cf.wait(pending)[0] if broken and pending else set()
            if broken:
                crashes += 1
                if crashes > MAX_POOL_RESTARTS:
                    for task in retry:
                        yield _crash_result(task, BrokenProcessPool())
                    raise NewsconvertError(
                        "worker processes keep dying before finishing any article (a script "
                        "calling batch() needs an `if __name__ == \"__main__\":` guard)")
                # wait: the broken pool's manager thread must be gone before the next fork
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _new_pool(config, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(tasks: Iterator[Task], config: BatchConfig,
              scheduler: str) -> Iterator[ArticleResult]:
    """The same task on a Dask distributed cluster (``pip install newsconvert[dask]``).

    Workers must see the input and output folders at the same paths (a shared file system) and
    have newsconvert installed. Each worker process keeps its warm state across tasks.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'newsconvert[dask]'") from None
    try:
        client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot connect to the Dask scheduler {scheduler}: {exc}") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        window = max(2, threads * WINDOW_PER_WORKER)
        ac = as_completed(loop=client.loop)
        pending: dict[str, Task] = {}

        def submit() -> bool:
            task = next(tasks, None)
            if task is None:
                return False
            fut = client.submit(run_task, task, config, pure=False)
            pending[fut.key] = task
            ac.add(fut)
            return True

        while len(pending) < window and submit():
            pass
        for fut in ac:
            task = pending.pop(fut.key)
            try:
                yield fut.result()
            except Exception as exc:
                yield ArticleResult(input=task.path, name=task.rel, status=FAILED,
                                    error=f"dask task failed: {type(exc).__name__}: {exc}")
            fut.release()
            submit()
    finally:
        client.close()


# --------------------------------------------------------------------------- the API


def _formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    """Canonical writer names from "all", "docx,pdf" or a list; unknown names are usage errors."""
    import importlib.util

    from .registry import get_writer

    items = [formats] if isinstance(formats, str) else list(formats)
    names: list[str] = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            for name in (ALL_FORMATS if part.lower() == "all" else (part,)):
                spec = get_writer(name)
                if spec.name not in names:
                    names.append(spec.name)
    if not names:
        raise UsageError("no output format given (use -t docx,pdf,epub,newsml or -t all)")
    for name in names:
        module = get_writer(name).module
        if importlib.util.find_spec(module) is None:
            raise UsageError(f"the {name} writer is not installed (module {module} missing)")
    return tuple(names)


def _metadata(metadata: Mapping[str, str] | Iterable[str | tuple[str, str]] | None
              ) -> tuple[tuple[str, str], ...]:
    if metadata is None:
        return ()
    if isinstance(metadata, Mapping):
        return tuple((str(k), str(v)) for k, v in metadata.items())
    out = []
    for item in metadata:
        if isinstance(item, str):
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"metadata must be KEY=VALUE, got {item!r}")
            out.append((key.strip(), value))
        else:
            k, v = item
            out.append((str(k), str(v)))
    return tuple(out)


def _style_ref(style: str | os.PathLike[str]) -> tuple[str, str]:
    """(what workers load, digest of the resolved style); a bad style is a usage error now."""
    from .styles import load_style

    s = os.fspath(style)
    resolved = load_style(s)
    ref = s
    if os.sep in s or s.endswith(".toml") or Path(s).exists():
        ref = str(Path(s).resolve())
    return ref, hashlib.sha256(repr(resolved).encode("utf-8")).hexdigest()


def batch(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    formats: str | Sequence[str] = ALL_FORMATS,
    jobs: int | None = None,
    force: bool = False,
    style: str | os.PathLike[str] = "default",
    metadata: Mapping[str, str] | Iterable[str | tuple[str, str]] | None = None,
    newsml_body: str = "xhtml",
    scheduler: str | None = None,
    validate: bool = False,
    globs: Sequence[str] = DEFAULT_GLOBS,
    report: str | os.PathLike[str] | None = None,
    progress: Callable[[ArticleResult], None] | None = None,
    stdin: Iterable[str] | None = None,
    read_options: ReadOptions | None = None,
    reader: str | None = None,
    reference_docx: str | os.PathLike[str] | None = None,
    keep_results: bool = True,
) -> BatchResult:
    """Convert every article named by ``inputs`` into ``outdir``, once per requested format.

    ``inputs``: files, folders (searched recursively for ``globs``) or ``"-"`` (paths on stdin).
    ``jobs``: worker processes (default: the machine's cores; 1 converts in this process).
    ``scheduler``: a Dask scheduler address (``tcp://host:8786``) to run the tasks on instead.
    ``read_options``: reader settings as for :func:`convert.read_file` (``metadata`` is added to
    its overrides); ``reader``: force an input format; ``reference_docx``: DOCX styles source.
    Bad articles are reported in the result (``status == "failed"``), never raised; problems with
    the options themselves (unknown format, bad style, locked folder) raise UsageError.
    ``keep_results=False``: the result keeps counts but not one ``ArticleResult`` per input
    (``progress`` and ``report`` still see every one), so memory stays flat for any archive.
    Worker processes may be spawned, so a script calling this needs ``if __name__ == "__main__":``.
    """
    from .options import parse_source_date_epoch

    started = time.perf_counter()
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    fmts = _formats(formats)
    if newsml_body not in ("xhtml", "nitf"):
        raise UsageError(f"--newsml-body must be xhtml or nitf, got {newsml_body!r}")
    parse_source_date_epoch()  # a bad SOURCE_DATE_EPOCH is a usage error before any work
    sde = os.environ.get("SOURCE_DATE_EPOCH", "").strip() or None
    style_ref, style_digest = _style_ref(style)
    jobs = max(1, int(jobs if jobs is not None else (os.cpu_count() or 1)))
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the output folder: {exc.strerror}",
                         path=str(out)) from None
    out = out.resolve()
    if reader is not None:
        from .registry import get_reader

        get_reader(reader)  # an unknown input format is a usage error now, not per article
    config = BatchConfig(outdir=str(out), formats=fmts, style=style_ref,
                         metadata=_metadata(metadata), newsml_body=newsml_body,
                         validate=validate, source_date_epoch=sde,
                         read_options=read_options or ReadOptions(), reader=reader,
                         reference_docx=(str(Path(reference_docx).resolve())
                                         if reference_docx else None))
    if validate and "newsml" in fmts:
        _check_validator()
    fingerprints = _fingerprints(config, style_digest)
    results: list[ArticleResult] = []
    counts = {CONVERTED: 0, SKIPPED: 0, FAILED: 0}

    with _outdir_lock(out), contextlib.ExitStack() as stack:
        remove_stale_parts(out)  # before the report's temp file exists (it may be in OUTDIR)
        sink = (stack.enter_context(_ReportWriter(report, config, jobs, scheduler))
                if report is not None else None)  # a failed run leaves no report at all
        manifest = Manifest(out)

        def note(res: ArticleResult) -> None:
            counts[res.status] += 1
            if keep_results:
                results.append(res)
            if sink is not None:
                sink.add(res)
            if progress is not None:
                progress(res)

        def plan() -> Iterator[Task]:
            """Turn inputs into tasks lazily; failures and up-to-date inputs are noted here."""
            for item in expand_inputs(inputs, globs=globs, outdir=out, stdin=stdin):
                stem = ""
                if item.error is None:
                    try:
                        stem = output_stem(item.rel)
                    except OutputError as exc:
                        item = replace(item, error=exc.message)
                if item.error is None:
                    earlier = manifest.claim_stem(stem, item.path)
                    if earlier is not None:
                        item = replace(item, error=f"output names collide with {earlier}")
                if item.error is not None:
                    note(ArticleResult(input=item.path, name=item.rel, status=FAILED,
                                       error=item.error))
                    continue
                if force:
                    stale, fresh = fmts, {}
                else:
                    stale, fresh = manifest.stale_formats(item.rel, item.path, fmts,
                                                          fingerprints, out, validate)
                if not stale:
                    note(ArticleResult(input=item.path, name=item.rel, status=SKIPPED,
                                       outputs=fresh))
                    continue
                foreign = [] if force else manifest.foreign_outputs(item.rel, stale, out)
                if foreign:
                    note(ArticleResult(
                        input=item.path, name=item.rel, status=FAILED, outputs=fresh,
                        error=(f"{', '.join(foreign)} "
                               + ("already exists and was" if len(foreign) == 1 else
                                  "already exist and were")
                               + " not written by newsconvert; not overwritten "
                                 "(use --force to replace)")))
                    continue
                manifest.note_planned([stem + _output_suffix(fmt) for fmt in stale])
                yield Task(item.path, item.rel, stale)

        if scheduler:
            runner = _run_dask(plan(), config, scheduler)
        elif jobs == 1:
            runner = _run_inline(plan(), config)
        else:
            runner = _run_pool(plan(), config, jobs)
        last_save = time.monotonic()
        try:
            for res in runner:
                manifest.record(res, fingerprints)
                if len(res.outputs) < len(fmts):  # outputs fresh from before stay listed
                    for fmt, rel_out in manifest.fresh(res.name, res.sha256, fingerprints,
                                                       fmts).items():
                        res.outputs.setdefault(fmt, rel_out)
                note(res)
                if time.monotonic() - last_save > MANIFEST_SAVE_INTERVAL:
                    manifest.save()
                    last_save = time.monotonic()
            manifest.save()
            manifest.close_journal(finished=True)
            remove_parts_dir(out)  # every worker is done; only empty folders are left
        finally:
            try:
                manifest.save()
            finally:
                manifest.close_journal(finished=False)  # the file stays for the next run
                manifest.close()

    result = BatchResult(articles=results, outdir=out, formats=fmts, jobs=jobs,
                         elapsed=time.perf_counter() - started, scheduler=scheduler,
                         counts=counts)
    if sink is not None:
        sink.finish(result)
    return result


class _CallableModule(types.ModuleType):
    """Makes ``convert.batch(...)`` call :func:`batch`.

    Importing the submodule ``convert.batch`` binds that name on the package to this module, so
    ``from convert import batch`` yields the module once anything imported it; calling the module
    calls the function, and the API reads the same either way.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> BatchResult:
        return batch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
