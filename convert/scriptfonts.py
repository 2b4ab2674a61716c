"""Fonts per script for every writer: the fallback chains of ``scripts.toml`` and what is installed.

One chain of families per script (``[scripts.<code>]``, serif and sans-serif), a language's own
choice in front (``[languages.<tag>]``: Urdu is set in Nastaliq). The PDF writer draws with the
first face of a chain it finds; DOCX names that same face in ``w:rFonts``, EPUB and HTML name the
whole chain in their ``font-family`` stacks. A family is found among the installed ``fontpkg-*``
packages, then through fontconfig by its exact name. Every answer is a bounded ``functools``
cache of a pure function of hashable values, so it depends on the installed fonts only.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import unicodedata as ucd
from msgspec import Struct

from . import fontconfig, tomldata
from .styles import FontFiles
from .textutil import NEAR_ASCII, chars_outside

_DATA = Path(__file__).with_name("scripts.toml")
#: Script codes of characters every script uses (digits, punctuation, marks) or none.
_COMMON = frozenset({"Zyyy", "Zinh", "Zzzz"})


class ScriptFonts(Struct, frozen=True):
    """One script's entry of ``scripts.toml``."""

    code: str
    name: str
    serif: tuple[str, ...]
    sans: tuple[str, ...]
    pypi: str
    debian: str

    def install_hint(self) -> str:
        """What to install to get a font of this script ("Debian fonts-noto-cjk" ...)."""
        parts = []
        if self.pypi:
            parts.append(f"pip install {self.pypi}")
        if self.debian:
            parts.append(f"Debian {self.debian}")
        return " or ".join(parts) or "a font with these characters"


class Table(Struct, frozen=True):
    """``scripts.toml`` read: chains per script and language, shaped and break-anywhere scripts."""

    scripts: dict[str, ScriptFonts]
    languages: dict[str, dict[str, tuple[str, ...]]]
    shaped: frozenset[str]
    break_anywhere: frozenset[str]

    def script(self, code: str) -> ScriptFonts:
        """A script's entry; unknown scripts (and symbols) get the symbols chain."""
        return self.scripts.get(code) or self.scripts["Zsym"]


@functools.lru_cache(maxsize=1)
def table() -> Table:
    """The data file, read once."""
    raw = tomldata.read(_DATA)
    scripts = {}
    for code, entry in raw["scripts"].items():
        serif = tuple(entry.get("serif", ()))
        scripts[code] = ScriptFonts(code, entry.get("name", code), serif,
                                    tuple(entry.get("sans", serif)), entry.get("pypi", ""),
                                    entry.get("debian", ""))
    languages = {lang: {code: tuple(chain) for code, chain in table_.items()}
                 for lang, table_ in raw.get("languages", {}).items()}
    shaping = raw.get("shaping", {})
    return Table(scripts, languages, frozenset(shaping.get("scripts", ())),
                 frozenset(shaping.get("break_anywhere", ())))


def chain(script: str, language: str, generic: str) -> tuple[str, ...]:
    """Families tried for a script, the language's own choice first."""
    t = table()
    entry = t.script(script)
    own = t.languages.get(language.split("-")[0].lower(), {}).get(script, ())
    base = entry.sans if generic in ("sans-serif", "monospace") else entry.serif
    return tuple(dict.fromkeys((*own, *base)))


# --------------------------------------------------------------------------- installed families


#: The file, in a writer's font cache folder, that keeps fontpkg's answers between processes.
FONTPKG_CACHE = "fontpkg-families.json"


def fontpkg_files(family: str, cache_dir: Path | None = None) -> FontFiles | None:
    """Resolve a family name through the installed ``fontpkg-*`` packages.

    Asking fontpkg imports ``importlib.metadata`` and reads the entry points of every installed
    distribution: 19 ms of a one-article PDF's 220. With ``cache_dir`` (the PDF writer's font
    cache) the answer, found or not, is kept in :data:`FONTPKG_CACHE` there and reused while
    the folders of the import path keep their modification times (installing, upgrading or
    removing a distribution changes its folder's) and the files it names exist. A cache that
    cannot be read or written costs the lookup, never a different answer.
    """
    if cache_dir is None:
        return _ask_fontpkg(family)
    target = cache_dir / FONTPKG_CACHE
    stamp = _import_path_stamp()
    known = _read_fontpkg_cache(target, stamp)
    if family in known:
        cached = _files_from_json(known[family])
        if cached is not False:
            return cached  # type: ignore[return-value]
    files = _ask_fontpkg(family)
    known[family] = None if files is None else [None if p is None else str(p)
                                                 for p in (getattr(files, name)
                                                           for name in FontFiles.__struct_fields__)]
    import json  # here and below: only the PDF writer's fontpkg cache reads or writes JSON

    from .fsutil import write_via_temp

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_via_temp(target, json.dumps({"stamp": stamp, "families": known}).encode("utf-8"),
                       fsync=False)
    except OSError:
        pass
    return files


def _import_path_stamp() -> list[list[str | int | None]]:
    """Each import path entry with its modification time (None when it does not exist)."""
    stamp: list[list[str | int | None]] = []
    for entry in sys.path:
        try:
            stamp.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            stamp.append([entry, None])
    return stamp


