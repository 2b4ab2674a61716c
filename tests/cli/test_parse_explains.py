"""``newsconvert parse`` says what the reader decided and why; the config extends conventions."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from convert.cli import main

WIRE = ("QANTAS TO BUY FOUR 747-400'S\n\n    SYDNEY, March 2 - Qantas Airways Ltd has placed a firm\n"
        "order with Boeing Co for four aircraft, chairman Jim Leslie said.\n    The first is due"
        " for delivery in April 1989, he said.\nShare this post\n Reuter\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_json_carries_diagnostics_beside_the_model(tmp_path):
    res = CliRunner().invoke(main, ["parse", str(_write(tmp_path, "w.txt", WIRE)), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data) == {"version", "meta", "body", "diagnostics"}
    diag = data["diagnostics"]
    assert diag["paragraphs"]["rule"] == "indented" and diag["signoff"] == "Reuter"
    assert diag["dateline"] == "SYDNEY, March 2" and diag["junk"] == ["Share this post"]
    assert diag["encoding"] == "ascii" and diag["language"]["tag"] == "en"
    assert "diagnostics" not in data["meta"] and len(data["body"]) == 2


def test_parse_text_explains(tmp_path):
    res = CliRunner().invoke(main, ["parse", str(_write(tmp_path, "w.txt", WIRE))])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "What the reader decided:" in out
    assert "paragraphs: indented (hard-wrapped at" in out and "signoff: Reuter" in out
    assert "junk: 1" in out and "- Share this post" in out and "language: en (" in out


def test_config_adds_conventions_per_language(tmp_path):
    article = _write(tmp_path, "u.txt", "سرخی\n\nپہلا پیراگراف۔\n\nہمارا چینل دیکھیں\n\nدوسرا۔\n")
    cfg = _write(tmp_path, "c.toml", '[conventions.ur]\njunk = ["ہمارا چینل دیکھیں"]\n')
    res = CliRunner().invoke(main, ["parse", str(article), "--json", "--config", str(cfg)])
    data = json.loads(res.output)
    assert [b["text"] for b in data["body"]] == ["پہلا پیراگراف۔", "دوسرا۔"]
    assert data["diagnostics"]["junk"] == ["ہمارا چینل دیکھیں"]


def test_a_bad_conventions_table_is_a_usage_error(tmp_path):
    article = _write(tmp_path, "a.txt", "Head\n\nBody.\n")
    cfg = _write(tmp_path, "c.toml", '[conventions.en]\njunk = ["(("]\n')
    res = CliRunner().invoke(main, ["parse", str(article), "--config", str(cfg)])
    assert res.exit_code == 2 and "[conventions.en] junk" in res.output and "Traceback" not in res.output
