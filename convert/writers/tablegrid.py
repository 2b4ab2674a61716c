"""Where each table cell sits in the grid once row and column spans are counted (every writer)."""

from __future__ import annotations

from msgspec import Struct

from ..model import TableCell, TableRow


class Placed(Struct, frozen=True):
    """A cell at row ``row`` (0 = first header row), starting at column ``col``."""

    cell: TableCell
    row: int
    col: int

    @property
    def colspan(self) -> int:
        return max(1, self.cell.colspan)

    @property
    def rowspan(self) -> int:
        return max(1, self.cell.rowspan)


def place(rows: tuple[TableRow, ...]) -> tuple[list[list[Placed]], int]:
    """Each row's cells with their grid positions, and the number of columns.

    A cell spanning rows takes its columns in the rows below, so the next cells of those rows
    start after it (as HTML tables are laid out). Spans past the last row are cut to it.
    """
    taken: dict[int, set[int]] = {}
    out: list[list[Placed]] = []
    width = 0
    last = len(rows) - 1
    for r, row in enumerate(rows):
        busy = taken.get(r, set())
        col = 0
        placed = []
        for cell in row.cells:
            while col in busy:
                col += 1
            p = Placed(cell, r, col)
            placed.append(p)
            for rr in range(r + 1, min(last, r + p.rowspan - 1) + 1):
                taken.setdefault(rr, set()).update(range(col, col + p.colspan))
            col += p.colspan
        width = max(width, col, max(busy, default=-1) + 1)
        out.append(placed)
    return out, width


def column_align(aligns: tuple[str | None, ...], col: int) -> str | None:
    """A column's alignment ("left", "center", "right") or None for the default."""
    value = aligns[col] if 0 <= col < len(aligns) else None
    return value if value in ("left", "center", "right") else None
