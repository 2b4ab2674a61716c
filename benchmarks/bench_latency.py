"""Single-conversion latency: one process per conversion of the seed, per format, beside pandoc.

Each row runs ``newsconvert convert SEED -o OUT.EXT`` (the installed console script, as a user
types it) ``--runs`` times in a fresh process and prints the median wall time and the median CPU
time (user + system, which a busy machine inflates less), against the issue's targets. pandoc
(Markdown to DOCX and to EPUB) and a bare ``python -c pass`` run in the same loop, interleaved
with newsconvert, so a busy spell of the machine hits every row alike.

    .venv/bin/python benchmarks/bench_latency.py            # the table
    .venv/bin/python benchmarks/bench_latency.py --imports  # where each format's imports go
    .venv/bin/python benchmarks/bench_latency.py --parts    # what the pieces cost on their own
    .venv/bin/python benchmarks/bench_latency.py --baseline ../base   # this checkout beside another

``--baseline DIR`` times another checkout (``git worktree add ../base <commit>``) in the same
loop: both run as ``python -m convert`` with their folder first on ``PYTHONPATH``, each with a
cache folder of its own (the PDF font copies, the fontpkg answers and the DOCX templates are
warmed once, and neither side's run invalidates the other's), so a change is read in one run,
whatever the machine's speed that hour.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = next(iter(sorted((ROOT / "seeds").glob("*.txt"))))
EXE = Path(sys.executable).parent / "newsconvert"
#: format, output extension, target in ms (issue #19)
FORMATS = (("newsml", ".xml", 80), ("epub", ".epub", 100), ("docx", ".docx", 100), ("pdf", ".pdf", 200))


class Failed(Exception):
    """A run that did not exit 0: its row says so, the other rows go on."""


def _timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall ms, CPU ms of the child) of one run; Failed when it does not exit 0.

    ``cwd``: ``python -m`` puts the working folder first on the import path, so a run meant for
    another checkout is started outside this one.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, check=False, cwd=cwd)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"]
        raise Failed(f"exit {proc.returncode}: {lines[-1][:100]}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


#: A row: name, command, target ms (None: a reference row), environment variables of its own.
Row = tuple[str, list[str], int | None, dict[str, str]]


def _rows(work: Path, baseline: Path | None = None) -> list[Row]:
    if baseline is None:
        rows: list[Row] = [
            (f"newsconvert {fmt}", [str(EXE), "convert", str(SEED), "-o", str(work / f"out{ext}")],
             target, {}) for fmt, ext, target in FORMATS]
    else:  # both checkouts the same way: python -m convert, own import path and cache folder
        rows = []
        for fmt, ext, target in FORMATS:
            for side, folder in (("this", ROOT), ("baseline", baseline)):
                out = work / f"{side}{ext}"
                rows.append((f"{side} {fmt}", [sys.executable, "-m", "convert", "convert", str(SEED),
                                               "-o", str(out)],
                             target if side == "this" else None,
                             {"PYTHONPATH": str(folder), "XDG_CACHE_HOME": str(work / f"cache-{side}")}))
    pandoc = shutil.which("pandoc")
    if pandoc:
        rows += [(f"pandoc md->{ext[1:]}", [pandoc, str(SEED), "-f", "markdown", "-o",
                                            str(work / f"pandoc{ext}")], None, {})
                 for ext in (".docx", ".epub")]
    rows.append(("python -c pass", [sys.executable, "-c", "pass"], None, {}))
    return rows


def _env(tmp: Path, bytecode: bool) -> dict[str, str]:
    """The children's environment: bytecode cached in a temp folder, as an installed program has.

    A checkout run with ``PYTHONDONTWRITEBYTECODE`` (as this VM sets it) compiles every module of
    ours from source in every process; ``--no-bytecode`` measures that.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def table(runs: int, bytecode: bool, baseline: Path | None = None) -> None:
    """Print median wall and CPU ms per row, interleaving the rows run by run."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp), bytecode)
        rows = _rows(Path(tmp), baseline)
        failed: dict[str, str] = {}
        for name, cmd, _, own in rows:  # warm the file cache and the font cache once
            try:
                _timed(cmd, {**env, **own}, Path(tmp))
            except Failed as exc:
                failed[name] = str(exc)
        walls: dict[str, list[float]] = defaultdict(list)
        cpus: dict[str, list[float]] = defaultdict(list)
        for _ in range(runs):
            for name, cmd, _, own in rows:
                if name not in failed:
                    wall, cpu = _timed(cmd, {**env, **own}, Path(tmp))
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"seed {SEED.name}, {runs} runs each, one process per conversion, "
          f"{os.cpu_count()} CPUs, load {load:.2f}, "
          + ("bytecode cached" if bytecode else "no bytecode cache (every module compiled)"))
    print(f"| {'what':<20} | wall ms (median) | CPU ms (median) | target ms |")
    print(f"|{'-' * 22}|------------------|-----------------|-----------|")
    for name, _, target, _ in rows:
        mark = "" if target is None else f"{target}"
        if name in failed:
            print(f"| {name:<20} | failed: {failed[name]}")
            continue
        print(f"| {name:<20} | {statistics.median(walls[name]):16.0f} | "
              f"{statistics.median(cpus[name]):15.0f} | {mark:>9} |")
    if baseline is not None:
        med = {name: statistics.median(values) for name, values in walls.items()}
        print(f"this checkout - baseline ({baseline}), median wall ms: " + ", ".join(
            f"{fmt} {med[f'this {fmt}'] - med[f'baseline {fmt}']:+.0f}"
            for fmt, _, _ in FORMATS if f"this {fmt}" in med and f"baseline {fmt}" in med))


#: What the pieces of a conversion cost on their own, each in a fresh interpreter (minus startup).
PARTS = (
    ("interpreter start-up", "pass"),
    ("click", "import click"),
    ("entry points (importlib.metadata)",
     "import importlib.metadata as m; m.entry_points(group='newsconvert.writers')"),
    ("the document model (msgspec Structs)", "import convert.model"),
    ("numpy", "import numpy"),
    ("language model (numpy, py3langid, unpickling)",
     "from py3langid.langid import MODEL_FILE, LanguageIdentifier as L; "
     "L.from_pickled_model(MODEL_FILE, norm_probs=False)"),
    ("lxml.etree", "import lxml.etree"),
    ("xml.sax.saxutils (urllib.request, ssl)", "import xml.sax.saxutils"),
    ("reportlab.platypus", "import reportlab.platypus"),
    ("text reader, imported", "import convert.readers.text"),
    ("command line modules", "import convert.cli.convert, convert.pipeline"),
)


def parts(runs: int, bytecode: bool) -> None:
    """Median wall ms of each piece in a fresh process, start-up subtracted, interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**_env(Path(tmp), bytecode), "OPENBLAS_NUM_THREADS": "1"}  # as the command sets
        cmds = [[sys.executable, "-c", code] for _, code in PARTS]
        for cmd in cmds:
            _timed(cmd, env)
        walls: dict[int, list[float]] = defaultdict(list)
        for _ in range(runs):
            for i, cmd in enumerate(cmds):
                walls[i].append(_timed(cmd, env)[0])
    start = statistics.median(walls[0])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"each piece alone, {runs} runs, median wall ms beyond start-up ({start:.0f} ms), "
          f"load {load:.2f}")
    for i, (name, _) in enumerate(PARTS[1:], 1):
        print(f"  {name:<48} {statistics.median(walls[i]) - start:6.0f}")


