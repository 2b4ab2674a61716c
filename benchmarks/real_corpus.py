"""Score the reader on ``../shared/corpus-real/``: how many articles pass each expectation field.

Usage: ``python benchmarks/real_corpus.py [--shared ../shared] [-v]`` (``-v`` lists every failure).
The rules are the ones ``tests/readers/test_corpus_real.py`` asserts (``tests/readers/realcorpus.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.api import read_file  # noqa: E402
from tests.readers.realcorpus import CHECKS, cases, load_expect  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    root = args.shared / "corpus-real"
    passed: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for case in cases(root):
        group = case.split("/")[0]
        exp = load_expect(root, case)
        doc = read_file(root / f"{case}.txt")
        totals[group] += 1
        ok_all = True
        for name, check in CHECKS.items():
            reason = check(doc, exp)
            if reason is None:
                passed.setdefault(group, Counter())[name] += 1
            else:
                ok_all = False
                if args.verbose:
                    print(f"{case}: {name}: {reason}")
        passed.setdefault(group, Counter())["ALL"] += ok_all
    names = [*CHECKS, "ALL"]
    print(f"{'field':18}" + "".join(f"{g:>9}" for g in totals) + f"{'total':>9}")
    for name in names:
        row = [passed.get(g, Counter())[name] for g in totals]
        print(f"{name:18}" + "".join(f"{n:>5}/{totals[g]:<3}" for n, g in zip(row, totals, strict=True))
              + f"{sum(row):>5}/{sum(totals.values())}")


if __name__ == "__main__":
    main()
