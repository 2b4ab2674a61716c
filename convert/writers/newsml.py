"""Write a Document as NewsML-G2."""

# One article becomes one NewsML-G2 2.35 Power ``newsItem``; several become one ``newsMessage``.
# Structure and mapping follow STANDARDS.md section 4. Deliberate choices:
# - The body is XHTML (``application/xhtml+xml``) by default, NITF 3.6 with ``newsml_body="nitf"``.
# - Byline roles ("Staff Reporter") are free text, but ``creator/@jobtitle`` is a QCode: each role
#   becomes a code in a provider scheme declared by an inline ``<catalog>`` (alias ``ncjob``) and
#   its text is kept in ``creator/note``, so no alias depends on a remote provider catalog.
# - ``wordcount`` counts the words of the body blocks (not the headline or metadata).
# - ``signal`` is ``sig:update`` for version > 1 unless ``meta.extra`` has ``signal=correction``.
# - Every node of the body is rendered (convert.writers.xhtml_body; NITF: .newsml_nitf). A picture
#   is an ``img``/``media`` naming it by its web address, else a file name unique in the article;
#   with ``newsml_package`` (``--package``) the message also carries one pictureItem per picture
#   under the same name, grouped by a packageItem (.newsml_package). Notes are listed after the
#   body (XHTML ``div.notes > ol``, NITF ``fn``), their ids prefixed per item in a newsMessage.
# - The body's head (headline, standfirst, byline, dateline inline or apart, credit) is what
#   ``convert.arrange`` decides for every writer; NITF keeps the dateline in ``body.head``, as its
#   DTD wants, and the copyright line lives in ``rightsInfo``, not in the body.

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from lxml import etree

from ..arrange import DATELINE_SEPARATOR, Arranged, arrange, byline
from ..errors import UsageError
from ..identity import make_identifier, provider_domain
from ..model import (
    Document,
    Paragraph,
    block_text,
    document_text,
)
from ..namespaces import NAR, NITF, XHTML, XML_LANG  # noqa: F401 (NITF: callers name it here)
from ..options import WriteOptions, article_times
from ..textutil import language_direction, word_count
from . import xhtml_body
from .newsml_nitf import nitf_body
from .pictures import picture_names

#: The current IPTC NewsCodes catalog (every IPTC alias we use resolves through it).
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
#: Alias of the provider scheme for creator job titles, declared in an inline catalog.
JOBTITLE_ALIAS = "ncjob"
_PUB_STATUS = {"usable", "withheld", "canceled"}
_SLUG = re.compile(r"[^0-9a-z]+")


def nar(tag: str) -> str:
    return f"{{{NAR}}}{tag}"


