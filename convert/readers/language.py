"""Settle an article's language, and each block's, from what was stated or from its letters and scripts.

Every reader calls :func:`settle_language` last. A language the article or the user states is kept
as given; otherwise the body is identified by script evidence (Arabic script, Devanagari, Han,
kana, Hangul, Thai, Hebrew ...) and, where several candidate languages share the script, by a
statistical identifier restricted to those candidates. Too little text or an unsure answer gives
``ReadOptions.default_language``. Blocks written mostly in another script than the article's
language get their own ``lang`` (``und-Arab`` when the candidates cannot tell which language),
and long blocks that the identifier is sure are another language of the same script do too.

Library: ``py3langid`` 0.3 (the naive Bayes byte n-gram model of langid.py, 97 languages).
Measured on this machine (2 cores) with the 18 default candidates, over ``corpus-real`` (87 real
articles: 72 English, 15 Urdu) and the synthetic ``corpus`` (15 readable articles):

=============================  =========  ==========  ===========  ===================
library                        accuracy   ms/seed     RSS added    import + first call
=============================  =========  ==========  ===========  ===================
py3langid 0.3.0 (chosen)       102/102    0.38 (2.9   +23 MB       96 ms
                                          KB)
py3langid 0.4.0                101/102    0.43        +91 MB       600 ms
lingua 2.1, high accuracy      102/102    1.39        +197 MB      55 ms
lingua 2.1, low accuracy       101/102    1.59        +20 MB       58 ms
=============================  =========  ==========  ===========  ===================

py3langid 0.4 loads a 142-class model whose tables alone take 70 MB, over the 50 MB budget;
lingua's high-accuracy models grow past 190 MB once a few Latin-script languages are loaded, and
its low-accuracy mode calls an earnings table (``Shr 75 cts vs 52 cts``) French at 0.997 and is
slower than the 1 ms budget. py3langid 0.3 is right on every article, fits both budgets, and its
features add up over blocks, so one pass over the text serves the article and its long blocks.
The model is loaded on first use, never at import. ``benchmarks/bench_language.py`` measures it.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..model import Block, BlockQuote, Document, block_text
from ..options import ReadOptions

if TYPE_CHECKING:
    import numpy as np

DATA_FILE = "language.toml"

#: What :attr:`LanguageReport.method` says about where the article's language came from.
GIVEN, DETECTED, DEFAULT = "given", "detected", "default"


@dataclass(frozen=True, slots=True)
class LanguageReport:
    """How the article's language was settled (diagnostics for ``parse``; not part of the model)."""

    #: The article's language tag (``meta.language``).
    tag: str
    #: How sure identification was (0..1); None when the language was given or defaulted.
    confidence: float | None
    #: "given" (article or user), "detected" (from the text), "default" (not enough evidence).
    method: str
    #: The candidate languages identification chose among (empty when given).
    candidates: tuple[str, ...] = ()
    #: How many body blocks got a language of their own.
    blocks: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for ``parse --json`` diagnostics."""
        return {"tag": self.tag, "confidence": None if self.confidence is None
                else round(self.confidence, 3), "method": self.method,
                "candidates": list(self.candidates), "blocks": self.blocks}


@dataclass(frozen=True, slots=True)
class _Data:
    """The contents of ``language.toml``."""

    #: (first, last, script) code point ranges of letters, sorted.
    ranges: tuple[tuple[int, int, str], ...]
    languages: Mapping[str, tuple[str, ...]]
    aliases: Mapping[str, tuple[str, ...]]
    min_letters: int
    min_confidence: float
    block_script_share: float
    block_min_letters: int
    long_block_letters: int
    long_block_confidence: float
    block_bytes: int
    article_bytes: int


def _ranges(name: str, items: list[str]) -> list[tuple[int, int, str]]:
    out = []
    for item in items:
        lo, _, hi = item.partition("-")
        try:
            out.append((int(lo, 16), int(hi or lo, 16), name))
        except ValueError:
            raise UsageError(f"[scripts] {name}: bad code point range {item!r}", path=DATA_FILE) from None
    return out


@functools.cache
def _data() -> _Data:
    """The packaged data, read once per process."""
    raw = tomllib.loads(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))
    limits = raw["thresholds"]
    return _Data(
        ranges=tuple(sorted(r for name, items in raw["scripts"].items() for r in _ranges(name, items))),
        languages={k: tuple(v) for k, v in raw["languages"].items()},
        aliases={k.lower(): tuple(v) for k, v in raw["script_aliases"].items()},
        min_letters=int(limits["min_letters"]), min_confidence=float(limits["min_confidence"]),
        block_script_share=float(limits["block_script_share"]),
        block_min_letters=int(limits["block_min_letters"]),
        long_block_letters=int(limits["long_block_letters"]),
        long_block_confidence=float(limits["long_block_confidence"]),
        block_bytes=int(limits["block_bytes"]), article_bytes=int(limits["article_bytes"]),
    )


# --------------------------------------------------------------------------- scripts


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_RUNS = re.compile("[\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def script_of(char: str) -> str | None:
    """The script of a non-ASCII letter (ISO 15924 code), None for anything else."""
    ranges = _data().ranges
    at = bisect.bisect_right(ranges, (ord(char), 0x10FFFF, "~")) - 1
    if at >= 0 and ranges[at][0] <= ord(char) <= ranges[at][1]:
        return ranges[at][2]
    return None


def script_counts(text: str) -> dict[str, int]:
    """Letters of each script in ``text``; digits, punctuation, symbols and spaces are not counted.

    ASCII letters are counted by deleting them from the bytes (C speed); the rest of the text is
    counted per distinct character, so a long English article costs a few microseconds.
    """
    raw = text.encode("utf-8", errors="surrogatepass")
    latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    counts: dict[str, int] = {"Latn": latin} if latin else {}
    if not text.isascii():
        for char, n in Counter(_ASCII_RUNS.sub("", text)).items():
            script = script_of(char)
            if script is not None:
                counts[script] = counts.get(script, 0) + n
    return counts


@functools.lru_cache(maxsize=256)
def language_scripts(tag: str) -> tuple[str, ...]:
    """The scripts a BCP 47 tag is written in: its script subtag, else its language's, else Latin."""
    data = _data()
    subtags = tag.replace("_", "-").split("-")
    for sub in subtags[1:]:
        if len(sub) == 4 and sub.isalpha():
            title = sub.title()
            return data.aliases.get(sub.lower(), (title,))
    return data.languages.get(subtags[0].lower(), ("Latn",))


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def _candidates_for(script: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in candidates if script in language_scripts(c))


