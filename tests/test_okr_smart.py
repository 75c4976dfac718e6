"""SMART checks: warnings, never exceptions."""

from __future__ import annotations

from datetime import date

import pytest

from i18n.okr_text import issue_text
from metrics import CATALOG
from okr.model import KeyResult, Objective, Target
from okr.smart import (
    Issue,
    _as_changes,
    achievable_issues,
    objective_issues,
    relevant_issues,
    scorecard_issues,
    smart_check,
    target_issues,
)
from okr.suggest import best_change, first_kept
from tests.test_okr_tracking import AS_OF, FakeEngine


def kr(kr_id: str, metric: str, target: Target, **kw) -> KeyResult:
    return KeyResult(id=kr_id, title=None, metric=metric, target=target, **kw)


def codes(issues: list[Issue]) -> list[str]:
    return [i.code for i in issues]


CSAT_90 = kr("K", "csat", Target("to_value", value=0.9))


def test_largest_change_and_where_a_history_starts() -> None:
    assert best_change(_as_changes([10, 12, 11, 15], 1)) == 4
    assert best_change(_as_changes([10, 12, 11, 15], -1)) == 1
    assert best_change(_as_changes([10, None, 12], 1)) is None  # two values are too few to judge
    assert first_kept([None, None, 3, 10, 11]) == 3  # data began inside the 3
    assert first_kept([0, 0, 3, 10]) == 3
    assert first_kept([8, 10, 11]) == 0  # history starts full
    assert first_kept([None, None]) == 2


def test_achievable() -> None:
    metric = CATALOG["new_customers"]
    history = [100, 110, 105, 115]  # largest rise 10
    stretch = achievable_issues(
        kr("K", "new_customers", Target("relative_change", change=0.2)),
        metric,
        reference=100,
        target=120,
        history=history,
        grain="quarter",
    )
    assert codes(stretch) == ["achievable_stretch"]
    assert (
        "+20" in issue_text(stretch[0], "en")
        and "(+10)" in issue_text(stretch[0], "en")
        and "quarters" in issue_text(stretch[0], "en")
    )
    assert "季度" in issue_text(stretch[0], "zh")
    assert (
        achievable_issues(CSAT_90, metric, reference=100, target=108, history=history, grain="quarter") == []
    )
    # already beyond the target: nothing to achieve (the direction warning covers it)
    assert achievable_issues(CSAT_90, metric, reference=100, target=50, history=history, grain="quarter") == []
    assert (
        achievable_issues(CSAT_90, metric, reference=100, target=120, history=[100, 101], grain="quarter")
        == []
    )
    never = achievable_issues(
        CSAT_90, CATALOG["csat"], reference=0.8, target=0.9, history=[0.8, 0.8, 0.8], grain="month"
    )
    assert "never moved it this way from one month to the next" in issue_text(never[0], "en")


def test_objective_and_scorecard_checks() -> None:
    one = Objective(id="O1", title="t", key_results=[CSAT_90])
    assert codes(objective_issues(one)) == ["time_bound", "kr_count_low"]
    six = Objective(
        id="O2",
        title="t",
        period="2026-Q3",
        key_results=[kr(f"K{i}", "csat", Target("to_value", value=0.9)) for i in range(6)],
    )
    assert codes(objective_issues(six)) == ["kr_count_high"]
    fine = Objective(id="O3", title="t", period="2026-Q3", key_results=six.key_results[:3])
    assert objective_issues(fine) == []
    metrics = [
        "csat",
        "nps",
        "churn_rate",
        "complaints",
        "revenue",
        "new_customers",
        "win_rate",
        "clv",
        "activities",
    ]
    wide = [
        Objective(id=f"O{i}", title="t", key_results=[kr(f"K{i}", m, Target("to_value", value=1))])
        for i, m in enumerate(metrics)
    ]
    assert codes(scorecard_issues(wide)) == ["scorecard_size"]
    assert "9 different metrics" in issue_text(scorecard_issues(wide)[0], "en")
    assert scorecard_issues(wide[:8]) == []


