"""Writer settings reach the writers from flags, the config file and batch alike."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from convert.cli import main


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("Head line\n\nBody text here.\n", encoding="utf-8")
    return path


def _fonts(path: Path, suffix: str) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [n for n in zf.namelist() if n.endswith(suffix)]


def test_embed_fonts_from_the_flag_and_the_config(tmp_path):
    article = _article(tmp_path)
    plain, embedded = tmp_path / "p.docx", tmp_path / "e.docx"
    assert CliRunner().invoke(main, ["convert", str(article), "-o", str(plain)]).exit_code == 0
    res = CliRunner().invoke(main, ["convert", str(article), "-o", str(embedded), "--embed-fonts"])
    assert res.exit_code == 0, res.output
    assert not _fonts(plain, ".odttf") and _fonts(embedded, ".odttf")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[convert]\nembed_fonts = true\n", encoding="utf-8")
    viacfg = tmp_path / "c.docx"
    res = CliRunner().invoke(main, ["convert", str(article), "-o", str(viacfg), "--config", str(cfg)])
    assert res.exit_code == 0 and _fonts(viacfg, ".odttf")
    cfg.write_text("[convert]\nembed_fonts = 'yes'\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["convert", str(article), "-o", str(viacfg), "--config", str(cfg)])
    assert res.exit_code == 2 and "embed_fonts must be true or false" in res.output


def test_batch_embeds_fonts_too(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["batch", str(_article(tmp_path)), "-d", str(out), "-t", "epub",
                                    "-j", "1", "--embed-fonts"])
    assert res.exit_code == 0, res.output
    assert _fonts(out / "a.epub", ".ttf")
