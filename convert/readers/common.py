"""What every article reader shares.

Bytes to clean text, front matter, metadata keys, junk lines, bylines, datelines, wire credits.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import InputError, UsageError
from ..model import Person, Subject
from ..textutil import XML_ILLEGAL

# --------------------------------------------------------------------------- bytes -> text

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
_ODD_SPACES = re.compile("[\t\u1680\u2000-\u200a\u205f\u3000]")
_C1 = re.compile("[\x80-\x9f]")
#: Characters that count as whitespace for blank-line detection and trimming.
BLANK_CHARS = " \t\u00a0\u202f\u200b\u2060\ufeff"


def clean_text(text: str) -> str:
    """Line endings to LF, NFC, odd spaces to spaces; drop what XML 1.0 cannot carry.

    Vertical tab and form feed (Word's soft breaks) become spaces: lines are joined with spaces
    anyway, and a stray one must never split a paragraph. C1 controls (mojibake) are dropped,
    except NEL (U+0085), which is a line end.
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x0b", " ").replace("\x0c", " ")
    text = unicodedata.normalize("NFC", text)
    text = XML_ILLEGAL.sub("", text)
    text = _C1.sub("", text)
    text = text.replace("\ufeff", "")
    return _ODD_SPACES.sub(" ", text)


_SPACES = re.compile(r" {2,}")


def squash(text: str) -> str:
    """Collapse runs of spaces and trim (keeps no-break spaces inside the text)."""
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip(BLANK_CHARS)


def is_blank(line: str) -> bool:
    """A line holding only whitespace (spaces, tabs, no-break or zero-width spaces)."""
    return line.strip(BLANK_CHARS) == ""


def load_article(data: bytes, options: Any) -> tuple[str, list[str], MetaFields]:
    """The steps every reader starts with: size limit, decoding, cleaning, front matter.

    Returns ``(origin, lines after the front matter, metadata from the front matter)``.
    """
    origin = options.origin or "<input>"
    if len(data) > options.max_bytes:
        raise InputError(f"file is too large ({len(data):,} bytes; the limit is "
                         f"{options.max_bytes:,})", path=origin)
    raw, _encoding = decode(data, origin, options.encoding)
    text = clean_text(raw)
    if is_blank(text.replace("\n", "")):
        raise InputError("file contains only whitespace: there is no headline and nothing to "
                         "convert", path=origin)
    front, lines = split_front_matter(text.split("\n"), origin)
    fields = MetaFields()
    try:
        fields.apply(front, "front matter")
    except InputError as exc:
        raise InputError(exc.message, path=origin) from None
    return origin, lines, fields


# --------------------------------------------------------------------------- front matter

_YAML_FENCE = re.compile(r"^---\s*$")
_YAML_END = re.compile(r"^(---|\.\.\.)\s*$")
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,30}(?: [A-Za-z][A-Za-z0-9_-]{0,30})?)\s*:\s*(.*)$")


def split_front_matter(lines: list[str], origin: str) -> tuple[dict[str, Any], list[str]]:
    """Front matter as YAML between ``---`` lines or as ``Key: value`` header lines.

    Header lines count only when every line of the first block has that form and at least one
    key is a known metadata key, so a headline such as "Breaking: floods hit Sindh" is not
    mistaken for a header.
    """
    start = 0
    while start < len(lines) and is_blank(lines[start]):
        start += 1
    if start < len(lines) and _YAML_FENCE.match(lines[start]):
        for end in range(start + 1, len(lines)):
            if _YAML_END.match(lines[end]):
                return _load_yaml("\n".join(lines[start + 1:end]), origin), lines[end + 1:]
        # an opening fence with no closing one is not front matter: a rule line, say
    block_end = start
    while block_end < len(lines) and not is_blank(lines[block_end]):
        block_end += 1
    block = lines[start:block_end]
    if block and block_end < len(lines):
        matches = [_HEADER_LINE.match(line.strip()) for line in block]
        if all(matches):
            pairs = [(m.group(1), m.group(2).strip()) for m in matches if m]
            if any(canonical_key(k) in KNOWN_KEYS for k, _ in pairs) and all(v for _, v in pairs):
                return {k: v for k, v in pairs}, lines[block_end:]
    return {}, lines


def _load_yaml(source: str, origin: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(source) if source.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"front matter is not valid YAML{where}", path=origin) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("front matter must be a mapping of keys to values", path=origin)
    return {str(k): v for k, v in data.items()}


