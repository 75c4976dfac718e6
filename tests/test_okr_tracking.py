"""okr.track over a fake metric engine with hand-computed numbers.

The fake holds daily figures per region; a value over a range is the sum (counts and sums)
or sum of numerators / sum of denominators (everything else).  Period 2026-Q3 (92 days) as of
2026-08-15 is exactly half elapsed; 2026-Q2 has 91 days.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pandas as pd
import pytest

from i18n.okr_text import error_text, issue_text, kr_row, needed_text, objective_dict, title_in
from metrics import CATALOG, MetricUnavailable
from metrics.periods import periods_between
from okr.measure import MetricSource, accumulates, kr_mode, window_sensitive
from okr.model import DateRange, KeyResult, Objective, Target
from okr.okr_read import load_okrs
from okr.okr_write import objective_to_doc
from okr.track import track
from okr.views import kr_drilldown, kr_series

Q3_START = date(2026, 7, 1)
AS_OF = date(2026, 8, 15)
DATA_START = date(2024, 1, 1)
DATA_END = date(2026, 9, 30)

Daily = Callable[[date, str], tuple[float, float] | None]


def _before_q3(day: date, before: float, after: float) -> float:
    return before if day < Q3_START else after


DAILY: dict[str, Daily] = {
    # East 1 a day, then 2 from Q3; West 1 a day throughout
    "new_customers": lambda d, r: (float(_before_q3(d, 1, 2) if r == "East" else 1), 1.0),
    "won_revenue": lambda d, r: (1000.0 if r == "East" else 0.0, 1.0),
    "complaints": lambda d, r: (1.0 if r == "East" else 0.0, 1.0),
    "csat": lambda d, r: (_before_q3(d, 80, 85), 100.0),
    "churn_rate": lambda d, r: (8.0, 100.0),
    "first_response_hours": lambda d, r: (_before_q3(d, 20, 15), 1.0),
    # no data before Q3: no baseline
    "resolution_rate": lambda d, r: None if d < Q3_START else (9.0, 10.0),
}
NOT_LOADED = {"nps": "needs survey responses with a 0-10 score"}
# A per-customer rate that grows with the window: its level x (days in the window / 91), capped at 1.
WINDOWED = {"repeat_purchase_rate": lambda d: _before_q3(d, 0.5, 0.6)}


@dataclass
class FakeEngine:
    """The engine's signatures over DAILY; counts every query so tests can see the cost."""

    latest: date | None = AS_OF
    calls: int = 0

    def _rows(self, metric_id: str, start: date, end: date, filters: dict | None):
        fn = DAILY.get(metric_id)
        regions = ["East", "West"]
        for dim, wanted in (filters or {}).items():
            assert dim == "region"
            wanted = wanted if isinstance(wanted, list) else [wanted]
            regions = [r for r in regions if r in wanted]
        day = max(start, DATA_START)
        while day < min(end, DATA_END + timedelta(days=1)):
            for region in regions:
                row = fn(day, region) if fn else None
                if row is not None:
                    yield region, row
            day += timedelta(days=1)

    def _value(self, metric_id: str, start: date, end: date, filters: dict | None) -> float | None:
        if metric_id in WINDOWED:
            return WINDOWED[metric_id](start) * min(1.0, (end - start).days / 91)
        rows = [row for _, row in self._rows(metric_id, start, end, filters)]
        if not rows:
            return None
        if accumulates(CATALOG[metric_id]):
            return sum(n for n, _ in rows)
        den = sum(d for _, d in rows)
        return sum(n for n, _ in rows) / den if den else None

    def _check(self, metric_id: str) -> None:
        if metric_id in NOT_LOADED:
            raise MetricUnavailable(f"{metric_id} {NOT_LOADED[metric_id]}.", metric_id=metric_id)

    def metric_value(self, ws, query):
        self.calls += 1
        metric_id, start, end, as_of, filters = query.metric, query.start, query.end, query.as_of, query.filter_dict
        self._check(metric_id)
        cut = min(end, as_of + timedelta(days=1)) if as_of else end
        return SimpleNamespace(value=self._value(metric_id, start, cut, filters))

    def compute(self, ws, query):
        metric_id, grain, start, end, as_of = query.metric, query.grain, query.start, query.end, query.as_of
        by, filters, fiscal_start = query.by, query.filter_dict, query.fiscal_start
        self.calls += 1
        self._check(metric_id)
        rows = []
        for bucket in periods_between(start, end, grain, fiscal_start or 1):
            if as_of is not None and bucket.start > as_of:
                continue
            cut = min(bucket.end, as_of + timedelta(days=1)) if as_of else bucket.end
            segments = ["East", "West"] if by else [None]
            for seg in segments:
                seg_filters = {**(filters or {}), **({by: seg} if by else {})}
                rows.append(
                    {
                        "metric": metric_id,
                        "period": bucket.label,
                        "period_start": bucket.start,
                        "period_end": bucket.end,
                        "segment": seg,
                        "value": self._value(metric_id, bucket.start, cut, seg_filters),
                    }
                )
        frame = pd.DataFrame(
            rows, columns=["metric", "period", "period_start", "period_end", "segment", "value"]
        )
        frame["value"] = frame["value"].astype(float)
        return frame

    def requirements(self, ws, metric_id, lang="en"):
        return [NOT_LOADED[metric_id]] if metric_id in NOT_LOADED else []

    def latest_data_date(self, ws):
        return self.latest

    def source(self) -> MetricSource:
        return MetricSource(
            self.metric_value,
            self.compute,
            self.requirements,
            self.latest_data_date,
            CATALOG,
            MetricUnavailable,
        )


