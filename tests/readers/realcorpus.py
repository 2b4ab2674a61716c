"""Check a Document against a ``../shared/corpus-real/*.expect.json``, field by field.

The rules are the corpus README's ("NAME.expect.json" section): strings compared after NFKC, with
bidi controls and soft hyphens removed and whitespace collapsed; optional blocks may be dropped or
kept; a dateline left at the start of the first paragraph is wrong only on ``dateline``. Each
check returns None when it passes, else a one-line reason, so a test and the
``benchmarks/real_corpus.py`` score share one reading of the rules.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from convert.model import BlockQuote, Document, Heading, ListBlock, Paragraph, block_text, plain_text

_CONTROLS = dict.fromkeys(map(ord, "\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                   "\u2066\u2067\u2068\u2069\u061c"), None)


def norm(text: str) -> str:
    """The corpus README's comparison form."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_CONTROLS)).strip()


def cases(root: Path) -> list[str]:
    """``folder/name`` of every article with expectations under ``root``."""
    if not root.is_dir():
        return []
    return sorted(str(p.relative_to(root))[: -len(".expect.json")]
                  for p in root.glob("*/*.expect.json"))


def load_expect(root: Path, case: str) -> dict[str, Any]:
    return json.loads((root / f"{case}.expect.json").read_text(encoding="utf-8"))


def _units(doc: Document) -> list[tuple[str, str]]:
    """``(kind, text)`` of every block a paragraph start may open: paragraphs, headings, items."""
    out: list[tuple[str, str]] = []
    for block in doc.body:
        if isinstance(block, Paragraph):
            out.append(("para", norm(block_text(block))))
        elif isinstance(block, Heading):
            out.append(("heading", norm(block_text(block))))
        elif isinstance(block, ListBlock):
            out.extend(("item", norm(plain_text(item.children))) for item in block.items)
        elif isinstance(block, BlockQuote):
            out.extend(("para", norm(block_text(child))) for child in block.children)
    return out


def _is_optional(text: str, exp: dict[str, Any]) -> bool:
    return any(text == norm(o) or (norm(o) and text.rstrip(" -—–:") == norm(o).rstrip(" -—–:"))
               for o in exp.get("optional_blocks", []))


def _prose(doc: Document, exp: dict[str, Any]) -> list[str]:
    """Paragraph texts that are not optional blocks kept as paragraphs."""
    return [t for kind, t in _units(doc) if kind in ("para", "item") and not _is_optional(t, exp)]


def _starts(text: str, start: str, exp: dict[str, Any]) -> bool:
    start = norm(start)
    if text.startswith(start):
        return True
    lead = norm(exp.get("dateline_lead", ""))
    return bool(lead) and text.startswith(lead) and text[len(lead):].lstrip().startswith(start)


def check_headline(doc: Document, exp: dict[str, Any]) -> str | None:
    got, want = norm(doc.meta.headline), norm(exp["headline"])
    return None if got == want else f"headline {got[:60]!r} != {want[:60]!r}"


def check_dateline(doc: Document, exp: dict[str, Any]) -> str | None:
    got = norm(doc.meta.dateline or "").rstrip(" -—–:")
    want = norm(exp.get("dateline", "")).rstrip(" -—–:")
    if exp.get("dateline_optional") and got in ("", want):
        return None
    return None if got == want else f"dateline {got!r} != {want!r}"


def check_byline(doc: Document, exp: dict[str, Any]) -> str | None:
    return None if doc.meta.byline is None else f"invented byline {doc.meta.byline!r}"


def check_paragraph_count(doc: Document, exp: dict[str, Any]) -> str | None:
    low = exp["paragraph_count"]
    high = low + len(exp.get("optional_blocks", []))
    got = sum(1 for kind, _ in _units(doc) if kind in ("para", "item"))
    return None if low <= got <= high else f"{got} paragraphs, expected {low}..{high}"


def check_first_paragraph(doc: Document, exp: dict[str, Any]) -> str | None:
    prose = _prose(doc, exp)
    if not prose:
        return "no paragraph"
    return None if _starts(prose[0], exp["first_paragraph_starts"], exp) else \
        f"first paragraph starts {prose[0][:45]!r}"


def check_last_paragraph(doc: Document, exp: dict[str, Any]) -> str | None:
    prose = _prose(doc, exp)
    want = norm(exp["last_paragraph_ends"])
    if not prose:
        return "no paragraph"
    return None if prose[-1].endswith(want) else f"last paragraph ends {prose[-1][-45:]!r}"


def check_paragraph_starts(doc: Document, exp: dict[str, Any]) -> str | None:
    """Every expected start opens a block of its own, in order."""
    units = [t for _, t in _units(doc)]
    i = 0
    for n, start in enumerate(exp.get("paragraph_starts", [])):
        while i < len(units) and not (_starts(units[i], start, exp) if n == 0
                                      else units[i].startswith(norm(start))):
            i += 1
        if i == len(units):
            return f"start #{n + 1} {norm(start)!r} does not open a block (merged or lost)"
        i += 1
    return None


def check_headings(doc: Document, exp: dict[str, Any]) -> str | None:
    headings = [t for kind, t in _units(doc) if kind == "heading"]
    missing = [h for h in exp.get("headings", []) if norm(h) not in headings]
    return f"not headings: {missing[:3]}" if missing else None


def check_no_extra_headings(doc: Document, exp: dict[str, Any]) -> str | None:
    allowed = {norm(h) for h in exp.get("headings", [])}
    extra = [t for kind, t in _units(doc) if kind == "heading" and t not in allowed
             and not _is_optional(t, exp)]
    return f"prose taken for headings: {extra[:3]}" if extra else None


def check_signoff(doc: Document, exp: dict[str, Any]) -> str | None:
    signoff = exp.get("signoff")
    if not signoff:
        return None
    glued = [t[-40:] for _, t in _units(doc) if t == signoff or t.endswith(" " + signoff)]
    return f"sign-off {signoff!r} kept in the body: {glued}" if glued else None


def check_must_contain(doc: Document, exp: dict[str, Any]) -> str | None:
    text = " ".join(t for _, t in _units(doc))
    missing = [s for s in exp.get("must_contain", []) if norm(s) not in text]
    return f"missing {missing}" if missing else None


def check_language(doc: Document, exp: dict[str, Any]) -> str | None:
    want = "ur" if exp["source"] == "urdu" else "en"
    got = doc.meta.language.split("-")[0].lower()
    return None if got == want else f"language {doc.meta.language!r}, expected {want!r}"


CHECKS: dict[str, Callable[[Document, dict[str, Any]], str | None]] = {
    "headline": check_headline,
    "dateline": check_dateline,
    "byline": check_byline,
    "paragraph_count": check_paragraph_count,
    "first_paragraph": check_first_paragraph,
    "last_paragraph": check_last_paragraph,
    "paragraph_starts": check_paragraph_starts,
    "headings": check_headings,
    "no_extra_headings": check_no_extra_headings,
    "signoff": check_signoff,
    "must_contain": check_must_contain,
    "language": check_language,
}
