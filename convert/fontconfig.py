"""Installed system fonts through fontconfig's command-line tools, for any writer that embeds fonts.

``fc-match`` finds a family by name, ``fc-list`` lists every font with its characters (read once
per process, about 25 ms). Answers are cached with bounded ``functools`` caches; nothing here
reads environment variables or the working directory, and a machine without fontconfig simply
has no system fonts (every function answers "none").
"""

from __future__ import annotations

import bisect
import functools
from pathlib import Path

from msgspec import Struct


class SystemFont(Struct, frozen=True):
    """One face fontconfig knows: file, index in a collection, family names, style, coverage."""

    path: Path
    index: int
    families: tuple[str, ...]
    style: str
    weight: int
    #: fontconfig slant: 0 roman, 100 italic, 110 oblique.
    slant: int
    fontformat: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def has(self, cp: int) -> bool:
        """True when fontconfig says the face has a glyph for ``cp``."""
        i = bisect.bisect_right(self.starts, cp) - 1
        return i >= 0 and cp <= self.ends[i]


def _run(args: list[str], timeout: float) -> str:
    import subprocess  # only when fontconfig is asked: 3 ms of every start otherwise

    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _int(text: str, default: int) -> int:
    """Fontconfig prints some values as ranges or lists ("80 200"): the first number."""
    head = text.split()[0] if text.split() else ""
    return int(float(head)) if head.replace(".", "", 1).isdigit() else default


def _ranges(charset: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts: list[int] = []
    ends: list[int] = []
    for rng in charset.split():
        lo, _, hi = rng.partition("-")
        try:
            starts.append(int(lo, 16))
            ends.append(int(hi or lo, 16))
        except ValueError:
            continue
    return tuple(starts), tuple(ends)


@functools.lru_cache(maxsize=1)
def system_fonts() -> tuple[SystemFont, ...]:
    """Every font fontconfig knows, sorted Noto first, then DejaVu, then by path (stable)."""
    out = _run(["fc-list", "--format",
                "%{file}\t%{index}\t%{fontformat}\t%{family}\t%{style}\t%{weight}\t%{slant}"
                "\t%{charset}\n"], 60)
    fonts = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 8:
            continue
        path, index, fmt, family, style, weight, slant, charset = parts
        starts, ends = _ranges(charset)
        fonts.append(SystemFont(Path(path), _int(index, 0),
                                tuple(f.strip() for f in family.split(",") if f.strip()),
                                style.split(",")[0], _int(weight, 80), _int(slant, 0),
                                fmt, starts, ends))
    # Regular weights first, so a fallback is never bold or italic by accident.
    fonts.sort(key=lambda f: ("noto" not in f.path.name.lower(),
                              "dejavu" not in f.path.name.lower(), f.weight != 80, f.slant != 0,
                              str(f.path), f.index))
    return tuple(dict.fromkeys(fonts))


@functools.lru_cache(maxsize=256)
def match(pattern: str) -> tuple[Path, int, str, str] | None:
    """``fc-match`` for a pattern (``"DejaVu Serif:bold"``): file, index, family, font format."""
    out = _run(["fc-match", "-f", "%{file}\t%{index}\t%{family}\t%{fontformat}\n", pattern], 10)
    parts = out.strip().split("\t")
    if len(parts) != 4 or not parts[0]:
        return None
    return Path(parts[0]), int(parts[1]) if parts[1].isdigit() else 0, parts[2], parts[3]


def find_family(family: str, *, bold: bool = False,
                italic: bool = False) -> tuple[Path, int, str, str] | None:
    """An installed face of a family by its exact name (no substitute), or None.

    Chosen among the faces ``fc-list`` names with that family (case and spaces ignored): the
    slant asked for first, then the weight nearest regular (80) or bold (200). ``fc-match``
    is not used: it always answers with *some* font, and for "Noto Nastaliq Urdu" it answered
    with the bold face.
    """
    wanted = _norm(family)
    faces = [f for f in system_fonts() if any(_norm(n) == wanted for n in f.families)]
    if not faces:
        return None
    target = 200 if bold else 80
    best = min(faces, key=lambda f: ((f.slant != 0) != italic, abs(_weight(f) - target),
                                     str(f.path), f.index))
    return best.path, best.index, best.families[0], best.fontformat


def _weight(font: SystemFont) -> int:
    """The weight, trusting a "Bold" style name over a wrong weight class.

    Noto Nastaliq Urdu Bold says 400, so fontconfig lists it as regular.
    """
    style = font.style.lower()
    if "bold" in style and font.weight < 200 and "semi" not in style and "demi" not in style:
        return 200
    return font.weight


def _norm(name: str) -> str:
    return "".join(name.lower().split())


def fonts_for(cp: int) -> list[SystemFont]:
    """Installed fonts with a glyph for ``cp``, in preference order."""
    return [f for f in system_fonts() if f.has(cp)]
