"""Every real export in ../shared/crm-exports loads (or is refused) with the right entity, rows and dates.

The folder is read in place (never copied into the repository); the tests skip when it is absent.
Numbers come from /work/shared/crm-exports/README.md and were checked against the files.
"""

from __future__ import annotations

import pytest

from ingest import IngestError, load_export

# path -> (entity, rows read = loaded + rejected, rows rejected, key mappings, date ranges)
EXPECTED = {
    "maven_crm_sales/sales_pipeline.csv": (
        "deals",
        8800,
        0,
        {
            "deal_id": "opportunity_id",
            "owner": "sales_agent",
            "stage": "deal_stage",
            "amount": "close_value",
            "created_at": "engage_date",
            "closed_at": "close_date",
            "customer_name": "account",
        },
        {
            "created_at": ["2016-10-20 00:00:00", "2017-12-27 00:00:00"],
            "closed_at": ["2017-03-01 00:00:00", "2017-12-31 00:00:00"],
        },
    ),
    "maven_crm_sales/accounts.csv": (
        "customers",
        85,
        0,
        {"customer_name": "account", "segment": "sector", "region": "office_location"},
        {},
    ),
    "support_tickets_kaggle/customer_support_tickets.csv": (
        "tickets",
        8469,
        0,
        {
            "ticket_id": "Ticket ID",
            "type": "Ticket Type",
            "status": "Ticket Status",
            "priority": "Ticket Priority",
            "channel": "Ticket Channel",
            "first_response_at": "First Response Time",
            "resolved_at": "Time to Resolution",
            "satisfaction": "Customer Satisfaction Rating",
        },
        {
            "first_response_at": ["2023-05-31 21:55:00", "2023-06-02 00:54:00"],
            "resolved_at": ["2023-05-31 21:53:00", "2023-06-02 00:55:00"],
        },
    ),
    "x_education_leads/Leads.csv": (
        "leads",
        9240,
        0,
        {"lead_id": "Prospect ID", "channel": "Lead Source", "converted": "Converted"},
        {},
    ),
    "x_education_leads/Leads_xlsx_content.csv": (
        "leads",
        9240,
        0,
        {"lead_id": "Prospect ID", "channel": "Lead Source", "converted": "Converted"},
        {},
    ),
    "online_retail_uci/Online Retail.xlsx": (
        "orders",
        40000,
        0,
        {
            "order_id": "InvoiceNo",
            "quantity": "Quantity",
            "ordered_at": "InvoiceDate",
            "unit_price": "UnitPrice",
            "customer_id": "CustomerID",
            "region": "Country",
        },
        {"ordered_at": ["2010-12-01 08:26:00", "2011-12-09 12:31:00"]},
    ),
    "cn_pharmacy_sales/朝阳医院2018年销售数据.xlsx": (
        "orders",
        6577,
        24,
        {
            "ordered_at": "购药时间",
            "customer_id": "社保卡号",
            "amount": "实收金额",
            "quantity": "销售数量",
            "product": "商品名称",
        },
        {"ordered_at": ["2018-01-01 00:00:00", "2018-07-19 00:00:00"]},
    ),
}

NOT_RECORDS = [
    "maven_crm_sales/products.csv",
    "maven_crm_sales/sales_teams.csv",
    "x_education_leads/Leads Data Dictionary.xlsx",
]


