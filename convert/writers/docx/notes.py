"""Footnotes in DOCX: ``word/footnotes.xml`` with Word's separators, and the marks that number notes.

A note's reference in the text is a ``w:footnoteReference`` run in the ``footnote reference``
character style; the note itself opens with a ``w:footnoteRef`` run (Word prints the number
there) and a space, in ``footnote text`` paragraphs. Word numbers the notes; ids 1, 2 ... follow
the order they are referenced in. The separator (id -1) and continuation separator (id 0) are
the two special notes Word expects before them, named in the settings (``w:footnotePr``).
"""

from __future__ import annotations

import functools

from lxml import etree

from .ooxml import NSMAP, REL, XML_NS, parse, serialize, sub, w

RT_FOOTNOTES = REL + "footnotes"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_PART = "word/footnotes.xml"


def footnotes_root() -> etree._Element:
    """``w:footnotes`` holding the separator and continuation separator notes."""
    root = etree.Element(w("footnotes"), nsmap=NSMAP)
    for note_id, kind in (("-1", "separator"), ("0", "continuationSeparator")):
        note = sub(root, "footnote", type=kind, id=note_id)
        p = sub(note, "p")
        sub(sub(p, "pPr"), "spacing", after="0", line="240", lineRule="auto")
        sub(sub(p, "r"), kind)
    return root


def reference_run(parent: etree._Element, note_id: int, style_id: str) -> etree._Element:
    """The run that marks where note ``note_id`` is referenced."""
    r = sub(parent, "r")
    sub(sub(r, "rPr"), "rStyle", val=style_id)
    sub(r, "footnoteReference", id=str(note_id))
    return r


def open_note(note: etree._Element, text_style: str, mark_style: str) -> None:
    """Put the note's number (``w:footnoteRef``) and a space at the start of its first paragraph.

    A note that opens with something other than a paragraph (a list, a table) gets a paragraph
    of its own for the number.
    """
    first = note[0] if len(note) else None
    if first is None or first.tag != w("p"):
        p = etree.Element(w("p"))
        sub(sub(p, "pPr"), "pStyle", val=text_style)
        note.insert(0, p)
        first = p
    at = 1 if len(first) and first[0].tag == w("pPr") else 0
    mark = etree.Element(w("r"))
    sub(sub(mark, "rPr"), "rStyle", val=mark_style)
    sub(mark, "footnoteRef")
    space = etree.Element(w("r"))
    t = sub(space, "t")
    t.text = " "
    t.set(f"{{{XML_NS}}}space", "preserve")
    first.insert(at, space)
    first.insert(at, mark)


#: Settings that come after ``w:footnotePr`` in the schema (CT_Settings).
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                      "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                      "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                      "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                      "decimalSymbol", "listSeparator")


@functools.lru_cache(maxsize=16)
def settings_with_notes(settings_xml: bytes) -> bytes:
    """``word/settings.xml`` naming the separator notes (``w:footnotePr``), as Word writes it."""
    root = parse(settings_xml)
    if root.find(w("footnotePr")) is not None:
        return settings_xml
    pr = etree.Element(w("footnotePr"))
    for note_id in ("-1", "0"):
        sub(pr, "footnote", id=note_id)
    later = [c for c in root if etree.QName(c).localname in _AFTER_FOOTNOTE_PR]
    if later:
        later[0].addprevious(pr)
    else:
        root.append(pr)
    return serialize(root)
