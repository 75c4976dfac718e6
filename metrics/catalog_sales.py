"""Sales and marketing metrics: deals, leads, activities, spend and channel cohorts."""

from __future__ import annotations

from metrics.definitions import (
    CANCELLED,
    DEAL_STATE,
    ORDER_NET,
    WON,
    Metric,
    Need,
    Source,
    Text,
    ratio,
)

T = Text
NEED_WON = Need(T("needs deals with a status or stage and a close date", "需要含状态（或阶段）和成交日期的商机"),
                ("deals: closed_at, status|stage",))
NEED_WON_AMOUNT = Need(
    T("needs deals with an amount, a status or stage and a close date", "需要含金额、状态（或阶段）和成交日期的商机"),
    ("deals: closed_at, amount, status|stage",))
NEED_LEADS = Need(T("needs leads with a created date", "需要含创建日期的线索"), ("leads: created_at",))
NEED_SPEND = Need(T("needs marketing spend by channel and date", "需要按渠道和日期的营销费用"),
                  ("spend: period_start, amount",))
NEED_LEAD_CUSTOMERS = Need(
    T("needs leads linked to customers (a customer id on the lead, or won deals with a lead id)",
      "需要能关联到客户的线索（线索上有客户编号，或赢单商机上有线索编号）"),
    ("leads: created_at, customer_id", "deals: lead_id, customer_id"))
NEED_CUSTOMER_REVENUE = Need(
    T("needs orders or won deals with a customer id, an amount and a date",
      "需要含客户编号、金额和日期的订单或赢单商机"),
    ("orders: customer_id, ordered_at, amount|unit_price", "deals: customer_id, closed_at, amount"))

DEALS = "deals"
CLOSED = Source(DEALS, "t.closed_at", cols=(("state", DEAL_STATE), ("amt", "t.amount")))
SPEND = Source("spend", "t.period_start", cols=(("spend", "t.amount"),))


def cohort_leads(k: int) -> Source:
    """Leads with the revenue of the customer they became, in months M..M+k of the lead's month M.

    A customer is credited to its first lead only; revenue is won deals (by close date) plus
    orders net of refunds (by order date).
    """
    row = "l._upload_id * 4294967296 + l._row"  # one BIGINT key per lead row
    # T+0..T+3 in one pass, so that the eight cohort metrics share the same subquery (see metrics.batch)
    revs = ", ".join(f"sum(ev.amt) FILTER (WHERE ev.ts < fl._m + INTERVAL {j + 1} MONTH) AS _rev{j}" for j in range(4))
    cols = ", ".join(f"coalesce(rv._rev{j}, 0) AS _rev{j}" for j in range(4))
    sql = f"""(WITH wd AS (
    SELECT lead_id, customer_id, closed_at, deal_id, amount FROM deals t WHERE customer_id IS NOT NULL AND {WON}),
  dl AS (SELECT lead_id, arg_min(customer_id, (coalesce(closed_at, 'infinity'::TIMESTAMP), deal_id)) AS customer_id
         FROM wd WHERE lead_id IS NOT NULL GROUP BY lead_id),
  fl AS (SELECT _cust, arg_min(_rk, (created_at, lead_id)) AS _rk, date_trunc('month', min(created_at)) AS _m
         FROM (SELECT coalesce(l.customer_id, dl.customer_id) AS _cust, {row} AS _rk, l.created_at, l.lead_id
               FROM leads l LEFT JOIN dl ON dl.lead_id = l.lead_id WHERE l.created_at IS NOT NULL)
         WHERE _cust IS NOT NULL GROUP BY _cust),
  ev AS (SELECT customer_id AS cust, closed_at AS ts, amount AS amt FROM wd WHERE closed_at IS NOT NULL
         UNION ALL
         SELECT customer_id, ordered_at, {ORDER_NET} FROM orders t
         WHERE customer_id IS NOT NULL AND NOT {CANCELLED}),
  rv AS (SELECT fl._rk, {revs} FROM fl JOIN ev
         ON ev.cust = fl._cust AND ev.ts >= fl._m AND ev.ts < fl._m + INTERVAL 4 MONTH GROUP BY fl._rk)
  SELECT l.*, coalesce(l.customer_id, dl.customer_id) AS _cust, {cols} FROM leads l
  LEFT JOIN dl ON dl.lead_id = l.lead_id LEFT JOIN rv ON rv._rk = {row})"""
    return Source("leads", "t.created_at", cols=(("rev", f"t._rev{k}"), ("lead", "1"), ("cust", "t._cust")),
                  from_=sql)


