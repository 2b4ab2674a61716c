"""Document properties (core, extended, custom): from the model only, nothing from the template."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx

from tests.canonical import zip_member
from tests.sample_docs import kitchen_sink
from tests.writers.docx.common import NS, text_of, xml


def test_core_properties_exact_and_utc(sink: bytes) -> None:
    core = xml(sink, "docProps/core.xml")

    def get(path: str) -> str | None:
        el = core.find(path, NS)
        return None if el is None else el.text

    meta = kitchen_sink().meta
    assert get("dc:title") == meta.headline
    assert get("dc:creator") == "Jane Doe; Ali Khan"
    assert get("dc:subject") == meta.subheadline
    assert get("dc:description") == meta.subheadline
    assert get("cp:keywords") == "flooding, River Indus, Sindh"
    assert get("dc:language") == "en-GB"
    assert get("dc:identifier") == meta.identifier
    assert get("cp:revision") == "1"
    assert get("cp:category") == "environment"
    # 09:42 at +05:00 is 04:42 UTC; modified is this version's timestamp
    assert get("dcterms:created") == "2025-06-11T04:42:00Z"
    assert get("dcterms:modified") == "2025-06-12T08:30:04Z"
    props = docx.Document(io.BytesIO(sink)).core_properties
    assert props.created == datetime(2025, 6, 11, 4, 42, tzinfo=UTC)
    assert props.author == "Jane Doe; Ali Khan"


def test_no_stale_template_metadata(sink: bytes) -> None:
    zf = zipfile.ZipFile(io.BytesIO(sink))
    for name in zf.namelist():
        blob = zf.read(name)
        for stale in (b"python-docx", b"2013-12-23", b"Macintosh", b"stylesWithEffects",
                      b"thumbnail"):
            assert stale not in blob, (name, stale)
    app = xml(sink, "docProps/app.xml")
    assert app.find("ep:Application", NS).text == "newsconvert"
    assert "docProps/thumbnail.jpeg" not in zf.namelist()
    assert b"proofState" not in zf.read("word/settings.xml")


def test_custom_properties(sink: bytes) -> None:
    custom = xml(sink, "docProps/custom.xml")
    got = {p.get("name"): text_of(p) for p in custom}
    assert got["Source"] == "Reuters"
    assert got["Copyright"].startswith("Copyright 2025")
    assert got["Urgency"] == "3"
    assert got["Provider"] == "example.org"
    ct = zip_member(sink, "[Content_Types].xml").decode()
    assert "/docProps/custom.xml" in ct
    assert "docProps/custom.xml" in zip_member(sink, "_rels/.rels").decode()


def test_an_undated_article_has_no_created_date() -> None:
    from convert.writers import docx as writer
    from tests.sample_docs import minimal
    from tests.writers.docx.common import OPTIONS

    core = xml(writer.write(minimal(), OPTIONS), "docProps/core.xml")
    assert core.find("dcterms:created", NS) is None  # not the timestamp, not the file's mtime
    assert core.findtext("dcterms:modified", namespaces=NS) == "2025-06-12T08:30:04Z"
    dated = minimal().with_meta(date=datetime(2024, 3, 1, 6, 0, tzinfo=UTC))
    core = xml(writer.write(dated, OPTIONS), "docProps/core.xml")
    assert core.findtext("dcterms:created", namespaces=NS) == "2024-03-01T06:00:00Z"
    props = docx.Document(io.BytesIO(writer.write(minimal(), OPTIONS))).core_properties
    assert props.created is None
