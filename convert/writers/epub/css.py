"""A house style as the EPUB's stylesheet, plus the font files it embeds, built once per style.

One CSS rule per style element, sizes in ems of the body so reading systems can scale the text.
The parts are compressed when first asked for and kept in a small ``lru_cache`` keyed on the style
(a frozen, hashable value), so the 10,000th article of a batch reuses them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...styles import ElementStyle, HouseStyle
from ...zipio import Part
from .package import FOLDER

#: Where the stylesheet and fonts go, relative to the package folder.
CSS_HREF = "style/article.css"
_FONT_DIR = "fonts"

_FONT_MEDIA = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
               ".woff2": "font/woff2"}
_FONT_VARIANTS = (("regular", "normal", "normal"), ("bold", "bold", "normal"),
                  ("italic", "normal", "italic"), ("bold_italic", "bold", "italic"))


# --------------------------------------------------------------------------- house style -> CSS


def _num(value: float) -> str:
    """A short, stable CSS number (no float noise, no trailing zeros)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _em(points: float, size: float) -> str:
    """Points as ems of an element whose font size is ``size`` points (readers scale ems)."""
    value = _num(points / size)
    return "0" if value == "0" else f"{value}em"


def _css_string(text: str) -> str:
    """A CSS string literal; quotes, backslashes and line breaks (never in font names) dropped."""
    return '"' + re.sub(r'["\\\n]', "", text) + '"'


def _family(es: ElementStyle) -> str:
    return f"{_css_string(es.font)}, {es.font_fallback}"


def _char_decls(es: ElementStyle, body: ElementStyle, *, inline: bool = False) -> list[str]:
    """Character properties, sizes relative to the body.

    ``inline`` elements (links, the dateline run) state only what differs from the body, so a
    link inside an italic quote stays italic.
    """
    decls = [
        ("font-family", _family(es), es.font != body.font or es.font_fallback != body.font_fallback),
        ("font-size", _em(es.size, body.size), es.size != body.size),
        ("font-weight", "bold" if es.bold else "normal", es.bold != body.bold),
        ("font-style", "italic" if es.italic else "normal", es.italic != body.italic),
        ("color", es.colour, es.colour != body.colour),
        ("text-transform", "uppercase" if es.uppercase else "none", es.uppercase != body.uppercase),
        ("text-decoration", "underline" if es.underline else "none",
         es.underline != body.underline),
    ]
    return [f"{name}: {value}" for name, value, differs in decls
            if differs or (not inline and name != "font-size")]


def _para_decls(es: ElementStyle, *, keep: bool = True) -> list[str]:
    """Paragraph properties; spacing in ems of the element's own size, so readers can scale."""
    hyphens = "auto" if es.hyphenate else "manual"
    decls = [
        f"line-height: {_num(es.line_height)}",
        f"margin: {_em(es.space_before, es.size)} 0 {_em(es.space_after, es.size)} "
        f"{_em(es.left_indent, es.size)}",
        f"text-align: {es.align}",
        f"text-indent: {_em(es.first_line_indent, es.size)}",
        f"-epub-hyphens: {hyphens}",
        f"hyphens: {hyphens}",
    ]
    if keep and es.keep_with_next:
        decls += ["page-break-after: avoid", "break-after: avoid"]
    return decls


def _block_decls(es: ElementStyle, body: ElementStyle, *, keep: bool = True) -> list[str]:
    """Character plus paragraph properties of a block element."""
    return _char_decls(es, body) + _para_decls(es, keep=keep)


def _rule(selector: str, decls: Iterable[str]) -> str:
    body = "".join(f"  {d};\n" for d in decls)
    return f"{selector} {{\n{body}}}\n"


def _font_name(family: str, variant: str, suffix: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", family).strip("-") or "font"
    return f"{_FONT_DIR}/{slug}-{variant.replace('_', '-')}{suffix}"


def style_css(style: HouseStyle) -> str:
    """The stylesheet for a house style: one rule per style element, fonts declared first."""
    body = style.element("body")
    rules: list[str] = [
        f"/* newsconvert house style {style.name!r}: generated, do not edit */\n",
    ]
    for family, files in sorted(style.font_files.items()):
        for variant, weight, font_style in _FONT_VARIANTS:
            path = getattr(files, variant)
            if path is None:
                continue
            name = _font_name(family, variant, path.suffix.lower())
            rules.append(_rule("@font-face", [
                f"font-family: {_css_string(family)}",
                f"font-weight: {weight}", f"font-style: {font_style}",
                f'src: url("../{name}")',
            ]))
    # Body character properties are inherited; ``p`` adds only paragraph properties, so a
    # paragraph inside a blockquote keeps the quote's look.
    rules.append(_rule("body", [*_char_decls(body, body),
                                f"line-height: {_num(body.line_height)}"]))
    el = style.element
    rules += [
        _rule("p", _para_decls(body)),
        _rule("h1", _block_decls(el("headline"), body)),
        _rule("p.standfirst", _block_decls(el("standfirst"), body)),
        _rule("p.byline", _block_decls(el("byline"), body)),
        _rule("p.dateline", _block_decls(el("dateline"), body)),
        _rule("span.dateline", _char_decls(el("dateline"), body, inline=True)),
        _rule("h2", _block_decls(el("subheading"), body)),
        _rule("h3, h4, h5, h6", _block_decls(el("subheading3"), body)),
        _rule("blockquote", _block_decls(el("quote"), body)),
        _rule("blockquote p", ["margin: 0 0 0.5em 0", "text-indent: 0"]),
        _rule("figure.quote", ["margin: 0", "padding: 0"]),
        _rule("figure.quote blockquote", ["margin-bottom: 0"]),
        _rule("figcaption.attribution", _block_decls(el("quote"), body, keep=False)),
        _rule("ul, ol", [f"margin: 0 0 {_em(body.space_after, body.size)} 0",
                         f"padding-left: {_em(el('list').left_indent, body.size) or '0'}"]),
        _rule("li", [*_char_decls(el("list"), body),
                     *(d for d in _para_decls(el("list")) if not d.startswith("margin")),
                     f"margin: 0 0 {_em(el('list').space_after, el('list').size)} 0"]),
        _rule("p.credit, p.copyright", _block_decls(el("credit"), body)),
        _rule("a", _char_decls(el("link"), body, inline=True)),
        # Quoted keeps its typed marks in the text: no generated marks, or they would show twice.
        _rule("q", ["quotes: none"]),
        _rule("q::before, q::after", ['content: ""']),
        _rule("header, footer, article", ["margin: 0", "padding: 0"]),
    ]
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
