"""Why a metric moved (metrics/explain.py): hand-computed decompositions on tiny workspaces, the property that
the parts always add up to the total change, the sentence, the waterfall and the CLI's JSON."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.explain_text import sentence
from metrics import parse_period
from metrics.catalog import get_metric
from metrics.explain import (
    Method,
    Note,
    PartKind,
    explain,
    split_additive,
    split_shift_share,
    weight_columns,
)
from tests.metrics_fixtures import approx, insert, make_ws

Q1, Q2 = parse_period("2025-Q1"), parse_period("2025-Q2")
AS_OF = date(2025, 6, 30)  # Q2 has ended: the whole of Q2 against the whole of Q1


def _deal(i: int, status: str, closed: str, **fields) -> dict:
    return {"deal_id": f"D{i}", "status": status, "closed_at": closed, "created_at": "2025-01-01", **fields}


def _parts(exp) -> dict:
    return {p.segment: p for p in exp.parts}


@pytest.fixture(scope="module")
def regions():
    """Won deals by region: Q1 East 100+200, West 50, South 400; Q2 East 1000, West 10+20+30, North 5+5."""
    ws = make_ws()
    rows = [("East", 100, "2025-01-10"), ("East", 200, "2025-02-10"), ("West", 50, "2025-03-01"),
            ("South", 400, "2025-03-20"), ("East", 1000, "2025-04-10"), ("West", 10, "2025-04-11"),
            ("West", 20, "2025-05-11"), ("West", 30, "2025-06-11"), ("North", 5, "2025-06-01"),
            ("North", 5, "2025-06-02")]
    insert(ws, "deals", [_deal(i, "won", day, region=reg, amount=float(amt), owner="Li" if i % 2 else "Wang")
                         for i, (reg, amt, day) in enumerate(rows)])
    yield ws
    ws.close()


def test_count_splits_into_segment_changes(regions):
    exp = explain(regions, "deals_won", Q2, as_of=AS_OF, by="region")
    assert (exp.previous, exp.current, exp.total_change) == (4, 6, 2)
    parts = _parts(exp)
    assert {s: p.change for s, p in parts.items()} == {"East": -1, "West": 2, "South": -1, "North": 2}
    assert parts["South"].kind is PartKind.GONE and parts["North"].kind is PartKind.NEW
    assert parts["East"].kind is PartKind.SEGMENT
    assert all(p.rate_effect is None and p.mix_effect is None for p in exp.parts)
    assert exp.method is Method.ADDITIVE and exp.against.label == "2025-Q1"


def test_sum_splits_into_segment_changes(regions):
    exp = explain(regions, "won_revenue", Q2, as_of=AS_OF, by="region")
    assert (exp.previous, exp.current, exp.total_change) == (750, 1070, 320)
    assert {s: p.change for s, p in _parts(exp).items()} == {"East": 700, "West": 10, "South": -400, "North": 10}
    assert math.fsum(p.change for p in exp.parts) == 320


def test_the_dimension_that_explains_most_is_chosen(regions):
    """Owner (odd rows Li, even rows Wang): Q1 Li 200 + 400 = 600, Wang 100 + 50 = 150; Q2 Li 10 + 30 + 5 = 45,
    Wang 1000 + 20 + 5 = 1025.  Owner's biggest driver is Wang +875, region's East +700: owner explains more."""
    exp = explain(regions, "won_revenue", Q2, as_of=AS_OF)
    assert exp.by == "owner"
    assert {s: p.change for s, p in _parts(exp).items()} == {"Li": 45 - 600, "Wang": 1025 - 150}
    assert exp.scores["owner"] == 875 and exp.scores["region"] == 700


@pytest.fixture(scope="module")
def channels():
    """Win rate by channel.  Q1: A 1 won 1 lost (50%, 2 deals), B 1 won 3 lost (25%, 4): 2/6.
    Q2: A 3 won 1 lost (75%, 4), B 1 won 1 lost (50%, 2): 4/6."""
    ws = make_ws()
    spec = [("A", "won", "2025-01-05"), ("A", "lost", "2025-01-06"), ("B", "won", "2025-02-05"),
            ("B", "lost", "2025-02-06"), ("B", "lost", "2025-02-07"), ("B", "lost", "2025-03-07"),
            ("A", "won", "2025-04-05"), ("A", "won", "2025-04-06"), ("A", "won", "2025-05-06"),
            ("A", "lost", "2025-05-07"), ("B", "won", "2025-06-05"), ("B", "lost", "2025-06-06")]
    insert(ws, "deals", [_deal(i, status, day, channel=ch, amount=1.0) for i, (ch, status, day) in enumerate(spec)])
    yield ws
    ws.close()


def test_ratio_splits_into_rate_and_mix(channels):
    """Shares s0 = (1/3, 2/3), s1 = (2/3, 1/3), mean total 1/2.
    A: rate (1/3+2/3)/2 * (0.75-0.5) = 0.125, mix ((0.5+0.75)/2 - 0.5) * (2/3-1/3) = 1/24;
    B: rate 1/2 * (0.5-0.25) = 0.125,       mix ((0.25+0.5)/2 - 0.5) * (1/3-2/3) = 1/24; total 1/3."""
    exp = explain(channels, "win_rate", Q2, as_of=AS_OF, by="channel")
    assert approx(exp.previous, 1 / 3) and approx(exp.current, 2 / 3) and approx(exp.total_change, 1 / 3)
    parts = _parts(exp)
    for seg in ("A", "B"):
        assert approx(parts[seg].rate_effect, 0.125) and approx(parts[seg].mix_effect, 1 / 24)
        assert approx(parts[seg].change, 0.125 + 1 / 24)
    assert exp.method is Method.SHIFT_SHARE and approx(exp.mix_effect, 1 / 12)
    assert [p.kind for p in exp.parts] == [PartKind.SEGMENT, PartKind.SEGMENT]  # no rest: deals partition
    assert sentence(exp, "Win rate", "en") == ("Win rate +33.3 pts by Channel: A +12.5 pts (better), "
                                               "B +12.5 pts (better), mix +8.3 pts")


def test_ratio_with_a_new_and_a_disappeared_segment():
    """Q1: A 1 won 1 lost, G 0 won 2 lost: 1/4.  Q2: A 2 won 2 lost, N 4 won: 6/8.  Mean total 1/2.
    A: rate 0, mix 0.  N (new): (1 - 1/2) * 1/2 = 1/4.  G (gone): (1/2 - 0) * 1/2 = 1/4.  Total 1/2."""
    ws = make_ws()
    spec = [("A", "won", "2025-01-05"), ("A", "lost", "2025-01-06"), ("G", "lost", "2025-02-05"),
            ("G", "lost", "2025-02-06"), ("A", "won", "2025-04-05"), ("A", "won", "2025-04-06"),
            ("A", "lost", "2025-05-06"), ("A", "lost", "2025-05-07")] + \
        [("N", "won", f"2025-06-0{d}") for d in range(1, 5)]
    insert(ws, "deals", [_deal(i, status, day, channel=ch) for i, (ch, status, day) in enumerate(spec)])
    exp = explain(ws, "win_rate", Q2, as_of=AS_OF, by="channel")
    assert approx(exp.total_change, 0.5)
    parts = _parts(exp)
    assert parts["N"].kind is PartKind.NEW and approx(parts["N"].mix_effect, 0.25) and parts["N"].rate_effect == 0
    assert parts["G"].kind is PartKind.GONE and approx(parts["G"].mix_effect, 0.25) and parts["G"].previous == 0
    assert approx(parts["A"].change, 0.0)
    assert sentence(exp, "Win rate", "en").endswith("G +25.0 pts (gone), N +25.0 pts (new), A +0.0 pts, mix +0.0 pts")
    ws.close()


def test_segments_that_cancel_out_read_plus_minus_zero():
    """Q1 one won deal in East, Q2 one in West: the total does not move, the segments do."""
    ws = make_ws()
    insert(ws, "deals", [_deal(1, "won", "2025-02-01", region="East"), _deal(2, "won", "2025-05-01", region="West")])
    exp = explain(ws, "deals_won", Q2, as_of=AS_OF, by="region")
    assert exp.total_change == 0
    assert sentence(exp, "Deals won", "en") == "Deals won ±0 by Region: East -1 (gone), West +1 (new)"
    assert sentence(exp, "赢单数", "zh") == "赢单数±0（按区域）：East（-1，消失），West（+1，新增）"
    ws.close()


def test_no_data_in_the_previous_period_is_no_change(regions):
    """The data begins in 2025-01: 2024-Q4 has no value (null, not 0), so there is no change and no parts."""
    exp = explain(regions, "won_revenue", Q1, as_of=date(2025, 3, 31), by="region")
    assert exp.previous is None and exp.current == 750 and exp.total_change is None and exp.parts == ()
    assert [m.key for m in exp.messages] == [Note.NO_PREVIOUS]
    assert exp.messages[0].params["reason"].key == "coverage.begins"
    assert "there is no data for 2024-Q4" in sentence(exp, "Won revenue", "en")
    assert exp.to_dict()["total_change"] is None


def test_a_customer_in_two_segments_is_the_rest():
    """Active customers are distinct: C1 orders in channel X in Q1, in X and Y in Q2.  Segments: X 1 -> 1,
    Y new 1; the total stays 1, so -1 is not attributable to a single channel."""
    ws = make_ws()
    insert(ws, "orders", [
        {"order_id": "O1", "customer_id": "C1", "ordered_at": "2025-02-01", "amount": 10.0, "channel": "X"},
        {"order_id": "O2", "customer_id": "C2", "ordered_at": "2025-02-01", "amount": 10.0, "channel": "Y"},
        {"order_id": "O3", "customer_id": "C1", "ordered_at": "2025-05-01", "amount": 10.0, "channel": "X"},
        {"order_id": "O4", "customer_id": "C1", "ordered_at": "2025-05-02", "amount": 10.0, "channel": "Y"},
    ])
    exp = explain(ws, "active_customers", Q2, as_of=AS_OF, by="channel")
    assert (exp.previous, exp.current, exp.total_change) == (2, 1, -1)
    parts = _parts(exp)
    assert parts["X"].change == 0 and parts["Y"].change == 0 and parts[None].kind is PartKind.REST
    assert parts[None].change == -1 and [m.key for m in exp.messages] == [Note.REST]
    ws.close()


def test_weights_are_read_off_the_catalog_declarations():
    assert weight_columns(get_metric("win_rate")) == ("won", "lost")
    assert weight_columns(get_metric("avg_deal_size")) == ("deals_won",)
    assert weight_columns(get_metric("csat")) == ("ratings",)
    assert weight_columns(get_metric("first_response_hours")) == ("tickets",)  # a median: over its tickets
    assert weight_columns(get_metric("clv")) == ()  # not a ratio of sums


# --------------------------------------------------------------------------- the parts add up to the total
_values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
_segment_values = st.dictionaries(st.sampled_from("abcdefgh"), st.one_of(st.none(), _values), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_segment_values, _segment_values)
def test_additive_segments_alone_sum_to_the_total(before, now):
    """Segments that partition the rows (totals are their sums): the named parts alone add up, no rest."""
    total_before = math.fsum(v for v in before.values() if v is not None)
    total_now = math.fsum(v for v in now.values() if v is not None)
    parts = split_additive(before, now, total_before, total_now)
    named = [p for p in parts if p.kind is not PartKind.REST]
    assert math.isclose(math.fsum(p.change for p in named), total_now - total_before, rel_tol=1e-9, abs_tol=1e-6)
    assert all(abs(p.change) <= 1e-6 for p in parts if p.kind is PartKind.REST)


@settings(max_examples=300, deadline=None)
@given(_segment_values, _segment_values, _values, _values)
def test_additive_parts_sum_to_any_total(before, now, total_before, total_now):
    """Totals the segments cannot reach (a customer under two channels) leave an explicit rest part."""
    parts = split_additive(before, now, total_before, total_now)
    # A rest within rounding of the largest figure is not a part (explain.REST_TOLERANCE).
    scale = max([1.0, abs(total_before), abs(total_now)] + [abs(v) for m in (before, now) for v in m.values() if v])
    assert math.isclose(math.fsum(p.change for p in parts), total_now - total_before, rel_tol=1e-9,
                        abs_tol=1e-6 * scale)


_rate_weight = st.tuples(st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
                         st.floats(min_value=0, max_value=1e4, allow_subnormal=False))
_segment_rates = st.dictionaries(st.sampled_from("abcdefgh"), _rate_weight, max_size=8)


def _weighted_mean(values: dict) -> float:
    kept = [(r, w) for r, w in values.values() if r is not None and w > 0]
    total = math.fsum(w for _, w in kept)
    return math.fsum(r * w for r, w in kept) / total if total > 0 else 0.0


@settings(max_examples=300, deadline=None)
@given(_segment_rates, _segment_rates)
def test_shift_share_parts_always_sum_to_the_total(before, now):
    """With totals that are the segments' weighted rates (segments partition the rows) the rate and mix
    effects alone add up to the change, without a rest; each part is its rate plus its mix."""
    r0, r1 = _weighted_mean(before), _weighted_mean(now)
    parts = split_shift_share(before, now, r0, r1)
    assert math.isclose(math.fsum(p.change for p in parts), r1 - r0, rel_tol=1e-9, abs_tol=1e-9)
    named = [p for p in parts if p.kind is not PartKind.REST]
    if any(r is not None and w > 0 for r, w in before.values()) and any(r is not None and w > 0 for r, w in
                                                                          now.values()):
        assert math.isclose(math.fsum(p.change for p in named), r1 - r0, rel_tol=1e-7, abs_tol=1e-7)
    for p in named:
        assert math.isclose(p.rate_effect + p.mix_effect, p.change, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(_segment_rates, _segment_rates, _values, _values)
def test_shift_share_parts_sum_to_any_total(before, now, total_before, total_now):
    """Totals the segments cannot reach (overlapping segments, a median) leave an explicit rest part."""
    parts = split_shift_share(before, now, total_before, total_now)
    assert math.isclose(math.fsum(p.change for p in parts), total_now - total_before, rel_tol=1e-9, abs_tol=1e-6)


# --------------------------------------------------------------------------- the waterfall and the CLI
def test_waterfall_steps_end_at_the_current_value(channels):
    from charts.waterfall import explanation_waterfall

    exp = explain(channels, "win_rate", Q2, as_of=AS_OF, by="channel")
    fig = explanation_waterfall(explanation=exp, lang="en", title="t")
    trace = fig.data[0]
    assert list(trace.x) == ["2025-Q1", "A", "B", "mix", "2025-Q2"]
    assert list(trace.measure) == ["absolute", "relative", "relative", "relative", "total"]
    assert approx(trace.y[0] + sum(trace.y[1:-1]), trace.y[-1]) and approx(trace.y[-1], 2 / 3)
    assert approx(trace.y[3], 1 / 12)
    assert fig.layout.xaxis.type == "category"  # "2025-Q1" and segments as labels, never a date axis


def test_cli_explain_json(tmp_path, capsys):
    import cli
    from store import Workspace

    db = str(tmp_path / "w.duckdb")
    ws = Workspace(db)
    spec = [("A", "won", "2025-01-05"), ("A", "lost", "2025-01-06"), ("B", "lost", "2025-02-06"),
            ("A", "won", "2025-04-05"), ("B", "won", "2025-05-05")]
    insert(ws, "deals", [_deal(i, status, day, channel=ch) for i, (ch, status, day) in enumerate(spec)])
    ws.close()
    args = cli.build_parser().parse_args(["explain", "deals_won", "--period", "2025-Q2", "--by", "channel",
                                          "--as-of", "2025-06-30", "--json", "--db", db])
    assert cli.run(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["metric", "period", "against", "by", "current", "previous", "total_change", "parts"]
    assert out["against"] == "2025-Q1" and (out["previous"], out["current"], out["total_change"]) == (1, 2, 1)
    assert out["parts"] == [{"segment": "A", "change": 0.0, "rate_effect": None, "mix_effect": None},
                            {"segment": "B", "change": 1.0, "rate_effect": None, "mix_effect": None}]
    args = cli.build_parser().parse_args(["explain", "win_rate", "--period", "2025-Q2", "--against", "2025-Q1",
                                          "--filter", "channel=A", "--as-of", "2025-06-30", "--json", "--db", db])
    assert cli.run(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["previous"], out["current"]) == (0.5, 1.0) and out["by"] is None  # one channel left: no split
    args = cli.build_parser().parse_args(["explain", "deals_won", "--period", "2024-Q3", "--db", db, "--lang", "en"])
    assert cli.run(args) == 0  # no data in either period: the reasons, no parts, no traceback
    assert "No change to explain: 2024-Q3 has no data" in capsys.readouterr().out
    args = cli.build_parser().parse_args(["explain", "win_rate", "--period", "2025-Q9", "--db", db])
    assert cli.run(args) == 2
    assert capsys.readouterr().err.startswith("error: Write the period as")


def test_without_an_as_of_the_period_runs_to_the_data_like_every_page(regions):
    """The data ends 2025-06-11 (72 days of Q2): Q2 to date, 1070, against Q1's first 72 days (to 2025-03-13):
    East 100 + 200 and West 50 = 350; South's 400 of 2025-03-20 lies after the same point."""
    exp = explain(regions, "won_revenue", Q2, by="region")
    assert exp.period_end == date(2025, 6, 12) and exp.against_end == date(2025, 3, 14)
    assert (exp.previous, exp.current, exp.total_change) == (350, 1070, 720)
    assert {p.segment: p.change for p in exp.parts} == {"East": 700, "West": 10, "North": 10}


