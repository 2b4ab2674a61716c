"""Document properties (core, extended, custom) for one article, written from the model only.

Nothing comes from python-docx's template: its ``python-docx`` creator, 2013 dates and
"Microsoft Macintosh Word" application would otherwise survive into every output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from ...model import Document, document_text
from ...options import WriteOptions, article_times
from ...textutil import word_count
from .ooxml import serialize

CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#: The format id Word gives user-defined properties.
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

_STATUS = {"withheld": "Withheld", "canceled": "Canceled"}


def w3cdtf(moment: datetime) -> str:
    """A W3CDTF UTC timestamp: converted to UTC first (python-docx writes local time with Z)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def creators(doc: Document) -> str:
    """The author names, as Word lists several authors ("A; B"); never "By"."""
    meta = doc.meta
    if meta.authors:
        return "; ".join(p.name for p in meta.authors)
    return meta.byline or ""


def category(doc: Document) -> str | None:
    """Section or genre when the article names one (``extra``), else the first subject name."""
    extra = dict(doc.meta.extra)
    for key in ("category", "section", "genre"):
        if extra.get(key):
            return extra[key]
    for subject in doc.meta.subjects:
        if subject.name:
            return subject.name
    return None


def core_xml(doc: Document, options: WriteOptions) -> bytes:
    """``docProps/core.xml`` with every core property the article can fill.

    ``created`` is the article's own date (absent when it has none), ``modified`` this version.
    """
    meta = doc.meta
    first, version = article_times(meta.date, options.timestamp)
    root = etree.Element(f"{{{CP_NS}}}coreProperties",
                         nsmap={"cp": CP_NS, "dc": DC_NS, "dcterms": DCTERMS_NS,
                                "dcmitype": "http://purl.org/dc/dcmitype/", "xsi": XSI_NS})

    def add(ns: str, tag: str, value: str | None) -> etree._Element | None:
        if not value:
            return None
        el = etree.SubElement(root, f"{{{ns}}}{tag}")
        el.text = value
        return el

    add(DC_NS, "title", meta.headline)
    add(DC_NS, "subject", meta.subheadline)
    add(DC_NS, "creator", creators(doc))
    add(CP_NS, "keywords", ", ".join(meta.keywords))
    add(DC_NS, "description", meta.subheadline)
    add(CP_NS, "revision", str(meta.version))
    for tag, moment in (("created", first), ("modified", version)):
        if moment is None:
            continue  # undated: no creation date is invented; "modified" is this version
        el = add(DCTERMS_NS, tag, w3cdtf(moment))
        assert el is not None
        el.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
    add(CP_NS, "category", category(doc))
    add(DC_NS, "language", meta.language)
    add(DC_NS, "identifier", meta.identifier)
    add(CP_NS, "contentStatus", _STATUS.get(meta.pub_status))
    return serialize(root)


def _non_space(text: str, chunk: int = 1 << 16) -> int:
    """Characters that are not blanks, at C speed, a chunk at a time (no list of every word)."""
    return sum(len("".join(text[i:i + chunk].split())) for i in range(0, len(text), chunk))


def app_xml(doc: Document, options: WriteOptions) -> bytes:
    """``docProps/app.xml``: this tool as the application, and honest counts."""
    text = document_text(doc)
    root = etree.Element(f"{{{EP_NS}}}Properties", nsmap={None: EP_NS, "vt": VT_NS})
    values = (
        ("Application", options.generator),
        ("DocSecurity", "0"),
        ("Words", str(word_count(text))),
        ("Characters", str(_non_space(text))),
        ("CharactersWithSpaces", str(len(text))),
        ("Paragraphs", str(text.count("\n") + 1 if text else 0)),
        ("ScaleCrop", "false"),
        ("Company", doc.meta.copyright_holder or doc.meta.source or ""),
        ("LinksUpToDate", "false"),
        ("SharedDoc", "false"),
        ("HyperlinksChanged", "false"),
    )
    for tag, value in values:
        if not value:
            continue
        el = etree.SubElement(root, f"{{{EP_NS}}}{tag}")
        el.text = value
    return serialize(root)


def custom_values(doc: Document) -> list[tuple[str, str, str]]:
    """(name, vt type, value) of the news metadata OOXML has no core property for."""
    meta = doc.meta
    out: list[tuple[str, str, str]] = []
    for name, value in (
        ("Source", meta.source), ("Provider", meta.provider), ("ProviderURI", meta.provider_uri),
        ("Copyright", meta.copyright), ("CopyrightHolder", meta.copyright_holder),
        ("UsageTerms", meta.usage_terms), ("Byline", meta.by), ("Dateline", meta.dateline),
        ("Located", meta.located), ("Slugline", meta.slugline), ("EditorialNote", meta.ednote),
        ("Subjects", " ".join(s.qcode for s in meta.subjects)),
    ):
        if value:
            out.append((name, "lpwstr", value))
    if meta.urgency is not None:
        out.append(("Urgency", "i4", str(meta.urgency)))
    return out


def custom_xml(doc: Document) -> bytes | None:
    """``docProps/custom.xml``, or None when there is nothing to put in it."""
    values = custom_values(doc)
    if not values:
        return None
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, vt, value) in enumerate(values, start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid),
                                name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}{vt}").text = value
    return serialize(root)
