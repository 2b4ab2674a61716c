"""Article metadata: key aliases, dates, language names, and the merge of inferred and explicit values.

Inferred values (from the article's layout) yield to front matter, which yields to ``-M``; config
defaults fill only what is still missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from msgspec import Struct, field

from ..errors import InputError, UsageError
from ..model import Person, Subject
from ..options import ReadOptions
from .conventions import parse_byline, split_names
from .decode import clean_inline

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
    "source": "source", "publication": "publication", "publisher": "publication",
    "newspaper": "publication", "masthead": "publication", "credit": "credit",
    "copyright": "copyright", "rights": "copyright",
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


def is_known_key(key: str) -> bool:
    """Whether a metadata key names a Meta field (any accepted spelling)."""
    return canonical_key(key) in KNOWN_KEYS


def closest_key(key: str) -> str | None:
    """The accepted spelling an unknown key most resembles ("urgancy": "urgency"), else None.

    None also for a known key; an unknown key with no close spelling is a custom field like any
    other (kept in ``Meta.extra``).
    """
    if is_known_key(key):
        return None
    import difflib

    k = key.strip().lower().replace(" ", "-").replace("_", "-")
    found = difflib.get_close_matches(k, list(_ALIASES), n=1, cutoff=0.8)
    return found[0] if found else None


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
    from email.utils import parsedate_to_datetime  # RFC 2822 dates only: email costs 4 ms to import

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


class MetaFields(Struct):
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


def finish_meta(fields: MetaFields, options: ReadOptions) -> dict[str, Any]:
    """Apply -M overrides (highest) and config defaults (lowest); return Meta keyword arguments.

    ``language`` is there only when stated (article, ``-M``, ``[metadata]``, then ``--language``):
    the reader passes it to :func:`convert.readers.language.settle_language` as ``given``, which
    identifies the language when it is absent.
    """
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
    if options.language:
        values.setdefault("language", options.language)
    values.setdefault("provider", options.provider)
    if fields.extra:
        values["extra"] = tuple(sorted(fields.extra.items()))
    return values
