"""Small text helpers shared by readers and writers: XML-safe cleaning, script direction, counts."""

from __future__ import annotations

import re
import unicodedata

#: Characters XML 1.0 forbids (C0 controls except TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_RTL_BIDI = frozenset({"R", "AL"})
_STRONG_LTR = frozenset({"L"})


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry, so no writer ever sees them."""
    return XML_ILLEGAL.sub("", text)


def direction(text: str) -> str:
    """``"rtl"`` when most strongly-directional letters are right-to-left (Arabic, Urdu, Hebrew).

    A paragraph is RTL when its RTL letters outnumber its LTR letters: an English paragraph quoting
    one Urdu sentence stays LTR; a paragraph written in Urdu is RTL.
    """
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
    return any(unicodedata.bidirectional(ch) in _RTL_BIDI for ch in text)


_WORD = re.compile(r"\w+(?:[’'\-.,]\w+)*")


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters/digits, with inner apostrophes and hyphens."""
    return len(_WORD.findall(text))
