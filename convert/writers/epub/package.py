"""The EPUB package documents: container, package document (OPF), navigation document and NCX.

Built as lxml trees from plain values, one helper per spec element. They used to come from
ebooklib's writer internals, patched afterwards for what ebooklib leaves out (``xml:lang`` on
``<package>``, which Ace requires); building them here needs neither, and the bytes are the ones
ebooklib 0.20 wrote plus that attribute, so no output changed when the code moved.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree
from msgspec import Struct

from ..xhtml_body import NSMAP as XHTML_NSMAP
from ..xhtml_body import OPS_NS, XML_LANG, tag

#: The folder inside the OCF container that holds the package (ebooklib's choice, kept).
FOLDER = "EPUB"
OPF_PATH = f"{FOLDER}/content.opf"
CONTAINER_PATH = "META-INF/container.xml"

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"

#: EPUB Accessibility 1.1 conformance claim (``dcterms:conformsTo``), exact string.
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

CONTAINER_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
  <rootfiles>
    <rootfile media-type="application/oebps-package+xml" full-path="{OPF_PATH}"/>
  </rootfiles>
</container>
""".encode()

_UNIQUE_ID = "id"
_PREFIX = "rendition: http://www.idpf.org/vocab/rendition/#"
_NCX_ID = "ncx"
_NCX_HREF = "toc.ncx"
_NAV_ID = "nav"
_NAV_HREF = "nav.xhtml"
NCX_PATH = f"{FOLDER}/{_NCX_HREF}"
NAV_PATH = f"{FOLDER}/{_NAV_HREF}"


class Item(Struct, frozen=True):
    """A manifest item other than the NCX and the nav document (hrefs relative to FOLDER)."""

    id: str
    href: str
    media_type: str


class Chapter(Struct, frozen=True):
    """A content document in reading order: it goes in the manifest, the spine and the TOC."""

    id: str
    href: str
    title: str


class PackageMeta(Struct, frozen=True):
    """What the package document says about the publication (EPUB 3.3 + A11y 1.1)."""

    #: ``urn:uuid:...``; also the NCX ``dtb:uid``.
    identifier: str
    title: str
    #: Every language, the publication's own first (it also goes on ``<package>`` and the nav).
    languages: tuple[str, ...]
    #: "rtl" gives ``dir`` on ``<package>`` and the spine's page progression; else "ltr".
    direction: str
    #: ``dc:date``: the earliest article date; None when no article is dated (nothing invented).
    published: datetime | None
    #: ``dcterms:modified``: this version (the timestamp policy).
    modified: datetime
    generator: str
    creators: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    description: str | None = None
    rights: str | None = None
    accessibility_summary: str = ""
    #: How many pictures the book shows, and whether every one has alt text.
    pictures: int = 0
    pictures_described: bool = True
    #: Who makes the conformance claim (``a11y:certifiedBy``).
    certified_by: str = ""


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tostring(root: etree._Element, doctype: str | None = None) -> bytes:
    return etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True,
                          doctype=doctype)


# --------------------------------------------------------------------------- package document


def _meta(metadata: etree._Element, text: str | None, attrs: dict[str, str]) -> None:
    el = etree.SubElement(metadata, "meta", attrs)
    if text is not None:
        el.text = text


def _dc(metadata: etree._Element, name: str, text: str, attrs: dict[str, str] | None = None) -> None:
    etree.SubElement(metadata, f"{{{DC_NS}}}{name}", attrs).text = text


def _accessibility(metadata: etree._Element, meta: PackageMeta) -> None:
    """EPUB Accessibility 1.1 discovery metadata and conformance claim.

    Text, plus visual content when the book shows pictures: text alone suffices when every
    picture has alt text.
    """
    def prop(name: str, value: str, **attrs: str) -> None:
        _meta(metadata, value, {"property": name, **attrs})

    prop("schema:accessMode", "textual")
    if meta.pictures:
        prop("schema:accessMode", "visual")
    if meta.pictures_described:
        prop("schema:accessModeSufficient", "textual")
    if meta.pictures:
        prop("schema:accessModeSufficient", "textual,visual")
    features = ("structuralNavigation", "tableOfContents", "readingOrder")
    if meta.pictures and meta.pictures_described:
        features = ("alternativeText", *features)
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary", meta.accessibility_summary)
    prop("dcterms:conformsTo", CONFORMANCE, id="conf")
    _meta(metadata, meta.certified_by, {"property": "a11y:certifiedBy", "refines": "#conf"})


def _metadata(package: etree._Element, meta: PackageMeta) -> None:
    """``<metadata>``: modified and generator first, Dublin Core next, refinements last."""
    metadata = etree.SubElement(package, "metadata", nsmap={"dc": DC_NS, "opf": OPF_NS})
    _meta(metadata, _utc(meta.modified), {"property": "dcterms:modified"})
    _meta(metadata, None, {"name": "generator", "content": meta.generator})
    _dc(metadata, "identifier", meta.identifier, {"id": _UNIQUE_ID})
    _dc(metadata, "title", meta.title)
    for language in meta.languages:
        _dc(metadata, "language", language)
    for n, name in enumerate(meta.creators, 1):
        _dc(metadata, "creator", name, {"id": f"creator{n}"})
    if meta.published is not None:
        _dc(metadata, "date", _utc(meta.published))
    for publisher in meta.publishers:
        _dc(metadata, "publisher", publisher)
    for source in meta.sources:
        _dc(metadata, "source", source)
    for subject in meta.subjects:
        _dc(metadata, "subject", subject)
    if meta.description:
        _dc(metadata, "description", meta.description)
    if meta.rights:
        _dc(metadata, "rights", meta.rights)
    for n in range(1, len(meta.creators) + 1):
        _meta(metadata, "aut", {"refines": f"#creator{n}", "property": "role",
                                "scheme": "marc:relators"})
    _accessibility(metadata, meta)


