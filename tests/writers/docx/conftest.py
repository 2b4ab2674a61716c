"""Fixtures of the DOCX writer tests: the canonical test document written once per module."""

from __future__ import annotations

import pytest

from convert.writers import docx as writer
from tests.sample_docs import kitchen_sink
from tests.writers.docx.common import OPTIONS


@pytest.fixture(scope="module")
def sink() -> bytes:
    """The kitchen-sink article as DOCX with the default house style."""
    return writer.write(kitchen_sink(), OPTIONS)
