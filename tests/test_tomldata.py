"""TOML through rtoml: the same values as Python's tomllib, and one-line errors."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from convert import tomldata
from tests.support import ROOT

#: Every TOML file the package and its tests read: data, house styles, fixtures.
FILES = sorted({*ROOT.joinpath("convert").rglob("*.toml"), *ROOT.joinpath("styles").rglob("*.toml"),
                *ROOT.joinpath("tests").rglob("*.toml")})


def _same(a: object, b: object) -> bool:
    """Equal, with NaN equal to NaN (TOML has nan)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_the_package_has_toml_files_to_compare() -> None:
    assert len(FILES) >= 15
    assert ROOT / "convert" / "readers" / "conventions.toml" in FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_packaged_file_reads_as_tomllib_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:  # a fixture that is broken on purpose
        with pytest.raises(tomldata.TomlError):
            tomldata.loads(text)
        return
    assert _same(tomldata.read(path), expected)


@pytest.mark.parametrize("text", [
    'a = "null"', "a = 1979-05-27T07:32:00Z", "a = 1979-05-27T07:32:00-05:00",
    "a = 1979-05-27T07:32:00", "a = 1979-05-27", "a = 07:32:00.999", "a = nan", "a = -inf",
    "a = 0x1F", "a = 0o17", "a = 0b101", "a = 1_000", "a = 6.02e23", "a.b.c = 1",
    'a = """\nmulti\nline"""', "a = '''\nraw \\d+'''", "a = '\\d+'", 'a = "\\u00e9\\t"',
    'a = [1, "x", [2.5, true]]', "[[t]]\nx = 1\n[[t]]\nx = 2", 'x = { a = 1, b = { c = "d" } }',
    '"quoted key" = 1', "a = 9223372036854775807", "",
])
def test_values_are_those_tomllib_gives(text: str) -> None:
    assert _same(tomldata.loads(text), tomllib.loads(text))


@pytest.mark.parametrize("text", ["a = [1,", "[x]\n[x]", "a = 1\na = 2", "x = { a = 1 }\nx.b = 2",
                                  "a = ", "= 1", 'a = "unclosed', "a = 1979-13-01"])
def test_invalid_toml_is_one_error_on_one_line(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    with pytest.raises(tomldata.TomlError) as err:
        tomldata.loads(text)
    message = str(err.value)
    assert message and "\n" not in message and isinstance(err.value, ValueError)
