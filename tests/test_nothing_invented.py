"""Nothing invented: no publication date the article did not give, no tool name as the publication.

An undated article whose file was last modified on a known day is converted to every format; that
day may appear only in the version stamps the formats require (NewsML-G2 ``versionCreated``, EPUB
``dcterms:modified``, DOCX ``modified``, PDF ``ModDate``, zip entry times), never as the article's
date. A dated article carries its own date. No output names the tool as the publication.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from convert.cli import main

MTIME = datetime(2011, 9, 23, 14, 15, 16, tzinfo=UTC)
#: How that day could be written anywhere: ISO, basic ISO (PDF, NITF), and as people print it.
MTIME_FORMS = ("2011-09-23", "20110923", "23 September 2011", "September 23, 2011", "23 Sep 2011",
               "Sep 23, 2011", "Sept. 23, 2011", "2011/09/23", "23/09/2011", "09/23/2011",
               "23.09.2011", "23 Sept 2011")
ARTICLE = ("Floods recede in Sindh\n\n"
           "The provincial government said on Tuesday that the flood waters had begun to recede "
           "in most districts, although thousands of families were still living in camps.\n\n"
           "Officials warned that repairs to roads and bridges would take months.\n")
DATED = "---\ntitle: Floods recede in Sindh\ndate: 2019-05-06T07:08:09Z\n---\n\n" + \
    ARTICLE.split("\n\n", 1)[1]

NS = {"n": "http://iptc.org/std/nar/2006-10-01/", "opf": "http://www.idpf.org/2007/opf",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


def convert(tmp_path: Path, text: str, name: str) -> dict[str, bytes]:
    src = tmp_path / f"{name}.txt"
    src.write_text(text, encoding="utf-8")
    os.utime(src, (MTIME.timestamp(), MTIME.timestamp()))
    out = tmp_path / name
    out.mkdir()
    res = CliRunner().invoke(main, ["convert", str(src), "-d", str(out), "-t", "all"],
                             env={"SOURCE_DATE_EPOCH": None, "NEWSCONVERT_CONFIG": None})
    assert res.exit_code == 0, res.output
    return {p.suffix: p.read_bytes() for p in out.iterdir()}


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _drop(root: etree._Element, path: str, ns: dict[str, str] = NS) -> bytes:
    """The XML without the elements at ``path`` (the allowed version stamps)."""
    for el in root.xpath(path, namespaces=ns):
        el.getparent().remove(el)
    return etree.tostring(root, encoding="utf-8")


def newsml_text(data: bytes) -> str:
    return _drop(_xml(data), "//n:versionCreated").decode()


def zip_text(data: bytes, allowed: dict[str, str]) -> str:
    """Every member's content (not the zip headers, whose times are allowed), stamps removed."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    parts = []
    for name in zf.namelist():
        content = zf.read(name)
        if name in allowed:
            content = _drop(_xml(content), allowed[name])
        parts.append(content.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def epub_text(data: bytes) -> str:
    return zip_text(data, {"EPUB/content.opf": "//opf:meta[@property='dcterms:modified']"})


def docx_text(data: bytes) -> str:
    return zip_text(data, {"docProps/core.xml": "//dcterms:modified"})


def pdf_text(data: bytes) -> str:
    """The PDF's pages, its info (but ModDate) and its XMP, as text."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    info = {k: str(v) for k, v in (reader.metadata or {}).items() if k != "/ModDate"}
    xmp = reader.trailer["/Root"].get("/Metadata")
    xmp_text = xmp.get_object().get_data().decode("utf-8", "replace") if xmp is not None else ""
    xmp_text = re.sub(r"<xmp:ModifyDate>[^<]*</xmp:ModifyDate>|xmp:ModifyDate=\"[^\"]*\"", "", xmp_text)
    pages = "\n".join(page.extract_text() for page in reader.pages)
    return "\n".join([pages, repr(info), xmp_text])


def ninjs_text(data: bytes) -> str:
    """The ninjs object without its versionCreated (the allowed version stamp)."""
    item = json.loads(data)
    item.pop("versionCreated")
    return json.dumps(item, ensure_ascii=False)


def html_text(data: bytes) -> str:
    return data.decode("utf-8")


READERS = {".xml": newsml_text, ".epub": epub_text, ".docx": docx_text, ".pdf": pdf_text,
           ".json": ninjs_text, ".html": html_text}


def test_an_undated_article_gets_no_date_from_its_file(tmp_path: Path) -> None:
    outputs = convert(tmp_path, ARTICLE, "undated")
    assert set(outputs) == set(READERS)
    for suffix, read in READERS.items():
        text = read(outputs[suffix])
        found = [form for form in MTIME_FORMS if form in text]
        assert not found, f"{suffix} carries the file's date as the article's: {found}"
    # the version stamps the formats require do carry it (the timestamp policy)
    assert _xml(outputs[".xml"]).findtext("n:itemMeta/n:versionCreated", namespaces=NS) == \
        "2011-09-23T14:15:16+00:00"
    opf = _xml(zipfile.ZipFile(io.BytesIO(outputs[".epub"])).read("EPUB/content.opf"))
    assert opf.find("opf:metadata/dc:date", NS) is None
    core = _xml(zipfile.ZipFile(io.BytesIO(outputs[".docx"])).read("docProps/core.xml"))
    assert core.find("dcterms:created", NS) is None
    assert core.findtext("dcterms:modified", namespaces=NS) == "2011-09-23T14:15:16Z"


def test_a_dated_article_carries_its_own_date(tmp_path: Path) -> None:
    outputs = convert(tmp_path, DATED, "dated")
    root = _xml(outputs[".xml"])
    assert root.findtext("n:itemMeta/n:firstCreated", namespaces=NS) == "2019-05-06T07:08:09+00:00"
    assert root.findtext("n:contentMeta/n:contentCreated", namespaces=NS) == \
        "2019-05-06T07:08:09+00:00"
    opf = _xml(zipfile.ZipFile(io.BytesIO(outputs[".epub"])).read("EPUB/content.opf"))
    assert opf.findtext("opf:metadata/dc:date", namespaces=NS) == "2019-05-06T07:08:09Z"
    core = _xml(zipfile.ZipFile(io.BytesIO(outputs[".docx"])).read("docProps/core.xml"))
    assert core.findtext("dcterms:created", namespaces=NS) == "2019-05-06T07:08:09Z"
    assert "2019" in pdf_text(outputs[".pdf"])
    for suffix, read in READERS.items():  # the file's own day is still nowhere
        assert not [f for f in MTIME_FORMS if f in read(outputs[suffix])], suffix


def _visible(outputs: dict[str, bytes]) -> dict[str, str]:
    """Where a publication would show: running headers, the EPUB publisher, NewsML infoSource."""
    docx = zipfile.ZipFile(io.BytesIO(outputs[".docx"]))
    headers = " ".join("".join(_xml(docx.read(n)).itertext()) for n in docx.namelist()
                       if re.fullmatch(r"word/header\d*\.xml", n))
    body = "".join(_xml(docx.read("word/document.xml")).itertext())
    opf = _xml(zipfile.ZipFile(io.BytesIO(outputs[".epub"])).read("EPUB/content.opf"))
    publishers = " ".join(e.text or "" for e in opf.iterfind("opf:metadata/dc:publisher", NS))
    info = " ".join("".join(e.itertext()) for e in _xml(outputs[".xml"]).iterfind(".//n:infoSource", NS))
    from pypdf import PdfReader

    pages = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(outputs[".pdf"])).pages)
    return {"docx header": headers, "docx body": body, "epub publisher": publishers,
            "newsml infoSource": info, "pdf pages": pages}


@pytest.mark.parametrize("style", ["default", "broadsheet"])
def test_no_output_names_the_tool_as_the_publication(tmp_path: Path, style: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    res = CliRunner().invoke(main, ["convert", str(src), "-d", str(out), "-t", "all", "--style", style])
    assert res.exit_code == 0, res.output
    outputs = {p.suffix: p.read_bytes() for p in out.iterdir()}
    for where, text in _visible(outputs).items():
        assert "newsconvert" not in text.lower(), where


def test_the_publication_given_is_shown(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    res = CliRunner().invoke(main, ["convert", str(src), "-d", str(out), "-t", "all",
                                    "-M", "publication=The Sindh Courier"])
    assert res.exit_code == 0, res.output
    seen = _visible({p.suffix: p.read_bytes() for p in out.iterdir()})
    assert "The Sindh Courier" in seen["docx header"]
    assert "The Sindh Courier" in seen["epub publisher"]
    assert "The Sindh Courier" in seen["pdf pages"]
