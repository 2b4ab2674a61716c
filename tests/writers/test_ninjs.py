"""The ninjs writer: IPTC's schema with format checks, the field mapping, bodies, JSON Lines, bytes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from lxml import etree
from msgspec.structs import replace

from convert.errors import UsageError
from convert.model import (
    BlockQuote,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    Quoted,
    Subject,
    Text,
    block_text,
)
from convert.options import WriteOptions
from convert.styles import load_style
from convert.validate import validate_bytes
from convert.writers import ninjs
from tests.sample_docs import hostile_documents, kitchen_sink, minimal
from tests.support import (
    SEED,
    corpus_cases,
    model_fixture,
    model_fixture_names,
    ninjs_schemas,
    require,
)

TS = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
VERSIONS = ("3.1", "2.2")


def opts(version: str = "3.1", style: str = "default") -> WriteOptions:
    return WriteOptions(style=load_style(style), timestamp=TS, generator="newsconvert",
                        generator_version="test", ninjs_version=version)


def obj(doc: Document, version: str = "3.1") -> dict:
    return json.loads(ninjs.write(doc, opts(version)))


def assert_valid(data: bytes, name: str) -> None:
    report = validate_bytes(data, name, strict=True, schema_dir=ninjs_schemas())
    assert report.findings == (), [str(f) for f in report.findings]


def seed_and_corpus() -> list[str]:
    return (["<seed>"] if SEED else []) + corpus_cases()


def load(name: str) -> Document:
    from convert.api import read_file
    from tests.support import CORPUS

    return read_file(SEED if name == "<seed>" else CORPUS / f"{name}.txt")


# --------------------------------------------------------------------------- schema validity


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", seed_and_corpus())
def test_seed_and_corpus_validate_against_the_schema(name: str, version: str) -> None:
    doc = load(name)
    data = ninjs.write(doc, opts(version))
    assert_valid(data, f"{name}.json")
    body = json.loads(data)["bodies"][0]["value"]
    for block in doc.body:  # every block's text in the plain body, in order
        for line in block_text(block).split("\n"):
            assert line in body


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", model_fixture_names())
def test_model_fixtures_validate(name: str, version: str) -> None:
    assert_valid(ninjs.write(model_fixture(name), opts(version)), f"{name}.json")


@pytest.mark.parametrize("version", VERSIONS)
def test_kitchen_sink_minimal_and_a_feed_validate(version: str) -> None:
    assert_valid(ninjs.write(kitchen_sink(), opts(version)), "ks.json")
    assert_valid(ninjs.write(minimal(), opts(version)), "minimal.json")
    docs = [kitchen_sink(), minimal(), *(model_fixture(n) for n in model_fixture_names())]
    assert_valid(ninjs.write_many(docs, opts(version)), "feed.jsonl")


@pytest.mark.parametrize("version", VERSIONS)
def test_hostile_articles_validate_and_keep_their_text(version: str) -> None:
    """Controls, bidi overrides, astral characters and markup-like text: valid, text kept."""
    docs = hostile_documents(25)
    for n, doc in enumerate(docs):
        data = ninjs.write(doc, opts(version))
        assert_valid(data, f"hostile-{n}.json")
        item = json.loads(data)
        plain = item["bodies"][0]["value"]
        assert all(line in plain for b in doc.body for line in block_text(b).split("\n"))
        html = item["bodies"][1]["value"]
        assert "<script" not in html.lower().replace("&lt;script", "")
    assert_valid(ninjs.write_many(docs, opts(version)), "hostile.jsonl")


def test_the_other_versions_schema_rejects_each_version() -> None:
    """3.1 and 2.2 spell their names differently: each output fails the other schema."""
    from convert.validate_ninjs import validator

    folder = str(ninjs_schemas())
    three, two = obj(kitchen_sink(), "3.1"), obj(kitchen_sink(), "2.2")
    assert list(validator("3.1", folder).iter_errors(three)) == []
    assert list(validator("2.2", folder).iter_errors(two)) == []
    assert list(validator("2.2", folder).iter_errors(three))
    assert list(validator("3.1", folder).iter_errors(two))


def test_format_checks_are_on_bad_uri_and_dates_are_rejected() -> None:
    """The schema says format uri / date-time; a validator without format checks passes these."""
    item = obj(kitchen_sink())
    for key, value in (("uri", "not a uri"), ("versionCreated", "2025-06-12T08:00:00"),
                       ("firstCreated", "12 June 2025"), ("versionCreated", "2025-13-40T08:00:00Z")):
        report = validate_bytes(json.dumps({**item, key: value}).encode(), "bad.json",
                                schema_dir=ninjs_schemas())
        assert not report.valid and any(key in f.message and f.rule == "schema"
                                        for f in report.findings), (key, value)


# --------------------------------------------------------------------------- mapping


def test_field_mapping_of_the_kitchen_sink() -> None:
    item = obj(kitchen_sink())
    meta = kitchen_sink().meta
    assert item["uri"] == meta.identifier and item["type"] == "text"
    assert item["standard"] == {"name": "ninjs", "version": "3.1",
                                "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"}
    assert item["versionCreated"] == "2025-06-12T08:00:00+00:00"
    assert item["firstCreated"] == "2025-06-11T09:42:00+05:00"
    assert item["language"] == "en-GB" and item["urgency"] == 3
    assert item["headlines"] == [{"role": "main", "value": meta.headline},
                                 {"role": "sub", "value": meta.subheadline}]
    assert item["by"] == meta.by
    assert item["located"] == "SUKKUR" and item["places"] == [{"name": "SUKKUR"}]
    assert item["subjects"] == [
        {"name": "environment", "uri": "http://cv.iptc.org/newscodes/mediatopic/06000000"},
        {"name": "flooding"}, {"name": "River Indus"}, {"name": "Sindh"}]
    assert item["copyrightHolder"] == "Example News Ltd"
    assert item["copyrightNotice"] == meta.copyright
    assert item["infoSources"] == [{"name": "Reuters"}] and item["slugline"] == meta.slugline
    # the text item has no renditions of its own; its picture is an association
    assert "renditions" not in item
    assert item["associations"] == [{
        "name": "sukkur-barrage.png", "uri": f"{meta.identifier}#picture-1", "type": "picture",
        "descriptions": [
            {"role": "caption", "contentType": "text/plain",
             "value": "The Sukkur barrage on Tuesday; gates open"},
            {"role": "alt", "contentType": "text/plain",
             "value": "Water pours through the gates of Sukkur barrage"}],
        "by": "Photo: Example News/Ali Khan",
        "renditions": [{"name": "original", "contentType": "image/png", "width": 16,
                        "height": 12, "sizeInBytes": 87}]}]


def test_unknown_qcode_scheme_is_kept_as_literal_and_usage_terms_map() -> None:
    doc = minimal().with_meta(subjects=(Subject("ex:flood", "Flood"), Subject("medtop:20000137")),
                              usage_terms="No archiving", ednote="Embargoed until noon")
    item = obj(doc)
    assert item["subjects"] == [{"name": "Flood", "literal": "ex:flood"},
                                {"uri": "http://cv.iptc.org/newscodes/mediatopic/20000137"}]
    assert item["usageTerms"] == "No archiving" and item["edNote"] == "Embargoed until noon"


def test_ninjs_2_2_spells_every_name_in_lower_case() -> None:
    item = obj(kitchen_sink(), "2.2")
    assert {"versioncreated", "firstcreated", "pubstatus", "copyrightholder", "copyrightnotice",
            "infosources"} <= set(item)
    assert item["bodies"][0]["contenttype"] == "text/plain" and "charcount" in item["bodies"][0]
    assert item["standard"]["version"] == "2.2"
    assert not [k for k in item if k != k.lower()]


def test_undated_article_has_no_first_created() -> None:
    item = obj(minimal())
    assert "firstCreated" not in item and item["versionCreated"] == "2025-06-12T08:00:00+00:00"
    assert "firstcreated" not in obj(minimal(), "2.2")


def test_version_created_follows_a_later_modification_and_date() -> None:
    pkt = timezone(timedelta(hours=5))
    later = datetime(2025, 7, 1, 10, 0, tzinfo=pkt)
    item = obj(minimal().with_meta(date=datetime(2025, 6, 1, tzinfo=UTC), modified=later))
    assert item["versionCreated"] == "2025-07-01T10:00:00+05:00"
    future = obj(minimal().with_meta(date=datetime(2026, 1, 1, tzinfo=UTC)))
    assert future["firstCreated"] == future["versionCreated"] == "2026-01-01T00:00:00+00:00"


def test_bodies_plain_text_and_html() -> None:
    plain, html = obj(kitchen_sink())["bodies"]
    assert (plain["role"], plain["contentType"]) == ("main", "text/plain")
    assert (html["role"], html["contentType"]) == ("richtext", "text/html")
    assert plain["charCount"] == len(plain["value"]) and plain["wordCount"] == html["wordCount"]
    text = plain["value"]
    assert text.startswith("SUKKUR, June 11 (Reuters) \u2014 River levels rose")
    assert "\n\n- move livestock to higher ground\n- open 14 relief camps\n\n" in text
    assert "1. first, warn\n2. then, evacuate" in text
    assert "chances.\n\u2014 Provincial irrigation minister" in text
    assert text.endswith("(Reporting by Jane Doe; Editing by Ali Khan)")
    assert "Copyright" not in text  # rights live in copyrightNotice
    fragment = etree.fromstring(f"<div>{html['value']}</div>", etree.HTMLParser())
    assert fragment.find(".//span[@class='dateline']").text == "SUKKUR, June 11 (Reuters)"
    assert fragment.find(".//p[@class='credit']") is not None
    assert fragment.find(".//h1") is None  # the headline has a field of its own
    assert fragment.find(".//p[@dir='rtl']") is not None
    assert "<q>" not in html["value"] and "\u201cWe have never seen" in html["value"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in html["value"]
    blocks = fragment.find(".//div")
    assert html["charCount"] == sum(len("".join(el.itertext())) for el in blocks)


def test_block_languages_are_marked_in_the_html_body() -> None:
    doc = Document(Meta(headline="Floods", language="en", identifier="urn:x:1"), (
        Paragraph((Text("English text."),)),
        Paragraph((Text("صوبائی حکومت نے کہا"),), lang="ur"),
        ListBlock(False, (ListItem((Text("un"),)),), lang="fr")))
    html = obj(doc)["bodies"][1]["value"]
    assert '<p lang="ur" dir="rtl">' in html and '<ul lang="fr">' in html
    assert "xml:lang" not in html


def test_unsafe_link_targets_lose_their_href() -> None:
    from convert.model import Link

    doc = Document(Meta(headline="Links", identifier="urn:x:2"), (
        Paragraph((Link((Text("click"),), "javascript:alert(1)"), Text(" and "),
                   Link((Text("site"),), "https://example.org/"))),))
    html = obj(doc)["bodies"][1]["value"]
    assert "javascript" not in html and '<a href="https://example.org/">site</a>' in html


def test_plain_body_of_every_block_type_and_unknown_nodes_fail() -> None:
    quote = BlockQuote((Paragraph((Quoted((Text("Hold"),)),)), Paragraph((Text("fast"),))))
    assert ninjs.block_plain(quote) == "\u201cHold\u201d\n\nfast"
    assert ninjs.block_plain(Heading(3, (Text("Sub"),))) == "Sub"
    assert ninjs.block_plain(ListBlock(True, (ListItem((Text("a"),)),), start=4)) == "4. a"

    class Bogus:  # a node the model does not have
        pass

    with pytest.raises(TypeError, match="Bogus"):
        ninjs.block_plain(Bogus())  # type: ignore[arg-type]


def test_unknown_version_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="ninjs version"):
        ninjs.write(minimal(), replace(opts(), ninjs_version="1.6"))


# --------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("version", VERSIONS)
def test_bytes_are_reproducible_utf8_and_end_with_a_newline(version: str) -> None:
    one = ninjs.write(kitchen_sink(), opts(version))
    assert one == ninjs.write(kitchen_sink(), opts(version))
    assert one.endswith(b"}\n") and "王思远".encode() in one and b"\\u" not in one
    assert list(json.loads(one))[:4] == ["uri", "standard", "type", "representationType"
                                         if version == "3.1" else "representationtype"]


def test_json_lines_feed_one_object_per_line_and_unique_uris() -> None:
    docs = [kitchen_sink(), minimal()]
    data = ninjs.write_many(docs, opts())
    lines = data.decode().splitlines()
    assert len(lines) == 2 and data.endswith(b"\n")
    assert [json.loads(line)["uri"] for line in lines] == [d.meta.identifier for d in docs]
    assert lines[0] == json.dumps(obj(docs[0]), ensure_ascii=False, separators=(",", ":"))
    with pytest.raises(UsageError, match="share the uri"):
        ninjs.write_many([minimal(), minimal()], opts())
    with pytest.raises(UsageError):
        ninjs.write_many([], opts())


@pytest.mark.parametrize("name", ["seed", "wire_reuters_dateline", "manifesto_lists_quotes",
                                  "unicode_robotics_bom", "yaml_front_matter_md"])
def test_model_golden(name: str, golden) -> None:
    """Writer goldens start from frozen model fixtures: reader changes do not ripple here."""
    golden.check(f"ninjs/{name}.json", ninjs.write(model_fixture(name), opts()).decode("utf-8"))


@pytest.mark.parametrize("version", VERSIONS)
def test_kitchen_sink_golden(version: str, golden) -> None:
    golden.check(f"ninjs/kitchen_sink.{version}.json",
                 ninjs.write(kitchen_sink(), opts(version)).decode("utf-8"))


# --------------------------------------------------------------------------- command line


def test_cli_json_lines_version_flag_and_validate(tmp_path) -> None:
    from convert.cli import main

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Floods recede in Sindh\n\nThe waters fell overnight.\n", encoding="utf-8")
    b.write_text("Rains return to Karachi\n\nMore rain is due on Friday.\n", encoding="utf-8")
    runner = CliRunner()
    feed = tmp_path / "feed.jsonl"
    res = runner.invoke(main, ["convert", str(a), str(b), "-o", str(feed)],
                        env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["headlines"][0]["value"] for line in feed.read_text().splitlines()] \
        == ["Floods recede in Sindh", "Rains return to Karachi"]
    old = tmp_path / "a.json"
    res = runner.invoke(main, ["convert", str(a), "-o", str(old), "--ninjs-version", "2.2"])
    assert res.exit_code == 0 and json.loads(old.read_bytes())["standard"]["version"] == "2.2"
    schemas = str(ninjs_schemas())  # IPTC's ninjs schemas only: no NewsML-G2 XSD there
    res = runner.invoke(main, ["validate", "--strict", "--schema-dir", schemas, str(feed), str(old)])
    assert res.exit_code == 0, res.output  # ninjs needs no NewsML-G2 schemas
    broken = tmp_path / "broken.json"
    broken.write_text(re.sub(r'"versioncreated": "[^"]*"', '"versioncreated": "yesterday"',
                             old.read_text(encoding="utf-8")), encoding="utf-8")
    res = runner.invoke(main, ["validate", str(broken)], env={"NEWSCONVERT_SCHEMA_DIR": schemas})
    assert res.exit_code == 5 and "is not a 'date-time'" in res.output


def test_config_file_sets_the_ninjs_version(tmp_path) -> None:
    from convert.cli import main

    src = tmp_path / "a.txt"
    src.write_text("Floods recede\n\nThe waters fell.\n", encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text('[convert]\nninjs_version = "2.2"\n', encoding="utf-8")
    out = tmp_path / "a.json"
    res = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), "--config", str(config)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_bytes())["standard"]["version"] == "2.2"
    config.write_text('[convert]\nninjs_version = "9"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), "--config", str(config)])
    assert res.exit_code == 2 and "ninjs_version" in res.output


def test_seed_through_the_api() -> None:
    require(SEED is not None, "seed article missing")
    import convert

    data = convert.write(convert.read_file(SEED), "ninjs")
    assert_valid(data, "seed.json")
