"""Newsroom conventions the readers apply: junk lines, sign-offs, bylines, datelines, wire credits.

The words and patterns are data, in ``conventions.toml`` beside this module, one table per
language, so a newsroom can read and extend them without touching code (and users add to them
from the config file); the grammar that combines them (what a place name looks like, where a
byline's role starts) stays here. Every function takes the :class:`Conventions` to apply, the
packaged ones by default; compiled patterns are cached per Conventions value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import astuple, replace

from .. import tomldata
from ..errors import UsageError
from ..model import Person
from ..textutil import lazy_pattern

#: The data file, inside this package (shipped in the wheel).
DATA_FILE = "conventions.toml"

#: Keys of a ``[languages.<tag>]`` table; each is a list of strings, merged over all languages.
LANGUAGE_KEYS = ("junk", "signoffs", "wire_credits", "bylines", "months", "desks",
                 "not_after_dateline", "heading_never", "heading_never_ends",
                 "caption_openers", "credit_openers", "photo_openers", "corrections", "editors_notes",
                 "clarifications")
#: Of those, the ones that hold regular expressions (checked when loaded).
_REGEX_KEYS = frozenset({"junk", "signoffs", "wire_credits", "bylines", "heading_never", "corrections",
                         "editors_notes", "clarifications"})


class Conventions(Struct, frozen=True, dict=True):
    """The merged contents of ``conventions.toml`` (plus a user's additions), checked and frozen.

    A value (hashable, picklable), so it travels in :class:`~convert.options.ReadOptions` to batch
    workers and keys the compiled-pattern caches.
    """

    languages: tuple[str, ...]
    junk: tuple[str, ...]
    signoffs: tuple[str, ...]
    wire_credits: tuple[str, ...]
    bylines: tuple[str, ...]
    months: tuple[str, ...]
    desks: tuple[str, ...]
    not_after_dateline: tuple[str, ...]
    heading_never: tuple[str, ...]
    heading_never_ends: tuple[str, ...]
    caption_openers: tuple[str, ...]
    credit_openers: tuple[str, ...]
    photo_openers: tuple[str, ...]
    corrections: tuple[str, ...]
    editors_notes: tuple[str, ...]
    clarifications: tuple[str, ...]
    role_words: tuple[str, ...]
    name_particles: tuple[str, ...]
    name_suffixes: tuple[str, ...]
    agency: str
    separator: str
    caseless_separator: str
    lead_agencies: tuple[str, ...]
    #: Longest line (characters) that can be junk: anything longer is prose, and is not matched
    #: against the patterns at all (bounded patterns on long lines are the reader's main cost).
    junk_max_chars: int = 600

    @property
    def junk_patterns(self) -> tuple[str, ...]:
        """Every language's junk patterns (the name older callers use)."""
        return self.junk

    def __hash__(self) -> int:
        """The fields' hash, computed once per object.

        Each compiled-pattern cache lookup hashes the Conventions: some 20 lookups an article, each
        re-hashing 23 tuples of strings (1 us). The value is kept in the instance's ``__dict__``,
        which pickling leaves out (a Struct pickles its fields only): string hashes differ between
        processes.
        """
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = self.__dict__["_hash"] = hash(astuple(self))
        return cached


@functools.cache
def load_conventions() -> Conventions:
    """The packaged conventions, read once per process."""
    source = Path(__file__).with_name(DATA_FILE).read_text(encoding="utf-8")
    # Its 100-odd patterns are not compiled one by one here (5 ms of every process's start):
    # tests/readers check the packaged file with check_patterns=True.
    return parse_conventions(source, DATA_FILE, check_patterns=False)


def _strings(value: Any, where: str, origin: str, *, regex: bool, check: bool = True
             ) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise UsageError(f"{where} must be a list of non-empty strings", path=origin)
    if regex and check:
        for pattern in value:
            _check_regex(pattern, where, origin)
    return tuple(value)


def _language_tables(tables: Any, where: str, origin: str, *, check: bool = True
                     ) -> dict[str, dict[str, tuple[str, ...]]]:
    """``{tag: {key: strings}}`` from ``[languages.<tag>]`` tables, each checked."""
    if not isinstance(tables, dict):
        raise UsageError(f"[{where}] must hold one table per language", path=origin)
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for tag, table in tables.items():
        if not isinstance(table, dict):
            raise UsageError(f"[{where}.{tag}] must be a table", path=origin)
        unknown = sorted(set(table) - set(LANGUAGE_KEYS))
        if unknown:
            raise UsageError(f"[{where}.{tag}] unknown key {unknown[0]!r} (known: "
                             f"{', '.join(LANGUAGE_KEYS)})", path=origin)
        out[tag] = {key: _strings(value, f"[{where}.{tag}] {key}", origin,
                                  regex=key in _REGEX_KEYS, check=check)
                    for key, value in table.items()}
    return out


def parse_conventions(source: str, origin: str, *, check_patterns: bool = True) -> Conventions:
    """Parse and check conventions data, so a mistake in the file is one clear error, not a traceback.

    ``check_patterns=False`` skips compiling each regular expression on its own (the packaged
    file, which the tests check); the structure and types are always checked.
    """
    try:
        data = tomldata.loads(source)
    except tomldata.TomlError as exc:
        raise UsageError(f"not valid TOML: {exc}", path=origin) from None

    def table(name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise UsageError(f"[{name}] must be a table", path=origin)
        return value

    def regex(name: str, key: str) -> str:
        value: Any = table(name).get(key)
        if not isinstance(value, str) or not value:
            raise UsageError(f"[{name}] {key} must be a regular expression (a string)", path=origin)
        if check_patterns:
            _check_regex(value, f"[{name}] {key}", origin)
        return value

    def strings(name: str, key: str) -> tuple[str, ...]:
        return _strings(table(name).get(key), f"[{name}] {key}", origin, regex=False)

    languages = _language_tables(data.get("languages"), "languages", origin, check=check_patterns)
    if not languages:
        raise UsageError("[languages] must hold at least one language table", path=origin)
    merged = {key: tuple(p for t in languages.values() for p in t.get(key, ())) for key in LANGUAGE_KEYS}
    return Conventions(
        languages=tuple(languages), **merged,
        role_words=strings("byline", "role_words"),
        name_particles=strings("byline", "name_particles"),
        name_suffixes=strings("byline", "name_suffixes"),
        agency=regex("dateline", "agency"),
        separator=regex("dateline", "separator"),
        caseless_separator=regex("dateline", "caseless_separator"),
        lead_agencies=strings("dateline", "lead_agencies"),
        junk_max_chars=_positive(table("limits").get("junk_max_chars", 600), "[limits] junk_max_chars",
                                 origin),
    )


def _positive(value: Any, where: str, origin: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise UsageError(f"{where} must be a whole number of characters, 1 or more", path=origin)
    return value


def extend_conventions(base: Conventions, additions: Mapping[str, Any], origin: str) -> Conventions:
    """``base`` with a user's ``[conventions.<lang>]`` tables added (lists are appended).

    This is how a config file teaches the reader a newsroom's own junk lines, sign-offs, desks or
    month spellings without editing the packaged data.
    """
    tables = _language_tables(dict(additions), "conventions", origin)
    changes: dict[str, Any] = {}
    for key in LANGUAGE_KEYS:
        extra = tuple(p for t in tables.values() for p in t.get(key, ()))
        if extra:
            changes[key] = getattr(base, key) + extra
    new_languages = tuple(tag for tag in tables if tag not in base.languages)
    return replace(base, languages=base.languages + new_languages, **changes)


def _check_regex(pattern: str, where: str, origin: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{where}: {pattern!r} is not a valid regular expression: {exc}",
                         path=origin) from None


def _conv(conv: Conventions | None) -> Conventions:
    return conv if conv is not None else load_conventions()


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns) or "(?!)"


# --------------------------------------------------------------------------- junk


class JunkMatcher:
    """The junk patterns as one regular expression, tried only on lines short enough to be junk."""

    __slots__ = ("max_chars", "regex")

    def __init__(self, regex: re.Pattern[str], max_chars: int) -> None:
        self.regex = regex
        self.max_chars = max_chars

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """Whether the whole of ``text`` is junk (a line longer than ``max_chars`` never is)."""
        return None if len(text) > self.max_chars else self.regex.fullmatch(text)


def junk_matcher(extra: Iterable[str] = (), conv: Conventions | None = None) -> JunkMatcher:
    """One compiled pattern for the junk lists of every language plus user patterns (``--junk``).

    Patterns match the whole line, case-insensitively, with an optional final "." "!" or "۔".
    """
    extra = tuple(extra)
    for pattern in extra:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"junk pattern {pattern!r} is not a valid regular expression: {exc}"
                             ) from None
    return _junk(_conv(conv), extra)


@functools.lru_cache(maxsize=32)
def _junk(conv: Conventions, extra: tuple[str, ...]) -> JunkMatcher:
    regex = re.compile(f"(?:{_alternation((*conv.junk, *extra))})[.!۔]?", re.IGNORECASE)
    return JunkMatcher(regex, conv.junk_max_chars)


# --------------------------------------------------------------------------- sign-offs and credits


@functools.lru_cache(maxsize=32)
def _signoff(conv: Conventions) -> re.Pattern[str]:
    return re.compile(f"(?:{_alternation(conv.signoffs)})[.]?", re.IGNORECASE)


def is_signoff(line: str, conv: Conventions | None = None) -> bool:
    """Whether a line (the story's last) is a wire sign-off such as ``Reuter`` or ``(AP)``."""
    return _signoff(_conv(conv)).fullmatch(line.strip()) is not None


@functools.lru_cache(maxsize=32)
def _wire_credit(conv: Conventions) -> re.Pattern[str]:
    return re.compile("|".join(f"^(?:{p})$" for p in conv.wire_credits) or "(?!)",
                      re.IGNORECASE | re.DOTALL)


def is_wire_credit(text: str, conv: Conventions | None = None) -> bool:
    """Whether a paragraph is a wire credit trailer ("(Reporting by ...; Editing by ...)").

    Such a paragraph is kept as the article's credit, not as body text.
    """
    return _wire_credit(_conv(conv)).match(text) is not None


# --------------------------------------------------------------------------- bylines


@functools.lru_cache(maxsize=32)
def _byline(conv: Conventions) -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation(conv.bylines)})\s*(?=\S)(.+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def _role_words(conv: Conventions) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in conv.role_words)
    return re.compile(rf"\b({words})\b", re.IGNORECASE)