# --------------------------------------------------------------------------- metadata keys

#: Accepted spellings of each Meta field in front matter, header lines, -M and config files.
_ALIASES: Mapping[str, str] = {
    "title": "headline", "headline": "headline", "hed": "headline",
    "subtitle": "subheadline", "subheadline": "subheadline", "standfirst": "subheadline",
    "dek": "subheadline", "summary": "subheadline", "description": "subheadline",
    "author": "byline", "authors": "byline", "byline": "byline", "by": "by",
    "dateline": "dateline", "located": "located", "location": "located",
    "date": "date", "published": "date", "pubdate": "date", "first-published": "date",
    "modified": "modified", "updated": "modified",
    "language": "language", "lang": "language",
    "keywords": "keywords", "tags": "keywords",
    "subjects": "subjects", "subject": "subjects",
    "source": "source", "credit": "credit", "copyright": "copyright", "rights": "copyright",
    "copyright-holder": "copyright_holder", "copyright_holder": "copyright_holder",
    "usage-terms": "usage_terms", "usage_terms": "usage_terms",
    "provider": "provider", "provider-uri": "provider_uri", "provider_uri": "provider_uri",
    "identifier": "identifier", "id": "identifier", "guid": "identifier",
    "version": "version", "urgency": "urgency", "slugline": "slugline", "slug": "slugline",
    "ednote": "ednote", "editorial-note": "ednote", "pub-status": "pub_status",
    "pub_status": "pub_status", "status": "pub_status",
}
KNOWN_KEYS = frozenset(_ALIASES.values())


def canonical_key(key: str) -> str:
    """The Meta field a metadata key names (unknown keys are returned lower-cased, for extra)."""
    k = key.strip().lower().replace(" ", "-")
    return _ALIASES.get(k, _ALIASES.get(k.replace("_", "-"), k))


