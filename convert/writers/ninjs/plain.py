"""The plain-text body of a ninjs object: every block as text, notes numbered as the HTML body does.

Lists carry their markers and nest by two spaces a level; a table is its caption, then one line
per row with cells apart by `` | ``; a figure is its caption and credit (else its alt text); a
code block keeps its lines; a rule is ``* * *``; a correction opens with its label. Text struck
out by a correction is marked ``~~struck~~`` (GitHub's convention), so it never reads as current
text. A note is ``[n]`` where it is referenced and ``[n] text`` after the body.
Raw source markup is never published: it is left out with a warning, as in the HTML body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Inserted,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Quoted,
    RawBlock,
    RawInline,
    Rule,
    Strong,
    Table,
    Text,
)
from .. import loss
from ..notices import notice_label
from ..textparts import TASK_BOX

RULE = "* * *"
FMT = "ninjs"


class Plain:
    """Plain text of one article's blocks; numbers its notes in the order they are referenced."""

    def __init__(self, language: str = "") -> None:
        self.language = language
        self.notes: list[Note] = []

    # ----------------------------------------------------------------- inlines

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        """Inline content as text (line breaks as new lines)."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, (Text, Code)):
                out.append(node.text)
            elif isinstance(node, (Emphasis, Strong, Link, Inserted)):
                out.append(self.inlines(node.children))
            elif isinstance(node, Quoted):
                out.append(node.opening + self.inlines(node.children) + node.closing)
            elif isinstance(node, LineBreak):
                out.append("\n")
            elif isinstance(node, Deleted):
                out.append(f"~~{self.inlines(node.children)}~~")
            elif isinstance(node, Note):
                self.notes.append(node)
                out.append(f"[{len(self.notes)}]")
            elif isinstance(node, RawInline):
                loss.raw(FMT, node.format, node.text, block=False)
            else:
                raise TypeError(f"unknown inline node {type(node).__name__}")
        return "".join(out)

    # ----------------------------------------------------------------- blocks

    def block(self, node: Block) -> str:
        """One block as text ("" for raw markup, which is never published)."""
        try:
            fn = _PLAIN[type(node)]
        except KeyError:
            raise TypeError(f"unknown block node {type(node).__name__}") from None
        return fn(self, node)

    def blocks(self, nodes: tuple[Block, ...], sep: str = "\n\n") -> str:
        return sep.join(t for t in (self.block(b) for b in nodes) if t)

    def notes_text(self) -> str:
        """``[n] text`` for every note referenced so far (notes inside notes included)."""
        out = []
        i = 0
        while i < len(self.notes):
            out.append(f"[{i + 1}] {self.blocks(self.notes[i].children, chr(10))}")
            i += 1
        return "\n".join(out)


def _paragraph(p: Plain, node: Paragraph | Heading) -> str:
    return p.inlines(node.children)


def _list(p: Plain, node: ListBlock) -> str:
    lines = []
    for n, item in enumerate(node.items, node.start):
        marker = f"{n}." if node.ordered else "-"
        box = f"{TASK_BOX[item.checked]} " if item.checked is not None else ""
        lines.append(f"{marker} {box}{p.inlines(item.children)}")
        nested = p.blocks(item.blocks, "\n")
        if nested:
            lines.extend("  " + line if line else line for line in nested.split("\n"))
    return "\n".join(lines)


def _blockquote(p: Plain, node: BlockQuote) -> str:
    text = p.blocks(node.children)
    return f"{text}\n\u2014 {node.attribution}" if node.attribution else text


def _table(p: Plain, node: Table) -> str:
    lines = [p.inlines(node.caption)] if node.caption else []
    lines += [" | ".join(p.inlines(c.children) for c in row.cells) for row in (*node.head, *node.body)]
    return "\n".join(lines)


def _figure(p: Plain, node: Figure) -> str:
    text = p.inlines(node.caption) if node.caption else node.alt
    return " ".join(t for t in (text, node.credit or "") if t)


def _code(p: Plain, node: CodeBlock) -> str:
    return node.text.rstrip("\n")


def _rule(p: Plain, node: Rule) -> str:
    return RULE


def _correction(p: Plain, node: Correction) -> str:
    label = notice_label(node.kind, node.lang or p.language)
    text = p.blocks(node.children)
    return f"{label}\n{text}" if label else text


def _raw(p: Plain, node: RawBlock) -> str:
    loss.raw(FMT, node.format, node.text, block=True)
    return ""


_PLAIN: dict[type, Callable[[Plain, Any], str]] = {
    Paragraph: _paragraph, Heading: _paragraph, ListBlock: _list, BlockQuote: _blockquote,
    Table: _table, Figure: _figure, CodeBlock: _code, Rule: _rule, Correction: _correction,
    RawBlock: _raw,
}
