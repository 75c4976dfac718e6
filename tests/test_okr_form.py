"""The OKR editor's rules without a browser: 1-5 key results, a metric and a number on every row, targets
that can be tracked, each problem naming the row and the field; and the data checks shared with the CLI."""

from __future__ import annotations

import pytest

from i18n.messages import render
from metrics import CATALOG
from okr.model import Objective, Target
from okr.okr_read import load_okrs
from okr.validate import TargetRefused, check_trackable, untrackable
from tests.metrics_fixtures import insert, make_ws
from ui.okr_form import objective_from_form

VALUES = {"id": "O7", "title_en": "Grow", "title_zh": "", "period": "2025-Q2", "owner": "Li"}


def row(**kw):
    return {"id": None, "title_en": "", "title_zh": "", "metric": "won_revenue", "target_type": "to_value",
            "value": 100.0, "baseline": None, "weight": None, "filters": "", **kw}


def test_a_good_form_gives_its_objective():
    result = objective_from_form(VALUES, [row(), row(metric="win_rate", value=0.5), row(metric="deals_won")], CATALOG)
    assert result.errors == [] and result.warnings == []
    assert [kr.id for kr in result.objective.key_results] == ["O7.1", "O7.2", "O7.3"]


@pytest.mark.parametrize(("rows", "key"), [
    ([], "editor.error.no_krs"),
    ([row()] * 6, "editor.error.too_many_krs"),
    ([row(metric=None)], "editor.error.kr_metric"),
    ([row(value=None)], "editor.error.kr_value"),
    ([row(target_type="relative_change", value=0.0)], "editor.error.kr_zero_change"),
    ([row(target_type="relative_change", value=-1.5)], "editor.error.kr_change_below"),
    ([row(value=50.0, baseline=50.0)], "editor.error.kr_no_change"),
    ([row(target_type="relative_change", value=0.1, baseline=0.0)], "editor.error.kr_relative_zero"),
    ([row(target_type="reach_count", baseline=3.0)], "editor.error.kr_baseline_count"),
    ([row(id="K"), row(id="K")], "editor.error.kr_duplicate"),
])
def test_each_problem_is_named(rows, key):
    result = objective_from_form(VALUES, rows, CATALOG)
    assert result.objective is None and key in [k for k, _ in result.errors]


def test_empty_rows_are_left_out_and_few_key_results_only_warn():
    blank = {c: None for c in row()}
    result = objective_from_form(VALUES, [row(), blank], CATALOG)
    assert result.errors == [] and [k for k, _ in result.warnings] == ["editor.warn.few_krs"]
    missing = objective_from_form({**VALUES, "id": " ", "title_en": ""}, [row()], CATALOG)
    assert {k for k, _ in missing.errors} == {"editor.error.id", "editor.error.title"}


def test_the_okrs_yaml_reader_refuses_untrackable_targets():
    base = "objectives:\n  - id: O1\n    title: t\n    period: 2025-Q2\n    key_results:\n"
    with pytest.raises(Exception, match="change of 0"):
        load_okrs(base + "      - {id: K, metric: complaints, target: {type: relative_change, change: 0}}\n")
    with pytest.raises(Exception, match="which is its baseline"):
        load_okrs(base + "      - {id: K, metric: csat, target: {type: to_value, value: 0.8}, baseline: 0.8}\n")
    with pytest.raises(Exception, match="baseline of 0"):
        load_okrs(base + "      - {id: K, metric: complaints, target: {type: relative_change, change: -0.5}, "
                         "baseline: 0}\n")


