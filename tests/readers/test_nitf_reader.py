"""The NITF 3.x reader: docdata and body.head metadata, body blocks, dates, and a body of ours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from convert.errors import InputError
from convert.model import (
    BlockQuote,
    Emphasis,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Strong,
    Table,
    Text,
    plain_text,
    to_dict,
)
from convert.options import ReadOptions
from convert.readers import nitf
from convert.readers.sniff import sniff
from convert.registry import reader_for_input

NITF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.6/specification/dtd/nitf-3-6.dtd">
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" xml:lang="en-GB">
 <head>
  <title>Flood warning for Sukkur</title>
  <docdata>
   <doc-id id-string="urn:nitf:example.org:2025:flood"/>
   <urgency ed-urg="2"/>
   <date.issue norm="20250611T094200+0500"/>
   <doc.copyright year="2025" holder="Example News Ltd"/>
   <key-list><keyword key="flooding"/><keyword key="Sindh"/></key-list>
   <ed-msg info="Embargoed until noon."/>
  </docdata>
  <pubdata type="web" name="The Example Times"/>
  <tobject tobject.type="news"><tobject.subject tobject.subject.refnum="06000000"
     tobject.subject.matter="environmental issue"/></tobject>
 </head>
 <body>
  <body.head>
   <hedline><hl1>River Indus rises&nbsp;fast</hl1><hl2>Villages told to move</hl2></hedline>
   <byline>By <person>Jane Doe</person>, <byttl>Environment Correspondent</byttl></byline>
   <distributor>Reuters</distributor>
   <dateline><location>SUKKUR</location>, June 11 <story.date norm="20250611"/></dateline>
  </body.head>
  <body.content>
   <p>Levels rose <em>fast</em> and <em class="strong">twelve</em> villages moved.</p>
   <hl2 class="level3">What next</hl2>
   <block><p>A paragraph inside a block, with <person>Gul Hassan</person>.</p></block>
   <ol><li>warn</li><li>evacuate</li></ol>
   <bq><block><p>We are ready.</p></block><credit>The minister</credit></bq>
   <media media-type="image"><media-reference source="a.jpg"/>
     <media-caption>The river at dawn</media-caption></media>
   <table><tr><td>Sukkur</td><td>12</td></tr></table>
  </body.content>
  <body.end><tagline>(Reporting by Jane Doe)</tagline></body.end>
 </body>
</nitf>"""


def read(data: str | bytes, **kw):
    return nitf.explain(data.encode() if isinstance(data, str) else data, ReadOptions(origin="a.nitf", **kw))


def test_a_nitf_document_gives_its_head_and_docdata() -> None:
    doc, diagnostics = read(NITF)
    meta = doc.meta
    assert meta.headline == "River Indus rises\u00a0fast"  # hl1 over title; &nbsp; spelt out
    assert meta.subheadline == "Villages told to move"
    assert meta.by == "By Jane Doe, Environment Correspondent" and meta.byline == "Jane Doe"
    assert meta.authors[0].name == "Jane Doe" and meta.authors[0].role == "Environment Correspondent"
    assert meta.dateline == "SUKKUR, June 11" and meta.located == "SUKKUR"
    assert meta.date == datetime(2025, 6, 11, 9, 42, tzinfo=timezone(timedelta(hours=5)))
    assert meta.identifier == "urn:nitf:example.org:2025:flood" and meta.urgency == 2
    assert meta.copyright_holder == "Example News Ltd" and meta.keywords == ("flooding", "Sindh")
    assert meta.ednote == "Embargoed until noon." and meta.publication == "The Example Times"
    assert meta.subjects[0].qcode == "subj:06000000" and meta.source == "Reuters"
    assert meta.credit == "(Reporting by Jane Doe)" and meta.language == "en-GB"
    assert diagnostics.language["method"] == "given"


def test_nitf_body_blocks() -> None:
    doc, diagnostics = read(NITF)
    para, heading, inner, lst, quote, figure, table = doc.body
    assert isinstance(para.children[1], Emphasis) and isinstance(para.children[3], Strong)
    assert isinstance(heading, Heading) and heading.level == 3
    assert isinstance(inner, Paragraph) and "Gul Hassan" in inner.children[0].text
    assert isinstance(lst, ListBlock) and lst.ordered and len(lst.items) == 2
    assert isinstance(quote, BlockQuote) and quote.attribution == "The minister"
    assert isinstance(figure, Figure) and figure.source == "a.jpg"  # media: a figure (issue #15)
    assert figure.caption == (Text("The river at dawn"),)
    assert isinstance(table, Table)
    assert [plain_text(c.children) for c in table.body[0].cells] == ["Sukkur", "12"]
    assert not diagnostics.warnings


def test_nitf_is_sniffed_and_registered() -> None:
    assert sniff(NITF.encode()).reader == "nitf"
    assert reader_for_input("story.xml", NITF.encode()).name == "nitf"


def test_norm_dates() -> None:
    assert nitf.parse_norm("20250611T094200+0500") == datetime(
        2025, 6, 11, 9, 42, tzinfo=timezone(timedelta(hours=5)))
    assert nitf.parse_norm("2025-06-11T09:42:00Z") == datetime(2025, 6, 11, 9, 42, tzinfo=UTC)
    assert nitf.parse_norm("20250611") == datetime(2025, 6, 11, tzinfo=UTC)
    assert nitf.parse_norm("June 11") is None and nitf.parse_norm("20251399") is None


def test_nothing_is_invented_for_a_bare_nitf() -> None:
    doc, _ = read('<nitf><body><body.content><p>Only a paragraph here, and another '
                  'sentence.</p><p>Second.</p></body.content></body></nitf>')
    data = to_dict(doc)["meta"]
    assert data["headline"] == "Only a paragraph here, and another sentence."
    assert not {"date", "byline", "dateline", "copyright", "publication"} & set(data)


@pytest.mark.parametrize("bad, message", [
    ("<nitf><body>", "not well-formed XML"),
    ("<notnitf/>", "not a NITF document"),
    ("<nitf><head/></nitf>", "no article text"),
])
def test_bad_nitf_is_one_clear_error(bad: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        read(bad)
    assert str(info.value).startswith("a.nitf: ") and "\n" not in str(info.value)
