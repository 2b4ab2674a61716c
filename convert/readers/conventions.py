"""Newsroom conventions the readers apply: scraped-junk lines, bylines, datelines, wire credits.

The words and patterns are data, in ``conventions.toml`` beside this module, so a newsroom can read
and extend them without touching code; the grammar that combines them (what a place name looks
like, where a byline's role starts) stays here.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import UsageError
from ..model import Person

#: The data file, inside this package (shipped in the wheel).
DATA_FILE = "conventions.toml"


@dataclass(frozen=True)
class Conventions:
    """The contents of ``conventions.toml``, checked and frozen."""

    junk_patterns: tuple[str, ...]
    role_words: tuple[str, ...]
    name_particles: tuple[str, ...]
    name_suffixes: tuple[str, ...]
    months: tuple[str, ...]
    agency: str
    separator: str
    wire_credit_patterns: tuple[str, ...]


@functools.cache
def load_conventions() -> Conventions:
    """The packaged conventions, read once per process."""
    source = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_conventions(source, DATA_FILE)


def parse_conventions(source: str, origin: str) -> Conventions:
    """Parse and check conventions data, so a mistake in the file is one clear error, not a traceback."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"not valid TOML: {exc}", path=origin) from None

    def strings(table: str, key: str, *, regex: bool = False) -> tuple[str, ...]:
        value = data.get(table, {}).get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise UsageError(f"[{table}] {key} must be a list of non-empty strings", path=origin)
        if regex:
            for pattern in value:
                _check_regex(pattern, f"[{table}] {key}", origin)
        return tuple(value)

    def regex(table: str, key: str) -> str:
        value: Any = data.get(table, {}).get(key)
        if not isinstance(value, str) or not value:
            raise UsageError(f"[{table}] {key} must be a regular expression (a string)", path=origin)
        _check_regex(value, f"[{table}] {key}", origin)
        return value

    return Conventions(
        junk_patterns=strings("junk", "patterns", regex=True),
        role_words=strings("byline", "role_words"),
        name_particles=strings("byline", "name_particles"),
        name_suffixes=strings("byline", "name_suffixes"),
        months=strings("dateline", "months"),
        agency=regex("dateline", "agency"),
        separator=regex("dateline", "separator"),
        wire_credit_patterns=strings("wire_credit", "patterns", regex=True),
    )


def _check_regex(pattern: str, where: str, origin: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{where}: {pattern!r} is not a valid regular expression: {exc}",
                         path=origin) from None


# --------------------------------------------------------------------------- junk


def junk_matcher(extra: Iterable[str] = ()) -> re.Pattern[str]:
    """One compiled pattern for the newsroom's junk list plus user patterns (``--junk``).

    Patterns match the whole line, case-insensitively, with an optional final "." or "!".
    """
    parts = [*load_conventions().junk_patterns]
    for pattern in extra:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"junk pattern {pattern!r} is not a valid regular expression: {exc}"
                             ) from None
        parts.append(pattern)
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in parts) + r")[.!]?", re.IGNORECASE)


# --------------------------------------------------------------------------- bylines

_BYLINE = re.compile(r"^by\s+(?=\S)(.+)$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)\s*")


@functools.cache
def _role_words() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in load_conventions().role_words)
    return re.compile(rf"\b({words})\b", re.IGNORECASE)


def parse_byline(line: str) -> tuple[str, tuple[Person, ...]] | None:
    """``"By A and B, Staff Reporter"`` -> ``("A and B", (Person(A, role), Person(B, role)))``.

    Returns None when the line is not a byline (too long, sentence-like).
    """
    m = _BYLINE.match(line.strip())
    if not m or len(line) > 160 or (line.rstrip().endswith((".", "?", "!", ":")) and \
            not line.rstrip().endswith(load_conventions().name_suffixes)):
        return None
    rest = m.group(1).strip()
    names, role = rest, None
    if "," in rest:
        head, tail = rest.split(",", 1)
        tail = tail.strip()
        if _role_words().search(tail) or not _looks_like_names(tail):
            names, role = head.strip(), tail or None
    people = split_names(names)
    if not people or any(not _looks_like_name(p) for p in people):
        return None
    return names, tuple(Person(p, role) for p in people)


def split_names(names: str) -> list[str]:
    """Split "A, B and C" into people."""
    return [p for p in _NAME_SPLIT.split(names.strip()) if p]


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper()


def _looks_like_names(text: str) -> bool:
    particles = load_conventions().name_particles
    return all(_looks_like_name(p) and all(w[:1].isupper() or w in particles for w in p.split())
               for p in split_names(text))


# --------------------------------------------------------------------------- datelines

_LETTER = r"[^\W\d_]"
#: A place word: any script's letters ("SÃO", "ZÜRICH"), with ' . - / inside ("N'DJAMENA",
#: "ST.", "BEIJING/SHANGHAI"); whether it is in capitals is checked after matching.
_PLACE_WORD = rf"{_LETTER}[\w'’.\-/]*"
_PLACE_ANY = rf"{_PLACE_WORD}(?: {_PLACE_WORD}){{0,4}}"
_PLACE_TITLE = r"[A-Z][a-z'’.\-]+(?: [A-Z][a-z'’.\-]+)*"


@functools.cache
def _dateline_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The capitals and the title-case dateline patterns, built from the months, agency and separator."""
    data = load_conventions()
    month = "(?i:" + "|".join(re.escape(m) for m in data.months) + r")[a-zA-Z]*\.?"
    when = rf"{month} \d{{1,2}}|\d{{1,2}} {month}"
    agency = f"(?:{data.agency})"
    sep = f"(?:{data.separator})"
    # "KARACHI:", "LONDON —", "ISLAMABAD, Dec 20 (Reuters) -", "GAZA CITY, Palestine (AP) —": a
    # place in capitals, an optional region or date, an optional agency, then a separator.
    caps = re.compile(
        rf"^(?P<lead>(?P<place>{_PLACE_ANY})(?:, (?:{when}|{_PLACE_ANY}))?(?:,? (?:{when}))?"
        rf"(?: {agency})?){sep}(?=\S)")
    # A title-case place only when a date or an agency makes it unmistakable
    # ("Karachi, Dec 20 (AFP) -", "Lahore (Reuters) -").
    title = re.compile(
        rf"^(?P<lead>(?P<place>{_PLACE_TITLE}), (?:{when})(?: {agency})?|"
        rf"(?P<place3>{_PLACE_TITLE})(?:, {_PLACE_TITLE})? {agency}){sep}(?=\S)")
    return caps, title


def split_dateline(text: str) -> tuple[str, str, str] | None:
    """``(dateline, place, rest)`` when a paragraph opens with a dateline lead, else None."""
    caps, title = _dateline_patterns()
    m = caps.match(text)
    if m and not (m.group("place").isupper() and len(m.group("place")) >= 2):
        m = None
    if m is None:
        m = title.match(text)
        if m is None:
            return None
    lead = m.group("lead")
    place = m.group("place") or m.group("place3") or lead
    if len(lead) > 80:
        return None
    return lead.strip(), place.strip(), text[m.end():]


# --------------------------------------------------------------------------- wire credits


@functools.cache
def _wire_credit() -> re.Pattern[str]:
    return re.compile("|".join(f"^(?:{p})$" for p in load_conventions().wire_credit_patterns),
                      re.IGNORECASE | re.DOTALL)


def is_wire_credit(text: str) -> bool:
    """Whether a paragraph is a wire credit trailer ("(Reporting by ...; Editing by ...)").

    Such a paragraph is kept as the article's credit, not as body text.
    """
    return _wire_credit().match(text) is not None
