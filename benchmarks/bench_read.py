"""Benchmark the plain-text reader (run on demand; prints ms per article and ratios).

The issue's budget: reading stays at or under 1 ms per seed-sized article. Baseline measured in
the same process: ``load_article`` alone (decode, clean, front matter), the least any reader
does, so the ratio "whole read / baseline" stays meaningful across machines. Reported for the
seed and for each source of ``../shared/corpus-real`` (when present), with the article's
language identified (the default) and given (``--language``), so the cost of identification
shows on its own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import per_item  # noqa: E402
from convert.options import ReadOptions  # noqa: E402
from convert.readers.load import load_article  # noqa: E402
from convert.readers.text import read  # noqa: E402
from tests.support import SEED, SHARED  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    groups: dict[str, list[bytes]] = {}
    if SEED:
        groups["seed"] = [SEED.read_bytes()]
    real = SHARED / "corpus-real"
    for folder in sorted(p for p in real.glob("*") if p.is_dir()):
        groups[f"real/{folder.name}"] = [p.read_bytes() for p in sorted(folder.glob("*.txt"))]
    detect, given = ReadOptions(), ReadOptions(language="en")
    for items in groups.values():  # warm up: lazy models, compiled patterns
        read(items[0], detect)
    print(f"{'articles':14}{'bytes':>7}{'baseline':>10}{'read':>8}{'ratio':>7}{'given':>8}{'ratio':>7}")
    for name, items in groups.items():
        size = sum(map(len, items)) // len(items)
        base = per_item(lambda d: load_article(d, detect), items, args.rounds)
        full = per_item(lambda d: read(d, detect), items, args.rounds)
        stated = per_item(lambda d: read(d, given), items, args.rounds)
        print(f"{name:14}{size:>7}{base:>9.3f}ms{full:>6.3f}ms{full / base:>6.1f}x"
              f"{stated:>6.3f}ms{stated / base:>6.1f}x")
    print("budget: read <= 1 ms per seed-sized article (~3 KB)")


if __name__ == "__main__":
    main()
