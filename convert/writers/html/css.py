"""The HTML page's stylesheet: the house style's rules (shared with EPUB), a screen measure, print.

Built once per style and set of script faces (hashable values) and kept in a small
``lru_cache``. Fonts are named with the faces of the page's scripts and their generic fallback
but not embedded: a page stays one file (EPUB embeds them).
"""

from __future__ import annotations

import functools

from lxml import etree

from ...scriptfonts import script_use
from ...styles import HouseStyle
from .. import stylesheet
from ..stylesheet import NO_SCRIPTS, ScriptStacks, block_decls, num, rule, script_stacks, tree_texts

#: Width of the text column on screen, in ems of the body (about 70 characters a line).
MEASURE_EM = 38


def _screen(style: HouseStyle) -> list[str]:
    """Rules for a browser window: a readable measure, the date line, an edition's parts."""
    body = style.element("body")
    return [
        rule("html", ["background: #FFFFFF"]),
        rule("main, body > header, nav.toc",
             [f"max-width: {MEASURE_EM}em", "margin: 0 auto", "padding: 0 1em"]),
        rule("main", ["padding-bottom: 2em"]),
        rule("p.date", block_decls(style.element("byline"), body, for_html=True)),
        rule("nav.toc ol", ["margin: 0 0 1em 0", "padding-inline-start: 1.5em"]),
        rule("article + article", ["margin-top: 2em", "padding-top: 1.5em",
                                   f"border-top: 1px solid {body.colour}"]),
    ]


def _print(style: HouseStyle) -> str:
    """``@media print``: the style's page size, margins and columns; one article per page."""
    page = style.page
    rules = [
        rule("@page", [f"size: {num(page.width)}mm {num(page.height)}mm",
                       f"margin: {num(page.margin_top)}mm {num(page.margin_right)}mm "
                       f"{num(page.margin_bottom)}mm {num(page.margin_left)}mm"]),
        rule("html", ["background: none"]),
        rule("main, body > header, nav.toc", ["max-width: none", "margin: 0", "padding: 0"]),
        rule("nav.toc", ["break-after: page"]),
        rule("article + article", ["break-before: page", "border-top: 0", "margin-top: 0",
                                   "padding-top: 0"]),
        rule("h1, h2, h3, h4, h5, h6", ["break-after: avoid", "break-inside: avoid"]),
        rule("p, li", ["orphans: 2", "widows: 2"]),
        rule("figure, blockquote, li", ["break-inside: avoid"]),
    ]
    if page.columns > 1:
        rules.append(rule("article", [f"column-count: {page.columns}",
                                      f"column-gap: {num(page.column_gap)}mm"]))
        if style.layout.headline_span:
            rules.append(rule("article > header", ["column-span: all"]))
    inner = "".join("  " + line + "\n" for r in rules for line in r.splitlines())
    return f"@media print {{\n{inner}}}\n"


def page_stacks(html: etree._Element) -> ScriptStacks:
    """The script faces a page's font stacks name: those of the scripts its text uses."""
    language = html.get("lang") or "en"
    return script_stacks(script_use(tree_texts(html, language)), language)


@functools.lru_cache(maxsize=64)
def page_css(style: HouseStyle, stacks: ScriptStacks = NO_SCRIPTS) -> str:
    """The whole stylesheet of a page in ``style``, safe to inline in a ``<style>`` element.

    ``stacks``: the page's script faces (:func:`page_stacks`). ``<`` can only come from a font
    name (inside a CSS string), where ``\\3c `` is the same character: so the text can never
    close the ``<style>`` element.
    """
    text = "".join([stylesheet.banner(style),
                    *stylesheet.element_rules(style, for_html=True, stacks=stacks),
                    *_screen(style), _print(style)])
    return text.replace("<", "\\3c ")