def kr(kr_id: str, metric: str, target: Target, **kw) -> KeyResult:
    return KeyResult(id=kr_id, title=None, metric=metric, target=target, **kw)


def objective(*krs: KeyResult, period="2026-Q3", obj_id="O1") -> Objective:
    return Objective(id=obj_id, title={"en": "Test", "zh": "测试"}, period=period, key_results=list(krs))


def run(ws, *krs: KeyResult, as_of=AS_OF, engine: FakeEngine | None = None, **kw):
    engine = engine or FakeEngine()
    result = track(ws, [objective(*krs)], as_of=as_of, source=engine.source(), **kw)[0]
    return result, {k.kr.id: k for k in result.krs}


# ------------------------------------------------------------------ modes
def test_modes_follow_target_type_and_metric() -> None:
    nc, cx, csat, churn = (CATALOG[m] for m in ("new_customers", "complaints", "csat", "churn_rate"))
    assert kr_mode(kr("a", "x", Target("relative_change", change=0.2)), nc) == "progress"
    assert kr_mode(kr("a", "x", Target("reach_count", value=5)), nc) == "count"
    assert kr_mode(kr("a", "x", Target("reach_count", value=5)), cx) == "ceiling"
    assert kr_mode(kr("a", "x", Target("stay_below", value=5)), cx) == "ceiling"
    assert kr_mode(kr("a", "x", Target("stay_above", value=5)), nc) == "count"
    assert kr_mode(kr("a", "x", Target("stay_below", value=0.1)), churn) == "threshold"
    assert kr_mode(kr("a", "x", Target("reach_count", value=0.9)), csat) == "progress"


# ------------------------------------------------------------------ progress key results
def test_relative_change_on_a_count_is_paced_pro_rata(ws) -> None:
    _, krs = run(ws, kr("K", "new_customers", Target("relative_change", change=0.2)))
    k = krs["K"]
    assert (k.baseline, k.baseline_source, k.current) == (182, "previous period", 138)
    assert k.target_value == pytest.approx(218.4)
    assert k.elapsed == 0.5 and k.expected == 1.0 and not k.period_over  # pro rata: on pace reads 100%
    # 138 in half the quarter is 276 at this pace: (276 - 182) / (218.4 - 182) = 94 / 36.4
    assert k.pace_value == pytest.approx(276) and k.progress_raw == pytest.approx(94 / 36.4)
    assert k.score == 1.0 and k.status == "on_track" and not k.met
    # run-rate 276; five full weeks of 21 each: no spread, so no width
    assert tuple(k.forecast) == pytest.approx((276, 276, 276)) and k.forecast_method == "run_rate"
    need = k.needed_run_rate
    assert need.per_week and need.bound == "at_least"
    assert need.value == pytest.approx((218.4 - 138) / (46 / 7))
    assert needed_text(k.needed_run_rate, k.unit) == f"at least {need.value:.1f} per week over the remaining 6.6 weeks"


def test_to_value_on_a_ratio(ws) -> None:
    _, krs = run(ws, kr("K", "csat", Target("to_value", value=0.9)))
    k = krs["K"]
    assert k.baseline == pytest.approx(0.8) and k.current == pytest.approx(0.85)
    assert k.progress_raw == pytest.approx(0.5) and k.status == "on_track"
    assert k.forecast.point == pytest.approx(0.85) and k.forecast_method == "trend"
    assert k.needed_run_rate.value == pytest.approx(0.95) and not k.needed_run_rate.per_week
    assert "an average of at least 95.0%" in needed_text(k.needed_run_rate, k.unit)
    assert k.warnings == [] or all(w.code == "achievable_stretch" for w in k.warnings)