def test_every_file_is_covered(shared_exports):
    files = {str(p.relative_to(shared_exports)) for p in shared_exports.rglob("*") if p.is_file()}
    assert files - {"README.md"} == set(EXPECTED) | set(NOT_RECORDS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_export_loads(ws, shared_exports, name):
    entity, rows, rejected, mapping, ranges = EXPECTED[name]
    path = shared_exports / name
    report = load_export(ws, path.read_bytes(), path.name)
    assert report.entity == entity, report.entity_reasons
    assert report.rows_loaded + report.rows_rejected == rows
    assert report.rows_rejected == rejected
    for field, header in mapping.items():
        assert report.mapping.get(field) == header, (field, report.mapping)
    assert report.date_ranges == ranges
    assert ws.table_counts()[entity] == report.rows_loaded


@pytest.mark.parametrize("name", NOT_RECORDS)
def test_lookup_tables_are_refused_with_a_reason(ws, shared_exports, name):
    path = shared_exports / name
    with pytest.raises(IngestError, match="choose the entity"):
        load_export(ws, path.read_bytes(), path.name)


def _load(ws, shared_exports, name):
    path = shared_exports / name
    return load_export(ws, path.read_bytes(), path.name)


def test_maven_outcomes_and_cycle(ws, shared_exports):
    _load(ws, shared_exports, "maven_crm_sales/sales_pipeline.csv")
    status = dict(ws.execute("SELECT status, count(*) FROM deals GROUP BY 1"))
    assert status == {"won": 4238, "lost": 2473, "open": 2089}
    assert ws.scalar("SELECT count(*) FROM deals WHERE customer_name IS NULL") == 1425
    assert ws.scalar("SELECT min(sales_cycle_days) FROM deals") >= 0


def test_kaggle_tickets(ws, shared_exports):
    report = _load(ws, shared_exports, "support_tickets_kaggle/customer_support_tickets.csv")
    warnings = {w["code"]: w["count"] for w in report.warnings}
    assert warnings["resolution_before_first_response"] == 1365
    assert ws.scalar("SELECT count(satisfaction) FROM tickets") == 2769
    assert dict(ws.execute("SELECT status, count(*) FROM tickets WHERE resolved GROUP BY 1")) == {
        "Closed": 2769
    }
    assert ws.scalar("SELECT count(*) FROM tickets WHERE first_response_at IS NULL") == 2819
    assert ws.scalar("SELECT max(satisfaction_scale) FROM tickets") == 5


def test_x_education_leads(ws, shared_exports):
    _load(ws, shared_exports, "x_education_leads/Leads.csv")
    assert ws.scalar("SELECT count(*) FROM leads WHERE converted") == 3561
    assert ws.scalar("SELECT count(*) FROM leads WHERE channel = 'Google'") == 2868
    assert ws.scalar("SELECT count(*) FROM leads WHERE channel IS NULL") == 36
    # "Select" means not answered: it is not kept as a value.
    assert ws.scalar("SELECT count(*) FROM leads WHERE _extra['City'] = 'Select'") == 0
    assert ws.scalar("SELECT count(*) FROM leads WHERE _extra['Lead Profile'] IS NOT NULL") < 9240 - 4146


def test_leads_saved_as_xlsx_keep_integer_ids(ws, shared_exports):
    _load(ws, shared_exports, "x_education_leads/Leads_xlsx_content.csv")
    numbers = [r[0] for r in ws.execute("SELECT _extra['Lead Number'] FROM leads LIMIT 50")]
    assert numbers and all(n.isdigit() for n in numbers)


def test_online_retail(ws, shared_exports):
    report = _load(ws, shared_exports, "online_retail_uci/Online Retail.xlsx")
    assert ws.scalar("SELECT count(*) FROM orders WHERE status = 'cancelled'") == 674
    assert ws.scalar("SELECT count(*) FROM orders WHERE customer_id IS NULL") == 10057
    assert ws.scalar("SELECT count(*) FROM orders WHERE customer_id LIKE '%.%'") == 0
    assert ws.scalar("SELECT count(*) FROM orders WHERE amount IS NULL") == 0
    # Invoices with several lines keep every line.
    assert ws.scalar("SELECT count(DISTINCT _key) FROM orders") == 40000
    assert {w["code"] for w in report.warnings} >= {"missing_customer_id", "zero_price"}


def test_pharmacy(ws, shared_exports):
    report = _load(ws, shared_exports, "cn_pharmacy_sales/朝阳医院2018年销售数据.xlsx")
    reasons = report.rejected.reason.value_counts()
    assert reasons.filter(like="not a valid calendar date").sum() == 23
    assert report.rejected.value.str.startswith("2018-02-29").sum() == 23
    assert ws.scalar("SELECT count(*) FROM orders WHERE status = 'refunded'") == 16
    assert ws.scalar("SELECT count(*) FROM orders WHERE customer_id LIKE '00%'") > 0
