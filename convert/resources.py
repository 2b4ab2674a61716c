"""Pictures for an article's figures: checked bytes from the input, local files or (when asked) the web.

Readers keep a figure's ``source`` and, when the input embeds the picture (a DOCX's media, a
``data:`` URI), its bytes checked by :func:`check_picture`. :func:`load_pictures` is the pipeline
step that loads the rest: a pure function of the document, the article's folder, the
``--resource-path`` folders and the fetch flag. Local paths resolve against the article's folder,
then each resource folder, and must stay inside one of them (an article cannot pull in a
picture from elsewhere on the machine); ``http(s)`` URIs are fetched only with ``--fetch-remote``,
with a timeout, a size limit and no redirect to another scheme. Every picture is opened by Pillow
(JPEG, PNG, GIF, WebP only), verified, and refused when its pixel count or byte size is over the
limits (decompression bombs). A picture that cannot be loaded is a warning naming its source;
its figure keeps its caption.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import re
import struct
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from msgspec import Struct
from msgspec.structs import replace

from .model import (
    Block,
    BlockQuote,
    Correction,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Picture,
    Table,
    TableCell,
    TableRow,
    iter_blocks,
    iter_notes,
)
from .textutil import lazy_pattern

#: Pillow format name -> media type; nothing else is accepted (MPO: a camera's JPEG).
FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "GIF": "image/gif",
           "WEBP": "image/webp"}

#: The Pillow plugins asked to open a picture (MPO pictures come through the JPEG plugin).
_OPENERS = ("JPEG", "PNG", "GIF", "WEBP")


class PictureLimits(Struct, frozen=True):
    """How big a picture may be, and how long a fetch may take."""

    #: Bytes of one picture file.
    max_bytes: int = 20 * 1024 * 1024
    #: Width x height (Pillow's own bomb limit is about 89 million; a news picture needs far fewer).
    max_pixels: int = 40_000_000
    #: Seconds for connecting and for each read of a remote picture.
    timeout: float = 10.0
    #: Redirects followed for a remote picture (each must stay http or https).
    max_redirects: int = 5


class PictureError(ValueError):
    """A picture that cannot be used; the message says why (without the source)."""


def check_picture(data: bytes, limits: PictureLimits = PictureLimits()) -> Picture:
    """The picture in ``data``, opened and verified by Pillow; PictureError says what is wrong."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > limits.max_bytes:
        raise PictureError(f"too large ({len(data):,} bytes; the limit is {limits.max_bytes:,})")
    if not data:
        raise PictureError("empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=_OPENERS) as im:
                fmt, (width, height) = im.format or "", im.size
                if width * height > limits.max_pixels:
                    raise PictureError(f"too many pixels ({width}x{height}; the limit is "
                                       f"{limits.max_pixels:,})")
                im.verify()
    except PictureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError("too many pixels (a decompression bomb?)") from None
    except UnidentifiedImageError:
        if _looks_like_picture(data):
            raise PictureError("damaged picture (its header does not read)") from None
        raise PictureError("not a JPEG, PNG, GIF or WebP picture") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error) as exc:
        raise PictureError(f"damaged picture ({type(exc).__name__}: {str(exc)[:80]})") from None
    if fmt not in FORMATS or width <= 0 or height <= 0:
        raise PictureError("not a JPEG, PNG, GIF or WebP picture")
    return Picture(FORMATS[fmt], bytes(data), width, height)


def _looks_like_picture(data: bytes) -> bool:
    """Whether data starts like one of the four formats (so a failure to open means damage)."""
    return data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP")


_DATA_URI = lazy_pattern(r"^data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[^;,]*)*)(;base64)?,(.*)$",
                         re.IGNORECASE | re.DOTALL)


def is_data_uri(source: str) -> bool:
    """Whether a source is a ``data:`` URI (the picture is in the article itself)."""
    return source[:5].lower() == "data:"


