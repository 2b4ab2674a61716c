"""The kitchen-sink document every writer's golden uses really holds every node class."""

from __future__ import annotations

from convert.model import BLOCK_TYPES, INLINE_TYPES, BlockQuote, ListBlock
from tests.sample_docs import kitchen_sink


def _classes(nodes: tuple, found: set[type]) -> None:
    for node in nodes:
        found.add(type(node))
        if isinstance(node, ListBlock):
            for item in node.items:
                _classes(item.children, found)
        elif isinstance(node, BlockQuote):
            _classes(node.children, found)
        elif hasattr(node, "children"):
            _classes(node.children, found)


def test_kitchen_sink_holds_every_block_and_inline_class():
    found: set[type] = set()
    _classes(kitchen_sink().body, found)
    missing = [t.__name__ for t in (*BLOCK_TYPES, *INLINE_TYPES) if t not in found]
    assert not missing, f"kitchen_sink() lacks {missing}: add them so every writer's golden sees them"


def test_kitchen_sink_fills_the_head_and_both_directions():
    meta = kitchen_sink().meta
    assert all((meta.headline, meta.subheadline, meta.by, meta.dateline, meta.credit,
                meta.copyright, meta.authors, meta.date))
