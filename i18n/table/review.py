"""Quarterly review deck: rendering messages (slide content strings are added by the deck modules)."""

STRINGS = {
    "review.error.no_browser": {
        "en": "Slide images need Chromium: install it with `sudo apt-get install -y chromium fonts-noto-cjk` "
              "(macOS/Windows: install Google Chrome), then try again.",
        "zh": "生成幻灯片图片需要 Chromium：请运行 `sudo apt-get install -y chromium fonts-noto-cjk` 安装"
              "（macOS/Windows 请安装 Google Chrome），然后重试。",
    },
    "review.error.browser_stopped": {
        "en": "The browser stopped while drawing the slides: close some programs to free memory, then try again.",
        "zh": "绘制幻灯片时浏览器意外退出：请关闭部分程序释放内存，然后重试。",
    },
}

# Slide text (review/slides_*.py, review/notes.py).  Numbers are filled in already formatted by i18n.fmt.
STRINGS.update({
    "review.footer": {"en": "{period} review  ·  data as of {as_of}", "zh": "{period} 复盘  ·  数据截至 {as_of}"},
    "review.deck_title.quarter": {"en": "Quarterly business review", "zh": "季度业务复盘"},
    "review.deck_title.month": {"en": "Monthly business review", "zh": "月度业务复盘"},
    "review.deck_title.year": {"en": "Annual business review", "zh": "年度业务复盘"},
    "review.deck_title.week": {"en": "Weekly business review", "zh": "周度业务复盘"},
    "review.deck_title.other": {"en": "Business review", "zh": "业务复盘"},
    "review.title.teams": {"en": "Teams: {teams}", "zh": "团队：{teams}"},
    "review.title.owners": {"en": "Owners: {owners}", "zh": "负责人：{owners}"},
    "review.title.as_of": {
        "en": "Data as of {as_of} ({elapsed} of the period elapsed)",
        "zh": "数据截至 {as_of}（周期已过 {elapsed}）",
    },
    "review.title.generated": {"en": "Generated {date}", "zh": "生成于 {date}"},
    "review.title.glance": {"en": "At a glance", "zh": "概览"},
    "review.title.objectives": {"en": "objectives", "zh": "个目标"},
    "review.title.krs": {"en": "key results", "zh": "个关键结果"},
    "review.no_objectives": {
        "en": "There are no objectives for this period; add them in the OKR editor or import an okrs.yaml.",
        "zh": "本周期没有目标；请在“OKR 编辑”页面添加或导入 okrs.yaml。",
    },
    "review.col.kr": {"en": "Objective / key result", "zh": "目标 / 关键结果"},
    "review.col.baseline": {"en": "Baseline", "zh": "基线"},
    "review.col.current": {"en": "Current", "zh": "当前值"},
    "review.col.current_end": {"en": "End of period", "zh": "期末值"},
    "review.col.target": {"en": "Target", "zh": "目标值"},
    "review.col.score": {"en": "Score", "zh": "得分"},
    "review.col.status": {"en": "Status", "zh": "状态"},
    "review.col.forecast": {"en": "Forecast", "zh": "预测"},
    "review.scorecard.title": {"en": "Scorecard {period}", "zh": "{period} 记分卡"},
    "review.scorecard.subtitle": {
        "en": "As of {as_of}, {elapsed} of the period elapsed  ·  score = progress from baseline to target",
        "zh": "截至 {as_of}，周期已过 {elapsed}  ·  得分 = 从基线到目标的完成度",
    },
    "review.objective.score": {"en": "score {score} (expected {expected})", "zh": "得分 {score}（应达 {expected}）"},
    "review.objective.bars_head": {
        "en": "Score against the pace marker (black tick: where the key result should be by now)",
        "zh": "得分与进度标记（黑色刻度：此时应达到的进度）",
    },
    "review.objective.no_krs": {"en": "This objective has no key results yet.", "zh": "此目标尚无关键结果。"},
    "review.chart.this_period": {"en": "this period", "zh": "本期"},
    "review.chart.previous": {"en": "{period} (same days)", "zh": "{period}（同期）"},
    "review.chart.pace": {"en": "pace", "zh": "进度线"},
    "review.chart.target": {"en": "target", "zh": "目标"},
    "review.chart.limit": {"en": "limit", "zh": "上限"},
    "review.chart.baseline": {"en": "baseline", "zh": "基线"},
    "review.chart.checkin": {"en": "check-in", "zh": "进展更新"},
    "review.chart.forecast": {"en": "forecast", "zh": "预测"},
    "review.deep.subtitle": {
        "en": "Deep dive  ·  {objective}  ·  {status}  ·  score {score}, expected {expected}",
        "zh": "深入分析  ·  {objective}  ·  {status}  ·  得分 {score}，应达 {expected}",
    },
    "review.deep.none_title": {"en": "Deep dives", "zh": "深入分析"},
    "review.deep.none": {
        "en": "No key result is off track or at risk, so there is nothing to dig into.",
        "zh": "没有落后或有风险的关键结果，无需深入分析。",
    },
    "review.deep.current_as_of": {"en": "Current (as of {date})", "zh": "当前值（截至 {date}）"},
    "review.deep.on_pace_now": {"en": "on pace today:", "zh": "按进度今日应为"},
    "review.deep.forecast": {"en": "Forecast for the period end", "zh": "期末预测"},
    "review.deep.range": {"en": "range {low}–{high}", "zh": "区间 {low}–{high}"},
    "review.deep.needed": {"en": "Needed from here", "zh": "剩余时间所需"},
    "review.deep.margin": {"en": "Headroom to the limit", "zh": "距上限余量"},
    "review.deep.drill_head": {"en": "By {dim}, furthest behind first", "zh": "按{dim}拆分（最落后在前）"},
    "review.deep.drill_none_head": {"en": "Drill-down", "zh": "下钻"},
    "review.deep.no_drill": {
        "en": "This metric has no dimension with several segments to drill into.",
        "zh": "此指标没有可下钻的多值维度。",
    },
    "review.deep.checkins": {"en": "Latest check-ins", "zh": "最新进展更新"},
    "review.deep.no_checkins": {"en": "No check-ins this period.", "zh": "本周期暂无进展更新。"},
    "review.deep.confidence": {"en": "confidence {n}/10", "zh": "信心 {n}/10"},
    "review.kpis.title": {"en": "KPI overview {period}", "zh": "{period} 指标概览"},
    "review.kpis.subtitle": {
        "en": "Period to {as_of} against {previous} to the same point  ·  lines: the last 12 months",
        "zh": "本期截至 {as_of}，与 {previous} 同期对比  ·  曲线：近 12 个月",
    },
    "review.kpis.none": {
        "en": "None of the scorecard KPIs can be computed from the loaded data; load deals, orders or tickets.",
        "zh": "已导入的数据无法计算任何记分卡指标；请导入商机、订单或工单数据。",
    },
    "review.kpis.KPI": {"en": "Results", "zh": "结果"},
    "review.kpis.KBI": {"en": "Activity and behaviour", "zh": "业务活动与行为"},
    "review.kpis.KCI": {"en": "Customer relationship", "zh": "客户关系"},
    "review.kpis.vs_previous": {"en": "vs previous", "zh": "环比"},
    "review.channels.title": {"en": "Lead channels {period}", "zh": "{period} 线索渠道"},
    "review.channels.subtitle": {
        "en": "Lead cohorts of {months} by channel, revenue to {as_of}  ·  ROI = revenue / spend",
        "zh": "{months} 各渠道线索队列，收入截至 {as_of}  ·  投资回报 = 收入 / 花费",
    },
    "review.channels.none": {
        "en": "There are no leads with a channel in this period; load a leads export with a source or channel column.",
        "zh": "本周期没有带渠道的线索；请导入含来源或渠道列的线索数据。",
    },
    "review.channels.col.channel": {"en": "Channel", "zh": "渠道"},
    "review.channels.col.leads": {"en": "Leads", "zh": "线索数"},
    "review.channels.col.conversion": {"en": "Conversion", "zh": "转化率"},
    "review.channels.col.spend": {"en": "Spend", "zh": "花费"},
    "review.channels.col.cost_per_lead": {"en": "Cost / lead", "zh": "线索成本"},
    "review.channels.col.revenue_t1": {"en": "Revenue T+1", "zh": "收入 T+1"},
    "review.channels.col.roi_t1": {"en": "ROI T+1", "zh": "回报 T+1"},
    "review.channels.col.revenue_t2": {"en": "Revenue T+2", "zh": "收入 T+2"},
    "review.channels.col.roi_t2": {"en": "ROI T+2", "zh": "回报 T+2"},
    "review.channels.total": {"en": "Total", "zh": "合计"},
    "review.channels.immature": {
        "en": "Grey figures are still growing: those cohorts' T+1/T+2 months had not ended by {as_of}.",
        "zh": "灰色数值仍在增长：这些队列的 T+1/T+2 月份截至 {as_of} 尚未结束。",
    },
    "review.channels.heatmap": {
        "en": "ROI at T+2 by lead month (* still maturing)",
        "zh": "各线索月份 T+2 投资回报（* 尚未满期）",
    },
    "review.hl.title": {"en": "Highlights and risks {period}", "zh": "{period} 亮点与风险"},
    "review.hl.subtitle": {
        "en": "Written from the data as of {as_of} ({elapsed} of the period elapsed)",
        "zh": "根据截至 {as_of} 的数据生成（周期已过 {elapsed}）",
    },
    "review.hl.highlights": {"en": "Highlights", "zh": "亮点"},
    "review.hl.risks": {"en": "Risks", "zh": "风险"},
    "review.hl.checkins": {"en": "From the check-ins", "zh": "进展更新摘录"},
    "review.hl.nothing": {"en": "Nothing to report.", "zh": "暂无。"},
    "review.hl.more": {"en": "… and {n} more in the speaker notes", "zh": "……另有 {n} 条见演讲者备注"},
    "review.hl.summary": {
        "en": "{good} of {total} key results are met or on track.",
        "zh": "{total} 个关键结果中有 {good} 个已达成或进展正常。",
    },
    "review.hl.good": {"en": "{status}: {kr}, {current} against a target of {target}.",
                        "zh": "{status}：{kr}，当前 {current}，目标 {target}。"},
    "review.hl.good_rest": {"en": "{n} more met or on track: {krs}.", "zh": "另有 {n} 个已达成或正常：{krs}。"},
    "review.hl.best_objective": {
        "en": "Strongest objective: {objective}, score {score}.",
        "zh": "表现最好的目标：{objective}，得分 {score}。",
    },
    "review.hl.mover": {
        "en": "{label}: {change} against {previous} to the same point, now {value}.",
        "zh": "{label}：较 {previous} 同期 {change}，现为 {value}。",
    },
    "review.hl.behind": {"en": "{status}: {kr}, {current} against a target of {target}.",
                         "zh": "{status}：{kr}，当前 {current}，目标 {target}。"},
    "review.hl.behind_rest": {"en": "{n} more behind: {krs}.", "zh": "另有 {n} 个落后或有风险：{krs}。"},
    "review.hl.forecast": {"en": "Forecast for the period end: {forecast}.", "zh": "期末预测 {forecast}。"},
    "review.hl.no_data": {"en": "No figures for {kr}: {reason}", "zh": "{kr} 没有数据：{reason}"},
    "review.hl.smart": {
        "en": "{n} key results have SMART check warnings; the speaker notes list them.",
        "zh": "{n} 个关键结果有 SMART 检查提示，详见演讲者备注。",
    },
    "review.hl.kpi_skipped": {
        "en": "Not enough data for: {labels}.",
        "zh": "以下指标数据不足：{labels}。",
    },
    "review.next.title": {"en": "Proposed key results for {period}", "zh": "{period} 关键结果提议"},
    "review.next.subtitle": {
        "en": "For discussion: key results not met in {period} carried over, baseline = this period's result",
        "zh": "供讨论：{period} 未达成的关键结果顺延，基线 = 本期结果",
    },
    "review.next.col.rule": {"en": "Target rule", "zh": "目标规则"},
    "review.next.rule_change": {"en": "{change} on the baseline", "zh": "较基线 {change}"},
    "review.next.col.baseline": {"en": "Baseline ({period})", "zh": "基线（{period}）"},
    "review.next.col.target": {"en": "Proposed target", "zh": "提议目标"},
    "review.next.col.result": {"en": "{period} status", "zh": "{period} 状态"},
    "review.next.projected": {
        "en": "* projected to the end of {period}: counts and sums measured before the period ended use the forecast.",
        "zh": "* 按 {period} 期末预测：周期结束前统计的计数与金额采用期末预测值。",
    },
    "review.next.kept_out": {
        "en": "Met or on track, not carried over: {krs}.",
        "zh": "已达成或进展正常、不再顺延：{krs}。",
    },
    "review.next.all_met": {
        "en": "Every key result was met; set new ambitions for the next period.",
        "zh": "所有关键结果均已达成；请为下一周期制定新目标。",
    },
    "review.notes.glance": {
        "en": "{objectives} objectives, {krs} key results: {statuses}.",
        "zh": "{objectives} 个目标，{krs} 个关键结果：{statuses}。",
    },
    "review.notes.logo_unreadable": {
        "en": "The logo in the branding settings could not be read; upload it again as PNG or JPEG.",
        "zh": "品牌设置中的徽标无法读取；请重新上传 PNG 或 JPEG 格式。",
    },
    "review.notes.objective": {"en": "{label}: score {score}, {status}.", "zh": "{label}：得分 {score}，{status}。"},
    "review.notes.kr": {
        "en": "{id} {title}: baseline {baseline}, current {current}, target {target}, score {score} "
              "(expected {expected}), {status}.",
        "zh": "{id} {title}：基线 {baseline}，当前 {current}，目标 {target}，得分 {score}（应达 {expected}），{status}。",
    },
    "review.notes.forecast": {"en": "Forecast {forecast}.", "zh": "期末预测 {forecast}。"},
    "review.notes.forecast_line": {
        "en": "Forecast for the period end: {forecast} ({method}).",
        "zh": "期末预测：{forecast}（{method}）。",
    },
    "review.notes.needed": {"en": "To hit the target: {needed}.", "zh": "要达成目标：{needed}。"},
    "review.notes.drill": {"en": "By {dim}, furthest behind first:", "zh": "按{dim}拆分（最落后在前）："},
    "review.notes.segment": {
        "en": "{segment}: current {current}, baseline {baseline}, target {target}, {status}",
        "zh": "{segment}：当前 {current}，基线 {baseline}，目标 {target}，{status}",
    },
    "review.notes.kpi": {
        "en": "{label}: {value} ({period} to the same point: {previous}; change {change})",
        "zh": "{label}：{value}（{period} 同期 {previous}，变化 {change}）",
    },
    "review.notes.kpi_skipped": {"en": "Not shown: {label} ({reason})", "zh": "未显示：{label}（{reason}）"},
    "review.notes.more_in_notes": {"en": "({n} not on the slide)", "zh": "（{n} 条未在幻灯片上显示）"},
    "review.notes.proposal": {
        "en": "{kr}: {rule}; baseline {baseline}, proposed target for {period} {target} (this period: {result})",
        "zh": "{kr}：{rule}；基线 {baseline}，{period} 提议目标 {target}（本期：{result}）",
    },
})

