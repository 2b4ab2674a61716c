"""Reader and writer options, with every default declared once, and the timestamp policy.

Readers and writers are pure: they never look at the clock or the environment. The command line
and the batch runner build these objects (the timestamp from ``SOURCE_DATE_EPOCH`` or the input)
and pass them in, so the same input and options always give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from .styles import HouseStyle

#: Largest input accepted by readers (bytes); larger files are rejected with a clear error.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Most body blocks accepted in one article.
DEFAULT_MAX_BLOCKS = 100_000


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read an article. Each CLI flag maps to one field."""

    #: Name for error messages ("seeds/a.txt", "<stdin>").
    origin: str = ""
    #: Metadata given on the command line / config (``-M key=value``): overrides what is inferred.
    metadata: tuple[tuple[str, str], ...] = ()
    #: Metadata defaults from a config file: used only where the article and -M say nothing.
    defaults: tuple[tuple[str, str], ...] = ()
    #: Language when neither front matter nor ``-M language=`` says (BCP 47).
    default_language: str = "en"
    #: Provider used for identifiers and NewsML ``provider`` when the article does not say.
    provider: str = "newsconvert.invalid"
    #: Extra junk patterns (regular expressions matched against a whole stand-alone line).
    junk_patterns: tuple[str, ...] = ()
    #: Encoding to use instead of detection (e.g. "cp1252").
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_blocks: int = DEFAULT_MAX_BLOCKS


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """How to write a Document. Writers read only what concerns them."""

    #: The house style every visual writer follows (``None``: the ``default`` style).
    style: HouseStyle | None = None
    #: "Now" for this output: versionCreated, dcterms:modified, zip entry times. Timezone-aware.
    timestamp: datetime = field(default_factory=lambda: datetime(2000, 1, 1, tzinfo=UTC))
    #: Name and version written as generator / creator / producer.
    generator: str = "newsconvert"
    generator_version: str = "0"
    #: NewsML-G2 body: "xhtml" (default) or "nitf".
    newsml_body: str = "xhtml"
    #: A user's .docx whose styles (and headers/footers) replace the house style's (DOCX only).
    reference_docx: Path | None = None
    #: Title of a multi-article output (EPUB edition, newsMessage).
    title: str | None = None
    #: Format-specific settings from third-party writers or config files.
    extra: Mapping[str, str] = field(default_factory=dict)


def parse_source_date_epoch(env: Mapping[str, str] | None = None) -> datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC datetime, ``None`` when unset; bad values are a usage error."""
    raw = (os.environ if env is None else env).get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        seconds = int(raw.strip())
    except ValueError:
        raise UsageError(f"SOURCE_DATE_EPOCH must be an integer number of seconds, got {raw!r}") from None
    if seconds < 0:
        raise UsageError(f"SOURCE_DATE_EPOCH must not be negative, got {seconds}")
    return datetime.fromtimestamp(seconds, tz=UTC)


def resolve_timestamp(
    *, article_date: datetime | None = None, input_mtime: float | None = None,
    env: Mapping[str, str] | None = None,
) -> datetime:
    """The output timestamp, reproducible by default.

    Order: ``SOURCE_DATE_EPOCH``; else the later of the article's own date and the input file's
    modification time; else the article date; else the file time; else the current time (stdin
    without a date: the only case that is not reproducible without ``SOURCE_DATE_EPOCH``).
    Always UTC, whole seconds.
    """
    sde = parse_source_date_epoch(env)
    if sde is not None:
        return sde
    candidates: list[datetime] = []
    if article_date is not None:
        candidates.append(article_date.astimezone(UTC))
    if input_mtime is not None:
        candidates.append(datetime.fromtimestamp(int(input_mtime), tz=UTC))
    if candidates:
        return max(candidates).replace(microsecond=0)
    return datetime.now(UTC).replace(microsecond=0)


def version_times(date: datetime | None, timestamp: datetime) -> tuple[datetime, datetime]:
    """``(first_created, version_created)`` for an article, ordered as the standards require.

    first_created is the article's date when known, else the timestamp; version_created is the
    timestamp, but never earlier than first_created (IPTC: firstCreated <= versionCreated).
    """
    first = date if date is not None else timestamp
    version = timestamp if timestamp >= first else first
    return first, version
