"""The DOCX template: python-docx's default (or a user's reference .docx) restyled once per process.

Everything that is the same for every article (styles, numbering definitions, settings, theme,
font table, running header and footer) is parsed, edited and compressed here once per
(house style, reference .docx) and reused; only ``styles.xml`` varies with the article language
(``w:lang`` in the document defaults), so it is cached per language too.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import posixpath
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...errors import StyleError
from ...styles import ElementStyle, HouseStyle
from ...zipio import Part
from .ooxml import (
    CT_FONTTABLE,
    CT_FOOTER,
    CT_HEADER,
    CT_NS,
    CT_NUMBERING,
    CT_SETTINGS,
    CT_STYLES,
    CT_THEME,
    CT_WEBSETTINGS,
    NSMAP,
    PKG_REL_NS,
    R_NS,
    RT_FONTTABLE,
    RT_FOOTER,
    RT_HEADER,
    RT_NUMBERING,
    RT_SETTINGS,
    RT_STYLES,
    RT_THEME,
    RT_WEBSETTINGS,
    W_NS,
    XML_NS,
    mm_twips,
    parse,
    serialize,
    sub,
    twips,
    w,
)

#: Languages written right to left: their tag also goes to ``w:lang/@w:bidi``.
RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "he", "yi", "ps", "sd", "ug", "dv", "ku", "ckb"})

_GENERIC_FAMILY = {"serif": "roman", "sans-serif": "swiss", "monospace": "modern"}


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """One named style this writer uses: its role, Word name, id, kind and house-style element."""

    role: str
    name: str
    style_id: str
    kind: str  # "paragraph" or "character"
    element: str
    based_on: str | None = "Normal"
    parent_element: str | None = "body"
    outline: int | None = None
    next_id: str | None = None


#: Model element -> Word style. The first column is what the body builder asks for.
STYLE_SPECS: tuple[StyleSpec, ...] = (
    StyleSpec("normal", "Normal", "Normal", "paragraph", "body", None, None),
    StyleSpec("body", "Body Text", "BodyText", "paragraph", "body"),
    StyleSpec("title", "Title", "Title", "paragraph", "headline", outline=0, next_id="Subtitle"),
    StyleSpec("subtitle", "Subtitle", "Subtitle", "paragraph", "standfirst", next_id="Byline"),
    StyleSpec("byline", "Byline", "Byline", "paragraph", "byline", next_id="BodyText"),
    StyleSpec("dateline", "Dateline", "Dateline", "paragraph", "dateline", next_id="BodyText"),
    StyleSpec("heading2", "heading 2", "Heading2", "paragraph", "subheading", outline=1,
              next_id="BodyText"),
    StyleSpec("heading3", "heading 3", "Heading3", "paragraph", "subheading3", outline=2,
              next_id="BodyText"),
    StyleSpec("quote", "Quote", "Quote", "paragraph", "quote"),
    StyleSpec("attribution", "Quote Attribution", "QuoteAttribution", "paragraph", "quote",
              "Quote", "quote"),
    StyleSpec("list_bullet", "List Bullet", "ListBullet", "paragraph", "list"),
    StyleSpec("list_number", "List Number", "ListNumber", "paragraph", "list"),
    StyleSpec("credit", "Credit", "Credit", "paragraph", "credit"),
    StyleSpec("header", "header", "Header", "paragraph", "header"),
    StyleSpec("footer", "footer", "Footer", "paragraph", "footer"),
    StyleSpec("dateline_char", "Dateline Char", "DatelineChar", "character", "dateline",
              "DefaultParagraphFont", "body"),
    StyleSpec("hyperlink", "Hyperlink", "Hyperlink", "character", "link",
              "DefaultParagraphFont", "body"),
    StyleSpec("emphasis", "Emphasis", "Emphasis", "character", "body", "DefaultParagraphFont"),
    StyleSpec("strong", "Strong", "Strong", "character", "body", "DefaultParagraphFont"),
    StyleSpec("strong_emphasis", "Strong Emphasis", "StrongEmphasis", "character", "body",
              "DefaultParagraphFont"),
)


@dataclass(frozen=True, slots=True)
class StaticPart:
    """A part copied into every output, with its content type and document relationship."""

    part: Part
    content_type: str | None = None
    rel_type: str | None = None
    #: Target relative to ``word/`` when the main document refers to it.
    target: str | None = None


@dataclass(slots=True)
class Template:
    """Everything article-independent, prepared once per (house style, reference .docx)."""

    style: HouseStyle
    #: role -> styleId actually present in styles.xml.
    ids: dict[str, str]
    styles_root: etree._Element
    numbering_head: bytes
    bullet_num: int
    number_abstract: int
    first_free_num: int
    static: list[StaticPart]
    #: (element, type, relationship id) of running headers and footers for the section.
    header_refs: list[tuple[str, str, str]]
    #: pgSz, pgMar and cols of the section (``w:`` elements, deep-copied per article).
    page: list[etree._Element]
    columns: int
    column_gap: str
    extension_types: dict[str, str]
    #: Main-document relationships every article has: (id, type, target).
    rels: list[tuple[str, str, str]] = field(default_factory=list)
    #: Other per-template parts keyed by what varies (content types, package relationships).
    parts_cache: dict[object, Part] = field(default_factory=dict)
    _styles_cache: dict[str, Part] = field(default_factory=dict)
    _numbering_cache: dict[tuple[int, ...], Part] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def styles_part(self, language: str) -> Part:
        """``word/styles.xml`` with the article language as the proofing default."""
        cached = self._styles_cache.get(language)
        if cached is not None:
            return cached
        with self._lock:
            root = copy.deepcopy(self.styles_root)
            _set_default_language(root, language)
            part = Part.make("word/styles.xml", serialize(root))
            if len(self._styles_cache) < 64:
                self._styles_cache[language] = part
        return part

    def numbering_part(self, starts: tuple[int, ...]) -> Part:
        """``word/numbering.xml`` with one restarting ``w:num`` per ordered list (by its start)."""
        cached = self._numbering_cache.get(starts)
        if cached is not None:
            return cached
        nums = []
        for i, start in enumerate(starts):
            nums.append(
                f'<w:num w:numId="{self.first_free_num + i}"><w:abstractNumId '
                f'w:val="{self.number_abstract}"/><w:lvlOverride w:ilvl="0"><w:startOverride '
                f'w:val="{int(start)}"/></w:lvlOverride></w:num>')
        data = self.numbering_head + "".join(nums).encode("ascii") + b"</w:numbering>"
        part = Part.make("word/numbering.xml", data)
        if len(starts) <= 4 and len(self._numbering_cache) < 256:
            self._numbering_cache[starts] = part
        return part


# --------------------------------------------------------------------------- loading


def _default_template_path() -> Path:
    """python-docx's bundled default.docx, found without importing python-docx."""
    spec = importlib.util.find_spec("docx")
    if spec is None or spec.origin is None:  # pragma: no cover - python-docx is a dependency
        raise ImportError("python-docx is not installed (pip install python-docx)")
    return Path(spec.origin).parent / "templates" / "default.docx"


