"""Benchmark the DOCX writer against python-docx used as usual, in the same run.

Run: ``.venv/bin/python benchmarks/bench_docx.py [--repeat N]``. Prints ms per article for
python-docx "as usual" (Document(), add_heading/add_paragraph, save) and for our writer on the
seed article, the ratio, and our time per paragraph at 1x, 10x and 100x the seed body, which
stays flat when the writer is linear in article length.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.api import read_file  # noqa: E402
from convert.model import Document, Paragraph, block_text  # noqa: E402
from convert.options import WriteOptions  # noqa: E402
from convert.styles import load_style  # noqa: E402
from convert.writers import docx as docx_writer  # noqa: E402

SEED = next(iter(sorted((ROOT / "seeds").glob("*.txt"))))


def python_docx_as_usual(doc: Document) -> bytes:
    """What a python-docx user writes: parse the template, add paragraphs, save."""
    import docx

    d = docx.Document()
    d.core_properties.title = doc.meta.headline
    d.add_heading(doc.meta.headline, level=0)
    for block in doc.body:
        d.add_paragraph(block_text(block))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def per_call_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median of several timing rounds, in milliseconds per call."""
    fn()  # warm-up: imports and per-process caches
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        rounds.append((time.perf_counter() - start) / repeat * 1000)
    return statistics.median(rounds)


def scaled(doc: Document, factor: int) -> Document:
    """The seed with its body repeated ``factor`` times."""
    return replace(doc, body=doc.body * factor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    doc = read_file(SEED)
    options = WriteOptions(style=load_style("default"))
    paragraphs = sum(isinstance(b, Paragraph) for b in doc.body) or 1

    base = per_call_ms(lambda: python_docx_as_usual(doc), args.repeat)
    ours = per_call_ms(lambda: docx_writer.write(doc, options), args.repeat)
    print(f"seed article: {len(doc.body)} blocks, "
          f"{sum(len(block_text(b)) for b in doc.body)} characters")
    print(f"python-docx as usual : {base:8.2f} ms/article")
    print(f"newsconvert docx     : {ours:8.2f} ms/article  ({base / ours:.1f}x faster)")
    print("linearity (ours):")
    for factor in (1, 10, 100):
        big = scaled(doc, factor)
        ms = per_call_ms(lambda big=big: docx_writer.write(big, options),
                         max(1, args.repeat // factor))
        print(f"  {factor:4d}x seed: {ms:9.2f} ms/article  "
              f"{ms / (paragraphs * factor) * 1000:7.1f} us/paragraph")
    big = scaled(doc, 100)
    base100 = per_call_ms(lambda: python_docx_as_usual(big), 1)
    print(f"python-docx as usual at 100x: {base100:9.2f} ms/article  "
          f"{base100 / (paragraphs * 100) * 1000:7.1f} us/paragraph")


if __name__ == "__main__":
    main()
