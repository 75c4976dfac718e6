"""Generate docs/metrics.md from the catalog (both languages).

    .venv/bin/python -m metrics.docs          # writes docs/metrics.md
    .venv/bin/python -m metrics.docs --check  # exit 1 when docs/metrics.md is stale

tests/test_metrics_catalog.py fails when the file differs from ``render()``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from metrics.catalog import AGGREGATIONS, CATALOG, CLASSES, Metric
from metrics.facts import DEFAULTS

PATH = Path(__file__).resolve().parent.parent / "docs" / "metrics.md"
UNIT_ZH = {"count": "个数", "currency": "金额", "percent": "百分比", "hours": "小时", "days": "天", "score": "分数",
           "number": "数值"}
BETTER = {"higher": ("higher is better", "越高越好"), "lower": ("lower is better", "越低越好")}
SETTINGS = {
    "fiscal_start_month": ("first month of the fiscal year (1-12); quarters and years become FY…",
                           "财年起始月份（1-12）；季度和年度标签变为 FY…"),
    "csat_definition": ("`top2box` (default) or `mean`", "`top2box`（默认）或 `mean`"),
    "churn_definition": ("`auto` (default), `inactivity` or `explicit`", "`auto`（默认）、`inactivity` 或 `explicit`"),
    "referral_channels": ("channel names counted as referrals", "算作转介绍的渠道名称"),
    "complaint_terms": ("ticket types or categories counted as complaints", "算作投诉的工单类型或分类"),
    "timezone": ("workspace time zone; timestamps are naive in it and 'today' is taken there",
                 "工作区时区；时间戳按该时区记录，“今天”按该时区计算"),
}


def _needs(m: Metric) -> str:
    return "<br>".join(f"{n.text.en} / {n.text.zh}" for n in m.needs)


def _card(m: Metric) -> list[str]:
    agg_en, agg_zh = AGGREGATIONS[m.aggregation]
    rows = [
        ("Class / 类别", m.cls),
        ("Unit / 单位", f"{m.unit} / {UNIT_ZH[m.unit]}"),
        ("Better / 方向", " / ".join(BETTER[m.better])),
        ("Over time / 跨期汇总", f"{agg_en} / {agg_zh}"),
        ("Dated by / 日期字段", f"{m.entity}.{m.time_field}"),
        ("Data needed / 所需数据", _needs(m)),
    ]
    if m.secondary:
        rows.append(("Secondary figures / 辅助数字", ", ".join(f"`{c}`" for c in m.secondary_columns)))
    if m.suggested_by:
        rows.append(("Usually split by / 常用拆分", f"`{m.suggested_by}`"))
    if m.settings:
        rows.append(("Settings / 设置", ", ".join(f"`{s}`" for s in m.settings)))
    out = [f"### `{m.id}` — {m.label.en} · {m.label.zh}", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in rows]
    out += ["", f"**Definition.** {m.definition.en}", "", f"**定义。** {m.definition.zh}", "",
            f"**Formula / 公式.** {m.formula.en} / {m.formula.zh}", ""]
    for alt in m.alternatives:
        out += [f"**Alternative / 口径.** {alt.en} / {alt.zh}", ""]
    return out


def render() -> str:
    lines = [
        "# Metric catalog · 指标目录",
        "",
        "Generated from `metrics/catalog*.py` by `python -m metrics.docs`; do not edit by hand "
        "(`tests/test_metrics_catalog.py` fails when this file is stale).",
        "由 `python -m metrics.docs` 根据 `metrics/catalog*.py` 生成，请勿手工修改。",
        "",
        "Every metric is computed for a period P (a week, month, quarter or year, or a custom range) and can be "
        "split by any mapped dimension of its data (owner, team, region, channel, product, segment, priority, …) "
        "or by an original column that was not mapped. \"In P\" means the date falls inside P; the running period "
        "is computed to date. A ratio whose denominator is empty is shown as empty, never as 0; a metric whose "
        "data is missing says what it needs.",
        "",
        "每个指标按期间 P（周、月、季度、年或自定义区间）计算，可按数据中任一已映射维度（负责人、团队、区域、渠道、"
        "产品、客户分层、优先级等）或未映射的原始列拆分。“在 P 内”指日期落在 P 中；进行中的期间按截至当日计算。"
        "分母为空的比率显示为空而不是 0；缺少数据的指标会说明需要什么数据。",
        "",
        "## Classes · 类别",
        "",
    ]
    lines += [f"- **{k}**: {en} / {zh}" for k, (en, zh) in CLASSES.items()]
    lines += ["", "## Aggregation over time · 跨期汇总", ""]
    lines += [f"- **{k}**: {en} / {zh}" for k, (en, zh) in AGGREGATIONS.items()]
    lines += ["", "## Settings · 设置", "", "| Setting | Default | Meaning / 含义 |", "|---|---|---|"]
    for key, (en, zh) in SETTINGS.items():
        default = DEFAULTS.get(key)
        shown = ", ".join(map(str, default)) if isinstance(default, list) else str(default)
        lines.append(f"| `{key}` | {shown} | {en} / {zh} |")
    lines += ["", "## Index · 索引", "", "| id | class | label | 名称 | unit | better |", "|---|---|---|---|---|---|"]
    lines += [f"| `{m.id}` | {m.cls} | {m.label.en} | {m.label.zh} | {m.unit} | "
              f"{m.better} |" for m in CATALOG.values()]
    for cls in CLASSES:
        lines += ["", f"## {cls}", ""]
        for m in CATALOG.values():
            if m.cls == cls:
                lines += _card(m)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in argv:
        current = PATH.read_text(encoding="utf-8") if PATH.exists() else ""
        if current != text:
            print(f"{PATH} is stale; run: python -m metrics.docs", file=sys.stderr)
            return 1
        return 0
    PATH.write_text(text, encoding="utf-8")
    print(f"wrote {PATH} ({len(CATALOG)} metrics)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
