"""Benchmark the NewsML-G2 writer and validator (run on demand; prints ms per article).

Baseline measured in the same run: a bare lxml serialisation of the body text (the least a
NewsML writer must do), so the ratios stay meaningful across machines.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from msgspec.structs import replace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree

from convert.model import document_text
from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import newsml
from tests.sample_docs import kitchen_sink
from tests.support import CORPUS, SEED, SHARED, corpus_cases


def docs() -> list:
    try:
        from convert.api import read_file

        out = [read_file(SEED)] if SEED else []
        out += [read_file(CORPUS / f"{n}.txt") for n in corpus_cases()]
        return out or [kitchen_sink()]
    except Exception:  # reader not available: the canonical test document
        return [kitchen_sink()]


def per_article(fn, items, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for d in items:
            fn(d)
    return (time.perf_counter() - start) * 1000 / (rounds * len(items))


def baseline(doc) -> bytes:
    root = etree.Element("body")
    for line in document_text(doc).split("\n"):
        etree.SubElement(root, "p").text = line
    return etree.tostring(root, encoding="UTF-8")


def main() -> None:
    items = docs()
    rounds = int(os.environ.get("BENCH_ROUNDS", "20"))
    opts = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, tzinfo=UTC))
    base = per_article(baseline, items, rounds)
    print(f"{len(items)} articles x {rounds} rounds")
    print(f"baseline lxml body only : {base:8.3f} ms/article")
    for body in ("xhtml", "nitf"):
        o = replace(opts, newsml_body=body)
        ms = per_article(lambda d, o=o: newsml.write(d, o), items, rounds)
        print(f"newsml write ({body:5s})   : {ms:8.3f} ms/article  ({ms / base:5.1f}x baseline)")
    schemas = Path(os.environ.get("NEWSCONVERT_SCHEMA_DIR") or SHARED / "schemas")
    if (schemas / "NewsML-G2_2.35-spec-All-Power.xsd").is_file():
        from convert import validate

        start = time.perf_counter()
        validate.load_schema(schemas)
        print(f"schema compile (once)   : {(time.perf_counter() - start) * 1000:8.1f} ms")
        outputs = [newsml.write(d, opts) for d in items]
        ms = per_article(lambda data: validate.validate_bytes(data, "b", strict=True,
                                                              schema_dir=schemas),
                         outputs, max(1, rounds // 4))
        print(f"validate --strict       : {ms:8.3f} ms/article  ({ms / base:5.1f}x baseline)")
    else:
        print(f"schemas not found in {schemas}: validation not measured")


if __name__ == "__main__":
    main()
