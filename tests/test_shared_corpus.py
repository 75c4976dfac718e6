"""Every real export in ../shared/crm-exports loads (or is refused) with the right entity, rows and dates.

The folder is read in place (never copied into the repository); the tests skip when it is absent.
Numbers come from /work/shared/crm-exports/README.md and were checked against the files.
"""

from __future__ import annotations

import pytest

from ingest import IngestError, load_export
from metrics.engine import metric_value
from metrics.query import MetricQuery

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
    # An event log: 5,998 updates of 890 incidents; each incident's latest version loads (see below).
    "servicenow_incidents_uci/incident_event_log.csv": (
        "tickets",
        890,
        0,
        {
            "ticket_id": "number",
            "status": "incident_state",
            "created_at": "opened_at",
            "resolved_at": "resolved_at",
            "priority": "priority",
            "category": "category",
            "agent": "assigned_to",
            "team": "assignment_group",
            "customer_id": "caller_id",
        },
        {
            "created_at": ["2016-02-29 01:16:00", "2016-03-02 15:33:00"],
            "resolved_at": ["2016-02-29 09:04:00", "2017-01-30 18:29:00"],
        },
    ),
    "cn_taobao_orders_mingri/TB2018.xls": (
        "orders",
        1783,
        0,
        {
            "customer_id": "买家会员名",
            "ordered_at": "订单创建时间",
            "amount": "买家实际支付金额",
            "quantity": "宝贝总数量",
            "product": "宝贝标题",
        },
        {"ordered_at": ["2018-01-01 09:26:00", "2018-12-31 15:21:11"]},
    ),
    "cn_ad_spend_sales_mingri/广告费.xlsx": (
        "spend",
        11815,
        0,
        {"period_start": "投放日期", "amount": "支出"},
        {"period_start": ["2019-01-01 00:00:00", "2019-12-31 00:00:00"]},
    ),
    "cn_ad_spend_sales_mingri/销售表.xlsx": (
        "orders",
        11815,
        0,
        {"ordered_at": "日期", "product": "商品名称", "quantity": "成交件数", "amount": "销售码洋"},
        {"ordered_at": ["2019-01-01 00:00:00", "2019-12-31 00:00:00"]},
    ),
    # Month-first timestamps that all fit day-first too: the compact reading (4 days, not 4 months) wins.
    "nps_survey_sudzilla/sudzilla_survey.csv": (
        "surveys",
        39,
        0,
        {"responded_at": "Timestamp", "score": "On a scale of 0-10, how would you rate Sudzilla?"},
        {"responded_at": ["2019-11-01 08:51:12", "2019-11-04 04:33:11"]},
    ),
}

NOT_RECORDS = [
    "maven_crm_sales/products.csv",
    "maven_crm_sales/sales_teams.csv",
    "x_education_leads/Leads Data Dictionary.xlsx",
    # A 问卷星 download of a consumer survey: no date and no score or satisfaction question, so no KPI.
    "cn_wjx_survey/[问卷星数据]800_800_0.xls",
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


def test_servicenow_event_log_keeps_each_incidents_latest_version(ws, shared_exports):
    report = _load(ws, shared_exports, "servicenow_incidents_uci/incident_event_log.csv")
    assert (report.rows_read, report.earlier_versions, report.rows_loaded) == (5998, 5108, 890)
    assert {w["code"] for w in report.warnings} >= {"event_log"}
    # INC0000135 has two rows at the top sys_mod_count, one Active and one Closed: the closed one is latest.
    assert ws.scalar("SELECT status FROM tickets WHERE ticket_id = 'INC0000135'") == "Closed"
    assert ws.scalar("SELECT count(*) FROM tickets WHERE NOT resolved") == 0
    # README: 861 incidents with a resolution time, median 54.5 h, max 8,020 h ('?' is the null marker).
    hours = ws.execute("SELECT count(resolution_hours), median(resolution_hours), max(resolution_hours) FROM tickets")
    assert hours[0][0] == 861 and round(hours[0][1], 1) == 54.5 and round(hours[0][2]) == 8020


def test_sudzilla_nps(ws, shared_exports):
    _load(ws, shared_exports, "nps_survey_sudzilla/sudzilla_survey.csv")
    result = metric_value(ws, MetricQuery("nps", start="2019-11"))
    assert round(result.value, 1) == -35.9
    assert result.secondary == {"promoters": 8, "detractors": 22, "ratings": 39}


def test_ad_spend_and_sales_give_roi(ws, shared_exports):
    _load(ws, shared_exports, "cn_ad_spend_sales_mingri/广告费.xlsx")
    _load(ws, shared_exports, "cn_ad_spend_sales_mingri/销售表.xlsx")
    spend = ws.scalar("SELECT sum(amount) FROM spend")
    revenue = metric_value(ws, MetricQuery("revenue", start="2019", grain="year")).value
    assert round(spend) == 3_150_739 and round(revenue) == 15_960_277
    assert round(revenue / spend, 2) == 5.07
    assert ws.scalar("SELECT count(DISTINCT product) FROM orders") == 33


def test_taobao_orders(ws, shared_exports):
    _load(ws, shared_exports, "cn_taobao_orders_mingri/TB2018.xls")
    assert ws.scalar("SELECT count(DISTINCT customer_id) FROM orders") == 1783  # every buyer once: no repeats
    assert ws.scalar("SELECT count(*) FROM orders WHERE amount = 0") == 395
    assert ws.scalar("SELECT count(*) FROM orders WHERE product LIKE '% '") == 0
