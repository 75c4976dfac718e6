"""Targets suggested from history (okr/suggest.py) and how far a forecast can be trusted (okr/backtest.py)."""

STRINGS = {
    "suggest.offer.likely": {"en": "Likely", "zh": "稳妥"},
    "suggest.offer.stretch": {"en": "Stretch", "zh": "挑战"},
    "suggest.offer.moonshot": {"en": "Moonshot", "zh": "登月"},
    "suggest.reached": {"en": "reached in {k} of {n} past {steps}", "zh": "过去 {n} 个{steps}中有 {k} 个达到"},
    "suggest.steps.week": {"en": "weeks", "zh": "周"},
    "suggest.steps.month": {"en": "months", "zh": "月"},
    "suggest.steps.quarter": {"en": "quarters", "zh": "季度"},
    "suggest.steps.year": {"en": "years", "zh": "年"},
    "suggest.steps.period": {"en": "periods", "zh": "期间"},
    "suggest.step.week": {"en": "week", "zh": "周"},
    "suggest.step.month": {"en": "month", "zh": "月"},
    "suggest.step.quarter": {"en": "quarter", "zh": "季度"},
    "suggest.step.year": {"en": "year", "zh": "年"},
    "suggest.step.period": {"en": "period", "zh": "期间"},
    "suggest.title": {"en": "Suggested targets from history", "zh": "基于历史的目标建议"},
    "suggest.metric": {"en": "Metric to suggest a target for", "zh": "要建议目标的指标"},
    "suggest.caption": {
        "en": "{metric} in {period}, from the baseline {baseline} ({previous}): each offer adds a change the metric "
              "has made from one {step} to the next before.",
        "zh": "{metric}，{period}：以基线 {baseline}（{previous}）为起点，每个建议加上该指标过去相邻{step}之间出现过的变化。",
    },
    "suggest.same_season": {
        "en": "Only the same step of earlier years counts ({steps}), so a seasonal rise or fall is not read as usual.",
        "zh": "只计入往年同一阶段的变化（{steps}），季节性的涨跌不会被当作常态。",
    },
    "suggest.none": {
        "en": "Too little history to suggest a target: it needs two changes between {steps} that the data covers "
              "in full (it has {n}).",
        "zh": "历史数据不足，无法建议目标：需要至少两次数据完整覆盖的相邻{steps}之间的变化（现有 {n} 次）。",
    },
    "suggest.no_baseline": {
        "en": "No target can be suggested: {previous}, the baseline, has no value.",
        "zh": "无法建议目标：基线期 {previous} 没有数值。",
    },
    "suggest.use": {"en": "Use {target}", "zh": "使用 {target}"},
    "suggest.used": {
        "en": "Target {target} for {metric} filled in below: add the key result to keep it.",
        "zh": "已在下方填入{metric}的目标 {target}：添加关键结果后保存。",
    },
    "suggest.history": {"en": "Past changes", "zh": "历史变化"},
    "suggest.col.from": {"en": "From", "zh": "起"},
    "suggest.col.to": {"en": "To", "zh": "止"},
    "suggest.col.change": {"en": "Change", "zh": "变化"},
    "suggest.cli.header": {
        "en": "{metric}, {period}: baseline {baseline} ({previous})",
        "zh": "{metric}，{period}：基线 {baseline}（{previous}）",
    },
    "suggest.cli.offer": {"en": "{offer}: {target} ({change}), {reached}", "zh": "{offer}：{target}（{change}），{reached}"},
    "backtest.line": {
        "en": "Forecasts at this point were off by ±{error} in the last {n} {steps} (median; worst {worst}).",
        "zh": "过去 {n} 个{steps}中，同一时点的预测偏差中位数为 ±{error}（最大 {worst}）。",
    },
    "backtest.range": {
        "en": "The forecast range is set by that record: 8 in 10 past forecasts fell within ±{band}.",
        "zh": "预测区间据此设定：过去 10 次预测中有 8 次落在 ±{band}以内。",
    },
    "backtest.none": {
        "en": "No past {steps} with full data to test the forecast on yet.",
        "zh": "尚无数据完整的过去{steps}可用于检验预测。",
    },
}
