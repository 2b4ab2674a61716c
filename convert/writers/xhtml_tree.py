"""XHTML building blocks every body serializer shares: names, text, URLs, language and direction.

Split from :mod:`.xhtml_body` so the node renderers (:mod:`.xhtml_body`, :mod:`.xhtml_rich`) can
share them without importing each other. Text is only ever set through lxml, which escapes it.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from ..textutil import direction, has_rtl, language_direction

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS_NS}}}type"
NSMAP: dict[str | None, str] = {None: XHTML_NS, "epub": OPS_NS}

#: Characters kept as they are in an href: RFC 3986 reserved + unreserved, and '%' (already
#: escaped sequences stay intact). Anything else (spaces, non-ASCII) is percent-encoded so
#: validators accept the URL.
_URL_SAFE = ":/?#[]@!$&'()*+,;=-._~%"


def tag(name: str) -> str:
    """The namespaced (Clark notation) name of an XHTML element."""
    return f"{{{XHTML_NS}}}{name}"


def href(url: str) -> str:
    """A URL as an attribute value validators accept (spaces and non-ASCII percent-encoded)."""
    return quote(url, safe=_URL_SAFE)


def append_text(parent: etree._Element, text: str) -> None:
    """Add text after the last child of ``parent`` (lxml keeps it in ``.text`` or a ``.tail``)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def set_direction(el: etree._Element, text: str, base: str) -> None:
    """Mark ``dir`` on an element whose text runs against the document's base direction."""
    if base != "rtl" and not has_rtl(text):
        return  # no right-to-left letter at all: stays LTR (the common case, kept fast)
    d = direction(text)
    if d != base and (d == "rtl" or base == "rtl"):
        el.set("dir", d)


def mark_language(el: etree._Element, lang: str | None, base: str) -> str:
    """``lang``, ``xml:lang`` and (when it turns) ``dir`` of a block in a language of its own.

    Returns the direction inside the element, which its children are measured against. The
    direction follows the tag (:func:`convert.textutil.language_direction`), as in every writer.
    """
    if not lang:
        return base
    el.set("lang", lang)
    el.set(XML_LANG, lang)
    inner = language_direction(lang)
    if inner != base:
        el.set("dir", inner)
    return inner
