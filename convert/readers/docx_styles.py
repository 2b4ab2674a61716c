"""What a Word document's styles and numbering mean for an article: roles, outline levels, list kinds.

A paragraph style's role comes from its name or the name of a style it is based on (``Title``,
``Subtitle``, ``Quote``, pandoc's ``Author`` and ``Block Text``, LibreOffice's ``Quotations``,
ours ``Byline`` / ``Dateline`` / ``Credit`` ...; the table is ``docx_styles.toml``), its outline
level from ``w:outlineLvl`` on the style chain or a built-in ``heading N`` name. A character
style means emphasis or strong by its name (``Emphasis``, ``Strong``, ``Strong Emphasis``) or its
own bold and italic (``Inserted Text``, ours, means inserted text). A list's kind, first number
and indents come from the numbering part; a character opening a list item (☑, ☐) is its task box.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

from lxml import etree
from msgspec import Struct, field

from .. import tomldata

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATA_FILE = "docx_styles.toml"


def w(name: str) -> str:
    """A WordprocessingML name in Clark notation."""
    return f"{{{W}}}{name}"


_VAL = w("val")


def on(el: etree._Element | None) -> bool | None:
    """A toggle property (``w:b``, ``w:i``): None when absent, else its value."""
    if el is None:
        return None
    return el.get(_VAL, "true").lower() not in ("0", "false", "off", "none")


class StyleInfo(Struct, frozen=True):
    """One style as the reader needs it."""

    style_id: str
    name: str
    kind: str
    based_on: str | None
    outline: int | None
    num: tuple[str, int] | None
    bold: bool | None
    italic: bool | None


class _Roles(Struct, frozen=True):
    paragraph: Mapping[str, str]
    character: Mapping[str, str]
    monospace: frozenset[str] = frozenset()
    tasks: Mapping[str, bool] = field(default_factory=dict)


@functools.cache
def _roles() -> _Roles:
    raw = tomldata.read(Path(__file__).with_name(DATA_FILE))
    tasks = raw.get("tasks", {})
    return _Roles({k.lower(): v for k, v in raw["paragraph"].items()},
                  {k.lower(): v for k, v in raw["character"].items()},
                  frozenset(f.lower() for f in raw.get("fonts", {}).get("monospace", ())),
                  {**{c: False for c in tasks.get("open", ())}, **{c: True for c in tasks.get("done", ())}})


def task_marks() -> Mapping[str, bool]:
    """Characters that open a list item as its task box: True for done, False for open."""
    return _roles().tasks


def is_monospace(font: str | None) -> bool:
    """Whether a run font is one that marks inline code."""
    return bool(font) and font.strip().lower() in _roles().monospace  # type: ignore[union-attr]


class Styles(Struct):
    """The document's styles by id, with roles and levels resolved along ``basedOn``."""

    by_id: dict[str, StyleInfo] = field(default_factory=dict)
    default_paragraph: str | None = None

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Styles:
        styles = cls()
        if root is None:
            return styles
        for el in root.iter(w("style")):
            sid = el.get(w("styleId"), "")
            name_el = el.find(w("name"))
            name = (name_el.get(_VAL, "") if name_el is not None else sid).strip()
            based = el.find(w("basedOn"))
            ppr, rpr = el.find(w("pPr")), el.find(w("rPr"))
            outline = ppr.find(w("outlineLvl")) if ppr is not None else None
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            kind = el.get(w("type"), "paragraph")
            styles.by_id[sid] = StyleInfo(
                sid, name, kind, based.get(_VAL) if based is not None else None,
                _int(outline.get(_VAL)) if outline is not None else None,
                num_of(numpr), on(rpr.find(w("b"))) if rpr is not None else None,
                on(rpr.find(w("i"))) if rpr is not None else None)
            if kind == "paragraph" and el.get(w("default")) in ("1", "true", "on"):
                styles.default_paragraph = sid
        return styles

    def chain(self, style_id: str | None) -> list[StyleInfo]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        out: list[StyleInfo] = []
        seen: set[str] = set()
        sid = style_id if style_id is not None else self.default_paragraph
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            info = self.by_id[sid]
            out.append(info)
            sid = info.based_on
        return out

    def role(self, style_id: str | None) -> str:
        """The paragraph role ("title", "quote", "byline" ... or "body")."""
        table = _roles().paragraph
        for info in self.chain(style_id):
            role = table.get(info.name.lower()) or table.get(info.style_id.lower())
            if role:
                return role
        return "body"

    def outline(self, style_id: str | None) -> int | None:
        """The outline level (0 = Heading 1) the style gives its paragraphs; None for body text."""
        for info in self.chain(style_id):
            if info.outline is not None:
                return info.outline if 0 <= info.outline <= 8 else None
            lowered = info.name.lower()
            if lowered.startswith("heading ") and lowered[8:].strip().isdigit():
                return max(0, min(8, int(lowered[8:]) - 1))
        return None

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        """The list numbering a paragraph style carries (``List Bullet`` ...)."""
        for info in self.chain(style_id):
            if info.num is not None:
                return info.num
        return None

    def continue_level(self, style_id: str | None) -> int:
        """The list level a ``List Continue N`` paragraph continues by its name (0 for the first)."""
        for info in self.chain(style_id):
            m = _CONTINUE.match(info.name.lower())
            if m:
                return int(m.group(1) or 1) - 1
        return 0

    def char_role(self, style_id: str | None) -> str | None:
        """The role of a character style ("code", "emphasis" ...), None when it has none."""
        if style_id is None:
            return None
        table = _roles().character
        for info in self.chain(style_id):
            role = table.get(info.name.lower()) or table.get(info.style_id.lower())
            if role:
                return role
        return None

    def run_flags(self, style_id: str | None) -> tuple[bool, bool, bool]:
        """(strong, emphasis, dateline) for runs of a character style."""
        table = _roles().character
        for info in self.chain(style_id):
            role = table.get(info.name.lower()) or table.get(info.style_id.lower())
            if role:
                return role in ("strong", "strong_emphasis"), role in ("emphasis", "strong_emphasis"), \
                    role == "dateline"
        bold = next((i.bold for i in self.chain(style_id) if i.bold is not None), None)
        italic = next((i.italic for i in self.chain(style_id) if i.italic is not None), None)
        return bool(bold), bool(italic), False


