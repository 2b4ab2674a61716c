"""Pictures: checked by Pillow, loaded beside the article or from --resource-path, fetched only if asked."""

from __future__ import annotations

import base64
import http.server
import io
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from convert.model import (
    BlockQuote,
    Document,
    Figure,
    ListBlock,
    ListItem,
    Meta,
    Note,
    Paragraph,
    Text,
    iter_blocks,
    iter_notes,
)
from convert.resources import (
    PictureError,
    PictureLimits,
    PictureSources,
    check_picture,
    fetch_url,
    load_pictures,
    picture_from_data_uri,
)


def picture_bytes(fmt: str, size: tuple[int, int] = (8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize(("fmt", "media_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"),
                                                 ("GIF", "image/gif"), ("WEBP", "image/webp")])
def test_the_four_formats_are_checked_and_sized(fmt: str, media_type: str) -> None:
    pic = check_picture(picture_bytes(fmt, (9, 7)))
    assert (pic.media_type, pic.width, pic.height) == (media_type, 9, 7)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"GIF89a not really", "damaged"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a JPEG, PNG, GIF or WebP"),
    (picture_bytes("BMP"), "not a JPEG, PNG, GIF or WebP"),
    (picture_bytes("PNG")[:40], "damaged"),
])
def test_bad_pictures_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(PictureError, match=reason):
        check_picture(data)


def test_size_and_pixel_limits_stop_bombs_before_decoding() -> None:
    with pytest.raises(PictureError, match="too large"):
        check_picture(picture_bytes("PNG"), PictureLimits(max_bytes=10))
    # a PNG that claims 30000 x 30000 pixels in a few bytes: refused from its header alone
    bomb = png_claiming(30000, 30000)
    assert len(bomb) < 100
    with pytest.raises(PictureError, match="too many pixels"):
        check_picture(bomb)
    with pytest.raises(PictureError, match="too many pixels"):
        check_picture(picture_bytes("PNG", (100, 100)), PictureLimits(max_pixels=9999))


def test_data_uris_hold_their_picture() -> None:
    png = picture_bytes("PNG")
    assert picture_from_data_uri("data:image/png;base64," + base64.b64encode(png).decode()).data == png
    with pytest.raises(PictureError, match="does not decode"):
        picture_from_data_uri("data:image/png;base64,@@@")


def _doc(*sources: str) -> Document:
    figures = [Figure(s, caption=(Text(f"caption {i}"),)) for i, s in enumerate(sources)]
    nested = ListBlock(False, (ListItem((Text("item"),), (figures[-1],)),)) if figures else None
    body = [*figures[:-1], *([nested] if nested else [])]
    return Document(Meta(headline="Pictures"), tuple(body))


def _figures(doc: Document) -> list[Figure]:
    blocks = list(iter_blocks(doc.body)) + [b for n in iter_notes(doc.body) for b in iter_blocks(n.children)]
    return [b for b in blocks if isinstance(b, Figure)]


def test_local_pictures_load_beside_the_article_then_from_resource_folders(tmp_path: Path) -> None:
    article, extra = tmp_path / "story", tmp_path / "library"
    (article / "pics").mkdir(parents=True)
    extra.mkdir()
    (article / "pics" / "a.png").write_bytes(picture_bytes("PNG"))
    (extra / "b.jpg").write_bytes(picture_bytes("JPEG"))
    (extra / "my pic.gif").write_bytes(picture_bytes("GIF"))
    doc, warnings = load_pictures(_doc("pics/a.png", "b.jpg", "my%20pic.gif", "missing.png"),
                                  PictureSources(str(article), (str(extra),)))
    pictures = [f.picture for f in _figures(doc)]
    assert [p.media_type if p else None for p in pictures] == ["image/png", "image/jpeg", "image/gif", None]
    assert warnings == ["picture missing.png: not found in the article's folder or 1 --resource-path "
                        "folder; its caption is kept"]
    assert _figures(doc)[-1].caption == (Text("caption 3"),)  # nested in a list item, still found


def test_pictures_outside_the_allowed_folders_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(picture_bytes("PNG"))
    article = tmp_path / "story"
    article.mkdir()
    doc, warnings = load_pictures(_doc("../secret.png", str(tmp_path / "secret.png"),
                                       "file://" + str(tmp_path / "secret.png")),
                                  PictureSources(str(article)))
    assert all(f.picture is None for f in _figures(doc)) and len(warnings) == 3
    assert all("not found" in w for w in warnings)


def test_stdin_articles_need_a_resource_path(tmp_path: Path) -> None:
    _, warnings = load_pictures(_doc("a.png"), PictureSources(None))
    assert "standard input" in warnings[0]


