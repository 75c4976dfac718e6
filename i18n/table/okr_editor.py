"""The OKR editor's checks and its check-in and key-result controls (issue 16)."""

STRINGS = {
    "editor.error.kr_percent": {
        "en": "Key result in row {row} ({kr}): {metric} is a percentage, so Value {value} would mean {as_percent}; "
              "write {fraction} for {value}%.",
        "zh": "第 {row} 行关键结果（{kr}）：{metric}是百分比，“数值”填 {value} 表示 {as_percent}；{value}% 请写 {fraction}。",
    },
    "editor.error.kr_percent_baseline": {
        "en": "Key result in row {row} ({kr}): {metric} is a percentage, so Baseline {value} would mean {as_percent}; "
              "write {fraction} for {value}%.",
        "zh": "第 {row} 行关键结果（{kr}）：{metric}是百分比，“基线”填 {value} 表示 {as_percent}；{value}% 请写 {fraction}。",
    },
    "editor.error.kr_weight": {
        "en": "Key result in row {row} ({kr}): Weight cannot be negative; use 0 or more (empty means 1).",
        "zh": "第 {row} 行关键结果（{kr}）：“权重”不能为负数；请填 0 或更大的数（留空为 1）。",
    },
    "editor.error.not_saved": {
        "en": "The objective was not saved: {reason}",
        "zh": "目标未保存：{reason}",
    },
    "editor.error.last_kr": {
        "en": "An objective needs at least one key result; add another before deleting {kr}, or delete the objective.",
        "zh": "目标至少需要一个关键结果；请先添加其他关键结果再删除 {kr}，或删除整个目标。",
    },
    "editor.error.checkin_date": {
        "en": "Check-in in row {row}: give it a date.",
        "zh": "第 {row} 行进展记录：请填写日期。",
    },
    "editor.error.checkin_confidence": {
        "en": "Check-in in row {row}: Confidence is a whole number from 1 to 10.",
        "zh": "第 {row} 行进展记录：“信心指数”须为 1 到 10 的整数。",
    },
    "editor.kr_to_delete": {"en": "Key result to delete", "zh": "要删除的关键结果"},
    "editor.kr_deleted": {"en": "Key result {kr} deleted.", "zh": "关键结果 {kr} 已删除。"},
    "editor.checkins": {"en": "Check-ins of this objective", "zh": "此目标的进展记录"},
    "editor.checkins_hint": {
        "en": "Correct a date, confidence or comment in the table, or tick Remove, then save the check-ins.",
        "zh": "可在表格中修改日期、信心指数或说明，或勾选“删除”，然后保存进展记录。",
    },
    "editor.checkin_kr": {"en": "Key result", "zh": "关键结果"},
    "editor.checkin_remove": {"en": "Remove", "zh": "删除"},
    "editor.save_checkins": {"en": "Save check-ins", "zh": "保存进展记录"},
    "editor.checkins_saved": {
        "en": "Check-ins saved: {changed} corrected, {removed} removed.",
        "zh": "进展记录已保存：修改 {changed} 条，删除 {removed} 条。",
    },
}
