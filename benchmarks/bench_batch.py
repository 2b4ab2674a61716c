"""Benchmark batch conversion against pandoc, at the same parallelism, in one run.

    .venv/bin/python benchmarks/bench_batch.py               # 500 articles, -j = cores
    .venv/bin/python benchmarks/bench_batch.py -n 1000 -j 4
    .venv/bin/python benchmarks/bench_batch.py --profile     # cProfile of one worker, top costs

Generates N seed-sized articles (the seed with deterministic variations) in a temp folder, then:
1. ``newsconvert batch -t docx,pdf,epub,newsml -j N`` (the four formats of the published figures);
2. pandoc, one process per file and format as shell scripts do, N at a time, to DOCX and EPUB;
3. pandoc in-process: one pandoc per worker converting its share of the files with pandoc.read /
   pandoc.write from Lua (``pandoc lua`` where the installed pandoc has it, else the same script
   as a Lua filter run once, which is what pandoc 2.x offers).
Each phase runs in its own child process so CPU time and peak RSS are measured per phase
(getrusage of the children: CPU is the sum over all processes, peak RSS the largest process).

The newsconvert phase is short (seconds) next to pandoc's (tens of seconds), so one slow spell
of a shared machine can halve or double it. It therefore runs ``--repeat`` times (default 3),
spread before, between and after the pandoc phases; the table and the ratios use the run with
the median wall time, and every run's wall time and ratio is printed too.

``--baseline DIR`` also times another checkout of newsconvert (an older commit, for instance
``git worktree add ../base 888b39b``), run with the same Python and dependencies, ours and its
runs alternating. Both rates are then divided by the same pandoc runs, so whether a change made the
ratio drop is read without pandoc's own run-to-run swing (10-15 % on a shared machine).

Before each phase the cost of creating one file in the work folder is measured and printed
(:func:`create_cost_us`): newsconvert writes four files per article, so on a disk where
creating a file is slow that cost, not conversion, sets its rate. ``--workdir`` picks the disk.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SEED = next(iter(sorted((ROOT / "seeds").glob("*.txt"))))

LUA = r"""
-- Convert every file listed in $BENCH_LIST to DOCX and EPUB, timing each step (CPU seconds).
local list = os.getenv("BENCH_LIST")
local outdir = os.getenv("BENCH_OUT")
local t = {read = 0, docx = 0, epub = 0}
local function run()
  for path in io.lines(list) do
    local f = io.open(path, "rb"); local text = f:read("a"); f:close()
    local c0 = os.clock()
    local doc = pandoc.read(text, "markdown")
    local headline = text:match("^[^\n]*")
    doc.meta.title = pandoc.MetaString(headline)
    local c1 = os.clock()
    local docx = pandoc.write(doc, "docx")
    local c2 = os.clock()
    local epub = pandoc.write(doc, "epub3")
    local c3 = os.clock()
    local stem = path:match("([^/]+)%.txt$")
    local o = io.open(outdir .. "/" .. stem .. ".docx", "wb"); o:write(docx); o:close()
    o = io.open(outdir .. "/" .. stem .. ".epub", "wb"); o:write(epub); o:close()
    t.read = t.read + (c1 - c0); t.docx = t.docx + (c2 - c1); t.epub = t.epub + (c3 - c2)
  end
  io.stderr:write(string.format('{"read": %f, "docx": %f, "epub": %f}\n', t.read, t.docx, t.epub))
end
if FORMAT ~= nil then  -- loaded as a filter (pandoc 2.x): run once for the empty document
  return {{Pandoc = function(d) run(); return d end}}
