"""The fastexcel path for .xlsx (ingest.read.xlsx_fast, ingest.read.arrow) reads every sheet exactly as the
general python-calamine path does: same columns, header row, warnings, preview and loaded text.

fastexcel writes every cell as text without its type, so a few differences remain, all loading to the same
values or as good as: a text cell "true" becomes "TRUE"; a midnight date-time among cells of other types
keeps " 00:00:00"; whole numbers from 2**53 are written in digits ("9123456789012344", not "...44.0");
a number smaller than 5e-10 reads 0; durations under a day read "02:30:00" rather than "2:30:00"; a text
cell that looks exactly like fastexcel's date-time text is read as one (rounded to the second, or as a
duration in a column of 1900 dates).  Rarer still: numbers are read again only in a column where one shows
nine decimals, and never in the header row; a merged range whose hidden cells keep values (LibreOffice can
save that) on a sheet without a single empty cell loads those values instead of filling the range."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.read.excel_text import DateSystem, python_text, text_sql
from ingest.read.tables import ReadError, read_table
from ingest.read.workbook import _read_workbook
from ingest.read.xlsx_fast import read_fast, scan_sheet, workbook_parts
from tests.data.read.builders import SHEET_XML_HEAD, load, xlsx_bytes, xlsx_from_sheet_xml

ROOT = Path(__file__).resolve().parent.parent

WORKBOOKS = {
    "types": {
        "Orders": [
            ["InvoiceNo", "StockCode", "InvoiceDate", "Card", "CustomerID", "Price", "Big id"],
            [536365, 85123, dt.datetime(2010, 12, 1, 8, 26), "0010087865628", 17850, 2.55, 123456789012],
            ["C536379", "85123A", dt.datetime(2010, 12, 1, 9, 41), "*******528", "", 0.1, 9007199254740991],
            [536366.0, "POST", dt.date(2010, 12, 2), "0013406628", 17850.0, 0.1 + 0.2, 660737.0],
        ]
    },
    "dates": {
        "S": [
            ["Day", "Stamp", "Noisy", "Mixed"],
            [dt.date(2024, 1, 31), dt.datetime(2024, 1, 2), dt.datetime(2011, 12, 9, 12, 31, 59, 999_996), "n/a"],
            [dt.date(2024, 2, 29), dt.datetime(2024, 1, 2, 3, 4, 5), dt.datetime(2024, 3, 1, 8, 25, 59, 999_000),
             dt.datetime(2024, 1, 2, 9)],
            [dt.date(2024, 3, 1), None, dt.datetime(2024, 3, 1, 23, 59, 59, 600_000), 5],
        ]
    },
    "durations": {
        "Tickets": [
            ["Ticket", "First Response Time", "Resolution Time", "Opened At"],
            ["T1", dt.timedelta(hours=26, minutes=3), dt.timedelta(days=61, hours=2), dt.time(13, 14, 15)],
            ["T2", dt.timedelta(hours=2, minutes=30), dt.timedelta(hours=5), dt.time(0, 0, 1)],
            ["T3", None, dt.timedelta(minutes=1, seconds=1), dt.time(23, 59, 59)],
        ]
    },
    "flags": {
        "S": [
            ["Name", "Active", "Delta", "Note"],
            ["a", True, -0.0, "x"],
            ["b", False, 1e-3, "  padded  "],
            ["c", None, -5.5, "   "],
        ]
    },
    "report layout": {
        "Report": [
            ["Quarterly pipeline", None, None],
            ["Filtered by: owner", None, None],
            [None, None, None],
            ["Owner", "Stage", "Amount"],
            ["Ann", "Won", 5],
            [None, None, None],
            ["Bob", "Lost", 7],
            ["  Total", None, 12],
            ["合计", None, 12],
            [None, None, None],
            ["Grand Totals (2 records)", None, None],
            ["Confidential Information - Do Not Distribute", None, None],
            ["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.", None, None],
        ]
    },
    "many sheets": {
        "Summary": [["Source", "Visitors", "Conversion %"], ["Google", 100, "5%"], ["Bing", 10, "2%"]],
        "Data Dictionary": [["Field", "Description"], ["deal_id", "The id"], ["amount", "Value"]] * 5,
        "Hidden rows": [["id", "x"]] + [[i, i] for i in range(50)],
        "Deals": [["Deal ID", "Stage", "Amount"], ["D1", "Won", 10], ["D2", "Lost", 0]],
        "Pivot": [["Stage", "Sum of Amount"], ["Won", 10], ["Lost", 0], ["Open", 0], ["Total", 10]],
    },
    "dynamics": {
        "Active Opportunities": [
            ["(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "Topic", "Est. Close Date"],
            ["0f8fad5b-d9cb-469f-a165-70867728950e", "abc==", "Big deal", dt.date(2024, 6, 30)],
        ],
        "hiddenSheet": [["metadata"]],
    },
    "extra values": {"S": [["a", "b"], [1, 2, 3], [4, 5, None], [None, None, None], [6, None, None]]},
    "precise numbers": {
        "S": [
            ["Deal", "Amount", "Ratio", "Pi"],
            ["a", 12345678.12, 1 / 7, 3.14159265358979],
            ["b", 98765432.12, 0.123456789012, 1234567.1234567],
            ["c", 150000000.5, 2 / 3, 0.1 + 0.2],
        ]
    },
    "unnamed at C5": {
        "S": [["Deal ID", "Owner", "Stage", None, "Amount"]]
        + [[f"D{i}", "Ann", "Won", f"note {i}", i, "extra" if i == 2 else None] for i in range(1, 5)]
    },
    "long durations": {
        "S": [
            ["Ticket", "Whole days", "Over a year"],  # a column of durations all under a day: see the docstring
            ["T1", dt.timedelta(days=3), dt.timedelta(days=400)],
            ["T2", dt.timedelta(0), dt.timedelta(hours=30)],
        ]
    },
    "odd headers": {
        "S": [
            ["name", dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1, 8, 30), True, dt.time(8, 30)],
            ["a", 1, 2, 3, 4],
            ["b", 5, 6, 7, 8],
        ]
    },
    "nine decimals typed as text": {"S": [["id", "rate"], ["x", 1 / 7], ["y", "1.500000000"], ["z", " 2.000000000 "]]},
    "spaces": {
        "S": [
            ["id", "\u00a0", "amt"],
            [1, "a", 2],
            [" ", "Total", 5],
            ["\u00a0", "\u3000", None],
            ["   ", None, None],
            [2, "b", 3],
        ]
    },
}
STARTS = {"report layout": {"Report": "B3"}, "unnamed at C5": {"S": "C5"}}
HIDDEN = {"many sheets": ["Hidden rows"], "dynamics": ["hiddenSheet"]}


def _workbook(name: str) -> bytes:
    return xlsx_bytes(WORKBOOKS[name], start=STARTS.get(name), hidden=HIDDEN.get(name, ()))


def _facts(raw) -> tuple:
    return (raw.columns, raw.sheet, raw.sheets, raw.header_row, raw.kind, raw.warnings, raw.dropped_rows,
            raw.row_count)


def _same(fast, general) -> None:
    assert _facts(fast) == _facts(general)
    assert fast.preview(50).values.tolist() == general.preview(50).values.tolist()
    assert load(fast) == load(general)


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_fast_path_reads_like_the_general_one(name):
    data = _workbook(name)
    fast = read_fast(data, None)
    assert fast is not None, "the fast path declined a workbook it handles"
    _same(fast, _read_workbook(data, "xlsx", None))


@pytest.mark.parametrize(("name", "sheet"), [("many sheets", "summary"), ("many sheets", "Hidden rows"),
                                             ("dynamics", "hiddenSheet")])
def test_a_chosen_sheet_reads_alike(name, sheet):
    data = _workbook(name)
    _same(read_fast(data, sheet), _read_workbook(data, "xlsx", sheet))


def test_the_texts_the_general_path_gives():
    raw = read_fast(_workbook("durations"), None)
    assert load(raw)[1] == [
        ("T1", "26:03:00", "1466:00:00", "13:14:15", 1),
        ("T2", "2:30:00", "5:00:00", "00:00:01", 2),
        ("T3", None, "0:01:01", "23:59:59", 3),
    ]
    rows = load(read_fast(_workbook("dates"), None))[1]
    assert [r[0] for r in rows] == ["2024-01-31", "2024-02-29", "2024-03-01"]  # midnight dates stay dates
    assert [r[2] for r in rows] == ["2011-12-09 12:32:00", "2024-03-01 08:26:00", "2024-03-02 00:00:00"]
    assert load(read_fast(_workbook("flags"), None))[1] == [
        ("a", "TRUE", "0", "x", 1),
        ("b", "FALSE", "0.001", "padded", 2),
        ("c", None, "-5.5", None, 3),
    ]


def _openpyxl_bytes(build) -> bytes:
    book = openpyxl.Workbook()
    build(book, book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_1904_workbook_reads_alike():
    def build(book, sheet):
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        sheet.append(["id", "Time", "Duration", "Date", "Stamp"])
        sheet.append([1, dt.time(10, 0), dt.timedelta(hours=30), dt.date(2024, 1, 5), dt.datetime(2024, 1, 5, 10, 30)])
        sheet.append([2, dt.time(13, 30), dt.timedelta(hours=10), dt.date(2023, 3, 1), dt.datetime(2023, 3, 1)])

    data = _openpyxl_bytes(build)
    fast = read_fast(data, None)
    _same(fast, _read_workbook(data, "xlsx", None))
    assert load(fast)[1] == [
        ("1", "10:00:00", "30:00:00", "2024-01-05", "2024-01-05 10:30:00", 1),
        ("2", "13:30:00", "10:00:00", "2023-03-01", "2023-03-01 00:00:00", 2),
    ]


def test_the_header_row_counts_cells_above_the_table_as_calamine_does():
    def build(book, sheet):
        sheet["E1"] = "=TODAY()"  # openpyxl writes no cached value: <v></v>, which calamine skips
        sheet.append([])
        for row in [["Deal ID", "Owner", "Amount"], ["D1", "Ann", 10], ["D2", "Bob", 20]]:
            sheet.append(row)

    data = _openpyxl_bytes(build)
    fast = read_fast(data, None)
    assert fast.header_row == 3
    _same(fast, _read_workbook(data, "xlsx", None))
    sheet_xml = "xl/worksheets/sheet1.xml"
    for above in (b'<c r="B2" t="inlineStr"><is><t></t></is></c>', b'<c r="B2" t="str"><f>""</f><v></v></c>'):
        edited = _rewrite(data, sheet_xml, b'<row r="3"', b'<row r="2">' + above + b'</row><row r="3"', prefix=False)
        _same(read_fast(edited, None), _read_workbook(edited, "xlsx", None))


def test_numbers_read_again_line_up_off_a1_and_on_a_later_sheet():
    data = xlsx_bytes(
        {
            "Notes": [["see the other sheet"]],
            "Rates": [["Rates by deal"], [None], ["Deal", "Rate", "Amount"]]
            + [[f"D{i}", 1 / (i + 6), 12345678.12 + i] for i in range(1, 40)]
            + [["Total", None, 99]],
        },
        start={"Rates": "C4"},
    )
    fast = read_fast(data, None)
    _same(fast, _read_workbook(data, "xlsx", None))
    rows = load(fast)[1]
    assert (rows[0][1], rows[0][2], rows[26][1]) == ("0.1428571428571428", "12345679.12", "0.0303030303030303")


def test_merged_ranges_over_blank_looking_cells_take_the_general_path():
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Region</t></is></c><c r="B1" t="inlineStr"><is><t>Rep</t>'
        '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>East</t></is></c><c r="B2" t="inlineStr"><is>'
        '<t>Ann</t></is></c></row><row r="3"><c r="A3" t="str"><f>""</f><v></v></c><c r="B3" t="inlineStr"><is>'
        '<t>Bob</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t> </t></is></c><c r="B4" '
        't="inlineStr"><is><t>Cy</t></is></c></row>'
    )
    data = xlsx_from_sheet_xml(
        SHEET_XML_HEAD + rows.encode() + b'</sheetData><mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>'
        b"</worksheet>"
    )
    assert read_fast(data, None) is None
    assert [r[0] for r in load(read_table(data, "m.xlsx"))[1]] == ["East", "East", "East"]


def test_an_unreadable_sheet_part_falls_back_to_the_general_message():
    data = bytearray(xlsx_from_sheet_xml(SHEET_XML_HEAD + b'<row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
                                         b"</worksheet>", sheet_compression=zipfile.ZIP_STORED))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    data[info.header_offset + 8 : info.header_offset + 10] = (9).to_bytes(2, "little")  # "Deflate64"
    central = bytes(data).rfind(b"PK\x01\x02xl/worksheets/sheet1.xml"[:4], 0)
    while central >= 0 and b"xl/worksheets/sheet1.xml" not in data[central + 46 : central + 70]:
        central = bytes(data).rfind(b"PK\x01\x02", 0, central)
    data[central + 10 : central + 12] = (9).to_bytes(2, "little")
    assert read_fast(bytes(data), None) is None
    with pytest.raises(ReadError, match="could not be read"):
        read_table(bytes(data), "deals.xlsx")


def test_the_first_value_in_a_huge_cell_across_the_first_megabyte():
    from ingest.read.xlsx_fast import _CHUNK

    table = '<row r="4"><c r="A4" t="inlineStr"><is><t>name</t></is></c><c r="B4" t="inlineStr"><is><t>amount</t>'
    table += "</is></c></row>" + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>n{r}</t></is></c><c r="B{r}"><v>{r}</v></c></row>'
        for r in range(5, 12)
    )
    padding = b" " * (_CHUNK - len(SHEET_XML_HEAD) - 69_000)
    title = f'<row r="3"><c r="A3" t="inlineStr"><is><t>{"x" * 70_000}</t></is></c></row>'.encode()
    data = xlsx_from_sheet_xml(SHEET_XML_HEAD + padding + title + table.encode() + b"</sheetData></worksheet>")
    fast = read_fast(data, None)
    assert fast.header_row == 4
    _same(fast, _read_workbook(data, "xlsx", None))


def test_merged_cells_take_the_general_path():
    rows = [["Variable", "Description"]] + [[f"v{i}", None] for i in range(1, 7)]
    rows[1][1] = "first"
    rows[2][1] = "shared by v2..v5"
    data = xlsx_bytes({"Sheet1": rows}, start={"Sheet1": "B3"}, merged={"Sheet1": ["C5:C8"]})
    assert read_fast(data, None) is None
    raw = read_table(data, "dict.xlsx")
    assert [r[1] for r in load(raw)[1]][:5] == ["first"] + ["shared by v2..v5"] * 4


def test_scan_finds_the_first_row_and_prefixed_merges():
    data = _workbook("report layout")
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts, _ = workbook_parts(archive)
    assert [(p.name, p.visible) for p in parts] == [("Report", True)]
    scan = scan_sheet(archive, parts[0])
    assert (scan.first_row, scan.merged) == (3, False)
    prefixed = _rewrite(data, parts[0].path, b"</x:sheetData>", b'</x:sheetData><x:mergeCells count="1">'
                        b'<x:mergeCell ref="B3:D3"/></x:mergeCells>', prefix=True)
    archive = zipfile.ZipFile(io.BytesIO(prefixed))
    assert scan_sheet(archive, workbook_parts(archive)[0][0]).merged


def _rewrite(data: bytes, member: str, old: bytes, new: bytes, *, prefix: bool) -> bytes:
    """The workbook with ``member``'s XML edited (optionally with every element given an x: prefix)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item)
            if item.filename == member:
                if prefix:
                    body = body.replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?", b"<?")
                    body = body.replace(b'xmlns="', b'xmlns:x="')
                body = body.replace(old, new)
            zout.writestr(item, body)
    return out.getvalue()


