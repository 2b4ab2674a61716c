"""Write a Document as IPTC ninjs (News in JSON) 3.1 or 2.2; several as JSON Lines."""

# One article is one ninjs object (3.1 by default, 2.2 with ``WriteOptions.ninjs_version``); several
# are JSON Lines, one object per line (``-o feed.jsonl``). Every output validates against IPTC's
# schema with format checks (convert.validate_ninjs). Deliberate choices:
# - ``uri`` is the article identifier (``urn:newsml:<provider>:<digest>``), the NewsML-G2 guid.
# - ``standard`` names ninjs, the version and the schema's ``$id``, so a consumer knows the schema.
# - ``bodies``: the plain text (role ``main``, ``text/plain``) and the HTML body (role ``richtext``,
#   ``text/html``), as IPTC's own text-article examples pair them, each with its word and
#   character counts. The HTML is the body the page writer shows (dateline as arranged, credit
#   line last) without the head (headline, standfirst, byline), which have fields of their own;
#   blocks carry ``lang``/``dir`` only where they differ from the article's ``language``.
# - ``headlines``: ``main`` and, with a standfirst, ``sub``.
# - ``by`` is the byline as shown (:func:`convert.arrange.byline`). ninjs ``people`` are who the
#   news is about (nar:subject), so the authors are not listed there.
# - ninjs 2 and 3 have no keywords property: each keyword is a subject with only a ``name``.
# - Subjects' QCodes of IPTC schemes become URIs through the IPTC catalog shipped in the newsmlg2
#   package (``medtop:06000000`` -> ``http://cv.iptc.org/newscodes/mediatopic/06000000``); any
#   other QCode is kept as ``literal``.
# - ``located`` is the dateline's place, also listed once in ``places`` by name (no ``rel``: the
#   article does not say how the story relates to it beyond its origin).
# - ``infoSources``: the source by name. Rights: ``copyrightHolder``, ``copyrightNotice``,
#   ``usageTerms``.
# - ``associations``: one ``picture`` object per picture (:mod:`.assoc`: caption and alt text as
#   descriptions, credit as ``by``, one ``original`` rendition with its size and media type; its
#   ``href`` only when the article gives the picture's web address: ninjs carries no bytes).
# - Bodies hold every node: the plain one through :mod:`.plain` (notes as ``[n]`` and listed after
#   the body), the HTML one through convert.writers.xhtml_body (tables, figures, notes, code ...).
# - ``versionCreated`` is the timestamp, never before the article's modification; ``firstCreated``
#   only from the article's own date (nothing invented).
# - Bytes: keys in a fixed order, UTF-8 (``ensure_ascii=False``), two-space indentation for one
#   article, one compact line per article in JSON Lines; always a trailing newline.

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from ...arrange import DATELINE_SEPARATOR, Arranged, arrange
from ...errors import UsageError
from ...identity import make_identifier
from ...model import Block, Document, Subject, document_text
from ...options import WriteOptions, article_times
from ...textutil import language_direction, word_count
from .. import xhtml_body
from ..pictures import named_figures, picture_names
from .assoc import associations
from .plain import Plain

#: Versions this writer produces, each with its schema's ``$id``.
SCHEMA_IDS: Mapping[str, str] = {
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#",
}
DEFAULT_VERSION = "3.1"
MEDIA_TYPE = "application/json"


def _time(value: datetime) -> str:
    """RFC 3339 with an explicit offset, whole seconds."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=UTC)
    return value.replace(microsecond=0).isoformat()


def uri(doc: Document) -> str:
    """The item's ``uri``: ``meta.identifier``, else derived from provider and content."""
    meta = doc.meta
    return meta.identifier or make_identifier(meta.provider, meta.headline, document_text(doc))


# --------------------------------------------------------------------------- subjects


@functools.lru_cache(maxsize=1)
def iptc_scheme_uris() -> Mapping[str, str]:
    """QCode alias -> scheme URI of IPTC's newest catalog in the newsmlg2 package (read once)."""
    import NewsMLG2

    from ...namespaces import NAR
    from ...schemas import iptc_catalog_version

    folder = Path(NewsMLG2.__file__).parent / "catalogs"
    catalogs = {iptc_catalog_version(p.name): p for p in folder.glob("catalog.IPTC-G2-Standards_*.xml")}
    catalogs.pop(None, None)
    if not catalogs:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(catalogs[max(catalogs)]), parser).getroot()  # type: ignore[type-var]
    return {el.get("alias"): el.get("uri") for el in root.iter(f"{{{NAR}}}scheme")
            if el.get("alias") and el.get("uri")}


def _subject(subject: Subject) -> dict[str, str]:
    alias, sep, code = subject.qcode.partition(":")
    out: dict[str, str] = {}
    if subject.name:
        out["name"] = subject.name
    base = iptc_scheme_uris().get(alias) if sep else None
    if base and code:
        out["uri"] = base + code
    else:
        out["literal"] = subject.qcode
    return out


# --------------------------------------------------------------------------- bodies


def block_plain(node: Block, language: str = "") -> str:
    """One block as plain text: list items one per line with their marker, quotes attributed."""
    return Plain(language).block(node)


def plain_body(head: Arranged, language: str = "") -> str:
    """The body as plain text, blocks apart by a blank line, dateline, notes and credit as arranged."""
    plain = Plain(language)
    parts = [t for t in (plain.block(b) for b in head.body) if t]
    if head.dateline and head.dateline_inline:
        parts[0] = head.dateline + DATELINE_SEPARATOR + parts[0]
    elif head.dateline:
        parts.insert(0, head.dateline)
    notes = plain.notes_text()
    if notes:
        parts.append(notes)
    if head.credit:
        parts.append(head.credit)
    return "\n\n".join(parts)


