"""The one canonical test document that goes through every writer (every node type, tricky text)."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

from convert.model import (
    BlockQuote,
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inserted,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Meta,
    Note,
    Paragraph,
    Person,
    Picture,
    Quoted,
    RawBlock,
    RawInline,
    Rule,
    Strong,
    Subject,
    Table,
    TableCell,
    TableRow,
    Text,
)

PKT = timezone(timedelta(hours=5))

#: A 16x12 PNG (blue over sand), fixed bytes so every writer's golden is stable.
PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAAAHklEQVR42mOUi1rAQApgYiARjGogBjCeWBU11P0AAPq5AvudwybtAAAAAElFTkSuQmCC")
PICTURE = Picture("image/png", PNG_BYTES, 16, 12)


def _cell(*inlines, colspan: int = 1, rowspan: int = 1) -> TableCell:
    return TableCell(tuple(inlines), colspan, rowspan)


def _rich_blocks() -> tuple:
    """Tables, figures, notes, code, rules, nested and task lists, deep headings, corrections, raw markup."""
    note = Note((Paragraph((Text("Figures from the Provincial Disaster Management Authority, "),
                            Emphasis((Text("10 June"),)), Text("."))),), label="pdma")
    return (
        Heading(4, (Text("Water levels by barrage"),)),
        Paragraph((Text("Flows were measured at "), Code("Guddu <1>"), Text(" and "), Code("Sukkur & Kotri"),
                   Text(" overnight"), note, Text("; the earlier figure of "), Deleted((Text("2.1"),)),
                   Text(" metres was corrected to "), Inserted((Text("2.4"),)), Text(" metres."),
                   RawInline("html", "<span class=\"tracker\"></span>"))),
        Table(head=(TableRow((_cell(Text("Barrage")), _cell(Text("Flow (cusecs)")),
                              _cell(Text("Change")))),),
              body=(TableRow((_cell(Strong((Text("Guddu"),))), _cell(Text("512,000")), _cell(Text("+8%")))),
                    TableRow((_cell(Text("Sukkur")), _cell(Text("498,300")), _cell(Text("+6%")))),
                    TableRow((_cell(Link((Text("Kotri"),), "https://example.org/kotri?a=1&b=2")),
                              _cell(Text("not measured"), colspan=2)))),
              caption=(Text("Flows at the three barrages, "), Emphasis((Text("11 June"),))),
              aligns=("left", "right", "right")),
        Figure("pictures/sukkur-barrage.png", alt="Water pours through the gates of Sukkur barrage",
               caption=(Text("The Sukkur barrage on Tuesday; "), Emphasis((Text("gates open"),))),
               credit="Photo: Example News/Ali Khan", picture=PICTURE, width=640, height=480),
        Heading(5, (Text("What to pack"),)),
        ListBlock(False, (
            ListItem((Text("documents"),), checked=True),
            ListItem((Text("medicine"),), (
                ListBlock(True, (ListItem((Text("insulin"),)),
                                 ListItem((Text("inhalers"),), (
                                     ListBlock(False, (ListItem((Text("spare spacer"),)),)),)))),
                Paragraph((Text("Ask a pharmacist for a week's supply."),))), checked=False),
        )),
        Heading(6, (Text("Data"),)),
        CodeBlock("station,level_m\nGuddu,  9.7\nSukkur, 8.4  # <rising> & fast\n", language="csv"),
        Rule(),
        RawBlock("html", "<div class=\"ad\">kept, never published</div>"),
        Correction((Paragraph((Text("An earlier version of this article misstated the river level at "
                                    "Sukkur. It rose by 2.4 metres, not 2.1 metres."),)),),
                   kind="correction"),
    )


def kitchen_sink() -> Document:
    """Every Block and Inline class, XML-sensitive text, RTL and astral characters."""
    meta = Meta(
        headline="Flood warnings issued as River Indus rises <fast> & AT&T lines fail",
        subheadline="Officials say the “worst is yet to come” for villages downstream",
        byline="Jane Doe and Ali Khan",
        authors=(Person("Jane Doe", "Environment Correspondent"), Person("Ali Khan")),
        by="By Jane Doe and Ali Khan, Environment Correspondent",
        dateline="SUKKUR, June 11 (Reuters)",
        located="SUKKUR",
        date=datetime(2025, 6, 11, 9, 42, tzinfo=PKT),
        language="en-GB",
        keywords=("flooding", "River Indus", "Sindh"),
        subjects=(Subject("medtop:06000000", "environment"),),
        source="Reuters",
        credit="(Reporting by Jane Doe; Editing by Ali Khan)",
        copyright="Copyright 2025 Example News Ltd. All rights reserved.",
        copyright_holder="Example News Ltd",
        provider="example.org",
        identifier="urn:newsml:example.org:0123456789abcdef0123",
        urgency=3,
        slugline="PAKISTAN-FLOOD/",
    )
    body = (
        Paragraph((Text("River levels rose by 2.4 metres overnight, officials said, with "),
                   Emphasis((Text("more rain"),)), Text(" forecast and "),
                   Strong((Text("12 villages"),)), Text(" told to evacuate. Details: "),
                   Link((Text("https://example.org/flood?a=1&b=2"),),
                        "https://example.org/flood?a=1&b=2"),
                   Text("."))),
        Paragraph((Quoted((Text("We have never seen the water this high,"),)),
                   Text(" said farmer Gul Hassan, 64. Text that looks like markup: <b>bold</b>,"
                        " <font>, &amp;, <p> and ]]> must stay literal."),)),
        Heading(2, (Text("Villages at risk"),)),
        Paragraph((Text("The authority listed the steps it will take:"),)),
        ListBlock(False, (ListItem((Text("move livestock to higher ground"),)),
                          ListItem((Text("open "), Strong((Text("14"),)),
                                    Text(" relief camps")))),),
        ListBlock(True, (ListItem((Text("first, warn"),)), ListItem((Text("then, evacuate"),))),
                  start=1),
        BlockQuote((Paragraph((Text("The embankments will hold, but we are not taking chances."),)),),
                   attribution="Provincial irrigation minister"),
        Heading(3, (Text("In Urdu and emoji"),)),
        Paragraph((Text("ہم نے پورا سال اس کے لیے محنت کی اور اب ہم تیار ہیں۔"),)),
        Paragraph((Text("Residents 🏆 posted updates in Chinese (王思远) and Polish (Łódź);"),
                   LineBreak(), Text("e-mail "),
                   Link((Text("desk@example.org"),), "mailto:desk@example.org"),
                   Text(" for corrections."))),
        *_rich_blocks(),
    )
    return Document(meta, body, origin="kitchen_sink")


def minimal() -> Document:
    """A headline and nothing else."""
    return Document(Meta(headline="Magnitude 5.8 earthquake shakes Muzaffarabad",
                         identifier="urn:newsml:newsconvert.invalid:minimal"), ())


HOSTILE = ["<script>alert(1)</script>", "&amp;", "]]>", "{{ x }}", "%s", "<p>", "\x00", "\x0b",
           "\x1b", "\x85", "\ufffe", "\u202e", "\u200b", "𝕏", "👩‍👩‍👧", "ہم نے پورا سال", "שלום",
           "e\u0301", "王思远", "“quoted”", "> ", "- ", "1. ", "## ", "KARACHI: "]


def hostile_documents(count: int, seed: int = 7) -> list[Document]:
    """A deterministic sample of adversarial articles, read through the real reader.

    For validators too slow to run per hypothesis example (EPUBCheck starts a JVM).
    """
    import random

    from convert.api import read
    from convert.errors import InputError

    rng = random.Random(seed)
    words = "river levels rose sharply after heavy rain officials said".split()
    docs: list[Document] = []
    while len(docs) < count:
        def chunk() -> str:
            return " ".join(rng.choice(words + HOSTILE) if rng.random() < 0.8 else
                            chr(rng.randint(0x20, 0x10FFFF)) for _ in range(rng.randint(1, 30)))
        text = "\n\n".join([chunk()] + [rng.choice(["", "", "> ", "- ", "## "]) + chunk()
                                        for _ in range(rng.randint(0, 12))])
        try:
            docs.append(read(text.encode("utf-8", "surrogatepass")))
        except InputError:
            continue
    return docs