end
run()
"""


# --------------------------------------------------------------------------- corpus


def generate(folder: Path, n: int) -> list[Path]:
    """N seed-sized articles: the seed's paragraphs rotated and lightly varied, per index."""
    lines = SEED.read_text(encoding="utf-8").split("\n\n")
    headline, paras = lines[0].strip(), [p.strip() for p in lines[1:] if p.strip()]
    out = []
    for i in range(n):
        rng = random.Random(i)
        k = i % len(paras)
        body = paras[k:] + paras[:k]
        words = body[0].split()
        for _ in range(3):  # swap a few words so no two articles are identical
            a, b = rng.randrange(len(words)), rng.randrange(len(words))
            words[a], words[b] = words[b], words[a]
        body = [" ".join(words), *body[1:]]
        text = f"{headline} (report {i + 1})\n\n" + "\n\n".join(body) + "\n"
        p = folder / f"article_{i:04d}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


# --------------------------------------------------------------------------- phases (children)


def _children_usage() -> dict[str, float]:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": ru.ru_utime + ru.ru_stime, "maxrss_kb": float(ru.ru_maxrss)}


#: What ``newsconvert batch`` writes here (the formats of the README's figures).
FORMATS = "docx,pdf,epub,newsml"


def phase_newsconvert(src: Path, out: Path, jobs: int, checkout: Path = ROOT) -> dict[str, object]:
    """``newsconvert batch`` of ``checkout`` (this one, or ``--baseline``'s) over the articles."""
    report = out.parent / f"{out.name}-report.json"
    t0 = time.perf_counter()
    # The four formats the published figures were measured with; `-t all` now also writes ninjs
    # and HTML, which would make the ratio against pandoc incomparable with earlier runs.
    proc = subprocess.run([PY, "-m", "convert", "batch", str(src), "-d", str(out), "-t", FORMATS,
                           "-j", str(jobs), "-q", "--force", "--report", str(report)],
                          cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout)},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"newsconvert batch failed ({proc.returncode}): {proc.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    per: dict[str, float] = {}
    for a in data["articles"]:
        for k, v in a["timings_ms"].items():
            per[k] = per.get(k, 0.0) + v
    n = len(data["articles"])
    return {"wall": wall, **_children_usage(), "n": n,
            "per_format_ms": {k: v / n for k, v in per.items()}}


def phase_pandoc_per_file(files: list[Path], out: Path, jobs: int) -> dict[str, object]:
    pandoc = shutil.which("pandoc")
    assert pandoc

    def one(path: Path) -> None:
        headline = path.read_text(encoding="utf-8").split("\n", 1)[0]
        for fmt, ext in (("docx", "docx"), ("epub3", "epub")):
            subprocess.run([pandoc, "-f", "markdown", "-t", fmt, "--metadata", f"title={headline}",
                            str(path), "-o", str(out / f"{path.stem}.{ext}")], check=True,
                           stdin=subprocess.DEVNULL)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, files))
    return {"wall": time.perf_counter() - t0, **_children_usage(), "n": len(files)}


def phase_pandoc_lua(files: list[Path], out: Path, jobs: int) -> dict[str, object]:
    pandoc = shutil.which("pandoc")
    assert pandoc
    script = out.parent / "batch.lua"
    script.write_text(LUA, encoding="utf-8")
    probe = out.parent / "probe.lua"
    probe.write_text('print("lua-ok")\n', encoding="utf-8")
    has_lua_cmd = "lua-ok" in subprocess.run([pandoc, "lua", str(probe)], capture_output=True,
                                             text=True, stdin=subprocess.DEVNULL).stdout
    shards = [files[i::jobs] for i in range(jobs)]

    def run(k: int) -> dict[str, float]:
        listing = out.parent / f"list{k}.txt"
        listing.write_text("".join(f"{p}\n" for p in shards[k]), encoding="utf-8")
        env = {**os.environ, "BENCH_LIST": str(listing), "BENCH_OUT": str(out)}
        cmd = ([pandoc, "lua", str(script)] if has_lua_cmd else
               [pandoc, "-f", "markdown", "-t", "plain", "--lua-filter", str(script), "/dev/null"])
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True,
                              stdin=subprocess.DEVNULL)
        return json.loads(proc.stderr.strip().splitlines()[-1])

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(run, range(jobs)))
    wall = time.perf_counter() - t0
    per = {k: sum(p[k] for p in parts) * 1000 / len(files) for k in ("read", "docx", "epub")}
    return {"wall": wall, **_children_usage(), "n": len(files), "per_format_ms": per,
            "mode": "pandoc lua" if has_lua_cmd else "lua filter (pandoc 2.x has no `pandoc lua`)"}


