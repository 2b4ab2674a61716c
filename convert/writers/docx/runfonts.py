"""Fonts of DOCX runs: the faces a paragraph needs beyond its style's, and symbols in their own runs.

After the body is built, :func:`plan_fonts` looks at each paragraph's text and language: a block
in another language or script names its face on its runs (``w:rFonts``, only the slots that
differ from the style's), digits and punctuation the complex-script face lacks are set in the
element's own face (:func:`split_uncovered`), and the faces the text is drawn in, with the
variants its runs use, are what ``--embed-fonts`` embeds. Symbols (emoji) the element's font
lacks get a run of their own in a symbol face (:func:`symbol_segments`) while runs are written.
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from collections.abc import Iterable

from lxml import etree
from msgspec import Struct, field

from ...scriptfonts import coverage, face, script_of, scripts_in, symbol_face
from ...textutil import NEAR_ASCII, chars_outside
from .fonts import ArticleFonts, RoleFont, RunFonts, article_fonts, slots
from .ooxml import w

_RFONTS, _RPR, _RSTYLE = w("rFonts"), w("rPr"), w("rStyle")
#: Characters that belong to the symbol before them (joiners, variation selectors, skin tones).
_SYMBOL_TAIL = frozenset("\u200d\ufe0e\ufe0f") | frozenset(map(chr, range(0x1F3FB, 0x1F400)))
#: ``w:rFonts`` attributes in the order this writer writes them.
_ATTRS = ("ascii", "hAnsi", "eastAsia", "cs")


def run_fonts(text: str, lang: str | None, role: RoleFont, fonts: ArticleFonts,
              faces: dict[str, str] | None = None, scripts: tuple[str, ...] | None = None
              ) -> RunFonts:
    """The ``w:rFonts`` a paragraph's runs need beyond their style's; empty when none.

    ``lang``: the block's own language (None: the article's). A style a reference .docx brings
    is left alone for text in the article's language. Each face named is added to ``faces``
    (family -> its script) for the font table. ``scripts``: the text's, when known.
    """
    if text.isascii() or (lang is None and not role.styled):
        return ()
    language = lang or fonts.language
    table = slots()
    want: dict[str, str] = {}
    for script in scripts_in(text) if scripts is None else scripts:
        slot = table.of(script)
        if slot in want or script == "Latn":
            continue
        wanted = face(script, language, role.generic)
        if slot == "ascii":
            cmap = coverage(role.font)
            if cmap is not None and all(ord(c) in cmap for c in text if script_of(c) == script):
                continue
            want["hAnsi"] = wanted
        elif role.styled and wanted == (fonts.cs(role) if slot == "cs" else fonts.east_asia(role)):
            continue
        want[slot] = wanted
        if faces is not None:
            faces.setdefault(wanted, script)
    return tuple((a, want[a]) for a in _ATTRS if a in want)


@functools.cache
def _maybe_symbol() -> re.Pattern[str]:
    """Finds a character that may be a symbol: not ASCII, nor near-ASCII non-symbol (So) text."""
    return chars_outside(cp for cp in NEAR_ASCII if unicodedata.category(chr(cp)) != "So")


def symbol_segments(text: str, font: str) -> list[tuple[str, str | None]] | None:
    """``text`` split around symbols (emoji) the element's ``font`` lacks: (text, face or None).

    None when there is no such symbol (the common case). A symbol no installed face has stays
    in the text around it: the office application's own fallback is all there is.
    """
    if not _maybe_symbol().search(text) or not any(unicodedata.category(ch) == "So"
                                                   for ch in set(text)):
        return None  # the common case: curly quotes and dashes are no symbols
    cmap = coverage(font)
    out: list[tuple[str, str | None]] = []
    start = 0
    current: str | None = None
    seen = False
    for i, ch in enumerate(text):
        if current is not None and (ch in _SYMBOL_TAIL or text[i - 1] == "\u200d"):
            continue  # a joiner, selector or joined symbol stays with the symbol before it
        found = None
        if unicodedata.category(ch) == "So" and (cmap is None or ord(ch) not in cmap):
            found = symbol_face(ord(ch))
        if found != current:
            if i > start:
                out.append((text[start:i], current))
            start, current = i, found
            seen = seen or found is not None
    if not seen:
        return None
    out.append((text[start:], current))
    return out


def symbol_fonts(family: str) -> RunFonts:
    """A symbol run's ``w:rFonts``: the symbol face in every slot, whatever script it is read as."""
    return tuple((a, family) for a in _ATTRS)


def add_run_fonts(run: etree._Element, fonts: RunFonts) -> None:
    """Give a ``w:r`` its ``w:rFonts`` (after ``w:rStyle``, as the schema orders them)."""
    rpr = run.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        run.insert(0, rpr)
    if rpr.find(_RFONTS) is not None:
        return
    el = etree.Element(_RFONTS)
    for attr, family in fonts:
        el.set(w(attr), family)
    rpr.insert(1 if len(rpr) and rpr[0].tag == _RSTYLE else 0, el)


