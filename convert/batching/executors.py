"""Where a batch's tasks run: in this process, in a process pool that survives crashes, or on Dask."""

from __future__ import annotations

import concurrent.futures as cf
import gc
import itertools
import sys
import threading
from collections.abc import Iterator

from ..errors import NewsconvertError, UsageError
from .config import BatchConfig, Task
from .results import FAILED, ArticleResult
from .worker import describe_error, init_worker, run_task, run_tasks

#: How a process pool starts workers; None chooses per run (see :func:`start_method`).
MP_START_METHOD: str | None = None
#: In-flight tasks per worker: enough to keep workers busy, small enough to keep memory flat.
WINDOW_PER_WORKER = 4
#: Articles sent to a pool worker in one submission. Each submission costs ~0.19 ms of CPU in
#: the pool's machinery (pickling, pipes, thread wake-ups; 0.13 of it in the parent, which
#: shares the cores with the workers), about 4 % of a seed article's conversion; four share it.
#: Small, so the run's last submissions end close together.
CHUNK = 4
#: Pool restarts in a row (no article finished in between) before the run gives up.
MAX_POOL_RESTARTS = 3
#: How long to wait for a Dask scheduler to answer before giving up.
DASK_CONNECT_TIMEOUT = "20s"


def run_inline(tasks: Iterator[Task], config: BatchConfig) -> Iterator[ArticleResult]:
    """Each task in this process, one after the other (``jobs=1``)."""
    for task in tasks:
        yield run_task(task, config)


def crash_result(task: Task, exc: BaseException) -> ArticleResult:
    """The result of a task whose worker process died under it."""
    return ArticleResult(input=task.path, name=task.rel, status=FAILED,
                         error=f"worker process died while converting ({type(exc).__name__}); "
                               "run again to retry")


def start_method() -> str:
    """"fork" from a warmed-up parent where that is safe, else "spawn".

    Forked workers inherit the parent's loaded writers, fonts, templates and schemas, so a run
    pays the warm-up once (about 0.25 s) instead of once per worker plus an interpreter start
    and imports (about 0.4 s CPU each). Fork is only safe while the parent runs no other thread
    (a thread holding a lock at fork time would leave it locked in the child forever), so a
    host program with threads (a notebook, a web server, Dask) gets "spawn", as does any
    platform without a cheap copy-on-write fork.
    """
    if MP_START_METHOD:
        return MP_START_METHOD
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def new_pool(config: BatchConfig, jobs: int) -> cf.ProcessPoolExecutor:
    """A process pool of ``jobs`` warm workers, started the way :func:`start_method` says."""
    import multiprocessing

    method = start_method()
    if method == "fork":
        init_worker(config)  # warm up here once; every forked worker inherits it
        # What the workers inherit (modules, fonts, templates, compiled patterns) is moved out of
        # the collector's reach, as the gc docs advise before fork(): a worker's collections then
        # neither walk it nor write to its pages, which forked processes share until written
        # (3 % of a 500-article run's wall time). run_pool gives the parent its collector back.
        gc.freeze()
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                  initializer=init_worker, initargs=(config,))


def run_pool(tasks: Iterator[Task], config: BatchConfig, jobs: int) -> Iterator[ArticleResult]:
    """A process pool fed through a bounded window; a crashed pool is replaced and work goes on.

    When a worker dies, the pool fails every task in flight, not only the one that killed it.
    Those suspects run once more in the new pool, one at a time, so only the article that
    breaks a pool on its own is reported as failed; a task whose submission found the pool
    already broken never started and simply goes again.
    """
    from concurrent.futures.process import BrokenProcessPool

    first = next(tasks, None)
    if first is None:  # everything up to date: start no processes at all
        return
    tasks = itertools.chain([first], tasks)
    # Submissions in flight (each up to CHUNK tasks): one running and one waiting per worker.
    window = max(2, 2 * jobs)
    pending: dict[cf.Future[list[ArticleResult]], list[Task]] = {}
    retry: list[Task] = []  # in flight when a pool broke, or refused by a broken pool
    broke_once: set[Task] = set()
    frozen_before = gc.get_freeze_count()  # a host program's own gc.freeze() is left as it was
    pool = new_pool(config, jobs)
    crashes = 0
    try:
        while True:
            broken = False
            while len(pending) < (1 if broke_once else window):  # suspects run alone
                if retry:
                    chunk = [retry.pop()]  # a suspect, or a task a broken pool refused
                else:
                    chunk = list(itertools.islice(tasks, 1 if broke_once else CHUNK))
                if not chunk:
                    break
                try:
                    pending[pool.submit(run_tasks, chunk, config)] = chunk
                except BrokenProcessPool:
                    retry.extend(reversed(chunk))  # never started: not to blame
                    broken = True
                    break
            if not pending and not retry:
                break
            # A broken pool resolves all its futures at once: then collect every one of them,
            # keeping the results of tasks that finished before the break.
            done, _ = cf.wait(pending, return_when=cf.ALL_COMPLETED if broken
                              else cf.FIRST_COMPLETED)
            while done:
                for fut in done:
                    chunk = pending.pop(fut)
                    try:
                        results = fut.result()
                    except BrokenProcessPool as exc:
                        broken = True
                        for task in chunk:
                            if task in broke_once:
                                broke_once.discard(task)
                                yield crash_result(task, exc)
                            else:
                                broke_once.add(task)
                                retry.append(task)
                    except Exception as exc:
                        for task in chunk:
                            yield ArticleResult(input=task.path, name=task.rel, status=FAILED,
                                                error=describe_error(exc, task.rel))
                    else:
                        crashes = 0
                        for task, res in zip(chunk, results, strict=True):
                            broke_once.discard(task)
                            yield res
                done = cf.wait(pending)[0] if broken and pending else set()
            if broken:
                crashes += 1
                if crashes > MAX_POOL_RESTARTS:
                    for task in retry:
                        yield crash_result(task, BrokenProcessPool())
                    raise NewsconvertError(
                        "worker processes keep dying before finishing any article (a script "
                        "calling batch() needs an `if __name__ == \"__main__\":` guard)")
                # wait: the broken pool's manager thread must be gone before the next fork
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool(config, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if not frozen_before:
            gc.unfreeze()


def run_dask(tasks: Iterator[Task], config: BatchConfig,
              scheduler: str) -> Iterator[ArticleResult]:
    """The same task on a Dask distributed cluster (``pip install newsconvert[dask]``).

    Workers must see the input and output folders at the same paths (a shared file system) and
    have newsconvert installed. Each worker process keeps its warm state across tasks.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'newsconvert[dask]'") from None
    try:
        client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot connect to the Dask scheduler {scheduler}: {exc}") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        window = max(2, threads * WINDOW_PER_WORKER)
        ac = as_completed(loop=client.loop)
        pending: dict[str, Task] = {}

        def submit() -> bool:
            task = next(tasks, None)
            if task is None:
                return False
            fut = client.submit(run_task, task, config, pure=False)
            pending[fut.key] = task
            ac.add(fut)
            return True

        while len(pending) < window and submit():
            pass
        for fut in ac:
            task = pending.pop(fut.key)
            try:
                yield fut.result()
            except Exception as exc:
                yield ArticleResult(input=task.path, name=task.rel, status=FAILED,
                                    error=f"dask task failed: {type(exc).__name__}: {exc}")
            fut.release()
            submit()
    finally:
        client.close()
