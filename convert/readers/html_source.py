"""HTML bytes to a parsed tree: the page's declared charset, a parser that never reaches the network.

A page is decoded as UTF-8 when it is valid UTF-8 (or has a byte-order mark); otherwise by its
declared charset (``<meta charset>``, ``http-equiv``, an XML declaration); otherwise as any text
article is (:func:`convert.readers.decode.decode`). The tree comes from lxml's HTML parser with
network access, comments and processing instructions off. Whether the input is a whole page or a
fragment (a CMS export: ``h1``, ``p`` ... and no ``<html>``, ``<head>``, ``<body>``, ``<title>``
or doctype) is read from the markup itself.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree, html

from ..errors import InputError
from ..textutil import XML_ILLEGAL
from .decode import decode

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE)
_PAGE_MARKERS = re.compile(r"<(?:!doctype|html|head|body|title)(?=[\s>/])", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


def decode_html(data: bytes, origin: str, encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 first, then the page's declared charset, then detection."""
    if encoding:
        return decode(data, origin, encoding)
    if data[:3] == codecs.BOM_UTF8 or data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return decode(data, origin)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        declared = _declared(data)
        if declared:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass
    return decode(data, origin)


def _declared(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, when Python knows it (and it is not UTF-8)."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith("utf"):
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec  # as browsers do


def is_page(text: str) -> bool:
    """Whether the markup is a whole page; anything else is a fragment, mapped as it is."""
    return _PAGE_MARKERS.search(text) is not None


def _parser() -> html.HTMLParser:
    return html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                           collect_ids=False, default_doctype=False, huge_tree=False)


def parse_html(text: str, origin: str) -> etree._Element:
    """The document tree (``<html>`` root) of a page or a fragment; one clear error if none."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if XML_ILLEGAL.search(text):
        text = XML_ILLEGAL.sub("", text)
    if not text.strip():
        raise InputError("no article text: the file contains only whitespace", path=origin)
    try:
        root = html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise InputError("no article text: the HTML holds no elements", path=origin) from None
        raise InputError(f"not readable as HTML: {exc}", path=origin) from None
    if root is None:
        raise InputError("not readable as HTML: no elements", path=origin)
    return root


_MARKS = "\"'“”‘’«»„‚‹›「」『』"


def unwrap_quotations(root: etree._Element) -> None:
    """``<q>`` elements become their text with the quotation marks a browser shows.

    Trafilatura reads ``<q>`` as a block quotation, which would cut a paragraph in three. Marks
    typed inside the element are kept as they are; otherwise “ and ” are added, as a browser's
    default style does. The plain text then carries the quotation (see :mod:`.inlines`).
    """
    quotes = list(root.iter("q"))
    for q in quotes:
        text = "".join(q.itertext()).strip()
        if text and text[0] not in _MARKS:
            q.text = "“" + (q.text or "")
            if len(q):
                q[-1].tail = (q[-1].tail or "") + "”"
            else:
                q.text += "”"
    if quotes:
        etree.strip_tags(root, "q")