#: Bounds on a user's reference .docx (a zip bomb must not exhaust memory).
_MAX_REFERENCE_BYTES = 64 * 1024 * 1024
_MAX_REFERENCE_PARTS = 2000


def _drop_table_styles(styles_root: etree._Element) -> None:
    """Remove python-docx's 100 table styles (340 kB of the template's 353 kB ``styles.xml``).

    Articles have no tables, and Word and LibreOffice offer their built-in table styles anyway
    (they are latent styles); only the default table style stays, which every document needs.
    A reference .docx keeps all its styles.
    """
    w = f"{{{W_NS}}}"
    for el in styles_root.findall(f"{w}style"):
        if el.get(f"{w}type") == "table" and el.get(f"{w}default") not in ("1", "true", "on"):
            styles_root.remove(el)


class _Package:
    """A .docx opened read-only: parts by name, main-document relationships by type."""

    def __init__(self, path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as zf:
                infos = [i for i in zf.infolist() if not i.is_dir()]
                total = sum(i.file_size for i in infos)
                if total > _MAX_REFERENCE_BYTES or len(infos) > _MAX_REFERENCE_PARTS:
                    raise StyleError(f"reference .docx is too large when unpacked ({total:,} bytes "
                                     f"in {len(infos)} parts; the limit is "
                                     f"{_MAX_REFERENCE_BYTES:,} bytes)", path=str(path))
                self.parts = {i.filename: zf.read(i) for i in infos}
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as exc:
            raise StyleError(f"reference .docx cannot be read: {exc}", path=str(path)) from None
        self.path = path
        for name, data in self.parts.items():
            if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data[:4096].upper():
                # OOXML never uses DTDs; one here can only be an entity attack.
                raise StyleError(f"reference .docx part {name} declares a DTD; refused",
                                 path=str(path))
        try:
            self._index()
        except etree.XMLSyntaxError as exc:
            raise StyleError(f"reference .docx has malformed XML: {exc}", path=str(path)) from None

    def _index(self) -> None:
        path = self.path
        main = "word/document.xml"
        rels_root = parse(self.parts["_rels/.rels"]) if "_rels/.rels" in self.parts else None
        if rels_root is not None:
            for rel in rels_root:
                if rel.get("Type", "").endswith("/officeDocument"):
                    main = rel.get("Target", main).lstrip("/")
        if main not in self.parts:
            raise StyleError("reference .docx has no main document part", path=str(path))
        self.main = main
        self.base = posixpath.dirname(main)
        rels_name = posixpath.join(self.base, "_rels", posixpath.basename(main) + ".rels")
        self.rels: dict[str, tuple[str, str, str | None]] = {}
        if rels_name in self.parts:
            for rel in parse(self.parts[rels_name]):
                self.rels[rel.get("Id", "")] = (rel.get("Type", ""), rel.get("Target", ""),
                                                rel.get("TargetMode"))

    def part_by_type(self, rel_type: str) -> tuple[str, bytes] | None:
        """(part name, bytes) of the main document's first relationship of a type."""
        for typ, target, mode in self.rels.values():
            if typ == rel_type and mode != "External":
                name = self.resolve(self.base, target)
                if name in self.parts:
                    return name, self.parts[name]
        return None

    @staticmethod
    def resolve(base: str, target: str) -> str:
        """Absolute part name of a relationship target."""
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(base, target))

    def extension_types(self) -> dict[str, str]:
        """``Default`` content types by extension (images used by headers, for instance)."""
        out: dict[str, str] = {}
        if "[Content_Types].xml" in self.parts:
            for el in parse(self.parts["[Content_Types].xml"]):
                if el.tag == f"{{{CT_NS}}}Default":
                    out[el.get("Extension", "").lower()] = el.get("ContentType", "")
        return out


