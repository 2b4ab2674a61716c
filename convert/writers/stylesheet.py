"""The house style as CSS rules, shared by the EPUB and HTML writers so both look the same.

One rule per style element, sizes in ems of the body so reading systems and browsers can scale
the text. Each element's ``font-family`` names its house font, then the faces of the scripts the
document uses (the fallback chains of ``convert/scripts.toml``, :class:`ScriptStacks`), then its
generic family; blocks in a language with faces of its own (Urdu in Nastaliq) get rules of
their own. Indents and alignment are logical (``margin-inline-start``, ``text-align: start``),
so right-to-left blocks mirror them. Each writer adds only what is its own: EPUB its embedded
``@font-face`` files (:mod:`convert.writers.epub.css`), HTML its screen measure and print
stylesheet (:mod:`convert.writers.html.css`). Tables, pictures, code, notes, notices and rules
take their looks from ``stylesheet.toml`` (:func:`rich_look`, shared with the DOCX styles).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree
from msgspec import Struct

from .. import tomldata
from ..scriptfonts import ScriptUse, chain
from ..styles import ElementStyle, HouseStyle

_GENERICS = ("serif", "sans-serif", "monospace")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Elements whose text is not shown (their script needs no face).
_HIDDEN = frozenset({"head", "style", "script", "title", "meta", "link"})

_LOOK_FILE = Path(__file__).with_name("stylesheet.toml")

#: Faces per generic family: ``(("serif", ("Amiri", ...)), ("sans-serif", (...)), ...)``.
Faces = tuple[tuple[str, tuple[str, ...]], ...]


class ScriptStacks(Struct, frozen=True):
    """The script faces a document's font stacks name after each element's own font.

    ``base``: per generic family, the chains of every script the document uses, in the
    document's language. ``languages``: languages whose blocks take other faces first (Urdu's
    Nastaliq in an English article), with their own per-generic lists. A hashable value.
    """

    base: Faces = ()
    languages: tuple[tuple[str, Faces], ...] = ()

    def families(self, generic: str, faces: Faces | None = None) -> tuple[str, ...]:
        """The script faces for a generic family (of ``faces``, default the document's)."""
        return dict(self.base if faces is None else faces).get(generic, ())


#: The stacks of a document in Latin script only: house fonts and generic families.
NO_SCRIPTS = ScriptStacks()


class RichLook(Struct, frozen=True):
    """``stylesheet.toml``: what code, tables, notes, notices and rules look like."""

    code_families: tuple[str, ...]
    code_size: float
    code_line_height: float
    code_background: str
    code_border: str
    table_border: str
    table_header_background: str
    table_size: float
    notes_size: float
    notes_border: str
    notice_border: str
    notice_background: str
    rule_colour: str


@functools.lru_cache(maxsize=1)
def rich_look() -> RichLook:
    """The looks of ``stylesheet.toml`` (read once)."""
    raw = tomldata.read(_LOOK_FILE)
    code, table, notes, notice = raw["code"], raw["table"], raw["notes"], raw["notice"]
    return RichLook(tuple(code["families"]), float(code["size_ratio"]), float(code["line_height"]),
                    code["background"], code["border"], table["border"],
                    table["header_background"], float(table["size_ratio"]),
                    float(notes["size_ratio"]), notes["border"], notice["border"],
                    notice["background"], raw["rule"]["colour"])


def script_stacks(use: ScriptUse, language: str) -> ScriptStacks:
    """The stacks of a document whose text uses ``use`` and whose language is ``language``."""
    scripts = tuple(dict.fromkeys(s for _lang, found in use for s in found if s != "Latn"))
    if not scripts:
        return NO_SCRIPTS

    def faces(lang: str, first: tuple[str, ...]) -> Faces:
        return tuple((g, tuple(dict.fromkeys(f for s in (*first, *scripts)
                                             for f in chain(s, lang, g)))) for g in _GENERICS)

    base = faces(language, ())
    others = []
    for lang, found in use:
        own = faces(lang, tuple(s for s in found if s != "Latn"))
        if lang != language and own != base:
            others.append((lang, own))
    return ScriptStacks(base, tuple(others))


def tree_texts(root: etree._Element, language: str) -> Iterator[tuple[str, str]]:
    """(language, text) of every shown text of an (X)HTML tree, each in its element's language."""
    def walk(el: etree._Element, lang: str) -> Iterator[tuple[str, str]]:
        if not isinstance(el.tag, str) or el.tag.rpartition("}")[2] in _HIDDEN:
            return  # a comment or processing instruction, or text nobody sees
        lang = el.get("lang") or el.get(_XML_LANG) or lang
        if el.text:
            yield lang, el.text
        for child in el:
            yield from walk(child, lang)
            if child.tail:
                yield lang, child.tail

    yield from walk(root, language)


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


def family(es: ElementStyle, scripts: Iterable[str] = ()) -> str:
    """``font-family`` value: the style's font, the script faces, then its generic fallback."""
    names = dict.fromkeys((es.font, *scripts))
    return ", ".join([*map(css_string, names), es.font_fallback])


def char_decls(es: ElementStyle, body: ElementStyle, *, inline: bool = False,
               stacks: ScriptStacks = NO_SCRIPTS) -> list[str]:
    """Character properties, sizes relative to the body.

    ``inline`` elements (links, the dateline run) state only what differs from the body, so a
    link inside an italic quote stays italic.
    """
    decls = [
        ("font-family", family(es, stacks.families(es.font_fallback)),
         es.font != body.font or es.font_fallback != body.font_fallback),
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
#: right-hand side in a right-to-left paragraph. A reading system that does not know ``start``
#: keeps CSS 2's initial value, which is the same side.
_LOGICAL_ALIGN = {"left": "start", "right": "end"}


def para_decls(es: ElementStyle, *, keep: bool = True, for_html: bool = False) -> list[str]:
    """Paragraph properties; spacing in ems of the element's own size, so readers can scale.

    Indents and alignment on the side lines start (``margin-inline-start``,
    ``text-align: start``), so right-to-left blocks mirror them. ``for_html``: no
    ``-epub-hyphens`` (EPUB reading systems read it, browsers do not).
    """
    hyphens = "auto" if es.hyphenate else "manual"
    indent = em(es.left_indent, es.size)
    margins = [f"margin: {em(es.space_before, es.size)} 0 {em(es.space_after, es.size)} 0",
               f"margin-inline-start: {indent}"]
    align = _LOGICAL_ALIGN.get(es.align, es.align)
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
                for_html: bool = False, stacks: ScriptStacks = NO_SCRIPTS) -> list[str]:
    """Character plus paragraph properties of a block element."""
    return char_decls(es, body, stacks=stacks) + para_decls(es, keep=keep, for_html=for_html)


def rule(selector: str, decls: Iterable[str]) -> str:
    """One CSS rule, a declaration per line."""
    body = "".join(f"  {d};\n" for d in decls)
    return f"{selector} {{\n{body}}}\n"


def banner(style: HouseStyle) -> str:
    """The comment that opens every generated stylesheet."""
    return f"/* newsconvert house style {style.name!r}: generated, do not edit */\n"


def element_rules(style: HouseStyle, *, for_html: bool = False,
                  stacks: ScriptStacks = NO_SCRIPTS) -> list[str]:
    """One rule per style element: the part of the stylesheet every visual writer shares.

    Body character properties are inherited; ``p`` adds only paragraph properties, so a
    paragraph inside a blockquote keeps the quote's look. ``stacks``: the script faces of the
    document (none: the house fonts and generic families only); languages with faces of their
    own get rules after the elements' (:func:`language_rules`).
    """
    body = style.element("body")
    el = style.element
    lst = el("list")

    def block(name: str, *, keep: bool = True) -> list[str]:
        return block_decls(el(name), body, keep=keep, for_html=for_html, stacks=stacks)

    list_indent = em(lst.left_indent, body.size) or "0"
    return [
        rule("body", [*char_decls(body, body, stacks=stacks),
                      f"line-height: {num(body.line_height)}"]),
        rule("p", para_decls(body, for_html=for_html)),
        rule("h1", block("headline")),
        rule("p.standfirst", block("standfirst")),
        rule("p.byline", block("byline")),
        rule("p.dateline", block("dateline")),
        rule("span.dateline", char_decls(el("dateline"), body, inline=True, stacks=stacks)),
        # a capitalised dateline: its date and source as written ("(Reuters)")
        *([rule(".dateline .source", ["text-transform: none"])] if el("dateline").uppercase
          else []),
        rule("h2", block("subheading")),
        rule("h3, h4, h5, h6", block("subheading3")),
        rule("blockquote", block("quote")),
        rule("blockquote p", ["margin: 0 0 0.5em 0", "text-indent: 0"]),
        rule("figure.quote", ["margin: 0", "padding: 0"]),
        rule("figure.quote blockquote", ["margin-bottom: 0"]),
        rule("figcaption.attribution", block("quote", keep=False)),
        rule("ul, ol", [f"margin: 0 0 {em(body.space_after, body.size)} 0",
                        f"padding-inline-start: {list_indent}"]),
        rule("li", [*char_decls(lst, body, stacks=stacks),
                    *(d for d in para_decls(lst, for_html=for_html) if not d.startswith("margin")),
                    f"margin: 0 0 {em(lst.space_after, lst.size)} 0"]),
        rule("p.credit, p.copyright", block("credit")),
        rule("a", char_decls(el("link"), body, inline=True, stacks=stacks)),
        # Quoted keeps its typed marks in the text: no generated marks, or they would show twice.
        rule("q", ["quotes: none"]),
        rule("q::before, q::after", ['content: ""']),
        rule("header, footer, article", ["margin: 0", "padding: 0"]),
        *rich_rules(style, for_html=for_html, stacks=stacks),
        *language_rules(style, stacks),
    ]


def rich_rules(style: HouseStyle, *, for_html: bool = False,
               stacks: ScriptStacks = NO_SCRIPTS) -> list[str]:
    """Tables, pictures, code, struck and inserted text, rules, notices, notes and task boxes.

    Captions (table and picture) take the credit element's look, nested lists no extra space.
    """
    body = style.element("body")
    credit = style.element("credit")
    look = rich_look()
    mono = ", ".join([*map(css_string, look.code_families), "monospace"])
    gap = f"margin: 0 0 {em(body.space_after, body.size)} 0"
    caption = [*char_decls(credit, body, stacks=stacks), "text-align: start", "text-indent: 0"]
    # a table caption's size is measured against the table's, which is smaller than the body's
    in_table = [f"font-size: {em(credit.size, body.size * look.table_size)}" if d.startswith("font-size")
                else d for d in caption]
    return [
        rule("table", ["border-collapse: collapse", gap, f"font-size: {num(look.table_size)}em"]),
        rule("caption", [*in_table, "caption-side: top", "margin-bottom: 0.3em"]),
        rule("th, td", [f"border: 1px solid {look.table_border}", "padding: 0.25em 0.5em",
                        "vertical-align: top", "text-align: start"]),
        rule("th", ["font-weight: bold", f"background: {look.table_header_background}"]),
        rule("figure.picture", [gap, "padding: 0"]),
        rule("figure.picture img", ["display: block", "max-width: 100%", "height: auto"]),
        rule("figure.picture figcaption", [*caption, "margin-top: 0.3em"]),
        rule("pre.code", [f"font-family: {mono}", f"font-size: {num(look.code_size)}em",
                          f"line-height: {num(look.code_line_height)}", "white-space: pre-wrap",
                          "text-align: start", f"background: {look.code_background}",
                          f"border: 1px solid {look.code_border}", "padding: 0.5em 0.75em", gap]),
        rule("code", [f"font-family: {mono}", f"font-size: {num(look.code_size)}em"]),
        rule("pre code", ["font-size: 1em"]),
        rule("del", ["text-decoration: line-through"]),
        rule("ins", ["text-decoration: underline"]),
        rule("hr", ["border: 0", f"border-top: 1px solid {look.rule_colour}", "margin: 1em 0"]),
        rule("div.notice", [f"border: 1px solid {look.notice_border}",
                            f"background: {look.notice_background}", "padding: 0.5em 0.75em",
                            gap]),
        rule("div.notice p", ["margin: 0 0 0.4em 0", "text-indent: 0"]),
        rule("sup.noteref", ["font-size: 0.75em", "line-height: 0", "vertical-align: super"]),
        rule("aside, div.notes", [f"font-size: {num(look.notes_size)}em",
                                  f"border-top: 1px solid {look.notes_border}",
                                  "margin: 1em 0 0 0", "padding-top: 0.3em"]),
        rule("aside + aside", ["border-top: 0", "margin-top: 0"]),
        rule("aside p, div.notes p", ["margin: 0 0 0.3em 0", "text-indent: 0"]),
        rule("li > ul, li > ol", ["margin: 0.2em 0 0 0"]),
        rule("li > p", ["margin: 0.2em 0 0 0", "text-indent: 0"]),
        rule("span.task", ["font-style: normal"]),
    ]


#: Selectors of the rules that name a font, and the element each takes it from.
_FONT_SELECTORS = (("h1", "headline"), ("p.standfirst", "standfirst"), ("p.byline", "byline"),
                   ("p.dateline", "dateline"), ("span.dateline", "dateline"),
                   ("h2", "subheading"), ("h3", "subheading3"), ("h4", "subheading3"),
                   ("h5", "subheading3"), ("h6", "subheading3"), ("blockquote", "quote"),
                   ("figcaption.attribution", "quote"), ("li", "list"), ("p.credit", "credit"),
                   ("p.copyright", "credit"), ("caption", "credit"),
                   ("figure.picture figcaption", "credit"), ("a", "link"))


def language_rules(style: HouseStyle, stacks: ScriptStacks) -> list[str]:
    """Font stacks of blocks in a language with faces of its own (``[lang|="ur"]``).

    An element carrying the language, and every element inside one, names that language's
    faces first; the attribute selector outranks the element rules above it.
    """
    body = style.element("body")
    out = []
    for lang, faces in stacks.languages:
        tag = f"[lang|={css_string(lang)}]"
        out.append(rule(tag, [f"font-family: {family(body, stacks.families(body.font_fallback, faces))}"]))
        for selector, name in _FONT_SELECTORS:
            es = style.element(name)
            if selector in ("span.dateline", "a") and es.font == body.font and \
                    es.font_fallback == body.font_fallback:
                continue  # inline elements that keep the font around them
            value = family(es, stacks.families(es.font_fallback, faces))
            out.append(rule(f"{selector}{tag}, {tag} {selector}", [f"font-family: {value}"]))
    return out
