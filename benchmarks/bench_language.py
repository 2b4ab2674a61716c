"""Benchmark language identification (run on demand; prints ms per article, ratios and RSS).

The issue's budget: identification costs at most 1 ms per seed-sized article (about 5 KB) and
50 MB of memory. For the seed, a 5 KB article made of the seed's paragraphs, and each Urdu
article of ``../shared/corpus-real`` (when present), it times
:func:`convert.readers.language.settle_language` with nothing stated (identification) and with
its own language given (blocks only), against reading the same article with its language given
(the baseline, in the same process; the reader then settles only the blocks). The memory the
identifier adds (import, model load and first call) is measured in a fresh process, from the
resident set size before and after.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.options import ReadOptions  # noqa: E402
from convert.readers.language import settle_language  # noqa: E402
from convert.readers.text import read  # noqa: E402
from tests.support import SEED, SHARED  # noqa: E402

_RSS_PROBE = """
import sys
sys.path.insert(0, {root!r})
def rss():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024
from convert.model import Document, Meta, Paragraph, Text
from convert.options import ReadOptions
import convert.readers.text
head, *paras = [p for p in open({path!r}, encoding="utf-8").read().split("\\n\\n") if p.strip()]
doc = Document(Meta(headline=head), tuple(Paragraph((Text(p),)) for p in paras))
before = rss()
import time
start = time.perf_counter()
from convert.readers.language import settle_language
settle_language(doc, ReadOptions(), given=None)
print(rss() - before, (time.perf_counter() - start) * 1000)
"""


def best_ms(fn: Callable[[], object], rounds: int) -> float:
    """Milliseconds per call, best of three runs of ``rounds`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(rounds):
            fn()
        best = min(best, (time.perf_counter() - start) / rounds)
    return best * 1000


def rss_added(path: Path) -> tuple[float, float]:
    """(MB added, ms taken) by importing the identifier, loading its model and a first call."""
    out = subprocess.run([sys.executable, "-c", _RSS_PROBE.format(root=str(ROOT), path=str(path))],
                         capture_output=True, text=True, check=True)
    mb, ms = out.stdout.split()
    return float(mb), float(ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    items: dict[str, bytes] = {}
    if SEED is not None:
        seed = SEED.read_bytes()
        items["seed"] = seed
        head, _, body = seed.partition(b"\n\n")
        grown = body
        while len(head) + len(grown) < 5000:
            grown += b"\n\n" + body
        items["seed, 5 KB"] = head + b"\n\n" + grown[: 5000 - len(head)].rpartition(b"\n\n")[0]
    urdu = SHARED / "corpus-real" / "urdu"
    for path in sorted(urdu.glob("*.txt")) if urdu.is_dir() else ():
        items[f"urdu/{path.stem}"] = path.read_bytes()
    if not items:
        sys.exit("no seed and no corpus-real: nothing to measure")

    detect = ReadOptions()
    print(f"{'article':24}{'bytes':>7}{'read':>9}{'identify':>10}{'ratio':>7}{'given':>9}{'tag':>6}")
    worst = 0.0
    for name, data in items.items():
        tag = read(data, detect).meta.language  # warm: the model is loaded once per process
        given = ReadOptions(language=tag)
        doc = read(data, given)
        base = best_ms(lambda d=data, g=given: read(d, g), args.rounds)
        ident = best_ms(lambda d=doc: settle_language(d, detect, given=None), args.rounds)
        blocks = best_ms(lambda d=doc, t=tag: settle_language(d, detect, given=t), args.rounds)
        worst = max(worst, ident)
        print(f"{name:24}{len(data):>7}{base:>7.3f}ms{ident:>8.3f}ms{ident / base:>6.1f}x"
              f"{blocks:>7.3f}ms{tag:>6}")
    probe = SEED or next(iter(sorted(urdu.glob("*.txt"))))
    mb, ms = rss_added(probe)
    print(f"\nworst identification: {worst:.3f} ms per article (budget 1 ms)")
    print(f"identifier import + model load + first call: +{mb:.1f} MB RSS, {ms:.0f} ms "
          "(budget 50 MB)")


if __name__ == "__main__":
    main()