_CACHE: dict[tuple[object, ...], tuple[HouseStyle, Template]] = {}
_CACHE_LOCK = threading.Lock()


def get_template(style: HouseStyle, reference: Path | None) -> Template:
    """The prepared template for a house style and optional reference .docx, built once."""
    ref_key: tuple[object, ...] = ()
    if reference is not None:
        try:
            st = Path(reference).stat()
        except OSError as exc:
            raise StyleError(f"reference .docx not found: {exc.strerror}",
                             path=str(reference)) from None
        ref_key = (str(Path(reference).resolve()), st.st_mtime_ns, st.st_size)
    key = (id(style), *ref_key)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is style:
        return hit[1]
    with _CACHE_LOCK:
        tpl = _build_template(style, Path(reference) if reference is not None else None)
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (style, tpl)
    return tpl


@functools.cache
def _default_package() -> _Package:
    return _Package(_default_template_path())


def _build_template(style: HouseStyle, reference: Path | None) -> Template:
    default = _default_package()
    ref = _Package(reference) if reference is not None else None
    src = ref or default

    def pick(rel_type: str) -> bytes | None:
        if ref is not None:
            found = ref.part_by_type(rel_type)
            if found is not None:
                return found[1]
        found = default.part_by_type(rel_type)
        return found[1] if found else None

    styles_bytes = pick(RT_STYLES)
    assert styles_bytes is not None
    styles_root = parse(styles_bytes)
    if ref is None:
        _drop_table_styles(styles_root)
    ids = _apply_styles(styles_root, style, restyle=ref is None)

    numbering_root = parse(pick(RT_NUMBERING) or
                           f'<w:numbering xmlns:w="{W_NS}"/>'.encode())
    numbering_head, bullet_num, number_abstract, first_free = _prepare_numbering(
        numbering_root, style.element("list"))
    _point_list_styles(styles_root, ids, bullet_num, first_free - 1, restyle=ref is None)

    settings_root = parse(pick(RT_SETTINGS) or f'<w:settings xmlns:w="{W_NS}"/>'.encode())
    _clean_settings(settings_root, hyphenate=style.element("body").hyphenate and ref is None)

    static: list[StaticPart] = [
        StaticPart(Part.make("word/settings.xml", serialize(settings_root)), CT_SETTINGS,
                   RT_SETTINGS, "settings.xml"),
    ]
    web = pick(RT_WEBSETTINGS)
    if web is not None:
        static.append(StaticPart(Part.make("word/webSettings.xml", web), CT_WEBSETTINGS,
                                 RT_WEBSETTINGS, "webSettings.xml"))
    fonts = pick(RT_FONTTABLE)
    if fonts is not None:
        font_root = parse(fonts)
        if ref is None:
            _add_fonts(font_root, style)
        static.append(StaticPart(Part.make("word/fontTable.xml", serialize(font_root)),
                                 CT_FONTTABLE, RT_FONTTABLE, "fontTable.xml"))
    theme = pick(RT_THEME)
    if theme is not None:
        static.append(StaticPart(Part.make("word/theme/theme1.xml", theme), CT_THEME, RT_THEME,
                                 "theme/theme1.xml"))

    ext_types = src.extension_types()
    header_refs: list[tuple[str, str, str]] = []
    page: list[etree._Element] = []
    columns, column_gap = style.page.columns, mm_twips(style.page.column_gap)
    if ref is not None:
        header_refs, page = _reference_section(ref, static)
        for pg in page:
            if pg.tag == w("cols"):
                columns = int(pg.get(w("num"), "1"))
                column_gap = pg.get(w("space"), column_gap)
        page = [pg for pg in page if pg.tag != w("cols")]
    if not header_refs:
        header_refs = _house_header_footer(style, ids, static)
    if not page:
        page = _house_page(style)
    rels = [("rId1", RT_STYLES, "styles.xml"), ("rId2", RT_NUMBERING, "numbering.xml")]
    rid_by_target: dict[str, str] = {}
    for sp in static:
        if sp.rel_type is not None and sp.target is not None:
            rid = f"rId{len(rels) + 1}"
            rels.append((rid, sp.rel_type, sp.target))
            rid_by_target[sp.target] = rid
    header_refs = [(kind, typ, rid_by_target[target]) for kind, typ, target in header_refs]
    return Template(style=style, ids=ids, styles_root=styles_root,
                    numbering_head=numbering_head, bullet_num=bullet_num,
                    number_abstract=number_abstract, first_free_num=first_free, static=static,
                    header_refs=header_refs, page=page, columns=columns,
                    column_gap=column_gap, extension_types=ext_types, rels=rels)


