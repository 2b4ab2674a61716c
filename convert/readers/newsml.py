"""Read NewsML-G2 into Documents: a newsItem, each text item of a newsMessage, a package's text items.

A ``newsItem`` with a text body in ``inlineXML`` (XHTML or NITF) or ``inlineData`` (plain text) is
one article; its metadata (:mod:`.newsml_meta`) is what the article states, and the body's own head
(our writer's ``h1``, ``p.standfirst``, ``p.byline``, ``p.dateline`` or inline ``span.dateline``,
``p.credit``; NITF's ``body.head``) fills what the metadata leaves out and is not repeated in the
body. A ``newsMessage`` holds many items: :func:`read_many` returns one Document per text item (a
``packageItem`` in the message orders them), and :func:`read` returns the one article of a
message that holds one, and otherwise says how many there are. Items without text (pictures,
concepts, planning) are named in one clear error, or skipped with a warning in a message that
has text items too. A ``contentSet`` fragment (IPTC's listing 25) reads as an item.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from ..errors import InputError, MultipleArticlesError
from ..model import Block, Document, Paragraph
from ..options import ReadOptions
from .conventions import Conventions, load_conventions
from .decode import clean_text, squash
from .diagnostics import Diagnostics
from .inlines import parse_inlines
from .metadata import MetaFields
from .newsml_meta import child, children, infer_by, read_item_meta
from .nitf import read_nitf
from .safexml import local, parse
from .xmlbody import BodyReader, lang_of, text_of
from .xmldoc import finish_document

_TEXT_ITEMS = ("newsItem", "contentSet")
_OTHER_ITEMS = {"conceptItem": "a concept", "knowledgeItem": "a set of concepts",
                "planningItem": "news planning", "catalogItem": "a catalog", "catalog": "a catalog"}


def read(data: bytes, options: ReadOptions) -> Document:
    """The one article of a NewsML-G2 document; a message with several is an error saying so."""
    return explain(data, options)[0]


def explain(data: bytes, options: ReadOptions) -> tuple[Document, Diagnostics]:
    """The one article and what was decided (``newsconvert parse``)."""
    found = explain_many(data, options)
    if len(found) > 1:
        origin = options.origin or "<input>"
        raise MultipleArticlesError(
            f"holds {len(found)} articles (a NewsML-G2 newsMessage): convert them together into "
            "one EPUB edition or newsMessage (-o FILE.epub, -o FILE.xml)", count=len(found),
            path=origin)
    return found[0]


def read_many(data: bytes, options: ReadOptions) -> list[Document]:
    """Every article of a NewsML-G2 document, in order (one for a newsItem)."""
    return [doc for doc, _ in explain_many(data, options)]


def explain_many(data: bytes, options: ReadOptions) -> list[tuple[Document, Diagnostics]]:
    """Every article with its diagnostics."""
    origin = options.origin or "<input>"
    if len(data) > options.max_bytes:
        raise InputError(f"file is too large ({len(data):,} bytes; the limit is "
                         f"{options.max_bytes:,})", path=origin)
    root = parse(data, origin, "NewsML-G2")
    kind = local(root.tag)
    found: list[tuple[Document, Diagnostics]] = []
    if kind in _TEXT_ITEMS:
        found = [_article(root, options, origin)]
    elif kind == "newsMessage":
        found = _message(root, options, origin)
    if found:
        encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
        for _, diagnostics in found:
            diagnostics.encoding = encoding
        return found
    if kind == "packageItem":
        refs = len([r for r in root.iter() if local(r.tag) == "itemRef"])
        raise InputError(f"a NewsML-G2 packageItem holds no article text (it refers to {refs} "
                         "item(s)); give the newsMessage that carries them, or the items",
                         path=origin)
    if kind in _OTHER_ITEMS:
        raise InputError(f"a NewsML-G2 {kind} is {_OTHER_ITEMS[kind]}, not a news article: there "
                         "is no article text to read", path=origin)
    raise InputError(f"not a NewsML-G2 document (its root element is <{kind}>)", path=origin)


def _message(root: etree._Element, options: ReadOptions, origin: str
             ) -> list[tuple[Document, Diagnostics]]:
    """The text items of a newsMessage, in a package's order when it holds one."""
    items = [el for el in (child(root, "itemSet") if child(root, "itemSet") is not None else [])
             if isinstance(el.tag, str)]
    news = [el for el in items if local(el.tag) == "newsItem"]
    order = _package_order(items, news)
    out: list[tuple[Document, Diagnostics]] = []
    skipped: list[str] = []
    for item in order:
        try:
            out.append(_article(item, options, origin))
        except InputError as exc:
            skipped.append(f"{item.get('guid', '?')}: {exc.message}")
    if not out:
        detail = f" ({skipped[0]})" if len(skipped) == 1 else ""
        raise InputError(f"the newsMessage holds no article text: {len(items)} item(s), none of "
                         f"them a text newsItem with a headline or body{detail}", path=origin)
    others = len(items) - len(news) - sum(1 for el in items if local(el.tag) == "packageItem")
    for _, diagnostics in out[:1]:
        diagnostics.warnings.extend(f"item skipped: {s}" for s in skipped)
        if others:
            diagnostics.warnings.append(f"{others} item(s) that are not news items skipped")
    return out


