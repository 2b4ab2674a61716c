"""Reading packages: python-docx's default template (non-public file) and hostile reference .docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from msgspec.structs import replace

from convert.errors import StyleError
from convert.writers import docx as writer
from convert.writers.docx import ooxml
from convert.writers.docx.package import Package, default_package, default_template_path
from convert.writers.docx.template import prepare_template
from tests.sample_docs import kitchen_sink
from tests.writers.docx.common import NS, OPTIONS, wattr, xml


def make_reference() -> bytes:
    """A reference .docx made with python-docx: its own fonts, header and page width."""
    ref = docx.Document()
    ref.styles["Normal"].font.name = "Comic Neue Distinctive"
    ref.styles["Heading 2"].font.name = "Reference Heading Face"
    section = ref.sections[0]
    section.header.paragraphs[0].text = "REFERENCE HEADER"
    section.page_width = docx.shared.Mm(150)
    out = io.BytesIO()
    ref.save(out)
    return out.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


# --------------------------------------------------------------------------- python-docx's template


def test_python_docx_default_template_is_where_we_read_it() -> None:
    """We read python-docx's bundled template file (not public API): check the assumption."""
    path = default_template_path()
    assert path.is_file() and zipfile.is_zipfile(path)
    pkg = default_package()
    for rel_type in (ooxml.RT_STYLES, ooxml.RT_NUMBERING, ooxml.RT_SETTINGS, ooxml.RT_FONTTABLE,
                     ooxml.RT_THEME, ooxml.RT_WEBSETTINGS):
        assert pkg.part_by_type(rel_type) is not None, rel_type
    assert default_package() is pkg


# --------------------------------------------------------------------------- reference .docx


def test_reference_docx_supplies_styles_and_header() -> None:
    ref = make_reference()
    data = writer.write(kitchen_sink(), replace(OPTIONS, reference_docx=ref))
    styles = xml(data, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert normal.get(wattr("ascii")) == "Comic Neue Distinctive"
    h2 = styles.find("w:style[@w:styleId='Heading2']/w:rPr/w:rFonts", NS)
    assert h2.get(wattr("ascii")) == "Reference Heading Face"
    # styles the reference lacks are added; its Title gains an outline level
    assert styles.find("w:style[@w:styleId='Byline']", NS) is not None
    assert styles.find("w:style[@w:styleId='Title']/w:pPr/w:outlineLvl", NS) is not None
    d = docx.Document(io.BytesIO(data))
    assert d.sections[0].header.paragraphs[0].text == "REFERENCE HEADER"
    assert abs(d.sections[0].page_width - docx.shared.Mm(150)) < docx.shared.Mm(0.1)
    assert d.paragraphs[0].style.name == "Title"
    assert writer.write(kitchen_sink(), replace(OPTIONS, reference_docx=bytes(ref))) == data


def test_reference_header_logo_is_copied_with_its_relationships() -> None:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    ref = docx.Document()
    ref.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(png.getvalue()))
    ref.sections[0].footer.paragraphs[0].add_run().add_picture(io.BytesIO(png.getvalue()))
    out = io.BytesIO()
    ref.save(out)
    data = writer.write(kitchen_sink(), replace(OPTIONS, reference_docx=out.getvalue()))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    logo = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("word/media/image1.png")
    media = [n for n in names if n.startswith("word/media/")]
    copies = [n for n in media if zipfile.ZipFile(io.BytesIO(data)).read(n) == logo]
    assert len(copies) == 1  # one logo, shared by header and footer, copied once
    assert len(media) == 2 and len(set(names)) == len(names)  # the article's picture: a name of its own
    assert "word/_rels/header1.xml.rels" in names and "word/_rels/footer1.xml.rels" in names
    assert b'Extension="png"' in zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert docx.Document(io.BytesIO(data)).sections[0].header.part.related_parts


def test_reference_is_bytes_not_a_path(tmp_path) -> None:
    path = tmp_path / "ref.docx"
    path.write_bytes(make_reference())
    with pytest.raises(TypeError, match="bytes"):
        writer.write(kitchen_sink(), replace(OPTIONS, reference_docx=path))  # type: ignore[arg-type]


@pytest.mark.parametrize(("data", "message"), [
    (b"not a zip", "cannot be read"),
    (zipped({"_rels/.rels": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
             b'"file:///etc/passwd">]><Relationships xmlns="http://schemas.openxmlformats.org/'
             b'package/2006/relationships">&x;</Relationships>',
             "word/document.xml": b"<w:document/"}), "DTD"),
    (zipped({"word/styles.xml": b"<x/>"}), "no main document part"),
    (zipped({"_rels/.rels": b"<Relationships", "word/document.xml": b"<x/>"}), "malformed XML"),
    (zipped({f"word/media/p{i}.png": b"" for i in range(2001)} | {"word/document.xml": b"<x/>"}),
     "too large"),
])
def test_hostile_reference_fails_cleanly(data: bytes, message: str) -> None:
    with pytest.raises(StyleError, match=message):
        Package(data)
    with pytest.raises(StyleError, match=message):
        prepare_template(OPTIONS.style, data)


def test_zip_bomb_reference_refused_before_unpacking() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (70 * 1024 * 1024))
    with pytest.raises(StyleError, match="too large"):
        Package(out.getvalue())


def test_errors_name_the_file_only_when_told() -> None:
    with pytest.raises(StyleError) as caught:
        Package(b"junk")
    assert caught.value.path is None
    with pytest.raises(StyleError) as caught:
        Package(b"junk", origin="house/ref.docx")
    assert str(caught.value).startswith("house/ref.docx: ")
