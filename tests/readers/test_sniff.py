"""Input format by content, then extension, then --from: sniffing, the registry, load_input, CLI, batch."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert.cli import main
from convert.errors import InputError, UnsupportedFormatError
from convert.model import Document, Meta, Paragraph, Text
from convert.options import ReadOptions, WriteOptions
from convert.pipeline import load_input, read_source
from convert.readers.sniff import sniff
from convert.registry import reader_for_input
from convert.styles import load_style
from tests.support import SEED

NAR = "http://iptc.org/std/nar/2006-10-01/"
ITEM = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<newsItem xmlns="{NAR}" '
        'guid="urn:x:1" standard="NewsML-G2" standardversion="2.35"><itemMeta><itemClass '
        'qcode="ninat:text"/><provider literal="x"/><versionCreated>2025-01-01T00:00:00Z'
        '</versionCreated></itemMeta><contentMeta><headline>Sniffed headline</headline>'
        '</contentMeta></newsItem>').encode()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _our_docx() -> bytes:
    from convert.writers import docx

    doc = Document(Meta(headline="A Word headline"), (Paragraph((Text("Body."),)),))
    return docx.write(doc, WriteOptions(style=load_style("default"),
                                        timestamp=datetime(2025, 1, 1, tzinfo=UTC)))


EPUB = _zip({"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<container/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize("data, name, reader", [
    (b"%PDF-1.7\n...", "PDF", None),
    (EPUB, "EPUB", None),
    (ODT, "ODT", None),
    (_zip({"a.txt": b"hi"}), "zip archive", None),
    (_zip({"xl/workbook.xml": b"<w/>"}), "XLSX", None),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG", None),
    (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG", None),
    (b"GIF89a\x01\0", "GIF", None),
    (b"RIFF\0\0\0\0WEBPVP8 ", "WebP", None),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "DOC", None),
    (b"{\\rtf1\\ansi hello}", "RTF", None),
    (b"\x1f\x8b\x08\0", "gzip", None),
    (ITEM, "NewsML-G2 newsItem", "newsml"),
    (f'<newsMessage xmlns="{NAR}"><header/></newsMessage>'.encode(), "NewsML-G2 newsMessage", "newsml"),
    (f'<g2:packageItem xmlns:g2="{NAR}"/>'.encode(), "NewsML-G2 packageItem", "newsml"),
    (f'<conceptItem xmlns="{NAR}"/>'.encode(), "NewsML-G2 conceptItem", None),
    (b'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "nitf.dtd"><nitf><body/></nitf>', "NITF", "nitf"),
    (b'<rss version="2.0"><channel/></rss>', "RSS", None),
    (b'<?xml version="1.0"?><catalogue><x/></catalogue>', "XML", None),
    (b"<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", "HTML", "html"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "HTML", "html"),
    ("<?xml version='1.0' encoding='UTF-16'?><nitf><body/></nitf>".encode("utf-16"), "NITF", "nitf"),
])
def test_content_decides(data: bytes, name: str, reader: str | None) -> None:
    found = sniff(data)
    assert (found.name, found.reader, found.sure) == (name, reader, True)
    if reader is None:
        assert found.why


def test_docx_by_its_members() -> None:
    found = sniff(_our_docx())
    assert (found.name, found.reader, found.sure) == ("DOCX", "docx", True)


@pytest.mark.parametrize("text, reader", [
    ("<h1>Headline</h1>\n<p>A CMS export.</p>", "html"),
    ("# Headline\n\nBody with a [link](https://example.org).", "markdown"),
    ("---\ntitle: X\n---\nBody with **strong** words.", "markdown"),
    ("Headline\n========\n\nBody.", "markdown"),
    ("Headline\n\nBy Jane Doe\n\nKARACHI - Body text.\n\n## A subheading\n\nMore.", "text"),
    ("<<< BREAKING >>> Headline\n\nBody.", "text"),
    ("A 5 < 6 comparison opens this text.\n\nBody.", "text"),
])
def test_text_like_content_is_a_suggestion(text: str, reader: str) -> None:
    found = sniff(text.encode())
    assert (found.reader, found.sure) == (reader, False)


def test_binary_text_goes_to_the_text_reader_which_says_why() -> None:
    assert sniff(bytes(range(256)) * 4).reader == "text"


# --------------------------------------------------------------------------- content, extension


def test_content_wins_over_the_extension_and_the_extension_over_a_suggestion() -> None:
    assert reader_for_input("story.txt", ITEM).name == "newsml"  # issue 16's example
    assert reader_for_input("story.txt", _our_docx()).name == "docx"
    assert reader_for_input("notes.md", b"Plain words.\n\nMore.").name == "markdown"
    assert reader_for_input("notes.txt", b"# Heading\n\n**bold**").name == "text"
    assert reader_for_input("frag.txt", b"<p>para</p>").name == "text"
    assert reader_for_input("<stdin>", b"<p>para</p><p>two</p>").name == "html"
    assert reader_for_input("noext", b"# Heading\n\nA [link](https://x.org)").name == "markdown"
    assert reader_for_input("noext", b"Headline\n\nBody.").name == "text"
    assert reader_for_input("a.xml", b"Not XML at all").name == "newsml"  # it says what is wrong


@pytest.mark.parametrize("data, name", [(EPUB, "EPUB"), (b"%PDF-1.4", "PDF"), (ODT, "ODT")])
def test_a_format_nothing_reads_is_named(data: bytes, name: str) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        reader_for_input("in/book.txt", data)
    assert str(info.value).startswith(f"in/book.txt: unsupported input format: {name} (")
    assert info.value.exit_code == 3


def test_a_plug_in_reader_may_claim_an_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    from convert import registry

    spec = registry.ReaderSpec("epubin", (".epub",), "fake_epub_reader", "fake")
    monkeypatch.setattr(registry, "readers", lambda: {**{s.name: s for s in registry.BUILTIN_READERS},
                                                      "epubin": spec})
    monkeypatch.setattr(registry, "reader_list", lambda: [*registry.BUILTIN_READERS, spec])
    assert reader_for_input("book.epub", EPUB) is spec


# --------------------------------------------------------------------------- load_input, CLI, batch


def test_load_input_sniffs_files_and_stdin_and_from_wins(tmp_path: Path) -> None:
    path = tmp_path / "item.txt"
    path.write_bytes(ITEM)
    source = load_input(path)
    assert source.format == "newsml"
    assert read_source(source, ReadOptions()).meta.headline == "Sniffed headline"
    assert load_input("-", stdin=io.BytesIO(ITEM)).format == "newsml"
    assert load_input(path, reader="text").format == "text"  # --from wins


def test_an_input_cut_at_the_size_limit_goes_by_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    path.write_bytes(_our_docx())
    source = load_input(path, max_bytes=100)
    assert source.format == "docx"  # not "a damaged zip": the reader says it is too large
    with pytest.raises(InputError, match="file is too large"):
        read_source(source, ReadOptions(max_bytes=100))


def test_cli_unsupported_input_is_exit_3_naming_file_and_format(tmp_path: Path) -> None:
    book = tmp_path / "book.epub"
    book.write_bytes(EPUB)
    res = CliRunner().invoke(main, ["convert", str(book), "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 3
    assert f"{book}: unsupported input format: EPUB (an e-book" in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(main, ["parse", "-"], input=b"%PDF-1.4 ...")
    assert res.exit_code == 3 and "<stdin>: unsupported input format: PDF (" in res.output


def test_cli_reads_a_newsml_item_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "item.txt"
    path.write_bytes(ITEM)
    res = CliRunner().invoke(main, ["parse", str(path), "--json"])
    assert res.exit_code == 0 and '"headline": "Sniffed headline"' in res.output


def test_batch_sniffs_each_file(tmp_path: Path) -> None:
    from convert.batching.api import batch

    assert SEED is not None
    (tmp_path / "in").mkdir()
    text = tmp_path / "in" / "a.txt"
    text.write_bytes(SEED.read_bytes())
    item = tmp_path / "in" / "b.txt"
    item.write_bytes(ITEM)
    word = tmp_path / "in" / "c.docx"
    word.write_bytes(_our_docx())
    book = tmp_path / "in" / "d.epub"
    book.write_bytes(EPUB)
    result = batch([text, item, word, book], tmp_path / "out", formats="newsml", jobs=1)
    by_name = {Path(r.input).name: r for r in result.articles}
    assert by_name["a.txt"].status == by_name["b.txt"].status == by_name["c.docx"].status == "converted"
    assert by_name["d.epub"].status == "failed"
    assert "unsupported input format: EPUB" in (by_name["d.epub"].error or "")