# --------------------------------------------------------------------------- the identifier


@dataclass(frozen=True, slots=True)
class _Model:
    """The py3langid identifier's tables, used read-only."""

    #: Text (UTF-8 bytes) to its feature counts: ``LanguageIdentifier.instance2fv``.
    features: Callable[[bytes], np.ndarray]
    #: Per-feature log-probabilities (features x languages) and priors (``nb_ptc``, ``nb_pc``).
    ptc: np.ndarray
    pc: np.ndarray
    labels: tuple[str, ...]


@functools.cache
def _model() -> _Model:
    """Load the model on first use (~0.1 s, ~20 MB); every later call shares it.

    Uses ``instance2fv``, ``nb_ptc``, ``nb_pc`` and ``nb_classes`` of py3langid 0.3's
    ``LanguageIdentifier`` (a test checks that scoring them as below is what its ``rank`` does).
    The identifier is never restricted in place: the candidates' columns are taken here.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=False)
    return _Model(ident.instance2fv, ident.nb_ptc, ident.nb_pc, tuple(ident.nb_classes))


@functools.lru_cache(maxsize=64)
def _columns(candidates: tuple[str, ...]) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The candidates the model knows, with their columns of the model's tables."""
    model = _model()
    known = tuple(c for c in candidates if c in model.labels)
    index = [model.labels.index(c) for c in known]
    return known, model.ptc[:, index], model.pc[index]


def _rank(fv: np.ndarray, candidates: tuple[str, ...]) -> tuple[str, float] | None:
    """The best of ``candidates`` for a feature vector, with its probability among them."""
    known, ptc, pc = _columns(candidates)
    if not known or not fv.any():
        return None
    scores = (fv @ ptc + pc).tolist()
    top = max(scores)
    weights = [math.exp(v - top) for v in scores]
    best = scores.index(top)
    return known[best], weights[best] / sum(weights)


def _features(text: str, limit: int) -> tuple[np.ndarray, int]:
    """Byte n-gram counts of the first ``limit`` bytes, and how many bytes that was.

    A text in capitals is read in lower case, as the model was trained on running text.
    """
    if text.isupper():
        text = text.lower()
    raw = text.encode("utf-8", errors="surrogatepass")[:limit]
    return _model().features(raw), len(raw)


# --------------------------------------------------------------------------- settling


@dataclass(slots=True)
class _Unit:
    """A block being looked at: its text, letters per script and (when read) its features."""

    block: Block | None
    text: str
    counts: dict[str, int]
    fv: np.ndarray | None = None

    @property
    def letters(self) -> int:
        return sum(self.counts.values())

    def dominant(self) -> tuple[str, int] | None:
        if not self.counts:
            return None
        script = max(self.counts, key=lambda s: self.counts[s])
        return script, self.counts[script]