PHASES = {"newsconvert": phase_newsconvert, "baseline": phase_newsconvert,
          "pandoc-per-file": phase_pandoc_per_file, "pandoc-lua": phase_pandoc_lua}


def create_cost_us(work: Path, n: int = 300) -> float:
    """Microseconds to create, write and rename one small file in ``work`` (median of n).

    Shown next to the results because it varies by two orders of magnitude on one disk: on an
    ext4 without a journal (this VM) the inode allocator checks every recently deleted inode of
    the block group, so for minutes after many deletions a create costs up to ~0.8 ms of kernel
    CPU instead of ~20 us. newsconvert creates four files per ~9 ms article, pandoc two per
    ~80 ms, so a slow spell moves newsconvert's rate far more than pandoc's.
    """
    probe = work / f"probe-{time.monotonic_ns()}"
    probe.mkdir()
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        fd = os.open(probe / f".{i}.part", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, b"x" * 4096)
        os.close(fd)
        os.replace(probe / f".{i}.part", probe / f"{i}")
        times.append(time.perf_counter() - t0)
    return sorted(times)[n // 2] * 1e6


def describe_fs(folder: Path) -> str:
    """Mount point, file system type and, for ext4, whether it has a journal (Linux only).

    The README's figures differ by disk: on ext4 *without* a journal, creating files is slow
    for minutes after many deletions (see :func:`create_cost_us`); tmpfs and journaled ext4
    do not have that cost. Printed so a run can be matched to its row.
    """
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return "unknown (no /proc/self/mountinfo)"
    real = os.path.realpath(folder)
    best: tuple[str, str, str] | None = None
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 2:
            continue
        mount = fields[4].replace("\\040", " ")
        inside = real == mount or real.startswith(mount.rstrip("/") + "/")
        if inside and (best is None or len(mount) >= len(best[0])):
            best = (mount, tail[0], tail[1])
    if best is None:
        return "unknown"
    mount, fstype, source = best
    text = f"{mount} ({fstype} on {source}"
    if fstype == "ext4" and source.startswith("/dev/"):
        dev = os.path.basename(source)
        journal = Path(f"/proc/fs/jbd2/{dev}-8").exists()
        text += ", with a journal" if journal else \
            ", NO journal: creating files is slow for minutes after many deletions"
    return text + ")"


def run_phase(name: str, work: Path, jobs: int, run: int = 1,
              baseline: Path | None = None) -> dict[str, object]:
    """Run one phase in a fresh child process, into a folder of its own; its measurements.

    Every run gets a new empty output folder: deleting an earlier run's files just before a
    timed phase would make the file system discard their blocks during it (slower on this VM).
    """
    out = work / f"out-{name}-{run}"
    out.mkdir()
    create_us = create_cost_us(work)
    extra = ["--baseline", str(baseline)] if baseline is not None else []
    proc = subprocess.run([PY, __file__, "--phase", name, "--work", str(work), "-j", str(jobs),
                           "--run", str(run), *extra],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{proc.stderr[-3000:]}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "create_us": create_us}


# --------------------------------------------------------------------------- profile


def profile(work: Path, n: int) -> None:
    """cProfile one in-process worker converting n articles to all formats."""
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from convert.batching.config import BatchConfig, Task
    from convert.batching.worker import _Worker

    out = work / "out-profile"
    out.mkdir(exist_ok=True)
    files = sorted((work / "in").glob("*.txt"))[:n]
    w = _Worker(BatchConfig(outdir=str(out), formats=("docx", "pdf", "epub", "newsml")))
    tasks = [Task(str(p), p.name, w.config.formats) for p in files]
    prof = cProfile.Profile()
    prof.enable()
    for t in tasks:
        w.convert(t)
    prof.disable()
    stats = pstats.Stats(prof).sort_stats("cumulative")
    stats.print_stats(35)
    stats.sort_stats("tottime").print_stats(25)


# --------------------------------------------------------------------------- main


def _fmt_row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("-n", "--articles", type=int, default=500)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--run", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--profile", action="store_true", help="profile one worker, then exit")
    ap.add_argument("--no-pandoc", action="store_true", help="only time newsconvert")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="folder for the generated articles and all outputs (default: the "
                         "system temp folder); file creation costs differ between disks")
    ap.add_argument("--repeat", type=int, default=3,
                    help="newsconvert runs, spread around the pandoc phases (median is used)")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="another checkout of newsconvert to time beside this one (each run "
                         "alternates); both are divided by the same pandoc runs")
    args = ap.parse_args()
    if args.baseline is not None:
        args.baseline = args.baseline.resolve()
        if not (args.baseline / "convert" / "__init__.py").is_file():
            raise SystemExit(f"--baseline {args.baseline}: not a newsconvert checkout "
                             "(no convert/__init__.py)")

    if args.phase:  # child: run one phase, print JSON
        files = sorted((args.work / "in").glob("*.txt"))
        out = args.work / f"out-{args.phase}-{args.run}"
        if args.phase == "newsconvert":
            res = phase_newsconvert(args.work / "in", out, args.jobs)
        elif args.phase == "baseline":
            res = phase_newsconvert(args.work / "in", out, args.jobs, args.baseline)
        else:
            res = PHASES[args.phase](files, out, args.jobs)
        print(json.dumps(res))
        return

    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    # Time the tool as installed: pip compiles it, but an edited checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would recompile changed modules in every newsconvert run.
    compileall.compile_dir(ROOT / "convert", quiet=1)
    if args.baseline is not None:
        compileall.compile_dir(args.baseline / "convert", quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench_batch_", dir=args.workdir) as tmp:
        work = Path(tmp)
        args.work_root = work
        (work / "in").mkdir()
        generate(work / "in", args.articles)
        if hasattr(os, "sync"):
            os.sync()  # else the first timed phase that syncs (newsconvert's manifest) flushes them
        if args.profile:
            profile(work, min(args.articles, 100))
            return
        others = [] if args.no_pandoc else ["pandoc-per-file", "pandoc-lua"]
        if others and shutil.which("pandoc") is None:
            raise SystemExit("pandoc not found: apt-get install -y pandoc (or --no-pandoc)")
        runs: list[dict] = []
        base_runs: list[dict] = []
        results: dict[str, dict] = {}
        for i in range(max(1, args.repeat)):
            # With a baseline the two alternate, and which goes first alternates too.
            order = ["newsconvert", "baseline"] if args.baseline is not None else ["newsconvert"]
            for name in order if i % 2 == 0 else order[::-1]:
                (runs if name == "newsconvert" else base_runs).append(
                    run_phase(name, work, args.jobs, i + 1, args.baseline))
            if i < len(others):
                results[others[i]] = run_phase(others[i], work, args.jobs)
        for name in others[len(runs):]:  # --repeat 1: the pandoc phases after the single run
            results[name] = run_phase(name, work, args.jobs)
        for key, done in (("newsconvert", runs), ("baseline", base_runs)):
            if done:
                median = sorted(done, key=lambda r: r["wall"])[len(done) // 2]
                results[key] = {**median, "walls": [r["wall"] for r in done],
                                "creates": [r["create_us"] for r in done]}
        results = {k: results[k] for k in ("newsconvert", "baseline", *others) if k in results}
        report(results, args)


def report(results: dict[str, dict], args: argparse.Namespace) -> None:
    pandoc_v = ""
    if shutil.which("pandoc"):
        pandoc_v = subprocess.run(["pandoc", "--version"], capture_output=True,
                                  text=True).stdout.split("\n", 1)[0]
    print(f"cores: {os.cpu_count()}   jobs: {args.jobs}   articles: {args.articles}   "
          f"seed: {SEED.name} ({SEED.stat().st_size} bytes)   {pandoc_v}")
    print(f"work folder: {args.work_root}  on  {describe_fs(args.work_root)}")
    labels = {"newsconvert": ("newsconvert batch -t all", "docx+pdf+epub+newsml"),
              "baseline": ("baseline checkout, same", "docx+pdf+epub+newsml"),
              "pandoc-per-file": ("pandoc, process per file", "docx+epub"),
              "pandoc-lua": ("pandoc, Lua batch per worker", "docx+epub")}
    widths = [30, 22, 8, 11, 15, 12]
    print(_fmt_row(["run", "formats", "wall s", "articles/s", "CPU ms/article",
                    "peak RSS MB"], widths))
    for key, r in results.items():
        n = r["n"]
        print(_fmt_row([labels[key][0], labels[key][1], f"{r['wall']:.2f}",
                        f"{n / r['wall']:.1f}", f"{r['cpu'] * 1000 / n:.2f}",
                        f"{r['maxrss_kb'] / 1024:.0f}"], widths))
    nc = results["newsconvert"]
    if len(nc["walls"]) > 1:
        print(f"newsconvert runs (wall s, in order): "
              f"{', '.join(f'{w:.2f}' for w in nc['walls'])}; the table shows the median run")
    if "baseline" in results:
        print(f"baseline ({args.baseline}) runs (wall s, in order): "
              + ", ".join(f"{w:.2f}" for w in results["baseline"]["walls"]))
    print("file creation in the work folder before each run (us per create+write+rename): "
          + ", ".join(f"{key} {r['create_us']:.0f}" for key, r in results.items()
                      if key not in ("newsconvert", "baseline"))
          + ("; newsconvert " if len(results) > 1 else "newsconvert ")
          + ", ".join(f"{c:.0f}" for c in nc["creates"]))
    print("newsconvert per-article ms in a worker: " + ", ".join(
        f"{k} {v:.2f}" for k, v in nc["per_format_ms"].items()))
    if "baseline" in results:
        print("baseline per-article ms in a worker: " + ", ".join(
            f"{k} {v:.2f}" for k, v in results["baseline"]["per_format_ms"].items()))
    if "pandoc-lua" in results:
        pl = results["pandoc-lua"]
        print(f"pandoc in-process per-article CPU ms ({pl['mode']}): " + ", ".join(
            f"{k} {v:.2f}" for k, v in pl["per_format_ms"].items()))
        rate = nc["n"] / nc["wall"]
        ppf = results["pandoc-per-file"]
        r1 = rate / (ppf["n"] / ppf["wall"])
        r2 = rate / (pl["n"] / pl["wall"])
        print(f"ratio articles/s vs pandoc per file: {r1:.1f}x (target >= 10x, "
              f"{'met' if r1 >= 10 else 'NOT met'}); vs pandoc Lua batch: {r2:.1f}x")
        if len(nc["walls"]) > 1:
            each = [(nc["n"] / w) / (ppf["n"] / ppf["wall"]) for w in nc["walls"]]
            print("  vs pandoc per file, each newsconvert run: "
                  + ", ".join(f"{r:.1f}x" for r in each))
        if "baseline" in results:
            bl = results["baseline"]
            b1 = (bl["n"] / bl["wall"]) / (ppf["n"] / ppf["wall"])
            print(f"baseline vs the same pandoc runs: {b1:.1f}x; this checkout / baseline: "
                  f"{r1 / b1:.3f} (below 1: the ratio dropped)")
        for fmt in ("docx", "epub"):
            ours, theirs = nc["per_format_ms"][fmt], pl["per_format_ms"][fmt]
            print(f"  {fmt}: newsconvert {ours:.2f} ms vs pandoc in-process {theirs:.2f} ms "
                  f"-> {theirs / ours:.1f}x")
        print(f"  parse: newsconvert {nc['per_format_ms']['read']:.2f} ms vs pandoc "
              f"{pl['per_format_ms']['read']:.2f} ms")


if __name__ == "__main__":
    main()
