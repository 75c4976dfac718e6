"""Service and satisfaction metrics: tickets, complaints, response and resolution, CSAT and NPS."""

from __future__ import annotations

from metrics.definitions import (
    COMPLAINT,
    HOURS_TO_FIRST_RESPONSE,
    HOURS_TO_RESOLUTION,
    TICKET_RESOLVED,
    Metric,
    Need,
    Source,
    Text,
    rating_source,
    ratio,
)

T = Text
TICKETS = "tickets"
NEED_RATINGS = Need(
    T("needs satisfaction ratings (survey responses with a score, or tickets with a satisfaction rating)",
      "需要满意度评分（含分数的调查回复，或含满意度评分的工单）"),
    ("surveys: responded_at, score", "tickets: satisfaction, created_at|resolved_at"))
NEED_NPS = Need(
    T("needs ratings on a 0-10 scale (survey responses or tickets)", "需要 0-10 分制的评分（调查回复或工单）"),
    check="""SELECT 1 FROM (
      SELECT _upload_id, max(scale) AS s, max(score) AS m FROM surveys WHERE score IS NOT NULL GROUP BY _upload_id
      UNION ALL
      SELECT _upload_id, max(satisfaction_scale), max(satisfaction) FROM tickets
      WHERE satisfaction IS NOT NULL GROUP BY _upload_id)
    WHERE s = 10 OR (s IS NULL AND m > 5 AND m <= 10) LIMIT 1""")
NEED_COMPLAINTS = Need(
    T("needs tickets with a created date and a complaint flag, type or category",
      "需要含创建日期以及投诉标记、类型或分类的工单"), ("tickets: created_at, is_complaint|type|category",))
RATINGS = (rating_source("surveys"), rating_source(TICKETS))
# CSAT reads satisfaction ratings only: 0-10 survey answers are NPS ("how likely to recommend").
SATISFACTION = (rating_source("surveys", satisfaction_only=True), rating_source(TICKETS, satisfaction_only=True))
TOP2 = "CASE WHEN scale <= 10 THEN score >= scale - 1 ELSE score >= 0.8 * scale END"
RATING_AGGS = (("n", "count(*)"), ("top2", f"count(*) FILTER (WHERE {TOP2})"), ("mean_pct", "avg(score / scale * 100)"))
CSAT_ALT = T("Setting csat_definition: 'top2box' (default) counts ratings of 4-5 of 5 or 9-10 of 10 (the top two "
             "boxes; 80% and above on longer scales); 'mean' uses the mean rating rescaled to 0-100%. A scale "
             "that is not given is read from each upload's highest score (up to 5, up to 10, else 100).",
             "设置 csat_definition：top2box（默认）统计 5 分制中 4-5 分、10 分制中 9-10 分（前两档；更长量表为 80% "
             "及以上）；mean 使用平均分折算为 0-100%。未提供量表时按每次上传的最高分推断（≤5、≤10，否则 100）。")
COMPLAINT_ALT = T("A ticket is a complaint when its complaint flag says so; without a flag, when its type or "
                  "category contains one of the terms of setting complaint_terms (default: complaint, 投诉, 客诉).",
                  "工单的投诉标记为是即为投诉；没有标记时，类型或分类包含设置 complaint_terms 中的词"
                  "（默认：complaint、投诉、客诉）即为投诉。")
FIRST_RESPONSE = Source(TICKETS, "t.created_at", cols=(("h", HOURS_TO_FIRST_RESPONSE),))
NEED_FIRST_RESPONSE = Need(
    T("needs tickets with a created date and a first-response time", "需要含创建时间和首次响应时间的工单"),
    ("tickets: created_at, first_response_at|first_response_hours",))