# The Quarterly Review page (app_pages/review.py).
STRINGS.update({
    "review.page.title": {"en": "Quarterly review", "zh": "季度复盘"},
    "review.page.caption": {
        "en": "The review deck built from the workspace: scorecard, objectives, deep dives, KPIs, channels, "
              "highlights and proposals for the next period. Branding (name, colour, logo) is set in Settings.",
        "zh": "根据工作区数据生成复盘幻灯片：记分卡、各目标、深入分析、指标、渠道、亮点与风险及下一周期提议。"
              "品牌（名称、颜色、徽标）在“设置”中配置。",
    },
    "review.page.language": {"en": "Slide language", "zh": "幻灯片语言"},
    "review.page.slides": {"en": "Slides", "zh": "幻灯片"},
    "review.page.inputs": {
        "en": "Period {period}, data as of {as_of} (change them in the sidebar).",
        "zh": "周期 {period}，数据截至 {as_of}（可在侧边栏修改）。",
    },
    "review.page.generate": {"en": "Generate slides", "zh": "生成幻灯片"},
    "review.page.working": {
        "en": "Building and drawing the slides (about half a second per slide)…",
        "zh": "正在生成并绘制幻灯片（每页约半秒）……",
    },
    "review.page.hint": {
        "en": "Choose the slides and the language, then generate; a preview of every slide and the downloads follow.",
        "zh": "选择幻灯片与语言后点击生成，随后显示每页预览和下载。",
    },
    "review.page.stale": {
        "en": "The period, date, slides, language or data changed since the last deck; generate it again.",
        "zh": "周期、日期、幻灯片、语言或数据已变化，请重新生成。",
    },
    "review.page.preview": {"en": "Preview ({n} slides)", "zh": "预览（共 {n} 页）"},
    "review.page.downloads": {"en": "Downloads", "zh": "下载"},
    "review.page.download_zip": {"en": "Slides as PNG (ZIP)", "zh": "PNG 图片（ZIP）"},
    "review.page.download_pptx": {"en": "PowerPoint (PPTX)", "zh": "PowerPoint（PPTX）"},
    "review.page.download_pdf": {"en": "PDF", "zh": "PDF 文档"},
    "review.page.download_outline": {"en": "Speaker notes (Markdown)", "zh": "演讲者备注（Markdown）"},
    "review.kind.title": {"en": "Title", "zh": "封面"},
    "review.kind.scorecard": {"en": "Scorecard", "zh": "记分卡"},
    "review.kind.objectives": {"en": "One slide per objective", "zh": "各目标详情"},
    "review.kind.deep_dives": {"en": "Deep dives (off track, at risk)", "zh": "深入分析（落后、有风险）"},
    "review.kind.kpis": {"en": "KPI overview", "zh": "指标概览"},
    "review.kind.channels": {"en": "Channels", "zh": "渠道"},
    "review.kind.highlights": {"en": "Highlights and risks", "zh": "亮点与风险"},
    "review.kind.next_period": {"en": "Next period", "zh": "下一周期"},
})
