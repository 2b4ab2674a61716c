"""Text in one face per run: the element's font, and a fallback font for each character it lacks."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...styles import ElementStyle
from . import fonts

__all__ = ["draw_runs", "font_runs"]


def draw_runs(canv: Any, text: str, fs: fonts.FontSet, es: ElementStyle, chain: fonts.FallbackChain,
              x: float, y: float, align: str) -> None:
    """Draw one line on the canvas (header/footer) with per-character font fallback."""
    runs = font_runs(text, fs.face(es.bold, es.italic), fs.coverage, chain, set())
    widths = [stringWidth(t, f, es.size) for f, t in runs]
    total = sum(widths)
    start = x - total if align == "right" else x - total / 2 if align == "center" else x
    canv.setFillColor(HexColor(es.colour))
    for (font, t), w in zip(runs, widths, strict=True):
        canv.setFont(font, es.size)
        canv.drawString(start, y, t)
        start += w


def font_runs(text: str, primary: str, coverage: frozenset[int], chain: fonts.FallbackChain,
          missing: set[str]) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs: primary font, else a fallback that has the glyph."""
    if coverage.issuperset(map(ord, text)):
        return [(primary, text)]
    runs: list[tuple[str, str]] = []
    cur_font, buf = primary, []
    for ch in text:
        cp = ord(ch)
        if cp in coverage:
            font = primary
        else:
            fb = chain.font_for(cp)
            if fb is not None:
                font = fb.name
            elif fonts.invisible(ch):
                continue  # zero-width format characters draw nothing anyway
            else:
                missing.add(ch)
                font = primary
        if font != cur_font and buf:
            runs.append((cur_font, "".join(buf)))
            buf = []
        cur_font = font
        buf.append(ch)
    if buf:
        runs.append((cur_font, "".join(buf)))
    return runs