_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d", "%d/%m/%Y")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def parse_date(value: Any, where: str) -> datetime:
    """A timezone-aware datetime from ISO 8601, RFC 2822 or a plain date (midnight UTC).

    A date-time without an offset is taken as UTC, as the README documents.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"{where}: unrecognised date {text!r} (use YYYY-MM-DD or ISO 8601)")


def _as_list(value: Any) -> list[str]:
    """A list from YAML, or from text separated by commas (or semicolons when it has no comma)."""
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    sep = "," if "," in text or ";" not in text else ";"
    return [v.strip() for v in text.split(sep) if v.strip()]


#: Language names people write in front matter, to BCP 47 (anything else must be a tag).
_LANGUAGE_NAMES = {
    "english": "en", "urdu": "ur", "arabic": "ar", "french": "fr", "german": "de",
    "spanish": "es", "portuguese": "pt", "italian": "it", "dutch": "nl", "polish": "pl",
    "turkish": "tr", "russian": "ru", "chinese": "zh", "japanese": "ja", "korean": "ko",
    "hindi": "hi", "bengali": "bn", "persian": "fa", "farsi": "fa", "hebrew": "he",
    "punjabi": "pa", "pashto": "ps", "sindhi": "sd", "welsh": "cy", "irish": "ga",
}


@dataclass
class MetaFields:
    """Metadata being assembled: inferred values first, then front matter, then options."""

    values: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    def set_inferred(self, key: str, value: Any) -> None:
        """Set a value the reader inferred (never overrides an explicit one)."""
        if value not in (None, "", (), []):
            self.values.setdefault(key, value)

    def apply(self, raw: Mapping[str, Any], where: str, *, usage: bool = False) -> None:
        """Apply explicit metadata (front matter or -M): each key overrides what was there."""
        for key, value in raw.items():
            try:
                self._apply_one(key, value, where)
            except ValueError as exc:
                if usage:
                    raise UsageError(str(exc)) from None
                raise InputError(str(exc)) from None

    def _apply_one(self, key: str, value: Any, where: str) -> None:
        name = canonical_key(key)
        if value is None:
            return
        if name in ("date", "modified"):
            self.values[name] = parse_date(value, f"{where} {key}")
        elif name == "keywords":
            self.values[name] = tuple(_as_list(value))
        elif name == "subjects":
            subjects = []
            for item in _as_list(value):
                qcode, _, label = item.partition("=")
                subjects.append(Subject(qcode.strip(), label.strip() or None))
            self.values[name] = tuple(subjects)
        elif name == "byline":
            names = _as_list(value) if isinstance(value, (list, tuple)) else None
            text = " and ".join(names) if names else clean_inline(str(value))
            parsed = parse_byline(text) if text.lower().startswith("by ") else None
            if parsed is not None:  # "By Jane Doe, Staff Reporter" given as the author
                self.values["by"] = text
                text, people = parsed
                self.values["byline"] = text
                self.values["authors"] = people
                return
            self.values["byline"] = text
            self.values["authors"] = tuple(Person(n) for n in (names or split_names(text)))
        elif name in ("version", "urgency"):
            try:
                number = int(str(value).strip())
            except ValueError:
                raise ValueError(f"{where} {key} must be a whole number, got {value!r}") from None
            if name == "urgency" and not 1 <= number <= 9:
                raise ValueError(f"{where} urgency must be 1 (highest) to 9, got {number}")
            if name == "version" and number < 1:
                raise ValueError(f"{where} version must be 1 or more, got {number}")
            self.values[name] = number
        elif name == "language":
            tag = str(value).strip().replace("_", "-")
            tag = _LANGUAGE_NAMES.get(tag.lower(), tag)
            if not _LANG.match(tag):
                raise ValueError(f"{where} language must be a BCP 47 tag such as en-GB, "
                                 f"got {value!r}")
            self.values[name] = tag
        elif name == "pub_status":
            status = str(value).strip().lower()
            if status not in ("usable", "withheld", "canceled"):
                raise ValueError(f"{where} pub-status must be usable, withheld or canceled")
            self.values[name] = status
        elif name in KNOWN_KEYS:
            self.values[name] = clean_inline(str(value))
        else:
            self.extra[str(key).strip()] = clean_inline(str(value))


def finish_meta(fields: MetaFields, options: Any) -> dict[str, Any]:
    """Apply -M overrides (highest) and config defaults (lowest); return Meta keyword arguments."""
    if options.metadata:
        fields.apply(dict(options.metadata), "-M", usage=True)
    if options.defaults:
        defaults = MetaFields()
        defaults.apply(dict(options.defaults), "config", usage=True)
        for key, value in defaults.values.items():
            fields.values.setdefault(key, value)
        for key, value in defaults.extra.items():
            fields.extra.setdefault(key, value)
    values = dict(fields.values)
    values.setdefault("language", options.default_language)
    values.setdefault("provider", options.provider)
    if fields.extra:
        values["extra"] = tuple(sorted(fields.extra.items()))
    return values


def clean_inline(text: str) -> str:
    """Clean a metadata string the way body text is cleaned, on one line."""
    return squash(clean_text(text).replace("\n", " "))


# --------------------------------------------------------------------------- junk

#: Scraped page furniture dropped wherever it stands alone as a whole line. Users extend this
#: list with ``--junk REGEX`` (ReadOptions.junk_patterns). Patterns match the whole line,
#: case-insensitively. Documented in the README.
JUNK_PATTERNS: tuple[str, ...] = (
    r"share (this|the) (post|article|story|page|video)",
    r"share (on|via) (facebook|twitter|x|whatsapp|linkedin|email|e-mail|reddit)",
    r"share( this)?",
    r"follow us( on \S.*)?",
    r"(like|join) us on (facebook|instagram|telegram|whatsapp)",
    r"advertisement|advertisment|sponsored( content)?|ad feature|promoted content",
    r"story continues below( (this )?advertisement)?",
    r"(continue|scroll to continue) reading( (below|the article))?",
    r"(read|see) (more|also)( ?[:\-–—|] ?.*)?",
    r"also read ?[:\-–—|] ?.*|related( articles?| stories| news)? ?[:\-–—|] ?.*",
    r"(recommended|more) (for you|stories|from \S.*)|recommended( reading)?",
    r"related (articles|stories|coverage|content|news)",
    r"(leave|add|post|view|show) (a |all )?comments?( \(\d+\))?",
    r"download (our|the) app.*",
    r"you (may|might) also (like|be interested in):?",
    r"(click|tap) here to (subscribe|read more|sign up|download).*",
    r"subscribe( (now|today|to our newsletter|for \S.*))?",
    r"sign up (for|to) (our|the) .*newsletter.*",
    r"listen to this (article|story)",
    r"(print|email|e-mail|tweet|whatsapp|facebook|twitter|linkedin|comments?)( \(\d+\))?",
)


def junk_matcher(extra: Iterable[str] = ()) -> re.Pattern[str]:
    """One compiled pattern for the built-in junk list plus user patterns."""
    parts = [*JUNK_PATTERNS]
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
_ROLE_WORDS = re.compile(
    r"\b(reporter|correspondent|editor|writer|staff|desk|bureau|chief|analyst|columnist|"
    r"contributor|journalist|producer|photographer|critic|reporting|news|agency|our|in|at|"
    r"for|from)\b", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)\s*")


def parse_byline(line: str) -> tuple[str, tuple[Person, ...]] | None:
    """``"By A and B, Staff Reporter"`` -> ``("A and B", (Person(A, role), Person(B, role)))``.

    Returns None when the line is not a byline (too long, sentence-like).
    """
    m = _BYLINE.match(line.strip())
    if not m or len(line) > 160 or (line.rstrip().endswith((".", "?", "!", ":")) and \
            not line.rstrip().endswith(("Jr.", "Sr."))):
        return None
    rest = m.group(1).strip()
    names, role = rest, None
    if "," in rest:
        head, tail = rest.split(",", 1)
        tail = tail.strip()
        if _ROLE_WORDS.search(tail) or not _looks_like_names(tail):
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
    return all(_looks_like_name(p) and all(w[:1].isupper() or w in ("de", "van", "bin", "al")
                                           for w in p.split())
               for p in split_names(text))


# --------------------------------------------------------------------------- datelines

_LETTER = r"[^\W\d_]"
#: A place word: any script's letters ("SÃO", "ZÜRICH"), with ' . - / inside ("N'DJAMENA",
#: "ST.", "BEIJING/SHANGHAI"); whether it is in capitals is checked after matching.
_PLACE_WORD = rf"{_LETTER}[\w'’.\-/]*"
_PLACE_ANY = rf"{_PLACE_WORD}(?: {_PLACE_WORD}){{0,4}}"
_PLACE_TITLE = r"[A-Z][a-z'’.\-]+(?: [A-Z][a-z'’.\-]+)*"
_MONTH = (r"(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-zA-Z]*\.?")
_WHEN = rf"{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH}"
_AGENCY = r"\([A-Z][A-Za-z&.\- ]{0,30}\)"
_SEP = r"(?:\s+[-–—]+\s+|\s*:\s+)"
#: "KARACHI:", "LONDON —", "ISLAMABAD, Dec 20 (Reuters) -", "GAZA CITY, Palestine (AP) —": a
#: place in capitals, an optional region or date, an optional agency, then a separator.
_DATELINE_CAPS = re.compile(
    rf"^(?P<lead>(?P<place>{_PLACE_ANY})(?:, (?:{_WHEN}|{_PLACE_ANY}))?(?:,? (?:{_WHEN}))?"
    rf"(?: {_AGENCY})?){_SEP}(?=\S)")
#: A title-case place only when a date or an agency makes it unmistakable
#: ("Karachi, Dec 20 (AFP) -", "Lahore (Reuters) -").
_DATELINE_TITLE = re.compile(
    rf"^(?P<lead>(?P<place>{_PLACE_TITLE}), (?:{_WHEN})(?: {_AGENCY})?|"
    rf"(?P<place3>{_PLACE_TITLE})(?:, {_PLACE_TITLE})? {_AGENCY}){_SEP}(?=\S)")


def split_dateline(text: str) -> tuple[str, str, str] | None:
    """``(dateline, place, rest)`` when a paragraph opens with a dateline lead, else None."""
    m = _DATELINE_CAPS.match(text)
    if m and not (m.group("place").isupper() and len(m.group("place")) >= 2):
        m = None
    if m is None:
        m = _DATELINE_TITLE.match(text)
        if m is None:
            return None
    lead = m.group("lead")
    place = m.group("place") or m.group("place3") or lead
    if len(lead) > 80:
        return None
    return lead.strip(), place.strip(), text[m.end():]


#: A wire credit trailer: "(Reporting by ...; Editing by ...)", or the same unbracketed when it
#: names both reporting and editing. Kept as credit, not body.
WIRE_CREDIT = re.compile(
    r"^\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written|"
    r"graphics|research|translated|translation)\b.*\bby\b.*\)\s*$"
    r"|^(?:additional\s+)?(?:reporting|writing)\s+by\s[^.]{1,200};\s*(?:editing|edited)\s+by\s"
    r"[^.]{1,200}\.?$", re.IGNORECASE | re.DOTALL)
