"""Growth with article size: is every reader and writer linear, and does memory stay bounded?

Times the text and Markdown readers and every registered writer on articles of 0.1, 0.3 and 1 MB
(``--big`` adds 3 and 10 MB), written as one paragraph and as many paragraphs of about 60 words,
and prints each stage's growth exponent: the slope of log(time) against log(size), 1.0 for a
linear stage (issue #19's goal: at most 1.1). Then each format is converted once more at the
largest size by the command itself, in a fresh process, and its peak RSS is printed against the
budget of 10 times the input plus 100 MB.

    .venv/bin/python benchmarks/bench_growth.py              # 0.1, 0.3, 1 MB (about a minute)
    .venv/bin/python benchmarks/bench_growth.py --big        # and 3, 10 MB (a few minutes)
    .venv/bin/python benchmarks/bench_growth.py --script ur  # Urdu: the shaped-text path
    .venv/bin/python benchmarks/bench_growth.py --no-memory  # times only
"""

from __future__ import annotations

import argparse
import math
import random
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from convert.api import read
from convert.options import ReadOptions, WriteOptions
from convert.pipeline import default_cache
from convert.registry import writer_list
from convert.styles import load_style

MB = 1_000_000
LATIN = ("the minister said on Tuesday that flood relief would reach the southern districts of "
         "Sindh before the monsoon returned, and that the provincial government had asked for "
         "more boats; well-known long-term internationalisation of 2024-25 aid").split()
URDU = ("لاہور میں پاکستان سپر لیگ کا فائنل 25 ہزار شائقین نے دیکھا اور Lahore Qalandars نے "
        "180 رنز بنائے۔ کپتان نے کہا کہ یہ جیت پورے شہر کی ہے اور مزید معلومات دستیاب ہیں").split()
#: Words per paragraph in the "many" shape.
PARAGRAPH_WORDS = 60


def article(size: int, shape: str, script: str, markdown: bool = False) -> bytes:
    """An article of about ``size`` bytes: a headline, then one paragraph or many."""
    rnd = random.Random(size)
    words = URDU if script == "ur" else LATIN
    out: list[str] = []
    n = 0
    while n < size:
        w = rnd.choice(words)
        if markdown and rnd.random() < 0.03:
            w = f"*{w}*" if rnd.random() < 0.5 else f"[{w}](https://example.org/{len(out)})"
        out.append(w)
        n += len(w.encode()) + 1
    if shape == "one":
        body = " ".join(out) + "."
    else:
        body = "\n\n".join(" ".join(out[i:i + PARAGRAPH_WORDS]) + "."
                           for i in range(0, len(out), PARAGRAPH_WORDS))
    head = "---\nlanguage: ur\n---\n" if script == "ur" else ""
    return f"{head}A very long article\n\n{body}\n".encode()


