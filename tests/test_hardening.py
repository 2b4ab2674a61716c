"""Failure handling: full disks, unwritable or odd output paths, interrupts, hostile inputs."""

from __future__ import annotations

import errno
import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert import fsutil
from convert.api import read
from convert.cli import main
from convert.errors import InputError, OutputError, StyleError
from convert.options import ReadOptions

ARTICLE = "Headline\n\nBody paragraph one.\n\nBody paragraph two.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_disk_full_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch):
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "write", full)
    with pytest.raises(OutputError, match="disk full") as info:
        fsutil.atomic_write(target, b"new" * 1000)
    assert str(target) in str(info.value)
    assert target.read_bytes() == b"old" and _leftovers(tmp_path) == []


def test_interrupt_mid_write_leaves_nothing(tmp_path: Path, monkeypatch):
    target = tmp_path / "out.pdf"
    calls = {"n": 0}
    real_write = os.write

    def interrupted(fd: int, data) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise KeyboardInterrupt
        return real_write(fd, bytes(data[:10]))

    monkeypatch.setattr(fsutil.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write(target, b"x" * 100)
    assert not target.exists() and _leftovers(tmp_path) == []


def test_unwritable_folder(tmp_path: Path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fsutil.os, "open", denied)
    with pytest.raises(OutputError, match="Permission denied"):
        fsutil.atomic_write(tmp_path / "x.docx", b"data")


def test_output_is_a_directory_or_in_a_missing_folder(tmp_path: Path):
    with pytest.raises(OutputError, match="is a directory"):
        fsutil.atomic_write(tmp_path, b"data")
    with pytest.raises(OutputError, match="does not exist"):
        fsutil.atomic_write(tmp_path / "missing" / "x.xml", b"data")


@pytest.mark.parametrize("target,code,message", [
    ("{dir}", 2, "is a directory"),
    ("{dir}/missing/a.xml", 4, "output folder does not exist"),
])
def test_cli_output_errors(article: Path, tmp_path: Path, target: str, code: int, message: str):
    res = CliRunner().invoke(main, ["convert", str(article), "-o",
                                    target.replace("{dir}", str(tmp_path))])
    assert res.exit_code == code and message in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_cli_disk_full_exit_code(article: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(fsutil.os, "write",
                        lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    res = CliRunner().invoke(main, ["convert", str(article), "-o", str(tmp_path / "a.xml")])
    assert res.exit_code == 4 and "disk full" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_block_limit():
    text = "Head\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(50))
    with pytest.raises(InputError, match="too many blocks"):
        read(text.encode(), options=ReadOptions(max_blocks=10))


def _docx_with(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_hostile_reference_docx(tmp_path: Path):
    from convert.styles import load_style
    from convert.writers.docx.template import prepare_template

    style = load_style("default")
    with pytest.raises(StyleError, match="cannot be read"):
        prepare_template(style, b"not a zip")
    entity = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              b"&x;</Relationships>")
    bomb = _docx_with({"_rels/.rels": entity, "word/document.xml": b"<w:document/"},
                      tmp_path / "b.docx")
    with pytest.raises(StyleError):
        prepare_template(style, bomb.read_bytes())
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (70 * 1024 * 1024))
    with pytest.raises(StyleError, match="too large"):
        prepare_template(style, big.read_bytes())


def test_hostile_text_stays_literal_in_every_format(tmp_path: Path):
    import docx

    from convert.api import write

    doc = read(b"Head <b>x</b>\n\nA <script>alert(1)</script> &amp; ]]> <p> text.\n")
    xml = write(doc, "newsml").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; ]]&gt; &lt;p&gt;" in xml
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(write(doc, "docx"))).paragraphs)
    assert "<script>alert(1)</script> &amp; ]]> <p> text." in text