def settle_language(doc: Document, options: ReadOptions, *, given: str | None
                    ) -> tuple[Document, LanguageReport]:
    """``doc`` with ``meta.language`` settled and blocks in another language tagged; and how.

    ``given``: the language the article or the user stated (front matter, ``-M``, config
    ``[metadata]``); ``options.language`` (``--language``) counts as given when it is None.
    A given language is kept as is. Otherwise the text is identified among
    ``options.languages``, falling back to ``options.default_language``.
    """
    data = _data()
    stated = given or options.language
    candidates = tuple(dict.fromkeys(_primary(c) for c in options.languages))
    units = [_Unit(b, t, script_counts(t)) for b, t in ((b, block_text(b)) for b in doc.body)]
    budget = [data.article_bytes]

    def read(unit: _Unit) -> np.ndarray:
        """The unit's features, read once, within the article's byte budget."""
        if unit.fv is None:
            unit.fv, used = _features(unit.text, min(data.block_bytes, budget[0]))
            budget[0] -= used
        return unit.fv

    if stated:
        report = LanguageReport(stated, None, GIVEN)
    else:
        report = _identify(doc.meta.headline, units, candidates, options, read)
    body, tagged = _tag_blocks(units, report.tag, candidates, read)
    meta = replace(doc.meta, language=report.tag)
    return replace(doc, meta=meta, body=body), replace(report, blocks=tagged)


def _identify(headline: str, units: list[_Unit], candidates: tuple[str, ...],
              options: ReadOptions, read: Callable[[_Unit], np.ndarray]) -> LanguageReport:
    """The article's language from its letters: script first, then the identifier."""
    data = _data()
    fallback = LanguageReport(options.default_language, None, DEFAULT, candidates)
    head = _Unit(None, headline, script_counts(headline))
    totals: dict[str, int] = dict(head.counts)
    for unit in units:
        for script, n in unit.counts.items():
            totals[script] = totals.get(script, 0) + n
    letters = sum(totals.values())
    if letters < data.min_letters:
        return fallback
    script = max(totals, key=lambda s: totals[s])
    choices = _candidates_for(script, candidates)
    if not choices:
        return fallback
    if len(choices) == 1:
        return LanguageReport(choices[0], totals[script] / letters, DETECTED, choices)
    fv = None
    for unit in (head, *units):  # only text in that script: other scripts' bytes are noise
        top = unit.dominant()
        if top is not None and top[0] == script:
            fv = read(unit) if fv is None else fv + read(unit)
    ranked = _rank(fv, choices) if fv is not None else None
    if ranked is None or ranked[1] < data.min_confidence:
        return replace(fallback, candidates=choices)
    return LanguageReport(ranked[0], ranked[1], DETECTED, choices)


def _tag_blocks(units: list[_Unit], article: str, candidates: tuple[str, ...],
                read: Callable[[_Unit], np.ndarray]) -> tuple[tuple[Block, ...], int]:
    """Each block with ``lang`` set where it is in another language than the article's."""
    own = language_scripts(article)
    primary = _primary(article)
    out: list[Block] = []
    tagged = 0
    for unit in units:
        block = unit.block
        assert block is not None
        lang = _block_language(unit, own, primary, candidates, read)
        if lang is not None:
            block = replace(block, lang=lang)
            tagged += 1
        elif isinstance(block, BlockQuote):
            inner = [_Unit(b, t, script_counts(t)) for b, t in ((b, block_text(b)) for b in block.children)]
            children, n = _tag_blocks(inner, article, candidates, read)
            if n:
                block = replace(block, children=children)
                tagged += n
        out.append(block)
    return tuple(out), tagged


def _block_language(unit: _Unit, own: tuple[str, ...], primary: str, candidates: tuple[str, ...],
                    read: Callable[[_Unit], np.ndarray]) -> str | None:
    """The language of one block when it is not the article's, else None (the conservative rule)."""
    data = _data()
    top = unit.dominant()
    if top is None:
        return None
    script, n = top
    if script not in own:
        if n < data.block_min_letters or n <= data.block_script_share * unit.letters:
            return None  # a name or a word in another script does not change the block
        choices = _candidates_for(script, candidates)
        if len(choices) == 1:
            return choices[0]
        ranked = _rank(read(unit), choices) if choices and n >= data.min_letters else None
        if ranked is not None and ranked[1] >= data.min_confidence:
            return ranked[0]
        return f"und-{script}"
    if n < data.long_block_letters or primary not in candidates:
        return None  # too short to judge, or the identifier does not know the article's language
    ranked = _rank(read(unit), _candidates_for(script, candidates))
    if ranked is not None and ranked[0] != primary and ranked[1] >= data.long_block_confidence:
        return ranked[0]
    return None


def iter_tagged(doc: Document) -> Iterator[tuple[Block, str]]:
    """Every block (quote children included) that carries its own language, with the tag."""
    stack = list(reversed(doc.body))
    while stack:
        block = stack.pop()
        if block.lang:
            yield block, block.lang
        elif isinstance(block, BlockQuote):
            stack.extend(reversed(block.children))
