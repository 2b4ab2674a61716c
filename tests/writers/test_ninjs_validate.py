"""``validate`` on ninjs: IPTC's examples, the guideline rules, hostile JSON, finding the schemas."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert import schemas, validate_ninjs
from convert.options import WriteOptions
from convert.schemas import NINJS_SCHEMA_FILES, SchemaError
from convert.styles import load_style
from convert.validate import is_ninjs, validate_bytes, validate_file
from convert.writers import ninjs
from tests.sample_docs import kitchen_sink
from tests.support import NINJS_SCHEMAS, ROOT, ninjs_schemas, require

NINJS = NINJS_SCHEMAS  # the schemas and IPTC's examples
OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, 8, tzinfo=UTC))


def item(version: str = "3.1") -> dict:
    from msgspec.structs import replace

    return json.loads(ninjs.write(kitchen_sink(), replace(OPTS, ninjs_version=version)))


def findings(doc: object, name: str = "x.json", *, strict: bool = False) -> list[tuple[str, str]]:
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    report = validate_bytes(data, name, strict=strict, schema_dir=ninjs_schemas())
    return [(f.level, f.rule) for f in report.findings]


def examples() -> list[Path]:
    return sorted(NINJS.glob("examples/*/*.json")) if NINJS.is_dir() else []


# --------------------------------------------------------------------------- schemas


def test_no_schema_file_is_in_the_repository() -> None:
    """IPTC's files stay in the shared folder or the user's cache: none is copied here."""
    copies = [p for top in ("convert", "tests", "styles") for p in (ROOT / top).rglob("ninjs-schema*")]
    assert copies == []


def test_pinned_sums_and_urls_are_iptcs() -> None:
    """The pins are the shared files' sums; each URL is its schema's ``$id`` over https."""
    folder = ninjs_schemas()
    assert sorted(validate_ninjs.VERSION_FILES.values()) == sorted(NINJS_SCHEMA_FILES)
    for version, file in validate_ninjs.VERSION_FILES.items():
        url, digest = NINJS_SCHEMA_FILES[file]
        data = (folder / file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        assert json.loads(data)["$id"] == ninjs.SCHEMA_IDS[version]
        assert url == ninjs.SCHEMA_IDS[version].replace("http://", "https://").rstrip("#")


@pytest.mark.parametrize("path", examples(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_iptc_examples(path: Path) -> None:
    """IPTC's own examples all pass but 002, whose uri 'renditions-example' is not a URI."""
    report = validate_file(path, strict=True, schema_dir=ninjs_schemas())
    if path.stem == "002_renditions_example":
        assert [(f.rule, "$.uri" in f.message) for f in report.findings] == [("schema", True)]
    else:
        assert report.findings == (), [str(f) for f in report.findings]


def test_examples_are_found() -> None:
    require(len(examples()) == 15, f"IPTC ninjs examples not found in {NINJS}")


def test_version_from_standard_or_spelling() -> None:
    def version(doc: dict) -> str | None:
        return validate_ninjs.ninjs_version(doc, ninjs_schemas())

    assert version({"uri": "urn:x:1"}) == "3.1"
    assert version({"uri": "u", "versioncreated": "x"}) == "2.2"
    assert version({"uri": "u", "renditions": [{"contenttype": "a"}]}) == "2.2"
    assert version({"uri": "u", "standard": {"version": "2.1"}}) == "2.2"
    assert version({"uri": "u", "standard": {"version": "1.6"}}) is None
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

    folder = str(ninjs_schemas())
    monkeypatch.setattr(jsonschema, "FormatChecker", Blind)
    validate_ninjs.validator.cache_clear()
    try:
        with pytest.raises(SchemaError, match="rfc3339-validator"):
            validate_ninjs.validator("3.1", folder)
    finally:
        validate_ninjs.validator.cache_clear()


def test_a_changed_schema_file_is_refused(tmp_path: Path) -> None:
    for file in NINJS_SCHEMA_FILES:
        data = (ninjs_schemas() / file).read_bytes()
        (tmp_path / file).write_bytes(data.replace(b'"uri"', b'"urx"', 1))
    with pytest.raises(SchemaError, match="checksum mismatch") as info:
        validate_bytes(b'{"uri": "urn:x:1"}', "x.json", schema_dir=tmp_path)
    assert "newsconvert schemas install" in str(info.value) and "\n" not in str(info.value)


