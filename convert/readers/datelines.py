"""Datelines in any script: the place (and date, desk or agency) that opens a story.

Three grammars, built from the month names, agencies and desks in ``conventions.toml``:

- Latin capitals: ``KARACHI:``, ``LONDON —``, ``ISLAMABAD, Dec 20 (Reuters) -``,
  ``RALEIGH, N.C. —``; a title-case place only with a date or an agency
  (``Karachi, Dec 20 (AFP) -``).
- An agency alone: ``(CNN) —``, ``(CNN)The``.
- Scripts without capital letters (Urdu, Arabic, Hindi ...): a place of one to four words, an
  optional region in brackets, an optional date, an optional desk or agency in brackets, then a
  separator (``:``, a dash, ``۔``) or nothing after the bracket:
  ``لندن(مانیٹرنگ ڈیسک)``, ``لندن:``, ``ہالے (سوئٹزرلینڈ) 24 جون (سیاست ڈاٹ کام)``,
  ``چیسٹر لی اسٹریٹ۔22 جون (سیاست ڈاٹ کام)``. With no capital letters to tell a place from
  a sentence's subject, a bracket counts as a desk only when it names one (``desks``) and the
  next word is not a postposition (``not_after_dateline``).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .conventions import Conventions, load_conventions

_LETTER = r"[^\W\d_]"
#: A place word: any script's letters ("SÃO", "ZÜRICH"), with ' . - / inside ("N'DJAMENA",
#: "ST.", "BEIJING/SHANGHAI"); whether it is in capitals is checked after matching.
_PLACE_WORD = rf"{_LETTER}[\w'’.\-/]*"
_PLACE_ANY = rf"{_PLACE_WORD}(?: {_PLACE_WORD}){{0,4}}"
_PLACE_TITLE = r"[A-Z][a-z'’.\-]+(?: [A-Z][a-z'’.\-]+)*"
#: A caseless-script word: letters and combining marks, no Latin letter ("اسلام", "آباد").
_MARKS = r"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0903\u093a-\u094f"
_CASELESS_WORD = rf"(?:(?![A-Za-z])[^\W\d_][\w{_MARKS}]*)"
_DIGIT = r"[0-9\u06f0-\u06f9\u0660-\u0669\u0966-\u096f]"
#: A trailing separator with nothing after it: the dateline stands alone ("FLORENCE, Ala., Feb 26 -").
_ALONE = r"\s*[-–—:]+\s*$"


class Dateline(NamedTuple):
    """A dateline lead found at the start of a paragraph."""

    #: The lead as printed, without its separator ("ISLAMABAD, Dec 20 (Reuters)").
    lead: str
    #: The place it names ("ISLAMABAD"), for NewsML ``located``.
    place: str
    #: The paragraph after the lead and its separator ("" when the dateline stands alone).
    rest: str


@functools.lru_cache(maxsize=32)
def _patterns(conv: Conventions) -> tuple[re.Pattern[str], ...]:
    """The Latin grammars: capitals, title case with a date or agency, an agency alone."""
    latin = [m for m in conv.months if m.isascii()]
    month = "(?i:" + "|".join(re.escape(m) for m in latin) + r")[a-zA-Z]*\.?"
    when = rf"{month} \d{{1,2}}|\d{{1,2}} {month}"
    agency = f"(?:{conv.agency})"
    sep = f"(?:{conv.separator}(?=\\S)|{_ALONE})"
    caps = re.compile(
        rf"^(?P<lead>(?P<place>{_PLACE_ANY})(?:, (?:{when}|{_PLACE_ANY}))?(?:,? (?:{when}))?"
        rf"(?: {agency})?){sep}")
    title = re.compile(
        rf"^(?P<lead>(?P<place>{_PLACE_TITLE}), (?:{when})(?: {agency})?|"
        rf"(?P<place3>{_PLACE_TITLE})(?:, {_PLACE_TITLE})? {agency}){sep}")
    lead_agency = re.compile(
        r"^(?P<lead>\((?:" + "|".join(re.escape(a) for a in conv.lead_agencies) + r")\))"
        r"(?:\s*[-–—]+\s*|(?=[A-Z“\"‘]))")
    return caps, title, lead_agency


@functools.lru_cache(maxsize=32)
def _caseless_patterns(conv: Conventions) -> tuple[re.Pattern[str], ...]:
    """The caseless-script grammar, compiled only when a paragraph opens with a non-ASCII letter."""
    other = [m for m in conv.months if not m.isascii()]
    local_month = "|".join(re.escape(m) for m in other) or "(?!)"
    date = (rf"(?:{_DIGIT}{{1,2}}\s*(?:{local_month})(?:\s*{_DIGIT}{{4}})?|"
            rf"(?:{local_month})\s*{_DIGIT}{{1,2}}(?:[,،]?\s*{_DIGIT}{{4}})?)")
    def caseless(region: str) -> re.Pattern[str]:
        return re.compile(
            rf"^(?P<lead>(?P<place>{_CASELESS_WORD}(?: {_CASELESS_WORD}){{0,3}}){region}"
            rf"(?:\s*[,،۔]?\s*(?P<date>{date}))?"
            rf"(?:\s?(?P<desk>\([^()\n]{{1,40}}\)))?)"
            rf"(?P<sep>{conv.caseless_separator}|\s*)(?P<rest>.*)$", re.DOTALL)

    # With a region in brackets ("ہالے (سوئٹزرلینڈ) 24 جون"), then without: a regular expression
    # cannot tell a region from a desk, so both readings are tried.
    return caseless(r"\s?\([^()\n]{1,30}\)"), caseless("")


def split_dateline(text: str, conv: Conventions | None = None) -> Dateline | None:
    """The dateline lead that opens a paragraph, if any."""
    conv = conv if conv is not None else load_conventions()
    caps, title, lead_agency = _patterns(conv)
    m = caps.match(text)
    if m and m.group("place").isupper() and len(m.group("place")) >= 2:
        return _found(m.group("lead"), m.group("place"), text[m.end():])
    m = title.match(text)
    if m:
        return _found(m.group("lead"), m.group("place") or m.group("place3"), text[m.end():])
    m = lead_agency.match(text)
    if m:
        return _found(m.group("lead"), "", text[m.end():])
    if text[:1].isascii():  # a caseless place's first letter is never ASCII (_CASELESS_WORD)
        return None
    for pattern in _caseless_patterns(conv):
        m = pattern.match(text)
        if m and _caseless_ok(m, conv):
            return _found(m.group("lead"), m.group("place"), m.group("rest"))
    return None


def _found(lead: str, place: str, rest: str) -> Dateline | None:
    lead = lead.strip()
    if len(lead) > 80:
        return None
    return Dateline(lead, place.strip(), rest.lstrip())


def _caseless_ok(m: re.Match[str], conv: Conventions) -> bool:
    """Whether a caseless-script lead is a dateline rather than a sentence's opening words."""
    desk, date, sep = m.group("desk"), m.group("date"), m.group("sep").strip()
    rest = m.group("rest").lstrip()
    first_word = rest.split(maxsplit=1)[0] if rest else ""
    if first_word in conv.not_after_dateline:
        return False
    if desk:
        inside = desk[1:-1]
        return bool(date) or any(word in inside for word in conv.desks)
    if date:
        return bool(sep) or bool(rest)
    # A place and a separator alone ("لندن:"): only a short place, and a real separator.
    return bool(sep) and len(m.group("place").split()) <= 3 and bool(rest)
