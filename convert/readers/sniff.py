"""Tell an input's format from its bytes: containers and signatures, XML roots, HTML, Markdown, text.

:func:`sniff` looks at the first bytes only (a zip's central directory, the first 8 KB of text)
and never parses a whole document, so choosing a reader costs microseconds. What it finds is
:class:`Sniffed`: the format's name, the reader for it (None when nothing reads it, with a reason
for the message), and whether the content alone decides (``sure``: a signature, a zip's members,
an XML root element, a whole HTML page) or the file's extension should (text that may be plain
text, Markdown or an HTML fragment). The signatures and names are data: ``sniff.toml``.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct

from .. import tomldata
from ..textutil import lazy_pattern

DATA_FILE = "sniff.toml"
#: How much of a text file is looked at.
HEAD_BYTES = 8192


class Sniffed(Struct, frozen=True):
    """What an input's bytes are."""

    #: The format's name as messages show it ("NewsML-G2 newsMessage", "EPUB", "plain text").
    name: str
    #: The reader for it; None when no reader reads this format.
    reader: str | None
    #: True: the content decides whatever the extension says; False: the extension may decide.
    sure: bool
    #: Why it cannot be read (for formats without a reader).
    why: str = ""


class _Table(Struct, frozen=True):
    magic: tuple[tuple[bytes, str, str], ...]
    riff: Mapping[str, Mapping[str, str]]
    zip_members: tuple[tuple[str, str, str | None, str], ...]
    zip_mimetypes: Mapping[str, Mapping[str, str]]
    xml: Mapping[str, Mapping[str, str]]
    html_tags: frozenset[str]


@functools.cache
def _table() -> _Table:
    raw: dict[str, Any] = tomldata.read(Path(__file__).with_name(DATA_FILE))
    return _Table(
        magic=tuple((bytes.fromhex(m["hex"]), m["name"], m["why"]) for m in raw["magic"]),
        riff=raw["riff"],
        zip_members=tuple((z["member"], z["name"], z.get("reader"), z.get("why", ""))
                          for z in raw["zip"]),
        zip_mimetypes=raw["zip_mimetype"],
        xml={k.lower(): v for k, v in raw["xml"].items()},
        html_tags=frozenset(raw["text"]["html_tags"]),
    )


def sniff(data: bytes) -> Sniffed:
    """What ``data`` is (see the module docstring)."""
    table = _table()
    for magic, name, why in table.magic:
        if data.startswith(magic):
            return Sniffed(name, None, True, why)
    if data[:4] == b"RIFF" and len(data) >= 12:
        form = data[8:12].decode("latin-1").replace(" ", "_")
        if form in table.riff:
            return Sniffed(table.riff[form]["name"], None, True, table.riff[form]["why"])
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip(data, table)
    head = _head_text(data[:HEAD_BYTES])
    if head is None:
        return Sniffed("binary data", "text", False)  # the text reader says why it is not text
    return _markup(head, data, table) or _text(head)


# --------------------------------------------------------------------------- zip


def _zip(data: bytes, table: _Table) -> Sniffed:
    from .safezip import member_names  # zipfile is imported only for a zip: text pays nothing

    names = member_names(data)
    if names is None:
        return Sniffed("zip archive", None, True, "a damaged or unreadable zip archive")
    present = set(names)
    for member, name, reader, why in table.zip_members:
        if member in present:
            return Sniffed(name, reader, True, why)
    if "mimetype" in present:
        kind = _mimetype(data)
        if kind in table.zip_mimetypes:
            entry = table.zip_mimetypes[kind]
            return Sniffed(entry["name"], None, True, entry["why"])
    return Sniffed("zip archive", None, True, "an archive of other files; unpack it first")


