"""Article metadata and the Document: what the article is, as opposed to what it says."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from .nodes import Attrs, Block


class Person(Struct, frozen=True):
    """A byline person; ``role`` is e.g. ``"Staff Reporter"`` when the byline names one."""

    name: str
    role: str | None = None


class Subject(Struct, frozen=True):
    """A controlled-vocabulary subject, e.g. ``Subject("medtop:06000000", "environment")``."""

    qcode: str
    name: str | None = None


class Meta(Struct, frozen=True):
    """News metadata with named fields; anything else goes to ``extra``.

    Dates are timezone-aware. ``identifier`` is a stable URI derived from provider and content
    (see :func:`convert.identity.make_identifier`) unless given explicitly.
    """

    headline: str
    subheadline: str | None = None
    #: Names on the byline as written, without "By" and without the role (``"A and B"``).
    byline: str | None = None
    #: The people on the byline, each with an optional role.
    authors: tuple[Person, ...] = ()
    #: The whole byline line as written (``"By A and B, Staff Reporters"``).
    by: str | None = None
    #: Dateline lead without its separator (``"ISLAMABAD, Dec 20 (Reuters)"``).
    dateline: str | None = None
    #: Place named by the dateline (``"ISLAMABAD"``), for NewsML ``located``.
    located: str | None = None
    #: First publication (timezone-aware).
    date: datetime | None = None
    #: Last modification of the content (timezone-aware).
    modified: datetime | None = None
    #: BCP 47 language tag of the article. Readers settle it with
    #: :func:`convert.readers.language.settle_language` (stated, identified, or the fallback).
    language: str = "en"
    keywords: tuple[str, ...] = ()
    subjects: tuple[Subject, ...] = ()
    #: Where the information comes from (agency, newspaper): NewsML ``infoSource``.
    source: str | None = None
    #: The publication the article appears in ("Dawn"), as the article or the user names it;
    #: shown in running headers and as EPUB ``dc:publisher``. Never the tool's name.
    publication: str | None = None
    #: Credit line, e.g. a wire trailer "(Reporting by ...; Editing by ...)".
    credit: str | None = None
    #: Copyright notice as displayed ("Copyright 2025 Example News Ltd").
    copyright: str | None = None
    copyright_holder: str | None = None
    usage_terms: str | None = None
    #: Who manages and distributes the item (NewsML ``provider``).
    provider: str = "newsconvert.invalid"
    provider_uri: str | None = None
    identifier: str = ""
    version: int = 1
    #: Editorial urgency 1 (highest) .. 9.
    urgency: int | None = None
    slugline: str | None = None
    ednote: str | None = None
    #: Publishing status: "usable", "withheld" or "canceled".
    pub_status: str = "usable"
    extra: Attrs = ()


class Document(Struct, frozen=True):
    """One article: metadata plus body blocks."""

    meta: Meta
    body: tuple[Block, ...] = ()
    #: Where it was read from (file name or "<stdin>"), for error messages only: equality and
    #: the hash leave it out (the same article read from a file or from stdin is equal).
    origin: str = ""

    def __eq__(self, other: object) -> bool:
        if type(other) is not Document:
            return NotImplemented
        return self.meta == other.meta and self.body == other.body

    def __hash__(self) -> int:
        return hash((self.meta, self.body))

    def with_meta(self, **changes: Any) -> Document:
        """Return a copy with some metadata fields replaced."""
        return replace(self, meta=replace(self.meta, **changes))
