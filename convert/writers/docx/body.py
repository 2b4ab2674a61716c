"""Build ``word/document.xml`` for one arranged article as an lxml tree, in time linear in its length.

The head (headline, standfirst, byline, dateline) is what :func:`convert.arrange.arrange`
decided; this module only renders it, with paragraphs and runs (:class:`_Builder`); tables,
pictures, lists, code, notices and notes are :mod:`.rich`'s. Every paragraph and run names a
style from the template (no direct formatting), so a newsroom template restyles the whole
article. The run properties written here mark direction and language (``w:rtl``, ``w:cs``,
``w:lang``), which are not formatting, and struck text (``w:strike``), which is meaning: a
correction's deleted words must look deleted whatever the style. Inserted text names its own
style, ``Inserted Text`` (:meth:`.RichBlocks.inserted_props`). Direction and language come
from the model, never from guessing at the letters: a block's ``lang`` (else the article's
language) gives the ``w:lang`` tag, and right to left is :mod:`convert.textutil`'s rule for that
tag (for a block without one, for its text). The fonts of scripts the styles do not name
(:mod:`.fonts`) are the only other run property.
"""

from __future__ import annotations

from lxml import etree
from msgspec import Struct, field

from ...arrange import DATELINE_SEPARATOR, Arranged
from ...model import (
    BLOCK_TYPES,
    Block,
    BlockQuote,
    Code,
    Deleted,
    Emphasis,
    Heading,
    Inline,
    Inserted,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Quoted,
    RawInline,
    Strong,
    Text,
    plain_text,
)
from ...textutil import direction, language_direction
from ...zipio import Part
from ..datelines import split_place
from .fonts import RoleFont
from .manifest import PartRels, Relationship, rels_xml
from .notes import CT_FOOTNOTES, FOOTNOTES_PART, RT_FOOTNOTES, footnotes_root
from .ooxml import NSMAP, XML_NS, lang_slot, serialize, w
from .rich import RichBlocks
from .runfonts import Para, Planned, add_run_fonts, plan_fonts, symbol_fonts, symbol_segments
from .section import add_section_properties
from .template import Template

_P, _PPR, _PSTYLE, _R, _RPR, _RSTYLE, _T, _BR, _TAB = (
    w("p"), w("pPr"), w("pStyle"), w("r"), w("rPr"), w("rStyle"), w("t"), w("br"), w("tab"))
_VAL = w("val")
_SPACE = f"{{{XML_NS}}}space"
_SE = etree.SubElement
_NO_ROLE = RoleFont("", "", "serif")
#: Inline flags: emphasis, strong, deleted (struck), inserted (the Inserted Text style).
EMPHASIS, STRONG, DELETED, INSERTED = 1, 2, 4, 8


class Mark(Struct, frozen=True):
    """How the runs of one paragraph are marked: right to left, and their ``w:lang`` (slot, tag)."""

    rtl: bool
    lang: tuple[str, str] | None = None


class BuiltBody(Struct):
    """document.xml plus what the other per-article parts need to know about it."""

    xml: bytes
    #: Relationships document.xml adds to the template's (hyperlinks, pictures, notes).
    rels: list[Relationship]
    #: (start, level) of each ordered list, in order (one ``w:num`` each).
    ordered_starts: tuple[tuple[int, int], ...]
    #: The article's fonts: the styles' scripts, faces runs name, faces it is drawn in.
    fonts: Planned
    #: Every character of the document's text (what embedded fonts must draw).
    chars: frozenset[str]
    #: Parts beyond document.xml: pictures, the notes and their relationships.
    parts: list[Part] = field(default_factory=list)
    #: Content types by extension (pictures) and by part name (the notes) those parts need.
    extension_types: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)


