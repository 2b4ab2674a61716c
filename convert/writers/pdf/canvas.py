"""The reportlab canvas of one article: dates and /ID from the options, "page X of Y" in one pass.

reportlab takes its dates from the clock or ``SOURCE_DATE_EPOCH`` and its file /ID from them;
a writer may read neither, so the canvas made here replaces both on its own document object,
and keeps each page until ``save`` so the footer can give the page count without a second
layout pass. These are reportlab 5 internals (``PDFDocument._timeStamp``, ``signature``,
``info``; ``Canvas._startPage``; ``PDFPage.stream``/``Contents``, whose stream is deflated as
soon as the page is made: 35 MB of held operators per MB of Urdu otherwise), used on objects
this writer makes and checked by ``tests/writers/pdf/test_reportlab_assumptions.py``.
Nothing here is shared between documents.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from hashlib import md5
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from .glyphfont import GlyphBook
from .parastyles import Styles
from .runs import draw_runs
from .shapedtext import draw_text_line, needs_shaping


class Stamp(TimeStamp):
    """reportlab's TimeStamp fed from the options, never from the clock or the environment."""

    def __init__(self, when: datetime) -> None:  # no super(): it reads the clock or the env
        utc = when.astimezone(UTC)
        self.t = utc.timestamp()
        self.YMDhms = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
        self.lt = (*self.YMDhms, 0, 0, 0)
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def pdf_date(when: datetime) -> str:
    """A PDF date string in UTC (``D:20250611044200+00'00'``)."""
    return when.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


class Info(PDFInfo):
    """Info dictionary: CreationDate (the article's date, only when it has one), ModDate (this version)."""

    created = ""
    modified = ""

    def format(self, document: Any) -> bytes:
        d = {"Title": PDFString(self.title), "Author": PDFString(self.author),
             **({"CreationDate": PDFString(self.created)} if self.created else {}),
             "ModDate": PDFString(self.modified),
             "Producer": PDFString(self.producer), "Creator": PDFString(self.creator),
             "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
             "Trapped": PDFName(self.trapped)}
        return PDFDictionary(d).format(document)


class PageDeco:
    """What the running header and footer show (per document)."""

    def __init__(self, styles: Styles, header: str, date_text: str, first: datetime | None,
                 version: datetime, identifier: str, *, book: GlyphBook | None = None,
                 language: str = "", font_cache: Path | None = None) -> None:
        self.styles = styles
        self.header = header
        self.date_text = date_text
        self.first = first
        self.version = version
        self.identifier = identifier
        self.book = book or GlyphBook()
        self.language = language
        self.font_cache = font_cache
        #: Characters of the header and footer no installed font has.
        self.missing: set[str] = set()

    def draw(self, canv: Any, element: str, text: str, x: float, y: float, align: str) -> None:
        """One line of the header or footer: shaped when it needs it."""
        st = self.styles
        if needs_shaping(text):
            draw_text_line(canv, self.book, st.house, element, text, self.language,
                           self.font_cache, x, y, align, self.missing)
        else:
            draw_runs(canv, text, st.fontset(element), st.element(element), st.chain, x, y,
                      align)


class DeferredCanvas(Canvas):
    """Defers page output to ``save`` so the footer can say "page X of Y" in one layout pass."""

    deco: PageDeco

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deco = self.deco
        doc = self._doc
        # Dates and /ID from the options only (reportlab would read the clock or the env).
        doc._timeStamp = Stamp(deco.version)
        doc.signature = md5(f"newsconvert|{deco.identifier}|{deco.version.isoformat()}"
                            .encode(), usedforsecurity=False)
        info = Info()
        info.created = pdf_date(deco.first) if deco.first is not None else ""
        info.modified = pdf_date(deco.version)
        doc.info = info
        self._nc_pages: list[dict[str, Any]] = []
        #: Destinations made on the page being drawn, bound to it when the page is output.
        self._nc_marks: list[tuple[str, dict[str, Any]]] = []

    def bookmarkPage(self, key: str, **kwargs: Any) -> Any:
        """Remember a destination until its page is output in :meth:`save`.

        reportlab binds a destination to the page it is outputting: bound now, every link and
        outline entry would lead to page one.
        """
        self._nc_marks.append((key, kwargs))

    def showPage(self) -> None:
        state = dict(self.__dict__)
        code = state["_code"]
        if all(isinstance(op, str) for op in code):  # kept deflated until the page is output
            state["_code"] = None
            state["_nc_deflated"] = zlib.compress("\n".join(code).encode("utf-8"), 1)
        self._nc_pages.append(state)
        self._nc_marks = []
        self._startPage()

    def save(self) -> None:
        pages, self._nc_pages = self._nc_pages, []
        total = len(pages)
        for n, state in enumerate(pages):
            pages[n] = None  # let go of each page once reportlab has it
            deflated = state.pop("_nc_deflated", None)
            self.__dict__.update(state)
            if deflated is not None:
                self._code = [zlib.decompress(deflated).decode("utf-8")]
            for key, kwargs in state["_nc_marks"]:
                Canvas.bookmarkPage(self, key, **kwargs)
            self._decorate(total)
            del state, deflated
            Canvas.showPage(self)
            _deflate_last_page(self._doc)
        Canvas.save(self)

    def _decorate(self, total: int) -> None:
        d = self.deco
        st = d.styles
        page_w, page_h = self._pagesize
        left, right = st.house.page.margin_left * mm, page_w - st.house.page.margin_right * mm
        if st.house.layout.running_header and d.header:
            es = st.element("header")
            y = page_h - st.house.page.margin_top * mm * 0.55
            d.draw(self, "header", d.header, left, y, "left")
            if d.date_text:
                d.draw(self, "header", d.date_text, right, y, "right")
            self.setStrokeColor(es.colour)
            self.setLineWidth(0.4)
            self.line(left, y - es.size * 0.5, right, y - es.size * 0.5)
        if st.house.layout.running_footer:
            es = st.element("footer")
            text = f"Page {self._pageNumber} of {total}"
            if d.date_text:
                text += f" \u00b7 {d.date_text}"
            y = st.house.page.margin_bottom * mm * 0.45
            x = {"left": left, "right": right}.get(es.align, (left + right) / 2)
            d.draw(self, "footer", text, x, y, es.align if es.align in ("left", "right")
                   else "center")


def _deflate_last_page(doc: Any) -> None:
    """Encode the page reportlab just made now, with the filters it would apply when writing.

    reportlab keeps every page's stream unencoded until the file is written: 35 MB of text
    operators per MB of Urdu. The stream is built as ``PDFPage.check_format`` builds it (Flate,
    then ASCII85 when ``rl_config.useA85``) and encoded at once; a ``PDFStream`` whose dictionary
    names its filters already is written as it is (``PDFStream.format``): the same bytes.
    """
    page = doc.Pages.pages[-1]
    if not page.compression or page.Contents or not page.stream:
        return
    filters = [pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress] if rl_config.useA85 else [
        pdfdoc.PDFZCompress]
    content = page.stream
    for encoder in reversed(filters):
        content = encoder.encode(content)
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary(
        {"Filter": pdfdoc.PDFArray([pdfdoc.PDFName(f.pdfname) for f in filters])}), content)
    stream.__Comment__ = "page stream"
    page.Contents, page.stream = stream, None


def canvas_class(deco: PageDeco) -> type[DeferredCanvas]:
    """A canvas class bound to one document's decoration (platypus makes the canvas itself)."""
    return type("_DocCanvas", (DeferredCanvas,), {"deco": deco})
