"""The bilingual objective and key result templates."""

from __future__ import annotations

from i18n.okr_text import title_in
from metrics import CATALOG
from okr.model import Objective, Target
from okr.okr_read import load_okrs
from okr.smart import objective_issues, target_issues
from okr.templates import KR_TEMPLATES, TEMPLATES, add_kr_template, instantiate, templates_yaml

EXPECTED = {
    "Raise customer satisfaction": [
        ("csat", Target("to_value", value=0.9)),
        ("complaints", Target("relative_change", change=-0.5)),
        ("first_response_hours", Target("stay_below", value=24)),
    ],
    "Grow sales": [
        ("new_customers", Target("relative_change", change=0.2)),
        ("avg_spend_per_customer", Target("relative_change", change=0.15)),
        ("sales_cycle_days", Target("relative_change", change=-0.3)),
        ("lead_conversion_rate", Target("to_value", value=0.2)),
    ],
    "Improve service": [
        ("first_response_hours", Target("relative_change", change=-0.5)),
        ("tickets_per_customer", Target("relative_change", change=-0.2)),
        ("resolution_rate", Target("to_value", value=0.95)),
    ],
    "Keep customers": [
        ("churn_rate", Target("stay_below", value=0.1)),
        ("repeat_purchase_rate", Target("relative_change", change=0.15)),
        ("clv", Target("relative_change", change=0.2)),
        ("referral_share", Target("relative_change", change=0.1)),
    ],
}


def test_the_four_templates() -> None:
    assert {title_in(t, "en"): [(k.metric, k.target) for k in t.key_results] for t in TEMPLATES} == EXPECTED
    for template in TEMPLATES:
        assert template.period is None
        for item in [template, *template.key_results]:
            assert set(item.title) == {"en", "zh"} and all(item.title.values())
        for kr in template.key_results:
            assert kr.metric in CATALOG
            # no template asks for a change the metric counts as worse
            assert "wrong_direction" not in [i.code for i in target_issues(kr, CATALOG[kr.metric], None)]
        assert objective_issues(template) == [objective_issues(template)[0]]  # only "no period yet"
    assert len(KR_TEMPLATES) == 14


def test_templates_yaml_is_a_valid_okr_file() -> None:
    objectives = load_okrs(templates_yaml("2026-Q3"))
    assert [o.id for o in objectives] == ["O1", "O2", "O3", "O4"]
    assert all(o.period == "2026-Q3" for o in objectives)
    assert objectives[1].key_results[3].id == "O2.4"
    assert title_in(objectives[3], "zh") == "留住客户"


def test_instantiate_and_add_get_fresh_ids() -> None:
    existing = [Objective(id="O1", title="mine"), Objective(id="O7", title="mine too")]
    copy = instantiate(TEMPLATES[0], period="2026-Q4", existing=existing, owner="Li Na")
    assert copy.id == "O8" and [k.id for k in copy.key_results] == ["O8.1", "O8.2", "O8.3"]
    assert copy.owner == "Li Na" and copy.period == "2026-Q4"
    assert TEMPLATES[0].id == "O1" and TEMPLATES[0].period is None  # the template itself is untouched
    added = add_kr_template(copy, KR_TEMPLATES[-1][1])
    assert added.id == "O8.4" and copy.key_results[-1] is added and added.metric == "referral_share"
