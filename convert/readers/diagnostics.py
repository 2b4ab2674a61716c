"""What a reader decided and why: shown by ``newsconvert parse``, never part of the model.

Readers fill a :class:`Diagnostics` as they go (the encoding, the paragraph rule, every junk
line dropped, the dateline, byline and sign-off found, the language); ``parse`` prints its
:meth:`~Diagnostics.as_dict` as text and, with ``--json``, under a ``diagnostics`` key beside the
model.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field


class Diagnostics(Struct):
    """A reader's account of one article (mutable while reading, then only read)."""

    encoding: str | None = None
    #: The paragraph rule: ``{"rule": ..., "why": ..., "column": ...}``.
    paragraphs: dict[str, Any] | None = None
    #: Lines dropped as scraped junk, in order.
    junk: list[str] = field(default_factory=list)
    dateline: str | None = None
    byline: str | None = None
    #: The wire sign-off removed from the end of the story ("Reuter").
    signoff: str | None = None
    credit: str | None = None
    #: Lines taken for subheadings.
    headings: list[str] = field(default_factory=list)
    #: The language decision: tag, confidence, method, blocks in another language.
    language: dict[str, Any] | None = None
    #: What the reader read differently from the input or could not keep (tracked changes
    #: accepted, tables read as paragraphs, pictures dropped), one line each.
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``parse --json``)."""
        return {"encoding": self.encoding, "paragraphs": self.paragraphs, "junk": list(self.junk),
                "dateline": self.dateline, "byline": self.byline, "signoff": self.signoff,
                "credit": self.credit, "headings": list(self.headings), "language": self.language,
                "warnings": list(self.warnings)}
