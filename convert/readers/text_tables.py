"""Tables in plain text: pipe tables, grid tables and column-aligned tables, told apart from prose.

A block of lines is a table only when its shape leaves no doubt:

- **pipe tables**: every line holds a ``|``, and the second line is a ``|---|:--:|`` separator
  (the first is then the header); or, without a separator, at least two lines that each start
  and end with ``|`` and hold the same number of cells;
- **grid tables** (pandoc's): ``+---+---+`` borders around ``| a | b |`` rows; a ``+===+``
  border ends the header;
- **column-aligned tables**: at least three lines whose words stand in two or more columns, a
  run of two or more spaces separating the columns at the same place in every line, each line
  filling at least two columns; a line of dashes under the first line (``-----  -----``) makes it
  the header, as does a first line whose columns hold no figures above columns that do. Hard-wrapped
  prose never has such an all-blank channel through three lines; wire earnings lines such as
  ``Shr 39 cts vs 41 cts`` (single spaces) are not tables: they stay paragraphs, as the
  Reuters-21578 corpus has them.

A ``Table: caption`` line first or last in the block is the table's caption. Cells are plain text
with links and quotations found as in paragraphs.
"""

from __future__ import annotations

import functools
import itertools
import re

from ..model import Table, TableCell, TableRow
from ..textutil import lazy_pattern
from .decode import squash
from .inlines import parse_inlines

