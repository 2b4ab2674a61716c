"""Benchmark how batch workers create output files: shared output folder vs private temp folders.

    .venv/bin/python benchmarks/bench_create.py                 # in the system temp folder
    .venv/bin/python benchmarks/bench_create.py --workdir DIR --rounds 5

Every output is written as a temp file and renamed onto its name. Creating a file holds its
folder's lock while the file system allocates an inode; on an ext4 without a journal (this VM)
that allocation checks every recently deleted inode of the block group, so for minutes after
many files were deleted one create costs up to ~0.8 ms of kernel CPU. Two workers creating their
temp files in the same output folder then spin on that lock, which is why
:func:`convert.batching.outputs.write_output` creates them in a private folder per worker and only renames
into the output folder. Since the fourth session the parts root also carries ``chattr +T``
(:func:`convert.batching.outputs.mark_top_of_hierarchy`), so ext4 puts each private folder in a block
group of its own, away from the deleted inodes.

Each round first deletes ``--poison`` files (the slow case, as after an earlier run's cleanup),
then lets ``--jobs`` processes write ``--files`` files each (4 kB to 50 kB, like the four
outputs of an article) three ways, rotating the order: ``shared`` (temp files in the output
folder), ``private, no +T`` (the real ``write_output`` with the flag switched off) and
``private`` (the real ``write_output``, as batch runs it). It prints each way's wall and
children's CPU time and the CPU ratios against ``private``.
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

from convert.batching.outputs import write_output  # noqa: E402

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
    """The batch way: convert.batching.outputs.write_output with the worker's own temp folder."""
    for i in range(n):
        write_output(Path(outdir) / f"w{k}_{i}.out", b"x" * SIZES[i % 4], outdir)


def _private_unspread(outdir: str, k: int, n: int) -> None:
    """Private temp folders without ``chattr +T``: the third session's way, for comparison."""
    import convert.batching.outputs as b

    b.mark_top_of_hierarchy = lambda path: False  # this child process only
    _private(outdir, k, n)


WAYS = {"shared": _shared, "unspread": _private_unspread, "private": _private}


def _run(way: str, outdir: Path, jobs: int, n: int) -> tuple[float, float]:
    """(wall s, children CPU s) of ``jobs`` processes writing ``n`` files each."""
    outdir.mkdir()
    ctx = get_context("fork")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    procs = [ctx.Process(target=WAYS[way], args=(str(outdir), k, n)) for k in range(jobs)]
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
        print(f"{'round':<6} {'shared wall/CPU s':>18} {'private, no +T':>15} "
              f"{'private (batch)':>16} {'CPU shared/private':>19} {'no +T/private':>14}")
        ratios: list[float] = []
        unspread: list[float] = []
        names = list(WAYS)
        for r in range(args.rounds):
            _poison(work, args.poison)
            order = names[r % 3:] + names[:r % 3]  # rotate which way meets the fresh deletions
            got = {way: _run(way, work / f"{way}-{r}", args.jobs, args.files) for way in order}
            (sw, sc), (uw, uc), (pw, pc) = got["shared"], got["unspread"], got["private"]
            ratios.append(sc / pc if pc else float("nan"))
            unspread.append(uc / pc if pc else float("nan"))
            print(f"{r + 1:<6} {sw:>9.2f}/{sc:<8.2f} {uw:>6.2f}/{uc:<8.2f} {pw:>7.2f}/{pc:<8.2f} "
                  f"{ratios[-1]:>18.1f}x {unspread[-1]:>13.1f}x")
        ratios.sort()
        unspread.sort()
        print(f"median CPU ratio shared/private: {ratios[len(ratios) // 2]:.1f}x; "
              f"private without +T / private: {unspread[len(unspread) // 2]:.1f}x")


if __name__ == "__main__":
    main()
