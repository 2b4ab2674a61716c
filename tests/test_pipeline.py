"""The one conversion path: loading inputs, reading once, stamping, rendering every format."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime

import pytest

from convert.errors import InputError, UnknownFormatError, UsageError
from convert.model import Document
from convert.pipeline import convert_many, convert_one, load_input, make_job, read_source
from convert.registry import WriterSpec, get_writer
from tests.support import SEED, require

ARTICLE = b"Floods close the coast road\n\nThe road was closed on Monday, officials said.\n"


def test_load_input_reads_bytes_facts_and_format(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(ARTICLE)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    src = load_input(path)
    assert (src.data, src.origin, src.format, src.size) == (ARTICLE, str(path), "markdown", len(ARTICLE))
    assert src.mtime == 1_700_000_000
    assert load_input(path, reader="text").format == "text"
    assert load_input(path, max_bytes=4).data == ARTICLE[:5]  # the reader rejects it, memory stays flat


def test_load_input_stdin_has_no_time():
    src = load_input("-", stdin=io.BytesIO(ARTICLE))
    assert (src.origin, src.mtime, src.format) == ("<stdin>", None, "text")


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
])
def test_load_input_errors_name_the_file(tmp_path, make, message):
    with pytest.raises(InputError, match=message) as info:
        load_input(make(tmp_path))
    assert str(make(tmp_path)) in str(info.value)


def test_make_job_checks_everything_before_any_input():
    with pytest.raises(UsageError, match="newsml-body"):
        make_job(newsml_body="html")
    with pytest.raises(UnknownFormatError):
        make_job(reader="odt")
    with pytest.raises(UnknownFormatError):
        make_job(formats="docx,odt")
    with pytest.raises(UsageError, match="reference"):
        make_job(reference_docx="/nonexistent/ref.docx")
    job = make_job(formats="all", env={"SOURCE_DATE_EPOCH": "86400"})
    assert [s.name for s in job.formats][:4] == ["docx", "pdf", "epub", "newsml"]
    assert job.source_date_epoch == datetime(1970, 1, 2, tzinfo=UTC)
    assert hash(job) == hash(make_job(formats="all", env={"SOURCE_DATE_EPOCH": "86400"}))


def test_make_job_reads_the_reference_docx_once(tmp_path):
    ref = tmp_path / "ref.docx"
    ref.write_bytes(b"PK-not-really")
    assert make_job(reference_docx=ref).write_options.reference_docx == b"PK-not-really"


def test_convert_one_reads_once_stamps_and_renders_each_format(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE)
    os.utime(path, (1_600_000_000, 1_600_000_000))
    job = make_job(formats="newsml,epub", env={})
    done = convert_one(load_input(path), job)
    assert list(done.outputs) == ["newsml", "epub"] and not done.errors
    assert done.options.timestamp == datetime.fromtimestamp(1_600_000_000, UTC)
    assert {"read", "newsml", "epub"} <= set(done.timings)
    assert done.outputs["newsml"] == get_writer("newsml").write(done.document, done.options)


class _Broken:
    @staticmethod
    def write(doc: Document, options: object) -> bytes:
        raise RuntimeError("boom")


def test_a_failing_writer_does_not_stop_the_others(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "broken_writer", _Broken)
    broken = WriterSpec("broken", (".b",), "x/y", "broken_writer", "always fails")
    job = make_job(formats=[broken, get_writer("newsml")], env={})
    done = convert_one(load_input("-", stdin=io.BytesIO(ARTICLE)), job)
    assert list(done.outputs) == ["newsml"] and isinstance(done.errors["broken"], RuntimeError)
    with pytest.raises(RuntimeError, match="boom"):
        done.raise_first_error()


def test_convert_many_is_stamped_with_the_newest_input(tmp_path):
    paths = []
    for i, mtime in enumerate((1_500_000_000, 1_650_000_000, 1_550_000_000)):
        p = tmp_path / f"{i}.txt"
        p.write_bytes(ARTICLE.replace(b"Floods", f"Floods {i}".encode()))
        os.utime(p, (mtime, mtime))
        paths.append(p)
    job = make_job(env={})
    edition = convert_many([load_input(p) for p in paths], job, get_writer("newsml"))
    assert b"<sent>2022-04-15T05:20:00+00:00</sent>" in edition


def test_api_cli_and_pipeline_agree_byte_for_byte(tmp_path, monkeypatch):
    """The API is a thin layer over the pipeline: the same input gives the same bytes."""
    require(SEED is not None, "seed article missing")
    import convert

    job = make_job(formats="docx", env={"SOURCE_DATE_EPOCH": "1750000000"})
    via_pipeline = convert_one(load_input(SEED), job).outputs["docx"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    out = convert.convert(SEED, tmp_path / "a.docx")
    assert out.read_bytes() == via_pipeline
    assert read_source(load_input(SEED), job.read_options) == convert.read_file(SEED)


def test_a_broken_reference_docx_is_named_before_any_input(tmp_path):
    bad = tmp_path / "ref.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(UsageError, match=r"reference \.docx cannot be read") as info:
        make_job(formats="docx", reference_docx=bad)
    assert str(bad) in str(info.value)
    make_job(formats="newsml", reference_docx=bad)  # only the DOCX writer reads it
