"""load_export end to end (real readers): one transaction, idempotent, latest upload wins, honest report."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

import ingest.load.loader
from ingest import IngestError, inspect_file, load_export
from tests.ingest_fakes import FakeRawTable, use_fake_reader

REPORT_KEYS = {
    "file",
    "entity",
    "source",
    "confidence",
    "container",
    "encoding",
    "sheet",
    "header_row",
    "delimiter",
    "mapping",
    "rows_loaded",
    "rows_rejected",
    "records_replaced",
    "date_ranges",
    "warnings",
    "upload_id",
    "already_loaded",
}


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


DEALS_V1 = csv_bytes(
    [
        [
            "Opportunity ID",
            "Opportunity Name",
            "Account Name",
            "Opportunity Owner",
            "Stage",
            "Amount",
            "Created Date",
            "Close Date",
            "Lead Source",
            "Next Step",
        ],
        [
            "0061",
            "Printers for A",
            "Acme",
            "Li Wei",
            "Closed Won",
            "$22,700.00",
            "1/5/2024",
            "2/20/2024",
            "Web",
            "Invoice",
        ],
        [
            "0062",
            "Desks for B",
            "Beta",
            "Wang Fang",
            "Closed Lost",
            "$1,200.50",
            "1/7/2024",
            "3/1/2024",
            "Referral",
            "",
        ],
        [
            "0063",
            "Chairs for C",
            "Gamma",
            "Li Wei",
            "Negotiation/Review",
            "$5,000.00",
            "2/1/2024",
            "4/30/2024",
            "Web",
            "Call",
        ],
    ]
)
DEALS_V2 = csv_bytes(
    [
        [
            "Opportunity ID",
            "Opportunity Name",
            "Account Name",
            "Opportunity Owner",
            "Stage",
            "Amount",
            "Created Date",
            "Close Date",
            "Lead Source",
            "Country",
        ],
        [
            "0062",
            "Desks for B",
            "Beta",
            "Wang Fang",
            "Closed Lost",
            "$1,200.50",
            "1/7/2024",
            "3/1/2024",
            "Referral",
            "",
        ],
        [
            "0063",
            "Chairs for C",
            "Gamma",
            "Li Wei",
            "Closed Won",
            "$5,500.00",
            "2/1/2024",
            "4/20/2024",
            "Web",
            "Japan",
        ],
        [
            "0064",
            "Paper for D",
            "Delta",
            "Zhang Min",
            "Prospecting",
            "$300.00",
            "3/3/2024",
            "6/30/2024",
            "Email",
            "",
        ],
    ]
)


def counts(ws) -> dict:
    out = dict(ws.table_counts())
    out["uploads"] = int(ws.scalar("SELECT count(*) FROM uploads"))
    out["rejected_rows"] = int(ws.scalar("SELECT count(*) FROM rejected_rows"))
    out["mappings"] = int(ws.scalar("SELECT count(*) FROM mappings"))
    return out


def test_report_fields_and_registry(ws):
    steps = []
    report = load_export(ws, DEALS_V1, "opportunities.csv", progress=lambda f, m: steps.append((f, m)))
    info = report.as_dict()
    assert set(info) >= REPORT_KEYS
    json.dumps(info)  # JSON-ready
    assert (info["entity"], info["source"], info["container"], info["delimiter"]) == (
        "deals",
        "salesforce",
        "csv",
        ",",
    )
    assert info["rows_loaded"] == 3 and info["rows_rejected"] == 0 and info["records_replaced"] == 0
    assert info["mapping"]["amount"] == "Amount" and info["mapping"]["deal_id"] == "Opportunity ID"
    assert info["date_ranges"]["closed_at"] == ["2024-02-20 00:00:00", "2024-04-30 00:00:00"]
    assert info["header_row"] == 1 and info["encoding"]
    assert [f for f, _ in steps] == sorted(f for f, _ in steps) and steps[-1][0] == 1.0
    uploads = ws.uploads()
    assert uploads.loc[0, "rows_loaded"] == 3 and uploads.loc[0, "entity"] == "deals"
    assert ws.upload_report(report.upload_id)["mapping"] == info["mapping"]
    rows = ws.df(
        "SELECT deal_id, amount, currency, status, sales_cycle_days, created_at, _key, _extra, _row "
        "FROM deals ORDER BY _row"
    )
    assert list(rows.deal_id) == ["0061", "0062", "0063"]
    assert list(rows.amount) == [22700.0, 1200.5, 5000.0]
    assert list(rows.currency) == ["USD"] * 3
    assert list(rows.status) == ["won", "lost", "open"]
    assert rows.sales_cycle_days[0] == 46.0 and rows.sales_cycle_days.isna()[2]
    assert list(rows._key) == ["k:0061", "k:0062", "k:0063"]
    assert dict(rows._extra[0]) == {"Next Step": "Invoice"} and dict(rows._extra[1]) == {}
    assert list(rows._row) == [1, 2, 3]


def test_failure_mid_load_leaves_the_workspace_untouched(ws, monkeypatch):
    load_export(ws, DEALS_V1, "v1.csv")
    before = counts(ws)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest.load.loader, "_register", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        load_export(ws, DEALS_V2, "v2.csv", replace=True)
    assert counts(ws) == before
    assert list(ws.df("SELECT deal_id FROM deals ORDER BY 1").deal_id) == ["0061", "0062", "0063"]
    monkeypatch.undo()
    monkeypatch.setattr(ingest.load.loader, "run_checks", explode)  # after the insert and the replacement
    with pytest.raises(RuntimeError):
        load_export(ws, DEALS_V2, "v2.csv", replace=True)
    assert counts(ws) == before


def test_same_bytes_load_once(ws):
    first = load_export(ws, DEALS_V1, "a.csv")
    before = counts(ws)
    again = load_export(ws, DEALS_V1, "a (1).csv")
    assert again.already_loaded and again.upload_id == first.upload_id
    assert again.rows_loaded == 0 and again.as_dict()["already_loaded"] is True
    assert counts(ws) == before


def test_newer_export_replaces_records(ws):
    first = load_export(ws, DEALS_V1, "v1.csv")
    second = load_export(ws, DEALS_V2, "v2.csv", replace=True)
    assert second.records_replaced == 2 and second.rows_loaded == 3
    rows = ws.df("SELECT deal_id, stage, amount, _upload_id FROM deals ORDER BY deal_id")
    assert list(rows.deal_id) == ["0061", "0062", "0063", "0064"]
    assert rows.set_index("deal_id").loc["0063", "stage"] == "Closed Won"
    assert list(rows._upload_id) == [first.upload_id] + [second.upload_id] * 3
    uploads = ws.uploads().set_index("id")
    assert uploads.loc[first.upload_id, "rows_loaded"] == 1  # the registry tells the truth afterwards
    assert ws.upload_report(first.upload_id)["replaced_by"] == second.upload_id


def test_delete_upload_removes_exactly_its_rows(ws):
    first = load_export(ws, DEALS_V1, "v1.csv")
    second = load_export(ws, DEALS_V2, "v2.csv", replace=True)
    assert ws.delete_upload(second.upload_id) == 3
    # The records the newer export replaced come back, exactly as they were.
    rows = ws.df("SELECT deal_id, stage, _upload_id FROM deals ORDER BY deal_id")
    assert list(rows.deal_id) == ["0061", "0062", "0063"] and set(rows._upload_id) == {first.upload_id}
    assert ws.uploads().set_index("id").loc[first.upload_id, "rows_loaded"] == 3
    assert ws.delete_upload(first.upload_id) == 3
    assert ws.table_counts()["deals"] == 0
    assert ws.scalar("SELECT count(*) FROM _superseded_deals") == 0


ORDER_HEADER = [
    "订单编号",
    "买家会员名",
    "订单创建时间",
    "宝贝标题",
    "宝贝总数量",
    "买家实际支付金额",
    "订单状态",
]


def test_order_lines_with_repeating_ids_are_not_collapsed(ws):
    rows = [
        ORDER_HEADER,
        ["1001", "tom", "2024-05-01 10:00:00", "Pen", "2", "10.00", "交易成功"],
        ["1001", "tom", "2024-05-01 10:00:00", "Ink", "1", "25.50", "交易成功"],
        ["1002", "amy", "2024-05-02 11:00:00", "Pen", "1", "5.00", "交易关闭"],
        ["1003", "joe", "2024-05-03 12:00:00", "Pad", "3", "￥1,234.00", "等待买家付款"],
    ]
    report = load_export(ws, csv_bytes(rows), "taobao.csv")
    assert report.source == "taobao" and report.rows_loaded == 4
    got = ws.df("SELECT order_id, _key, status, currency FROM orders ORDER BY _row")
    assert list(got._key) == ["k:1001#1", "k:1001#2", "k:1002", "k:1003"]
    assert list(got.status) == ["completed", "completed", "cancelled", "等待买家付款"]
    assert got.currency[3] == "CNY"
    assert not [w for w in report.warnings if w["code"] == "duplicate_ids"]
    newer = load_export(
        ws,
        csv_bytes([*rows, ["1004", "kim", "2024-05-04 09:00:00", "Pen", "1", "5", "交易成功"]]),
        "taobao_2.csv",
        replace=True,
    )
    assert newer.records_replaced == 4 and ws.table_counts()["orders"] == 5


def test_files_without_ids_are_keyed_by_content(ws):
    header = ["提交时间", "提交人", "推荐意愿(0-10分)"]
    first = load_export(
        ws, csv_bytes([header, ["2024/7/1 8:13", "赵", "7"], ["2024/7/2 9:00", "钱", "10"]]), "nps.csv"
    )
    assert first.entity == "surveys" and any(w["code"] == "no_id_column" for w in first.warnings)
    keys = list(ws.df("SELECT _key FROM surveys ORDER BY _row")._key)
    assert all(k.startswith("h:") for k in keys) and len(set(keys)) == 2
    assert list(ws.df("SELECT scale FROM surveys").scale) == [10.0, 10.0]
    second = load_export(
        ws, csv_bytes([header, ["2024/7/2 9:00", "钱", "10"], ["2024/7/3 9:00", "孙", "3"]]), "n2.csv", replace=True
    )
    assert second.records_replaced == 1 and ws.table_counts()["surveys"] == 3


def test_rejected_rows_and_cells_are_reported(ws):
    rows = [
        ["购药时间", "社保卡号", "商品名称", "销售数量", "实收金额"],
        ["2018-02-28 星期三", "001616528", "A", "1", "82.8"],
        ["2018-02-29 星期四", "001616528", "B", "1", "28"],
        ["", "0012697828", "C", "2", "56"],
        ["2018-03-01 星期四", "Select", "D", "-1", "-28"],
        ["2018-03-02 星期五", "0010087865628", "E", "1", "abc"],
    ]
    report = load_export(ws, csv_bytes(rows), "朝阳医院.csv")
    assert report.entity == "orders"
    assert (report.rows_loaded, report.rows_rejected) == (3, 2)
    rejected = report.rejected.set_index("row_no")
    assert "not a valid calendar date" in rejected.loc[2, "reason"] and rejected.loc[2, "value"].startswith(
        "2018-02-29"
    )
    assert rejected.loc[2, "reason"].startswith("row not loaded")
    assert rejected.loc[3, "reason"] == "row not loaded: 购药时间 (ordered_at) is empty"
    assert rejected.loc[5, "column_name"] == "实收金额" and rejected.loc[5, "reason"] == "not a number"
    assert len(ws.rejected_rows(report.upload_id)) == 3
    got = ws.df("SELECT _row, customer_id, amount, status, refund_amount FROM orders ORDER BY _row")
    assert list(got._row) == [1, 4, 5]
    assert pd.isna(got.customer_id[1])  # "Select" is a placeholder, not an id and not a rejection
    assert got.customer_id[2] == "0010087865628"
    assert (got.status[1], got.refund_amount[1]) == ("refunded", 28.0)
    assert got.amount.isna()[2]


def test_ids_stay_text(ws):
    rows = [
        ["Ticket Id", "Subject", "Status", "Created Time", "Account Id"],
        ["00123", "a", "Open", "2024-01-01 10:00", "660737.0"],
        ["7421000000104012", "b", "Closed", "2024-01-02 10:00", "6.60737E+05"],
    ]
    load_export(ws, csv_bytes(rows), "tickets.csv")
    got = ws.df("SELECT ticket_id, customer_id FROM tickets ORDER BY _row")
    assert list(got.ticket_id) == ["00123", "7421000000104012"]
    assert list(got.customer_id) == ["660737", "660737"]


def test_mapping_override_is_remembered(ws):
    rows = [
        ["Deal", "Phase", "Deal Value", "Amount", "Won On"],
        ["A", "Won", "100", "1", "2024-03-01"],
        ["B", "Lost", "200", "2", "2024-03-02"],
    ]
    data = csv_bytes(rows)
    plan = inspect_file(
        data, "d.csv", ws=ws, entity="deals", mapping={"stage": "Phase", "amount": "Deal Value"}
    )
    assert plan.mapping["amount"] == "Deal Value" and plan.mapping["stage"] == "Phase"
    report = load_export(
        ws,
        data,
        "d.csv",
        entity="deals",
        mapping={"stage": "Phase", "amount": "Deal Value", "closed_at": "Won On"},
    )
    assert ws.df("SELECT amount FROM deals ORDER BY _row").amount.tolist() == [100.0, 200.0]
    again = inspect_file(csv_bytes([rows[0], ["C", "Won", "300", "3", "2024-03-03"]]), "d2.csv", ws=ws)
    assert again.remembered and again.entity == "deals"
    assert again.mapping == report.mapping
    assert again.header_signature == report.header_signature


def test_ambiguous_dates_warn_and_date_order_overrides(ws):
    rows = [
        ["工单编号", "工单状态", "创建时间"],
        ["1", "处理中", "01/02/2024"],
        ["2", "已关闭", "03/04/2024"],
    ]
    data = csv_bytes(rows)
    plan = inspect_file(data, "t.csv")
    assert plan.source == "generic"  # not a US system: day first when the values cannot tell
    warning = next(w for w in plan.warnings if w["code"] == "ambiguous_date_order")
    assert warning["field"] == "created_at" and warning["column"] == "创建时间" and warning["chosen"] == "dmy"
    assert plan.preview.created_at.dt.month.tolist() == [2, 4]
    report = load_export(ws, data, "t.csv", mapping={"date_order": {"created_at": "mdy"}})
    assert report.date_ranges["created_at"] == ["2024-01-02 00:00:00", "2024-03-04 00:00:00"]
    remembered = ws.remembered_mapping(report.header_signature)
    assert remembered[1]["date_order"] == {"created_at": "mdy"}


def test_ticket_hours_from_timestamps_and_complaints(ws):
    ws.set_setting("complaint_terms", ["complaint", "grumble"])
    rows = [
        [
            "Ticket ID",
            "Ticket Type",
            "Ticket Status",
            "Created Time",
            "First Response Time",
            "Time to Resolution",
            "Customer Satisfaction Rating",
        ],
        ["1", "Complaint", "Closed", "31-05-23 09:00", "31-05-23 10:30", "01-06-23 9:00", "2"],
        ["2", "Grumble", "Open", "01-06-23 08:00", "", "", ""],
        ["3", "Question", "Pending Customer Response", "01-06-23 08:00", "01-06-23 8:15", "", ""],
    ]
    report = load_export(ws, csv_bytes(rows), "tickets.csv")
    got = ws.df(
        "SELECT first_response_hours, resolution_hours, resolved, is_complaint, satisfaction, "
        "satisfaction_scale FROM tickets ORDER BY _row"
    )
    assert got.first_response_hours.tolist()[0] == 1.5 and got.first_response_hours.tolist()[2] == 0.25
    assert got.resolution_hours[0] == 24.0
    assert got.resolved.tolist() == [True, False, False]
    assert got.is_complaint.tolist() == [True, True, False]
    assert (got.satisfaction[0], got.satisfaction_scale[0]) == (2.0, 5.0)
    assert report.date_ranges["created_at"] == ["2023-05-31 09:00:00", "2023-06-01 08:00:00"]


def test_data_warnings_count_the_bad_rows(ws):
    rows = [
        ["Ticket ID", "Created Time", "First Response Time", "Time to Resolution"],
        ["1", "2023-05-31 09:00", "2023-05-31 12:00", "2023-05-31 11:00"],
        ["2", "2023-05-31 09:00", "2023-05-31 10:00", "2023-05-31 11:00"],
        ["2", "2023-05-31 09:00", "2023-05-31 10:00", "2099-01-01 11:00"],
    ]
    report = load_export(ws, csv_bytes(rows), "t.csv")
    by_code = {w["code"]: w for w in report.warnings}
    assert by_code["resolution_before_first_response"]["count"] == 1
    assert by_code["duplicate_ids"]["count"] == 2
    assert by_code["future_dates"]["count"] == 1 and by_code["future_dates"]["field"] == "resolved_at"
    bad = ws.df(
        f"SELECT _row FROM tickets WHERE _upload_id = ? AND "
        f"({by_code['resolution_before_first_response']['where']})",
        [report.upload_id],
    )
    assert bad._row.tolist() == [1]


def test_inspect_does_not_touch_the_workspace(ws):
    before = counts(ws)
    plan = inspect_file(DEALS_V1, "opps.csv", ws=ws)
    assert counts(ws) == before
    assert plan.entity == "deals" and plan.source == "salesforce" and plan.kind == "records"
    assert list(plan.preview.columns[:3]) == ["_row", "deal_id", "deal_name"]
    assert plan.preview.status.tolist() == ["won", "lost", "open"]
    assert plan.unmapped == ["Next Step"] and plan.formats["closed_at"].startswith("date (mdy")
    assert json.dumps(plan.as_dict())


def test_errors_tell_the_user_what_to_do(ws, monkeypatch):
    with pytest.raises(IngestError, match="not a spreadsheet"):
        load_export(ws, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "chart.png")
    with pytest.raises(IngestError, match="choose the entity"):
        load_export(ws, csv_bytes([["product", "series"], ["GTX", "A"]]), "products.csv")
    with pytest.raises(IngestError, match="has no column for stage"):
        load_export(
            ws,
            csv_bytes([["Deal Name", "Owner", "Amount"], ["A", "Li", "1"], ["B", "Li", "2"]]),
            "d.csv",
            entity="deals",
        )
    summary = FakeRawTable(["Stage", "Sum of Amount"], [["Won", "100"]], kind="summary")
    use_fake_reader(monkeypatch, lambda data, name, sheet: summary)
    with pytest.raises(IngestError, match="summary"):
        load_export(ws, b"pivot", "pivot.csv")
    assert summary.closed
    assert counts(ws)["uploads"] == 0


def test_channel_by_month_grid_becomes_spend_rows(ws):
    data = csv_bytes(
        [
            ["Channel", "2024-07", "2024-08", "2024-09"],
            ["Paid Search", "58,000", "57,600", ""],
            ["Social", "26000", "", "27000"],
        ]
    )
    plan = inspect_file(data, "spend.csv")
    assert plan.entity == "spend" and plan.columns == ["Channel", "Month", "Amount"]
    assert plan.warnings[0]["code"] == "wide_layout"
    report = load_export(ws, data, "spend.csv")
    assert (report.rows_loaded, report.rows_rejected) == (4, 0)
    got = ws.df("SELECT channel, period_start, amount FROM spend ORDER BY channel, period_start")
    assert got.amount.tolist() == [58000.0, 57600.0, 26000.0, 27000.0]
    assert str(got.period_start[3].date()) == "2024-09-01"


def test_pipedrive_status_and_lost_time(ws):
    rows = [
        [
            "Deal - ID",
            "Deal - Title",
            "Deal - Value",
            "Deal - Currency",
            "Deal - Status",
            "Deal - Stage",
            "Deal - Owner",
            "Deal - Deal created",
            "Deal - Won time",
            "Deal - Lost time",
        ],
        [
            "1",
            "A",
            "1000",
            "EUR",
            "won",
            "Negotiation",
            "Ann",
            "2024-01-02 10:00:00",
            "2024-02-01 09:00:00",
            "",
        ],
        ["2", "B", "500", "EUR", "lost", "Proposal", "Bob", "2024-01-03 10:00:00", "", "2024-03-01 09:00:00"],
        ["3", "C", "700", "EUR", "open", "Qualified", "Ann", "2024-01-04 10:00:00", "", ""],
    ]
    report = load_export(ws, csv_bytes(rows), "deals.csv")
    assert report.source == "pipedrive"
    got = ws.df("SELECT status, closed_at, currency, sales_cycle_days FROM deals ORDER BY _row")
    assert got.status.tolist() == ["won", "lost", "open"]
    assert [str(d)[:10] for d in got.closed_at[:2]] == ["2024-02-01", "2024-03-01"]
    assert got.currency.tolist() == ["EUR"] * 3


def test_a_newer_order_replaces_all_its_old_lines(ws):
    first = [
        ORDER_HEADER,
        ["2001", "tom", "2024-05-01 10:00:00", "Pen", "1", "5", "交易成功"],
        ["2001", "tom", "2024-05-01 10:00:00", "Ink", "1", "9", "交易成功"],
        ["2001", "tom", "2024-05-01 10:00:00", "Pad", "1", "7", "交易成功"],
    ]
    load_export(ws, csv_bytes(first), "o1.csv")
    newer = load_export(
        ws,
        csv_bytes(
            [
                ORDER_HEADER,
                ["2001", "tom", "2024-05-01 10:00:00", "Pen", "1", "5", "已退款"],
                ["2001", "tom", "2024-05-01 10:00:00", "Ink", "1", "9", "交易成功"],
            ]
        ),
        "o2.csv",
        replace=True,
    )
    assert newer.records_replaced == 3
    got = ws.df("SELECT product, status FROM orders ORDER BY _row")
    assert got["product"].tolist() == ["Pen", "Ink"] and got.status[0] == "refunded"
