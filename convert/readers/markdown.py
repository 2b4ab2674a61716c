"""Read a Markdown article (CommonMark, GFM tables, strikethrough, footnotes, definitions) into a Document.

The same article conventions as plain text apply on top of Markdown: YAML front matter or
pandoc's ``%`` title block (``% Title``, ``% Author; Author``, ``% Date``), the first ``#``
heading (or first paragraph) is the headline, a standfirst before a ``By ...`` byline, a
dateline lead in the first paragraph, wire credits, stand-alone junk paragraphs, and a final
correction or editor's note. The constructs (tables, figures, notes, code, nested and task
lists, raw HTML) are mapped by :mod:`.markdown_blocks` and :mod:`.markdown_inlines`.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt

from ..errors import InputError
from ..identity import make_identifier
from ..model import (
    Block,
    Document,
    Figure,
    Heading,
    Meta,
    Paragraph,
    RawBlock,
    Text,
    document_text,
    plain_text,
)
from ..options import ReadOptions
from .conventions import Conventions, is_wire_credit, junk_matcher, load_conventions, parse_byline
from .datelines import split_dateline
from .decode import squash
from .diagnostics import Diagnostics
from .language import settle_language
from .load import load_article
from .markdown_blocks import BlockBuilder
from .metadata import MetaFields, finish_meta
from .text_captions import take_notice


@functools.cache
def _parser() -> MarkdownIt:
    """One parser per process: CommonMark, GFM tables and strikethrough, footnotes, definition lists.

    mdit-py-plugins (>= 0.4) is used through its public ``*_plugin`` functions only.
    """
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).use(
        deflist_plugin)


def read(data: bytes, options: ReadOptions) -> Document:
    """Parse Markdown article bytes."""
    return explain(data, options)[0]


def explain(data: bytes, options: ReadOptions) -> tuple[Document, Diagnostics]:
    """Parse Markdown article bytes and say what was decided (``newsconvert parse``)."""
    diag = Diagnostics()
    origin, lines, fields = load_article(data, options, diag)
    conv = options.conventions if options.conventions is not None else load_conventions()
    lines = _title_block(lines, fields, diag)

    builder = BlockBuilder(_parser().parse("\n".join(lines), {}), conv)
    blocks = builder.blocks(builder.main)
    diag.warnings.extend(builder.warnings)
    junk = junk_matcher(options.junk_patterns, conv)
    kept: list[Block] = []
    for b in blocks:
        flat = squash(plain_text(b.children)) if isinstance(b, Paragraph) else ""
        if flat and junk.fullmatch(flat):
            diag.junk.append(flat)
        else:
            kept.append(b)
    blocks = kept
    if len(blocks) > options.max_blocks:
        raise InputError(f"too many blocks ({len(blocks):,})", path=origin)

    if "headline" not in fields.values:
        lead = 0
        while lead < len(blocks) and _before_headline(blocks[lead]):
            lead += 1  # a picture or raw markup above the headline stays at the top of the body
        if lead == len(blocks) or not isinstance(blocks[lead], (Heading, Paragraph)):
            raise InputError("no headline: start the article with a '# Headline' line or a "
                             "title in front matter", path=origin)
        first = blocks.pop(lead)
        fields.set_inferred("headline", squash(plain_text(first.children)))  # type: ignore[union-attr]

    blocks = _head(blocks, fields, conv)
    body: list[Block] = []
    dateline_checked = False
    for block in blocks:
        if isinstance(block, Paragraph):
            flat = squash(plain_text(block.children))
            if is_wire_credit(flat, conv):
                fields.set_inferred("credit", flat)
                continue
            if not dateline_checked:
                dateline_checked = True
                block = _strip_dateline(block, fields, conv)
                if not block.children:
                    continue
        if isinstance(block, Heading) and block.level < 2:
            block = Heading(2, block.children, block.attrs)
        body.append(block)
    body = take_notice(body, conv)

    values = finish_meta(fields, options)
    diag.dateline, diag.byline = values.get("dateline"), values.get("by") or values.get("byline")
    diag.credit = values.get("credit")
    diag.headings = [squash(plain_text(b.children)) for b in body if isinstance(b, Heading)]
    doc = Document(Meta(**values), tuple(body), origin=origin)
    doc, language = settle_language(doc, options, given=values.get("language"))
    diag.language = language.as_dict()
    if not doc.meta.identifier:
        doc = doc.with_meta(identifier=make_identifier(doc.meta.provider, doc.meta.headline,
                                                       document_text(doc)))
    return doc, diag


def _before_headline(block: Block) -> bool:
    """A block that may stand above the headline: a picture, raw markup, a paragraph of no text."""
    return isinstance(block, (Figure, RawBlock)) or (
        isinstance(block, (Paragraph, Heading)) and not squash(plain_text(block.children)))


def _title_block(lines: list[str], fields: MetaFields, diag: Diagnostics) -> list[str]:
    """Pandoc's title block: up to three ``%`` lines (title, authors separated by ``;``, date).

    A field may be empty (``%`` alone) and continue on indented lines. Front matter wins; a date
    that does not parse is skipped with a warning.
    """
    if not lines or not lines[0].startswith("%"):
        return lines
    values: list[str] = []
    i = 0
    while i < len(lines) and len(values) < 3 and lines[i].startswith("%"):
        value = lines[i][1:].strip()
        i += 1
        while i < len(lines) and lines[i][:1] == " " and lines[i].strip():
            value += " " + lines[i].strip()
            i += 1
        values.append(value)
    title, authors, date = [*values, "", "", ""][:3]
    found = MetaFields()
    found.apply({"title": title or None,
                 "author": [a.strip() for a in authors.split(";") if a.strip()] or None}, "title block")
    if date:
        try:
            found.apply({"date": date}, "title block")
        except InputError as exc:
            diag.warnings.append(f"skipped {exc.message}")
    for key, value in found.values.items():
        fields.set_inferred(key, value)
    return lines[i:]


def _head(blocks: list[Block], fields: MetaFields, conv: Conventions) -> list[Block]:
    """Standfirst paragraph(s) followed by a ``By ...`` byline paragraph."""
    for i, block in enumerate(blocks[:3]):
        if not isinstance(block, Paragraph):
            return blocks
        lines = plain_text(block.children).split("\n")
        parsed = parse_byline(squash(lines[-1]), conv)
        if parsed is None:
            continue
        before = [squash(plain_text(b.children)) for b in blocks[:i]  # type: ignore[union-attr]
                  ] + [squash(x) for x in lines[:-1]]
        names, people = parsed
        fields.set_inferred("byline", names)
        fields.set_inferred("authors", people)
        fields.set_inferred("by", squash(lines[-1]))
        if before:
            fields.set_inferred("subheadline", squash(" ".join(before)))
        return blocks[i + 1:]
    return blocks


def _strip_dateline(block: Paragraph, fields: MetaFields, conv: Conventions) -> Paragraph:
    first = block.children[0] if block.children else None
    if not isinstance(first, Text) or "dateline" in fields.values:
        return block
    found = split_dateline(first.text, conv)
    if found is None:
        return block
    fields.set_inferred("dateline", found.lead)
    fields.set_inferred("located", found.place)
    rest = (Text(found.rest),) if found.rest else ()
    return Paragraph(rest + block.children[1:], block.attrs)
