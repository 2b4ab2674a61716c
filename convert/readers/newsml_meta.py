"""A NewsML-G2 item's metadata (rightsInfo, itemMeta, contentMeta) as Meta values.

Every field our writer emits is read back to the field it came from, and the common agency
fields beside them. Names given in several languages take the one in the item's language, else
the first. A value the model has no field for is kept in ``meta.extra``: ``version-created`` (the
item's versionCreated: kept for corrections, but it is this version's stamp, not the article's
date), ``signal``, ``genre`` and ``embargoed``. Unreadable values (a date that is not ISO 8601,
an urgency out of 1-9) are skipped with a warning, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlparse

from lxml import etree
from msgspec import Struct, field

from ..model import Person, Subject
from ..namespaces import XML_LANG
from .conventions import Conventions, parse_byline
from .metadata import MetaFields, parse_date
from .safexml import local
from .xmlbody import text_of


class ItemInfo(Struct):
    """What the metadata says beyond Meta fields: the item's class, language and warnings."""

    item_class: str = ""
    #: The language the item states (contentMeta/language, else the item's xml:lang).
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


def children(el: etree._Element | None, name: str) -> Iterator[etree._Element]:
    """Child elements of ``el`` with this local name."""
    if el is None:
        return
    for child in el:
        if local(child.tag) == name:
            yield child


def child(el: etree._Element | None, name: str) -> etree._Element | None:
    """The first child element with this local name."""
    return next(children(el, name), None)


def read_item_meta(item: etree._Element, fields: MetaFields, conv: Conventions) -> ItemInfo:
    """Put the item's metadata into ``fields`` (as the article's own statements)."""
    info = ItemInfo()
    values = fields.values
    lang = item.get(XML_LANG)
    if item.get("guid", "").strip():
        values["identifier"] = item.get("guid", "").strip()
    version = item.get("version", "").strip()
    if version.isdigit() and int(version) >= 1:
        values["version"] = int(version)
    _rights(child(item, "rightsInfo"), values, lang)
    _item_meta(child(item, "itemMeta"), fields, info, lang)
    content = child(item, "contentMeta")
    if content is not None:
        _content_meta(content, fields, info, conv, lang)
    if info.language is None and lang:
        info.language = lang.strip()
    return info


def _name(el: etree._Element | None, lang: str | None) -> str:
    """The element's ``name`` child in the item's language (else the first), or its own text."""
    if el is None:
        return ""
    names = list(children(el, "name"))
    if not names:
        return ""
    if lang:
        wanted = lang.lower()
        for match in (lambda tag: tag == wanted, lambda tag: tag.split("-")[0] == wanted.split("-")[0]):
            for name in names:
                if match(name.get(XML_LANG, "").lower()):
                    return text_of(name)
    return text_of(names[0])


def _rights(rights: etree._Element | None, values: dict, lang: str | None) -> None:
    if rights is None:
        return
    holder = child(rights, "copyrightHolder")
    if holder is not None:
        name = _name(holder, lang) or (holder.get("literal") or "").strip()
        if name:
            values["copyright_holder"] = name
    for key, tag in (("copyright", "copyrightNotice"), ("usage_terms", "usageTerms")):
        text = text_of(child(rights, tag))
        if text:
            values[key] = text


def _date(el: etree._Element | None, what: str, info: ItemInfo) -> datetime | None:
    text = text_of(el)
    if not text:
        return None
    try:
        return parse_date(text, what)
    except ValueError:
        info.warnings.append(f"skipped {what} {text!r}: not an ISO 8601 date-time")
        return None


