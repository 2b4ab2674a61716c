"""Benchmark the DOCX writer (ms per article), optionally against python-docx building the same article.

Run: ``python benchmarks/bench_docx.py [--repeat N] [--python-docx]``. Prints our writer's ms per
article for the seed and the median over the model fixtures (``tests/fixtures/models``), and our
time per paragraph at 1x, 10x and 100x the seed body, which stays flat when the writer is linear
in article length. ``--python-docx`` also builds the same articles (head from ``arrange()``,
paragraphs with bold/italic runs, headings, bullet and numbered lists, quotes, credit) with
python-docx's public API from ``Document()`` and saves them to a BytesIO: the measurement behind
the README's "Deviations" entry (we build WordprocessingML with lxml instead).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from msgspec.structs import replace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.api import read_file  # noqa: E402
from convert.arrange import DATELINE_SEPARATOR, arrange  # noqa: E402
from convert.model import (  # noqa: E402
    Block,
    BlockQuote,
    Document,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quoted,
    Strong,
    Text,
    block_text,
    from_dict,
)
from convert.options import WriteOptions  # noqa: E402
from convert.styles import HouseStyle, load_style  # noqa: E402
from convert.writers import docx as docx_writer  # noqa: E402

SEED = next(iter(sorted((ROOT / "seeds").glob("*.txt"))))
MODELS = ROOT / "tests" / "fixtures" / "models"


# --------------------------------------------------------------------------- python-docx, public API


def _runs(paragraph: object, nodes: tuple[Inline, ...], bold: bool = False,
          italic: bool = False) -> None:
    """Inline nodes as python-docx runs (links become plain runs: python-docx has no public API)."""
    for node in nodes:
        if isinstance(node, Text):
            run = paragraph.add_run(node.text)  # type: ignore[attr-defined]
            run.bold = bold or None
            run.italic = italic or None
        elif isinstance(node, Emphasis):
            _runs(paragraph, node.children, bold, True)
        elif isinstance(node, Strong):
            _runs(paragraph, node.children, True, italic)
        elif isinstance(node, Quoted):
            paragraph.add_run(node.opening)  # type: ignore[attr-defined]
            _runs(paragraph, node.children, bold, italic)
            paragraph.add_run(node.closing)  # type: ignore[attr-defined]
        elif isinstance(node, LineBreak):
            paragraph.add_run().add_break()  # type: ignore[attr-defined]
        elif isinstance(node, Link):
            _runs(paragraph, node.children, bold, italic)


def _blocks(d: object, blocks: tuple[Block, ...], quote: bool, dateline: str | None) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            p = d.add_paragraph(style="Quote" if quote else None)  # type: ignore[attr-defined]
            if dateline:
                p.add_run(dateline).bold = True
                p.add_run(DATELINE_SEPARATOR)
                dateline = None
            _runs(p, block.children)
        elif isinstance(block, Heading):
            _runs(d.add_heading(level=min(block.level, 3)), block.children)  # type: ignore[attr-defined]
        elif isinstance(block, ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                _runs(d.add_paragraph(style=style), item.children)  # type: ignore[attr-defined]
        elif isinstance(block, BlockQuote):
            _blocks(d, block.children, True, None)
            if block.attribution:
                d.add_paragraph(f"\u2014 {block.attribution}", style="Quote")  # type: ignore[attr-defined]


def python_docx_article(doc: Document, style: HouseStyle) -> bytes:
    """The same article built with python-docx's public API from its default template."""
    import docx

    head = arrange(doc, style)
    d = docx.Document()
    props = d.core_properties
    props.title = head.headline
    props.author = "; ".join(p.name for p in doc.meta.authors) or (head.byline or "")
    props.subject = head.standfirst or ""
    props.language = doc.meta.language
    props.keywords = ", ".join(doc.meta.keywords)
    if head.headline:
        d.add_heading(head.headline, level=0)
    if head.standfirst:
        d.add_paragraph(head.standfirst, style="Subtitle")
    if head.byline:
        d.add_paragraph().add_run(head.byline).italic = True
    if head.dateline and not head.dateline_inline:
        d.add_paragraph().add_run(head.dateline).bold = True
    _blocks(d, head.body, False, head.dateline if head.dateline_inline else None)
    for line in (head.credit, head.copyright):
        if line:
            d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- timing


def per_call_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median of several timing rounds, in milliseconds of this process's CPU time per call.

    CPU time, not wall time: on a shared machine other processes then disturb it much less.
    """
    fn()  # warm-up: imports and per-process caches
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(repeat):
            fn()
        rounds.append((time.process_time() - start) / repeat * 1000)
    return statistics.median(rounds)


def median_ms(fn: Callable[[Document], object], docs: list[Document], repeat: int) -> float:
    """Median over articles of each article's ms per call."""
    return statistics.median(per_call_ms(lambda d=d: fn(d), repeat) for d in docs)


def scaled(doc: Document, factor: int) -> Document:
    """The seed with its body repeated ``factor`` times."""
    return replace(doc, body=doc.body * factor)


def fixtures() -> list[Document]:
    """The model fixtures writer goldens start from (the same articles every run)."""
    return [from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(MODELS.glob("*.json"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--python-docx", action="store_true",
                        help="also build the same articles with python-docx's public API")
    args = parser.parse_args()

    style = load_style("default")
    options = WriteOptions(style=style)
    seed = read_file(SEED)
    docs = fixtures()
    paragraphs = sum(isinstance(b, Paragraph) for b in seed.body) or 1

    def ours(d: Document) -> bytes:
        return docx_writer.write(d, options)

    def theirs(d: Document) -> bytes:
        return python_docx_article(d, style)

    print(f"seed article: {len(seed.body)} blocks, "
          f"{sum(len(block_text(b)) for b in seed.body)} characters; {len(docs)} fixture articles")
    seed_ms = per_call_ms(lambda: ours(seed), args.repeat)
    fix_ms = median_ms(ours, docs, args.repeat)
    print(f"newsconvert docx  : {seed_ms:8.3f} ms/article (seed)  "
          f"{fix_ms:8.3f} ms/article (median of {len(docs)} fixtures)")
    if args.python_docx:
        base_seed = per_call_ms(lambda: theirs(seed), max(1, args.repeat // 5))
        base_fix = median_ms(theirs, docs, max(1, args.repeat // 5))
        print(f"python-docx (same): {base_seed:8.3f} ms/article (seed)  "
              f"{base_fix:8.3f} ms/article (median of {len(docs)} fixtures)  "
              f"-> ours {base_seed / seed_ms:.1f}x / {base_fix / fix_ms:.1f}x faster")
    print("linearity (ours):")
    for factor in (1, 10, 100):
        big = scaled(seed, factor)
        ms = per_call_ms(lambda big=big: ours(big), max(1, args.repeat // factor))
        print(f"  {factor:4d}x seed: {ms:9.2f} ms/article  "
              f"{ms / (paragraphs * factor) * 1000:7.1f} us/paragraph")
    if args.python_docx:
        big = scaled(seed, 100)
        base100 = per_call_ms(lambda: theirs(big), 1)
        print(f"python-docx (same) at 100x: {base100:9.2f} ms/article  "
              f"{base100 / (paragraphs * 100) * 1000:7.1f} us/paragraph")


if __name__ == "__main__":
    main()
