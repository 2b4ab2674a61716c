"""The one canonical test document that goes through every writer (every node type, tricky text)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from convert.model import (
    BlockQuote,
    Document,
    Emphasis,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    Person,
    Quoted,
    Strong,
    Subject,
    Text,
)

PKT = timezone(timedelta(hours=5))


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
