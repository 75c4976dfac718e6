"""Overview and Settings pages."""

STRINGS = {
    "overview.no_previous": {
        "en": "No change shown: there is no data for {period} to compare with.",
        "zh": "未显示变化：{period} 没有可比较的数据。",
    },
    "overview.no_won_revenue": {
        "en": "No won revenue in these months: no deal with a close date falls in them.",
        "zh": "这些月份没有赢单金额：没有成交日期落在其中的商机。",
    },
    "overview.headline": {"en": "{period} as of {as_of}", "zh": "{period}（截至 {as_of}）"},
    "overview.vs_previous": {
        "en": "Change against the same days of {period}",
        "zh": "与 {period} 同期相比",
    },
    "overview.won_revenue_by_month": {"en": "Won revenue by month", "zh": "每月赢单金额"},
    "settings.title": {"en": "Settings", "zh": "设置"},
    "settings.saved": {"en": "Settings saved.", "zh": "设置已保存。"},
    "settings.general": {"en": "Workspace", "zh": "工作区"},
    "settings.default_language": {"en": "Default language", "zh": "默认语言"},
    "settings.timezone": {"en": "Time zone of naive timestamps", "zh": "无时区时间戳所属时区"},
    "settings.definitions": {"en": "Metric definitions", "zh": "指标口径"},
    "settings.csat_definition": {"en": "CSAT is computed as", "zh": "满意度计算方式"},
    "settings.csat.top2box": {"en": "Share of top-two-box ratings (4-5 of 5)", "zh": "好评率（5分制中4-5分的占比）"},
    "settings.csat.mean": {"en": "Mean rating rescaled to 0-100%", "zh": "平均分折算为 0-100%"},
    "settings.churn_definition": {"en": "Churn is computed from", "zh": "流失率计算依据"},
    "settings.churn.auto": {
        "en": "Explicit churn dates when customers have them, else inactivity",
        "zh": "有流失日期时用流失日期，否则按不活跃判断",
    },
    "settings.churn.inactivity": {"en": "Inactivity (no order or won deal)", "zh": "不活跃（无订单或赢单）"},
    "settings.churn.explicit": {"en": "Explicit churn flag or date", "zh": "明确的流失标记或日期"},
    "settings.referral_channels": {
        "en": "Channels that count as referrals (one per line)",
        "zh": "视为转介绍的渠道（每行一个）",
    },
    "settings.complaint_terms": {
        "en": "Ticket types or words that mark a complaint (one per line)",
        "zh": "标记投诉的工单类型或关键词（每行一个）",
    },
    "settings.okr": {"en": "OKR status rule", "zh": "OKR 状态规则"},
    "settings.on_track": {
        "en": "On track when progress is at least this share of the expected progress",
        "zh": "进度达到预期进度的该比例即为“正常”",
    },
    "settings.at_risk": {
        "en": "At risk from this share (below it: off track)",
        "zh": "达到该比例为“有风险”（低于则“落后”）",
    },
    "settings.branding": {"en": "Branding of the review deck", "zh": "复盘幻灯片品牌"},
    "settings.brand_name": {"en": "Company or workspace name", "zh": "公司或工作区名称"},
    "settings.accent": {"en": "Accent colour", "zh": "主题色"},
    "settings.logo": {"en": "Logo (PNG or JPEG)", "zh": "标志（PNG 或 JPEG）"},
    "settings.remove_logo": {"en": "Remove the logo", "zh": "移除标志"},
    "settings.danger": {"en": "Workspace data", "zh": "工作区数据"},
    "settings.clear_all": {"en": "Remove every upload and its rows (the demo: everything it brought)",
                           "zh": "删除全部上传及数据（演示工作区：删除演示带来的全部内容）"},
    "settings.clear_confirm": {"en": "I understand this cannot be undone", "zh": "我了解此操作无法撤销"},
    "settings.cleared": {"en": "All uploads were removed.", "zh": "已删除全部上传。"},
}
