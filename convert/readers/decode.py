"""Turn article bytes into clean text: encodings, byte-order marks, binary detection, whitespace."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import InputError, UsageError
from ..textutil import XML_ILLEGAL, XML_ILLEGAL_CHARS, lazy_pattern

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Bytes that never occur in text: C0 controls other than TAB, LF, VT, FF, CR, ESC.
_BINARY_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20))
_BINARY_DELETE = bytes(sorted(_BINARY_BYTES))


def decode(data: bytes, origin: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode article bytes; returns ``(text, encoding)``. Rejects empty and binary input.

    Order: an explicit encoding; a BOM (UTF-8, UTF-16, UTF-32); BOM-less UTF-16 (NUL in every
    other byte); strict UTF-8; UTF-8 with a few broken sequences (replaced by U+FFFD) when valid
    multi-byte sequences dominate; otherwise a legacy single-byte text, Windows-1252 when it
    decodes to plausible text, else what charset-normalizer finds. NUL bytes or many control bytes mean
    binary data, which is an error rather than an empty or garbled document.
    """
    if not data:
        raise InputError("empty file (0 bytes): there is no headline and nothing to convert",
                         path=origin)
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} at byte {exc.start}", path=origin) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {name} byte-order mark but is not valid {name} "
                                 f"(byte {exc.start})", path=origin) from None
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    sample = data[:65536]
    bad = len(sample) - len(sample.translate(None, _BINARY_DELETE))
    if bad > 4 and bad * 100 > len(sample):
        raise InputError("binary data, not a text article (NUL or control bytes; not valid UTF-8, "
                         "UTF-16 or Windows-1252 text)", path=origin)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad_sequences = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 0x7F) - bad_sequences
    if multibyte > bad_sequences and bad_sequences * 100 <= len(data):
        # Mostly valid UTF-8 with a few broken sequences (a truncated scrape, a lone surrogate):
        # keep the article, mark the broken bytes with U+FFFD instead of rejecting it all.
        return lenient, "utf-8 (with replacement)"
    try:
        text = data.decode("cp1252")
        if _plausible(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not _plausible(str(best)):
        raise InputError("cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1252); "
                         "give it with --encoding", path=origin)
    return str(best), best.encoding


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.6 and even < half * 0.1:
        return "utf-16-le"
    if even > half * 0.6 and odd < half * 0.1:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Mostly letters, digits, punctuation and spaces: not random bytes in disguise."""
    if not text:
        return False
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")
              and ch not in "\t\n\r\x0b\x0c\x1b")
    return odd <= len(text) // 200


#: Spaces normalised to U+0020 (tabs and typographic spaces). No-break spaces (U+00A0, U+202F)
#: and zero-width spaces are kept: they carry meaning in text ("£4 m") and are treated as
#: whitespace only when deciding whether a line is blank.
_ODD_SPACE_CHARS = "\t\u1680\u2000-\u200a\u205f\u3000"
_ODD_SPACES = lazy_pattern(f"[{_ODD_SPACE_CHARS}]")
_C1_CHARS = "\x80-\x9f"
_C1 = re.compile(f"[{_C1_CHARS}]")
#: Arabic presentation forms (legacy encodings of contextual letter shapes, e.g. "ﺅ" in "ٹاﺅن"):
#: they defeat search, shaping and spelling, so they become the letters they stand for.
_PRESENTATION_CHARS = "\ufb50-\ufdcf\ufdf0-\ufdff\ufe70-\ufefc"
_PRESENTATION_FORMS = lazy_pattern(f"[{_PRESENTATION_CHARS}]+")
#: Any character one of clean_text's substitutions changes: text without one is already clean.
_TO_CLEAN = re.compile(f"[{_PRESENTATION_CHARS}{XML_ILLEGAL_CHARS}{_C1_CHARS}\ufeff{_ODD_SPACE_CHARS}]")
#: Characters that count as whitespace for blank-line detection and trimming.
BLANK_CHARS = " \t\u00a0\u202f\u200b\u2060\ufeff"


def clean_text(text: str) -> str:
    """Line endings to LF, NFC, letters for presentation forms; drop what XML 1.0 cannot carry.

    Odd spaces become spaces.
    Vertical tab and form feed (Word's soft breaks) become spaces: lines are joined with spaces
    anyway, and a stray one must never split a paragraph. C1 controls (mojibake) are dropped,
    except NEL (U+0085), which is a line end.
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x0b", " ").replace("\x0c", " ")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _TO_CLEAN.search(text):
        return text  # the usual article: one scan instead of five
    if _PRESENTATION_FORMS().search(text):
        text = _PRESENTATION_FORMS().sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = XML_ILLEGAL.sub("", text)
    text = _C1.sub("", text)
    text = text.replace("\ufeff", "")
    return _ODD_SPACES().sub(" ", text)


_SPACES = re.compile(r" {2,}")


def squash(text: str) -> str:
    """Collapse runs of spaces and trim (keeps no-break spaces inside the text)."""
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip(BLANK_CHARS)


def is_blank(line: str) -> bool:
    """A line holding only whitespace (spaces, tabs, no-break or zero-width spaces)."""
    return line.strip(BLANK_CHARS) == ""


def clean_inline(text: str) -> str:
    """Clean a metadata string the way body text is cleaned, on one line."""
    return squash(clean_text(text).replace("\n", " "))
