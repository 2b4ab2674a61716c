"""Read a web page or an HTML fragment (a CMS export) into a Document.

A whole page: trafilatura finds the article (:mod:`.html_extract`), its XML is mapped to model
blocks (:mod:`.html_blocks`), and the page's own metadata (schema.org JSON-LD, OpenGraph,
``<meta>``, ``<time>``, ``<title>``: :mod:`.html_meta`) gives headline, byline, date, standfirst,
publication, keywords and language. A fragment (no ``<html>``, ``<head>``, ``<body>``,
``<title>`` or doctype) is mapped directly: its first ``h1`` is the headline. Nothing is fetched.
The article conventions of the other readers apply on top: a ``By ...`` line, a dateline lead,
a wire credit, stand-alone junk paragraphs.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from lxml import etree
from msgspec import field
from msgspec.structs import replace

from ..errors import InputError
from ..identity import make_identifier
from ..model import (
    Block,
    BlockQuote,
    Document,
    Heading,
    ListBlock,
    Meta,
    Paragraph,
    Text,
    block_text,
    document_text,
    plain_text,
)
from ..options import ReadOptions
from .conventions import (
    Conventions,
    JunkMatcher,
    is_wire_credit,
    junk_matcher,
    load_conventions,
    parse_byline,
)
from .datelines import split_dateline
from .diagnostics import Diagnostics
from .html_blocks import BlockMapper
from .html_extract import SETTINGS, extract, page_element, sibling_chunks
from .html_head import choose_headline, people, standfirst
from .html_meta import PageMeta, page_conventions, read_page_meta
from .html_source import decode_html, is_page, parse_html, unwrap_quotations
from .language import settle_language
from .metadata import MetaFields, finish_meta


class HtmlDiagnostics(Diagnostics):
    """What the HTML reader decided, beside what every reader reports."""

    #: "extracted" (trafilatura found the article), "page" (mapped a page element directly:
    #: extraction found nothing) or "fragment" (no page around it: mapped directly).
    method: str | None = None
    #: For "page": the element mapped (an XPath); for "extracted": the settings used.
    extraction: dict[str, Any] = field(default_factory=dict)
    #: Where each metadata value came from ("headline": "h1 = meta:og:title" ...).
    metadata: dict[str, str] = field(default_factory=dict)
    #: Body blocks dropped as repeats of the head (the headline, a byline line).
    repeats: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Every reader's keys plus ``method``, ``extraction``, ``metadata`` and ``repeats``."""
        out = super().as_dict()
        out.update(method=self.method, extraction=dict(self.extraction), metadata=dict(self.metadata),
                   repeats=list(self.repeats))
        return out


def read(data: bytes, options: ReadOptions) -> Document:
    """Parse a page or fragment. Raises InputError for input that holds no article."""
    return explain(data, options)[0]


def explain(data: bytes, options: ReadOptions) -> tuple[Document, HtmlDiagnostics]:
    """Parse a page or fragment and say what was decided (``newsconvert parse``)."""
    diag = HtmlDiagnostics()
    origin = options.origin or "<input>"
    if len(data) > options.max_bytes:
        raise InputError(f"file is too large ({len(data):,} bytes; the limit is "
                         f"{options.max_bytes:,})", path=origin)
    text, encoding = decode_html(data, origin, options.encoding)
    diag.encoding = "ascii" if encoding == "utf-8" and data.isascii() else encoding
    root = parse_html(text, origin)
    unwrap_quotations(root)
    page = read_page_meta(root)
    conv = options.conventions if options.conventions is not None else load_conventions()
    blocks = _body(root, page, is_page(text), diag)
    if len(blocks) > options.max_blocks:
        raise InputError(f"too many blocks ({len(blocks):,}; the limit is {options.max_blocks:,})",
                         path=origin)
    fields = MetaFields()
    blocks = _head(blocks, root, page, fields, diag, conv)
    blocks = _clean_body(blocks, page, fields, diag, conv, options)
    values = finish_meta(fields, replace(options, language=None))
    if not values.get("headline"):
        raise InputError("no article text: the HTML has no headline, title or text", path=origin)
    diag.dateline, diag.byline = values.get("dateline"), values.get("by") or values.get("byline")
    diag.credit = values.get("credit")
    doc = Document(Meta(**values), tuple(blocks), origin=origin)
    doc, language = _settle_language(doc, page, values.get("language"), options, diag)
    diag.language = language
    if not doc.meta.identifier:
        doc = doc.with_meta(identifier=make_identifier(doc.meta.provider, doc.meta.headline,
                                                       document_text(doc)))
    return doc, diag


