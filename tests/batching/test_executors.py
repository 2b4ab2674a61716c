"""Executors: a process pool that survives crashed workers, either start method, and Dask."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import convert.batching.executors as executors
from convert.batching import batch as batch_fn
from convert.errors import EXIT_PARTIAL, NewsconvertError, UsageError
from tests.batching.helpers import (
    BAD,
    FORMATS,
    GOOD,
    HAS_VALIDATOR,
    PY,
    check_output,
    copy_corpus,
    env,
)
from tests.support import require

HAS_DASK = importlib.util.find_spec("distributed") is not None


def test_worker_process_crash_fails_only_its_articles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import convert.registry

    src = copy_corpus(tmp_path / "in", GOOD[:4])
    (src / "crash.txt").write_text("Crash me\n\nThis article kills its worker.\n", "utf-8")
    real_write = convert.registry.WriterSpec.write

    def write(self: object, doc: object, options: object) -> bytes:
        if doc.meta.headline == "Crash me":  # type: ignore[attr-defined]
            os._exit(7)
        return real_write(self, doc, options)  # type: ignore[arg-type]

    monkeypatch.setattr(convert.registry.WriterSpec, "write", write)
    monkeypatch.setattr(executors, "MP_START_METHOD", "fork")  # children inherit the patch
    res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=2)
    crashed = [a for a in res.articles if a.status == "failed"]
    # Articles in flight with the crash (its own submission's among them: CHUNK articles go to a
    # worker at a time) are run again, alone: only the culprit fails.
    assert executors.CHUNK > 1
    assert [a.name for a in crashed] == ["crash.txt"], [(a.name, a.error) for a in res.articles]
    assert crashed[0].error == ("worker process died while converting (BrokenProcessPool); "
                                "run again to retry")
    assert res.converted == 4
    monkeypatch.setattr(convert.registry.WriterSpec, "write", real_write)
    (src / "crash.txt").unlink()
    res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=2)
    assert res.failed == 0 and res.converted + res.skipped == 4, [a.error for a in res.articles]


def test_pool_that_keeps_dying_stops_the_run(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import convert.registry

    src = copy_corpus(tmp_path / "in", GOOD[:6])

    def write(self: object, doc: object, options: object) -> bytes:
        if doc.meta.headline != "Warm-up":  # type: ignore[attr-defined]
            os._exit(7)  # every article kills its worker
        return b""

    monkeypatch.setattr(convert.registry.WriterSpec, "write", write)
    monkeypatch.setattr(executors, "MP_START_METHOD", "fork")
    seen: list[str] = []
    with pytest.raises(NewsconvertError, match="keep dying"):
        batch_fn(src, tmp_path / "out", formats="newsml", jobs=2,
                 progress=lambda a: seen.append(a.status))
    assert seen and set(seen) == {"failed"}


def test_workers_fork_from_a_warm_parent_only_without_threads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executors, "MP_START_METHOD", None)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert executors.start_method() == ("fork" if sys.platform == "linux" else "spawn")
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a host program's thread
    assert executors.start_method() == "spawn"
    monkeypatch.setattr(executors, "MP_START_METHOD", "forkserver")
    assert executors.start_method() == "forkserver"


@pytest.mark.parametrize("host_thread", [False, True], ids=["fork", "spawn"])
def test_pool_works_with_either_start_method(tmp_path: Path, host_thread: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:3])
    used: list[str] = []
    real = executors.start_method
    monkeypatch.setattr(executors, "start_method", lambda: used.append(real()) or used[-1])
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    if host_thread:
        thread.start()
    try:
        alone = threading.active_count() == 1 and sys.platform == "linux"
        res = batch_fn(src, tmp_path / "out", formats=("newsml", "epub"), jobs=2)
    finally:
        stop.set()
    assert used == ["fork" if alone else "spawn"]
    if host_thread:
        assert used == ["spawn"]
    assert (res.converted, res.failed) == (3, 0), [a.error for a in res.articles]
    for name in GOOD[:3]:
        check_output("epub", tmp_path / "out" / f"{name}.epub")


@pytest.mark.skipif(sys.platform != "linux", reason="workers fork only on Linux")
@pytest.mark.parametrize("host_froze", [False, True], ids=["host-unfrozen", "host-frozen"])
def test_forked_workers_inherit_a_frozen_heap_and_the_host_gets_its_collector_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host_froze: bool) -> None:
    """Workers start with the warm-up's objects frozen; the calling process is as it was after."""
    import gc

    monkeypatch.setattr(executors, "start_method", lambda: "fork")
    src = copy_corpus(tmp_path / "in", GOOD[:2])
    gc.unfreeze()
    if host_froze:
        gc.freeze()
    before = gc.get_freeze_count()
    try:
        res = batch_fn(src, tmp_path / "out", formats="newsml", jobs=2)
        after = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert res.converted == 2
    assert (after == before) if not host_froze else (after >= before > 0)
    # The pool froze the parent's heap before forking: the workers inherited it frozen.
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import gc, sys\n"
        "from convert.batching import batch\n"
        "from convert.batching import worker\n"
        "real = worker._Worker.convert\n"
        "def convert(self, task):\n"
        "    res = real(self, task)\n"
        "    res.warnings = [*res.warnings, f'frozen={gc.get_freeze_count()}']\n"
        "    return res\n"
        "worker._Worker.convert = convert\n"
        "if __name__ == '__main__':\n"
        "    r = batch(sys.argv[1], sys.argv[2], formats='newsml', jobs=2)\n"
        "    print(sorted({w for a in r.articles for w in a.warnings if w.startswith('frozen=')}))\n"
        "    print('parent', gc.get_freeze_count())\n", encoding="utf-8")
    done = subprocess.run([PY, str(probe), str(src), str(tmp_path / "out2")], capture_output=True,
                          text=True, check=False, env=env(), timeout=120)
    assert done.returncode == 0, done.stderr
    workers, parent = done.stdout.splitlines()[-2:]
    assert "frozen=0" not in workers and "frozen=" in workers, workers
    assert parent == "parent 0"


