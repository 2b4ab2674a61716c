"""The NewsML-G2 reader: round trips through our writer, IPTC's items, messages, packages, metadata."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from click.testing import CliRunner
from msgspec.structs import replace

from convert.api import read_file
from convert.cli import main
from convert.errors import InputError, MultipleArticlesError
from convert.model import (
    Block,
    BlockQuote,
    CodeBlock,
    Correction,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Quoted,
    RawBlock,
    RawInline,
    Strong,
    Table,
    Text,
    block_text,
    plain_text,
    to_dict,
)
from convert.options import ReadOptions, WriteOptions
from convert.readers import newsml
from convert.readers.sniff import sniff
from convert.styles import load_style
from convert.writers import newsml as newsml_writer
from tests.canonical import canonical_xml
from tests.conftest import GOLDEN
from tests.sample_docs import kitchen_sink
from tests.support import CORPUS, SEEDS, SHARED, require

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
IPTC = SHARED / "iptc"
REAL = SHARED / "corpus-real"
#: The one field the reader adds that text never has: the item's versionCreated, which is the
#: stamp of the output that was read (WriteOptions.timestamp), not a fact about the article.
STAMP_ONLY = ("version-created",)


def opts(body: str = "xhtml") -> WriteOptions:
    return WriteOptions(style=load_style("default"), timestamp=TS, generator="newsconvert",
                        generator_version="test", newsml_body=body)


def model(doc) -> dict:
    """The model as compared: ``to_dict`` without the reader's stamp-only extra."""
    data = to_dict(doc)
    extra = {k: v for k, v in data["meta"].pop("extra", {}).items() if k not in STAMP_ONLY}
    if extra:
        data["meta"]["extra"] = extra
    return data


def read(data: bytes, origin: str = "item.xml"):
    return newsml.read(data, ReadOptions(origin=origin))


# --------------------------------------------------------------------------- round trips


def _goldens() -> list[Path]:
    return sorted((GOLDEN / "newsml").glob("*.xml"))


@pytest.mark.parametrize("path", _goldens(), ids=lambda p: p.name)
def test_our_newsml_reads_back_to_the_same_canonical_xml(path: Path) -> None:
    """Our NewsML-G2 -> model -> NewsML-G2 is the same item (canonical XML, both bodies)."""
    body = "nitf" if ".nitf." in path.name else "xhtml"
    data = path.read_bytes()
    again = newsml_writer.write(_pictures_by_name(read(data, path.name)), opts(body))
    assert canonical_xml(again) == canonical_xml(data)


def _pictures_by_name(doc: Document) -> Document:
    """An item names its pictures but does not hold them: they are found by name (a package's
    pictureItems, files beside the item), here the kitchen sink's own."""
    from convert.resources import map_blocks

    known = {PurePosixPath(f.source).name: f.picture for f in _figures(kitchen_sink()) if f.picture}

    def fill(b: Block) -> Block:
        if isinstance(b, Figure) and b.picture is None and b.source in known:
            return replace(b, picture=known[b.source])
        return b

    return replace(doc, body=map_blocks(doc.body, fill))


def _figures(doc: Document) -> list[Figure]:
    from convert.model import iter_blocks

    return [b for b in iter_blocks(doc.body) if isinstance(b, Figure)]


