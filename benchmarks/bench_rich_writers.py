"""Benchmark the PDF, NewsML-G2, ninjs and HTML writers on the seed and on a rich article (on demand).

The issue's budget: a seed-sized article costs what it cost before the richer model, and an
article with 20 pictures and 5 tables converts to these four formats in well under 100 ms of
CPU together. The rich article is bench_rich's Markdown (20 PNGs of 64x48 written to a temporary
folder and loaded as the pipeline loads them); ``--photo`` makes the pictures 1200x800 JPEGs.
CPU milliseconds per article (``time.process_time``), best of three runs of ``--rounds``.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.options import ReadOptions, WriteOptions  # noqa: E402
from convert.readers import markdown  # noqa: E402
from convert.styles import load_style  # noqa: E402
from convert.writers import html, newsml, ninjs, pdf  # noqa: E402
from tests.support import model_fixture  # noqa: E402

WRITERS = {"pdf": pdf.write, "newsml": newsml.write, "ninjs": ninjs.write, "html": html.write}


def cpu_ms(fn: Callable[[], object], rounds: int) -> float:
    """CPU milliseconds per call, best of three runs of ``rounds`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(rounds):
            fn()
        best = min(best, (time.process_time() - start) / rounds)
    return best * 1000


def report(name: str, doc: object, options: WriteOptions, rounds: int) -> None:
    total = 0.0
    print(f"{name}:")
    for fmt, write in WRITERS.items():
        ms = cpu_ms(lambda w=write: w(doc, options), rounds)
        total += ms
        print(f"  {fmt:<8} {ms:8.2f} ms")
    print(f"  {'together':<8} {total:8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--photo", action="store_true", help="1200x800 JPEG pictures")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from PIL import Image

    from benchmarks.bench_rich import rich_markdown
    from convert.resources import PictureSources, load_pictures

    options = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 6, 12, tzinfo=UTC))
    seed = model_fixture("seed")
    for write in WRITERS.values():  # fonts registered, caches warm
        write(seed, options)
    report("seed (model fixture)", seed, options, args.rounds)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pics").mkdir()
        for i in range(20):
            out = io.BytesIO()
            if args.photo:
                Image.effect_noise((1200, 800), 40 + i).convert("RGB").save(out, "JPEG", quality=80)
            else:
                Image.new("RGB", (64, 48), (i * 10, 90, 160)).save(out, "PNG")
            (Path(folder) / "pics" / f"p{i}.png").write_bytes(out.getvalue())
        doc = markdown.read(rich_markdown(20, 5).encode(), ReadOptions(origin="bench", language="en"))
        doc, problems = load_pictures(doc, PictureSources(folder))
        assert not problems, problems
        for write in WRITERS.values():
            write(doc, options)
        kind = "1200x800 JPEG" if args.photo else "64x48 PNG"
        report(f"20 pictures ({kind}) and 5 tables", doc, options, args.rounds)


if __name__ == "__main__":
    main()
