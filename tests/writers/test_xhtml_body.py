"""The XHTML body serializer shared by EPUB chapters and NewsML-G2 bodies: every node, escaping,
URLs, direction, and a loud failure for a node it does not know."""

from __future__ import annotations

import typing

import pytest
from lxml import etree

from convert import model
from convert.model import (
    BlockQuote,
    Emphasis,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quoted,
    Strong,
    Text,
)
from convert.writers import xhtml_body
from convert.writers.xhtml_body import XHTML_NS, tag


def render(*blocks: model.Block, base: str = "ltr") -> str:
    """Blocks under a ``<div>``, serialised without namespace noise."""
    root = etree.Element(tag("div"), nsmap={None: XHTML_NS})
    xhtml_body.blocks(root, blocks, base)
    text = etree.tostring(root, encoding="unicode")
    return text.replace(f' xmlns="{XHTML_NS}"', "")


def test_every_block_and_inline_class_of_the_model_is_handled() -> None:
    """The dispatch tables cover the model's closed unions exactly."""
    assert set(typing.get_args(model.Block)) == set(xhtml_body._BLOCK)
    assert set(typing.get_args(model.Inline)) == set(xhtml_body._INLINE)


def test_inlines_become_semantic_elements() -> None:
    para = Paragraph((Text("a "), Emphasis((Text("em"),)), Text(" "), Strong((Text("strong"),)),
                      LineBreak(), Quoted((Text("said"),), "“", "”"), Text(" end")))
    assert render(para) == ("<div><p>a <em>em</em> <strong>strong</strong><br/>"
                            "<q>“said”</q> end</p></div>")


def test_text_is_escaped_never_parsed() -> None:
    para = Paragraph((Text("<b>bold</b> & ]]> &amp;"),))
    assert render(para) == "<div><p>&lt;b&gt;bold&lt;/b&gt; &amp; ]]&gt; &amp;amp;</p></div>"


@pytest.mark.parametrize(("url", "href"), [
    ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&amp;c=2#d"),
    ("https://example.org/a b", "https://example.org/a%20b"),
    ("https://example.org/Łódź", "https://example.org/%C5%81%C3%B3d%C5%BA"),
    ("https://example.org/already%20escaped", "https://example.org/already%20escaped"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
])
def test_link_urls_are_percent_encoded_where_needed(url: str, href: str) -> None:
    assert render(Paragraph((Link((Text("x"),), url),))) == f'<div><p><a href="{href}">x</a></p></div>'


def test_headings_start_at_h2_and_stop_at_h6() -> None:
    out = render(*(Heading(level, (Text(str(level)),)) for level in (1, 2, 3, 6, 9)))
    assert out == "<div><h2>1</h2><h2>2</h2><h3>3</h3><h6>6</h6><h6>9</h6></div>"


def test_lists_keep_order_and_start() -> None:
    items = (ListItem((Text("one"),)), ListItem((Text("two"),)))
    assert render(ListBlock(False, items)) == "<div><ul><li>one</li><li>two</li></ul></div>"
    assert render(ListBlock(True, items)) == "<div><ol><li>one</li><li>two</li></ol></div>"
    assert render(ListBlock(True, items, start=3)) == \
        '<div><ol start="3"><li>one</li><li>two</li></ol></div>'


def test_quotes_with_an_attribution_become_figures() -> None:
    quote = (Paragraph((Text("We will rebuild."),)),)
    assert render(BlockQuote(quote)) == "<div><blockquote><p>We will rebuild.</p></blockquote></div>"
    assert render(BlockQuote(quote, "The mayor")) == (
        '<div><figure class="quote"><blockquote><p>We will rebuild.</p></blockquote>'
        '<figcaption class="attribution">— The mayor</figcaption></figure></div>')


def test_direction_is_marked_only_against_the_base() -> None:
    urdu = Paragraph((Text("ہم نے پورا سال اس کے لیے محنت کی"),))
    english = Paragraph((Text("English text"),))
    assert render(urdu, english) == (
        '<div><p dir="rtl">ہم نے پورا سال اس کے لیے محنت کی</p><p>English text</p></div>')
    assert render(urdu, english, base="rtl") == (
        '<div><p>ہم نے پورا سال اس کے لیے محنت کی</p><p dir="ltr">English text</p></div>')


def test_unknown_nodes_fail_loudly() -> None:
    class Image:
        pass

    root = etree.Element(tag("div"))
    with pytest.raises(TypeError, match="unknown block node Image"):
        xhtml_body.block(root, Image())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown inline node Image"):
        xhtml_body.inline(root, Image())  # type: ignore[arg-type]
