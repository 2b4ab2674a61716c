"""Tables, pictures, code and footnotes of an element tree (HTML, or trafilatura's XML) as model nodes.

Used by :class:`~convert.readers.html_blocks.BlockMapper`:

- a ``table`` (HTML ``thead``/``tr``/``th``/``td`` with ``colspan``/``rowspan`` and ``caption``,
  or trafilatura's ``row``/``cell role="head"``) is a :class:`~convert.model.Table`; header rows
  are the ``thead``'s, or the leading rows of header cells;
- a ``figure`` holding an ``img`` (or ``picture``, trafilatura's ``graphic``) is a
  :class:`~convert.model.Figure`: ``src`` (else ``data-src`` or the first ``srcset`` entry)
  resolved against the page's address when it has one, ``alt``, the ``width``/``height`` asked
  for, the ``figcaption`` as caption and its ``credit``/``copyright`` element or trailing
  ``Photo: ...`` as credit; a picture in a ``data:`` URI is decoded and checked; 1x1 trackers
  are dropped;
- ``pre`` (and trafilatura's block ``code``) is a :class:`~convert.model.CodeBlock` with its
  language from a ``language-x``/``lang-x`` class;
- footnotes: a link to an element inside a footnotes section (``role="doc-endnotes"``,
  ``epub:type="footnotes"``, a ``footnotes`` class, or an ``epub:type="footnote"`` aside)
  becomes a :class:`~convert.model.Note` holding that element's content, and the section is not
  read as body text.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree
from msgspec import Struct, field

from ..model import CodeBlock, Figure, Inline, Note, Table, TableCell, TableRow
from ..resources import PictureError, is_data_uri, picture_from_data_uri
from .conventions import load_conventions
from .decode import clean_text
from .html_tidy import clean
from .safexml import cell_span, detach
from .text_captions import caption_line, split_credit_inlines

if TYPE_CHECKING:
    from .html_blocks import BlockMapper

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")
_NOTE_SECTIONS = frozenset({"doc-endnotes", "doc-footnotes", "footnotes", "endnotes", "rearnotes"})
_NOTE_BODIES = frozenset({"footnote", "endnote", "rearnote", "doc-footnote", "doc-endnote"})
_BACKLINKS = frozenset({"footnote-back", "footnote-backref", "doc-backlink", "reversefootnote"})
PICTURES = frozenset({"img", "graphic", "picture"})


def tag_of(el: Any) -> str | None:
    """An element's lower-cased local name; None for comments and processing instructions."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else None


def _words(el: etree._Element) -> set[str]:
    """The element's class words, role and epub:type, lower-cased."""
    values = " ".join(v for v in (el.get("class"), el.get("role"), el.get(_EPUB_TYPE),
                                  el.get("epub:type")) if v)
    return set(values.lower().split())


# --------------------------------------------------------------------------- tables


def table_of(mapper: BlockMapper, el: etree._Element, depth: int) -> Table | None:
    """A table element as a Table; None when it holds no cells (a layout shell)."""
    caption: tuple[Inline, ...] = ()
    head: list[TableRow] = []
    body: list[TableRow] = []
    for part in _rows_of(el):
        if tag_of(part) == "caption":
            caption = caption or mapper.inline_content(part, depth + 1, cell=True)
            continue
        cells, all_head = [], True
        for c in part:
            ctag = tag_of(c)
            if ctag not in ("td", "th", "cell"):
                continue
            is_head = ctag == "th" or (c.get("role") or "").lower() == "head"
            all_head = all_head and (is_head or not (len(c) or (c.text or "").strip()))
            cells.append(TableCell(mapper.inline_content(c, depth + 1, cell=True),
                                   cell_span(c.get("colspan")), cell_span(c.get("rowspan"))))
        if not cells:
            continue
        in_head = (part.getparent() is not None and tag_of(part.getparent()) == "thead") or (
            all_head and not body)
        (head if in_head else body).append(TableRow(tuple(cells)))
    if not caption and len(head) > 1 and _caption_row(head[0]):
        caption = head[0].cells[0].children  # trafilatura's <caption>: a first head row of one cell
        head = head[1:]
    if not head and not body:
        return None
    if not body:
        head, body = [], head
    return Table(tuple(head), tuple(body), caption)


