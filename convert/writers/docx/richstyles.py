"""Word styles of tables, pictures, captions, code, notes, notices and rules: their looks as data.

The house style names no element for these, so each style takes a house element
(:data:`convert.writers.docx.styles.STYLE_SPECS`) and changes it as :func:`variant` says, with
sizes and colours from the looks EPUB and HTML share (:func:`convert.writers.stylesheet.rich_look`)
and Word's own settings from ``richstyles.toml``. :func:`decorate` adds what an element cannot
say (borders, shading, superscript); :func:`table_style` makes the ``Table Grid`` style tables name.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree
from msgspec import Struct

from ... import tomldata
from ...styles import HouseStyle
from ..stylesheet import rich_look
from .ooxml import sub, w

_FILE = Path(__file__).with_name("richstyles.toml")

#: Schema order of paragraph properties (CT_PPrBase) and run properties (CT_RPr).
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
              "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
              "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
              "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
              "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
              "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
              "eastAsianLayout", "specVanish", "oMath")

#: The paragraph styles of the three notice kinds (model ``Correction.kind``), by role.
NOTICE_ROLES = {"correction": "correction", "editors-note": "editors_note",
                "clarification": "clarification"}


class WordLook(Struct, frozen=True):
    """``richstyles.toml``."""

    code_font: str
    border: int
    notice_border: int
    rule_border: int
    border_space: int
    picture_space_after: float
    note_space_after: float
    inserted_underline: str


@functools.lru_cache(maxsize=1)
def word_look() -> WordLook:
    """The data file, read once."""
    raw = tomldata.read(_FILE)
    return WordLook(str(raw["code_font"]), int(raw["border"]), int(raw["notice_border"]),
                    int(raw["rule_border"]), int(raw["border_space"]),
                    float(raw["picture_space_after"]), float(raw["note_space_after"]),
                    str(raw["inserted_underline"]))


def variant(role: str, hs: HouseStyle) -> dict[str, object] | None:
    """How a rich role's look differs from its house element (None: not a rich role)."""
    body = hs.element("body")
    look, word = rich_look(), word_look()
    flat = {"first_line_indent": 0, "keep_with_next": False}
    mono = {"font": word.code_font, "font_fallback": "monospace"}
    boxed = {**flat, "align": "left" if body.align == "justify" else body.align}
    table = {**flat, "size": round(body.size * look.table_size * 2) / 2, "space_before": 0,
             "space_after": 0}
    found: dict[str, dict[str, object]] = {
        "caption": {"keep_with_next": True, "first_line_indent": 0},
        "picture": {**flat, "keep_with_next": True, "space_before": body.space_after,
                    "space_after": word.picture_space_after},
        "code": {**flat, **mono, "size": round(body.size * look.code_size * 2) / 2,
                 "line_height": look.code_line_height, "align": "left", "hyphenate": False},
        "code_char": mono,
        "inserted": {"underline": True},
        "table_text": table,
        "table_heading": {**table, "bold": True},
        "footnote_text": {**flat, "size": round(body.size * look.notes_size * 2) / 2,
                          "space_before": 0, "space_after": word.note_space_after},
        "footnote_reference": {},
        "list_continue": {"first_line_indent": 0},
        "notice_label": {**boxed, "bold": True, "keep_with_next": True, "space_after": 0},
        "rule": {**flat, "size": 4, "line_height": 1.0, "space_before": 0},
        **{role: boxed for role in NOTICE_ROLES.values()},
    }
    return found.get(role)


def _border(parent: etree._Element, side: str, size: int, colour: str, space: int) -> None:
    sub(parent, side, val="single", sz=str(size), space=str(space), color=colour.lstrip("#").upper())


def _insert(parent: etree._Element, el: etree._Element, order: tuple[str, ...]) -> None:
    """Insert ``el`` among ``parent``'s children where the schema's ``order`` puts it."""
    rank = order.index(etree.QName(el).localname)
    for i, child in enumerate(parent):
        name = etree.QName(child).localname
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            return
    parent.append(el)