def _package_order(items: list[etree._Element], news: list[etree._Element]) -> list[etree._Element]:
    """The news items in the order a packageItem lists them (the rest after), else as given."""
    by_guid = {el.get("guid"): el for el in news}
    package = next((el for el in items if local(el.tag) == "packageItem"), None)
    if package is None:
        return news
    ordered = []
    for ref in package.iter():
        if local(ref.tag) == "itemRef" and ref.get("residref") in by_guid:
            el = by_guid.pop(ref.get("residref"))
            ordered.append(el)
    return ordered + [el for el in news if el.get("guid") in by_guid]


def _article(item: etree._Element, options: ReadOptions, origin: str) -> tuple[Document, Diagnostics]:
    """One newsItem (or contentSet fragment) as a Document."""
    diagnostics = Diagnostics()
    fields = MetaFields()
    conv = options.conventions if options.conventions is not None else load_conventions()
    info = read_item_meta(item, fields, conv) if local(item.tag) == "newsItem" else None
    if info is not None:
        diagnostics.warnings.extend(info.warnings)
    content = item if local(item.tag) == "contentSet" else child(item, "contentSet")
    body: list[Block] = []
    body_lang: str | None = None
    kind = "no content"
    for rendition in children(content, "inlineXML"):
        root = next((el for el in rendition if isinstance(el.tag, str)), None)
        if root is None:
            continue
        reader = BodyReader(nitf=local(root.tag) == "nitf")
        if reader.nitf:
            body = read_nitf(root, fields, reader, options)
        else:
            body = _xhtml(root, fields, reader, conv)
        body_lang = lang_of(root) or _body_lang(root)
        diagnostics.warnings.extend(reader.warnings())
        kind = "inline XML"
        break
    else:
        for rendition in children(content, "inlineData"):
            body = _plain(_inline_data(rendition))
            kind = "inline text"
            break
    item_class = info.item_class if info is not None else ""
    if item_class and item_class not in ("ninat:text", "ninat:composite") and not body:
        raise InputError(f"a NewsML-G2 item of class {item_class} has no article text",
                         path=origin)
    diagnostics.paragraphs = {"rule": "markup", "why": f"blocks from the item's {kind}"}
    language = (info.language if info is not None else None) or body_lang
    doc = finish_document(fields, body, options, origin, diagnostics, language=language,
                          declared=bool(language), what="the NewsML-G2 item")
    return doc, diagnostics


def _body_lang(root: etree._Element) -> str | None:
    body = next((el for el in root if local(el.tag) == "body"), None)
    return lang_of(body) if body is not None else None


def _inline_data(el: etree._Element) -> str:
    """The text of ``inlineData``: as it stands, or base64-decoded (as UTF-8) when so encoded."""
    text = el.text or ""
    if (el.get("encoding") or "").strip().lower() != "base64":
        return text
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return ""


def _plain(text: str) -> list[Block]:
    """``inlineData`` text: paragraphs separated by blank lines."""
    blocks: list[Block] = []
    for chunk in clean_text(text).split("\n\n"):
        joined = squash(" ".join(line.strip() for line in chunk.split("\n")))
        if joined:
            blocks.append(Paragraph(parse_inlines(joined)))
    return blocks


# --------------------------------------------------------------------------- the XHTML head

_SEPARATORS = ("\u2014", "\u2013", "--", "-")


def _xhtml(html: etree._Element, fields: MetaFields, reader: BodyReader, conv: Conventions
           ) -> list[Block]:
    """The blocks of an XHTML body, its head (h1, standfirst, byline, dateline, credit) set apart."""
    body = next((el for el in html if local(el.tag) == "body"), None)
    if body is None:
        body = html  # a body-less fragment: <div>, <article> ...
    elements = [el for el in body if isinstance(el.tag, str)]
    head_done = False
    for el in elements:
        name, cls = local(el.tag).lower(), set((el.get("class") or "").split())
        if head_done:
            break
        if name == "h1":
            fields.set_inferred("headline", text_of(el))
        elif name == "p" and cls & {"standfirst", "dateline"}:
            fields.set_inferred("subheadline" if "standfirst" in cls else "dateline", text_of(el))
        elif name == "p" and "byline" in cls:
            infer_by(fields, text_of(el), conv)
        elif name == "p" and _inline_dateline(el, fields):
            head_done = True
            continue
        else:
            head_done = True
            continue
        _remove(el)
    tail = [el for el in body if isinstance(el.tag, str)]
    if tail and local(tail[-1].tag).lower() == "p" and "credit" in (tail[-1].get("class") or "").split():
        fields.set_inferred("credit", text_of(tail[-1]))
        _remove(tail[-1])
    head = next((el for el in html if local(el.tag) == "head"), None)
    fields.set_inferred("headline", text_of(next(
        (el for el in (head if head is not None else []) if local(el.tag) == "title"), None)))
    return reader.blocks(body, lang_of(body) or lang_of(html))


def _inline_dateline(p: etree._Element, fields: MetaFields) -> bool:
    """Take an opening ``span.dateline`` (and the dash after it) out of the first paragraph."""
    span = p[0] if len(p) else None
    if (span is None or (p.text or "").strip() or local(span.tag).lower() != "span"
            or "dateline" not in (span.get("class") or "").split()):
        return False
    fields.set_inferred("dateline", text_of(span))
    rest = (span.tail or "").lstrip()
    for sep in _SEPARATORS:
        if rest.startswith(sep):
            rest = rest[len(sep):].lstrip()
            break
    p.text = rest
    p.remove(span)
    return True


def _remove(el: etree._Element) -> None:
    """Remove an element, keeping its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
