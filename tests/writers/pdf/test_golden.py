"""PDF golden files: the kitchen sink and model fixtures, plus the seed once through the reader."""

from __future__ import annotations

import pytest

from tests.sample_docs import kitchen_sink
from tests.support import SEED, model_fixture, require
from tests.writers.pdf.pdfcheck import FALLBACK_FAMILIES, STYLES, canonical, render, require_fonts

#: Model fixtures with a golden file, and the system fonts their golden file names.
FIXTURES = {
    "wire_reuters_dateline": (),
    "unicode_robotics_bom": (*FALLBACK_FAMILIES, "Symbola"),
    "rfc822_headers_xml": (),
    "manifesto_lists_quotes": (),
}


@pytest.mark.parametrize("style", STYLES)
def test_kitchen_sink_golden(golden, style: str) -> None:
    require_fonts(*FALLBACK_FAMILIES)
    golden.check(f"pdf/kitchen_sink_{style}.txt", canonical(render(kitchen_sink(), style)))


@pytest.mark.parametrize("style", STYLES)
def test_seed_golden(golden, style: str) -> None:
    golden.check(f"pdf/seed_{style}.txt", canonical(render(model_fixture("seed"), style)))


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_golden(golden, name: str) -> None:
    require_fonts(*FIXTURES[name])
    golden.check(f"pdf/{name}.txt", canonical(render(model_fixture(name))))


def test_seed_end_to_end_golden(golden) -> None:
    """The one golden that starts from text: the seed article through the reader and writer."""
    require(SEED is not None, "seed article missing")
    from convert.api import read_file

    assert SEED is not None
    golden.check("pdf/seed_default.txt", canonical(render(read_file(SEED))))