_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def imports(top: int, bytecode: bool) -> None:
    """Per format: the imports' share of the time, by top-level package (self time, ms)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp), bytecode)
        for fmt, ext, _ in FORMATS:
            cmd = [sys.executable, "-X", "importtime", "-m", "convert", "convert", str(SEED), "-o",
                   str(Path(tmp) / f"out{ext}")]
            subprocess.run(cmd, capture_output=True, env=env, check=True)  # bytecode written
            err = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stderr
            by_package: dict[str, float] = defaultdict(float)
            modules = set()
            for match in _LINE.finditer(err):
                name = match.group(4)
                by_package[name.split(".")[0]] += int(match.group(1)) / 1000
                modules.add(name)
            total = sum(by_package.values())
            shown = sorted(by_package.items(), key=lambda kv: -kv[1])[:top]
            print(f"{fmt}: {len(modules)} modules, {total:.0f} ms importing; "
                  + ", ".join(f"{k} {v:.0f}" for k, v in shown))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--imports", action="store_true", help="Where the import time goes instead.")
    parser.add_argument("--parts", action="store_true", help="What each piece costs on its own.")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="Compile every module in every run (PYTHONDONTWRITEBYTECODE=1).")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="Another checkout of newsconvert, timed in the same loop.")
    args = parser.parse_args()
    if args.baseline is not None and not (args.baseline / "convert" / "__init__.py").is_file():
        raise SystemExit(f"{args.baseline}: not a newsconvert checkout (no convert/__init__.py)")
    if not EXE.exists():
        raise SystemExit(f"{EXE} not found: pip install -e . first")
    if args.imports:
        imports(args.top, not args.no_bytecode)
    elif args.parts:
        parts(args.runs, not args.no_bytecode)
    else:
        table(args.runs, not args.no_bytecode, args.baseline.resolve() if args.baseline else None)


if __name__ == "__main__":
    main()
