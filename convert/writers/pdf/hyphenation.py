"""Hyphenation for the PDF writer: the patterns an article's language tag asks for (``hyphenation.toml``).

reportlab takes a language name or a callable for ``ParagraphStyle.hyphenationLang``; the writer
gives it a :class:`Hyphenator`, which uses pyphen's patterns for the tag and never breaks a word
at a hyphen it already has: reportlab 5 drops that hyphen when a paragraph broken there is split
again between columns ("long-term" came out "longterm").
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from msgspec import Struct

from ... import tomldata

__all__ = ["Hyphenator", "hyphenator", "pyphen_lang"]

#: A word ends at these where it already has a hyphen (hyphen-minus, hyphen, non-breaking hyphen).
_HYPHENS = ("-", "\u2010", "\u2011")


@functools.lru_cache(maxsize=1)
def _english() -> dict[str, Any]:
    data = tomldata.read(Path(__file__).with_name("hyphenation.toml"))
    return dict(data["english"])


@functools.lru_cache(maxsize=256)
def pyphen_lang(language: str) -> str:
    """The pyphen dictionary for a BCP 47 tag (``en-GB`` -> ``en_GB``; ``en`` -> ``en_US``); "" for none.

    English goes by region (:file:`hyphenation.toml`); any other tag by pyphen's own fallback
    (``de-CH`` -> ``de_CH``, ``fr-CA`` -> ``fr``).
    """
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return ""
    tag = (language or "en").replace("_", "-")
    primary, *rest = tag.split("-")
    if primary.lower() == "en":
        english = _english()
        region = next((p.upper() for p in rest if len(p) == 2 and p.isalpha()), None)
        if region is None:
            return str(english["plain"])
        return str(english["british"] if region in english["british_regions"]
                   else english["other_regions"])
    return pyphen.language_fallback(tag.replace("-", "_")) or ""


class Hyphenator(Struct, frozen=True):
    """Where reportlab may break a word: pyphen's points, but none right after a hyphen."""

    lang: str

    def __call__(self, word: str) -> list[tuple[str, str]]:
        return [(head, tail) for head, tail in _dictionary(self.lang).iterate(word)
                if not head.endswith(_HYPHENS)]


@functools.lru_cache(maxsize=64)
def _dictionary(lang: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=lang)


def hyphenator(language: str) -> Hyphenator | str:
    """``hyphenationLang`` for a language tag: a :class:`Hyphenator`, or "" without patterns."""
    lang = pyphen_lang(language)
    return Hyphenator(lang) if lang else ""