def _read_fontpkg_cache(target: Path, stamp: list[list[str | int | None]]) -> dict[str, object]:
    """The families a cache file knows, if it was written for this import path; else none."""
    import json

    try:
        data = json.loads(target.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp or \
            not isinstance(data.get("families"), dict):
        return {}
    return data["families"]


def _files_from_json(value: object) -> FontFiles | bool | None:
    """A cached answer as FontFiles (None: fontpkg has no such family); False when unusable."""
    if value is None:
        return None
    names = FontFiles.__struct_fields__
    if not isinstance(value, list) or len(value) != len(names) or not isinstance(value[0], str) \
            or not all(v is None or isinstance(v, str) for v in value):
        return False
    paths = [None if v is None else Path(v) for v in value]
    if not all(p is None or p.is_file() for p in paths):
        return False  # a package upgraded in place, a file removed: ask again
    return FontFiles(**dict(zip(names, paths, strict=True)))


def _ask_fontpkg(family: str) -> FontFiles | None:
    try:
        import fontpkg
    except ImportError:  # pragma: no cover - fontpkg is a dependency
        return None
    try:
        fontpkg.family(family)
    except Exception:
        return None

    def pick(weight: int, style: str) -> Path | None:
        try:
            return Path(fontpkg.path(family, weight, style, nearest=True))
        except Exception:
            return None

    regular = pick(400, "normal")
    if regular is None:
        return None
    bold, italic, bold_italic = pick(700, "normal"), pick(400, "italic"), pick(700, "italic")
    # A variable font instanced at 400 has no bold: fall back to the regular instance.
    return FontFiles(regular, bold if bold != regular else None, italic if italic != regular
                     else None, bold_italic if bold_italic not in (regular, bold) else None)


def family_file(family: str, bold: bool = False, italic: bool = False, *,
                truetype: bool = True) -> tuple[Path, int, int] | None:
    """(file, index, weight to instance) of a family from pip fontpkg, else fontconfig; or None.

    ``truetype``: only glyf-outline faces from fontconfig (what the PDF writer embeds); False
    accepts any outline font (DOCX and EPUB name or embed CFF faces as well).
    """
    files = fontpkg_files(family)
    if files is not None:
        if bold and italic and files.bold_italic:
            return files.bold_italic, 0, 700
        if bold and files.bold:
            return files.bold, 0, 700
        if italic and files.italic:
            return files.italic, 0, 400
        # A variable font has one file: instance it at the weight asked for.
        return files.regular, 0, 700 if bold else 400
    found = fontconfig.find_family(family, bold=bold, italic=italic)
    if found is None or (truetype and found[3] != "TrueType"):
        return None
    return found[0], found[1], 400


@functools.lru_cache(maxsize=256)
def installed(family: str) -> bool:
    """True when a family of that exact name is installed (pip fontpkg or fontconfig)."""
    return family_file(family, truetype=False) is not None


@functools.lru_cache(maxsize=1024)
def face(script: str, language: str, generic: str) -> str:
    """The family that sets ``script`` in ``language``: the chain's first installed face.

    When none of the chain is installed here, its first family: the machine that opens the
    document may have it.
    """
    families = chain(script, language, generic)
    return next((f for f in families if installed(f)), families[0] if families else "")


@functools.lru_cache(maxsize=64)
def coverage(family: str) -> frozenset[int] | None:
    """The characters a family's regular face has (its cmap); None when it is not installed."""
    found = family_file(family, truetype=False)
    if found is None:
        return None
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(found[0]), fontNumber=found[1], lazy=True) as ft:
            return frozenset(ft.getBestCmap() or {})
    except Exception:
        return None


@functools.lru_cache(maxsize=65_536)
def symbol_face(cp: int) -> str | None:
    """The first installed family of the symbols chain (``Zsym``) with ``cp``, or None."""
    for family in chain("Zsym", "", "serif"):
        cmap = coverage(family)
        if cmap is not None and cp in cmap:
            return family
    return None


# --------------------------------------------------------------------------- scripts of text


@functools.lru_cache(maxsize=8192)
def script_of(ch: str) -> str:
    """ISO 15924 script of a character (``Zyyy`` common, ``Zinh`` inherited), as Unicode says."""
    return str(ucd.script(ch))


_ASCII_LETTER = re.compile("[A-Za-z]")


@functools.cache
def _lettered() -> re.Pattern[str]:
    """Finds a character that may have a script: non-ASCII and not near-ASCII common punctuation."""
    return chars_outside(cp for cp in NEAR_ASCII if script_of(chr(cp)) in _COMMON)


def scripts_in(text: str) -> tuple[str, ...]:
    """The scripts of a text's letters in order of first use; common characters do not count."""
    if not text.isascii() and _lettered().search(text):
        # Each distinct character once, in order of first use: a paragraph has a few dozen.
        return tuple(dict.fromkeys(s for s in map(script_of, dict.fromkeys(text))
                                   if s not in _COMMON))
    # ASCII and common punctuation (English with curly quotes): Latin if it has a letter.
    return ("Latn",) if _ASCII_LETTER.search(text) else ()


#: Scripts used, per language: ``((language, (script, ...)), ...)`` in order of first use.
ScriptUse = tuple[tuple[str, tuple[str, ...]], ...]


def script_use(pairs: Iterable[tuple[str, str]]) -> ScriptUse:
    """Which scripts each language's text uses, from ``(language, text)`` pairs; a hashable value."""
    texts: dict[str, list[str]] = {}
    for language, text in pairs:
        texts.setdefault(language, []).append(text)
    return tuple((lang, scripts_in("".join(parts))) for lang, parts in texts.items())
