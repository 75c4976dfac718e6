"""Customer metrics: revenue, acquisition, activity, repeat purchase, churn, retention, lifetime value."""

from __future__ import annotations

from metrics.definitions import (
    CANCELLED,
    ORDER_AMOUNT,
    ORDER_KEY,
    ORDER_NET,
    ORDER_REFUND,
    WON,
    Metric,
    Need,
    Source,
    Text,
    ratio,
)

T = Text
NEED_ORDERS = Need(T("needs orders with an order date and an amount", "需要含下单日期和金额的订单"),
                   ("orders: ordered_at, amount|unit_price",))
NEED_ORDER_CUSTOMERS = Need(
    T("needs orders with an order date, an amount and a customer id", "需要含下单日期、金额和客户编号的订单"),
    ("orders: ordered_at, customer_id, amount|unit_price",))
NEED_ACTIVE = Need(
    T("needs orders or won deals with a customer id and a date", "需要含客户编号和日期的订单或赢单商机"),
    ("orders: ordered_at, customer_id", "deals: closed_at, customer_id, status|stage"))
NEED_FIRST = Need(
    T("needs customers with an acquisition date, or orders or won deals with a customer id and a date",
      "需要含获客日期的客户，或含客户编号和日期的订单或赢单商机"),
    ("customers: customer_id, created_at", "orders: ordered_at, customer_id",
     "deals: closed_at, customer_id, status|stage"))
NEED_CHURN = Need(
    T("needs orders or won deals with a customer id and a date, or customers with a churn flag or churn date",
      "需要含客户编号和日期的订单或赢单商机，或含流失标记或流失日期的客户"),
    ("orders: ordered_at, customer_id", "deals: closed_at, customer_id, status|stage",
     "customers: churned|churned_at|status"))

ORDERS_PLACED = Source("orders", "t.ordered_at",
                       cols=(("cust", "t.customer_id"), ("net", ORDER_NET), ("okey", ORDER_KEY)),
                       where=f"t.customer_id IS NOT NULL AND NOT {CANCELLED}")
CUSTOMER_EVENTS = (
    Source("orders", "t.ordered_at", cols=(("cust", "t.customer_id"),),
           where=f"t.customer_id IS NOT NULL AND NOT {CANCELLED}"),
    Source("deals", "t.closed_at", cols=(("cust", "t.customer_id"),), where=f"t.customer_id IS NOT NULL AND {WON}"),
)
FIRST_SOURCES = CUSTOMER_EVENTS + (Source("customers", "t.created_at", cols=(("cust", "t.customer_id"),),
                                          where="t.customer_id IS NOT NULL"),)
CHURN_ALTS = (
    T("Setting churn_definition: auto (default) uses the customers' churn date, else their churn flag (one "
      "snapshot value for the current period), else inactivity; 'inactivity' or 'explicit' forces one.",
      "设置 churn_definition：auto（默认）优先使用客户的流失日期，其次流失标记（仅当前期一个时点值），"
      "否则按不活跃判断；设为 inactivity 或 explicit 可强制使用其中一种。"),
    T("Explicit churn: customers churned in P / customers at the start of P (created before P and not "
      "churned before P).", "显式流失：期内流失客户数 / 期初客户数（期初前已获客且尚未流失）。"),
)