# --------------------------------------------------------------------------- styles


def _style_index(root: etree._Element) -> tuple[dict[str, etree._Element], set[str]]:
    by_name: dict[str, etree._Element] = {}
    ids: set[str] = set()
    for st in root.iter(w("style")):
        sid = st.get(w("styleId"), "")
        ids.add(sid)
        name_el = st.find(w("name"))
        name = (name_el.get(w("val"), "") if name_el is not None else sid).lower()
        by_name.setdefault(f"{st.get(w('type'), 'paragraph')}:{name}", st)
    return by_name, ids


def _apply_styles(root: etree._Element, hs: HouseStyle, *, restyle: bool) -> dict[str, str]:
    """Give every role a style; restyle the built-in ones from the house style when ``restyle``.

    With a reference .docx its styles are kept as they are (that is the point of one); only
    styles it lacks are added from the house style, and Title gets an outline level so the
    headline stays a heading.
    """
    by_name, used = _style_index(root)
    ids: dict[str, str] = {}
    for spec in STYLE_SPECS:
        el = by_name.get(f"{spec.kind}:{spec.name.lower()}")
        if el is None:
            sid = spec.style_id
            while sid in used:
                sid += "X"
            used.add(sid)
            el = sub(root, "style", type=spec.kind, styleId=sid)
            if spec.kind == "character" or spec.role in ("byline", "dateline", "credit",
                                                         "attribution"):
                el.set(w("customStyle"), "1")
            sub(el, "name", val=spec.name)
            _write_style_body(el, spec, hs, ids, fresh=True)
        elif restyle:
            _write_style_body(el, spec, hs, ids, fresh=False)
        elif spec.outline is not None and spec.role == "title":
            _ensure_outline(el, spec.outline)
        ids[spec.role] = el.get(w("styleId"), spec.style_id)
    return ids