def _manifest(package: etree._Element, items: tuple[Item, ...],
              chapters: tuple[Chapter, ...]) -> None:
    manifest = etree.SubElement(package, "manifest")
    for item in items:
        etree.SubElement(manifest, "item", {"href": item.href, "id": item.id,
                                            "media-type": item.media_type})
    for chapter in chapters:
        etree.SubElement(manifest, "item", {"href": chapter.href, "id": chapter.id,
                                            "media-type": "application/xhtml+xml"})
    etree.SubElement(manifest, "item", {"href": _NCX_HREF, "id": _NCX_ID,
                                        "media-type": "application/x-dtbncx+xml"})
    etree.SubElement(manifest, "item", {"href": _NAV_HREF, "id": _NAV_ID,
                                        "media-type": "application/xhtml+xml",
                                        "properties": "nav"})


def _spine(package: etree._Element, chapters: tuple[Chapter, ...], direction: str) -> None:
    attrs = {"toc": _NCX_ID}
    if direction == "rtl":
        attrs["page-progression-direction"] = "rtl"
    spine = etree.SubElement(package, "spine", attrs)
    for chapter in chapters:
        etree.SubElement(spine, "itemref", {"idref": chapter.id})


def package_document(meta: PackageMeta, items: tuple[Item, ...],
                     chapters: tuple[Chapter, ...]) -> bytes:
    """The package document (``content.opf``).

    ``<package>`` takes its default namespace as a plain ``xmlns`` attribute after ``xml:lang``,
    and its children are unqualified (they inherit it once parsed): lxml writes namespace
    declarations before attributes, so a namespaced tree would reorder the start tag and give
    ``<metadata>`` an ``opf:`` prefix. Written this way the bytes are those of earlier releases.
    """
    attrs = {XML_LANG: meta.languages[0], "xmlns": OPF_NS, "unique-identifier": _UNIQUE_ID,
             "version": "3.0"}
    if meta.direction == "rtl":
        attrs["dir"] = "rtl"
    attrs["prefix"] = _PREFIX
    package = etree.Element("package", attrs)
    _metadata(package, meta)
    _manifest(package, items, chapters)
    _spine(package, chapters, meta.direction)
    return _tostring(package)


# --------------------------------------------------------------------------- navigation


def navigation_document(meta: PackageMeta, chapters: tuple[Chapter, ...], css_href: str) -> bytes:
    """The EPUB 3 navigation document: one ``nav epub:type="toc"`` listing every chapter."""
    language = meta.languages[0]
    html = etree.Element(tag("html"), nsmap=XHTML_NSMAP)
    html.set("lang", language)
    html.set(XML_LANG, language)
    head = etree.SubElement(html, tag("head"))
    etree.SubElement(head, tag("title")).text = meta.title
    etree.SubElement(head, tag("link"), {"href": css_href, "rel": "stylesheet",
                                         "type": "text/css"})
    body = etree.SubElement(html, tag("body"))
    if meta.direction == "rtl":
        body.set("dir", "rtl")
    nav = etree.SubElement(body, tag("nav"), {f"{{{OPS_NS}}}type": "toc", "id": "id",
                                              "role": "doc-toc"})
    etree.SubElement(nav, tag("h2")).text = meta.title
    ol = etree.SubElement(nav, tag("ol"))
    for chapter in chapters:
        li = etree.SubElement(ol, tag("li"))
        etree.SubElement(li, tag("a"), {"href": chapter.href}).text = chapter.title
    return _tostring(html, "<!DOCTYPE html>")


def _ncx_tag(name: str) -> str:
    return f"{{{NCX_NS}}}{name}"


def ncx(meta: PackageMeta, chapters: tuple[Chapter, ...]) -> bytes:
    """The EPUB 2 NCX, kept for older reading systems (EPUBCheck wants the spine's ``toc``)."""
    root = etree.Element(_ncx_tag("ncx"), {"version": "2005-1"}, nsmap={None: NCX_NS})
    head = etree.SubElement(root, _ncx_tag("head"))
    for name, content in (("dtb:uid", meta.identifier), ("dtb:depth", "0"),
                          ("dtb:totalPageCount", "0"), ("dtb:maxPageNumber", "0")):
        etree.SubElement(head, _ncx_tag("meta"), {"content": content, "name": name})
    doc_title = etree.SubElement(root, _ncx_tag("docTitle"))
    etree.SubElement(doc_title, _ncx_tag("text")).text = meta.title
    nav_map = etree.SubElement(root, _ncx_tag("navMap"))
    for chapter in chapters:
        point = etree.SubElement(nav_map, _ncx_tag("navPoint"), {"id": chapter.id})
        label = etree.SubElement(point, _ncx_tag("navLabel"))
        etree.SubElement(label, _ncx_tag("text")).text = chapter.title
        etree.SubElement(point, _ncx_tag("content"), {"src": chapter.href})
    return _tostring(root)
