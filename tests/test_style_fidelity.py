"""House-style fidelity (issue #19 item 4), through the style loader and each format's output:
what elements inherit from the body, spacing after lists and quotes, balanced broadsheet columns,
the dateline's case, a reference DOCX's parts and styles, hyphenation by language tag."""

from __future__ import annotations

import io
import re
import subprocess
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from convert.api import read
from convert.model import Document
from convert.options import WriteOptions
from convert.registry import get_writer
from convert.styles import ELEMENTS, HouseStyle, inherited, load_style
from tests.support import require_tool

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A style whose body is justified, indented and hyphenated, and which says nothing of the rest.
JUSTIFIED_BODY = """extends = "default"
[elements.body]
align = "justify"
first_line_indent = 14
hyphenate = true
space_before = 3
keep_with_next = true
"""
#: The headline's first line holds two short words, then a word too long to join them.
HEADLINE = "Flood waters Internationalisationsprogrammleitung"


def house(tmp_path: Path, text: str = JUSTIFIED_BODY, name: str = "house.toml") -> HouseStyle:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_style(path)


def options(style: HouseStyle | str, **changes: object) -> WriteOptions:
    hs = style if isinstance(style, HouseStyle) else load_style(style)
    return WriteOptions(style=hs, timestamp=TS, **changes)  # type: ignore[arg-type]