def test_given_baseline_and_a_downward_target(ws) -> None:
    _, krs = run(ws, kr("K", "first_response_hours", Target("relative_change", change=-0.5), baseline=20))
    k = krs["K"]
    assert (k.baseline, k.baseline_source, k.target_value, k.current) == (20, "given", 10, 15)
    assert k.direction == -1 and k.progress_raw == pytest.approx(0.5) and k.status == "on_track"
    assert k.needed_run_rate.bound == "at_most" and k.needed_run_rate.value == pytest.approx(5)


def test_complaints_halving_behind_pace(ws) -> None:
    _, krs = run(ws, kr("K", "complaints", Target("relative_change", change=-0.5)))
    k = krs["K"]
    # last quarter 91; 46 so far in half the quarter is 92 at this pace, against a target of 45.5
    assert (k.baseline, k.current, k.target_value) == (91, 46, 45.5)
    assert k.pace_value == pytest.approx(92) and k.progress_raw == pytest.approx((92 - 91) / (45.5 - 91))
    assert k.status == "off_track" and k.score == 0.0 and not k.met


def test_reach_count_counts_from_zero(ws) -> None:
    _, krs = run(ws, kr("K", "won_revenue", Target("reach_count", value=100_000)))
    k = krs["K"]
    assert (k.mode, k.baseline, k.baseline_source, k.current) == ("count", 0, "zero", 46_000)
    assert k.progress_raw == pytest.approx(0.46) and k.status == "on_track"  # 0.46 >= 0.75 x 0.5
    assert k.previous_value == 91_000


def test_window_sensitive_metrics_are_compared_like_for_like(ws) -> None:
    assert {m for m in CATALOG if window_sensitive(CATALOG[m])} == {
        "active_customers", "avg_spend_per_customer", "churn_rate", "clv", "complaint_rate",
        "repeat_purchase_rate", "retention_rate", "tickets_per_customer",
    }  # fmt: skip
    _, krs = run(ws, kr("K", "repeat_purchase_rate", Target("relative_change", change=0.15)))
    k = krs["K"]
    # Q2 whole 0.5; Q2 to day 46 was 0.5 x 46/91, Q3 to day 46 is 0.6 x 46/91: like for like 0.6 vs 0.5
    shape = 46 / 91
    assert k.like_for_like and k.baseline == 0.5 and k.target_value == pytest.approx(0.575)
    assert k.current == pytest.approx(0.6 * shape)
    assert k.progress_raw == pytest.approx((0.6 - 0.5) / 0.075) and k.expected == 1.0  # like for like: 0.6 vs 0.5
    assert k.on_pace_value == pytest.approx(0.575 * shape)
    assert k.status == "on_track" and not k.met  # a rate like this is settled at the end only
    assert k.forecast.point == pytest.approx(0.6) and k.forecast_method == "previous_shape"
    assert k.needed_run_rate is None
    _, krs = run(
        ws, kr("K", "repeat_purchase_rate", Target("relative_change", change=0.15)), as_of=date(2026, 9, 30)
    )
    assert krs["K"].status == "met" and not krs["K"].like_for_like and krs["K"].current == pytest.approx(0.6)


# ------------------------------------------------------------------ thresholds and ceilings
def test_threshold_held_and_broken(ws) -> None:
    _, krs = run(
        ws,
        kr("held", "churn_rate", Target("stay_below", value=0.10)),
        kr("broken", "churn_rate", Target("stay_below", value=0.05)),
    )
    held, broken = krs["held"], krs["broken"]
    assert (held.status, held.score, held.expected) == ("on_track", 1.0, 1.0)
    assert held.margin == pytest.approx(0.02) and math.isnan(held.progress_raw)
    assert (broken.status, broken.score) == ("off_track", 0.0) and broken.margin == pytest.approx(-0.03)


@pytest.mark.parametrize(("cap", "status"), [(100, "on_track"), (80, "at_risk"), (40, "off_track")])
def test_ceiling_on_a_count(ws, cap: int, status: str) -> None:
    # 46 complaints so far, on course for 92 by the end of the quarter
    _, krs = run(ws, kr("K", "complaints", Target("reach_count", value=cap)))
    k = krs["K"]
    assert k.mode == "ceiling" and k.status == status
    assert k.margin == cap - 46 and k.score == (0.0 if cap < 46 else 1.0)
    assert k.needed_run_rate.bound == "at_most"


