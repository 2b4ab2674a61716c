"""Validate ninjs (IPTC News in JSON) documents: the official JSON Schema and the guideline rules."""

# Untrusted input: read after a size check (convert.validate), decoded as UTF-8 (JSON's only
# encoding; a BOM is tolerated), parsed with NaN/Infinity refused and duplicate names reported,
# nesting bounded by catching RecursionError. IPTC's schema files are not shipped: convert.schemas
# finds them (--schema-dir, NEWSCONVERT_SCHEMA_DIR, the cache `newsconvert schemas install` fills)
# and their pinned SHA-256 is checked again on loading. Their one remote reference (GeoJSON, in
# places) is never fetched: the registry knows it as "any object" and a warning says so. Format
# checks are on (uri through rfc3986-validator, date-time through rfc3339-validator); when a
# checker is missing, validation refuses to run instead of silently skipping it.

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .schemas import NINJS, NINJS_SCHEMA_FILES, SchemaError, find_schema_dir, install_hint
from .validate import Finding, Report

#: ninjs version -> IPTC's schema file (its URL and pinned SHA-256: convert.schemas).
VERSION_FILES: dict[str, str] = {"3.1": "ninjs-schema_3.1.json", "2.2": "ninjs-schema_2.2.json"}
GEOJSON_ID = "https://geojson.org/schema/GeoJSON.json"
#: Suffixes read as ninjs without looking inside; ``.jsonl``/``.ndjson`` hold one object per line.
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
_MAX_ERRORS = 50
_MAX_MESSAGE = 300

_LANGUAGE = re.compile(r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|[xX](?:-[A-Za-z0-9]{1,8})+)$")


# --------------------------------------------------------------------------- schemas


