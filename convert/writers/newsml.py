"""Write a Document as NewsML-G2."""

# One article becomes one NewsML-G2 2.35 Power ``newsItem``; several become one ``newsMessage``.
# Structure and mapping follow STANDARDS.md section 4. Deliberate choices:
# - The body is XHTML (``application/xhtml+xml``) by default, NITF 3.6 with ``newsml_body="nitf"``.
# - Byline roles ("Staff Reporter") are free text, but ``creator/@jobtitle`` is a QCode: each role
#   becomes a code in a provider scheme declared by an inline ``<catalog>`` (alias ``ncjob``) and
#   its text is kept in ``creator/note``, so no alias depends on a remote provider catalog.
# - ``wordcount`` counts the words of the body blocks (not the headline or metadata).
# - ``signal`` is ``sig:update`` for version > 1 unless ``meta.extra`` has ``signal=correction``.
# - The body's head (headline, standfirst, byline, dateline inline or apart, credit) is what
#   ``convert.arrange`` decides for every writer; NITF keeps the dateline in ``body.head``, as its
#   DTD wants, and the copyright line lives in ``rightsInfo``, not in the body.

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from lxml import etree

from ..arrange import DATELINE_SEPARATOR, Arranged, arrange, byline
from ..errors import UsageError
from ..identity import make_identifier, provider_domain
from ..model import (
    BLOCK_TYPES,
    Block,
    BlockQuote,
    Document,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quoted,
    Strong,
    Text,
    block_text,
    document_text,
)
from ..namespaces import NAR, NITF, XHTML, XML_LANG
from ..options import WriteOptions, article_times
from ..textutil import language_direction, word_count
from . import xhtml_body

#: The current IPTC NewsCodes catalog (every IPTC alias we use resolves through it).
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
#: Alias of the provider scheme for creator job titles, declared in an inline catalog.
JOBTITLE_ALIAS = "ncjob"
_PUB_STATUS = {"usable", "withheld", "canceled"}
_SLUG = re.compile(r"[^0-9a-z]+")


def _n(tag: str) -> str:
    return f"{{{NAR}}}{tag}"


