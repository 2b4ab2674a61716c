"""Write a Document as PDF (reportlab platypus) in the house style, with embedded Unicode fonts."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from hashlib import md5
from io import BytesIO
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import FrameBreak, NextPageTemplate

from ...model import Document
from ...options import WriteOptions, version_times
from ...styles import HouseStyle, load_style
from .layout import Builder, Styles, draw_runs, styles_for

#: Wording of the run-time warning (the README states the same limitation).
RTL_LIMITATION = ("PDF: Arabic-script text is laid out right-to-left but drawn with unjoined "
                  "letter forms (reportlab has no bidi-aware shaping without rlbidi); use the "
                  "DOCX or EPUB output for print-quality Arabic or Urdu")


class MissingGlyphWarning(UserWarning):
    """Some characters have no glyph in any available font and print as empty boxes."""


class RightToLeftWarning(UserWarning):
    """Arabic-script text is drawn without contextual shaping."""


# --------------------------------------------------------------------------- document info


class _Stamp:
    """reportlab's TimeStamp interface fed from the options, never from the clock or env."""

    def __init__(self, when: datetime) -> None:
        utc = when.astimezone(UTC)
        self.t = utc.timestamp()
        self.YMDhms = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
        self.lt = (*self.YMDhms, 0, 0, 0)
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def _pdf_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


class _Info(PDFInfo):
    """Info dictionary with CreationDate (first publication) apart from ModDate (this version)."""

    created = ""
    modified = ""

    def format(self, document: Any) -> bytes:
        d = {"Title": PDFString(self.title), "Author": PDFString(self.author),
             "CreationDate": PDFString(self.created), "ModDate": PDFString(self.modified),
             "Producer": PDFString(self.producer), "Creator": PDFString(self.creator),
             "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
             "Trapped": PDFName(self.trapped)}
        return PDFDictionary(d).format(document)


class _PageDeco:
    """What the running header and footer show (per document)."""

    def __init__(self, styles: Styles, header: str, date_text: str, first: datetime,
                 version: datetime, identifier: str) -> None:
        self.styles = styles
        self.header = header
        self.date_text = date_text
        self.first = first
        self.version = version
        self.identifier = identifier


class _Canvas(Canvas):
    """Defers page output to ``save`` so the footer can say "page X of Y" in one layout pass."""

    deco: _PageDeco

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deco = self.deco
        doc = self._doc
        # Dates and /ID from the options only (reportlab would read the clock or the env).
        doc._timeStamp = _Stamp(deco.version)
        doc.signature = md5(f"newsconvert|{deco.identifier}|{deco.version.isoformat()}"
                            .encode(), usedforsecurity=False)
        info = _Info()
        info.created, info.modified = _pdf_date(deco.first), _pdf_date(deco.version)
        doc.info = info
        self._nc_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._nc_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._nc_pages)
        for state in self._nc_pages:
            self.__dict__.update(state)
            self._decorate(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _decorate(self, total: int) -> None:
        d = self.deco
        st = d.styles
        page_w, page_h = self._pagesize
        left, right = st.house.page.margin_left * mm, page_w - st.house.page.margin_right * mm
        if st.house.layout.running_header and d.header:
            es, fs = st.element("header"), st.fontset("header")
            y = page_h - st.house.page.margin_top * mm * 0.55
            draw_runs(self, d.header, fs, es, left, y, "left")
            if d.date_text:
                draw_runs(self, d.date_text, fs, es, right, y, "right")
            self.setStrokeColor(es.colour)
            self.setLineWidth(0.4)
            self.line(left, y - es.size * 0.5, right, y - es.size * 0.5)
        if st.house.layout.running_footer:
            es, fs = st.element("footer"), st.fontset("footer")
            text = f"Page {self._pageNumber} of {total}"
            if d.date_text:
                text += f" \u00b7 {d.date_text}"
            y = st.house.page.margin_bottom * mm * 0.45
            x = {"left": left, "right": right}.get(es.align, (left + right) / 2)
            draw_runs(self, text, fs, es, x, y, es.align if es.align in ("left", "right")
                      else "center")


def _canvas_class(deco: _PageDeco) -> type[_Canvas]:
    return type("_DocCanvas", (_Canvas,), {"deco": deco})


class _DocTemplate(BaseDocTemplate):
    """Adds an outline entry for every flowable marked with ``_nc_outline``."""

    def afterFlowable(self, flowable: Any) -> None:
        entry = getattr(flowable, "_nc_outline", None)
        if entry is None:
            return
        title, level, key = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)


# --------------------------------------------------------------------------- page layout


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
    """Render one article as a PDF; same Document and options give the same bytes."""
    house: HouseStyle = options.style or load_style("default")
    meta = doc.meta
    st = styles_for(house, meta.language)
    builder = Builder(st)
    head, body = builder.article(doc)
    if builder.missing:
        chars = " ".join(f"U+{ord(c):04X} {c!r}" for c in sorted(builder.missing))
        warnings.warn(f"PDF: no available font has a glyph for {chars}; they print as empty "
                      "boxes (install a font with them, e.g. a Debian fonts-noto-* package)",
                      MissingGlyphWarning, stacklevel=2)
    if builder.rtl:
        warnings.warn(RTL_LIMITATION, RightToLeftWarning, stacklevel=2)

    first, version = version_times(meta.date, options.timestamp)
    shown = meta.date or options.timestamp
    deco = _PageDeco(st, house.publication or meta.source or "",
                     _format_date(shown) if shown else "", first, version,
                     meta.identifier or meta.headline)
    templates, span = _templates(st, head)
    if span:
        for f in head:
            f.keepWithNext = 0  # the frame break keeps the block together
        story = [NextPageTemplate("later"), *head, FrameBreak(), *body]
    else:
        story = [NextPageTemplate("later"), *head, *body]

    out = BytesIO()
    author = meta.byline or ", ".join(p.name for p in meta.authors)
    tmpl = _DocTemplate(
        out, pagesize=(house.page.width * mm, house.page.height * mm),
        pageTemplates=templates, title=meta.headline, author=author,
        subject=meta.subheadline or "", keywords=list(meta.keywords),
        creator=f"{options.generator} {options.generator_version}".strip(),
        lang=meta.language or "en", displayDocTitle=1, invariant=1,
        initialFontName=st.fontset("body").regular,
        leftMargin=house.page.margin_left * mm, rightMargin=house.page.margin_right * mm,
        topMargin=house.page.margin_top * mm, bottomMargin=house.page.margin_bottom * mm,
    )
    tmpl.build(story, canvasmaker=_canvas_class(deco))
    return out.getvalue()


__all__ = ["RTL_LIMITATION", "MissingGlyphWarning", "RightToLeftWarning", "write"]

