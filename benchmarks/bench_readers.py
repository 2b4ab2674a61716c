"""Benchmark the NewsML-G2, NITF and DOCX readers and sniffing (run on demand; ms per article).

The issue's budget: NewsML-G2 -> model at most 1 ms per seed-sized item. The items are the seed
(and the real corpus, when present) written by our own writer with both bodies, so their size
is the article's; beside each reader, the time to parse the same bytes with lxml alone, the
least any XML reader does. The reader's language is measured as the item states it (the usual
case: our writer and agencies state it) and, for the cost of identification, with the item's
statements removed. DOCX and sniffing are reported for scale.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from benchmarks.timing import per_item  # noqa: E402
from convert.api import read_file  # noqa: E402
from convert.options import ReadOptions, WriteOptions  # noqa: E402
from convert.readers import docx as docx_reader  # noqa: E402
from convert.readers import newsml  # noqa: E402
from convert.readers.sniff import sniff  # noqa: E402
from convert.styles import load_style  # noqa: E402
from convert.writers import docx as docx_writer  # noqa: E402
from convert.writers import newsml as newsml_writer  # noqa: E402
from tests.support import SEED, SHARED  # noqa: E402

_STATED = re.compile(rb'\s(?:xml:)?lang="[^"]*"|<language tag="[^"]*"/>')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    opts = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 1, 1, tzinfo=UTC))
    articles: dict[str, list] = {}
    if SEED:
        articles["seed"] = [read_file(SEED)]
    for folder in sorted(p for p in (SHARED / "corpus-real").glob("*") if p.is_dir()):
        articles[f"real/{folder.name}"] = [read_file(p) for p in sorted(folder.glob("*.txt"))]
    options = ReadOptions()
    parser_only = etree.XMLParser(resolve_entities=False, no_network=True)
    print(f"{'items':14}{'body':>6}{'bytes':>7}{'lxml':>9}{'read':>9}{'ratio':>7}{'unstated':>10}")
    for name, docs in articles.items():
        for body in ("xhtml", "nitf"):
            items = [newsml_writer.write(d, WriteOptions(**{**_fields(opts), "newsml_body": body}))
                     for d in docs]
            bare = [_STATED.sub(b"", data) for data in items]
            newsml.read(items[0], options)  # warm up: the language model, patterns
            newsml.read(bare[0], options)
            size = sum(map(len, items)) // len(items)
            base = per_item(lambda d: etree.fromstring(d, parser_only), items, args.rounds)
            full = per_item(lambda d: newsml.read(d, options), items, args.rounds)
            unstated = per_item(lambda d: newsml.read(d, options), bare, args.rounds)
            print(f"{name:14}{body:>6}{size:>7}{base:>7.3f}ms{full:>7.3f}ms{full / base:>6.1f}x"
                  f"{unstated:>8.3f}ms")
    if SEED:
        word = docx_writer.write(articles["seed"][0], opts)
        docx_reader.read(word, options)
        ms = per_item(lambda d: docx_reader.read(d, options), [word], max(1, args.rounds // 5))
        print(f"DOCX (ours, seed, {len(word):,} bytes): {ms:.2f} ms per document")
        text = SEED.read_bytes()
        print(f"sniff: {per_item(sniff, [text], args.rounds * 20) * 1000:.1f} µs (text), "
              f"{per_item(sniff, [word], args.rounds * 20) * 1000:.1f} µs (DOCX)")


def _fields(opts: WriteOptions) -> dict:
    return {name: getattr(opts, name) for name in opts.__slots__}  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
