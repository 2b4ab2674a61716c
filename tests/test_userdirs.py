"""The user's folders come from platformdirs, and every job, batch workers' too, has the font cache."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from convert import userdirs


@pytest.mark.parametrize("xdg", [None, "custom"])
def test_config_dir_is_the_platformdirs_folder(xdg: str | None, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / xdg))
    assert userdirs.config_dir() == Path(platformdirs.user_config_dir("newsconvert"))


def test_cache_dir_is_the_platformdirs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert userdirs.cache_dir() == tmp_path / "newsconvert"


def test_batch_workers_draw_pdf_with_the_font_cache(tmp_path: Path) -> None:
    """PDF in a batch worker draws with the cached static fonts (0.2 s a face without)."""
    from convert.batching.config import BatchConfig
    from convert.batching.worker import _Worker

    worker = _Worker(BatchConfig(outdir=str(tmp_path), formats=("newsml", "pdf")))
    assert worker.base.font_cache == userdirs.cache_dir() / "fonts"
    # and DOCX with the prepared templates (15 ms a process without)
    assert worker.base.template_cache == userdirs.cache_dir() / "docx-templates"
