"""From the model to shaped paragraphs: which text needs shaping, spans, faces and looks per element.

The builder (:mod:`.layout`) asks :func:`needs_shaping` for every paragraph; the few that need
it (right-to-left text, or a script ``scripts.toml`` lists as shaped) are made here. The running
header and footer use :func:`draw_text_line` for such text too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from ...model import (
    Code,
    Deleted,
    Emphasis,
    Inline,
    Inserted,
    LineBreak,
    Link,
    Note,
    Quoted,
    RawInline,
    Strong,
    Text,
)
from ...styles import ElementStyle, HouseStyle
from ...textutil import NEAR_ASCII, chars_outside, direction
from .. import loss
from ..textparts import scheme as url_scheme
from . import fontchain, fontfiles
from .codefont import mono_files
from .glyphfont import GlyphBook, GlyphFace
from .linebreak import HARD_BREAK
from .shapedpara import Look, ShapedParagraph, draw_line, layout, pieces
from .shaping import Span, char_script

FMT = "PDF"
#: Where right-to-left and shaped scripts live (Hebrew to Mongolian, CJK and Hangul,
#: presentation forms, astral planes); Latin, Greek, Cyrillic and punctuation are outside.
#: Compiled on first use: its large ranges take 2.5 ms, and English (ASCII, Latin-1 and General
#: Punctuation only) is decided without it.
_CANDIDATE_CHARS = "\u0590-\u1dff\u2e80-\ud7ff\uf900-\ufdff\ufe70-\ufefe\U00010000-\U0010ffff"


@functools.cache
def _candidate() -> re.Pattern[str]:
    return re.compile(f"[{_CANDIDATE_CHARS}]")


@functools.cache
def _beyond_latin1_and_punctuation() -> re.Pattern[str]:
    return chars_outside(NEAR_ASCII)


def needs_shaping(text: str) -> bool:
    """True for text with right-to-left letters or characters of a script drawn by HarfBuzz."""
    if text.isascii() or not _beyond_latin1_and_punctuation().search(text):
        return False  # no character of _CANDIDATE_CHARS can be there
    shaped = fontchain.table().shaped
    for m in _candidate().finditer(text):
        ch = m.group()
        if unicodedata.bidirectional(ch) in ("R", "AL") or char_script(ch) in shaped:
            return True
    return False


@functools.lru_cache(maxsize=256)
def picker(house: HouseStyle, element: str, language: str,
           font_cache: Path | None) -> fontchain.Picker:
    """The face chooser of an element's shaped text."""
    es = house.element(element)
    files = fontfiles.resolve_files(es.font, es.font_fallback, house.font_files.get(es.font),
                                    font_cache)
    mono = mono_files()
    return fontchain.Picker(files, es.font_fallback, language, font_cache,
                            mono[1] if mono else None)


def fallback_face(pick: fontchain.Picker) -> GlyphFace:
    """The face that draws a character no font has (its .notdef box)."""
    face = pick.primary()
    if face is None:  # pragma: no cover - the house faces are TrueType by construction
        raise ValueError(f"cannot read {pick.files.regular}")
    return face


def look(es: ElementStyle, *, first_flush: bool = False) -> Look:
    """An element's look; ``first_flush``: no first-line indent (after headings, in credits)."""
    return Look(size=es.size, leading=es.size * es.line_height, align=es.align,
                left_indent=es.left_indent,
                first_line_indent=0.0 if first_flush else es.first_line_indent,
                space_before=es.space_before, space_after=es.space_after,
                keep_with_next=es.keep_with_next)


#: Superscript digits: a note's number in shaped text (the markup path uses ``<super>``).
SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


class Marks(Struct, frozen=True):
    """How a span is marked besides its face: link, underline, strike, monospace."""

    href: str | None = None
    underline: bool = False
    strike: bool = False
    mono: bool = False


