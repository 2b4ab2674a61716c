"""The last step of the XML readers (NewsML-G2, NITF) and the DOCX reader: metadata and blocks to a Document.

Shared so the three agree: ``-M`` and config defaults applied (:func:`.metadata.finish_meta`), a
headline found (the first block when the document states none, as the text reader does), the
language settled (:func:`.language.settle_language`), the languages the document states for its
blocks kept, and a stable identifier when the document has none.
"""

from __future__ import annotations

import re

from msgspec.structs import replace

from ..errors import InputError
from ..identity import make_identifier
from ..model import Block, BlockQuote, Document, Heading, Meta, Paragraph, block_text, document_text
from ..options import ReadOptions
from .decode import squash
from .diagnostics import Diagnostics
from .language import settle_language
from .metadata import MetaFields, finish_meta

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def language_tag(value: str | None) -> str | None:
    """A BCP 47 tag as stated in markup (``en_US`` -> ``en-US``); None when it is not one."""
    if not value:
        return None
    tag = value.strip().replace("_", "-")
    return tag if _TAG.match(tag) else None


def finish_document(fields: MetaFields, body: list[Block], options: ReadOptions, origin: str,
                    diagnostics: Diagnostics, *, language: str | None, declared: bool,
                    what: str = "the file") -> Document:
    """A Document from the values a reader found and its blocks.

    ``language``: the article language the document states (None: not stated). ``declared``:
    the document states its blocks' languages (``xml:lang`` inherits), so a block without one of
    its own is in the article's language and is not identified again; otherwise blocks without
    a stated language are left to identification.
    """
    tag = language_tag(language)
    if tag and "language" not in fields.values:
        fields.values["language"] = tag
    elif language and not tag:
        diagnostics.warnings.append(f"ignored the language {language!r}: not a BCP 47 tag")
    values = finish_meta(fields, options)
    if not values.get("headline"):
        first = body[0] if body else None
        if not isinstance(first, (Paragraph, Heading)):
            raise InputError(f"{what} holds no article text (no headline and no text body)",
                             path=origin)
        values["headline"] = squash(block_text(first).replace("\n", " "))
        body = body[1:]
        diagnostics.warnings.append("no headline stated: the first paragraph is the headline")
    if len(body) > options.max_blocks:
        raise InputError(f"too many blocks ({len(body):,}; the limit is {options.max_blocks:,})",
                         path=origin)
    stated = tuple(body)
    if declared:  # the document states every block's language: nothing to identify per block
        doc, report = settle_language(Document(Meta(**values), origin=origin), options,
                                      given=values.get("language"))
        settled = stated
    else:
        doc = Document(Meta(**values), tuple(_without_langs(b) for b in stated), origin=origin)
        doc, report = settle_language(doc, options, given=values.get("language"))
        settled = doc.body
    article = doc.meta.language
    blocks = tuple(_stated_langs(s, b, article, declared) for s, b in zip(stated, settled, strict=True))
    doc = replace(doc, body=blocks)
    report = replace(report, blocks=sum(1 for b in _all_blocks(blocks) if b.lang))
    diagnostics.language = report.as_dict()
    diagnostics.dateline = doc.meta.dateline
    diagnostics.byline = doc.meta.by or doc.meta.byline
    diagnostics.credit = doc.meta.credit
    if not doc.meta.identifier:
        doc = doc.with_meta(identifier=make_identifier(doc.meta.provider, doc.meta.headline,
                                                       document_text(doc)))
    return doc


def _all_blocks(blocks: tuple[Block, ...]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        if isinstance(block, BlockQuote) and not block.lang:
            out.extend(_all_blocks(block.children))
    return out


def _without_langs(block: Block) -> Block:
    if isinstance(block, BlockQuote):
        return replace(block, lang=None, children=tuple(_without_langs(c) for c in block.children))
    return replace(block, lang=None) if block.lang else block


def _stated_langs(stated: Block, settled: Block, article: str, declared: bool) -> Block:
    """``settled`` with the language ``stated`` names, else (unless declared) the identified one."""
    own = language_tag(stated.lang)
    if own is not None and own.lower() == article.lower():
        own = None
    lang = own if (own is not None or declared) else settled.lang
    if isinstance(stated, BlockQuote) and isinstance(settled, BlockQuote):
        kids = tuple(_stated_langs(s, k, lang or article, declared)
                     for s, k in zip(stated.children, settled.children, strict=True))
        return replace(settled, lang=lang, children=kids)
    return replace(settled, lang=lang)
