"""Objectives, KR detail and OKR editor pages."""

STRINGS = {
    "editor.saved_one": {"en": "Objective {id} saved.", "zh": "目标 {id} 已保存。"},
    "editor.deleted": {"en": "Objective {id} deleted.", "zh": "目标 {id} 已删除。"},
    "editor.error.id": {"en": "Give the objective an ID (for example O5).", "zh": "请填写目标编号（例如 O5）。"},
    "editor.error.id_taken": {
        "en": "Another objective already has the ID {id}; choose another one.", "zh": "已有目标使用编号 {id}；请换一个。",
    },
    "editor.error.title": {
        "en": "Give the objective a title in English or Chinese.", "zh": "请填写目标的中文或英文标题。",
    },
    "editor.error.period": {
        "en": "The period “{period}” cannot be read; write it like 2026-Q3, 2026-07 or 2026.",
        "zh": "无法识别周期“{period}”；请写成 2026-Q3、2026-07 或 2026 这样的格式。",
    },
    "editor.error.no_krs": {
        "en": "Add at least one key result before saving (three to five are best).",
        "zh": "保存前请至少添加一个关键结果（建议三到五个）。",
    },
    "editor.error.too_many_krs": {
        "en": "The objective has {n} key results; keep it to {max} at most.", "zh": "该目标有 {n} 个关键结果；最多 {max} 个。",
    },
    "editor.error.kr_duplicate": {
        "en": "Two key results have the ID {kr}; give each its own.", "zh": "有两个关键结果都使用编号 {kr}；请分别编号。",
    },
    "editor.error.kr_metric": {
        "en": "Key result in row {row} ({kr}): choose a metric.", "zh": "第 {row} 行关键结果（{kr}）：请选择指标。",
    },
    "editor.error.kr_target_type": {
        "en": "Key result in row {row} ({kr}): choose a kind of target.", "zh": "第 {row} 行关键结果（{kr}）：请选择目标类型。",
    },
    "editor.error.kr_value": {
        "en": "Key result in row {row} ({kr}): enter the target's number in Value.",
        "zh": "第 {row} 行关键结果（{kr}）：请在“数值”中填写目标数字。",
    },
    "editor.error.kr_zero_change": {
        "en": "Key result in row {row} ({kr}): a change of 0 moves nothing; enter the change you aim for (0.1 is "
              "+10%).",
        "zh": "第 {row} 行关键结果（{kr}）：变化量为 0 没有意义；请填写目标变化（0.1 表示 +10%）。",
    },
    "editor.error.kr_change_below": {
        "en": "Key result in row {row} ({kr}): a relative change cannot be below -100%; write -0.5 for -50%.",
        "zh": "第 {row} 行关键结果（{kr}）：相对变化不能低于 -100%；-50% 请写 -0.5。",
    },
    "editor.error.kr_baseline_count": {
        "en": "Key result in row {row} ({kr}): a count to reach starts from zero; leave Baseline empty.",
        "zh": "第 {row} 行关键结果（{kr}）：计数目标从零开始；请把“基线”留空。",
    },
    "editor.error.kr_relative_zero": {
        "en": "Key result in row {row} ({kr}): a percentage change of a baseline of 0 means nothing; use a value "
              "or an absolute change.",
        "zh": "第 {row} 行关键结果（{kr}）：基线为 0 时无法按百分比变化；请改用目标值或绝对变化。",
    },
    "editor.error.kr_no_change": {
        "en": "Key result in row {row} ({kr}): the target equals the baseline; set a target that moves the metric.",
        "zh": "第 {row} 行关键结果（{kr}）：目标等于基线；请设定能推动指标变化的目标。",
    },
    "editor.warn.few_krs": {
        "en": "The objective has {n} key result(s); {low} to {high} usually measure it better.",
        "zh": "该目标有 {n} 个关键结果；通常 {low} 到 {high} 个能更好地衡量。",
    },
    "okr.kr_name.to_value": {"en": "{metric} to {amount}", "zh": "{metric} 达到 {amount}"},
    "okr.kr_name.stay_below": {"en": "{metric} below {amount}", "zh": "{metric} 低于 {amount}"},
    "okr.kr_name.stay_above": {"en": "{metric} above {amount}", "zh": "{metric} 高于 {amount}"},
    "okr.kr_name.reach_count": {"en": "{metric} in the period: {amount}", "zh": "{metric} 本期达到 {amount}"},
    "okr.kr_name.relative_change": {"en": "{metric} {amount}", "zh": "{metric}变化 {amount}"},
    "okr.kr_name.absolute_change": {"en": "{metric} {amount}", "zh": "{metric}变化 {amount}"},
    "okr.error.no_metric": {
        "en": "There is no metric '{metric}'; choose one from `python cli.py metrics --list`.",
        "zh": "没有指标“{metric}”；请从 `python cli.py metrics --list` 中选择。",
    },
    "okr.error.not_started": {
        "en": "{period} has not started by {day}; choose a later as-of date.",
        "zh": "截至 {day}，{period} 尚未开始；请选择更晚的截至日期。",
    },
    "okr.error.no_current": {
        "en": "There is no {metric} data in {period} up to {day}; load recent data.",
        "zh": "{period} 截至 {day} 没有“{metric}”数据；请导入最新数据。",
    },
    "okr.error.data_ends": {
        "en": "There is no {metric} data for {period}: the data it needs ends {end}; load a newer export.",
        "zh": "{period} 没有“{metric}”数据：所需数据截止于 {end}；请导入更新的导出文件。",
    },
    "okr.error.data_begins": {
        "en": "There is no {metric} data for {period} up to {day}: the data it needs begins {begin}.",
        "zh": "{period} 截至 {day} 没有“{metric}”数据：所需数据始于 {begin}。",
    },
    "okr.error.no_baseline_data": {
        "en": "There is no {metric} data in {previous} to use as the baseline (the data begins {begin}); give "
              "baseline: in okrs.yaml.",
        "zh": "{previous} 没有“{metric}”数据可作基线（数据始于 {begin}）；请在 okrs.yaml 中填写 baseline。",
    },
    "okr.refused.no_baseline": {
        "en": "Key result {kr} has no {metric} data in {period} to use as its baseline; give a baseline or choose "
              "a period whose previous period has data.",
        "zh": "关键结果 {kr} 在 {period} 没有“{metric}”数据可作基线；请填写基线，或选择上一期间有数据的周期。",
    },
    "okr.refused.relative_zero": {
        "en": "Key result {kr} asks for a relative change of {metric}, which was 0 in {period}; use the target "
              "type “change by an amount” or “reach a value”.",
        "zh": "关键结果 {kr} 要求“{metric}”按百分比变化，但其在 {period} 为 0；请改用目标类型“绝对变化量”或“达到某值”。",
    },
    "okr.refused.no_change": {
        "en": "Key result {kr} aims for {value}, which {metric} already was in {period}; set a target that moves it.",
        "zh": "关键结果 {kr} 的目标为 {value}，而“{metric}”在 {period} 已是该值；请设定能推动变化的目标。",
    },
    "okr.error.no_change": {
        "en": "The target equals the baseline ({value}), so there is nothing to move; set a target that changes the "
              "metric.",
        "zh": "目标等于基线（{value}），没有需要推动的变化；请设定能改变该指标的目标。",
    },
    "okr.error.no_baseline": {
        "en": "There is no {metric} data in {previous} to use as the baseline; give baseline: in okrs.yaml.",
        "zh": "{previous} 没有“{metric}”数据可作基线；请在 okrs.yaml 中填写 baseline。",
    },
    "okr.error.text": {"en": "{x}", "zh": "{x}"},  # a sentence given in both languages (a data requirement)
    "okr.needed.already_met": {"en": "target already reached", "zh": "已达成目标"},
    "okr.needed.ceiling_broken": {"en": "the ceiling is already exceeded", "zh": "上限已被突破"},
    "okr.needed.per_week.at_least": {
        "en": "at least {amount} per week over the remaining {weeks} weeks", "zh": "剩余 {weeks} 周内每周至少 {amount}",
    },
    "okr.needed.per_week.at_most": {
        "en": "at most {amount} per week over the remaining {weeks} weeks", "zh": "剩余 {weeks} 周内每周至多 {amount}",
    },
    "okr.needed.average.at_least": {
        "en": "an average of at least {amount} over the remaining {weeks} weeks",
        "zh": "剩余 {weeks} 周内平均至少 {amount}",
    },
    "okr.needed.average.at_most": {
        "en": "an average of at most {amount} over the remaining {weeks} weeks",
        "zh": "剩余 {weeks} 周内平均至多 {amount}",
    },
    "okr.needed.unreachable": {"en": " (beyond what the metric can reach)", "zh": "（超出该指标可能的范围）"},
    # SMART checks (okr/smart.py): smart.<code>[.<variant>]
    "smart.time_bound": {
        "en": "Objective {objective} has no period, so the quarter holding the as-of date is used; add period: "
              "2026-Q3 (or a start and end).",
        "zh": "目标 {objective} 没有设定期间，将使用截至日期所在的季度；请添加 period: 2026-Q3（或起止日期）。",
    },
    "smart.kr_count_low": {
        "en": "Objective {objective} has {n} key results; {low} to {high} keep it focused and measurable.",
        "zh": "目标 {objective} 有 {n} 个关键结果；建议 {low} 到 {high} 个，以保持聚焦、便于衡量。",
    },
    "smart.kr_count_low.one": {
        "en": "Objective {objective} has {n} key result; {low} to {high} keep it focused and measurable.",
        "zh": "目标 {objective} 有 {n} 个关键结果；建议 {low} 到 {high} 个，以保持聚焦、便于衡量。",
    },
    "smart.kr_count_high": {
        "en": "Objective {objective} has {n} key results; {low} to {high} keep it focused and measurable.",
        "zh": "目标 {objective} 有 {n} 个关键结果；建议 {low} 到 {high} 个，以保持聚焦、便于衡量。",
    },
    "smart.scorecard_size": {
        "en": "The scorecard tracks {n} different metrics; keep it to {max} or fewer so that each gets attention.",
        "zh": "记分卡跟踪了 {n} 个不同指标；建议不超过 {max} 个，确保每个都得到关注。",
    },
    "smart.specific_target": {
        "en": "Key result {kr} has no target number; give a value or a change.",
        "zh": "关键结果 {kr} 没有目标数值；请填写目标值或变化量。",
    },
    "smart.specific_count_target": {
        "en": "Key result {kr} uses “reach a count within the period” on {metric}, which is not a count or a sum; "
              "use “reach a value”.",
        "zh": "关键结果 {kr} 对“{metric}”使用了“期内累计达到”，但它不是计数或求和指标；请改用“达到某值”。",
    },
    "smart.specific_relative_base": {
        "en": "Key result {kr} asks for a relative change of a baseline of {baseline}, which has no meaningful "
              "percentage; use the target type “change by an amount” or “reach a value”.",
        "zh": "关键结果 {kr} 的基线为 {baseline}，无法按百分比变化；请改用目标类型“绝对变化量”或“达到某值”。",
    },
    "smart.specific_no_change": {
        "en": "Key result {kr} asks for no change from its baseline ({baseline}); set a target that moves the metric.",
        "zh": "关键结果 {kr} 的目标与基线（{baseline}）相同；请设定能推动指标变化的目标。",
    },
    "smart.wrong_direction.already_better": {
        "en": "Key result {kr} aims for {target}, but {metric} is already better at its baseline ({baseline}); "
              "set a more ambitious target.",
        "zh": "关键结果 {kr} 的目标为 {target}，但“{metric}”的基线（{baseline}）已经更好；请设定更有挑战的目标。",
    },
    "smart.wrong_direction.pushes_up": {
        "en": "Key result {kr} pushes {metric} up, but lower is better for this metric; check the sign of the target.",
        "zh": "关键结果 {kr} 让“{metric}”上升，但该指标越低越好；请检查目标的方向。",
    },
    "smart.wrong_direction.pushes_down": {
        "en": "Key result {kr} pushes {metric} down, but higher is better for this metric; check the sign of the "
              "target.",
        "zh": "关键结果 {kr} 让“{metric}”下降，但该指标越高越好；请检查目标的方向。",
    },
    "smart.measurable_fields": {
        "en": "Key result {kr} cannot be measured yet: {need}",
        "zh": "关键结果 {kr} 暂时无法衡量：{need}",
    },
    "smart.measurable_baseline": {
        "en": "Key result {kr} has no {metric} data in the previous period ({period}) to use as its baseline; load "
              "older data or give baseline: in okrs.yaml.",
        "zh": "关键结果 {kr} 在上一期间（{period}）没有“{metric}”数据可作基线；请导入更早的数据，或在 okrs.yaml 中填写 "
              "baseline。",
    },
    "smart.measurable_current": {
        "en": "Key result {kr} has no {metric} data in {period} so far; load recent data or check its filters.",
        "zh": "关键结果 {kr} 在 {period} 至今没有“{metric}”数据；请导入最新数据或检查筛选条件。",
    },
    "smart.achievable_stretch": {
        "en": "Key result {kr} needs a change of {change}, more than the largest change between two {steps} in the "
              "history ({largest}); it is a stretch, check that it is realistic.",
        "zh": "关键结果 {kr} 需要变化 {change}，超过历史上相邻两个{steps}之间的最大变化（{largest}）；这是一个挑战性目标，"
              "请确认其可行。",
    },
    "smart.achievable_stretch.never": {
        "en": "Key result {kr} needs a change of {change}, the history never moved it this way from one {step} to "
              "the next; it is a stretch, check that it is realistic.",
        "zh": "关键结果 {kr} 需要变化 {change}，历史上相邻{steps}之间从未朝这个方向变化过；这是一个挑战性目标，请确认其可行。",
    },
    "smart.relevant": {
        "en": "Key result {kr} is not linked to an objective; add it under one.",
        "zh": "关键结果 {kr} 没有关联到任何目标；请将其放到一个目标之下。",
    },
    "smart.specific_metric": {
        "en": "Key result {kr} uses '{metric}', which is not a catalog metric; pick one from the metric list.",
        "zh": "关键结果 {kr} 使用的指标“{metric}”不在指标目录中；请从指标列表中选择。",
    },
    "status.done": {"en": "Done", "zh": "已达成"},
    "status.on_track": {"en": "On track", "zh": "正常"},
    "status.at_risk": {"en": "At risk", "zh": "有风险"},
    "status.off_track": {"en": "Off track", "zh": "落后"},
    "status.no_data": {"en": "No data", "zh": "无数据"},
    "status.met": {"en": "Met", "zh": "达成"},
    "status.missed": {"en": "Missed", "zh": "未达成"},
    "okr.title": {"en": "Objectives and key results", "zh": "目标与关键结果"},
    "okr.caption": {
        "en": "Every figure is computed from the uploaded rows; nothing is typed in by hand. Progress reads 0% at the "
        "baseline and 100% at the target. Counts and sums are compared at this pace (the value so far over the "
        "elapsed share of the period), so a key result on pace reads 100%; rates are compared as they stand, and the "
        "black tick is where they should be by now. Once a period has ended a key result is met or missed.",
        "zh": "所有数值均由已上传的数据计算，无需手工填写。进度在基线处为 0%，在目标处为 100%。计数和金额按当前节奏比较"
        "（至今数值除以已过周期比例），按节奏推进即为 100%；比率按当前值比较，黑色刻度表示此时应达到的位置。周期结束后，"
        "关键结果只有“达成”或“未达成”。",
    },
    "okr.none": {
        "en": "No objectives yet. Add them in the OKR editor, start from a template, or import an okrs.yaml.",
        "zh": "尚无目标。请在“OKR 编辑”页面添加、套用模板或导入 okrs.yaml。",
    },
    "okr.filter_period": {"en": "Period", "zh": "周期"},
    "okr.filter_owner": {"en": "Owner", "zh": "负责人"},
    "okr.filter_team": {"en": "Team", "zh": "团队"},
    "okr.all": {"en": "All", "zh": "全部"},
    "okr.score": {"en": "Score", "zh": "得分"},
    "okr.objective_meta": {
        "en": "{owner} · {team} · {period} · as of {as_of} ({elapsed} of the period elapsed)",
        "zh": "{owner} · {team} · {period} · 截至 {as_of}（周期已过 {elapsed}）",
    },
    "okr.pace": {"en": "expected by now", "zh": "当前应达进度"},
    "okr.col.kr": {"en": "Key result", "zh": "关键结果"},
    "okr.col.baseline": {"en": "Baseline", "zh": "基线"},
    "okr.col.current": {"en": "Current", "zh": "当前值"},
    "kr.no_points": {
        "en": "No {metric} values to chart in {period} or the periods before it.", "zh": "{period} 及之前的期间没有可绘制的“{metric}”数值。",
    },
    "kr.drill_empty": {"en": "No values by {dim} in this period.", "zh": "本期没有按“{dim}”的数值。"},
    "kr.remove_checkin": {"en": "Remove a check-in typed wrong", "zh": "删除填错的进展记录"},
    "kr.checkin": {"en": "Check-in", "zh": "进展记录"},
    "kr.remove": {"en": "Remove", "zh": "删除"},
    "kr.method.maturing": {
        "en": "not forecast: the period's leads are still converting", "zh": "暂不预测：本期线索仍在转化中",
    },
    "okr.col.pace": {"en": "At this pace", "zh": "按当前节奏"},
    "okr.bar_hover": {"en": "{kr}: progress {progress} · {status}", "zh": "{kr}：进度 {progress} · {status}"},
    "okr.col.target": {"en": "Target", "zh": "目标值"},
    "okr.col.progress": {"en": "Progress", "zh": "进度"},
    "okr.col.expected": {"en": "Expected", "zh": "应达进度"},
    "okr.col.status": {"en": "Status", "zh": "状态"},
    "okr.col.forecast": {"en": "Forecast (period end)", "zh": "期末预测"},
    "okr.col.needed": {"en": "Needed from here", "zh": "剩余时间所需"},
    "okr.col.score": {"en": "Score", "zh": "得分"},
    "okr.smart_warnings": {"en": "SMART check ({n})", "zh": "SMART 检查（{n} 条）"},
    "okr.scorecard_warnings": {"en": "Scorecard check", "zh": "记分卡检查"},
    "okr.open_detail": {"en": "Details", "zh": "详情"},
    "okr.grade_zone": {
        "en": "Grades: 0.6-0.7 is the healthy stretch zone for ambitious key results.",
        "zh": "评分：0.6-0.7 为具有挑战性目标的健康区间。",
    },
    "okr.data_missing": {"en": "Needs data: {reason}", "zh": "缺少数据：{reason}"},
    "kr.title": {"en": "Key result detail", "zh": "关键结果详情"},
    "kr.pick": {"en": "Key result", "zh": "关键结果"},
    "kr.grain": {"en": "Points", "zh": "数据点"},
    "kr.drill_by": {"en": "Drill down by", "zh": "下钻维度"},
    "kr.drill_title": {"en": "Which {dim} is behind", "zh": "哪个{dim}落后"},
    "kr.no_drill": {
        "en": "This metric has no dimension with several values to drill into.",
        "zh": "此指标没有可下钻的多值维度。",
    },
    "kr.same_period_last_year": {"en": "Same period last year", "zh": "去年同期"},
    "kr.previous_period": {"en": "Previous period", "zh": "上一周期"},
    "kr.checkins": {"en": "Check-ins", "zh": "进展更新"},
    "kr.add_checkin": {"en": "Add a check-in", "zh": "添加进展更新"},
    "kr.confidence": {"en": "Confidence (1-10)", "zh": "信心指数（1-10）"},
    "kr.comment": {"en": "Comment", "zh": "说明"},
    "kr.date": {"en": "Date", "zh": "日期"},
    "kr.saved_checkin": {"en": "Check-in saved.", "zh": "进展更新已保存。"},
    "kr.no_checkins": {"en": "No check-ins yet.", "zh": "暂无进展更新。"},
    "kr.forecast_line": {
        "en": "Forecast for the period end: {forecast} ({method}).",
        "zh": "期末预测：{forecast}（{method}）。",
    },
    "kr.needed_line": {"en": "To hit the target: {needed}.", "zh": "要达成目标：{needed}。"},
    "kr.method.run_rate": {"en": "run-rate", "zh": "按当前速度"},
    "kr.method.trend": {"en": "linear trend of the weekly values", "zh": "按周数据线性趋势"},
    "kr.method.current": {"en": "the current value (too few points for a trend)", "zh": "当前值（数据点不足）"},
    "kr.method.final": {"en": "the period is over", "zh": "周期已结束"},
    "kr.method.previous_shape": {"en": "last period's shape", "zh": "按上期走势"},
    "kr.method.none": {"en": "no forecast", "zh": "无预测"},
    "chart.target": {"en": "target", "zh": "目标"},
    "chart.baseline": {"en": "baseline", "zh": "基线"},
    "chart.pace": {"en": "pace", "zh": "进度线"},
    "chart.forecast": {"en": "forecast", "zh": "预测"},
    "chart.this_period": {"en": "this period", "zh": "本期"},
    "chart.previous": {"en": "earlier", "zh": "往期"},
    "chart.limit": {"en": "limit", "zh": "上限"},
    "okr.measured_to": {"en": "{kr} is measured to {date}, where its data ends; load a newer export for the days "
                              "after.",
                        "zh": "{kr} 按数据截止日 {date} 计算；之后的日期请导入更新的导出文件。"},
    "chart.checkin": {"en": "check-in", "zh": "打卡"},
    "editor.title": {"en": "OKR editor", "zh": "OKR 编辑"},
    "editor.caption": {
        "en": "Objectives with 3-5 measurable key results each, tracked from the data. Changes are saved to "
        "the workspace and can be exported as okrs.yaml.",
        "zh": "每个目标设 3-5 个可衡量的关键结果，由数据自动跟踪。修改保存到工作区，可导出为 okrs.yaml。",
    },
    "editor.id": {"en": "ID", "zh": "编号"},
    "editor.objective": {"en": "Objective", "zh": "目标"},
    "editor.new_objective": {"en": "New objective", "zh": "新建目标"},
    "editor.add_objective": {"en": "Add objective", "zh": "添加目标"},
    "editor.delete_objective": {"en": "Delete this objective", "zh": "删除此目标"},
    "editor.title_en": {"en": "Title (English)", "zh": "标题（英文）"},
    "editor.title_zh": {"en": "Title (Chinese)", "zh": "标题（中文）"},
    "editor.owner": {"en": "Owner", "zh": "负责人"},
    "editor.team": {"en": "Team", "zh": "团队"},
    "editor.period": {"en": "Period (e.g. 2026-Q3)", "zh": "周期（如 2026-Q3）"},
    "editor.description": {"en": "Description", "zh": "描述"},
    "editor.key_results": {"en": "Key results", "zh": "关键结果"},
    "editor.add_kr": {"en": "Add key result", "zh": "添加关键结果"},
    "editor.delete_kr": {"en": "Delete key result", "zh": "删除关键结果"},
    "editor.metric": {"en": "Metric", "zh": "指标"},
    "editor.target_type": {"en": "Target", "zh": "目标类型"},
    "editor.target_value": {"en": "Value", "zh": "数值"},
    "editor.baseline": {"en": "Baseline (empty: previous period)", "zh": "基线（留空：上一周期）"},
    "editor.weight": {"en": "Weight", "zh": "权重"},
    "editor.filters": {"en": "Segment filter (field=value, one per line)", "zh": "分组筛选（字段=值，每行一个）"},
    "editor.save": {"en": "Save objectives", "zh": "保存目标"},
    "editor.saved": {"en": "Saved {n} objectives.", "zh": "已保存 {n} 个目标。"},
    "editor.templates": {"en": "Templates", "zh": "模板"},
    "editor.use_template": {"en": "Add this template", "zh": "添加此模板"},
    "editor.yaml": {"en": "okrs.yaml import and export", "zh": "okrs.yaml 导入与导出"},
    "editor.import": {"en": "Import okrs.yaml (replaces the objectives)", "zh": "导入 okrs.yaml（替换现有目标）"},
    "editor.imported": {"en": "Imported {n} objectives.", "zh": "已导入 {n} 个目标。"},
    "editor.export": {"en": "Download okrs.yaml", "zh": "下载 okrs.yaml"},
    "editor.checkins_link": {
        "en": "Add check-ins (date, confidence, comment) on the KR detail page",
        "zh": "在“关键结果详情”页面添加进展更新（日期、信心指数、说明）",
    },
    "editor.metric_card": {"en": "About this metric", "zh": "指标说明"},
    "editor.value_hint": {
        "en": "Percentages as fractions (0.9 = 90%); relative changes as fractions (-0.5 = -50%).",
        "zh": "百分比写成小数（0.9 = 90%）；相对变化写成小数（-0.5 = -50%）。",
    },
    "target.to_value": {"en": "reach a value", "zh": "达到某值"},
    "target.relative_change": {"en": "change by % of the baseline", "zh": "相对基线变化 %"},
    "target.absolute_change": {"en": "change by an amount", "zh": "绝对变化量"},
    "target.stay_below": {"en": "stay below all period", "zh": "全期保持低于"},
    "target.stay_above": {"en": "stay above all period", "zh": "全期保持高于"},
    "target.reach_count": {"en": "reach a count within the period", "zh": "期内累计达到"},
}
