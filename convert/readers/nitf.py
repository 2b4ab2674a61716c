"""Read a NITF 3.x document (or a NITF body inside NewsML-G2) into a Document.

NITF keeps the article's head in ``body.head`` (``hedline/hl1`` headline, ``hl2`` or ``abstract``
standfirst, ``byline`` with ``person`` and ``byttl``, ``dateline`` with ``location`` and
``story.date@norm``), the text in ``body.content`` (read by :mod:`.xmlbody`) and the wire's
tagline in ``body.end``. A standalone document adds ``head``: ``title``, and ``docdata``
(``doc-id``, ``urgency``, ``date.issue``, ``doc.copyright``, ``key-list``, ``ed-msg``), ``pubdata``
and ``tobject.subject`` codes. Everything NITF says is what the article states; inside NewsML-G2
the item's own metadata wins over it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from lxml import etree

from ..errors import InputError
from ..model import Block, Document, Person, Subject
from ..options import ReadOptions
from .conventions import load_conventions, parse_byline
from .diagnostics import Diagnostics
from .metadata import MetaFields
from .safexml import local, parse
from .xmlbody import BodyReader, lang_of, text_of


def read(data: bytes, options: ReadOptions) -> Document:
    """Parse NITF bytes. Raises InputError for malformed XML or a file with no text."""
    return explain(data, options)[0]


def explain(data: bytes, options: ReadOptions) -> tuple[Document, Diagnostics]:
    """Parse NITF bytes and say what was decided (``newsconvert parse``)."""
    from .xmldoc import finish_document

    origin = options.origin or "<input>"
    if len(data) > options.max_bytes:
        raise InputError(f"file is too large ({len(data):,} bytes; the limit is "
                         f"{options.max_bytes:,})", path=origin)
    root = parse(data, origin, "NITF")
    if local(root.tag) != "nitf":
        raise InputError(f"not a NITF document (its root element is <{local(root.tag)}>)", path=origin)
    diagnostics = Diagnostics(encoding=(root.getroottree().docinfo.encoding or "utf-8").lower())
    fields = MetaFields()
    reader = BodyReader(nitf=True)
    head = _child(root, "head")
    if head is not None:
        read_docdata(head, fields)
    body = read_nitf(root, fields, reader, options)
    fields.set_inferred("headline", text_of(_child(head, "title")))  # the hl1 headline first
    diagnostics.warnings.extend(reader.warnings())
    language = fields.values.pop("language", None) or lang_of(root)
    doc = finish_document(fields, body, options, origin, diagnostics, language=language,
                          declared=bool(language))
    return doc, diagnostics


def read_nitf(root: etree._Element, fields: MetaFields, reader: BodyReader,
              options: ReadOptions) -> list[Block]:
    """The blocks of a ``nitf`` element; its head's values go into ``fields`` as inferred."""
    body = _child(root, "body")
    if body is None:
        return []
    body_head = _child(body, "body.head")
    if body_head is not None:
        read_body_head(body_head, fields, options)
    blocks: list[Block] = []
    content = _child(body, "body.content")
    if content is not None:
        blocks.extend(reader.blocks(content, lang_of(content) or lang_of(body) or lang_of(root)))
    end = _child(body, "body.end")
    if end is not None:
        tagline = _child(end, "tagline")
        if tagline is not None:
            fields.set_inferred("credit", text_of(tagline))
        rest = [c for c in end if local(c.tag) != "tagline"]
        for child in rest:
            blocks.extend(reader.block(child, local(child.tag).lower(), None))
    return blocks