# --------------------------------------------------------------------------- the body


def _body(root: etree._Element, page: PageMeta, whole_page: bool, diag: HtmlDiagnostics) -> list[Block]:
    """The article's blocks: extracted from a page, or the fragment mapped as it is."""
    conv = page_conventions()["page"]
    never = frozenset(conv["never_text"])
    direct = BlockMapper(page.url, never | frozenset(conv["furniture"]))
    blocks: list[Block] = []
    if not whole_page:
        diag.method = "fragment"
        body = root.find("body")
        direct = BlockMapper(page.url, never)
        blocks = direct.map(body if body is not None else root)
        extracted = None
    else:
        extracted, variant = extract(root, page.article_body)
    trafilatura = BlockMapper(page.url)  # its "head" is a heading, not the page's <head>
    if extracted is not None:
        blocks = trafilatura.map(extracted)
        if blocks:
            diag.method = "extracted"
            diag.extraction = {k: v for k, v in SETTINGS.items() if v is not False}
            if variant != "default":
                diag.extraction["variant"] = variant
            before, after = sibling_chunks(root, extracted)
            if before or after:
                diag.extraction["chunks"] = len(before) + len(after)
                blocks = ([b for el in before for b in direct.map(el)] + blocks
                          + [b for el in after for b in direct.map(el)])
    if whole_page and not blocks:
        diag.method = "page"
        found = page_element(root)
        if found is not None:
            diag.extraction = {"element": found[1]}
            blocks = direct.map(found[0])
    tables = trafilatura.tables + direct.tables
    if tables:
        diag.warnings.append(f"{tables} table(s) read as paragraphs, one per row (no table nodes yet)")
    return blocks


def _key(text: str) -> str:
    """Words only, case folded: how two renderings of one title are compared."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _head(blocks: list[Block], root: etree._Element, page: PageMeta, fields: MetaFields,
          diag: HtmlDiagnostics, conv: Conventions) -> list[Block]:
    """Headline, byline, standfirst, dates and the page's other metadata; returns the body."""
    first_h1 = next((i for i, b in enumerate(blocks[:3]) if isinstance(b, Heading) and b.level == 1),
                    None)
    h1 = plain_text(blocks[first_h1].children).strip() if first_h1 is not None else None
    headline, source = choose_headline(page, h1, diag.method == "fragment")
    if headline is None and blocks and isinstance(blocks[0], (Paragraph, Heading)):
        text = plain_text(blocks[0].children).strip()
        if len(text) <= 200:
            headline, source = text, "first block"
    if headline:
        fields.set_inferred("headline", headline)
        diag.metadata["headline"] = source or ""
    # the headline repeated at the top of the body
    for i, block in enumerate(blocks[:3]):
        if isinstance(block, (Heading, Paragraph)) and headline and \
                _key(plain_text(block.children)) == _key(headline):
            diag.repeats.append(plain_text(block.children))
            blocks = blocks[:i] + blocks[i + 1:]
            break
    blocks = [Heading(2, b.children, b.attrs, b.lang) if isinstance(b, Heading) and b.level < 2 else b
              for b in blocks]

    names = people(page.authors, page.publication, conv)
    if names:
        fields.set_inferred("byline", _join(names))
        fields.set_inferred("authors", tuple(names_to_people(names)))
        shown = parse_byline(page.by, conv) if page.by else None
        if shown and {p.name for p in shown[1]} == set(names):  # the line shown names the same people
            fields.set_inferred("by", page.by)
        diag.metadata["byline"] = page.sources.get("authors", "")
    blocks = _byline_in_body(blocks, fields, diag, conv)

    opening = [(isinstance(b, Heading), block_text(b)) for b in blocks[:3]]
    dek, at = standfirst(page, root, headline or "", opening)
    if dek:
        fields.set_inferred("subheadline", dek)
        diag.metadata["subheadline"] = page.sources.get("description", "")
        if at is not None:
            blocks = blocks[:at] + blocks[at + 1:]
    blocks = _leading_heading(blocks, page, fields, diag)
    for key, value in (("date", page.date), ("modified", page.modified),
                       ("publication", page.publication), ("keywords", page.keywords)):
        if value:
            fields.set_inferred(key, value)
            diag.metadata[key] = page.sources.get(key, "")
    return blocks


