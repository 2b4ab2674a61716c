"""Font files: static copies that depend on the font only, kept where the caller says."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont as FTFont

from convert.styles import FontFiles, load_style
from convert.writers.pdf import fontfiles


def pt_serif() -> FontFiles:
    return fontfiles.resolve_files("PT Serif", "serif", None)


def test_resolve_prefers_the_style_files(tmp_path) -> None:
    own = FontFiles(tmp_path / "mine.ttf")
    assert fontfiles.resolve_files("PT Serif", "serif", own) is own
    files = pt_serif()
    assert files.regular.is_file() and files.bold is not None
    assert load_style("default").font_files.get("PT Serif") is None


def test_static_copy_is_fixed_whatever_the_clock_or_env(monkeypatch: pytest.MonkeyPatch) -> None:
    path = pt_serif().regular
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    first = fontfiles.make_static(path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    assert fontfiles.make_static(path) == first
    font = FTFont(io.BytesIO(first))
    assert font["head"].modified == fontfiles.INSTANCE_STAMP
    assert "fpgm" not in font and "prep" not in font  # unhinted
    names = {rec.nameID for rec in font["name"].names}
    assert {0, 14} <= names and not names & {10, 13}  # licence URL kept, its text dropped


def test_cache_folder_is_optional_and_gives_the_same_bytes(tmp_path) -> None:
    path = pt_serif().regular
    in_memory = fontfiles.static_font(path, 0, None).read()
    made = fontfiles.static_font(path, 0, tmp_path / "fonts").read()
    cached = list((tmp_path / "fonts").iterdir())
    assert len(cached) == 1 and cached[0].name.endswith("-v3.ttf")
    again = fontfiles.static_font(path, 0, tmp_path / "fonts")
    assert in_memory == made == again.read() == cached[0].read_bytes()
    assert again.name == f"{path}#0"


def test_unwritable_cache_folder_still_gives_the_font(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = pt_serif().regular
    assert fontfiles.static_font(path, 0, blocker / "fonts").read() == fontfiles.make_static(path)


def test_is_truetype(tmp_path) -> None:
    assert fontfiles.is_truetype(pt_serif().regular)
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font")
    assert not fontfiles.is_truetype(junk)
