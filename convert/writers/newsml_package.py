"""NewsML-G2 packages (``--package``): an article as a packageItem, its text item and its pictures.

One newsMessage holds, per article, a ``packageItem`` whose root group lists (in order) the text
``newsItem`` and one ``pictureItem`` per picture, then those items. Deliberate choices:

- A picture item is a ``newsItem`` of class ``ninat:picture`` whose ``remoteContent`` names the
  picture as the text item's body does (its web address, else a file name unique in the
  article: :func:`convert.writers.pictures.picture_names`) with its media type, size in bytes
  and pixels: the receiver fetches it, or finds the file shipped beside the message. NewsML-G2
  could carry the bytes inline only as text, which no consumer expects of a picture.
- Identifiers: a local picture is ``<article guid>#picture-n`` (as in ninjs), a web picture its
  address; the package is ``<article guid>#package``. Versions and ``versionCreated`` are the
  article's; a picture item has no ``firstCreated`` (the article does not date its pictures).
- The caption is the picture item's ``description`` (``drol:caption``), the credit its
  ``creditline``; the alt text a ``description`` whose role is in a provider scheme declared by
  an inline catalog (alias ``ncdesc``, code ``alt``), as creators' job titles are.
- The root group's role is ``ncgrp:main`` in the same way (IPTC has no group-role scheme) and its
  mode ``pgrmod:seq`` (IPTC's): the text first, then the pictures in the article's order.
- Nothing of the article's rights is copied to its pictures: a photo's rights are its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ..errors import UsageError
from ..model import Document, Figure, plain_text
from ..namespaces import NAR, XML_LANG
from ..options import WriteOptions
from .newsml import (
    IPTC_CATALOG,
    guid,
    iso_time,
    item_times,
    nar,
    news_item,
    provider_base,
    serialise,
    sub,
    transmit_id,
)
from .pictures import is_remote, named_figures, picture_uri

DESC_ALIAS = "ncdesc"
GROUP_ALIAS = "ncgrp"


def _item(name: str, item_guid: str, doc: Document) -> etree._Element:
    item = etree.Element(nar(name), nsmap={None: NAR})
    item.set("guid", item_guid)
    item.set("version", str(max(1, int(doc.meta.version))))
    item.set("standard", "NewsML-G2")
    item.set("standardversion", "2.35")
    item.set("conformance", "power")
    item.set(XML_LANG, doc.meta.language)
    sub(item, "catalogRef", href=IPTC_CATALOG)
    return item


def _item_meta(item: etree._Element, doc: Document, options: WriteOptions, qcode: str,
               dated: bool = True) -> None:
    """``itemMeta`` as the article's.

    ``dated``: with its ``firstCreated`` (not for a picture, whose date the article does not give).
    """
    meta = doc.meta
    first, version = item_times(doc, options)
    first = first if dated else None
    im = sub(item, "itemMeta")
    sub(im, "itemClass", qcode=qcode)
    sub(sub(im, "provider", uri=meta.provider_uri), "name", meta.provider)
    sub(im, "versionCreated", iso_time(version))
    if first is not None:
        sub(im, "firstCreated", iso_time(first))
    status = meta.pub_status if meta.pub_status in ("usable", "withheld", "canceled") else "usable"
    sub(im, "pubStatus", qcode=f"stat:{status}")
    sub(im, "generator", options.generator, versioninfo=options.generator_version)


def picture_item(doc: Document, options: WriteOptions, item_guid: str, name: str,
                 fig: Figure) -> etree._Element:
    """A ``newsItem`` of class ``ninat:picture``: the picture by name, caption, credit, alt text."""
    item = _item("newsItem", item_guid, doc)
    if fig.alt:
        sub(sub(item, "catalog"), "scheme", alias=DESC_ALIAS,
            uri=provider_base(doc) + "newscodes/descriptionrole/")
    _item_meta(item, doc, options, "ninat:picture", dated=False)
    cm = sub(item, "contentMeta")
    sub(cm, "language", tag=fig.lang or doc.meta.language)
    if fig.credit:
        sub(cm, "creditline", fig.credit)
    if fig.caption:
        sub(cm, "description", plain_text(fig.caption), role="drol:caption")
    if fig.alt:
        sub(cm, "description", fig.alt, role=f"{DESC_ALIAS}:alt")
    pic = fig.picture
    sub(sub(item, "contentSet"), "remoteContent", href=name,
        contenttype=pic.media_type if pic else None,
        size=str(len(pic.data)) if pic else None,
        width=str(pic.width) if pic else None, height=str(pic.height) if pic else None)
    return item


def _item_ref(group: etree._Element, ref_guid: str, doc: Document, qcode: str,
              contenttype: str | None, title: str | None) -> None:
    ref = sub(group, "itemRef", residref=ref_guid, version=str(max(1, int(doc.meta.version))),
              contenttype=contenttype)
    sub(ref, "itemClass", qcode=qcode)
    if title:
        sub(ref, "title", title)


def package_items(doc: Document, options: WriteOptions, ids: str = "") -> list[etree._Element]:
    """The packageItem of one article, then its text newsItem and its picture items."""
    text_guid = guid(doc)
    text = news_item(doc, options, ids=ids)
    pictures = []
    local = 0
    for name, fig in named_figures(doc.body):
        if is_remote(fig.source):
            pic_guid = fig.source
        else:
            local += 1
            pic_guid = picture_uri(text_guid, local)
        pictures.append((pic_guid, fig, picture_item(doc, options, pic_guid, name, fig)))
    package = _item("packageItem", f"{text_guid.split('#')[0]}#package", doc)
    sub(sub(package, "catalog"), "scheme", alias=GROUP_ALIAS,
        uri=provider_base(doc) + "newscodes/grouprole/")
    _item_meta(package, doc, options, "ninat:composite")
    cm = sub(package, "contentMeta")
    sub(cm, "language", tag=doc.meta.language)
    sub(cm, "headline", doc.meta.headline)
    root_id = f"{ids}root"
    group = sub(sub(package, "groupSet", root=root_id), "group", id=root_id,
                role=f"{GROUP_ALIAS}:main", mode="pgrmod:seq")
    body_type = "application/nitf+xml" if options.newsml_body == "nitf" else "application/xhtml+xml"
    _item_ref(group, text_guid, doc, "ninat:text", body_type, doc.meta.headline)
    for pic_guid, fig, _ in pictures:
        _item_ref(group, pic_guid, doc, "ninat:picture",
                  fig.picture.media_type if fig.picture else None,
                  plain_text(fig.caption) or fig.alt or None)
    return [package, text, *(item for _, _, item in pictures)]


def write_package(docs: Sequence[Document], options: WriteOptions) -> bytes:
    """Articles as one newsMessage: each article's package, text item and picture items."""
    if not docs:
        raise UsageError("a newsMessage needs at least one article")
    seen: set[str] = set()
    for d in docs:
        g = guid(d)
        if g in seen:
            raise UsageError(f"two articles share the guid {g}; give each its own identifier",
                             path=d.origin or None)
        seen.add(g)
    items: list[etree._Element] = []
    emitted: set[str] = set()
    for n, d in enumerate(docs, 1):
        for item in package_items(d, options, ids=f"item{n}-" if len(docs) > 1 else ""):
            if item.get("guid") not in emitted:  # a web picture two articles share: sent once
                items.append(item)
                emitted.add(item.get("guid", ""))
    sender = docs[0].meta.provider
    message = etree.Element(nar("newsMessage"), nsmap={None: NAR})
    header = sub(message, "header")
    sub(header, "sent", iso_time(options.timestamp))
    sub(header, "sender", sender)
    sub(header, "transmitId", transmit_id(sender, [i.get("guid") for i in items],
                                          options.timestamp))
    item_set = sub(message, "itemSet")
    for item in items:
        item_set.append(item)
    return serialise(message)
