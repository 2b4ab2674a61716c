"""Settle an article's language, and each block's, from what was stated or from its letters and scripts.

Every reader calls :func:`settle_language` last. A language the article or the user states is kept
as given; otherwise the body is identified by script evidence (Arabic script, Devanagari, Han,
kana, Hangul, Thai, Hebrew ...) and, where several candidate languages share the script, by a
statistical identifier restricted to those candidates. Too little text or an unsure answer gives
``ReadOptions.default_language``. Blocks written mostly in another script than the article's
language get their own ``lang`` (``und-Arab`` when the candidates cannot tell which language),
and long blocks that the identifier is sure are another language of the same script do too.

Library: ``py3langid`` 0.3 (langid.py's naive Bayes byte n-gram model, 97 languages). Measured
on this 2-core machine, the four candidates each over the whole text of ``corpus-real`` (87 real
articles: 72 English, 15 Urdu) and the synthetic ``corpus`` (15), restricted to 18 languages:

==========================  ========  =============  =========  ================
library                     right     ms, seed 3 KB  RSS added  load + 1st call
==========================  ========  =============  =========  ================
py3langid 0.3.0 (chosen)    102/102   0.38           +23 MB     96 ms
py3langid 0.4.0             101/102   0.43           +91 MB     600 ms
lingua 2.1, high accuracy   102/102   1.39           +197 MB    55 ms
lingua 2.1, low accuracy    101/102   1.59           +20 MB     58 ms
==========================  ========  =============  =========  ================

py3langid 0.4's 142-class model takes 70 MB of tables, over the 50 MB budget; lingua's
high-accuracy models pass 190 MB once a few Latin-script languages load, and its low-accuracy mode
calls an earnings table (``Shr 75 cts vs 52 cts``) French at 0.997 and misses the 1 ms budget.
py3langid 0.3 is right on every article, fits both budgets, and its feature counts add up over
blocks, so one pass serves the article and its blocks. As wired here (24 default candidates, at
most 1,200 bytes read per article): 0.33 ms per seed, 0.36 ms per 5 KB article, 0.17-0.57 ms per
Urdu article of 1-5 KB, 102/102 right; +22 MB RSS and 0.12 s for import, model and first call,
which happen on first use, never at import (``benchmarks/bench_language.py``).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field
from msgspec.structs import replace

from .. import tomldata
from ..errors import UsageError
from ..model import Block, BlockQuote, Document, block_text
from ..options import ReadOptions
from ..textutil import NEAR_ASCII, chars_outside

if TYPE_CHECKING:
    import numpy as np

DATA_FILE = "language.toml"

#: What :attr:`LanguageReport.method` says about where the article's language came from.
GIVEN, DETECTED, DEFAULT = "given", "detected", "default"


class LanguageReport(Struct, frozen=True):
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


class _Data(Struct, frozen=True):
    """The contents of ``language.toml``."""

    #: (first, last, script) code point ranges of letters, sorted.
    ranges: tuple[tuple[int, int, str], ...]
    languages: Mapping[str, tuple[str, ...]]
    aliases: Mapping[str, tuple[str, ...]]
    #: The ``[thresholds]`` table (min_letters, min_confidence, block_bytes ...).
    limits: Mapping[str, float]
    #: The ``[stopwords]`` table: a language's most frequent function words.
    stopwords: Mapping[str, frozenset[str]]


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
    raw = tomldata.read(Path(__file__).with_name(DATA_FILE))
    return _Data(
        ranges=tuple(sorted(r for name, items in raw["scripts"].items() for r in _ranges(name, items))),
        languages={k: tuple(v) for k, v in raw["languages"].items()},
        aliases={k.lower(): tuple(v) for k, v in raw["script_aliases"].items()},
        limits={k: float(v) for k, v in raw["thresholds"].items()},
        stopwords={k: frozenset(v) for k, v in raw.get("stopwords", {}).items()},
    )


def _limit(name: str) -> float:
    return _data().limits[name]


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


@functools.cache
def _maybe_letters() -> re.Pattern[str]:
    """Finds a non-ASCII character that may be a letter.

    Latin-1 and General Punctuation characters of no script in the table (curly quotes, dashes,
    no-break spaces) are passed over.
    """
    return chars_outside(cp for cp in NEAR_ASCII if script_of(chr(cp)) is None)


def script_counts(text: str) -> dict[str, int]:
    """Letters of each script in ``text``; digits, punctuation, symbols and spaces are not counted.

    ASCII letters are counted by deleting them from the bytes; the other characters are grouped
    by script per distinct character, and all but the largest group are counted with
    ``str.count`` (the largest is what remains), so the cost stays a few passes at C speed.
    """
    raw = text.encode("utf-8", errors="surrogatepass")
    latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    counts: dict[str, int] = {"Latn": latin} if latin else {}
    if text.isascii() or not _maybe_letters().search(text):
        return counts  # English with curly quotes and dashes: one scan, nothing else to count
    rest = _ASCII_RUNS.sub("", text)
    groups: dict[str | None, list[str]] = {}
    for char in set(rest):
        groups.setdefault(script_of(char), []).append(char)
    largest = max(groups, key=lambda s: (len(groups[s]), s or ""))
    others = 0
    for script, chars in groups.items():
        if script != largest:
            n = sum(map(rest.count, chars))
            others += n
            if script is not None:
                counts[script] = counts.get(script, 0) + n
    if largest is not None:
        counts[largest] = counts.get(largest, 0) + len(rest) - others
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


@functools.lru_cache(maxsize=64)
def _primaries(tags: tuple[str, ...]) -> tuple[str, ...]:
    """The candidates' primary subtags, each once, in order (the same two dozen every article)."""
    return tuple(dict.fromkeys(_primary(c) for c in tags))


