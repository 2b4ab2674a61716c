"""What the PDF writer assumes about reportlab internals: a reportlab upgrade that breaks one fails here.

``pyproject.toml`` pins ``reportlab>=5.1,<6``; each test names the writer code that relies on it.
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from io import BytesIO
from weakref import WeakKeyDictionary

import reportlab
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag

from convert.writers.pdf import fontfiles, subset
from convert.writers.pdf.canvas import Stamp


def params(fn: object) -> list[str]:
    return list(inspect.signature(fn).parameters)  # type: ignore[arg-type]


def plain_face() -> TTFont:
    """PT Serif as reportlab reads it (no subclass of ours)."""
    files = fontfiles.resolve_files("PT Serif", "serif", None)
    return TTFont("assume-PTSerif", str(files.regular))


def test_version_is_in_the_pinned_range() -> None:
    major, minor = (int(p) for p in reportlab.Version.split(".")[:2])
    assert (major, minor) >= (5, 1) and major < 6


def test_ttfont_methods_we_override_or_call() -> None:
    """subset.SharedSubsetTTFont / FixedCMapTTFont override these with the same signatures."""
    assert params(TTFont.__init__)[:5] == ["self", "name", "filename", "validate", "subfontIndex"]
    assert params(TTFont.splitString) == ["self", "text", "doc", "encoding"]
    assert params(TTFont.stringWidth) == ["self", "text", "size", "encoding"]
    assert params(TTFont.addObjects) == ["self", "doc"]
    assert params(TTFont.getSubsetInternalName) == ["self", "subset", "doc"]
    assert params(TTFont.State.__init__) == ["self", "asciiReadable", "ttf"]


def test_ttfont_state_is_per_document() -> None:
    """The seed numbering is a copy of a State; documents are weak keys of ``TTFont.state``."""
    font = plain_face()
    assert isinstance(font.state, WeakKeyDictionary)
    assert isinstance(font._asciiReadable, int)
    state = TTFont.State(font._asciiReadable, font)
    assert isinstance(state.assignments, dict) and isinstance(state.nextCode, int)
    assert isinstance(state.subsets, list) and state.frozen == 0
    assert state.internalName is None and state.namePrefix == "F"


def test_face_attributes_the_subsets_read() -> None:
    face = plain_face().face
    for attr in ("charToGlyph", "ascent", "capHeight", "descent", "flags", "bbox", "name",
                 "subfontNameX", "italicAngle", "stemV", "defaultWidth", "filename"):
        assert hasattr(face, attr), attr
    assert callable(face.getCharWidth) and callable(face.makeSubset)
    assert SUBSETN(0) == b"AAAAAA" and SUBSETN(1) == b"AAAAAB"
    assert isinstance(FF_SYMBOLIC, int) and isinstance(FF_NONSYMBOLIC, int)


def test_ttfont_reads_a_file_object_and_keeps_its_name() -> None:
    """fontfiles.static_font hands reportlab an in-memory file named after the source font."""
    files = fontfiles.resolve_files("PT Serif", "serif", None)
    data = BytesIO(files.regular.read_bytes())
    data.name = "source.ttf#0"
    assert TTFont("assume-fileobj", data).face.filename == "source.ttf#0"


def test_addobjects_registers_the_cmap_stream_by_name() -> None:
    """FixedCMapTTFont finds each subset's ToUnicode stream under ``toUnicodeCMap:<BaseFont>``
    after reportlab's addObjects, and replaces its (not yet compressed) content."""
    font = plain_face()
    doc = pdfdoc.PDFDocument(invariant=1)
    font.splitString("Ab", doc)
    font.getSubsetInternalName(0, doc)
    subsets = [list(s) for s in font.state[doc].subsets]
    TTFont.addObjects(font, doc)
    base = subset.subset_font_name(font.face, 0)
    stream = doc.idToObject[f"toUnicodeCMap:{base}"]
    assert isinstance(stream, pdfdoc.PDFStream)
    assert stream.content == makeToUnicodeCMap(base, subsets[0])
    # Ours differs from reportlab's only for astral characters.
    assert subset.to_unicode_cmap(base, subsets[0]) == makeToUnicodeCMap(base, subsets[0])
    assert subset.to_unicode_cmap("X", [0x1F3C6]) != makeToUnicodeCMap("X", [0x1F3C6])


