"""Importer rules that need no real export: event logs, implied fields, unreadable cells, links, header words."""

from __future__ import annotations

import csv
import io

import pytest

from ingest import inspect_file, link_text, load_export, reason_text, warning_text
from ingest.plan.tokens import header_concepts, match_quality


def _csv(rows: list[list], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    ("header", "concepts"),
    [
        ("first_contact_date", {"first", "contact", "date"}),
        ("FirstContactDate", {"first", "contact", "date"}),
        ("Date of first contact", {"first", "contact", "date"}),
        ("首次联系日期", {"first", "contact", "date"}),
        ("Rechnungsnummer", {"order", "id"}),
        ("Erstelldatum", {"created", "date"}),
        ("N° de ticket", {"id", "ticket"}),
        ("Opp #", {"deal", "id"}),
        ("跟进时间", {"跟进", "date"}),
    ],
)
def test_headers_become_concepts_in_any_language_and_style(header, concepts):
    assert header_concepts(header)[0] == concepts


def test_a_generic_synonym_never_matches_a_header_that_says_more():
    assert match_quality("单号", "工单编号") == 0  # an id, but a ticket's
    assert match_quality("date", "Created Time") == 0
    assert match_quality("value", "declared_value") == 0.5  # the other word is unknown: still an amount
    assert match_quality("deal id", "Verkaufschance-Nr.") == 1


def test_an_event_log_keeps_each_records_latest_version(ws):
    rows = [["number", "incident_state", "sys_mod_count", "sys_updated_at", "opened_at", "priority", "category"]]
    rows += [["INC1", "New", "0", "01-03-2024 09:00", "01-03-2024 08:00", "2 - High", "Network"],
             ["INC1", "Active", "1", "01-03-2024 10:00", "01-03-2024 08:00", "2 - High", "Network"],
             ["INC1", "Resolved", "3", "02-03-2024 10:00", "01-03-2024 08:00", "2 - High", "Network"],
             ["INC2", "Active", "4", "05-03-2024 10:00", "04-03-2024 08:00", "3 - Low", "Email"],
             ["INC2", "Closed", "4", "05-03-2024 10:00", "04-03-2024 08:00", "3 - Low", "Email"],  # tie: finished
             ["INC3", "New", "0", "06-03-2024 10:00", "06-03-2024 08:00", "3 - Low", "Email"]]
    report = load_export(ws, _csv(rows), "incidents.csv")
    assert report.entity == "tickets" and report.mapping["ticket_id"] == "number"
    assert (report.rows_read, report.earlier_versions, report.rows_loaded) == (6, 3, 3)
    assert dict(ws.execute("SELECT ticket_id, status FROM tickets")) == {
        "INC1": "Resolved", "INC2": "Closed", "INC3": "New"}
    assert "event log" in warning_text(next(w for w in report.warnings if w["code"] == "event_log"))


def test_ids_repeating_without_a_version_column_are_not_an_event_log(ws):
    rows = [["Ticket ID", "Status", "Created"], ["T1", "Open", "2024-01-01"], ["T1", "Closed", "2024-01-02"]]
    report = load_export(ws, _csv(rows), "t.csv")
    assert report.earlier_versions == 0 and report.rows_loaded == 2


def test_a_won_date_without_a_stage_loads_won_deals_and_says_so(ws):
    rows = [["deal_id", "won_date", "seller_id"], ["d1", "2024-01-05", "s1"], ["d2", "2024-02-11", "s2"]]
    report = load_export(ws, _csv(rows), "closed_deals.csv")
    assert report.entity == "deals" and report.formats["stage"] == "Won (implied)"
    assert [r[0] for r in ws.execute("SELECT DISTINCT status FROM deals")] == ["won"]
    implied = next(w for w in report.warnings if w["code"] == "implied_field")
    assert warning_text(implied, "en") == (
        "The file has no Stage column; every row is taken as Won, as its column won_date says.")


def test_unreadable_cells_are_counted_beside_rows_rejected(ws):
    rows = [["Invoice No", "Invoice Date", "Customer", "Amount"],
            ["R-1", "03.01.2025", "A", "21.042,00 €"], ["R-2", "15.01.2025", "B", "zwölf"],
            ["R-3", "02.02.2025", "C", "999,99 €"], ["R-4", "20.02.2025", "D", "n.v."]]
    report = load_export(ws, _csv(rows, ";"), "invoices.csv")
    assert report.rows_rejected == 0 and report.cells_unread == 1
    assert sorted(r[0] for r in ws.execute("SELECT amount FROM orders WHERE amount IS NOT NULL")) == [999.99, 21042.0]
    warning = next(w for w in report.warnings if w["code"] == "cells_unreadable")
    assert warning_text(warning, "en") == (
        "1 Amount cells in Amount could not be read, e.g. 'zwölf'; they are empty in the workspace.")


def test_a_mostly_unreadable_column_is_called_out(ws):
    rows = [["Order ID", "Order Date", "Amount"]] + [[f"O{i}", "2024-01-02", "about ten"] for i in range(5)]
    report = load_export(ws, _csv(rows), "o.csv")
    assert report.cells_unread == 5
    assert any(w["code"] == "cells_unreadable_mostly" for w in report.warnings)


def test_links_across_files_are_counted(ws):
    load_export(ws, _csv([["Customer ID", "Customer Name", "Segment"], ["C1", "A", "SMB"], ["C2", "B", "SMB"]]),
                "customers.csv")
    report = load_export(ws, _csv([["Order ID", "Order Date", "Customer ID", "Amount"],
                                   ["O1", "2024-01-02", "C1", "10"], ["O2", "2024-01-03", "C1", "5"],
                                   ["O3", "2024-01-04", "C9", "7"]]), "orders.csv")
    link = next(x for x in report.links if x["source"] == "orders" and x["target"] == "customers")
    assert (link["linked"], link["rows"]) == (2, 3)
    assert link_text(link, "en") == "2 of 3 Orders matched a loaded record of Customers (by Customer ID)."


def test_every_field_found_by_words_says_why():
    rows = [["incident_state", "number", "opened_at", "priority", "category"],
            ["New", "INC1", "2024-01-01 10:00", "1 - High", "Network"]]
    plan = inspect_file(_csv(rows), "x.csv")
    assert plan.mapping["status"] == "incident_state"
    assert any(r.startswith("incident_state → status: its words say") for r in plan.entity_reasons)


def test_the_reasons_read_in_chinese():
    rows = [["incident_state", "number", "opened_at", "priority", "category"],
            ["New", "INC1", "2024-01-01 10:00", "1 - High", "Network"]]
    plan = inspect_file(_csv(rows), "x.csv")
    zh = [reason_text(r, "zh") for r in plan.entity_reasons]
    assert zh[0].startswith("5 个列名中有 5 个对应服务工单字段：") and "incident_state → 状态" in zh[0]
    assert "incident_state → 状态：列名的词义为 status, ticket，且取值为分类标签" in zh
    en = [reason_text(r, "en") for r in plan.entity_reasons]  # in English too, fields by name, not id
    assert en[0].startswith("5 of 5 headers map to Service tickets fields: ") and "incident_state → Status" in en[0]
    assert reason_text("something new", "zh") == "something new"
