"""Find TrueType font files for the PDF writer and make the static copies reportlab can embed.

Font files come from the house style (``font_files``), the installed ``fontpkg-*`` packages, and
fontconfig (:mod:`convert.fontconfig`: one ``fc-list`` for families and every character's
fallback). What is
installed is read once per process (bounded ``functools`` caches); nothing here reads environment
variables or the working directory. The static copies are made in memory, or kept in a folder the
caller names (``font_cache``): the writer never picks a location itself.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from pathlib import Path

from ...fsutil import write_via_temp
from ...scriptfonts import fontpkg_files
from ...styles import FontFiles

#: Variable pip fonts are instantiated at these axis values (regular text).
_INSTANCE_AXES = {"wght": 400.0, "wdth": 100.0, "opsz": 12.0}

#: Name table entries left out of the static copies (copied into every subset by reportlab):
#: the font description and the full licence text (the licence URL, ID 14, stays).
_DROPPED_NAME_IDS = frozenset({10, 13})

#: ``head.modified`` of every static copy, in seconds since 1904 (2025-06-15 15:06:40 UTC).
#: reportlab copies the head table into every subset, and fontTools stamped the copy with the
#: time it was made (or ``SOURCE_DATE_EPOCH``), so a PDF's bytes depended on when and where the
#: font cache was filled. A fixed stamp makes them depend on the font file only; this one is the
#: value the outputs carried when the stamp was fixed, so no output changed.
INSTANCE_STAMP = 3_832_844_800

#: fontTools option for GPOS kerning compaction (its default, 0, given explicitly).
_GPOS_COMPACTION = "fontTools.otlLib.optimize.gpos:COMPRESSION_LEVEL"

#: Version of the static copies' recipe, part of their cache file names (v3: fixed stamp).
_RECIPE = "v3"


def _instance_name(path: Path, index: int, weight: int = 400) -> str:
    """Cache file name of a font file's static copy: the source's name, size and time."""
    st = path.stat()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem)
    w = "" if weight == 400 else f"-w{weight}"
    return f"{stem}-{index}{w}-{st.st_size}-{int(st.st_mtime)}-{_RECIPE}.ttf"


def make_static(path: Path, index: int = 0, weight: int = 400) -> bytes:
    """A static, unhinted copy of a font (its bytes), with a fixed ``head.modified``.

    reportlab reads only static TrueType fonts (the pip Noto families are variable fonts), and it
    copies the hinting tables and the whole ``name`` table into every subset: PT Sans Bold's
    subset for one headline was 66 kB and its compression dominated the writer's time. Hinting
    does nothing for print or zoomable PDF, so it is dropped; so are the name table's long
    description (ID 10) and licence text (ID 13), 11 kB of PT Serif's 19 kB subset. The copyright
    (ID 0) and licence URL (ID 14) stay: the SIL OFL lets a font embedded in a document carry a
    link to the licence instead of its text. All glyphs and OpenType layout are kept. About
    0.2 s per face (0.6 s for variable Noto Sans Arabic), hence :func:`static_font`'s cache.
    A variable font is instanced at ``weight`` (700 makes the bold face of complex scripts).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont as FTFont

    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)  # the writer must not print; fontTools warns about kern tables
    try:
        ft = FTFont(str(path), fontNumber=index, recalcTimestamp=False)
        # Said here, so fontTools does not take it from the deprecated FONTTOOLS_GPOS_COMPACT_MODE.
        ft.cfg[_GPOS_COMPACTION] = 0
        if "fvar" in ft:
            from fontTools.varLib import instancer

            wanted = {**_INSTANCE_AXES, "wght": float(weight)}
            axes = {a.axisTag: min(max(wanted.get(a.axisTag, a.defaultValue), a.minValue),
                                   a.maxValue) for a in ft["fvar"].axes}
            ft = instancer.instantiateVariableFont(ft, axes)
            ft.cfg[_GPOS_COMPACTION] = 0
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
        ft["head"].modified = INSTANCE_STAMP
        out = io.BytesIO()
        ft.save(out)
        ft.close()
    finally:
        log.setLevel(level)
    return out.getvalue()