# ------------------------------------------------------------------ done, grades, period end
def test_end_of_period_grades(ws) -> None:
    result, krs = run(
        ws,
        kr("met", "csat", Target("to_value", value=0.84)),
        kr("half", "csat", Target("to_value", value=0.89)),  # 0.05 of 0.09
        kr("thr", "churn_rate", Target("stay_below", value=0.10)),
        as_of=date(2026, 12, 31),
    )
    assert all(k.period_over and k.as_of == date(2026, 9, 30) and k.expected == (1.0) for k in krs.values())
    # once the period has ended: met or missed, never on track or at risk
    assert krs["met"].status == "met" and krs["met"].grade.zone == "achieved"
    assert krs["half"].status == "missed" and krs["half"].grade.zone == "partial"
    assert krs["thr"].status == "met" and krs["thr"].met
    assert result.status == "missed"
    assert krs["half"].needed_run_rate is None and krs["half"].forecast_method == "final"
    assert result.score == pytest.approx((1 + 5 / 9 + 1) / 3) and result.grade.zone == "strong"


def test_objective_score_uses_weights(ws) -> None:
    result, _ = run(
        ws,
        kr("a", "csat", Target("to_value", value=0.9), weight=3),  # 0.5
        kr("b", "churn_rate", Target("stay_below", value=0.05)),
    )  # 0
    assert result.score == pytest.approx(0.375)
    # 0.375 against an expected (0.5 x 3 + 1) / 4 = 0.625 (a threshold must hold all along): 60% of the pace
    assert result.status == "at_risk"


def test_default_as_of_is_the_latest_data(ws) -> None:
    engine = FakeEngine(latest=date(2026, 8, 15))
    result = track(ws, [objective(kr("K", "csat", Target("to_value", value=0.9)))], source=engine.source())[0]
    assert result.as_of == date(2026, 8, 15)
    # --period overrides the file's period; an ended period is tracked to its last day
    result = track(
        ws,
        [objective(kr("K", "csat", Target("to_value", value=0.9)))],
        source=engine.source(),
        period_override="2026-Q2",
    )[0]
    assert (
        result.period.label == "2026-Q2" and result.as_of == date(2026, 6, 30) and result.krs[0].period_over
    )


def test_custom_range_and_no_period(ws) -> None:
    engine = FakeEngine()
    custom = objective(
        kr("K", "new_customers", Target("reach_count", value=100)),
        period=DateRange(date(2026, 8, 1), date(2026, 8, 10)),
    )
    res = track(ws, [custom], as_of=AS_OF, source=engine.source())[0]
    assert res.period.start == date(2026, 8, 1) and res.period.end == date(2026, 8, 11)
    assert res.krs[0].current == 30 and res.krs[0].period_over
    floating = objective(kr("K", "csat", Target("to_value", value=0.9)), period=None)
    res = track(ws, [floating], source=engine.source())[0]
    assert res.period.label == "2026-Q3" and [w.code for w in res.warnings] == ["time_bound", "kr_count_low"]


def test_a_value_already_beaten_at_the_baseline_is_done_and_warned(ws) -> None:
    _, krs = run(
        ws,
        kr("K", "csat", Target("to_value", value=0.75)),
        kr("H", "first_response_hours", Target("to_value", value=24)),
    )
    for k in krs.values():
        assert k.status == "done" and k.met
        warning = next(w for w in k.warnings if w.code == "wrong_direction")
        assert "already better at its baseline" in issue_text(warning, "en")


def test_bad_period_override_is_one_sentence(ws) -> None:
    from okr.model import OKRFileError

    with pytest.raises(OKRFileError, match=r"^The period '2026-Q5' cannot be read"):
        track(
            ws,
            [objective(kr("K", "csat", Target("to_value", value=0.9)))],
            period_override="2026-Q5",
            source=FakeEngine().source(),
        )