def _rows_of(el: etree._Element) -> list[etree._Element]:
    """The caption and rows of a table, not those of tables nested in its cells."""
    out = []
    for child in el:
        tag = tag_of(child)
        if tag in ("caption", "tr", "row"):
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(r for r in child if tag_of(r) in ("tr", "row"))
    return out


def _caption_row(row: TableRow) -> bool:
    first, rest = row.cells[0], row.cells[1:]
    return bool(first.children) and all(not c.children for c in rest)


# --------------------------------------------------------------------------- pictures


def picture_source(el: etree._Element) -> str:
    """Where an ``img``/``graphic``/``picture`` says its picture is (lazy-loading attributes too)."""
    if tag_of(el) == "picture":
        img = next((d for d in el.iter() if tag_of(d) == "img"), None)
        if img is not None and picture_source(img):
            return picture_source(img)
        source = next((d for d in el.iter() if tag_of(d) == "source" and d.get("srcset")), None)
        return _first_candidate(source.get("srcset", "")) if source is not None else ""
    for attr in ("src", "data-src", "data-original", "data-lazy-src"):
        value = (el.get(attr) or "").strip()
        if value and not value.startswith("data:image/gif;base64,R0lGOD"):  # a lazy-loading blank
            return value
    return _first_candidate(el.get("srcset") or el.get("data-srcset") or "")


def _first_candidate(srcset: str) -> str:
    first = srcset.split(",")[0].strip()
    return first.split()[0] if first else ""


def _pixels(value: str | None) -> int | None:
    text = (value or "").strip().removesuffix("px")
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else None


