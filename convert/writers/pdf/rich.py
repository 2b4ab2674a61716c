"""Flowables for the richer blocks: nested lists, pictures, code, rules, corrections, endnotes.

Tables are in :mod:`.tables`. Every function takes the document's :class:`.layout.Builder`, so
text in them goes through the same paragraphs as the body (markup for Latin, shaped text for
the scripts that need it, fallback fonts for the rest).

Notes are endnotes: numbered where they are referenced (a superscript number linking to the
note) and listed after the body, before the credit line. A PDF page has no room reserved for
footnotes, and in two columns a note at the foot of the page would often sit in the other
column; endnotes keep every note next to the others and always fit.
"""

from __future__ import annotations

from html import escape as _html_escape
from io import BytesIO
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, KeepTogether, XPreformatted
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import AnchorFlowable, HRFlowable

from ...model import CodeBlock, Correction, Figure, ListBlock, Paragraph, Rule, Text
from .. import loss
from ..notices import notice_label
from ..pictures import display_size
from ..textparts import TASK_BOX
from .codefont import code_look, mono_set
from .shapedpara import ShapedParagraph
from .tables import table

if TYPE_CHECKING:
    from .layout import Builder

__all__ = ["NOTE_DEST", "code_block", "correction", "end_block", "endnotes", "escape", "figure", "list_block",
           "rule", "table"]

FMT = "PDF"
#: CSS pixels to points (a picture's asked size is in CSS pixels).
PX = 0.75
#: Tallest a picture may be, as a share of the page's text height.
MAX_PICTURE_HEIGHT = 0.6
#: Corrections longer than this (characters) are ruled above and below instead of boxed: a box
#: is one table cell, which cannot break across pages.
BOX_LIMIT = 1500
RULE_COLOUR = "#999999"
#: Destination names of notes (``#nc-fn3``), defined by the endnotes' anchors.
NOTE_DEST = "nc-fn{}"


# --------------------------------------------------------------------------- lists


def escape(text: str) -> str:
    """``& < >`` as entities for reportlab's paragraph markup.

    Not ``xml.sax.saxutils.escape`` (the same result): importing it imports urllib.request,
    http.client and ssl, 15 ms of every PDF conversion's start.
    """
    return _html_escape(text, quote=False)


def list_block(b: Builder, block: ListBlock, depth: int) -> list[Any]:
    """Items with their bullet or number, indented one step per level of nesting.

    A task's box opens its text; an item's nested lists and paragraphs follow it, indented
    to its text.
    """
    es = b.st.element("list")
    step = es.left_indent or es.size * 1.6
    indent = step * (depth + 1)
    style = b.derive(("list", depth), b.st.para["list"], leftIndent=indent,
                     bulletIndent=max(0.0, indent - es.size * 1.2))
    look = {"left_indent": indent}
    out: list[Any] = []
    for n, item in enumerate(block.items, start=block.start):
        bullet = f"{n}." if block.ordered else "\u2022"
        nodes = item.children
        if item.checked is not None:
            nodes = (Text(TASK_BOX[item.checked] + " "), *nodes)
        out.append(b.para("list", nodes, bullet=bullet, style=style, look=look))
        for child in item.blocks:
            if isinstance(child, ListBlock):
                out.extend(list_block(b, child, depth + 1))
            elif isinstance(child, Paragraph):
                out.append(b.para("list", child.children, style=style, look=look))
            else:
                out.extend(b.block(child))
    if depth == 0:
        end_block(out, max(es.space_after, b.st.element("body").space_after))
    return out


def end_block(flowables: list[Any], points: float) -> None:
    """At least ``points`` after a list or a quote: the gap after any paragraph of the body.

    The space between list items (or a quote's paragraphs) is the element's own; what follows
    the block stands apart from it as one paragraph does from the next.
    """
    if not flowables:
        return
    last = flowables[-1]
    if isinstance(last, ShapedParagraph):
        if last.look.space_after < points:
            last.look = replace(last.look, space_after=points)
    elif last.getSpaceAfter() < points:
        last.spaceAfter = points


# --------------------------------------------------------------------------- pictures


class AltImage(Image):
    """A picture whose alt text is its ``/Alt``, in a marked-content span around its drawing.

    PDF lets a ``/Span`` marked-content sequence carry ``/Alt`` (ISO 32000-1, 14.9.3); screen
    readers and text extraction take it for the picture. The PDF has no structure tree, so this
    is the one place the alt text can go.
    """

    def __init__(self, data: bytes, width: float, height: float, alt: str) -> None:
        super().__init__(BytesIO(data), width=width, height=height)
        self.alt = alt

    def draw(self) -> None:
        if self.alt:
            hexed = self.alt.encode("utf-16-be").hex().upper()
            self.canv.addLiteral(f"/Span <</Alt <FEFF{hexed}>>> BDC")
        super().draw()
        if self.alt:
            self.canv.addLiteral("EMC")


def _picture_size(b: Builder, fig: Figure) -> tuple[float, float]:
    """Points: as asked (CSS pixels), else the picture's pixels, scaled into the column."""
    size = display_size(fig)
    assert size is not None and fig.picture is not None
    w, h = size[0] * PX, size[1] * PX
    page = b.st.house.page
    max_w = b.st.column_width
    max_h = (page.height - page.margin_top - page.margin_bottom) * mm * MAX_PICTURE_HEIGHT
    scale = min(1.0, max_w / w, max_h / h)
    return w * scale, h * scale