def _mimetype(data: bytes) -> str:
    """The ``mimetype`` member of an OCF/ODF package (tiny and stored, so reading it is cheap)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("mimetype")
            if info.file_size > 200:
                return ""
            return zf.read(info).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError,
            RuntimeError):
        return ""


# --------------------------------------------------------------------------- text and markup


_UTF16 = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _head_text(head: bytes) -> str | None:
    """The first bytes as text good enough to see markup; None for binary data."""
    for bom, codec in _UTF16:
        if head.startswith(bom):
            return head.decode(codec, "ignore").lstrip("\ufeff")
    if len(head) >= 4 and head[1:2] == b"\0" and head[3:4] == b"\0" and head[0:1] != b"\0":
        return head.decode("utf-16-le", "ignore")  # BOM-less UTF-16 (the decoder tells for sure)
    if len(head) >= 4 and head[0:1] == b"\0" and head[2:3] == b"\0":
        return head.decode("utf-16-be", "ignore")
    if head.count(b"\0") > 4:
        return None
    return head.decode("utf-8", "ignore").lstrip("\ufeff")


_PROLOG = lazy_pattern(r"\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)\s*)*",
                       re.DOTALL | re.IGNORECASE)
_DOCTYPE = lazy_pattern(r"<!DOCTYPE\s+([A-Za-z_][\w:.-]*)", re.IGNORECASE)
_ROOT = lazy_pattern(r"<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?([^>]*)>?", re.DOTALL)
_XMLNS = re.compile(r"""xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']""")


def _markup(head: str, data: bytes, table: _Table) -> Sniffed | None:
    """XML by its root element, or HTML; None when the text does not start with markup."""
    stripped = head.lstrip()
    if not stripped.startswith("<"):
        return None
    declared_xml = stripped.startswith("<?xml")
    doctype = _DOCTYPE().search(head[:2048])
    if doctype is not None and doctype.group(1).lower() == "html":
        return Sniffed("HTML", "html", True)
    prolog = _PROLOG().match(head)
    rest = head[prolog.end():] if prolog else stripped
    root = _ROOT().match(rest)
    if root is None:
        return Sniffed("XML", None, True, "not a document newsconvert reads") if declared_xml else None
    prefix, local = (root.group(1), root.group(2)) if root.group(2) else (None, root.group(1))
    namespaces = dict(_XMLNS.findall(root.group(3) or ""))
    uri = namespaces.get(prefix or "")
    entry = table.xml.get(local.lower())
    qualified = local if prefix is None else f"{prefix}:{local}"
    markup = uri is not None or declared_xml or _closes(qualified, data)
    if entry is not None and (markup or local.lower() in ("html", "nitf")):
        if entry.get("reader"):
            return Sniffed(entry["name"], entry["reader"], True)
        return Sniffed(entry["name"], None, True, entry["why"])
    if local.lower() in table.html_tags and prefix is None:
        return Sniffed("HTML", "html", False)  # a fragment: the extension may say otherwise
    if markup:
        return Sniffed("XML", None, True, f"its root element <{local}> is not a news format "
                                           "newsconvert reads")
    return None


def _closes(name: str, data: bytes) -> bool:
    """Whether the element that opens the text is closed again (so it is markup, not prose)."""
    return f"</{name}>".encode() in data[-HEAD_BYTES * 4:] or f"</{name}>".encode() in data[:HEAD_BYTES]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
#: Markdown's own syntax, each with a substring that must be present before the pattern is
#: tried (and compiled: a plain-text article compiles none of them).
_MARKDOWN: tuple[tuple[str, Callable[[], re.Pattern[str]]], ...] = (
    ("#", lazy_pattern(r"\A\s*#{1,6}[ \t]+\S")),                    # the headline as a '#' heading
    ("](", lazy_pattern(r"\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")),  # [text](url), ![alt](src)
    ("]:", lazy_pattern(r"^\[[^\]\n]+\]:\s+\S+", re.MULTILINE)),       # [ref]: url
    ("**", lazy_pattern(r"\*\*[^\s*](?:[^*\n]*[^\s*])?\*\*")),          # **strong**
    ("__", lazy_pattern(r"__[^\s_](?:[^_\n]*[^\s_])?__")),              # __strong__
    ("```", lazy_pattern(r"^```", re.MULTILINE)),                       # fenced code
    ("~~~", lazy_pattern(r"^~~~", re.MULTILINE)),
    ("=", lazy_pattern(r"\A[^\n]+\n=+[ \t]*\n")),                       # a setext headline
)


def _text(head: str) -> Sniffed:
    """Markdown when the text uses Markdown's own syntax; plain text otherwise."""
    text = head.replace("\r\n", "\n").replace("\r", "\n") if "\r" in head else head
    body = _FRONT_MATTER.sub("", text, count=1) if text.startswith("---") else text
    # A mark's first character is looked for first: one character is found at memchr speed, a
    # longer mark in a non-ASCII text costs ~3 us per mark (most articles have none of them).
    if any(mark[0] in body and mark in body and pattern().search(body)
           for mark, pattern in _MARKDOWN):
        return Sniffed("Markdown", "markdown", False)
    return Sniffed("plain text", "text", False)
