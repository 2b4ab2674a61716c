"""Canvas: dates and /ID from the options and the article, "page X of Y" footers."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import msgspec.structs

from convert.styles import load_style
from convert.writers import pdf
from convert.writers.pdf.canvas import Stamp, pdf_date
from tests.sample_docs import kitchen_sink
from tests.support import model_fixture
from tests.writers.pdf.pdfcheck import TS, options, pdftotext, pypdf, render


def file_id(data: bytes) -> bytes:
    found = re.search(rb"/ID\s*\[\s*<([0-9a-fA-F]+)>", data)
    assert found is not None
    return found.group(1)


def test_id_comes_from_identifier_and_version_only() -> None:
    doc = model_fixture("seed")
    a = render(doc)
    assert file_id(a) == file_id(render(doc))
    other = msgspec.structs.replace(doc, meta=msgspec.structs.replace(doc.meta, identifier="urn:x:other"))
    assert file_id(render(other)) != file_id(a)
    later = pdf.write(doc, msgspec.structs.replace(options(), timestamp=TS.replace(year=2030)))
    assert file_id(later) != file_id(a)


def test_stamp_and_pdf_date_are_utc() -> None:
    when = datetime(2025, 6, 11, 9, 42, 5, tzinfo=UTC)
    stamp = Stamp(when)
    assert stamp.YMDhms == (2025, 6, 11, 9, 42, 5) and stamp.tzname == "UTC"
    assert stamp.t == when.timestamp()
    assert pdf_date(when) == "D:20250611094205+00'00'"


def test_footer_counts_pages_in_one_pass() -> None:
    doc = model_fixture("seed")
    long = msgspec.structs.replace(doc, body=doc.body * 6)
    data = render(long)
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    assert pages > 1
    text = pdftotext(data)
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text


def test_running_header_shows_publication_and_date() -> None:
    """The style's publication, else the article's source; the date is the article's own."""
    top = pdftotext(render(kitchen_sink())).split("Flood warnings")[0].split()
    assert load_style("default").publication == ""
    assert top == ["Reuters", "11", "June", "2025"]


def test_no_date_is_printed_when_the_article_has_none() -> None:
    """The output timestamp is not a publication date: nothing is invented."""
    doc = msgspec.structs.replace(kitchen_sink(), meta=msgspec.structs.replace(kitchen_sink().meta,
                                                                      date=None))
    text = pdftotext(render(doc))
    assert "2025" not in text.split("Flood warnings")[0]
    footers = re.findall(r"Page \d+ of \d+.*", text)
    assert footers and all(re.fullmatch(r"Page \d+ of \d+", f.strip()) for f in footers)