def html_body(head: Arranged, language: str,
              names: Mapping[str, str] | None = None) -> tuple[str, int]:
    """The body as an HTML fragment (one block per line) and the length of its text.

    Pictures are ``img`` elements whose ``src`` is the picture's web address, else the name its
    association carries (see :mod:`.assoc`); notes are listed after the body.
    """
    holder = etree.Element(xhtml_body.tag("div"))
    base = language_direction(language)
    names = picture_names(head.body) if names is None else names
    renderer = xhtml_body.Renderer(pictures=lambda fig: names.get(fig.source), language=language,
                                   fmt="ninjs")
    xhtml_body.arranged_body(holder, head, base, renderer)
    if head.credit:
        p = etree.SubElement(holder, xhtml_body.tag("p"), {"class": "credit"})
        p.text = head.credit
        xhtml_body.set_direction(p, head.credit, base)
    chars = len("".join(holder.itertext()))
    xhtml_body.as_html(holder)
    # Quotations as their typed marks, not <q>: without our stylesheet a consumer's page would
    # draw <q>'s own marks around them (the NewsML-G2 body does the same).
    etree.strip_tags(holder, "q")
    return xhtml_body.html_fragment(holder), chars


def _bodies(doc: Document, head: Arranged, names: Mapping[str, str]) -> list[dict[str, Any]]:
    words = word_count(document_text(doc))
    plain = plain_body(head, doc.meta.language)
    html, html_chars = html_body(head, doc.meta.language, names)
    return [
        {"role": "main", "contentType": "text/plain", "charCount": len(plain),
         "wordCount": words, "value": plain},
        {"role": "richtext", "contentType": "text/html", "charCount": html_chars,
         "wordCount": words, "value": html},
    ]


# --------------------------------------------------------------------------- the object


def _times(doc: Document, options: WriteOptions) -> tuple[datetime | None, datetime]:
    """(firstCreated, versionCreated): the first only when the article is dated."""
    first, version = article_times(doc.meta.date, options.timestamp)
    modified = doc.meta.modified
    if modified is not None and modified > version:
        version = modified
    return first, version


def _lower_keys(value: Any) -> Any:
    """Property names in lower case, as ninjs 2.x spells them (``versioncreated``, ``contenttype``)."""
    if isinstance(value, dict):
        return {k.lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _version(options: WriteOptions) -> str:
    version = options.ninjs_version
    if version not in SCHEMA_IDS:
        raise UsageError(f"unknown ninjs version {version!r} (use {' or '.join(SCHEMA_IDS)})")
    return version


def ninjs_object(doc: Document, options: WriteOptions) -> dict[str, Any]:
    """The ninjs object of one article, its properties in a fixed order."""
    version = _version(options)
    meta = doc.meta
    head = arrange(doc, options.style)
    pictures = named_figures(head.body)
    first, created = _times(doc, options)
    item: dict[str, Any] = {
        "uri": uri(doc),
        "standard": {"name": "ninjs", "version": version, "schema": SCHEMA_IDS[version]},
        "type": "text",
        "representationType": "full",
        "version": str(max(1, int(meta.version))),
        "versionCreated": _time(created),
    }
    if first is not None:
        item["firstCreated"] = _time(first)
    item["pubStatus"] = meta.pub_status if meta.pub_status in ("usable", "withheld", "canceled") \
        else "usable"
    optional: list[tuple[str, Any]] = [
        ("urgency", min(9, max(1, int(meta.urgency))) if meta.urgency is not None else None),
        ("edNote", meta.ednote),
        ("language", meta.language),
        ("slugline", meta.slugline),
        ("by", head.byline),
        ("located", meta.located),
        ("copyrightHolder", meta.copyright_holder),
        ("copyrightNotice", meta.copyright),
        ("usageTerms", meta.usage_terms),
        ("infoSources", [{"name": meta.source}] if meta.source else None),
        ("places", [{"name": meta.located}] if meta.located else None),
        ("subjects", [*(_subject(s) for s in meta.subjects),
                      *({"name": kw} for kw in meta.keywords)] or None),
        ("headlines", [{"role": "main", "value": head.headline},
                       *([{"role": "sub", "value": head.standfirst}] if head.standfirst else [])]),
        ("bodies", _bodies(doc, head, {fig.source: name for name, fig in pictures})),
        ("associations", associations(pictures, item["uri"])),
    ]
    item.update((k, v) for k, v in optional if v is not None and v != "")
    return _lower_keys(item) if version.startswith("2") else item


def write(doc: Document, options: WriteOptions) -> bytes:
    """One article as a ninjs document (UTF-8 JSON, two-space indentation)."""
    text = json.dumps(ninjs_object(doc, options), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_many(docs: Sequence[Document], options: WriteOptions) -> bytes:
    """Several articles as JSON Lines: one compact ninjs object per line, ``uri`` unique."""
    if not docs:
        raise UsageError("a ninjs feed needs at least one article")
    seen: set[str] = set()
    lines: list[str] = []
    for doc in docs:
        item = ninjs_object(doc, options)
        if item["uri"] in seen:
            raise UsageError(f"two articles share the uri {item['uri']}; give each its own "
                             "identifier", path=doc.origin or None)
        seen.add(item["uri"])
        lines.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    return "".join(lines).encode("utf-8")