def _channel_metrics() -> list[Metric]:
    out = []
    for k in range(4):
        window_en = "the lead's month" if k == 0 else f"the lead's month and the {k} following month{'s' * (k > 1)}"
        window_zh = "线索当月" if k == 0 else f"线索当月及之后 {k} 个月"
        out.append(Metric(
            id=f"channel_revenue_t{k}", cls="KPI", unit="currency", matures=True,
            better="higher", aggregation="additive", entity="leads", time_field="created_at",
            label=T(f"Channel revenue T+{k}", f"渠道收入 T+{k}"),
            definition=T(f"For leads created in the period, by channel: revenue from the won deals and orders of the "
                         f"customers those leads became, within {window_en} (T+{k}).",
                         f"按渠道统计期内新建线索所转化客户在{window_zh}（T+{k}）内的赢单与订单收入。"),
            formula=T(f"sum over leads created in P of the customer's revenue in months M..M+{k}",
                      f"Σ 期内线索对应客户在 M..M+{k} 月的收入"),
            needs=(NEED_LEADS, NEED_LEAD_CUSTOMERS, NEED_CUSTOMER_REVENUE),
            sources=(cohort_leads(k),),
            aggs=(("rev", "sum(rev)"), ("leads", "count(*)"), ("converted", "count(cust)")),
            value="rev", secondary=(("leads", "leads"), ("converted_leads", "converted")),
            zero_fill=("leads", "converted_leads"),
            alternatives=(T("A customer reached by several leads is credited to its first lead; cohorts whose "
                            "window is not over yet are still growing.",
                            "同一客户对应多条线索时计入最早的线索；窗口尚未结束的批次数值仍会增长。"),),
            suggested_by="channel", extra_entities=("deals", "orders")))
        out.append(Metric(
            id=f"channel_roi_t{k}", cls="KPI", unit="percent", matures=True,
            better="higher", aggregation="ratio", entity="leads", time_field="created_at",
            label=T(f"Channel ROI T+{k}", f"渠道投资回报 T+{k}"),
            definition=T(f"Channel revenue T+{k} of the leads created in the period divided by that channel's marketing "
                         f"spend in the same period.",
                         f"期内新建线索的渠道收入 T+{k} 除以该渠道同期的营销费用。"),
            formula=T(f"channel_revenue_t{k} / spend", f"渠道收入 T+{k} / 营销费用"),
            needs=(NEED_LEADS, NEED_LEAD_CUSTOMERS, NEED_CUSTOMER_REVENUE, NEED_SPEND),
            sources=(cohort_leads(k), SPEND),
            aggs=(("rev", "sum(rev)"), ("spend", "sum(spend)")),
            value=ratio("rev", "spend"), secondary=(("revenue", "rev"), ("spend", "spend")),
            alternatives=(T("ROI is revenue over spend (1.0 = 100%: revenue equals spend).",
                            "投资回报 = 收入 / 费用（100% 表示收入等于费用）。"),),
            suggested_by="channel", extra_entities=("deals", "orders")))
    return out


