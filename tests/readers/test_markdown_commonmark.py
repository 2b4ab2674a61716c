"""The 655 CommonMark spec examples (``../shared/commonmark/spec.json``) all read without a crash.

Each example is read as it is (an example without a headline of its own is refused with one line,
exit 3, never a crash) and under a ``# Example N`` headline, when every one must read. The model
of each survives its JSON round trip, and no HTML comment reaches it.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import pytest

from convert.errors import InputError
from convert.model import from_dict, to_dict
from convert.options import ReadOptions
from convert.readers import markdown
from tests.support import SHARED, require

SPEC = SHARED / "commonmark" / "spec.json"


@functools.cache
def examples() -> list[dict[str, Any]]:
    return json.loads(SPEC.read_text(encoding="utf-8")) if SPEC.is_file() else []


def test_the_spec_examples_are_present() -> None:
    require(len(examples()) == 655, f"CommonMark examples not found at {SPEC}")


def test_every_example_reads_or_is_refused_with_one_line() -> None:
    require(bool(examples()), f"CommonMark examples not found at {SPEC}")
    refused = 0
    for ex in examples():
        try:
            markdown.read(ex["markdown"].encode("utf-8"), ReadOptions(origin=f"example-{ex['example']}.md"))
        except InputError as exc:
            refused += 1
            assert "\n" not in str(exc) and f"example-{ex['example']}.md" in str(exc)
    assert refused < 300  # most examples open with text that can be a headline


_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)


@pytest.mark.parametrize("section", sorted({ex["section"] for ex in examples()}) or ["(none)"])
def test_every_example_under_a_headline_reads_and_round_trips(section: str) -> None:
    require(bool(examples()), f"CommonMark examples not found at {SPEC}")
    for ex in (e for e in examples() if e["section"] == section):
        text = f"# Example {ex['example']}\n\n{ex['markdown']}"
        doc = markdown.read(text.encode("utf-8"), ReadOptions(origin="spec.md"))
        assert doc.meta.headline == f"Example {ex['example']}"
        data = to_dict(doc)
        assert from_dict(data) == doc
        dumped = json.dumps(data, ensure_ascii=False)
        for comment in _COMMENT.findall(ex["markdown"]):
            if comment.strip() and "`" not in ex["markdown"] and "    " not in ex["markdown"]:
                assert json.dumps(comment)[1:-1] not in dumped, ex["example"]