def sub(parent: etree._Element, name: str, text: str | None = None, /,
         **attrs: str | None) -> etree._Element:
    """A NAR child element; text is set through lxml, which escapes it."""
    el = etree.SubElement(parent, nar(name), {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def iso_time(value: datetime) -> str:
    """ISO 8601 with an explicit offset (IPTC: every date-time carries a timezone)."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=UTC)
    return value.replace(microsecond=0).isoformat()


def provider_base(doc: Document) -> str:
    """The provider's web address, used as authority for its own schemes."""
    meta = doc.meta
    if meta.provider_uri:
        return meta.provider_uri.rstrip("/") + "/"
    return f"https://{provider_domain(meta.provider)}/"


def guid(doc: Document) -> str:
    """The item's guid: ``meta.identifier``, else derived from provider and content."""
    meta = doc.meta
    if meta.identifier:
        return meta.identifier
    return make_identifier(meta.provider, meta.headline, document_text(doc))


def _extra(doc: Document, key: str) -> str | None:
    for k, v in doc.meta.extra:
        if k == key:
            return v
    return None


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "role"


# --------------------------------------------------------------------------- item metadata


def item_times(doc: Document, options: WriteOptions) -> tuple[datetime | None, datetime]:
    """(firstCreated, versionCreated): the first only when the article is dated."""
    first, version = article_times(doc.meta.date, options.timestamp)
    modified = doc.meta.modified
    if modified is not None and modified > version:
        version = modified  # versionCreated must not precede contentModified
    return first, version


def _catalogs(item: etree._Element, doc: Document) -> None:
    sub(item, "catalogRef", href=IPTC_CATALOG)
    if any(p.role for p in doc.meta.authors):
        catalog = sub(item, "catalog")
        sub(catalog, "scheme", alias=JOBTITLE_ALIAS,
             uri=provider_base(doc) + "newscodes/jobtitle/")


def _rights_info(item: etree._Element, doc: Document) -> None:
    meta = doc.meta
    if not (meta.copyright or meta.copyright_holder or meta.usage_terms):
        return
    rights = sub(item, "rightsInfo")
    if meta.copyright_holder:
        holder = sub(rights, "copyrightHolder")
        sub(holder, "name", meta.copyright_holder)
    if meta.copyright:
        sub(rights, "copyrightNotice", meta.copyright)
    if meta.usage_terms:
        sub(rights, "usageTerms", meta.usage_terms)


def _item_meta(item: etree._Element, doc: Document, options: WriteOptions) -> None:
    meta = doc.meta
    first, version = item_times(doc, options)
    im = sub(item, "itemMeta")
    sub(im, "itemClass", qcode="ninat:text")
    provider = sub(im, "provider", uri=meta.provider_uri)
    sub(provider, "name", meta.provider)
    sub(im, "versionCreated", iso_time(version))
    if first is not None:
        sub(im, "firstCreated", iso_time(first))
    status = meta.pub_status if meta.pub_status in _PUB_STATUS else "usable"
    sub(im, "pubStatus", qcode=f"stat:{status}")
    sub(im, "generator", options.generator, versioninfo=options.generator_version)
    if meta.ednote:
        sub(im, "edNote", meta.ednote)
    signal = _extra(doc, "signal")
    if signal:
        sub(im, "signal", qcode=signal if ":" in signal else f"sig:{signal}")
    elif meta.version > 1:
        sub(im, "signal", qcode="sig:update")


def _content_meta(item: etree._Element, doc: Document, options: WriteOptions) -> None:
    meta = doc.meta
    first, version = item_times(doc, options)
    cm = sub(item, "contentMeta")
    if meta.urgency is not None:
        sub(cm, "urgency", str(min(9, max(1, int(meta.urgency)))))
    if first is not None:
        sub(cm, "contentCreated", iso_time(first))
    modified = meta.modified
    if modified is not None and (first is None or first < modified) and modified <= version:
        sub(cm, "contentModified", iso_time(modified))
    # administrative group
    if meta.located:
        sub(sub(cm, "located"), "name", meta.located)
    if meta.source:
        sub(sub(cm, "infoSource"), "name", meta.source)
    for person in meta.authors:
        creator = sub(cm, "creator",
                       jobtitle=f"{JOBTITLE_ALIAS}:{_slug(person.role)}" if person.role else None)
        sub(creator, "name", person.name)
        if person.role:
            sub(creator, "note", person.role)
    if not meta.authors and meta.byline:
        sub(sub(cm, "creator"), "name", meta.byline)
    # descriptive group
    sub(cm, "language", tag=meta.language)
    for kw in meta.keywords:
        sub(cm, "keyword", kw)
    for subject in meta.subjects:
        el = sub(cm, "subject", qcode=subject.qcode)
        if subject.name:
            sub(el, "name", subject.name)
    if meta.slugline:
        sub(cm, "slugline", meta.slugline)
    sub(cm, "headline", meta.headline)
    if meta.dateline:
        sub(cm, "dateline", meta.dateline)
    by = byline(doc)
    if by:
        sub(cm, "by", by)
    if meta.credit:
        sub(cm, "creditline", meta.credit)
    if meta.subheadline:
        sub(cm, "description", meta.subheadline, role="drol:summary")


# --------------------------------------------------------------------------- XHTML body


def _xhtml(doc: Document, head: Arranged, names: Mapping[str, str], ids: str) -> etree._Element:
    """The XHTML body, through the same serializer as the EPUB writer (convert.writers.xhtml_body).

    Quotations are their typed marks, not ``<q>``: without our stylesheet, a partner's browser
    would draw ``<q>``'s own marks around ours. Pictures are ``img`` elements named as the item
    names them; notes are listed after the body (``div.notes > ol``), before the credit.
    """
    meta = doc.meta
    doc_dir = language_direction(meta.language)  # as in every writer: the language decides
    r = xhtml_body.Renderer(pictures=lambda fig: names.get(fig.source), ids=ids,
                            language=meta.language, quotes=False, fmt="NewsML-G2")
    html = etree.Element(xhtml_body.tag("html"), nsmap={None: XHTML})
    html.set("lang", meta.language)
    html.set(XML_LANG, meta.language)
    if doc_dir == "rtl":
        html.set("dir", "rtl")
    etree.SubElement(etree.SubElement(html, xhtml_body.tag("head")), xhtml_body.tag("title")).text = \
        head.headline
    body = etree.SubElement(html, xhtml_body.tag("body"))
    etree.SubElement(body, xhtml_body.tag("h1")).text = head.headline
    if head.standfirst:
        etree.SubElement(body, xhtml_body.tag("p"), {"class": "standfirst"}).text = head.standfirst
    if head.byline:
        etree.SubElement(body, xhtml_body.tag("p"), {"class": "byline"}).text = head.byline
    blocks = list(head.body)
    if head.dateline and head.dateline_inline:
        first = blocks.pop(0)
        assert isinstance(first, Paragraph)  # arrange() inlines the dateline only into one
        p = etree.SubElement(body, xhtml_body.tag("p"))
        etree.SubElement(p, xhtml_body.tag("span"), {"class": "dateline"}).text = head.dateline
        xhtml_body.append_text(p, DATELINE_SEPARATOR)
        r.inlines(p, first.children)
        if not first.lang:
            xhtml_body.set_direction(p, block_text(first), doc_dir)
        xhtml_body.mark_language(p, first.lang, doc_dir)
    elif head.dateline:
        etree.SubElement(body, xhtml_body.tag("p"), {"class": "dateline"}).text = head.dateline
    r.blocks(body, tuple(blocks), doc_dir)
    r.notes(body, doc_dir)
    if head.credit:  # the copyright line is in rightsInfo, not repeated in the body
        etree.SubElement(body, xhtml_body.tag("p"), {"class": "credit"}).text = head.credit
    return html


# --------------------------------------------------------------------------- items


def _content_set(item: etree._Element, doc: Document, options: WriteOptions, ids: str) -> None:
    nitf = options.newsml_body == "nitf"
    if options.newsml_body not in ("xhtml", "nitf"):
        raise UsageError(f"unknown NewsML-G2 body format {options.newsml_body!r} "
                         "(use xhtml or nitf)")
    inline = sub(sub(item, "contentSet"), "inlineXML",
                  contenttype="application/nitf+xml" if nitf else "application/xhtml+xml",
                  wordcount=str(word_count(document_text(doc))))
    head = arrange(doc, options.style)
    names = picture_names(head.body)
    inline.append(nitf_body(doc, head, names, ids) if nitf else _xhtml(doc, head, names, ids))


def news_item(doc: Document, options: WriteOptions, ids: str = "") -> etree._Element:
    """The ``newsItem`` element of one article; ``ids`` prefixes its body's ``id`` attributes.

    A picture is referred to by its web address, else by a file name unique in the article
    (:func:`convert.writers.pictures.picture_names`), as the ``pictureItem`` of a package is.
    """
    meta = doc.meta
    item = etree.Element(nar("newsItem"), nsmap={None: NAR})
    item.set("guid", guid(doc))
    item.set("version", str(max(1, int(meta.version))))
    item.set("standard", "NewsML-G2")
    item.set("standardversion", "2.35")
    item.set("conformance", "power")
    item.set(XML_LANG, meta.language)
    _catalogs(item, doc)
    _rights_info(item, doc)
    _item_meta(item, doc, options)
    _content_meta(item, doc, options)
    _content_set(item, doc, options, ids)
    return item


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write(doc: Document, options: WriteOptions) -> bytes:
    """One article as a NewsML-G2 ``newsItem`` document (a package with ``newsml_package``)."""
    if options.newsml_package:
        from .newsml_package import write_package

        return write_package([doc], options)
    return serialise(news_item(doc, options))


def transmit_id(sender: str, guids: Sequence[str], sent: datetime) -> str:
    """Deterministic transmitId: same items and time give the same id, unique per day."""
    digest = hashlib.sha256("\x1f".join([*guids, iso_time(sent)]).encode("utf-8")).hexdigest()
    return f"{sender}:{sent.astimezone(UTC):%Y%m%d}:{digest[:16]}"


def write_many(docs: Sequence[Document], options: WriteOptions) -> bytes:
    """Several articles as one ``newsMessage``; each item keeps its own catalogRef.

    With ``options.newsml_package`` each article comes as its package, text and picture items.
    """
    if options.newsml_package:
        from .newsml_package import write_package

        return write_package(docs, options)
    if not docs:
        raise UsageError("a newsMessage needs at least one article")
    guids = [guid(d) for d in docs]
    seen: set[str] = set()
    for g, d in zip(guids, docs, strict=True):
        if g in seen:
            raise UsageError(f"two articles share the guid {g}; give each its own identifier",
                             path=d.origin or None)
        seen.add(g)
    sender = docs[0].meta.provider
    message = etree.Element(nar("newsMessage"), nsmap={None: NAR})
    header = sub(message, "header")
    sub(header, "sent", iso_time(options.timestamp))
    sub(header, "sender", sender)
    sub(header, "transmitId", transmit_id(sender, guids, options.timestamp))
    item_set = sub(message, "itemSet")
    for n, doc in enumerate(docs, 1):
        # ids are unique across the message (NITF's are xs:ID): each item's get its own prefix
        item_set.append(news_item(doc, options, ids=f"item{n}-"))
    return serialise(message)