def figure(b: Builder, fig: Figure) -> list[Any]:
    """The picture scaled to the column, its caption and credit below it, kept together.

    Without its bytes (not found, not fetched) the caption stands alone, else the alt text.
    """
    out: list[Any] = []
    if fig.picture is not None and display_size(fig) is not None:
        w, h = _picture_size(b, fig)
        try:
            img = AltImage(fig.picture.data, w, h, fig.alt)
            img.hAlign = "CENTER"
            out.append(img)
        except Exception:  # bytes Pillow accepted at read time but reportlab cannot embed
            loss.dropped(FMT, "picture", loss.excerpt(fig.source), b.notices)
    nodes = fig.caption or ((Text(fig.alt),) if fig.alt and not out else ())
    if fig.credit:
        nodes = (*nodes, Text((" " if nodes else "") + fig.credit))
    if nodes:
        out.append(b.para("credit", nodes, style=b.st.variant("credit", "first"),
                          first_flush=True))
    return [KeepTogether(out)] if len(out) > 1 else out


# --------------------------------------------------------------------------- code


def _wrap(line: str, width: int) -> list[str]:
    """A code line cut into pieces of ``width`` characters (code has no word breaks to trust)."""
    if width <= 0 or len(line) <= width:
        return [line]
    return [line[i:i + width] for i in range(0, len(line), width)]


def code_block(b: Builder, node: CodeBlock) -> list[Any]:
    """Monospace lines on a tinted panel: line breaks and spaces kept, long lines wrapped."""
    look = code_look()
    body = b.st.element("body")
    size = body.size * look.size_ratio
    pad = 4.0
    mono = mono_set(b.st.house, b.font_cache)
    if mono is None:
        loss.degraded(FMT, "code", "set in the text face (no monospace font installed)", b.notices)
    face = mono.regular if mono is not None else b.st.fontset("body").regular
    char_w = stringWidth("M", face, size) or size * 0.6
    per_line = int((b.st.column_width - 2 * pad - 2) // char_w)
    lines = [piece for line in node.text.rstrip("\n").expandtabs(4).split("\n")
             for piece in _wrap(line, per_line)]
    b._element = "body"
    markup = "\n".join(b.code_markup(line, size, pre=True) if mono is not None else escape(line)
                       for line in lines)
    style = b.derive(("code",), b.st.para["body:first"], fontName=face, fontSize=size,
                     leading=size * 1.3, backColor=HexColor(look.background),
                     borderColor=HexColor(look.border), borderWidth=0.5, borderPadding=pad,
                     leftIndent=pad, rightIndent=pad, spaceBefore=pad + 2, spaceAfter=pad + 6,
                     alignment=0, hyphenationLang="")
    return [XPreformatted(markup or " ", style)]


# --------------------------------------------------------------------------- rules, notices


def rule(b: Builder, node: Rule) -> list[Any]:
    return [HRFlowable(width="100%", thickness=0.6, color=HexColor(RULE_COLOUR), spaceBefore=6,
                       spaceAfter=8)]


def correction(b: Builder, node: Correction) -> list[Any]:
    """A notice in a box, opened by its label in the article's language when one is known."""
    label = notice_label(node.kind, node.lang or b.language)
    inner: list[Any] = []
    if label:
        inner.append(b.para("body", (Text(label),), style=b.st.variant("body", "first"),
                            bold=True, first_flush=True))
    for child in node.children:
        inner.extend(b.block(child, first=True))
    if not inner:
        return []
    if sum(len(t) for t in _texts(node)) > BOX_LIMIT:
        line = HRFlowable(width="100%", thickness=0.8, color=HexColor(RULE_COLOUR),
                          spaceBefore=4, spaceAfter=4)
        return [line, *inner, line]
    box = RLTable([[inner]], colWidths=[b.st.column_width], hAlign="LEFT")
    box.setStyle([("FONTNAME", (0, 0), (-1, -1), b.st.fontset("body").regular),
                  ("BOX", (0, 0), (-1, -1), 0.8, HexColor(RULE_COLOUR)),
                  ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                  ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    box.spaceBefore, box.spaceAfter = 6, 8
    return [box]


def _texts(node: Correction) -> list[str]:
    from ...model import block_text

    return [block_text(child) for child in node.children]


# --------------------------------------------------------------------------- endnotes


def endnotes(b: Builder) -> list[Any]:
    """The notes referenced in the body, numbered, after a short rule (none: nothing).

    Notes referenced inside notes are numbered after the others and listed with them.
    """
    if not b.notes:
        return []
    credit = b.st.element("credit")
    style = b.derive(("note",), b.st.para["body:first"], fontSize=credit.size,
                     leading=credit.size * 1.3, spaceAfter=2)
    look = {"size": credit.size, "leading": credit.size * 1.3, "first_line_indent": 0.0,
            "space_after": 2.0}
    out: list[Any] = [HRFlowable(width="30%", thickness=0.5, color=HexColor(RULE_COLOUR),
                                 hAlign="LEFT", spaceBefore=8, spaceAfter=4)]
    i = 0
    while i < len(b.notes):
        n = i + 1
        anchor = AnchorFlowable(NOTE_DEST.format(n))  # a named destination, drawn with the note
        anchor.keepWithNext = 1
        out.append(anchor)
        children = b.notes[i].children
        first, rest = (children[0], children[1:]) if children else (None, ())
        if isinstance(first, Paragraph):
            out.append(b.para("body", (Text(f"{n}. "), *first.children), style=style, look=look))
        else:
            out.append(b.para("body", (Text(f"{n}."),), style=style, look=look))
            rest = children
        for child in rest:
            if isinstance(child, Paragraph):
                out.append(b.para("body", child.children, style=style, look=look))
            else:
                out.extend(b.block(child))
        i += 1
    return out