def _write_style_body(el: etree._Element, spec: StyleSpec, hs: HouseStyle,
                      ids: dict[str, str], *, fresh: bool) -> None:
    """(Re)write a style's pPr/rPr from its house-style element, keeping Word's bookkeeping."""
    for tag in ("pPr", "rPr"):
        for old in el.findall(w(tag)):
            el.remove(old)
    if fresh:
        if spec.based_on:
            sub(el, "basedOn", val=ids.get({"Normal": "normal", "Quote": "quote"}
                                           .get(spec.based_on, ""), spec.based_on))
        if spec.next_id:
            sub(el, "next", val=spec.next_id)
        sub(el, "uiPriority", val="20" if spec.kind == "character" else "30")
        sub(el, "qFormat")
    es = hs.element(spec.element)
    parent = hs.element(spec.parent_element) if spec.parent_element else None
    if spec.role == "emphasis":
        es = _variant(es, italic=True)
    elif spec.role == "strong":
        es = _variant(es, bold=True)
    elif spec.role == "strong_emphasis":
        es = _variant(es, bold=True, italic=True)
    elif spec.role == "attribution":
        es = _variant(es, italic=False, align="right")
    if spec.kind == "paragraph":
        _paragraph_props(el, es, parent, spec.outline)
    _run_props(el, es, parent, character=spec.kind == "character")


def _variant(es: ElementStyle, **changes: object) -> ElementStyle:
    from dataclasses import replace

    return replace(es, **changes)  # type: ignore[arg-type]


def _paragraph_props(style_el: etree._Element, es: ElementStyle, parent: ElementStyle | None,
                     outline: int | None) -> None:
    ppr = sub(style_el, "pPr")
    if es.keep_with_next:
        sub(ppr, "keepNext")
    if outline is not None:
        sub(ppr, "keepLines")
    if not es.hyphenate:
        sub(ppr, "suppressAutoHyphens")
    sub(ppr, "spacing", before=twips(es.space_before), after=twips(es.space_after),
        line=str(round(240 * es.line_height)), lineRule="auto")
    ind: dict[str, str] = {}
    if es.left_indent or (parent is not None and parent.left_indent):
        ind["left"] = twips(es.left_indent)
    if es.first_line_indent or (parent is not None and parent.first_line_indent):
        ind["firstLine"] = twips(es.first_line_indent)
    if ind:
        sub(ppr, "ind", **ind)
    sub(ppr, "jc", val={"justify": "both"}.get(es.align, es.align))
    if outline is not None:
        sub(ppr, "outlineLvl", val=str(outline))


