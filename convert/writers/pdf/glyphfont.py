"""Faces drawn by glyph id (shaped text) and the Type0 fonts one PDF embeds for them.

A :class:`GlyphFace` is one font file as HarfBuzz shapes it: a value made once per process per
face (bounded cache in :mod:`.fontchain`), shared by every document and thread, never changed.
A :class:`GlyphBook` belongs to one document: it records which glyphs of which face the
document draws (and the text each stands for) and, when reportlab finishes the file, adds one
``Type0``/``CIDFontType2`` font per face with ``Identity-H`` codes. The codes in the content
stream are the glyph ids HarfBuzz chose; a ``CIDToGIDMap`` maps them to the dense ids of the
embedded subset (:mod:`.sfnt`).

reportlab has no public API for a font it does not draw itself; the book joins the document
the way reportlab's own TrueType fonts do (``PDFDocument.delayedFonts``, whose ``addObjects``
runs when the file is formatted, and the ``BasicFonts`` dictionary every page refers to). Both
are checked by ``tests/writers/pdf/test_reportlab_assumptions.py``.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from typing import Any

import uharfbuzz as hb
from msgspec import Struct, field
from reportlab.pdfbase import pdfdoc

from .sfnt import SfntTables

#: A shaped glyph: id, first character (cluster), advance and offsets, in font units.
Glyph = tuple[int, int, int, int, int]

#: OpenType features applied besides the shaper's defaults (kerning and standard ligatures are
#: on by default in HarfBuzz; listed here so a reader of the writer sees them).
FEATURES: dict[str, bool] = {"kern": True, "liga": True}
#: Characters of context handed to HarfBuzz on each side of an item (it reads at most
#: ``HB_BUFFER_CONTEXT_LENGTH`` = 5; a few more cost nothing).
CONTEXT = 16


class GlyphFace:
    """One TrueType face for shaped text: HarfBuzz font, metrics, coverage and tables."""

    def __init__(self, key: str, data: bytes) -> None:
        from fontTools.ttLib import TTFont as FTFont

        #: Unique name of the source (file and index, weight): documents key their use by it.
        self.key = key
        self.data = data
        self.tables = SfntTables(data)
        self.upem = self.tables.units_per_em
        with FTFont(io.BytesIO(data), lazy=True) as ft:
            self.cmap: dict[int, int] = {cp: ft.getGlyphID(name)
                                         for cp, name in (ft.getBestCmap() or {}).items()}
            head, hhea = ft["head"], ft["hhea"]
            os2 = ft["OS/2"] if "OS/2" in ft else None
            self.ps_name = _ps_name(ft) or "Font"
            self.bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
            self.ascent = hhea.ascent
            self.descent = hhea.descent
            self.line_gap = hhea.lineGap
            self.cap_height = getattr(os2, "sCapHeight", 0) or hhea.ascent
            self.italic_angle = float(ft["post"].italicAngle) if "post" in ft else 0.0
        #: Characters this face has glyphs for.
        self.coverage = frozenset(self.cmap)
        self._font = hb.Font(hb.Face(hb.Blob(data)))

    def __repr__(self) -> str:
        return f"GlyphFace({self.key!r})"

    def shape(self, text: str, start: int, end: int, *, rtl: bool, script: str,
              language: str) -> list[Glyph]:
        """Shape ``text[start:end]`` (the rest is context) in visual order; clusters index ``text``.

        HarfBuzz reads at most a few characters of context on either side, so only a window of
        :data:`CONTEXT` characters around the item is handed over: passing the whole paragraph
        made each line of a long paragraph cost as much as the paragraph.
        """
        lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
        buf = hb.Buffer()
        buf.add_str(text[lo:hi], start - lo, end - start)
        buf.direction = "rtl" if rtl else "ltr"
        buf.script = script
        if language:
            buf.language = language
        hb.shape(self._font, buf, FEATURES)
        return [(info.codepoint, info.cluster + lo, pos.x_advance, pos.x_offset, pos.y_offset)
                for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)]

    def extent(self, gid: int) -> tuple[int, int]:
        """Lowest and highest point of a glyph's outline (font units; 0, 0 for a blank glyph)."""
        glyph = self.tables.glyph(gid)
        if len(glyph) < 10:
            return 0, 0
        _, _, lo, _, hi = struct.unpack_from(">hhhhh", glyph, 0)
        return lo, hi

    def scale(self, size: float) -> float:
        """Points per font unit at ``size``."""
        return size / self.upem


def _ps_name(ft: Any) -> str:
    name = ft["name"].getDebugName(6) if "name" in ft else None
    return "".join(c for c in (name or "") if c.isalnum() or c in "-_")