class PictureMaker(Struct):
    """Makes figures for one page: resolves sources against its address, decodes ``data:`` URIs."""

    base: str | None
    warnings: list[str] = field(default_factory=list)

    def figure(self, el: etree._Element, caption: tuple[Inline, ...] = (),
               credit: str | None = None) -> Figure | None:
        """The figure an image element makes (None for a tracker or an image with no source)."""
        source = picture_source(el)
        width, height = _pixels(el.get("width")), _pixels(el.get("height"))
        if not source or (width is not None and width <= 2) or (height is not None and height <= 2):
            return None
        alt = " ".join(clean_text(el.get("alt") or el.get("title") or "").split())
        picture = None
        if is_data_uri(source):
            try:
                picture = picture_from_data_uri(source)
                source = ""
            except PictureError as exc:  # kept as the source: loading it again says what is wrong
                self.warnings.append(f"picture {alt or 'in a data: URI'}: {exc}; its caption is kept")
        else:
            source = self._resolve(source)
        if caption and credit is None:
            caption, credit = split_credit_inlines(caption, load_conventions())
        return Figure(source, alt, caption, credit, picture, width, height)

    def _resolve(self, source: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:", source, re.IGNORECASE) or not self.base:
            return source
        return urljoin(self.base, source)


def credit_element(el: etree._Element) -> etree._Element | None:
    """A figcaption's element that holds the credit (``class="credit"``, ``copyright``, ``small``)."""
    for d in el.iter():
        words = _words(d)
        if d is not el and (words & {"credit", "credits", "copyright", "photo-credit", "image-credit"}
                            or tag_of(d) == "small"):
            return d
    return None


# --------------------------------------------------------------------------- code


def code_block(el: etree._Element) -> CodeBlock | None:
    """A ``pre`` (or block ``code``) element's text as it is, and the language its class names."""
    text = clean_text("".join(t for t in el.itertext() if isinstance(t, str))).strip("\n")
    if not text.strip():
        return None
    language = None
    for d in (el, *el.iter()):
        m = _LANGUAGE.search(d.get("class") or "") if isinstance(d.tag, str) else None
        if m:
            language = m.group(1)
            break
    return CodeBlock(text, language)


# --------------------------------------------------------------------------- the mapper's part


class RichBlocks:
    """Figures and notes for :class:`~convert.readers.html_blocks.BlockMapper` (its mix-in)."""

    def _figure(self: BlockMapper, el: etree._Element, depth: int) -> None:
        """A figure: its pictures with the caption (the last one captioned), else its content."""
        images = [d for d in el.iter() if tag_of(d) in PICTURES
                  and not any(tag_of(a) == "picture" for a in d.iterancestors())]
        caption_el = next((c for c in el if tag_of(c) == "figcaption"), None)
        if not images or any(tag_of(d) in frozenset({'blockquote', 'quote', 'table'}) for d in el.iter()):
            self._container(el, depth)
            return
        caption: tuple[Inline, ...] = ()
        credit = None
        if caption_el is not None:
            caption_el = copy.deepcopy(caption_el)
            found = credit_element(caption_el)
            if found is not None:
                credit = clean(all_text(found)).strip(" ()—–-") or None
                said = caption_line(credit or "", load_conventions())
                credit = said[1] if said is not None and said[0] == "credit" else credit
                detach(found)
            caption = self.inline_content(caption_el, depth + 1, cell=True)
        figures = [f for f in (self.pictures.figure(img) for img in images) if f is not None]
        if not figures:
            self._container(el, depth)
            return
        last = self.pictures.figure(images[-1], caption, credit) if (caption or credit) else None
        if last is not None:
            figures[-1] = last
        self.blocks.extend(figures)

    def _note(self: BlockMapper, el: etree._Element, run: Any) -> bool:
        """A footnote reference becomes its note (True); a note's link back to the text vanishes."""
        if self.notes.is_backlink(el) and any(el in s.iter() for s in self.notes.sections):
            return True
        body = self.notes.target(el)
        if body is None:
            return False
        key = (el.get("href") or "").strip()
        if key not in self._note_cache:
            self._note_cache[key] = ()  # a note that refers to itself stops here
            sub = self._child()
            sub._container(body, 1)
            self._note_cache[key] = tuple(sub.blocks)
        if self._note_cache[key]:
            run.parts.append(Note(self._note_cache[key], clean(all_text(el)).strip(" []")))
        return True


def all_text(el: etree._Element) -> str:
    """Every text node under ``el`` (comments and processing instructions excluded)."""
    return "".join(t for t in el.itertext() if isinstance(t, str))


# --------------------------------------------------------------------------- footnotes


class NoteIndex(Struct):
    """The footnotes of one tree: note bodies by id, and the sections that hold them."""

    bodies: dict[str, etree._Element] = field(default_factory=dict)
    sections: set[Any] = field(default_factory=set)

    def target(self, link: etree._Element) -> etree._Element | None:
        """The note body a link points to, when the link is a note reference."""
        href = (link.get("href") or "").strip()
        return self.bodies.get(href[1:]) if href.startswith("#") and self.bodies else None

    def is_backlink(self, el: etree._Element) -> bool:
        href = (el.get("href") or "").strip()
        return bool(_words(el) & _BACKLINKS) or (href.startswith("#") and "".join(el.itertext()).strip()
                                                  in ("↩", "↩︎", "^", "↑"))


def find_notes(root: etree._Element) -> NoteIndex:
    """Footnote sections and the note bodies in them (ids of ``li``, ``aside``, ``div``, ``p``)."""
    index = NoteIndex()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        words = _words(el)
        if words & _NOTE_BODIES and el.get("id"):
            index.bodies[el.get("id", "")] = el
            index.sections.add(el)
        elif words & _NOTE_SECTIONS:
            index.sections.add(el)
            for d in el.iter():
                if isinstance(d.tag, str) and d.get("id") and tag_of(d) in ("li", "aside", "div", "p",
                                                                             "section", "dd"):
                    index.bodies.setdefault(d.get("id", ""), d)
    return index
