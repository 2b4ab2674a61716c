"""Find, register and fall back between TrueType fonts for the PDF writer (once per process)."""

from __future__ import annotations

import bisect
import functools
import os
import re
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont

from ...styles import FontFiles, HouseStyle

_LOCK = threading.RLock()

#: Generic family -> fontpkg family shipped as a dependency, then fontconfig names.
_GENERIC = {"serif": ("PT Serif", "serif"), "sans-serif": ("PT Sans", "sans-serif"),
            "monospace": ("PT Serif", "monospace")}

#: Variable pip fonts are instantiated at these axis values (regular text).
_INSTANCE_AXES = {"wght": 400.0, "wdth": 100.0, "opsz": 12.0}

#: Name table entries left out of the static copies (copied into every subset by reportlab):
#: the font description and the full licence text (the licence URL, ID 14, stays).
_DROPPED_NAME_IDS = frozenset({10, 13})


@dataclass(frozen=True, slots=True)
class FontSet:
    """A registered family: reportlab names of its four faces and the regular face's coverage."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    coverage: frozenset[int]

    def face(self, bold: bool, italic: bool) -> str:
        """The reportlab font name for a weight/slant combination."""
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


@dataclass(frozen=True, slots=True)
class Fallback:
    """A registered fallback font (one face, used for every weight and slant)."""

    name: str
    coverage: frozenset[int]
    source: str


def _safe(name: str) -> str:
    return "NC-" + re.sub(r"[^A-Za-z0-9]+", "", name)


def _register(name: str, path: Path, index: int = 0, *, shared: bool = False) -> TTFont:
    """Register one TTF under ``name`` unless it already is (reportlab keeps a global table).

    ``shared``: the face gets the fixed first subset of :class:`SharedSubsetTTFont` (house-style
    faces; fallback fonts serve a few rare characters and keep reportlab's per-document subsets).
    """
    # Look in the registry directly: pdfmetrics.getFont() on an unknown name first searches the
    # disk for Type 1 AFM files (about 20 ms a name).
    font = pdfmetrics._fonts.get(name)
    if isinstance(font, TTFont):
        return font
    try:
        path, index = static_instance(path, index), 0
    except Exception:  # an unreadable cache folder or odd font: use the file as it is
        pass
    font = (SharedSubsetTTFont if shared else TTFont)(name, str(path), subfontIndex=index)
    pdfmetrics.registerFont(font)
    return font


# --------------------------------------------------------------------------- shared first subset

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


class SharedSubsetTTFont(TTFont):
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
        self._seed: Any = None
        self._codes: dict[int, int] = {}
        self._prepared: dict[bool, tuple[bytes, ...]] = {}
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        """The width reportlab computes, remembered per (text, size).

        Line breaking asks for every word of every line it tries, and news text repeats its
        words: a dict lookup instead of a C call plus wrappers saves ~0.4 ms per seed-sized PDF.
        The floats are reportlab's own, so line breaks and bytes are unchanged.
        """
        if not isinstance(text, str):
            return super().stringWidth(text, size, encoding)
        key = (text, size)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) >= WIDTH_MEMO_SIZE:
                self._widths.clear()  # bounded memory in a long-running worker
            w = self._widths[key] = super().stringWidth(text, size, encoding)
        return w

    def _fresh_state(self) -> Any:
        """A document's numbering: a copy of the seed numbering (made once)."""
        seed = self._seed
        if seed is None:
            key = _Key()
            seed = self.state[key] = TTFont.State(self._asciiReadable, self)
            TTFont.splitString(self, COMMON_CHARS, key)
            del self.state[key]
            # Later characters open subset 1; subset 0 never changes after this.
            assert len(seed.subsets) == 1, "COMMON_CHARS must fit in one subset"
            seed.nextCode = 256
            # Character -> code in subset 0 for the fast path of splitString. Latin-1 characters
            # without a code map past 255 so that encoding them fails and the slow path runs.
            codes = {cp: 0x100 for cp in range(0x100)}
            codes.update(seed.assignments)
            codes[0xA0] = 32  # reportlab sets a no-break space with the space's code
            self._codes = codes
            self._seed = seed
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
        cmap = pdfdoc.PDFStream(content=_to_unicode_cmap(base, subset), filters=filters)
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
            base = (SUBSETN(n) + b"+" + face.name + face.subfontNameX).decode("pdfdoc")
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


def _coverage(font: TTFont) -> frozenset[int]:
    return frozenset(font.face.charToGlyph)


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newsconvert")) / "fonts"


def static_instance(path: Path, index: int = 0) -> Path:
    """A static, unhinted copy of a font, made once and cached on disk.

    reportlab reads only static TrueType fonts (the pip Noto families are variable fonts), and it
    copies the hinting tables and the whole ``name`` table into every subset: PT Sans Bold's
    subset for one headline was 66 kB and its compression dominated the writer's time. Hinting
    does nothing for print or zoomable PDF, so it is dropped; so are the name table's long
    description (ID 10) and licence text (ID 13), 11 kB of PT Serif's 19 kB subset. The copyright
    (ID 0) and licence URL (ID 14) stay: the SIL OFL lets a font embedded in a document carry a
    link to the licence instead of its text. All glyphs and OpenType layout are kept.
    """
    st = path.stat()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem)
    out = _cache_dir() / f"{stem}-{index}-{st.st_size}-{int(st.st_mtime)}-v2.ttf"
    if out.is_file():
        return out  # the usual case: no need to import fontTools' subsetter (~90 ms)
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont as FTFont
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)  # the writer must not print; fontTools warns about kern tables
    try:
        ft = FTFont(str(path), fontNumber=index)
        if "fvar" in ft:
            from fontTools.varLib import instancer

            axes = {a.axisTag: min(max(_INSTANCE_AXES.get(a.axisTag, a.defaultValue), a.minValue),
                                   a.maxValue) for a in ft["fvar"].axes}
            ft = instancer.instantiateVariableFont(ft, axes)
        opts = subset.Options()
        opts.hinting = False
        opts.notdef_outline = True
        opts.name_IDs = [i for i in range(256) if i not in _DROPPED_NAME_IDS]
        opts.name_languages = ["*"]
        opts.layout_features = ["*"]
        opts.legacy_kern = True
        opts.drop_tables = []
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=(ft.getBestCmap() or {}).keys())
        sub.subset(ft)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # per process
        ft.save(str(tmp))
        ft.close()
        tmp.replace(out)
    finally:
        log.setLevel(level)
    return out


