"""Hostile and broken inputs: XXE, entity bombs, no network, zip bombs, DTDs in DOCX, mutated bytes."""

from __future__ import annotations

import io
import socket
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.cli import main
from convert.errors import InputError
from convert.options import ReadOptions, WriteOptions
from convert.readers import docx as docx_reader
from convert.readers import newsml, nitf, safezip
from convert.readers.safexml import parse
from convert.registry import reader_for_input
from convert.styles import load_style
from tests.conftest import GOLDEN
from tests.sample_docs import kitchen_sink
from tests.support import ROOT

NAR = "http://iptc.org/std/nar/2006-10-01/"
SECRET = ROOT / "tests" / "fixtures" / "inputs" / "article.md"  # any local file: must never leak


def _item(doctype: str, headline: str) -> bytes:
    return (f'<?xml version="1.0"?>{doctype}<newsItem xmlns="{NAR}" guid="g" standard="NewsML-G2" '
            f'standardversion="2.35"><contentMeta><headline>{headline}</headline></contentMeta>'
            "</newsItem>").encode()


XXE = _item(f'<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file://{SECRET}">]>', "&xxe;")
_LEVELS = zip("abcdefgh", "bcdefghi", strict=True)
LAUGHS = _item("<!DOCTYPE newsItem [<!ENTITY a \"aaaaaaaaaa\">"
               + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in _LEVELS) + "]>", "&i;")
PARAMETER = _item('<!DOCTYPE newsItem [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>', "x")
EXTERNAL_DTD = _item('<!DOCTYPE newsItem SYSTEM "http://127.0.0.1:9/newsml.dtd">', "Caf&eacute; opens")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("data", [XXE, LAUGHS, PARAMETER], ids=["xxe", "billion-laughs", "parameter"])
def test_entity_declarations_are_refused_without_expansion(data: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"declares entities|entity bomb|failed to load") as info:
        newsml.read(data, ReadOptions(origin="evil.xml"))
    assert time.perf_counter() - start < 1.0
    assert SECRET.read_text(encoding="utf-8")[:20] not in str(info.value)
    assert str(info.value).startswith("evil.xml: ") and "\n" not in str(info.value)


@pytest.mark.usefixtures("no_network")
def test_an_external_dtd_is_never_fetched_and_html_characters_are_spelt_out() -> None:
    doc = newsml.read(EXTERNAL_DTD, ReadOptions(origin="dtd.xml"))
    assert doc.meta.headline == "Café opens"
    with pytest.raises(InputError, match="undefined entity &nosuch;"):
        parse(_item('<!DOCTYPE newsItem SYSTEM "n.dtd">', "&nosuch;"), "x.xml")
    with pytest.raises(InputError, match="'nosuch' not defined"):
        parse(_item("", "&nosuch;"), "x.xml")


def test_nitf_with_an_entity_bomb_is_refused() -> None:
    bomb = LAUGHS.replace(b"newsItem", b"nitf").replace(NAR.encode(), b"")
    with pytest.raises(InputError, match=r"declares entities|entity bomb"):
        nitf.read(bomb, ReadOptions(origin="bomb.nitf"))


@pytest.mark.parametrize("data", [b"<newsItem", b"<?xml version='1.0'?><newsItem><a></b></newsItem>",
                                  b"\xff\xfe<\x00x", b""])
def test_malformed_xml_is_exit_3_in_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    res = CliRunner().invoke(main, ["convert", str(path), "--from", "newsml", "-o", str(tmp_path / "o.docx")])
    assert res.exit_code == 3, res.output
    assert res.output.count("\n") == 1 and "Traceback" not in res.output and "bad.xml" in res.output


# --------------------------------------------------------------------------- zips


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _our_docx() -> bytes:
    from convert.writers import docx

    return docx.write(kitchen_sink(), WriteOptions(style=load_style("default"),
                                                   timestamp=datetime(2025, 1, 1, tzinfo=UTC)))


