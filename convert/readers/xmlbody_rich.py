"""Tables, pictures, notes, code and notices of an XHTML or NITF body, for :mod:`.xmlbody`.

- ``table`` (both vocabularies: ``caption``, ``thead``/``tbody``/``tfoot``, ``tr``, ``th``/``td``
  with ``colspan``/``rowspan``, alignment from ``align`` or ``style="text-align: ..."``);
- XHTML ``figure`` (``img`` + ``figcaption``, its ``span.credit`` the credit) and ``img``;
  NITF ``media`` (``media-reference`` source, alternate text and size, ``media-caption``,
  ``media-producer`` as the credit); a picture in a ``data:`` URI is decoded and checked;
- notes: a link to an element with that ``id`` that is a NITF ``fn``, an item of a notes section
  (``role="doc-endnotes"``, class ``notes``/``footnotes``) or an ``epub:type="footnote"`` aside
  is a :class:`~convert.model.Note` with that element's blocks; the element is then not read
  where it stands, and its link back (``role="doc-backlink"``, ``↩``) is dropped;
- ``pre`` a :class:`~convert.model.CodeBlock` (its language from a ``language-x`` class);
- a notice (XHTML ``div.notice.correction``, NITF ``block class="correction"``; also
  ``editors-note`` and ``clarification``) a :class:`~convert.model.Correction` without the label
  paragraph a writer printed above it.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import TYPE_CHECKING

from lxml import etree
from msgspec import Struct, field
from msgspec.structs import replace

from ..model import (
    CORRECTION_KINDS,
    Block,
    CodeBlock,
    Figure,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Picture,
    Strong,
    Table,
    TableCell,
    TableRow,
)
from ..resources import PictureError, is_data_uri, picture_from_data_uri
from .decode import clean_text
from .safexml import cell_span, detach, local

if TYPE_CHECKING:
    from .xmlbody import BodyReader

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")
_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)", re.IGNORECASE)
_NOTE_SECTIONS = frozenset({"doc-endnotes", "doc-footnotes", "notes", "footnotes", "endnotes"})
_BACKLINK_TEXT = frozenset({"↩", "↩︎", "^", "↑"})
_DASH = re.compile(r"^\s*(?:—|–|--|-)\s*")


def name_of(el: etree._Element) -> str:
    return local(el.tag).lower() if isinstance(el.tag, str) else ""


def _words(el: etree._Element) -> set[str]:
    values = " ".join(v for v in (el.get("class"), el.get("role"), el.get(_EPUB_TYPE)) if v)
    return set(values.lower().split())


# --------------------------------------------------------------------------- notes


class Notes(Struct):
    """The note bodies of one document: elements referenced as notes, found once per tree."""

    root: etree._Element | None = None
    bodies: dict[str, etree._Element] = field(default_factory=dict)
    #: Elements read as notes (never read where they stand) and sections holding only those.
    taken: set[etree._Element] = field(default_factory=set)

    def scan(self, el: etree._Element) -> None:
        """Find the notes of the tree ``el`` belongs to (once per tree)."""
        root = el.getroottree().getroot()
        if root is self.root:
            return
        self.root, self.bodies, self.taken = root, {}, set()
        ids: dict[str, etree._Element] = {}
        links: list[str] = []
        for e in root.iter():
            if not isinstance(e.tag, str):
                continue
            if e.get("id"):
                ids.setdefault(e.get("id", ""), e)
            if name_of(e) == "a" and (e.get("href") or "").startswith("#"):
                links.append((e.get("href") or "")[1:])
        for target in links:
            body = ids.get(target)
            if body is not None and _is_note_body(body):
                self.bodies[target] = body
                self.taken.add(body)
        for body in list(self.taken):
            section = next((a for a in body.iterancestors() if _words(a) & _NOTE_SECTIONS), None)
            if section is not None and all(d in self.taken for d in section.iter()
                                           if isinstance(d.tag, str) and d.get("id")
                                           and _is_note_body(d)):
                self.taken.add(section)

    def target(self, link: etree._Element) -> etree._Element | None:
        href = (link.get("href") or "").strip()
        return self.bodies.get(href[1:]) if href.startswith("#") else None


def _is_note_body(el: etree._Element) -> bool:
    name = name_of(el)
    if name == "fn" or _words(el) & {"footnote", "endnote", "doc-footnote", "doc-endnote"}:
        return True
    return name in ("li", "aside", "div", "p", "dd") and any(
        _words(a) & _NOTE_SECTIONS for a in el.iterancestors())


def is_backlink(el: etree._Element) -> bool:
    """A note's link back to where it is referenced."""
    if _words(el) & {"doc-backlink", "footnote-back", "footnote-backref"}:
        return True
    return (el.get("href") or "").startswith("#") and "".join(el.itertext()).strip() in _BACKLINK_TEXT


