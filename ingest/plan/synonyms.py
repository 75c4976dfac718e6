"""Generic English and Chinese names of every canonical field, and how much each field says about an entity.

Used for files that match no CRM preset (``ingest/plan/presets.py``) and to fill the fields a preset does not
name.  Headers are compared after ``labels.header_key``, so case, spaces, ``_``/``-`` and full-width
characters do not matter.
"""

from __future__ import annotations

from store.entities import ENTITIES

# ------------------------------------------------------------------------------------ generic synonyms
# field -> header names, most specific first.  Used for every entity that has the field.
COMMON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer id", "customerid", "customer no", "customer number", "client id", "account id",
        "account number", "member id", "buyer id", "客户编号", "客户id", "客户代码", "会员id", "会员编号",
        "会员卡号", "社保卡号", "用户id", "买家id", "买家会员名", "客户邮箱",
    ),
    "customer_name": ("customer name", "customer", "client", "client name", "account", "account name",
                      "company", "company name", "客户名称", "客户", "客户姓名", "公司名称", "企业名称"),
    "owner": ("owner", "sales rep", "sales agent", "salesperson", "sales person", "rep", "account manager",
              "assigned to", "负责人", "所有人", "销售", "销售员", "销售代表", "业务员", "跟进人", "客户经理"),
    "agent": ("agent", "assignee", "assigned agent", "support agent", "handler", "客服", "处理人", "受理人",
              "客服人员", "坐席", "服务人员"),
    "team": ("team", "sales team", "department", "group", "manager", "团队", "部门", "所属部门", "小组", "组别"),
    "region": ("region", "sales region", "territory", "area", "regional office", "office location", "区域",
               "大区", "地区", "所属区域", "销售区域", "state", "province", "state province", "省份", "省",
               "country", "country region", "国家", "city", "城市"),
    "product": ("product", "product name", "item", "item name", "sku name", "product purchased",
                "产品", "产品名称", "商品", "商品名称", "宝贝标题", "品名"),
    "channel": ("channel", "lead source", "source", "original source", "acquisition channel",
                "marketing channel",
                "utm source", "ticket channel", "origin", "渠道", "来源", "线索来源", "客户来源", "获客渠道", "成交渠道",
                "来源渠道", "原始来源", "渠道来源"),
    "currency": ("currency", "currency code", "币种", "货币"), "status": ("status", "状态"),
    "created_at": ("created at", "created date", "create date", "created", "created on", "created time",
                   "creation date", "date created", "创建时间", "创建日期", "录入时间", "新建时间"),
}

