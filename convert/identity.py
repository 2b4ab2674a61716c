"""Stable identifiers: the same article from the same provider always gets the same id."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uuid

_NOT_NSS = re.compile(r"[^A-Za-z0-9.\-]+")


def content_digest(*parts: str) -> str:
    """A short hex digest of the article's identifying text."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:20]


def make_identifier(provider: str, headline: str, body_text: str) -> str:
    """``urn:newsml:<provider>:<digest>``: stable for the same provider and content.

    The digest covers headline and body, so two different articles never share an id. Give an
    explicit ``identifier`` (front matter, ``-M identifier=...``) to keep one id across corrections.
    """
    return f"urn:newsml:{provider_domain(provider)}:{content_digest(provider, headline, body_text)}"


def provider_domain(provider: str) -> str:
    """The provider as a safe domain-like name (``"Example News"`` -> ``"example-news"``)."""
    return _NOT_NSS.sub("-", provider.strip().lower()).strip("-") or "newsconvert.invalid"


def identifier_uuid(identifier: str) -> uuid.UUID:
    """A real UUID derived from the identifier (uuid5), for EPUB ``urn:uuid:`` identifiers."""
    import uuid  # here, not at the top: uuid imports platform, a cost every conversion paid

    return uuid.uuid5(uuid.NAMESPACE_URL, identifier)