def picture_from_data_uri(uri: str, limits: PictureLimits = PictureLimits()) -> Picture:
    """The picture a ``data:`` URI holds (base64 or percent-encoded), checked."""
    m = _DATA_URI().match(uri.strip())
    if m is None:
        raise PictureError("not a valid data: URI")
    payload = m.group(4)
    if len(payload) > limits.max_bytes * 4 // 3 + 4:
        raise PictureError(f"too large (the limit is {limits.max_bytes:,} bytes)")
    try:
        data = (base64.b64decode("".join(payload.split()), validate=True) if m.group(3)
                else unquote(payload).encode("latin-1"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise PictureError("a data: URI that does not decode") from None
    return check_picture(data, limits)


def short_source(source: str) -> str:
    """A source as messages name it (a data: URI by its start only)."""
    return source[:40] + "..." if is_data_uri(source) and len(source) > 40 else source


# --------------------------------------------------------------------------- the pipeline step

#: Fetches a URL's bytes (at most ``limit + 1``) or raises OSError/ValueError; tests pass their own.
Fetcher = Callable[[str, PictureLimits], bytes]


class PictureSources(Struct, frozen=True):
    """Where :func:`load_pictures` may look: the article's folder, resource folders, the web."""

    #: The folder of the article's file (None: standard input).
    folder: str | None = None
    #: ``--resource-path`` folders, tried in order after the article's folder.
    resource_path: tuple[str, ...] = ()
    #: Fetch ``http(s)`` pictures (``--fetch-remote``); off by default.
    fetch_remote: bool = False
    limits: PictureLimits = PictureLimits()


def load_pictures(doc: Document, sources: PictureSources, fetch: Fetcher | None = None,
                  ) -> tuple[Document, list[str]]:
    """``doc`` with every figure's picture loaded that can be, and one warning per one that cannot.

    Figures that already hold their picture, and figures without a source (a caption alone),
    are left as they are. Each source is loaded once per document.
    """
    in_notes = [b for n in iter_notes(doc.body) for b in iter_blocks(n.children) if isinstance(b, Figure)]
    figures = [b for b in iter_blocks(doc.body) if isinstance(b, Figure)] + in_notes
    wanted = [f for f in figures if f.picture is None and f.source]
    if not wanted:
        return doc, []
    found: dict[str, Picture | None] = {}
    messages: list[str] = []
    roots = [os.path.realpath(r) for r in (sources.folder, *sources.resource_path) if r is not None]
    for figure in wanted:
        if figure.source in found:
            continue
        try:
            found[figure.source] = _load(figure.source, sources, roots, fetch or fetch_url)
        except PictureError as exc:
            found[figure.source] = None
            messages.append(f"picture {short_source(figure.source)}: {exc}; its caption is kept")

    def fill(block: Block) -> Block:
        if isinstance(block, Figure) and block.picture is None and found.get(block.source):
            return replace(block, picture=found[block.source])
        return block

    return replace(doc, body=map_blocks(doc.body, fill, notes=bool(in_notes))), messages


def _load(source: str, sources: PictureSources, roots: list[str], fetch: Fetcher) -> Picture:
    if is_data_uri(source):
        return picture_from_data_uri(source, sources.limits)
    parts = urlsplit(source)
    scheme = parts.scheme.lower() if len(parts.scheme) > 1 else ""  # "C:" is a drive, not a scheme
    if scheme in ("http", "https"):
        if not sources.fetch_remote:
            raise PictureError("not fetched (a remote picture: use --fetch-remote to fetch it)")
        try:
            data = fetch(source, sources.limits)
        except (OSError, ValueError) as exc:
            raise PictureError(f"could not be fetched ({_reason(exc)})") from None
        return check_picture(data, sources.limits)
    if scheme == "file":
        paths = [unquote(parts.path)]
    elif scheme:
        raise PictureError(f"not loaded ({scheme}: is not a picture source; use a file or http(s))")
    else:  # as written, then as a URL path (Markdown escapes spaces: "my%20pic.png")
        paths = list(dict.fromkeys([source, unquote(parts.path)]))
    return check_picture(_read_local(paths, roots, sources), sources.limits)


def _read_local(paths: list[str], roots: list[str], sources: PictureSources) -> bytes:
    """A local picture's bytes: under the article's folder or a resource folder, nowhere else.

    ``roots`` are those folders, resolved (symbolic links followed) once per document.
    """
    if not roots:
        raise PictureError("not found (read from standard input: give --resource-path to find "
                           "pictures)")
    for root_real, path in ((root, path) for root in roots for path in paths if path):
        candidate = os.path.realpath(os.path.join(root_real, path))
        if os.path.commonpath([root_real, candidate]) != root_real or not os.path.isfile(candidate):
            continue
        try:
            with open(candidate, "rb") as fh:
                data = fh.read(sources.limits.max_bytes + 1)
        except OSError as exc:
            raise PictureError(f"cannot be read ({exc.strerror})") from None
        return data
    where = "the article's folder" if sources.folder is not None else ""
    if sources.resource_path:
        n = len(sources.resource_path)
        where += (" or " if where else "") + f"{n} --resource-path folder{'s' if n > 1 else ''}"
    raise PictureError(f"not found in {where}")


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
    return str(reason)[:120]


def fetch_url(url: str, limits: PictureLimits) -> bytes:
    """GET ``url`` with a timeout and a size limit, following only http(s) redirects."""
    import urllib.request

    handler = _redirect_handler()
    handler.max_redirections = limits.max_redirects
    opener = urllib.request.build_opener(handler)
    request = urllib.request.Request(url, headers={"User-Agent": "newsconvert", "Accept": "image/*"})
    with opener.open(request, timeout=limits.timeout) as response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limits.max_bytes:
            raise ValueError(f"too large ({int(length):,} bytes)")
        return bytes(response.read(limits.max_bytes + 1))


def _redirect_handler() -> Any:
    """A redirect handler that refuses any target but http and https (never ``file:``)."""
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                             newurl: str) -> Any:
            scheme = urlsplit(newurl).scheme.lower()
            if scheme not in ("http", "https"):
                raise ValueError(f"redirected to a {scheme or 'schemeless'} URL, refused")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return HttpOnlyRedirects()


# --------------------------------------------------------------------------- rebuilding


def map_blocks(blocks: tuple[Block, ...], fn: Callable[[Block], Block], notes: bool = True
               ) -> tuple[Block, ...]:
    """``blocks`` with ``fn`` applied to every block, nested ones first.

    With ``notes``, the blocks of notes too (which means rebuilding the inlines that hold them).
    """
    return tuple(fn(_map_inside(b, fn, notes)) for b in blocks)


def _map_inside(block: Block, fn: Callable[[Block], Block], notes: bool) -> Block:
    if isinstance(block, (BlockQuote, Correction)):
        return replace(block, children=map_blocks(block.children, fn, notes))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(
            ListItem(_map_inlines(i.children, fn) if notes else i.children, map_blocks(i.blocks, fn, notes),
                     i.checked) for i in block.items))
    if not notes:
        return block
    if isinstance(block, (Paragraph, Heading)):
        return replace(block, children=_map_inlines(block.children, fn))
    if isinstance(block, Table):
        def rows(group: tuple[TableRow, ...]) -> tuple[TableRow, ...]:
            return tuple(TableRow(tuple(TableCell(_map_inlines(c.children, fn), c.colspan, c.rowspan)
                                        for c in r.cells)) for r in group)
        return replace(block, head=rows(block.head), body=rows(block.body),
                       caption=_map_inlines(block.caption, fn))
    if isinstance(block, Figure):
        return replace(block, caption=_map_inlines(block.caption, fn))
    return block


def _map_inlines(inlines: tuple[Inline, ...], fn: Callable[[Block], Block]) -> tuple[Inline, ...]:
    """Inlines with the blocks of their notes mapped (the rest is shared, not copied)."""
    if not any(isinstance(n, Note) or hasattr(n, "children") for n in inlines):
        return inlines
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Note):
            out.append(Note(map_blocks(node.children, fn), node.label))
        elif hasattr(node, "children"):
            out.append(replace(node, children=_map_inlines(node.children, fn)))  # type: ignore[arg-type]
        else:
            out.append(node)
    return tuple(out)