METRICS: list[Metric] = [
    Metric(
        id="won_revenue", cls="KPI", unit="currency",
        better="higher", aggregation="additive", entity=DEALS, time_field="closed_at",
        label=T("Won revenue", "赢单金额"),
        definition=T("Total amount of the deals won with a close date in the period.", "期内成交日期落在该期的赢单商机金额合计。"),
        formula=T("sum(amount) of won deals closed in P", "Σ 期内赢单商机金额"),
        needs=(NEED_WON_AMOUNT,), sources=(CLOSED,),
        aggs=(("won_amt", "sum(amt) FILTER (WHERE state = 'won')"), ("won", "count(*) FILTER (WHERE state = 'won')")),
        value="won_amt", secondary=(("deals_won", "won"),), zero_fill=("deals_won",)),
    Metric(
        id="deals_won", cls="KPI", unit="count",
        better="higher", aggregation="additive", entity=DEALS, time_field="closed_at",
        label=T("Deals won", "赢单数"),
        definition=T("Number of deals won with a close date in the period.", "成交日期在期内的赢单商机数量。"),
        formula=T("count of won deals closed in P", "期内赢单商机数"),
        needs=(NEED_WON,), sources=(CLOSED,), aggs=(("won", "count(*) FILTER (WHERE state = 'won')"),), value="won"),
    Metric(
        id="win_rate", cls="KPI", unit="percent",
        better="higher", aggregation="ratio", entity=DEALS, time_field="closed_at",
        label=T("Win rate", "赢单率"),
        definition=T("Of the deals closed (won or lost) in the period, the share that were won; deals without a close "
                     "date are left out.", "期内关闭（赢单或输单）的商机中赢单的占比；没有关闭日期的商机不计入。"),
        formula=T("won / (won + lost), deals closed in P", "赢单数 / (赢单数 + 输单数)"),
        needs=(NEED_WON,), sources=(CLOSED,),
        aggs=(("won", "count(*) FILTER (WHERE state = 'won')"), ("lost", "count(*) FILTER (WHERE state = 'lost')")),
        value=ratio("won", "won + lost"), secondary=(("won", "won"), ("lost", "lost")), zero_fill=("won", "lost")),
    Metric(
        id="avg_deal_size", cls="KPI", unit="currency",
        better="higher", aggregation="ratio", entity=DEALS, time_field="closed_at",
        label=T("Average deal size", "平均赢单金额"),
        definition=T("Won revenue divided by the number of deals won in the period.", "期内赢单金额除以赢单数。"),
        formula=T("won_revenue / deals_won", "赢单金额 / 赢单数"),
        needs=(NEED_WON_AMOUNT,), sources=(CLOSED,),
        aggs=(("won_amt", "sum(amt) FILTER (WHERE state = 'won')"), ("won", "count(*) FILTER (WHERE state = 'won')")),
        value=ratio("won_amt", "won"), secondary=(("won_revenue", "won_amt"), ("deals_won", "won")),
        zero_fill=("deals_won",)),
    Metric(
        id="sales_cycle_days", cls="KPI", unit="days",
        better="lower", aggregation="median", entity=DEALS, time_field="closed_at",
        label=T("Sales cycle", "销售周期"),
        definition=T("Median number of days from creation to close over the deals won in the period (the mean is shown "
                     "as a secondary figure).", "期内赢单商机从创建到成交天数的中位数（平均值作为辅助数字）。"),
        formula=T("median(closed_at - created_at) in days, won deals closed in P", "中位数(成交日期 - 创建日期)，单位天"),
        needs=(Need(T("needs won deals with a created date and a close date (or a sales-cycle length)",
                      "需要含创建日期和成交日期（或销售周期天数）的赢单商机"),
                    ("deals: closed_at, created_at|sales_cycle_days, status|stage",)),),
        sources=(Source(DEALS, "t.closed_at", cols=(("days", "coalesce(t.sales_cycle_days, date_diff('second', "
                                                         "t.created_at, t.closed_at) / 86400.0)"),),
                        where=WON),),
        aggs=(("med", "median(days) FILTER (WHERE days >= 0)"), ("mean", "avg(days) FILTER (WHERE days >= 0)"),
              ("n", "count(days) FILTER (WHERE days >= 0)")),
        value="med", secondary=(("mean", "mean"), ("deals", "n")), zero_fill=("deals",)),
    Metric(
        id="pipeline_value", cls="KBI", unit="currency",
        better="higher", aggregation="snapshot", entity=DEALS, time_field="created_at",
        label=T("Open pipeline", "在途商机金额"),
        definition=T("Total amount of the deals open at the end of the period: created by then and not yet won or lost.",
                     "期末仍未关闭的商机金额合计：期末前已创建且尚未赢单或输单。"),
        formula=T("sum(amount) of deals with created_at < end of P and not closed before the end of P",
                  "Σ 期末在途商机金额"),
        needs=(Need(T("needs deals with an amount, a created date and a status or stage",
                      "需要含金额、创建日期和状态（或阶段）的商机"), ("deals: created_at, amount, status|stage",)),),
        sources=(Source(DEALS, "t.created_at", cols=(("amt", "t.amount"),),
                        end=f"CASE WHEN {DEAL_STATE} = 'open' THEN 'infinity'::TIMESTAMP ELSE t.closed_at END"),),
        # A state at each period end, computed from events (metrics/snapshot.py: +amount when a deal opens,
        # -amount when it closes, a running total), which grows with the deals, not deals x periods.  That
        # holds for sum() and count() only: a median or a distinct count of what is open (say, the median open
        # deal) cannot be carried as a running total and would keep the join of every deal to every period end.
        window="open_at_end", aggs=(("amt", "sum(amt)"), ("n", "count(*)")), value="amt",
        secondary=(("open_deals", "n"),), zero_fill=("open_deals",),
        alternatives=(T("Won or lost deals without a close date are left out (their close time is unknown).",
                        "没有关闭日期的赢单或输单商机不计入（无法确定其关闭时间）。"),)),
    Metric(
        id="new_leads", cls="KBI", unit="count",
        better="higher", aggregation="additive", entity="leads", time_field="created_at",
        label=T("New leads", "新增线索"),
        definition=T("Number of leads created in the period (by their created date).", "期内新建的线索数（按线索创建日期）。"),
        formula=T("count of leads with created_at in P", "期内新建线索数"),
        needs=(NEED_LEADS,), sources=(Source("leads", "t.created_at"),), aggs=(("n", "count(*)"),), value="n",
        suggested_by="channel"),
    Metric(
        id="lead_conversion_rate", cls="KPI", unit="percent", matures=True,
        better="higher", aggregation="ratio", entity="leads", time_field="created_at",
        label=T("Lead conversion rate", "线索转化率"),
        definition=T("Of the leads created in the period, the share converted: a converted flag or date on the lead, a "
                     "converted status, or a won deal linked by lead id.",
                     "期内新建线索中已转化的占比：线索标记为已转化、有转化日期或状态，或有通过线索编号关联的赢单商机。"),
        formula=T("converted leads / leads created in P", "已转化线索 / 期内新建线索"),
        needs=(NEED_LEADS, Need(T("needs a converted flag, date or status on leads, or deals with a lead id",
                                  "需要线索的转化标记、转化日期或状态，或带线索编号的商机"),
                                ("leads: converted|converted_at|status", "deals: lead_id"))),
        sources=(Source("leads", "t.created_at", cols=(("conv", "t._conv"),), from_=(
            "(SELECT l.*, (coalesce(l.converted, false) OR l.converted_at IS NOT NULL OR wd.lead_id IS NOT NULL "
            "OR coalesce(regexp_matches(lower(l.status), 'convert|已转化|转化|成交|^won$'), false)) AS _conv "
            f"FROM leads l LEFT JOIN (SELECT DISTINCT lead_id FROM deals t WHERE lead_id IS NOT NULL AND {WON}) wd "
            "ON wd.lead_id = l.lead_id)")),),
        aggs=(("conv", "count(*) FILTER (WHERE conv)"), ("n", "count(*)")),
        value=ratio("conv", "n"), secondary=(("converted", "conv"), ("leads", "n")), zero_fill=("converted", "leads"),
        suggested_by="channel", extra_entities=("deals",)),
    Metric(
        id="activities", cls="KBI", unit="count",
        better="higher", aggregation="additive", entity="activities", time_field="occurred_at",
        label=T("Activities", "跟进活动数"),
        definition=T("Sales and service activities (calls, visits, emails, …) in the period; split by type to see the mix.",
                     "期内的销售与服务活动（电话、拜访、邮件等）数量；按类型拆分可查看构成。"),
        formula=T("count of activities with occurred_at in P", "期内活动数"),
        needs=(Need(T("needs activities with a date", "需要含日期的活动记录"), ("activities: occurred_at",)),),
        sources=(Source("activities", "t.occurred_at"),), aggs=(("n", "count(*)"),), value="n", suggested_by="type"),
    Metric(
        id="cost_per_lead", cls="KBI", unit="currency",
        better="lower", aggregation="ratio", entity="spend", time_field="period_start",
        label=T("Cost per lead", "单条线索成本"),
        definition=T("Marketing spend in the period divided by the leads created in the period; split by channel to "
                     "compare channels (spend is dated by the start of its period).",
                     "期内营销费用除以期内新建线索数；按渠道拆分以比较渠道（费用按其所属期间的开始日期计入）。"),
        formula=T("spend / new_leads", "营销费用 / 新增线索"),
        needs=(NEED_SPEND, NEED_LEADS),
        sources=(SPEND, Source("leads", "t.created_at", cols=(("lead", "1"),))),
        aggs=(("spend", "sum(spend)"), ("leads", "count(lead)")),
        value=ratio("spend", "leads"), secondary=(("spend", "spend"), ("leads", "leads")),
        zero_fill=("leads",), suggested_by="channel"),
    *_channel_metrics(),
]
