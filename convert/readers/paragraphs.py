"""Where paragraphs break inside blank-line blocks, decided per article from evidence.

Plain-text articles mark paragraphs in three ways, and real files mix them:

- **blank lines** between paragraphs, each paragraph hard-wrapped at a column or on one line;
- **indentation**: wire copy (Reuters, AP) wraps at about 65 columns and opens each paragraph
  with an indented line, with no blank line between paragraphs;
- **one paragraph per line**: most scrapers write each paragraph on its own line, with or
  without blank lines between them.

The article's lines decide. Lines longer than any plausible wrap column (``MAX_WRAP``), or line
breaks that all fall after the end of a sentence, mean the text is not hard-wrapped, so each line
is a paragraph (a line starting with a blank continues the
one before, as in scraped feeds that break mid-sentence). Otherwise the text is hard-wrapped at
the longest line's width: an indented line opens a paragraph when the article indents its
paragraphs, and a line that ends a sentence well short of the column (the next word would have
fitted) ends one. :class:`LineRule` records the decision and the evidence for ``parse``.
"""

from __future__ import annotations

import itertools
import re

from msgspec import Struct

from ..textutil import lazy_pattern

#: The widest column text is hard-wrapped at in practice (e-mail 72-78, wire 65-69, terminals
#: 80; some feeds 100). Lines longer than this are not wrapped.
MAX_WRAP = 100
#: How far short of the wrap column a line must end to count as a paragraph's last line.
_SLACK = 8
#: Sentence-final punctuation in Latin, Arabic-script, Devanagari and CJK text, then optional
#: closing quotes and brackets.
_SENTENCE_END = lazy_pattern(r"[.!?;:…۔؟।॥。！？][\"'”’»)\]]*$")
_INDENT = re.compile(r"^(?: {2,}|\t)")


class LineRule(Struct, frozen=True):
    """How this article's lines make paragraphs, and why (shown by ``newsconvert parse``)."""

    #: "blank-lines", "one-per-line", "indented" or "wrapped".
    name: str
    #: The evidence, in words.
    why: str
    #: The wrap column when the text is hard-wrapped.
    column: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.name, "why": self.why, "column": self.column}


def decide(blocks: list[list[str]]) -> LineRule:
    """The paragraph rule for an article's body blocks (lists and quotes already set apart)."""
    lengths = [len(line.strip()) for block in blocks for line in block]
    multi = [block for block in blocks if len(block) > 1]
    if not lengths:
        return LineRule("blank-lines", "no body text")
    longest = max(lengths)
    if not multi:
        return LineRule("blank-lines", f"every block is one line (up to {longest} characters)")
    breaks = sum(len(b) - 1 for b in multi)
    long_lines = sum(1 for n in lengths if n > MAX_WRAP)
    if long_lines:
        return LineRule("one-per-line",
                        f"{long_lines} of {len(lengths)} lines are longer than {MAX_WRAP} characters, "
                        f"so lines are not hard-wrapped: each of the {breaks} line breaks inside "
                        f"blocks ends a paragraph")
    mid_sentence = sum(1 for b in multi for line in b[:-1] if not _SENTENCE_END().search(line.strip()))
    if breaks >= 2 and mid_sentence == 0:
        return LineRule("one-per-line",
                        f"all {breaks} line breaks inside blocks follow the end of a sentence, so "
                        "each line is a paragraph")
    openers = sum(1 for b in multi for prev, line in itertools.pairwise(b)
                  if _INDENT.match(line) and not _INDENT.match(prev))
    indented = sum(1 for b in multi for line in b if _INDENT.match(line))
    all_indented = indented == sum(len(b) for b in multi)
    if indented >= 2 and (openers >= 1 or all_indented):
        return LineRule("indented",
                        f"hard-wrapped at {longest} columns; {indented} indented lines open "
                        f"paragraphs ({openers} after a flush-left line)", longest)
    return LineRule("wrapped", f"hard-wrapped at {longest} columns: lines inside a block are "
                    "joined unless one ends a sentence well short of the column", longest)


def split_block(block: list[str], rule: LineRule) -> list[list[str]]:
    """One blank-line block cut into paragraphs (each a list of lines) by the article's rule."""
    if len(block) == 1 or rule.name == "blank-lines":
        return [block]
    out: list[list[str]] = [[block[0]]]
    for prev, line in itertools.pairwise(block):
        if _breaks(prev, line, rule):
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _breaks(prev: str, line: str, rule: LineRule) -> bool:
    """Whether a paragraph ends between ``prev`` and ``line`` (two lines of one block)."""
    if rule.name == "one-per-line":
        # A continuation line starts with a blank, or follows a hyphen that split a word.
        return not (line[:1].isspace() or (prev.rstrip().endswith("-") and line[:1].islower()))
    if rule.name == "indented":
        return bool(_INDENT.match(line))
    column = rule.column or MAX_WRAP
    head = prev.strip()
    words = line.split()
    next_word = words[0] if words else ""
    fits = len(head) + 1 + len(next_word) <= column - _SLACK
    return fits and bool(_SENTENCE_END().search(head)) and not next_word[:1].islower()
