"""The pictures an EPUB carries: one manifest item per loaded picture, named per chapter.

EPUB 3 keeps every picture inside the container (a reading system fetches no remote image), so
only figures whose bytes were loaded are shown; a figure without them shows its caption (the
pipeline has warned about it). Pictures are stored, not deflated: JPEG, PNG, GIF and WebP are
compressed already.
"""

from __future__ import annotations

from msgspec import Struct

from ...model import Block, Figure
from ...zipio import Part
from ..pictures import EXTENSIONS, figures
from .package import FOLDER

#: Where pictures go, relative to the package folder.
IMAGE_DIR = "images"


class BookPicture(Struct, frozen=True):
    """One picture file of the package: its href (from the package folder), type and part."""

    href: str
    media_type: str
    part: Part


class ChapterPictures(Struct, frozen=True):
    """A chapter's pictures: figure source -> ``img`` src (from the chapter), and the files."""

    srcs: dict[str, str]
    files: tuple[BookPicture, ...]
    #: Whether every picture shown has alt text.
    described: bool


def chapter_pictures(blocks: tuple[Block, ...], stem: str, up: str = "../") -> ChapterPictures:
    """Name the loaded pictures of one chapter ``images/<stem>-<n>.<ext>``, in document order.

    ``up`` leads from the chapter's folder to the package folder. A source shown twice is one
    file.
    """
    srcs: dict[str, str] = {}
    files: list[BookPicture] = []
    described = True
    for fig in figures(blocks):
        pic = fig.picture
        if pic is None:
            continue
        described = described and _described(fig)
        if fig.source in srcs:
            continue
        href = f"{IMAGE_DIR}/{stem}-{len(files) + 1}{EXTENSIONS.get(pic.media_type, '')}"
        srcs[fig.source] = up + href
        files.append(BookPicture(href, pic.media_type, Part.make(f"{FOLDER}/{href}", pic.data,
                                                                 stored=True)))
    return ChapterPictures(srcs, tuple(files), described)


def _described(fig: Figure) -> bool:
    return bool(fig.alt.strip())
