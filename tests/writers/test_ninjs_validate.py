"""``validate`` on ninjs: IPTC's examples, the guideline rules, hostile JSON, the shipped schemas."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from convert import validate_ninjs
from convert.options import WriteOptions
from convert.schemas import SchemaError
from convert.styles import load_style
from convert.validate import is_ninjs, validate_bytes, validate_file
from convert.writers import ninjs
from tests.sample_docs import kitchen_sink
from tests.support import SHARED, require

NINJS = SHARED / "ninjs"
OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, 8, tzinfo=UTC))


def item(version: str = "3.1") -> dict:
    from dataclasses import replace

    return json.loads(ninjs.write(kitchen_sink(), replace(OPTS, ninjs_version=version)))


def findings(doc: object, name: str = "x.json", *, strict: bool = False) -> list[tuple[str, str]]:
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    return [(f.level, f.rule) for f in validate_bytes(data, name, strict=strict).findings]


def examples() -> list[Path]:
    return sorted(NINJS.glob("examples/*/*.json")) if NINJS.is_dir() else []


# --------------------------------------------------------------------------- schemas


def test_shipped_schemas_are_iptcs_files() -> None:
    """The schemas beside the writer are IPTC's, byte for byte, with the pinned sums."""
    for version, (file, digest) in validate_ninjs.SCHEMA_FILES.items():
        data = (validate_ninjs.SCHEMA_DIR / file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        assert json.loads(data)["$id"] == ninjs.SCHEMA_IDS[version]
        if NINJS.is_dir():
            assert data == (NINJS / file).read_bytes()
    assert (validate_ninjs.SCHEMA_DIR / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.parametrize("path", examples(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_iptc_examples(path: Path) -> None:
    """IPTC's own examples all pass but 002, whose uri 'renditions-example' is not a URI."""
    report = validate_file(path, strict=True)
    if path.stem == "002_renditions_example":
        assert [(f.rule, "$.uri" in f.message) for f in report.findings] == [("schema", True)]
    else:
        assert report.findings == (), [str(f) for f in report.findings]


def test_examples_are_found() -> None:
    require(len(examples()) == 15, f"IPTC ninjs examples not found in {NINJS}")


def test_version_from_standard_or_spelling() -> None:
    assert validate_ninjs.ninjs_version({"uri": "urn:x:1"}) == "3.1"
    assert validate_ninjs.ninjs_version({"uri": "u", "versioncreated": "x"}) == "2.2"
    assert validate_ninjs.ninjs_version({"uri": "u", "renditions": [{"contenttype": "a"}]}) == "2.2"
    assert validate_ninjs.ninjs_version({"uri": "u", "standard": {"version": "2.1"}}) == "2.2"
    assert validate_ninjs.ninjs_version({"uri": "u", "standard": {"version": "1.6"}}) is None
    assert findings({"uri": "urn:x:1", "standard": {"version": "1.6"}}) == [("error", "standard")]


def test_the_format_checkers_exist() -> None:
    """An assumption about jsonschema: without rfc3339-validator/rfc3986-validator, FormatChecker
    silently accepts any string as a date-time or URI. The validator refuses to run then."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    assert {"uri", "date-time"} <= set(checker.checkers)
    assert not checker.conforms("2025-06-12T08:00:00", "date-time")  # no offset
    assert checker.conforms("2025-06-12T08:00:00Z", "date-time")
    assert not checker.conforms("not a uri", "uri") and checker.conforms("urn:newsml:a:b", "uri")


def test_missing_format_checker_refuses_to_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    class Blind(jsonschema.FormatChecker):
        def __init__(self) -> None:
            super().__init__(formats=["email"])

    monkeypatch.setattr(jsonschema, "FormatChecker", Blind)
    validate_ninjs.validator.cache_clear()
    try:
        with pytest.raises(SchemaError, match="rfc3339-validator"):
            validate_ninjs.validator("3.1")
    finally:
        validate_ninjs.validator.cache_clear()


def test_a_changed_schema_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for file, _digest in validate_ninjs.SCHEMA_FILES.values():
        data = (validate_ninjs.SCHEMA_DIR / file).read_bytes()
        (tmp_path / file).write_bytes(data.replace(b'"uri"', b'"urx"', 1))
    monkeypatch.setattr(validate_ninjs, "SCHEMA_DIR", tmp_path)
    validate_ninjs.validator.cache_clear()
    try:
        with pytest.raises(SchemaError, match="checksum"):
            validate_ninjs.validator("3.1")
    finally:
        validate_ninjs.validator.cache_clear()


# --------------------------------------------------------------------------- guideline rules


def test_time_order_language_urgency_and_counts() -> None:
    doc = item()
    doc["firstCreated"] = "2026-01-01T00:00:00Z"
    doc["language"] = "english"
    doc["bodies"][0]["charCount"] = 3
    got = findings(doc)
    assert ("warning", "time-order") in got and ("warning", "language") in got
    assert ("warning", "char-count") in got
    assert all(level == "error" for level, _ in findings(doc, strict=True))
    old = item("2.2")
    old["urgency"] = 12  # the 2.2 schema says only "number"
    assert findings(old) == [("warning", "urgency")]
    old["urgency"] = 2.5
    assert findings(old) == [("warning", "urgency")]


def test_xhtml_body_must_be_well_formed() -> None:
    doc = {"uri": "urn:x:1", "bodies": [
        {"contentType": "application/xhtml+xml", "value": "<p>open <b>bold</p>"},
        {"contentType": "application/xhtml+xml", "value": "<p>fine</p> <p>too</p>"},
        {"contentType": "application/xhtml+xml", "value": "<p>&nbsp;</p>"}]}
    assert findings(doc) == [("warning", "body-markup"), ("warning", "body-markup")]


def test_unique_uris_in_a_feed_and_line_numbers() -> None:
    line = json.dumps({"uri": "urn:x:1"})
    report = validate_bytes(f"{line}\n\n{line}\n".encode(), "feed.jsonl")
    assert [(f.line, f.rule) for f in report.findings] == [(3, "uri-unique")]
    bad = validate_bytes(f'{line}\n{{"uri": 5}}\n'.encode(), "feed.jsonl")
    assert [(f.line, f.rule) for f in bad.findings] == [(2, "schema")]


def test_geojson_is_never_fetched() -> None:
    doc = {"uri": "urn:x:1", "places": [{"name": "Sukkur", "geoJSON": {"type": "Point"}}]}
    assert findings(doc) == [("warning", "geojson")]
    doc["places"][0]["geoJSON"] = "not an object"
    assert ("error", "schema") in findings(doc)


def test_associations_are_checked_like_items() -> None:
    doc = {"uri": "urn:x:1", "associations": [
        {"name": "photo", "uri": "urn:x:2", "language": "??",
         "versionCreated": "2020-01-01T00:00:00Z", "firstCreated": "2021-01-01T00:00:00Z"}]}
    assert sorted(findings(doc)) == [("warning", "language"), ("warning", "time-order")]


# --------------------------------------------------------------------------- hostile JSON


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty file"),
    (b"   \n", "empty file"),
    (b"\xff\xfe{", "not UTF-8"),
    (b'{"uri": "urn:x:1", "urgency": NaN}', "NaN is not a JSON value"),
    (b'{"uri": "urn:x:1", "urgency": Infinity}', "Infinity"),
    (b'{"uri": "urn:x:1",}', "not JSON"),
    (b'["urn:x:1"]', "a ninjs document is a JSON object"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"uri": "urn:x:1", "type": "text", "type": "picture"}', "appears twice"),
])
def test_hostile_json_is_one_finding_never_a_crash(data: bytes, message: str) -> None:
    report = validate_bytes(data, "hostile.json")
    assert not report.valid and any(message in f.message for f in report.findings), report


def test_a_bom_is_tolerated_and_sniffing_tells_json_from_xml() -> None:
    assert validate_bytes(b'\xef\xbb\xbf{"uri": "urn:x:1"}', "x").valid
    assert is_ninjs(b'  {"uri": 1}', "noext") and is_ninjs(b"", "feed.jsonl")
    assert not is_ninjs(b"<?xml version='1.0'?><newsItem/>", "a.xml")


def test_long_messages_are_cut() -> None:
    doc = {"uri": "urn:x:1", "bodies": [{"value": "x" * 5000, "role": 7}]}
    report = validate_bytes(json.dumps(doc).encode(), "x.json")
    assert report.findings and all(len(f.message) <= 310 for f in report.findings)
