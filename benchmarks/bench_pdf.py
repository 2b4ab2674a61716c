"""Benchmark the PDF writer: ms per seed-sized article, 1x/10x/100x length, against bare platypus.

``--internals`` measures what each use of reportlab internals buys (the README's Deviations):
every variant runs in a fresh process with one of them switched off, and prints ms and KiB per
article for the seed and the corpus.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from msgspec.structs import replace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib import rl_accel  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from convert.api import read_file  # noqa: E402
from convert.model import Document, block_text  # noqa: E402
from convert.options import WriteOptions  # noqa: E402
from convert.styles import load_style  # noqa: E402
from convert.writers import pdf  # noqa: E402

SEED = next(iter(sorted((ROOT / "seeds").glob("*.txt"))))
CORPUS = ROOT.parent / "shared" / "corpus"
TS = datetime(2025, 1, 1, tzinfo=UTC)


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    """Best of several runs (ms): the least disturbed by other work on a shared machine."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def texts_of(doc: Document) -> list[str]:
    return [doc.meta.headline] + [block_text(b) for b in doc.body]


def bare_platypus(texts: list[str]) -> bytes:
    """Baseline: reportlab as usual (base-14 font, one column, no house style)."""
    out = BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(texts[0]), styles["Title"])]
    story += [Paragraph(escape(t), styles["BodyText"]) for t in texts[1:]]
    SimpleDocTemplate(out, invariant=1).build(story)
    return out.getvalue()


def corpus_docs() -> list[Document]:
    """Every readable corpus article: different text each time, so no per-article cache helps."""
    docs = []
    for path in sorted(CORPUS.glob("*.txt")):
        try:
            doc = read_file(path)
        except Exception:  # the corpus holds inputs that must be rejected
            continue
        if doc.body:
            docs.append(doc)
    return docs


#: Variants for ``--internals``: what is switched off in each.
VARIANTS = {
    "writer": "the writer as shipped",
    "no-shared-subset": "house faces as reportlab subsets them (FixedCMapTTFont: per-document "
                        "subsets, no width memo, no fast splitString)",
    "no-plain-paragraph": "every paragraph through reportlab's markup parser",
}


def switch_off(variant: str) -> None:
    """Swap one of our own shortcuts for the plain reportlab way (this process only)."""
    from reportlab.platypus import Paragraph as RLParagraph

    from convert.writers.pdf import fonts, parastyles, subset

    if variant == "no-shared-subset":
        fonts.SharedSubsetTTFont = subset.FixedCMapTTFont  # type: ignore[misc]
    elif variant == "no-plain-paragraph":
        def parsed(self: object, text: str, style: object) -> RLParagraph:
            return RLParagraph(escape(text), style)

        parastyles.Styles.plain_paragraph = parsed  # type: ignore[method-assign]


def measure_variant(variant: str) -> None:
    """One line of ``--internals``: ms and KiB per article for the seed and the corpus."""
    warnings.simplefilter("ignore")
    switch_off(variant)
    doc = read_file(SEED)
    corpus = corpus_docs()
    for name in ("default", "broadsheet"):
        opts = WriteOptions(style=load_style(name), timestamp=TS)
        for d in [doc, *corpus]:
            pdf.write(d, opts)  # fonts load once per process
        one = best_ms(lambda o=opts: pdf.write(doc, o), 40)
        size = len(pdf.write(doc, opts))
        many = best_ms(lambda o=opts: [pdf.write(d, o) for d in corpus], 5) / max(1, len(corpus))
        kib = sum(len(pdf.write(d, opts)) for d in corpus) / max(1, len(corpus)) / 1024
        print(f"{variant:19s} {name:10s} seed {one:6.2f} ms {size / 1024:6.1f} KiB   corpus "
              f"({len(corpus)}) {many:6.2f} ms {kib:6.1f} KiB per article", flush=True)


def internals() -> None:
    for variant, what in VARIANTS.items():
        print(f"# {variant}: {what}", flush=True)
        subprocess.run([sys.executable, __file__, "--variant", variant], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--internals", action="store_true",
                        help="measure each use of reportlab internals against the plain way")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        measure_variant(args.variant)
    elif args.internals:
        internals()
    else:
        compare()


def compare() -> None:
    """ms per article against bare platypus, at 1x, 10x and 100x the seed's length."""
    warnings.simplefilter("ignore")
    print(f"rl_accel C functions: {len(rl_accel._c_funcs)} "
          f"({'in use' if rl_accel._c_funcs else 'NOT installed: pip install rl_accel'})")
    doc = read_file(SEED)
    texts = texts_of(doc)
    corpus = corpus_docs()
    for name in ("default", "broadsheet"):
        opts = WriteOptions(style=load_style(name), timestamp=TS)
        pdf.write(doc, opts)  # fonts and styles load once per process, not per article
        base = best_ms(lambda: bare_platypus(texts), 40)
        one = best_ms(lambda o=opts: pdf.write(doc, o), 40)
        base = min(base, best_ms(lambda: bare_platypus(texts), 20))  # bracket the writer's runs
        size = len(pdf.write(doc, opts))
        print(f"{name:10s} seed: {one:6.2f} ms  bare platypus (Times, same text): {base:5.2f} ms  "
              f"writer / baseline = {one / base:.2f}  ({size / 1024:.1f} KiB)")
        for factor, repeat in ((10, 8), (100, 3)):
            big = replace(doc, body=doc.body * factor)
            ms = best_ms(lambda b=big, o=opts: pdf.write(b, o), repeat)
            pages = pdf.write(big, opts).count(b"/Type /Page\n")
            print(f"{name:10s} {factor:3d}x seed: {ms:8.2f} ms  ({ms / factor:5.2f} ms per seed "
                  f"length, {ms / one:5.1f}x the 1x time, {pages} pages)")
        if corpus:
            for d in corpus:
                pdf.write(d, opts)
            all_texts = [texts_of(d) for d in corpus]
            mine = best_ms(lambda o=opts: [pdf.write(d, o) for d in corpus], 5) / len(corpus)
            bare = best_ms(lambda a=all_texts: [bare_platypus(t) for t in a], 5) / len(corpus)
            print(f"{name:10s} corpus ({len(corpus)} different articles): {mine:5.2f} ms/article, "
                  f"bare platypus {bare:5.2f} ms/article, writer / baseline = {mine / bare:.2f}")


if __name__ == "__main__":
    main()
