"""A house style as the EPUB's stylesheet, plus the font files it embeds, built once per style.

The rules come from :mod:`convert.writers.stylesheet` (shared with the HTML writer); this module
adds the ``@font-face`` rules of the fonts the EPUB embeds. The parts are compressed when first
asked for and kept in a small ``lru_cache`` keyed on the style (a frozen, hashable value), so the
10,000th article of a batch reuses them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...styles import HouseStyle
from ...zipio import Part
from .. import stylesheet
from .package import FOLDER

#: Where the stylesheet and fonts go, relative to the package folder.
CSS_HREF = "style/article.css"
_FONT_DIR = "fonts"

_FONT_MEDIA = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
               ".woff2": "font/woff2"}
_FONT_VARIANTS = (("regular", "normal", "normal"), ("bold", "bold", "normal"),
                  ("italic", "normal", "italic"), ("bold_italic", "bold", "italic"))


# --------------------------------------------------------------------------- house style -> CSS


def _font_name(family: str, variant: str, suffix: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", family).strip("-") or "font"
    return f"{_FONT_DIR}/{slug}-{variant.replace('_', '-')}{suffix}"


def style_css(style: HouseStyle) -> str:
    """The stylesheet for a house style: embedded fonts declared first, then the shared rules.

    The rules are :func:`convert.writers.stylesheet.element_rules`, the same as the HTML page's.
    """
    rules: list[str] = [stylesheet.banner(style)]
    for family, files in sorted(style.font_files.items()):
        for variant, weight, font_style in _FONT_VARIANTS:
            path = getattr(files, variant)
            if path is None:
                continue
            name = _font_name(family, variant, path.suffix.lower())
            rules.append(stylesheet.rule("@font-face", [
                f"font-family: {stylesheet.css_string(family)}",
                f"font-weight: {weight}", f"font-style: {font_style}",
                f'src: url("../{name}")',
            ]))
    rules += stylesheet.element_rules(style)
    return "".join(rules)


@dataclass(frozen=True, slots=True)
class FontAsset:
    """One embedded font file: its href in the package, media type and compressed zip part."""

    href: str
    media_type: str
    part: Part


@dataclass(frozen=True, slots=True)
class StyleAssets:
    """The stylesheet part and the font parts of one house style."""

    css: Part
    fonts: tuple[FontAsset, ...]


@functools.lru_cache(maxsize=16)
def style_assets(style: HouseStyle) -> StyleAssets:
    """CSS and font parts of a style, built and compressed once per process per style.

    Reads the font files the style names (absolute paths resolved when the style was loaded);
    nothing else. ``lru_cache`` is thread-safe; two threads missing at once both build the same
    immutable value, and one of them is kept.
    """
    css = Part.make(f"{FOLDER}/{CSS_HREF}", style_css(style).encode("utf-8"))
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
