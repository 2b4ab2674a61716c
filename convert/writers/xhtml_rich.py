"""XHTML for the richer nodes: tables, figures, notes, code, rules, corrections, edits and raw markup.

Each function takes the :class:`.xhtml_body.Renderer` of the document being written (its notes,
how it names pictures, which format it warns as), so these stay plain functions of their node.
Raw source markup is never published: it is dropped with a warning naming it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from ..model import (
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Figure,
    Heading,
    Inserted,
    Note,
    Paragraph,
    RawBlock,
    RawInline,
    Rule,
    Table,
    block_text,
    plain_text,
)
from . import loss
from .notices import notice_label
from .pictures import display_size
from .tablegrid import column_align, place
from .textparts import TASK_BOX
from .xhtml_tree import EPUB_TYPE, append_text, mark_language, set_direction, tag

if TYPE_CHECKING:
    from .xhtml_body import Renderer

_CLASS_TOKEN = re.compile(r"[^A-Za-z0-9_+-]+")
#: The back link of a note to where it is referenced.
BACKLINK = "\u21a9"


# --------------------------------------------------------------------------- inlines


def code(r: Renderer, parent: etree._Element, node: Code) -> None:
    etree.SubElement(parent, tag("code")).text = node.text or None


def deleted(r: Renderer, parent: etree._Element, node: Deleted) -> None:
    r.inlines(etree.SubElement(parent, tag("del")), node.children)


def inserted(r: Renderer, parent: etree._Element, node: Inserted) -> None:
    r.inlines(etree.SubElement(parent, tag("ins")), node.children)


def raw_inline(r: Renderer, parent: etree._Element, node: RawInline) -> None:
    loss.raw(r.fmt, node.format, node.text, block=False)


def note(r: Renderer, parent: etree._Element, node: Note) -> None:
    """A numbered reference (a link to the note unless it sits inside a link already)."""
    if r.note_style == "inline":
        _inline_note(r, parent, node)
        return
    n = r.add_note(node)
    sup = etree.SubElement(parent, tag("sup"), {"class": "noteref"})
    if r.in_link:
        sup.set("id", r.note_id("fnref", n))
        sup.text = str(n)
        return
    a = etree.SubElement(sup, tag("a"), {"href": "#" + r.note_id("fn", n),
                                        "id": r.note_id("fnref", n), "role": "doc-noteref"})
    if r.note_style == "epub":
        a.set(EPUB_TYPE, "noteref")
    a.text = str(n)


def _inline_note(r: Renderer, parent: etree._Element, node: Note) -> None:
    """The note's text in brackets where it is referenced (for callers that emit no notes list)."""
    span = etree.SubElement(parent, tag("span"), {"class": "note"})
    span.text = " ["
    for i, block in enumerate(node.children):
        if i:
            append_text(span, " ")
        if isinstance(block, (Paragraph, Heading)):
            r.inlines(span, block.children)
        else:
            append_text(span, block_text(block))
    append_text(span, "]")


def notes_section(r: Renderer, parent: etree._Element, notes: list[Note],
                  base: str) -> etree._Element | None:
    """The notes referenced so far, numbered, each with a link back to its reference.

    Endnotes: ``div.notes[role=doc-endnotes] > ol > li``. EPUB: one ``aside epub:type=footnote``
    per note. A note referenced inside a note is numbered after the others and listed with them.
    """
    if not notes:
        return None
    epub = r.note_style == "epub"
    holder = parent if epub else etree.SubElement(parent, tag("div"), {"class": "notes",
                                                                       "role": "doc-endnotes"})
    ol = None if epub else etree.SubElement(holder, tag("ol"))
    first: etree._Element | None = None
    i = 0
    while i < len(notes):  # rendering a note may reference (and so add) more notes
        n = i + 1
        if epub:
            item = etree.SubElement(holder, tag("aside"), {"id": r.note_id("fn", n),
                                                           "role": "doc-footnote"})
            item.set(EPUB_TYPE, "footnote")
        else:
            assert ol is not None
            item = etree.SubElement(ol, tag("li"), {"id": r.note_id("fn", n)})
        r.blocks(item, notes[i].children, base)
        back = etree.Element(tag("a"), {"href": "#" + r.note_id("fnref", n), "role": "doc-backlink"})
        back.text = str(n) if epub else BACKLINK
        if epub:  # the number opens the note
            target = item[0] if len(item) and item[0].tag == tag("p") else item
            back.tail = " " + (target.text or "")
            target.text = None
            target.insert(0, back)
        else:
            target = item[-1] if len(item) and item[-1].tag == tag("p") else item
            append_text(target, " ")
            target.append(back)
        first = item if first is None else first
        i += 1
    return holder if not epub else first


# --------------------------------------------------------------------------- blocks


