"""DOCX writer: structure, styles, metadata, RTL, determinism, reference .docx, real consumers."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from lxml import etree

from convert.model import Document, Meta, Paragraph, Text
from convert.options import WriteOptions
from convert.styles import load_style
from convert.writers import docx as writer
from tests.canonical import canonical_xml, zip_member
from tests.sample_docs import kitchen_sink, minimal
from tests.support import CORPUS, SEED, corpus_cases, require, require_tool

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R,
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "cu": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
      "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}

STAMP = datetime(2025, 6, 12, 8, 30, 4, tzinfo=UTC)
OPTIONS = WriteOptions(style=load_style("default"), timestamp=STAMP)
#: Corpus articles (and the seed) whose parts are kept as golden files.
GOLDEN_CASES = ("seed_style_junk", "wire_reuters_dateline", "manifesto_lists_quotes",
                "unicode_robotics_bom", "yaml_front_matter_md")


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zip_member(data, name))


def text_of(el: etree._Element) -> str:
    return "".join(el.itertext())


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def read_corpus(name: str) -> Document:
    from convert.api import read_file

    return read_file(CORPUS / f"{name}.txt")


def expect(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expect.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sink() -> bytes:
    return writer.write(kitchen_sink(), OPTIONS)


def styles_summary(data: bytes) -> str:
    """styles.xml without latent styles and table styles nobody uses: what a reviewer reads."""
    root = xml(data, "word/styles.xml")
    for el in root.findall("w:latentStyles", NS):
        root.remove(el)
    for st in root.findall("w:style", NS):
        if st.get(f"{{{W}}}type") in ("table", "numbering"):
            root.remove(st)
    return canonical_xml(etree.tostring(root))


# --------------------------------------------------------------------------- golden files


def test_kitchen_sink_golden(sink: bytes, golden) -> None:
    golden.check("docx/kitchen_sink.document.xml", canonical_xml(zip_member(sink, "word/document.xml")))
    golden.check("docx/kitchen_sink.styles.xml", styles_summary(sink))
    golden.check("docx/kitchen_sink.numbering.xml",
                 canonical_xml(zip_member(sink, "word/numbering.xml")))
    golden.check("docx/kitchen_sink.core.xml", canonical_xml(zip_member(sink, "docProps/core.xml")))
    golden.check("docx/kitchen_sink.custom.xml",
                 canonical_xml(zip_member(sink, "docProps/custom.xml")))


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_corpus_golden(name: str, golden) -> None:
    data = writer.write(read_corpus(name), OPTIONS)
    golden.check(f"docx/{name}.document.xml", canonical_xml(zip_member(data, "word/document.xml")))
    golden.check(f"docx/{name}.numbering.xml",
                 canonical_xml(zip_member(data, "word/numbering.xml")))
    golden.check(f"docx/{name}.core.xml", canonical_xml(zip_member(data, "docProps/core.xml")))


def test_seed_golden(golden) -> None:
    require(SEED is not None, "seed article missing")
    from convert.api import read_file

    data = writer.write(read_file(SEED), OPTIONS)
    golden.check("docx/seed.document.xml", canonical_xml(zip_member(data, "word/document.xml")))
    golden.check("docx/seed.core.xml", canonical_xml(zip_member(data, "docProps/core.xml")))


# --------------------------------------------------------------------------- corpus read-back


@pytest.mark.parametrize("name", corpus_cases())
def test_corpus_reads_back_in_order(name: str) -> None:
    exp = expect(name)
    data = writer.write(read_corpus(name), OPTIONS)

    d = docx.Document(io.BytesIO(data))
    paras = [p.text for p in d.paragraphs]
    styles = [p.style.name for p in d.paragraphs]
    assert paras[0] == exp["headline"] and styles[0] == "Title"
    whole = squash("\n".join(paras))
    for s in exp["must_contain"]:
        assert squash(s) in whole, s
    everything = whole + " ".join(zip_member(data, n).decode("utf-8")
                                  for n in ("docProps/core.xml", "docProps/app.xml"))
    for junk in exp.get("dropped", ()):
        assert junk not in everything, junk

    # paragraphs, headings and list items appear in document order
    order = []
    if exp.get("first_paragraph_starts"):
        order.append(exp["first_paragraph_starts"])
    order += exp.get("headings", [])
    pos = {s: whole.find(squash(s)) for s in order}
    assert all(p >= 0 for p in pos.values()), pos
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert heads == exp.get("headings", [])
    items = [p.text for p in d.paragraphs if p.style.name.startswith("List")]
    assert [squash(i) for i in items] == [squash(i) for i in exp.get("list_items", [])]
    body = [p for p, s in zip(paras, styles, strict=True) if s == "Body Text"]
    assert len(body) == exp["paragraph_count"]
    if body:
        assert squash(body[0]).endswith(squash(exp["first_paragraph_starts"])[-20:]) or \
            squash(exp["first_paragraph_starts"]) in squash(body[0])
        assert squash(body[-1]).endswith(squash(exp["last_paragraph_ends"]))
    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote"]
    assert [squash(q) for q in quotes] == [squash(q) for q in exp.get("blockquotes", [])]


@pytest.mark.parametrize("name", corpus_cases())
def test_corpus_reads_back_with_docx2python(name: str) -> None:
    docx2python = pytest.importorskip("docx2python")
    exp = expect(name)
    data = writer.write(read_corpus(name), OPTIONS)
    with docx2python.docx2python(io.BytesIO(data)) as result:
        text = squash(result.text)
        props = result.core_properties
    assert squash(exp["headline"]) in text
    last = -1
    for s in exp["must_contain"]:
        assert squash(s) in text, s
    for s in exp.get("headings", []):
        found = text.find(s, last + 1)
        assert found > last, s
        last = found
    assert props.get("title") == exp["headline"]


# --------------------------------------------------------------------------- structure and styles


def test_headline_and_headings_are_outline_levels(sink: bytes) -> None:
    styles = xml(sink, "word/styles.xml")
    doc = xml(sink, "word/document.xml")

    def outline(style_id: str) -> str | None:
        el = styles.find(f"w:style[@w:styleId='{style_id}']/w:pPr/w:outlineLvl", NS)
        return None if el is None else el.get(f"{{{W}}}val")

    first = doc.find("w:body/w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Title"
    assert outline("Title") == "0"
    used = {el.get(f"{{{W}}}val") for el in doc.iterfind(".//w:pStyle", NS)}
    assert {"Heading2", "Heading3"} <= used
    assert outline("Heading2") == "1" and outline("Heading3") == "2"


def test_named_styles_only_no_direct_formatting(sink: bytes) -> None:
    doc = xml(sink, "word/document.xml")
    allowed_ppr = {"pStyle", "numPr", "bidi", "sectPr"}
    allowed_rpr = {"rStyle", "rtl", "cs", "lang"}
    for ppr in doc.iterfind(".//w:p/w:pPr", NS):
        assert {etree.QName(c).localname for c in ppr} <= allowed_ppr
    for rpr in doc.iterfind(".//w:r/w:rPr", NS):
        assert {etree.QName(c).localname for c in rpr} <= allowed_rpr
    styles = xml(sink, "word/styles.xml")
    names = {s.find("w:name", NS).get(f"{{{W}}}val") for s in styles.iterfind("w:style", NS)}
    for name in ("Title", "Subtitle", "Byline", "Dateline", "Dateline Char", "Body Text",
                 "heading 2", "heading 3", "Quote", "List Bullet", "List Number", "Emphasis",
                 "Strong", "Hyperlink", "Credit"):
        assert name in names


def test_house_style_drives_styles_and_page(sink: bytes) -> None:
    hs = load_style("default")
    styles = xml(sink, "word/styles.xml")
    title = styles.find("w:style[@w:styleId='Title']", NS)
    head = hs.element("headline")
    assert title.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}ascii") == head.font
    assert title.find("w:rPr/w:sz", NS).get(f"{{{W}}}val") == str(round(head.size * 2))
    assert title.find("w:rPr/w:color", NS).get(f"{{{W}}}val") == head.colour[1:].upper()
    body = styles.find("w:style[@w:styleId='BodyText']", NS)
    assert body.find("w:pPr/w:spacing", NS).get(f"{{{W}}}after") == str(round(
        hs.element("body").space_after * 20))
    sect = xml(sink, "word/document.xml").find("w:body/w:sectPr", NS)
    pg = sect.find("w:pgSz", NS)
    assert pg.get(f"{{{W}}}w") == str(round(210 * 1440 / 25.4))  # A4
    assert sect.find("w:pgMar", NS).get(f"{{{W}}}left") == str(round(24 * 1440 / 25.4))


def test_broadsheet_headline_spans_two_columns() -> None:
    data = writer.write(kitchen_sink(), replace(OPTIONS, style=load_style("broadsheet")))
    doc = xml(data, "word/document.xml")
    inner = doc.findall(".//w:p/w:pPr/w:sectPr", NS)
    assert len(inner) == 1 and inner[0].find("w:cols", NS).get(f"{{{W}}}num") is None
    final = doc.find("w:body/w:sectPr", NS)
    assert final.find("w:cols", NS).get(f"{{{W}}}num") == "2"
    assert final.find("w:type", NS).get(f"{{{W}}}val") == "continuous"


def test_lists_use_word_numbering_and_ordered_lists_restart() -> None:
    from convert.model import ListBlock, ListItem

    items = (ListItem((Text("a"),)), ListItem((Text("b"),)))
    doc = Document(Meta(headline="Lists"), (
        ListBlock(True, items), Paragraph((Text("between"),)), ListBlock(True, items, start=5),
        ListBlock(False, items)))
    data = writer.write(doc, OPTIONS)
    body = xml(data, "word/document.xml")
    num_ids = [el.get(f"{{{W}}}val") for el in body.iterfind(".//w:numPr/w:numId", NS)]
    assert len(num_ids) == 6 and num_ids[0] == num_ids[1] and num_ids[2] == num_ids[3]
    assert len({num_ids[0], num_ids[2], num_ids[4]}) == 3
    numbering = xml(data, "word/numbering.xml")
    for num_id, start in ((num_ids[0], "1"), (num_ids[2], "5")):
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS).get(f"{{{W}}}val") == start
        abstract = num.find("w:abstractNumId", NS).get(f"{{{W}}}val")
        fmt = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl/w:numFmt", NS)
        assert fmt.get(f"{{{W}}}val") == "decimal"
    bullet = numbering.find(f"w:num[@w:numId='{num_ids[4]}']/w:abstractNumId", NS)
    fmt = numbering.find(f"w:abstractNum[@w:abstractNumId='{bullet.get(f'{{{W}}}val')}']"
                         "/w:lvl/w:numFmt", NS)
    assert fmt.get(f"{{{W}}}val") == "bullet"


def test_hyperlinks_are_clickable(sink: bytes) -> None:
    doc = xml(sink, "word/document.xml")
    rels = xml(sink, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): (r.get("Target"), r.get("TargetMode")) for r in rels}
    links = doc.findall(".//w:hyperlink", NS)
    assert len(links) == 2
    got = {targets[h.get(f"{{{R}}}id")] for h in links}
    assert got == {("https://example.org/flood?a=1&b=2", "External"),
                   ("mailto:desk@example.org", "External")}
    for h in links:
        assert h.find("w:r/w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "Hyperlink"
    d = docx.Document(io.BytesIO(sink))
    addresses = {h.address for p in d.paragraphs for h in p.hyperlinks}
    assert "https://example.org/flood?a=1&b=2" in addresses


def test_dateline_inline_and_block(sink: bytes) -> None:
    d = docx.Document(io.BytesIO(sink))
    first_body = next(p for p in d.paragraphs if p.style.name == "Body Text")
    assert first_body.runs[0].style.name == "Dateline Char"
    assert first_body.text.startswith("SUKKUR, June 11 (Reuters) \u2014 River levels")
    block_style = replace(load_style("default"),
                          layout=replace(load_style("default").layout, dateline="block"))
    data = writer.write(kitchen_sink(), replace(OPTIONS, style=block_style))
    d = docx.Document(io.BytesIO(data))
    styled = [(p.style.name, p.text) for p in d.paragraphs]
    assert ("Dateline", "SUKKUR, June 11 (Reuters)") in styled
    assert next(t for s, t in styled if s == "Body Text").startswith("River levels")


def test_quote_attribution_credit_and_copyright(sink: bytes) -> None:
    d = docx.Document(io.BytesIO(sink))
    styled = [(p.style.name, p.text) for p in d.paragraphs]
    assert ("Quote", "The embankments will hold, but we are not taking chances.") in styled
    assert ("Quote Attribution", "\u2014 Provincial irrigation minister") in styled
    assert styled[-2:] == [("Credit", "(Reporting by Jane Doe; Editing by Ali Khan)"),
                           ("Credit", "Copyright 2025 Example News Ltd. All rights reserved.")]


def test_running_footer_has_page_field(sink: bytes) -> None:
    sect = xml(sink, "word/document.xml").find("w:body/w:sectPr", NS)
    ref = sect.find("w:footerReference", NS)
    rels = {r.get("Id"): r.get("Target") for r in xml(sink, "word/_rels/document.xml.rels")}
    footer = xml(sink, "word/" + rels[ref.get(f"{{{R}}}id")])
    assert "PAGE" in "".join(footer.xpath(".//w:instrText/text()", namespaces=NS))
    assert footer.find(".//w:pStyle", NS).get(f"{{{W}}}val") == "Footer"


# --------------------------------------------------------------------------- metadata


def test_core_properties_exact_and_utc(sink: bytes) -> None:
    core = xml(sink, "docProps/core.xml")

    def get(path: str) -> str | None:
        el = core.find(path, NS)
        return None if el is None else el.text

    meta = kitchen_sink().meta
    assert get("dc:title") == meta.headline
    assert get("dc:creator") == "Jane Doe; Ali Khan"
    assert get("dc:subject") == meta.subheadline
    assert get("dc:description") == meta.subheadline
    assert get("cp:keywords") == "flooding, River Indus, Sindh"
    assert get("dc:language") == "en-GB"
    assert get("dc:identifier") == meta.identifier
    assert get("cp:revision") == "1"
    assert get("cp:category") == "environment"
    # 09:42 at +05:00 is 04:42 UTC; modified is this version's timestamp
    assert get("dcterms:created") == "2025-06-11T04:42:00Z"
    assert get("dcterms:modified") == "2025-06-12T08:30:04Z"
    props = docx.Document(io.BytesIO(sink)).core_properties
    assert props.created == datetime(2025, 6, 11, 4, 42, tzinfo=UTC)
    assert props.author == "Jane Doe; Ali Khan"


def test_no_stale_template_metadata(sink: bytes) -> None:
    zf = zipfile.ZipFile(io.BytesIO(sink))
    for name in zf.namelist():
        blob = zf.read(name)
        for stale in (b"python-docx", b"2013-12-23", b"Macintosh", b"stylesWithEffects",
                      b"thumbnail"):
            assert stale not in blob, (name, stale)
    app = xml(sink, "docProps/app.xml")
    assert app.find("ep:Application", NS).text == "newsconvert"
    assert "docProps/thumbnail.jpeg" not in zf.namelist()
    assert b"proofState" not in zf.read("word/settings.xml")


def test_custom_properties(sink: bytes) -> None:
    custom = xml(sink, "docProps/custom.xml")
    got = {p.get("name"): text_of(p) for p in custom}
    assert got["Source"] == "Reuters"
    assert got["Copyright"].startswith("Copyright 2025")
    assert got["Urgency"] == "3"
    assert got["Provider"] == "example.org"
    ct = zip_member(sink, "[Content_Types].xml").decode()
    assert "/docProps/custom.xml" in ct
    assert "docProps/custom.xml" in zip_member(sink, "_rels/.rels").decode()


def test_proofing_language_in_doc_defaults(sink: bytes) -> None:
    lang = xml(sink, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(f"{{{W}}}val"), lang.get(f"{{{W}}}eastAsia"), lang.get(f"{{{W}}}bidi")) == \
        ("en-GB", "en-GB", "ar-SA")
    urdu = Document(Meta(headline="سیلاب", language="ur-PK"),
                    (Paragraph((Text("ہم نے پورا سال اس کے لیے محنت کی۔"),)),))
    lang = xml(writer.write(urdu, OPTIONS), "word/styles.xml").find(".//w:docDefaults//w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "ur-PK" and lang.get(f"{{{W}}}bidi") == "ur-PK"


def test_rtl_paragraphs_marked(sink: bytes) -> None:
    doc = xml(sink, "word/document.xml")
    rtl = [p for p in doc.iterfind(".//w:p", NS) if p.find("w:pPr/w:bidi", NS) is not None]
    assert len(rtl) == 1 and text_of(rtl[0]).startswith("ہم نے")
    for r in rtl[0].iterfind("w:r", NS):
        assert r.find("w:rPr/w:rtl", NS) is not None and r.find("w:rPr/w:cs", NS) is not None
        assert r.find("w:rPr/w:lang", NS).get(f"{{{W}}}bidi") == "ur-PK"
    # the English paragraph quoting Chinese and an emoji stays LTR
    assert all("Residents" not in text_of(p) for p in rtl)
    styles = xml(sink, "word/styles.xml")
    body = styles.find("w:style[@w:styleId='BodyText']/w:rPr", NS)
    assert body.find("w:szCs", NS) is not None and body.find("w:rFonts", NS).get(f"{{{W}}}cs")
    arabic = Document(Meta(headline="x"), (Paragraph((Text("هذا الفوز للجميع"),)),))
    run = xml(writer.write(arabic, OPTIONS), "word/document.xml").find(".//w:r/w:rPr/w:lang", NS)
    assert run.get(f"{{{W}}}bidi") == "ar-SA"


# --------------------------------------------------------------------------- reproducibility


def test_deterministic_bytes_and_zip_times() -> None:
    a = writer.write(kitchen_sink(), OPTIONS)
    b = writer.write(kitchen_sink(), OPTIONS)
    assert a == b
    zf = zipfile.ZipFile(io.BytesIO(a))
    assert {i.date_time for i in zf.infolist()} == {(2025, 6, 12, 8, 30, 4)}
    names = zf.namelist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    later = writer.write(kitchen_sink(), replace(OPTIONS, timestamp=datetime(
        2030, 1, 1, tzinfo=UTC)))
    assert later != a
    assert zipfile.ZipFile(io.BytesIO(later)).infolist()[0].date_time == (2030, 1, 1, 0, 0, 0)


def test_minimal_and_default_style() -> None:
    data = writer.write(minimal(), WriteOptions())
    d = docx.Document(io.BytesIO(data))
    assert [p.text for p in d.paragraphs] == ["Magnitude 5.8 earthquake shakes Muzaffarabad"]
    custom = {p.get("name") for p in xml(data, "docProps/custom.xml")}
    assert custom == {"Provider"}


def test_unknown_node_fails_loudly() -> None:
    class Strange:
        attrs = ()

    with pytest.raises(TypeError, match="Strange"):
        writer.write(Document(Meta(headline="x"), (Strange(),)), OPTIONS)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Strange"):
        writer.write(Document(Meta(headline="x"), (Paragraph((Strange(),)),)),  # type: ignore
                     OPTIONS)


def test_template_parsed_once_per_process() -> None:
    from convert.writers.docx import template

    first = template.get_template(OPTIONS.style, None)
    writer.write(kitchen_sink(), OPTIONS)
    assert template.get_template(OPTIONS.style, None) is first


# --------------------------------------------------------------------------- reference .docx


def _reference(tmp_path: Path) -> Path:
    ref = docx.Document()
    ref.styles["Normal"].font.name = "Comic Neue Distinctive"
    ref.styles["Heading 2"].font.name = "Reference Heading Face"
    section = ref.sections[0]
    section.header.paragraphs[0].text = "REFERENCE HEADER"
    section.page_width = docx.shared.Mm(150)
    path = tmp_path / "reference.docx"
    ref.save(str(path))
    return path


def test_reference_docx_supplies_styles_and_header(tmp_path: Path) -> None:
    ref = _reference(tmp_path)
    data = writer.write(kitchen_sink(), replace(OPTIONS, reference_docx=ref))
    styles = xml(data, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert normal.get(f"{{{W}}}ascii") == "Comic Neue Distinctive"
    h2 = styles.find("w:style[@w:styleId='Heading2']/w:rPr/w:rFonts", NS)
    assert h2.get(f"{{{W}}}ascii") == "Reference Heading Face"
    # styles the reference lacks are added; its Title gains an outline level
    assert styles.find("w:style[@w:styleId='Byline']", NS) is not None
    assert styles.find("w:style[@w:styleId='Title']/w:pPr/w:outlineLvl", NS) is not None
    d = docx.Document(io.BytesIO(data))
    assert d.sections[0].header.paragraphs[0].text == "REFERENCE HEADER"
    assert abs(d.sections[0].page_width - docx.shared.Mm(150)) < docx.shared.Mm(0.1)
    assert d.paragraphs[0].style.name == "Title"
    assert writer.write(kitchen_sink(), replace(OPTIONS, reference_docx=ref)) == data


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_opens_and_exports_pdf(tmp_path: Path, sink: bytes) -> None:
    soffice = require_tool("soffice")
    src = tmp_path / "article.docx"
    src.write_bytes(sink)
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "article.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf))
    assert reader.metadata.title == kitchen_sink().meta.headline

    def titles(items: list) -> list[str]:
        out: list[str] = []
        for item in items:
            out.extend(titles(item) if isinstance(item, list) else [item.title])
        return out

    outline = titles(reader.outline)
    assert outline[0] == kitchen_sink().meta.headline
    assert "Villages at risk" in outline
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    assert "SUKKUR, June 11 (Reuters)" in text and "Provincial irrigation minister" in text