# --------------------------------------------------------------------------- the pages show the drivers
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from tests.apptest_support import build_demo_workspace

    return build_demo_workspace(tmp_path_factory.mktemp("demo_explain"))


def _texts(at) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize(("lang", "title", "by_word"), [("en", "Why it moved", " by "), ("zh", "变化原因", "（按")])
def test_kr_detail_shows_why_it_moved(demo_db, tmp_path, lang, title, by_word):
    from tests.apptest_support import copy_workspace, error_texts, run_page

    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page("app_pages/kr_detail.py", db=str(db), lang=lang, session={"kr_detail": ("O3", "O3.1")})
    assert not at.exception, [e.message for e in at.exception]
    assert error_texts(at) == []
    texts = _texts(at)
    assert title in texts
    assert any(by_word in t for t in texts if t.startswith("**")), "a driver sentence in bold (first response: the South team)"
    assert next(s for s in at.selectbox if s.key == "why_by_O3.1").value == ""  # explains most, by default
    assert any(c.key == "why_O3.1_waterfall" for c in at.get("plotly_chart")), "the waterfall"


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kpi_explorer_shows_the_drivers_of_the_latest_period(demo_db, tmp_path, lang):
    from tests.apptest_support import copy_workspace, error_texts, run_page

    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page("app_pages/kpi_explorer.py", db=str(db), lang=lang)
    assert not at.exception, [e.message for e in at.exception]
    assert error_texts(at) == []
    chooser = next(s for s in at.selectbox if s.key == "kpi_why_won_revenue")
    assert chooser.value == ""  # the dimension that explains most, by default
    sentence_en = next(t for t in _texts(at) if t.startswith("**"))
    chooser.set_value("region").run()
    assert not at.exception
    after = next(t for t in _texts(at) if t.startswith("**"))
    assert after != sentence_en and ("Region" in after or "区域" in after)


