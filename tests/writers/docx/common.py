"""Shared names for the DOCX writer tests: namespaces, options, and small XML readers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml import etree

from convert.options import WriteOptions
from convert.styles import load_style
from tests.canonical import zip_member

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R,
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "cu": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
      "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}

STAMP = datetime(2025, 6, 12, 8, 30, 4, tzinfo=UTC)
OPTIONS = WriteOptions(style=load_style("default"), timestamp=STAMP)


def wattr(name: str) -> str:
    """Clark name of a ``w:`` attribute."""
    return f"{{{W}}}{name}"


def xml(data: bytes, name: str) -> etree._Element:
    """One part of a .docx, parsed."""
    return etree.fromstring(zip_member(data, name))


def text_of(el: etree._Element) -> str:
    return "".join(el.itertext())


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
