"""The XHTML body serializer shared by EPUB chapters and NewsML-G2 bodies: every node, escaping,
URLs, direction, and a loud failure for a node it does not know."""

from __future__ import annotations

import typing

import pytest
from lxml import etree

from convert import model
from convert.model import (
    BlockQuote,
    Code,
    CodeBlock,
    Correction,
    Deleted,
    Emphasis,
    Figure,
    Heading,
    Inserted,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Picture,
    Quoted,
    RawBlock,
    RawInline,
    Rule,
    Strong,
    Table,
    TableCell,
    TableRow,
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


# --------------------------------------------------------------------------- richer nodes


def rich(*blocks: model.Block, **renderer: object) -> str:
    """Blocks through one Renderer, its notes after them."""
    root = etree.Element(tag("div"), nsmap=xhtml_body.NSMAP)
    r = xhtml_body.Renderer(**renderer)  # type: ignore[arg-type]
    r.blocks(root, blocks)
    r.notes(root)
    text = etree.tostring(root, encoding="unicode").replace(f' xmlns="{XHTML_NS}"', "")
    return text.replace(f' xmlns:epub="{xhtml_body.OPS_NS}"', "")


def test_tables_have_caption_header_scope_spans_and_alignment() -> None:
    table = Table(head=(TableRow((TableCell((Text("A"),)), TableCell((Text("B"),)))),),
                  body=(TableRow((TableCell((Text("x"),), rowspan=2), TableCell((Text("1"),)))),
                        TableRow((TableCell((Text("2"),)),)),
                        TableRow((TableCell((Text("wide"),), colspan=2),))),
                  caption=(Text("Cap"),), aligns=(None, "right"))
    assert rich(table) == (
        '<div><table><caption>Cap</caption>'
        '<thead><tr><th scope="col">A</th><th scope="col" style="text-align: right">B</th></tr></thead>'
        '<tbody><tr><td rowspan="2">x</td><td style="text-align: right">1</td></tr>'
        # the row under a row span starts in the second column, so it is right-aligned
        '<tr><td style="text-align: right">2</td></tr>'
        '<tr><td colspan="2">wide</td></tr></tbody></table></div>')


def test_figures_show_the_picture_the_caller_names_else_the_caption_or_alt() -> None:
    pic = Picture("image/png", b"\x89PNG", 40, 30)
    fig = Figure("a/b.png", alt="Alt", caption=(Text("Cap"),), credit="Photo: X", picture=pic,
                 width=20)
    assert rich(fig, pictures=lambda f: "b.png") == (
        '<div><figure class="picture"><img src="b.png" alt="Alt" width="20" height="15" '
        'style="max-width: 100%; height: auto"/><figcaption>Cap <span class="credit">Photo: X'
        '</span></figcaption></figure></div>')
    with pytest.warns(UserWarning, match="not embedded"):
        shown = rich(fig)
    assert shown == ('<div><figure class="picture"><figcaption>Cap <span class="credit">'
                     'Photo: X</span></figcaption></figure></div>')
    missing = Figure("gone.png", alt="What it shows")
    assert rich(missing) == ('<div><figure class="picture"><figcaption>What it shows</figcaption>'
                             '</figure></div>')
    assert rich(Figure("gone.png")) == "<div/>"


def test_notes_are_numbered_linked_and_listed_with_back_links() -> None:
    note = Note((Paragraph((Text("Source."),)),))
    inner = Note((Paragraph((Text("Inner."),)),))
    para = Paragraph((Text("a"), note, Text(" b"), Note((Paragraph((Text("Two"), inner)),))))
    out = rich(para, ids="art-")
    assert out == (
        '<div><p>a<sup class="noteref"><a href="#art-fn1" id="art-fnref1" role="doc-noteref">1'
        '</a></sup> b<sup class="noteref"><a href="#art-fn2" id="art-fnref2" role="doc-noteref">'
        '2</a></sup></p><div class="notes" role="doc-endnotes"><ol>'
        '<li id="art-fn1"><p>Source. <a href="#art-fnref1" role="doc-backlink">\u21a9</a></p></li>'
        '<li id="art-fn2"><p>Two<sup class="noteref"><a href="#art-fn3" id="art-fnref3" '
        'role="doc-noteref">3</a></sup> <a href="#art-fnref2" role="doc-backlink">\u21a9</a></p></li>'
        '<li id="art-fn3"><p>Inner. <a href="#art-fnref3" role="doc-backlink">\u21a9</a></p></li>'
        '</ol></div></div>')
    epub = rich(Paragraph((Text("a"), note)), note_style="epub")
    assert 'epub:type="noteref"' in epub and 'epub:type="footnote"' in epub
    assert '<aside id="fn1" role="doc-footnote"' in epub
    # callers that place no notes list get the note's text where it is referenced
    assert render(Paragraph((Text("a"), note))) == '<div><p>a<span class="note"> [Source.]</span></p></div>'


def test_a_note_inside_a_link_is_no_link_of_its_own() -> None:
    link = Link((Text("site"), Note((Paragraph((Text("n"),)),))), "https://example.org/")
    out = rich(Paragraph((link,)))
    assert '<a href="https://example.org/">site<sup class="noteref" id="fnref1">1</sup></a>' in out
    assert out.count("<a ") == 2  # the link and the note's back link


def test_code_edits_rules_corrections_and_nested_task_lists() -> None:
    out = rich(Paragraph((Code("a < b"), Deleted((Text("old"),)), Inserted((Text("new"),)))),
               CodeBlock("x  = 1\n\ty\n", language="py thon"), Rule(),
               Correction((Paragraph((Text("Fixed."),)),), kind="editors-note"),
               ListBlock(False, (ListItem((Text("done"),), checked=True),
                                 ListItem((Text("open"),), (ListBlock(True, (ListItem((Text("n"),)),)),),
                                          checked=False))),
               language="en")
    assert out == (
        '<div><p><code>a &lt; b</code><del>old</del><ins>new</ins></p>'
        '<pre class="code"><code class="language-python">x  = 1\n\ty\n</code></pre><hr/>'
        '<div class="notice editors-note" role="note"><p class="notice-label"><strong>Editor\'s note'
        '</strong></p><p>Fixed.</p></div>'
        '<ul><li><span class="task done">\u2611</span> done</li><li><span class="task">\u2610</span> '
        'open<ol><li>n</li></ol></li></ul></div>')
    # no label in a language notices.toml does not know; code stays left to right in RTL text
    urdu = rich(Correction((Paragraph((Text("x"),)),)), CodeBlock("x"), language="ur")
    assert "notice-label" not in urdu


def test_code_blocks_stay_left_to_right_in_a_right_to_left_article() -> None:
    assert render(CodeBlock("x = 1"), base="rtl") == (
        '<div><pre class="code" dir="ltr"><code>x = 1</code></pre></div>')


def test_raw_markup_is_never_published_and_says_so() -> None:
    with pytest.warns(UserWarning, match="raw HTML block .*never published.*<div>secret"):
        assert render(RawBlock("html", "<div>secret</div>")) == "<div/>"
    with pytest.warns(UserWarning, match="raw HTML inline markup"):
        assert render(Paragraph((Text("a"), RawInline("html", "<b>"), Text("b")))) == \
            "<div><p>ab</p></div>"


@pytest.mark.parametrize("url", ["#top", "./x.md", "other.html", "//host/path"])
def test_relative_links_keep_their_text_and_lose_the_link(url: str) -> None:
    with pytest.warns(UserWarning, match="relative link"):
        out = render(Paragraph((Link((Text("top"),), url),)))
    assert out == "<div><p>top</p></div>"


def test_quotes_can_be_their_typed_marks() -> None:
    para = Paragraph((Quoted((Text("said"),), "“", "”"),))
    assert rich(para, quotes=False) == "<div><p>“said”</p></div>"
