"""Score the HTML reader on ``../shared/corpus-html`` (60 real pages) and time it beside trafilatura.

The scoring rule is the corpus README's (the Article Extraction Benchmark's): 4-token shingles
of ``\\w+`` tokens, per-page precision and recall, their means over the pages, F1 of the means.
The body text of a page is what ``newsconvert parse PAGE --json`` gives: the text of the body
blocks in order, joined with newlines. Also reported: headline, byline and date accuracy, and
milliseconds per page for the reader and for bare trafilatura (``extract``, text output, in the
same process). ``tests/readers/test_corpus_html.py`` imports the scorer from here.

    .venv/bin/python benchmarks/html_corpus.py [--pages N] [--rounds R] [--worst K]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-token shingles with multiplicity (1-4 tokens: one shingle; no tokens: none)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) <= 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))


@dataclass(frozen=True)
class PageScore:
    """One page: precision and recall, and whether each counts in the means."""

    precision: float
    recall: float
    extracted: bool
    has_truth: bool


def score_page(extracted: str, truth: str) -> PageScore:
    """TP/FP/FN over shingle counts, as the README defines them."""
    got, want = shingles(extracted), shingles(truth)
    tp = sum(min(got[k], want[k]) for k in got.keys() & want.keys())
    fp = sum(max(0, n - want.get(k, 0)) for k, n in got.items())
    fn = sum(max(0, n - got.get(k, 0)) for k, n in want.items())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return PageScore(precision, recall, bool(got), bool(want))


@dataclass(frozen=True)
class CorpusScore:
    """Means over the pages and their F1 (of the means, not the mean of page F1s)."""

    precision: float
    recall: float
    f1: float


def score_corpus(pages: Iterable[PageScore]) -> CorpusScore:
    """Precision over pages with an extraction, recall over pages with a truth, F1 of the two."""
    pages = list(pages)
    precisions = [p.precision for p in pages if p.extracted]
    recalls = [p.recall if p.extracted else 0.0 for p in pages if p.has_truth]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CorpusScore(precision, recall, f1)


def body_text(parsed: dict) -> str:
    """The body text of ``parse --json`` output: each block's text, a list's items, in order."""
    out = []
    for block in parsed.get("body", ()):
        if block.get("type") == "list":
            out.extend(block.get("items", ()))
        else:
            out.append(block.get("text", ""))
    return "\n".join(out)


# --------------------------------------------------------------------------- the corpus


CORPUS = ROOT.parent / "shared" / "corpus-html"


def load_corpus(folder: Path = CORPUS) -> dict[str, tuple[bytes, dict]]:
    """``{page id: (decompressed page bytes, ground truth entry)}``; empty when absent."""
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        return {}
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    return {key: (gzip.decompress((folder / f"{key}.html.gz").read_bytes()), entry)
            for key, entry in sorted(truth.items()) if (folder / f"{key}.html.gz").is_file()}


def page_titles(data: bytes) -> list[str]:
    """The page's ``<title>`` and ``og:title`` (what the README compares the headline with)."""
    from lxml import html

    root = html.document_fromstring(data.decode("utf-8", "replace"))
    titles = [" ".join((root.findtext(".//title") or "").split())]
    titles += [" ".join((v or "").split()) for v in root.xpath("//meta[@property='og:title']/@content")]
    return [t for t in titles if t]


def words(text: str) -> str:
    """Words only, case folded (quotes and dashes differ between title and og:title)."""
    return " ".join(_TOKEN.findall(text.casefold()))


def headline_right(headline: str, titles: list[str]) -> bool:
    """The headline is a title or og:title, or all of one but the site's or section's name.

    That is: its words are a run of whole separator-delimited segments of one of them, at least
    half of that title's words.
    """
    from convert.readers.html_head import segments

    key = words(headline)
    if not key:
        return False
    for title in titles:
        parts = segments(title)
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                if words(" ".join(parts[i:j])) == key and len(key.split()) * 2 >= len(words(title).split()):
                    return True
    return False


# --------------------------------------------------------------------------- running it