def test_relevant() -> None:
    obj = Objective(id="O1", title="t", key_results=[CSAT_90])
    assert relevant_issues(obj, CSAT_90) == []
    assert codes(relevant_issues(None, CSAT_90)) == ["relevant"]
    assert codes(relevant_issues(obj, kr("X", "csat", Target("to_value", value=0.9)))) == ["relevant"]


@pytest.mark.parametrize(
    ("key_result", "baseline", "expected"),
    [
        (kr("K", "csat", Target("reach_count", value=0.9)), 0.8, ["specific_count_target"]),
        (
            kr("K", "nps", Target("relative_change", change=0.2)),
            -10,
            ["specific_relative_base", "wrong_direction"],
        ),
        (kr("K", "csat", Target("to_value", value=0.8)), 0.8, ["specific_no_change"]),
        (kr("K", "csat", Target("to_value", value=None)), 0.8, ["specific_target"]),
        (kr("K", "csat", Target("to_value", value=0.7)), 0.8, ["wrong_direction"]),
        (kr("K", "churn_rate", Target("relative_change", change=0.1)), None, ["wrong_direction"]),
        (kr("K", "complaints", Target("absolute_change", change=5)), 10, ["wrong_direction"]),
        (kr("K", "csat", Target("stay_below", value=0.95)), None, ["wrong_direction"]),
        (kr("K", "complaint_rate", Target("stay_above", value=0.01)), None, ["wrong_direction"]),
        (
            kr("K", "complaints", Target("reach_count", value=10)),
            None,
            [],
        ),  # fewer than 10: follows the metric
        (kr("K", "complaints", Target("relative_change", change=-0.5)), 40, []),
        (
            kr("K", "new_customers", Target("to_value", value=10)),
            50,
            [],
        ),  # a count's to_value says no direction
        (kr("K", "first_response_hours", Target("to_value", value=24)), 30, []),
    ],
)
def test_target_issues(key_result: KeyResult, baseline: float | None, expected: list[str]) -> None:
    assert codes(target_issues(key_result, CATALOG[key_result.metric], baseline)) == expected


def test_smart_check_for_the_editor(ws) -> None:
    """Called bare (no measurements passed in) it measures for itself."""
    obj = Objective(
        id="O1",
        title="t",
        period="2026-Q3",
        key_results=[
            kr("O1.1", "csat", Target("to_value", value=0.9)),
            kr("O1.2", "resolution_rate", Target("to_value", value=0.95)),
            kr("O1.3", "nps", Target("to_value", value=40)),
            kr("O1.4", "csatt", Target("to_value", value=0.9)),
        ],
    )
    issues = smart_check(ws, obj, source=FakeEngine().source(), as_of=AS_OF)
    by_kr = {}
    for issue in issues:
        by_kr.setdefault(issue.kr_id, []).append(issue.code)
    assert by_kr == {
        "O1.1": ["achievable_stretch"],  # CSAT has been flat at 80%
        "O1.2": ["measurable_baseline"],  # no data before Q3
        "O1.3": ["measurable_fields"],
        "O1.4": ["specific_metric"],
    }
    assert all(i.severity == "warning" for i in issues)
    assert (
        smart_check(ws, obj, obj.key_results[0], source=FakeEngine().source(), as_of=AS_OF, history=False)
        == []
    )


def test_smart_check_without_an_objective_or_data(ws) -> None:
    issues = smart_check(ws, None, CSAT_90, source=FakeEngine().source())
    assert codes(issues) == ["relevant"]
    obj = Objective(id="O1", title="t", period="2026-Q3", key_results=[CSAT_90])
    started_late = smart_check(
        ws, obj, CSAT_90, as_of=date(2026, 7, 1), source=FakeEngine(latest=None).source(), history=False
    )
    assert started_late == []


def test_issue_text_by_language() -> None:
    issue = relevant_issues(None, CSAT_90)[0]
    assert issue_text(issue, "zh").startswith("关键结果 K") and issue_text(issue, "en").startswith("Key result K")
    assert issue.to_dict() == {"code": "relevant", "severity": "warning", "kr": "K", "params": {"kr": "K"}}
