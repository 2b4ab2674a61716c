"""The format registry: lookups, aliases, clear errors, entry points and lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from convert import registry
from convert.errors import UnknownFormatError, UsageError
from tests.support import ROOT


def test_lookup_by_name_alias_and_extension():
    assert registry.get_writer("NewsML-G2").name == "newsml"
    assert registry.writer_for_path("out/a.DOCX").name == "docx"
    assert registry.reader_for_path("a.md").name == "markdown"
    assert registry.reader_for_path("noext").name == "text"


def test_unknown_format_lists_installed():
    with pytest.raises(UnknownFormatError, match=r"installed: docx, pdf, epub, newsml"):
        registry.get_writer("odt")
    with pytest.raises(UnknownFormatError, match="cannot tell the output format"):
        registry.writer_for_path("a.odt")


class _FakeEntryPoint:
    def __init__(self, name, obj):
        self.name, self.value, self._obj = name, f"fake:{name}", obj

    def load(self):
        return self._obj


def test_entry_points_extend_and_duplicates_raise(monkeypatch):
    spec = registry.WriterSpec("odt", (".odt",), "application/vnd.oasis.opendocument.text",
                               "fake_odt", "fake")
    monkeypatch.setattr(registry, "entry_points",
                        lambda group: [_FakeEntryPoint("odt", spec)] if "writers" in group else [])
    registry.writers.cache_clear()
    try:
        assert registry.get_writer("odt") is spec
        assert registry.writer_for_path("x.odt") is spec
        clash = registry.WriterSpec("pdf", (".pdf",), "x", "x", "x")
        monkeypatch.setattr(registry, "entry_points",
                            lambda group: [_FakeEntryPoint("pdf", clash)] if "writers" in group else [])
        registry.writers.cache_clear()
        with pytest.raises(UsageError, match="registered twice"):
            registry.writers()
    finally:
        registry.writers.cache_clear()


def test_built_in_names_and_extensions_need_no_scan_for_plug_ins(monkeypatch):
    def refuse(group):
        raise AssertionError("scanned for plug-ins")

    monkeypatch.setattr(registry, "entry_points", refuse)
    registry.writers.cache_clear()
    registry.readers.cache_clear()
    try:
        assert registry.get_writer("pdf").name == "pdf" and registry.get_reader("md").name == "markdown"
        assert registry.writer_for_path("a.epub").name == "epub"
        assert registry.reader_for_path("a.docx").name == "docx"
        assert registry.reader_for_input("a.txt", b"Head\n\nBody.\n").name == "text"
        with pytest.raises(AssertionError, match="scanned"):
            registry.get_writer("odt")  # an unknown name: the plug-ins are looked at
    finally:
        registry.writers.cache_clear()
        registry.readers.cache_clear()


def test_a_conversion_imports_only_its_writer(tmp_path):
    code = (
        "import sys; from convert.api import read_file, write;"
        f"d = read_file({str(ROOT / 'seeds' / '000_9f484aa0f34f7918.txt')!r});"
        "write(d, 'newsml');"
        "heavy = [m for m in ('reportlab', 'docx', 'ebooklib') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
