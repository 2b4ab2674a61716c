"""Parse untrusted XML: no network, no DTD loading, no entity expansion, libxml2's size and depth limits.

Every reader that parses XML (NewsML-G2, NITF, the parts of a DOCX) goes through :func:`parse`.
The parser never fetches anything (``no_network``, no DTD loaded, so a ``SYSTEM`` identifier is
only a name), never substitutes entities (``resolve_entities=False``, so neither an external
entity (XXE) nor a nested internal one (billion laughs) is ever expanded), and keeps libxml2's
limits on (``huge_tree=False``: at most 256 levels of nesting and 10 MB per text node). A
document whose DOCTYPE declares entities is refused outright: its text would depend on them,
and no feed or office file needs them. Malformed XML is one :class:`~convert.errors.InputError`
naming the file, the line and what is wrong.
"""

from __future__ import annotations

import threading
from html.entities import html5

from lxml import etree

from ..errors import InputError

_LOCAL = threading.local()


def _parser() -> etree.XMLParser:
    """One parser per thread (lxml parsers must not be shared between threads)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            attribute_defaults=False, huge_tree=False, remove_comments=True, remove_pis=True)
        _LOCAL.parser = parser
    return parser


def parse(data: bytes, origin: str, what: str = "XML") -> etree._Element:
    """The root element of ``data``; ``what`` names the document in messages ("NITF", "DOCX part ...")."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{_subject(what)} not well-formed XML: {_syntax_message(exc)}",
                         path=origin) from None
    except (ValueError, TypeError) as exc:  # e.g. a str with an encoding declaration
        raise InputError(f"{_subject(what)} not XML: {exc}", path=origin) from None
    if root is None:
        raise InputError(f"{what} holds no XML element", path=origin)
    check_entities(root, origin, what)
    return root


def _subject(what: str) -> str:
    return f"{_name(what)} is"


def _name(what: str) -> str:
    return "the file" if what == "XML" else what


def check_entities(root: etree._Element, origin: str, what: str = "XML") -> None:
    """Refuse declared entities; spell out references to HTML's named characters.

    A DOCTYPE that declares entities is refused. A reference to an entity the document never
    declares (``&nbsp;`` in a NITF file whose DTD is not loaded) becomes its character when it is
    one of HTML's named characters, a fixed table; any other is an error naming it.
    """
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(f"{_name(what)} declares entities in its DOCTYPE; refused (entities are never "
                         "expanded: no external files, no entity bombs)", path=origin)
    for node in list(root.iter(etree.Entity)):
        char = html5.get(f"{node.name};")
        if char is None:
            raise InputError(f"{_name(what)} uses the undefined entity {node.text}", path=origin)
        _replace_with_text(node, char)


def _replace_with_text(node: etree._Entity, text: str) -> None:
    """Put ``text`` (and the node's tail) where ``node`` was, then remove it."""
    parent = node.getparent()
    if parent is None:
        return
    joined = text + (node.tail or "")
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(node)


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    """libxml2's first message, one line, with its line number."""
    message = str(exc.msg or exc).splitlines()[0].strip() if (exc.msg or str(exc)) else "syntax error"
    if "amplification" in message:
        return "its entities would expand past libxml2's limit (an entity bomb); refused"
    line = getattr(exc, "lineno", None)
    if line and f"line {line}" not in message:
        message = f"{message} (line {line})"
    return message


def local(tag: object) -> str:
    """An element's name without its namespace ("" for comments and other non-elements)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: object) -> str:
    """An element's namespace URI ("" when it has none)."""
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:tag.index("}")]
    return ""


def detach(el: etree._Element) -> None:
    """Take an element out of its tree, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def cell_span(value: str | None) -> int:
    """A table cell's ``colspan``/``rowspan`` as given: 1 to 1000, anything else 1 (HTML, NITF)."""
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return number if 1 <= number <= 1000 else 1
