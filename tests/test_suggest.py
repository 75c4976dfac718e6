"""Targets suggested from history (okr/suggest.py), the CLI's `suggest`, and the SMART achievable check that reads
the same history.  Expected values are worked out by hand in the comments."""

from __future__ import annotations

import json
import math
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from i18n.suggest_text import offer_rows, why_none
from metrics import CATALOG
from metrics.periods import parse_period
from okr.model import KeyResult, Objective, Target
from okr.smart import achievable_issues, smart_check
from okr.suggest import (
    Basis,
    ChangeHistory,
    Offer,
    Step,
    history_from_frame,
    offers_from,
    quantile,
    reached,
    round_modestly,
    suggest,
)
from tests.metrics_fixtures import insert, make_ws

Q1_2026 = parse_period("2026-Q1")


def _deals(won_on: dict[str, int]) -> list[dict]:
    rows, n = [], 0
    for day, count in won_on.items():
        for _ in range(count):
            n += 1
            at = datetime.fromisoformat(day + " 10:00")
            rows.append(dict(deal_id=f"D{n}", stage="Closed Won", status="won", amount=100.0, created_at=at,
                             closed_at=at))
    return rows


# Deals won per quarter of 2025: 10, 12, 11, 15 (a deal on 2025-01-01 and one on 2025-12-31: the data covers
# every day of the year).  Changes +2, -1, +4; sorted -1, 2, 4.
WON_2025 = {"2025-01-01": 4, "2025-02-10": 6, "2025-04-05": 12, "2025-07-07": 11, "2025-10-10": 14, "2025-12-31": 1}
# First response hours (lower is better), one median per quarter: 20, 18, 19, 14.  Changes -2, +1, -5; read in the
# good direction 2, -1, 5; sorted -1, 2, 5.
TICKETS_2025 = [("2025-01-01", 20), ("2025-02-01", 20), ("2025-05-01", 18), ("2025-08-01", 19), ("2025-12-31", 14)]


@pytest.fixture
def history_ws():
    ws = make_ws()
    insert(ws, "deals", _deals(WON_2025))
    insert(ws, "tickets", [dict(ticket_id=f"T{i}", created_at=datetime.fromisoformat(day + " 09:00"),
                                first_response_hours=float(h)) for i, (day, h) in enumerate(TICKETS_2025)])
    return ws


def _offer(s, kind: Offer) -> tuple[float, int, int]:
    o = s.offers[kind]
    return round(o.target, 9), o.reached, o.of


def test_offers_for_a_count(history_ws) -> None:
    s = suggest(history_ws, "deals_won", Q1_2026)
    assert s.baseline == 15  # 2025-Q4
    assert [(x.start, x.end, x.change) for x in s.history.steps] == [
        ("2025-Q1", "2025-Q2", 2), ("2025-Q2", "2025-Q3", -1), ("2025-Q3", "2025-Q4", 4)]
    # median of (-1, 2, 4) = 2 -> 17, reached by +2 and +4; 80th: h = 2 x 0.8 = 1.6 -> 2 + 0.6 x 2 = 3.2 -> 18.2;
    # 95th: h = 1.9 -> 2 + 0.9 x 2 = 3.8 -> 18.8; whole deals, rounded down: 18 and 18, reached only by the +4
    assert _offer(s, Offer.LIKELY) == (17, 2, 3)
    assert _offer(s, Offer.STRETCH) == (18, 1, 3)
    assert _offer(s, Offer.MOONSHOT) == (18, 1, 3)


def test_offers_where_lower_is_better(history_ws) -> None:
    s = suggest(history_ws, "first_response_hours", Q1_2026)
    assert s.baseline == 14
    # good changes (2, -1, 5): median 2 -> 12 h; 80th 2 + 0.6 x 3 = 3.8 -> 10.2 h; 95th 2 + 0.9 x 3 = 4.7 -> 9.3 h
    assert _offer(s, Offer.LIKELY) == (12, 2, 3)
    assert _offer(s, Offer.STRETCH) == (10.2, 1, 3)
    assert _offer(s, Offer.MOONSHOT) == (9.3, 1, 3)


def test_partly_covered_periods_do_not_count(history_ws) -> None:
    # a deal on 2024-11-15: 2024-Q4 is covered from the 15th of November only, so 2024-Q4 -> 2025-Q1 is no change
    insert(history_ws, "deals", [dict(deal_id="early", stage="Closed Won", status="won", amount=1.0,
                                      created_at=datetime(2024, 11, 15), closed_at=datetime(2024, 11, 15))],
           upload_id=2)
    s = suggest(history_ws, "deals_won", Q1_2026)
    assert s.history.steps[0].start == "2025-Q1" and s.history.n == 3