def read_body_head(head: etree._Element, fields: MetaFields, options: ReadOptions) -> None:
    """Headline, standfirst, byline, dateline and distributor from ``body.head``."""
    hedline = _child(head, "hedline")
    if hedline is not None:
        fields.set_inferred("headline", text_of(_child(hedline, "hl1")))
        fields.set_inferred("subheadline", text_of(_child(hedline, "hl2")))
    abstract = _child(head, "abstract")
    if abstract is not None:
        fields.set_inferred("subheadline", text_of(abstract))
    byline = _child(head, "byline")
    if byline is not None:
        read_byline(byline, fields, options)
    dateline = _child(head, "dateline")
    if dateline is not None:
        fields.set_inferred("dateline", text_of(dateline))
        fields.set_inferred("located", text_of(_child(dateline, "location")))
        story = _child(dateline, "story.date")
        if story is not None and story.get("norm"):
            fields.set_inferred("date", parse_norm(story.get("norm", "")))
    fields.set_inferred("source", text_of(_child(head, "distributor")))


def read_byline(el: etree._Element, fields: MetaFields, options: ReadOptions) -> None:
    """The byline as written; its people from the conventions, else from ``person`` markup."""
    text = text_of(el)
    if not text:
        return
    conv = options.conventions if options.conventions is not None else load_conventions()
    parsed = parse_byline(text, conv)
    if parsed is not None:
        names, people = parsed
        fields.set_inferred("by", text)
        fields.set_inferred("byline", names)
        fields.set_inferred("authors", people)
        return
    people = tuple(Person(text_of(p)) for p in el.iter() if local(p.tag) == "person" and text_of(p))
    roles = [text_of(r) for r in el.iter() if local(r.tag) == "byttl" and text_of(r)]
    if people and len(roles) == 1:
        people = tuple(Person(p.name, roles[0]) for p in people)
    fields.set_inferred("byline", text)
    fields.set_inferred("authors", people)


def read_docdata(head: etree._Element, fields: MetaFields) -> None:
    """A standalone NITF's ``head``: docdata, pubdata and subject codes (the title is a fallback)."""
    docdata = _child(head, "docdata")
    if docdata is not None:
        for el in docdata:
            name = local(el.tag)
            if name == "doc-id":
                fields.set_inferred("identifier", (el.get("id-string") or "").strip())
            elif name == "urgency" and (el.get("ed-urg") or "").strip().isdigit():
                level = int(el.get("ed-urg", "0"))
                if 1 <= level <= 9:
                    fields.set_inferred("urgency", level)
            elif name in ("date.issue", "date.release") and el.get("norm"):
                fields.set_inferred("date", parse_norm(el.get("norm", "")))
            elif name == "doc.copyright":
                fields.set_inferred("copyright_holder", (el.get("holder") or "").strip())
            elif name == "key-list":
                keys = tuple(k.get("key", "").strip() for k in el if local(k.tag) == "keyword")
                fields.set_inferred("keywords", tuple(k for k in keys if k))
            elif name == "ed-msg":
                fields.set_inferred("ednote", (el.get("info") or "").strip())
    pubdata = _child(head, "pubdata")
    if pubdata is not None:
        fields.set_inferred("publication", (pubdata.get("name") or "").strip())
        if pubdata.get("date.publication"):
            fields.set_inferred("date", parse_norm(pubdata.get("date.publication", "")))
    subjects = []
    for el in head.iter():
        if local(el.tag) == "tobject.subject" and el.get("tobject.subject.refnum"):
            name = el.get("tobject.subject.detail") or el.get("tobject.subject.matter") or None
            subjects.append(Subject(f"subj:{el.get('tobject.subject.refnum', '').strip()}", name))
    fields.set_inferred("subjects", tuple(subjects))
    for el in head:
        if local(el.tag) == "meta" and (el.get("name") or "").lower() in ("language", "lang"):
            fields.set_inferred("language", (el.get("content") or "").strip())


_NORM = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_norm(value: str) -> datetime | None:
    """A NITF ``norm`` date (ISO 8601 basic or extended); None when it is not one."""
    m = _NORM.match(value.strip())
    if m is None:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    tz = UTC
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                        int(second or 0), tzinfo=tz)
    except ValueError:
        return None


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    for child in el:
        if local(child.tag) == name:
            return child
    return None
