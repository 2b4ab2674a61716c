"""Decide the article head once, so every writer shows the same headline, byline and dateline.

Writers used to decide these each on its own, and disagreed: the PDF fell back to the authors'
names when the article had no byline line and the DOCX did not; the PDF kept an Urdu first
paragraph apart from the dateline and the EPUB did not. :func:`arrange` is now the only place
those rules live; a writer renders what it returns and never looks at ``meta.by`` or
``meta.dateline`` to decide what to show.
"""

from __future__ import annotations

from msgspec import Struct

from .model import Block, Document, Paragraph, plain_text
from .styles import HouseStyle
from .textutil import has_rtl

#: What stands between an inline dateline and the text of the paragraph it opens.
DATELINE_SEPARATOR = " \u2014 "


class Arranged(Struct, frozen=True):
    """The article as every writer shows it: its head decided, its body in order."""

    headline: str
    #: The standfirst (deck, subheadline) under the headline.
    standfirst: str | None
    #: The byline as shown: the line as written, else the names, else the authors joined.
    byline: str | None
    #: The dateline text ("ISLAMABAD, Dec 20 (Reuters)"), None when the article has none.
    dateline: str | None
    #: True: the dateline opens the first body paragraph, then :data:`DATELINE_SEPARATOR`.
    #: False (with a dateline): the dateline is a paragraph of its own before the body.
    dateline_inline: bool
    body: tuple[Block, ...]
    #: Credit and copyright lines shown after the body.
    credit: str | None
    copyright: str | None
    #: The publication named in running headers: see :func:`publication`.
    publication: str | None = None


def arrange(doc: Document, style: HouseStyle) -> Arranged:
    """The head of ``doc`` as ``style`` lays it out.

    The dateline opens the first paragraph when the style asks for it, the body starts with a
    paragraph, and that paragraph holds no right-to-left letter: a Latin-script dateline run
    inside an Urdu or Arabic paragraph would be reordered by the bidi algorithm, so it stands
    apart there.
    """
    meta = doc.meta
    body = doc.body
    dateline = meta.dateline or None
    inline = (dateline is not None and style.layout.dateline == "inline" and bool(body)
              and isinstance(body[0], Paragraph) and not has_rtl(plain_text(body[0].children)))
    return Arranged(
        headline=meta.headline,
        standfirst=meta.subheadline or None,
        byline=byline(doc),
        dateline=dateline,
        dateline_inline=inline,
        body=body,
        credit=meta.credit or None,
        copyright=meta.copyright or None,
        publication=publication(doc, style),
    )


def publication(doc: Document, style: HouseStyle) -> str | None:
    """The publication as the article or the user names it (``meta.publication``), else the style's.

    Never invented: with neither, there is none (no tool name stands in for it).
    """
    return doc.meta.publication or style.publication or None


def byline(doc: Document) -> str | None:
    """The byline as shown: the line as written, else the names, else the authors joined.

    ``By A and B, Staff Reporters`` as written; the authors' names joined serve front matter
    that lists ``authors`` but gives no byline.
    """
    meta = doc.meta
    return meta.by or meta.byline or ", ".join(p.name for p in meta.authors) or None
