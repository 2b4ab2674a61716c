"""Small text helpers shared by readers and writers: XML-safe cleaning, script direction, counts."""

from __future__ import annotations

import re
import unicodedata

#: Characters XML 1.0 forbids (C0 controls except TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_RTL_BIDI = frozenset({"R", "AL"})
#: Every code point whose bidi class is R or AL lies in these blocks (Hebrew, Arabic, Syriac,
#: Thaana, NKo, Samaritan, Mandaic, presentation forms, and the astral RTL scripts); a text
#: without them is left-to-right, whatever else it holds.
_RTL_CHAR = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefe"
                       "\U00010800-\U00010fff\U0001e800-\U0001efff]")
_STRONG_LTR = frozenset({"L"})


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry, so no writer ever sees them."""
    return XML_ILLEGAL.sub("", text)


def direction(text: str) -> str:
    """``"rtl"`` when most strongly-directional letters are right-to-left (Arabic, Urdu, Hebrew).

    A paragraph is RTL when its RTL letters outnumber its LTR letters: an English paragraph quoting
    one Urdu sentence stays LTR; a paragraph written in Urdu is RTL.
    """
    if text.isascii() or not _RTL_CHAR.search(text):
        return "ltr"  # the common case, decided without a per-character lookup
    rtl = ltr = 0
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in _RTL_BIDI:
            rtl += 1
        elif bidi in _STRONG_LTR:
            ltr += 1
    return "rtl" if rtl > ltr else "ltr"


def has_rtl(text: str) -> bool:
    """True when the text contains any right-to-left letter."""
    return not text.isascii() and _RTL_CHAR.search(text) is not None


_WORD = re.compile(r"\w+(?:[’'\-.,]\w+)*")


_LAST_COUNT: tuple[str, int] | None = None


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters/digits, with inner apostrophes and hyphens.

    Remembered for the last text: the DOCX and NewsML-G2 writers count the same article.
    """
    global _LAST_COUNT
    last = _LAST_COUNT
    if last is not None and last[0] is text:
        return last[1]
    n = len(_WORD.findall(text))
    _LAST_COUNT = (text, n)
    return n
