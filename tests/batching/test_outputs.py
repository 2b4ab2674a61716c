"""Output names that cannot escape OUTDIR, atomic writes through the parts folder, the lock."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

import convert.batching.outputs as outputs
from convert import fsutil
from convert.batching import PARTS_NAME, check_relative_name, output_name, output_stem
from convert.batching import batch as batch_fn
from convert.batching.outputs import outdir_lock, safe_output_path, write_output
from convert.errors import OutputError, UsageError
from tests.batching.helpers import GOOD, check_output, copy_corpus

# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("rel", ["", "..", "../x.txt", "a/../../x.txt", "/etc/passwd",
                                 "a//b.txt", "./a.txt", "a/\x00.txt"])
def test_escaping_names_are_rejected(rel: str) -> None:
    with pytest.raises(OutputError):
        check_relative_name(rel)


@pytest.mark.parametrize("rel", ["../x.txt", "/abs.txt", "a//b.txt", ""])
def test_output_names_refuse_escaping_names(rel: str) -> None:
    for name_of in (output_stem, lambda r: output_name(r, "pdf")):
        with pytest.raises(OutputError):
            name_of(rel)


def test_component_length_is_counted_in_utf8_bytes() -> None:
    check_relative_name("d/" + "a" * 255)  # 255 bytes: the usual NAME_MAX
    check_relative_name("é" * 127)  # 254 bytes
    for too_long in ("a" * 256, "d/" + "é" * 128, "名" * 86, "\U0001f4f0" * 64):
        with pytest.raises(OutputError, match="too long"):
            check_relative_name(too_long)
    check_relative_name("\U0001f4f0" * 63)  # 252 bytes, under the encoding shortcut


def test_output_names_come_from_the_relative_input_path() -> None:
    assert output_name("a/b/story.txt", "newsml") == "a/b/story.xml"
    assert output_name("story", "docx") == "story.docx"
    assert output_name("x.y.txt", "epub") == "x.y.epub"


@pytest.mark.parametrize("rel", ["a.txt", "a", ".a", ".a.txt", "a.", "a..", "dir.x/a",
                                 "dir.x/a.txt", "d/.hidden", "d/.h.txt", "a.b.c", "x/y/z.md",
                                 "über.txt", "名.txt", "a b.txt", "d.d/e.", "..a", "a...b"])
def test_output_names_follow_pathlib_suffix_rules(rel: str) -> None:
    p = PurePosixPath(rel)
    for fmt, ext in (("docx", ".docx"), ("newsml", ".xml")):
        expected = (p.with_suffix(ext) if p.suffix else p.with_name(p.name + ext)).as_posix()
        assert output_name(rel, fmt) == expected


def test_symlinked_output_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="symlink"):
        safe_output_path(out, "sub/a.xml")
    assert safe_output_path(out, "ok/a.xml") == out.resolve() / "ok" / "a.xml"
    with pytest.raises(OutputError, match="symlink"):
        safe_output_path(out.resolve(), "sub/a.xml", resolved=True)
    assert safe_output_path(out.resolve(), "a.xml", resolved=True) == out.resolve() / "a.xml"
    link = tmp_path / "link-to-out"
    link.symlink_to(out, target_is_directory=True)
    assert safe_output_path(link, "a.xml") == out.resolve() / "a.xml"


# --------------------------------------------------------------------------- the one temp-write-rename


def test_write_via_temp_makes_a_normal_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.xml"
    target.write_bytes(b"old")
    old_mask = os.umask(0o027)
    try:
        fsutil.write_via_temp(target, b"new", fsync=False)
    finally:
        os.umask(old_mask)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0o644 less the umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml"]


def test_write_via_temp_skips_a_taken_temp_name(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A temp file left by a killed process of the same pid is not reused (O_EXCL), not fatal."""
    import itertools

    monkeypatch.setattr(fsutil, "_COUNTER", itertools.count())
    leftover = tmp_path / f".a.xml.{os.getpid()}.0.part"
    leftover.write_bytes(b"left over")
    fsutil.write_via_temp(tmp_path / "a.xml", b"data")
    assert (tmp_path / "a.xml").read_bytes() == b"data"
    assert leftover.read_bytes() == b"left over"  # somebody's file: untouched
    parts = tmp_path / "parts"
    parts.mkdir()
    fsutil.write_via_temp(tmp_path / ("b" * 255), b"long", temp_dir=str(parts))
    assert (tmp_path / ("b" * 255)).read_bytes() == b"long" and not list(parts.iterdir())


