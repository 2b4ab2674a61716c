"""Validate NewsML-G2 (and, through convert.validate_ninjs, ninjs) against the IPTC schemas and rules."""

# Untrusted input: parsed without network, without DTD loading or entity expansion, without
# libxml2's huge-tree mode, and after a size check; a DOCTYPE is rejected outright (NewsML-G2
# never needs one), so external entities, billion-laughs and remote DTDs never get a chance.
# Finding, compiling and installing the schemas is convert.schemas' job.

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from msgspec import Struct, field
from msgspec.structs import asdict

from .errors import InputError
from .namespaces import NAR
from .schemas import SCHEMA_FILES, SchemaError, iptc_aliases, iptc_catalog_version, load_schema

# SCHEMA_FILES, SchemaError and load_schema live in convert.schemas; named here for the callers
# of validation that import them from this module (batch, benchmarks, property tests).
__all__ = ["MAX_BYTES", "SCHEMA_FILES", "Finding", "Report", "SchemaError", "is_ninjs",
           "load_schema", "validate_bytes", "validate_file"]

#: Largest file ``validate`` reads (bytes); bigger files are reported, never parsed.
MAX_BYTES = 64 * 1024 * 1024

#: Elements whose value is a date-time that must carry a timezone (when it has a time part).
DATETIME_ELEMENTS = frozenset({
    "versionCreated", "firstCreated", "contentCreated", "contentModified", "embargoed", "sent",
    "timestamp", "expires",
})
#: Attributes typed QCodeType / QCodeListType in the 2.35 schema.
QCODE_ATTRIBUTES = frozenset({
    "qcode", "type", "role", "rel", "why", "how", "format", "creator", "jobtitle", "scope",
    "pubconstraint", "derivedfrom", "idformat", "concepttype", "confirmationstatus", "rendition",
    "renditionref", "representation", "residrefformat", "severity", "target", "valcalctype",
    "valueunit", "timeunit", "widthunit", "heightunit", "colourspace", "colourindicator",
    "audiocodec", "videocodec", "layoutorientation", "hashtype", "authoritystatus",
    "accesstype", "aspect", "audiochannels", "durationunit", "encoding", "environment",
    "interactiontype", "market", "marketlabelsrc", "mode", "part", "radunit", "ratertype",
    "ratingtype", "reposrole", "scaleunit", "symbolsrc", "tech", "videodefinition",
    "videoscaling",
})
#: Elements the Core conformance level lacks (IPTC Guidelines; absent from the Core XSD).
POWER_ONLY = frozenset({"generator", "signal"})
ITEM_TAGS = frozenset({"newsItem", "packageItem", "conceptItem", "knowledgeItem",
                       "planningItem", "catalogItem"})
_TZ = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


# --------------------------------------------------------------------------- results


class Finding(Struct, frozen=True):
    """One problem: where, how bad, what, and which rule (``xsd``, ``timezone`` ...)."""

    file: str
    line: int
    column: int
    level: str  # "error" | "warning"
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.level}: {self.message}"


class Report(Struct, frozen=True):
    """All findings for one file; valid when none is an error."""

    file: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form (``validate --json``)."""
        return {"file": self.file, "valid": self.valid,
                "findings": [asdict(f) for f in self.findings]}


# --------------------------------------------------------------------------- parsing


def _safe_parser() -> etree.XMLParser:
    """For untrusted documents: no network, no DTD, no entity expansion, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False)


def _parse(data: bytes, name: str) -> tuple[etree._ElementTree | None, list[Finding]]:
    """Parse untrusted bytes; return findings instead of raising."""
    if len(data) > MAX_BYTES:
        return None, [Finding(name, 0, 0, "error",
                              f"file is larger than {MAX_BYTES} bytes; not validated", "size")]
    head = data[:65536]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with BOM: look at the characters
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return None, [Finding(name, 1, 1, "error",
                              "DOCTYPE/ENTITY declarations are not allowed in NewsML-G2 "
                              "(refused for safety; nothing was loaded)", "security")]
    try:
        root = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        return None, [Finding(name, line, col, "error", f"not well-formed XML: {exc.msg}", "xml")]
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return None, [Finding(name, 1, 1, "error",
                              "DOCTYPE declarations are not allowed in NewsML-G2 "
                              "(refused for safety; nothing was loaded)", "security")]
    return tree, []