def best(fn: Callable[[], object], repeat: int) -> float:
    """Shortest wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def exponent(sizes: list[float], times: list[float]) -> float:
    """Least-squares slope of log(time) against log(size) (NaN for a single size)."""
    if len(set(sizes)) < 2:
        return math.nan
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / \
        sum((x - mx) ** 2 for x in xs)


def timings(sizes: list[float], shapes: list[str], script: str, style: str,
            formats: list[str]) -> None:
    limit = ReadOptions(max_bytes=int(max(sizes) * MB) + (1 << 20))
    opts = WriteOptions(style=load_style(style), timestamp=datetime(2025, 1, 1, tzinfo=UTC),
                        font_cache=default_cache("fonts"))
    writers = [w for w in writer_list() if not formats or w.name in formats]
    warm = read(article(2000, "many", script), format="markdown", options=limit)
    for w in writers:  # fonts, templates and styles once, outside the timings
        w.write(warm, opts)
    head = "".join(f"{s:>9g} MB" for s in sizes)
    print(f"seconds per conversion ({script} text, {style} style, best of 2 below 1 MB)")
    print(f"{'shape':<6}{'stage':<10}{head}   exponent")
    for shape in shapes:
        data = {s: article(int(s * MB), shape, script) for s in sizes}
        marked = {s: article(int(s * MB), shape, script, markdown=True) for s in sizes}
        docs = {s: read(data[s], format="markdown", options=limit) for s in sizes}
        stages: list[tuple[str, Callable[[float], object]]] = [
            ("text", lambda s, d=data: read(d[s], format="text", options=limit)),
            ("markdown", lambda s, d=marked: read(d[s], format="markdown", options=limit)),
            *((w.name, lambda s, w=w, d=docs: w.write(d[s], opts)) for w in writers)]
        for name, run in stages:
            times = [best(lambda s=s, run=run: run(s), 2 if s < 1 else 1) for s in sizes]
            cells = "".join(f"{t:>12.3f}" for t in times)
            k = exponent(sizes, times)
            print(f"{shape:<6}{name:<10}{cells}   {k:5.2f}{'  > 1.1' if k > 1.1 else ''}",
                  flush=True)


#: Runs the command in the child and reports the child's own peak: a forked child's ``ru_maxrss``
#: counts the parent's memory it was forked with, so ``wait4`` would report this process's size.
_CHILD = """
import resource, runpy, sys
sys.argv = ["newsconvert", *sys.argv[1:]]
try:
    runpy.run_module("convert", run_name="__main__")
finally:
    try:
        kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
    except OSError:  # not Linux: may include the parent's memory at fork (an upper bound)
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    sys.stderr.write(f"\\npeak-kb {kb}\\n")
"""


def peak_rss(args: list[str]) -> float:
    """Peak resident memory of one ``newsconvert`` run (``args`` after the program), in MB."""
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])}: exit {proc.returncode}: {err[-2:]}")
    return int(err[-1].split()[1]) / 1024


def memory(size: float, shapes: list[str], script: str, style: str, formats: list[str]) -> None:
    budget = 10 * size + 100
    print(f"\npeak RSS of one `newsconvert convert` process at {size:g} MB "
          f"(budget: 10 x input + 100 MB = {budget:g} MB)")
    names = [w.name for w in writer_list() if not formats or w.name in formats]
    print(f"{'shape':<6}" + "".join(f"{n:>9}" for n in ("parse", *names)))
    limit = f"{int(size * 2) + 1}M"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for shape in shapes:
            src = work / f"{shape}.txt"
            src.write_bytes(article(int(size * MB), shape, script))
            cells = [peak_rss(["parse", str(src), "--max-input-size", limit])]
            for name in names:
                cells.append(peak_rss(["convert", str(src), "-t", name, "-o",
                                       str(work / f"out.{name}"), "--style", style,
                                       "--max-input-size", limit]))
            print(f"{shape:<6}" + "".join(f"{c:>8.0f}{'!' if c > budget else ' '}" for c in cells),
                  flush=True)
    print("(! marks a process over the budget)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big", action="store_true", help="also 3 and 10 MB")
    parser.add_argument("--sizes", default=None, help="sizes in MB, e.g. 0.1,0.3,1")
    parser.add_argument("--shapes", default="one,many", help="one, many or both (default)")
    parser.add_argument("--script", choices=("latin", "ur"), default="latin")
    parser.add_argument("--style", default="default")
    parser.add_argument("--formats", default="", help="writers to run (default: all)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak RSS table")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    sizes = ([float(s) for s in args.sizes.split(",")] if args.sizes
             else [0.1, 0.3, 1.0, *((3.0, 10.0) if args.big else ())])
    shapes = [s for s in args.shapes.split(",") if s]
    formats = [f for f in args.formats.split(",") if f]
    timings(sizes, shapes, args.script, args.style, formats)
    if not args.no_memory:
        memory(max(sizes), shapes, args.script, args.style, formats)


if __name__ == "__main__":
    main()
