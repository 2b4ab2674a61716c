"""Script and direction rules, XML-safe cleaning and word counts: the one home of these rules.

Every reader and writer asks here whether text or a language is right-to-left, so the DOCX,
PDF, EPUB and NewsML-G2 outputs of one article never disagree about its direction.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

#: Characters XML 1.0 forbids (C0 controls except TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates).
XML_ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
XML_ILLEGAL = re.compile(f"[{XML_ILLEGAL_CHARS}]")


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled on its first use, for the rules most articles never reach.

    Compiling costs 0.1-0.3 ms a pattern in every process (Python's ``re`` compiles in Python),
    and a one-article conversion starts a process: a module lists its rare patterns this way
    and calls ``NAME()`` where it uses one.
    """
    compiled = functools.cache(lambda: re.compile(pattern, flags))
    compiled.lazy_pattern = pattern  # type: ignore[attr-defined]  # tests find them by it
    return compiled


_RTL_BIDI = frozenset({"R", "AL"})
#: Every code point whose bidi class is R or AL lies in these blocks (Hebrew, Arabic, Syriac,
#: Thaana, NKo, Samaritan, Mandaic, presentation forms, and the astral RTL scripts); a text
#: without them is left-to-right, whatever else it holds.
_RTL_CHAR = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefe"
                       "\U00010800-\U00010fff\U0001e800-\U0001efff]")
_STRONG_LTR = frozenset({"L"})

#: Primary language subtags written right to left (Arabic, Aramaic, Sorani Kurdish, Dhivehi,
#: Persian, Hebrew, Kashmiri, Pashto, Sindhi, Syriac, Uyghur, Urdu, Yiddish). Plain ``ku`` is not
#: here: Kurmanji, the most used Kurdish, is written in Latin letters (Sorani is ``ckb``).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr",
                           "ug", "ur", "yi"})
#: ISO 15924 script subtags written right to left (``ks-Arab``, ``pa-Arab``, ``az-Arab`` ...).
RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})


#: Code points whose punctuation and symbols are often all that is not ASCII in Latin text:
#: Latin-1 and General Punctuation (curly quotes, dashes, no-break spaces).
NEAR_ASCII = (*range(0x80, 0x100), *range(0x2000, 0x2070))


def chars_outside(kept: Iterable[int]) -> re.Pattern[str]:
    """A pattern finding any character that is neither ASCII nor one of ``kept`` (a C-speed scan)."""
    return re.compile("[^\x00-\x7f" + "".join(re.escape(chr(cp)) for cp in kept) + "]")


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry, so no writer ever sees them."""
    return XML_ILLEGAL.sub("", text)


def direction(text: str) -> str:
    """``"rtl"`` when most strongly-directional letters are right-to-left (Arabic, Urdu, Hebrew).

    A paragraph is RTL when its RTL letters outnumber its LTR letters: an English paragraph quoting
    one Urdu sentence stays LTR; a paragraph written in Urdu is RTL.
    """
    if not has_rtl(text):
        return "ltr"  # the common case, decided without a per-character lookup
    rtl = ltr = 0
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in _RTL_BIDI:
            rtl += 1
        elif bidi in _STRONG_LTR:
            ltr += 1
    return "rtl" if rtl > ltr else "ltr"


#: Longest text whose answer :func:`has_rtl` remembers (a paragraph; the memo stays small).
_MEMO_CHARS = 4000


def has_rtl(text: str) -> bool:
    """True when the text contains any right-to-left letter."""
    if text.isascii():
        return False
    if len(text) > _MEMO_CHARS:
        return _RTL_CHAR.search(text) is not None
    return _has_rtl(text)


@functools.lru_cache(maxsize=2048)
def _has_rtl(text: str) -> bool:
    """:func:`has_rtl` remembered by text: every writer asks for the same paragraphs.

    A non-ASCII text (curly quotes are enough) costs a scan of ~1.7 us per 300 characters, a
    lookup 0.3 us.
    """
    return _RTL_CHAR.search(text) is not None


def language_direction(language: str) -> str:
    """``"rtl"`` for a BCP 47 tag of a language or script written right to left, else ``"ltr"``.

    ``ur``, ``ar-EG`` and ``pa-Arab`` are right to left; ``ur-Latn`` (romanised Urdu) is not.
    """
    subtags = language.lower().replace("_", "-").split("-")
    if subtags[0] in RTL_LANGUAGES and "latn" not in subtags[1:]:
        return "rtl"
    return "rtl" if any(s in RTL_SCRIPTS for s in subtags[1:]) else "ltr"


def is_rtl_language(language: str) -> bool:
    """True when the language's primary subtag is one written right to left (``ur-PK``)."""
    return language.lower().replace("_", "-").split("-")[0] in RTL_LANGUAGES


_WORD = re.compile(r"\w+(?:[’'\-.,]\w+)*")


_BLANK = re.compile(r"\s")
#: Characters counted at a time: the words of a 10 MB article as one list took 100 MB.
_CHUNK = 1 << 16


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters/digits, with inner apostrophes and hyphens.

    Several writers count the same article (DOCX, NewsML-G2, ninjs, HTML) and the count costs
    about 20 ns a character, so an article's count is remembered by its text (a few recent
    articles of up to a chunk; a longer text is counted each time, a chunk at a time).
    """
    return _short_word_count(text) if len(text) <= _CHUNK else _word_count(text)


@functools.lru_cache(maxsize=8)
def _short_word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _word_count(text: str) -> int:
    count = start = 0
    while start < len(text):
        end = start + _CHUNK
        if end < len(text):  # cut at a blank: no word spans one
            blank = _BLANK.search(text, end)
            end = blank.start() if blank else len(text)
        count += len(_WORD.findall(text, start, end))
        start = end
    return count