_PIPE_SEPARATOR = lazy_pattern(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_DASHES = re.compile(r"^\s*-{2,}(?:\s+-{2,})+\s*$")
_CAPTION = re.compile(r"^\s*Table\s*:\s*(\S.*)$")
_SPLIT = re.compile(r"(?<!\\)\|")
_NUMERIC = lazy_pattern(r"^[-+−–(]?[$£€¥₹%]?\d[\d,.:' ]*(?:%|[a-zA-Z]{0,4}\.?)?\)?$")
_LIST_MARKER = lazy_pattern(r"^\s*(?:[-*•+]|\d{1,3}[.)])\s")
#: Columns must be this many blanks apart in a column-aligned table.
_GUTTER = 2
_MAX_LINE = 300


def caption_of(text: str) -> str | None:
    """The caption a ``Table: ...`` line gives, or None."""
    m = _CAPTION.match(text)
    return m.group(1).strip() if m else None


def with_caption(table: Table, caption: str) -> Table:
    """``table`` captioned (a ``Table:`` line beside it)."""
    return Table(table.head, table.body, parse_inlines(squash(caption)), table.aligns)


def is_table(lines: list[str]) -> bool:
    """Whether a block of lines is a table (cheap tests first: most blocks are prose)."""
    return read_table(lines) is not None


def read_table(lines: list[str]) -> Table | None:
    """The table a block of lines holds, or None when the block is not one."""
    if len(lines) < 2 or any(len(line) > _MAX_LINE for line in lines):
        return None
    return _table(tuple(lines))


@functools.lru_cache(maxsize=64)
def _table(lines: tuple[str, ...]) -> Table | None:
    """:func:`read_table` once per block (the junk filter and the block reader both ask)."""
    caption = ""
    rows = list(lines)
    for at in (0, -1):
        m = _CAPTION.match(rows[at]) if len(rows) > 2 else None
        if m:
            caption = m.group(1).strip()
            rows = rows[1:] if at == 0 else rows[:-1]
            break
    table = _pipe(rows) or _grid(rows) or _aligned(rows)
    if table is None:
        return None
    return with_caption(table, caption) if caption else table


def _cells(texts: list[str]) -> TableRow:
    return TableRow(tuple(TableCell(parse_inlines(squash(t.replace("\\|", "|")))) for t in texts))


def _pipe(lines: list[str]) -> Table | None:
    if len(lines) < 2 or not all("|" in line for line in lines):
        return None
    if _PIPE_SEPARATOR().match(lines[1]) and "-" in lines[1]:
        spec = _split_pipe(lines[1])
        header = _split_pipe(lines[0])
        if len(header) != len(spec):
            return None
        width = len(spec)
        body = [_fit(_split_pipe(line), width) for line in lines[2:] if not _PIPE_SEPARATOR().match(line)]
        aligns = tuple(_pipe_align(s.strip()) for s in spec)
        return Table((_cells(header),), tuple(_cells(r) for r in body),
                     aligns=aligns if any(aligns) else ())
    framed = [line.strip() for line in lines if not _PIPE_SEPARATOR().match(line)]
    if len(framed) < 2 or not all(f.startswith("|") and f.endswith("|") and len(f) > 2 for f in framed):
        return None
    rows = [_split_pipe(f) for f in framed]
    if len({len(r) for r in rows}) != 1 or len(rows[0]) < 2:
        return None
    return Table((), tuple(_cells(r) for r in rows))


def _split_pipe(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip() for c in _SPLIT.split(text)]


def _fit(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _pipe_align(spec: str) -> str | None:
    left, right = spec.startswith(":"), spec.endswith(":")
    return "center" if left and right else "right" if right else "left" if left else None


def _grid(lines: list[str]) -> Table | None:
    if len(lines) < 3 or not _GRID_BORDER.match(lines[0]) or not _GRID_BORDER.match(lines[-1]):
        return None
    first = lines[0]
    bounds = [i for i, ch in enumerate(first) if ch == "+"]
    head: list[TableRow] = []
    body: list[TableRow] = []
    current: list[list[str]] = []
    for line in lines[1:]:
        if _GRID_BORDER.match(line):
            if not current:
                return None
            row = _cells([" ".join(part for part in col if part) for col in zip(*current, strict=True)])
            current = []
            if "=" in line and not body and not head:
                head.append(row)
            else:
                body.append(row)
            continue
        stripped = line.rstrip()
        if not stripped.lstrip().startswith("|") or not stripped.endswith("|"):
            return None
        padded = stripped.ljust(bounds[-1] + 1)
        current.append([padded[a + 1:b].strip() for a, b in itertools.pairwise(bounds)])
    if current or not (head or body):
        return None
    return Table(tuple(head), tuple(body))


def _aligned(lines: list[str]) -> Table | None:
    """A column-aligned table, with or without a dashed rule under its header."""
    rule_at = next((i for i, line in enumerate(lines[:2]) if _DASHES.match(line)), None)
    rows = [line for i, line in enumerate(lines)
            if not (_DASHES.match(line) and i in (rule_at, len(lines) - 1))]
    if len(rows) < 3 - (rule_at is not None) or any(not line.strip() for line in rows):
        return None
    if rule_at is None and all(_LIST_MARKER().match(line) for line in rows):
        return None
    spans = _columns(rows, lines[rule_at] if rule_at is not None else None)
    if spans is None or len(spans) < 2:
        return None
    cells = [[line[a:b].strip() if a < len(line) else "" for a, b in spans] for line in rows]
    if any(sum(1 for c in row if c) < 2 for row in cells[1 if rule_at == 1 else 0:]):
        return None
    has_head = rule_at == 1 or (rule_at is None and _header_like(cells))
    aligns = tuple(_column_align([line for line in rows[1 if has_head else 0:]], a, b) for a, b in spans)
    head = (_cells(cells[0]),) if has_head else ()
    return Table(head, tuple(_cells(r) for r in cells[1 if has_head else 0:]),
                 aligns=aligns if any(aligns) else ())


def _columns(rows: list[str], rule: str | None) -> list[tuple[int, int]] | None:
    """Column spans: between blank channels two wide (or the dashes of a rule) running through every row."""
    width = max(len(line) for line in rows)
    blank = [all(i >= len(line) or line[i] == " " for line in rows) for i in range(width)]
    start = next((i for i, b in enumerate(blank) if not b), width)
    if rule is not None:
        groups = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
        cuts = []
        for (_, end), (nxt, _) in itertools.pairwise(groups):
            channel = [i for i in range(end, nxt) if i < width and blank[i]]
            cuts.append(channel[len(channel) // 2] if channel else (end + nxt) // 2)
        edges = [min(start, groups[0][0]), *cuts, max(width, groups[-1][1])]
        return list(itertools.pairwise(edges))
    cuts = []
    i = start
    while i < width:
        if blank[i]:
            j = i
            while j < width and blank[j]:
                j += 1
            if j - i >= _GUTTER and j < width:
                cuts.append((i, j))
            i = j
        else:
            i += 1
    if not cuts:
        return None
    edges = [start] + [x for a, b in cuts for x in (a, b)] + [width]
    return [(edges[k], edges[k + 1]) for k in range(0, len(edges), 2)]


def _header_like(cells: list[list[str]]) -> bool:
    """A first row with an empty first cell over labelled rows, or with no figures over columns of figures."""
    first, rest = cells[0], cells[1:]
    if not first[0] and all(first[1:]) and all(r[0] for r in rest):
        return True
    if any(_NUMERIC().match(c) for c in first if c):
        return False
    return any(all(_NUMERIC().match(r[k]) for r in rest if r[k]) and any(r[k] for r in rest)
               for k in range(len(first)))


def _column_align(rows: list[str], a: int, b: int) -> str | None:
    """"right" when a column's cells end together but start apart (figures); else the default."""
    starts, ends = set(), set()
    for line in rows:
        part = line[a:b]
        if part.strip():
            starts.add(a + len(part) - len(part.lstrip()))
            ends.add(a + len(part.rstrip()))
    return "right" if len(ends) == 1 and len(starts) > 1 else None