@pytest.fixture
def no_ninjs_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No environment folder and an empty user cache (returned, not created)."""
    cache = tmp_path / "cache"
    monkeypatch.delenv(schemas.ENV_SCHEMA_DIR, raising=False)
    monkeypatch.setattr(schemas, "user_schema_dir", lambda: cache)
    return cache


def test_schemas_are_found_like_the_xsds(tmp_path: Path, no_ninjs_schemas: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """--schema-dir, then NEWSCONVERT_SCHEMA_DIR, then the cache `schemas install` fills."""
    folder = ninjs_schemas()
    data = ninjs.write(kitchen_sink(), OPTS)
    with pytest.raises(SchemaError, match=r"ninjs schemas not found.*schemas install"):
        validate_bytes(data, "ks.json")
    assert validate_bytes(data, "ks.json", schema_dir=folder).valid
    monkeypatch.setenv(schemas.ENV_SCHEMA_DIR, str(folder))
    assert validate_bytes(data, "ks.json").valid
    monkeypatch.setenv(schemas.ENV_SCHEMA_DIR, str(tmp_path / "xsd-only"))
    with pytest.raises(SchemaError, match=r"NEWSCONVERT_SCHEMA_DIR .*xsd-only lacks ninjs-schema_3\.1"):
        validate_bytes(data, "ks.json")
    monkeypatch.delenv(schemas.ENV_SCHEMA_DIR)
    schemas.install_schemas(from_dir=folder)
    assert validate_ninjs.schema_folder() == no_ninjs_schemas.resolve()
    assert validate_bytes(data, "ks.json").valid


@pytest.mark.parametrize("files", [["feed.jsonl"], ["a.json", "b.xml"]])
def test_missing_schemas_are_one_usage_error(tmp_path: Path, no_ninjs_schemas: Path,
                                             files: list[str]) -> None:
    """Exit 2, one line with the install hint, never a traceback, before any file is read."""
    from convert.cli import main
    from tests.schema_support import schema_folder

    for name in files:
        (tmp_path / name).write_bytes(b'{"uri": "urn:x:1"}\n' if "json" in name else b"<a/>")
    # the NewsML-G2 XSDs (enough for b.xml) but no ninjs schema, as CI's NEWSCONVERT_SCHEMA_DIR
    folder = schema_folder() if "b.xml" in files else tmp_path / "empty"
    res = CliRunner().invoke(main, ["validate", "--schema-dir", str(folder),
                                    *(str(tmp_path / n) for n in files)])
    assert res.exit_code == 2, res.output
    message = res.output.strip()
    assert "lacks ninjs-schema_3.1.json, ninjs-schema_2.2.json" in message
    assert "newsconvert schemas install" in message and "Traceback" not in message
    assert len(message.splitlines()) == 1


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
    report = validate_bytes(f"{line}\n\n{line}\n".encode(), "feed.jsonl", schema_dir=ninjs_schemas())
    assert [(f.line, f.rule) for f in report.findings] == [(3, "uri-unique")]
    bad = validate_bytes(f'{line}\n{{"uri": 5}}\n'.encode(), "feed.jsonl", schema_dir=ninjs_schemas())
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
    report = validate_bytes(data, "hostile.json", schema_dir=ninjs_schemas())
    assert not report.valid and any(message in f.message for f in report.findings), report


def test_a_bom_is_tolerated_and_sniffing_tells_json_from_xml() -> None:
    assert validate_bytes(b'\xef\xbb\xbf{"uri": "urn:x:1"}', "x", schema_dir=ninjs_schemas()).valid
    assert is_ninjs(b'  {"uri": 1}', "noext") and is_ninjs(b"", "feed.jsonl")
    assert not is_ninjs(b"<?xml version='1.0'?><newsItem/>", "a.xml")


def test_long_messages_are_cut() -> None:
    doc = {"uri": "urn:x:1", "bodies": [{"value": "x" * 5000, "role": 7}]}
    report = validate_bytes(json.dumps(doc).encode(), "x.json", schema_dir=ninjs_schemas())
    assert report.findings and all(len(f.message) <= 310 for f in report.findings)
