"""Write PDFs for the tests and read them back: poppler text and fonts, pypdf outline, golden form."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from datetime import UTC, datetime

import pytest

from convert.model import Document
from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import pdf
from convert.writers.pdf import FontCoverageWarning
from tests.support import require, require_tool

pypdf = pytest.importorskip("pypdf")

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
STYLES = ("default", "broadsheet")
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
#: System fonts the kitchen sink's fallback characters come from (CI installs them).
FALLBACK_FAMILIES = ("Droid Sans Fallback", "Noto Sans Symbols2")


def options(style: str = "default", **changes: object) -> WriteOptions:
    """Writer options as the tests use them: a shipped style, a fixed timestamp."""
    return WriteOptions(style=load_style(style), timestamp=TS, generator_version="1.0",
                        **changes)  # type: ignore[arg-type]


def render(doc: Document, style: str = "default") -> bytes:
    """The PDF of a document, the font coverage warning silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FontCoverageWarning)
        return pdf.write(doc, options(style))


def require_fonts(*families: str) -> None:
    """Skip (fail in CI) unless fontconfig knows these font families (Debian font packages)."""
    found = ""
    if shutil.which("fc-list"):
        found = subprocess.run(["fc-list", ":", "family"], capture_output=True,
                               text=True).stdout
    missing = [f for f in families if f not in found]
    require(not missing, f"font families not installed: {', '.join(missing)} (Debian "
                         "fonts-droid-fallback, fonts-noto-core, fonts-symbola)")


def pdftotext(data: bytes, *, raw: bool = False) -> str:
    """Text as poppler extracts it; ``raw`` keeps content-stream order (the reading order:
    poppler's layout analysis interleaves the lines of two close justified columns)."""
    tool = require_tool("pdftotext")
    args = [tool, "-enc", "UTF-8", *(["-raw"] if raw else []), "-", "-"]
    out = subprocess.run(args, input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")
    # poppler marks right-to-left runs with embedding controls; they are not article text.
    return re.sub("[\u202a-\u202e]", "", out)


def flat(text: str) -> str:
    """Text with every run of whitespace made one space."""
    return re.sub(r"\s+", " ", text).strip()


def loose(text: str) -> str:
    """Text without whitespace and hyphens, to compare across line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def pdffonts(data: bytes) -> list[list[str]]:
    """``pdffonts`` rows, split into columns."""
    tool = require_tool("pdffonts")
    out = subprocess.run([tool, "-"], input=data, capture_output=True, check=True).stdout.decode()
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def outline(data: bytes) -> list[tuple[int, str]]:
    """The bookmarks as (level, title)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: list[tuple[int, str]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))

    walk(reader.outline, 0)
    return found


def canonical(data: bytes) -> str:
    """Reviewable form: page count, fonts, metadata, outline, then the text of each page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata
    lines = [f"pages: {len(reader.pages)}"]
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate",
                "/ModDate"):
        lines.append(f"{key[1:]}: {info.get(key)}")
    lines.append(f"Lang: {reader.trailer['/Root'].get('/Lang')}")
    fonts = sorted({re.sub(r"^[A-Z]{6}\+", "", row[0]) for row in pdffonts(data)})
    lines.append("fonts: " + ", ".join(fonts))
    lines += [f"outline: {'  ' * level}{title}" for level, title in outline(data)]
    pages = pdftotext(data).split("\f")
    for n, page in enumerate(pages[: len(reader.pages)], start=1):
        lines.append(f"--- page {n}")
        lines += [line.rstrip() for line in page.strip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def embedded_fonts(data: bytes) -> dict[str, tuple[bytes, bytes]]:
    """BaseFont -> (font file, ToUnicode CMap), both decoded."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: dict[str, tuple[bytes, bytes]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            file = inner["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"])[1:]] = (file, font["/ToUnicode"].get_object().get_data())
    return found