# --------------------------------------------------------------------------- per document


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode(texts: dict[int, str]) -> bytes:
    """A ToUnicode CMap from 2-byte codes (glyph ids) to the text each glyph stands for."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted((gid, text) for gid, text in texts.items() if text)
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{_utf16_hex(text)}>" for gid, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _widths(face: GlyphFace, gids: list[int]) -> list[Any]:
    """The /W array: runs of consecutive glyph ids with their widths in 1/1000 em."""
    out: list[Any] = []
    scale = 1000 / face.upem
    run: list[int] = []
    first = prev = -2
    for gid in gids:
        if gid != prev + 1 and run:
            out += [first, pdfdoc.PDFArray(run)]
            run = []
        if not run:
            first = gid
        run.append(round(face.tables.advance(gid) * scale))
        prev = gid
    if run:
        out += [first, pdfdoc.PDFArray(run)]
    return out


def _tag(face: GlyphFace, order: tuple[int, ...]) -> str:
    """Six capital letters naming this subset (PDF 9.6.4), the same for the same glyphs."""
    digest = hashlib.sha256(face.key.encode() + struct.pack(f">{len(order)}H", *order)).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


class _Use(Struct):
    """What one document draws with one face."""

    face: GlyphFace
    name: str
    texts: dict[int, str] = field(default_factory=dict)


class GlyphBook:
    """The shaped-text fonts of one document; joins the document on first use."""

    def __init__(self) -> None:
        self._uses: dict[str, _Use] = {}
        self._doc: Any = None

    def resource(self, doc: Any, face: GlyphFace) -> str:
        """The page resource name of a face in this document (``/NCG1``), registering it."""
        if self._doc is None:
            self._doc = doc
            doc.delayedFonts.append(self)
        elif self._doc is not doc:
            raise ValueError("a GlyphBook serves one document")
        use = self._uses.get(face.key)
        if use is None:
            use = self._uses[face.key] = _Use(face, f"NCG{len(self._uses) + 1}")
        return "/" + use.name

    def record(self, face: GlyphFace, glyphs: list[Glyph], texts: list[str]) -> None:
        """Note the glyphs drawn and the text each stands for (first text wins for a glyph)."""
        use = self._uses[face.key]
        for (gid, *_), text in zip(glyphs, texts, strict=True):
            use.texts.setdefault(gid, text)

    @property
    def faces(self) -> list[GlyphFace]:
        """The faces this document draws with, in order of first use."""
        return [u.face for u in self._uses.values()]

    def addObjects(self, doc: Any) -> None:
        """Reportlab's hook when it formats the file: one Type0 font per face used."""
        fonts = doc.idToObject["BasicFonts"].dict
        filters = [pdfdoc.PDFZCompress] if doc.compression else None
        for use in self._uses.values():
            fonts[use.name] = doc.Reference(self._type0(doc, use, filters), use.name)

    def _type0(self, doc: Any, use: _Use, filters: Any) -> pdfdoc.PDFDictionary:
        face = use.face
        used = sorted(use.texts)
        sub = face.tables.subset(used)
        base = pdfdoc.PDFName(f"{_tag(face, sub.order)}+{face.ps_name}")
        cid_to_gid = bytearray(2 * (max(sub.order) + 1))
        for new, old in enumerate(sub.order):
            struct.pack_into(">H", cid_to_gid, 2 * old, new)
        font_file = pdfdoc.PDFStream(content=sub.data, filters=filters)
        font_file.dictionary["Length1"] = len(sub.data)
        k = 1000 / face.upem
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"), "FontName": base, "Flags": 4,
            "FontBBox": pdfdoc.PDFArray([round(v * k) for v in face.bbox]),
            "ItalicAngle": face.italic_angle, "Ascent": round(face.ascent * k),
            "Descent": round(face.descent * k), "CapHeight": round(face.cap_height * k),
            "StemV": 80, "FontFile2": doc.Reference(font_file)})
        cid_font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"), "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": base,
            "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                   "Ordering": pdfdoc.PDFString("Identity"),
                                                   "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor), "DW": 0,
            "W": pdfdoc.PDFArray(_widths(face, used)),
            "CIDToGIDMap": doc.Reference(pdfdoc.PDFStream(
                content=zlib.compress(bytes(cid_to_gid), 9),
                dictionary=pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode")})))})
        return pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"), "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": base, "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font)]),
            "ToUnicode": doc.Reference(pdfdoc.PDFStream(content=_to_unicode(use.texts),
                                                        filters=filters))})