def num_of(numpr: etree._Element | None) -> tuple[str, int] | None:
    """(numId, level) of a ``w:numPr``; None when absent or numId 0 (numbering switched off)."""
    if numpr is None:
        return None
    num_id = numpr.find(w("numId"))
    ilvl = numpr.find(w("ilvl"))
    if num_id is None:
        return None
    value = (num_id.get(_VAL) or "").strip()
    if not value or value == "0":
        return ("0", 0)
    return value, _int(ilvl.get(_VAL)) if ilvl is not None else 0


_CONTINUE = re.compile(r"^list continue(?: ([2-9]))?$")


class Numbering(Struct):
    """List definitions: numId -> per level (ordered, start), and where its text starts (twips)."""

    levels: dict[tuple[str, int], tuple[bool, int]] = field(default_factory=dict)
    indents: dict[tuple[str, int], int] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        abstract: dict[str, dict[int, tuple[bool, int]]] = {}
        indents: dict[str, dict[int, int]] = {}
        for el in root.iter(w("abstractNum")):
            levels: dict[int, tuple[bool, int]] = {}
            lefts: dict[int, int] = {}
            for lvl in el.iter(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                start = lvl.find(w("start"))
                kind = (fmt.get(_VAL, "decimal") if fmt is not None else "decimal").lower()
                ilvl = _int(lvl.get(w("ilvl")))
                levels[ilvl] = (kind not in ("bullet", "none"),
                                _int(start.get(_VAL), 1) if start is not None else 1)
                left = indent_of(lvl.find(w("pPr")))
                if left is not None:
                    lefts[ilvl] = left
            abstract[el.get(w("abstractNumId"), "")] = levels
            indents[el.get(w("abstractNumId"), "")] = lefts
        for el in root.iter(w("num")):
            ref = el.find(w("abstractNumId"))
            abstract_id = ref.get(_VAL, "") if ref is not None else ""
            levels = dict(abstract.get(abstract_id, {}))
            for ilvl, left in indents.get(abstract_id, {}).items():
                numbering.indents[(el.get(w("numId"), ""), ilvl)] = left
            for override in el.iter(w("lvlOverride")):
                start = override.find(w("startOverride"))
                ilvl = _int(override.get(w("ilvl")))
                if start is not None and ilvl in levels:
                    levels[ilvl] = (levels[ilvl][0], _int(start.get(_VAL), 1))
            for ilvl, value in levels.items():
                numbering.levels[(el.get(w("numId"), ""), ilvl)] = value
        return numbering

    def kind(self, num: tuple[str, int]) -> tuple[bool, int]:
        """(ordered, start) of a list level; unknown ones are bullets."""
        return self.levels.get(num, self.levels.get((num[0], 0), (False, 1)))

    def indent(self, num: tuple[str, int]) -> int | None:
        """Where the text of a list level starts (twips from the margin), when the part says."""
        return self.indents.get(num)


def indent_of(ppr: etree._Element | None) -> int | None:
    """The left (start) indent a ``w:pPr`` gives, in twips; None when it gives none."""
    ind = ppr.find(w("ind")) if ppr is not None else None
    if ind is None:
        return None
    value = ind.get(w("start")) or ind.get(w("left"))
    return _int(value) if value is not None and value.strip().lstrip("-").isdigit() else None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default
