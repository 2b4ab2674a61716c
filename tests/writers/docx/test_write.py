"""write(): a pure function of (Document, options): same inputs, same bytes; the package is complete."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
from lxml import etree
from msgspec.structs import replace

from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import docx as writer
from tests.canonical import zip_member
from tests.sample_docs import kitchen_sink, minimal
from tests.writers.docx.common import OPTIONS, xml


def test_deterministic_bytes_and_zip_times() -> None:
    a = writer.write(kitchen_sink(), OPTIONS)
    b = writer.write(kitchen_sink(), OPTIONS)
    assert a == b
    zf = zipfile.ZipFile(io.BytesIO(a))
    assert {i.date_time for i in zf.infolist()} == {(2025, 6, 12, 8, 30, 4)}
    names = zf.namelist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    later = writer.write(kitchen_sink(), replace(OPTIONS, timestamp=datetime(
        2030, 1, 1, tzinfo=UTC)))
    assert later != a
    assert zipfile.ZipFile(io.BytesIO(later)).infolist()[0].date_time == (2030, 1, 1, 0, 0, 0)


def test_minimal_article_with_the_default_style() -> None:
    data = writer.write(minimal(), WriteOptions(style=load_style("default")))
    d = docx.Document(io.BytesIO(data))
    assert [p.text for p in d.paragraphs] == ["Magnitude 5.8 earthquake shakes Muzaffarabad"]
    custom = {p.get("name") for p in xml(data, "docProps/custom.xml")}
    assert custom == {"Provider"}


def test_every_part_has_a_content_type_and_every_relationship_a_part(sink: bytes) -> None:
    zf = zipfile.ZipFile(io.BytesIO(sink))
    names = set(zf.namelist())
    types = xml(sink, "[Content_Types].xml")
    defaults = {el.get("Extension") for el in types if etree.QName(el).localname == "Default"}
    overrides = {el.get("PartName").lstrip("/") for el in types
                 if etree.QName(el).localname == "Override"}
    assert overrides <= names
    for name in names:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    for rel in xml(sink, "word/_rels/document.xml.rels"):
        if rel.get("TargetMode") != "External":
            assert "word/" + rel.get("Target") in names


def test_hyperlink_relationships_follow_the_templates(sink: bytes) -> None:
    """The template's relationships first, then the article's in order of first use."""
    rels = xml(sink, "word/_rels/document.xml.rels")
    ids = [r.get("Id") for r in rels]
    assert ids == [f"rId{i}" for i in range(1, len(ids) + 1)]
    kinds = [(r.get("Type").rsplit("/", 1)[1], r.get("TargetMode")) for r in rels]
    assert kinds[-5:] == [("hyperlink", "External"), ("hyperlink", "External"),
                          ("hyperlink", "External"), ("image", None), ("footnotes", None)]
    assert zip_member(sink, "word/_rels/document.xml.rels").startswith(
        b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n")
