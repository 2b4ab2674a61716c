"""Picture references, caption and credit lines, and correction notices, as the text readers find them.

Shared by the plain-text and Markdown readers. The words are data (``conventions.toml``:
``caption_openers``, ``credit_openers``, ``photo_openers``, ``corrections``, ``editors_notes``,
``clarifications``); the grammar is here: an opener stands first on its line, before a colon
(``Caption: ...``, ``Credit: AFP``, ``Photo: AFP``), or a credit ends a caption (``... Photo:
AFP``, ``... (Photo: AFP)``, ``... —Photo: AFP``). A ``Photo:`` opener reads as a caption when
what follows is a sentence, else as the credit. A picture reference in plain text is a line that
is only a picture's path or URL (``.jpg``, ``.jpeg``, ``.png``, ``.gif``, ``.webp``) or a
Markdown image ``![alt](path "title")``.
"""

from __future__ import annotations

import functools
import re

from msgspec import Struct

from ..model import Correction, Figure, Inline, Paragraph, Text, plain_text
from ..textutil import lazy_pattern
from .conventions import Conventions
from .inlines import parse_inlines

_EXTENSIONS = r"\.(?:jpe?g|png|gif|webp)"
_PATH = lazy_pattern(rf"^<?((?:https?://|\.{{0,2}}/)?[^\s<>()\[\]\"]+{_EXTENSIONS}(?:\?[^\s<>\"]*)?)>?$",
                     re.IGNORECASE)
_MD_IMAGE = lazy_pattern(r'^!\[([^\[\]]*)\]\(\s*<?([^\s<>()]+)>?(?:\s+"([^"]*)")?\s*\)$')
#: A sentence: ends with sentence punctuation and has a few words.
_SENTENCE = lazy_pattern(r"[.!?۔][\"'”’)\]]*$")


class PictureRef(Struct, frozen=True):
    """A line that points at a picture: where, its alt text and its title (a caption)."""

    source: str
    alt: str = ""
    title: str = ""


def picture_reference(line: str) -> PictureRef | None:
    """The picture a line of plain text refers to, when the line is nothing but that."""
    text = line.strip()
    if not text or len(text) > 2000 or (" " in text and not text.startswith("![")):
        return None
    m = _MD_IMAGE().match(text)
    if m:
        return PictureRef(m.group(2), m.group(1).strip(), (m.group(3) or "").strip())
    m = _PATH().match(text)
    if m and not text.lower().startswith("www."):
        return PictureRef(m.group(1))
    return None


