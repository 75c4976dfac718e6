"""Export lineage by example: uploads of different reports never touch each other's rows; a newer export of
the same report replaces only after confirmation; deleting an upload gives back what it replaced."""

from __future__ import annotations

import csv
import io
import json

import pytest

import cli
from ingest import IngestError, load_export
from ingest.errors import ReplaceNotConfirmed

LEADS_HEADER = ["Record Id", "Lead Owner", "Company", "First Name", "Last Name", "Email", "Lead Source",
                "Lead Status", "Created Time", "Modified Time"]
CONTACTS_HEADER = ["Record Id", "Contact Owner", "Account Name", "First Name", "Last Name", "Email",
                   "Lead Source", "Mailing Country", "Created Time", "Modified Time"]


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def zoho_leads(n: int = 390, start: int = 1000) -> bytes:
    return _csv(LEADS_HEADER, [
        [start + i, "Ann", f"Firm {i}", "A", "B", f"l{i}@x.com", ["Web", "Referral", "Ads"][i % 3], "New",
         f"2024-0{1 + i % 6}-1{i % 9} 10:00:00", "2024-07-01 10:00:00"] for i in range(n)
    ])


def zoho_contacts(n: int = 126, start: int = 1000) -> bytes:
    """Contacts whose Record Ids collide with the leads' (Zoho numbers records per module)."""
    return _csv(CONTACTS_HEADER, [
        [start + i, "Bob", f"Firm {i}", "C", "D", f"c{i}@x.com", "Web", "China", f"2024-02-0{1 + i % 9} 09:00:00",
         "2024-07-01 10:00:00"] for i in range(n)
    ])


def test_zoho_contacts_never_replace_leads(ws):
    leads = load_export(ws, zoho_leads(), "Leads.csv")
    assert leads.entity == "leads" and leads.rows_loaded == 390
    contacts = load_export(ws, zoho_contacts(), "Contacts.csv")
    assert contacts.entity == "contacts" and contacts.records_replaced == 0
    assert ws.table_counts()["leads"] == 390 and ws.table_counts()["contacts"] == 126
    ws.delete_upload(contacts.upload_id)
    assert ws.table_counts()["leads"] == 390
    again = load_export(ws, zoho_leads(), "Leads.csv")
    assert again.already_loaded and again.upload_id == leads.upload_id


def test_contacts_forced_as_leads_keep_both_and_report_the_collision(ws):
    """Even loaded as leads by hand, a Contacts export is another report: both sets stay, the ids that
    collide are counted, and each record counts once in its own report."""
    leads = load_export(ws, zoho_leads(), "Leads.csv")
    forced = load_export(ws, zoho_contacts(), "Contacts.csv", entity="leads")
    assert forced.records_replaced == 0 and forced.lineage != leads.lineage
    assert forced.collisions == [{"upload_id": leads.upload_id, "file": "Leads.csv", "ids": 126}]
    warning = next(w for w in forced.warnings if w["code"] == "ids_collide")
    assert warning["count"] == 126 and warning["file"] == "Leads.csv"
    assert ws.table_counts()["leads"] == 390 + 126
    ws.delete_upload(forced.upload_id)
    assert ws.table_counts()["leads"] == 390


def test_newer_export_asks_first_and_changes_nothing_until_confirmed(ws):
    first = load_export(ws, zoho_leads(10), "Leads.csv")
    before = ws.df("SELECT * EXCLUDE (_extra) FROM leads ORDER BY lead_id")
    newer = zoho_leads(12)  # two records added, ten replaced
    with pytest.raises(ReplaceNotConfirmed) as caught:
        load_export(ws, newer, "Leads (2).csv")
    assert [(r.upload_id, r.file_name, r.records) for r in caught.value.replacements] == [
        (first.upload_id, "Leads.csv", 10)
    ]
    assert str(caught.value).startswith("This replaces 10 records loaded from Leads.csv on ")
    assert ws.df("SELECT * EXCLUDE (_extra) FROM leads ORDER BY lead_id").equals(before)
    assert len(ws.uploads()) == 1
    done = load_export(ws, newer, "Leads (2).csv", replace=True)
    assert done.records_replaced == 10 and done.lineage == first.lineage
    assert done.replaced[0]["records"] == 10 and ws.table_counts()["leads"] == 12


def test_a_chain_of_exports_undone_in_any_order(ws):
    """v1 <- v2 <- v3 of one report; deleting v2 keeps v3's rows; deleting v3 then brings back v1's."""
    v1 = load_export(ws, zoho_leads(3), "v1.csv")
    v2 = load_export(ws, zoho_leads(4), "v2.csv", replace=True)
    v3 = load_export(ws, zoho_leads(5), "v3.csv", replace=True)
    owners = "SELECT _upload_id, count(*) FROM leads GROUP BY 1 ORDER BY 1"
    assert ws.execute(owners) == [(v3.upload_id, 5)]
    ws.delete_upload(v2.upload_id)
    assert ws.execute(owners) == [(v3.upload_id, 5)]
    ws.delete_upload(v3.upload_id)
    assert ws.execute(owners) == [(v1.upload_id, 3)]
    assert ws.scalar("SELECT count(*) FROM _superseded_leads") == 0


def test_a_deleted_or_replaced_file_loads_again(ws):
    v1 = load_export(ws, zoho_leads(3), "v1.csv")
    ws.delete_upload(v1.upload_id)
    again = load_export(ws, zoho_leads(3), "v1.csv")
    assert not again.already_loaded and ws.table_counts()["leads"] == 3
    load_export(ws, zoho_leads(3, start=1000), "v1.csv")  # still present: nothing changes
    load_export(ws, zoho_leads(4), "v2.csv", replace=True)  # replaces every row of v1
    back = load_export(ws, zoho_leads(3), "v1.csv", replace=True)  # v1's rows are gone: it loads again
    assert not back.already_loaded and back.records_replaced == 3


def test_unsure_entity_is_refused_without_a_choice(ws):
    # A date, a name and a note: an order list or a log of activities, equally.
    rows = [["2019-01-01", "Python入门", "送货上门"], ["2019-01-02", "Java入门", ""]]
    data = _csv(["日期", "名称", "备注"], rows)
    with pytest.raises(IngestError, match="choose one with --entity"):
        load_export(ws, data, "记录.csv")
    assert load_export(ws, data, "记录.csv", entity="orders").rows_loaded == 2


def test_cli_asks_for_replace_and_undoes_with_delete(tmp_path, capsys):
    db = str(tmp_path / "crm.duckdb")
    (tmp_path / "v1.csv").write_bytes(zoho_leads(5))
    (tmp_path / "v2.csv").write_bytes(zoho_leads(6))
    assert cli.main(["load", str(tmp_path / "v1.csv"), "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["load", str(tmp_path / "v2.csv"), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "This replaces 5 records loaded from v1.csv on " in err and "--replace" in err
    assert cli.main(["load", str(tmp_path / "v2.csv"), "--db", db, "--replace", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records_replaced"] == 5 and report["replaced"][0]["file"] == "v1.csv"
    assert cli.main(["delete", str(report["upload_id"]), "--db", db]) == 0
    assert "5 rows it had replaced are back" in capsys.readouterr().out
    assert cli.main(["tables", "--db", db, "--json"]) == 0
    tables = json.loads(capsys.readouterr().out)
    assert tables["tables"]["leads"] == 5 and [u["file_name"] for u in tables["uploads"]] == ["v1.csv"]
