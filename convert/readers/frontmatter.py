"""Split an article's front matter from its text: YAML between ``---`` lines or ``Key: value`` lines."""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from .decode import is_blank
from .metadata import KNOWN_KEYS, canonical_key

_YAML_FENCE = re.compile(r"^---\s*$")
_YAML_END = re.compile(r"^(---|\.\.\.)\s*$")
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,30}(?: [A-Za-z][A-Za-z0-9_-]{0,30})?)\s*:\s*(.*)$")


def split_front_matter(lines: list[str], origin: str) -> tuple[dict[str, Any], list[str]]:
    """Front matter as YAML between ``---`` lines or as ``Key: value`` header lines.

    Header lines count only when every line of the first block has that form and at least one
    key is a known metadata key, so a headline such as "Breaking: floods hit Sindh" is not
    mistaken for a header.
    """
    start = 0
    while start < len(lines) and is_blank(lines[start]):
        start += 1
    if start < len(lines) and _YAML_FENCE.match(lines[start]):
        for end in range(start + 1, len(lines)):
            if _YAML_END.match(lines[end]):
                return _load_yaml("\n".join(lines[start + 1:end]), origin), lines[end + 1:]
        # an opening fence with no closing one is not front matter: a rule line, say
    block_end = start
    while block_end < len(lines) and not is_blank(lines[block_end]):
        block_end += 1
    block = lines[start:block_end]
    if block and block_end < len(lines):
        matches = [_HEADER_LINE.match(line.strip()) for line in block]
        if all(matches):
            pairs = [(m.group(1), m.group(2).strip()) for m in matches if m]
            if any(canonical_key(k) in KNOWN_KEYS for k, _ in pairs) and all(v for _, v in pairs):
                return {k: v for k, v in pairs}, lines[block_end:]
    return {}, lines


def _load_yaml(source: str, origin: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(source) if source.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"front matter is not valid YAML{where}", path=origin) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("front matter must be a mapping of keys to values", path=origin)
    return {str(k): v for k, v in data.items()}