def _run_props(style_el: etree._Element, es: ElementStyle, parent: ElementStyle | None, *,
               character: bool) -> None:
    """Run properties of a style (a character style keeps only what differs from body text).

    A character style that repeated the body font and size would override the paragraph it sits
    in, e.g. shrink a linked word in a headline to body size.
    """
    rpr = sub(style_el, "rPr")

    def wanted(name: str) -> bool:
        return not character or parent is None or getattr(es, name) != getattr(parent, name)

    if wanted("font"):
        sub(rpr, "rFonts", ascii=es.font, hAnsi=es.font, cs=es.font)
    for attr, tags in (("bold", ("b", "bCs")), ("italic", ("i", "iCs")), ("uppercase", ("caps",))):
        on = bool(getattr(es, attr))
        was = bool(parent is not None and getattr(parent, attr))
        for tag in tags:
            if on:
                sub(rpr, tag)
            elif was:
                sub(rpr, tag, val="0")
    if wanted("colour"):
        sub(rpr, "color", val=es.colour.lstrip("#").upper())
    if wanted("size"):
        sub(rpr, "sz", val=str(round(es.size * 2)))
        sub(rpr, "szCs", val=str(round(es.size * 2)))
    if es.underline:
        sub(rpr, "u", val="single")
    elif parent is not None and parent.underline:
        sub(rpr, "u", val="none")
    if len(rpr) == 0:
        style_el.remove(rpr)


def _ensure_outline(style_el: etree._Element, level: int) -> None:
    """Add ``w:outlineLvl`` to a reference style that lacks it (schema order: near the end)."""
    ppr = style_el.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        rpr = style_el.find(w("rPr"))
        if rpr is not None:
            rpr.addprevious(ppr)
        else:
            style_el.append(ppr)
    if ppr.find(w("outlineLvl")) is not None:
        return
    later = [c for c in ppr if c.tag in (w("divId"), w("cnfStyle"), w("rPr"), w("sectPr"),
                                         w("pPrChange"))]
    el = etree.Element(w("outlineLvl"))
    el.set(w("val"), str(level))
    if later:
        later[0].addprevious(el)
    else:
        ppr.append(el)


def _set_default_language(root: etree._Element, language: str) -> None:
    """``w:lang`` in docDefaults: what Word and LibreOffice use for spell-checking."""
    defaults = root.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        root.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "rPr")
    lang = rpr.find(w("lang"))
    if lang is None:
        lang = etree.Element(w("lang"))
        later = [c for c in rpr if c.tag in (w("eastAsianLayout"), w("specVanish"), w("oMath"))]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)
    primary = language.split("-")[0].lower()
    lang.set(w("val"), language)
    lang.set(w("eastAsia"), language)
    lang.set(w("bidi"), language if primary in RTL_LANGUAGES else lang.get(w("bidi"), "ar-SA"))

# --------------------------------------------------------------------------- numbering


def _prepare_numbering(root: etree._Element,
                       list_style: ElementStyle) -> tuple[bytes, int, int, int]:
    """Append our bullet and decimal list definitions after the template's own.

    Returns the serialised part without its closing tag (per-article ``w:num`` entries are
    appended to it), the bullet numId, the decimal abstractNumId and the first free numId.
    """
    if root.nsmap.get("w") != W_NS:
        fresh = etree.Element(w("numbering"), nsmap=NSMAP)
        fresh.extend(list(root))
        root = fresh
    for el in root.findall(w("numIdMacAtCleanup")):
        root.remove(el)
    abstract_ids = [int(a.get(w("abstractNumId"), "0")) for a in root.findall(w("abstractNum"))]
    num_ids = [int(n.get(w("numId"), "0")) for n in root.findall(w("num"))]
    bullet_abs = max(abstract_ids, default=-1) + 1
    number_abs = bullet_abs + 1
    left = twips(max(list_style.left_indent, 18.0))
    new_abs = []
    for abs_id, fmt, text, nsid in ((bullet_abs, "bullet", "\u2022", "4E430001"),
                                    (number_abs, "decimal", "%1.", "4E430002")):
        a = etree.Element(w("abstractNum"))
        a.set(w("abstractNumId"), str(abs_id))
        sub(a, "nsid", val=nsid)
        sub(a, "multiLevelType", val="singleLevel")
        lvl = sub(a, "lvl", ilvl="0")
        sub(lvl, "start", val="1")
        sub(lvl, "numFmt", val=fmt)
        sub(lvl, "lvlText", val=text)
        sub(lvl, "lvlJc", val="left")
        sub(sub(lvl, "pPr"), "ind", left=left, hanging="360")
        new_abs.append(a)
    existing_abs = root.findall(w("abstractNum"))
    anchor = existing_abs[-1] if existing_abs else None
    for a in reversed(new_abs):
        if anchor is not None:
            anchor.addnext(a)
        else:
            root.insert(0, a)
    bullet_num = max(num_ids, default=0) + 1
    for num_id, abs_id in ((bullet_num, bullet_abs), (bullet_num + 1, number_abs)):
        n = sub(root, "num", numId=str(num_id))
        sub(n, "abstractNumId", val=str(abs_id))
    data = serialize(root)
    head = data[: data.rindex(b"</w:numbering>")]
    return head, bullet_num, number_abs, bullet_num + 2


