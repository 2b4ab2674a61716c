"""Results: counts and the summary line, report entries, and the streamed report's temp file."""

from __future__ import annotations

import json
from pathlib import Path

from convert.batching import ArticleResult, BatchConfig, BatchResult
from convert.batching.results import Orphan, ReportWriter


def _results() -> list[ArticleResult]:
    return [ArticleResult("/in/a.txt", "a.txt", "converted", {"pdf": "a.pdf", "docx": "a.docx"},
                          {"read": 0.0012345, "total": 0.5}, sha256="0" * 64),
            ArticleResult("/in/b.txt", "b.txt", "skipped"),
            ArticleResult("/in/c.txt", "c.txt", "failed", error="empty article")]


def test_counts_summary_and_exit_code() -> None:
    res = BatchResult(_results(), Path("/out"), ("docx", "pdf"), jobs=2, elapsed=0.5)
    assert (res.converted, res.skipped, res.failed, res.total, res.exit_code) == (1, 1, 1, 3, 6)
    assert res.summary() == "converted 1, skipped 1, failed 1 in 0.50 s (2.0 articles/s)"
    counted = BatchResult([], Path("/out"), ("docx",), 1, 0.0, counts={"converted": 4})
    assert (counted.total, counted.articles_per_second, counted.exit_code) == (4, 0.0, 0)


def test_report_entries() -> None:
    entry = _results()[0].to_dict()
    assert entry == {"input": "/in/a.txt", "name": "a.txt", "status": "converted",
                     "outputs": {"docx": "a.docx", "pdf": "a.pdf"},
                     "timings_ms": {"read": 1.234, "total": 500.0}, "error": None,
                     "warnings": [], "sha256": "0" * 64}


def test_warnings_are_counted_and_summarised() -> None:
    results = _results()
    results[0].warnings = ["PDF: no installed font has Korean (Hangul) 간 and 3 more"]
    res = BatchResult(results, Path("/out"), ("pdf",), jobs=1, elapsed=0.5)
    assert res.warned == 1 and res.summary_dict()["warned"] == 1
    assert res.summary().startswith("converted 1, skipped 1, failed 1, 1 with warnings in ")
    assert res.to_dict()["articles"][0]["warnings"] == results[0].warnings


def test_streamed_report_equals_the_whole_one(tmp_path: Path) -> None:
    config = BatchConfig(outdir="/out", formats=("docx", "pdf"))
    res = BatchResult(_results(), Path("/out"), ("docx", "pdf"), jobs=2, elapsed=0.5,
                      orphans=[Orphan("/in/gone.txt", "gone.txt", {"gone.pdf": "removed"})])
    with ReportWriter(tmp_path / "r.json", config, 2, None) as sink:
        for a in res.articles:
            sink.add(a)
        sink.finish(res)
    streamed = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert streamed == res.to_dict()
    assert list(streamed) == ["newsconvert", "outdir", "formats", "jobs", "scheduler",
                              "articles", "summary", "orphans"]
    assert streamed["orphans"] == [{"input": "/in/gone.txt", "name": "gone.txt",
                                    "outputs": {"gone.pdf": "removed"}}]
    assert streamed["summary"]["pruned"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_abandoned_report_leaves_nothing(tmp_path: Path) -> None:
    config = BatchConfig(outdir="/out", formats=("docx",))
    try:
        with ReportWriter(tmp_path / "r.json", config, 1, None) as sink:
            sink.add(_results()[0])
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert list(tmp_path.iterdir()) == []


def test_warnings_fail_the_run_only_with_fail_on_warning_and_never_mask_failures() -> None:
    results = _results()[:2]
    results[0].warnings = ["PDF: no installed font has Korean (Hangul) 간"]
    plain = BatchResult(results, Path("/out"), ("pdf",), jobs=1, elapsed=0.5)
    strict = BatchResult(results, Path("/out"), ("pdf",), jobs=1, elapsed=0.5, fail_on_warning=True)
    assert (plain.exit_code, strict.exit_code) == (0, 7)
    failing = BatchResult(_results(), Path("/out"), ("pdf",), 1, 0.5, fail_on_warning=True)
    failing.articles[0].warnings = ["a warning"]
    assert failing.exit_code == 6


def test_summary_counts_the_outputs_of_gone_inputs() -> None:
    res = BatchResult(_results()[:1], Path("/out"), ("pdf",), 1, 0.5, orphans=[
        Orphan("/in/x.txt", "x.txt", {"x.pdf": "left", "x.xml": "left"}),
        Orphan("/in/y.txt", "y.txt", {"y.pdf": "removed", "y.xml": "changed"})])
    assert res.summary().startswith("converted 1, skipped 0, failed 0, 1 outputs of gone inputs "
                                    "removed, 2 outputs of gone inputs left (--prune removes them) in")
    assert (res.summary_dict()["orphaned"], res.summary_dict()["pruned"]) == (2, 1)
