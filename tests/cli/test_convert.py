"""The newsconvert command line: through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert.cli import main
from tests.support import CORPUS, ROOT, SEED, require

ARTICLE = "Headline here\n\nBy Jane Doe\n\nLONDON — First paragraph.\n\nSecond.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_help_and_version(runner):
    res = runner.invoke(main, ["--help"])
    assert res.exit_code == 0 and "convert" in res.output and "Exit codes" in res.output
    for cmd in ("convert", "parse", "formats", "styles"):
        res = runner.invoke(main, [cmd, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output
    assert "Examples" in runner.invoke(main, ["convert", "--help"]).output
    res = runner.invoke(main, ["--version"])
    assert res.exit_code == 0 and "0.1.0" in res.output


def test_parse_json(runner, article):
    res = runner.invoke(main, ["parse", str(article), "--json", "-M", "keywords=a, b"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["meta"]["headline"] == "Headline here"
    assert data["meta"]["byline"] == "Jane Doe" and data["meta"]["dateline"] == "LONDON"
    assert data["meta"]["keywords"] == ["a", "b"]
    assert [b["text"] for b in data["body"]] == ["First paragraph.", "Second."]


def test_parse_stdin(runner):
    res = runner.invoke(main, ["parse", "-", "--json"], input=ARTICLE.encode())
    assert res.exit_code == 0 and json.loads(res.output)["meta"]["headline"] == "Headline here"


def test_formats_and_styles(runner):
    out = runner.invoke(main, ["formats"]).output
    assert all(name in out for name in ("docx", "pdf", "epub", "newsml", "text", "markdown"))
    out = runner.invoke(main, ["styles"]).output
    assert "default" in out and "broadsheet" in out


@pytest.mark.parametrize("args,code,message", [
    (["parse", "missing.txt"], 3, "missing.txt: no such file"),
    (["convert", "{a}", "-o", "x.odt"], 2, "cannot tell the output format"),
    (["convert", "{a}", "-o", "x.xml", "-t", "odt"], 2, "unknown output format 'odt' (installed:"),
    (["convert", "{a}"], 2, "writing to standard output needs -t FORMAT"),
    (["convert", "{a}", "-o", "x.xml", "-d", "out"], 2, "give -o FILE or -d DIR, not both"),
    (["convert", "{a}", "-o", "-"], 2, "needs -t FORMAT"),
    (["convert", "{a}", "-o", "x.xml", "--style", "nope"], 2, "unknown style 'nope'"),
    (["parse", "{a}", "-M", "novalue"], 2, "-M expects KEY=VALUE"),
    (["parse", "{a}", "-M", "urgency=99"], 2, "urgency must be 1"),
    (["convert", "{a}", "{a}", "-o", "x.docx"], 2, "docx makes one file per article"),
])
def test_errors_are_one_line_with_distinct_exit_codes(runner, article, args, code, message):
    args = [a.replace("{a}", str(article)) for a in args]
    res = runner.invoke(main, args)
    assert res.exit_code == code, res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in res.output


def test_bad_input_exit_code(runner):
    require((CORPUS / "bad_binary.txt").exists(), "corpus missing")
    res = runner.invoke(main, ["parse", str(CORPUS / "bad_binary.txt")])
    assert res.exit_code == 3 and "bad_binary.txt: binary data" in res.output


def test_config_file(runner, article, tmp_path):
    cfg = tmp_path / "nc.toml"
    cfg.write_text('[metadata]\nprovider = "example.org"\ncopyright = "(c) Ex"\n'
                   '[convert]\nlanguage = "en-GB"\n', encoding="utf-8")
    data = json.loads(runner.invoke(main, ["parse", str(article), "--json", "--config", str(cfg)]).output)
    assert data["meta"]["provider"] == "example.org" and data["meta"]["language"] == "en-GB"
    assert data["meta"]["identifier"].startswith("urn:newsml:example.org:")
    cfg.write_text("[metadata\n", encoding="utf-8")
    res = runner.invoke(main, ["parse", str(article), "--config", str(cfg)])
    assert res.exit_code == 2 and "not valid TOML" in res.output
    cfg.write_text("[output]\nx=1\n", encoding="utf-8")
    res = runner.invoke(main, ["parse", str(article), "--config", str(cfg)])
    assert "unknown config section" in res.output


def test_convert_newsml_to_file_and_stdout(runner, article, tmp_path):
    out = tmp_path / "a.xml"
    res = runner.invoke(main, ["convert", str(article), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert b"newsItem" in out.read_bytes()
    res = runner.invoke(main, ["convert", str(article), "-o", "-", "-t", "newsml"])
    assert res.exit_code == 0 and res.stdout_bytes == out.read_bytes()


def test_convert_outdir_every_format_and_bad_file_does_not_stop_the_rest(runner, article, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    outdir = tmp_path / "out"
    res = runner.invoke(main, ["convert", str(bad), str(article), "-d", str(outdir), "-t", "all"])
    assert res.exit_code == 6, res.output
    assert "bad.txt: empty file" in res.output
    assert sorted(p.name for p in outdir.iterdir()) == ["a.docx", "a.epub", "a.html", "a.json",
                                                        "a.pdf", "a.xml"]
    assert not list(outdir.glob(".*part"))


def test_output_is_reproducible_and_honours_source_date_epoch(runner, article, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    a, b = tmp_path / "1.xml", tmp_path / "2.xml"
    runner.invoke(main, ["convert", str(article), "-o", str(a)], env=env)
    os.utime(article, (1, 1))
    runner.invoke(main, ["convert", str(article), "-o", str(b)], env=env)
    assert a.read_bytes() == b.read_bytes()
    assert b"2023-11-14T22:13:20" in a.read_bytes()


def test_input_is_never_modified(runner, article, tmp_path):
    before = article.read_bytes(), article.stat().st_mtime_ns
    runner.invoke(main, ["convert", str(article), "-o", str(tmp_path / "x.xml")])
    assert (article.read_bytes(), article.stat().st_mtime_ns) == before


def test_real_subprocess_module_and_console_script(tmp_path):
    assert SEED is not None
    res = subprocess.run([sys.executable, "-m", "convert", "parse", str(SEED), "--json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["meta"]["headline"].startswith("Pakistan rejects")
    exe = Path(sys.executable).parent / "newsconvert"
    require(exe.exists(), "newsconvert console script not installed (pip install -e .)")
    res = subprocess.run([str(exe), "parse", str(tmp_path / "nope.txt")], capture_output=True,
                         text=True)
    assert res.returncode == 3 and res.stderr.strip().endswith("nope.txt: no such file")
    assert res.stderr.count("\n") == 1


def test_debug_shows_traceback(runner):
    res = runner.invoke(main, ["--debug", "parse", "missing.txt"])
    assert res.exit_code != 0 and res.exception is not None


def test_batch_takes_the_same_reading_options_as_convert(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("# Markdown *headline*\n\nBody **text**.\n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(main, ["batch", str(src), "-d", str(out), "-t", "newsml", "-j", "1",
                               "--from", "markdown", "--provider", "example.org",
                               "--language", "en-GB", "-q"])
    assert res.exit_code == 0, res.output
    xml = (out / "a.xml").read_text(encoding="utf-8")
    assert "urn:newsml:example.org:" in xml and 'xml:lang="en-GB"' in xml
    assert "<headline>Markdown headline</headline>" in xml


def test_convert_outdir_refuses_colliding_names(runner, tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text("Head\n\nBody.\n", encoding="utf-8")
    res = runner.invoke(main, ["convert", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"),
                               "-d", str(tmp_path / "out"), "-t", "newsml"])
    assert res.exit_code == 2 and "would both write" in res.output
    assert not (tmp_path / "out").exists()
