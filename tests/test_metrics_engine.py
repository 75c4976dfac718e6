"""The metrics API: result shape, periods, period-to-date, segments and filters, SQL safety, requirements."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest

import metrics
from metrics import (
    CATALOG,
    MetricQuery,
    MetricUnavailable,
    compile_sql,
    compute,
    latest_data_date,
    metric_value,
    requirements,
    sql_for_display,
)
from store.clock import today
from tests.metrics_fixtures import insert, make_ws, values

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def deals_ws():
    ws = make_ws()
    insert(ws, "deals", [
        dict(deal_id="D1", stage="won", status="won", amount=100.0, closed_at="2025-01-15", owner="Li Na",
             _extra={"Country": "CN", "Deal Type": "New"}),
        dict(deal_id="D2", stage="won", status="won", amount=200.0, closed_at="2025-02-15", owner="li_na",
             _extra={"Country": "SG"}),
        dict(deal_id="D3", stage="won", status="won", amount=300.0, closed_at="2025-04-15", owner="Wang Wei",
             _extra={"Country": "cn"}),
        dict(deal_id="D4", stage="lost", status="lost", amount=50.0, closed_at="2025-08-16", owner="O'Brien"),
    ])
    yield ws
    ws.close()


def test_result_shape(deals_ws):
    df = compute(deals_ws, MetricQuery("win_rate", grain="quarter", start="2025-01-01", as_of="2025-08-16"))
    assert list(df.columns) == ["metric", "period", "period_start", "period_end", "segment", "value", "won", "lost",
                                "partial", "days", "covered_days", "coverage"]
    assert list(df["period"]) == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert df["period_start"].tolist() == [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)]
    assert df["period_end"].tolist() == [date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)]  # exclusive
    assert df["partial"].tolist() == [False, False, True]
    assert set(df["metric"]) == {"win_rate"} and df["value"].dtype == float
    assert df.attrs["unit"] == "percent" and df.attrs["as_of"] == date(2025, 8, 16) and "$ps" in df.attrs["sql"]


def test_defaults_use_the_latest_data_date(deals_ws):
    assert latest_data_date(deals_ws) == date(2025, 8, 16)
    df = compute(deals_ws, MetricQuery("deals_won"))  # months from the first data to the running month
    assert df["period"].iloc[0] == "2025-01" and df["period"].iloc[-1] == "2025-08"
    assert values(df)["2025-04"] == 1 and bool(df["partial"].iloc[-1])


def test_fiscal_start_setting_labels_and_boundaries(deals_ws):
    deals_ws.set_setting("fiscal_start_month", 4)
    df = compute(deals_ws, MetricQuery("won_revenue", grain="quarter", start="2025-01-01", end="2025-10-01", as_of="2025-09-30"))
    assert values(df) == {"FY2025-Q4": 300, "FY2026-Q1": 300, "FY2026-Q2": 0}
    year = compute(deals_ws, MetricQuery("won_revenue", grain="year", start="FY2025", end="FY2026", as_of="2025-09-30"))
    assert values(year) == {"FY2025": 300, "FY2026": 300}
    assert values(compute(deals_ws, MetricQuery("won_revenue", grain="quarter", start="2025-01-01", end="2025-04-01", as_of="2025-09-30", fiscal_start=1))) == {"2025-Q1": 300}


def test_weeks(deals_ws):
    df = compute(deals_ws, MetricQuery("won_revenue", grain="week", start="2025-01-13", end="2025-01-27", as_of="2025-09-30"))
    assert values(df) == {"2025-W03": 100, "2025-W04": 0}


def test_metric_value_and_period_to_date(deals_ws):
    full = metric_value(deals_ws, MetricQuery("won_revenue", start="2025-01-01", end="2025-07-01"))
    assert full.value == 600 and not full.partial and full.period.label == "2025-01-01..2025-07-01"
    ptd = metric_value(deals_ws, MetricQuery("won_revenue", start="2025-Q1", as_of="2025-02-01"))
    assert ptd.value == 100 and ptd.partial and ptd.effective_end == date(2025, 2, 2)
    assert ptd.secondary == {"deals_won": 1}
    rate = metric_value(deals_ws, MetricQuery("win_rate", start="2025-Q3"))
    assert rate.value == 0.0 and rate.secondary == {"won": 0, "lost": 1}
    empty = metric_value(deals_ws, MetricQuery("win_rate", start="2024-Q1"))
    assert empty.value is None and empty.secondary["won"] is None  # before the data begins: no data, not 0


def test_segments_on_original_columns_and_label_folding(deals_ws):
    df = compute(deals_ws, MetricQuery("won_revenue", grain="quarter", start="2025-01-01", end="2025-07-01", as_of="2025-09-30", by="Country"))
    assert values(df) == {("2025-Q1", "CN"): 100, ("2025-Q1", "SG"): 200, ("2025-Q2", "CN"): 300,
                          ("2025-Q2", "SG"): 0}
    assert values(compute(deals_ws, MetricQuery("won_revenue", grain="quarter", start="2025-01-01", end="2025-07-01", as_of="2025-09-30", by="country")))[("2025-Q2", "CN")] == 300  # key matched loosely
    owners = values(compute(deals_ws, MetricQuery("won_revenue", grain="year", start="2025", as_of="2025-09-30", by="owner")))
    assert owners[("2025", "Li Na")] == 300  # "Li Na" and "li_na" fold together


def test_filters(deals_ws):
    kw = {"grain": "year", "start": "2025", "as_of": "2025-09-30"}
    assert values(compute(deals_ws, MetricQuery("won_revenue", filters={"owner": "LI-NA"}, **kw))) == {"2025": 300}
    assert values(compute(deals_ws, MetricQuery("won_revenue", filters={"Country": ["cn", "Sg"]}, **kw))) == {"2025": 600}
    assert values(compute(deals_ws, MetricQuery("won_revenue", filters={"Country": None}, **kw))) == {"2025": 0}
    assert values(compute(deals_ws, MetricQuery("won_revenue", filters={"owner": "Li Na", "Country": "SG"}, **kw))) == {"2025": 200}
    assert values(compute(deals_ws, MetricQuery("win_rate", filters={"owner": "O'Brien"}, **kw))) == {"2025": 0.0}
    with pytest.raises(MetricUnavailable, match="cannot be split or filtered by 'Planet'") as err:
        compute(deals_ws, MetricQuery("won_revenue", by="Planet", **kw))
    assert err.value.message("zh").startswith("赢单金额无法按“Planet”拆分或筛选")


def test_sql_binds_values_and_quotes_identifiers(deals_ws):
    evil_dim, evil_value = 'x"; DROP TABLE deals; --', "'; DROP TABLE deals; --"
    sql, params = compile_sql(MetricQuery("won_revenue", grain="quarter", start="2025-01-01", as_of="2025-06-30", by="owner", filters={evil_dim: evil_value}), deals_ws)
    assert "DROP TABLE" not in sql and evil_value in params.values() and evil_dim in params.values()
    assert list(deals_ws.df(sql, params).columns) == ["k", "period", "segment", "value", "deals_won"]
    shown = sql_for_display(sql, params)
    assert "$" not in shown.replace("$'", "") and "TIMESTAMP '2025-01-01 00:00:00'" in shown
    assert "''; DROP TABLE deals; --'" in shown  # quoted as a literal when displayed
    display, none = compile_sql(MetricQuery("revenue", grain="month", as_of="2025-03-15"), display=True)
    assert none == {} and "FROM \"orders\" t" in display
    assert deals_ws.table_counts()["deals"] == 4


def test_every_metric_compiles_to_one_statement_without_a_workspace():
    for mid in CATALOG:
        sql, params = compile_sql(MetricQuery(mid, grain="quarter", start="2025-01-01", as_of="2025-06-30", by="region"))
        assert sql.startswith("WITH spine AS") and sql.count(";") == 0, mid
        assert all(f"${name}" in sql for name in params), mid


def test_missing_data_raises_with_the_requirement_never_zero():
    ws = make_ws()
    for mid in CATALOG:
        needs = requirements(ws, mid)
        assert needs and all(n.startswith("needs ") for n in needs), mid
        with pytest.raises(MetricUnavailable) as err:
            compute(ws, MetricQuery(mid))
        assert err.value.metric_id == mid and "needs" in str(err.value) and str(err.value).endswith("first.")
        assert err.value.message("zh").startswith(metrics.get_metric(mid).label.zh)
    with pytest.raises(MetricUnavailable, match="There is no metric") as err:
        compute(ws, MetricQuery("happiness"))
    assert err.value.message("zh").startswith("没有指标")


def test_requirements_are_remembered_until_the_data_changes():
    ws = make_ws()
    assert requirements(ws, "new_leads") == ["needs leads with a created date"]
    insert(ws, "leads", [dict(lead_id="L1", created_at="2025-01-01")])
    assert requirements(ws, "new_leads") == []
    assert latest_data_date(ws) == date(2025, 1, 1)
    insert(ws, "leads", [dict(lead_id="L2", created_at="2025-03-01")])
    assert latest_data_date(ws) == date(2025, 3, 1)


def test_today_uses_the_workspace_time_zone():
    east, west = make_ws(timezone="Pacific/Kiritimati"), make_ws(timezone="Etc/GMT+12")  # UTC+14 and UTC-12
    assert today(east) - today(west) in (timedelta(days=1), timedelta(days=2))
    assert metrics.default_as_of(east) == today(east)  # no data: today in the workspace time zone
    assert today(make_ws(timezone="Not/AZone")) in (date.today() - timedelta(days=1), date.today(),
                                                    date.today() + timedelta(days=1))


def test_metrics_modules_do_not_import_streamlit():
    mine = sorted((ROOT / "metrics").glob("*.py"))  # every module of the package, whatever it is called
    assert len(mine) > 10
    for path in mine:
        name = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert "streamlit" not in imported, name


def test_results_are_remembered_until_the_data_changes(deals_ws):
    kw = {"grain": "year", "start": "2025", "as_of": "2025-09-30"}
    assert values(compute(deals_ws, MetricQuery("won_revenue", **kw))) == {"2025": 600}
    insert(deals_ws, "deals", [dict(deal_id="D9", stage="won", status="won", amount=1.0, closed_at="2025-03-01")])
    assert values(compute(deals_ws, MetricQuery("won_revenue", **kw))) == {"2025": 601}
    assert values(compute(deals_ws, MetricQuery("won_revenue", **kw), cache=False)) == {"2025": 601}
    metrics.forget(deals_ws)
    assert values(compute(deals_ws, MetricQuery("won_revenue", **kw))) == {"2025": 601}


def test_duplicate_customer_rows_are_counted_once():
    ws = make_ws()
    insert(ws, "customers", [dict(customer_id="C1", segment="SMB")])
    insert(ws, "customers", [dict(customer_id="C1", segment="Enterprise")], upload_id=2)  # the later upload wins
    insert(ws, "orders", [dict(order_id="O1", customer_id="C1", ordered_at="2025-01-05", amount=10.0)])
    df = compute(ws, MetricQuery("revenue", grain="quarter", start="2025-01-01", as_of="2025-03-31", by="segment"))
    assert values(df) == {("2025-Q1", "Enterprise"): 10}


def test_custom_ranges_and_weeks_for_churn():
    ws = make_ws()
    insert(ws, "orders", [dict(order_id=f"O{i}", customer_id=c, ordered_at=day, amount=1.0) for i, (c, day) in
                          enumerate([("C1", "2025-01-06"), ("C2", "2025-01-07"), ("C1", "2025-01-14"),
                                     ("C3", "2025-01-15")])])
    weeks = compute(ws, MetricQuery("churn_rate", grain="week", start="2025-01-13", end="2025-01-20", as_of="2025-01-31"))
    assert values(weeks) == {"2025-W03": 0.5}  # C1, C2 active in W02; C2 did not come back
    custom = metric_value(ws, MetricQuery("churn_rate", start="2025-01-10", end="2025-01-17", as_of="2025-01-31"))
    assert custom.value == 0.5 and custom.secondary == {"churned": 1, "base": 2}  # previous 7 days: 01-03..01-09
