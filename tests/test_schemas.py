"""Schema handling: lookup order, checksum-pinned install (XSDs and ninjs), install hints, catalogs."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert import schemas as s
from convert.cli.validate import schemas_group, validate_command
from convert.options import WriteOptions
from convert.styles import load_style
from convert.validate import validate_bytes
from convert.writers import newsml, ninjs
from tests.sample_docs import kitchen_sink
from tests.schema_support import schema_folder, serve
from tests.support import ninjs_schemas

OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, 8, 0, tzinfo=UTC))


@pytest.fixture(scope="module")
def schemas() -> Path:
    return schema_folder()


@pytest.fixture(scope="module")
def ninjs_folder() -> Path:
    return ninjs_schemas()


def serve_all(served: Path, schemas: Path, ninjs_folder: Path) -> None:
    """Put every official file (both sets) in the served folder, as a mirror would."""
    for name in s.SCHEMA_FILES:
        shutil.copyfile(schemas / name, served / name)
    for name in s.NINJS_SCHEMA_FILES:
        shutil.copyfile(ninjs_folder / name, served / name)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """(base url, served folder, paths requested) of a local HTTP server."""
    served = tmp_path / "served"
    served.mkdir()
    with serve(served) as (url, hits):
        yield url, served, hits


@pytest.fixture
def no_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No environment folder and an empty user cache (returned, not created)."""
    cache = tmp_path / "cache"
    monkeypatch.delenv(s.ENV_SCHEMA_DIR, raising=False)
    monkeypatch.setattr(s, "user_schema_dir", lambda: cache)
    return cache


# --------------------------------------------------------------------------- lookup


