"""TrueType faces that write their own subsets: a fixed first subset and UTF-16 ToUnicode CMaps.

Both classes subclass reportlab's ``TTFont`` and are instantiated by :mod:`.fonts` only; importing
this module changes nothing in reportlab. They rely on reportlab 5 ``TTFont`` internals (its
per-document ``State``, ``splitString`` and ``addObjects``), which ``pyproject.toml`` pins
(``reportlab>=5.1,<6``) and ``tests/writers/pdf/test_reportlab_assumptions.py`` checks, so an
upgrade that changes them fails a test rather than a print run.

Threads: a face may serve documents built at the same time in several threads. reportlab keeps
each document's numbering in ``TTFont.state`` keyed by the document, so documents never share
one; the seed numbering below is made in ``__init__`` and never changes; the formatted subset-0
objects and the width memo are filled lazily, and two threads filling the same entry store equal
values (a dict store is atomic under the GIL).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont

#: Widths remembered per face before the memo starts over (a few MB at most).
WIDTH_MEMO_SIZE = 50_000

#: The first subset of every house-style face, in this order, in every document: ASCII (kept at
#: its own codes by reportlab), the typographic punctuation and symbols of news copy, and the
#: letters of Latin-1 and Windows-1252 (names). Each glyph costs ~65 bytes in every PDF, so rare
#: Latin-1 symbols (¤ ¦ ¨ ª ¬ ¯ µ ¶ ¸ ¹ º ÷) are left to per-document subsets.
COMMON_CHARS = ("".join(map(chr, range(0x20, 0x7F)))
                + "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u2010\u2011"
                "\u2212\u2032\u2033\u2039\u203a\u00ab\u00bb\u00a1\u00bf\u00a7\u00ad\u00b4"
                "\u20ac\u00a3\u00a5\u00a2\u00b0\u00b1\u00b2\u00b3\u00b7\u00d7\u00bc\u00bd\u00be"
                "\u00a9\u00ae\u2122\u2020\u2021\u2030"
                + "".join(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7))
                + "\u0152\u0153\u0160\u0161\u017d\u017e\u0178")


# --------------------------------------------------------------------------- ToUnicode CMap


def _utf16_hex(cp: int) -> str:
    return cp.to_bytes(4, "big").hex().upper()[4:] if cp <= 0xFFFF else \
        chr(cp).encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ToUnicode CMap whose astral characters (emoji) are UTF-16 surrogate pairs.

    reportlab 5.1's ``makeToUnicodeCMap`` formats every code point with ``%04X``, so U+1F3C6 came
    out of pdftotext as U+1F3C; the PDF specification wants UTF-16BE destination strings. For
    characters of the Basic Multilingual Plane the two give the same text.
    """
    head = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
            "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
            "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
            f"{len(subset)} beginbfchar"]
    body = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end",
            "end"]
    return "\n".join(head + body + tail)


def subset_font_name(face: Any, n: int) -> str:
    """The BaseFont name of subset ``n`` of a face (``AAAAAB+PTSerif-Regular``), as reportlab names it."""
    return (SUBSETN(n) + b"+" + face.name + face.subfontNameX).decode("pdfdoc")


class FixedCMapTTFont(TTFont):
    """A reportlab TrueType face whose ToUnicode CMaps write astral characters correctly.

    reportlab builds the subset objects as usual; afterwards each subset's ToUnicode stream, which
    reportlab registers under ``toUnicodeCMap:<BaseFont>``, gets :func:`to_unicode_cmap`'s text.
    Streams are compressed when the document is saved, after this, so the fix costs nothing.
    Fallback fonts (a few rare characters each, emoji among them) use this class.
    """

    def addObjects(self, doc: Any) -> None:
        """The subset objects as reportlab makes them, then the CMap fix for each subset."""
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            base = subset_font_name(self.face, n)
            doc.idToObject[f"toUnicodeCMap:{base}"].content = to_unicode_cmap(base, subset)


