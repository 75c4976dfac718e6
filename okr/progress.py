"""Pure OKR maths: progress, score, pace, status and grade (forecasts: okr.forecast).

No I/O and no pandas: plain numbers in and out, so every rule can be checked by hand and
by property tests.  A missing number is ``float('nan')`` (None is accepted as input).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

NAN = math.nan
DEFAULT_THRESHOLDS: dict[str, float] = {"on_track": 0.75, "at_risk": 0.5}
STATUSES = ("done", "on_track", "at_risk", "off_track", "met", "missed", "no_data")
# Higher is better; no_data has no rank because it is neither good nor bad news.
STATUS_RANK = {"missed": 0, "off_track": 0, "at_risk": 1, "on_track": 2, "done": 3, "met": 3}
HEALTHY_STRETCH = (0.6, 0.7)


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _f(value: float | None) -> float:
    return NAN if missing(value) else float(value)


def _clip(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return value if math.isnan(value) else min(high, max(low, value))


def _clean(values: Iterable[float | None] | None) -> list[float]:
    return [float(v) for v in (values or []) if not missing(v) and math.isfinite(float(v))]


# ------------------------------------------------------------------ time
def elapsed_fraction(start: date, end: date, as_of: date | None) -> float:
    """Share of ``[start, end)`` elapsed by the end of day ``as_of`` (inclusive); None means all of it."""
    days = (end - start).days
    if as_of is None or days <= 0:
        return 1.0
    done = (min(end, as_of + timedelta(days=1)) - start).days
    return _clip(done / days)


def remaining_weeks(end: date, as_of: date | None) -> float:
    """Weeks left in a period ending (exclusive) at ``end`` after day ``as_of``."""
    if as_of is None:
        return 0.0
    return max(0.0, (end - (as_of + timedelta(days=1))).days / 7)


# ------------------------------------------------------------------ progress and score
def progress_raw(
    current: float | None,
    baseline: float | None,
    target: float | None,
    *,
    pro_rata: float | None = None,
    shape: float | None = None,
) -> float:
    """(current - baseline) / (target - baseline): 0 at the baseline, 1 at the target, unclipped.

    ``pro_rata``: for counts and sums measured part-way through the period, the elapsed share.
    The baseline (a whole previous period) is then scaled to the same share, so a key result
    running exactly at the target's pace (current = target x share) reads as that share, the
    same scale as the expected progress.

    ``shape`` (with ``pro_rata``): for figures that depend on the length of the window (distinct
    customers, per-customer rates, churn), the previous period's value to the same point over its
    full value.  Baseline and target are scaled by it -- like for like -- and the result put on
    the elapsed-share scale: pro_rata x (current - baseline x shape) / (shape x (target - baseline)).
    Plain pro-rata is the case shape = pro_rata.  NaN when a number is missing or target == baseline.
    """
    current, baseline, target = _f(current), _f(baseline), _f(target)
    if math.isnan(current) or math.isnan(baseline) or math.isnan(target) or target == baseline:
        return NAN
    if pro_rata is None:
        return (current - baseline) / (target - baseline) + 0.0  # + 0.0: no "-0%" on screen
    share = _clip(_f(pro_rata))
    if shape is None or missing(shape):
        return (current - baseline * share) / (target - baseline) + 0.0
    if shape <= 0:
        return NAN
    return share * (current - baseline * shape) / (shape * (target - baseline)) + 0.0


MIN_GAP_SHARE = 0.05  # a value to reach is measured over a gap of at least 5% of the target


def measured_from(baseline: float | None, target: float | None, direction: int) -> float:
    """The start point the progress of a value to reach is measured from.

    Progress is the share of the gap from the baseline to the target.  A baseline (by default last period's
    value) that already stands at, beyond or within a hair of the target leaves no gap: a 94.97% baseline under
    a 95% target turned a fall to 91.3% into -8,378%, and a baseline beyond the target gave a fall the wrong
    sign.  Such a key result is measured from ``MIN_GAP_SHARE`` of the target short of it instead, so the
    figure stays on the scale a manager reads; a baseline farther off is used as it is.
    """
    baseline, target = _f(baseline), _f(target)
    if math.isnan(baseline) or math.isnan(target):
        return baseline
    floor = MIN_GAP_SHARE * abs(target)
    if floor == 0 or (target - baseline) * direction >= floor:
        return baseline
    return target - direction * floor


def on_pace_value(baseline: float | None, target: float | None, elapsed: float, *, accumulating: bool = False,
                  shape: float | None = None) -> float:
    """The value a key result exactly on pace has by now (progress = elapsed share): the straight
    line from baseline to target, target x share for counts, target x shape like for like."""
    baseline, target, share = _f(baseline), _f(target), _clip(_f(elapsed))
    if shape is not None and not missing(shape):
        return target * shape
    if accumulating:
        return target * share
    return baseline + share * (target - baseline)


def score(progress: float | None) -> float:
    """The 0..1 score of a progress figure (NaN stays NaN)."""
    return _clip(_f(progress))


def threshold_score(held: bool | None) -> float:
    """Threshold key results score 1 while the threshold holds and 0 once broken."""
    return NAN if held is None else (1.0 if held else 0.0)


def expected_progress(elapsed: float | None) -> float:
    """Linear pace: the elapsed share of the period.

    For counts and sums this is also the pro-rata share of the target, because progress_raw
    with ``pro_rata`` puts current = target x share at exactly that share.
    """
    return _clip(_f(elapsed))


def target_direction(baseline: float | None, target: float | None, better: str) -> int:
    """+1 when the key result aims up, -1 when down: the target's side of the baseline, else the
    metric's better direction (no baseline yet, or target == baseline)."""
    baseline, target = _f(baseline), _f(target)
    if not math.isnan(baseline) and not math.isnan(target) and target != baseline:
        return 1 if target > baseline else -1
    return 1 if better == "higher" else -1