def test_a_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (8 << 20)})
    assert len(bomb) < 50_000
    with pytest.raises(InputError, match=r"inflates .* times .*zip bomb"):
        docx_reader.read(bomb, ReadOptions(origin="bomb.docx"))


def test_a_zip_bomb_is_refused_by_its_total_size() -> None:
    parts = {f"word/media/part{i}.bin": b"\0" * 900_000 for i in range(4)}  # each under the floor
    bomb = _zip({"word/document.xml": b"<w/>", **parts})
    with pytest.raises(InputError, match="inflates to more than"):
        docx_reader.read(bomb, ReadOptions(origin="bomb.docx", max_bytes=100_000))


def test_too_many_members_and_encrypted_members_are_refused() -> None:
    many = _zip({f"m{i}": b"" for i in range(safezip.MAX_MEMBERS + 1)}, zipfile.ZIP_STORED)
    with pytest.raises(InputError, match="members"):
        docx_reader.read(many, ReadOptions(origin="many.docx"))
    data = bytearray(_zip({"word/document.xml": b"<w/>"}))
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1  # the general-purpose flag's "encrypted" bit
    with pytest.raises(InputError, match="encrypted"):
        docx_reader.read(bytes(data), ReadOptions(origin="locked.docx"))


def test_a_dtd_inside_a_docx_part_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(_our_docx()))
    members = {i.filename: source.read(i.filename) for i in source.infolist()}
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
    with pytest.raises(InputError, match="declares a DTD"):
        docx_reader.read(_zip(members), ReadOptions(origin="dtd.docx"))


# --------------------------------------------------------------------------- mutated inputs

_SEEDS = {
    "newsml": (GOLDEN / "newsml" / "kitchen_sink.xhtml.xml").read_bytes(),
    "newsml-nitf": (GOLDEN / "newsml" / "kitchen_sink.nitf.xml").read_bytes(),
}


@st.composite
def _mutated(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "delete", "insert"]))
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        if kind == "flip":
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del out[at:]
        elif kind == "delete":
            del out[at:at + draw(st.integers(1, 64))]
        else:
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(out)


def _total(read, data: bytes) -> None:
    """A reader either gives articles or raises InputError: nothing else, ever."""
    try:
        result = read(data, ReadOptions(origin="mutated"))
    except InputError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert result


_SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_SETTINGS
@given(st.data())
def test_mutated_newsml_never_crashes(data: st.DataObject) -> None:
    seed = _SEEDS[data.draw(st.sampled_from(sorted(_SEEDS)))]
    _total(newsml.read_many, data.draw(_mutated(seed)))


@_SETTINGS
@given(st.data())
def test_mutated_nitf_never_crashes(data: st.DataObject) -> None:
    from tests.readers.test_nitf_reader import NITF

    _total(nitf.read, data.draw(_mutated(NITF.encode())))


_DOCX = {"ours": _our_docx(),
         "pandoc": (ROOT / "tests" / "fixtures" / "inputs" / "pandoc.docx").read_bytes()}


@_SETTINGS
@given(st.data())
def test_mutated_docx_never_crashes(data: st.DataObject) -> None:
    seed = _DOCX[data.draw(st.sampled_from(sorted(_DOCX)))]
    _total(docx_reader.read, data.draw(_mutated(seed)))


@_SETTINGS
@given(st.data())
def test_mutated_document_xml_inside_a_docx_never_crashes(data: st.DataObject) -> None:
    """Mutations past the zip layer: the XML of the body itself is broken."""
    source = zipfile.ZipFile(io.BytesIO(_DOCX["ours"]))
    members = {i.filename: source.read(i.filename) for i in source.infolist()}
    members["word/document.xml"] = data.draw(_mutated(members["word/document.xml"]))
    _total(docx_reader.read, _zip(members))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.xml", "a.docx", "-", "a"]))
def test_sniffing_any_bytes_names_a_reader_or_an_unsupported_format(data: bytes, name: str) -> None:
    try:
        spec = reader_for_input(name, data)
    except InputError as exc:
        assert exc.message.startswith("unsupported input format: ")
        return
    assert spec.name