# --------------------------------------------------------------------------- guideline rules


def _local(el: etree._Element) -> str | None:
    if not isinstance(el.tag, str):
        return None
    q = etree.QName(el)
    return q.localname if q.namespace == NAR else None


def _nar_elements(scope: etree._Element) -> Iterator[etree._Element]:
    """NAR elements of a scope, not descending into foreign content (XHTML, NITF, ODRL)."""
    stack = [scope]
    while stack:
        el = stack.pop()
        if _local(el) is None:
            continue
        yield el
        stack.extend(reversed(list(el)))


def _scopes(root: etree._Element) -> list[etree._Element]:
    """Items (and a message header), each with its own catalogs."""
    name = _local(root)
    if name == "newsMessage":
        out = [c for c in root if _local(c) == "header"]
        for item_set in (c for c in root if _local(c) == "itemSet"):
            out += [c for c in item_set if _local(c) is not None]
        return out
    return [root] if name is not None else []


class _Checker:
    """The IPTC guideline rules the XSD cannot express; ``strict`` makes their warnings errors."""

    def __init__(self, name: str, strict: bool) -> None:
        self.name = name
        self.level = "error" if strict else "warning"
        self.findings: list[Finding] = []

    def add(self, el: etree._Element, message: str, rule: str, level: str | None = None) -> None:
        self.findings.append(Finding(self.name, el.sourceline or 0, 0, level or self.level,
                                     message, rule))

    def run(self, root: etree._Element) -> list[Finding]:
        scopes = _scopes(root)
        for scope in scopes:
            self.timezones(scope)
            if _local(scope) in ITEM_TAGS:
                self.order(scope)
                self.version(scope)
                self.conformance(scope)
            self.qcodes(scope)
        if _local(root) == "newsMessage":
            self.unique_guids([s for s in scopes if _local(s) in ITEM_TAGS])
        return self.findings

    def timezones(self, scope: etree._Element) -> None:
        for el in _nar_elements(scope):
            if _local(el) in DATETIME_ELEMENTS:
                value = (el.text or "").strip()
                if "T" in value and not _TZ.search(value):
                    self.add(el, f"{_local(el)} {value!r} has no timezone offset "
                                 "(IPTC: every date-time carries an offset or Z)", "timezone")

    def order(self, item: etree._Element) -> None:
        def when(parent: str, child: str) -> tuple[etree._Element, datetime] | None:
            for p in (c for c in item if _local(c) == parent):
                for el in (c for c in p if _local(c) == child):
                    value = (el.text or "").strip()
                    if "T" not in value:
                        return None
                    try:
                        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
                    except ValueError:
                        return None
                    return (el, parsed) if parsed.tzinfo is not None else None
            return None

        version = when("itemMeta", "versionCreated")
        if version is None:
            return
        for parent, child in (("itemMeta", "firstCreated"), ("contentMeta", "contentCreated"),
                              ("contentMeta", "contentModified")):
            other = when(parent, child)
            if other is not None and other[1] > version[1]:
                self.add(other[0], f"{child} {other[0].text.strip()} is later than versionCreated "
                                   f"{version[0].text.strip()}", "time-order")

    def version(self, item: etree._Element) -> None:
        raw = item.get("version")
        if raw is None:
            return
        try:
            ok = int(raw) >= 1
        except ValueError:
            ok = False
        if not ok:
            self.add(item, f"version {raw!r} must be an integer >= 1", "version")

    def conformance(self, item: etree._Element) -> None:
        if item.get("conformance") == "power":
            return
        for el in _nar_elements(item):
            if _local(el) in POWER_ONLY:
                self.add(el, f"{_local(el)} is a Power conformance element but the item does "
                             "not declare conformance=\"power\"", "conformance")
                return

    def qcodes(self, scope: etree._Element) -> None:
        declared: set[str] = set()
        unknown_refs: list[str] = []
        for child in scope:
            name = _local(child)
            if name == "catalog":
                declared.update(s.get("alias", "") for s in child if _local(s) == "scheme")
            elif name == "catalogRef":
                href = (child.get("href") or "").strip()
                version = iptc_catalog_version(href)
                if version is not None:
                    declared.update(iptc_aliases(version))
                else:
                    unknown_refs.append(href)
        reported: set[str] = set()
        for el in _nar_elements(scope):
            for attr, value in el.attrib.items():
                if attr not in QCODE_ATTRIBUTES or attr.startswith("{"):
                    continue
                for code in value.split():
                    alias, sep, _ = code.partition(":")
                    if not sep or alias in declared or alias in reported:
                        continue
                    reported.add(alias)
                    if unknown_refs:
                        self.add(el, f"QCode alias {alias!r} ({code}) is not in a catalog known "
                                     f"offline; it may be declared by {', '.join(unknown_refs)}",
                                 "qcode-unverifiable", level="warning")
                    else:
                        self.add(el, f"QCode alias {alias!r} ({code}) is not declared by any "
                                     "catalog or catalogRef of this item", "qcode-alias")

    def unique_guids(self, items: Iterable[etree._Element]) -> None:
        seen: dict[str, int] = {}
        for item in items:
            g = item.get("guid")
            if g is None:
                continue
            if g in seen:
                self.add(item, f"guid {g} appears twice in this newsMessage "
                               f"(first on line {seen[g]})", "guid-unique")
            else:
                seen[g] = item.sourceline or 0


