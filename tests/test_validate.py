"""The validator: IPTC conformance files, guideline rules, hostile XML, the validate command."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from msgspec.structs import replace

from convert import validate as v
from convert.cli.validate import validate_command
from convert.errors import EXIT_INVALID, InputError
from convert.namespaces import NAR
from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import newsml
from tests.sample_docs import kitchen_sink, minimal
from tests.schema_support import schema_folder, serve
from tests.support import SHARED, require

IPTC = SHARED / "iptc"
SHOULD_PASS = sorted((IPTC / "conformance" / "should_pass").glob("*.xml"))
SHOULD_FAIL = sorted((IPTC / "conformance" / "should_fail").glob("*.xml"))
EXAMPLES = sorted((IPTC / "examples").glob("*.xml"))
OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, 8, 0, tzinfo=UTC))
NS = {"n": NAR}


@pytest.fixture(scope="module")
def schemas() -> Path:
    return schema_folder()


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def _edit(data: bytes, fn) -> bytes:
    root = etree.fromstring(data)
    fn(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --------------------------------------------------------------------------- IPTC files


def test_iptc_material_present() -> None:
    require(len(SHOULD_PASS) == 129 and len(SHOULD_FAIL) == 5 and EXAMPLES,
            "IPTC conformance files missing from ../shared/iptc")


@pytest.mark.parametrize("path", SHOULD_PASS, ids=_ids(SHOULD_PASS))
def test_conformance_should_pass(path: Path, schemas: Path) -> None:
    report = v.validate_file(path, schema_dir=schemas)
    assert report.valid, [str(f) for f in report.errors]


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_iptc_examples_pass(path: Path, schemas: Path) -> None:
    report = v.validate_file(path, schema_dir=schemas)
    assert report.valid, [str(f) for f in report.errors]


@pytest.mark.parametrize("path", SHOULD_FAIL, ids=_ids(SHOULD_FAIL))
def test_conformance_should_fail(path: Path, schemas: Path) -> None:
    report = v.validate_file(path, schema_dir=schemas)
    assert not report.valid
    assert all(f.line > 0 for f in report.errors)


def test_nitf_body_is_checked_against_nitf_xsd(schemas: Path) -> None:
    data = newsml.write(kitchen_sink(), replace(OPTS, newsml_body="nitf"))
    bad = data.replace(b"<hl2>Villages", b"<bogus/><hl2>Villages")
    report = v.validate_bytes(bad, "nitf.xml", schema_dir=schemas)
    assert not report.valid and any("bogus" in f.message for f in report.errors)


# --------------------------------------------------------------------------- guideline rules


def _no_timezone(root: etree._Element) -> None:
    root.find("n:itemMeta/n:versionCreated", NS).text = "2025-06-12T08:00:00"


def test_strict_rejects_version_created_without_timezone(schemas: Path) -> None:
    data = _edit(newsml.write(kitchen_sink(), OPTS), _no_timezone)
    lenient = v.validate_bytes(data, "tz.xml", schema_dir=schemas)
    assert lenient.valid and [f.rule for f in lenient.warnings] == ["timezone"]
    strict = v.validate_bytes(data, "tz.xml", strict=True, schema_dir=schemas)
    assert not strict.valid
    assert [(f.rule, f.level) for f in strict.errors] == [("timezone", "error")]
    assert "versionCreated" in strict.errors[0].message


def test_strict_rejects_undeclared_qcode_alias(schemas: Path) -> None:
    def genre(root: etree._Element) -> None:
        cm = root.find("n:contentMeta", NS)
        el = etree.Element(f"{{{NAR}}}genre", qcode="nogenre:Current")
        cm.find("n:keyword", NS).addprevious(el)

    data = _edit(newsml.write(kitchen_sink(), OPTS), genre)
    assert v.validate_bytes(data, "q.xml", schema_dir=schemas).valid
    strict = v.validate_bytes(data, "q.xml", strict=True, schema_dir=schemas)
    assert [f.rule for f in strict.errors] == ["qcode-alias"]
    assert "nogenre" in strict.errors[0].message


def test_inline_catalog_declares_aliases(schemas: Path) -> None:
    # ncjob is declared only by the writer's inline catalog; removing it breaks resolution
    data = newsml.write(kitchen_sink(), OPTS)
    assert v.validate_bytes(data, "ok.xml", strict=True, schema_dir=schemas).findings == ()
    stripped = _edit(data, lambda r: r.remove(r.find("n:catalog", NS)))
    strict = v.validate_bytes(stripped, "x.xml", strict=True, schema_dir=schemas)
    assert [f.rule for f in strict.errors] == ["qcode-alias"]


def test_time_order_rule(schemas: Path) -> None:
    def later_first(root: etree._Element) -> None:
        root.find("n:itemMeta/n:firstCreated", NS).text = "2026-01-01T00:00:00Z"
        root.find("n:contentMeta/n:contentCreated", NS).text = "2026-01-01T00:00:00+05:00"

    data = _edit(newsml.write(kitchen_sink(), OPTS), later_first)
    strict = v.validate_bytes(data, "o.xml", strict=True, schema_dir=schemas)
    assert [f.rule for f in strict.errors] == ["time-order", "time-order"]


def test_conformance_rule(schemas: Path) -> None:
    data = _edit(newsml.write(kitchen_sink(), OPTS), lambda r: r.attrib.pop("conformance"))
    strict = v.validate_bytes(data, "c.xml", strict=True, schema_dir=schemas)
    assert [f.rule for f in strict.errors] == ["conformance"]


def test_duplicate_guids_in_message(schemas: Path) -> None:
    data = newsml.write_many([kitchen_sink(), minimal()], OPTS)

    def same(root: etree._Element) -> None:
        items = root.findall("n:itemSet/n:newsItem", NS)
        items[1].set("guid", items[0].get("guid"))

    strict = v.validate_bytes(_edit(data, same), "m.xml", strict=True, schema_dir=schemas)
    assert [f.rule for f in strict.errors] == ["guid-unique"]


def test_version_zero_is_rejected(schemas: Path) -> None:
    data = _edit(newsml.write(minimal(), OPTS), lambda r: r.set("version", "0"))
    report = v.validate_bytes(data, "v.xml", schema_dir=schemas)
    assert not report.valid and {"xsd", "version"} <= {f.rule for f in report.findings}


# --------------------------------------------------------------------------- hostile XML


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """(base url, served folder, paths requested) of a local HTTP server."""
    served = tmp_path / "served"
    served.mkdir()
    with serve(served) as (url, hits):
        yield url, served, hits


def test_xxe_file_disclosure_refused(tmp_path: Path, schemas: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = (f'<?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
           '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" standard="NewsML-G2"'
           ' standardversion="2.35"><itemMeta><edNote>&x;</edNote></itemMeta></newsItem>')
    for data in (doc.encode(), doc.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>')
                 .encode("utf-16")):
        report = v.validate_bytes(data, "xxe.xml", schema_dir=schemas)
        assert not report.valid
        assert [f.rule for f in report.errors] == ["security"]
        assert "TOP-SECRET" not in json.dumps(report.to_dict())


def test_billion_laughs_refused_quickly(schemas: Path) -> None:
    ents = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">'
                                    for i in range(1, 10)]
    data = (f'<?xml version="1.0"?><!DOCTYPE r [{"".join(ents)}]><r>&a9;</r>').encode()
    for payload in (data, data.decode().encode("utf-16")):
        start = time.perf_counter()
        report = v.validate_bytes(payload, "lol.xml", schema_dir=schemas)
        assert time.perf_counter() - start < 5
        assert not report.valid and report.errors[0].rule == "security"


def test_external_dtd_url_never_fetched(server, schemas: Path) -> None:
    url, served, hits = server
    (served / "evil.dtd").write_text('<!ENTITY x "pwned">')
    doc = (f'<?xml version="1.0"?><!DOCTYPE newsItem SYSTEM "{url}/evil.dtd">'
           '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">&x;</newsItem>')
    for data in (doc.encode(), doc.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>')
                 .encode("utf-16")):
        report = v.validate_bytes(data, "dtd.xml", schema_dir=schemas)
        assert not report.valid
        assert "pwned" not in json.dumps(report.to_dict())
    assert hits == []


def test_oversized_file_refused_unread(tmp_path: Path, schemas: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(v, "MAX_BYTES", 1000)
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a>" + b"x" * 2000 + b"</a>")
    report = v.validate_file(big, schema_dir=schemas)
    assert [f.rule for f in report.errors] == ["size"]
    assert [f.rule for f in v.validate_bytes(big.read_bytes(), "b", schema_dir=schemas)
            .errors] == ["size"]


def test_malformed_xml_reported_with_position(schemas: Path) -> None:
    report = v.validate_bytes(b"<newsItem>\n<a></b>", "bad.xml", schema_dir=schemas)
    assert [f.rule for f in report.errors] == ["xml"] and report.errors[0].line == 2


# --------------------------------------------------------------------------- CLI


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_cli_validate_ok_and_invalid(tmp_path: Path, schemas: Path) -> None:
    good = _write(tmp_path, "good.xml", newsml.write(kitchen_sink(), OPTS))
    bad = str(SHOULD_FAIL[0]) if SHOULD_FAIL else _write(tmp_path, "b.xml", b"<x/>")
    runner = CliRunner()
    ok = runner.invoke(validate_command, [good, "--strict", "--schema-dir", str(schemas)])
    assert ok.exit_code == 0, ok.output
    res = runner.invoke(validate_command, [good, bad, "--schema-dir", str(schemas)])
    assert res.exit_code == EXIT_INVALID
    lines = [ln for ln in res.stdout.splitlines() if ln]
    assert lines and all(ln.startswith(f"{bad}:") for ln in lines)
    assert any(": error: " in ln for ln in lines)


def test_cli_strict_and_json(tmp_path: Path, schemas: Path) -> None:
    path = _write(tmp_path, "tz.xml", _edit(newsml.write(minimal(), OPTS), _no_timezone))
    runner = CliRunner()
    assert runner.invoke(validate_command, [path, "--schema-dir", str(schemas)]).exit_code == 0
    res = runner.invoke(validate_command, [path, "--strict", "--json",
                                           "--schema-dir", str(schemas)])
    assert res.exit_code == EXIT_INVALID
    payload = json.loads(res.stdout)
    assert payload["valid"] is False and payload["strict"] is True
    finding = payload["files"][0]["findings"][0]
    assert finding["rule"] == "timezone" and finding["level"] == "error"
    assert {"file", "line", "column", "message"} <= set(finding)


def test_cli_missing_file(tmp_path: Path) -> None:
    res = CliRunner().invoke(validate_command, [str(tmp_path / "nope.xml")])
    assert isinstance(res.exception, InputError)


def test_cli_validate_help_has_examples() -> None:
    assert "Examples" in CliRunner().invoke(validate_command, ["--help"]).stdout
