"""fontpkg's answers kept in the font cache (issue #19 item 6: a PDF's start skips the entry-point scan).

The cache must never change an answer: it is used only while the import path's folders are as they
were and the files it names exist, and any unreadable or unwritable cache falls back to asking.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from convert import scriptfonts
from convert.scriptfonts import FONTPKG_CACHE, fontpkg_files
from convert.styles import FontFiles

FAMILY = "PT Serif"  # a dependency of the package: always installed through fontpkg


def _refuse(family: str) -> FontFiles | None:
    raise AssertionError(f"fontpkg was asked for {family!r}: the cache should have answered")


def test_an_answer_is_kept_and_reused_without_asking(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    asked = fontpkg_files(FAMILY)
    assert asked is not None
    assert fontpkg_files(FAMILY, tmp_path) == asked
    saved = json.loads((tmp_path / FONTPKG_CACHE).read_text(encoding="utf-8"))
    assert saved["families"][FAMILY][0] == str(asked.regular)
    monkeypatch.setattr(scriptfonts, "_ask_fontpkg", _refuse)
    assert fontpkg_files(FAMILY, tmp_path) == asked


def test_a_family_fontpkg_lacks_is_kept_as_none(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert fontpkg_files("No Such Family 42", tmp_path) is None
    monkeypatch.setattr(scriptfonts, "_ask_fontpkg", _refuse)
    assert fontpkg_files("No Such Family 42", tmp_path) is None


def test_a_changed_import_path_folder_asks_again(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Installing or removing a distribution changes its folder's time: the answer is stale."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    cache = tmp_path / "cache"
    asked = fontpkg_files(FAMILY, cache)
    (site / "fontpkg_new-1.0.dist-info").mkdir()
    os.utime(site, ns=(1, 1))  # whatever the file system's clock resolution
    calls: list[str] = []

    def ask(family: str) -> FontFiles | None:
        calls.append(family)
        return asked

    monkeypatch.setattr(scriptfonts, "_ask_fontpkg", ask)
    assert fontpkg_files(FAMILY, cache) == asked
    assert calls == [FAMILY]
    assert fontpkg_files(FAMILY, cache) == asked  # and the new answer is kept
    assert calls == [FAMILY]


def test_a_missing_file_asks_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone.ttf"
    stamp = scriptfonts._import_path_stamp()
    (tmp_path / FONTPKG_CACHE).write_text(json.dumps(
        {"stamp": stamp, "families": {FAMILY: [str(gone), None, None, None]}}), encoding="utf-8")
    assert fontpkg_files(FAMILY, tmp_path) == fontpkg_files(FAMILY)


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"stamp": [], "families": 3}',
                                     None])
def test_a_damaged_cache_is_a_miss(tmp_path: Path, content: str | None) -> None:
    target = tmp_path / FONTPKG_CACHE
    if content is None:  # a well-formed file whose entry is not a list of paths
        target.write_text(json.dumps({"stamp": scriptfonts._import_path_stamp(),
                                      "families": {FAMILY: {"regular": 1}}}), encoding="utf-8")
    else:
        target.write_text(content, encoding="utf-8")
    assert fontpkg_files(FAMILY, tmp_path) == fontpkg_files(FAMILY)
    assert json.loads(target.read_text(encoding="utf-8"))["families"][FAMILY] is not None


def test_an_unwritable_cache_folder_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert fontpkg_files(FAMILY, blocker / "cache") == fontpkg_files(FAMILY)
