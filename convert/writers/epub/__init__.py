"""Write a Document as EPUB 3 (one article), or several Documents as one edition.

Pure: ``write(doc, options)`` and ``write_many(docs, options)`` read nothing but their arguments
(and the font files the style names). The article head comes from :func:`convert.arrange.arrange`,
directions from :mod:`convert.textutil`; the package documents are built in :mod:`.package`, the
stylesheet in :mod:`.css`, and the OCF container is zipped by :mod:`convert.zipio` with fixed
order, times and compression.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...arrange import arrange, publication
from ...fontsubset import codepoints
from ...identity import content_digest, identifier_uuid, make_identifier
from ...model import Document, Person, document_text
from ...options import WriteOptions, article_times
from ...scriptfonts import script_use
from ...textutil import language_direction
from ...zipio import Part, build_zip
from ..stylesheet import script_stacks, tree_texts
from .chapter import chapter_tree, serialize
from .css import CSS_HREF, embedded_faces, embedded_families, style_assets, style_css
from .images import BookPicture, chapter_pictures
from .package import (
    CONFORMANCE,
    CONTAINER_PATH,
    CONTAINER_XML,
    FOLDER,
    NAV_PATH,
    NCX_PATH,
    OPF_PATH,
    Chapter,
    Item,
    PackageMeta,
    navigation_document,
    ncx,
    package_document,
)

__all__ = ["CONFORMANCE", "DEFAULT_EDITION_TITLE", "write", "write_many"]

#: Edition title when the caller gives none.
DEFAULT_EDITION_TITLE = "newsconvert edition"

_TEXT_DIR = "text"
_MIMETYPE = Part.make("mimetype", b"application/epub+zip", stored=True)
_CONTAINER = Part.make(CONTAINER_PATH, CONTAINER_XML)


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _identifier(doc: Document) -> str:
    meta = doc.meta
    return meta.identifier or make_identifier(meta.provider, meta.headline, document_text(doc))


def _creators(docs: Sequence[Document]) -> tuple[str, ...]:
    """``dc:creator``: the authors, else the byline line; names only, once each.

    Package metadata, not the head: it reads the model's fields, not :func:`arrange`.
    """
    people: list[Person] = []
    for doc in docs:
        if doc.meta.authors:
            people.extend(doc.meta.authors)
        elif doc.meta.byline:
            people.append(Person(doc.meta.byline))
    return _unique(p.name for p in people)


def _a11y_summary(edition: bool, pictures: int, described: bool) -> str:
    what = "news edition" if edition else "news article"
    if pictures:
        many = "a picture" if pictures == 1 else f"{pictures} pictures"
        told = ("described by its alt text" if pictures == 1 else
                "each described by its alt text") if described else "not all of them described in text"
        media = f"is text with {many}, {told}; it has no audio or video"
    else:
        media = "is text only: it has no images, audio or video"
    return (f"This {what} {media}. Headings mark its structure, a table of contents links every "
            "article, and the reading order follows the printed order.")


def _package_meta(docs: Sequence[Document], options: WriteOptions, *, edition: bool,
                  pictures: int = 0, described: bool = True) -> PackageMeta:
    """The package metadata of one article or an edition (EPUB 3.3 and Accessibility 1.1)."""
    first = docs[0].meta
    languages = _unique(d.meta.language for d in docs) or ("en",)
    times = [article_times(d.meta.date, options.timestamp) for d in docs]
    dated = [t[0] for t in times if t[0] is not None]
    ids = [_identifier(d) for d in docs]
    if edition:
        title = options.title or DEFAULT_EDITION_TITLE
        uid = identifier_uuid("urn:newsconvert:edition:" + content_digest(*ids))
    else:
        title = first.headline
        uid = identifier_uuid(ids[0])
    rights = _unique(d.meta.copyright for d in docs)
    return PackageMeta(
        identifier=f"urn:uuid:{uid}",
        title=title,
        languages=languages,
        direction=language_direction(languages[0]),
        published=min(dated) if dated else None,
        modified=max(t[1] for t in times),
        generator=f"{options.generator} {options.generator_version}".strip(),
        creators=_creators(docs),
        publishers=_unique([*(publication(d, options.style) for d in docs),
                            *(d.meta.source for d in docs)]),
        sources=tuple(ids),
        subjects=_unique([*(k for d in docs for k in d.meta.keywords),
                          *(s.name for d in docs for s in d.meta.subjects)]),
        description=None if edition else first.subheadline or None,
        rights="; ".join(rights) or None,
        accessibility_summary=_a11y_summary(edition, pictures, described),
        certified_by=options.generator or "newsconvert",
        pictures=pictures,
        pictures_described=described,
    )


def _book(docs: Sequence[Document], options: WriteOptions, *, edition: bool) -> bytes:
    width = max(3, len(str(len(docs))))
    chapters: list[Chapter] = []
    chapter_parts: list[Part] = []
    pictures: list[BookPicture] = []
    described = True
    texts: list[tuple[str, str]] = []
    for n, doc in enumerate(docs, 1):
        head = arrange(doc, options.style)
        stem = f"article-{n:0{width}d}" if edition else "article"
        chapter = Chapter(stem, f"{_TEXT_DIR}/{stem}.xhtml", head.headline)
        chapters.append(chapter)
        language = doc.meta.language or "en"
        found = chapter_pictures(doc.body, stem)
        pictures.extend(found.files)
        described = described and found.described
        tree = chapter_tree(head, language, f"../{CSS_HREF}", found.srcs, located=doc.meta.located,
                            place_only=options.style.element("dateline").uppercase)
        texts.extend(tree_texts(tree, language))
        chapter_parts.append(Part.make(f"{FOLDER}/{chapter.href}", serialize(tree)))
    meta = _package_meta(docs, options, edition=edition, pictures=len(pictures),
                         described=described)
    use = script_use(texts)
    stacks = script_stacks(use, meta.languages[0])
    assets = style_assets(options.style, stacks)
    css, fonts = assets.css, assets.fonts
    if options.embed_fonts:
        extra = embedded_faces(embedded_families(options.style, use, meta.languages[0]),
                               codepoints(text for _lang, text in texts))
        declared = tuple((f.family, f.variant, f.href) for f in extra)
        css = Part.make(css.name, style_css(options.style, stacks, declared).encode("utf-8"))
        fonts += extra
    items = (Item("css", CSS_HREF, "text/css"),
             *(Item(f"font{n}", f.href, f.media_type) for n, f in enumerate(fonts, 1)),
             *(Item(f"image{n}", p.href, p.media_type) for n, p in enumerate(pictures, 1)))
    toc = tuple(chapters)
    parts = [
        _MIMETYPE,
        _CONTAINER,
        Part.make(OPF_PATH, package_document(meta, items, toc)),
        css,
        *(f.part for f in fonts),
        *(p.part for p in pictures),
        *chapter_parts,
        Part.make(NCX_PATH, ncx(meta, toc)),
        Part.make(NAV_PATH, navigation_document(meta, toc, CSS_HREF)),
    ]
    return build_zip(parts, options.timestamp)


def write(doc: Document, options: WriteOptions) -> bytes:
    """One article as an EPUB 3 publication, in ``options.style``."""
    return _book([doc], options, edition=False)


def write_many(docs: Sequence[Document], options: WriteOptions) -> bytes:
    """Several articles as one EPUB edition, one chapter each, titled ``options.title``.

    The table of contents lists every headline; the identifier derives from the articles' ids.
    """
    docs = list(docs)
    if not docs:
        raise ValueError("an EPUB edition needs at least one article")
    return _book(docs, options, edition=True)
