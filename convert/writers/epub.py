"""Write a Document as EPUB 3 (one article), or several Documents as one edition."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ebooklib import epub
from lxml import etree

from ..identity import content_digest, identifier_uuid, make_identifier
from ..model import Document, Paragraph, Person, document_text
from ..options import WriteOptions, version_times
from ..styles import ElementStyle, HouseStyle, load_style
from ..zipio import Part, build_zip
from . import xhtml
from .xhtml import XML_LANG, tag

#: Edition title when the caller gives none.
DEFAULT_EDITION_TITLE = "newsconvert edition"

#: Paths inside the OCF container (ebooklib puts the package in ``EPUB/``).
_FOLDER = "EPUB"
_CSS_NAME = "style/article.css"
_TEXT_DIR = "text"
_FONT_DIR = "fonts"

#: EPUB Accessibility 1.1 conformance claim (``dcterms:conformsTo``), exact string.
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

#: Primary language subtags written right to left (Arabic, Persian, Urdu, Hebrew, ...).
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr",
                            "ug", "ur", "yi"})
_RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})

_FONT_MEDIA = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
               ".woff2": "font/woff2"}
_FONT_VARIANTS = (("regular", "normal", "normal"), ("bold", "bold", "normal"),
                  ("italic", "normal", "italic"), ("bold_italic", "bold", "italic"))

_MIMETYPE = Part.make("mimetype", b"application/epub+zip", stored=True)
#: ebooklib's container.xml never changes: compress it once.
_CONTAINER = Part.make(epub.CONTAINER_PATH,
                       (epub.CONTAINER_XML % {"folder_name": _FOLDER}).encode("utf-8"))


# --------------------------------------------------------------------------- house style -> CSS


def _num(value: float) -> str:
    """A short, stable CSS number (no float noise, no trailing zeros)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _em(points: float, size: float) -> str:
    """Points as ems of an element whose font size is ``size`` points (readers scale ems)."""
    value = _num(points / size)
    return "0" if value == "0" else f"{value}em"


def _css_string(text: str) -> str:
    """A CSS string literal; quotes, backslashes and line breaks (never in font names) dropped."""
    return '"' + re.sub(r'["\\\n]', "", text) + '"'


def _family(es: ElementStyle) -> str:
    return f"{_css_string(es.font)}, {es.font_fallback}"


def _char_decls(es: ElementStyle, body: ElementStyle, *, inline: bool = False) -> list[str]:
    """Character properties, sizes relative to the body.

    ``inline`` elements (links, the dateline run) state only what differs from the body, so a
    link inside an italic quote stays italic.
    """
    decls = [
        ("font-family", _family(es), es.font != body.font or es.font_fallback != body.font_fallback),
        ("font-size", _em(es.size, body.size), es.size != body.size),
        ("font-weight", "bold" if es.bold else "normal", es.bold != body.bold),
        ("font-style", "italic" if es.italic else "normal", es.italic != body.italic),
        ("color", es.colour, es.colour != body.colour),
        ("text-transform", "uppercase" if es.uppercase else "none", es.uppercase != body.uppercase),
        ("text-decoration", "underline" if es.underline else "none",
         es.underline != body.underline),
    ]
    return [f"{name}: {value}" for name, value, differs in decls
            if differs or (not inline and name != "font-size")]


def _para_decls(es: ElementStyle, *, keep: bool = True) -> list[str]:
    """Paragraph properties; spacing in ems of the element's own size, so readers can scale."""
    hyphens = "auto" if es.hyphenate else "manual"
    decls = [
        f"line-height: {_num(es.line_height)}",
        f"margin: {_em(es.space_before, es.size)} 0 {_em(es.space_after, es.size)} "
        f"{_em(es.left_indent, es.size)}",
        f"text-align: {es.align}",
        f"text-indent: {_em(es.first_line_indent, es.size)}",
        f"-epub-hyphens: {hyphens}",
        f"hyphens: {hyphens}",
    ]
    if keep and es.keep_with_next:
        decls += ["page-break-after: avoid", "break-after: avoid"]
    return decls