def _box(ppr: etree._Element, sides: tuple[str, ...], size: int, colour: str,
         fill: str | None) -> None:
    border = etree.Element(w("pBdr"))
    for side in sides:
        _border(border, side, size, colour, word_look().border_space)
    _insert(ppr, border, _PPR_ORDER)
    if fill is not None:
        shd = etree.Element(w("shd"))
        shd.set(w("val"), "clear")
        shd.set(w("color"), "auto")
        shd.set(w("fill"), fill.lstrip("#").upper())
        _insert(ppr, shd, _PPR_ORDER)


def decorate(style_el: etree._Element, role: str) -> None:
    """Add borders, shading and superscript a role's house element cannot express."""
    look, word = rich_look(), word_look()
    ppr = style_el.find(w("pPr"))
    rpr = style_el.find(w("rPr"))
    around = ("top", "left", "bottom", "right")
    if ppr is not None and role == "code":
        _box(ppr, around, word.border, look.code_border, look.code_background)
    elif ppr is not None and (role in NOTICE_ROLES.values() or role == "notice_label"):
        _box(ppr, around, word.notice_border, look.notice_border, look.notice_background)
    elif ppr is not None and role == "rule":
        _box(ppr, ("bottom",), word.rule_border, look.rule_colour, None)
    if role in ("code", "code_char"):
        if rpr is None:
            rpr = sub(style_el, "rPr")
        _insert(rpr, etree.Element(w("noProof")), _RPR_ORDER)
    elif role == "inserted" and rpr is not None and rpr.find(w("u")) is not None:
        rpr.find(w("u")).set(w("val"), word.inserted_underline)
    elif role == "footnote_reference":
        if rpr is None:
            rpr = sub(style_el, "rPr")
        el = etree.Element(w("vertAlign"))
        el.set(w("val"), "superscript")
        _insert(rpr, el, _RPR_ORDER)


#: The table style every table names, by its Word name.
TABLE_STYLE_NAME = "Table Grid"


def table_style(root: etree._Element) -> str:
    """The id of the ``Table Grid`` style, added (ruled, as ``stylesheet.toml`` says) when missing."""
    for st in root.findall(w("style")):
        name = st.find(w("name"))
        if st.get(w("type")) == "table" and name is not None and \
                name.get(w("val"), "").lower() == TABLE_STYLE_NAME.lower():
            return st.get(w("styleId"), "TableGrid")
    used = {st.get(w("styleId")) for st in root.findall(w("style"))}
    sid = "TableGrid"
    while sid in used:
        sid += "X"
    default = next((st.get(w("styleId")) for st in root.findall(w("style"))
                    if st.get(w("type")) == "table" and st.get(w("default")) in ("1", "true", "on")),
                   None)
    st = sub(root, "style", type="table", styleId=sid)
    sub(st, "name", val=TABLE_STYLE_NAME)
    if default:
        sub(st, "basedOn", val=default)
    sub(st, "uiPriority", val="59")
    sub(sub(st, "pPr"), "spacing", after="0", line="240", lineRule="auto")
    tblpr = sub(st, "tblPr")
    borders = sub(tblpr, "tblBorders")
    look, word = rich_look(), word_look()
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _border(borders, side, word.border, look.table_border, 0)
    margins = sub(tblpr, "tblCellMar")
    for side, width in (("top", "43"), ("left", "108"), ("bottom", "43"), ("right", "108")):
        sub(margins, side, w=width, type="dxa")
    return sid


def header_shading() -> str:
    """The fill of a table's header cells (``RRGGBB``)."""
    return rich_look().table_header_background.lstrip("#").upper()




def declare_code_font(font_table: etree._Element) -> None:
    """Declare the code face in ``fontTable.xml`` as a fixed-pitch modern face (for substitutes)."""
    name = word_look().code_font
    if any(f.get(w("name")) == name for f in font_table.findall(w("font"))):
        return
    f = sub(font_table, "font", name=name)
    sub(f, "family", val="modern")
    sub(f, "pitch", val="fixed")


__all__ = ["NOTICE_ROLES", "TABLE_STYLE_NAME", "WordLook", "declare_code_font", "decorate",
           "header_shading", "table_style", "variant", "word_look"]