def test_damaged_workbooks_get_the_general_paths_message():
    data = _workbook("types")
    truncated = _rewrite(data, "xl/worksheets/sheet1.xml", b"</sheetData>", b"", prefix=False)
    assert read_fast(truncated, None) is None
    # Corrupt compressed bytes in xl/workbook.xml: zlib fails while the fast path reads the sheet list.
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    damaged[start + 2 : start + 10] = bytes(b ^ 0xFF for b in damaged[start + 2 : start + 10])
    assert read_fast(bytes(damaged), None) is None
    with pytest.raises(ReadError, match="could not be opened"):
        read_table(bytes(damaged), "deals.xlsx")


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.glob("sample_data/*.xlsx")),
    ids=lambda p: p.name,
)
def test_sample_exports_read_alike(path):
    data = path.read_bytes()
    fast = read_fast(data, None)
    general = _read_workbook(data, "xlsx", None)
    if fast is None:  # merged cells
        return
    _same(fast, general)


@pytest.mark.parametrize(
    "relative",
    [
        "online_retail_uci/Online Retail.xlsx",
        "cn_pharmacy_sales/朝阳医院2018年销售数据.xlsx",
        "x_education_leads/Leads_xlsx_content.csv",  # an .xlsx named .csv
    ],
)
def test_real_exports_read_alike(shared_exports, relative):
    data = (shared_exports / relative).read_bytes()
    fast = read_fast(data, None)
    assert fast is not None
    _same(fast, _read_workbook(data, "xlsx", None))