def points_wrong_way(baseline: float | None, target: float | None, better: str) -> bool:
    """True when the target asks for a change the metric counts as worse."""
    baseline, target = _f(baseline), _f(target)
    if math.isnan(baseline) or math.isnan(target) or target == baseline:
        return False
    return (target > baseline) != (better == "higher")


def is_met(
    current: float | None,
    target: float | None,
    direction: int,
    *,
    accumulating: bool = False,
    period_over: bool = False,
) -> bool:
    """Whether the target is reached.  A count heading down cannot be settled before the period
    ends: it only grows, so being under the target today proves nothing."""
    current, target = _f(current), _f(target)
    if math.isnan(current) or math.isnan(target):
        return False
    if direction < 0 and accumulating and not period_over:
        return False
    return current >= target if direction > 0 else current <= target


def holds(current: float | None, threshold: float | None, kind: str) -> bool | None:
    """Is a stay_below / stay_above threshold held (boundary included)?  None without data."""
    current, threshold = _f(current), _f(threshold)
    if math.isnan(current) or math.isnan(threshold):
        return None
    return current <= threshold if kind == "stay_below" else current >= threshold


def margin(current: float | None, threshold: float | None, kind: str) -> float:
    """Headroom to a threshold in metric units: positive while held, negative once broken."""
    current, threshold = _f(current), _f(threshold)
    return threshold - current if kind == "stay_below" else current - threshold


# ------------------------------------------------------------------ status
def thresholds_from(setting: object) -> dict[str, float]:
    """The workspace's status_thresholds setting, falling back to the defaults when malformed."""
    out = dict(DEFAULT_THRESHOLDS)
    if isinstance(setting, dict):
        for key in out:
            value = setting.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
                out[key] = float(value)
    if out["at_risk"] > out["on_track"]:
        return dict(DEFAULT_THRESHOLDS)
    return out


