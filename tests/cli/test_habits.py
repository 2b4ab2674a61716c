"""pandoc's habits: standard streams, -o/-t agreement, warnings for flags that do not apply, flags
anywhere, one-line usage errors, shell completion, metadata key hints and the user's config file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert.cli import main
from convert.errors import EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, EXIT_WARNINGS
from tests.support import ROOT

ARTICLE = "Floods close the coast road\n\nThe road was closed on Monday, officials said.\n"
#: A private-use character: no installed font draws it, so the PDF writer warns.
NO_FONT = "\ue000"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, bytes, str]:
    """Through click's runner: (exit code, stdout bytes, stderr text)."""
    res = CliRunner().invoke(main, args, input=stdin)
    return res.exit_code, res.stdout_bytes, res.stderr


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def cli(args: list[str], *, stdin: bytes | None = None, env: dict[str, str] | None = None,
        tty_out: bool = False, tty_in: bool = False) -> tuple[int, bytes, str]:
    """The real program in a subprocess; stdout or stdin can be a terminal (a pty, drained)."""
    pty = pytest.importorskip("pty")  # POSIX
    master, slave = pty.openpty()
    shown: list[bytes] = []

    def drain() -> None:  # a full pty would block the writer
        try:
            while chunk := os.read(master, 65536):
                shown.append(chunk)
        except OSError:  # EIO once the last writer closed
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run([sys.executable, "-m", "convert", *args], cwd=ROOT, timeout=120,
                              stdin=slave if tty_in else (None if stdin else subprocess.DEVNULL),
                              input=stdin, stdout=slave if tty_out else subprocess.PIPE,
                              stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    finally:
        os.close(slave)
        reader.join(10)
        os.close(master)
    out = b"".join(shown) if tty_out else proc.stdout
    return proc.returncode, out, proc.stderr.decode("utf-8", "replace")


# --------------------------------------------------------------------------- standard streams


def test_no_input_reads_stdin_and_no_output_writes_stdout(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # stdin has no file time to stamp with
    code, out, err = run(["convert", "-t", "newsml"], stdin=ARTICLE.encode())
    assert code == EXIT_OK, err
    assert out.startswith(b"<?xml") and b"Floods close the coast road" in out
    code, dash, _ = run(["convert", "-", "-t", "newsml"], stdin=ARTICLE.encode())
    assert code == EXIT_OK and dash == out
    target = tmp_path / "x.docx"
    code, _, err = run(["convert", "-o", str(target)], stdin=ARTICLE.encode())  # cat a | … -o x.docx
    assert code == EXIT_OK, err
    assert target.read_bytes()[:2] == b"PK"
    code, out, _ = run(["parse", "--json"], stdin=ARTICLE.encode())
    assert code == EXIT_OK and json.loads(out)["meta"]["headline"] == "Floods close the coast road"


def test_stdout_needs_one_format(article: Path) -> None:
    code, _, err = run(["convert", str(article)])
    assert code == EXIT_USAGE and lines(err) == [
        "newsconvert: error: writing to standard output needs -t FORMAT (or -o FILE)"]
    code, _, err = run(["convert", str(article), "-t", "newsml,ninjs"])
    assert code == EXIT_USAGE and "standard output takes one format" in err


def test_binary_formats_are_refused_on_a_terminal_with_a_hint(article: Path) -> None:
    code, _, err = cli(["convert", str(article), "-t", "docx"], tty_out=True)
    assert code == EXIT_USAGE
    assert lines(err) == ["newsconvert: error: docx is binary and standard output is a terminal: "
                          "use -o FILE, or -o - to write it there anyway"]
    code, _, err = cli(["convert", str(article), "-t", "newsml"], tty_out=True)
    assert code == EXIT_OK, err  # text goes to the terminal, as pandoc does
    code, out, err = cli(["convert", str(article), "-t", "pdf", "-o", "-"], tty_out=True)
    assert code == EXIT_OK and out.startswith(b"%PDF-"), err  # '-o -' asks for it
    code, out, err = cli(["convert", str(article), "-t", "docx"])  # a pipe takes any format
    assert code == EXIT_OK and out[:2] == b"PK", err


def test_no_input_on_a_terminal_is_a_usage_error_not_a_wait() -> None:
    code, _, err = cli(["convert", "-t", "newsml"], tty_in=True)
    assert code == EXIT_USAGE
    assert lines(err) == ["newsconvert: error: no input: name an article file, or pipe one into "
                          "standard input"]


def test_a_full_stdout_is_exit_4(article: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "convert", "convert", str(article), "-t", "newsml"],
                              cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == EXIT_OUTPUT
    assert lines(proc.stderr) == ["newsconvert: error: <stdout>: cannot write: disk full"]


# --------------------------------------------------------------------------- -o and -t; flags not applying


@pytest.mark.parametrize("output,to,ok", [
    ("a.pdf", "docx", False), ("a.xml", "ninjs", False), ("a.docx", "pdf", False),
    ("a.xml", "newsml", True), ("a.nml", "xml", True), ("a.json", "ninjs", True),
    ("a.htm", "html", True), ("a.out", "newsml", True),  # an extension no writer claims: -t decides
])
def test_output_extension_and_to_must_agree(article: Path, tmp_path: Path, output: str, to: str,
                                            ok: bool) -> None:
    target = tmp_path / output
    code, _, err = run(["convert", str(article), "-o", str(target), "-t", to])
    if ok:
        assert code == EXIT_OK and target.exists(), err
    else:
        assert code == EXIT_USAGE and not target.exists()
        [line] = lines(err)
        assert f"-o {target} names a" in line and f"-t asks for {to}" in line


@pytest.mark.parametrize("args,message", [
    (["-o", "{out}.xml", "--title", "Edition"], "--title applies only to one file made of several articles"),
    (["-o", "{out}.pdf", "--reference-docx", "{ref}"], "--reference-docx applies only to docx output"),
    (["-o", "{out}.docx", "--newsml-body", "nitf"], "--newsml-body applies only to newsml output"),
    (["-o", "{out}.xml", "--ninjs-version", "2.2"], "--ninjs-version applies only to ninjs output"),
    (["-o", "{out}.xml", "--strict-fonts"], "--strict-fonts applies only to pdf output"),
    (["-o", "{out}.pdf", "--embed-fonts"], "--embed-fonts applies only to docx or epub output"),
    (["-d", "{out}", "-t", "newsml", "--title", "T"],
     "--title applies only to one file made of several articles"),
])
def test_a_flag_that_does_not_apply_is_a_warning(article: Path, tmp_path: Path, args: list[str],
                                                 message: str) -> None:
    ref = tmp_path / "ref.docx"
    assert run(["convert", str(article), "-o", str(ref)])[0] == EXIT_OK
    args = [a.replace("{out}", str(tmp_path / "out")).replace("{ref}", str(ref)) for a in args]
    code, _, err = run(["convert", str(article), *args])
    assert code == EXIT_OK, err
    assert lines(err) == [f"newsconvert: warning: {message}; ignored"]
    code, _, err = run(["convert", str(article), *args, "-q"])
    assert code == EXIT_OK and err == ""


def test_flags_that_apply_say_nothing(article: Path, tmp_path: Path) -> None:
    second = tmp_path / "b.txt"
    second.write_text("Second story\n\nAnother paragraph.\n", encoding="utf-8")
    code, _, err = run(["convert", str(article), str(second), "-o", str(tmp_path / "e.epub"),
                        "--title", "Morning edition"])
    assert code == EXIT_OK and err == ""
    code, _, err = run(["convert", str(article), "-o", str(tmp_path / "n.xml"), "--newsml-body", "nitf"])
    assert code == EXIT_OK and err == ""


# --------------------------------------------------------------------------- flags in any position


def test_debug_quiet_and_verbose_work_before_and_after_the_command(article: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "a.xml")
    for args in (["--debug", "parse", "missing.txt"], ["parse", "missing.txt", "--debug"]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code != 0 and res.exception is not None  # the traceback, not a line
    typo = ["-M", "urgancy=3"]  # warns
    for args in (["-q", "convert", str(article), "-o", out, *typo],
                 ["convert", "-q", str(article), "-o", out, *typo],
                 ["convert", str(article), "-o", out, *typo, "--quiet"]):
        code, _, err = run(args)
        assert code == EXIT_OK and err == "", args
    for args in (["-v", "convert", str(article), "-o", out], ["convert", str(article), "-o", out, "-v"]):
        code, _, err = run(args)
        [line] = lines(err)
        assert code == EXIT_OK and line.startswith(f"{article} -> {out} (read ") and "newsml" in line
    code, _, err = run(["convert", str(article), "-o", out])
    assert code == EXIT_OK and err == ""  # one article to one file: nothing said


def test_every_command_takes_the_global_flags() -> None:
    for cmd in ("convert", "parse", "batch", "formats", "styles", "fonts", "validate"):
        res = CliRunner().invoke(main, [cmd, "--help"])
        assert res.exit_code == 0, cmd
        assert all(f in res.output for f in ("--debug", "--quiet", "--verbose")), cmd


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize("args,start,hint", [
    (["convert", "--foo"], "no such option '--foo'; did you mean", "newsconvert convert --help"),
    (["frobnicate"], "no such command 'frobnicate'", "newsconvert --help"),
    (["convert", "x.txt", "--newsml-body", "html"], "invalid value for '--newsml-body'",
     "newsconvert convert --help"),
    (["batch", "-d", "out"], "missing argument 'INPUT...'", "newsconvert batch --help"),
    (["convert", "x.txt", "-j", "2"], "no such option '-j'", "newsconvert convert --help"),
])
def test_usage_errors_are_one_line_with_a_hint(args: list[str], start: str, hint: str) -> None:
    code, out, err = run(args)
    assert code == EXIT_USAGE and out == b""
    [line] = lines(err)
    assert line.startswith(f"newsconvert: error: {start}") and line.endswith(f"(see '{hint}')")


def test_bare_command_shows_the_help() -> None:
    res = CliRunner().invoke(main, [])
    assert "Usage: newsconvert" in res.output and "Commands:" in res.output


# --------------------------------------------------------------------------- completion, -M, config


def test_shell_completion_script_and_answers() -> None:
    code, out, err = cli([], env={"_NEWSCONVERT_COMPLETE": "bash_source"})
    assert code == 0 and b"_newsconvert_completion()" in out, err
    code, out, _ = cli([], env={"_NEWSCONVERT_COMPLETE": "bash_complete", "COMP_WORDS": "newsconvert con",
                                "COMP_CWORD": "1"})
    assert code == 0 and out.decode().split() == ["plain,convert"]
    code, out, _ = cli([], env={"_NEWSCONVERT_COMPLETE": "bash_complete",
                                "COMP_WORDS": "newsconvert convert a.txt --reference-d", "COMP_CWORD": "3"})
    assert out.decode().split() == ["plain,--reference-docx"]
    code, out, _ = cli([], env={"_NEWSCONVERT_COMPLETE": "bash_complete",
                                "COMP_WORDS": "newsconvert convert a.txt -t docx,e", "COMP_CWORD": "4"})
    assert out.decode().split() == ["plain,docx,epub"]


def test_a_misspelt_metadata_key_warns_with_the_closest_one(article: Path) -> None:
    code, out, err = run(["parse", str(article), "--json", "-M", "urgancy=3", "-M", "desk=Metro"])
    assert code == EXIT_OK
    assert lines(err) == [
        "newsconvert: warning: -M urgancy: not a metadata field, kept as a custom one; did you mean urgency?",
        "newsconvert: warning: -M desk: not a metadata field, kept as a custom one; did you mean dek?"]
    meta = json.loads(out)["meta"]
    assert meta["extra"] == {"desk": "Metro", "urgancy": "3"} and meta.get("urgency") is None
    code, _, err = run(["parse", str(article), "-M", "wire-id=AB12", "-M", "urgency=3", "-M", "Slug=x"])
    assert code == EXIT_OK and err == ""  # a truly custom key, and known keys in any spelling


def test_the_user_config_file_is_read_from_the_platform_config_folder(article: Path, tmp_path: Path,
                                                                     _no_user_config: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the XDG config folder is Linux's")
    folder = _no_user_config / "newsconvert"
    folder.mkdir()
    (folder / "config.toml").write_text('[metadata]\nprovider = "user.example"\n', encoding="utf-8")
    meta = json.loads(run(["parse", str(article), "--json"])[1])["meta"]
    assert meta["provider"] == "user.example"
    given = tmp_path / "given.toml"
    given.write_text('[metadata]\nprovider = "given.example"\n', encoding="utf-8")
    meta = json.loads(run(["parse", str(article), "--json", "--config", str(given)])[1])["meta"]
    assert meta["provider"] == "given.example"  # --config wins
    res = CliRunner().invoke(main, ["parse", str(article), "--json"], env={"NEWSCONVERT_CONFIG": str(given)})
    assert json.loads(res.stdout)["meta"]["provider"] == "given.example"  # so does the variable
    res = CliRunner().invoke(main, ["parse", str(article), "--json"], env={"NEWSCONVERT_CONFIG": ""})
    assert json.loads(res.stdout)["meta"]["provider"] == "newsconvert.invalid"  # set but empty: none
    (folder / "config.toml").write_text("[metadata\n", encoding="utf-8")
    code, _, err = run(["parse", str(article)])
    assert code == EXIT_USAGE and lines(err)[0].startswith(f"newsconvert: error: {folder / 'config.toml'}: ")


# --------------------------------------------------------------------------- --fail-on-warning


def test_convert_fail_on_warning_is_exit_7_with_the_output_written(tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text(f"Head line\n\nA paragraph with a private {NO_FONT} character.\n", encoding="utf-8")
    target = tmp_path / "odd.pdf"
    code, _, err = run(["convert", str(odd), "-o", str(target), "--fail-on-warning"])
    assert code == EXIT_WARNINGS and target.exists()
    assert lines(err)[-1] == "newsconvert: error: 1 article gave warnings (--fail-on-warning)"
    code, _, _ = run(["convert", str(odd), "-o", str(tmp_path / "odd.xml"), "--fail-on-warning"])
    assert code == EXIT_OK  # NewsML-G2 needs no font: no warning
    code, _, err = run(["convert", str(odd), "-d", str(tmp_path / "out"), "-t", "pdf,newsml",
                        "--fail-on-warning"])
    assert code == EXIT_WARNINGS and (tmp_path / "out" / "odd.xml").exists()