def test_too_little_history_or_no_baseline(history_ws) -> None:
    s = suggest(history_ws, "deals_won", parse_period("2025-Q3"))  # one change before it (Q1 -> Q2)
    assert s.history.n == 1 and s.offers == {}
    assert why_none(s, "en") == ("Too little history to suggest a target: it needs two changes between quarters "
                                 "that the data covers in full (it has 1).")
    assert "季度" in why_none(s, "zh")
    empty = suggest(make_ws(), "deals_won", Q1_2026)
    assert empty.offers == {} and empty.baseline is None
    assert why_none(empty, "en") == "No target can be suggested: 2025-Q4, the baseline, has no value."


def test_offer_wording_in_both_languages(history_ws) -> None:
    s = suggest(history_ws, "deals_won", Q1_2026)
    en, zh = offer_rows(s, "count", "en"), offer_rows(s, "count", "zh")
    assert [r["label"] for r in en] == ["Likely", "Stretch", "Moonshot"]
    assert en[0]["reached_text"] == "reached in 2 of 3 past quarters" and en[0]["change_text"] == "+2"
    assert zh[0]["reached_text"] == "过去 3 个季度中有 2 个达到" and zh[2]["label"] == "登月"


def _frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"period": label, "period_start": date.fromisoformat(s), "period_end": date.fromisoformat(e),
                          "value": v} for label, s, e, v in rows])


def test_same_quarter_of_earlier_years() -> None:
    rows = [("2024-Q1", "2024-01-01", "2024-04-01", 10.0), ("2024-Q2", "2024-04-01", "2024-07-01", 20.0),
            ("2024-Q3", "2024-07-01", "2024-10-01", 12.0), ("2024-Q4", "2024-10-01", "2025-01-01", 13.0),
            ("2025-Q1", "2025-01-01", "2025-04-01", 14.0), ("2025-Q2", "2025-04-01", "2025-07-01", 26.0)]
    # 2026-Q2: the Q1 -> Q2 step happened twice (+10, +12): only those count
    seasonal = history_from_frame(_frame(rows), parse_period("2026-Q2"), 1)
    assert seasonal.basis == Basis.SAME_SEASON and [s.change for s in seasonal.steps] == [10, 12]
    # 2026-Q3: Q2 -> Q3 happened once (2024): every consecutive pair counts
    every = history_from_frame(_frame(rows), parse_period("2026-Q3"), 1)
    assert every.basis == Basis.ALL_PAIRS and [s.change for s in every.steps] == [10, -8, 1, 1, 12]
    # a month: every pair, whatever the season
    assert history_from_frame(_frame(rows), parse_period("2026-04"), 1).basis == Basis.ALL_PAIRS


def test_a_gap_breaks_the_chain_and_leading_zeros_are_dropped() -> None:
    rows = [("2024-Q4", "2024-10-01", "2025-01-01", 0.0), ("2025-Q1", "2025-01-01", "2025-04-01", 5.0),
            ("2025-Q2", "2025-04-01", "2025-07-01", 7.0), ("2025-Q4", "2025-10-01", "2026-01-01", 9.0),
            ("2026-Q1", "2026-01-01", "2026-04-01", 8.0)]
    h = history_from_frame(_frame(rows), parse_period("2026-Q2"), 1)
    assert [(s.start, s.end, s.change) for s in h.steps] == [("2025-Q1", "2025-Q2", 2), ("2025-Q4", "2026-Q1", -1)]


def test_targets_are_rounded_the_modest_way() -> None:
    assert round_modestly(18.8, 1, "count") == 18 and round_modestly(9.35, -1, "hours") == 9.4
    assert round_modestly(0.885, 1, "percent") == 0.885 and round_modestly(0.88549, 1, "percent") == 0.885
    assert round_modestly(0.88549, -1, "percent") == 0.886 and round_modestly(1234.567, 1, "number") == 1234.56


def test_quantile_and_reached() -> None:
    assert quantile([4, -1, 2], 0.5) == 2 and quantile([1, 2, 3, 4], 0.5) == 2.5 and quantile([7], 0.95) == 7
    assert reached(2, [2, -1, 4]) == 2 and reached(4.000000000001, [4]) == 1 and reached(5, [4]) == 0


# ------------------------------------------------------------------ properties
@settings(max_examples=200, deadline=None)
@given(changes=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30),
       better=st.sampled_from([1, -1]), baseline=st.floats(-1e6, 1e6, allow_nan=False))
def test_offers_are_ordered_and_counted(changes: list[float], better: int, baseline: float) -> None:
    _check_offers(changes, better, baseline, "score")  # a score has no bounds: the offers are the quantiles


@settings(max_examples=200, deadline=None)
@given(changes=st.lists(st.floats(-1, 1, allow_nan=False), min_size=2, max_size=30),
       better=st.sampled_from([1, -1]), baseline=st.floats(0, 1))
def test_rate_offers_stay_within_0_and_100_percent(changes: list[float], better: int, baseline: float) -> None:
    # (at a bound a bad change is cut short, so its offer may be better than any past change: no minimum count)
    offers = _check_offers(changes, better, baseline, "percent")
    assert all(0 <= o.target <= 1 for o in offers.values())


