"""Is any stage quadratic? Time the reader and every writer on 1x, 10x and 100x the seed article.

Run on demand: ``.venv/bin/python benchmarks/bench_scaling.py [--max 100]``. For each stage it prints
ms per article and the ratio to the 1x time; a linear stage shows ratios near 10 and 100.
"""

from __future__ import annotations

import argparse
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

from convert.api import read
from convert.options import WriteOptions
from convert.registry import get_writer
from convert.styles import load_style

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("*.txt"))


def article(times: int) -> bytes:
    text = SEED.read_text(encoding="utf-8")
    headline, _, body = text.partition("\n\n")
    body = body.replace("Share this post", "").strip()
    return (headline + "\n\n" + "\n\n".join([body] * times) + "\n").encode()


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=100, help="largest multiple of the seed")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    sizes = [s for s in (1, 10, 100, 1000) if s <= args.max]
    opts = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 1, 1, tzinfo=UTC))
    stages = {"read": None, **{n: get_writer(n) for n in ("newsml", "docx", "epub", "pdf")}}
    docs = {s: read(article(s)) for s in sizes}
    for spec in stages.values():  # warm caches (templates, fonts, CSS) once
        if spec is not None:
            spec.write(docs[1], opts)
    print(f"{'stage':<8}" + "".join(f"{f'{s}x ms':>12}{'ratio':>8}" for s in sizes))
    for name, spec in stages.items():
        row = f"{name:<8}"
        base = None
        for s in sizes:
            repeat = max(1, 30 // s)
            if spec is None:
                data = article(s)
                ms = best_of(lambda data=data: read(data), repeat)
            else:
                ms = best_of(lambda spec=spec, doc=docs[s]: spec.write(doc, opts), repeat)
            base = base or ms
            row += f"{ms:>12.2f}{ms / base:>8.1f}"
        print(row)


if __name__ == "__main__":
    main()
