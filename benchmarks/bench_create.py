"""Benchmark how batch workers create output files: shared output folder vs a private temp folder.

    .venv/bin/python benchmarks/bench_create.py                 # in the system temp folder
    .venv/bin/python benchmarks/bench_create.py --workdir DIR --rounds 5

Every output is written as a temp file and renamed onto its name. Creating a file holds its
folder's lock while the file system allocates an inode; on an ext4 without a journal (this VM)
that allocation checks every recently deleted inode of the block group, so for minutes after
many files were deleted one create costs up to ~0.8 ms of kernel CPU. Two workers creating their
temp files in the same output folder then spin on that lock, which is why
:func:`convert.batch.write_output` creates them in a private folder per worker and only renames
into the output folder.

Each round first deletes ``--poison`` files (the slow case, as after an earlier run's cleanup),
then lets ``--jobs`` processes write ``--files`` files each (4 kB to 50 kB, like the four
outputs of an article) both ways, alternating the order, and prints the children's CPU time and
the wall time of each way and their ratio. The real ``write_output`` is used for the private way.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.batch import write_output  # noqa: E402

SIZES = (12_000, 50_000, 15_000, 9_000)  # DOCX, PDF, EPUB, NewsML-G2 of a seed-sized article


def _shared(outdir: str, k: int, n: int) -> None:
    """The old way: temp file beside the output, in the folder every worker writes to."""
    for i in range(n):
        target = Path(outdir) / f"w{k}_{i}.out"
        tmp = Path(outdir) / f".w{k}_{i}.out.{os.getpid()}.part"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, b"x" * SIZES[i % 4])
        os.close(fd)
        os.replace(tmp, target)


def _private(outdir: str, k: int, n: int) -> None:
    """The batch way: convert.batch.write_output with the worker's own temp folder."""
    for i in range(n):
        write_output(Path(outdir) / f"w{k}_{i}.out", b"x" * SIZES[i % 4], outdir)


def _run(way: str, outdir: Path, jobs: int, n: int) -> tuple[float, float]:
    """(wall s, children CPU s) of ``jobs`` processes writing ``n`` files each."""
    outdir.mkdir()
    ctx = get_context("fork")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    procs = [ctx.Process(target=_shared if way == "shared" else _private,
                         args=(str(outdir), k, n)) for k in range(jobs)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _poison(work: Path, n: int) -> None:
    """Create and delete n files, as the cleanup of an earlier run does."""
    folder = work / f"poison-{time.monotonic_ns()}"
    folder.mkdir()
    for i in range(n):
        (folder / str(i)).touch()
    shutil.rmtree(folder)
    time.sleep(1.1)  # ext4 treats inodes deleted in the current second as not recent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--files", type=int, default=1000, help="files per worker and way")
    ap.add_argument("--poison", type=int, default=3000, help="files deleted before each round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench_create_", dir=args.workdir) as tmp:
        work = Path(tmp)
        print(f"jobs {args.jobs}, {args.files} files per worker, {args.poison} files deleted "
              f"before each round, in {work}")
        print(f"{'round':<6} {'shared wall s':>14} {'CPU s':>7} {'private wall s':>15} "
              f"{'CPU s':>7} {'CPU shared/private':>19}")
        ratios = []
        for r in range(args.rounds):
            _poison(work, args.poison)
            order = ("shared", "private") if r % 2 == 0 else ("private", "shared")
            got = {way: _run(way, work / f"{way}-{r}", args.jobs, args.files) for way in order}
            (sw, sc), (pw, pc) = got["shared"], got["private"]
            ratios.append(sc / pc if pc else float("nan"))
            print(f"{r + 1:<6} {sw:>14.2f} {sc:>7.2f} {pw:>15.2f} {pc:>7.2f} {ratios[-1]:>18.1f}x")
        ratios.sort()
        print(f"median CPU ratio shared/private: {ratios[len(ratios) // 2]:.1f}x")


if __name__ == "__main__":
    main()