# --------------------------------------------------------------------------- tables


def table_rows(el: etree._Element) -> tuple[etree._Element | None, list[tuple[bool, etree._Element]]]:
    """The caption and the rows of a table, each marked as a header row or not."""
    caption = None
    rows: list[tuple[bool, etree._Element]] = []
    for child in el:
        name = name_of(child)
        if name == "caption":
            caption = child
        elif name == "tr":
            rows.append((False, child))
        elif name in ("thead", "tbody", "tfoot"):
            rows.extend((name == "thead", r) for r in child if name_of(r) == "tr")
    if rows and not any(h for h, _ in rows):  # no thead: leading rows of th only are the header
        lead = 0
        while lead < len(rows) - 1 and all(name_of(c) == "th" for c in rows[lead][1]
                                           if name_of(c) in ("th", "td")):
            lead += 1
        rows = [(i < lead, r) for i, (_, r) in enumerate(rows)]
    return caption, rows


def cell(el: etree._Element, inlines: tuple[Inline, ...]) -> TableCell:
    return TableCell(inlines, cell_span(el.get("colspan")), cell_span(el.get("rowspan")))


def cell_align(el: etree._Element) -> str | None:
    value = (el.get("align") or "").strip().lower()
    if value in ("left", "right", "center"):
        return value
    m = _ALIGN.search(el.get("style") or "")
    return m.group(1).lower() if m else None


def column_aligns(rows: list[TableRow], cells: list[list[etree._Element]]) -> tuple[str | None, ...]:
    """One alignment per column, from the first cell that starts in each column."""
    aligns: dict[int, str | None] = {}
    for row, els in zip(rows, cells, strict=True):
        col = 0
        for c, el in zip(row.cells, els, strict=True):
            aligns.setdefault(col, cell_align(el))
            col += c.colspan
    width = max(aligns) + 1 if aligns else 0
    out = tuple(aligns.get(i) for i in range(width))
    return out if any(out) else ()


# --------------------------------------------------------------------------- pictures


class PictureReader(Struct):
    """Figures of one body: ``data:`` pictures decoded, the problems said once each."""

    warnings: list[str] = field(default_factory=list)

    def figure(self, source: str, alt: str, caption: tuple[Inline, ...], credit: str | None,
               width: str | None = None, height: str | None = None) -> Figure | None:
        source = source.strip()
        alt = " ".join(clean_text(alt).split())
        if not source and not caption and not alt:
            return None
        picture: Picture | None = None
        if is_data_uri(source):
            try:
                picture = picture_from_data_uri(source)
            except PictureError as exc:
                self.warnings.append(f"picture {alt or 'in a data: URI'}: {exc}; its caption is kept")
            source = ""
        return Figure(source, alt, caption, credit or None, picture, _pixels(width), _pixels(height))


def _pixels(value: str | None) -> int | None:
    text = (value or "").strip().removesuffix("px")
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else None


def credit_of(caption: etree._Element) -> etree._Element | None:
    """The element of an XHTML figcaption that holds the credit (``span.credit``)."""
    return next((d for d in caption.iter() if d is not caption and isinstance(d.tag, str)
                 and _words(d) & {"credit", "copyright"}), None)


# --------------------------------------------------------------------------- code, notices


def code_block(el: etree._Element) -> CodeBlock | None:
    """A ``pre`` as it is, or the one ``code`` element it wraps; the language a class names.

    The text is kept exactly, but for a newline right after ``<pre>`` (not content, as in HTML).
    """
    kids = [c for c in el if isinstance(c.tag, str)]
    only = kids[0] if len(kids) == 1 and name_of(kids[0]) == "code" and not (el.text or "").strip() \
        and not (kids[0].tail or "").strip() else el
    text = clean_text("".join(t for t in only.itertext() if isinstance(t, str)))
    text = text[1:] if text.startswith("\n") else text
    if not text.strip():
        return None
    language = None
    for d in el.iter():
        m = _LANGUAGE.search(d.get("class") or "") if isinstance(d.tag, str) else None
        if m:
            language = m.group(1)
            break
    return CodeBlock(text, language)