def test_lookup_order(tmp_path: Path, schemas: Path, ninjs_folder: Path, no_schemas: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    cache = no_schemas
    with pytest.raises(s.SchemaError, match="schemas install"):
        s.find_schema_dir()
    s.install_schemas(cache, from_dir=schemas)
    assert s.find_schema_dir() == cache.resolve()
    with pytest.raises(s.SchemaError, match="ninjs schemas not found"):  # each set on its own
        s.find_schema_dir(kind=s.NINJS)
    s.install_schemas(cache, from_dir=ninjs_folder)
    assert s.find_schema_dir(kind=s.NINJS) == s.find_schema_dir() == cache.resolve()
    assert s.installed_sets(cache) == [s.NEWSML, s.NINJS]
    monkeypatch.setenv(s.ENV_SCHEMA_DIR, str(schemas))
    assert s.find_schema_dir() == schemas.resolve()
    assert s.find_schema_dir(cache) == cache.resolve()
    with pytest.raises(s.SchemaError, match="lacks"):
        s.find_schema_dir(tmp_path / "empty")


def test_incomplete_folder_names_missing_files_and_hint(tmp_path: Path, schemas: Path) -> None:
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copyfile(schemas / "xml.xsd", partial / "xml.xsd")
    with pytest.raises(s.SchemaError) as info:
        s.find_schema_dir(partial)
    message = str(info.value)
    missing = message.split(";")[0]
    assert s.POWER_XSD in missing and "ODRL22.xsd" in missing and "xml.xsd" not in missing
    assert "newsconvert schemas install" in message and "\n" not in message


def test_schema_compiled_once_per_folder(schemas: Path) -> None:
    assert s.load_schema(schemas) is s.load_schema(str(schemas))


# --------------------------------------------------------------------------- install


def test_install_from_local_http_server(server, tmp_path: Path, schemas: Path,
                                        ninjs_folder: Path) -> None:
    url, served, hits = server
    serve_all(served, schemas, ninjs_folder)
    dest = tmp_path / "installed"
    assert s.install_schemas(dest, base_url=url) == dest
    assert sorted(hits) == sorted(f"/{n}" for n in [*s.SCHEMA_FILES, *s.NINJS_SCHEMA_FILES])
    for name in s.SCHEMA_FILES:
        assert (dest / name).read_bytes() == (schemas / name).read_bytes()
    for name in s.NINJS_SCHEMA_FILES:
        assert (dest / name).read_bytes() == (ninjs_folder / name).read_bytes()
    assert not list(dest.glob("*.part"))
    report = validate_bytes(newsml.write(kitchen_sink(), OPTS), "k", schema_dir=dest)
    assert report.valid
    report = validate_bytes(ninjs.write(kitchen_sink(), OPTS), "k.json", strict=True, schema_dir=dest)
    assert report.valid and report.findings == ()


@pytest.mark.parametrize("tampered", ["xml.xsd", "ninjs-schema_2.2.json"])
def test_install_rejects_corrupted_file(server, tmp_path: Path, schemas: Path, ninjs_folder: Path,
                                        tampered: str) -> None:
    url, served, _ = server
    serve_all(served, schemas, ninjs_folder)
    with (served / tampered).open("ab") as fh:
        fh.write(b"\n")
    dest = tmp_path / "installed"
    with pytest.raises(s.SchemaError, match=f"checksum mismatch for {re.escape(tampered)}"):
        s.install_schemas(dest, base_url=url)
    assert not dest.exists() or not any(dest.iterdir())


def test_install_from_folder_rejects_corrupted_file(tmp_path: Path, schemas: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(schemas, source)
    (source / "ODRL22.xsd").write_bytes(b"<xs:schema/>")
    dest = tmp_path / "installed"
    with pytest.raises(s.SchemaError, match=r"checksum mismatch for ODRL22\.xsd"):
        s.install_schemas(dest, from_dir=source)
    assert not dest.exists()


def test_install_from_folders_takes_every_complete_set(tmp_path: Path, schemas: Path,
                                                      ninjs_folder: Path) -> None:
    only_ninjs = s.install_schemas(tmp_path / "a", from_dir=ninjs_folder)
    assert s.installed_sets(only_ninjs) == [s.NINJS]
    assert sorted(p.name for p in only_ninjs.iterdir()) == sorted(s.NINJS_SCHEMA_FILES)
    both = s.install_schemas(tmp_path / "b", from_dir=[schemas, ninjs_folder])
    assert s.installed_sets(both) == [s.NEWSML, s.NINJS]


def test_install_from_folder_refuses_part_of_a_set_or_nothing(tmp_path: Path,
                                                              ninjs_folder: Path) -> None:
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copyfile(ninjs_folder / "ninjs-schema_3.1.json", partial / "ninjs-schema_3.1.json")
    dest = tmp_path / "installed"
    with pytest.raises(s.SchemaError, match=r"part of the ninjs schemas: ninjs-schema_2\.2\.json"):
        s.install_schemas(dest, from_dir=partial)
    with pytest.raises(s.SchemaError, match="no schema files in"):
        s.install_schemas(dest, from_dir=tmp_path / "empty")
    assert not dest.exists()


def test_install_refuses_non_http_urls(tmp_path: Path) -> None:
    with pytest.raises(s.SchemaError, match="only http"):
        s.install_schemas(tmp_path, base_url="file:///etc")


# --------------------------------------------------------------------------- IPTC catalogs


def test_iptc_catalog_aliases_come_from_newsmlg2_package() -> None:
    aliases = s.iptc_aliases(41)
    assert {"ninat", "stat", "medtop", "sig", "drol", "genre", "cpnat"} <= aliases
    assert s.iptc_aliases(30) == s.iptc_aliases()  # unshipped version: newest catalog


def test_iptc_catalog_version() -> None:
    assert s.iptc_catalog_version(
        "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml") == 41
    assert s.iptc_catalog_version("https://example.com/catalog.xml") is None


# --------------------------------------------------------------------------- CLI


def test_cli_missing_schemas_gives_install_hint(tmp_path: Path, no_schemas: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(b"<a/>")
    res = CliRunner().invoke(validate_command, [str(path)])
    assert isinstance(res.exception, s.SchemaError)
    assert "newsconvert schemas install" in str(res.exception)
    assert "\n" not in str(res.exception)


def test_cli_schemas_install_and_path(schemas: Path, ninjs_folder: Path, no_schemas: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(schemas_group, ["install", "--from", str(schemas)])
    assert res.exit_code == 0, res.output
    assert str(no_schemas) in res.stdout and "holds: NewsML-G2)" in res.stdout
    res = runner.invoke(schemas_group, ["path"])
    assert res.exit_code == 0 and res.stdout.strip() == str(no_schemas.resolve())
    res = runner.invoke(schemas_group, ["path", "--for", "ninjs"])
    assert isinstance(res.exception, s.SchemaError) and "ninjs schemas not found" in str(res.exception)
    res = runner.invoke(schemas_group, ["install", "--from", str(schemas), "--from", str(ninjs_folder)])
    assert res.exit_code == 0 and "holds: NewsML-G2, ninjs)" in res.stdout, res.output
    res = runner.invoke(schemas_group, ["path", "--for", "ninjs"])
    assert res.exit_code == 0 and res.stdout.strip() == str(no_schemas.resolve())
    assert "Examples" in runner.invoke(schemas_group, ["--help"]).stdout
