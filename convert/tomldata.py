"""TOML, parsed by rtoml: the one place the package reads TOML (its data, house styles, config).

Python's own ``tomllib`` is written in Python. The packaged data a one-article conversion reads
(conventions, language, sniffing, the house style: 27 kB) took 3.1 ms to parse and ``tomllib``
1.3 ms to import, 5 % of a NewsML-G2 conversion; rtoml (Rust) takes 0.3 and 0.65 ms. Both follow
TOML 1.0 and give the same values (``tests/test_tomldata.py`` compares them on every packaged
file and on TOML's tricky cases). A parse error is a :class:`TomlError` with a one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rtoml


class TomlError(ValueError):
    """Not valid TOML: the message says where (one line, for the command line's errors)."""


def loads(text: str) -> dict[str, Any]:
    """The TOML document in ``text`` as dicts, lists, strings, numbers, booleans and datetimes."""
    try:
        return rtoml.loads(text)
    except rtoml.TomlParsingError as exc:
        raise TomlError(" ".join(str(exc).split())) from None


def read(path: Path) -> dict[str, Any]:
    """A TOML file (UTF-8); OSError and UnicodeDecodeError as reading raises them, TomlError."""
    return loads(path.read_text(encoding="utf-8"))
