"""What CRM exports look like: real header names per source system, and generic synonyms.

A ``Preset`` is one export layout of one system (the Salesforce opportunity report, a HubSpot contact
export, ...).  Its ``columns`` map real header names to canonical fields; the first header listed for a
field wins when a file has several.  ``identifying`` headers are the ones that tell this system apart
from the others.  Headers are compared after ``labels.header_key`` (case, spaces, punctuation, full-width
characters and a trailing unit in brackets do not matter).

``SYNONYMS`` are the generic English and Chinese names of each canonical field, used for files that
match no preset and to fill fields a preset does not name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ingest.labels import header_key

# Where a country's exports usually write dates month-first; used only when a column is ambiguous.
MONTH_FIRST_SOURCES = frozenset({"salesforce", "hubspot", "dynamics365", "pipedrive", "zoho_crm", "zoho_desk"})

SOURCE_LABELS: dict[str, str] = {
    "salesforce": "Salesforce",
    "hubspot": "HubSpot",
    "zoho_crm": "Zoho CRM",
    "zoho_desk": "Zoho Desk",
    "pipedrive": "Pipedrive",
    "dynamics365": "Microsoft Dynamics 365",
    "fxiaoke": "纷享销客 Fxiaoke",
    "neocrm": "销售易 Neocrm",
    "jiandaoyun": "简道云 Jiandaoyun",
    "taobao": "淘宝/天猫 Taobao/Tmall",
    "generic": "generic export",
}

# A header that names a duration may hold timestamps instead (the Kaggle ticket file's "First Response
# Time" is a date and time), and the other way round; the values decide (see ingest/detect.py).
TWIN_FIELDS: dict[str, str] = {
    "first_response_hours": "first_response_at",
    "first_response_at": "first_response_hours",
    "resolution_hours": "resolved_at",
    "resolved_at": "resolution_hours",
}


@dataclass(frozen=True)
class Preset:
    source: str
    entity: str
    label: str
    columns: tuple[tuple[str, str], ...]  # (real header, canonical field), in priority order
    identifying: tuple[str, ...] = ()
    # field -> further headers whose value is used where the mapped column is empty
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def keys(self) -> dict[str, str]:
        """header_key -> field (first listed wins)."""
        out: dict[str, str] = {}
        for header, name in self.columns:
            out.setdefault(header_key(header), name)
        return out

    @cached_property
    def identifying_keys(self) -> frozenset[str]:
        return frozenset(header_key(h) for h in self.identifying)


def _p(source, entity, label, columns: dict[str, str], identifying=(), fallbacks=None) -> Preset:
    return Preset(source, entity, label, tuple(columns.items()), tuple(identifying), fallbacks or {})


# ---------------------------------------------------------------------------------------------- presets
PRESETS: tuple[Preset, ...] = (
    # ------------------------------------------------------------------ Salesforce (report exports)
    _p("salesforce", "deals", "Salesforce opportunity report", {
        "Opportunity ID": "deal_id", "Opportunity Name": "deal_name", "Account ID": "customer_id",
        "Account Name": "customer_name", "Opportunity Owner": "owner", "Owner Role": "team",
        "Billing State/Province": "region", "Region": "region", "Product Name": "product", "Product": "product",
        "Stage": "stage",
        "Amount": "amount", "Opportunity Currency": "currency", "Amount Currency": "currency",
        "Created Date": "created_at", "Close Date": "closed_at", "Lead Source": "channel",
        "Primary Campaign Source": "channel", "Age": "sales_cycle_days",
        "Probability (%)": "", "Fiscal Period": "", "Type": "", "Next Step": "", "Forecast Category": "",
        "Expected Revenue": "",
    }, identifying=("Opportunity Owner", "Opportunity Name", "Opportunity ID", "Probability (%)",
                    "Fiscal Period", "Owner Role", "Forecast Category")),
    _p("salesforce", "leads", "Salesforce leads report", {
        "Lead ID": "lead_id", "Create Date": "created_at", "Created Date": "created_at",
        "Lead Source": "channel", "Lead Status": "status", "Converted": "converted",
        "Converted Date": "converted_at", "Converted Account ID": "customer_id", "Lead Owner": "owner",
        "State/Province": "region", "Country": "region",
        "Company / Account": "", "First Name": "", "Last Name": "", "Title": "", "Rating": "", "Email": "",
    }, identifying=("Lead Owner", "Lead ID", "Lead Status", "Converted Date", "Company / Account")),
    _p("salesforce", "tickets", "Salesforce cases report", {
        "Case Number": "ticket_id", "Account ID": "customer_id", "Contact Email": "customer_id",
        "Account Name": "customer_id", "Date/Time Opened": "created_at", "Date/Time Closed": "resolved_at",
        "Status": "status", "Closed": "resolved", "Type": "type", "Case Reason": "category",
        "Subject": "subject", "Case Origin": "channel", "Priority": "priority", "Case Owner": "agent",
        "Product": "product", "Age": "",
    }, identifying=("Case Owner", "Date/Time Opened", "Date/Time Closed", "Case Origin", "Case Reason")),
    _p("salesforce", "customers", "Salesforce accounts report", {
        "Account ID": "customer_id", "Account Name": "customer_name", "Created Date": "created_at",
        "Account Source": "channel", "Billing State/Province": "region", "Billing Country": "region",
        "Industry": "segment", "Account Owner": "owner", "Type": "status",
        "Annual Revenue": "", "Employees": "", "Rating": "",
    }, identifying=("Account Owner", "Account Source", "Annual Revenue", "Billing Country")),
    _p("salesforce", "activities", "Salesforce activities report", {
        "Activity ID": "activity_id", "Assigned": "owner", "Task/Event": "type", "Activity Type": "type",
        "Date": "occurred_at", "Completed Date/Time": "occurred_at", "Company / Account": "customer_id",
        "Subject": "", "Status": "", "Priority": "",
    }, identifying=("Assigned", "Task/Event", "Activity ID", "Company / Account")),
    # ------------------------------------------------------------------ HubSpot (UI exports, en + zh, API)
    _p("hubspot", "deals", "HubSpot deals export", {
        "Record ID": "deal_id", "hs_object_id": "deal_id", "记录 ID": "deal_id",
        "Deal Name": "deal_name", "dealname": "deal_name", "交易名称": "deal_name",
        "Associated Company ID": "customer_id", "Associated Company": "customer_name", "关联公司": "customer_name",
        "Deal owner": "owner", "hubspot_owner_id": "owner", "交易所有者": "owner",
        "Deal Stage": "stage", "dealstage": "stage", "交易阶段": "stage",
        "Amount": "amount", "amount": "amount", "金额": "amount",
        "Currency": "currency", "deal_currency_code": "currency", "Create Date": "created_at",
        "createdate": "created_at", "创建日期": "created_at", "Close Date": "closed_at",
        "closedate": "closed_at", "成交日期": "closed_at", "结束日期": "closed_at",
        "Original Source": "channel", "Original Traffic Source": "channel", "hs_analytics_source": "channel",
        "原始来源": "channel", "原始流量来源": "channel", "Pipeline": "", "pipeline": "", "管道": "",
        "Deal Type": "", "dealtype": "", "交易类型": "", "Deal probability": "",
    }, identifying=("Deal Name", "Deal Stage", "Deal owner", "Pipeline", "dealname", "dealstage",
                    "hubspot_owner_id", "交易名称", "交易阶段", "交易所有者", "Deal probability")),
    _p("hubspot", "leads", "HubSpot contacts export", {
        "Record ID": "lead_id", "hs_object_id": "lead_id", "记录 ID": "lead_id",
        "Create Date": "created_at", "createdate": "created_at", "创建日期": "created_at",
        "Original Source": "channel", "Original Traffic Source": "channel", "hs_analytics_source": "channel",
        "原始来源": "channel", "原始流量来源": "channel",
        "Lifecycle Stage": "status", "lifecyclestage": "status", "生命周期阶段": "status",
        "Became a Customer Date": "converted_at", "hs_lifecyclestage_customer_date": "converted_at",
        "成为客户日期": "converted_at", "Associated Company ID": "customer_id",
        "Contact owner": "owner", "hubspot_owner_id": "owner", "联系人所有者": "owner",
        "Country/Region": "region", "State/Region": "region", "国家/地区": "region",
        "Lead Status": "", "hs_lead_status": "", "潜在客户状态": "", "First Name": "", "Last Name": "",
        "Email": "", "Phone Number": "", "Became a Lead Date": "",
    }, identifying=("Contact owner", "Lifecycle Stage", "Lead Status", "Became a Customer Date",
                    "lifecyclestage", "hs_lead_status", "联系人所有者", "生命周期阶段", "Record ID")),
    _p("hubspot", "customers", "HubSpot companies export", {
        "Record ID": "customer_id", "hs_object_id": "customer_id", "Company name": "customer_name",
        "公司名称": "customer_name", "Create Date": "created_at", "Original Source": "channel",
        "Original Traffic Source": "channel", "Country/Region": "region", "State/Region": "region",
        "Industry": "segment", "Company owner": "owner", "Lifecycle Stage": "status",
        "Company Domain Name": "",
    }, identifying=("Company name", "Company owner", "Company Domain Name", "Record ID")),
    _p("hubspot", "tickets", "HubSpot tickets export", {
        "Ticket ID": "ticket_id", "Record ID": "ticket_id", "Create date": "created_at",
        "Close date": "resolved_at", "Ticket status": "status", "Ticket name": "subject",
        "Category": "category", "Source": "channel", "Priority": "priority", "Ticket owner": "agent",
        "Time to first agent reply": "first_response_hours", "Time to close": "resolution_hours",
        "Pipeline": "",
    }, identifying=("Ticket name", "Ticket status", "Ticket owner", "Time to first agent reply")),
    # ------------------------------------------------------------------ Zoho CRM
    _p("zoho_crm", "leads", "Zoho CRM leads export", {
        "Record Id": "lead_id", "Lead Id": "lead_id", "Created Time": "created_at",
        "Lead Source": "channel", "Lead Status": "status", "Converted": "converted",
        "Lead Conversion Time": "converted_at", "Lead Owner": "owner", "State": "region", "Country": "region",
        "Company": "", "Modified Time": "", "First Name": "", "Last Name": "", "Email": "", "Industry": "",
    }, identifying=("Lead Owner", "Created Time", "Modified Time", "Record Id", "Lead Conversion Time")),
    _p("zoho_crm", "deals", "Zoho CRM deals (potentials) export", {
        "Record Id": "deal_id", "Potential Id": "deal_id", "Deal Name": "deal_name",
        "Potential Name": "deal_name", "Account Name": "customer_name", "Deal Owner": "owner",
        "Potential Owner": "owner", "Stage": "stage", "Amount": "amount", "Currency": "currency",
        "Created Time": "created_at", "Closing Date": "closed_at", "Lead Source": "channel",
        "Campaign Source": "channel", "Contact Name": "", "Type": "", "Probability (%)": "",
        "Expected Revenue": "", "Modified Time": "",
    }, identifying=("Closing Date", "Potential Name", "Potential Owner", "Deal Owner", "Created Time",
                    "Modified Time")),
    _p("zoho_crm", "customers", "Zoho CRM accounts export", {
        "Account Number": "customer_id", "Record Id": "customer_id", "Account Name": "customer_name",
        "Created Time": "created_at", "Account Source": "channel", "Billing State": "region",
        "Billing Country": "region", "Industry": "segment", "Account Type": "status", "Account Owner": "owner",
        "Annual Revenue": "", "Rating": "", "Modified Time": "",
    }, identifying=("Account Owner", "Account Number", "Account Type", "Created Time", "Billing Country")),
    _p("zoho_crm", "customers", "Zoho CRM contacts export", {
        "Record Id": "customer_id", "Full Name": "customer_name", "Contact Name": "customer_name",
        "Created Time": "created_at", "Lead Source": "channel", "Mailing State": "region",
        "Mailing Country": "region", "Contact Owner": "owner", "Account Name": "segment",
        "First Name": "", "Last Name": "", "Email": "",
    }, identifying=("Contact Owner", "Mailing State", "Mailing Country", "Created Time")),
    _p("zoho_crm", "tickets", "Zoho CRM cases export", {
        "Case Number": "ticket_id", "Record Id": "ticket_id", "Account Name": "customer_id",
        "Created Time": "created_at", "Status": "status", "Type": "type", "Case Reason": "category",
        "Subject": "subject", "Case Origin": "channel", "Priority": "priority", "Case Owner": "agent",
        "Product Name": "product", "Contact Name": "", "Modified Time": "",
    }, identifying=("Case Owner", "Case Origin", "Case Reason", "Created Time", "Modified Time")),
    _p("zoho_crm", "orders", "Zoho CRM sales orders / invoices export", {
        "SO Number": "order_id", "Invoice Number": "order_id", "Sales Order Number": "order_id",
        "Account Name": "customer_id", "Contact Name": "customer_id", "Invoice Date": "ordered_at",
        "Created Time": "ordered_at", "Grand Total": "amount", "Currency": "currency",
        "Quantity": "quantity", "List Price": "unit_price", "Product Name": "product", "Status": "status",
        "Sub Total": "", "Subject": "", "Due Date": "", "Discount": "", "Tax": "",
    }, identifying=("SO Number", "Grand Total", "Invoice Number", "Sub Total", "Sales Order Owner",
                    "Invoice Owner")),
    _p("zoho_crm", "spend", "Zoho CRM campaigns export", {
        "Type": "channel", "Start Date": "period_start", "Actual Cost": "amount", "Currency": "currency",
        "Campaign Name": "", "Budgeted Cost": "", "Expected Revenue": "", "Campaign Owner": "", "Status": "",
        "End Date": "",
    }, identifying=("Campaign Name", "Actual Cost", "Budgeted Cost", "Campaign Owner")),
    # ------------------------------------------------------------------ Zoho Desk
    _p("zoho_desk", "tickets", "Zoho Desk tickets export", {
        "Ticket Id": "ticket_id", "Request Id": "ticket_id", "Account Id": "customer_id", "Email": "customer_id",
        "Contact Name": "customer_id", "Created Time": "created_at", "Closed Time": "resolved_at",
        "First Response Time": "first_response_hours", "Response Time": "first_response_hours",
        "Resolution Time": "resolution_hours", "Status": "status", "Classifications": "type",
        "Classification": "type", "Category": "category", "Subject": "subject", "Channel": "channel",
        "Mode": "channel", "Priority": "priority", "Ticket Owner": "agent", "Department": "team",
        "Team": "team", "Product Name": "product", "Happiness Rating": "satisfaction",
        "Customer Happiness": "satisfaction", "Satisfaction Rating": "satisfaction",
        "Account Name": "", "Due Date": "", "Sub Category": "", "Language": "",
    }, identifying=("Ticket Owner", "Happiness Rating", "Closed Time", "Classifications", "Ticket Id",
                    "Customer Happiness", "Request Id")),
    # ------------------------------------------------------------------ Pipedrive
    _p("pipedrive", "deals", "Pipedrive deals export", {
        "Deal - ID": "deal_id", "Deal - Title": "deal_name", "Deal - Organization": "customer_name",
        "Organization - Name": "customer_name", "Deal - Owner": "owner", "Deal - Stage": "stage",
        "Deal - Status": "status", "Deal - Value": "amount", "Deal - Currency": "currency",
        "Deal - Deal created": "created_at", "Deal - Deal closed on": "closed_at", "Deal - Won time": "closed_at",
        "Deal - Source origin": "channel", "Deal - Source channel": "channel", "Deal - Product name": "product",
        "Deal - Lost time": "", "Deal - Expected close date": "", "Deal - Pipeline": "", "Deal - Lost reason": "",
    }, identifying=("Deal - Title", "Deal - Value", "Deal - Owner", "Deal - Status", "Deal - Stage"),
       fallbacks={"closed_at": ("Deal - Lost time",)}),
    # ------------------------------------------------------------------ Microsoft Dynamics 365 (Excel export)
    _p("dynamics365", "deals", "Dynamics 365 opportunities export", {
        "(Do Not Modify) Opportunity": "deal_id", "Opportunity ID": "deal_id", "Topic": "deal_name",
        "Potential Customer": "customer_name", "Owner": "owner", "Pipeline Phase": "stage",
        "Sales Stage": "stage", "Status Reason": "stage", "Status": "status", "Actual Revenue": "amount",
        "Est. Revenue": "amount", "Currency": "currency", "Created On": "created_at",
        "Actual Close Date": "closed_at", "Est. Close Date": "closed_at", "Probability": "",
        "(Do Not Modify) Row Checksum": "", "(Do Not Modify) Modified On": "",
    }, identifying=("Topic", "Potential Customer", "Est. Revenue", "Est. Close Date", "Actual Revenue",
                    "Status Reason", "(Do Not Modify) Opportunity"),
       fallbacks={"amount": ("Est. Revenue",), "closed_at": ("Est. Close Date",)}),
    _p("dynamics365", "leads", "Dynamics 365 leads export", {
        "(Do Not Modify) Lead": "lead_id", "Created On": "created_at", "Lead Source": "channel",
        "Status Reason": "status", "Status": "status", "Owner": "owner", "Topic": "", "Name": "",
        "Rating": "", "(Do Not Modify) Row Checksum": "", "(Do Not Modify) Modified On": "",
    }, identifying=("(Do Not Modify) Lead", "Topic", "Status Reason", "Created On")),
    _p("dynamics365", "customers", "Dynamics 365 accounts export", {
        "(Do Not Modify) Account": "customer_id", "Account Number": "customer_id",
        "Account Name": "customer_name", "Created On": "created_at", "Address 1: City": "region",
        "Territory": "region", "Industry": "segment", "Relationship Type": "status", "Owner": "owner",
        "Main Phone": "", "Primary Contact": "", "(Do Not Modify) Row Checksum": "",
    }, identifying=("Main Phone", "Address 1: City", "Primary Contact", "(Do Not Modify) Account")),
    _p("dynamics365", "tickets", "Dynamics 365 cases export", {
        "(Do Not Modify) Case": "ticket_id", "Case Number": "ticket_id", "Customer": "customer_id",
        "Created On": "created_at", "Resolved On": "resolved_at", "Status": "status", "Case Type": "type",
        "Subject": "category", "Case Title": "subject", "Origin": "channel", "Priority": "priority",
        "Owner": "agent", "Product": "product", "Satisfaction": "satisfaction", "Status Reason": "",
        "(Do Not Modify) Row Checksum": "",
    }, identifying=("Case Title", "Origin", "Created On", "Resolved On", "(Do Not Modify) Case")),
    _p("dynamics365", "activities", "Dynamics 365 activities export", {
        "(Do Not Modify) Activity": "activity_id", "Activity ID": "activity_id", "Owner": "owner",
        "Regarding": "customer_id", "Activity Type": "type", "Actual End": "occurred_at",
        "Business Unit": "team", "Team": "team", "Subject": "", "Date Created": "", "Due Date": "", "Activity Status": "",
        "Priority": "", "Start Date": "", "(Do Not Modify) Row Checksum": "",
    }, identifying=("Activity Type", "Regarding", "Actual End", "Date Created", "Activity Status")),
    # ------------------------------------------------------------------ 纷享销客 Fxiaoke
    _p("fxiaoke", "customers", "纷享销客 customers export", {
        "客户编号": "customer_id", "客户名称": "customer_name", "创建时间": "created_at", "客户来源": "channel",
        "所属区域": "region", "省份": "region", "客户级别": "segment", "负责人": "owner", "客户状态": "status",
        "成交状态": "status", "流失日期": "churned_at", "所属部门": "", "最后跟进时间": "", "生命状态": "",
    }, identifying=("客户编号", "客户来源", "客户级别", "成交状态", "所属部门", "负责人")),
    _p("fxiaoke", "deals", "纷享销客 opportunities export", {
        "商机编号": "deal_id", "商机名称": "deal_name", "客户编号": "customer_id", "客户名称": "customer_name",
        "负责人": "owner", "所属部门": "team", "所属区域": "region", "产品名称": "product", "销售阶段": "stage",
        "商机金额": "amount", "创建时间": "created_at", "结单日期": "closed_at", "预计成交日期": "closed_at",
        "商机来源": "channel", "输赢率": "", "销售流程": "",
    }, identifying=("商机名称", "商机金额", "预计成交日期", "结单日期", "所属部门", "负责人"),
       fallbacks={"closed_at": ("预计成交日期",)}),
    _p("fxiaoke", "orders", "纷享销客 sales orders export", {
        "销售订单编号": "order_id", "订单编号": "order_id", "订单行号": "line_id", "客户编号": "customer_id",
        "客户名称": "customer_id", "成交渠道": "channel", "客户来源": "channel",
        "下单日期": "ordered_at", "创建时间": "ordered_at", "订单金额": "amount", "数量": "quantity",
        "单价": "unit_price", "产品名称": "product", "订单状态": "status", "退款金额": "refund_amount",
        "所属区域": "region", "负责人": "", "所属部门": "", "回款金额": "",
    }, identifying=("销售订单编号", "下单日期", "订单金额", "回款金额", "负责人")),
    # ------------------------------------------------------------------ 销售易 Neocrm
    _p("neocrm", "deals", "销售易 opportunities export", {
        "商机编号": "deal_id", "商机名称": "deal_name", "客户": "customer_name", "客户名称": "customer_name",
        "所有人": "owner", "所属部门": "team", "销售阶段": "stage", "销售金额": "amount", "创建日期": "created_at",
        "创建时间": "created_at", "结单日期": "closed_at", "线索来源": "channel", "赢率": "", "商机类型": "",
    }, identifying=("所有人", "销售金额", "赢率", "结单日期", "客户")),
    # ------------------------------------------------------------------ 简道云 Jiandaoyun (form data export)
    _p("jiandaoyun", "surveys", "简道云 form (survey) export", {
        "数据ID": "response_id", "提交时间": "responded_at", "满意度评分": "score", "推荐意愿": "score",
        "NPS": "score", "您向朋友推荐我们的可能性": "score", "客户编号": "customer_id", "提交人": "customer_id",
        "工单编号": "ticket_id", "渠道": "channel", "服务人员": "agent", "地区": "region",
        "更新时间": "", "流程状态": "",
    }, identifying=("提交时间", "提交人", "更新时间", "数据ID", "流程状态")),
    # ------------------------------------------------------------------ 淘宝 / 天猫 seller order report
    _p("taobao", "orders", "淘宝/天猫 seller order report", {
        "订单编号": "order_id", "子订单编号": "line_id", "买家会员名": "customer_id", "订单创建时间": "ordered_at",
        "买家实际支付金额": "amount", "宝贝总数量": "quantity", "宝贝标题": "product", "宝贝标题 ": "product",
        "订单状态": "status", "退款金额": "refund_amount", "收货地址": "region", "店铺名称": "channel",
        "订单付款时间": "", "总金额": "", "买家应付货款": "", "运送方式": "", "买家留言": "",
    }, identifying=("买家会员名", "买家实际支付金额", "宝贝标题", "宝贝总数量", "订单付款时间", "订单创建时间")),
)


# ------------------------------------------------------------------------------------ generic synonyms
# field -> header names, most specific first.  Used for every entity that has the field.
COMMON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer id", "customerid", "customer no", "customer number", "client id", "account id", "account number",
        "member id", "buyer id", "客户编号", "客户id", "客户代码", "会员id", "会员编号",
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
    "channel": ("channel", "lead source", "source", "original source", "acquisition channel", "marketing channel",
                "utm source", "ticket channel", "origin", "渠道", "来源", "线索来源", "客户来源", "获客渠道", "成交渠道",
                "来源渠道", "原始来源", "渠道来源"),
    "currency": ("currency", "currency code", "币种", "货币"),
    "status": ("status", "状态"),
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
        "amount": ("amount", "deal value", "deal amount", "value", "close value", "opportunity amount", "revenue",
                   "deal size", "成交金额", "商机金额", "销售金额", "金额", "合同金额", "签约金额", "预计金额"),
        "closed_at": ("close date", "closed date", "closing date", "closed at", "won date", "close time",
                      "结单日期", "成交日期", "关闭日期", "赢单日期", "签约日期", "预计成交日期"),
        "created_at": ("engage date", "opportunity created", "deal created", "open date"),
        "sales_cycle_days": ("sales cycle", "sales cycle days", "days to close", "days to closed", "age",
                             "deal age", "销售周期", "成交周期"),
        "customer_id": ("account id",),
        "lead_id": ("lead id", "线索编号", "线索id"),
    },
    "leads": {
        "lead_id": ("lead id", "prospect id", "lead number", "lead no", "contact id", "线索编号", "线索id",
                    "潜客编号", "线索名称"),
        "created_at": ("lead created", "lead date", "线索创建时间"),
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
        "created_at": ("customer since", "signup date", "sign up date", "registration date", "first purchase date",
                       "注册时间", "注册日期", "开户日期", "首次购买日期"),
    },
    "orders": {
        "order_id": ("order id", "order number", "order no", "invoice no", "invoice number", "invoice",
                     "invoice id", "receipt no", "transaction id", "so number", "订单编号", "订单号", "订单id",
                     "单号", "销售订单编号", "发票号", "流水号"),
        "line_id": ("line id", "line number", "line no", "order line", "item id", "子订单编号", "明细编号", "行号",
                    "订单行号"),
        "ordered_at": ("order date", "ordered at", "invoice date", "purchase date", "transaction date", "date",
                       "order time", "purchase time", "订单日期", "下单日期", "下单时间", "购买时间", "购药时间",
                       "交易时间", "销售日期", "订单创建时间", "日期"),
        "amount": ("amount", "order amount", "total", "order total", "grand total", "sales", "revenue",
                   "net amount", "paid amount", "amount paid", "实收金额", "实付金额", "订单金额", "销售额", "金额",
                   "成交金额", "买家实际支付金额", "支付金额", "实收"),
        "quantity": ("quantity", "qty", "units", "数量", "销售数量", "购买数量", "宝贝总数量"),
        "unit_price": ("unit price", "price", "list price", "单价", "销售单价"),
        "refund_amount": ("refund amount", "refund", "refunded amount", "退款金额", "退款"),
        "status": ("order status", "invoice status", "订单状态", "交易状态"),
        "customer_id": ("customer email", "email"),
        "product": ("stock description", "description"),
    },
    "tickets": {
        "ticket_id": ("ticket id", "ticket number", "ticket no", "case id", "case number", "request id",
                      "incident id", "工单编号", "工单号", "工单id", "服务单号"),
        "created_at": ("ticket created", "opened", "opened at", "open time", "date opened", "submitted at",
                       "提交时间", "工单创建时间", "受理时间"),
        "first_response_at": ("first response at", "first reply at", "first responded at", "首次响应时刻",
                              "首次回复时刻"),
        "first_response_hours": ("first response time", "first reply time", "response time",
                                 "time to first response", "first response hours", "首次响应时间", "首次响应时长",
                                 "首次回复时长", "响应时长", "响应时间"),
        "resolved_at": ("resolved at", "resolved date", "resolved time", "closed at", "closed time", "close time",
                        "closed date", "date closed", "解决时刻", "关闭时间", "结案时间", "完成时间"),
        "resolution_hours": ("resolution time", "time to resolution", "time to resolve", "resolution hours",
                             "handling time", "解决时间", "解决时长", "处理时长", "处理时间"),
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
        "customer_id": ("customer email", "email", "contact email"),
    },
    "surveys": {
        "response_id": ("response id", "survey id", "submission id", "answer id", "数据id", "答卷编号", "序号"),
        "responded_at": ("responded at", "response date", "submitted at", "submission date", "submit time",
                         "survey date", "提交时间", "填写时间", "答题时间", "回复时间"),
        "score": ("score", "nps", "nps score", "rating", "likelihood to recommend", "recommend score",
                  "satisfaction score", "csat", "满意度", "满意度评分", "评分", "推荐意愿", "推荐指数", "打分"),
        "scale": ("scale", "max score", "满分"),
        "ticket_id": ("ticket id", "工单编号"),
        "customer_id": ("respondent", "respondent id", "customer email", "email", "提交人", "填写人"),
    },
    "activities": {
        "activity_id": ("activity id", "task id", "event id", "活动编号", "跟进记录编号", "记录编号"),
        "type": ("activity type", "type", "task type", "活动类型", "跟进方式", "拜访类型", "类型"),
        "occurred_at": ("date", "activity date", "occurred at", "completed date", "actual end", "done time",
                        "activity time", "跟进时间", "拜访时间", "活动时间", "日期"),
        "customer_id": ("regarding", "related to", "关联客户"),
    },
    "spend": {
        "channel": ("channel", "marketing channel", "campaign type", "渠道", "投放渠道"),
        "period_start": ("month", "period", "date", "week", "start date", "period start", "月份", "月", "日期",
                         "周期", "投放月份"),
        "amount": ("spend", "cost", "amount", "budget", "actual cost", "ad spend", "marketing spend", "花费",
                   "费用", "投放金额", "营销费用", "成本", "金额"),
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
                "category": 0.7, "agent": 1, "resolved": 1, "is_complaint": 1.5, "status": 0.3, "created_at": 0.5,
                "channel": 0.3},
    "surveys": {"response_id": 2, "responded_at": 2.5, "score": 3, "scale": 1, "ticket_id": 0.3},
    "activities": {"activity_id": 3, "type": 1, "occurred_at": 2.5, "owner": 0.5, "customer_id": 0.3},
    "spend": {"channel": 1, "period_start": 2.5, "amount": 1.5},
}
DEFAULT_WEIGHT = 0.2

# Keys used when the entity's own key column is absent (accounts exported without an id are named).
FALLBACK_KEYS: dict[str, tuple[str, ...]] = {"customers": ("customer_name",)}


def synonyms_for(entity: str, field_name: str) -> tuple[str, ...]:
    return ENTITY_SYNONYMS.get(entity, {}).get(field_name, ()) + COMMON_SYNONYMS.get(field_name, ())


def presets_for(entity: str | None = None, source: str | None = None) -> list[Preset]:
    return [p for p in PRESETS if (entity is None or p.entity == entity) and (source is None or p.source == source)]
