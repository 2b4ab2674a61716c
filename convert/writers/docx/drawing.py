"""Pictures in DOCX: an inline drawing (``wp:inline``) with its alt text, fitted to the text column.

The picture's bytes become a media part (``word/media/imageN.png``) with a relationship from the
part that shows it; the drawing names it by that relationship. Word shows PNG, JPEG and GIF; a
WebP picture (which Word before 2019 and many viewers cannot show) is converted to PNG. The size
is the one the article asks for, else the picture's own (CSS pixels, 96 to the inch), scaled
down keeping its aspect to fit the column and the page.
"""

from __future__ import annotations

import functools
import io

from lxml import etree

from ...model import Figure, Picture
from ..pictures import display_size

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: English Metric Units in one CSS pixel (914400 to the inch, 96 pixels to the inch).
EMU_PER_PX = 9525
#: Media types Word shows as they are: extension and content type of the media part.
WORD_MEDIA = {"image/png": ("png", "image/png"), "image/jpeg": ("jpeg", "image/jpeg"),
              "image/gif": ("gif", "image/gif")}


class PictureError(ValueError):
    """A picture Word cannot show and that cannot be converted (its caption is kept)."""


def word_picture(picture: Picture) -> tuple[str, str, bytes]:
    """(extension, content type, bytes) of the media part Word shows for ``picture``."""
    found = WORD_MEDIA.get(picture.media_type)
    if found is not None:
        return found[0], found[1], picture.data
    return "png", "image/png", _as_png(picture.data)


@functools.lru_cache(maxsize=8)
def _as_png(data: bytes) -> bytes:
    """A picture Word cannot show (WebP) as PNG, through Pillow (checked when it was loaded)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            out = io.BytesIO()
            mode = "RGBA" if im.mode in ("RGBA", "LA", "P") or "transparency" in im.info else "RGB"
            im.convert(mode).save(out, "PNG", optimize=False)
    except (OSError, ValueError) as exc:
        raise PictureError(f"cannot be converted for Word: {exc}") from None
    return out.getvalue()


def fitted_size(fig: Figure, max_width: int, max_height: int) -> tuple[int, int] | None:
    """The picture's size in EMU, scaled down (keeping its aspect) to fit ``max_width`` x ``max_height``."""
    size = display_size(fig)
    if size is None:
        return None
    cx, cy = size[0] * EMU_PER_PX, size[1] * EMU_PER_PX
    scale = min(1.0, max_width / cx, max_height / cy)
    return max(1, round(cx * scale)), max(1, round(cy * scale))


def _el(parent: etree._Element, ns: str, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for key, value in attrs.items():
        el.set(key, value)
    return el


def add_drawing(run: etree._Element, rid: str, doc_id: int, alt: str, size: tuple[int, int]) -> None:
    """Append a ``w:drawing`` showing the media part ``rid`` inline, described by ``alt``.

    ``doc_id`` is unique in the document (``wp:docPr id``); the alt text goes in ``descr`` of
    both the drawing and the picture, where Word, LibreOffice and screen readers look.
    """
    cx, cy = (str(v) for v in size)
    drawing = etree.SubElement(run, f"{{{_W_NS}}}drawing",
                               nsmap={"wp": WP_NS, "a": A_NS, "pic": PIC_NS})
    inline = _el(drawing, WP_NS, "inline", distT="0", distB="0", distL="0", distR="0")
    _el(inline, WP_NS, "extent", cx=cx, cy=cy)
    _el(inline, WP_NS, "effectExtent", l="0", t="0", r="0", b="0")
    name = f"Picture {doc_id}"
    _el(inline, WP_NS, "docPr", id=str(doc_id), name=name, descr=alt)
    frame = _el(inline, WP_NS, "cNvGraphicFramePr")
    _el(frame, A_NS, "graphicFrameLocks", noChangeAspect="1")
    data = _el(_el(inline, A_NS, "graphic"), A_NS, "graphicData", uri=PIC_NS)
    pic = _el(data, PIC_NS, "pic")
    nv = _el(pic, PIC_NS, "nvPicPr")
    _el(nv, PIC_NS, "cNvPr", id=str(doc_id), name=name, descr=alt)
    _el(nv, PIC_NS, "cNvPicPr")
    fill = _el(pic, PIC_NS, "blipFill")
    _el(fill, A_NS, "blip").set(f"{{{_R_NS}}}embed", rid)
    _el(_el(fill, A_NS, "stretch"), A_NS, "fillRect")
    shape = _el(pic, PIC_NS, "spPr")
    xfrm = _el(shape, A_NS, "xfrm")
    _el(xfrm, A_NS, "off", x="0", y="0")
    _el(xfrm, A_NS, "ext", cx=cx, cy=cy)
    _el(_el(shape, A_NS, "prstGeom", prst="rect"), A_NS, "avLst")