def test_data_without_dates_says_what_to_load_not_a_date_overflow():
    """Leads without a created date cover "ever" (the data's last day is date.max): explaining them must say which
    data is missing, not overflow a date one day past the end of the calendar."""
    from metrics import MetricUnavailable

    ws = make_ws()
    insert(ws, "leads", [{"lead_id": f"L{i}", "channel": ch, "converted": i % 2 == 0}
                         for i, ch in enumerate(["Web", "Web", "Fair", "Fair"])])
    with pytest.raises(MetricUnavailable, match="needs leads with a created date"):
        explain(ws, "new_leads", Q2)
    with pytest.raises(MetricUnavailable, match="needs leads with a created date"):
        explain(ws, "lead_conversion_rate", Q2, by="channel")
    ws.close()


def test_only_undated_data_leaves_the_pages_on_today_not_year_9999(tmp_path):
    """The same undated leads alone: there is no latest data date (the pages open on today), where date.max made the
    sidebar's period picker raise 'year 10000 is out of range' on every page."""
    from metrics import latest_data_date

    ws = make_ws()
    insert(ws, "leads", [{"lead_id": "L1", "channel": "Web"}, {"lead_id": "L2", "channel": "Fair"}])
    assert latest_data_date(ws) is None
    ws.close()


def test_original_columns_named_like_outcomes_or_comments_are_not_drivers():
    """The demo's customers carry 成交状态 (their later deal status) and its surveys 意见与建议 (canned comments): few
    short values, so real splits for the pages, but an outcome and free text explain nothing.  Region stays."""
    from metrics.explain import candidate_dimensions

    ws = make_ws()
    regions, notes = ["East", "West", "East", "West"], ["价格偏高, 不如网上直营店", "服务很好", "价格偏高, 不如网上直营店", "服务很好"]
    insert(ws, "deals", [_deal(i, "won", "2025-04-0" + str(i + 1), region=reg, amount=10.0,
                               _extra={"成交状态": "已成交" if i % 2 else "多次成交", "意见与建议": note,
                                       "Lead Stage": "Hot" if i % 2 else "Cold", "deal_status": "a" if i % 2 else "b",
                                       "Sector": "Retail" if i % 2 else "Tech"})
                         for i, (reg, note) in enumerate(zip(regions, notes, strict=True))])
    assert candidate_dimensions(ws, "won_revenue") == ["region", "Sector"]
    ws.close()


def test_a_state_column_is_a_place_not_an_outcome():
    from metrics.explain import candidate_dimensions

    ws = make_ws()
    insert(ws, "deals", [_deal(i, "won", f"2025-04-0{i + 1}", amount=10.0, _extra={"State": st_})
                         for i, st_ in enumerate(["CA", "NY", "CA", "TX"])])
    assert candidate_dimensions(ws, "won_revenue") == ["State"]
    ws.close()