# ------------------------------------------------------------------ no data
def test_missing_fields_baseline_and_period_not_started(ws) -> None:
    _, krs = run(
        ws,
        kr("nps", "nps", Target("absolute_change", change=5)),
        kr("res", "resolution_rate", Target("to_value", value=0.95)),
    )
    nps, res = krs["nps"], krs["res"]
    assert nps.status == "no_data" and error_text(nps) == "needs survey responses with a 0-10 score"
    assert [w.code for w in nps.warnings] == ["measurable_fields"]
    assert res.status == "no_data" and math.isnan(res.baseline)
    assert error_text(res) == (
        "There is no Resolution rate data in 2026-Q2 to use as the baseline; give baseline: in okrs.yaml."
    )
    assert "measurable_baseline" in [w.code for w in res.warnings]
    _, krs = run(ws, kr("K", "csat", Target("to_value", value=0.9)), as_of=date(2026, 6, 1))
    assert krs["K"].status == "no_data" and "has not started" in error_text(krs["K"])


def test_wrong_direction_is_warned(ws) -> None:
    _, krs = run(
        ws,
        kr("up", "churn_rate", Target("relative_change", change=0.1)),
        kr("cap", "csat", Target("stay_below", value=0.95)),
    )
    assert "wrong_direction" in [w.code for w in krs["up"].warnings]
    assert "wrong_direction" in [w.code for w in krs["cap"].warnings]
    message = next(w for w in krs["up"].warnings if w.code == "wrong_direction")
    assert "lower is better" in issue_text(message, "en") and "越低越好" in issue_text(message, "zh")


# ------------------------------------------------------------------ check-ins and JSON
def test_checkins_inside_the_period_are_attached(ws) -> None:
    ws.add_checkin(kr_id="K", objective_id="O1", checkin_date=date(2026, 7, 20), confidence=7, comment="ok")
    ws.add_checkin(kr_id="K", objective_id="O1", checkin_date=date(2026, 5, 2), confidence=3, comment="Q2")
    ws.add_checkin(
        kr_id="K", objective_id="O9", checkin_date=date(2026, 7, 21), confidence=3, comment="other"
    )
    _, krs = run(ws, kr("K", "csat", Target("to_value", value=0.9)))
    assert [(c.date, c.confidence, c.comment) for c in krs["K"].checkins] == [(date(2026, 7, 20), 7, "ok")]


def test_to_dict_is_strict_json(ws) -> None:
    ws.add_checkin(kr_id="K", objective_id="O1", checkin_date=date(2026, 7, 20), confidence=7, comment="ok")
    result, _ = run(
        ws,
        kr("K", "csat", Target("to_value", value=0.9)),
        kr("T", "churn_rate", Target("stay_below", value=0.1)),
        kr("N", "nps", Target("to_value", value=40)),
    )
    doc = json.loads(json.dumps(objective_dict(result, objective_to_doc(result.objective)), allow_nan=False))
    assert doc["period"] == {
        "label": "2026-Q3",
        "start": "2026-07-01",
        "end": "2026-10-01",
        "last_day": "2026-09-30",
    }
    k = doc["key_results"][0]
    assert k["status"] == "on_track" and k["checkins"][0]["date"] == "2026-07-20"
    assert k["forecast"]["method"] == "trend" and k["needed_run_rate"]["bound"] == "at_least"
    assert doc["key_results"][1]["progress"] is None and doc["key_results"][1]["margin"] == pytest.approx(
        0.02
    )
    assert doc["key_results"][2]["current"] is None and doc["key_results"][2]["error"]


def test_display_row(ws) -> None:
    _, krs = run(
        ws,
        kr("K", "csat", Target("to_value", value=0.9)),
        kr("T", "churn_rate", Target("stay_below", value=0.1)),
    )
    row = kr_row(krs["K"])
    assert {k: row[k] for k in ("baseline", "current", "target", "progress", "expected", "score", "status")} == {
        "baseline": "80.0%", "current": "85.0%", "target": "90.0%", "progress": "50%", "expected": "50%",
        "score": "50%", "status": "on_track",
    }  # fmt: skip
    assert row["forecast"] == "85.0%" and row["needed"].startswith("an average of at least 95.0%")
    assert kr_row(krs["T"])["margin"] == "+2.0 pts" and kr_row(krs["T"])["progress"] == "—"


def test_chinese_output(ws) -> None:
    result = track(
        ws,
        [objective(kr("K", "new_customers", Target("reach_count", value=300)))],
        as_of=AS_OF,
        source=FakeEngine().source(),
    )[0]
    assert title_in(result.objective, "zh") == "测试"
    k = result.krs[0]
    assert k.metric_label.get("zh") == CATALOG["new_customers"].label.get("zh")
    assert needed_text(k.needed_run_rate, k.unit, "zh").startswith("剩余 6.6 周内每周至少")


