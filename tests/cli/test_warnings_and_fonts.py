"""Warnings name their file everywhere; --strict-fonts fails the article; `fonts` lists scripts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from convert.cli import main

#: A private-use character: no installed font draws it, on any machine.
NO_FONT = "\ue000"


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "odd.txt"
    path.write_text(f"Head line\n\nA paragraph with a private {NO_FONT} character.\n", encoding="utf-8")
    return path


def test_convert_warns_once_naming_the_file_and_the_script(tmp_path):
    article = _article(tmp_path)
    res = CliRunner().invoke(main, ["convert", str(article), "-o", str(tmp_path / "o.pdf")])
    assert res.exit_code == 0, res.output
    lines = [line for line in res.output.splitlines() if "warning" in line]
    assert len(lines) == 1 and lines[0].startswith(f"newsconvert: warning: {article}: PDF: ")
    assert "no installed font has" in lines[0] and len(lines[0]) < 200


def test_strict_fonts_is_exit_3_naming_the_file(tmp_path):
    article = _article(tmp_path)
    out = tmp_path / "o.pdf"
    res = CliRunner().invoke(main, ["convert", str(article), "-o", str(out), "--strict-fonts"])
    assert res.exit_code == 3 and f"{article}: PDF: no installed font has" in res.output
    assert not out.exists()
    cfg = tmp_path / "c.toml"
    cfg.write_text("[convert]\nstrict_fonts = true\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["convert", str(article), "-o", str(out), "--config", str(cfg)])
    assert res.exit_code == 3


def test_batch_reports_warnings_per_article(tmp_path):
    article = _article(tmp_path)
    report = tmp_path / "r.json"
    res = CliRunner().invoke(main, ["batch", str(article), "-d", str(tmp_path / "out"), "-t", "pdf,docx",
                                    "-j", "1", "--report", str(report)])
    assert res.exit_code == 0, res.output
    data = json.loads(report.read_text(encoding="utf-8"))
    [entry] = data["articles"]
    assert len(entry["warnings"]) == 1 and entry["warnings"][0].startswith("PDF: no installed font")
    assert data["summary"]["warned"] == 1
    assert "newsconvert: warning: odd.txt: PDF: " in res.output and "1 with warnings" in res.output


def test_batch_strict_fonts_fails_the_article(tmp_path):
    res = CliRunner().invoke(main, ["batch", str(_article(tmp_path)), "-d", str(tmp_path / "out"),
                                    "-t", "pdf", "-j", "1", "--strict-fonts"])
    assert res.exit_code == 6 and "odd.txt: pdf: PDF: no installed font has" in res.output


def test_batch_honours_the_ninjs_version(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Head line\n\nBody text.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["batch", str(article), "-d", str(tmp_path / "out"), "-t", "ninjs",
                                    "-j", "1", "--ninjs-version", "2.2"])
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    assert "versioncreated" in data and "versionCreated" not in data  # 2.2's lower-case names


def test_fonts_lists_every_script_with_its_font():
    res = CliRunner().invoke(main, ["fonts"])
    assert res.exit_code == 0, res.output
    assert "Arab" in res.output and "Deva" in res.output and "scripts have a font" in res.output
    urdu = CliRunner().invoke(main, ["fonts", "--language", "ur"]).output
    arabic_line = next(line for line in urdu.splitlines() if line.startswith("Arab"))
    assert "Nastaliq" in arabic_line or "Amiri" in arabic_line