def schema_folder(schema_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding both ninjs schemas (a usage error with the install hint when none)."""
    return find_schema_dir(schema_dir, NINJS)


@functools.lru_cache(maxsize=4)
def _schema(version: str, folder: str) -> Any:
    """One ninjs schema, parsed, after checking it is IPTC's file byte for byte."""
    file = VERSION_FILES[version]
    path = Path(folder) / file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemaError(f"cannot read {path}: {exc.strerror}; {install_hint(NINJS)}") from None
    if hashlib.sha256(data).hexdigest() != NINJS_SCHEMA_FILES[file][1]:
        raise SchemaError(f"{path} is not IPTC's ninjs {version} schema (checksum mismatch); "
                          f"{install_hint(NINJS)}")
    return json.loads(data)


@functools.lru_cache(maxsize=4)
def validator(version: str, folder: str) -> Any:
    """The draft 2020-12 validator of one ninjs version, with format checks (once per folder)."""
    try:
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012
    except ImportError:
        raise SchemaError("ninjs validation needs the jsonschema package: pip install "
                          "'jsonschema>=4.18' rfc3339-validator rfc3986-validator") from None
    checker = FormatChecker()
    missing = {"uri", "date-time"} - set(checker.checkers)
    if missing:
        raise SchemaError(f"ninjs validation needs format checks for {', '.join(sorted(missing))}: "
                          "pip install rfc3339-validator rfc3986-validator")
    schema = _schema(version, folder)
    geojson = DRAFT202012.create_resource(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"})
    registry: Any = Registry().with_resource(GEOJSON_ID, geojson)
    return Draft202012Validator(schema, registry=registry, format_checker=checker)


# --------------------------------------------------------------------------- parsing


def _loads(text: str, duplicates: list[str]) -> Any:
    """Parse JSON, noting names that appear twice in one object (the last one wins)."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON value")

    return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)


def _documents(data: bytes, name: str) -> Iterator[tuple[int, Any, list[Finding]]]:
    """(line, parsed object or None, findings) for a JSON document or each line of JSON Lines."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield 0, None, [Finding(name, 1, 0, "error", f"not UTF-8 JSON ({exc.reason} at byte "
                                f"{exc.start})", "json")]
        return
    if not text.strip():
        yield 0, None, [Finding(name, 1, 0, "error", "no JSON object: empty file", "json")]
        return
    lines = name.lower().endswith((".jsonl", ".ndjson"))
    if not lines:
        found = _parse(text, name, 1)
        if found[0] is not None or "Extra data" not in found[1][0].message:
            yield 1, *found
            return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield number, *_parse(line, name, number)


def _parse(text: str, name: str, line: int) -> tuple[Any, list[Finding]]:
    duplicates: list[str] = []
    try:
        value = _loads(text, duplicates)
    except json.JSONDecodeError as exc:
        return None, [Finding(name, line + exc.lineno - 1, exc.colno, "error",
                              f"not JSON: {exc.msg}", "json")]
    except ValueError as exc:
        return None, [Finding(name, line, 0, "error", f"not JSON: {exc}", "json")]
    except RecursionError:
        return None, [Finding(name, line, 0, "error", "JSON nested too deeply", "json")]
    findings = [Finding(name, line, 0, "error", f"the name {key!r} appears twice in one object",
                        "json") for key in dict.fromkeys(duplicates)]
    if not isinstance(value, dict):
        findings.append(Finding(name, line, 0, "error",
                                f"a ninjs document is a JSON object, not {type(value).__name__}",
                                "json"))
        return None, findings
    return value, findings


# --------------------------------------------------------------------------- versions


def ninjs_version(doc: dict[str, Any], schema_dir: str | os.PathLike[str] | None = None) -> str | None:
    """Which schema a document is written for: ``standard.version``, else how it spells names.

    None for ninjs 1.x, which this validator does not check. The spellings come from the schemas
    (found from ``schema_dir`` as validation finds them).
    """
    standard = doc.get("standard")
    if isinstance(standard, dict) and isinstance(standard.get("version"), str):
        major = standard["version"].strip().split(".")[0]
        if major in ("0", "1"):
            return None
        if major in ("2", "3"):
            return "2.2" if major == "2" else "3.1"
    three, two = _spellings(str(schema_folder(schema_dir)))
    stack: list[Any] = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if not three.isdisjoint(value):
                return "3.1"
            if not two.isdisjoint(value):
                return "2.2"
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return "3.1"


@functools.lru_cache(maxsize=4)
def _spellings(folder: str) -> tuple[frozenset[str], frozenset[str]]:
    """Property names only 3.1 uses (camelCase) and only 2.2 uses (lower case), from the schemas."""
    def names(value: Any, out: set[str]) -> set[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "properties" and isinstance(item, dict):
                    out.update(item)
                names(item, out)
        elif isinstance(value, list):
            for item in value:
                names(item, out)
        return out

    three, two = (names(_schema(v, folder), set()) for v in ("3.1", "2.2"))
    return frozenset(n for n in three - two if n != n.lower()), frozenset(two - three)


# --------------------------------------------------------------------------- guideline rules


def _path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _short(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "…"


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


class _Checker:
    """IPTC's ninjs guidance the schema cannot express; ``strict`` makes the warnings errors."""

    def __init__(self, name: str, line: int, version: str, strict: bool) -> None:
        self.name, self.line, self.version = name, line, version
        self.level = "error" if strict else "warning"
        self.findings: list[Finding] = []

    def add(self, path: str, message: str, rule: str, level: str | None = None) -> None:
        self.findings.append(Finding(self.name, self.line, 0, level or self.level,
                                     f"{path}: {message}", rule))

    def key(self, name: str) -> str:
        return name.lower() if self.version.startswith("2") else name

    def run(self, doc: dict[str, Any], path: str = "$") -> None:
        standard = doc.get("standard")
        if isinstance(standard, dict) and standard.get("name") not in (None, "ninjs"):
            self.add(f"{path}.standard.name", f"{standard.get('name')!r} is not 'ninjs'", "standard")
        self.times(doc, path)
        language = doc.get("language")
        if isinstance(language, str) and not _LANGUAGE.match(language):
            self.add(f"{path}.language", f"{language!r} is not a BCP 47 language tag", "language")
        urgency = doc.get("urgency")
        if urgency is not None and not (isinstance(urgency, int) and 1 <= urgency <= 9):
            self.add(f"{path}.urgency", f"{urgency!r} is not an integer from 1 to 9", "urgency")
        self.bodies(doc, path)
        places = doc.get("places")
        for n, place in enumerate(places if isinstance(places, list) else []):
            if isinstance(place, dict) and self.key("geoJSON") in place:
                self.add(f"{path}.places[{n}].{self.key('geoJSON')}", "checked only to be an "
                         "object (the GeoJSON schema is not loaded: no network)", "geojson",
                         "warning")
        associations = doc.get("associations")
        for n, assoc in enumerate(associations if isinstance(associations, list) else []):
            if isinstance(assoc, dict):
                self.run(assoc, f"{path}.associations[{n}]")

    def times(self, doc: dict[str, Any], path: str) -> None:
        version = _when(doc.get(self.key("versionCreated")))
        if version is None:
            return
        for name in ("firstCreated", "contentCreated"):
            other = _when(doc.get(self.key(name)))
            if other is not None and other > version:
                self.add(f"{path}.{self.key(name)}", f"{doc[self.key(name)]} is later than "
                         f"{self.key('versionCreated')} {doc[self.key('versionCreated')]}",
                         "time-order")

    def bodies(self, doc: dict[str, Any], path: str) -> None:
        bodies = doc.get("bodies")
        for n, body in enumerate(bodies if isinstance(bodies, list) else []):
            if not isinstance(body, dict) or not isinstance(body.get("value"), str):
                continue
            where = f"{path}.bodies[{n}]"
            kind = str(body.get(self.key("contentType"), "")).split(";")[0].strip().lower()
            count = body.get(self.key("charCount"))
            if kind == "text/plain" and isinstance(count, int) and count != len(body["value"]):
                self.add(f"{where}.{self.key('charCount')}", f"{count} but the plain-text value "
                         f"has {len(body['value'])} characters", "char-count")
            if kind == "application/xhtml+xml" and not _well_formed(body["value"]):
                self.add(f"{where}.value", "contentType application/xhtml+xml but the value is "
                         "not well-formed XHTML", "body-markup")


def _well_formed(fragment: str) -> bool:
    """Whether an XHTML fragment parses (no DTD, no entities, no network)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        etree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml">{fragment}</div>', parser)
    except etree.XMLSyntaxError:
        return False
    return True


# --------------------------------------------------------------------------- entry point


def validate_ninjs_bytes(data: bytes, name: str = "<bytes>", *, strict: bool = False,
                         schema_dir: str | os.PathLike[str] | None = None) -> Report:
    """Validate a ninjs document or JSON Lines feed: schema (with formats), then guidelines.

    The schemas are looked up first, so missing ones are one usage error whatever the input.
    """
    folder = str(schema_folder(schema_dir))
    findings: list[Finding] = []
    uris: dict[str, int] = {}
    for line, doc, parse_findings in _documents(data, name):
        findings += parse_findings
        if doc is None:
            continue
        version = ninjs_version(doc, folder)
        if version is None:
            findings.append(Finding(name, line, 0, "error", "ninjs 1.x is not supported "
                                    "(validate checks ninjs 2.2 and 3.1)", "standard"))
            continue
        errors = sorted(validator(version, folder).iter_errors(doc), key=lambda e: list(map(str, e.path)))
        for error in errors[:_MAX_ERRORS]:
            findings.append(Finding(name, line, 0, "error", _short(
                f"{_path(error.absolute_path)}: {error.message} (ninjs {version} schema)"),
                "schema"))
        checker = _Checker(name, line, version, strict)
        checker.run(doc)
        findings += checker.findings
        uri = doc.get("uri")
        if isinstance(uri, str):
            if uri in uris:
                findings.append(Finding(name, line, 0, "error" if strict else "warning",
                                        f"uri {uri} appears twice in this feed (first on line "
                                        f"{uris[uri]})", "uri-unique"))
            else:
                uris[uri] = line
    findings.sort(key=lambda f: (f.line, f.column))
    return Report(name, tuple(findings))
