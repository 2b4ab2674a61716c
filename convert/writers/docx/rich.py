"""Lists, tables, pictures, code, rules, notices and notes in DOCX: the body builder's richer blocks.

A mix-in of :class:`convert.writers.docx.body._Builder`. Lists nest by Word's list levels
(``w:ilvl``: the depth; one ``w:num`` per ordered list); a task item opens with its box (☑ done,
☐ open); paragraphs inside an item align with its text (``List Continue``). A table is a
``w:tbl`` in the ``Table Grid`` style with its caption above it (``caption``), header rows
repeated on each page (``w:tblHeader``), spans (``w:gridSpan``, ``w:vMerge``) and its columns'
alignment. A picture is an inline drawing in a ``Picture`` paragraph with its caption and credit
below it (:mod:`.drawing`). Code blocks keep their lines and spaces in ``Source Code``; a rule is
a ``Horizontal Line`` paragraph (a bottom border); a notice is boxed under its label. Notes are
footnotes (:mod:`.notes`). Inserted text names its own style, ``Inserted Text`` (underlined),
so a reader tells it from an underline for looks. A link no reader can open from a document
(relative, ``#top``, ``file:``) keeps its text with a warning; raw source markup is dropped with
one warning per kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ...model import (
    Block,
    CodeBlock,
    Correction,
    Figure,
    Heading,
    Link,
    ListBlock,
    Note,
    Paragraph,
    RawBlock,
    Rule,
    Table,
    block_text,
    plain_text,
)
from ...textutil import language_direction
from ...zipio import Part
from .. import loss
from ..notices import notice_label
from ..tablegrid import Placed, column_align, place
from ..textparts import TASK_BOX, scheme
from .drawing import PictureError, add_drawing, fitted_size, word_picture
from .notes import open_note, reference_run
from .numbering import level_indent
from .ooxml import R_NS, REL, RT_HYPERLINK, sub, w
from .richstyles import NOTICE_ROLES, header_shading
from .runfonts import Para
from .styles import LIST_END

if TYPE_CHECKING:
    from .body import Mark, _Builder

FMT = "DOCX"
#: Link schemes a reader can follow from a document; other targets keep only their text.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps", "tel", "news", "urn"})
_RID = f"{{{R_NS}}}id"
RT_IMAGE = REL + "image"
_JC = {"left": "left", "center": "center", "right": "right"}


class RichBlocks:
    """Lists, tables, figures, code, rules, notices and notes (see the module docstring)."""

    __slots__ = ()

    def rich_block(self: _Builder, parent: etree._Element, block: Block, role: str,
                   lang: str | None) -> None:
        """One block other than a paragraph, heading, list or quote."""
        if isinstance(block, Table):
            self.table(parent, block, lang)
        elif isinstance(block, Figure):
            self.figure(parent, block, lang)
        elif isinstance(block, CodeBlock):
            self.code_block(parent, block)
        elif isinstance(block, Rule):
            self.paragraph(parent, "rule", "")
        elif isinstance(block, Correction):
            self.correction(parent, block, lang)
        elif isinstance(block, RawBlock):
            self.lose(f"raw {block.format.upper() or 'source'} block (never published)", block.text)
        else:
            raise TypeError(f"DOCX writer: unknown block node {type(block).__name__}")

    # ----------------------------------------------------------------- links, losses

    def link(self: _Builder, parent: etree._Element, node: Link, flags: int, mark: Mark | None,
             in_link: bool) -> None:
        """A ``w:hyperlink``; a target no reader can open from the document keeps only its text."""
        if in_link:  # a link inside a link: keep the outer target
            self.inlines(parent, node.children, flags, mark, True)
            return
        found = scheme(node.url)
        if found not in LINK_SCHEMES:
            if found is None:
                loss.relative_link(FMT, node.url)
            else:
                loss.degraded(FMT, f"link to {loss.excerpt(node.url)!r}",
                              "kept as text (a reader cannot open it)")
            self.inlines(parent, node.children, flags, mark, False)
            return
        h = sub(parent, "hyperlink", history="1")
        h.set(_RID, self.rels.add(RT_HYPERLINK, node.url, external=True))
        self.inlines(h, node.children, flags, mark, True)

    def lose(self: _Builder, kind: str, example: str) -> None:
        """Note a construct left out (one warning per kind, at the end: :meth:`warn_losses`)."""
        count, first = self.lost.get(kind, (0, example))
        self.lost[kind] = (count + 1, first)

    def warn_losses(self: _Builder) -> None:
        """One warning per kind of construct left out, naming the first and counting the rest."""
        for kind, (count, first) in self.lost.items():
            more = f" and {count - 1} more" if count > 1 else ""
            loss.dropped(FMT, kind, loss.excerpt(first) + more)

    def inserted_props(self: _Builder, rpr: etree._Element, style_id: str | None) -> None:
        """An inserted run names ``Inserted Text`` (underlined) rather than its other style.

        A run names one style, and a reader knows inserted text by this one (an underline alone
        may be emphasis). What the other style meant stays: strong and emphasis as ``w:b`` and
        ``w:i``, code as the code face; inside a link the ``w:hyperlink`` is the link.
        """
        ids = self.tpl.ids
        sub(rpr, "rStyle", val=ids["inserted"])
        if style_id == ids["code_char"]:
            face = self.tpl.fonts["code_char"].font
            sub(rpr, "rFonts", ascii=face, hAnsi=face, cs=face)
        if style_id in (ids["strong"], ids["strong_emphasis"]):
            sub(rpr, "b")
            sub(rpr, "bCs")
        if style_id in (ids["emphasis"], ids["strong_emphasis"]):
            sub(rpr, "i")
            sub(rpr, "iCs")

    # ----------------------------------------------------------------- lists

    def list_block(self: _Builder, parent: etree._Element, block: ListBlock, level: int,
                   lang: str | None) -> None:
        """A list at ``level`` (0: not nested); items' nested lists one level down."""
        level = min(level, 8)
        if block.ordered:
            num_id = self.tpl.numbering.first_free + len(self.ordered)
            self.ordered.append((block.start, level))
            role = "list_number"
        else:
            num_id, role = self.tpl.numbering.bullet_for(level), "list_bullet"
        for item in block.items:
            lead = TASK_BOX[item.checked] + " " if item.checked is not None else ""
            self.inline_paragraph(parent, role, item.children, num_id, lang=lang, level=level,
                                  lead=lead)
            for inner in item.blocks:
                own = inner.lang or lang
                if isinstance(inner, ListBlock):
                    self.list_block(parent, inner, level + 1, own)
                    continue
                start = len(parent)
                self.blocks(parent, (inner,), "list_continue", lang=own)
                if level:  # List Continue aligns with the first level's text; deeper, indent
                    for p in parent[start:]:
                        self.indent(p, level_indent(self.tpl.style.element("list"), level))
        if level == 0:
            self.end_list(parent)

    def end_list(self: _Builder, parent: etree._Element) -> None:
        """The list's last paragraph names the list's end style: the body's gap after it."""
        if not len(parent) or parent[-1].tag != w("p"):
            return
        style = parent[-1].find(f"{w('pPr')}/{w('pStyle')}")
        roles = {self.tpl.ids[role]: end for role, end in LIST_END.items()}
        if style is not None and style.get(w("val")) in roles:
            style.set(w("val"), self.tpl.ids[roles[style.get(w("val"))]])

    def indent(self: _Builder, p: etree._Element, left: str) -> None:
        """Give a ``List Continue`` paragraph the left indent of its item's level."""
        if p.tag != w("p"):
            return
        ppr = p.find(w("pPr"))
        style = ppr.find(w("pStyle")) if ppr is not None else None
        if ppr is None or style is None or style.get(w("val")) != self.tpl.ids["list_continue"]:
            return
        ind = etree.Element(w("ind"))
        ind.set(w("left"), left)
        ppr.append(ind)  # schema order: after pStyle, numPr and bidi

    # ----------------------------------------------------------------- tables

    def table(self: _Builder, parent: etree._Element, node: Table, lang: str | None) -> None:
        """A ``w:tbl``: caption above, header rows repeated, spans, column alignment."""
        rows, width = place((*node.head, *node.body))
        if node.caption:
            self.inline_paragraph(parent, "caption", node.caption, lang=lang)
        if not rows or width == 0:
            return
        text_width = self.tpl.text_size[0] // 635  # EMU -> twips
        col = max(1, text_width // width)
        tbl = sub(parent, "tbl")
        tblpr = sub(tbl, "tblPr")
        sub(tblpr, "tblStyle", val=self.tpl.table_style)
        if language_direction(lang or self.language) == "rtl":
            sub(tblpr, "bidiVisual")
        sub(tblpr, "tblW", w="5000", type="pct")
        sub(tblpr, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0",
            lastColumn="0", noHBand="1", noVBand="1")
        grid = sub(tbl, "tblGrid")
        for _ in range(width):
            sub(grid, "gridCol", w=str(col))
        covered = _covered(rows)
        for r, row in enumerate(rows):
            header = r < len(node.head)
            tr = sub(tbl, "tr")
            trpr = sub(tr, "trPr")
            sub(trpr, "cantSplit")
            if header:
                sub(trpr, "tblHeader")
            starts = {p.col: p for p in row}
            c = 0
            while c < width:
                origin = covered.get((r, c))
                if origin is not None:  # the row below a cell spanning rows: a merged cell
                    self.cell(tr, None, origin.colspan, col, header, "continue", node, lang)
                    c += origin.colspan
                elif c in starts:
                    p = starts[c]
                    span = min(p.colspan, width - c)
                    merge = "restart" if p.rowspan > 1 else None
                    self.cell(tr, p, span, col, header, merge, node, lang)
                    c += span
                else:  # a short row: empty cells to the end
                    self.cell(tr, None, 1, col, header, None, node, lang)
                    c += 1

    def cell(self: _Builder, tr: etree._Element, placed: Placed | None, span: int, col: int,
             header: bool, merge: str | None, node: Table, lang: str | None) -> None:
        """One ``w:tc`` (``placed`` None: an empty or merged cell)."""
        tc = sub(tr, "tc")
        tcpr = sub(tc, "tcPr")
        sub(tcpr, "tcW", w=str(col * span), type="dxa")
        if span > 1:
            sub(tcpr, "gridSpan", val=str(span))
        if merge == "restart":
            sub(tcpr, "vMerge", val="restart")
        elif merge == "continue":
            sub(tcpr, "vMerge")
        if header:
            sub(tcpr, "shd", val="clear", color="auto", fill=header_shading())
        role = "table_heading" if header else "table_text"
        inlines = placed.cell.children if placed is not None else ()
        p = self.inline_paragraph(tc, role, inlines, lang=lang)
        align = column_align(node.aligns, placed.col) if placed is not None else None
        if align:
            sub(p.find(w("pPr")), "jc", val=_JC[align])

    # ----------------------------------------------------------------- pictures

    def figure(self: _Builder, parent: etree._Element, node: Figure, lang: str | None) -> None:
        """The picture in its own paragraph, then its caption and credit; no picture: the caption."""
        shown = self.picture(parent, node, lang)
        caption = node.caption
        text = plain_text(caption) if caption else ("" if shown else node.alt)
        if not text and not node.credit:
            return
        own = lang or node.lang
        whole = " ".join(t for t in (text, node.credit or "") if t)
        p, mark = self.paragraph(parent, "caption", whole, lang=own)
        self.paras.append(Para(p, self.tpl.fonts["caption"], own, whole))
        if caption:
            self.inlines(p, caption, 0, mark)
        else:
            self.run(p, text, None, mark)
        if node.credit:
            self.run(p, (" " if text else "") + node.credit, None, mark)

    def picture(self: _Builder, parent: etree._Element, node: Figure, lang: str | None) -> bool:
        """The picture's paragraph (False: nothing to show: no bytes, or Word cannot show them).

        In a right-to-left article (or block) the paragraph is right to left, so the picture
        stands where lines start.
        """
        pic = node.picture
        if pic is None:
            return False
        size = fitted_size(node, *self.tpl.text_size)
        if size is None:
            return False
        target = self.media.get(node.source)
        if target is None:
            try:
                ext, content_type, data = word_picture(pic)
            except PictureError as exc:
                loss.degraded(FMT, f"picture {loss.excerpt(node.source)!r}", f"{exc}; its caption kept")
                return False
            n = len(self.media_parts) + 1
            target = f"media/image{n}.{ext}"
            # a reference's header logo may have the name already, and so may our own pictures
            taken = {sp.part.name for sp in self.tpl.static} | {p.name for p in self.media_parts}
            while f"word/{target}" in taken:
                n += 1
                target = f"media/image{n}.{ext}"
            self.media[node.source] = target
            self.media_parts.append(Part.make(f"word/{target}", data, stored=True))
            self.media_types[ext] = content_type
        p, _mark = self.paragraph(parent, "picture", "")
        if language_direction(lang or self.language) == "rtl":
            sub(p.find(w("pPr")), "bidi")
        self.drawings += 1
        add_drawing(sub(p, "r"), self.rels.add(RT_IMAGE, target), self.drawings, node.alt, size)
        self.last = None
        return True

    # ----------------------------------------------------------------- code, notices

    def code_block(self: _Builder, parent: etree._Element, node: CodeBlock) -> None:
        """One ``Source Code`` paragraph, left to right: lines as ``w:br``, spaces kept."""
        text = node.text.rstrip("\n")
        if not text:
            return
        p, _mark = self.paragraph(parent, "code", "")
        self.paras.append(Para(p, self.tpl.fonts["code"], None, text))
        self.run(p, text, None, None)

    def correction(self: _Builder, parent: etree._Element, node: Correction,
                   lang: str | None) -> None:
        """A boxed notice: its label (``notices.toml``, in its language), then its blocks."""
        role = NOTICE_ROLES.get(node.kind, "correction")
        label = notice_label(node.kind if node.kind in NOTICE_ROLES else "correction",
                             lang or self.language)
        if label:
            p, mark = self.paragraph(parent, "notice_label", label, lang=lang)
            self.paras.append(Para(p, self.tpl.fonts["notice_label"], lang, label))
            self.run(p, label, None, mark)
        self.blocks(parent, node.children, role, lang=lang)

    # ----------------------------------------------------------------- notes

    def note(self: _Builder, parent: etree._Element, node: Note, flags: int,
             mark: Mark | None) -> None:
        """A footnote reference; a note inside a note (Word has none) shows in brackets."""
        if self.in_note:
            loss.degraded(FMT, "note inside a note", "shown in brackets where it is referenced")
            self.run(parent, " [", None, mark)
            for i, block in enumerate(node.children):
                if i:
                    self.run(parent, " ", None, mark)
                if isinstance(block, (Paragraph, Heading)):
                    self.inlines(parent, block.children, flags, mark)
                else:
                    self.run(parent, block_text(block), None, mark)
            self.run(parent, "]", None, mark)
            return
        self.notes.append(node)
        reference_run(parent, len(self.notes), self.tpl.ids["footnote_reference"])
        self.last = None

    def write_notes(self: _Builder, root: etree._Element) -> None:
        """Every note referenced, as ``w:footnote`` elements of ``root`` (ids from 1)."""
        self.in_note = True
        try:
            for n, node in enumerate(self.notes, 1):
                el = sub(root, "footnote", id=str(n))
                self.blocks(el, node.children, "footnote_text")
                open_note(el, self.tpl.ids["footnote_text"], self.tpl.ids["footnote_reference"])
        finally:
            self.in_note = False


def _covered(rows: list[list[Placed]]) -> dict[tuple[int, int], Placed]:
    """(row, column) of each grid slot a cell from a row above covers, and that cell."""
    out: dict[tuple[int, int], Placed] = {}
    for row in rows:
        for p in row:
            for r in range(p.row + 1, min(len(rows), p.row + p.rowspan)):
                out[(r, p.col)] = p
    return out