# --------------------------------------------------------------------------- shared first subset


class _Key:
    """A weak-referenceable stand-in document for building the seed numbering."""


class _PreparedStream(pdfdoc.PDFObject):
    """A stream formatted (compressed) once per process: the same bytes in every PDF."""

    __RefOnly__ = 1  # an indirect object, like any stream

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def _entries(entries: dict[str, Any], document: Any) -> bytes:
    """Dictionary entries formatted as reportlab's PDFDictionary does (sorted keys)."""
    return b"\n ".join(pdfdoc.format(pdfdoc.PDFName(k), document) + b" "
                       + pdfdoc.format(v, document) for k, v in sorted(entries.items()))


class _PreparedDict(pdfdoc.PDFObject):
    """An indirect dictionary whose constant entries come formatted.

    For subset 0 they are formatted once per process; only the entries that differ between
    documents (object references, the resource name) are formatted per document.
    """

    __RefOnly__ = 1

    def __init__(self, constant: bytes, varying: dict[str, Any]) -> None:
        self.constant = constant
        self.varying = varying

    def format(self, document: Any) -> bytes:
        return b"<<\n" + self.constant + b"\n " + _entries(self.varying, document) + b"\n>>"


class SharedSubsetTTFont(FixedCMapTTFont):
    """A TrueType face whose first subset is the same in every document, so it is built once.

    reportlab numbers a face's characters per document in first-use order, so every PDF cut,
    compressed and formatted its own subset font file, ToUnicode CMap and widths for each face:
    about a third of the writer's time. Each document's numbering here starts from a copy of one
    made from :data:`COMMON_CHARS` in a fixed order, and nothing else is added to that subset, so
    subset 0 is identical in every document and its objects are formatted once per process.
    Other characters go to further subsets per document, as reportlab does. The price: subset 0
    carries the glyphs of all common characters, about 5 kB more per face a document uses (the
    seed article: 50 kB instead of 34 kB); a smaller COMMON_CHARS trades size for the time of
    per-document subsets (~0.5 ms per face) in articles that use the characters left out.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: dict[bool, tuple[bytes, ...]] = {}
        self._widths: dict[tuple[str, float], float] = {}
        # The seed numbering, made once here so that no document (or thread) ever changes it.
        key = _Key()
        seed = self.state[key] = TTFont.State(self._asciiReadable, self)
        TTFont.splitString(self, COMMON_CHARS, key)
        del self.state[key]
        # Later characters open subset 1; subset 0 never changes after this.
        if len(seed.subsets) != 1:
            raise ValueError("COMMON_CHARS must fit in one subset")
        seed.nextCode = 256
        # Character -> code in subset 0 for the fast path of splitString. Latin-1 characters
        # without a code map past 255 so that encoding them fails and the slow path runs.
        codes = {cp: 0x100 for cp in range(0x100)}
        codes.update(seed.assignments)
        codes[0xA0] = 32  # reportlab sets a no-break space with the space's code
        self._codes = codes
        self._seed = seed

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        """The width reportlab computes, remembered per (text, size).

        Line breaking asks for every word of every line it tries, and news text repeats its
        words: a dict lookup instead of a C call plus wrappers saves ~0.4 ms per seed-sized PDF.
        The floats are reportlab's own, so line breaks and bytes are unchanged.
        """
        key = (text, size)
        w = self._widths.get(key)  # only str texts are ever stored
        if w is None:
            if not isinstance(text, str):
                return super().stringWidth(text, size, encoding)
            if len(self._widths) >= WIDTH_MEMO_SIZE:
                self._widths.clear()  # bounded memory in a long-running worker
            w = self._widths[key] = super().stringWidth(text, size, encoding)
        return w

    def _fresh_state(self) -> Any:
        """A document's numbering: a copy of the seed numbering."""
        seed = self._seed
        state = TTFont.State.__new__(TTFont.State)
        state.__dict__.update(seed.__dict__)
        state.assignments = dict(seed.assignments)
        state.subsets = [list(seed.subsets[0])]
        return state

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """Split as reportlab does, on a document numbering that starts from the seed."""
        if doc not in self.state:
            self.state[doc] = self._fresh_state()
        if text and isinstance(text, str):
            # Fast path: text made only of subset-0 characters needs no new codes, so its codes
            # come from one C-speed translate instead of reportlab's per-character loop.
            try:
                return [(0, text.translate(self._codes).encode("latin-1"))]
            except UnicodeEncodeError:
                pass
        return super().splitString(text, doc, encoding)

    def _descriptor(self, base: str) -> dict[str, Any]:
        """The constant entries of a subset's FontDescriptor (as reportlab writes them)."""
        face = self.face
        return {"Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
                "Descent": face.descent, "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(face.bbox), "FontName": pdfdoc.PDFName(base),
                "ItalicAngle": face.italicAngle, "StemV": face.stemV,
                "MissingWidth": face.defaultWidth}

    def _font(self, base: str, subset: list[int]) -> dict[str, Any]:
        """The constant entries of a subset's Font dictionary."""
        return {"Type": "/Font", "Subtype": "/TrueType", "BaseFont": pdfdoc.PDFName(base),
                "FirstChar": 0, "LastChar": len(subset) - 1,
                "Widths": pdfdoc.PDFArray([self.face.getCharWidth(c) for c in subset])}

    def _streams(self, doc: Any, base: str, subset: list[int]) -> tuple[Any, Any]:
        """The ToUnicode CMap and the subset font file of one subset, as PDF streams."""
        filters = [pdfdoc.PDFZCompress] if doc.compression else None
        cmap = pdfdoc.PDFStream(content=to_unicode_cmap(base, subset), filters=filters)
        font_file = pdfdoc.PDFStream(content=self.face.makeSubset(subset), filters=filters)
        font_file.dictionary["Length1"] = len(font_file.content)
        return cmap, font_file

    def _shared(self, doc: Any, base: str, subset: list[int]) -> tuple[bytes, ...]:
        """Subset 0's font and descriptor entries and its two streams, formatted once.

        Formatting depends on no document state but encryption, which this writer never uses.
        """
        key = bool(doc.compression)
        made = self._prepared.get(key)
        if made is None:
            cmap, font_file = self._streams(doc, base, subset)
            made = (_entries(self._font(base, subset), doc),
                    _entries(self._descriptor(base), doc), cmap.format(doc), font_file.format(doc))
            self._prepared[key] = made
        return made

    def addObjects(self, doc: Any) -> None:
        """The Font, FontDescriptor, ToUnicode and font file objects of each subset used."""
        state = self.state.get(doc)
        if state is None or not isinstance(doc.encrypt, pdfdoc.NoEncryption):
            super().addObjects(doc)
            return
        state.frozen = 1
        face = self.face
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = subset_font_name(face, n)
            cmap: Any
            font_file: Any
            if n == 0:
                font_entries, descriptor_entries, cmap_data, file_data = self._shared(
                    doc, base, subset)
                cmap, font_file = _PreparedStream(cmap_data), _PreparedStream(file_data)
            else:  # characters beyond the common set: made for this document only
                cmap, font_file = self._streams(doc, base, subset)
                font_entries = _entries(self._font(base, subset), doc)
                descriptor_entries = _entries(self._descriptor(base), doc)
            to_unicode = doc.Reference(cmap, f"toUnicodeCMap:{base}")
            descriptor = _PreparedDict(descriptor_entries, {
                "FontFile2": doc.Reference(font_file, f"fontFile:{face.filename}({base})")})
            font = _PreparedDict(font_entries, {
                "Name": pdfdoc.PDFName(internal), "ToUnicode": to_unicode,
                "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{base}")})
            doc.Reference(font, internal)
            fonts[internal] = font
        del self.state[doc]
