"""Plain-text tables: pipe, grid and column-aligned tables are tables; prose and earnings lines are not."""

from __future__ import annotations

import pytest

from convert.api import read
from convert.model import Paragraph, Table, plain_text
from convert.readers.text_tables import read_table


def cells(table: Table) -> tuple[list[list[str]], list[list[str]]]:
    def rows(group: tuple) -> list[list[str]]:
        return [[plain_text(c.children) for c in r.cells] for r in group]

    return rows(table.head), rows(table.body)


def test_pipe_table_with_header_alignment_and_escaped_pipe() -> None:
    table = read_table(["| Party | Seats | Note |", "|:------|------:|:----:|", "| PTI | 93 | a \\| b |",
                        "| PML-N | 75 |"])
    assert table is not None
    assert cells(table) == ([["Party", "Seats", "Note"]], [["PTI", "93", "a | b"], ["PML-N", "75", ""]])
    assert table.aligns == ("left", "right", "center")


def test_framed_rows_without_a_separator_are_a_headless_table() -> None:
    table = read_table(["| a | b |", "| 1 | 2 |"])
    assert table is not None and cells(table) == ([], [["a", "b"], ["1", "2"]])
    assert read_table(["| just one |", "| column |"]) is None


def test_grid_table() -> None:
    table = read_table(["+-------+-------+", "| Party | Seats |", "+=======+=======+", "| PTI   | 93    |",
                        "| (PK)  |       |", "+-------+-------+", "| PML-N | 75    |", "+-------+-------+"])
    assert table is not None
    assert cells(table) == ([["Party", "Seats"]], [["PTI (PK)", "93"], ["PML-N", "75"]])


def test_column_aligned_earnings_table_with_a_stub_header() -> None:
    table = read_table(["                      Qtr         Year", "Shr               39 cts       41 cts",
                        "Net            1,699,124    1,177,786", "Revs            45.6 mln     31.6 mln"])
    assert table is not None
    assert cells(table) == ([["", "Qtr", "Year"]], [["Shr", "39 cts", "41 cts"],
                                                    ["Net", "1,699,124", "1,177,786"],
                                                    ["Revs", "45.6 mln", "31.6 mln"]])
    assert table.aligns == (None, "right", "right")


def test_simple_table_with_a_dashed_rule_under_its_header() -> None:
    table = read_table(["  Right     Left     Center     Default", "-------     ------ ----------   -------",
                        "     12     12        12            12", "    123     123       123          123"])
    assert table is not None
    assert cells(table)[0] == [["Right", "Left", "Center", "Default"]]
    assert cells(table)[1][1] == ["123", "123", "123", "123"]


def test_a_table_caption_line_in_the_block() -> None:
    table = read_table(["Table: Results in Sindh", "Party      Seats    Votes", "PTI           93   16.9m",
                        "PML-N         75   13.0m"])
    assert table is not None and plain_text(table.caption) == "Results in Sindh"
    assert cells(table)[0] == [["Party", "Seats", "Votes"]]


@pytest.mark.parametrize("lines", [
    # Reuters-21578 earnings lines: single spaces, no columns (the real corpus wants paragraphs)
    ["    Shr 75 cts vs 52 cts", "    Net 1,699,124 vs 1,177,786", "    Revs 45.6 mln vs 31.6 mln"],
    # hard-wrapped prose with double spaces after full stops
    ["The quick brown fox jumps over the lazy dog.  It was said that",
     "many things happen.  One of them is that dogs  sleep a lot and",
     "nobody cares.  Foxes however are  quick."],
    # a numbered list with two spaces after the markers
    ["1.  First item", "2.  Second item", "3.  Third item"],
    # two aligned lines are not enough
    ["Party      Seats", "PTI           93"],
    # wire copy's indented paragraphs
    ["    KARACHI, June 11 - The river rose.", "It was high.", "    Officials said more."],
])
def test_prose_lists_and_earnings_lines_are_not_tables(lines: list[str]) -> None:
    assert read_table(lines) is None


def test_reuters_earnings_report_stays_paragraphs() -> None:
    text = ("ALATENN RESOURCES INC <ATNG> 4TH QTR NET\n\n    FLORENCE, Ala., Feb 26 - \n"
            "    Shr 75 cts vs 52 cts\n    Net 1,699,124 vs 1,177,786\n"
            "    Revs 45.6 mln vs 31.6 mln\n Reuter\n")
    doc = read(text)
    assert not any(isinstance(b, Table) for b in doc.body)
    assert [plain_text(b.children) for b in doc.body if isinstance(b, Paragraph)] == [
        "Shr 75 cts vs 52 cts", "Net 1,699,124 vs 1,177,786", "Revs 45.6 mln vs 31.6 mln"]


def test_tables_in_an_article_with_their_caption_lines() -> None:
    text = ("Election results\n\nThe commission published the count on Monday.\n\n"
            "Table: Seats won\n\n| Party | Seats |\n|---|---:|\n| PTI | 93 |\n\n"
            "Party      Seats    Votes\nPTI           93   16.9m\nPML-N         75   13.0m\n\n"
            "Table: Votes cast\n\nCounting continues in two districts.\n")
    body = read(text).body
    tables = [b for b in body if isinstance(b, Table)]
    assert [plain_text(t.caption) for t in tables] == ["Seats won", "Votes cast"]
    assert [type(b).__name__ for b in body] == ["Paragraph", "Table", "Table", "Paragraph"]


def test_junk_patterns_never_eat_table_rows() -> None:
    text = ("Fixtures\n\nThe league published the weekend's games.\n\n"
            "Home        Away       Kick-off\nLahore      Karachi       15:00\n"
            "Quetta      Multan        18:30\n")
    table = next(b for b in read(text).body if isinstance(b, Table))
    assert cells(table)[1] == [["Lahore", "Karachi", "15:00"], ["Quetta", "Multan", "18:30"]]
