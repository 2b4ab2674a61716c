"""Read a Word document (DOCX) into a Document, through python-docx.

The archive is checked before anything is inflated (:mod:`.safezip`: member count, total size,
compression ratio) and its XML parts for DTDs (OOXML has none; one would only serve entity
tricks). python-docx then opens the package (content types, relationships, the main part); the
body is walked by :mod:`.docx_body` and laid out as an article by :mod:`.docx_article`. The
document properties are read from the package's own parts: python-docx would invent defaults
for missing ones ("Word Document", a modification time of now).

Properties: core ``creator`` (the authors), ``created`` (the date, unless a ``Date`` paragraph
gives one), ``keywords``, ``language`` (stated: not identified again), ``title``, ``subject``,
``identifier``, ``contentStatus``, ``category``; the custom properties our writer sets
(``Byline``, ``Dateline``, ``Source`` ...) and others named like front-matter keys (pandoc's
``subtitle``, ``date``). ``revision`` is the article's version only in files newsconvert wrote
(Word counts saves there).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

from ..errors import InputError
from ..model import Document
from ..options import ReadOptions
from .conventions import load_conventions
from .diagnostics import Diagnostics
from .docx_article import build_article
from .docx_body import BodyWalker, note_elements
from .docx_styles import Numbering, Styles
from .metadata import MetaFields
from .safexml import local, parse
from .safezip import ZIP_ERRORS, Limits, open_zip, read_member
from .xmldoc import finish_document, language_tag

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PROLOG_BYTES = 65536
_DTD_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("utf-8", "utf-16-le", "utf-16-be"))
#: Custom properties newsconvert's DOCX writer sets -> the Meta field (or "by") each holds.
_CUSTOM = {"source": "source", "provider": "provider", "provideruri": "provider_uri",
           "copyright": "copyright", "copyrightholder": "copyright_holder",
           "usageterms": "usage_terms", "byline": "by", "dateline": "dateline",
           "located": "located", "slugline": "slugline", "editorialnote": "ednote",
           "subjects": "subjects", "urgency": "urgency"}


def read(data: bytes, options: ReadOptions) -> Document:
    """Parse DOCX bytes. Raises InputError for a damaged, hostile or empty document."""
    return explain(data, options)[0]


def explain(data: bytes, options: ReadOptions) -> tuple[Document, Diagnostics]:
    """Parse DOCX bytes and say what was decided (``newsconvert parse``)."""
    origin = options.origin or "<input>"
    if len(data) > options.max_bytes:
        raise InputError(f"file is too large ({len(data):,} bytes; the limit is "
                         f"{options.max_bytes:,})", path=origin)
    with open_zip(data, origin, Limits.for_input(options.max_bytes), "DOCX") as zf:
        _refuse_dtds(zf, origin)
        props = {name: _part(zf, f"docProps/{name}.xml", origin) for name in ("core", "app", "custom")}
    document = _open(data, origin)
    diagnostics = Diagnostics(encoding="utf-8")
    diagnostics.paragraphs = {"rule": "markup", "why": "one block per Word paragraph"}
    fields = MetaFields()
    ours = _text(props["app"], "Application") == "newsconvert"
    _custom(props["custom"], fields, diagnostics)
    part = document.part
    styles = Styles.from_xml(_related(part, "styles", origin))
    numbering = Numbering.from_xml(_related(part, "numbering", origin))
    links = {rid: rel.target_ref for rid, rel in part.rels.items()
             if rel.is_external and rel.reltype.endswith(("/hyperlink", "/image"))}
    walker = BodyWalker(styles, links, media=_media(part),
                        note_parts={kind: note_elements(_related(part, f"{kind}s", origin), kind)
                                    for kind in ("footnote", "endnote")})
    try:
        paras = list(walker.body(document.element.body))
    except (AttributeError, ValueError, TypeError) as exc:
        raise InputError(f"not a readable DOCX body ({exc})", path=origin) from None
    conv = options.conventions if options.conventions is not None else load_conventions()
    blocks = build_article(paras, numbering, fields, conv, options, diagnostics)
    diagnostics.warnings.extend(walker.warnings)
    diagnostics.warnings.extend(_warnings(walker))
    language = _core(props["core"], fields, ours)
    return finish_document(fields, blocks, options, origin, diagnostics, language=language,
                           declared=False, what="the DOCX"), diagnostics


# --------------------------------------------------------------------------- package


def _open(data: bytes, origin: str) -> Any:
    """python-docx's Document for ``data``; anything it cannot open is one InputError."""
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except (*ZIP_ERRORS, etree.XMLSyntaxError, AttributeError, TypeError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(f"not a readable DOCX ({reason})", path=origin) from None
    except Exception as exc:  # python-docx raises its own exception types too
        if type(exc).__module__.startswith("docx"):
            raise InputError(f"not a readable DOCX ({exc})", path=origin) from None
        raise


def _refuse_dtds(zf: zipfile.ZipFile, origin: str) -> None:
    """Refuse XML parts that declare a DTD (OOXML forbids them; they only serve entity tricks)."""
    for info in zf.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(info) as fh:
                head = fh.read(_PROLOG_BYTES)  # a DTD can only stand before the root element
        except ZIP_ERRORS as exc:
            raise InputError(f"DOCX member {info.filename} is damaged ({exc})", path=origin) from None
        if any(mark in head for mark in _DTD_MARKS):
            raise InputError(f"DOCX part {info.filename} declares a DTD; refused (Word documents "
                             "have none, and entities are never expanded)", path=origin)


def _part(zf: zipfile.ZipFile, name: str, origin: str) -> etree._Element | None:
    if name not in zf.namelist():
        return None
    return parse(read_member(zf, name, origin, "DOCX"), origin, f"DOCX part {name}")


def _media(part: Any) -> dict[str, tuple[str, bytes]]:
    """Relationship id -> (part name, bytes) of every picture inside the package."""
    out: dict[str, tuple[str, bytes]] = {}
    for rid, rel in part.rels.items():
        if not rel.is_external and rel.reltype == _RT + "image":
            target = rel.target_part
            out[rid] = (str(target.partname).lstrip("/"), target.blob)
    return out


def _related(part: Any, kind: str, origin: str) -> etree._Element | None:
    """The XML of the part the main document relates to by ``kind`` (styles, numbering ...)."""
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype == _RT + kind:
            return parse(rel.target_part.blob, origin, f"DOCX {kind} part")
    return None


# --------------------------------------------------------------------------- properties


def _text(root: etree._Element | None, name: str) -> str:
    if root is None:
        return ""
    for el in root:
        if local(el.tag) == name:
            return " ".join("".join(el.itertext()).split())
    return ""


def _core(root: etree._Element | None, fields: MetaFields, ours: bool) -> str | None:
    """Core properties as fallbacks for what the text does not say; returns the stated language."""
    creators = _text(root, "creator")
    if creators:
        from ..model import Person

        names = [n.strip() for n in creators.replace(";", "\n").split("\n") if n.strip()]
        fields.set_inferred("byline", " and ".join(names))
        fields.set_inferred("authors", tuple(Person(n) for n in names))
    keywords = _text(root, "keywords")
    if keywords:
        sep = "," if "," in keywords or ";" not in keywords else ";"
        fields.set_inferred("keywords", tuple(k.strip() for k in keywords.split(sep) if k.strip()))
    created = _text(root, "created")
    if created:
        _apply(fields, {"date": created}, "core created", infer=True)
    fields.set_inferred("subheadline", _text(root, "subject") or _text(root, "description"))
    fields.set_inferred("identifier", _text(root, "identifier"))
    status = _text(root, "contentStatus").lower()
    if status in ("withheld", "canceled"):
        fields.set_inferred("pub_status", status)
    category = _text(root, "category")
    if category:
        fields.extra.setdefault("category", category)
    revision = _text(root, "revision")
    if ours and revision.isdigit() and int(revision) >= 1:
        fields.set_inferred("version", int(revision))
    return language_tag(_text(root, "language"))


def _custom(root: etree._Element | None, fields: MetaFields, diagnostics: Diagnostics) -> None:
    """Custom properties: ours by name, others when named like a metadata key (pandoc's)."""
    if root is None:
        return
    from .metadata import KNOWN_KEYS, canonical_key

    for prop in root:
        name = (prop.get("name") or "").strip()
        value = " ".join("".join(prop.itertext()).split())
        if not name or not value:
            continue
        key = _CUSTOM.get(name.lower().replace(" ", ""))
        if key == "by":
            from .conventions import parse_byline

            parsed = parse_byline(value)
            fields.values["by"] = value
            if parsed is not None:
                fields.values["byline"], fields.values["authors"] = parsed
            continue
        if key is None and canonical_key(name) in KNOWN_KEYS:
            key = canonical_key(name)
        if key is None:
            continue  # Word's and other tools' own properties: not article data
        if key == "subjects":
            value = ",".join(value.split())
        _apply(fields, {key: value}, f"custom property {name}", diagnostics=diagnostics)


def _apply(fields: MetaFields, values: dict[str, str], where: str, *, infer: bool = False,
           diagnostics: Diagnostics | None = None) -> None:
    """Apply metadata through the front-matter rules; a bad value is skipped (and said)."""
    try:
        if infer:
            scratch = MetaFields()
            scratch.apply(values, where)
            for key, value in scratch.values.items():
                fields.set_inferred(key, value)
        else:
            fields.apply(values, where)
    except InputError as exc:
        if diagnostics is not None:
            diagnostics.warnings.append(f"skipped {exc.message}")


# --------------------------------------------------------------------------- warnings


def _warnings(walker: BodyWalker) -> list[str]:
    counts = walker.counts
    out = []
    if counts["inserted"] or counts["deleted"]:
        out.append(f"tracked changes accepted: {counts['inserted']} insertion(s) and "
                   f"{counts['deleted']} deletion(s) read as the final text")
    if counts["picture"]:
        out.append(f"{counts['picture']} picture(s) or embedded object(s) not kept (in a table cell, "
                   "or not in the package)")
    if counts["comment"]:
        out.append(f"{counts['comment']} comment(s) not kept")
    return out
