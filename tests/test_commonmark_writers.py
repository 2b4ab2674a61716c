"""The 655 CommonMark spec examples through the PDF, NewsML-G2, ninjs and HTML writers: no crash.

Each example is read under a ``# Example N`` headline (as the reader's own CommonMark test does)
and written in every one of these formats; NewsML-G2 (both bodies) and ninjs are validated too,
strictly. One process, each example read once (about 15 s).
"""

from __future__ import annotations

import functools
import json
import warnings
from datetime import UTC, datetime
from typing import Any

import pytest
from msgspec.structs import replace

from convert.model import Document
from convert.options import ReadOptions, WriteOptions
from convert.readers import markdown
from convert.styles import load_style
from convert.validate import validate_bytes
from convert.writers import html, newsml, ninjs, pdf
from tests.support import SHARED, ninjs_schemas, require

SPEC = SHARED / "commonmark" / "spec.json"
OPTS = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, tzinfo=UTC),
                    generator_version="test")


@functools.cache
def examples() -> list[dict[str, Any]]:
    return json.loads(SPEC.read_text(encoding="utf-8")) if SPEC.is_file() else []


def _read(ex: dict[str, Any]) -> Document:
    text = f"# Example {ex['example']}\n\n{ex['markdown']}"
    return markdown.read(text.encode("utf-8"), ReadOptions(origin=f"example-{ex['example']}.md"))


def _schema_dir() -> Any:
    import os
    from pathlib import Path

    folder = Path(os.environ.get("NEWSCONVERT_SCHEMA_DIR") or SHARED / "schemas")
    require((folder / "NewsML-G2_2.35-spec-All-Power.xsd").is_file(),
            f"NewsML-G2 schemas not found in {folder}")
    return folder


@pytest.mark.parametrize("section", sorted({ex["section"] for ex in examples()}) or ["(none)"])
def test_every_example_writes_in_every_format(section: str) -> None:
    require(len(examples()) == 655, f"CommonMark examples not found at {SPEC}")
    schemas, ninjs_dir = _schema_dir(), ninjs_schemas()
    nitf = replace(OPTS, newsml_body="nitf")
    for ex in (e for e in examples() if e["section"] == section):
        doc = _read(ex)
        name = f"example {ex['example']}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # raw HTML and relative links are warned, as meant
            outputs = {"pdf": pdf.render(doc, OPTS).data, "html": html.write(doc, OPTS),
                       "newsml": newsml.write(doc, OPTS), "nitf": newsml.write(doc, nitf),
                       "ninjs": ninjs.write(doc, OPTS)}
        assert outputs["pdf"].startswith(b"%PDF-") and outputs["html"].startswith(b"<!DOCTYPE html>")
        for fmt in ("newsml", "nitf"):
            report = validate_bytes(outputs[fmt], f"{name}.xml", strict=True, schema_dir=schemas)
            assert report.valid, (fmt, name, [str(f) for f in report.findings][:3])
        report = validate_bytes(outputs["ninjs"], f"{name}.json", strict=True, schema_dir=ninjs_dir)
        assert report.valid, (name, [str(f) for f in report.findings][:3])