def static_font(path: Path, index: int, font_cache: Path | None,
                weight: int = 400) -> io.BytesIO:
    """The static copy of a font as a file object reportlab reads (named after the source).

    With ``font_cache`` the copy is kept there between processes (the usual case costs one file
    read instead of fontTools' import and work, ~0.2 s a face); without it, or when the folder
    cannot be written, it is made in memory. The bytes are the same either way.
    """
    data: bytes | None = None
    target = font_cache / _instance_name(path, index, weight) if font_cache is not None else None
    if target is not None and target.is_file():
        data = target.read_bytes()
    if data is None:
        data = make_static(path, index, weight)
        if target is not None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_via_temp(target, data, fsync=False)
            except OSError:
                pass  # an unwritable cache folder costs time, never a different PDF
    fileobj = io.BytesIO(data)
    fileobj.name = f"{path}#{index}"  # reportlab names the font file object after this
    return fileobj


@functools.lru_cache(maxsize=1024)
def is_truetype(path: Path, index: int = 0) -> bool:
    """Reportlab embeds only glyf-outline fonts (not CFF/OpenType-PS, not bitmap-only emoji)."""
    from fontTools.ttLib import TTFont as FTFont

    try:
        with FTFont(str(path), fontNumber=index, lazy=True) as ft:
            return "glyf" in ft and "CBDT" not in ft and "sbix" not in ft
    except Exception:
        return False


# --------------------------------------------------------------------------- house-style families


class FontNotFound(LookupError):
    """A family a house style names is not installed (or is not TrueType)."""


def _system_files(family: str) -> FontFiles | None:
    """A family's four faces through fontconfig, by exact family name; None if not installed."""
    from ... import fontconfig

    found = {}
    for bold, italic in ((False, False), (True, False), (False, True), (True, True)):
        face = fontconfig.find_family(family, bold=bold, italic=italic)
        if face is not None and face[3] == "TrueType" and is_truetype(face[0], face[1]):
            found[bold, italic] = face[0]
    regular = found.get((False, False))
    if regular is None:
        return None

    def other(key: tuple[bool, bool]) -> Path | None:
        path = found.get(key)
        return path if path is not None and path != regular else None

    return FontFiles(regular, other((True, False)), other((False, True)), other((True, True)))


@functools.lru_cache(maxsize=64)
def resolve_files(family: str, generic: str, own: FontFiles | None = None,
                  font_cache: Path | None = None) -> FontFiles:
    """The files of a family a house style names, never a substitute.

    Its own ``font_files``, else a pip fontpkg package, else an installed TrueType family of
    that exact name (fontconfig). A family that is not installed raises :class:`FontNotFound`:
    the house style asked for that face, and another one would silently change the page.
    ``font_cache``: where fontpkg's answer may be kept between processes.
    """
    if own is not None:
        return own
    files = fontpkg_files(family, font_cache) or _system_files(family)
    if files is None:
        from ... import fontconfig

        other = fontconfig.find_family(family)
        if other is not None:
            raise FontNotFound(f"font {family!r} is installed but not as TrueType ({other[0]}); "
                               "the PDF writer embeds TrueType outlines only")
        raise FontNotFound(f"font {family!r} is not installed (no fontpkg package, and "
                           "fontconfig knows no family of that name)")
    return files


# --------------------------------------------------------------------------- fallback candidates


@functools.lru_cache(maxsize=1)
def pip_candidates() -> tuple[tuple[str, Path, frozenset[int]], ...]:
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


def system_fonts_for(cp: int) -> list[tuple[Path, int]]:
    """TrueType font files that fontconfig says have a glyph for ``cp``, in preference order."""
    from ... import fontconfig

    return [(f.path, f.index) for f in fontconfig.fonts_for(cp) if f.fontformat == "TrueType"]