def test_from_a_file(ws) -> None:
    objectives = load_okrs(
        "objectives:\n"
        "  - id: O1\n    title: Service\n    period: 2026-Q3\n    key_results:\n"
        "      - {id: O1.1, metric: csat, target: {type: to_value, value: 0.9}}\n"
        "      - {id: O1.2, metric: complaints, filters: {region: East},\n"
        "         target: {type: reach_count, value: 100}}\n"
    )
    result = track(ws, objectives, source=FakeEngine().source())[0]
    assert [k.status for k in result.krs] == ["on_track", "on_track"]
    assert result.status == "on_track"


# ------------------------------------------------------------------ chart and drill-down
def test_kr_series_for_a_count(ws) -> None:
    obj = objective(kr("K", "new_customers", Target("relative_change", change=0.2)))
    series = kr_series(ws, obj.key_results[0], obj, as_of=AS_OF, source=FakeEngine().source())
    points = series.points
    assert set(points["which"]) == {"current", "previous_1", "previous_2"}
    current = points[points["which"] == "current"]
    assert current["to_date"].iloc[-1] == current["value"].sum()  # counts accumulate
    assert list(series.pace["value"]) == [0.0, pytest.approx(218.4)]
    assert series.threshold is None and series.status.status == "on_track"


def test_kr_series_for_a_ratio_and_a_threshold(ws) -> None:
    obj = objective(
        kr("K", "csat", Target("to_value", value=0.9)), kr("T", "churn_rate", Target("stay_below", value=0.1))
    )
    engine = FakeEngine()
    series = kr_series(ws, obj.key_results[0], obj, as_of=AS_OF, source=engine.source(), periods_back=0)
    assert set(series.points["which"]) == {"current"}
    assert series.points["to_date"].iloc[-1] == pytest.approx(0.85)
    assert list(series.pace["value"]) == [pytest.approx(0.8), 0.9]
    threshold = kr_series(ws, obj.key_results[1], obj, as_of=AS_OF, source=engine.source(), periods_back=1)
    assert threshold.threshold == 0.1 and list(threshold.pace["value"]) == [0.1, 0.1]


def test_kr_series_pace_follows_last_periods_shape_for_window_sensitive_metrics(ws) -> None:
    obj = objective(kr("K", "repeat_purchase_rate", Target("relative_change", change=0.15)))
    series = kr_series(ws, obj.key_results[0], obj, as_of=AS_OF, source=FakeEngine().source(), periods_back=1)
    pace = series.pace
    assert pace["value"].is_monotonic_increasing and len(pace) > 10
    assert pace["value"].iloc[-1] == pytest.approx(0.575)  # last period's full value scaled to the target
    first = pace.iloc[0]
    assert first["value"] == pytest.approx(0.575 * ((first["date"] - Q3_START).days + 1) / 91)


def test_drilldown_worst_first(ws) -> None:
    obj = objective(kr("K", "new_customers", Target("relative_change", change=0.2)))
    frame = kr_drilldown(ws, obj.key_results[0], obj, "region", as_of=AS_OF, source=FakeEngine().source())
    assert list(frame["segment"]) == ["West", "East"]
    west, east = frame.iloc[0], frame.iloc[1]
    assert (west["current"], west["baseline"], west["target"]) == (46, 91, pytest.approx(109.2))
    # at this pace (half the quarter gone): West 92 against 91 -> 109.2, East 184
    assert west["progress"] == pytest.approx((92 - 91) / 18.2) and west["status"] == "off_track"
    assert east["progress"] == pytest.approx((184 - 91) / 18.2) and east["status"] == "on_track"


def test_drilldown_shares_a_count_target(ws) -> None:
    obj = objective(kr("K", "won_revenue", Target("reach_count", value=182_000)))  # double last quarter
    frame = kr_drilldown(ws, obj.key_results[0], obj, "region", as_of=AS_OF, source=FakeEngine().source())
    east = frame[frame["segment"] == "East"].iloc[0]
    assert east["target"] == pytest.approx(182_000) and east["progress"] == pytest.approx(46_000 / 182_000)
    assert east["status"] == "at_risk"  # 0.25 of the target at half time
    west = frame[frame["segment"] == "West"].iloc[0]
    assert west["current"] == 0 and west["target"] == 0


def test_tracking_stays_cheap(ws) -> None:
    engine = FakeEngine()
    run(ws, *[kr(f"K{i}", "csat", Target("to_value", value=0.9)) for i in range(4)], engine=engine)
    assert engine.calls <= 4 * 4  # current, previous, weekly and history for each
