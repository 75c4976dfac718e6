"""What CRM exports look like: real header names per source system, and generic synonyms.

A ``Preset`` is one export layout of one system (the Salesforce opportunity report, a HubSpot contact
export, ...).  Its ``columns`` map real header names to canonical fields; the first header listed for a
field wins when a file has several.  ``identifying`` headers are the ones that tell this system apart
from the others.  Headers are compared after ``labels.header_key`` (case, spaces, punctuation, full-width
characters and a trailing unit in brackets do not matter).

The generic English and Chinese names of each field, for files that match no preset, are in
``ingest/plan/synonyms.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

from ingest.plan.labels import header_key

# Where a country's exports usually write dates month-first; used only when a column is ambiguous.
MONTH_FIRST_SOURCES = frozenset({"salesforce", "hubspot", "dynamics365", "pipedrive", "zoho_crm",
"zoho_desk"})

SOURCE_LABELS: dict[str, str] = {
    "salesforce": "Salesforce", "hubspot": "HubSpot", "zoho_crm": "Zoho CRM", "zoho_desk": "Zoho Desk",
    "pipedrive": "Pipedrive", "dynamics365": "Microsoft Dynamics 365", "fxiaoke": "纷享销客 Fxiaoke",
    "neocrm": "销售易 Neocrm", "jiandaoyun": "简道云 Jiandaoyun", "taobao": "淘宝/天猫 Taobao/Tmall",
    "generic": "generic export",
}

# A header that names a duration may hold timestamps instead (the Kaggle ticket file's "First Response
# Time" is a date and time), and the other way round; the values decide (see ingest/plan/detect.py).
TWIN_FIELDS: dict[str, str] = {
    "first_response_hours": "first_response_at", "first_response_at": "first_response_hours",
    "resolution_hours": "resolved_at", "resolved_at": "resolution_hours",
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
        "Billing State/Province": "region", "Region": "region", "Product Name": "product",
        "Product": "product", "Stage": "stage",
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
    _p("salesforce", "contacts", "Salesforce contacts report", {
        "Contact ID": "contact_id", "Account ID": "customer_id", "Account Name": "customer_name",
        "Contact Owner": "owner", "Lead Source": "channel", "Created Date": "created_at",
        "Mailing State/Province": "region", "Mailing Country": "region", "First Name": "", "Last Name": "",
        "Title": "", "Email": "", "Phone": "", "Mobile": "", "Mailing Street": "", "Mailing City": "",
    }, identifying=("Contact ID", "Contact Owner", "Mailing State/Province", "Mailing Country",
                    "Mailing Street")),
    _p("salesforce", "activities", "Salesforce activities report", {
        "Activity ID": "activity_id", "Assigned": "owner", "Task/Event": "type", "Activity Type": "type",
        "Date": "occurred_at", "Completed Date/Time": "occurred_at", "Company / Account": "customer_id",
        "Subject": "", "Status": "", "Priority": "",
    }, identifying=("Assigned", "Task/Event", "Activity ID", "Company / Account")),
    # ------------------------------------------------------------------ HubSpot (UI exports, en + zh, API)
    _p("hubspot", "deals", "HubSpot deals export", {
        "Record ID": "deal_id", "hs_object_id": "deal_id", "记录 ID": "deal_id",
        "Deal Name": "deal_name", "dealname": "deal_name", "交易名称": "deal_name",
        "Associated Company ID": "customer_id", "Associated Company": "customer_name",
        "关联公司": "customer_name", "Deal owner": "owner", "hubspot_owner_id": "owner", "交易所有者": "owner",
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
    # A contacts export without lifecycle columns is a list of people; with them it is HubSpot's lead
    # tracking (above), and when both fit about equally the Upload page asks.
    _p("hubspot", "contacts", "HubSpot contacts export (people)", {
        "Record ID": "contact_id", "hs_object_id": "contact_id", "记录 ID": "contact_id",
        "Associated Company ID": "customer_id", "Associated Company": "customer_name",
        "Company Name": "customer_name", "关联公司": "customer_name",
        "Contact owner": "owner", "hubspot_owner_id": "owner", "联系人所有者": "owner",
        "Create Date": "created_at", "createdate": "created_at", "创建日期": "created_at",
        "Original Source": "channel", "Original Traffic Source": "channel", "原始来源": "channel",
        "Country/Region": "region", "State/Region": "region", "国家/地区": "region",
        "First Name": "", "Last Name": "", "Email": "", "Phone Number": "", "Job Title": "",
        "Last Activity Date": "",
    }, identifying=("Contact owner", "联系人所有者", "Associated Company", "Job Title", "Record ID")),
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
        "Billing Country": "region", "Industry": "segment", "Account Type": "status",
        "Account Owner": "owner", "Annual Revenue": "", "Rating": "", "Modified Time": "",
    }, identifying=("Account Owner", "Account Number", "Account Type", "Created Time", "Billing Country")),
    _p("zoho_crm", "contacts", "Zoho CRM contacts export", {
        "Record Id": "contact_id", "Contact Id": "contact_id", "Account Name": "customer_name",
        "Account Id": "customer_id", "Created Time": "created_at", "Lead Source": "channel",
        "Mailing State": "region", "Mailing Country": "region", "Contact Owner": "owner",
        "Full Name": "", "Contact Name": "", "First Name": "", "Last Name": "", "Email": "", "Phone": "",
        "Mobile": "", "Title": "", "Department": "", "Modified Time": "", "Date of Birth": "",
        "Reports To": "", "Mailing Street": "", "Mailing City": "", "Mailing Zip": "",
    }, identifying=("Contact Owner", "Mailing State", "Mailing Country", "Mailing Street", "Reports To",
                    "Created Time")),
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
        "Ticket Id": "ticket_id", "Request Id": "ticket_id", "Account Id": "customer_id",
        "Email": "customer_id",
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
        "Deal - Deal created": "created_at", "Deal - Deal closed on": "closed_at",
        "Deal - Won time": "closed_at", "Deal - Source origin": "channel", "Deal - Source channel": "channel",
        "Deal - Product name": "product",
        "Deal - Lost time": "", "Deal - Expected close date": "", "Deal - Pipeline": "",
        "Deal - Lost reason": "",
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
    _p("dynamics365", "contacts", "Dynamics 365 contacts export", {
        "(Do Not Modify) Contact": "contact_id", "Company Name": "customer_name",
        "Parent Customer": "customer_name", "Account Name": "customer_name", "Owner": "owner",
        "Created On": "created_at", "Lead Source": "channel", "Address 1: Country/Region": "region",
        "Address 1: City": "region", "Full Name": "", "Email": "", "Business Phone": "", "Job Title": "",
        "(Do Not Modify) Row Checksum": "", "(Do Not Modify) Modified On": "",
    }, identifying=("(Do Not Modify) Contact", "Full Name", "Business Phone", "Parent Customer")),
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
        "Business Unit": "team", "Team": "team", "Subject": "", "Date Created": "", "Due Date": "",
        "Activity Status": "", "Priority": "", "Start Date": "", "(Do Not Modify) Row Checksum": "",
    }, identifying=("Activity Type", "Regarding", "Actual End", "Date Created", "Activity Status")),
    # ------------------------------------------------------------------ 纷享销客 Fxiaoke
    _p("fxiaoke", "customers", "纷享销客 customers export", {
        "客户编号": "customer_id", "客户名称": "customer_name", "创建时间": "created_at", "客户来源": "channel",
        "所属区域": "region", "省份": "region", "客户级别": "segment", "负责人": "owner", "客户状态": "status",
        "成交状态": "status", "流失日期": "churned_at", "所属部门": "", "最后跟进时间": "", "生命状态": "",
    }, identifying=("客户编号", "客户来源", "客户级别", "成交状态", "所属部门", "负责人")),
    _p("fxiaoke", "contacts", "纷享销客 contacts export", {
        "联系人编号": "contact_id", "客户编号": "customer_id", "客户名称": "customer_name", "负责人": "owner",
        "负责人（必填）": "owner", "联系人来源": "channel", "来源": "channel", "创建时间": "created_at",
        "所属区域": "region", "省份": "region", "姓名": "", "联系人姓名": "", "手机": "", "电话": "", "邮箱": "",
        "职务": "", "部门": "", "归属部门": "", "负责人主属部门": "", "生命状态": "", "锁定状态": "",
        "最后修改时间": "", "最后修改人": "", "创建人": "",
    }, identifying=("联系人编号", "联系人姓名", "职务", "联系人来源")),
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
        "工单编号": "ticket_id", "渠道": "channel", "服务人员": "agent", "地区": "region", "更新时间": "", "流程状态": "",
    }, identifying=("提交时间", "提交人", "更新时间", "数据ID", "流程状态")),
    # ------------------------------------------------------------------ 淘宝 / 天猫 seller order report
    _p("taobao", "orders", "淘宝/天猫 seller order report", {
        "订单编号": "order_id", "子订单编号": "line_id", "买家会员名": "customer_id", "订单创建时间": "ordered_at",
        "买家实际支付金额": "amount", "宝贝总数量": "quantity", "宝贝标题": "product", "宝贝标题 ": "product",
        "订单状态": "status", "退款金额": "refund_amount", "收货地址": "region", "店铺名称": "channel",
        "订单付款时间": "", "总金额": "", "买家应付货款": "", "运送方式": "", "买家留言": "",
    }, identifying=("买家会员名", "买家实际支付金额", "宝贝标题", "宝贝总数量", "订单付款时间", "订单创建时间")),
)


def presets_for(entity: str | None = None, source: str | None = None) -> list[Preset]:
    return [p for p in PRESETS if entity in (None, p.entity) and source in (None, p.source)]


@cache
def shared_identifying(source: str) -> frozenset[str]:
    """Header keys that identify more than one export layout of ``source`` (they tell the system apart,
    not the entity)."""
    seen: dict[str, set[str]] = {}
    for preset in presets_for(source=source):
        for key in preset.identifying_keys:
            seen.setdefault(key, set()).add(preset.entity)
    return frozenset(k for k, entities in seen.items() if len(entities) > 1)
