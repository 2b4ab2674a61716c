"""The house style as CSS rules, shared by the EPUB and HTML writers so both look the same.

One rule per style element, sizes in ems of the body so reading systems and browsers can scale
the text. Each writer adds only what is its own: EPUB its embedded ``@font-face`` files
(:mod:`convert.writers.epub.css`), HTML its screen measure and print stylesheet
(:mod:`convert.writers.html.css`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..styles import ElementStyle, HouseStyle


def num(value: float) -> str:
    """A short, stable CSS number (no float noise, no trailing zeros)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def em(points: float, size: float) -> str:
    """Points as ems of an element whose font size is ``size`` points (readers scale ems)."""
    value = num(points / size)
    return "0" if value == "0" else f"{value}em"


def css_string(text: str) -> str:
    """A CSS string literal; quotes, backslashes and line breaks (never in font names) dropped."""
    return '"' + re.sub(r'["\\\n]', "", text) + '"'


def family(es: ElementStyle) -> str:
    """``font-family`` value: the style's font, then its generic fallback."""
    return f"{css_string(es.font)}, {es.font_fallback}"


def char_decls(es: ElementStyle, body: ElementStyle, *, inline: bool = False) -> list[str]:
    """Character properties, sizes relative to the body.

    ``inline`` elements (links, the dateline run) state only what differs from the body, so a
    link inside an italic quote stays italic.
    """
    decls = [
        ("font-family", family(es), es.font != body.font or es.font_fallback != body.font_fallback),
        ("font-size", em(es.size, body.size), es.size != body.size),
        ("font-weight", "bold" if es.bold else "normal", es.bold != body.bold),
        ("font-style", "italic" if es.italic else "normal", es.italic != body.italic),
        ("color", es.colour, es.colour != body.colour),
        ("text-transform", "uppercase" if es.uppercase else "none", es.uppercase != body.uppercase),
        ("text-decoration", "underline" if es.underline else "none",
         es.underline != body.underline),
    ]
    return [f"{name}: {value}" for name, value, differs in decls
            if differs or (not inline and name != "font-size")]


#: ``align`` as CSS logical values: "left" in a house style is where lines start, which is the
#: right-hand side in a right-to-left paragraph.
_LOGICAL_ALIGN = {"left": "start", "right": "end"}


def para_decls(es: ElementStyle, *, keep: bool = True, for_html: bool = False) -> list[str]:
    """Paragraph properties; spacing in ems of the element's own size, so readers can scale.

    ``for_html``: indents and alignment on the side lines start (``margin-inline-start``,
    ``text-align: start``), so right-to-left blocks mirror them, and no ``-epub-hyphens``.
    """
    hyphens = "auto" if es.hyphenate else "manual"
    indent = em(es.left_indent, es.size)
    if for_html:
        margins = [f"margin: {em(es.space_before, es.size)} 0 {em(es.space_after, es.size)} 0",
                   f"margin-inline-start: {indent}"]
    else:
        margins = [f"margin: {em(es.space_before, es.size)} 0 {em(es.space_after, es.size)} "
                   f"{indent}"]
    align = _LOGICAL_ALIGN.get(es.align, es.align) if for_html else es.align
    decls = [
        f"line-height: {num(es.line_height)}",
        *margins,
        f"text-align: {align}",
        f"text-indent: {em(es.first_line_indent, es.size)}",
        *([] if for_html else [f"-epub-hyphens: {hyphens}"]),
        f"hyphens: {hyphens}",
    ]
    if keep and es.keep_with_next:
        decls += ["page-break-after: avoid", "break-after: avoid"]
    return decls


def block_decls(es: ElementStyle, body: ElementStyle, *, keep: bool = True,
                for_html: bool = False) -> list[str]:
    """Character plus paragraph properties of a block element."""
    return char_decls(es, body) + para_decls(es, keep=keep, for_html=for_html)


def rule(selector: str, decls: Iterable[str]) -> str:
    """One CSS rule, a declaration per line."""
    body = "".join(f"  {d};\n" for d in decls)
    return f"{selector} {{\n{body}}}\n"


def banner(style: HouseStyle) -> str:
    """The comment that opens every generated stylesheet."""
    return f"/* newsconvert house style {style.name!r}: generated, do not edit */\n"


def element_rules(style: HouseStyle, *, for_html: bool = False) -> list[str]:
    """One rule per style element: the part of the stylesheet every visual writer shares.

    Body character properties are inherited; ``p`` adds only paragraph properties, so a
    paragraph inside a blockquote keeps the quote's look. ``for_html``: indents and alignment
    follow each block's direction (see :func:`para_decls`); the EPUB's rules keep physical sides.
    """
    body = style.element("body")
    el = style.element
    lst = el("list")

    def block(name: str, *, keep: bool = True) -> list[str]:
        return block_decls(el(name), body, keep=keep, for_html=for_html)

    list_indent = em(lst.left_indent, body.size) or "0"
    return [
        rule("body", [*char_decls(body, body), f"line-height: {num(body.line_height)}"]),
        rule("p", para_decls(body, for_html=for_html)),
        rule("h1", block("headline")),
        rule("p.standfirst", block("standfirst")),
        rule("p.byline", block("byline")),
        rule("p.dateline", block("dateline")),
        rule("span.dateline", char_decls(el("dateline"), body, inline=True)),
        rule("h2", block("subheading")),
        rule("h3, h4, h5, h6", block("subheading3")),
        rule("blockquote", block("quote")),
        rule("blockquote p", ["margin: 0 0 0.5em 0", "text-indent: 0"]),
        rule("figure.quote", ["margin: 0", "padding: 0"]),
        rule("figure.quote blockquote", ["margin-bottom: 0"]),
        rule("figcaption.attribution", block("quote", keep=False)),
        rule("ul, ol", [f"margin: 0 0 {em(body.space_after, body.size)} 0",
                        f"padding-inline-start: {list_indent}" if for_html
                        else f"padding-left: {list_indent}"]),
        rule("li", [*char_decls(lst, body),
                    *(d for d in para_decls(lst, for_html=for_html) if not d.startswith("margin")),
                    f"margin: 0 0 {em(lst.space_after, lst.size)} 0"]),
        rule("p.credit, p.copyright", block("credit")),
        rule("a", char_decls(el("link"), body, inline=True)),
        # Quoted keeps its typed marks in the text: no generated marks, or they would show twice.
        rule("q", ["quotes: none"]),
        rule("q::before, q::after", ['content: ""']),
        rule("header, footer, article", ["margin: 0", "padding: 0"]),
    ]
