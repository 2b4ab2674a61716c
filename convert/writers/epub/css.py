"""A house style as the EPUB's stylesheet, plus the font files it embeds.

The rules come from :mod:`convert.writers.stylesheet` (shared with the HTML writer), with the font
stacks of the scripts the book uses; this module adds the ``@font-face`` rules of the fonts the
EPUB embeds: the files the style names (``font_files``), and with ``--embed-fonts`` subsets of
the installed faces the stacks name (:func:`embedded_faces`), so a reading system without an
Urdu font still shows Urdu. The style's parts are compressed when first asked for and kept in a
small ``lru_cache`` keyed on hashable values, so the 10,000th article of a batch reuses them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from msgspec import Struct

from ...fontsubset import subsets
from ...scriptfonts import ScriptUse, face
from ...styles import HouseStyle
from ...zipio import Part
from .. import stylesheet
from ..stylesheet import NO_SCRIPTS, ScriptStacks
from .package import FOLDER

#: Where the stylesheet and fonts go, relative to the package folder.
CSS_HREF = "style/article.css"
_FONT_DIR = "fonts"

_FONT_MEDIA = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
               ".woff2": "font/woff2"}
_FONT_VARIANTS = (("regular", "normal", "normal"), ("bold", "bold", "normal"),
                  ("italic", "normal", "italic"), ("bold_italic", "bold", "italic"))
_LOOK = {variant: (weight, style) for variant, weight, style in _FONT_VARIANTS}


# --------------------------------------------------------------------------- house style -> CSS


def _font_name(family: str, variant: str, suffix: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", family).strip("-") or "font"
    return f"{_FONT_DIR}/{slug}-{variant.replace('_', '-')}{suffix}"


class FontAsset(Struct, frozen=True):
    """One embedded font file: its href in the package, media type and compressed zip part."""

    href: str
    media_type: str
    part: Part
    #: The family and variant ``@font-face`` declares it as (empty: a style's ``font_files``).
    family: str = ""
    variant: str = "regular"


def _font_face(family: str, variant: str, href: str) -> str:
    weight, style = _LOOK[variant]
    return stylesheet.rule("@font-face", [
        f"font-family: {stylesheet.css_string(family)}",
        f"font-weight: {weight}", f"font-style: {style}", f'src: url("../{href}")'])


@functools.lru_cache(maxsize=64)
def style_css(style: HouseStyle, stacks: ScriptStacks = NO_SCRIPTS,
              embedded: tuple[tuple[str, str, str], ...] = ()) -> str:
    """The stylesheet: embedded fonts declared first, then the shared rules.

    ``embedded``: (family, variant, href) of the subset faces this book carries. The rules are
    :func:`convert.writers.stylesheet.element_rules`, the same as the HTML page's.
    """
    rules: list[str] = [stylesheet.banner(style)]
    for family, files in sorted(style.font_files.items()):
        for variant, _weight, _style in _FONT_VARIANTS:
            path = getattr(files, variant)
            if path is not None:
                rules.append(_font_face(family, variant,
                                        _font_name(family, variant, path.suffix.lower())))
    rules += [_font_face(family, variant, href) for family, variant, href in embedded]
    rules += stylesheet.element_rules(style, stacks=stacks)
    return "".join(rules)


class StyleAssets(Struct, frozen=True):
    """The stylesheet part and the font parts of one house style."""

    css: Part
    fonts: tuple[FontAsset, ...]


@functools.lru_cache(maxsize=16)
def style_assets(style: HouseStyle, stacks: ScriptStacks = NO_SCRIPTS) -> StyleAssets:
    """CSS and font parts of a style, built and compressed once per process per style.

    Reads the font files the style names (absolute paths resolved when the style was loaded);
    nothing else. ``lru_cache`` is thread-safe; two threads missing at once both build the same
    immutable value, and one of them is kept.
    """
    css = Part.make(f"{FOLDER}/{CSS_HREF}", style_css(style, stacks).encode("utf-8"))
    fonts: list[FontAsset] = []
    for family, files in sorted(style.font_files.items()):
        for variant, _weight, _style in _FONT_VARIANTS:
            path = getattr(files, variant)
            if path is None:
                continue
            suffix = path.suffix.lower()
            href = _font_name(family, variant, suffix)
            media = _FONT_MEDIA.get(suffix, "application/font-sfnt")
            fonts.append(FontAsset(href, media, Part.make(f"{FOLDER}/{href}", path.read_bytes())))
    return StyleAssets(css, tuple(fonts))


# --------------------------------------------------------------------------- --embed-fonts


def embedded_families(style: HouseStyle, use: ScriptUse, language: str
                      ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(family, variants) a book embeds: the house fonts, and the script faces it is set in.

    House fonts come in the variants they have (the style's ``font_files`` are embedded whole
    already); script faces upright, regular and bold: reading systems slant them when asked.
    """
    generics = tuple(dict.fromkeys(es.font_fallback for es in style.elements.values()))
    out: dict[str, tuple[str, ...]] = {}
    for es in style.elements.values():
        if es.font not in style.font_files:
            out.setdefault(es.font, ("regular", "bold", "italic", "bold_italic"))
    for lang, scripts in use:
        for script in scripts:
            if script == "Latn":
                continue
            for generic in generics:
                for tag in dict.fromkeys((language, lang)):
                    out.setdefault(face(script, tag, generic), ("regular", "bold"))
    return tuple(out.items())


def embedded_faces(families: Iterable[tuple[str, Iterable[str]]],
                   chars: frozenset[int]) -> tuple[FontAsset, ...]:
    """Subsets of the installed faces of ``families`` for ``chars`` (those with any of them)."""
    out: list[FontAsset] = []
    for family, found, data in subsets(families, chars, truetype=False):
        otf = data[:4] == b"OTTO"
        href = _font_name(family, found.variant, ".otf" if otf else ".ttf")
        out.append(FontAsset(href, "font/otf" if otf else "font/ttf",
                             Part.make(f"{FOLDER}/{href}", data), family, found.variant))
    return tuple(out)