def _item_meta(im: etree._Element | None, fields: MetaFields, info: ItemInfo, lang: str | None) -> None:
    if im is None:
        return
    values = fields.values
    info.item_class = (child(im, "itemClass").get("qcode", "") if child(im, "itemClass") is not None
                       else "").strip()
    provider = child(im, "provider")
    if provider is not None:
        uri = (provider.get("uri") or "").strip()
        name = (_name(provider, lang) or (provider.get("literal") or "").strip()
                or (provider.get("qcode") or "").strip() or urlparse(uri).hostname or "")
        if name:
            values["provider"] = name
        if uri:
            values["provider_uri"] = uri
    created = _date(child(im, "versionCreated"), "versionCreated", info)
    if created is not None:
        fields.extra["version-created"] = created.isoformat()
    first = _date(child(im, "firstCreated"), "firstCreated", info)
    if first is not None:
        values["date"] = first
    embargo = _date(child(im, "embargoed"), "embargoed", info)
    if embargo is not None:
        fields.extra["embargoed"] = embargo.isoformat()
    status = child(im, "pubStatus")
    if status is not None:
        code = status.get("qcode", "").rpartition(":")[2].strip().lower()
        if code in ("usable", "withheld", "canceled"):
            values["pub_status"] = code
    note = text_of(child(im, "edNote"))
    if note:
        values["ednote"] = note
    signal = child(im, "signal")
    if signal is not None and signal.get("qcode", "").strip():
        fields.extra["signal"] = signal.get("qcode", "").strip()
    title = text_of(child(im, "title"))
    if title:
        fields.set_inferred("headline", title)


def _content_meta(cm: etree._Element, fields: MetaFields, info: ItemInfo, conv: Conventions,
                  lang: str | None) -> None:
    values = fields.values
    language = child(cm, "language")
    if language is not None and language.get("tag", "").strip():
        info.language = language.get("tag", "").strip()
        lang = info.language
    urgency = text_of(child(cm, "urgency"))
    if urgency:
        if urgency.isdigit() and 1 <= int(urgency) <= 9:
            values["urgency"] = int(urgency)
        else:
            info.warnings.append(f"skipped urgency {urgency!r}: not 1 to 9")
    created = _date(child(cm, "contentCreated"), "contentCreated", info)
    if created is not None:
        values.setdefault("date", created)
    modified = _date(child(cm, "contentModified"), "contentModified", info)
    if modified is not None:
        values["modified"] = modified
    located = _name(child(cm, "located"), lang)
    if located:
        values["located"] = located
    for source in children(cm, "infoSource"):
        name = _name(source, lang) or (source.get("literal") or "").strip()
        if name:
            values["source"] = name
            break
    _creators(cm, values, lang)
    keywords = tuple(k for k in (text_of(el) for el in children(cm, "keyword")) if k)
    if keywords:
        values["keywords"] = keywords
    subjects = tuple(Subject(code, _name(el, lang) or None) for el in children(cm, "subject")
                     if (code := (el.get("qcode") or el.get("uri") or "").strip()))
    if subjects:
        values["subjects"] = subjects
    genres = [(_name(el, lang) or el.get("qcode", "")).strip() for el in children(cm, "genre")]
    if any(genres):
        fields.extra["genre"] = "; ".join(g for g in genres if g)
    for key, tag in (("slugline", "slugline"), ("dateline", "dateline"), ("credit", "creditline")):
        text = text_of(child(cm, tag))
        if text:
            values[key] = text
    headline = _preferred(list(children(cm, "headline")))
    if headline:
        values["headline"] = headline
    description = _preferred([d for d in children(cm, "description")
                              if d.get("role", "drol:summary").strip() in ("drol:summary", "")])
    if description:
        values["subheadline"] = description
    by = text_of(child(cm, "by"))
    if by:
        parsed = parse_byline(by, conv)
        if parsed is not None:
            values["by"] = by
            values["byline"] = parsed[0]
            values.setdefault("authors", parsed[1])
        else:  # names only ("Jane Doe"): the byline's names, not a "By ..." line
            values["byline"] = by


def infer_by(fields: MetaFields, text: str, conv: Conventions) -> None:
    """A byline line found in a body: its names and people, unless the metadata gave them."""
    if not text:
        return
    parsed = parse_byline(text, conv)
    if parsed is None:
        fields.set_inferred("byline", text)
        return
    fields.set_inferred("by", text)
    fields.set_inferred("byline", parsed[0])
    fields.set_inferred("authors", parsed[1])


def _creators(cm: etree._Element, values: dict, lang: str | None) -> None:
    """``creator`` elements as the byline's people; a ``note`` holds a person's role."""
    people = []
    for el in children(cm, "creator"):
        name = _name(el, lang) or (el.get("literal") or "").strip()
        if not name:
            continue
        role = text_of(child(el, "note")) or None
        people.append(Person(name, role))
    if people:
        values["authors"] = tuple(people)


def _preferred(elements: list[etree._Element]) -> str:
    """The text of the element without a role (the main one), else the first."""
    if not elements:
        return ""
    main = [el for el in elements if not el.get("role")]
    return text_of((main or elements)[0])