class _Builder(Struct, RichBlocks):
    tpl: Template
    language: str
    #: The relationships of the part being written (document.xml, then footnotes.xml).
    rels: PartRels = field(default_factory=PartRels)
    ordered: list[tuple[int, int]] = field(default_factory=list)
    #: The last plain run written (run, its w:t, style, edits, mark), so adjacent text joins it.
    last: tuple[etree._Element, etree._Element, str | None, int, Mark | None] | None = None
    #: Each paragraph with its role, own language, text and run looks (for :mod:`.fonts`).
    paras: list[Para] = field(default_factory=list)
    #: The font of the paragraph being written (symbols it lacks get a symbol face).
    font: str = ""
    #: Symbol faces runs name: family -> None, in order of first use.
    symbols: dict[str, None] = field(default_factory=dict)
    #: The role of the paragraph being written, and the character styles by id.
    role: RoleFont = _NO_ROLE
    char_roles: dict[str, RoleFont] = field(default_factory=dict)
    #: Notes referenced so far, in order (footnote ids 1, 2 ...); True while writing one.
    notes: list[Note] = field(default_factory=list)
    in_note: bool = False
    #: Pictures: figure source -> media part name; the media parts; drawings so far.
    media: dict[str, str] = field(default_factory=dict)
    media_parts: list[Part] = field(default_factory=list)
    media_types: dict[str, str] = field(default_factory=dict)
    drawings: int = 0
    #: The dateline's place as the article names it (``meta.located``).
    located: str | None = None
    #: What could not be shown, one entry per kind: kind -> (count, first example).
    lost: dict[str, tuple[int, str]] = field(default_factory=dict)

    # ----------------------------------------------------------------- paragraphs

    def paragraph(self, parent: etree._Element, role: str, text_for_direction: str,
                  num_id: int | None = None, lang: str | None = None, level: int = 0
                  ) -> tuple[etree._Element, Mark | None]:
        """A ``w:p`` with its style; returns it and how its runs are marked (None: plain)."""
        p = _SE(parent, _P)
        ppr = _SE(p, _PPR)
        _SE(ppr, _PSTYLE).set(_VAL, self.tpl.ids[role])
        self.role = self.tpl.fonts[role]
        self.font = self.role.font
        if num_id is not None:
            numpr = _SE(ppr, w("numPr"))
            _SE(numpr, w("ilvl")).set(_VAL, str(level))
            _SE(numpr, w("numId")).set(_VAL, str(num_id))
        mark = self.mark(text_for_direction, lang)
        if mark is not None and mark.rtl:
            _SE(ppr, w("bidi"))
        return p, mark

    def mark(self, text: str, lang: str | None) -> Mark | None:
        """Direction and language of a paragraph's runs, from the block's language or the article's.

        A block in a language of its own gets its tag in the slot Word reads for that script. A
        paragraph in the article's language is right to left when its text is (textutil's rule);
        its runs then carry the article's tag only when that language is itself right to left:
        nothing is guessed from the letters.
        """
        if lang:
            return Mark(language_direction(lang) == "rtl", (lang_slot(lang), lang))
        if direction(text) != "rtl":
            return None
        article = self.language
        return Mark(True, ("bidi", article) if language_direction(article) == "rtl" else None)

    def text_paragraph(self, parent: etree._Element, role: str, text: str) -> etree._Element:
        """A paragraph holding one plain string (headline, byline, credit ...)."""
        p, mark = self.paragraph(parent, role, text)
        self.paras.append(Para(p, self.tpl.fonts[role], None, text))
        self.run(p, text, None, mark)
        return p

    def dateline_runs(self, p: etree._Element, dateline: str, style_id: str | None,
                      mark: Mark | None) -> None:
        """The dateline's runs: its place in the dateline's style, date and source as written.

        A house style that capitalises the dateline capitalises the place only: the date and the
        agency in brackets name ``Dateline Source Char``, which turns the capitals off.
        """
        if not self.tpl.style.element("dateline").uppercase:
            self.run(p, dateline, style_id, mark)
            return
        place, rest = split_place(dateline, self.located)
        self.run(p, place, style_id, mark)
        self.run(p, rest, self.tpl.ids["dateline_source"], mark)

    def inline_paragraph(self, parent: etree._Element, role: str, inlines: tuple[Inline, ...],
                         num_id: int | None = None, dateline: str | None = None,
                         lang: str | None = None, level: int = 0,
                         lead: str = "") -> etree._Element:
        """A paragraph of inline content, opened by an inline dateline or ``lead`` text (a task box)."""
        text = plain_text(inlines)
        p, mark = self.paragraph(parent, role, text, num_id, lang, level)
        shown = f"{dateline}{DATELINE_SEPARATOR}{text}" if dateline else lead + text
        self.paras.append(Para(p, self.tpl.fonts[role], lang, shown))
        if dateline:
            self.dateline_runs(p, dateline, self.tpl.ids["dateline_char"], mark)
            self.run(p, DATELINE_SEPARATOR, None, mark)
        self.run(p, lead, None, mark)
        self.inlines(p, inlines, 0, mark)
        return p

    # ----------------------------------------------------------------- runs

    def run(self, parent: etree._Element, text: str, style_id: str | None,
            mark: Mark | None, edits: int = 0) -> None:
        """One ``w:r`` (tabs and newlines become ``w:tab`` / ``w:br``); symbols get their own."""
        if not text:
            return
        segments = None if text.isascii() else symbol_segments(text, self.font)
        if segments is None:
            self.plain_run(parent, text, style_id, mark, edits)
            return
        for chunk, family in segments:
            if family is None:
                self.plain_run(parent, chunk, style_id, mark, edits)
            else:  # a run of its own, never joined with the text around it
                self.symbols.setdefault(family, None)
                self.last = None
                self.plain_run(parent, chunk, style_id, mark, edits)
                add_run_fonts(parent[-1], symbol_fonts(family))
                self.last = None

    def plain_run(self, parent: etree._Element, text: str, style_id: str | None,
                  mark: Mark | None, edits: int = 0) -> None:
        """One ``w:r``, or more text in the run before it when that run looks the same."""
        self.look(style_id)
        last = self.last
        simple = "\n" not in text and "\t" not in text
        if (simple and last is not None and len(parent) and parent[-1] is last[0]
                and last[2] == style_id and last[3] == edits and last[4] == mark):
            last[1].text += text  # e.g. a quotation mark and the quoted words: one run
            return
        r = _SE(parent, _R)
        if style_id is not None or mark is not None or edits:
            rpr = _SE(r, _RPR)
            if edits & INSERTED:  # the Inserted Text style (and what style_id says, direct)
                self.inserted_props(rpr, style_id)
            elif style_id is not None:
                _SE(rpr, _RSTYLE).set(_VAL, style_id)
            if edits & DELETED:  # schema order: rStyle, rFonts, b, i, strike, rtl, cs, lang
                _SE(rpr, w("strike"))
            if mark is not None:
                if mark.rtl:
                    _SE(rpr, w("rtl"))
                    _SE(rpr, w("cs"))
                if mark.lang is not None:
                    _SE(rpr, w("lang")).set(w(mark.lang[0]), mark.lang[1])
        if "\n" in text or "\t" in text:
            for i, line in enumerate(text.split("\n")):
                if i:
                    _SE(r, _BR)
                for j, chunk in enumerate(line.split("\t")):
                    if j:
                        _SE(r, _TAB)
                    if chunk:
                        t = _SE(r, _T)
                        t.text = chunk
                        t.set(_SPACE, "preserve")
            return
        t = _SE(r, _T)
        t.text = text
        t.set(_SPACE, "preserve")
        self.last = (r, t, style_id, edits, mark)

    def look(self, style_id: str | None) -> None:
        """Note the face (font, bold, italic) a run is drawn in: what embedding must carry."""
        role = self.role
        font, bold, italic = role.font, role.bold, role.italic
        char = self.char_roles.get(style_id) if style_id is not None else None
        if char is not None:  # a character style names a font only when it is not the body's
            font = char.font if char.font != self.tpl.fonts["body"].font else font
            bold, italic = bold or char.bold, italic or char.italic
        if self.paras:
            self.paras[-1].looks.add((font, bold, italic))

    def style_for(self, flags: int, in_link: bool) -> str | None:
        """Character style of a run: Hyperlink wins, then Strong Emphasis, Strong, Emphasis."""
        ids = self.tpl.ids
        if in_link:
            return ids["hyperlink"]
        kind = flags & (EMPHASIS | STRONG)
        if kind == EMPHASIS | STRONG:
            return ids["strong_emphasis"]
        if kind == STRONG:
            return ids["strong"]
        if kind == EMPHASIS:
            return ids["emphasis"]
        return None

    def inlines(self, parent: etree._Element, nodes: tuple[Inline, ...], flags: int,
                mark: Mark | None, in_link: bool = False) -> None:
        """Emit runs for inline nodes; an unknown node class is a bug and fails loudly."""
        edits = flags & (DELETED | INSERTED)
        for node in nodes:
            if isinstance(node, Text):
                self.run(parent, node.text, self.style_for(flags, in_link), mark, edits)
            elif isinstance(node, Emphasis):
                self.inlines(parent, node.children, flags | EMPHASIS, mark, in_link)
            elif isinstance(node, Strong):
                self.inlines(parent, node.children, flags | STRONG, mark, in_link)
            elif isinstance(node, Deleted):
                self.inlines(parent, node.children, flags | DELETED, mark, in_link)
            elif isinstance(node, Inserted):
                self.inlines(parent, node.children, flags | INSERTED, mark, in_link)
            elif isinstance(node, Quoted):
                style = self.style_for(flags, in_link)
                self.run(parent, node.opening, style, mark, edits)
                self.inlines(parent, node.children, flags, mark, in_link)
                self.run(parent, node.closing, style, mark, edits)
            elif isinstance(node, Code):
                style = self.tpl.ids["hyperlink"] if in_link else self.tpl.ids["code_char"]
                self.run(parent, node.text, style, mark, edits)
            elif isinstance(node, LineBreak):
                _SE(_SE(parent, _R), _BR)
            elif isinstance(node, Link):
                self.link(parent, node, flags, mark, in_link)
            elif isinstance(node, Note):
                self.note(parent, node, flags, mark)
            elif isinstance(node, RawInline):
                self.lose(f"raw {node.format.upper() or 'source'} inline markup (never published)",
                          node.text)
            else:
                raise TypeError(f"DOCX writer: unknown inline node {type(node).__name__}")

    # ----------------------------------------------------------------- blocks

    def blocks(self, parent: etree._Element, blocks: tuple[Block, ...], role: str = "body",
               dateline: str | None = None, lang: str | None = None) -> None:
        """Emit body blocks; paragraphs in ``role`` ("body", "quote", "footnote_text" ...).

        The inline dateline opens the first paragraph. ``lang``: the language of an enclosing
        block, for blocks without one of their own.
        """
        for block in blocks:
            if not isinstance(block, BLOCK_TYPES):
                raise TypeError(f"DOCX writer: unknown block node {type(block).__name__}")
            own = block.lang or lang
            if isinstance(block, Paragraph):
                self.inline_paragraph(parent, role, block.children, dateline=dateline, lang=own)
                dateline = None
            elif isinstance(block, Heading):
                level = min(max(block.level, 2), 6)
                self.inline_paragraph(parent, f"heading{level}", block.children, lang=own)
            elif isinstance(block, ListBlock):
                self.list_block(parent, block, 0, own)
            elif isinstance(block, BlockQuote):
                self.blocks(parent, block.children, "quote", lang=own)
                if block.attribution:
                    text = f"\u2014 {block.attribution}"
                    p, mark = self.paragraph(parent, "attribution", text, lang=own)
                    self.paras.append(Para(p, self.tpl.fonts["attribution"], own, text))
                    self.run(p, text, None, mark)
            else:
                self.rich_block(parent, block, role, own)