# --------------------------------------------------------------------------- entry points


def is_ninjs(data: bytes, name: str = "") -> bool:
    """A ninjs (JSON) document rather than XML: by its suffix, else its first character."""
    if name.lower().endswith((".json", ".jsonl", ".ndjson")):
        return True
    return data[:64].removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")


def validate_bytes(data: bytes, name: str = "<bytes>", *, strict: bool = False,
                   schema_dir: str | os.PathLike[str] | None = None) -> Report:
    """Validate one document: XSD (NewsML-G2 + NITF + ODRL), then the guideline rules.

    ninjs (JSON) goes to :mod:`convert.validate_ninjs` instead: its schema, then its guidelines.
    Each format looks up only its own schema files (``schema_dir`` first), never the other's.
    """
    if is_ninjs(data, name):
        from .validate_ninjs import validate_ninjs_bytes

        return validate_ninjs_bytes(data, name, strict=strict, schema_dir=schema_dir)
    schema = load_schema(schema_dir)  # fail early and clearly when schemas are missing
    tree, findings = _parse(data, name)
    if tree is None:
        return Report(name, tuple(findings))
    if not schema.validate(tree):
        for err in schema.error_log:
            findings.append(Finding(name, err.line, err.column, "error", err.message, "xsd"))
    findings += _Checker(name, strict).run(tree.getroot())
    findings.sort(key=lambda f: (f.line, f.column))
    return Report(name, tuple(findings))


def validate_file(path: str | os.PathLike[str], *, strict: bool = False,
                  schema_dir: str | os.PathLike[str] | None = None) -> Report:
    """Validate a file, refusing oversized ones before reading them."""
    p = Path(path)
    name = os.fspath(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise InputError("is a directory, not a NewsML-G2 or ninjs file", path=name)
        if size > MAX_BYTES:
            if not is_ninjs(b"", name):
                load_schema(schema_dir)
            else:
                from .validate_ninjs import schema_folder

                schema_folder(schema_dir)
            return Report(name, (Finding(name, 0, 0, "error", f"file is larger than {MAX_BYTES} "
                                         "bytes; not validated", "size"),))
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=name) from None
    return validate_bytes(data, name, strict=strict, schema_dir=schema_dir)