def _text_articles() -> list[Path]:
    found = sorted(CORPUS.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    found += sorted(REAL.glob("*/*.txt"))
    return found


def test_text_to_newsml_to_model_equals_text_to_model() -> None:
    """Every readable corpus, seed and real article, through both bodies: the same model."""
    articles = _text_articles()
    require(len(articles) > 20, "corpora not found")
    compared = 0
    for path in articles:
        try:
            doc = read_file(path)
        except InputError:
            continue  # the corpus's deliberately broken files
        for body in ("xhtml", "nitf"):
            back = read(newsml_writer.write(doc, opts(body)), path.name)
            assert model(back) == model(doc), f"{path.name} through a {body} body"
            compared += 1
    assert compared > 150


def published(doc: Document, body: str) -> Document:
    """``doc`` as a NewsML-G2 item can hold it: what the format (by design) does not keep, left out.

    Raw markup is never published; notes are numbered by the writer (their source labels are
    not kept); a picture is named by its file name and its bytes are not in the item (a package
    carries them); NITF's ``pre`` has no language.
    """
    def block(b: Block) -> Block:
        if isinstance(b, Figure):
            return replace(b, source=PurePosixPath(b.source).name, picture=None)
        if isinstance(b, CodeBlock) and body == "nitf":
            return replace(b, language=None)
        return b

    def keep(b: Block) -> bool:
        return not isinstance(b, RawBlock)

    def inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for n in nodes:
            if isinstance(n, RawInline):
                continue
            if isinstance(n, Note):
                n = Note(tuple(block(b) for b in n.children if keep(b)), "")
            elif hasattr(n, "children"):
                n = replace(n, children=inlines(n.children))  # type: ignore[arg-type]
            out.append(n)
        return tuple(out)

    def blocks(bs: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(_deep(block(b), blocks, inlines) for b in bs if keep(b))

    return replace(doc, body=blocks(doc.body))


def _deep(b: Block, blocks: Any, inlines: Any) -> Block:
    if isinstance(b, (Paragraph, Heading)):
        return replace(b, children=inlines(b.children))
    if isinstance(b, (BlockQuote, Correction)):
        return replace(b, children=blocks(b.children))
    if isinstance(b, ListBlock):
        return replace(b, items=tuple(ListItem(inlines(i.children), blocks(i.blocks), i.checked)
                                      for i in b.items))
    return b


def test_kitchen_sink_keeps_every_node_and_field() -> None:
    """Every node and field, the Urdu paragraph too: the item states en-GB for it (xml:lang)."""
    doc = kitchen_sink()
    for body in ("xhtml", "nitf"):
        back = read(newsml_writer.write(doc, opts(body)))
        assert model(published(back, body)) == model(published(doc, body)), body


# --------------------------------------------------------------------------- IPTC's files


def _iptc(folder: str) -> list[Path]:
    return sorted((IPTC / folder).glob("*.xml")) if (IPTC / folder).is_dir() else []


@pytest.mark.parametrize("path", _iptc("examples") + _iptc("fragments"), ids=lambda p: p.name)
def test_iptc_examples_read_or_say_they_have_no_text(path: Path) -> None:
    data = path.read_bytes()
    try:
        docs = newsml.read_many(data, ReadOptions(origin=path.name))
    except InputError as exc:
        assert "no article text" in exc.message and "\n" not in str(exc)
        return
    for doc in docs:
        assert doc.meta.headline and doc.meta.identifier


def test_iptc_listings_give_their_articles() -> None:
    require((IPTC / "examples").is_dir(), "IPTC examples not found")
    sports = read((IPTC / "examples/LISTING_22_Sports_story_in_NewsML-G2NITF.xml").read_bytes())
    assert sports.meta.headline.startswith("Preview: Arizona Diamondbacks")  # contentMeta wins
    assert sports.meta.subheadline.startswith("A pair of teams coming off big weekend sweeps")
    assert len(sports.body) == 6 and all(isinstance(b, Paragraph) for b in sports.body)
    assert sports.meta.identifier == "tag:xmlteam.com,2016:xt.5932656-preview"
    assert sports.meta.version == 11 and sports.meta.language == "en-US"
    assert dict(sports.meta.extra)["genre"].startswith("Game Preview")
    fed = read((IPTC / "examples/LISTING_2_NewsML-G2_Text_Document.xml").read_bytes())
    assert fed.meta.by == "By Meredith Jameson, Staff Reporter"  # the NITF byline
    assert [p.name for p in fed.meta.authors] == ["Meredith Jameson"]  # contentMeta's creator
    assert fed.meta.source == "Associated Press" and fed.meta.located == "New York, NY"
    assert fed.meta.copyright == "Copyright 2017-18 Acme News and Media LLC"
    assert fed.meta.date == datetime.fromisoformat("2016-11-21T15:21:06-05:00")
    assert fed.meta.modified == datetime.fromisoformat("2018-11-21T16:22:45-05:00")
    assert [s.qcode for s in fed.meta.subjects] == ["medtop:04000000", "medtop:20000350",
                                                    "medtop:20000379"]
    headline_only = read((IPTC / "examples/LISTING_1_A_NewsML-G2_News_Item.xml").read_bytes())
    assert headline_only.body == () and headline_only.meta.urgency is None
    assert headline_only.meta.usage_terms == "Not for use outside the United States"
    assert headline_only.meta.ednote.startswith("Note to editors: STRICTLY EMBARGOED.")
    assert dict(headline_only.meta.extra)["embargoed"] == "2018-10-23T12:00:00+00:00"


def test_every_should_pass_file_reads_or_fails_in_one_clear_line() -> None:
    files = _iptc("conformance/should_pass")
    require(len(files) > 100, "IPTC conformance files not found")
    read_ok = no_text = not_articles = 0
    for path in files:
        data = path.read_bytes()
        found = sniff(data)
        if found.reader is None:  # concepts, knowledge, planning, catalogs
            assert found.name.startswith("NewsML-G2 ") and found.why, path.name
            not_articles += 1
            continue
        try:
            docs = newsml.read_many(data, ReadOptions(origin=path.name))
        except InputError as exc:
            assert "no article text" in exc.message and "\n" not in exc.message, path.name
            no_text += 1
            continue
        assert docs and all(d.meta.headline for d in docs), path.name
        read_ok += 1
    assert read_ok >= 5 and no_text and not_articles
    assert read_ok + no_text + not_articles == len(files)


# --------------------------------------------------------------------------- messages and packages

_ITEM = """<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:{n}" version="1"
 standard="NewsML-G2" standardversion="2.35" xml:lang="en">
 <itemMeta><itemClass qcode="ninat:{cls}"/><provider literal="x"/>
 <versionCreated>2025-01-02T03:04:05Z</versionCreated></itemMeta>
 <contentMeta><headline>Story {n}</headline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">
 <body><p>Body of story {n}.</p></body></html></inlineXML></contentSet></newsItem>"""


def _message(*items: str, package: str = "") -> bytes:
    return (f'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>'
            f"2025-01-02T03:04:05Z</sent></header><itemSet>{package}{''.join(items)}</itemSet>"
            "</newsMessage>").encode()


def test_a_news_message_gives_each_text_item_and_read_says_how_many() -> None:
    data = _message(_ITEM.format(n=1, cls="text"), _ITEM.format(n=2, cls="text"))
    docs = newsml.read_many(data, ReadOptions())
    assert [d.meta.headline for d in docs] == ["Story 1", "Story 2"]
    assert [d.meta.identifier for d in docs] == ["urn:x:1", "urn:x:2"]
    with pytest.raises(MultipleArticlesError, match="holds 2 articles") as info:
        newsml.read(data, ReadOptions(origin="feed.xml"))
    assert info.value.count == 2 and info.value.exit_code == 3
    assert newsml.read(_message(_ITEM.format(n=7, cls="text")), ReadOptions()).meta.headline == "Story 7"


_PICTURE = """<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:pic" version="1"
 standard="NewsML-G2" standardversion="2.35"><itemMeta><itemClass qcode="ninat:picture"/>
 <provider literal="x"/><versionCreated>2025-01-02T03:04:05Z</versionCreated></itemMeta>
 <contentMeta><headline>A picture</headline></contentMeta>
 <contentSet><remoteContent href="pic.jpg"/></contentSet></newsItem>"""


def test_a_package_orders_the_text_items_and_pictures_are_skipped_with_a_warning() -> None:
    package = ('<packageItem guid="urn:x:pkg" standard="NewsML-G2" standardversion="2.35">'
               '<groupSet root="G1"><group id="G1"><itemRef residref="urn:x:2"/>'
               '<itemRef residref="urn:x:pic"/><itemRef residref="urn:x:1"/></group></groupSet>'
               '</packageItem>')
    data = _message(_ITEM.format(n=1, cls="text"), _PICTURE, _ITEM.format(n=2, cls="text"),
                    package=package)
    found = newsml.explain_many(data, ReadOptions())
    assert [d.meta.headline for d, _ in found] == ["Story 2", "Story 1"]
    assert any("urn:x:pic" in w and "ninat:picture" in w for w in found[0][1].warnings)
    with pytest.raises(InputError, match="the newsMessage holds no article text"):
        newsml.read_many(_message(_PICTURE), ReadOptions())


def test_a_lone_package_or_concept_is_one_clear_error() -> None:
    lone = (b'<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="p">'
            b'<itemRef residref="a"/></packageItem>')
    with pytest.raises(InputError, match="packageItem holds no article text"):
        newsml.read(lone, ReadOptions(origin="p.xml"))
    concept = b'<conceptItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="c"/>'
    with pytest.raises(InputError, match="conceptItem is a concept, not a news article"):
        newsml.read(concept, ReadOptions(origin="c.xml"))


def test_cli_combines_a_message_into_an_edition_and_refuses_a_single_docx(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_message(_ITEM.format(n=1, cls="text"), _ITEM.format(n=2, cls="text")))
    runner = CliRunner()
    res = runner.invoke(main, ["convert", str(feed), "-o", str(tmp_path / "e.epub")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["convert", str(feed), "-o", str(tmp_path / "m.xml")])
    assert res.exit_code == 0, res.output
    again = newsml.read_many((tmp_path / "m.xml").read_bytes(), ReadOptions())
    assert [d.meta.headline for d in again] == ["Story 1", "Story 2"]
    res = runner.invoke(main, ["convert", str(feed), "-o", str(tmp_path / "one.docx")])
    assert res.exit_code == 3 and "feed.xml: holds 2 articles" in res.output
    assert "Traceback" not in res.output


# --------------------------------------------------------------------------- agency metadata


AGENCY = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:agency.example:2025:flood"
  version="3" standard="NewsML-G2" standardversion="2.33" xml:lang="fr">
 <rightsInfo><copyrightHolder literal="Agence Exemple"/>
  <copyrightNotice>© 2025 Agence Exemple</copyrightNotice></rightsInfo>
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AEX"/>
  <versionCreated>2025-06-12T10:00:00+02:00</versionCreated>
  <firstCreated>2025-06-11T08:00:00+02:00</firstCreated>
  <pubStatus qcode="stat:withheld"/><signal qcode="sig:correction"/></itemMeta>
 <contentMeta><urgency>2</urgency>
  <located><name xml:lang="en">Lyon</name><name xml:lang="fr">Lyon (Rhône)</name></located>
  <creator><name>Marie Curie</name></creator><creator><name>Paul Dupont</name></creator>
  <language tag="fr-FR"/>
  <genre qcode="genre:Current"><name>Actualité</name></genre>
  <subject qcode="medtop:06000000"><name>environnement</name></subject>
  <keyword>crue</keyword><keyword>Rhône</keyword>
  <headline>Le Rhône déborde à Lyon</headline>
  <headline role="hlrole:sub">Un second titre</headline>
  <description role="drol:caption">Une légende</description>
  <description role="drol:summary">Les quais sont fermés.</description>
  <dateline>LYON, 11 juin</dateline><creditline>AEX</creditline>
 </contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><body><div>
   <h2>Les <b>quais</b> fermés</h2>
   <p>Il a dit <q>attention</q> et <a href="javascript:alert(1)">cliquez</a>,
      voir <a href="https://exemple.fr/a%C3%A9">ici</a>.</p>
   <p xml:lang="en">An English paragraph about the flood, quoted from the wire copy.</p>
   <table><tr><td>Lyon</td><td>4 m</td></tr></table>
   <figure><img src="a.jpg" alt="Les quais"/><figcaption>Les quais sous l'eau</figcaption></figure>
  </div></body></html></inlineXML></contentSet>
</newsItem>"""


def test_agency_fields_are_read_to_their_model_fields() -> None:
    doc, diagnostics = newsml.explain(AGENCY.encode(), ReadOptions(origin="a.xml"))
    meta = doc.meta
    assert meta.headline == "Le Rhône déborde à Lyon" and meta.subheadline == "Les quais sont fermés."
    assert meta.located == "Lyon (Rhône)"  # the name in the item's language
    assert meta.byline is None and [p.name for p in meta.authors] == ["Marie Curie", "Paul Dupont"]
    assert meta.language == "fr-FR" and meta.urgency == 2 and meta.version == 3
    assert meta.provider == "nprov:AEX" and meta.pub_status == "withheld"
    assert meta.copyright_holder == "Agence Exemple" and meta.credit == "AEX"
    assert meta.dateline == "LYON, 11 juin" and meta.keywords == ("crue", "Rhône")
    assert meta.date == datetime.fromisoformat("2025-06-11T08:00:00+02:00")
    extra = dict(meta.extra)
    assert extra["signal"] == "sig:correction" and extra["genre"] == "Actualité"
    assert extra["version-created"] == "2025-06-12T10:00:00+02:00"
    heading, para, english, row, caption = doc.body
    assert isinstance(heading, Heading) and isinstance(heading.children[1], Strong)
    assert isinstance(para.children[1], Quoted)
    assert "cliquez" in para.children[2].text  # an unsafe link keeps its text, not its target
    assert para.children[3].url == "https://exemple.fr/aé"
    assert english.lang == "en" and isinstance(row, Table)
    assert [plain_text(c.children) for c in row.body[0].cells] == ["Lyon", "4 m"]
    assert isinstance(caption, Figure) and (caption.source, caption.alt) == ("a.jpg", "Les quais")
    assert plain_text(caption.caption) == "Les quais sous l'eau"
    assert not diagnostics.warnings  # tables and pictures are kept (issue #15)


def test_foreign_xhtml_lists_quotes_and_loose_text() -> None:
    body = ('<html xmlns="http://www.w3.org/1999/xhtml"><body>Loose text first.'
            '<ol start="4"><li>four <em>x</em></li><li>five<ul><li>nested</li></ul></li></ol>'
            '<blockquote>Said plainly.</blockquote><pre>line one\n  line two</pre></body></html>')
    data = AGENCY.encode().split(b"<contentSet>")[0] + b"<contentSet><inlineXML>" + body.encode() + \
        b"</inlineXML></contentSet></newsItem>"
    doc = read(data)
    loose, lst, quote, pre = doc.body
    assert isinstance(loose, Paragraph) and loose.children[0].text == "Loose text first."
    assert isinstance(lst, ListBlock) and lst.ordered and lst.start == 4
    assert [len(i.children) for i in lst.items] == [2, 1] and lst.items[1].children[0].text == "five"
    nested = lst.items[1].blocks[0]
    assert isinstance(nested, ListBlock) and plain_text(nested.items[0].children) == "nested"
    assert isinstance(quote, BlockQuote) and quote.children[0].children[0].text == "Said plainly."
    assert pre == CodeBlock("line one\n  line two")  # its line breaks and spaces kept


def test_no_headline_takes_the_first_paragraph_and_says_so() -> None:
    data = _ITEM.format(n=1, cls="text").replace("<headline>Story 1</headline>", "").encode()
    doc, diagnostics = newsml.explain(data, ReadOptions())
    assert doc.meta.headline == "Body of story 1." and doc.body == ()
    assert any("first paragraph is the headline" in w for w in diagnostics.warnings)


def test_metadata_options_override_the_item() -> None:
    doc = newsml.read(AGENCY.encode(), ReadOptions(metadata=(("headline", "Given"),
                                                             ("language", "de"))))
    assert doc.meta.headline == "Given" and doc.meta.language == "de"


@pytest.mark.parametrize("encoding, text", [
    ("", "First paragraph.\n\nSecond\none."),
    ("base64", "Rmlyc3QgcGFyYWdyYXBoLgoKU2Vjb25kCm9uZS4="),
])
def test_inline_data_text_is_paragraphs(encoding: str, text: str) -> None:
    attr = f' encoding="{encoding}"' if encoding else ""
    data = (f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><contentMeta>'
            f'<headline>H</headline></contentMeta><contentSet><inlineData contenttype="text/plain"'
            f"{attr}>{text}</inlineData></contentSet></newsItem>").encode()
    assert [b.children[0].text for b in read(data).body] == ["First paragraph.", "Second one."]


# --------------------------------------------------------------------------- richer bodies (issue #15)


def _item(body_xml: str) -> bytes:
    return (AGENCY.split("<contentSet>")[0] + "<contentSet><inlineXML>" + body_xml
            + "</inlineXML></contentSet></newsItem>").encode()


RICH_NITF = """<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>
 <p>Turnout was <em class="deleted">52</em> <em class="inserted">54</em> per cent in
   <em class="code">NA-246</em><a href="#n1" class="noteref">[1]</a>.</p>
 <media media-type="image"><media-reference source="rally.jpg" alternate-text="A rally" width="640"
   height="480" mime-type="image/jpeg"/><media-caption>Supporters in Lahore</media-caption>
   <media-producer>AFP</media-producer></media>
 <media media-type="video"><media-reference source="v.mp4"/><media-caption>The march</media-caption></media>
 <table><caption>Results</caption><thead><tr><th>Party</th><th align="right">Seats</th></tr></thead>
   <tbody><tr><td>PTI</td><td align="right">93</td></tr><tr><td colspan="2">Total</td></tr></tbody></table>
 <pre>a = 1
  b = 2</pre>
 <ul><li>☑ documents</li><li>☐ medicine<ol><li>insulin</li></ol></li></ul>
 <hr/>
 <block class="correction"><p class="notice-label"><em class="strong">Correction</em></p>
   <p>An earlier version misstated the turnout.</p></block>
 <fn id="n1"><body.content><p>Figures from the election commission.</p></body.content></fn>
</body.content></body></nitf>"""


def test_a_nitf_body_keeps_tables_media_notes_code_edits_and_notices() -> None:
    from convert.model import Code, Deleted, Inserted, Rule, iter_notes

    doc, diagnostics = newsml.explain(_item(RICH_NITF), ReadOptions(origin="a.xml"))
    para, picture, video, table, code, tasks, rule, notice = doc.body
    assert [type(n) for n in para.children if not isinstance(n, Text)] == [Deleted, Inserted, Code, Note]
    assert [block_text(b) for n in iter_notes(doc.body) for b in n.children] == [
        "Figures from the election commission."]
    assert (picture.source, picture.alt, plain_text(picture.caption), picture.credit, picture.width) == (
        "rally.jpg", "A rally", "Supporters in Lahore", "AFP", 640)
    assert isinstance(video, Paragraph) and any("media" in w for w in diagnostics.warnings)
    assert plain_text(table.caption) == "Results" and table.aligns == (None, "right")
    assert [(c.colspan, plain_text(c.children)) for c in table.body[1].cells] == [(2, "Total")]
    assert code == CodeBlock("a = 1\n  b = 2")
    assert [i.checked for i in tasks.items] == [True, False]
    assert plain_text(tasks.items[0].children) == "documents"
    assert isinstance(tasks.items[1].blocks[0], ListBlock)
    assert isinstance(rule, Rule)
    assert isinstance(notice, Correction) and [block_text(b) for b in notice.children] == [
        "An earlier version misstated the turnout."]  # the printed label is not the notice's text


RICH_XHTML = """<html xmlns="http://www.w3.org/1999/xhtml"><body>
 <p>Turnout was <del>52</del> <ins>54</ins> per cent in <code>NA-246</code><sup class="noteref"><a
   href="#fn1" id="fnref1" role="doc-noteref">1</a></sup>.</p>
 <figure class="picture"><img src="pictures/rally.jpg" alt="A rally"/><figcaption>Supporters in
   Lahore <span class="credit">AFP</span></figcaption></figure>
 <pre class="code"><code class="language-python">a = 1</code></pre>
 <div class="notice editors-note" role="note"><p class="notice-label"><strong>Editor's note</strong></p>
   <p>Names have been changed.</p></div>
 <div class="notes" role="doc-endnotes"><ol><li id="fn1"><p>From the commission.
   <a href="#fnref1" role="doc-backlink">↩</a></p></li></ol></div>
</body></html>"""


def test_an_xhtml_body_keeps_notes_figures_code_and_notices() -> None:
    doc = read(_item(RICH_XHTML))
    para, picture, code, notice = doc.body
    note = next(n for n in para.children if isinstance(n, Note))
    assert [block_text(b) for b in note.children] == ["From the commission."] and note.label == "1"
    assert (picture.source, plain_text(picture.caption), picture.credit) == (
        "pictures/rally.jpg", "Supporters in Lahore", "AFP")
    assert code == CodeBlock("a = 1", "python")
    assert isinstance(notice, Correction) and notice.kind == "editors-note"
    assert block_text(notice) == "Names have been changed."
