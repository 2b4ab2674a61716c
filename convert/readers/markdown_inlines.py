"""markdown-it inline tokens as model inlines: emphasis, links, code, struck text, notes, raw HTML, images.

Links keep only absolute targets (``https:``, ``mailto:`` ...): a relative one (``#top``,
``./x.md``) leaves its text unlinked, since no writer can resolve it. Raw HTML is kept as
:class:`~convert.model.RawInline` (never published); comments are dropped. An image is returned
as an :class:`Image` placeholder: the block builder makes it a figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it.token import Token
from msgspec import Struct

from ..model import (
    Code,
    Deleted,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Note,
    RawInline,
    Strong,
    Text,
    plain_text,
)
from .decode import clean_text
from .inlines import merge_text, parse_inlines
from .xmlinline import href

#: HTML comments, dropped wherever raw HTML is kept.
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


class Image(Struct, frozen=True):
    """An image met in inline content (not a model node: blocks turn it into a figure)."""

    source: str
    alt: str
    title: str


_WRAPPERS: dict[str, Callable[[tuple[Inline, ...]], Inline]] = {
    "em": Emphasis, "strong": Strong, "s": Deleted}


def convert_inlines(tok: Token, note: Callable[[dict[str, Any]], Note | None]) -> list[Inline | Image]:
    """A paragraph's (or cell's, heading's) inline token as inlines and image placeholders.

    ``note`` gives the :class:`Note` a footnote reference stands for (from its token's meta).
    """
    stack: list[tuple[str, list[Any], dict[str, Any]]] = [("root", [], {})]
    for child in tok.children or ():
        kind = child.type
        top = stack[-1][1]
        if kind == "text":
            text = clean_text(child.content)
            top.extend(parse_inlines(text) if not _in_link(stack) else [Text(text)])
        elif kind == "code_inline":
            top.append(Code(clean_text(child.content)))
        elif kind == "html_inline":
            raw = HTML_COMMENT.sub("", child.content)
            if raw.strip():
                top.append(RawInline("html", clean_text(raw)))
        elif kind == "softbreak":
            top.append(Text(" "))
        elif kind == "hardbreak":
            top.append(LineBreak())
        elif kind == "image":
            alt = clean_text(plain_text(tuple(i for i in convert_inlines(child, note)
                                              if not isinstance(i, Image))) or child.content or "")
            top.append(Image(str(child.attrs.get("src", "")), " ".join(alt.split()),
                             " ".join(clean_text(str(child.attrs.get("title", "") or "")).split())))
        elif kind == "footnote_ref":
            found = note(child.meta or {})
            if found is not None:
                top.append(found)
        elif kind.endswith("_open") and kind[:-5] in (*_WRAPPERS, "link"):
            stack.append((kind[:-5], [], dict(child.attrs)))
        elif kind.endswith("_close") and kind[:-6] in (*_WRAPPERS, "link") and len(stack) > 1:
            name, kids, attrs = stack.pop()
            stack[-1][1].extend(_wrap(name, kids, attrs))
    while len(stack) > 1:  # unbalanced input: keep the content
        _, kids, _ = stack.pop()
        stack[-1][1].extend(kids)
    return stack[0][1]


def _in_link(stack: list[tuple[str, list[Any], dict[str, Any]]]) -> bool:
    return any(name == "link" for name, _, _ in stack)


def _wrap(name: str, kids: list[Any], attrs: dict[str, Any]) -> list[Any]:
    """The node a closed span makes; images inside it stay beside it, for their figure."""
    images = [k for k in kids if isinstance(k, Image)]
    inlines = tuple(merge_text([k for k in kids if not isinstance(k, Image)], trim=False))
    if name == "link":
        url = href(str(attrs.get("href", "")))
        node: list[Any] = [Link(inlines, url)] if url and inlines else list(inlines)
    else:
        node = [_WRAPPERS[name](inlines)] if inlines else []
    return node + images


def inlines_only(nodes: list[Any]) -> tuple[Inline, ...]:
    """Converted content where no figure can stand (a heading, a cell): an image as its alt text."""
    return tuple(merge_text([Text(n.alt) if isinstance(n, Image) else n for n in nodes]))