@functools.lru_cache(maxsize=32)
def _openers(conv: Conventions) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a line opening with an opener and a colon; a caption ending with a credit)."""
    kinds = {"caption": conv.caption_openers, "credit": conv.credit_openers, "photo": conv.photo_openers}
    groups = "|".join(f"(?P<{kind}>{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))})"
                      for kind, words in kinds.items() if words) or "(?!)"
    credit_words = "|".join(re.escape(w) for w in sorted((*conv.credit_openers, *conv.photo_openers),
                                                          key=len, reverse=True)) or "(?!)"
    opening = re.compile(rf"^(?:{groups})\s*[:：]\s*(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
    ending = re.compile(rf"^(?P<caption>.*?\S)\s*(?:[—–-]+\s*|\(\s*)?(?:{credit_words})\s*[:：]\s*"
                        rf"(?P<credit>[^()]{{1,160}}?)\s*\)?\s*$", re.IGNORECASE | re.DOTALL)
    return opening, ending


def caption_line(text: str, conv: Conventions) -> tuple[str, str] | None:
    """``("caption", text)`` or ``("credit", text)`` when a line opens with a caption or credit word."""
    head = text[:40]
    if ":" not in head and "：" not in head:  # the common case, decided without the patterns
        return None
    m = _openers(conv)[0].match(text.strip())
    if m is None:
        return None
    rest = m.group("rest").strip()
    if m.group("caption"):
        return "caption", rest
    if m.group("credit"):
        return "credit", rest
    return ("caption", rest) if is_sentence(rest) else ("credit", rest)


def is_sentence(text: str) -> bool:
    """Whether text reads as a sentence (a caption), not a name or an agency (a credit)."""
    return bool(_SENTENCE().search(text)) and len(text.split()) >= 4


def split_credit(text: str, conv: Conventions) -> tuple[str, str | None]:
    """A caption and the credit that ends it (``... Photo: AFP``); the credit None when there is none."""
    if ":" not in text and "：" not in text:
        return text.strip(), None
    m = _openers(conv)[1].match(text.strip())
    if m is None:
        return text.strip(), None
    return m.group("caption").rstrip(" —–-"), m.group("credit").strip()


def split_credit_inlines(inlines: tuple[Inline, ...], conv: Conventions
                         ) -> tuple[tuple[Inline, ...], str | None]:
    """:func:`split_credit` on inline content: the credit is taken from its last text run."""
    if not inlines or not isinstance(inlines[-1], Text):
        return inlines, None
    alone = caption_line(inlines[-1].text, conv) if len(inlines) > 1 else None
    if alone is not None and alone[0] == "credit":  # "*Caption.* Credit: AFP"
        return _trim_end(inlines[:-1]), alone[1]
    caption, credit = split_credit(inlines[-1].text, conv)
    if credit is None:
        return inlines, None
    return inlines[:-1] + ((Text(caption),) if caption else ()), credit


def figure_of_lines(ref: PictureRef | None, lines: list[str], conv: Conventions) -> Figure:
    """A figure from a picture reference and the caption and credit lines under it."""
    caption: list[str] = [ref.title] if ref is not None and ref.title else []
    credit: str | None = None
    for line in lines:
        text = " ".join(line.split())
        found = caption_line(text, conv)
        if found is not None and found[0] == "credit":
            credit = credit or found[1]
            continue
        body, trailing = split_credit(found[1] if found else text, conv)
        if trailing and not credit:
            credit = trailing
        if body:
            caption.append(body)
    inlines = parse_inlines(" ".join(caption)) if caption else ()
    if ref is None:
        return Figure("", caption=inlines, credit=credit)
    return Figure(ref.source, alt=ref.alt, caption=inlines, credit=credit)


#: Whitespace to collapse: runs, and any single blank that is not a space (few in running text).
_SPACE_RUNS = re.compile(r"\s{2,}|[^\S ]")


@functools.lru_cache(maxsize=32)
def _notices(conv: Conventions) -> tuple[tuple[str, re.Pattern[str]], ...]:
    def one(patterns: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE | re.DOTALL)

    return (("correction", one(conv.corrections)), ("editors-note", one(conv.editors_notes)),
            ("clarification", one(conv.clarifications)))


def notice_kind(text: str, conv: Conventions) -> str | None:
    """The kind of notice a paragraph is: ``correction``, ``editors-note``, ``clarification`` or None."""
    # As " ".join(text.split()), without a list of every word (100 MB for a 10 MB paragraph).
    text = _SPACE_RUNS.sub(" ", text).strip().lstrip("*_ ")
    for kind, pattern in _notices(conv):
        if pattern.fullmatch(text):
            return kind
    return None


def take_notice(blocks: list, conv: Conventions) -> list:
    """The body with its final paragraph made a :class:`Correction` when it is a notice."""
    if blocks and isinstance(blocks[-1], Paragraph):
        kind = notice_kind(plain_text(blocks[-1].children), conv)
        if kind is not None:
            last = blocks[-1]
            return [*blocks[:-1], Correction((Paragraph(last.children),), kind, lang=last.lang)]
    return blocks


def _trim_end(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    if inlines and isinstance(inlines[-1], Text):
        text = inlines[-1].text.rstrip()
        return inlines[:-1] + ((Text(text),) if text else ())
    return inlines


def standalone_caption(text: str, conv: Conventions) -> tuple[str, str] | None:
    """:func:`caption_line` for a line standing alone in running text, where prose must not be taken.

    A caption must be short (at most 400 characters), a credit a name rather than a sentence.
    """
    found = caption_line(text, conv)
    if found is None:
        return None
    kind, rest = found
    if kind == "caption" and len(rest) <= 400:
        return found
    if kind == "credit" and len(rest) <= 100 and not is_sentence(rest):
        return found
    return None


def split_figure(block: list[str], conv: Conventions) -> tuple[list[str], list[str], list[str]] | None:
    """``(lines before, the figure's lines, lines after)`` when a block holds a picture reference.

    The figure is the reference and the caption and credit lines under it: every line that opens
    with a caption or credit word, and the first line under it whatever it holds when the
    reference opens the block (a caption written plainly under its picture).
    """
    at = next((i for i, line in enumerate(block) if picture_reference(line)), None)
    if at is None:
        return None
    end = at + 1
    while end < len(block) and (caption_line(block[end], conv) is not None
                                or (end == at + 1 and at == 0 and len(block[end]) <= 400)):
        end += 1
    return block[:at], block[at:end], block[end:]


def figure_lines_after(blocks: list[list[str]]) -> set[tuple[int, int]]:
    """``(block, line)`` positions of the lines right under a picture reference (never junk)."""
    out: set[tuple[int, int]] = set()
    for b, block in enumerate(blocks):
        for i, line in enumerate(block):
            if picture_reference(line):
                if i + 1 < len(block):
                    out.add((b, i + 1))
                elif b + 1 < len(blocks):
                    out.add((b + 1, 0))
    return out
