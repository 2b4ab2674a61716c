"""ninjs ``associations``: one ``picture`` object per picture of the article, with its rendition.

ninjs carries no bytes: a rendition's ``href`` is the picture's web address when the article gives
one. A local picture gets no ``href`` (a path on the writer's disk means nothing to a consumer)
and a warning says so; its ``name`` is the reference name the HTML body's ``img`` uses, so a
consumer given the files can match them. A local picture's ``uri`` is the article's with a
``#picture-n`` fragment; a web picture's is its address.
"""

from __future__ import annotations

from typing import Any

from ...model import Figure, plain_text
from .. import loss
from ..pictures import is_remote, picture_uri


def _rendition(fig: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {"name": "original"}
    if is_remote(fig.source):
        out["href"] = fig.source
    pic = fig.picture
    if pic is not None:
        out.update(contentType=pic.media_type, width=pic.width, height=pic.height,
                   sizeInBytes=len(pic.data))
    return out


def associations(pictures: list[tuple[str, Figure]],
                 article_uri: str) -> list[dict[str, Any]] | None:
    """Named pictures (:func:`convert.writers.pictures.named_figures`) as ``picture`` objects.

    None: the article shows no picture.
    """
    out = []
    local = 0
    for name, fig in pictures:
        if is_remote(fig.source):
            uri = fig.source
        else:
            local += 1
            uri = picture_uri(article_uri, local)
            loss.degraded("ninjs", f"picture {loss.excerpt(fig.source)!r}",
                          "has no web address: its association has no href (ninjs carries no bytes)")
        item: dict[str, Any] = {"name": name, "uri": uri, "type": "picture"}
        descriptions = []
        if fig.caption:
            descriptions.append({"role": "caption", "contentType": "text/plain",
                                 "value": plain_text(fig.caption)})
        if fig.alt:
            descriptions.append({"role": "alt", "contentType": "text/plain", "value": fig.alt})
        if descriptions:
            item["descriptions"] = descriptions
        if fig.credit:
            item["by"] = fig.credit
        item["renditions"] = [_rendition(fig)]
        out.append(item)
    return out or None
