"""Why a metric moved (metrics/explain.py): the driver sentence, its notes, the waterfall and the CLI."""

STRINGS = {
    "explain.sentence": {"en": "{metric} {change} by {dim}: {drivers}", "zh": "{metric}{change}（按{dim}）：{drivers}"},
    "explain.sentence_short": {"en": "By {dim}: {drivers}", "zh": "按{dim}：{drivers}"},
    "explain.sentence_plain": {"en": "{metric} {change}", "zh": "{metric}{change}"},
    "explain.unchanged": {"en": "{metric} unchanged", "zh": "{metric}没有变化"},
    "explain.driver": {"en": "{segment} {change}", "zh": "{segment}（{change}）"},
    "explain.driver_tagged": {"en": "{segment} {change} ({tag})", "zh": "{segment}（{change}，{tag}）"},
    "explain.tag.better": {"en": "better", "zh": "自身变好"},
    "explain.tag.worse": {"en": "worse", "zh": "自身变差"},
    "explain.tag.new": {"en": "new", "zh": "新增"},
    "explain.tag.gone": {"en": "gone", "zh": "消失"},
    "explain.mix": {"en": "mix {change}", "zh": "结构 {change}"},
    "explain.others": {"en": "{n} others {change}", "zh": "其余 {n} 项 {change}"},
    "explain.no_rows": {"en": "no record falls in it", "zh": "期间内没有记录"},
    "explain.blank": {"en": "(blank)", "zh": "（空白）"},
    "explain.rest": {"en": "not attributable", "zh": "无法归因"},
    "explain.separator": {"en": ", ", "zh": "，"},
    "explain.no_current": {
        "en": "No change to explain: {period} has no data ({reason}).",
        "zh": "无法解释变化：{period} 没有数据（{reason}）。",
    },
    "explain.no_previous": {
        "en": "No change to explain: there is no data for {period} to compare with ({reason}).",
        "zh": "无法解释变化：{period} 没有可比较的数据（{reason}）。",
    },
    "explain.no_dimension": {
        "en": "No dimension splits this data into groups (map an owner, team, region, channel or product column).",
        "zh": "没有可用于拆分的维度（请映射负责人、团队、区域、渠道或产品列）。",
    },
    "explain.not_split": {
        "en": "This metric is not a ratio of sums, so its change does not split by segment.",
        "zh": "该指标不是求和之比，其变化无法按分组拆分。",
    },
    "explain.rest_note": {
        "en": "“Not attributable”: the part single {dim} values cannot carry (a customer counted under several, "
              "or a median, which is not a sum of segments).",
        "zh": "“无法归因”：单个{dim}无法承担的部分（同一客户计入多个分组，或中位数不能按分组相加）。",
    },
    "explain.title": {"en": "Why it moved", "zh": "变化原因"},
    "explain.versus": {
        "en": "{current} ({period}, to {end}) against {previous} ({against}, to {against_end})",
        "zh": "{current}（{period}，截至 {end}）对比 {previous}（{against}，截至 {against_end}）",
    },
    "explain.by": {"en": "Split by", "zh": "拆分维度"},
    "explain.best": {"en": "The one that explains most", "zh": "解释最多的维度"},
    "explain.kr_no_status": {
        "en": "No drivers: this key result has no value to explain yet.",
        "zh": "没有驱动因素：该关键结果还没有可解释的数值。",
    },
    "explain.kr_given_baseline": {
        "en": "The baseline is a number written in the key result; the drivers compare with the previous period "
              "to the same point instead.",
        "zh": "基线是关键结果中填写的数值；驱动因素改为与上一周期同期比较。",
    },
    "explain.kpi_title": {"en": "Why it moved: {period} against {against}",
                          "zh": "变化原因：{period} 对比 {against}"},
    "explain.chart_title": {"en": "{metric}: {previous} → {current} by {dim}",
                            "zh": "{metric}：{previous} → {current}（按{dim}）"},
    "explain.parts": {"en": "Each segment's part of the change", "zh": "各分组对变化的贡献"},
    "explain.col.segment": {"en": "Segment", "zh": "分组"},
    "explain.col.change": {"en": "Change", "zh": "变化"},
    "explain.col.rate": {"en": "Rate effect", "zh": "自身效应"},
    "explain.col.mix": {"en": "Mix effect", "zh": "结构效应"},
    "explain.col.current": {"en": "Now", "zh": "本期"},
    "explain.col.previous": {"en": "Before", "zh": "上期"},
    "explain.method.additive": {
        "en": "Each segment's change; they add up to the total.",
        "zh": "各分组的变化，合计等于总变化。",
    },
    "explain.method.shift_share": {
        "en": "Shift-share: a segment's own rate changing (rate effect) and its weight changing (mix); "
              "they add up to the total.",
        "zh": "偏离-份额分解：分组自身比率的变化（自身效应）与其权重的变化（结构效应），合计等于总变化。",
    },
    "explain.cli.header": {"en": "{metric}: {previous} → {current} ({change}), {period} against {against}",
                           "zh": "{metric}：{previous} → {current}（{change}），{period} 对比 {against}"},
}
