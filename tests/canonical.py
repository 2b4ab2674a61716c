"""Canonical, reviewable text forms of outputs for golden tests (no volatile bytes)."""

from __future__ import annotations

import io
import zipfile

from lxml import etree


def canonical_xml(data: bytes | str) -> str:
    """Pretty-printed XML with attributes sorted, so diffs show content, not serialiser whims."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    for el in root.iter():
        if isinstance(el.tag, str) and len(el.attrib) > 1:
            items = sorted(el.attrib.items())
            el.attrib.clear()
            for k, v in items:
                el.set(k, v)
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def zip_listing(data: bytes) -> str:
    """One line per zip member: name, method, size; in archive order."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    lines = []
    for info in zf.infolist():
        method = "stored" if info.compress_type == zipfile.ZIP_STORED else "deflated"
        lines.append(f"{info.filename}\t{method}\t{info.file_size}")
    return "\n".join(lines) + "\n"


def zip_member(data: bytes, name: str) -> bytes:
    """One member's bytes."""
    return zipfile.ZipFile(io.BytesIO(data)).read(name)
