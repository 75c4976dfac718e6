"""The catalog is complete: every metric has a bilingual definition, a test and an up-to-date docs entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from metrics import CATALOG, CLASSES, UNITS
from metrics.catalog import AGGREGATIONS
from metrics.docs import PATH, render

ROOT = Path(__file__).resolve().parent.parent
ISSUE_METRICS = (
    "won_revenue deals_won win_rate avg_deal_size sales_cycle_days pipeline_value new_leads lead_conversion_rate "
    "new_customers revenue active_customers avg_spend_per_customer repeat_purchase_rate churn_rate retention_rate clv "
    "referral_share csat csat_score nps complaints complaint_rate first_response_hours responded_within_24h "
    "resolution_rate resolution_hours tickets_per_customer activities follow_up_coverage cost_per_lead new_contacts "
    + " ".join(f"channel_revenue_t{k} channel_roi_t{k}" for k in range(4))
).split()
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_catalog_has_exactly_the_issue_metrics():
    assert sorted(CATALOG) == sorted(ISSUE_METRICS)


@pytest.mark.parametrize("mid", sorted(CATALOG))
def test_metric_is_fully_declared(mid):
    m = CATALOG[mid]
    assert m.id == mid and m.cls in CLASSES and m.unit in UNITS and m.better in ("higher", "lower")
    assert m.aggregation in AGGREGATIONS
    for text in (m.label, m.definition, m.formula):
        assert text.en.strip() and CJK.search(text.zh), f"{mid}: missing English or Chinese text"
    assert m.definition.en.endswith(".") and len(m.definition.en) > 30
    assert m.needs and all(n.text.en.startswith("needs ") and CJK.search(n.text.zh) for n in m.needs)
    assert m.sources or m.builder or m.parts, f"{mid}: nothing to compute"
    assert m.value, f"{mid}: no value expression"
    for alt in m.alternatives:
        assert alt.en and CJK.search(alt.zh)
    assert set(m.zero_fill) <= set(m.secondary_columns)


def test_better_directions_follow_the_issue():
    lower = {"sales_cycle_days", "churn_rate", "complaints", "complaint_rate", "first_response_hours",
             "resolution_hours", "tickets_per_customer", "cost_per_lead"}
    assert {mid for mid, m in CATALOG.items() if m.better == "lower"} == lower


def test_docs_are_generated_and_fresh():
    assert PATH.read_text(encoding="utf-8") == render(), "docs/metrics.md is stale: run python -m metrics.docs"


@pytest.mark.parametrize("mid", sorted(CATALOG))
def test_every_metric_has_a_docs_entry_and_a_test(mid):
    docs = PATH.read_text(encoding="utf-8")
    m = CATALOG[mid]
    assert f"### `{mid}`" in docs and m.definition.en in docs and m.definition.zh in docs
    tests = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").glob("test_metrics_*.py"))
                    if p.name != "test_metrics_catalog.py")
    pattern = re.sub(r"\d+$", "{k}", mid)
    assert f'"{mid}"' in tests or f'"{pattern}"' in tests or f'f"{pattern}"' in tests, f"{mid} has no test"
