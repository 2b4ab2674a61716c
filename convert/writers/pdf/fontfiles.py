"""Find TrueType font files for the PDF writer and make the static copies reportlab can embed.

Font files come from the house style (``font_files``), the installed ``fontpkg-*`` packages, and
fontconfig (``fc-match`` for a family, one ``fc-list`` for every character's fallback). What is
installed is read once per process (bounded ``functools`` caches); nothing here reads environment
variables or the working directory. The static copies are made in memory, or kept in a folder the
caller names (``font_cache``): the writer never picks a location itself.
"""

from __future__ import annotations

import bisect
import functools
import io
import logging
import os
import re
import subprocess
import threading
from pathlib import Path

from ...styles import FontFiles

#: Generic family -> fontpkg family shipped as a dependency, then fontconfig names.
GENERIC = {"serif": ("PT Serif", "serif"), "sans-serif": ("PT Sans", "sans-serif"),
           "monospace": ("PT Serif", "monospace")}

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
                tmp = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
                tmp.write_bytes(data)
                tmp.replace(target)
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


def fontpkg_files(family: str) -> FontFiles | None:
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
            return Path(fontpkg.path(family, weight, style, nearest=True))
        except Exception:
            return None

    regular = pick(400, "normal")
    if regular is None:
        return None
    bold, italic, bold_italic = pick(700, "normal"), pick(400, "italic"), pick(700, "italic")
    # A variable font instanced at 400 has no bold: fall back to the regular instance.
    return FontFiles(regular, bold if bold != regular else None, italic if italic != regular
                     else None, bold_italic if bold_italic not in (regular, bold) else None)


@functools.lru_cache(maxsize=256)
def fc_match(name: str) -> Path | None:
    """A TrueType file for a family or generic name via fontconfig (None without fontconfig)."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\n%{fontformat}", f"{name}:fontformat=TrueType"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.splitlines()
    if len(lines) >= 2 and lines[1] == "TrueType" and is_truetype(Path(lines[0])):
        return Path(lines[0])
    return None


@functools.lru_cache(maxsize=64)
def resolve_files(family: str, generic: str, own: FontFiles | None = None) -> FontFiles:
    """The files of a family a house style names: its own ``font_files``, else pip, else fontconfig."""
    if own is not None:
        return own
    for candidate in (family, GENERIC.get(generic, ("PT Serif",))[0]):
        files = fontpkg_files(candidate)
        if files is not None:
            return files
    path = fc_match(family) or fc_match(generic)
    if path is None:
        raise FileNotFoundError(f"no TrueType font found for {family!r} or {generic!r}")
    return FontFiles(path)


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


@functools.lru_cache(maxsize=1)
def system_index() -> tuple[tuple[Path, int, tuple[int, ...], tuple[int, ...]], ...]:
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


def system_fonts_for(cp: int) -> list[tuple[Path, int]]:
    """TrueType font files that fontconfig says have a glyph for ``cp``, in preference order."""
    found = []
    for path, index, starts, ends in system_index():
        i = bisect.bisect_right(starts, cp) - 1
        if i >= 0 and cp <= ends[i]:
            found.append((path, index))
    return found