# entity -> field -> header names; these come before COMMON_SYNONYMS for the same field.
ENTITY_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "deals": {
        "deal_id": ("deal id", "opportunity id", "opp id", "deal number", "商机编号", "商机id", "机会编号"),
        "deal_name": ("deal name", "opportunity name", "deal", "opportunity", "deal title", "商机名称", "机会名称",
                      "交易名称", "项目名称"),
        "stage": ("stage", "deal stage", "opportunity stage", "sales stage", "pipeline stage", "销售阶段",
                  "商机阶段", "阶段", "交易阶段"),
        "status": ("deal status", "opportunity status", "won lost", "outcome", "赢单状态", "商机状态", "输赢状态"),
        "amount": ("amount", "deal value", "deal amount", "value", "close value", "opportunity amount",
                   "revenue", "deal size", "成交金额", "商机金额", "销售金额", "金额", "合同金额", "签约金额", "预计金额"),
        "closed_at": ("close date", "closed date", "closing date", "closed at", "won date", "close time",
                      "结单日期", "成交日期", "关闭日期", "赢单日期", "签约日期", "预计成交日期"),
        "created_at": ("engage date", "opportunity created", "deal created", "open date"),
        "sales_cycle_days": ("sales cycle", "sales cycle days", "days to close", "days to closed", "age",
                             "deal age", "销售周期", "成交周期"),
        "customer_id": ("account id",), "lead_id": ("lead id", "线索编号", "线索id"),
    },
    "leads": {
        "lead_id": ("lead id", "prospect id", "lead number", "lead no", "线索编号", "线索id",
                    "潜客编号", "线索名称"),
        "created_at": ("lead created", "lead date", "线索创建时间", "first contact date", "first contact", "首次联系时间",
                       "首次接触时间"),
        "channel": ("lead source", "lead channel", "线索来源"),
        "status": ("lead status", "lifecycle stage", "线索状态", "跟进状态"),
        "converted": ("converted", "is converted", "converted flag", "是否转化", "已转化", "是否成交", "转化"),
        "converted_at": ("converted date", "conversion date", "converted at", "became a customer date",
                         "转化时间", "转化日期", "成交时间"),
        "customer_id": ("converted account id", "converted customer id"),
    },
    "customers": {
        "customer_id": ("customer id", "customerid", "account id", "客户编号"),
        "customer_name": ("customer name", "account name", "account", "company", "客户名称"),
        "segment": ("segment", "customer segment", "industry", "sector", "tier", "customer level", "level",
                    "客户级别", "客户等级", "行业", "客户类型", "客户分类", "等级"),
        "status": ("customer status", "account status", "account type", "客户状态", "成交状态"),
        "churned": ("churned", "is churned", "churn", "lost customer", "是否流失", "已流失", "流失"),
        "churned_at": ("churned at", "churn date", "churned date", "cancellation date", "流失日期", "流失时间"),
        "tenure_months": ("tenure", "tenure months", "months active", "客户年限", "在网时长"),
        "created_at": ("customer since", "signup date", "sign up date", "registration date",
                       "first purchase date", "注册时间", "注册日期", "开户日期", "首次购买日期"),
    },
    "orders": {
        "order_id": ("order id", "order number", "order no", "invoice no", "invoice number", "invoice",
                     "invoice id", "receipt no", "transaction id", "so number", "订单编号", "订单号", "订单id",
                     "单号", "销售订单编号", "发票号", "流水号"),
        "line_id": ("line id", "line number", "line no", "order line", "item id", "子订单编号", "明细编号", "行号",
                    "订单行号"),
        "ordered_at": ("order date", "ordered at", "invoice date", "purchase date", "transaction date",
                       "date", "order time", "purchase time", "订单日期", "下单日期", "下单时间", "购买时间", "购药时间",
                       "交易时间", "销售日期", "订单创建时间", "日期"),
        "amount": ("amount", "order amount", "total", "order total", "grand total", "sales", "revenue",
                   "net amount", "paid amount", "amount paid", "实收金额", "实付金额", "订单金额", "销售额", "金额",
                   "成交金额", "买家实际支付金额", "支付金额", "实收", "销售码洋", "码洋", "实洋"),
        "quantity": ("quantity", "qty", "units", "数量", "销售数量", "购买数量", "宝贝总数量", "成交件数", "件数",
                     "成交数量", "销量"),
        "unit_price": ("unit price", "price", "list price", "单价", "销售单价"),
        "refund_amount": ("refund amount", "refund", "refunded amount", "退款金额", "退款"),
        "status": ("order status", "invoice status", "订单状态", "交易状态"),
        "customer_id": ("customer email", "email"), "product": ("stock description", "description"),
    },
    "tickets": {
        "ticket_id": ("ticket id", "ticket number", "ticket no", "case id", "case number", "request id",
                      "incident id", "工单编号", "工单号", "工单id", "服务单号"),
        "created_at": ("ticket created", "opened", "opened at", "open time", "date opened", "submitted at",
                       "提交时间", "工单创建时间", "受理时间", "受理日期", "报修时间", "报修日期"),
        "first_response_at": ("first response at", "first reply at", "first responded at", "首次响应时刻",
                              "首次回复时刻"),
        "first_response_hours": ("first response time", "first reply time", "response time",
                                 "time to first response", "first response hours", "首次响应时间", "首次响应时长",
                                 "首次回复时长", "响应时长", "响应时间"),
        "resolved_at": ("resolved at", "resolved date", "resolved time", "closed at", "closed time",
                        "close time", "closed date", "date closed", "解决时刻", "关闭时间", "结案时间", "完成时间"),
        "resolution_hours": ("resolution time", "time to resolution", "time to resolve", "resolution hours",
                             "handling time", "解决时间", "解决时长", "处理时长", "处理时间", "resolution days",
                             "days to resolve", "days to resolution", "handling days", "处理天数", "解决天数",
                             "処理日数", "resolution duration"),
        "status": ("ticket status", "case status", "工单状态", "处理状态"),
        "resolved": ("resolved", "is resolved", "closed", "是否解决", "已解决"),
        "type": ("ticket type", "case type", "type", "issue type", "工单类型", "问题类型", "类型"),
        "category": ("category", "ticket category", "case reason", "reason", "分类", "问题分类", "工单分类"),
        "subject": ("subject", "ticket subject", "title", "summary", "ticket title", "主题", "标题", "问题描述"),
        "is_complaint": ("is complaint", "complaint", "投诉", "是否投诉"),
        "channel": ("ticket channel", "contact channel", "受理渠道", "渠道"),
        "priority": ("priority", "ticket priority", "severity", "优先级", "紧急程度"),
        "satisfaction": ("satisfaction", "customer satisfaction rating", "satisfaction rating", "csat",
                         "csat score", "rating", "happiness rating", "满意度", "满意度评分", "客户满意度", "评分"),
        "satisfaction_scale": ("satisfaction scale", "rating scale", "满分"),
        "customer_id": ("customer email", "email", "contact email", "contact name", "contact", "requester", "requester name"),
    },
    "surveys": {
        "response_id": ("response id", "survey id", "submission id", "answer id", "数据id", "答卷编号", "序号"),
        "responded_at": ("responded at", "response date", "submitted at", "submission date", "submit time",
                         "survey date", "timestamp", "recorded date", "completed at", "marca temporal", "horodatage",
                         "zeitstempel", "carimbo de data hora", "タイムスタンプ", "提交时间", "填写时间",
                         "答题时间", "回复时间", "提交答卷时间"),
        "score": ("score", "nps", "nps score", "rating", "likelihood to recommend", "recommend score",
                  "satisfaction score", "csat", "满意度", "满意度评分", "评分", "推荐意愿", "推荐指数", "打分"),
        "scale": ("scale", "max score", "满分"), "ticket_id": ("ticket id", "工单编号"),
        "customer_id": ("respondent", "respondent id", "customer email", "email", "提交人", "填写人"),
    },
    "activities": {
        "activity_id": ("activity id", "task id", "event id", "活动编号", "跟进记录编号", "记录编号"),
        "type": ("activity type", "type", "task type", "活动类型", "跟进方式", "拜访类型", "类型"),
        "occurred_at": ("date", "activity date", "occurred at", "completed date", "actual end", "done time",
                        "activity time", "跟进时间", "拜访时间", "活动时间", "日期"),
        "customer_id": ("regarding", "related to", "关联客户"),
    },
    "contacts": {
        "contact_id": ("contact id", "contact number", "contact no", "person id", "联系人编号", "联系人id",
                       "联系人代码"),
        "customer_name": ("account name", "company name", "company", "organization", "organisation",
                          "parent customer", "associated company", "客户名称", "所属客户", "公司名称", "公司", "企业"),
        "customer_id": ("account id", "associated company id", "company id", "客户编号"),
        "owner": ("contact owner", "联系人负责人"),
        "channel": ("lead source", "contact source", "source", "联系人来源"),
        "region": ("mailing country", "mailing state", "mailing city"),
    },
    "spend": {
        "channel": ("channel", "marketing channel", "campaign type", "渠道", "投放渠道"),
        "period_start": ("month", "period", "date", "week", "start date", "period start", "月份", "月", "日期",
                         "周期", "投放月份", "placement date", "spend date", "campaign date", "投放日期", "投放时间"),
        "amount": ("spend", "cost", "amount", "budget", "actual cost", "ad spend", "marketing spend", "expense",
                   "expenditure", "花费", "费用", "投放金额", "营销费用", "成本", "金额", "支出", "开支", "广告费"),
    },
}