def _check_offers(changes: list[float], better: int, baseline: float, unit: str) -> dict:
    history = ChangeHistory(tuple(Step(str(i), str(i + 1), c) for i, c in enumerate(changes)), better)
    offers = offers_from(baseline, history, unit)
    likely, stretch, moonshot = (offers[k] for k in Offer)
    good = [o.change * better for o in (likely, stretch, moonshot)]
    assert good[0] <= good[1] <= good[2]
    n = len(changes)
    assert all(o.of == n for o in offers.values())
    assert n >= likely.reached >= stretch.reached >= moonshot.reached
    if unit == "score":
        assert moonshot.reached >= 1  # the 95th percentile lies within the past changes
        assert likely.reached >= math.ceil(n / 2)  # at least half the past changes were as good as the median
    for o in offers.values():  # k counts exactly the past changes at least as good as the offer
        assert o.reached == reached(o.change * better, history.good_changes)
    return offers


# ------------------------------------------------------------------ the SMART check agrees
def _kr(target: float) -> KeyResult:
    return KeyResult(id="K", title=None, metric="deals_won", target=Target("to_value", value=target))


@pytest.mark.parametrize(("target", "flagged"), [(17, False), (18.8, False), (19, False), (19.5, True)])
def test_smart_achievable_agrees_with_the_offers(history_ws, target: float, flagged: bool) -> None:
    # the best past change is +4: 19 was reached once (no warning), 19.5 never (the warning)
    obj = Objective(id="O", title="t", period="2026-Q1", key_results=[_kr(target)])
    issues = [i for i in smart_check(history_ws, obj, obj.key_results[0]) if i.code == "achievable_stretch"]
    assert bool(issues) is flagged
    if flagged:
        assert issues[0].params["n"] == 3
    offers = suggest(history_ws, "deals_won", Q1_2026).offers
    for offer in offers.values():  # no offer is ever called unrealistic
        assert achievable_issues(_kr(offer.target), CATALOG["deals_won"], reference=15, target=offer.target,
                                 history=suggest(history_ws, "deals_won", Q1_2026).history, grain="quarter") == []


# ------------------------------------------------------------------ the CLI
def test_cli_json_shape(history_ws, capsys) -> None:
    code = cli.serve_command(history_ws, ["suggest", "first_response_hours", "--period", "2026-Q1", "--json"], ".")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["metric", "period", "baseline", "likely", "stretch", "moonshot", "history"]
    assert out["metric"] == "first_response_hours" and out["period"] == "2026-Q1" and out["baseline"] == 14
    assert out["likely"] == {"target": 12, "reached": 2, "of": 3}
    assert out["history"][0] == {"from": "2025-Q1", "to": "2025-Q2", "change": -2}
    # too little history (one change before 2025-Q3): the same keys, no offers
    assert cli.serve_command(history_ws, ["suggest", "deals_won", "--period", "2025-Q3", "--json"], ".") == 0
    thin = json.loads(capsys.readouterr().out)
    assert thin == {"metric": "deals_won", "period": "2025-Q3", "baseline": 12, "likely": None, "stretch": None,
                    "moonshot": None, "history": [{"from": "2025-Q1", "to": "2025-Q2", "change": 2}]}


def test_cli_text_and_errors(history_ws, capsys) -> None:
    assert cli.serve_command(history_ws, ["suggest", "deals_won", "--period", "2026-Q1"], ".") == 0
    out = capsys.readouterr().out
    assert "Likely: 17 (+2), reached in 2 of 3 past quarters" in out
    assert cli.serve_command(history_ws, ["suggest", "deals_won", "--period", "someday"], ".") == 2
    assert cli.serve_command(history_ws, ["suggest", "nope", "--period", "2026-Q1"], ".") == 2
    err = capsys.readouterr().err
    assert "Write the period as 2025-Q3" in err and "Unknown metric 'nope'" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------ the OKR editor
@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_editor_offers_fill_the_key_result_form(tmp_path_factory, tmp_path, lang) -> None:
    from tests.apptest_support import build_demo_workspace, copy_workspace, run_page

    db = str(copy_workspace(build_demo_workspace(tmp_path_factory.getbasetemp()), tmp_path / "ws.duckdb"))
    at = run_page("app_pages/okr_editor.py", db=db, lang=lang)
    assert not at.exception
    at.selectbox(key="offers_metric_O1").set_value("won_revenue").run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert ("reached in" in captions and "past quarters" in captions) if lang == "en" else "个季度中有" in captions
    stretch = next(b for b in at.button if b.key == "offer_O1_stretch")
    stretch.click().run()
    assert not at.exception
    assert at.session_state["new_metric_O1"] == "won_revenue" and at.session_state["new_type_O1"] == "to_value"
    filled = at.session_state["new_value_O1"]
    assert at.number_input(key="new_value_O1").value == filled and filled > 0
    assert at.success  # "Target ... filled in below"
