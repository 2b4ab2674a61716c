"""Benchmark the PDF writer on complex scripts: ms per Urdu article against the English seed.

Both in the same process, warm (fonts registered, static font copies made, faces loaded), CPU
time, median of several rounds: the English seed (Latin fast path), the real Urdu corpus
(``../shared/corpus-real/urdu``, HarfBuzz shaping, Nastaliq) and the multilingual test corpus.
Prints ms per article and the Urdu/English ratio.

    .venv/bin/python benchmarks/bench_pdf_scripts.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.api import read_file  # noqa: E402
from convert.model import Document  # noqa: E402
from convert.options import WriteOptions  # noqa: E402
from convert.styles import load_style  # noqa: E402
from convert.writers import pdf  # noqa: E402

SEED = next(iter(sorted((ROOT / "seeds").glob("*.txt"))))
URDU = ROOT.parent / "shared" / "corpus-real" / "urdu"
MULTI = ROOT / "tests" / "fixtures" / "multilingual"
TS = datetime(2025, 1, 1, tzinfo=UTC)


def per_article_ms(docs: list[Document], options: WriteOptions, rounds: int) -> float:
    """Median over rounds of the CPU ms per article for writing all ``docs``."""
    times = []
    for _ in range(rounds):
        t0 = time.process_time()
        for doc in docs:
            pdf.write(doc, options)
        times.append((time.process_time() - t0) * 1000 / len(docs))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--font-cache", type=Path, default=None,
                        help="folder for static font copies (default: made in memory)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    options = WriteOptions(style=load_style("default"), timestamp=TS,
                           font_cache=args.font_cache)
    sets = {"english seed": [read_file(SEED)]}
    if URDU.is_dir():
        sets["urdu (real corpus)"] = [read_file(p) for p in sorted(URDU.glob("*.txt"))]
    sets["urdu (multilingual/ur)"] = [read_file(MULTI / "ur.txt")]
    sets["multilingual (10 scripts)"] = [read_file(p) for p in sorted(MULTI.glob("*.txt"))]
    for docs in sets.values():  # warm up: register fonts, make static copies, load faces
        for doc in docs:
            pdf.write(doc, options)
    results = {name: per_article_ms(docs, options, args.rounds) for name, docs in sets.items()}
    english = results["english seed"]
    for name, ms in results.items():
        print(f"{name:28} {ms:8.2f} ms/article  {ms / english:6.2f}x english "
              f"({len(sets[name])} article{'s' if len(sets[name]) > 1 else ''})")


if __name__ == "__main__":
    main()
