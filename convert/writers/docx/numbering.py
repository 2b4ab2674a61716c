"""Word list numbering: our bullet and decimal definitions, and one restarting ``w:num`` per list.

The template's own definitions are kept; ours are appended once per template
(:func:`prepare_numbering`). Each article then gets ``word/numbering.xml`` with one ``w:num`` per
ordered list, so every ordered list restarts at its own start number (:func:`numbering_part`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lxml import etree

from ...styles import ElementStyle
from ...zipio import Part
from .ooxml import NSMAP, W_NS, parse, serialize, sub, twips, w

#: Our abstract definitions: (numFmt, lvlText, nsid). The nsids are fixed for reproducible bytes.
_DEFINITIONS = (("bullet", "\u2022", "4E430001"), ("decimal", "%1.", "4E430002"))


@dataclass(frozen=True, slots=True)
class Numbering:
    """The template's numbering with ours added: a value, so per-article parts can be cached."""

    #: ``word/numbering.xml`` with our two abstract definitions and their two ``w:num``.
    xml: bytes
    #: numId of the bullet list (every bullet list shares it).
    bullet_num: int
    #: abstractNumId of the decimal definition that ordered lists restart.
    number_abstract: int
    #: numId of the first ordered list of an article; the next ones follow.
    first_free: int

    @property
    def number_num(self) -> int:
        """NumId of the decimal list the List Number style points to."""
        return self.first_free - 1


def prepare_numbering(template_xml: bytes | None, list_style: ElementStyle) -> Numbering:
    """Append our bullet and decimal list definitions after the template's own."""
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
    left = twips(max(list_style.left_indent, 18.0))
    new_abs = [_abstract_num(abs_id, fmt, text, nsid, left)
               for abs_id, (fmt, text, nsid) in zip((bullet_abs, number_abs), _DEFINITIONS,
                                                   strict=True)]
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
    return Numbering(serialize(root), bullet_num, number_abs, bullet_num + 2)


def _abstract_num(abs_id: int, fmt: str, text: str, nsid: str, left: str) -> etree._Element:
    """``w:abstractNum``: a single-level list definition hanging its marker at ``left``."""
    a = etree.Element(w("abstractNum"))
    a.set(w("abstractNumId"), str(abs_id))
    sub(a, "nsid", val=nsid)
    sub(a, "multiLevelType", val="singleLevel")
    lvl = sub(a, "lvl", ilvl="0")
    sub(lvl, "start", val="1")
    sub(lvl, "numFmt", val=fmt)
    sub(lvl, "lvlText", val=text)
    sub(lvl, "lvlJc", val="left")
    sub(sub(lvl, "pPr"), "ind", left=left, hanging="360")
    return a


def _num(root: etree._Element, num_id: int, abs_id: int, start: int | None = None) -> None:
    """``w:num`` instance of an abstract definition, restarting at ``start`` when given."""
    n = sub(root, "num", numId=str(num_id))
    sub(n, "abstractNumId", val=str(abs_id))
    if start is not None:
        sub(sub(n, "lvlOverride", ilvl="0"), "startOverride", val=str(int(start)))


@functools.lru_cache(maxsize=256)
def numbering_part(numbering: Numbering, starts: tuple[int, ...]) -> Part:
    """``word/numbering.xml`` with one restarting ``w:num`` per ordered list (by its start).

    A pure function of two values, cached: most articles have no ordered list or one from 1.
    """
    root = parse(numbering.xml)
    for i, start in enumerate(starts):
        _num(root, numbering.first_free + i, numbering.number_abstract, start)
    return Part.make("word/numbering.xml", serialize(root))