def test_a_picture_is_read_once_and_figures_in_notes_are_loaded(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(picture_bytes("PNG"))
    note = Note((Figure("a.png"),))
    doc = Document(Meta(headline="x"), (Paragraph((Text("see"), note)), Figure("a.png"),
                                        BlockQuote((Figure("a.png"),))))
    calls: list[str] = []

    def fetch(url: str, limits: PictureLimits) -> bytes:
        calls.append(url)
        return b""

    loaded, warnings = load_pictures(doc, PictureSources(str(tmp_path)), fetch)
    assert not warnings and not calls
    figures = _figures(loaded)
    assert len(figures) == 3 and all(f.picture is not None for f in figures)
    assert figures[0].picture is figures[1].picture  # one load per source


def test_remote_pictures_are_fetched_only_when_asked() -> None:
    png = picture_bytes("PNG")
    calls: list[str] = []

    def fetch(url: str, limits: PictureLimits) -> bytes:
        calls.append(url)
        return png

    doc = _doc("https://example.org/a.png")
    off, warnings = load_pictures(doc, PictureSources("/nonexistent"), fetch)
    assert calls == [] and "use --fetch-remote" in warnings[0] and _figures(off)[0].picture is None
    on, warnings = load_pictures(doc, PictureSources("/nonexistent", fetch_remote=True), fetch)
    assert calls == ["https://example.org/a.png"] and not warnings
    assert _figures(on)[0].picture.data == png
    _, warnings = load_pictures(_doc("ftp://example.org/a.png", "javascript:alert(1)"),
                                      PictureSources("/nonexistent", fetch_remote=True), fetch)
    assert len(calls) == 1 and len(warnings) == 2


def test_documents_without_pictures_are_returned_as_they_are() -> None:
    doc = Document(Meta(headline="x"), (Paragraph((Text("y"),)),))
    assert load_pictures(doc, PictureSources(None)) == (doc, [])


# --------------------------------------------------------------------------- a real (local) server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """An HTTP server on localhost: /a.png, /big.png, /to-file (a redirect to file:), /slow."""
    png = picture_bytes("PNG")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/a.png":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(png)
            elif self.path == "/big.png":
                self.send_response(200)
                self.send_header("Content-Length", str(10**9))
                self.end_headers()
            elif self.path == "/to-file":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            elif self.path == "/to-png":
                self.send_response(302)
                self.send_header("Location", "/a.png")
                self.end_headers()
            else:
                self.send_response(404)
                self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetching_follows_http_redirects_only_and_keeps_to_the_limits(server: str) -> None:
    limits = PictureLimits(timeout=5)
    assert check_picture(fetch_url(server + "/a.png", limits)).media_type == "image/png"
    assert check_picture(fetch_url(server + "/to-png", limits)).media_type == "image/png"
    with pytest.raises((OSError, ValueError), match=r"file|refused"):
        fetch_url(server + "/to-file", limits)
    with pytest.raises(ValueError, match="too large"):
        fetch_url(server + "/big.png", limits)
    _, warnings = load_pictures(_doc(server + "/nothing.png"),
                                PictureSources(None, fetch_remote=True, limits=limits))
    assert "could not be fetched" in warnings[0] and "Not Found" in warnings[0]


# --------------------------------------------------------------------------- through the pipeline


def test_the_pipeline_loads_an_articles_pictures_and_warns_for_missing_ones(tmp_path: Path) -> None:
    from convert.pipeline import convert_one, load_input, make_job

    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(picture_bytes("PNG"))
    article = tmp_path / "story.md"
    article.write_text("# Pictures\n\n![A](pics/a.png)\n\n![B](pics/missing.jpg \"Kept caption\")\n",
                       encoding="utf-8")
    result = convert_one(load_input(str(article)), make_job())
    first, second = _figures(result.document)
    assert first.picture is not None and second.picture is None
    assert plain_text_of(second) == "Kept caption"
    assert result.warnings == ["picture pics/missing.jpg: not found in the article's folder; "
                               "its caption is kept"]


def plain_text_of(figure: Figure) -> str:
    from convert.model import plain_text

    return plain_text(figure.caption)


def test_resource_path_and_fetch_remote_reach_the_read_options(tmp_path: Path) -> None:
    from convert.cli.options import resolve_settings

    settings = resolve_settings(metadata=(), config=None, encoding=None, language=None, provider=None,
                                junk=(), resource_path=(str(tmp_path),), fetch_remote=True)
    assert settings.read.resource_path == (str(tmp_path),) and settings.read.fetch_remote
    default = resolve_settings(metadata=(), config=None, encoding=None, language=None, provider=None,
                               junk=())
    assert default.read.resource_path == () and not default.read.fetch_remote


def test_the_command_line_takes_resource_folders(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from convert.cli import main

    library = tmp_path / "library"
    library.mkdir()
    (library / "a.png").write_bytes(picture_bytes("PNG"))
    article = tmp_path / "story.md"
    article.write_text("# Pictures\n\n![A](a.png)\n\nText.\n", encoding="utf-8")
    out = tmp_path / "story.json"
    missing = CliRunner().invoke(main, ["convert", str(article), "-o", str(out), "-t", "ninjs"])
    assert missing.exit_code == 0 and "picture a.png: not found" in missing.output
    found = CliRunner().invoke(main, ["convert", str(article), "-o", str(out), "-t", "ninjs",
                                      "--resource-path", str(library)])
    assert found.exit_code == 0 and "not found" not in found.output


def test_a_bad_picture_inside_a_web_page_is_named_by_the_pipeline() -> None:
    from convert.pipeline import Source, convert_one, make_job

    page = (b'<h1>Bridge</h1><p>The council voted.</p><figure><img src="data:image/png;base64,AAAA"'
            b' alt="x"><figcaption>The bridge</figcaption></figure>')
    result = convert_one(Source(page, "a.html", "html"), make_job())
    assert result.warnings == ["picture data:image/png;base64,AAAA: not a JPEG, PNG, GIF or WebP "
                               "picture; its caption is kept"]
    assert plain_text_of(_figures(result.document)[0]) == "The bridge"