def table(r: Renderer, parent: etree._Element, node: Table, base: str) -> etree._Element | None:
    """``table`` with a ``caption``, ``thead`` of ``th scope=col``, ``tbody``, spans and alignment."""
    if not (node.head or node.body or node.caption):
        return None
    el = etree.SubElement(parent, tag("table"))
    inner = mark_language(el, node.lang, base)
    if node.caption:
        cap = etree.SubElement(el, tag("caption"))
        r.inlines(cap, node.caption)
        set_direction(cap, plain_text(node.caption), inner)
    rows, _ = place((*node.head, *node.body))
    for section, part in (("thead", rows[:len(node.head)]), ("tbody", rows[len(node.head):])):
        if not part:
            continue
        group = etree.SubElement(el, tag(section))
        for row in part:
            tr = etree.SubElement(group, tag("tr"))
            for p in row:
                cell = etree.SubElement(tr, tag("th" if section == "thead" else "td"))
                if section == "thead":
                    cell.set("scope", "col")
                if p.colspan > 1:
                    cell.set("colspan", str(p.colspan))
                if p.rowspan > 1:
                    cell.set("rowspan", str(p.rowspan))
                align = column_align(node.aligns, p.col)
                if align:
                    cell.set("style", f"text-align: {align}")
                r.inlines(cell, p.cell.children)
                set_direction(cell, plain_text(p.cell.children), inner)
    return el


def figure(r: Renderer, parent: etree._Element, node: Figure, base: str) -> etree._Element | None:
    """``figure > img + figcaption`` (caption, then the credit in ``span.credit``).

    Without a picture to show, the caption stays; with no caption either, the alt text takes
    its place, so what the picture was is never lost.
    """
    src = r.picture_src(node)
    caption = node.caption
    if src is None and node.picture is not None:
        loss.degraded(r.fmt, f"picture {loss.excerpt(node.source)!r}", "not embedded; its caption kept")
    if src is None and not caption and not node.credit and not node.alt:
        return None
    el = etree.SubElement(parent, tag("figure"), {"class": "picture"})
    inner = mark_language(el, node.lang, base)
    if src is not None:
        img = etree.SubElement(el, tag("img"), {"src": src, "alt": node.alt})
        size = display_size(node)
        if size:
            img.set("width", str(size[0]))
            img.set("height", str(size[1]))
            img.set("style", "max-width: 100%; height: auto")
    text = plain_text(caption) if caption else ("" if src is not None else node.alt)
    if text or node.credit:
        cap = etree.SubElement(el, tag("figcaption"))
        if caption:
            r.inlines(cap, caption)
        elif text:
            cap.text = text
        if node.credit:
            if text:
                append_text(cap, " ")
            etree.SubElement(cap, tag("span"), {"class": "credit"}).text = node.credit
        set_direction(cap, " ".join(t for t in (text, node.credit or "") if t), inner)
    return el


def code_block(r: Renderer, parent: etree._Element, node: CodeBlock, base: str) -> etree._Element:
    """``pre > code``, left to right whatever the article's direction; its language as a class."""
    pre = etree.SubElement(parent, tag("pre"), {"class": "code"})
    mark_language(pre, node.lang, base)
    if base == "rtl" and pre.get("dir") is None:
        pre.set("dir", "ltr")
    pre.text = ""  # text beside the code element: pretty printers then add no indentation to it
    el = etree.SubElement(pre, tag("code"))
    el.tail = ""
    token = _CLASS_TOKEN.sub("", node.language or "")
    if token:
        el.set("class", f"language-{token}")
    el.text = node.text or None
    return pre


def rule(r: Renderer, parent: etree._Element, node: Rule, base: str) -> etree._Element:
    return etree.SubElement(parent, tag("hr"))


def correction(r: Renderer, parent: etree._Element, node: Correction,
               base: str) -> etree._Element:
    """A notice set apart (``div.notice.correction[role=note]``), labelled in its language."""
    kind = node.kind if node.kind in ("correction", "editors-note", "clarification") else "correction"
    el = etree.SubElement(parent, tag("div"), {"class": f"notice {kind}", "role": "note"})
    inner = mark_language(el, node.lang, base)
    label = notice_label(kind, node.lang or r.language)
    if label:
        p = etree.SubElement(el, tag("p"), {"class": "notice-label"})
        etree.SubElement(p, tag("strong")).text = label
    r.blocks(el, node.children, inner)
    return el


def raw_block(r: Renderer, parent: etree._Element, node: RawBlock, base: str) -> None:
    loss.raw(r.fmt, node.format, node.text, block=True)


def task_box(r: Renderer, li: etree._Element, checked: bool | None) -> None:
    """A task list's box as a character (☑ done, ☐ open) opening the item."""
    if checked is None:
        return
    box = etree.SubElement(li, tag("span"), {"class": "task done" if checked else "task"})
    box.text = TASK_BOX[checked]
    box.tail = " "