_NAME_SPLIT = lazy_pattern(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|\s*،\s*|\s+اور\s+)\s*")


def parse_byline(line: str, conv: Conventions | None = None) -> tuple[str, tuple[Person, ...]] | None:
    """``"By A and B, Staff Reporter"`` -> ``("A and B", (Person(A, role), Person(B, role)))``.

    Any language's byline opener counts (``By``, ``رپورٹ:``). Returns None when the line is not a
    byline (too long, sentence-like).
    """
    conv = _conv(conv)
    m = _byline(conv).match(line.strip())
    stripped = line.rstrip()
    if not m or len(line) > 160 or (stripped.endswith((".", "?", "!", ":", "۔", "؟")) and
                                     not stripped.endswith(conv.name_suffixes)):
        return None
    rest = m.group(1).strip()
    names, role = rest, None
    if "," in rest:
        head, tail = rest.split(",", 1)
        tail = tail.strip()
        if _role_words(conv).search(tail) or not _looks_like_names(tail, conv):
            names, role = head.strip(), tail or None
    people = split_names(names)
    if not people or any(not _looks_like_name(p) for p in people):
        return None
    return names, tuple(Person(p, role) for p in people)


def split_names(names: str) -> list[str]:
    """Split "A, B and C" (or "الف، ب اور ج") into people."""
    return [p for p in _NAME_SPLIT().split(names.strip()) if p]


def _capital_or_caseless(word: str) -> bool:
    first = word[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and _capital_or_caseless(words[0])


def _looks_like_names(text: str, conv: Conventions) -> bool:
    return all(_looks_like_name(p) and all(_capital_or_caseless(w) or w in conv.name_particles
                                           for w in p.split())
               for p in split_names(text))

