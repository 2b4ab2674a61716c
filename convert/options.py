"""Reader and writer options, with every default declared once, and the timestamp policy.

Readers and writers are pure: they never look at the clock or the environment. The command line,
the API and the batch runner build these objects (the timestamp from ``SOURCE_DATE_EPOCH`` or the
inputs, through :meth:`WriteOptions.for_articles`) and pass them in, so the same input and
options always give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from .errors import UsageError

if TYPE_CHECKING:
    from .model import Document
    from .readers.conventions import Conventions
    from .styles import HouseStyle

#: Largest input accepted by readers (bytes); larger files are rejected with a clear error.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Most body blocks accepted in one article.
DEFAULT_MAX_BLOCKS = 100_000
#: Languages identification chooses among when nobody states the article's language: the
#: languages of the news this tool is made for, each script's main ones, and the big European ones.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "ur", "ar", "fa", "ps", "hi", "bn", "pa", "zh", "ja", "ko", "th", "he", "es", "fr", "de",
    "pt", "it", "nl", "ru", "uk", "tr", "id", "el")


class ReadOptions(Struct, frozen=True):
    """How to read an article. Each CLI flag maps to one field."""

    #: Name for error messages ("seeds/a.txt", "<stdin>").
    origin: str = ""
    #: Metadata given on the command line / config (``-M key=value``): overrides what is inferred.
    metadata: tuple[tuple[str, str], ...] = ()
    #: Metadata defaults from a config file: used only where the article and -M say nothing.
    defaults: tuple[tuple[str, str], ...] = ()
    #: The article's language as the user states it (``--language``; BCP 47): used when the
    #: article, ``-M`` and the config's ``[metadata]`` do not say, and then nothing is identified.
    language: str | None = None
    #: Candidate languages for identification when nobody states the article's language.
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    #: The fallback when nobody states the language and identification is not sure (BCP 47).
    default_language: str = "en"
    #: Provider used for identifiers and NewsML ``provider`` when the article does not say.
    provider: str = "newsconvert.invalid"
    #: Extra junk patterns (regular expressions matched against a whole stand-alone line).
    junk_patterns: tuple[str, ...] = ()
    #: Newsroom conventions (junk, sign-offs, datelines, bylines, heading rules) with the user's
    #: additions from the config file; None: the packaged ones (``convert/readers/conventions.toml``).
    conventions: Conventions | None = None
    #: Encoding to use instead of detection (e.g. "cp1252").
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_blocks: int = DEFAULT_MAX_BLOCKS
    #: Folders where pictures are looked for after the article's own (``--resource-path``); the
    #: pipeline loads pictures (:mod:`convert.resources`), readers never open files.
    resource_path: tuple[str, ...] = ()
    #: Fetch ``http(s)`` pictures from the network (``--fetch-remote``); off by default.
    fetch_remote: bool = False


class WriteOptions(Struct, frozen=True):
    """How to write a Document: everything a writer needs, so writers read nothing else.

    A value: frozen, hashable and picklable, so batch workers receive it whole and writers may
    key caches on its parts (the style, the reference .docx bytes).
    """

    #: The house style every visual writer follows (load it with :func:`convert.styles.load_style`).
    style: HouseStyle
    #: "Now" for this output: versionCreated, dcterms:modified, zip entry times. Timezone-aware.
    #: Set it with :meth:`for_articles`, which applies the reproducible timestamp policy.
    timestamp: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    #: Name and version written as generator / creator / producer.
    generator: str = "newsconvert"
    generator_version: str = "0"
    #: NewsML-G2 body: "xhtml" (default) or "nitf".
    newsml_body: str = "xhtml"
    #: NewsML-G2 as a package (``--package``): a newsMessage whose packageItem groups the text
    #: newsItem and one pictureItem per picture; False: the newsItem alone.
    newsml_package: bool = False
    #: The content of a user's .docx whose styles (and headers/footers) replace the house
    #: style's (DOCX only); the caller reads the file, the writer never opens one.
    reference_docx: bytes | None = None
    #: Title of a multi-article output (EPUB edition, newsMessage).
    title: str | None = None
    #: ninjs version the ninjs writer produces: "3.1" (default) or "2.2".
    ninjs_version: str = "3.1"
    #: A character no installed font can draw is an error (exit 3) instead of a warning.
    strict_fonts: bool = False
    #: DOCX and EPUB embed subsets of the fonts they name (``--embed-fonts``), so a machine
    #: without them shows the same faces.
    embed_fonts: bool = False
    #: Folder where the PDF writer keeps static copies of variable fonts between processes
    #: (building one costs ~0.2 s per face); chosen by the caller, None: made in memory each time.
    font_cache: Path | None = None
    #: Folder where the DOCX writer keeps prepared templates between processes (preparing one
    #: costs ~15 ms, most of a one-article conversion); chosen by the caller, None: not kept.
    template_cache: Path | None = None

    def for_articles(self, docs: Iterable[Document | None], *,
                     input_mtimes: Iterable[float | None] = (),
                     source_date_epoch: datetime | None = None) -> WriteOptions:
        """These options stamped for one output made of ``docs`` (see :func:`resolve_timestamp`).

        One article, an EPUB edition and a newsMessage all go through here, so the policy lives
        in one place; an edition is stamped with its newest article or input, never its first.
        """
        stamp = resolve_timestamp(
            article_dates=[d.meta.date for d in docs if d is not None],
            input_mtimes=input_mtimes, source_date_epoch=source_date_epoch)
        return replace(self, timestamp=stamp)


def parse_source_date_epoch(env: Mapping[str, str] | None = None) -> datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC datetime, ``None`` when unset; bad values are a usage error.

    Only the entry points (command line, API, batch client) call this; they pass the value on.
    """
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
    *, article_dates: Iterable[datetime | None] = (), input_mtimes: Iterable[float | None] = (),
    source_date_epoch: datetime | None = None,
) -> datetime:
    """The output timestamp, reproducible by default.

    Order: ``SOURCE_DATE_EPOCH``; else the latest of the articles' own dates and the inputs'
    modification times; else the current time (stdin without a date: the only case that is
    not reproducible without ``SOURCE_DATE_EPOCH``). Always UTC, whole seconds.
    """
    if source_date_epoch is not None:
        return source_date_epoch
    candidates = [d.astimezone(UTC) for d in article_dates if d is not None]
    candidates += [datetime.fromtimestamp(int(m), tz=UTC) for m in input_mtimes if m is not None]
    if candidates:
        return max(candidates).replace(microsecond=0)
    return datetime.now(UTC).replace(microsecond=0)


def article_times(date: datetime | None, timestamp: datetime) -> tuple[datetime | None, datetime]:
    """``(published, version_created)``: the article's own date (None when it has none) and "now".

    Nothing is invented: an undated article has no publication date (no NewsML-G2
    ``firstCreated``/``contentCreated``, EPUB ``dc:date``, DOCX ``created`` or printed date line);
    only the version stamps that the formats require take the timestamp. version_created is never
    earlier than the publication date (IPTC: firstCreated <= versionCreated).
    """
    if date is None:
        return None, timestamp
    return date, timestamp if timestamp >= date else date