def _leading_heading(blocks: list[Block], page: PageMeta, fields: MetaFields,
                     diag: HtmlDiagnostics) -> list[Block]:
    """A heading that opens the body, before any text: a repeat of the headline, or the standfirst.

    A repeat when it is another ``h1`` of the page; the standfirst when it reads as a sentence
    (six words or more) and the page gave none.
    """
    if len(blocks) < 2 or not isinstance(blocks[0], Heading) or not isinstance(blocks[1], Paragraph):
        return blocks
    text = plain_text(blocks[0].children).strip()
    if any(_key(text) == _key(h) for h in page.h1):
        diag.repeats.append(text)
        return blocks[1:]
    if len(text.split()) >= 6 and "subheadline" not in fields.values:
        fields.set_inferred("subheadline", text)
        diag.metadata["subheadline"] = "first heading"
        return blocks[1:]
    return blocks


def names_to_people(names: list[str]) -> list[Any]:
    """Persons for the byline's names (no roles: the page's metadata names none)."""
    from ..model import Person

    return [Person(n) for n in names]


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _byline_in_body(blocks: list[Block], fields: MetaFields, diag: HtmlDiagnostics,
                    conv: Conventions) -> list[Block]:
    """A ``By ...`` paragraph among the first blocks is the byline, not body text.

    Short paragraphs before it, right under the headline, are the standfirst (as in plain text).
    """
    for i, block in enumerate(blocks[:3]):
        if not isinstance(block, Paragraph):
            return blocks
        line = plain_text(block.children).strip()
        parsed = parse_byline(line, conv)
        if parsed is None:
            continue
        names, persons = parsed
        fields.set_inferred("byline", names)
        fields.set_inferred("authors", persons)
        fields.set_inferred("by", line)
        diag.repeats.append(line)
        before = " ".join(plain_text(b.children).strip() for b in blocks[:i]  # type: ignore[union-attr]
                          )
        if before and len(before) <= 400 and "subheadline" not in fields.values:
            fields.set_inferred("subheadline", before)
            return blocks[i + 1:]
        return blocks[:i] + blocks[i + 1:]
    return blocks


_COPYRIGHT = re.compile(r"(?:copyright\b|©|\(c\)\s*\d{4}).{0,200}", re.IGNORECASE)
_WORDLESS = re.compile(r"\W*")


def _clean_body(blocks: list[Block], page: PageMeta, fields: MetaFields, diag: HtmlDiagnostics,
                conv: Conventions, options: ReadOptions) -> list[Block]:
    """Drop junk and link boxes; take a wire credit, a copyright line and the first dateline."""
    data = page_conventions()["junk"]
    junk = junk_matcher((*options.junk_patterns, *data["patterns"]), conv)
    blocks = _cut_link_boxes(blocks, _openers(tuple(data["section_openers"])), diag)
    out: list[Block] = []
    dateline_checked = False
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            flat = plain_text(block.children).strip()
            if _is_junk(flat, junk) or (page.url and flat.rstrip("/") == page.url.rstrip("/")):
                diag.junk.append(flat)
                continue
            if isinstance(block, Paragraph) and is_wire_credit(flat, conv):
                fields.set_inferred("credit", flat)
                continue
            if isinstance(block, Paragraph) and _COPYRIGHT.fullmatch(flat):
                fields.set_inferred("copyright", flat)
                continue
        if isinstance(block, ListBlock):
            kept = tuple(i for i in block.items if not _is_junk(plain_text(i.children).strip(), junk))
            diag.junk.extend(plain_text(i.children).strip() for i in block.items if i not in kept)
            if not kept:
                continue
            block = ListBlock(block.ordered, kept, block.start, block.attrs, block.lang)
        if isinstance(block, Paragraph) and not dateline_checked:
            dateline_checked = True
            block = _take_dateline(block, fields, conv)
            if not block.children:
                continue
        out.append(block)
    return out