def split_uncovered(p: etree._Element, cs_face: str, fallback: str) -> None:
    """Give digits and punctuation the complex-script face lacks a run of their own in ``fallback``.

    Word and LibreOffice set a right-to-left run's digits and punctuation in its ``cs`` face;
    Noto Sans Hebrew has no digits, Noto Nastaliq Urdu no ASCII quote: they would come from
    whatever font the application falls back to. The element's own face sets them instead, as
    in the PDF. Symbol runs (which have ``w:rFonts`` already) are left alone.
    """
    cmap = coverage(cs_face)
    if cmap is None or cs_face == fallback:
        return
    other = coverage(fallback)

    def uncovered(ch: str) -> bool:
        cp = ord(ch)
        return (cp not in cmap and not ch.isspace() and script_of(ch) in ("Zyyy", "Zinh")
                and (other is None or cp in other))

    for run in list(p.iter(w("r"))):
        rpr = run.find(_RPR)
        texts = run.findall(w("t"))
        if (rpr is not None and rpr.find(_RFONTS) is not None) or len(texts) != 1 or \
                len(run) != len(texts) + (rpr is not None):
            continue
        text = texts[0].text or ""
        if not any(uncovered(ch) for ch in text):
            continue
        pieces: list[tuple[str, bool]] = []
        for ch in text:
            flag = uncovered(ch)
            if pieces and pieces[-1][1] == flag:
                pieces[-1] = (pieces[-1][0] + ch, flag)
            else:
                pieces.append((ch, flag))
        parent = run.getparent()
        at = parent.index(run)
        for i, (piece, flag) in enumerate(pieces):
            new = copy.deepcopy(run)
            new.find(w("t")).text = piece
            if flag:
                add_run_fonts(new, (("cs", fallback),))
            parent.insert(at + i + 1, new)
        parent.remove(run)


def set_paragraph_fonts(p: etree._Element, fonts: RunFonts) -> None:
    """``w:rFonts`` on every run of a paragraph that has none (symbol runs keep theirs)."""
    for run in p.iter(w("r")):
        if run.find(w("t")) is not None:
            add_run_fonts(run, fonts)


# --------------------------------------------------------------------------- per article


class Para(Struct):
    """A paragraph as written: its role, own language, text and the looks of its runs."""

    p: etree._Element
    role: RoleFont
    lang: str | None
    text: str
    #: (font, bold, italic) of each run.
    looks: set[tuple[str, bool, bool]] = field(default_factory=set)


class Planned(Struct, frozen=True):
    """What an article's fonts came to: the styles' scripts, faces to declare and to embed."""

    fonts: ArticleFonts
    #: Faces runs name beyond the styles' (family, script), for the font table.
    run_faces: tuple[tuple[str, str], ...]
    #: Every face the text is drawn in: (family, variants "regular", "bold", ...).
    needs: tuple[tuple[str, tuple[str, ...]], ...]


_VARIANT = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
            (True, True): "bold_italic"}


def plan_fonts(paras: Iterable[Para], language: str, symbols: Iterable[str]) -> Planned:
    """Set the fonts of an article's runs where needed; say which faces it is drawn in.

    Script faces are embedded upright (regular and bold as the runs are): slanting Arabic or
    Devanagari is the application's job when a face has no italic.
    """
    paras = list(paras)
    scripts = [scripts_in(p.text) for p in paras]
    use: dict[str, dict[str, None]] = {}
    for para, found in zip(paras, scripts, strict=True):
        use.setdefault(para.lang or language, {}).update(dict.fromkeys(found))
    fonts = article_fonts(tuple((lang, tuple(s)) for lang, s in use.items()), language)
    faces: dict[str, str] = dict.fromkeys(symbols, "Zsym")
    needs: dict[str, set[str]] = {family: {"regular"} for family in faces}
    table = slots()
    for para, found in zip(paras, scripts, strict=True):
        if found in ((), ("Latn",)):  # Latin text: its looks are all there is to note
            for font, bold, italic in para.looks:
                needs.setdefault(font, set()).add(_VARIANT[bold, italic])
            continue
        wanted = run_fonts(para.text, para.lang, para.role, fonts, faces, found)
        named = dict(wanted)
        if any(table.of(s) == "cs" for s in found):
            split_uncovered(para.p, named.get("cs") or fonts.cs(para.role), para.role.font)
        if wanted:
            set_paragraph_fonts(para.p, wanted)
        drawn: set[str | None] = set()  # the script faces this paragraph's letters are set in
        for script in found:
            slot = table.of(script)
            if slot == "cs":
                drawn.add(named.get("cs") or fonts.cs(para.role))
            elif slot == "eastAsia":
                drawn.add(named.get("eastAsia") or fonts.east_asia(para.role))
            else:
                drawn.add(named.get("ascii"))
        for font, bold, italic in para.looks:
            needs.setdefault(font, set()).add(_VARIANT[bold, italic])
            for family in drawn - {None, font}:
                assert family is not None
                needs.setdefault(family, set()).add(_VARIANT[bold, False])
    order = ("regular", "bold", "italic", "bold_italic")
    return Planned(fonts, tuple(faces.items()),
                   tuple((family, tuple(v for v in order if v in found))
                         for family, found in needs.items()))


__all__ = ["Para", "Planned", "add_run_fonts", "plan_fonts", "run_fonts", "set_paragraph_fonts",
           "split_uncovered", "symbol_fonts", "symbol_segments"]
