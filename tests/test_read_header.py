"""The shape rules on grids of text cells: header row, names, footers, records versus summary."""

from __future__ import annotations

import pytest

from ingest.read import header as hdr


def grid(text: str) -> list[list[str | None]]:
    return [
        [c.strip() or None for c in line.split("|")] if line.strip() else [] for line in text.splitlines()
    ]


@pytest.mark.parametrize(
    ("text", "header_index"),
    [
        ("id|name|amount\n1|a|2", 0),
        ("Sales Report Q3\nGenerated 2024-07-01\n\nid|name|amount\n1|a|2\n2|b|3", 3),
        ("Filtered By:|Stage = Won\n\nOwner|Account|Stage|Amount|Close\nAnn|X|Won|1|2024-01-01", 2),
        ("Pipeline|Pipeline|Pipeline|Pipeline\nOwner|Account|Stage|Amount\nAnn|X|Won|1", 1),  # merged title
        ("2023|2024|2025\n1|2|3", 0),  # nothing header-like: the first full row
        ("email\na@x.com\nb@x.com", 0),
        ("\n\n", None),
    ],
)
def test_find_header(text, header_index):
    assert hdr.find_header(grid(text)) == header_index


def test_unique_names():
    # Case-insensitive (DuckDB identifiers are); a generated name never takes a name the file uses.
    assert hdr.unique_names(["a", "A", "a (2)", "a", "_ROW"]) == ["a", "A (3)", "a (2)", "a (4)", "_ROW (2)"]


def test_plan_columns_names_unnamed_and_drops_empty():
    has_data = hdr.columns_with_data([[None, "x", "y", "z", None]], 5)
    plan = hdr.plan_columns([None, "Name", None, "Name", None], has_data)
    assert plan.positions == [1, 2, 3]
    assert plan.names == ["Name", "Unnamed 3", "Name (2)"]
    assert plan.empty_positions == [0, 4]


@pytest.mark.parametrize(
    ("label", "subtotal"),
    [
        ("Total", True),
        ("Totals", True),
        ("Grand Totals (120 records)", True),
        ("Sub-total:", True),
        ("小计", True),
        ("合计：", True),
        ("总计 12", True),
        ("Total Care", False),
        ("Totalizer", False),
        ("East", False),
    ],
)
def test_subtotal_labels(label, subtotal):
    assert hdr.is_subtotal([label, "10"]) is subtotal


def test_lone_row_after_a_blank_row_is_data_not_footer():
    rows = grid("a|1\nb|2\n\nc|")
    assert hdr.trailing_junk(rows, 2).start == 4


def test_footer_without_blank_line_needs_footer_words():
    rows = grid("a|1\nb|2\nReport generated 2024-05-01 by CRM")
    junk = hdr.trailing_junk(rows, 2)
    assert (junk.start, junk.footer_lines, junk.salesforce) == (2, 1, False)


SUMMARY = [
    ("Source|Visitors|Conversion %\nGoogle|1200|3.5%\nBing|300|2.1%\nDirect|800|4.0%", "summary"),
    ("渠道|访客数|转化率\n百度|1200|3.5%\n微信|300|2.1%", "summary"),
    ("Stage|Deals|Amount\nWon|10|1000\nLost|5|0", "summary"),
    ("product|series|sales_price\nGTX Basic|GTX|550\nGTX Pro|GTX|4821", "records"),
    ("Deal ID|Stage|Amount\nD1|Won|10\nD2|Lost|0", "records"),
    ("Source|Visitors|Date\nGoogle|1200|2024-01-01", "records"),
    ("Owner|Amount\nAnn|10\nAnn|20\nBob|5", "records"),
]


@pytest.mark.parametrize(("text", "kind"), SUMMARY)
def test_table_kind(text, kind):
    rows = grid(text)
    columns = [c for c in rows[0] if c]
    assert hdr.table_kind(columns, rows[1:], len(rows) - 1) == kind


def test_large_tables_are_records():
    rows = [[f"s{i}", str(i), "1%"] for i in range(500)]
    assert hdr.table_kind(["Source", "Visitors", "Rate"], rows, 500) == "records"
    assert hdr.table_kind(["Source", "Visitors", "Rate"], rows[:5], None) == "records"