def _is_junk(text: str, junk: JunkMatcher) -> bool:
    """Furniture: a junk line (a trailing "..." or "…" allowed), or no word at all ("___")."""
    return bool(_WORDLESS.fullmatch(text) or junk.fullmatch(text.rstrip(" .…") or text))


@functools.lru_cache(maxsize=8)
def _openers(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) + r"[\s.:…]*", re.IGNORECASE)


#: Lines in a box of links are short: titles, not paragraphs of text.
_LINK_LINE = 150


def _cut_link_boxes(blocks: list[Block], opener: re.Pattern[str], diag: HtmlDiagnostics) -> list[Block]:
    """Drop a "You may also like" / "More stories" box after the article: the opener and all after it.

    Only when every block after the opener is a list or a short line (titles of other stories);
    an opener followed by paragraphs of text may be the article's own section.
    """
    for i, block in enumerate(blocks):
        if i == 0 or not isinstance(block, (Paragraph, Heading)):
            continue
        if not opener.fullmatch(plain_text(block.children).strip()):
            continue
        rest = blocks[i + 1:]
        if all(isinstance(b, ListBlock) or len(block_text(b)) <= _LINK_LINE
               for b in rest if not isinstance(b, BlockQuote)):
            diag.junk.extend(block_text(b).replace("\n", " / ") for b in blocks[i:])
            return blocks[:i]
    return blocks


def _take_dateline(block: Paragraph, fields: MetaFields, conv: Conventions) -> Paragraph:
    first = block.children[0] if block.children else None
    if not isinstance(first, Text):
        return block
    found = split_dateline(first.text, conv)
    if found is None:
        return block
    fields.set_inferred("dateline", found.lead)
    fields.set_inferred("located", found.place)
    rest = (Text(found.rest),) if found.rest else ()
    return Paragraph(rest + block.children[1:], block.attrs, block.lang)


# --------------------------------------------------------------------------- language


def _settle_language(doc: Document, page: PageMeta, stated: str | None, options: ReadOptions,
                     diag: HtmlDiagnostics) -> tuple[Document, dict[str, Any]]:
    """The language the user states; else the page's, unless its text is surely another; else ...

    ``<html lang>`` is often a template's default (``en`` on an Italian page), so the page's
    claim is checked against identification and yields when the text is sure of another language.
    """
    if stated:
        doc, report = settle_language(doc, options, given=stated)
        return doc, report.as_dict()
    if page.language:
        found, report = settle_language(doc, replace(options, language=None), given=None)
        primary = page.language.split("-")[0].lower()
        if report.method == "detected" and report.tag.split("-")[0].lower() != primary:
            diag.metadata["language"] = f"text (the page says {page.language})"
            return found, report.as_dict()
        diag.metadata["language"] = page.sources.get("language", "")
        scripted = any(len(sub) == 4 for sub in page.language.split("-")[1:])  # zh-Hant
        if report.method == "detected" and not scripted:  # the text agrees: keep the page's tag
            return found.with_meta(language=page.language), {
                **report.as_dict(), "tag": page.language, "method": "given", "checked": report.tag}
        doc, report = settle_language(doc, options, given=page.language)
        return doc, report.as_dict()
    doc, report = settle_language(doc, options, given=None)
    return doc, report.as_dict()