def write(fmt: str, doc: Document, style: HouseStyle | str, **changes: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return get_writer(fmt).write(doc, options(style, **changes))


def css_rule(css: str, selector: str) -> str:
    """The declarations of the first rule whose selector is exactly ``selector``."""
    m = re.search(rf"(?:^|\}})\s*{re.escape(selector)}\s*\{{([^}}]*)\}}", css)
    assert m, f"no rule for {selector}"
    return m.group(1)


def zip_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


# --------------------------------------------------------------------------- inheritance


def test_the_loader_keeps_body_alignment_in_the_running_text(tmp_path: Path) -> None:
    hs = house(tmp_path)
    body = hs.element("body")
    assert (body.align, body.first_line_indent, body.hyphenate) == ("justify", 14, True)
    for name in ("headline", "standfirst", "byline", "subheading", "subheading3", "credit",
                 "header"):
        es = hs.element(name)
        assert es.align == "left" and es.first_line_indent == 0 and not es.hyphenate, name
        assert not es.keep_with_next or name in ("headline", "standfirst", "byline",
                                                 "subheading", "subheading3")
    assert hs.element("footer").align == "center"  # the default style says so itself
    # running text follows the body's alignment and hyphenation, never its first-line indent
    for name in ("quote", "list", "dateline"):
        es = hs.element(name)
        assert es.align == "justify" and es.hyphenate and es.first_line_indent == 0, name
    # every element keeps the body's face and colour unless it sets its own
    assert hs.element("quote").font == body.font and hs.element("credit").colour != body.colour


def test_what_each_element_inherits_is_data() -> None:
    assert set(inherited("headline")) == {"font", "font_fallback", "size", "colour",
                                          "line_height"}
    assert "align" in inherited("quote") and "align" not in inherited("standfirst")
    assert all("first_line_indent" not in inherited(name) for name in ELEMENTS)


def test_an_element_that_sets_a_key_keeps_it(tmp_path: Path) -> None:
    hs = house(tmp_path, JUSTIFIED_BODY + '[elements.standfirst]\nalign = "justify"\n')
    assert hs.element("standfirst").align == "justify"
    assert hs.element("headline").align == "left"
    child = house(tmp_path, 'extends = "house.toml"\n[elements.body]\nalign = "right"\n', "c.toml")
    assert child.element("standfirst").align == "justify"  # the parent's own setting stays
    assert child.element("quote").align == "right"


def test_broadsheet_headline_block_is_not_justified_or_hyphenated() -> None:
    hs = load_style("broadsheet")
    assert hs.element("body").align == "justify"
    for name in ("headline", "standfirst", "byline", "subheading", "credit", "header"):
        assert hs.element(name).align == "left" and not hs.element(name).hyphenate, name


def _article() -> Document:
    return read(f"{HEADLINE}\n\nA standfirst that says what happened in a few words.\n\n"
                f"{'The water rose through the night and the town woke to streets of mud. ' * 12}"
                .encode())


def test_docx_headline_and_standfirst_are_not_justified(tmp_path: Path) -> None:
    root = etree.fromstring(zip_part(write("docx", _article(), house(tmp_path)),
                                     "word/styles.xml"))

    def jc(style_id: str) -> str:
        (el,) = root.xpath(f"w:style[@w:styleId='{style_id}']/w:pPr/w:jc",
                           namespaces={"w": W[1:-1]})
        return el.get(f"{W}val")

    assert jc("Normal") == "both" or jc("BodyText") == "both"
    assert jc("Title") == "left" and jc("Subtitle") == "left"
    title = root.xpath("w:style[@w:styleId='Title']/w:pPr", namespaces={"w": W[1:-1]})[0]
    assert title.find(f"{W}suppressAutoHyphens") is not None
    ind = title.find(f"{W}ind")
    assert ind is None or ind.get(f"{W}firstLine") in (None, "0")


@pytest.mark.parametrize("fmt", ["epub", "html"])
def test_css_headline_and_standfirst_are_not_justified(tmp_path: Path, fmt: str) -> None:
    data = write(fmt, _article(), house(tmp_path))
    css = zip_part(data, "EPUB/style/article.css").decode() if fmt == "epub" else data.decode()
    assert "text-align: justify" in css_rule(css, "p")
    for selector in ("h1", "p.standfirst", "p.byline", "h2"):
        decls = css_rule(css, selector)
        assert "justify" not in decls and "hyphens: auto" not in decls, selector
        assert "text-indent: 0" in decls


def test_pdf_headline_is_not_justified(tmp_path: Path) -> None:
    """The headline's first line ends where its words end, not at the right margin."""
    tool = require_tool("pdftotext")
    hs = house(tmp_path)
    data = write("pdf", _article(), hs)
    out = subprocess.run([tool, "-bbox", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
                       r"([^<]*)</word>", out)
    right = (hs.page.width - hs.page.margin_right) * 72 / 25.4
    waters = next(float(x1) for _, x1, w in words if w == "waters")
    assert waters < right - 100  # left-aligned: far from the margin
    body_ends = [float(x1) for _, x1, w in words if w in ("mud.", "the", "and", "of")]
    assert max(body_ends) == pytest.approx(right, abs=1.5)  # the body is justified


# --------------------------------------------------------------------------- space after blocks

SPACING = b"""Headline here

Alpha paragraph one.

Bravo paragraph two.

- Charlie item one
- Delta item two

Echo paragraph after list.

1. India item one
2. Juliet item two

> Foxtrot quoted words.

Golf paragraph after quote.
"""


@pytest.mark.parametrize("style", ["default", "broadsheet"])
def test_pdf_space_after_lists_and_quotes(style: str) -> None:
    """A list or quote stands apart from what follows as a paragraph does (at least)."""
    tool = require_tool("pdftotext")
    data = write("pdf", read(SPACING, format="markdown"), style)
    out = subprocess.run([tool, "-bbox", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    box = {w: (float(a), float(b)) for a, b, w in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(\w+)<', out)}

    def gap(above: str, below: str) -> float:
        return box[below][0] - box[above][1]

    hs = load_style(style)
    between = gap("Alpha", "Bravo")
    assert gap("Charlie", "Delta") == pytest.approx(between - hs.element("body").space_after
                                                     + hs.element("list").space_after, abs=0.1)
    assert gap("Delta", "Echo") >= between - 0.1
    assert gap("Foxtrot", "Golf") >= between - 0.1
    if style == "default":  # list items 3 pt apart, the body 7 pt: the list ends with 7 pt
        assert gap("Delta", "Echo") == pytest.approx(between, abs=0.1)


def test_docx_a_list_ends_with_a_paragraphs_space() -> None:
    data = write("docx", read(SPACING, format="markdown"), "default")
    doc = etree.fromstring(zip_part(data, "word/document.xml"))
    styles = etree.fromstring(zip_part(data, "word/styles.xml"))
    ns = {"w": W[1:-1]}
    shown = [p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=ns) for p in
             doc.iterfind(".//w:body/w:p", ns)]
    assert shown[3:6] == ["ListBullet", "ListBulletEnd", "BodyText"]
    assert shown[6:8] == ["ListNumber", "ListNumberEnd"]

    def after(style_id: str) -> int:
        return int(styles.xpath(f"string(w:style[@w:styleId='{style_id}']/w:pPr/w:spacing/@w:after)",
                                namespaces=ns))

    hs = load_style("default")
    assert after("ListBullet") == hs.element("list").space_after * 20
    assert after("ListBulletEnd") == after("ListNumberEnd") == after("BodyText") \
        == hs.element("body").space_after * 20
    assert after("Quote") >= after("BodyText") and after("ListContinue") >= after("BodyText")
    # the end styles are lists: based on theirs, with their numbering
    assert styles.xpath("string(w:style[@w:styleId='ListBulletEnd']/w:basedOn/@w:val)",
                        namespaces=ns) == "ListBullet"
    assert styles.xpath("w:style[@w:styleId='ListNumberEnd']/w:pPr/w:numPr", namespaces=ns)
    # and read back as lists
    from convert.options import ReadOptions
    from convert.registry import get_reader

    back = get_reader("docx").read(data, ReadOptions())
    assert [type(b).__name__ for b in back.body].count("ListBlock") == 2


# --------------------------------------------------------------------------- balanced columns


def _column_feet(data: bytes, hs: HouseStyle) -> tuple[int, float, float]:
    """(pages, foot of the left column, foot of the right column) on the last page, in points."""
    tool = require_tool("pdftotext")
    out = subprocess.run([tool, "-bbox", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    pages = out.split("<page ")[1:]
    boxes = [tuple(map(float, m)) for m in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', pages[-1])]
    mm = 72 / 25.4
    top, foot = hs.page.margin_top * mm, (hs.page.height - hs.page.margin_bottom) * mm
    middle = hs.page.width * mm / 2
    text = [b for b in boxes if top < b[1] and b[3] < foot]
    left = max((b[3] for b in text if b[2] < middle), default=top)
    right = max((b[3] for b in text if b[0] > middle), default=top)
    return len(pages), left, right


def _seed(times: int) -> Document:
    from tests.support import SEED, require

    require(SEED is not None, "seed article missing")
    assert SEED is not None
    head, _, body = SEED.read_text(encoding="utf-8").partition("\n\n")
    return read(f"{head}\n\n{(body.strip() + chr(10) + chr(10)) * times}".encode())


@pytest.mark.parametrize("times", [1, 2, 3])
def test_broadsheet_last_page_columns_end_within_a_line(monkeypatch, times: int) -> None:
    from convert.writers.pdf import balance

    hs = load_style("broadsheet")
    body = hs.element("body")
    line = body.size * body.line_height
    pages, left, right = _column_feet(write("pdf", _seed(times), hs), hs)
    assert abs(left - right) <= line + body.space_after + 0.5
    assert left >= right - 0.5  # the left column the longer, as newspapers set it
    # balancing never costs a page, and without it the columns would not end together
    monkeypatch.setattr(balance, "story_height", lambda *args: None)
    unbalanced = _column_feet(write("pdf", _seed(times), hs), hs)
    assert unbalanced[0] == pages and abs(unbalanced[1] - unbalanced[2]) > 3 * line


def test_single_column_pages_are_left_alone() -> None:
    """Balancing is for columns: the default style's single column ends where the text does."""
    from convert.writers.pdf import balance

    frames = [type("F", (), {"id": "c0", "_aW": 400.0, "_aH": 700.0})()]
    assert balance.balanced_frames(frames, 0, [], 13.0, None) is None


# --------------------------------------------------------------------------- dateline case

WIRE = b"Pakistan holds key rate\n\nIslamabad, Dec 20 (Reuters) - Pakistan's central bank kept its rate.\n"


@pytest.mark.parametrize("dateline,located,place", [
    ("Islamabad, Dec 20 (Reuters)", "Islamabad", "Islamabad"),
    ("New York/London, March 3 (Reuters)", "New York/London", "New York/London"),
    ("Lahore (Staff Reporter)", None, "Lahore "),
    ("Karachi: ", None, "Karachi"),
    ("Washington \u2014 AP", None, "Washington"),
    ("(Reuters)", None, ""),
])
def test_the_place_of_a_dateline(dateline: str, located: str | None, place: str) -> None:
    from convert.writers.datelines import cased, split_place

    assert split_place(dateline, located) == (place, dateline[len(place):])
    assert cased(dateline, located, True) == place.upper() + dateline[len(place):]
    assert cased(dateline, located, False) == dateline


def test_pdf_capitalises_the_place_not_the_agency() -> None:
    from tests.writers.pdf.pdfcheck import flat, pdftotext

    doc = read(WIRE)
    assert doc.meta.located == "Islamabad"
    assert "ISLAMABAD, Dec 20 (Reuters) \u2014 Pakistan" in flat(pdftotext(write("pdf", doc,
                                                                                  "broadsheet")))
    assert "Islamabad, Dec 20 (Reuters) \u2014 Pakistan" in flat(pdftotext(write("pdf", doc,
                                                                                 "default")))
    # a dateline on its own line (the body opens with a heading) is cased the same way
    alone = read(b"Pakistan holds key rate\n\nIslamabad, Dec 20 (Reuters) -\n\n## Rates\n\n"
                 b"The bank kept its rate.\n", format="markdown")
    assert alone.meta.dateline and type(alone.body[0]).__name__ == "Heading"
    assert "ISLAMABAD, Dec 20 (Reuters)\n" in pdftotext(write("pdf", alone, "broadsheet"))
    ns = {"w": W[1:-1]}
    docx = etree.fromstring(zip_part(write("docx", alone, "broadsheet"), "word/document.xml"))
    (p,) = docx.xpath(".//w:body/w:p[w:pPr/w:pStyle/@w:val='Dateline']", namespaces=ns)
    assert [(r.xpath("string(w:rPr/w:rStyle/@w:val)", namespaces=ns), "".join(r.itertext()))
            for r in p.iterfind("w:r", ns)] == [("", "Islamabad"),
                                               ("DatelineSourceChar", ", Dec 20 (Reuters)")]
    html = write("html", alone, "broadsheet").decode()
    assert '<p class="dateline">Islamabad<span class="source">, Dec 20 (Reuters)</span></p>' in html


def test_docx_capitals_stop_at_the_place() -> None:
    data = write("docx", read(WIRE), "broadsheet")
    ns = {"w": W[1:-1]}
    doc = etree.fromstring(zip_part(data, "word/document.xml"))
    runs = [(r.xpath("string(w:rPr/w:rStyle/@w:val)", namespaces=ns), "".join(r.itertext()))
            for r in doc.iterfind(".//w:body/w:p[2]/w:r", ns)]
    assert runs[:2] == [("DatelineChar", "Islamabad"), ("DatelineSourceChar", ", Dec 20 (Reuters)")]
    styles = etree.fromstring(zip_part(data, "word/styles.xml"))

    def caps(style_id: str) -> str | None:
        found = styles.xpath(f"w:style[@w:styleId='{style_id}']/w:rPr/w:caps", namespaces=ns)
        return found[0].get(f"{W}val", "1") if found else None

    assert caps("DatelineChar") == "1" and caps("DatelineSourceChar") == "0"
    # default style: no capitals, one run as before
    plain = etree.fromstring(zip_part(write("docx", read(WIRE), "default"), "word/document.xml"))
    assert plain.xpath("string(.//w:body/w:p[2]/w:r[1])", namespaces=ns) == \
        "Islamabad, Dec 20 (Reuters)"


@pytest.mark.parametrize("fmt", ["epub", "html"])
def test_css_capitals_stop_at_the_place(fmt: str) -> None:
    data = write(fmt, read(WIRE), "broadsheet")
    if fmt == "epub":
        page, css = zip_part(data, "EPUB/text/article.xhtml").decode(), \
            zip_part(data, "EPUB/style/article.css").decode()
    else:
        page = css = data.decode()
    assert '<span class="dateline">Islamabad<span class="source">, Dec 20 (Reuters)</span></span>' \
        in page
    assert "text-transform: uppercase" in css_rule(css, "span.dateline")
    assert "text-transform: none" in css_rule(css, ".dateline .source")
    plain = write(fmt, read(WIRE), "default")
    text = zip_part(plain, "EPUB/text/article.xhtml").decode() if fmt == "epub" else plain.decode()
    assert '<span class="dateline">Islamabad, Dec 20 (Reuters)</span>' in text


# --------------------------------------------------------------------------- reference .docx

LISTS = (b"---\npublication: The House Times\n---\nFloods close the road\n\n"
         b"The road was closed on Monday, officials said.\n\n- one item\n- two item\n\n"
         b"1. first\n2. second\n\nAfter the lists.\n")


def _reference(*, header: bool, list_styles: bool = True) -> bytes:
    docx = pytest.importorskip("docx")
    ref = docx.Document()
    ref.styles["Normal"].font.name = "Georgia"
    if header:
        ref.sections[0].header.paragraphs[0].text = "ACME GAZETTE"
        ref.sections[0].footer.paragraphs[0].text = "acme footer"
    if not list_styles:  # as Word's own templates: no list styles until one is used
        for name in ("List Bullet", "List Number"):
            el = ref.styles[name].element
            el.getparent().remove(el)
    out = io.BytesIO()
    ref.save(out)
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_reference_headers_and_footers_replace_ours() -> None:
    parts = _parts(write("docx", read(LISTS, format="markdown"), "default",
                         reference_docx=_reference(header=True)))
    stories = {n: v for n, v in parts.items() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)}
    text = b" ".join(stories.values())
    assert b"ACME GAZETTE" in text and b"acme footer" in text
    assert b"The House Times" not in text and b"PAGE" not in text
    # without a reference, the house header names the publication
    ours = _parts(write("docx", read(LISTS, format="markdown"), "default"))
    assert b"The House Times" in b" ".join(v for n, v in ours.items() if "header" in n)


def test_a_reference_without_headers_gets_none_of_ours() -> None:
    parts = _parts(write("docx", read(LISTS, format="markdown"), "default",
                         reference_docx=_reference(header=False)))
    assert not [n for n in parts if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
    sect = etree.fromstring(parts["word/document.xml"]).find(f".//{W}sectPr")
    assert sect.find(f"{W}headerReference") is None and sect.find(f"{W}footerReference") is None


def _style(styles: etree._Element, style_id: str) -> etree._Element:
    (el,) = styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces={"w": W[1:-1]})
    return el


def _font(styles: etree._Element, style_id: str) -> str | None:
    """The ascii face a paragraph style resolves to through its basedOn chain."""
    while style_id:
        el = _style(styles, style_id)
        fonts = el.find(f"{W}rPr/{W}rFonts")
        if fonts is not None and fonts.get(f"{W}ascii"):
            return fonts.get(f"{W}ascii")
        based = el.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else ""
    return None


def test_reference_list_styles_and_markers_are_the_references() -> None:
    data = write("docx", read(LISTS, format="markdown"), "default",
                 reference_docx=_reference(header=False))
    parts = _parts(data)
    styles = etree.fromstring(parts["word/styles.xml"])
    doc = etree.fromstring(parts["word/document.xml"])
    ns = {"w": W[1:-1]}
    items = [(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=ns),
              p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=ns))
             for p in doc.iterfind(".//w:body/w:p", ns) if p.find("w:pPr/w:numPr", ns) is not None]
    bullet_num = _style(styles, "ListBullet").xpath("string(w:pPr/w:numPr/w:numId/@w:val)",
                                                    namespaces=ns)
    assert items[:2] == [("ListBullet", bullet_num), ("ListBulletEnd", bullet_num)]
    # every list paragraph, and every style we add, in the reference's face
    for style_id in ("ListBullet", "ListBulletEnd", "ListNumber", "ListNumberEnd", "Byline",
                     "Credit", "BodyText"):
        assert _font(styles, style_id) == "Georgia", style_id
    numbering = etree.fromstring(parts["word/numbering.xml"])
    number = items[2][1]
    (num,) = numbering.xpath(f"w:num[@w:numId='{number}']", namespaces=ns)
    ref_number = _style(styles, "ListNumber").xpath("string(w:pPr/w:numPr/w:numId/@w:val)",
                                                    namespaces=ns)
    (ref_num,) = numbering.xpath(f"w:num[@w:numId='{ref_number}']", namespaces=ns)
    assert num.xpath("string(w:abstractNumId/@w:val)", namespaces=ns) == \
        ref_num.xpath("string(w:abstractNumId/@w:val)", namespaces=ns)


def test_list_styles_a_reference_lacks_take_its_look() -> None:
    data = write("docx", read(LISTS, format="markdown"), "broadsheet",
                 reference_docx=_reference(header=False, list_styles=False))
    styles = etree.fromstring(_parts(data)["word/styles.xml"])
    for style_id in ("ListBullet", "ListNumber", "ListBulletEnd", "ListContinue"):
        el = _style(styles, style_id)
        assert el.find(f"{W}rPr/{W}rFonts") is None and el.find(f"{W}rPr/{W}sz") is None
        assert _font(styles, style_id) == "Georgia", style_id
    # the house style's structure stays: the list's indent, the space after its last item
    assert _style(styles, "ListBullet").find(f"{W}pPr/{W}ind") is not None
    assert _style(styles, "ListBulletEnd").find(f"{W}pPr/{W}spacing") is not None


# --------------------------------------------------------------------------- hyphenation


@pytest.mark.parametrize("tag,patterns", [
    ("en", "en_US"), ("en-US", "en_US"), ("en-GB", "en_GB"), ("en-PK", "en_GB"),
    ("en-IN", "en_GB"), ("en-AU", "en_GB"), ("en-CA", "en_US"), ("en_GB", "en_GB"),
    ("de-CH", "de_CH"), ("fr-CA", "fr"), ("pt-BR", "pt_BR"), ("ur", ""),
])
def test_hyphenation_patterns_follow_the_language_tag(tag: str, patterns: str) -> None:
    from convert.writers.pdf.hyphenation import pyphen_lang
    from convert.writers.pdf.parastyles import styles_for

    assert pyphen_lang(tag) == patterns
    body = styles_for(load_style("broadsheet"), tag).para["body"]
    assert (body.hyphenationLang.lang if patterns else body.hyphenationLang) == patterns


def _hyphenated_heads(language: str) -> set[str]:
    """The word heads a broadsheet PDF breaks with a hyphen, for an article in ``language``."""
    from tests.writers.pdf.pdfcheck import pdftotext

    words = "knowledge democracy analysis development progressive catastrophe" \
            " establishment photography ".split()
    text = " ".join(words[i % len(words)] for i in range(600))
    doc = read(f"---\nlanguage: {language}\n---\nHyphens\n\n{text}.\n".encode(),
               format="markdown")
    lines = pdftotext(write("pdf", doc, "broadsheet"), raw=True).splitlines()
    return {line.split()[-1] for line in lines if line.endswith("-") and line.split()}


def test_pdf_breaks_words_as_the_tag_says() -> None:
    import pyphen

    us, gb = _hyphenated_heads("en-US"), _hyphenated_heads("en-GB")
    assert us and gb and us != gb
    for heads, lang in ((us, "en_US"), (gb, "en_GB")):
        dic = pyphen.Pyphen(lang=lang)
        for head in heads:  # every break is one that language's patterns allow
            word = next(w for w in ("knowledge", "democracy", "analysis", "development",
                                    "progressive", "catastrophe", "establishment", "photography")
                        if w.startswith(head[:-1]))
            assert head[:-1] in {h for h, _ in dic.iterate(word)}, (lang, head)
    assert _hyphenated_heads("en") == us  # plain en: the US patterns (hyphenation.toml)


def test_the_other_formats_carry_the_tag_their_readers_hyphenate_by() -> None:
    doc = read(b"---\nlanguage: en-GB\n---\nHyphens\n\nKnowledge and democracy.\n",
               format="markdown")
    html = write("html", doc, "broadsheet").decode()
    assert '<html lang="en-GB"' in html and "hyphens: auto" in css_rule(html, "p")
    epub = write("epub", doc, "broadsheet")
    assert 'xml:lang="en-GB"' in zip_part(epub, "EPUB/text/article.xhtml").decode()
    docx = write("docx", doc, "broadsheet")
    styles = zip_part(docx, "word/styles.xml").decode()
    assert 'w:val="en-GB"' in styles
    assert b"autoHyphenation" in zip_part(docx, "word/settings.xml")