def _is_truetype(path: Path, index: int = 0) -> bool:
    """Reportlab embeds only glyf-outline fonts (not CFF/OpenType-PS, not bitmap-only emoji)."""
    from fontTools.ttLib import TTFont as FTFont

    try:

        with FTFont(str(path), fontNumber=index, lazy=True) as ft:
            return "glyf" in ft and "CBDT" not in ft and "sbix" not in ft
    except Exception:
        return False


def _fontpkg_files(family: str) -> FontFiles | None:
    """Resolve a family name through the installed ``fontpkg-*`` packages."""
    try:
        import fontpkg
    except ImportError:  # pragma: no cover - fontpkg is a dependency
        return None
    try:
        fontpkg.family(family)
    except Exception:
        return None

    def pick(weight: int, style: str) -> Path | None:
        try:
            p = Path(fontpkg.path(family, weight, style, nearest=True))
        except Exception:
            return None
        return p

    regular = pick(400, "normal")
    if regular is None:
        return None
    bold, italic, bold_italic = pick(700, "normal"), pick(400, "italic"), pick(700, "italic")
    # A variable font instanced at 400 has no bold: fall back to the regular instance.
    return FontFiles(regular, bold if bold != regular else None, italic if italic != regular
                     else None, bold_italic if bold_italic not in (regular, bold) else None)