METRICS: list[Metric] = [
    Metric(
        id="revenue", cls="KPI", unit="currency",
        better="higher", aggregation="additive", entity="orders", time_field="ordered_at",
        label=T("Revenue", "营收"),
        definition=T("Amount of the orders placed in the period that are not cancelled, minus refunds (line items are "
                     "added up; an order marked refunded without a refund amount counts as fully refunded).",
                     "期内未取消订单的金额减去退款（订单明细逐行相加；标记为已退款但无退款金额的订单视为全额退款）。"),
        formula=T("sum(amount - refund) of non-cancelled orders in P", "Σ(金额 - 退款)，期内未取消订单"),
        needs=(NEED_ORDERS,),
        sources=(Source("orders", "t.ordered_at", cols=(("net", ORDER_NET), ("gross", ORDER_AMOUNT),
                                                        ("refund", ORDER_REFUND)), where=f"NOT {CANCELLED}"),),
        aggs=(("net", "sum(net)"), ("gross", "sum(gross)"), ("refund", "sum(refund)")),
        value="net", secondary=(("gross", "gross"), ("refunds", "refund")), zero_fill=("gross", "refunds")),
    Metric(
        id="new_customers", cls="KPI", unit="count",
        better="higher", aggregation="additive", entity="customers", time_field="created_at",
        label=T("New customers", "新客户数"),
        definition=T("Customers whose first purchase falls in the period: the earliest of their first won deal, first "
                     "order and acquisition date.", "首次购买落在期内的客户数：取首次赢单、首次下单和获客日期中最早者。"),
        formula=T("count of customers with min(first won deal, first order, acquisition date) in P",
                  "首购日期在期内的客户数"),
        needs=(NEED_FIRST,), sources=FIRST_SOURCES, builder="first_purchase",
        aggs=(("new", "count(*)"),), value="new", extra_entities=("customers",)),
    Metric(
        id="active_customers", cls="KCI", unit="count",
        better="higher", aggregation="distinct", entity="orders", time_field="ordered_at",
        label=T("Active customers", "活跃客户数"),
        definition=T("Distinct customers with a non-cancelled order or a won deal in the period.",
                     "期内有未取消订单或赢单商机的不同客户数。"),
        formula=T("count distinct customer_id over orders and won deals in P", "期内有订单或赢单的去重客户数"),
        needs=(NEED_ACTIVE,), sources=CUSTOMER_EVENTS, aggs=(("n", "count(DISTINCT cust)"),), value="n"),
    Metric(
        id="avg_spend_per_customer", cls="KPI", unit="currency",
        better="higher", aggregation="ratio", entity="orders", time_field="ordered_at",
        label=T("Average spend per customer", "客均消费"),
        definition=T("Revenue of the orders with a customer id divided by the distinct customers who ordered in the period.",
                     "期内带客户编号订单的营收除以下单的不同客户数。"),
        formula=T("revenue / active customers (customers with orders in P)", "营收 / 下单客户数"),
        needs=(NEED_ORDER_CUSTOMERS,), sources=(ORDERS_PLACED,),
        aggs=(("net", "sum(net)"), ("n", "count(DISTINCT cust)")),
        value=ratio("net", "n"), secondary=(("revenue", "net"), ("customers", "n")), zero_fill=("customers",)),
    Metric(
        id="repeat_purchase_rate", cls="KCI", unit="percent",
        better="higher", aggregation="ratio", entity="orders", time_field="ordered_at",
        label=T("Repeat purchase rate", "复购率"),
        definition=T("Among customers with at least one order in the period, the share with two or more distinct orders "
                     "in the period (line items of one order count once).",
                     "期内至少下过一单的客户中，期内有两笔及以上不同订单的客户占比（同一订单的多行明细算一单）。"),
        formula=T("customers with >= 2 orders in P / customers with >= 1 order in P", "期内下单≥2次的客户 / 期内下单客户"),
        needs=(NEED_ORDER_CUSTOMERS,), sources=(ORDERS_PLACED,), per="cust",
        inner=(("n_orders", "count(DISTINCT okey)"),),
        aggs=(("rep", "count(*) FILTER (WHERE n_orders >= 2)"), ("n", "count(*)")),
        value=ratio("rep", "n"), secondary=(("repeat_customers", "rep"), ("customers", "n")),
        zero_fill=("repeat_customers", "customers")),
    Metric(
        id="churn_rate", cls="KCI", unit="percent",
        better="lower", aggregation="ratio", entity="orders", time_field="ordered_at",
        label=T("Churn rate", "客户流失率"),
        definition=T("Of the customers active (an order or a won deal) in the previous period of the same length, the "
                     "share with no order or won deal in this period; when customers carry a churn date or flag, that is "
                     "used instead.",
                     "上一同长度期间活跃（有订单或赢单）的客户中，本期没有订单或赢单的占比；若客户数据带有流失日期或"
                     "流失标记，则改用该数据。"),
        formula=T("churned / customers at the start (active in the previous period)", "流失客户 / 期初客户（上期活跃）"),
        needs=(NEED_CHURN,), sources=CUSTOMER_EVENTS, builder="churn",
        aggs=(("churned", ""), ("base", "")), value=ratio("churned", "base"),
        secondary=(("churned", "churned"), ("base", "base")), zero_fill=("churned", "base"),
        alternatives=CHURN_ALTS, settings=("churn_definition",), extra_entities=("customers",)),
    Metric(
        id="retention_rate", cls="KCI", unit="percent",
        better="higher", aggregation="ratio", entity="orders", time_field="ordered_at",
        label=T("Retention rate", "客户留存率"),
        definition=T("1 - churn rate, on the same base: the share of the customers at the start of the period who stayed.",
                     "1 - 流失率（同一基数）：期初客户中留存下来的占比。"),
        formula=T("1 - churn_rate", "1 - 流失率"),
        needs=(NEED_CHURN,), parts=(("c", "churn_rate"),), value="1 - c.value",
        secondary=(("retained", "c.base - c.churned"), ("base", "c.base")), zero_fill=("retained", "base"),
        alternatives=CHURN_ALTS[:1], settings=("churn_definition",)),
    Metric(
        id="clv", cls="KCI", unit="currency",
        better="higher", aggregation="ratio", entity="orders", time_field="ordered_at",
        label=T("Customer lifetime value", "客户终身价值"),
        definition=T("Average spend per customer in the period divided by the churn rate of the period: the expected "
                     "spend over a customer's life; empty when nobody churned.",
                     "期内客均消费除以同期流失率，即一个客户生命周期内的预期消费；无客户流失时为空。"),
        formula=T("avg_spend_per_customer / churn_rate", "客均消费 / 流失率"),
        needs=(NEED_ORDER_CUSTOMERS, NEED_CHURN), parts=(("s", "avg_spend_per_customer"), ("c", "churn_rate")),
        value="CASE WHEN c.value > 0 THEN s.value / c.value END",
        secondary=(("avg_spend", "s.value"), ("churn_rate", "c.value")),
        alternatives=CHURN_ALTS[:1], settings=("churn_definition",)),
    Metric(
        id="referral_share", cls="KPI", unit="percent",
        better="higher", aggregation="ratio", entity="customers", time_field="created_at",
        label=T("Referral share", "转介绍占比"),
        definition=T("Share of the new customers of the period whose channel is a referral (转介绍, referral, word of mouth); "
                     "the channel comes from the customer, else their first lead, else their first won deal.",
                     "期内新客户中来源渠道为转介绍（转介绍、referral、口碑等）的占比；渠道取自客户资料，"
                     "否则取其最早的线索，再否则取其最早的赢单商机。"),
        formula=T("new customers from referral channels / new customers", "转介绍新客户 / 新客户"),
        needs=(NEED_FIRST, Need(T("needs a channel on customers, leads or deals", "需要客户、线索或商机的渠道"),
                                ("customers: channel", "leads: channel, customer_id", "deals: channel, customer_id"))),
        sources=FIRST_SOURCES, builder="first_purchase",
        aggs=(("new", "count(*)"), ("ref", "count(*) FILTER (WHERE is_ref)")),
        value=ratio("ref", "new"), secondary=(("referred", "ref"), ("new_customers", "new")),
        zero_fill=("referred", "new_customers"),
        alternatives=(T("Setting referral_channels lists the channel names that count as referrals (matched "
                        "ignoring case, spaces, '_' and '-', as part of the name).",
                        "设置 referral_channels 列出算作转介绍的渠道名称（忽略大小写、空格、下划线和连字符，"
                        "包含即匹配）。"),),
        settings=("referral_channels",), extra_entities=("customers", "leads")),
    Metric(
        id="follow_up_coverage", cls="KBI", unit="percent",
        better="higher", aggregation="ratio", entity="activities", time_field="occurred_at",
        label=T("Follow-up coverage", "客户跟进覆盖率"),
        definition=T("Share of the active customers of the period (an order or won deal) with at least one activity in "
                     "the period.", "期内活跃客户（有订单或赢单）中期内至少有一次跟进活动的占比。"),
        formula=T("active customers with an activity in P / active customers in P", "有跟进的活跃客户 / 活跃客户"),
        needs=(NEED_ACTIVE, Need(T("needs activities with a date and a customer id", "需要含日期和客户编号的活动记录"),
                                 ("activities: occurred_at, customer_id",))),
        sources=CUSTOMER_EVENTS, builder="follow_up",
        aggs=(("followed", ""), ("active", "")), value=ratio("followed", "active"),
        secondary=(("followed", "followed"), ("active", "active")), zero_fill=("followed", "active"),
        extra_entities=("activities",)),
    Metric(
        id="new_contacts", cls="KBI", unit="count",
        better="higher", aggregation="additive", entity="contacts", time_field="created_at",
        label=T("New contacts", "新增联系人"),
        definition=T("Number of contact persons created in the period (by their created date), from a contacts export; "
                     "a contact is a person at a customer, not a lead.",
                     "期内新建的联系人数（按创建日期），来自联系人导出；联系人是客户处的人员，不是线索。"),
        formula=T("count of contacts with created_at in P", "期内新建联系人数"),
        needs=(Need(T("needs contacts with a created date", "需要含创建日期的联系人"), ("contacts: created_at",)),),
        sources=(Source("contacts", "t.created_at"),), aggs=(("n", "count(*)"),), value="n",
        suggested_by="channel"),
]

HELPERS: list[Metric] = [
    Metric(
        id="_orders", cls="KPI", unit="count",
        better="higher", aggregation="distinct", entity="orders", time_field="ordered_at",
        label=T("Orders", "订单数"), definition=T("Distinct non-cancelled orders.", "未取消的订单数。"), formula=T("", ""), needs=(NEED_ORDERS,),
        sources=(Source("orders", "t.ordered_at", cols=(("okey", ORDER_KEY),), where=f"NOT {CANCELLED}"),),
        aggs=(("n", "count(DISTINCT okey)"),), value="n"),
]