def _point_list_styles(root: etree._Element, ids: dict[str, str], bullet: int, number: int, *,
                       restyle: bool) -> None:
    """List Bullet / List Number carry our numbering, so a restyled list keeps its markers."""
    if not restyle:
        return
    for role, num in (("list_bullet", bullet), ("list_number", number)):
        for st in root.iter(w("style")):
            if st.get(w("styleId")) == ids[role]:
                ppr = st.find(w("pPr"))
                assert ppr is not None
                numpr = etree.Element(w("numPr"))
                sub(numpr, "numId", val=str(num))
                anchor = ppr.find(w("keepLines"))
                if anchor is None:
                    anchor = ppr.find(w("keepNext"))
                if anchor is not None:
                    anchor.addnext(numpr)
                else:
                    ppr.insert(0, numpr)


# --------------------------------------------------------------------------- settings, fonts


def _clean_settings(root: etree._Element, *, hyphenate: bool) -> None:
    """Drop what would lie about this document (proofing state, preview, template links)."""
    for tag in ("proofState", "savePreviewPicture", "attachedTemplate", "mailMerge",
                "documentProtection", "writeProtection"):
        for el in root.findall(w(tag)):
            root.remove(el)
    if hyphenate and root.find(w("autoHyphenation")) is None:
        el = etree.Element(w("autoHyphenation"))
        tab = root.find(w("defaultTabStop"))
        if tab is not None:
            tab.addnext(el)
        else:
            root.insert(0, el)


def _add_fonts(root: etree._Element, hs: HouseStyle) -> None:
    """Declare the house fonts with their generic family, so a missing font falls back well."""
    have = {f.get(w("name")) for f in root.findall(w("font"))}
    for es in hs.elements.values():
        if es.font in have:
            continue
        have.add(es.font)
        f = sub(root, "font", name=es.font)
        sub(f, "family", val=_GENERIC_FAMILY.get(es.font_fallback, "auto"))
        sub(f, "pitch", val="fixed" if es.font_fallback == "monospace" else "variable")


# --------------------------------------------------------------------------- page, header, footer


def _house_page(hs: HouseStyle) -> list[etree._Element]:
    p = hs.page
    size = etree.Element(w("pgSz"))
    size.set(w("w"), mm_twips(p.width))
    size.set(w("h"), mm_twips(p.height))
    if p.width > p.height:
        size.set(w("orient"), "landscape")
    mar = etree.Element(w("pgMar"))
    for key, value in (("top", p.margin_top), ("right", p.margin_right),
                       ("bottom", p.margin_bottom), ("left", p.margin_left)):
        mar.set(w(key), mm_twips(value))
    mar.set(w("header"), mm_twips(min(12.5, p.margin_top / 2)))
    mar.set(w("footer"), mm_twips(min(12.5, p.margin_bottom / 2)))
    mar.set(w("gutter"), "0")
    return [size, mar]


def _story(kind: str, style_id: str, runs: Iterable[etree._Element]) -> bytes:
    root = etree.Element(w(kind), nsmap=NSMAP)
    p = sub(root, "p")
    sub(sub(p, "pPr"), "pStyle", val=style_id)
    for r in runs:
        p.append(r)
    return serialize(root)


def _text_run(text: str) -> etree._Element:
    r = etree.Element(w("r"))
    t = sub(r, "t")
    t.text = text
    t.set(f"{{{XML_NS}}}space", "preserve")
    return r