def _fc_match(name: str) -> Path | None:
    """A TrueType file for a family or generic name via fontconfig (None without fontconfig)."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\n%{fontformat}", f"{name}:fontformat=TrueType"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.splitlines()
    if len(lines) >= 2 and lines[1] == "TrueType" and _is_truetype(Path(lines[0])):
        return Path(lines[0])
    return None


def _resolve_files(family: str, generic: str, style: HouseStyle) -> FontFiles:
    if family in style.font_files:
        return style.font_files[family]
    for candidate in (family, _GENERIC.get(generic, ("PT Serif",))[0]):
        files = _fontpkg_files(candidate)
        if files is not None:
            return files
    path = _fc_match(family) or _fc_match(generic)
    if path is None:
        raise FileNotFoundError(f"no TrueType font found for {family!r} or {generic!r}")
    return FontFiles(path)


@functools.cache
def _family_cached(family: str, generic: str, files: FontFiles) -> FontSet:
    base = _safe(family)
    regular = _register(base, files.regular, shared=True)
    names = [base]
    for suffix, path in (("-Bold", files.bold), ("-Italic", files.italic),
                         ("-BoldItalic", files.bold_italic)):
        if path is None:
            # No face of its own: bold italic falls back to bold, the rest to regular.
            names.append(names[1] if suffix == "-BoldItalic" and files.bold else base)
        else:
            _register(base + suffix, path, shared=True)
            names.append(base + suffix)
    pdfmetrics.registerFontFamily(base, normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])
    return FontSet(names[0], names[1], names[2], names[3], _coverage(regular))


def family(family_name: str, generic: str, style: HouseStyle) -> FontSet:
    """Register (once) and return a family named by the house style."""
    with _LOCK:
        files = _resolve_files(family_name, generic, style)
        return _family_cached(family_name, generic, files)


# --------------------------------------------------------------------------- fallback


def _single(name: str, path: Path, index: int, source: str) -> Fallback:
    font = _register(name, path, index)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return Fallback(name, _coverage(font), source)


@functools.cache
def _pip_candidates() -> tuple[tuple[str, Path, frozenset[int]], ...]:
    """Installed fontpkg families (Noto first): name, file, coverage read from the cmap."""
    try:
        import fontpkg
        from fontTools.ttLib import TTFont as FTFont
    except ImportError:  # pragma: no cover
        return ()
    out = []
    fams = sorted(fontpkg.families().values(), key=lambda f: ("noto" not in f.slug, f.slug))
    for fam in fams:
        normal = [f for f in fam.files if f.style == "normal"] or list(fam.files)
        if not normal:
            continue
        best = min(normal, key=lambda f: abs((f.weight or 400) - 400))
        try:
            with FTFont(str(best.path), lazy=True) as ft:
                cmap = frozenset(ft.getBestCmap() or {})
                truetype = "glyf" in ft
        except Exception:
            continue
        if truetype:
            out.append((fam.name, Path(best.path), cmap))
    return tuple(out)


@functools.cache
def _pip_fallback(name: str, path: Path) -> Fallback:
    return _single(_safe("fb " + name), path, 0, f"pip:{name}")


@functools.cache
def _system_fallback(path: Path, index: int) -> Fallback:
    return _single(_safe(f"sys {path.stem} {index}"), path, index, f"system:{path}")


@functools.cache
def _system_index() -> tuple[tuple[Path, int, tuple[int, ...], tuple[int, ...]], ...]:
    """Every TrueType font fontconfig knows, with its character coverage, read once per process.

    One ``fc-list`` call (about 25 ms) instead of one per missing character: an article in an
    unusual script asks about hundreds of characters. Sorted by preference: Noto, then DejaVu,
    then the rest, by path for a stable choice across runs.
    """
    try:
        out = subprocess.run(["fc-list", "--format",
                              "%{file}\t%{index}\t%{fontformat}\t%{charset}\n"],
                             capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    fonts = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or parts[2] != "TrueType":
            continue
        starts: list[int] = []
        ends: list[int] = []
        for rng in parts[3].split():
            lo, _, hi = rng.partition("-")
            try:
                starts.append(int(lo, 16))
                ends.append(int(hi or lo, 16))
            except ValueError:
                continue
        index = int(parts[1]) if parts[1].isdigit() else 0
        fonts.append((Path(parts[0]), index, tuple(starts), tuple(ends)))
    fonts.sort(key=lambda f: ("noto" not in f[0].name.lower(), "dejavu" not in f[0].name.lower(),
                              str(f[0]), f[1]))
    return tuple(dict.fromkeys(fonts))


def _fc_list_for(cp: int) -> list[tuple[Path, int]]:
    """TrueType font files that fontconfig says have a glyph for ``cp``, in preference order."""
    found = []
    for path, index, starts, ends in _system_index():
        i = bisect.bisect_right(starts, cp) - 1
        if i >= 0 and cp <= ends[i]:
            found.append((path, index))
    return found


class FallbackChain:
    """Per-character fallback: pip fonts first, then system fonts; remembers every answer."""

    def __init__(self) -> None:
        self.loaded: list[Fallback] = []
        self.by_char: dict[int, Fallback | None] = {}

    def font_for(self, cp: int) -> Fallback | None:
        """A fallback font that has ``cp``, or None when no available font has it."""
        hit = self.by_char.get(cp, False)
        if hit is not False:
            return hit  # type: ignore[return-value]
        with _LOCK:
            found = self._find(cp)
            self.by_char[cp] = found
            return found

    def _find(self, cp: int) -> Fallback | None:
        for fb in self.loaded:
            if cp in fb.coverage:
                return fb
        for name, path, cmap in _pip_candidates():
            if cp in cmap:
                try:
                    fb = _pip_fallback(name, path)
                except Exception:
                    continue
                if cp in fb.coverage:
                    self._add(fb)
                    return fb
        for path, index in _fc_list_for(cp):
            if not _is_truetype(path, index):
                continue
            try:
                fb = _system_fallback(path, index)
            except Exception:
                continue
            if cp in fb.coverage:
                self._add(fb)
                return fb
        return None

    def _add(self, fb: Fallback) -> None:
        if fb not in self.loaded:
            self.loaded.append(fb)


#: One chain per process: fonts found once serve every later article.
CHAIN = FallbackChain()


def invisible(ch: str) -> bool:
    """Format characters (ZWJ, ZWSP, variation selectors) that draw nothing by design."""
    cp = ord(ch)
    return (unicodedata.category(ch) == "Cf" or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF)


# --------------------------------------------------------------------------- ToUnicode fix


def _utf16_hex(cp: int) -> str:
    return cp.to_bytes(4, "big").hex().upper()[4:] if cp <= 0xFFFF else \
        chr(cp).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ToUnicode CMap whose astral characters (emoji) are UTF-16 surrogate pairs.

    reportlab 5.1 formats every code point with ``%04X``, so U+1F3C6 came out of pdftotext as
    U+1F3C; the PDF specification wants UTF-16BE destination strings.
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


_ttfonts.makeToUnicodeCMap = _to_unicode_cmap