def _sub(parent: etree._Element, name: str, text: str | None = None, /,
         **attrs: str | None) -> etree._Element:
    """A NAR child element; text is set through lxml, which escapes it."""
    el = etree.SubElement(parent, _n(name), {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _time(value: datetime) -> str:
    """ISO 8601 with an explicit offset (IPTC: every date-time carries a timezone)."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=UTC)
    return value.replace(microsecond=0).isoformat()


def _provider_base(doc: Document) -> str:
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


def _times(doc: Document, options: WriteOptions) -> tuple[datetime | None, datetime]:
    """(firstCreated, versionCreated): the first only when the article is dated."""
    first, version = article_times(doc.meta.date, options.timestamp)
    modified = doc.meta.modified
    if modified is not None and modified > version:
        version = modified  # versionCreated must not precede contentModified
    return first, version


def _catalogs(item: etree._Element, doc: Document) -> None:
    _sub(item, "catalogRef", href=IPTC_CATALOG)
    if any(p.role for p in doc.meta.authors):
        catalog = _sub(item, "catalog")
        _sub(catalog, "scheme", alias=JOBTITLE_ALIAS,
             uri=_provider_base(doc) + "newscodes/jobtitle/")


def _rights_info(item: etree._Element, doc: Document) -> None:
    meta = doc.meta
    if not (meta.copyright or meta.copyright_holder or meta.usage_terms):
        return
    rights = _sub(item, "rightsInfo")
    if meta.copyright_holder:
        holder = _sub(rights, "copyrightHolder")
        _sub(holder, "name", meta.copyright_holder)
    if meta.copyright:
        _sub(rights, "copyrightNotice", meta.copyright)
    if meta.usage_terms:
        _sub(rights, "usageTerms", meta.usage_terms)


def _item_meta(item: etree._Element, doc: Document, options: WriteOptions) -> None:
    meta = doc.meta
    first, version = _times(doc, options)
    im = _sub(item, "itemMeta")
    _sub(im, "itemClass", qcode="ninat:text")
    provider = _sub(im, "provider", uri=meta.provider_uri)
    _sub(provider, "name", meta.provider)
    _sub(im, "versionCreated", _time(version))
    if first is not None:
        _sub(im, "firstCreated", _time(first))
    status = meta.pub_status if meta.pub_status in _PUB_STATUS else "usable"
    _sub(im, "pubStatus", qcode=f"stat:{status}")
    _sub(im, "generator", options.generator, versioninfo=options.generator_version)
    if meta.ednote:
        _sub(im, "edNote", meta.ednote)
    signal = _extra(doc, "signal")
    if signal:
        _sub(im, "signal", qcode=signal if ":" in signal else f"sig:{signal}")
    elif meta.version > 1:
        _sub(im, "signal", qcode="sig:update")


def _content_meta(item: etree._Element, doc: Document, options: WriteOptions) -> None:
    meta = doc.meta
    first, version = _times(doc, options)
    cm = _sub(item, "contentMeta")
    if meta.urgency is not None:
        _sub(cm, "urgency", str(min(9, max(1, int(meta.urgency)))))
    if first is not None:
        _sub(cm, "contentCreated", _time(first))
    modified = meta.modified
    if modified is not None and (first is None or first < modified) and modified <= version:
        _sub(cm, "contentModified", _time(modified))
    # administrative group
    if meta.located:
        _sub(_sub(cm, "located"), "name", meta.located)
    if meta.source:
        _sub(_sub(cm, "infoSource"), "name", meta.source)
    for person in meta.authors:
        creator = _sub(cm, "creator",
                       jobtitle=f"{JOBTITLE_ALIAS}:{_slug(person.role)}" if person.role else None)
        _sub(creator, "name", person.name)
        if person.role:
            _sub(creator, "note", person.role)
    if not meta.authors and meta.byline:
        _sub(_sub(cm, "creator"), "name", meta.byline)
    # descriptive group
    _sub(cm, "language", tag=meta.language)
    for kw in meta.keywords:
        _sub(cm, "keyword", kw)
    for subject in meta.subjects:
        el = _sub(cm, "subject", qcode=subject.qcode)
        if subject.name:
            _sub(el, "name", subject.name)
    if meta.slugline:
        _sub(cm, "slugline", meta.slugline)
    _sub(cm, "headline", meta.headline)
    if meta.dateline:
        _sub(cm, "dateline", meta.dateline)
    by = byline(doc)
    if by:
        _sub(cm, "by", by)
    if meta.credit:
        _sub(cm, "creditline", meta.credit)
    if meta.subheadline:
        _sub(cm, "description", meta.subheadline, role="drol:summary")


# --------------------------------------------------------------------------- XHTML body


class _Nitf:
    """Turns body blocks into NITF 3.6 elements (the XHTML body uses convert.writers.xhtml_body)."""

    def el(self, parent: etree._Element, name: str, /, **attrs: str | None) -> etree._Element:
        return etree.SubElement(parent, f"{{{NITF}}}{name}",
                                {k: v for k, v in attrs.items() if v is not None})

    def inlines(self, parent: etree._Element, nodes: Sequence[Inline]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                xhtml_body.append_text(parent, node.text)
            elif isinstance(node, Emphasis):
                self.inlines(self.el(parent, "em"), node.children)
            elif isinstance(node, Strong):  # NITF has no strong: emphasis with a class
                self.inlines(self.el(parent, "em", **{"class": "strong"}), node.children)
            elif isinstance(node, Link):
                self.inlines(self.el(parent, "a", href=node.url), node.children)
            elif isinstance(node, Quoted):
                xhtml_body.append_text(parent, node.opening)
                self.inlines(parent, node.children)
                xhtml_body.append_text(parent, node.closing)
            elif isinstance(node, LineBreak):
                self.el(parent, "br")
            else:
                raise TypeError(f"unknown inline node {type(node).__name__}")

    def blocks(self, parent: etree._Element, blocks: Sequence[object]) -> None:
        for block in blocks:
            self.block(parent, block)

    def block(self, parent: etree._Element, block: object) -> None:
        # NITF 3.6 has xml:lang on these elements but no dir attribute: a block in a language of
        # its own carries its tag, and its direction follows from the tag.
        lang = {XML_LANG: block.lang} if isinstance(block, BLOCK_TYPES) and block.lang else {}
        if isinstance(block, Paragraph):
            self.inlines(self.el(parent, "p", **lang), block.children)
        elif isinstance(block, Heading):
            cls = f"level{block.level}" if block.level > 2 else None
            self.inlines(self.el(parent, "hl2", **{"class": cls}, **lang), block.children)
        elif isinstance(block, ListBlock):
            lst = self.el(parent, "ol" if block.ordered else "ul", **lang)
            for item in block.items:
                self.inlines(self.el(lst, "li"), item.children)
        elif isinstance(block, BlockQuote):
            bq = self.el(parent, "bq", **lang)
            self.blocks(self.el(bq, "block"), block.children)
            if block.attribution:
                self.el(bq, "credit").text = block.attribution
        else:
            raise TypeError(f"unknown block node {type(block).__name__}")


def _unquote(nodes: Sequence[Inline]) -> tuple[Inline, ...]:
    """Quotations as their typed marks in the text, not ``<q>``.

    Without our stylesheet, a partner's browser would draw ``<q>``'s own marks around ours.
    """
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Quoted):
            out.append(Text(node.opening))
            out.extend(_unquote(node.children))
            out.append(Text(node.closing))
        elif isinstance(node, (Emphasis, Strong, Link)):
            out.append(dataclasses.replace(node, children=_unquote(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _unquote_block(block: Block) -> Block:
    if isinstance(block, (Paragraph, Heading)):
        return dataclasses.replace(block, children=_unquote(block.children))
    if isinstance(block, ListBlock):
        return dataclasses.replace(block, items=tuple(
            ListItem(_unquote(item.children)) for item in block.items))
    if isinstance(block, BlockQuote):
        return dataclasses.replace(block, children=tuple(_unquote_block(b) for b in block.children))
    raise TypeError(f"unknown block node {type(block).__name__}")


def _xhtml(doc: Document, head: Arranged) -> etree._Element:
    """The XHTML body, through the same serializer as the EPUB writer (convert.writers.xhtml_body)."""
    meta = doc.meta
    doc_dir = language_direction(meta.language)  # as in every writer: the language decides
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
    blocks = [_unquote_block(b) for b in head.body]
    if head.dateline and head.dateline_inline:
        first = blocks.pop(0)
        assert isinstance(first, Paragraph)  # arrange() inlines the dateline only into one
        p = xhtml_body.block(body, Paragraph(()), doc_dir)
        etree.SubElement(p, xhtml_body.tag("span"), {"class": "dateline"}).text = head.dateline
        xhtml_body.append_text(p, DATELINE_SEPARATOR)
        xhtml_body.inlines(p, first.children)
        if not first.lang:
            xhtml_body.set_direction(p, block_text(first), doc_dir)
        xhtml_body.mark_language(p, first.lang, doc_dir)
    elif head.dateline:
        etree.SubElement(body, xhtml_body.tag("p"), {"class": "dateline"}).text = head.dateline
    xhtml_body.blocks(body, tuple(blocks), doc_dir)
    if head.credit:  # the copyright line is in rightsInfo, not repeated in the body
        etree.SubElement(body, xhtml_body.tag("p"), {"class": "credit"}).text = head.credit
    return html


# --------------------------------------------------------------------------- NITF body


def _nitf_byline(parent: etree._Element, doc: Document, text: str) -> None:
    """``byline`` as written, with each author's name as ``person`` and roles as ``byttl``."""
    meta = doc.meta
    byline = etree.SubElement(parent, f"{{{NITF}}}byline")
    marks: list[tuple[str, str]] = [("person", p.name) for p in meta.authors]
    marks += [("byttl", r) for r in dict.fromkeys(p.role for p in meta.authors if p.role)]
    pos = 0
    spans: list[tuple[int, int, str]] = []
    for kind, needle in marks:
        at = text.find(needle, pos) if kind == "person" else text.find(needle)
        if at < 0 or any(s < at + len(needle) and at < e for s, e, _ in spans):
            continue
        spans.append((at, at + len(needle), kind))
        if kind == "person":
            pos = at + len(needle)
    cursor = 0
    for start, end, kind in sorted(spans):
        xhtml_body.append_text(byline, text[cursor:start])
        etree.SubElement(byline, f"{{{NITF}}}{kind}").text = text[start:end]
        cursor = end
    xhtml_body.append_text(byline, text[cursor:])


def _nitf(doc: Document, arranged: Arranged) -> etree._Element:
    meta = doc.meta
    w = _Nitf()
    nitf = etree.Element(f"{{{NITF}}}nitf", nsmap={None: NITF})
    nitf.set(XML_LANG, meta.language)
    body = w.el(nitf, "body")
    head = w.el(body, "body.head")
    w.el(w.el(head, "hedline"), "hl1").text = arranged.headline
    if arranged.byline:
        _nitf_byline(head, doc, arranged.byline)
    if arranged.dateline:  # NITF keeps the dateline in body.head, whatever the layout
        dateline = w.el(head, "dateline")
        if meta.located and arranged.dateline.startswith(meta.located):
            w.el(dateline, "location").text = meta.located
            xhtml_body.append_text(dateline, arranged.dateline[len(meta.located):])
        else:
            dateline.text = arranged.dateline
        if meta.date is not None:
            w.el(dateline, "story.date", norm=_nitf_date(meta.date))
    if arranged.standfirst:
        w.el(w.el(head, "abstract"), "p").text = arranged.standfirst
    content = w.el(body, "body.content")
    w.blocks(content, arranged.body)
    if arranged.credit:
        w.el(w.el(body, "body.end"), "tagline").text = arranged.credit
    return nitf


def _nitf_date(value: datetime) -> str:
    """ISO 8601 basic format, as NITF's ``norm`` attributes use it."""
    text = _time(value)
    return text[:19].replace("-", "").replace(":", "") + text[19:].replace(":", "")


# --------------------------------------------------------------------------- items


def _content_set(item: etree._Element, doc: Document, options: WriteOptions) -> None:
    nitf = options.newsml_body == "nitf"
    if options.newsml_body not in ("xhtml", "nitf"):
        raise UsageError(f"unknown NewsML-G2 body format {options.newsml_body!r} "
                         "(use xhtml or nitf)")
    inline = _sub(_sub(item, "contentSet"), "inlineXML",
                  contenttype="application/nitf+xml" if nitf else "application/xhtml+xml",
                  wordcount=str(word_count(document_text(doc))))
    head = arrange(doc, options.style)
    inline.append(_nitf(doc, head) if nitf else _xhtml(doc, head))


def news_item(doc: Document, options: WriteOptions) -> etree._Element:
    """The ``newsItem`` element of one article."""
    meta = doc.meta
    item = etree.Element(_n("newsItem"), nsmap={None: NAR})
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
    _content_set(item, doc, options)
    return item


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write(doc: Document, options: WriteOptions) -> bytes:
    """One article as a NewsML-G2 ``newsItem`` document."""
    return _serialise(news_item(doc, options))


def transmit_id(sender: str, guids: Sequence[str], sent: datetime) -> str:
    """Deterministic transmitId: same items and time give the same id, unique per day."""
    digest = hashlib.sha256("\x1f".join([*guids, _time(sent)]).encode("utf-8")).hexdigest()
    return f"{sender}:{sent.astimezone(UTC):%Y%m%d}:{digest[:16]}"


def write_many(docs: Sequence[Document], options: WriteOptions) -> bytes:
    """Several articles as one ``newsMessage``; each item keeps its own catalogRef."""
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
    message = etree.Element(_n("newsMessage"), nsmap={None: NAR})
    header = _sub(message, "header")
    _sub(header, "sent", _time(options.timestamp))
    _sub(header, "sender", sender)
    _sub(header, "transmitId", transmit_id(sender, guids, options.timestamp))
    item_set = _sub(message, "itemSet")
    for doc in docs:
        item_set.append(news_item(doc, options))
    return _serialise(message)
