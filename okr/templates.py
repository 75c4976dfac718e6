"""Ready-made objectives and key results, in English and Chinese, for the OKR editor to offer.

They are plain model objects without a period: ``instantiate`` fills the period and gives
fresh ids that do not clash with the objectives already in the workspace, and
``templates_yaml`` writes them as an okrs.yaml to start from.
"""

from __future__ import annotations

import copy
import re

from okr.model import DateRange, KeyResult, Objective, Target
from okr.okr_write import dump_okrs


def _kr(kr_id: str, en: str, zh: str, metric: str, target: Target) -> KeyResult:
    return KeyResult(id=kr_id, title={"en": en, "zh": zh}, metric=metric, target=target)


def _to(value: float) -> Target:
    return Target("to_value", value=value)


def _rel(change: float) -> Target:
    return Target("relative_change", change=change)


TEMPLATES: tuple[Objective, ...] = (
    Objective(
        id="O1",
        title={"en": "Raise customer satisfaction", "zh": "提升客户满意度"},
        team="Service",
        key_results=[
            _kr("O1.1", "CSAT to 90%", "客户满意度（CSAT）达到 90%", "csat", _to(0.90)),
            _kr("O1.2", "Complaints -50%", "投诉量减少 50%", "complaints", _rel(-0.50)),
            _kr(
                "O1.3",
                "First reply under 24 hours",
                "首次回复时间低于 24 小时",
                "first_response_hours",
                Target("stay_below", value=24),
            ),
        ],
    ),
    Objective(
        id="O2",
        title={"en": "Grow sales", "zh": "提升销售业绩"},
        team="Sales",
        key_results=[
            _kr("O2.1", "New customers +20%", "新客户数增长 20%", "new_customers", _rel(0.20)),
            _kr(
                "O2.2",
                "Average spend per customer +15%",
                "客单价提升 15%",
                "avg_spend_per_customer",
                _rel(0.15),
            ),
            _kr("O2.3", "Sales cycle -30%", "销售周期缩短 30%", "sales_cycle_days", _rel(-0.30)),
            _kr("O2.4", "Lead conversion to 20%", "线索转化率达到 20%", "lead_conversion_rate", _to(0.20)),
        ],
    ),
    Objective(
        id="O3",
        title={"en": "Improve service", "zh": "提升服务质量"},
        team="Service",
        key_results=[
            _kr(
                "O3.1",
                "First response time -50%",
                "首次响应时间缩短 50%",
                "first_response_hours",
                _rel(-0.50),
            ),
            _kr(
                "O3.2",
                "Contacts per customer -20%",
                "每位客户的咨询次数减少 20%",
                "tickets_per_customer",
                _rel(-0.20),
            ),
            _kr("O3.3", "Resolution rate 95%", "工单解决率达到 95%", "resolution_rate", _to(0.95)),
        ],
    ),
    Objective(
        id="O4",
        title={"en": "Keep customers", "zh": "留住客户"},
        team="Customer success",
        key_results=[
            _kr(
                "O4.1",
                "Churn below 10%",
                "客户流失率低于 10%",
                "churn_rate",
                Target("stay_below", value=0.10),
            ),
            _kr("O4.2", "Repeat purchase rate +15%", "复购率提升 15%", "repeat_purchase_rate", _rel(0.15)),
            _kr("O4.3", "Customer lifetime value +20%", "客户终身价值提升 20%", "clv", _rel(0.20)),
            # "Referral share up": +10% on last period is a modest, checkable reading of "up".
            _kr("O4.4", "Referral share up 10%", "转介绍客户占比提升 10%", "referral_share", _rel(0.10)),
        ],
    ),
)

KR_TEMPLATES: tuple[tuple[Objective, KeyResult], ...] = tuple(
    (obj, kr) for obj in TEMPLATES for kr in obj.key_results
)


def _next_objective_number(taken: set[str]) -> int:
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(r"O(\d+)", i))]
    return max(numbers, default=0) + 1


def instantiate(
    template: Objective,
    *,
    period: str | DateRange | None,
    existing: list[Objective] | tuple[Objective, ...] = (),
    owner: str | None = None,
) -> Objective:
    """A copy of ``template`` for ``period`` whose ids (O<n>, O<n>.<k>) are new to ``existing``."""
    taken = {o.id for o in existing}
    new_id = template.id if template.id not in taken else f"O{_next_objective_number(taken)}"
    obj = copy.deepcopy(template)
    obj.id, obj.period, obj.owner = new_id, period, owner
    for k, kr in enumerate(obj.key_results, start=1):
        kr.id = f"{new_id}.{k}"
    return obj


def add_kr_template(objective: Objective, kr_template: KeyResult) -> KeyResult:
    """Append a copy of a template key result to ``objective`` with the next free id."""
    taken = {kr.id for kr in objective.key_results}
    k = len(objective.key_results) + 1
    while f"{objective.id}.{k}" in taken:
        k += 1
    kr = copy.deepcopy(kr_template)
    kr.id = f"{objective.id}.{k}"
    objective.key_results.append(kr)
    return kr


def templates_yaml(period: str | DateRange | None) -> str:
    """All four template objectives as an okrs.yaml for ``period``."""
    objectives: list[Objective] = []
    for template in TEMPLATES:
        objectives.append(instantiate(template, period=period, existing=objectives))
    return dump_okrs(objectives)


__all__ = ["KR_TEMPLATES", "TEMPLATES", "add_kr_template", "instantiate", "templates_yaml"]