def test_data_checks_refuse_a_baseline_without_data_or_equal_to_the_target():
    ws = make_ws()
    insert(ws, "deals", [dict(deal_id="D1", stage="won", status="won", amount=100.0, closed_at="2025-02-10"),
                         dict(deal_id="D2", stage="won", status="won", amount=50.0, closed_at="2025-05-10")])

    def objective(target: Target, period: str = "2025-Q2") -> Objective:
        from okr.model import KeyResult
        return Objective(id="O1", title="t", period=period,
                         key_results=[KeyResult(id="K", title=None, metric="won_revenue", target=target)])

    assert untrackable(ws, [objective(Target("to_value", value=300.0))]) == []
    same = untrackable(ws, [objective(Target("to_value", value=100.0))])  # Q1 won revenue was 100
    assert [m.key for m in same] == ["okr.refused.no_change"] and "100" in render(same[0], "en")
    early = untrackable(ws, [objective(Target("relative_change", change=0.2), period="2025-Q1")])
    assert [m.key for m in early] == ["okr.refused.no_baseline"]  # no data in 2024-Q4
    assert "2024-Q4" in render(early[0], "zh")
    with pytest.raises(TargetRefused, match="no won revenue data in 2024-Q4|no Won revenue data in 2024-Q4"):
        check_trackable(ws, [objective(Target("relative_change", change=0.2), period="2025-Q1")])


def test_cli_refuses_an_okrs_file_with_an_untrackable_target(tmp_path, capsys):
    import cli
    from store import Workspace

    db = str(tmp_path / "ws.duckdb")
    ws = Workspace(db)
    insert(ws, "deals", [dict(deal_id="D1", stage="won", status="won", amount=100.0, closed_at="2025-02-10")])
    ws.close()
    path = tmp_path / "okrs.yaml"
    path.write_text("objectives:\n  - id: O1\n    title: t\n    period: 2025-Q2\n    key_results:\n"
                    "      - {id: K, metric: won_revenue, target: {type: to_value, value: 100}}\n", encoding="utf-8")
    assert cli.main(["okr", "--okrs", str(path), "--db", db]) == 2
    assert "Key result K aims for 100" in capsys.readouterr().err


@pytest.mark.parametrize(("kw", "key", "as_percent"), [
    ({"metric": "csat", "value": 90.0}, "editor.error.kr_percent", "9000%"),  # 90 typed for 90%
    ({"metric": "win_rate", "target_type": "stay_above", "value": 35.0}, "editor.error.kr_percent", "3500%"),
    ({"metric": "csat", "value": 0.9, "baseline": 86.5}, "editor.error.kr_percent_baseline", "8650%"),
])
def test_a_percentage_typed_as_a_whole_number_names_the_field_and_the_fraction(kw, key, as_percent):
    result = objective_from_form(VALUES, [row(**kw)], CATALOG)
    assert result.objective is None
    (got, params), = result.errors
    assert got == key and params["as_percent"] == as_percent and params["metric"] == kw["metric"]
    assert params["fraction"] == f"{(kw.get('baseline') or kw['value']) / 100:g}"


def test_a_relative_change_and_a_fraction_are_not_percent_mistakes():
    ok = objective_from_form(VALUES, [row(metric="csat", value=0.9), row(metric="csat", target_type="relative_change",
                                                                          value=0.05)], CATALOG)
    assert ok.errors == []
    negative = objective_from_form(VALUES, [row(weight=-1.0)], CATALOG)
    assert [k for k, _ in negative.errors] == ["editor.error.kr_weight"]


def test_check_in_rows_need_a_date_and_a_confidence_from_1_to_10():
    from datetime import date

    from ui.okr_form import checkin_problems

    good = {"date": date(2026, 8, 3), "confidence": 5, "comment": "x", "remove": False}
    assert checkin_problems([good, {**good, "confidence": None}]) == []
    assert checkin_problems([{**good, "confidence": 11}, {**good, "date": None}, {**good, "confidence": 2.5},
                             {**good, "confidence": 0, "remove": True}]) == [
        ("editor.error.checkin_confidence", {"row": 1}), ("editor.error.checkin_date", {"row": 2}),
        ("editor.error.checkin_confidence", {"row": 3})]