def status(
    progress: float | None,
    expected: float | None,
    thresholds: dict[str, float] | None = None,
    *,
    met: bool = False,
    has_data: bool = True,
) -> str:
    """done / on_track / at_risk / off_track / no_data.

    On track when progress >= on_track x expected, at risk down to at_risk x expected, off
    track below (defaults 0.75 and 0.5).  Multiplying rather than dividing keeps the rule
    defined at the start of a period, when nothing is expected yet.
    """
    if not has_data:
        return "no_data"
    if met:
        return "done"
    progress = _f(progress)
    if math.isnan(progress):
        return "no_data"
    limits = thresholds_from(thresholds) if thresholds is not None else DEFAULT_THRESHOLDS
    expected = 0.0 if missing(expected) else _clip(float(expected))
    if progress >= limits["on_track"] * expected:
        return "on_track"
    if progress >= limits["at_risk"] * expected:
        return "at_risk"
    return "off_track"


def threshold_status(held: bool | None, *, period_over: bool, forecast_held: bool | None = None) -> str:
    """Status of a threshold (or a ceiling on a count): broken is off track, held at the end is
    done, and held now but heading across the line by the forecast is at risk."""
    if held is None:
        return "no_data"
    if not held:
        return "off_track"
    if period_over:
        return "done"
    return "at_risk" if forecast_held is False else "on_track"


def worse_status(a: str, b: str) -> str:
    if a == "no_data":
        return b
    if b == "no_data":
        return a
    return a if STATUS_RANK[a] <= STATUS_RANK[b] else b


# ------------------------------------------------------------------ grades
@dataclass(frozen=True)
class Grade:
    """An end-of-period grade; 0.6-0.7 is the healthy stretch zone of ambitious OKRs."""

    score: float
    zone: str  # no_data | low | partial | healthy_stretch | strong | achieved

    @property
    def in_stretch_zone(self) -> bool:
        return self.zone == "healthy_stretch"


def grade(value: float | None) -> Grade:
    s = score(value)
    if math.isnan(s):
        return Grade(NAN, "no_data")
    low, high = HEALTHY_STRETCH
    if s >= 1:
        zone = "achieved"
    elif s > high + 1e-9:
        zone = "strong"
    elif s >= low - 1e-9:
        zone = "healthy_stretch"
    elif s >= 0.3:
        zone = "partial"
    else:
        zone = "low"
    return Grade(s, zone)


def objective_score(scores: Sequence[float | None], weights: Sequence[float | None] | None = None) -> float:
    """Weighted mean of the key results' scores; those without data are left out (NaN if none)."""
    weights = list(weights) if weights is not None else [1.0] * len(scores)
    total = weight_sum = 0.0
    for s, w in zip(scores, weights, strict=True):
        w = 1.0 if missing(w) else float(w)
        if missing(s) or w <= 0:
            continue
        total += w * float(s)
        weight_sum += w
    return total / weight_sum if weight_sum > 0 else NAN


def objective_status(
    statuses: Sequence[str],
    scores: Sequence[float | None],
    expected: Sequence[float | None],
    weights: Sequence[float | None] | None = None,
    thresholds: dict[str, float] | None = None,
    *,
    period_over: bool = False,
) -> str:
    """Roll-up: done when every key result is done; otherwise the weighted score against the
    weighted expected progress, by the same rule as a key result.  Once the period has ended: missed when
    a key result was missed, met when every key result with data was met."""
    with_data = [s for s in statuses if s != "no_data"]
    if not with_data:
        return "no_data"
    if period_over:
        return "missed" if any(s == "missed" for s in with_data) else "met"
    if len(with_data) == len(statuses) and all(s == "done" for s in statuses):
        return "done"
    kept = [i for i, s in enumerate(statuses) if s != "no_data"]
    w = list(weights) if weights is not None else [1.0] * len(statuses)
    overall = objective_score([scores[i] for i in kept], [w[i] for i in kept])
    pace = objective_score([expected[i] for i in kept], [w[i] for i in kept])
    return status(overall, pace, thresholds)