def test_pdf_objects_the_shared_subset_writes() -> None:
    """SharedSubsetTTFont formats its own Font/FontDescriptor dictionaries and streams."""
    doc = pdfdoc.PDFDocument(invariant=1)
    assert isinstance(doc.encrypt, pdfdoc.NoEncryption) and doc.compression in (0, 1)
    assert isinstance(doc.idToObject["BasicFonts"].dict, dict)
    entries = {"Type": "/Font", "Widths": pdfdoc.PDFArray([1, 2]), "FirstChar": 0,
               "BaseFont": pdfdoc.PDFName("AAAAAA+X")}
    forced = pdfdoc.PDFDictionary(entries)
    forced.multiline = "forced"
    assert forced.format(doc) == b"<<\n" + subset._entries(entries, doc) + b"\n>>"
    # An object with a __RefOnly__ attribute is written as an indirect object and referenced.
    assert pdfdoc.__RefOnly__ == "__RefOnly__"
    prepared = subset._PreparedStream(b"<< >>\nstream\nx\nendstream")
    assert pdfdoc.format(prepared, doc) == doc.Reference(prepared).format(doc)
    assert pdfdoc.format(prepared, doc, toplevel=1) == prepared.data
    stream = pdfdoc.PDFStream(content="x", filters=[pdfdoc.PDFZCompress])
    assert stream.format(doc).startswith(b"<<")


def test_document_dates_id_and_info_are_replaceable() -> None:
    """canvas.DeferredCanvas sets ``_timeStamp``, ``signature`` and ``info`` on its document."""
    canv = Canvas(BytesIO(), invariant=1)
    doc = canv._doc
    assert isinstance(doc._timeStamp, TimeStamp)
    assert hasattr(doc.signature, "update") and hasattr(doc.signature, "digest")
    assert isinstance(doc.info, pdfdoc.PDFInfo)
    assert params(pdfdoc.PDFInfo.format) == ["self", "document"]
    for attr in ("title", "author", "subject", "keywords", "producer", "creator", "trapped"):
        assert hasattr(doc.info, attr), attr
    ours = Stamp(datetime(2025, 1, 1, tzinfo=UTC))
    assert isinstance(ours, TimeStamp) and set(vars(TimeStamp(invariant=1))) <= set(vars(ours))


def test_canvas_page_state_the_deferral_keeps() -> None:
    """DeferredCanvas keeps each page's ``__dict__`` and starts the next with ``_startPage``."""
    canv = Canvas(BytesIO(), invariant=1)
    for attr in ("_pagesize", "_pageNumber", "_doc", "_code"):
        assert attr in vars(canv), attr
    assert params(Canvas._startPage) == ["self"]
    assert params(Canvas.showPage) == ["self"] and params(Canvas.save) == ["self"]


def test_paragraph_fragments_for_plain_text() -> None:
    """parastyles.Styles.plain_paragraph clones a parsed fragment and passes ``frags=``."""
    assert "frags" in params(RLParagraph.__init__)
    frag = RLParagraph("x").frags[0]
    assert isinstance(frag, ParaFrag) and frag.clone(text="y").text == "y"
    assert cleanBlockQuotedText("  a \n b ") == "a b"


def test_registry_lookups_the_fonts_module_uses() -> None:
    assert isinstance(pdfmetrics.getRegisteredFontNames(), list)
    assert params(pdfmetrics.registerFontFamily)[:1] == ["family"]


# --------------------------------------------------------------------------- shaped text


