"""Characters no installed font can draw: one short structured warning per article, or an error.

The PDF writer never prints. It reports what it could not draw as one
:class:`FontCoverageWarning` per article (through :func:`warnings.warn`, where callers collect
it with ``warnings.catch_warnings(record=True)``; :func:`convert.writers.pdf.render` also
returns it), and raises :class:`MissingGlyphsError` instead when the options ask for strict fonts
(``WriteOptions.strict_fonts``). Both carry the same :class:`MissingScript` entries: the script,
a few of its characters, how many there are, and what to install.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from ...errors import InputError
from .fontchain import table
from .shaping import char_script

#: Characters named per script before "and N more".
SHOWN = 5


class MissingScript(Struct, frozen=True):
    """Characters of one script that no installed font has."""

    script: str
    #: How a person names the script ("Chinese (Han)", "symbols and emoji").
    name: str
    #: The first few characters (at most :data:`SHOWN`), in code point order.
    chars: tuple[str, ...]
    #: How many different characters are missing in all.
    count: int
    #: What to install ("Debian fonts-noto-cjk", "pip install fontpkg-amiri or ...").
    install: str

    def __str__(self) -> str:
        shown = " ".join(self.chars)
        more = f" and {self.count - len(self.chars)} more" if self.count > len(self.chars) else ""
        return f"{self.name} {shown}{more} (install {self.install})"


def group(chars: Iterable[str]) -> tuple[MissingScript, ...]:
    """Missing characters grouped by script, scripts in order of their first character."""
    by_script: dict[str, list[str]] = {}
    for ch in sorted(set(chars)):
        code = char_script(ch)
        entry = table().scripts.get(code)
        by_script.setdefault(entry.code if entry else "Zsym", []).append(ch)
    out = []
    for code, found in by_script.items():
        entry = table().script(code)
        out.append(MissingScript(code, entry.name, tuple(found[:SHOWN]), len(found),
                                 entry.install_hint()))
    return tuple(out)


class FontCoverageWarning(UserWarning):
    """Some characters of an article have no glyph in any installed font (they print as boxes).

    ``missing`` holds one :class:`MissingScript` per script. ``str()`` is one short line
    without the file name, which the caller adds.
    """

    def __init__(self, missing: tuple[MissingScript, ...]) -> None:
        super().__init__(missing)
        self.missing = missing

    def __str__(self) -> str:
        return "PDF: no installed font has " + "; ".join(map(str, self.missing))

    def __reduce__(self) -> tuple[object, ...]:
        return (FontCoverageWarning, (self.missing,))


class MissingGlyphsError(InputError):
    """Strict fonts: an article needs characters no installed font has (exit code 3)."""

    def __init__(self, missing: tuple[MissingScript, ...], *, path: str | None = None) -> None:
        super().__init__(str(FontCoverageWarning(missing)), path=path)
        self.missing = missing

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_error, (self.missing, self.path))


def _rebuild_error(missing: tuple[MissingScript, ...], path: str | None) -> MissingGlyphsError:
    return MissingGlyphsError(missing, path=path)
