"""The first step of every article reader: bytes to cleaned lines plus front-matter metadata."""

from __future__ import annotations

from ..errors import InputError
from ..options import ReadOptions
from .decode import clean_text, decode, is_blank
from .diagnostics import Diagnostics
from .frontmatter import split_front_matter
from .metadata import MetaFields


def load_article(data: bytes, options: ReadOptions, diagnostics: Diagnostics | None = None,
                 ) -> tuple[str, list[str], MetaFields]:
    """The steps every reader starts with: size limit, decoding, cleaning, front matter.

    Returns ``(origin, lines after the front matter, metadata from the front matter)``.
    """
    origin = options.origin or "<input>"
    if len(data) > options.max_bytes:
        raise InputError(f"file is too large ({len(data):,} bytes; the limit is "
                         f"{options.max_bytes:,})", path=origin)
    raw, encoding = decode(data, origin, options.encoding)
    if diagnostics is not None:
        diagnostics.encoding = "ascii" if encoding == "utf-8" and data.isascii() else encoding
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
