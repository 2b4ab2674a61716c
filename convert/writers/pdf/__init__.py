"""Write a Document as PDF (reportlab platypus) in the house style, with embedded Unicode fonts.

``write(doc, options)`` is pure: the style, timestamp and font cache folder come from the options,
and nothing is read from the environment, the clock or the working directory. Importing this
package changes nothing in reportlab (a test proves it); the reportlab internals the writer relies
on live in :mod:`.subset`, :mod:`.canvas` and :mod:`.glyphfont`, each behind a class we
instantiate ourselves.

Every node of the model is drawn (:mod:`.layout`, :mod:`.rich`, :mod:`.tables`): tables split
between rows with their header repeated, pictures scaled to the column with their alt text as
``/Alt``, notes as numbered endnotes linked from their references, code in a monospace face
(``code.toml``), nested lists indented per level, corrections boxed and labelled. What the PDF
cannot show (raw markup, relative links) is left out with a warning.

Latin, Greek and Cyrillic paragraphs are reportlab Paragraphs (the fast path). Paragraphs with
right-to-left text or a script that needs shaping (Arabic, Urdu, Hebrew, Indic, Thai, CJK; see
``scripts.toml``) are shaped by HarfBuzz after the Unicode Bidi Algorithm (python-bidi) and drawn
by glyph id (:mod:`.shapedpara`). ``render`` returns the PDF with at most one
:class:`FontCoverageWarning` (characters no installed font has); ``write`` warns it, or raises
:class:`MissingGlyphsError` when ``options.strict_fonts`` is true. :func:`script_fonts` lists
each script and the font that sets it on this machine.

Threads: ``write`` may run in several threads at once. Each call builds its own document,
canvas, flowables and per-document font numbering (reportlab keys that by document). Shared
between calls are immutable values made once per process (paragraph styles, font sets, fallback
answers, in bounded ``functools`` caches) and reportlab's process-wide font registry, which only
grows and is changed under one lock (see :mod:`.fonts`). Not thread-safe, and not ours to fix:
changing reportlab's ``rl_config`` or registering other fonts under our ``NC-`` names while a
document is being written.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from io import BytesIO
from typing import Any

from msgspec import Struct
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import FrameBreak, NextPageTemplate

from ...arrange import arrange
from ...model import Document
from ...options import WriteOptions, article_times
from .balance import balanced_frames
from .canvas import PageDeco, canvas_class
from .coverage import FontCoverageWarning, MissingGlyphsError, MissingScript, group
from .fontchain import ScriptCoverage, script_fonts
from .glyphfont import GlyphBook
from .layout import Builder
from .longpara import cut_long_paragraphs
from .parastyles import Styles, styles_for


class Rendered(Struct, frozen=True):
    """A PDF and what the writer has to say about it.

    At most one coverage warning, then one :class:`convert.writers.loss.ConstructWarning` per
    construct the PDF shows in a lesser form or leaves out (raw markup, relative links ...).
    """

    data: bytes
    warnings: tuple[Warning, ...] = ()


class _DocTemplate(BaseDocTemplate):
    """Adds an outline entry for every flowable marked with ``_nc_outline``, balances the last page.

    ``_nc_story`` is the list ``build`` works through (what is left of the story); ``_nc_line``
    the body's leading. See :mod:`.balance`.
    """

    _nc_story: list[Any] | None = None
    _nc_line = 0.0

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:
        frames = self.pageTemplate.frames
        first = next((i for i, f in enumerate(frames) if f.id in _FIRST_COLUMNS), None)
        if self._nc_story is not None and first is not None and self.frame is frames[first]:
            new = balanced_frames(frames, first, self._nc_story, self._nc_line, self.canv)
            if new is not None:  # this page holds the rest: its columns share it
                self.pageTemplate = PageTemplate(id="balanced", frames=new,
                                                 autoNextPageTemplate="later")
                self.frame = new[first]
        super().handle_frameBegin(resume, pageTopFlowables)

    def afterFlowable(self, flowable: Any) -> None:
        entry = getattr(flowable, "_nc_outline", None)
        if entry is None:
            return
        title, level, key = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)


# --------------------------------------------------------------------------- page layout


#: The first column frame of the first page and of later pages (see :func:`_templates`).
_FIRST_COLUMNS = ("f0", "c0")


def _templates(st: Styles, head: list[Any]) -> tuple[list[PageTemplate], bool]:
    """Page templates; ``True`` when the headline block gets its own spanning frame."""
    pg = st.house.page
    page_w, page_h = pg.width * mm, pg.height * mm
    x0, y0 = pg.margin_left * mm, pg.margin_bottom * mm
    full_w = page_w - x0 - pg.margin_right * mm
    full_h = page_h - y0 - pg.margin_top * mm
    cols = pg.columns
    gap = pg.column_gap * mm
    col_w = (full_w - gap * (cols - 1)) / cols

    def columns(height: float, pid: str) -> list[Frame]:
        return [Frame(x0 + i * (col_w + gap), y0, col_w, height, id=f"{pid}{i}",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
                for i in range(cols)]

    later = PageTemplate(id="later", frames=columns(full_h, "c"))
    span = cols > 1 and st.house.layout.headline_span and bool(head)
    if span:
        height = 0.0
        for i, f in enumerate(head):
            _, h = f.wrap(full_w, full_h)
            height += h + (f.getSpaceBefore() if i else 0) + f.getSpaceAfter()
        height += 4
        if height < full_h * 0.7:
            top = Frame(x0, y0 + full_h - height, full_w, height, id="head", leftPadding=0,
                        rightPadding=0, topPadding=0, bottomPadding=0)
            first = PageTemplate(id="first", frames=[top, *columns(full_h - height, "f")])
            return [first, later], True
    first = PageTemplate(id="first", frames=columns(full_h, "f"))
    return [first, later], False


def _format_date(when: datetime) -> str:
    return f"{when.day} {when.strftime('%B %Y')}"


def write(doc: Document, options: WriteOptions) -> bytes:
    """Render one article as a PDF; same Document and options give the same bytes.

    Characters no installed font has are reported as one :class:`FontCoverageWarning`
    (``warnings.warn``), or raise :class:`MissingGlyphsError` when ``options.strict_fonts``;
    constructs shown in a lesser form or left out are warned one by one.
    """
    result = render(doc, options)
    for warning in result.warnings:
        warnings.warn(warning, stacklevel=2)
    return result.data


def render(doc: Document, options: WriteOptions) -> Rendered:
    """The PDF and its coverage warning as data (nothing printed, nothing warned)."""
    house = options.style
    meta = doc.meta
    language = meta.language or "en"
    st = styles_for(house, language, options.font_cache)
    book = GlyphBook()
    builder = Builder(st, book, language, options.font_cache)
    builder.located = meta.located or None
    arranged = arrange(doc, house)
    head, body = builder.article(arranged)
    body = cut_long_paragraphs(body, st.column_width, builder.shaped)

    # The printed date and CreationDate are the article's own; nothing else is a publication date.
    first, version = article_times(meta.date, options.timestamp)
    deco = PageDeco(st, arranged.publication or meta.source or "",
                    _format_date(meta.date) if meta.date else "", first, version,
                    meta.identifier or meta.headline, book=book, language=language,
                    font_cache=options.font_cache)
    templates, span = _templates(st, head)
    if span:
        for f in head:
            f.keepWithNext = 0  # the frame break keeps the block together
        story = [NextPageTemplate("later"), *head, FrameBreak(), *body]
    else:
        story = [NextPageTemplate("later"), *head, *body]
    del head, body  # platypus lets go of each flowable once drawn; so must we

    out = BytesIO()
    author = meta.byline or ", ".join(p.name for p in meta.authors)
    tmpl = _DocTemplate(
        out, pagesize=(house.page.width * mm, house.page.height * mm),
        pageTemplates=templates, title=meta.headline, author=author,
        subject=meta.subheadline or "", keywords=list(meta.keywords),
        creator=f"{options.generator} {options.generator_version}".strip(),
        lang=language, displayDocTitle=1, invariant=1,
        initialFontName=st.fontset("body").regular,
        leftMargin=house.page.margin_left * mm, rightMargin=house.page.margin_right * mm,
        topMargin=house.page.margin_top * mm, bottomMargin=house.page.margin_bottom * mm,
    )
    if house.page.columns > 1:
        tmpl._nc_story, tmpl._nc_line = story, st.para["body"].leading
    tmpl.build(story, canvasmaker=canvas_class(deco))
    missing = builder.missing | deco.missing
    notices = tuple(builder.notices)
    if not missing:
        return Rendered(out.getvalue(), notices)
    found = group(missing)
    if options.strict_fonts:
        raise MissingGlyphsError(found)
    return Rendered(out.getvalue(), (FontCoverageWarning(found), *notices))


__all__ = ["FontCoverageWarning", "MissingGlyphsError", "MissingScript", "Rendered",
           "ScriptCoverage", "render", "script_fonts", "write"]
