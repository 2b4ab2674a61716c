"""Word list numbering: our bullet and decimal definitions, and one restarting ``w:num`` per list.

The template's own definitions are kept; ours are appended once per template
(:func:`prepare_numbering`). Both are multi-level: a list nested ``n`` deep is level ``n``
(``w:ilvl``), indented one step further per level; bullets change shape by level. Each article
then gets ``word/numbering.xml`` with one ``w:num`` per ordered list (at its level), so every
ordered list restarts at its own start number (:func:`numbering_part`).
"""

from __future__ import annotations

import functools

from lxml import etree
from msgspec import Struct

from ...styles import ElementStyle
from ...zipio import Part
from .ooxml import NSMAP, W_NS, parse, serialize, sub, twips, w

#: Our abstract definitions: (numFmt, nsid). The nsids are fixed for reproducible bytes.
_DEFINITIONS = (("bullet", "4E430001"), ("decimal", "4E430002"))
#: Word's nine list levels; bullets by level (filled, hollow, square, then again).
LEVELS = 9
_BULLETS = ("\u2022", "\u25e6", "\u25aa")
#: Each level's marker hangs this far left of its text (twips), and its text indents this much
#: further than the level above.
_HANGING = 360
_STEP = 360


class Numbering(Struct, frozen=True):
    """The template's numbering with ours added: a value, so per-article parts can be cached."""

    #: ``word/numbering.xml`` with our two abstract definitions and their two ``w:num``.
    xml: bytes
    #: numId of the bullet list (every bullet list shares it).
    bullet_num: int
    #: abstractNumId of the decimal definition that ordered lists restart.
    number_abstract: int
    #: numId of the first ordered list of an article; the next ones follow.
    first_free: int

    #: numId of a bullet list's top level, and the definition an ordered list's top level
    #: restarts: a reference's own (its List Bullet / List Number styles'), else ours.
    top_bullet_num: int = 0
    top_number_abstract: int = -1

    @property
    def number_num(self) -> int:
        """NumId of the decimal list the List Number style points to."""
        return self.first_free - 1

    def bullet_for(self, level: int) -> int:
        """The numId of a bullet list at ``level`` (0: not nested)."""
        return self.top_bullet_num if level == 0 and self.top_bullet_num else self.bullet_num

    def abstract_for(self, level: int) -> int:
        """The definition an ordered list at ``level`` restarts."""
        return self.top_number_abstract if level == 0 and self.top_number_abstract >= 0 \
            else self.number_abstract


def prepare_numbering(template_xml: bytes | None, list_style: ElementStyle,
                      ref_bullet: int | None = None, ref_number: int | None = None) -> Numbering:
    """Append our bullet and decimal list definitions after the template's own.

    ``ref_bullet``/``ref_number``: the numIds a reference's List Bullet and List Number styles
    carry; a top-level list uses the reference's definition when it has a first level.
    """
    root = parse(template_xml or f'<w:numbering xmlns:w="{W_NS}"/>'.encode())
    if root.nsmap.get("w") != W_NS:
        fresh = etree.Element(w("numbering"), nsmap=NSMAP)
        fresh.extend(list(root))
        root = fresh
    for el in root.findall(w("numIdMacAtCleanup")):
        root.remove(el)
    abstract_ids = [int(a.get(w("abstractNumId"), "0")) for a in root.findall(w("abstractNum"))]
    num_ids = [int(n.get(w("numId"), "0")) for n in root.findall(w("num"))]
    bullet_abs = max(abstract_ids, default=-1) + 1
    number_abs = bullet_abs + 1
    left = int(twips(max(list_style.left_indent, 18.0)))
    new_abs = [_abstract_num(abs_id, fmt, nsid, left)
               for abs_id, (fmt, nsid) in zip((bullet_abs, number_abs), _DEFINITIONS, strict=True)]
    existing_abs = root.findall(w("abstractNum"))
    anchor = existing_abs[-1] if existing_abs else None
    for a in reversed(new_abs):
        if anchor is not None:
            anchor.addnext(a)
        else:
            root.insert(0, a)
    bullet_num = max(num_ids, default=0) + 1
    for num_id, abs_id in ((bullet_num, bullet_abs), (bullet_num + 1, number_abs)):
        _num(root, num_id, abs_id)
    top_bullet = ref_bullet if _abstract_of(root, ref_bullet) is not None else None
    top_number = _abstract_of(root, ref_number)
    return Numbering(serialize(root), bullet_num, number_abs, bullet_num + 2,
                     top_bullet or 0, -1 if top_number is None else top_number)


def _abstract_of(root: etree._Element, num_id: int | None) -> int | None:
    """The abstract definition a ``w:num`` points to, when it defines a first level."""
    if num_id is None:
        return None
    for n in root.findall(w("num")):
        if n.get(w("numId")) == str(num_id):
            ref = n.find(w("abstractNumId"))
            abs_id = ref.get(w("val"), "") if ref is not None else ""
            for a in root.findall(w("abstractNum")):
                levels = {lvl.get(w("ilvl")) for lvl in a.findall(w("lvl"))}
                if a.get(w("abstractNumId")) == abs_id and "0" in levels:
                    return int(abs_id)
    return None


def _abstract_num(abs_id: int, fmt: str, nsid: str, left: int) -> etree._Element:
    """``w:abstractNum``: nine levels, level ``k``'s text at ``left`` plus ``k`` steps."""
    a = etree.Element(w("abstractNum"))
    a.set(w("abstractNumId"), str(abs_id))
    sub(a, "nsid", val=nsid)
    sub(a, "multiLevelType", val="multilevel")
    for k in range(LEVELS):
        lvl = sub(a, "lvl", ilvl=str(k))
        sub(lvl, "start", val="1")
        sub(lvl, "numFmt", val=fmt)
        sub(lvl, "lvlText", val=_BULLETS[k % len(_BULLETS)] if fmt == "bullet" else f"%{k + 1}.")
        sub(lvl, "lvlJc", val="left")
        sub(sub(lvl, "pPr"), "ind", left=str(left + k * _STEP), hanging=str(_HANGING))
    return a


def level_indent(list_style: ElementStyle, level: int) -> str:
    """Where the text of a list item at ``level`` starts (twips): paragraphs inside it align there."""
    return str(int(twips(max(list_style.left_indent, 18.0))) + level * _STEP)


def _num(root: etree._Element, num_id: int, abs_id: int, start: int | None = None,
         level: int = 0) -> None:
    """``w:num`` instance of an abstract definition, restarting at ``start`` at ``level``."""
    n = sub(root, "num", numId=str(num_id))
    sub(n, "abstractNumId", val=str(abs_id))
    if start is not None:
        sub(sub(n, "lvlOverride", ilvl=str(level)), "startOverride", val=str(int(start)))


@functools.lru_cache(maxsize=256)
def numbering_part(numbering: Numbering, starts: tuple[tuple[int, int], ...]) -> Part:
    """``word/numbering.xml`` with one restarting ``w:num`` per ordered list: (start, level).

    A pure function of two values, cached: most articles have no ordered list or one from 1.
    """
    root = parse(numbering.xml)
    for i, (start, level) in enumerate(starts):
        _num(root, numbering.first_free + i, numbering.abstract_for(level), start, level)
    return Part.make("word/numbering.xml", serialize(root))
