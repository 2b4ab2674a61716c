"""Benchmark the readers on richer articles (run on demand; ms per article, best of three).

The issue's budget: a seed-sized article costs what it cost before the richer model (the seed
through the plain-text and Markdown readers), and an article with 20 pictures and 5 tables reads
in a few milliseconds, its pictures loaded from files beside it (:mod:`convert.resources`). The
rich articles are made here: Markdown (GFM tables, ``![alt](file "caption")``) and plain text
(pipe tables, picture lines with caption lines), with 20 small PNGs written to a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.options import ReadOptions  # noqa: E402
from convert.readers import markdown, text  # noqa: E402
from convert.resources import PictureSources, load_pictures  # noqa: E402
from tests.support import SEED  # noqa: E402

PARAGRAPH = ("River levels rose by 2.4 metres overnight, officials said, with more rain forecast "
             "and twelve villages told to evacuate before the embankments were tested again.")


def per_item(fn: Callable[[], object], rounds: int) -> float:
    """Milliseconds per call, best of three runs of ``rounds`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(rounds):
            fn()
        best = min(best, (time.perf_counter() - start) / rounds)
    return best * 1000


def rich_markdown(pictures: int, tables: int) -> str:
    parts = ["# Floods in Sindh: the numbers", "By Jane Doe", PARAGRAPH]
    for i in range(max(pictures, tables)):
        parts.append(PARAGRAPH)
        if i < pictures:
            parts.append(f'![Picture {i}](pics/p{i}.png "The barrage on day {i}. Photo: Example News")')
        if i < tables:
            rows = "\n".join(f"| District {r} | {r * 1000 + i:,} | +{r}% |" for r in range(12))
            parts.append(f"Table: Flows, table {i}\n\n| District | Flow | Change |\n|---|--:|--:|\n{rows}")
    return "\n\n".join(parts) + "\n"


def rich_text(pictures: int, tables: int) -> str:
    parts = ["Floods in Sindh: the numbers", "By Jane Doe", PARAGRAPH]
    for i in range(max(pictures, tables)):
        parts.append(PARAGRAPH)
        if i < pictures:
            parts.append(f"pics/p{i}.png\nThe barrage on day {i}. Photo: Example News")
        if i < tables:
            rows = "\n".join(f"| District {r} | {r * 1000 + i:,} | +{r}% |" for r in range(12))
            parts.append(f"| District | Flow | Change |\n|---|--:|--:|\n{rows}")
    return "\n\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    from PIL import Image

    options = ReadOptions(origin="bench", language="en")
    if SEED:
        seed = SEED.read_bytes()
        print(f"seed ({len(seed):,} bytes), language stated:")
        print(f"  text reader      {per_item(lambda: text.read(seed, options), args.rounds):7.3f} ms")
        print(f"  markdown reader  {per_item(lambda: markdown.read(seed, options), args.rounds):7.3f} ms")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pics").mkdir()
        for i in range(20):
            out = io.BytesIO()
            Image.new("RGB", (64, 48), (i * 10, 90, 160)).save(out, "PNG")
            (Path(folder) / "pics" / f"p{i}.png").write_bytes(out.getvalue())
        sources = PictureSources(folder)
        for name, reader, data in (("markdown", markdown, rich_markdown(20, 5).encode()),
                                   ("text", text, rich_text(20, 5).encode())):
            doc = reader.read(data, options)
            _, warnings = load_pictures(doc, sources)
            assert not warnings, warnings
            reading = per_item(lambda r=reader, d=data: r.read(d, options), args.rounds)
            loading = per_item(lambda d=doc: load_pictures(d, sources), args.rounds)
            print(f"20 pictures and 5 tables, {name} ({len(data):,} bytes):")
            print(f"  read             {reading:7.3f} ms")
            print(f"  load pictures    {loading:7.3f} ms")


if __name__ == "__main__":
    main()
