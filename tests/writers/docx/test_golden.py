"""DOCX goldens: canonical XML of the parts, from model fixtures (and one end-to-end from the seed)."""

from __future__ import annotations

import pytest
from lxml import etree

from convert.writers import docx as writer
from tests.canonical import canonical_xml, zip_member
from tests.support import SEED, model_fixture, require
from tests.writers.docx.common import NS, OPTIONS, W, xml

#: Model fixtures whose parts are kept as golden files (made from the corpus articles of that name).
GOLDEN_CASES = ("seed_style_junk", "wire_reuters_dateline", "manifesto_lists_quotes",
                "unicode_robotics_bom", "yaml_front_matter_md")


def styles_summary(data: bytes) -> str:
    """styles.xml without latent styles and table styles nobody uses: what a reviewer reads."""
    root = xml(data, "word/styles.xml")
    for el in root.findall("w:latentStyles", NS):
        root.remove(el)
    for st in root.findall("w:style", NS):
        if st.get(f"{{{W}}}type") in ("table", "numbering"):
            root.remove(st)
    return canonical_xml(etree.tostring(root))


def test_kitchen_sink_golden(sink: bytes, golden) -> None:
    golden.check("docx/kitchen_sink.document.xml", canonical_xml(zip_member(sink, "word/document.xml")))
    golden.check("docx/kitchen_sink.styles.xml", styles_summary(sink))
    golden.check("docx/kitchen_sink.numbering.xml",
                 canonical_xml(zip_member(sink, "word/numbering.xml")))
    golden.check("docx/kitchen_sink.core.xml", canonical_xml(zip_member(sink, "docProps/core.xml")))
    golden.check("docx/kitchen_sink.custom.xml",
                 canonical_xml(zip_member(sink, "docProps/custom.xml")))


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_model_fixture_golden(name: str, golden) -> None:
    data = writer.write(model_fixture(name), OPTIONS)
    golden.check(f"docx/{name}.document.xml", canonical_xml(zip_member(data, "word/document.xml")))
    golden.check(f"docx/{name}.numbering.xml",
                 canonical_xml(zip_member(data, "word/numbering.xml")))
    golden.check(f"docx/{name}.core.xml", canonical_xml(zip_member(data, "docProps/core.xml")))


def test_seed_end_to_end_golden(golden) -> None:
    """The one end-to-end golden: the seed text file through the reader and this writer."""
    require(SEED is not None, "seed article missing")
    from convert.api import read_file

    data = writer.write(read_file(SEED), OPTIONS)
    golden.check("docx/seed.document.xml", canonical_xml(zip_member(data, "word/document.xml")))
    golden.check("docx/seed.core.xml", canonical_xml(zip_member(data, "docProps/core.xml")))