def test_write_via_temp_removes_its_temp_file_on_failure(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fsutil.os, "replace", fail)
    with pytest.raises(OSError, match="Input/output"):
        fsutil.write_via_temp(tmp_path / "a.xml", b"data", temp_dir=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_write_output_fsyncs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch syncs once before each manifest save instead (see Manifest.save)."""
    synced: list[int] = []
    monkeypatch.setattr(fsutil.os, "fsync", synced.append)
    write_output(tmp_path / "a.xml", b"<a/>", str(tmp_path))
    assert (tmp_path / "a.xml").read_bytes() == b"<a/>" and synced == []
    fsutil.atomic_write(tmp_path / "b.xml", b"<b/>")
    assert len(synced) == 1


def test_write_output_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "write", full)
    with pytest.raises(OutputError, match="cannot write: disk full") as info:
        write_output(tmp_path / "a.xml", b"<a/>", str(tmp_path))
    assert info.value.path == str(tmp_path / "a.xml")
    assert not list(tmp_path.rglob("*.part"))


# --------------------------------------------------------------------------- the parts folder


def test_temp_files_go_to_a_private_folder_that_the_run_removes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    src = copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    renamed: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(a: str, b: str) -> None:
        renamed.append((str(a), str(b)))
        real_replace(a, b)

    monkeypatch.setattr(os, "replace", spy)
    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert res.converted == 2
    mine = out.resolve() / PARTS_NAME / f"{socket.gethostname()}-{os.getpid()}"
    written = [(a, b) for a, b in renamed if b.endswith(".xml")]
    assert len(written) == 2 and all(Path(a).parent == mine for a, _ in written)
    assert not (out / PARTS_NAME).exists()  # removed at the end of the run
    # The next run in this process makes its folder again (the API, a long-lived Dask worker).
    again = batch_fn(src, out, formats="newsml", jobs=1, force=True)
    assert again.converted == 2 and not (out / PARTS_NAME).exists()


def test_planted_parts_symlink_is_removed_not_followed(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / PARTS_NAME).symlink_to(elsewhere, target_is_directory=True)
    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert res.converted == 2 and list(elsewhere.iterdir()) == []
    assert not (out / PARTS_NAME).exists()


def test_worker_writes_beside_the_output_when_its_folder_cannot_be_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
    out = tmp_path / "out"
    real_replace = os.replace
    seen: list[str] = []

    def cross_device(a: str, c: str) -> None:  # OUTDIR spans two file systems
        seen.append(str(a))
        if PARTS_NAME in str(a):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(a, c)

    monkeypatch.setattr(os, "replace", cross_device)
    res = batch_fn(src, out, formats="newsml", jobs=1)
    assert res.converted == 2, [a.error for a in res.articles]
    assert sum(PARTS_NAME not in s for s in seen) == 2  # the fallback wrote beside each output
    for a in res.articles:
        check_output("newsml", out / a.outputs["newsml"])
    assert not list(out.rglob("*.part"))

    # A folder that cannot be made (a file in its place) means temp files beside the outputs.
    monkeypatch.setattr(os, "replace", real_replace)
    outputs._PARTS.clear()
    target = out / "x.xml"
    (out / PARTS_NAME).write_bytes(b"not a folder")
    write_output(target, b"<x/>", str(out))
    assert target.read_bytes() == b"<x/>" and (out / PARTS_NAME).is_file()
    outputs._PARTS.clear()


def test_worker_makes_its_folder_again_when_it_went_away(tmp_path: Path) -> None:
    outputs._PARTS.clear()
    try:
        mine = outputs.worker_parts_dir(str(tmp_path))
        assert mine is not None
        shutil.rmtree(tmp_path / PARTS_NAME)
        write_output(tmp_path / "a.xml", b"<a/>", str(tmp_path))
        assert (tmp_path / "a.xml").read_bytes() == b"<a/>" and Path(mine).is_dir()
    finally:
        outputs._PARTS.clear()


def test_stale_parts_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".a.xml.123.0.part").write_bytes(b"x")
    (tmp_path / "sub" / ".b.pdf.9.1.part").write_bytes(b"x")
    (tmp_path / "keep.part").write_bytes(b"not hidden: not ours")
    (tmp_path / PARTS_NAME / "host-1").mkdir(parents=True)
    (tmp_path / PARTS_NAME / "host-1" / "1.0.part").write_bytes(b"x")
    assert outputs.remove_stale_parts(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["keep.part", "sub"]


def _inode_flags(path: Path) -> int | None:
    """The folder's ext2/3/4 inode flags (what lsattr shows), or None where there are none."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return outputs.inode_flags(fd)
    except OSError:
        return None
    finally:
        os.close(fd)


@pytest.mark.skipif(sys.platform != "linux", reason="inode flags are a Linux ioctl")
def test_parts_folder_spreads_worker_folders_over_block_groups(tmp_path: Path) -> None:
    """The parts root carries chattr +T, so ext4 puts each worker folder in a fresh group."""
    out = tmp_path / "out"
    out.mkdir()
    before = _inode_flags(out)
    if before is None:
        pytest.skip(f"the file system of {tmp_path} has no inode flags (not ext2/3/4)")
    outputs._PARTS.clear()
    try:
        mine = outputs.worker_parts_dir(str(out))
    finally:
        outputs._PARTS.clear()
    assert mine is not None and Path(mine).is_dir()
    flags = _inode_flags(out / PARTS_NAME)
    assert flags is not None and flags & outputs._FS_TOPDIR_FL, "chattr +T missing on the parts root"
    if shutil.which("lsattr"):  # e2fsprogs reads the flag independently
        shown = subprocess.run(["lsattr", "-d", str(out / PARTS_NAME)], capture_output=True,
                               text=True, check=True).stdout.split()[0]
        assert "T" in shown, shown
    assert _inode_flags(out) == before  # the user's output folder itself is left alone
    assert outputs.mark_top_of_hierarchy(str(out / PARTS_NAME))  # again: already set, still fine


@pytest.mark.skipif(sys.platform != "linux", reason="inode flags are a Linux ioctl")
def test_top_of_hierarchy_flag_is_optional_and_never_follows_symlinks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    flags = _inode_flags(real)
    assert not outputs.mark_top_of_hierarchy(str(link))  # O_NOFOLLOW: a symlink is refused
    assert _inode_flags(real) == flags
    assert not outputs.mark_top_of_hierarchy(str(tmp_path / "missing"))

    def unsupported(*_: object) -> None:  # tmpfs, XFS, btrfs, NFS: no such flag
        raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")

    monkeypatch.setattr(fcntl, "ioctl", unsupported)
    assert not outputs.mark_top_of_hierarchy(str(real))
    outputs._PARTS.clear()
    try:
        mine = outputs.worker_parts_dir(str(real))  # the folder is still used, just not spread
    finally:
        outputs._PARTS.clear()
    assert mine is not None and Path(mine).is_dir()


# --------------------------------------------------------------------------- the lock


def test_one_run_at_a_time_per_output_folder(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:1])
    out = tmp_path / "out"
    out.mkdir()
    with outdir_lock(out):
        with pytest.raises(UsageError, match="another batch run is writing"):
            batch_fn(src, out, formats="newsml", jobs=1)
    assert batch_fn(src, out, formats="newsml", jobs=1).converted == 1
