"""Where a batch writes: safe output names, atomic writes via a per-worker parts folder, the lock."""

from __future__ import annotations

import contextlib
import errno
import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..errors import OutputError, UsageError
from ..fsutil import write_error, write_via_temp
from ..registry import get_writer
from .config import LOCK_NAME, PARTS_NAME

# --------------------------------------------------------------------------- naming and safety


def output_suffix(fmt: str) -> str:
    """The file suffix of a writer's outputs (its first extension)."""
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
    return output_stem(rel) + output_suffix(fmt)


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


# --------------------------------------------------------------------------- writing


def write_output(target: Path, data: bytes, outdir: str | None = None) -> None:
    """Write an output atomically: a temp file, then a rename onto the output's name.

    The temp-write-rename itself is :func:`convert.fsutil.write_via_temp` (``O_EXCL``, the
    umask applied at creation, the temp file removed on any failure). With ``outdir`` the temp
    file goes to this process's own folder in it (:func:`worker_parts_dir`); without, beside
    the output. Creating a file holds its folder's lock while the file system allocates an
    inode, and on ext4 without a journal that scans past every recently deleted inode
    (0.05-0.8 ms measured): with every worker creating its temp files in the output folder
    itself, the others spun on that lock. In a private folder only the short rename takes the
    output folder's lock. A rename across devices (a mount point inside OUTDIR) falls back to a
    temp file beside the output.

    Unlike :func:`convert.fsutil.atomic_write`'s default there is no fsync per file (3-4 ms
    each here, a tenth of an article's time): the run calls ``os.sync()`` before each manifest
    save, so the manifest never lists an output that is not on disk, and a temp file left by a
    killed run is never mistaken for an output (:func:`remove_stale_parts` clears them on the
    next run).
    """
    parts = worker_parts_dir(outdir) if outdir is not None else None
    try:
        try:
            write_via_temp(target, data, fsync=False, temp_dir=parts)
        except FileNotFoundError:
            if parts is None or outdir is None or os.path.isdir(parts):
                raise
            # The folder went with the end of an earlier run in this process (the API, a Dask
            # worker): make it again.
            parts = worker_parts_dir(outdir, refresh=True)
            write_via_temp(target, data, fsync=False, temp_dir=parts)
    except OSError as exc:
        if exc.errno == errno.EXDEV and parts is not None:
            write_output(target, data)  # OUTDIR spans devices: write beside the output
            return
        raise write_error(exc, target) from None


# --------------------------------------------------------------------------- the parts folder

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


# --------------------------------------------------------------------------- the folder lock


@contextlib.contextmanager
def outdir_lock(outdir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the run (POSIX; a no-op elsewhere).

    A lock file that cannot be created is an OutputError (exit 4); a folder another run holds is
    a UsageError (exit 2).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(outdir / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                     0o644)
    except OSError as exc:  # a read-only folder: the same failure as any output that cannot be made
        raise OutputError(f"cannot write to the output folder: {exc.strerror}",
                          path=str(outdir / LOCK_NAME)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError("another batch run is writing to this output folder",
                             path=str(outdir)) from None
        yield
    finally:
        os.close(fd)