def notice_kind(el: etree._Element) -> str | None:
    """The kind of correction notice an element is (its class), or None."""
    words = set((el.get("class") or "").lower().split())
    if name_of(el) == "div" and "notice" not in words:
        return None
    return next((k for k in CORRECTION_KINDS if k in words), None)


def is_notice_label(el: etree._Element) -> bool:
    return name_of(el) == "p" and "notice-label" in (el.get("class") or "").split()


# --------------------------------------------------------------------------- block readers


def definitions(reader: BodyReader, el: etree._Element, lang: str | None) -> list[Block]:
    """A definition list: each term in bold, its definitions nested under it."""
    items: list[ListItem] = []
    for child in el:
        name = local(child.tag).lower() if isinstance(child.tag, str) else ""
        if name == "dt":
            term = reader.collect(child)
            items.append(ListItem((Strong(term),) if term else ()))
        elif name == "dd":
            last = items.pop() if items else ListItem(())
            items.append(ListItem(last.children, last.blocks + tuple(reader.blocks(child)), last.checked))
    return [ListBlock(False, tuple(items), lang=lang)] if items else []


def figure(reader: BodyReader, el: etree._Element, lang: str | None) -> list[Block]:
    """XHTML ``figure``: pictures with the caption (on the last), or a quote with its attribution."""
    from .xmlbody import lang_of, text_of

    quote = next((c for c in el if local(c.tag).lower() in ("blockquote", "bq")), None)
    caption = next((c for c in el if local(c.tag).lower() == "figcaption"), None)
    if quote is not None:
        attribution = _DASH.sub("", text_of(caption)) if caption is not None else None
        return reader.quote(quote, attribution or None, lang_of(quote) or lang)
    credit = None
    inlines: tuple[Inline, ...] = ()
    if caption is not None:
        caption = deepcopy(caption)
        found = credit_of(caption)
        if found is not None:
            credit = text_of(found) or None
            detach(found)
        inlines = reader.collect(caption)
    images = [d for d in el.iter() if local(d.tag).lower() == "img"] if len(el) else []
    if not images:
        return [Figure("", caption=inlines, credit=credit, lang=lang)] if inlines or credit else []
    out = [reader._image(img, (), None, lang) for img in images[:-1]]
    out.append(reader._image(images[-1], inlines, credit, lang))
    return [f for f in out if f is not None]

def media(reader: BodyReader, el: etree._Element, lang: str | None) -> list[Block]:
    """NITF ``media``: a picture with its caption and producer; other media by their caption."""
    from .xmlbody import text_of

    parts = {local(c.tag).lower(): c for c in el if isinstance(c.tag, str)}
    caption = reader.collect(parts["media-caption"]) if "media-caption" in parts else ()
    if (el.get("media-type") or "image").lower() not in ("image", "photo", "graphic"):
        reader.dropped["media"] += 1
        return [Paragraph(caption, lang=lang)] if caption else []
    ref = parts.get("media-reference")
    credit = text_of(parts["media-producer"]) if "media-producer" in parts else None
    found = reader.pictures.figure(
        (ref.get("source") or ref.get("data-location") or "") if ref is not None else "",
        (ref.get("alternate-text") or "") if ref is not None else "", caption, credit,
        ref.get("width") if ref is not None else None, ref.get("height") if ref is not None else None)
    return [replace(found, lang=lang) if lang else found] if found is not None else []


def table(reader: BodyReader, el: etree._Element, lang: str | None) -> list[Block]:
    """A table of either vocabulary; a table without cells is its caption."""
    caption_el, rows = table_rows(el)
    head: list[TableRow] = []
    body: list[TableRow] = []
    cell_els: list[list[etree._Element]] = []
    for is_head, tr in rows:
        els = [c for c in tr if local(c.tag).lower() in ("th", "td")]
        if not els:
            continue
        row = TableRow(tuple(cell(c, reader.collect(c)) for c in els))
        (head if is_head else body).append(row)
        cell_els.append(els)
    caption = reader.collect(caption_el) if caption_el is not None else ()
    if not head and not body:
        return [Paragraph(caption, lang=lang)] if caption else []
    aligns = column_aligns([*head, *body], cell_els)
    return [Table(tuple(head), tuple(body), caption, aligns, lang=lang)]