def build_document(head: Arranged, language: str, tpl: Template,
                   located: str | None = None) -> BuiltBody:
    """The main document part for one article: its arranged head, body, credit and copyright.

    Notes go to ``word/footnotes.xml`` and pictures to ``word/media/``, each part with its own
    relationships (in ``parts``).
    """
    hs = tpl.style
    section = tpl.section
    b = _Builder(tpl, language, PartRels(len(tpl.rels) + 1))
    b.located = located
    b.char_roles = {r.style_id: r for r in tpl.fonts.values()}
    root = etree.Element(w("document"), nsmap=NSMAP)
    body = _SE(root, w("body"))

    shown: list[etree._Element] = []
    if head.headline:
        shown.append(b.text_paragraph(body, "title", head.headline))
    if head.standfirst:
        shown.append(b.text_paragraph(body, "subtitle", head.standfirst))
    if head.byline:
        shown.append(b.text_paragraph(body, "byline", head.byline))
    if head.dateline and not head.dateline_inline:
        p, mark = b.paragraph(body, "dateline", head.dateline)
        b.paras.append(Para(p, tpl.fonts["dateline"], None, head.dateline))
        b.dateline_runs(p, head.dateline, None, mark)
        shown.append(p)

    split = section.columns > 1 and hs.layout.headline_span and bool(shown) and bool(head.body)
    if split:  # the headline block spans the page; the body flows in columns below it
        add_section_properties(shown[-1].find(_PPR), section, 1, False)

    b.blocks(body, head.body, "body", head.dateline if head.dateline_inline else None)

    for line in (head.credit, head.copyright):
        if line:
            b.text_paragraph(body, "credit", line)

    add_section_properties(body, section, section.columns, split)
    parts: list[Part] = []
    overrides: dict[str, str] = {}
    if b.notes:
        b.rels.add(RT_FOOTNOTES, "footnotes.xml")
        document_rels, b.rels = b.rels, PartRels(1)
        notes = footnotes_root()
        b.write_notes(notes)
        parts.append(Part.make(FOOTNOTES_PART, serialize(notes)))
        if b.rels.entries:
            parts.append(Part.make("word/_rels/footnotes.xml.rels", rels_xml(b.rels.entries)))
        overrides[FOOTNOTES_PART] = CT_FOOTNOTES
        b.rels = document_rels
    b.warn_losses()
    planned = plan_fonts(b.paras, language, b.symbols)
    chars = frozenset("".join(para.text for para in b.paras))
    return BuiltBody(serialize(root), b.rels.entries, tuple(b.ordered), planned, chars,
                     parts + b.media_parts, dict(b.media_types), overrides)