def _block_decls(es: ElementStyle, body: ElementStyle, *, keep: bool = True) -> list[str]:
    """Character plus paragraph properties of a block element."""
    return _char_decls(es, body) + _para_decls(es, keep=keep)


def _rule(selector: str, decls: Iterable[str]) -> str:
    body = "".join(f"  {d};\n" for d in decls)
    return f"{selector} {{\n{body}}}\n"


def _font_name(family: str, variant: str, suffix: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", family).strip("-") or "font"
    return f"{_FONT_DIR}/{slug}-{variant.replace('_', '-')}{suffix}"


def style_css(style: HouseStyle) -> str:
    """The stylesheet for a house style: one rule per style element, fonts declared first."""
    body = style.element("body")
    rules: list[str] = [
        f"/* newsconvert house style {style.name!r}: generated, do not edit */\n",
    ]
    for family, files in sorted(style.font_files.items()):
        for variant, weight, font_style in _FONT_VARIANTS:
            path = getattr(files, variant)
            if path is None:
                continue
            name = _font_name(family, variant, path.suffix.lower())
            rules.append(_rule("@font-face", [
                f"font-family: {_css_string(family)}",
                f"font-weight: {weight}", f"font-style: {font_style}",
                f'src: url("../{name}")',
            ]))
    # Body character properties are inherited; ``p`` adds only paragraph properties, so a
    # paragraph inside a blockquote keeps the quote's look.
    rules.append(_rule("body", [*_char_decls(body, body),
                                f"line-height: {_num(body.line_height)}"]))
    el = style.element
    rules += [
        _rule("p", _para_decls(body)),
        _rule("h1", _block_decls(el("headline"), body)),
        _rule("p.standfirst", _block_decls(el("standfirst"), body)),
        _rule("p.byline", _block_decls(el("byline"), body)),
        _rule("p.dateline", _block_decls(el("dateline"), body)),
        _rule("span.dateline", _char_decls(el("dateline"), body, inline=True)),
        _rule("h2", _block_decls(el("subheading"), body)),
        _rule("h3, h4, h5, h6", _block_decls(el("subheading3"), body)),
        _rule("blockquote", _block_decls(el("quote"), body)),
        _rule("blockquote p", ["margin: 0 0 0.5em 0", "text-indent: 0"]),
        _rule("figure.quote", ["margin: 0", "padding: 0"]),
        _rule("figure.quote blockquote", ["margin-bottom: 0"]),
        _rule("figcaption.attribution", _block_decls(el("quote"), body, keep=False)),
        _rule("ul, ol", [f"margin: 0 0 {_em(body.space_after, body.size)} 0",
                         f"padding-left: {_em(el('list').left_indent, body.size) or '0'}"]),
        _rule("li", [*_char_decls(el("list"), body),
                     *(d for d in _para_decls(el("list")) if not d.startswith("margin")),
                     f"margin: 0 0 {_em(el('list').space_after, el('list').size)} 0"]),
        _rule("p.credit, p.copyright", _block_decls(el("credit"), body)),
        _rule("a", _char_decls(el("link"), body, inline=True)),
        # Quoted keeps its typed marks in the text: no generated marks, or they would show twice.
        _rule("q", ["quotes: none"]),
        _rule("q::before, q::after", ['content: ""']),
        _rule("header, footer, article", ["margin: 0", "padding: 0"]),
    ]
    return "".join(rules)


@dataclass(frozen=True, slots=True)
class _FontAsset:
    name: str
    media_type: str
    part: Part


@dataclass(frozen=True, slots=True)
class _StyleAssets:
    css: bytes
    css_part: Part
    fonts: tuple[_FontAsset, ...]


_ASSETS: dict[int, tuple[HouseStyle, _StyleAssets]] = {}
_ASSETS_LOCK = threading.Lock()
_ASSETS_MAX = 16


def _assets(style: HouseStyle) -> _StyleAssets:
    """CSS and font parts of a style, built and compressed once per process per style object.

    Keyed by identity (HouseStyle holds mappings, so it is not hashable); the entry keeps the
    style alive, so an id is never reused while its entry exists.
    """
    hit = _ASSETS.get(id(style))
    if hit is not None and hit[0] is style:
        return hit[1]
    css = style_css(style).encode("utf-8")
    fonts: list[_FontAsset] = []
    for family, files in sorted(style.font_files.items()):
        for variant, _weight, _style in _FONT_VARIANTS:
            path = getattr(files, variant)
            if path is None:
                continue
            suffix = path.suffix.lower()
            name = _font_name(family, variant, suffix)
            media = _FONT_MEDIA.get(suffix, "application/font-sfnt")
            fonts.append(_FontAsset(name, media, Part.make(f"{_FOLDER}/{name}", path.read_bytes())))
    assets = _StyleAssets(css, Part.make(f"{_FOLDER}/{_CSS_NAME}", css), tuple(fonts))
    with _ASSETS_LOCK:
        if len(_ASSETS) >= _ASSETS_MAX:
            _ASSETS.pop(next(iter(_ASSETS)))
        _ASSETS[id(style)] = (style, assets)
    return assets


# --------------------------------------------------------------------------- content documents


def language_direction(language: str) -> str:
    """``"rtl"`` for languages (or scripts) written right to left, else ``"ltr"``."""
    subtags = language.lower().replace("_", "-").split("-")
    if subtags[0] in _RTL_LANGUAGES and not any(s == "latn" for s in subtags[1:]):
        return "rtl"
    return "rtl" if any(s in _RTL_SCRIPTS for s in subtags[1:]) else "ltr"


def _p(parent: etree._Element, cls: str, text: str, base: str) -> etree._Element:
    el = etree.SubElement(parent, tag("p"), {"class": cls})
    el.text = text
    xhtml.set_direction(el, text, base)
    return el


def chapter_xhtml(doc: Document, style: HouseStyle, css_href: str) -> bytes:
    """One article as an XHTML content document (semantic HTML, language and direction set)."""
    meta = doc.meta
    language = meta.language or "en"
    base = language_direction(language)
    html = etree.Element(tag("html"), nsmap=xhtml.NSMAP)
    html.set("lang", language)
    html.set(XML_LANG, language)
    if base == "rtl":
        html.set("dir", "rtl")
    head = etree.SubElement(html, tag("head"))
    etree.SubElement(head, tag("meta"), charset="utf-8")
    etree.SubElement(head, tag("title")).text = meta.headline
    etree.SubElement(head, tag("link"), rel="stylesheet", type="text/css", href=css_href)
    body = etree.SubElement(html, tag("body"))
    article = etree.SubElement(body, tag("article"))

    header = etree.SubElement(article, tag("header"))
    h1 = etree.SubElement(header, tag("h1"))
    h1.text = meta.headline
    xhtml.set_direction(h1, meta.headline, base)
    if meta.subheadline:
        _p(header, "standfirst", meta.subheadline, base)
    byline = meta.by or meta.byline
    if byline:
        _p(header, "byline", byline, base)

    blocks = doc.body
    if meta.dateline:
        if style.layout.dateline == "inline" and blocks and isinstance(blocks[0], Paragraph):
            p = xhtml.block(article, blocks[0], base)
            span = etree.Element(tag("span"), {"class": "dateline"})
            span.text = meta.dateline
            span.tail = " \u2014 " + (p.text or "")
            p.text = None
            p.insert(0, span)
            blocks = blocks[1:]
        else:
            _p(article, "dateline", meta.dateline, base)
    xhtml.blocks(article, blocks, base)

    if meta.credit or meta.copyright:
        footer = etree.SubElement(article, tag("footer"))
        if meta.credit:
            _p(footer, "credit", meta.credit, base)
        if meta.copyright:
            _p(footer, "copyright", meta.copyright, base)
    return etree.tostring(html, encoding="utf-8", xml_declaration=True,
                          doctype="<!DOCTYPE html>")


class _Chapter(epub.EpubHtml):
    """A content document whose bytes we built ourselves.

    ebooklib's own EpubHtml re-parses the body with the HTML parser and rebuilds it (slow, and
    it loses the XHTML namespace details); returning our serialised tree avoids both.
    """

    def get_content(self, default: Any = None) -> bytes:
        return self.content


# --------------------------------------------------------------------------- package


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _identifier(doc: Document) -> str:
    meta = doc.meta
    return meta.identifier or make_identifier(meta.provider, meta.headline, document_text(doc))


def _creators(docs: Sequence[Document]) -> list[str]:
    people: list[Person] = []
    for doc in docs:
        if doc.meta.authors:
            people.extend(doc.meta.authors)
        elif doc.meta.byline:
            people.append(Person(doc.meta.byline))
    return _unique(p.name for p in people)


def _a11y_summary(edition: bool) -> str:
    what = "news edition" if edition else "news article"
    return (f"This {what} is text only: it has no images, audio or video. Headings mark its "
            "structure, a table of contents links every article, and the reading order follows "
            "the printed order.")


class _PartsWriter(epub.EpubWriter):
    """ebooklib's EPUB writer, collecting parts instead of zipping them.

    ebooklib builds the package document, navigation document and NCX; the container is then
    zipped by :mod:`convert.zipio` with fixed order, times and compression, reusing parts (CSS,
    fonts, mimetype) compressed once per process.
    """

    def write(self) -> None:
        self.out = self  # the ebooklib methods below call self.out.writestr(name, data)
        self.parts: dict[str, bytes] = {}
        self._write_container()
        self._write_opf()
        self._write_items()

    def writestr(self, name: str, data: bytes | str, **_: Any) -> None:
        self.parts[name] = data.encode("utf-8") if isinstance(data, str) else data


def _book(docs: Sequence[Document], options: WriteOptions, *, edition: bool) -> bytes:
    style = options.style or load_style("default")
    assets = _assets(style)
    first_doc = docs[0]
    languages = _unique(d.meta.language for d in docs) or ["en"]
    language = languages[0]
    direction = language_direction(language)

    times = [version_times(d.meta.date, options.timestamp) for d in docs]
    published = min(t[0] for t in times)
    modified = max(t[1] for t in times)

    ids = [_identifier(d) for d in docs]
    if edition:
        title = options.title or DEFAULT_EDITION_TITLE
        uid = identifier_uuid("urn:newsconvert:edition:" + content_digest(*ids))
    else:
        title = first_doc.meta.headline
        uid = identifier_uuid(ids[0])

    book = epub.EpubBook()
    book.FOLDER_NAME = _FOLDER
    book.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator",
              "content": f"{options.generator} {options.generator_version}".strip()})]
    book.set_identifier(f"urn:uuid:{uid}")
    book.set_title(title)
    for lang in languages:
        book.set_language(lang)
    book.language = language
    if direction == "rtl":
        book.set_direction("rtl")
    for n, name in enumerate(_creators(docs), 1):
        book.add_author(name, role="aut", uid=f"creator{n}")
    book.add_metadata("DC", "date", _utc(published))
    for publisher in _unique(d.meta.source for d in docs):
        book.add_metadata("DC", "publisher", publisher)
    for ident in ids:
        book.add_metadata("DC", "source", ident)
    subjects = _unique([*(k for d in docs for k in d.meta.keywords),
                        *(s.name for d in docs for s in d.meta.subjects)])
    for subject in subjects:
        book.add_metadata("DC", "subject", subject)
    if not edition and first_doc.meta.subheadline:
        book.add_metadata("DC", "description", first_doc.meta.subheadline)
    rights = _unique(d.meta.copyright for d in docs)
    if rights:
        book.add_metadata("DC", "rights", "; ".join(rights))
    _accessibility(book, options, edition=edition)

    css = epub.EpubItem(uid="css", file_name=_CSS_NAME, media_type="text/css",
                        content=assets.css)
    book.add_item(css)
    for n, font in enumerate(assets.fonts, 1):
        book.add_item(epub.EpubItem(uid=f"font{n}", file_name=font.name,
                                    media_type=font.media_type, content=b""))
    width = max(3, len(str(len(docs))))
    chapters: list[_Chapter] = []
    for n, doc in enumerate(docs, 1):
        stem = f"article-{n:0{width}d}" if edition else "article"
        chapter = _Chapter(uid=stem, file_name=f"{_TEXT_DIR}/{stem}.xhtml",
                           media_type="application/xhtml+xml", title=doc.meta.headline,
                           lang=doc.meta.language or "en",
                           content=chapter_xhtml(doc, style, f"../{_CSS_NAME}"))
        book.add_item(chapter)
        chapters.append(chapter)
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=title, direction="rtl" if direction == "rtl" else None)
    nav.add_item(css)
    book.add_item(nav)
    book.toc = chapters
    book.spine = chapters

    writer = _PartsWriter("", book, {
        "mtime": modified.astimezone(UTC).replace(tzinfo=None),
        "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False,
        "package_direction": True,
    })
    writer.write()
    raw = writer.parts
    opf_name = f"{_FOLDER}/content.opf"
    raw[opf_name] = _fix_package(raw[opf_name], language)

    fixed = {_CONTAINER.name: _CONTAINER, assets.css_part.name: assets.css_part,
             **{f.part.name: f.part for f in assets.fonts}}
    parts = [_MIMETYPE]
    for name, data in raw.items():
        parts.append(fixed.get(name) or Part.make(name, data))
    return build_zip(parts, options.timestamp)