# How much a mapped field says about the entity (for entity detection).  Fields shared by many entities
# (owner, region, created_at) weigh little; keys, required fields and distinctive measures weigh most.
FIELD_WEIGHTS: dict[str, dict[str, float]] = {
    "deals": {"deal_id": 2.5, "deal_name": 2, "stage": 3, "status": 0.5, "amount": 1.5, "closed_at": 1.5,
              "sales_cycle_days": 1, "created_at": 0.5, "owner": 0.5, "customer_name": 0.5, "product": 0.3},
    "leads": {"lead_id": 3, "converted": 3, "converted_at": 2, "channel": 1, "status": 0.5, "created_at": 0.5,
              "owner": 0.3},
    "customers": {"customer_id": 1, "customer_name": 1.5, "segment": 2, "churned": 3, "churned_at": 2,
                  "tenure_months": 2, "created_at": 0.5, "channel": 0.5, "status": 0.3, "region": 0.3},
    "orders": {"order_id": 3, "line_id": 2, "ordered_at": 2.5, "quantity": 1.5, "unit_price": 2,
               "refund_amount": 2, "amount": 1, "customer_id": 0.7, "product": 0.5, "status": 0.3},
    "tickets": {"ticket_id": 3, "first_response_at": 2, "first_response_hours": 2, "resolved_at": 1.5,
                "resolution_hours": 2, "priority": 1.5, "subject": 1, "satisfaction": 1.5, "type": 0.7,
                "category": 0.7, "agent": 1, "resolved": 1, "is_complaint": 1.5, "status": 0.3,
                "created_at": 0.5, "channel": 0.3},
    "surveys": {"response_id": 2, "responded_at": 2.5, "score": 3, "scale": 1, "ticket_id": 0.3},
    "activities": {"activity_id": 3, "type": 1, "occurred_at": 2.5, "owner": 0.5, "customer_id": 0.3},
    "spend": {"channel": 1, "period_start": 2.5, "amount": 2},
    "contacts": {"contact_id": 3, "customer_name": 1, "customer_id": 0.7, "owner": 0.3, "channel": 0.5,
                 "created_at": 0.5, "region": 0.3},
}
DEFAULT_WEIGHT = 0.2

# Keys used when the entity's own key column is absent (accounts exported without an id are named).
FALLBACK_KEYS: dict[str, tuple[str, ...]] = {"customers": ("customer_name",)}


def synonyms_for(entity: str, field_name: str) -> tuple[str, ...]:
    return ENTITY_SYNONYMS.get(entity, {}).get(field_name, ()) + COMMON_SYNONYMS.get(field_name, ())


def field_synonyms(entity: str, name: str) -> tuple[str, ...]:
    syns = synonyms_for(entity, name)
    # Entities without a customer_name keep the customer's name as the customer id (orders, tickets).
    if name == "customer_id" and "customer_name" not in ENTITIES[entity].field_names:
        syns += COMMON_SYNONYMS["customer_name"]
    return syns
