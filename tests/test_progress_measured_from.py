"""okr.progress.measured_from: a value to reach is measured over a real gap, never one of a hair or the wrong way.

The demo once read -8,378% (resolution rate: baseline 94.97%, target 95%, now 91.3%) and a baseline already beyond
its target gave a fall the wrong sign (repeat purchase 51.1% -> 50%: on pace at 51.2% read off track)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okr import progress as p


def test_a_baseline_far_from_the_target_is_used_as_it_is() -> None:
    assert p.measured_from(0.82, 0.90, +1) == 0.82  # gap 8 points >= 5% of 90% (4.5 points)
    assert p.measured_from(40.0, 20.0, -1) == 40.0  # complaints 40 -> 20


def test_a_gap_of_a_hair_is_widened_to_5_percent_of_the_target() -> None:
    start = p.measured_from(0.9497, 0.95, +1)
    assert start == pytest.approx(0.95 - 0.0475)  # 90.25%
    # 91.3% now: (0.913 - 0.9025) / 0.0475 = 22%, not -8,378%
    assert p.progress_raw(0.913, start, 0.95) == pytest.approx(0.2211, abs=1e-4)


def test_a_baseline_beyond_the_target_measures_from_short_of_it() -> None:
    start = p.measured_from(0.511, 0.50, +1)  # already better than the target
    assert start == pytest.approx(0.475)
    assert p.progress_raw(0.512, start, 0.50) == pytest.approx(1.48)  # above the target: past 100%, not negative
    assert p.measured_from(9.0, 10.0, -1) == pytest.approx(10.5)  # lower is better: 5% above the target


def test_missing_numbers_and_a_zero_target_stay_as_they_are() -> None:
    assert math.isnan(p.measured_from(None, 0.9, 1))
    assert p.measured_from(0.01, 0.0, -1) == 0.01  # no 5% of zero: the baseline stays


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(finite, finite, st.sampled_from([1, -1]))
def test_the_gap_is_at_least_5_percent_of_the_target_and_on_the_side_it_aims_from(baseline, target, direction):
    start = p.measured_from(baseline, target, direction)
    if abs(target) < 1e-9:
        return  # no share of (nearly) zero to widen by: the baseline stays (test above)
    gap = (target - start) * direction
    assert gap >= p.MIN_GAP_SHARE * abs(target) - 1e-9 * max(1.0, abs(target))
    if (target - baseline) * direction >= p.MIN_GAP_SHARE * abs(target):
        assert start == baseline
    assert p.progress_raw(target, start, target) == pytest.approx(1.0)  # at the target: 100%
    assert p.progress_raw(start, start, target) == pytest.approx(0.0, abs=1e-9)  # one gap short: 0%
