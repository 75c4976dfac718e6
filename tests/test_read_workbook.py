"""Workbooks: sheet choice, titles above the table, merged cells, cell types as text, big empty areas."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from ingest.read.cells import cell_text
from ingest.read.tables import ReadError, read_table
from tests.data.read.builders import load, xlsx_bytes, xlsx_with_empty_formatted_rows

LEGACY_XLS = Path(__file__).parent / "data" / "read" / "legacy_deals.xls"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (660737.0, "660737"),
        (123456789012.0, "123456789012"),
        (9007199254740991.0, "9007199254740991"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-0.0, "0"),
        (1e20, "1e+20"),
        (12, "12"),
        (True, "TRUE"),
        (dt.datetime(2011, 12, 9, 12, 31, 59, 999_996), "2011-12-09 12:32:00"),
        (dt.datetime(2024, 1, 2), "2024-01-02 00:00:00"),
        (dt.date(2024, 2, 29), "2024-02-29"),
        (dt.time(13, 14, 15), "13:14:15"),
        (dt.timedelta(hours=26, minutes=3), "26:03:00"),
        ("  0010087865628 ", "0010087865628"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_types_become_text_and_mixed_columns_are_fine():
    data = xlsx_bytes(
        {
            "Orders": [
                ["InvoiceNo", "StockCode", "InvoiceDate", "Card", "CustomerID", "Price"],
                [536365, 85123, dt.datetime(2010, 12, 1, 8, 26), "0010087865628", 17850, 2.55],
                ["C536379", "85123A", dt.datetime(2010, 12, 1, 9, 41), "*******528", "", 0.1],
                [536366.0, "POST", dt.date(2010, 12, 2), "0013406628", 17850.0, 8.29],
            ]
        }
    )
    raw = read_table(data, "Online Retail.xlsx")
    assert (raw.container, raw.sheet, raw.header_row, raw.row_count) == ("xlsx", "Orders", 1, 3)
    columns, rows = load(raw)
    assert rows == [
        ("536365", "85123", "2010-12-01 08:26:00", "0010087865628", "17850", "2.55", 1),
        ("C536379", "85123A", "2010-12-01 09:41:00", "*******528", None, "0.1", 2),
        (
            "536366",
            "POST",
            "2010-12-02 00:00:00",
            "0013406628",
            "17850",
            "8.29",
            3,
        ),  # a date in a date-time column
    ]


def test_title_in_a1_and_table_starting_at_b3():
    data = xlsx_bytes(
        {
            "Report": [
                ["Quarterly pipeline", None, None],
                [None, None, None],
                [None, "Owner", "Amount"],
                [None, "Ann", 5],
            ]
        },
    )
    raw = read_table(data, "r.xlsx")
    assert raw.header_row == 3
    assert raw.columns == ["Owner", "Amount"]
    assert load(raw)[1] == [("Ann", "5", 1)]


def test_table_placed_at_b3_and_merged_cells_filled_down():
    rows = [["Variable", "Description"]] + [[f"v{i}", None] for i in range(1, 7)]
    rows[1][1] = "first"
    rows[2][1] = "shared by v2..v5"
    rows[6][1] = "last"
    data = xlsx_bytes({"Sheet1": rows}, start={"Sheet1": "B3"}, merged={"Sheet1": ["C5:C8"]})
    raw = read_table(data, "dict.xlsx")
    assert (raw.header_row, raw.columns) == (3, ["Variable", "Description"])
    columns, loaded = load(raw)
    assert [r[1] for r in loaded] == ["first"] + ["shared by v2..v5"] * 4 + ["last"]


def test_largest_visible_data_sheet_is_chosen_and_others_listed():
    data = xlsx_bytes(
        {
            "Summary": [["Source", "Visitors", "Conversion %"], ["Google", 100, "5%"], ["Bing", 10, "2%"]],
            "Data Dictionary": [["Field", "Description"], ["deal_id", "The id"], ["amount", "Value"]] * 5,
            "Hidden rows": [["id", "x"]] + [[i, i] for i in range(50)],
            "Deals": [["Deal ID", "Stage", "Amount"], ["D1", "Won", 10], ["D2", "Lost", 0]],
            "Pivot": [["Stage", "Sum of Amount"], ["Won", 10], ["Lost", 0], ["Open", 0], ["Total", 10]],
        },
        hidden=["Hidden rows"],
    )
    raw = read_table(data, "book.xlsx")
    assert raw.sheet == "Deals"
    assert raw.sheets == ["Summary", "Data Dictionary", "Deals", "Pivot"]
    chosen = read_table(data, "book.xlsx", sheet="summary")
    assert (chosen.sheet, chosen.kind, chosen.columns) == (
        "Summary",
        "summary",
        ["Source", "Visitors", "Conversion %"],
    )
    hidden = read_table(data, "book.xlsx", sheet="Hidden rows")  # asked for by name: allowed
    assert hidden.row_count == 50


def test_unknown_sheet_names_the_choices():
    data = xlsx_bytes({"Deals": [["a", "b"], [1, 2]], "Notes": [["x"]]})
    with pytest.raises(ReadError, match="no sheet named 'Leads'.*Deals, Notes"):
        read_table(data, "book.xlsx", sheet="Leads")


def test_empty_workbook_is_an_error():
    with pytest.raises(ReadError, match="empty"):
        read_table(xlsx_bytes({"Sheet1": []}), "empty.xlsx")


def test_dynamics_365_export():
    data = xlsx_bytes(
        {
            "Active Opportunities": [
                [
                    "(Do Not Modify) Opportunity",
                    "(Do Not Modify) Row Checksum",
                    "(Do Not Modify) Modified On",
                    "Topic",
                    "Est. Close Date",
                    "Est. Revenue",
                ],
                [
                    "0f8fad5b-d9cb-469f-a165-70867728950e",
                    "abc==",
                    dt.datetime(2024, 5, 1),
                    "Big deal",
                    dt.date(2024, 6, 30),
                    15000,
                ],
            ],
            "hiddenSheet": [["metadata"]],
        },
        hidden=["hiddenSheet"],
    )
    raw = read_table(data, "Active Opportunities.xlsx")
    assert raw.columns == ["Topic", "Est. Close Date", "Est. Revenue"]
    assert raw.sheets == ["Active Opportunities"]
    assert any("Do Not Modify" in w for w in raw.warnings)
    assert load(raw)[1] == [("Big deal", "2024-06-30", "15000", 1)]


def test_blank_and_subtotal_rows_in_a_sheet():
    data = xlsx_bytes(
        {"S": [["Region", "Amount"], ["East", 1], [None, None], ["West", 2], ["合计", 3], ["Grand Total", 3]]}
    )
    raw = read_table(data, "s.xlsx")
    assert raw.row_count == 2 and raw.dropped_rows == 3
    assert load(raw)[1] == [("East", "1", 1), ("West", "2", 3)]


def test_million_empty_formatted_rows_are_quick():
    data = xlsx_with_empty_formatted_rows([["id", "name"], ["1", "x"], ["2", "y"]], 1_000_000)
    started = time.perf_counter()
    raw = read_table(data, "formatted.xlsx")
    assert time.perf_counter() - started < 10
    assert (raw.row_count, raw.columns) == (2, ["id", "name"])


def test_legacy_xls():
    raw = read_table(LEGACY_XLS.read_bytes(), "deals.xls")
    assert (raw.container, raw.sheet, raw.sheets, raw.header_row) == ("xls", "Deals", ["Notes", "Deals"], 3)
    assert raw.columns == ["Deal ID", "Account", "Amount", "Close Date", "Card No", "Region"]
    columns, rows = load(raw)
    assert rows == [
        ("660737", "Acme", "1200.5", "2024-01-31", "0010087865628", "North", 1),
        ("660738", "Beta", "0.1", "2024-02-29", "0013406628", "North", 2),
        ("123456789012", "Gamma", "3", "2024-03-01", "*******528", "North", 3),
    ]


def test_preview_of_a_workbook():
    data = xlsx_bytes({"S": [["a", "b"]] + [[i, f"v{i}"] for i in range(30)]})
    preview = read_table(data, "s.xlsx").preview(3)
    assert preview.values.tolist() == [["0", "v0"], ["1", "v1"], ["2", "v2"]]


def test_preview_shows_exactly_what_loads():
    data = xlsx_bytes(
        {
            "S": [
                ["When", "Amount", "Code", "Mixed", "Note", "Empty"],
                [dt.datetime(2024, 1, 2, 3, 4, 5), 1.5, "  007 ", 12, None, None],
                [dt.datetime(2024, 1, 3), 2.0, "A", "x", "  ", None],
                [dt.datetime(2024, 1, 4, 23, 59, 59), 123456789012.0, "B", dt.date(2024, 5, 6), "n", None],
            ]
        }
    )
    raw = read_table(data, "s.xlsx")
    preview = [tuple(r) for r in raw.preview(10).values.tolist()]
    columns, rows = load(raw)
    assert preview == [r[:-1] for r in rows]
    assert rows[1][:2] == ("2024-01-03 00:00:00", "2")
    assert columns == ["When", "Amount", "Code", "Mixed", "Note", "Empty", "_row"]  # a named column stays
