"""Outputs whose input is gone: found through the manifest, listed, and removed with ``--prune``.

Only outputs the manifest recorded are ever touched, and only while they are still what
newsconvert wrote: a regular file of the recorded size, reached without following a symlink.
Anything else is kept and reported as changed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import OutputError
from ..fsutil import write_error
from .manifest import Manifest
from .outputs import check_relative_name
from .results import CHANGED, LEFT, MISSING, REMOVED, Orphan


def find_orphans(manifest: Manifest, outdir: Path, *, prune: bool) -> list[Orphan]:
    """Every input the manifest knows whose file is gone, with its outputs (removed if ``prune``)."""
    found = []
    for rel, source, outputs in list(manifest.orphans()):
        states = {path: (remove_recorded(outdir, path, size) if prune else LEFT)
                  for path, size in outputs.items()}
        if prune:
            manifest.forget(rel)
        found.append(Orphan(input=source, name=rel, outputs=states))
    return found


def remove_recorded(outdir: Path, rel_out: str, size: int | None) -> str:
    """Remove one recorded output if it is still ours; its state (removed, missing, changed).

    A failure to remove it (a read-only folder) is an output error, as for any write.
    """
    try:
        parts = check_relative_name(rel_out).parts
    except OutputError:
        return CHANGED  # not a name newsconvert writes: never touched
    cur = outdir
    for part in parts[:-1]:
        cur = cur / part
        if cur.is_symlink():
            return CHANGED
        if not cur.is_dir():
            return CHANGED if cur.exists() else MISSING
    target = cur / parts[-1]
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return MISSING
    except OSError as exc:
        raise write_error(exc, target) from None
    if not stat.S_ISREG(st.st_mode) or (size is not None and st.st_size != size):
        return CHANGED
    try:
        os.unlink(target)
    except FileNotFoundError:
        return MISSING
    except OSError as exc:
        raise OutputError(f"cannot remove: {exc.strerror}", path=str(target)) from None
    return REMOVED