def _field_runs(instruction: str) -> list[etree._Element]:
    """A simple Word field (PAGE) in its begin/instr/separate/result/end form."""
    runs = []
    r = etree.Element(w("r"))
    sub(r, "fldChar", fldCharType="begin")
    runs.append(r)
    r = etree.Element(w("r"))
    instr = sub(r, "instrText")
    instr.text = f" {instruction} "
    instr.set(f"{{{XML_NS}}}space", "preserve")
    runs.append(r)
    r = etree.Element(w("r"))
    sub(r, "fldChar", fldCharType="separate")
    runs.append(r)
    runs.append(_text_run("1"))
    r = etree.Element(w("r"))
    sub(r, "fldChar", fldCharType="end")
    runs.append(r)
    return runs


def _house_header_footer(hs: HouseStyle, ids: dict[str, str],
                         static: list[StaticPart]) -> list[tuple[str, str, str]]:
    """Running header (publication name) and footer (page number) as the house style asks."""
    refs: list[tuple[str, str, str]] = []
    if hs.layout.running_header and hs.publication:
        data = _story("hdr", ids["header"], [_text_run(hs.publication)])
        static.append(StaticPart(Part.make("word/header1.xml", data), CT_HEADER, RT_HEADER,
                                 "header1.xml"))
        refs.append(("headerReference", "default", "header1.xml"))
    if hs.layout.running_footer:
        data = _story("ftr", ids["footer"], _field_runs("PAGE"))
        static.append(StaticPart(Part.make("word/footer1.xml", data), CT_FOOTER, RT_FOOTER,
                                 "footer1.xml"))
        refs.append(("footerReference", "default", "footer1.xml"))
    return refs


def _reference_section(ref: _Package, static: list[StaticPart]
                       ) -> tuple[list[tuple[str, str, str]], list[etree._Element]]:
    """Headers, footers and page geometry of a reference .docx's last section."""
    doc = parse(ref.parts[ref.main])
    body = doc.find(w("body"))
    sect = body.find(w("sectPr")) if body is not None else None
    if sect is None:
        return [], []
    refs: list[tuple[str, str, str]] = []
    copied: set[str] = set()
    for el in sect:
        if el.tag not in (w("headerReference"), w("footerReference")):
            continue
        rid = el.get(f"{{{R_NS}}}id", "")
        if rid not in ref.rels:
            continue
        rel_type, target, _mode = ref.rels[rid]
        name = ref.resolve(ref.base, target)
        if name not in ref.parts:
            continue
        kind = "headerReference" if el.tag == w("headerReference") else "footerReference"
        if name not in copied:
            copied.add(name)
            ct = CT_HEADER if kind == "headerReference" else CT_FOOTER
            static.append(StaticPart(Part.make(name, ref.parts[name]), ct, rel_type,
                                     posixpath.relpath(name, ref.base)))
            _copy_related(ref, name, static, copied)
        refs.append((kind, el.get(w("type"), "default"), posixpath.relpath(name, ref.base)))
    page = [copy.deepcopy(el) for el in sect if el.tag in (w("pgSz"), w("pgMar"), w("cols"))]
    return refs, page


def _copy_related(ref: _Package, name: str, static: list[StaticPart], copied: set[str]) -> None:
    """Copy a header's own relationships and the internal parts they point to (logos)."""
    rels_name = posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")
    if rels_name not in ref.parts:
        return
    static.append(StaticPart(Part.make(rels_name, ref.parts[rels_name])))
    for rel in parse(ref.parts[rels_name]):
        if rel.get("TargetMode") == "External" or rel.tag != f"{{{PKG_REL_NS}}}Relationship":
            continue
        target = ref.resolve(posixpath.dirname(name), rel.get("Target", ""))
        if target in ref.parts and target not in copied:
            copied.add(target)
            static.append(StaticPart(Part.make(target, ref.parts[target])))


#: Content types of the parts every template has (for the overrides list).
BASE_CONTENT_TYPES = {"word/styles.xml": CT_STYLES, "word/numbering.xml": CT_NUMBERING}
