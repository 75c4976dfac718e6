"""The demo exports in sample_data/: deterministic, small, in the real CRM shapes, telling the stories."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
REGIONS = {"East", "North", "South", "West"}
CHANNELS = {"Organic Search", "Paid Search", "Referrals", "Social Media", "Offline Sources", "Email Marketing"}
METRIC_IDS = {
    "won_revenue", "deals_won", "win_rate", "avg_deal_size", "sales_cycle_days", "pipeline_value", "new_leads",
    "lead_conversion_rate", "new_customers", "revenue", "active_customers", "avg_spend_per_customer",
    "repeat_purchase_rate", "churn_rate", "retention_rate", "clv", "referral_share", "csat", "csat_score", "nps",
    "complaints", "complaint_rate", "first_response_hours", "responded_within_24h", "resolution_rate",
    "resolution_hours", "tickets_per_customer", "activities", "follow_up_coverage", "cost_per_lead",
}
ROW_RANGES = {  # data rows per file (no header, footer or totals row)
    "deals_salesforce_report.csv": (2700, 3300),
    "leads_hubspot.csv": (7500, 8500),
    "客户列表_纷享销客.xlsx": (1400, 1700),
    "销售订单_纷享销客.xlsx": (11000, 13000),
    "tickets_zoho_desk.csv": (5500, 6500),
    "nps_survey_jiandaoyun.csv": (1200, 1200),
    "activities_dynamics365.xlsx": (8500, 10000),
    "marketing_spend.xlsx": (156, 156),  # 26 months x 6 channels
}


def _load_generator():
    spec = importlib.util.spec_from_file_location("sample_data_generate", SAMPLE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("demo")
    return out, gen.generate(out)


def _same_content(a: Path, b: Path) -> bool:
    """Identical bytes; an xlsx may also match member by member (another zlib can deflate differently)."""
    left, right = a.read_bytes(), b.read_bytes()
    if left == right:
        return True
    if a.suffix != ".xlsx":
        return False
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names = [i.filename for i in za.infolist()]
        if names != [i.filename for i in zb.infolist()]:
            return False
        return all(za.read(n) == zb.read(n) for n in names)


def test_every_file_is_committed_and_generated(generated):
    out, counts = generated
    assert set(counts) == set(gen.FILES) == set(ROW_RANGES)
    for name in gen.FILES:
        assert (SAMPLE / name).is_file(), f"{name} is missing; run .venv/bin/python sample_data/generate.py"
        assert (out / name).is_file()
    assert (SAMPLE / "okrs.yaml").is_file() and (SAMPLE / "README.md").is_file()


def test_committed_files_match_the_generator(generated):
    out, _ = generated
    stale = [name for name in gen.FILES if not _same_content(out / name, SAMPLE / name)]
    assert not stale, f"{stale} differ from the generator's output; run .venv/bin/python sample_data/generate.py"


@pytest.mark.slow
def test_generator_is_deterministic(generated, tmp_path):
    out, _ = generated
    gen.generate(tmp_path)
    for name in gen.FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), f"{name} changed between two runs"


def test_total_size_under_5_mb():
    total = sum((SAMPLE / name).stat().st_size for name in gen.FILES)
    assert total < 5_000_000, f"the demo exports take {total:,} bytes"


def test_row_counts(generated):
    _, counts = generated
    for name, (lo, hi) in ROW_RANGES.items():
        assert lo <= counts[name] <= hi, f"{name}: {counts[name]} rows"


def test_okrs_yaml_names_catalog_metrics():
    doc = yaml.safe_load((SAMPLE / "okrs.yaml").read_text(encoding="utf-8"))
    assert doc["version"] == 1
    objectives = doc["objectives"]
    assert [o["id"] for o in objectives] == ["O1", "O2", "O3", "O4"]
    seen = set()
    for obj in objectives:
        assert set(obj["title"]) == {"en", "zh"} and obj["period"] == "2026-Q3" and obj["owner"] and obj["team"]
        for kr in obj["key_results"]:
            assert kr["metric"] in METRIC_IDS, kr
            assert kr["id"].startswith(obj["id"] + ".") and kr["id"] not in seen
            assert set(kr["title"]) == {"en", "zh"}
            seen.add(kr["id"])
    assert len(seen) == 12  # three key results an objective, the range the editor recommends


def test_okrs_yaml_loads_in_the_okr_model():
    from okr.okr_read import load_okrs  # the project's own module: an import error fails, never skips

    objectives = load_okrs((SAMPLE / "okrs.yaml").read_text(encoding="utf-8"))
    assert [len(o.key_results) for o in objectives] == [3, 3, 3, 3]


# ------------------------------------------------------------------------------- the files, parsed
@pytest.fixture(scope="module")
def data(generated) -> dict[str, pd.DataFrame]:
    out, _ = generated
    text = (out / "deals_salesforce_report.csv").read_bytes().decode("utf-8")
    body = text.split("\r\n\r\n")[0]
    deals = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    for col in ("Created Date", "Close Date"):
        deals[col] = pd.to_datetime(deals[col], format="%m/%d/%Y")
    deals["Amount"] = deals["Amount"].astype(float)
    leads = pd.read_csv(out / "leads_hubspot.csv", dtype=str, encoding="utf-8-sig")
    leads["Create Date"] = pd.to_datetime(leads["Create Date"], format="%Y-%m-%d %H:%M")
    customers = pd.read_excel(out / "客户列表_纷享销客.xlsx", sheet_name="客户", header=2, dtype=str, engine="calamine")
    customers["created"] = pd.to_datetime(customers["创建时间"], format="%Y-%m-%d %H:%M:%S")
    customers["churned"] = pd.to_datetime(customers["流失日期"], format="%Y-%m-%d")
    orders = pd.read_excel(out / "销售订单_纷享销客.xlsx", sheet_name="销售订单", engine="calamine")
    tickets = pd.read_csv(out / "tickets_zoho_desk.csv", dtype=str)
    tickets["created"] = pd.to_datetime(tickets["Created Time"], format="%d %b, %Y %H:%M:%S")
    tickets["frt"] = tickets["First Response Time (in hours)"].astype(float)
    tickets["rating"] = tickets["Satisfaction Rating"].astype(float)
    nps = pd.read_csv(out / "nps_survey_jiandaoyun.csv", dtype=str, encoding="gb18030")
    activities = pd.read_excel(out / "activities_dynamics365.xlsx", sheet_name="Activities", engine="calamine")
    spend = pd.read_excel(out / "marketing_spend.xlsx", sheet_name="Spend", engine="calamine")
    return {"deals": deals, "leads": leads, "customers": customers, "orders": orders, "tickets": tickets,
            "nps": nps, "activities": activities, "spend": spend}


def quarter(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.to_period("Q").astype(str)


def test_salesforce_report_shape(generated):
    out, counts = generated
    raw = (out / "deals_salesforce_report.csv").read_bytes()
    text = raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf") and "\r\n" in text and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0].startswith('"Opportunity ID","Opportunity Name","Account ID"')
    n = counts["deals_salesforce_report.csv"]
    assert lines[n + 1:] == [
        "", f'"Grand Totals ({n} records)"', '""', '"Confidential Information - Do Not Distribute"', '""',
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."', '""',
        '"Generated By:  Wang Fang  8/17/2026 9:12 AM"', '"Northwind Trading"', "",
    ]
    rows = list(csv.reader(io.StringIO("\r\n".join(lines[1:n + 1]))))
    assert all(len(r) == 14 for r in rows)
    assert all(line.startswith('"') and line.endswith('"') for line in lines[1:n + 1])


def test_file_encodings_and_workbook_quirks(generated):
    out, _ = generated
    assert (out / "leads_hubspot.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    nps = (out / "nps_survey_jiandaoyun.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        nps.decode("utf-8")
    assert nps.decode("gb18030").startswith("提交时间,提交人,客户编号,推荐意愿(0-10分),意见与建议\r\n")
    from openpyxl import load_workbook

    wb = load_workbook(out / "销售订单_纷享销客.xlsx", read_only=True)
    assert [(ws.title, ws.sheet_state) for ws in wb.worksheets] == [("销售订单", "visible"), ("字段说明", "hidden")]
    wb = load_workbook(out / "activities_dynamics365.xlsx")
    ws = wb["Activities"]
    assert [ws.column_dimensions[c].hidden for c in "ABCD"] == [True, True, True, False]
    assert ws["A1"].value == "(Do Not Modify) Activity" and ws["H2"].is_date
    assert str(wb.properties.modified) == "2026-08-17 09:12:00"
    wb = load_workbook(out / "客户列表_纷享销客.xlsx")
    assert wb["客户"]["A1"].value == "客户列表（导出时间：2026-08-17）" and wb["客户"]["A3"].value == "客户编号"


def test_shared_ids_and_labels(data):
    customers = set(data["customers"]["客户编号"])
    deals, leads, orders, tickets = data["deals"], data["leads"], data["orders"], data["tickets"]
    assert set(deals["Account ID"]) <= customers
    assert set(leads["Associated Company ID"].dropna()) <= customers
    assert set(orders["客户编号"].dropna()) - {None} <= customers
    assert set(tickets["Account Id"]) <= customers and set(data["nps"]["客户编号"]) <= customers
    assert set(data["activities"]["Regarding"]) <= set(data["customers"]["客户名称"])
    channel = data["customers"].set_index("客户编号")["客户来源"].replace({"转介绍": "Referrals"})
    assert (deals["Lead Source"] == deals["Account ID"].map(channel)).all()
    converted = leads.dropna(subset=["Associated Company ID"])
    assert (converted["Original Source"] == converted["Associated Company ID"].map(channel)).all()
    for labels in (deals["Region"], leads["Region"], data["customers"]["所属区域"], orders["所属区域"].dropna(),
                   tickets["Region"]):
        assert set(labels) == REGIONS
    assert set(leads["Original Source"]) == set(data["spend"]["Channel"]) == CHANNELS
    assert set(data["customers"]["客户来源"]) == CHANNELS | {"转介绍"}
    assert orders.iloc[-1]["销售订单编号"] == "合计"
    lines = orders.iloc[:-1]
    assert abs(orders.iloc[-1]["订单金额"] - lines["订单金额"].sum()) < 0.01
    assert lines.groupby("销售订单编号")["订单行号"].max().max() >= 3


# ------------------------------------------------------------------------------------- the stories
def test_story_service(data):
    t = data["tickets"]
    t = t.assign(q=quarter(t["created"]))
    by_q = t.groupby("q")
    csat = by_q["rating"].apply(lambda r: (r.dropna() >= 4).mean())
    complaints = by_q["Type"].apply(lambda s: (s == "Complaint").sum())
    frt = by_q["frt"].median()
    resolved = by_q["Status"].apply(lambda s: (s == "Closed").mean())
    assert 0.66 <= csat["2024Q3"] <= 0.76 and 0.84 <= csat["2026Q3"] <= 0.92
    assert csat["2026Q3"] - csat["2024Q3"] > 0.10
    assert complaints["2026Q2"] <= 0.6 * complaints["2024Q3"]
    assert frt["2024Q3"] >= 26 and frt["2026Q3"] <= 14
    assert 0.9 <= resolved["2026Q2"] <= 0.97 and resolved["2024Q3"] < 0.87
    closed = t[t["Status"] == "Closed"]
    assert 0.55 <= closed["rating"].notna().mean() <= 0.65
    assert (t[t["Status"] != "Closed"]["rating"].isna()).all()
    assert 0.01 <= t["Subject"].str.contains("\n").mean() <= 0.02


def test_story_sales(data):
    d = data["deals"]
    closed = d[d["Stage"].isin(["Closed Won", "Closed Lost"])].assign(q=lambda x: quarter(x["Close Date"]))
    win = closed.groupby("q")["Stage"].apply(lambda s: (s == "Closed Won").mean())
    overall = (closed["Stage"] == "Closed Won").mean()
    assert 0.25 <= overall <= 0.35
    assert all(0.22 <= v <= 0.38 for v in win.values)
    won = closed[closed["Stage"] == "Closed Won"]
    cycle = (won["Close Date"] - won["Created Date"]).dt.days.groupby(won["q"]).mean()
    assert 38 <= (won["Close Date"] - won["Created Date"]).dt.days.mean() <= 50
    assert cycle["2026Q2"] < cycle["2024Q4"]
    open_deals = d[~d["Stage"].str.startswith("Closed")]
    assert (open_deals["Close Date"] > "2026-08-16").mean() > 0.8


def test_story_customers(data):
    c = data["customers"]
    new = quarter(c["created"]).value_counts()
    assert new["2024Q4"] > new["2024Q3"] and new["2025Q4"] > new["2025Q3"] and new["2025Q4"] > new["2026Q1"]
    assert new["2026Q2"] > 1.25 * new["2024Q3"]
    for p in pd.period_range("2024Q3", "2026Q2", freq="Q"):
        start, end = p.start_time, p.end_time
        active = c[(c["created"] < start) & (c["churned"].isna() | (c["churned"] >= start))]
        churned = c[(c["churned"] >= start) & (c["churned"] <= end)]
        assert 0.05 <= len(churned) / len(active) <= 0.10, p
    o = data["orders"].iloc[:-1]
    o = o[o["订单状态"] != "已取消"].assign(q=lambda x: quarter(x["下单日期"]))
    per_customer = o.groupby(["q", "客户编号"])["销售订单编号"].nunique()
    repeat = (per_customer >= 2).groupby(level="q").mean()
    assert repeat["2026Q2"] > repeat["2024Q3"] + 0.08
    leads = data["leads"].assign(q=lambda x: quarter(x["Create Date"]))
    conversion = leads.groupby("q")["Associated Company ID"].apply(lambda s: s.notna().mean())
    assert conversion["2026Q1"] > conversion["2024Q3"]
    referral = c[c["created"] >= "2024-07-01"].assign(q=lambda x: quarter(x["created"]))
    share = referral.groupby("q")["客户来源"].apply(lambda s: s.isin(["Referrals", "转介绍"]).mean())
    assert share["2026Q2"] > share["2024Q3"] * 1.1


def test_story_marketing(data):
    spend, leads = data["spend"], data["leads"]
    cpl = spend.groupby("Channel")["Spend (CNY)"].sum() / leads.groupby("Original Source").size()
    assert cpl.idxmin() == "Referrals" and cpl.idxmax() == "Offline Sources"
    paid = spend[spend["Channel"] == "Paid Search"].set_index("Month")["Spend (CNY)"]
    before_cut = paid[paid.index < "2026-07-01"]
    assert before_cut.max() / before_cut.min() < 1.1  # steady until the budget was cut
    assert paid[paid.index >= "2026-07-01"].max() < 0.1 * before_cut.min()  # then almost nothing
    paid_leads = leads[leads["Original Source"] == "Paid Search"].assign(m=lambda x: x["Create Date"].dt.to_period("M"))
    per_month = paid_leads.groupby("m").size()
    assert per_month[pd.Period("2026-07", "M")] < 0.2 * per_month[pd.Period("2026-06", "M")]  # its leads dried up
    # Trade shows: spend is paid back by the show month's Offline leads' revenue in T+2, not yet in T+1.
    o = data["orders"].iloc[:-1]
    o = o[o["订单状态"] != "已取消"]
    o = o.assign(net=o["订单金额"] - o["退款金额"], m=pd.to_datetime(o["下单日期"]).dt.to_period("M"))
    offline = leads[(leads["Original Source"] == "Offline Sources")].dropna(subset=["Associated Company ID"])
    cohort = dict(zip(offline["Associated Company ID"], offline["Create Date"].dt.to_period("M"), strict=True))
    o = o[o["客户编号"].isin(cohort)].assign(lead_m=lambda x: x["客户编号"].map(cohort))
    for show in gen.SHOWS:
        m = pd.Period(show, freq="M")
        month_spend = spend[(spend["Channel"] == "Offline Sources") & (spend["Month"] == m.start_time)]
        amount = month_spend["Spend (CNY)"].iloc[0]
        revenue = o[o["lead_m"] == m]
        by_t1, by_t2 = revenue[revenue["m"] <= m + 1]["net"].sum(), revenue[revenue["m"] <= m + 2]["net"].sum()
        assert by_t1 < amount < by_t2, (str(m), by_t1, amount, by_t2)