def _accessibility(book: epub.EpubBook, options: WriteOptions, *, edition: bool) -> None:
    """EPUB Accessibility 1.1 discovery metadata and conformance claim (text-only content)."""
    def prop(name: str, value: str, **attrs: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **attrs})

    prop("schema:accessMode", "textual")
    prop("schema:accessModeSufficient", "textual")
    for feature in ("structuralNavigation", "tableOfContents", "readingOrder"):
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary", _a11y_summary(edition))
    prop("dcterms:conformsTo", CONFORMANCE, id="conf")
    book.add_metadata(None, "meta", options.generator or "newsconvert",
                      {"property": "a11y:certifiedBy", "refines": "#conf"})


def _fix_package(opf: bytes, language: str) -> bytes:
    """Add what ebooklib leaves out of the package document: ``xml:lang`` (Ace: epub-lang).

    ebooklib serialises the root start tag itself, so the attribute goes straight into it
    (re-parsing the whole package would cost more than building it).
    """
    lang = xml_escape(language, {'"': "&quot;"}).encode("utf-8")
    fixed = opf.replace(b"<package ", b'<package xml:lang="' + lang + b'" ', 1)
    if fixed == opf:  # pragma: no cover - a future ebooklib changed its output
        root = etree.fromstring(opf, etree.XMLParser(resolve_entities=False, no_network=True))
        root.set(XML_LANG, language)
        fixed = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return fixed


# --------------------------------------------------------------------------- public API


def write(doc: Document, options: WriteOptions) -> bytes:
    """One article as an EPUB 3 publication."""
    return _book([doc], options, edition=False)


def write_many(docs: Sequence[Document], options: WriteOptions) -> bytes:
    """Several articles as one EPUB edition, one chapter each, titled ``options.title``.

    The table of contents lists every headline; the identifier derives from the articles' ids.
    """
    docs = list(docs)
    if not docs:
        raise ValueError("an EPUB edition needs at least one article")
    return _book(docs, options, edition=True)