def test_document_realizes_delayed_fonts_with_add_objects() -> None:
    """glyphfont.GlyphBook joins ``PDFDocument.delayedFonts``; reportlab calls its
    ``addObjects(doc)`` when it formats the file, after every page is drawn."""
    doc = pdfdoc.PDFDocument(invariant=1)
    assert doc.delayedFonts == []
    source = inspect.getsource(pdfdoc.PDFDocument.GetPDFData)
    assert "for fnt in self.delayedFonts" in source and "fnt.addObjects(self)" in source


def test_canvas_add_literal_is_public() -> None:
    """shapedpara writes its positioned glyphs with ``Canvas.addLiteral`` (documented API)."""
    assert params(Canvas.addLiteral) == ["self", "s", "escaped"]
    canv = Canvas(BytesIO(), invariant=1)
    canv.addLiteral("BT ET")
    assert canv._code[-1] == "BT ET"


def test_python_bidi_debug_gives_levels_per_utf8_byte() -> None:
    """shaping.bidi_levels reads python-bidi's levels from ``get_display(debug=True)``."""
    from bidi import get_display

    from convert.writers.pdf.shaping import bidi_levels

    text = "ab (\u05d0\u05d1 12) \u0627"
    info = get_display(text, base_dir="R", debug=True)
    assert "levels: [" in info and "Level(" in info
    levels = bidi_levels(text, True)
    assert len(levels) == len(text)
    assert levels[:2] == [2, 2]  # Latin inside a right-to-left paragraph
    assert levels[text.index("\u05d0")] == 1 and levels[text.index("1")] == 2
    assert bidi_levels("plain", False) == [0] * 5


def test_uharfbuzz_shapes_an_item_with_context() -> None:
    """GlyphFace.shape adds the whole paragraph and shapes ``start:end`` of it: clusters index
    the whole text, and the letters around give Arabic its joining forms."""
    import uharfbuzz as hb

    from convert.writers.pdf import fontchain

    face = fontchain.family_face("Amiri", False, None)
    assert face is not None
    text = "\u0628\u0628\u0628"
    middle = face.shape(text, 1, 2, rtl=True, script="Arab", language="ar")
    alone = face.shape(text[1], 0, 1, rtl=True, script="Arab", language="ar")
    assert [g[1] for g in middle] == [1]
    assert middle[0][0] != alone[0][0]  # medial form, not the isolated one
    buf = hb.Buffer()
    buf.add_str(text, 1, 1)
    assert len(buf.glyph_infos) == 1 and buf.glyph_infos[0].cluster == 1


def test_destinations_are_all_made_through_bookmark_page() -> None:
    """canvas.DeferredCanvas.bookmarkPage keeps destinations until their page is output: every
    other way reportlab makes one (anchors, ``<a name>``, the outline) must go through it."""
    calls: list[str] = []

    class Spy(Canvas):
        def bookmarkPage(self, key, **kw):  # type: ignore[no-untyped-def, override]
            calls.append(key)

    canv = Spy(BytesIO())
    canv.bookmarkHorizontal("a", 0, 0)
    canv.bookmarkHorizontalAbsolute("b", 0)
    assert calls == ["a", "b"]
    assert "thisPageRef" in inspect.getsource(Canvas.bookmarkPage)  # bound to the page output


def test_a_page_stream_deflated_early_is_written_as_reportlab_would() -> None:
    """canvas._deflate_last_page swaps a page's ``stream`` for a deflated ``Contents`` stream."""
    from convert.writers.pdf.canvas import _deflate_last_page

    def render(early: bool) -> bytes:
        out = BytesIO()
        canv = Canvas(out, invariant=1, pageCompression=1)
        canv.drawString(72, 72, "early or late, the same bytes")
        canv.showPage()
        page = canv._doc.Pages.pages[-1]
        assert page.compression and page.stream and not page.Contents
        if early:
            _deflate_last_page(canv._doc)
            assert page.stream is None and page.Contents is not None
        canv.save()
        return out.getvalue()

    assert render(True) == render(False)