# ------------------------------------------------------------------ the SQL and Python rules agree
_CELL = st.one_of(
    st.sampled_from(["true", "false", "-0", "0", "TRUE", "x", "", "1899-12-31 ab:cd:ef", "1904-01-01 23:59:59.7",
                     "12345678.119999999", "0.142857143", "-0.000000001", "00123", "1.50"]),
    st.datetimes(min_value=dt.datetime(1899, 12, 30), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.isoformat(sep=" ")
    ),
    st.datetimes(min_value=dt.datetime(1899, 12, 30), max_value=dt.datetime(1908, 12, 31)).map(
        lambda d: d.isoformat(sep=" ", timespec="milliseconds")
    ),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12).map(lambda f: f"{f:.9f}"),
    st.text(max_size=12).map(lambda v: v.strip(" \t\r\n")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=20), st.booleans())
def test_sql_and_python_texts_agree(values, epoch_1904):
    system = DateSystem(epoch_1904=epoch_1904)
    con = duckdb.connect()
    try:
        for kind in ("text", "date", "duration"):
            cells = values
            if kind != "text":  # these kinds only ever see fastexcel's date-times
                cells = [v for v in values if _looks_like(kind, v, system)]
                if not cells:
                    continue
            expected = [python_text(v, kind, system) for v in cells]
            sql = text_sql("v", kind, system)
            got = [r[0] for r in con.execute(f"SELECT {sql} FROM unnest(?) WITH ORDINALITY t(v, i) ORDER BY i",
                                              [cells]).fetchall()]
            assert got == expected, kind
    finally:
        con.close()


def _looks_like(kind: str, value: str, system: DateSystem) -> bool:
    import re

    if kind == "date":
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\d 00:00:00", value))
    return bool(re.search(system.serial_pattern, value))
