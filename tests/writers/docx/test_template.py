"""The template: built once per (style, reference) by a cached pure function, safe to share by threads."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from lxml import etree
from msgspec.structs import fields, replace

from convert.model import Document, Meta, Paragraph, Text
from convert.styles import load_style
from convert.writers import docx as writer
from convert.writers.docx.numbering import numbering_part
from convert.writers.docx.styles import styles_part
from convert.writers.docx.template import Template, prepare_template
from tests.sample_docs import kitchen_sink
from tests.writers.docx.common import OPTIONS
from tests.writers.docx.test_package import make_reference


def test_template_reused_for_equal_style_and_reference() -> None:
    first = prepare_template(OPTIONS.style, None)
    writer.write(kitchen_sink(), OPTIONS)
    assert prepare_template(OPTIONS.style, None) is first
    # equal values, distinct objects: still one template (keyed on values, not identities)
    same_style = replace(OPTIONS.style)
    assert same_style is not OPTIONS.style and prepare_template(same_style, None) is first
    ref = make_reference()
    with_ref = prepare_template(OPTIONS.style, ref)
    assert prepare_template(OPTIONS.style, bytes(bytearray(ref))) is with_ref
    assert with_ref is not first
    assert prepare_template(load_style("broadsheet"), None) is not first
    assert prepare_template.cache_info().maxsize is not None  # bounded


def test_template_holds_no_lxml_tree() -> None:
    """Everything in a Template is an immutable value, so threads can share it."""

    def walk(value: object) -> None:
        assert not isinstance(value, (etree._Element, etree._ElementTree, list, dict, set)), value
        if isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__struct_fields__"):
            for f in fields(value):  # type: ignore[arg-type]
                walk(getattr(value, f.name))

    tpl = prepare_template(OPTIONS.style, make_reference())
    for f in fields(Template):
        if f.name != "ids":  # a read-only MappingProxyType over a dict nobody else holds
            walk(getattr(tpl, f.name))


def test_identical_bytes_from_threads_at_once() -> None:
    """Several threads writing at once (template built concurrently too) give identical bytes."""
    docs = [kitchen_sink(), Document(Meta(headline="x", language="ur-PK"), (Paragraph((Text("ہم"),)),)),
            Document(Meta(headline="y", language="de-DE"), (Paragraph((Text("Straße"),)),))]
    expected = [writer.write(d, OPTIONS) for d in docs]
    for cache in (prepare_template, styles_part, numbering_part):
        cache.cache_clear()  # so the threads also build the template and its parts concurrently
    threads = 8
    barrier = threading.Barrier(threads)

    def work(i: int) -> list[bytes]:
        barrier.wait()
        return [writer.write(docs[(i + k) % len(docs)], OPTIONS) for k in range(len(docs) * 4)]

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(work, range(threads)))
    for i, outputs in enumerate(results):
        for k, data in enumerate(outputs):
            assert data == expected[(i + k) % len(docs)]
