"""Prepared templates kept between processes: the same documents, rebuilt whenever in doubt."""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from pathlib import Path

import pytest
from msgspec.structs import replace

from convert.styles import load_style
from convert.writers import docx as writer
from convert.writers.docx import stored
from convert.writers.docx.template import Template, prepare_template
from tests.sample_docs import kitchen_sink
from tests.writers.docx.common import OPTIONS
from tests.writers.docx.test_package import make_reference


@pytest.fixture(autouse=True)
def _fresh_process() -> None:
    """Each test starts as a new process would: nothing remembered in memory."""
    stored._stored.cache_clear()
    stored.code_stamp.cache_clear()


def _as_new_process() -> None:
    stored._stored.cache_clear()


def _same(a: Template, b: Template) -> None:
    """Field by field (a Template compares by identity); read-only mappings as dicts."""
    def plain(value: object) -> object:
        return dict(value) if isinstance(value, Mapping) else value

    for name in Template.__struct_fields__:
        assert plain(getattr(a, name)) == plain(getattr(b, name)), name


@pytest.mark.parametrize("reference", [False, True])
def test_a_kept_template_makes_the_same_documents(tmp_path: Path, reference: bool) -> None:
    ref = make_reference() if reference else None
    plain = replace(OPTIONS, reference_docx=ref)
    cached = replace(plain, template_cache=tmp_path)
    doc = kitchen_sink()
    expected = writer.write(doc, plain)
    assert writer.write(doc, cached) == expected  # prepared, then kept
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    _as_new_process()
    loaded = stored.stored_template(OPTIONS.style, ref, tmp_path)
    _same(loaded, prepare_template(OPTIONS.style, ref))
    assert writer.write(doc, cached) == expected  # read back from the folder


def test_no_folder_is_the_in_memory_preparation() -> None:
    assert stored.stored_template(OPTIONS.style, None, None) is prepare_template(OPTIONS.style, None)


def test_each_style_reference_and_publication_has_its_own_file(tmp_path: Path) -> None:
    default, broadsheet = load_style("default"), load_style("broadsheet")
    for style, ref in ((default, None), (broadsheet, None), (default, make_reference()),
                       (replace(default, publication="The Daily Example"), None)):
        stored.stored_template(style, ref, tmp_path)
    assert len(list(tmp_path.glob("*.pickle"))) == 4


def test_the_folder_keeps_the_most_recent_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles naming many publications: the folder keeps KEEP files, the newest."""
    monkeypatch.setattr(stored, "KEEP", 2)
    default = load_style("default")
    names = []
    for i in range(4):
        stored.stored_template(replace(default, publication=f"Paper {i}"), None, tmp_path)
        (path,) = set(tmp_path.glob("*.pickle")) - set(names)
        os.utime(path, ns=(i * 10**9, i * 10**9))  # written in this order, whatever the clock
        names.append(path)
    assert sorted(tmp_path.glob("*.pickle")) == sorted(names[2:])


def _kept(tmp_path: Path) -> Path:
    stored.stored_template(OPTIONS.style, None, tmp_path)
    (path,) = tmp_path.glob("*.pickle")
    _as_new_process()
    return path


def test_a_file_made_by_other_code_is_prepared_again_and_replaced(tmp_path: Path) -> None:
    path = _kept(tmp_path)
    kept = pickle.loads(path.read_bytes())
    kept["fields"]["styles_xml"] = b"<not what this code makes/>"
    kept["stamp"] = ("an older release",)
    path.write_bytes(pickle.dumps(kept))
    tpl = stored.stored_template(OPTIONS.style, None, tmp_path)
    assert tpl.styles_xml == prepare_template(OPTIONS.style, None).styles_xml
    assert pickle.loads(path.read_bytes())["stamp"] == stored.code_stamp()


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"format": 1}),
                                    pickle.dumps(["a list"])])
def test_a_damaged_file_is_prepared_again(tmp_path: Path, damage: bytes) -> None:
    path = _kept(tmp_path)
    path.write_bytes(damage)
    tpl = stored.stored_template(OPTIONS.style, None, tmp_path)
    _same(tpl, prepare_template(OPTIONS.style, None))
    assert pickle.loads(path.read_bytes())["format"] == stored.FORMAT


def test_a_folder_that_cannot_be_written_costs_only_the_preparation(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    doc = kitchen_sink()
    assert writer.write(doc, replace(OPTIONS, template_cache=blocked / "docx")) == \
        writer.write(doc, OPTIONS)


def test_the_stamp_follows_the_package_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any module or TOML file of the package edited, added or removed: another stamp."""
    package = tmp_path / "convert"
    (package / "writers").mkdir(parents=True)
    module = package / "writers" / "a.py"
    module.write_text("x = 1\n")
    (package / "data.toml").write_text("a = 1\n")
    monkeypatch.setattr(stored, "_PACKAGE", package)
    stamps = [stored.code_stamp()]
    for change in (lambda: os.utime(module, ns=(0, 10**18)), lambda: module.write_text("x = 22\n"),
                   lambda: (package / "b.py").write_text(""), lambda: (package / "data.toml").unlink()):
        change()
        stored.code_stamp.cache_clear()
        stamps.append(stored.code_stamp())
    assert len(set(stamps)) == len(stamps)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"")
    stored.code_stamp.cache_clear()
    assert stored.code_stamp() == stamps[-1]  # bytecode is not source