def test_up_to_date_run_starts_no_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_corpus(tmp_path / "in", GOOD[:2])
    assert batch_fn(src, tmp_path / "out", formats="newsml", jobs=1).converted == 2

    def no_pool(*_: object) -> None:
        raise AssertionError("a pool was started with nothing to do")

    monkeypatch.setattr(executors, "new_pool", no_pool)
    assert batch_fn(src, tmp_path / "out", formats="newsml", jobs=2).skipped == 2


# --------------------------------------------------------------------------- Dask


def _dask_inputs(tmp_path: Path) -> Path:
    return copy_corpus(tmp_path / "in", [*GOOD[:3], BAD[0]])


def _check_dask_result(res: object, out: Path) -> None:
    assert res.scheduler  # type: ignore[attr-defined]
    assert (res.converted, res.failed) == (3, 1)  # type: ignore[attr-defined]
    for a in res.articles:  # type: ignore[attr-defined]
        for fmt, rel in a.outputs.items():
            check_output(fmt, out / rel)


def test_dask_local_cluster_end_to_end(tmp_path: Path) -> None:
    require(HAS_DASK, "dask distributed is not installed")
    import distributed

    src = _dask_inputs(tmp_path)
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        res = batch_fn(src, out, formats=FORMATS, scheduler=cluster.scheduler_address,
                       validate=HAS_VALIDATOR)
    _check_dask_result(res, out)
    again = batch_fn(src, out, formats=FORMATS, jobs=1, validate=HAS_VALIDATOR)
    assert again.converted == 0 and again.skipped == 3  # same manifest, whatever the executor


def _wait_for_file(path: Path, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() or path.stat().st_size == 0:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"dask scheduler did not start (rc={proc.poll()})")
        time.sleep(0.1)


def test_dask_scheduler_and_worker_subprocesses_via_cli(tmp_path: Path) -> None:
    """A scheduler and a worker as separate processes (``dask scheduler`` / ``dask worker``).

    They run as ``python -m distributed.cli.dask_scheduler`` (what the ``dask`` command calls)
    with this interpreter, so no script on PATH or in a particular virtualenv is needed.
    """
    require(HAS_DASK, "dask distributed is not installed")
    src = _dask_inputs(tmp_path)
    out = tmp_path / "out"
    sched_file = tmp_path / "scheduler.json"
    procs: list[subprocess.Popen] = []
    try:
        procs.append(subprocess.Popen(
            [PY, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(sched_file)],
            env=env(), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        _wait_for_file(sched_file, procs[0], 60)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        procs.append(subprocess.Popen(
            [PY, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1",
             "--nthreads", "1", "--nworkers", "1", "--no-dashboard"],
            env=env(), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        report = tmp_path / "report.json"
        proc = subprocess.run([PY, "-m", "convert", "batch", str(src), "-d", str(out),
                               "-t", ",".join(FORMATS), "--scheduler", address,
                               "--report", str(report)],
                              capture_output=True, text=True, env=env(), timeout=240,
                              stdin=subprocess.DEVNULL)
        assert proc.returncode == EXIT_PARTIAL, proc.stderr
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["scheduler"] == address
        assert data["summary"]["converted"] == 3 and data["summary"]["failed"] == 1
        for a in data["articles"]:
            for fmt, rel in a["outputs"].items():
                check_output(fmt, out / rel)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)


def test_dask_unreachable_scheduler_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require(HAS_DASK, "dask distributed is not installed")
    monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT", "2s")
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(UsageError, match="cannot connect"):
        batch_fn(_dask_inputs(tmp_path), tmp_path / "out", formats="newsml",
                 scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - start < 30
