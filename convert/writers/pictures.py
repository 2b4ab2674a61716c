"""The pictures of an article as writers refer to them: names, sizes, data URIs (no file is opened).

A picture the article gives as a web address keeps that address. A local picture is named by its
file name (``pictures/a b.png`` -> ``a-b.png``), made unique within the article, so a NewsML-G2
body's ``img``, its package's ``pictureItem`` and any file shipped beside them agree.
"""

from __future__ import annotations

import base64
import re
from pathlib import PurePosixPath

from ..model import (
    Block,
    BlockQuote,
    Correction,
    Deleted,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Inserted,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Picture,
    Quoted,
    Strong,
    Table,
)
from .textparts import scheme

#: Schemes a picture can be fetched from by a consumer.
REMOTE = frozenset({"http", "https", "ftp"})
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


_WRAPPERS = (Emphasis, Strong, Link, Quoted, Deleted, Inserted)


def figures(blocks: tuple[Block, ...]) -> list[Figure]:
    """Every figure in document order: nested ones, and those in notes where they are referenced."""
    out: list[Figure] = []
    _blocks(blocks, out)
    return out


def _blocks(blocks: tuple[Block, ...], out: list[Figure]) -> None:
    for b in blocks:
        if isinstance(b, (Paragraph, Heading)):
            _inlines(b.children, out)
        elif isinstance(b, Figure):
            out.append(b)
            _inlines(b.caption, out)
        elif isinstance(b, ListBlock):
            for item in b.items:
                _inlines(item.children, out)
                _blocks(item.blocks, out)
        elif isinstance(b, (BlockQuote, Correction)):
            _blocks(b.children, out)
        elif isinstance(b, Table):
            _inlines(b.caption, out)
            for row in (*b.head, *b.body):
                for cell in row.cells:
                    _inlines(cell.children, out)


def _inlines(nodes: tuple[Inline, ...], out: list[Figure]) -> None:
    for n in nodes:
        if isinstance(n, Note):
            _blocks(n.children, out)
        elif isinstance(n, _WRAPPERS):
            _inlines(n.children, out)


def is_remote(source: str) -> bool:
    """A web (or FTP) address a consumer can fetch."""
    return scheme(source) in REMOTE


def _file_name(source: str, picture: Picture | None, n: int) -> str:
    ext = EXTENSIONS.get(picture.media_type, "") if picture else ""
    if scheme(source) is None or scheme(source) == "file":
        raw = PurePosixPath(source.replace("\\", "/").split("?")[0].split("#")[0]).name
        name = _UNSAFE.sub("-", raw).strip("-.")
        if name:
            return name if "." in name or not ext else name + ext
    return f"picture-{n}{ext}"


def picture_names(blocks: tuple[Block, ...], found: list[Figure] | None = None) -> dict[str, str]:
    """Figure source -> the name the output refers to it by (unique per article).

    Web addresses stay as they are; other sources (paths, ``data:`` URIs) get a file name.
    Figures without a picture and without a web address are not named (nothing to show).
    """
    names: dict[str, str] = {}
    used: set[str] = set()
    n = 0
    for fig in figures(blocks) if found is None else found:
        if fig.source in names:
            continue
        if is_remote(fig.source):
            names[fig.source] = fig.source
            continue
        if fig.picture is None:
            continue
        n += 1
        name = _file_name(fig.source, fig.picture, n)
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        k = 1
        while name in used:
            k += 1
            name = f"{stem}-{k}.{ext}" if dot else f"{stem}-{k}"
        used.add(name)
        names[fig.source] = name
    return names


def data_uri(picture: Picture) -> str:
    """The picture as a ``data:`` URI (a standalone page carries its pictures)."""
    return f"data:{picture.media_type};base64,{base64.b64encode(picture.data).decode('ascii')}"


def display_size(fig: Figure) -> tuple[int, int] | None:
    """Width and height to show, in CSS pixels: as the article asks, else the picture's own.

    One asked dimension gives the other by the picture's aspect ratio.
    """
    pic = fig.picture
    w, h = fig.width, fig.height
    if w and h:
        return w, h
    if pic is None or pic.width <= 0 or pic.height <= 0:
        return None
    if w:
        return w, max(1, round(w * pic.height / pic.width))
    if h:
        return max(1, round(h * pic.width / pic.height)), h
    return pic.width, pic.height


def picture_uri(article_id: str, n: int) -> str:
    """The identifier of an article's ``n``-th local picture: the article's, with a fragment."""
    return f"{article_id.split('#')[0]}#picture-{n}"


def named_figures(blocks: tuple[Block, ...]) -> list[tuple[str, Figure]]:
    """(reference name, first figure) of each picture the article shows, in document order."""
    found = figures(blocks)
    if not found:
        return []
    names = picture_names(blocks, found)
    out: dict[str, Figure] = {}
    for fig in found:
        name = names.get(fig.source)
        if name is not None and name not in out:
            out[name] = fig
    return list(out.items())
