"""Every real export in ../shared/crm-exports (see its README.md) reads with the right shape.

Skipped, with the reason, when the folder is not beside the project.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest.read.tables import read_table

LEADS_COLUMNS = [
    "Prospect ID",
    "Lead Number",
    "Lead Origin",
    "Lead Source",
    "Do Not Email",
    "Do Not Call",
    "Converted",
    "TotalVisits",
    "Total Time Spent on Website",
    "Page Views Per Visit",
    "Last Activity",
    "Country",
    "Specialization",
    "How did you hear about X Education",
    "What is your current occupation",
    "What matters most to you in choosing a course",
    "Search",
    "Magazine",
    "Newspaper Article",
    "X Education Forums",
    "Newspaper",
    "Digital Advertisement",
    "Through Recommendations",
    "Receive More Updates About Our Courses",
    "Tags",
    "Lead Quality",
    "Update me on Supply Chain Content",
    "Get updates on DM Content",
    "Lead Profile",
    "City",
    "Asymmetrique Activity Index",
    "Asymmetrique Profile Index",
    "Asymmetrique Activity Score",
    "Asymmetrique Profile Score",
    "I agree to pay the amount through cheque",
    "A free copy of Mastering The Interview",
    "Last Notable Activity",
]
TICKET_COLUMNS = [
    "Ticket ID",
    "Customer Name",
    "Customer Email",
    "Customer Age",
    "Customer Gender",
    "Product Purchased",
    "Date of Purchase",
    "Ticket Type",
    "Ticket Subject",
    "Ticket Description",
    "Ticket Status",
    "Resolution",
    "Ticket Priority",
    "Ticket Channel",
    "First Response Time",
    "Time to Resolution",
    "Customer Satisfaction Rating",
]

# path, container, header row, rows, columns (a list, or the count)
EXPECTED = [
    (
        "maven_crm_sales/sales_pipeline.csv",
        "csv",
        1,
        8800,
        [
            "opportunity_id",
            "sales_agent",
            "product",
            "account",
            "deal_stage",
            "engage_date",
            "close_date",
            "close_value",
        ],
    ),
    (
        "maven_crm_sales/accounts.csv",
        "csv",
        1,
        85,
        ["account", "sector", "year_established", "revenue", "employees", "office_location", "subsidiary_of"],
    ),
    ("maven_crm_sales/products.csv", "csv", 1, 7, ["product", "series", "sales_price"]),
    ("maven_crm_sales/sales_teams.csv", "csv", 1, 35, ["sales_agent", "manager", "regional_office"]),
    ("support_tickets_kaggle/customer_support_tickets.csv", "csv", 1, 8469, TICKET_COLUMNS),
    ("x_education_leads/Leads.csv", "csv", 1, 9240, LEADS_COLUMNS),
    ("x_education_leads/Leads_xlsx_content.csv", "xlsx", 1, 9240, LEADS_COLUMNS),
    ("x_education_leads/Leads Data Dictionary.xlsx", "xlsx", 3, 37, ["Variables", "Description"]),
    (
        "online_retail_uci/Online Retail.xlsx",
        "xlsx",
        1,
        40000,
        [
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Country",
        ],
    ),
    (
        "cn_pharmacy_sales/朝阳医院2018年销售数据.xlsx",
        "xlsx",
        1,
        6577,
        ["购药时间", "社保卡号", "商品编码", "商品名称", "销售数量", "应收金额", "实收金额"],
    ),
]


@pytest.fixture(scope="module")
def exports() -> Path:
    from tests.conftest import SHARED_EXPORTS

    if not SHARED_EXPORTS.is_dir():
        pytest.skip(
            f"real CRM exports not found at {SHARED_EXPORTS} (the shared/crm-exports folder is absent)"
        )
    return SHARED_EXPORTS


@pytest.fixture(scope="module")
def loaded(exports):
    """Each export read and materialized once: {path: (RawTable, cursor)}."""
    con = duckdb.connect()
    tables = {}
    for index, (path, *_rest) in enumerate(EXPECTED):
        raw = read_table((exports / path).read_bytes(), Path(path).name)
        cur = con.cursor()
        raw.materialize(cur, f"t{index}")
        tables[path] = (raw, cur, f"t{index}")
    yield tables
    for raw, cur, _ in tables.values():
        raw.close()
        cur.close()
    con.close()


@pytest.mark.parametrize(
    ("path", "container", "header_row", "rows", "columns"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_shape(loaded, path, container, header_row, rows, columns):
    raw, cur, table = loaded[path]
    assert (raw.container, raw.header_row, raw.kind) == (container, header_row, "records")
    assert raw.columns == columns
    assert raw.row_count == rows
    assert cur.execute(f'SELECT count(*), min(_row) FROM "{table}"').fetchone() == (rows, 1)


def query(loaded, path, sql):
    raw, cur, table = loaded[path]
    return cur.execute(sql.replace("TABLE", f'"{table}"')).fetchall()


def test_leads_csv_drops_the_trailing_empty_column_and_keeps_ids(loaded):
    raw, _, _ = loaded["x_education_leads/Leads.csv"]
    assert (raw.encoding, raw.delimiter) == ("utf-8", ",")
    assert query(loaded, "x_education_leads/Leads.csv", 'SELECT "Lead Number" FROM TABLE WHERE _row = 1') == [
        ("660737",)
    ]


def test_leads_xlsx_named_csv_has_integer_ids(loaded):
    path = "x_education_leads/Leads_xlsx_content.csv"
    assert query(loaded, path, 'SELECT "Lead Number", "TotalVisits" FROM TABLE WHERE _row = 1') == [
        ("660737", "0")
    ]
    assert query(loaded, path, """SELECT count(*) FROM TABLE WHERE "Lead Number" LIKE '%.0'""") == [(0,)]


def test_tickets_multiline_values_and_mixed_line_endings(loaded):
    path = "support_tickets_kaggle/customer_support_tickets.csv"
    counts = query(
        loaded,
        path,
        """SELECT count(*) FILTER (WHERE "Ticket Description" LIKE '%' || chr(10) || '%'),
                  count(*) FILTER (WHERE "Ticket Status" = 'Closed'), count("Customer Satisfaction Rating"),
                  max(_row) FROM TABLE""",
    )
    assert counts == [(6150, 2769, 2769, 8469)]


def test_data_dictionary_starts_at_b3_with_merged_cells_filled_down(loaded):
    path = "x_education_leads/Leads Data Dictionary.xlsx"
    rows = dict(query(loaded, path, "SELECT _row, Description FROM TABLE"))
    # C20:C25 are sheet rows 20..25 = data rows 17..22; C34:C37 = data rows 31..34.
    assert len({rows[r] for r in range(17, 23)}) == 1 and rows[17]
    assert len({rows[r] for r in range(31, 35)}) == 1 and rows[31]
    assert rows[16] != rows[17] and rows[23] != rows[22]


def test_online_retail_numbers_and_empty_strings(loaded):
    path = "online_retail_uci/Online Retail.xlsx"
    counts = query(
        loaded,
        path,
        """SELECT count(*) FILTER (WHERE InvoiceNo = '536365'),
                  count(*) FILTER (WHERE InvoiceNo LIKE '%.0' OR StockCode LIKE '%.0' OR CustomerID LIKE '%.0'),
                  count(*) FILTER (WHERE CustomerID IS NULL), count(*) FILTER (WHERE InvoiceNo LIKE 'C%'),
                  count(DISTINCT Country) FROM TABLE""",
    )
    assert counts == [(2, 0, 10057, 674, 36)]
    assert query(loaded, path, "SELECT InvoiceDate FROM TABLE WHERE _row = 1") == [("2011-10-30 16:17:00",)]


def test_pharmacy_blank_row_dropped_and_card_numbers_intact(loaded):
    path = "cn_pharmacy_sales/朝阳医院2018年销售数据.xlsx"
    raw, _, _ = loaded[path]
    assert "Dropped 1 blank row" in raw.warnings and raw.dropped_rows == 1
    assert query(loaded, path, "SELECT count(*), max(_row) FROM TABLE") == [(6577, 6578)]
    assert query(loaded, path, "SELECT count(*) FROM TABLE WHERE 社保卡号 = '0010087865628'") == [(1,)]
    assert query(loaded, path, "SELECT 购药时间, 商品编码 FROM TABLE WHERE _row = 1") == [
        ("2018-01-01 星期五", "236701")
    ]