def spans(nodes: tuple[Inline, ...], es: ElementStyle, link: ElementStyle, *,
          upper: bool = False, bold: bool = False, italic: bool = False,
          href: str | None = None, marks: Marks = Marks(),
          note: Callable[[Note], int] | None = None,
          sink: list[Warning] | None = None) -> list[Span]:
    """The inline tree as flat spans (every inline class handled, as in the markup path).

    ``note`` numbers a note where it is referenced (its number is set in superscript digits);
    raw markup is left out with a warning added to ``sink``.
    """
    out: list[Span] = []
    href = href or marks.href
    colour = link.colour if href else es.colour
    underline = (bool(href) and link.underline) or marks.underline
    kw = {"note": note, "sink": sink, "upper": upper}

    def span(text: str, b: bool = bold, i: bool = italic) -> Span:
        return Span(text, b or es.bold, i or es.italic, colour, href, underline, marks.strike,
                    marks.mono)

    for node in nodes:
        if isinstance(node, Text):
            out.append(span(node.text.upper() if upper else node.text))
        elif isinstance(node, Emphasis):
            out += spans(node.children, es, link, bold=bold, italic=True, href=href, marks=marks,
                         **kw)
        elif isinstance(node, Strong):
            out += spans(node.children, es, link, bold=True, italic=italic, href=href, marks=marks,
                         **kw)
        elif isinstance(node, Link):
            target = node.url if url_scheme(node.url) else None
            if target is None:
                loss.relative_link(FMT, node.url, sink)
            out += spans(node.children, es, link, bold=bold, italic=italic, href=target or href,
                         marks=marks, **kw)
        elif isinstance(node, Quoted):
            out.append(span(node.opening))
            out += spans(node.children, es, link, bold=bold, italic=italic, href=href, marks=marks,
                         **kw)
            out.append(span(node.closing))
        elif isinstance(node, LineBreak):
            out.append(Span(HARD_BREAK, bold, italic, colour, href))
        elif isinstance(node, Code):
            out.append(replace(span(node.text), mono=True))
        elif isinstance(node, (Deleted, Inserted)):
            changed = replace(marks, strike=True) if isinstance(node, Deleted) else \
                replace(marks, underline=True)
            out += spans(node.children, es, link, bold=bold, italic=italic, href=href,
                         marks=changed, **kw)
        elif isinstance(node, Note):
            if note is not None:
                out.append(span(str(note(node)).translate(SUPERSCRIPT)))
        elif isinstance(node, RawInline):
            loss.raw(FMT, node.format, node.text, block=False, sink=sink)
        else:
            raise TypeError(f"PDF writer: unknown inline node {type(node).__name__}")
    return [s for s in out if s.text]


def paragraph(house: HouseStyle, element: str, items: list[Span], *, book: GlyphBook,
              language: str, font_cache: Path | None, first_flush: bool = False,
              bullet: str | None = None, rtl: bool | None = None) -> ShapedParagraph:
    """A shaped paragraph of an element.

    Right-to-left when ``rtl`` says so (a block's language decided it), else when most of its
    letters are.
    """
    es = house.element(element)
    pick = picker(house, element, language, font_cache)
    text = "".join(s.text for s in items)
    bullet_spans = [Span(bullet, es.bold, es.italic, es.colour)] if bullet else None
    return ShapedParagraph(items, look(es, first_flush=first_flush),
                           rtl=direction(text) == "rtl" if rtl is None else rtl,
                           language=language, pick=pick,
                           fallback=fallback_face(pick), book=book,
                           break_anywhere=fontchain.table().break_anywhere, bullet=bullet_spans)


def draw_text_line(canv: Any, book: GlyphBook, house: HouseStyle, element: str, text: str,
                   language: str, font_cache: Path | None, x: float, y: float, align: str,
                   missing: set[str]) -> None:
    """One shaped line at ``x`` (its left, right or centre, as ``align`` says), on baseline ``y``."""
    es = house.element(element)
    pick = picker(house, element, language, font_cache)
    items = [Span(text.upper() if es.uppercase else text, es.bold, es.italic, es.colour)]
    lk = Look(size=es.size, leading=es.size, align="left")
    rtl = direction(text) == "rtl"
    lay = layout(items, look=lk, width=1e6, rtl=rtl, language=language, pick=pick,
                 fallback=fallback_face(pick),
                 break_anywhere=fontchain.table().break_anywhere)
    missing |= lay.missing
    if not lay.lines:
        return
    width = sum(p.width for p in pieces(lay, lay.lines[0], language, es.size))
    left = x - width if align == "right" else x - width / 2 if align == "center" else x
    canv.saveState()
    canv.translate(left, 0)
    draw_line(canv, book, lay, lay.lines[0], items, lk, width, y, rtl=rtl, language=language)
    canv.restoreState()