@functools.lru_cache(maxsize=256)
def _candidates_for(script: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
    """The candidates written in ``script`` (asked once per block: remembered)."""
    return tuple(c for c in candidates if script in language_scripts(c))


# --------------------------------------------------------------------------- stopwords

#: What is stripped from a word's ends before it is looked up (Latin, Arabic-script, CJK marks).
_PUNCT = "\"'“”‘’«»‹›()[]{}<>.,;:!?¿¡…—–-/|*،؛؟۔।॥"


@functools.lru_cache(maxsize=64)
def _stopword_index(choices: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """Each function word of the candidates, with the candidates it belongs to (one pass per text).

    None unless there are two candidates or more and every one has a list: then counting cannot
    decide between them.
    """
    lists = _data().stopwords
    if len(choices) < 2 or any(c not in lists for c in choices):
        return None
    index: dict[str, list[str]] = {}
    for lang in choices:
        for word in lists[lang]:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def _stopword_hits(text: str, choices: tuple[str, ...]) -> dict[str, int] | None:
    """Function words of each candidate in ``text``; None unless every candidate has a list."""
    index = _stopword_index(choices)
    if index is None:
        return None
    hits = dict.fromkeys(choices, 0)
    # Split at spaces, not at \w boundaries: Indic and Arabic vowel signs are not \w. Each word
    # is stripped, looked up and counted in C (map, filter, Counter); Python sees only the hits.
    words = text.lower().split()
    found = Counter(filter(None, map(index.get, map(str.strip, words, repeat(_PUNCT, len(words))))))
    for langs, n in found.items():
        for lang in langs:
            hits[lang] += n
    return hits


def _stopword_decision(hits: dict[str, int] | None) -> tuple[str, float] | None:
    """The language whose function words the text is full of, when that is clear; else None.

    Counting a few dozen words per language decides most articles without the statistical model
    (whose first use costs ~0.1 s and 20 MB); it abstains unless every candidate has a list, the
    best has ``stopword_min_hits`` hits and ``stopword_ratio`` times the runner-up's.
    """
    if hits is None:
        return None
    ranked = sorted(hits.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < _limit("stopword_min_hits") or top < _limit("stopword_ratio") * second:
        return None
    return best, top / (top + second)  # how far ahead of the runner-up: 2/3 at the minimum ratio


def _unit_hits(unit: _Unit, chars: int, choices: tuple[str, ...]) -> dict[str, int] | None:
    """:func:`_stopword_hits` of a unit's first ``chars`` characters, counted once per unit.

    The article's count and a long block's own count read the same words: a block no longer
    than both limits is counted once for both.
    """
    key = (min(chars, len(unit.text)), choices)
    if key not in unit.hits:
        unit.hits[key] = _stopword_hits(unit.text[:key[0]], choices)
    return unit.hits[key]


def _article_hits(units: list[_Unit], choices: tuple[str, ...]) -> dict[str, int] | None:
    """:func:`_stopword_hits` of the units' texts joined by spaces, cut at ``stopword_chars``.

    Summed unit by unit: the words of ``" ".join(texts)[:limit]`` are those of each whole text
    before the cut and of the cut text's beginning (a space never joins two words).
    """
    total = dict.fromkeys(choices, 0)
    left = int(_limit("stopword_chars"))
    for i, unit in enumerate(units):
        left -= 1 if i else 0  # the joining space
        if left <= 0:
            break
        hits = _unit_hits(unit, left, choices)
        if hits is None:
            return None
        for lang, n in hits.items():
            total[lang] += n
        left -= len(unit.text)
    return total


# --------------------------------------------------------------------------- the identifier


class _Model(Struct, frozen=True):
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


class _Unit(Struct):
    """A block being looked at: its text, letters per script, features (once read), quote parts."""

    block: Block | None
    text: str
    counts: dict[str, int]
    fv: np.ndarray | None = None
    #: The blocks of a quote, looked at one by one when the quote as a whole is not tagged.
    children: list[_Unit] = field(default_factory=list)
    #: Function-word hits of its first characters, by (characters, candidates): see _unit_hits.
    hits: dict[tuple[int, tuple[str, ...]], dict[str, int] | None] = field(default_factory=dict)
    #: :meth:`dominant`, once worked out (the article's and the tagger's questions ask it thrice).
    top: tuple[str, int] | bool | None = False

    @property
    def letters(self) -> int:
        return sum(self.counts.values())

    def dominant(self) -> tuple[str, int] | None:
        """The script most of the letters are in, with their count; None without letters."""
        if self.top is False:
            counts = self.counts
            script = max(counts, key=counts.__getitem__) if counts else None
            self.top = None if script is None else (script, counts[script])
        return self.top  # type: ignore[return-value]


def _unit(block: Block) -> _Unit:
    """A block with its letters counted (on its first ``block_chars`` characters)."""
    text = block_text(block)
    unit = _Unit(block, text, script_counts(text[:int(_limit("block_chars"))]))
    if isinstance(block, BlockQuote):
        unit.children = [_unit(b) for b in block.children]
    return unit


class _Reader:
    """Reads features of units once each, within a byte budget per purpose (linear cost, bounded)."""

    def __init__(self) -> None:
        self.left: dict[str, int] = {}

    def __call__(self, unit: _Unit, purpose: str) -> np.ndarray | None:
        if unit.fv is None:
            left = self.left.setdefault(purpose, int(_limit("article_bytes")))
            if left <= 0:
                return None
            unit.fv, used = _features(unit.text, min(int(_limit("block_bytes")), left))
            self.left[purpose] = left - used
        return unit.fv


def _sum(read: _Reader, units: list[_Unit], purpose: str) -> np.ndarray | None:
    total = None
    for unit in units:
        fv = read(unit, purpose)
        if fv is not None:
            total = fv if total is None else total + fv
    return total


def settle_language(doc: Document, options: ReadOptions, *, given: str | None
                    ) -> tuple[Document, LanguageReport]:
    """``doc`` with ``meta.language`` settled and blocks in another language tagged; and how.

    ``given``: the language the article or the user stated (front matter, ``-M``, config
    ``[metadata]``); ``options.language`` (``--language``) counts as given when it is None.
    A given language is kept as is. Otherwise the text is identified among
    ``options.languages``, falling back to ``options.default_language``.
    """
    stated = given or options.language
    candidates = _primaries(options.languages)
    units = [_unit(b) for b in doc.body]
    read = _Reader()
    if stated:
        report = LanguageReport(stated, None, GIVEN)
    else:
        report = _identify(doc.meta.headline, units, candidates, options, read)
    tagger = _Tagger(report.tag, candidates, read, units)
    body = tagger.blocks(units)
    meta = replace(doc.meta, language=report.tag)
    return replace(doc, meta=meta, body=body), replace(report, blocks=tagger.tagged)


def _identify(headline: str, units: list[_Unit], candidates: tuple[str, ...],
              options: ReadOptions, read: _Reader) -> LanguageReport:
    """The article's language from its letters: script first, then the identifier."""
    fallback = LanguageReport(options.default_language, None, DEFAULT, candidates)
    head = _Unit(None, headline, script_counts(headline))
    totals: dict[str, int] = dict(head.counts)
    for unit in units:
        for script, n in unit.counts.items():
            totals[script] = totals.get(script, 0) + n
    letters = sum(totals.values())
    if letters < _limit("min_letters"):
        return fallback
    script = max(totals, key=lambda s: totals[s])
    choices = _candidates_for(script, candidates)
    if not choices:
        return fallback
    if len(choices) == 1:
        return LanguageReport(choices[0], totals[script] / letters, DETECTED, choices)
    # only text in that script: another script's bytes are noise to the identifier
    same = [u for u in (head, *units) if (u.dominant() or ("",))[0] == script]
    quick = _stopword_decision(_article_hits(same, choices))
    if quick is not None:
        return LanguageReport(quick[0], quick[1], DETECTED, choices)
    fv = _sum(read, same, "article")
    ranked = _rank(fv, choices) if fv is not None else None
    if ranked is None or ranked[1] < _limit("min_confidence"):
        return replace(fallback, candidates=choices)
    return LanguageReport(ranked[0], ranked[1], DETECTED, choices)


class _Tagger:
    """Gives ``lang`` to the blocks in another language than the article's (the conservative rule).

    A block written mostly in a script the article's language is not written in is in another
    language; all such blocks of one script share one decision (so five Urdu paragraphs in an
    English story are all ``ur``), made from their text together, or ``und-<Script>`` when the
    candidates cannot tell. A long block in the article's own script is another language only
    when the identifier is sure of it.
    """

    def __init__(self, article: str, candidates: tuple[str, ...], read: _Reader,
                 units: list[_Unit]) -> None:
        self.own = language_scripts(article)
        self.primary = _primary(article)
        self.candidates = candidates
        self.read = read
        self.units = units
        self.decided: dict[str, str] = {}
        self.tagged = 0

    def foreign(self, unit: _Unit) -> str | None:
        """The other script most of the block is written in, if it is."""
        top = unit.dominant()
        if top is None or top[0] in self.own:
            return None
        script, n = top
        if n < _limit("block_min_letters") or n <= _limit("block_script_share") * unit.letters:
            return None  # a name or a word in another script does not change the block
        return script

    def members(self, script: str) -> list[_Unit]:
        out: list[_Unit] = []
        for unit in self.units:
            if self.foreign(unit) == script:
                out.append(unit)
            else:
                out.extend(u for u in unit.children if self.foreign(u) == script)
        return out

    def decide(self, script: str) -> str:
        """One language for every block in this other script."""
        if script not in self.decided:
            choices = _candidates_for(script, self.candidates)
            tag = f"und-{script}"
            if len(choices) == 1:
                tag = choices[0]
            elif choices:
                members = self.members(script)
                if sum(u.counts[script] for u in members) >= _limit("min_letters"):
                    fv = _sum(self.read, members, script)
                    ranked = _rank(fv, choices) if fv is not None else None
                    if ranked is not None and ranked[1] >= _limit("min_confidence"):
                        tag = ranked[0]
            self.decided[script] = tag
        return self.decided[script]

    def same_script(self, unit: _Unit) -> str | None:
        """Another language of the article's own script, for a long block the identifier is sure of."""
        top = unit.dominant()
        if top is None or top[1] < _limit("long_block_letters") or self.primary not in self.candidates:
            return None  # too short to judge, or the identifier does not know the article's language
        choices = _candidates_for(top[0], self.candidates)
        quick = _stopword_decision(_unit_hits(unit, int(_limit("block_chars")) * 2, choices))
        if quick is None or quick[0] == self.primary:
            # Not prose another language's function words fill: the block stays in the article's
            # language, and the model is not loaded for nothing.
            return None
        fv = self.read(unit, "article")  # the same budget: one pass over the text
        ranked = _rank(fv, choices) if fv is not None else None
        if ranked is not None and ranked[0] != self.primary and ranked[1] >= _limit("long_block_confidence"):
            return ranked[0]
        return None

    def blocks(self, units: list[_Unit]) -> tuple[Block, ...]:
        out: list[Block] = []
        for unit in units:
            block = unit.block
            assert block is not None
            script = self.foreign(unit)
            lang = self.decide(script) if script is not None else self.same_script(unit)
            if lang is not None:
                block = replace(block, lang=lang)
                self.tagged += 1
            elif isinstance(block, BlockQuote):
                before = self.tagged
                children = self.blocks(unit.children)
                if self.tagged != before:
                    block = replace(block, children=children)
            out.append(block)
        return tuple(out)


def iter_tagged(doc: Document) -> Iterator[tuple[Block, str]]:
    """Every block (quote children included) that carries its own language, with the tag."""
    stack = list(reversed(doc.body))
    while stack:
        block = stack.pop()
        if block.lang:
            yield block, block.lang
        elif isinstance(block, BlockQuote):
            stack.extend(reversed(block.children))
