"""Fuzz/soak run: thousands of generated hostile articles through the reader and every writer.

Run on demand (not part of the test suite)::

    .venv/bin/python benchmarks/soak.py --count 5000 [--seed 1] [--validate-every 10]

Each article is built from a seeded random mix of real sentences, arbitrary Unicode (astral
planes, combining marks, RTL, controls, U+FFFE), markup-like text, list/quote/heading syntax,
junk lines, front matter and random bytes. For each one it checks: the reader returns a Document
or a one-line InputError (anything else is a failure); every writer produces output; the NewsML-G2
output validates (XSD + strict guideline rules) every N-th article, in both body formats; the DOCX
re-opens with python-docx; the PDF opens with pypdf; the EPUB's XML parts are well-formed. It
prints a summary and exits non-zero when anything failed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
import traceback
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from convert.api import read
from convert.errors import InputError
from convert.options import WriteOptions
from convert.registry import get_writer
from convert.styles import load_style

SNIPPETS = [
    "<script>alert(1)</script>", "&amp;", "&", "]]>", "{{ x }}", "%s", "<b>", "</p>", "<font>",
    "\x00", "\x0b", "\x1b", "\x85", "\ufffe", "\uffff", "\u202e", "\u200b", "𝕏", "👩‍👩‍👧", "🏆",
    "ہم نے پورا سال", "שלום", "e\u0301", "\t", "王思远", "Łódź", "Şükrü", "—", "…", "“quoted”",
    '"straight"', "https://example.org/a?b=1&c=2", "desk@example.org", "(Reporting by X; Editing by Y)",
]
LINE_STARTS = ["", "", "", "- ", "* ", "1. ", "2) ", "> ", "## ", "By ", "KARACHI: ", "LONDON — "]
JUNK = ["Share this post", "Advertisement", "Read more: elsewhere", "Follow us on Twitter"]
WORDS = ("the council said on Tuesday that river levels had risen sharply after days of heavy rain "
         "and that villages downstream were told to prepare for evacuation").split()


def random_text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.6:
            out.append(rng.choice(WORDS))
        elif roll < 0.8:
            out.append(rng.choice(SNIPPETS))
        else:
            out.append("".join(chr(rng.choice([rng.randint(32, 0x2FFF), rng.randint(0, 0x10FFFF)]))
                               for _ in range(rng.randint(1, 8))))
    return " ".join(out)


def random_article(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.03:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 4000)))
    lines: list[str] = []
    if rng.random() < 0.2:
        lines += ["---", f"title: {random_text(rng, 5)!r}", "keywords: [a, b]", "---", ""]
    lines += [random_text(rng, rng.randint(1, 12)), ""]
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.1:
            lines += [rng.choice(JUNK), ""]
            continue
        para = [rng.choice(LINE_STARTS) + random_text(rng, rng.randint(1, 40))
                for _ in range(rng.randint(1, 4))]
        lines += [*para, ""]
    text = "\n".join(lines)
    if rng.random() < 0.2:
        text = text.replace("\n", rng.choice(["\r\n", "\r"]))
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"])
    return text.encode(encoding, "replace" if encoding == "cp1252" else "surrogatepass")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--validate-every", type=int, default=10,
                        help="validate the NewsML-G2 output of every N-th article (0: never)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rng = random.Random(args.seed)
    opts = WriteOptions(style=load_style("default"), timestamp=datetime(2025, 1, 1, tzinfo=UTC))
    writers = {n: get_writer(n) for n in ("newsml", "docx", "pdf", "epub")}
    validate = None
    if args.validate_every and os.environ.get("NEWSCONVERT_SCHEMA_DIR"):
        from convert.validate import validate_bytes as validate
    import docx
    import pypdf

    counts = {"articles": 0, "rejected": 0, "converted": 0, "validated": 0, "failures": 0}
    started = time.perf_counter()
    for i in range(args.count):
        data = random_article(rng)
        counts["articles"] += 1
        try:
            try:
                doc = read(data)
            except InputError as exc:
                assert "\n" not in str(exc)
                counts["rejected"] += 1
                continue
            out = {name: w.write(doc, opts) for name, w in writers.items()}
            docx.Document(io.BytesIO(out["docx"]))
            assert len(pypdf.PdfReader(io.BytesIO(out["pdf"])).pages) >= 1
            zf = zipfile.ZipFile(io.BytesIO(out["epub"]))
            for name in zf.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx")):
                    etree.fromstring(zf.read(name))
            if validate is not None and i % args.validate_every == 0:
                for body in ("xhtml", "nitf"):
                    xml = writers["newsml"].write(doc, WriteOptions(timestamp=opts.timestamp,
                                                                    newsml_body=body))
                    report = validate(xml, f"soak-{i}.xml", strict=True)
                    assert report.valid, [str(f) for f in report.errors]
                counts["validated"] += 1
            counts["converted"] += 1
        except Exception:
            counts["failures"] += 1
            crash = Path(f"soak-failure-{args.seed}-{i}.txt")
            crash.write_bytes(data)
            print(f"FAIL article {i} (input saved to {crash}):\n{traceback.format_exc()}",
                  file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"soak: {counts['articles']} articles (seed {args.seed}) in {elapsed:.0f} s: "
          f"{counts['converted']} converted to all 4 formats, {counts['rejected']} rejected with a "
          f"one-line error, {counts['validated']} NewsML-G2 outputs validated strictly in both body "
          f"formats, {counts['failures']} failures")
    return 1 if counts["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