METRICS: list[Metric] = [
    Metric(
        id="csat", cls="KCI", unit="percent",
        better="higher", aggregation="ratio", entity="surveys", time_field="responded_at",
        label=T("Customer satisfaction (CSAT)", "客户满意度（CSAT）"),
        definition=T("Share of the satisfaction ratings given in the period that are in the top two boxes (4-5 of 5, "
                     "9-10 of 10); dated by the survey response, else the ticket's resolution, else its creation. Survey "
                     "answers on a 0-10 scale are NPS answers and count for nps only.",
                     "期内满意度评分中处于前两档（5 分制 4-5 分，10 分制 9-10 分）的占比；日期取调查回复时间，"
                     "否则取工单解决时间，再否则取创建时间。0-10 分制的调查回复属于 NPS 推荐意愿，仅计入 NPS。"),
        formula=T("top-two-box ratings / ratings given in P", "前两档评分数 / 期内评分数"),
        needs=(NEED_RATINGS,), sources=SATISFACTION, aggs=RATING_AGGS,
        value=f"CASE WHEN $csat_mean THEN mean_pct / 100 ELSE {ratio('top2', 'n')} END",
        secondary=(("top2", "top2"), ("ratings", "n"), ("mean_score", "mean_pct")), zero_fill=("top2", "ratings"),
        alternatives=(CSAT_ALT,), settings=("csat_definition",), extra_entities=(TICKETS,)),
    Metric(
        id="csat_score", cls="KCI", unit="score",
        better="higher", aggregation="ratio", entity="surveys", time_field="responded_at",
        label=T("Satisfaction score", "满意度得分"),
        definition=T("Mean satisfaction rating of the period rescaled to 0-100 (score / scale × 100).",
                     "期内满意度评分的平均值，折算为 0-100 分（分数 / 满分 × 100）。"),
        formula=T("mean(score / scale) × 100", "平均(分数 / 满分) × 100"),
        needs=(NEED_RATINGS,), sources=SATISFACTION, aggs=RATING_AGGS, value="mean_pct",
        secondary=(("ratings", "n"),), zero_fill=("ratings",), alternatives=(CSAT_ALT,)),
    Metric(
        id="nps", cls="KCI", unit="score",
        better="higher", aggregation="ratio", entity="surveys", time_field="responded_at",
        label=T("Net Promoter Score (NPS)", "净推荐值（NPS）"),
        definition=T("Percent of promoters (9-10) minus percent of detractors (0-6) among the 0-10 ratings given in the "
                     "period, from -100 to 100.", "期内 0-10 分评分中推荐者（9-10 分）占比减去贬损者（0-6 分）占比，范围 -100 到 100。"),
        formula=T("100 × (promoters - detractors) / ratings on 0-10", "100 × (推荐者 - 贬损者) / 0-10 分评分数"),
        needs=(NEED_NPS,), sources=RATINGS,
        aggs=(("n", "count(*) FILTER (WHERE scale = 10)"), ("pro", "count(*) FILTER (WHERE scale = 10 AND score >= 9)"),
              ("det", "count(*) FILTER (WHERE scale = 10 AND score <= 6)")),
        value=f"100 * {ratio('pro - det', 'n')}",
        secondary=(("promoters", "pro"), ("detractors", "det"), ("ratings", "n")),
        zero_fill=("promoters", "detractors", "ratings"), extra_entities=(TICKETS,)),
    Metric(
        id="complaints", cls="KCI", unit="count",
        better="lower", aggregation="additive", entity=TICKETS, time_field="created_at",
        label=T("Complaints", "投诉数"), definition=T("Tickets created in the period that are complaints.", "期内新建的投诉类工单数。"),
        formula=T("count of complaint tickets created in P", "期内投诉工单数"),
        needs=(NEED_COMPLAINTS,), sources=(Source(TICKETS, "t.created_at", cols=(("c", COMPLAINT),)),),
        aggs=(("n", "count(*) FILTER (WHERE c)"), ("tickets", "count(*)")), value="n",
        secondary=(("tickets", "tickets"),), zero_fill=("tickets",),
        alternatives=(COMPLAINT_ALT,), settings=("complaint_terms",)),
    Metric(
        id="complaint_rate", cls="KCI", unit="percent",
        better="lower", aggregation="ratio", entity=TICKETS, time_field="created_at",
        label=T("Complaint rate", "投诉率"),
        definition=T("Complaints of the period per active customer of the period; when no customers are known (no customer "
                     "ids on orders or won deals), per order instead — the basis column says which.",
                     "期内投诉数除以期内活跃客户数；若无法识别客户（订单与赢单均无客户编号），改为除以订单数，"
                     "basis 列说明所用基数。"),
        formula=T("complaints / active_customers (or / orders)", "投诉数 / 活跃客户数（或 / 订单数）"),
        needs=(NEED_COMPLAINTS, Need(T("needs orders, or won deals with a customer id", "需要订单，或含客户编号的赢单商机"),
                                     ("orders: ordered_at", "deals: closed_at, customer_id"))),
        parts=(("a", "complaints"), ("b", "active_customers")), builder="complaint_rate",
        value=ratio("a.value", "b.value"),
        secondary=(("complaints", "a.value"), ("base", "b.value"), ("basis", "$complaint_basis")),
        alternatives=(COMPLAINT_ALT,), settings=("complaint_terms",)),
    Metric(
        id="first_response_hours", cls="KBI", unit="hours",
        better="lower", aggregation="median", entity=TICKETS, time_field="created_at",
        label=T("First response time", "首次响应时长"),
        definition=T("Median hours from creation to first response over the tickets created in the period that have a "
                     "first response (the 90th percentile is a secondary figure).",
                     "期内新建且已有首次响应的工单，从创建到首次响应小时数的中位数（第 90 百分位为辅助数字）。"),
        formula=T("median(first_response_at - created_at) in hours", "中位数(首次响应时间 - 创建时间)，单位小时"),
        needs=(NEED_FIRST_RESPONSE,), sources=(FIRST_RESPONSE,),
        aggs=(("med", "median(h) FILTER (WHERE h >= 0)"), ("p90", "quantile_cont(h, 0.9) FILTER (WHERE h >= 0)"),
              ("mean", "avg(h) FILTER (WHERE h >= 0)"), ("n", "count(h) FILTER (WHERE h >= 0)")),
        value="med", secondary=(("p90", "p90"), ("mean", "mean"), ("tickets", "n")), zero_fill=("tickets",)),
    Metric(
        id="responded_within_24h", cls="KBI", unit="percent",
        better="higher", aggregation="ratio", entity=TICKETS, time_field="created_at",
        label=T("Responded within 24 h", "24 小时内响应率"),
        definition=T("Share of the tickets created in the period whose first response came within 24 hours (tickets "
                     "without a response count as not answered in time).",
                     "期内新建工单中 24 小时内首次响应的占比（未响应的工单算作未及时响应）。"),
        formula=T("tickets answered within 24 h / tickets created in P", "24 小时内响应工单 / 期内新建工单"),
        needs=(NEED_FIRST_RESPONSE,), sources=(FIRST_RESPONSE,),
        aggs=(("ok", "count(*) FILTER (WHERE h >= 0 AND h <= 24)"), ("n", "count(*)")),
        value=ratio("ok", "n"), secondary=(("within_24h", "ok"), ("tickets", "n")), zero_fill=("within_24h", "tickets")),
    Metric(
        id="resolution_rate", cls="KPI", unit="percent",
        better="higher", aggregation="ratio", entity=TICKETS, time_field="created_at",
        label=T("Resolution rate", "工单解决率"),
        definition=T("Share of the tickets created in the period that are resolved (resolved flag, resolution time or a "
                     "resolved/closed status).", "期内新建工单中已解决的占比（已解决标记、解决时间或已解决/已关闭状态）。"),
        formula=T("resolved tickets / tickets created in P", "已解决工单 / 期内新建工单"),
        needs=(Need(T("needs tickets with a created date and a resolved flag, resolution time or status",
                      "需要含创建日期以及解决标记、解决时间或状态的工单"),
                    ("tickets: created_at, resolved|resolved_at|resolution_hours|status",)),),
        sources=(Source(TICKETS, "t.created_at", cols=(("r", TICKET_RESOLVED),)),),
        aggs=(("res", "count(*) FILTER (WHERE r)"), ("n", "count(*)")),
        value=ratio("res", "n"), secondary=(("resolved", "res"), ("tickets", "n")), zero_fill=("resolved", "tickets")),
    Metric(
        id="resolution_hours", cls="KBI", unit="hours",
        better="lower", aggregation="median", entity=TICKETS, time_field="resolved_at",
        label=T("Resolution time", "解决时长"),
        definition=T("Median hours from creation to resolution over the tickets resolved in the period (the 90th "
                     "percentile is a secondary figure).", "期内解决的工单从创建到解决小时数的中位数（第 90 百分位为辅助数字）。"),
        formula=T("median(resolved_at - created_at) in hours, tickets resolved in P", "中位数(解决时间 - 创建时间)，单位小时"),
        needs=(Need(T("needs tickets with a created date and a resolution time", "需要含创建时间和解决时间的工单"),
                    ("tickets: created_at, resolved_at|resolution_hours",)),),
        sources=(Source(TICKETS, "coalesce(t.resolved_at, t.created_at + to_microseconds(CAST(t.resolution_hours "
                                 "* 3600000000 AS BIGINT)))", cols=(("h", HOURS_TO_RESOLUTION),)),),
        aggs=(("med", "median(h) FILTER (WHERE h >= 0)"), ("p90", "quantile_cont(h, 0.9) FILTER (WHERE h >= 0)"),
              ("mean", "avg(h) FILTER (WHERE h >= 0)"), ("n", "count(h) FILTER (WHERE h >= 0)")),
        value="med", secondary=(("p90", "p90"), ("mean", "mean"), ("tickets", "n")), zero_fill=("tickets",)),
    Metric(
        id="tickets_per_customer", cls="KBI", unit="number",
        better="lower", aggregation="ratio", entity=TICKETS, time_field="created_at",
        label=T("Tickets per customer", "客均工单数"),
        definition=T("Tickets created in the period divided by the distinct customers who raised them (tickets with a "
                     "customer id).", "期内新建工单数除以提交这些工单的不同客户数（仅含带客户编号的工单）。"),
        formula=T("tickets / distinct customers raising them, in P", "工单数 / 提交工单的去重客户数"),
        needs=(Need(T("needs tickets with a created date and a customer id", "需要含创建日期和客户编号的工单"),
                    ("tickets: created_at, customer_id",)),),
        sources=(Source(TICKETS, "t.created_at", cols=(("cust", "t.customer_id"),),
                        where="t.customer_id IS NOT NULL"),),
        aggs=(("n", "count(*)"), ("c", "count(DISTINCT cust)")),
        value=ratio("n", "c"), secondary=(("tickets", "n"), ("customers", "c")), zero_fill=("tickets", "customers")),
]