def read_page(data: bytes, name: str) -> dict:
    """The reader's ``parse --json`` model of one page (``{}`` when it refuses the page)."""
    from convert.errors import NewsconvertError
    from convert.model import to_dict
    from convert.options import ReadOptions
    from convert.readers.html import read

    try:
        return to_dict(read(data, ReadOptions(origin=name)))
    except NewsconvertError:
        return {}


def per_page_ms(fn: Callable[[bytes], object], items: list[bytes], rounds: int) -> float:
    """Milliseconds per page, best of ``rounds`` passes."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for data in items:
            fn(data)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best * 1000


def bare_trafilatura(data: bytes, **options: object) -> str:
    """Trafilatura on its own, as its docs show it: ``extract`` to text, no comments."""
    import trafilatura

    return trafilatura.extract(data.decode("utf-8", "replace"), include_comments=False, **options) or ""


EXPECT = ROOT / "tests" / "fixtures" / "html" / "corpus-expect.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--rounds", type=int, default=3, help="timing passes (best is kept)")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    corpus = load_corpus()
    if not corpus:
        raise SystemExit(f"corpus not found at {CORPUS}")
    expect = json.loads(EXPECT.read_text(encoding="utf-8"))["pages"] if EXPECT.is_file() else {}
    keys = list(corpus)[: args.pages or None]
    ours, bare, fast = [], [], []
    heads = bylines = dates = 0
    rows = []
    for key in keys:
        data, truth = corpus[key]
        parsed = read_page(data, key)
        meta = parsed.get("meta", {})
        score = score_page(body_text(parsed), truth["articleBody"])
        ours.append(score)
        bare.append(score_page(bare_trafilatura(data), truth["articleBody"]))
        fast.append(score_page(bare_trafilatura(data, fast=True), truth["articleBody"]))
        heads += headline_right(meta.get("headline", ""), page_titles(data))
        want = expect.get(key, {})
        bylines += meta.get("byline") == want.get("byline")
        dates += meta.get("date") == want.get("date")
        rows.append((min(score.precision, score.recall), key, score, truth["url"], meta.get("headline", "")))
    for name, scores in (("newsconvert", ours), ("trafilatura", bare), ("  fast=True", fast)):
        total = score_corpus(scores)
        print(f"{name:12} F1 {total.f1:.4f}  precision {total.precision:.4f}  recall {total.recall:.4f}"
              f"  ({len(scores)} pages)")
    print(f"headline right: {heads}/{len(keys)} (title or og:title without the site's name)")
    if expect:
        print(f"byline right: {bylines}/{len(keys)}, date right: {dates}/{len(keys)} "
              f"(as each page states them: {EXPECT.relative_to(ROOT)})")
    for _, key, score, url, headline in sorted(rows)[: args.worst]:
        print(f"  {key[:8]} P {score.precision:.3f} R {score.recall:.3f} {url[:60]}  | {headline[:50]}")
    if not args.no_timing:
        _timing([corpus[k][0] for k in keys], args.rounds)


def _timing(items: list[bytes], rounds: int) -> None:
    """Milliseconds per page: the reader, trafilatura inside it, and trafilatura alone."""
    from convert.options import ReadOptions
    from convert.readers.html import read
    from convert.readers.html_extract import extract
    from convert.readers.html_source import parse_html

    options = ReadOptions(origin="page")
    trees = [parse_html(d.decode("utf-8"), "page") for d in items]
    read(items[0], options)
    bare_trafilatura(items[0])
    mine = per_page_ms(lambda d: read(d, options), items, rounds)
    tree_iter = iter(trees * (rounds + 1))
    inside = per_page_ms(lambda _d: extract(next(tree_iter)), items, rounds)
    theirs = per_page_ms(bare_trafilatura, items, rounds)
    theirs_fast = per_page_ms(lambda d: bare_trafilatura(d, fast=True), items, rounds)
    print(f"ms per page: newsconvert {mine:.1f} (trafilatura inside it {inside:.1f}, the rest "
          f"{mine - inside:.1f}); bare trafilatura {theirs:.1f}, fast=True {theirs_fast:.1f} "
          f"(trafilatura {_version()})")


def _version() -> str:
    import trafilatura

    return str(trafilatura.__version__)


if __name__ == "__main__":
    main()
