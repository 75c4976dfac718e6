"""Property tests for okr.progress and okr.forecast: the rules hold for any numbers, in both directions."""

from __future__ import annotations

import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from okr import forecast as fcast
from okr import progress as p

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
limits = st.tuples(shares, shares).map(lambda t: {"on_track": max(t), "at_risk": min(t)})
fast = settings(max_examples=300, deadline=None)


@fast
@given(values, values)
def test_progress_is_0_at_baseline_and_1_at_target(baseline: float, target: float) -> None:
    assume(abs(target - baseline) > 1e-6)
    assert math.isclose(p.progress_raw(baseline, baseline, target), 0.0, abs_tol=1e-9)
    assert math.isclose(p.progress_raw(target, baseline, target), 1.0, rel_tol=1e-9)


@fast
@given(values, values, shares)
def test_pro_rata_progress_equals_the_share_on_the_target_pace(
    baseline: float, target: float, share: float
) -> None:
    assume(abs(target - baseline) > 1e-3)
    on_pace = p.progress_raw(target * share, baseline, target, pro_rata=share)
    assert math.isclose(on_pace, share, rel_tol=1e-6, abs_tol=1e-6)
    assert math.isclose(p.progress_raw(baseline * share, baseline, target, pro_rata=share), 0.0, abs_tol=1e-6)


@fast
@given(values, values, values, values)
def test_progress_is_monotone_in_the_target_direction(
    baseline: float, target: float, a: float, b: float
) -> None:
    """Raising the current value raises progress when the target is above the baseline, and lowers it
    when the target is below (complaints -50%)."""
    assume(abs(target - baseline) > 1e-6)
    low, high = min(a, b), max(a, b)
    p_low, p_high = p.progress_raw(low, baseline, target), p.progress_raw(high, baseline, target)
    if target > baseline:
        assert p_high >= p_low
    else:
        assert p_high <= p_low
    assert 0.0 <= p.score(p_low) <= 1.0


@fast
@given(values, values, values, values)
def test_moving_towards_the_target_never_lowers_the_score(
    baseline: float, target: float, a: float, b: float
) -> None:
    assume(abs(target - baseline) > 1e-6)
    direction = 1 if target > baseline else -1
    worse, better = sorted((a, b), key=lambda v: direction * v)
    assert p.score(p.progress_raw(better, baseline, target)) >= p.score(
        p.progress_raw(worse, baseline, target)
    )


@fast
@given(values, values, shares, limits)
def test_status_never_better_when_progress_falls(
    a: float, b: float, expected: float, thresholds: dict
) -> None:
    high, low = max(a, b), min(a, b)
    for met_rule in (lambda x: False, lambda x: x >= 1):  # with and without "done" at the target
        s_high = p.status(high, expected, thresholds, met=met_rule(high))
        s_low = p.status(low, expected, thresholds, met=met_rule(low))
        assert p.STATUS_RANK[s_low] <= p.STATUS_RANK[s_high]


@fast
@given(values, shares, shares, limits)
def test_status_never_better_when_more_is_expected(
    progress: float, e1: float, e2: float, thresholds: dict
) -> None:
    small, large = min(e1, e2), max(e1, e2)
    assert (
        p.STATUS_RANK[p.status(progress, large, thresholds)]
        <= p.STATUS_RANK[p.status(progress, small, thresholds)]
    )


@fast
@given(
    st.lists(st.floats(min_value=0, max_value=1, allow_nan=False), min_size=3, max_size=20),
    shares,
    st.floats(min_value=0.5, max_value=20),
)
def test_ratio_forecast_interval_contains_its_point(
    weekly: list[float], current: float, weeks_left: float
) -> None:
    fc = fcast.forecast_ratio(weekly, current=current, elapsed=0.5, remaining_weeks=weeks_left)
    assert fc.low <= fc.point + 1e-12 and fc.point <= fc.high + 1e-12


@fast
@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0.01, max_value=0.99),
    st.lists(st.floats(min_value=0, max_value=1e4), min_size=2, max_size=12),
)
def test_additive_forecast_never_below_the_total_so_far(
    current: float, elapsed: float, weekly: list[float]
) -> None:
    fc = fcast.forecast_additive(current, elapsed, weekly, remaining_weeks=5)
    assert fc.point >= current - 1e-9 and fc.low >= current - 1e-9 and fc.high >= fc.point - 1e-9


@fast
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1),
            st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=5)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_objective_score_stays_within_its_kr_scores(pairs: list[tuple[float, float]]) -> None:
    scores, weights = [s for s, _ in pairs], [w for _, w in pairs]
    result = p.objective_score(scores, weights)
    kept = [s for s, w in pairs if w > 0]
    if not kept:
        assert math.isnan(result)
    else:
        assert min(kept) - 1e-9 <= result <= max(kept) + 1e-9
