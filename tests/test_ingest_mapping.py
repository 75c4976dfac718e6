"""Header matching: each CRM layout -> entity, source system and the key field mappings."""

from __future__ import annotations

import pytest

from ingest import ENTITY_FIELDS, IngestError, entity_fields
from ingest.plan.detect import apply_overrides, detect
from ingest.plan.labels import header_key, header_signature, split_header
from ingest.plan.presets import PRESETS
from ingest.plan.synonyms import synonyms_for
from store.entities import ENTITIES

CASES = {
    "salesforce opportunities": (
        ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Fiscal Period", "Amount",
         "Probability (%)", "Age", "Close Date", "Created Date", "Lead Source", "Type", "Opportunity ID",
         "Account ID", "Owner Role", "Billing State/Province"],
        "deals", "salesforce",
        {"deal_id": "Opportunity ID", "stage": "Stage", "amount": "Amount", "closed_at": "Close Date",
         "owner": "Opportunity Owner", "sales_cycle_days": "Age", "team": "Owner Role",
         "region": "Billing State/Province", "customer_id": "Account ID"},
    ),
    "salesforce cases": (
        ["Case Number", "Subject", "Status", "Priority", "Case Origin", "Date/Time Opened",
         "Date/Time Closed", "Case Owner", "Account Name", "Type", "Case Reason"],
        "tickets", "salesforce",
        {"ticket_id": "Case Number", "created_at": "Date/Time Opened", "resolved_at": "Date/Time Closed",
         "channel": "Case Origin", "agent": "Case Owner", "category": "Case Reason"},
    ),
    "salesforce leads": (
        ["Lead ID", "Lead Owner", "Company / Account", "Lead Source", "Lead Status", "Create Date",
         "Converted", "Converted Date"],
        "leads", "salesforce",
        {"lead_id": "Lead ID", "channel": "Lead Source", "converted": "Converted",
         "converted_at": "Converted Date"},
    ),
    "hubspot deals": (
        ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner",
         "Pipeline", "Original Traffic Source", "Associated Company ID"],
        "deals", "hubspot",
        {"deal_id": "Record ID", "deal_name": "Deal Name", "stage": "Deal Stage", "closed_at": "Close Date",
         "owner": "Deal owner", "channel": "Original Traffic Source", "customer_id": "Associated Company ID"},
    ),
    "hubspot deals (internal names)": (
        ["hs_object_id", "dealname", "dealstage", "amount", "closedate", "createdate", "hubspot_owner_id",
         "pipeline", "hs_analytics_source"],
        "deals", "hubspot",
        {"deal_id": "hs_object_id", "stage": "dealstage", "closed_at": "closedate",
         "owner": "hubspot_owner_id", "channel": "hs_analytics_source"},
    ),
    "hubspot deals (Chinese)": (
        ["记录 ID", "交易名称", "交易阶段", "金额", "成交日期", "创建日期", "交易所有者", "原始来源"],
        "deals", "hubspot",
        {"deal_id": "记录 ID", "deal_name": "交易名称", "stage": "交易阶段", "amount": "金额", "closed_at": "成交日期",
         "created_at": "创建日期", "owner": "交易所有者", "channel": "原始来源"},
    ),
    "hubspot contacts": (
        ["Record ID", "First Name", "Last Name", "Email", "Create Date", "Original Source", "Lifecycle Stage",
         "Lead Status", "Contact owner", "Became a Customer Date", "Associated Company ID"],
        "leads", "hubspot",
        {"lead_id": "Record ID", "status": "Lifecycle Stage", "converted_at": "Became a Customer Date",
         "channel": "Original Source", "owner": "Contact owner"},
    ),
    "zoho crm deals": (
        ["Deal Name", "Stage", "Amount", "Closing Date", "Created Time", "Lead Source", "Deal Owner",
         "Account Name", "Contact Name"],
        "deals", "zoho_crm",
        {"deal_name": "Deal Name", "closed_at": "Closing Date", "created_at": "Created Time",
         "owner": "Deal Owner"},
    ),
    "zoho crm potentials": (
        ["Potential Name", "Stage", "Amount", "Closing Date", "Created Time", "Potential Owner",
         "Account Name"],
        "deals", "zoho_crm",
        {"deal_name": "Potential Name", "owner": "Potential Owner"},
    ),
    "zoho crm cases": (
        ["Case Number", "Subject", "Status", "Priority", "Case Origin", "Type", "Case Reason", "Case Owner",
         "Created Time"],
        "tickets", "zoho_crm",
        {"ticket_id": "Case Number", "created_at": "Created Time", "category": "Case Reason"},
    ),
    "zoho crm sales orders": (
        ["SO Number", "Subject", "Account Name", "Status", "Grand Total", "Created Time",
         "Sales Order Owner"],
        "orders", "zoho_crm",
        {"order_id": "SO Number", "amount": "Grand Total", "ordered_at": "Created Time", "status": "Status"},
    ),
    "zoho crm campaigns": (
        ["Campaign Name", "Type", "Status", "Start Date", "End Date", "Budgeted Cost", "Actual Cost",
         "Campaign Owner"],
        "spend", "zoho_crm",
        {"channel": "Type", "period_start": "Start Date", "amount": "Actual Cost"},
    ),
    "zoho desk tickets": (
        ["Ticket Id", "Subject", "Status", "Priority", "Channel", "Ticket Owner", "Created Time",
         "Closed Time", "Response Time (in hours)", "Resolution Time (in hours)", "Happiness Rating"],
        "tickets", "zoho_desk",
        {"ticket_id": "Ticket Id", "agent": "Ticket Owner", "resolved_at": "Closed Time",
         "first_response_hours": "Response Time (in hours)", "resolution_hours": "Resolution Time (in hours)",
         "satisfaction": "Happiness Rating"},
    ),
    "pipedrive deals": (
        ["Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Status", "Deal - Stage", "Deal - Owner",
         "Deal - Deal created", "Deal - Won time", "Deal - Lost time", "Deal - Expected close date",
         "Organization - Name", "Deal - Source origin"],
        "deals", "pipedrive",
        {"deal_name": "Deal - Title", "amount": "Deal - Value", "currency": "Deal - Currency",
         "status": "Deal - Status", "stage": "Deal - Stage", "closed_at": "Deal - Won time",
         "customer_name": "Organization - Name", "channel": "Deal - Source origin"},
    ),
    "dynamics 365 opportunities": (
        ["(Do Not Modify) Opportunity", "Topic", "Potential Customer", "Est. Revenue", "Est. Close Date",
         "Actual Revenue", "Actual Close Date", "Status", "Status Reason", "Owner", "Created On"],
        "deals", "dynamics365",
        {"deal_id": "(Do Not Modify) Opportunity", "deal_name": "Topic",
         "customer_name": "Potential Customer",
         "amount": "Actual Revenue", "closed_at": "Actual Close Date", "status": "Status"},
    ),
    "dynamics 365 cases": (
        ["Case Number", "Case Title", "Origin", "Priority", "Status", "Owner", "Created On", "Resolved On"],
        "tickets", "dynamics365",
        {"ticket_id": "Case Number", "subject": "Case Title", "channel": "Origin",
         "resolved_at": "Resolved On"},
    ),
    "dynamics 365 activities": (
        ["Activity Type", "Subject", "Regarding", "Owner", "Actual End", "Date Created", "Due Date"],
        "activities", "dynamics365",
        {"type": "Activity Type", "customer_id": "Regarding", "owner": "Owner", "occurred_at": "Actual End"},
    ),
    "fxiaoke customers": (
        ["客户名称", "客户编号", "客户来源", "客户级别", "负责人", "所属部门", "创建时间", "成交状态"],
        "customers", "fxiaoke",
        {"customer_id": "客户编号", "customer_name": "客户名称", "channel": "客户来源", "segment": "客户级别"},
    ),
    "fxiaoke opportunities": (
        ["商机名称", "客户名称", "销售阶段", "商机金额", "预计成交日期", "结单日期", "负责人", "所属部门"],
        "deals", "fxiaoke",
        {"deal_name": "商机名称", "stage": "销售阶段", "amount": "商机金额", "closed_at": "结单日期", "owner": "负责人"},
    ),
    "fxiaoke orders": (
        ["销售订单编号", "客户名称", "订单金额", "下单日期", "订单状态", "退款金额", "产品名称", "数量"],
        "orders", "fxiaoke",
        {"order_id": "销售订单编号", "amount": "订单金额", "ordered_at": "下单日期", "refund_amount": "退款金额",
         "quantity": "数量"},
    ),
    "neocrm opportunities": (
        ["商机名称", "销售阶段", "销售金额", "结单日期", "所有人", "客户", "线索来源", "赢率"],
        "deals", "neocrm",
        {"deal_name": "商机名称", "amount": "销售金额", "owner": "所有人", "customer_name": "客户", "channel": "线索来源"},
    ),
    "jiandaoyun survey": (
        ["提交人", "提交时间", "客户编号", "满意度评分", "意见与建议"],
        "surveys", "jiandaoyun",
        {"responded_at": "提交时间", "score": "满意度评分", "customer_id": "客户编号"},
    ),
    "taobao orders": (
        ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝标题", "宝贝总数量",
         "退款金额"],
        "orders", "taobao",
        {"order_id": "订单编号", "customer_id": "买家会员名", "amount": "买家实际支付金额", "ordered_at": "订单创建时间",
         "product": "宝贝标题", "quantity": "宝贝总数量"},
    ),
    # Real public files (generic synonyms, no preset).
    "maven sales pipeline": (
        ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date",
         "close_value"],
        "deals", "generic",
        {"deal_id": "opportunity_id", "owner": "sales_agent", "stage": "deal_stage",
         "created_at": "engage_date",
         "closed_at": "close_date", "amount": "close_value", "customer_name": "account"},
    ),
    "kaggle support tickets": (
        ["Ticket ID", "Customer Name", "Customer Email", "Customer Age", "Customer Gender",
         "Product Purchased",
         "Date of Purchase", "Ticket Type", "Ticket Subject", "Ticket Description", "Ticket Status",
         "Resolution", "Ticket Priority", "Ticket Channel", "First Response Time", "Time to Resolution",
         "Customer Satisfaction Rating"],
        "tickets", "generic",
        {"ticket_id": "Ticket ID", "type": "Ticket Type", "status": "Ticket Status",
         "satisfaction": "Customer Satisfaction Rating", "priority": "Ticket Priority"},
    ),
    "x education leads": (
        ["Prospect ID", "Lead Number", "Lead Origin", "Lead Source", "Do Not Email", "Converted",
         "TotalVisits", "Country", "City"],
        "leads", "generic",
        {"lead_id": "Prospect ID", "channel": "Lead Source", "converted": "Converted"},
    ),
    "uci online retail": (
        ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID",
         "Country"],
        "orders", "generic",
        {"order_id": "InvoiceNo", "quantity": "Quantity", "ordered_at": "InvoiceDate",
         "unit_price": "UnitPrice",
         "customer_id": "CustomerID", "product": "Description", "region": "Country"},
    ),
    "chaoyang pharmacy": (
        ["购药时间", "社保卡号", "商品编码", "商品名称", "销售数量", "应收金额", "实收金额"],
        "orders", "generic",
        {"ordered_at": "购药时间", "customer_id": "社保卡号", "amount": "实收金额", "quantity": "销售数量",
         "product": "商品名称"},
    ),
    "generic chinese tickets": (
        ["工单编号", "工单状态", "创建时间", "首次响应时间", "解决时间", "满意度", "投诉"],
        "tickets", "generic",
        {"ticket_id": "工单编号", "status": "工单状态", "created_at": "创建时间", "satisfaction": "满意度",
         "is_complaint": "投诉"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_layout_is_recognised(name):
    headers, entity, source, expected = CASES[name]
    det = detect(headers)
    assert det.entity == entity, det.entity_reasons
    assert det.source == source, (det.source, det.entity_reasons)
    assert det.entity_confidence >= 0.5
    for field, header in expected.items():
        assert det.mapping.get(field) == header, (field, det.mapping)
    assert det.entity_reasons and any(str(len(det.mapping)) in r for r in det.entity_reasons)


def test_reasons_name_the_matching_headers():
    headers = CASES["salesforce opportunities"][0]
    det = detect(headers)
    first = det.entity_reasons[0]
    n = len(headers)
    assert first.startswith(f"{n} of {n} headers match the Salesforce opportunity report")
    assert "Opportunity ID" in first


def test_every_preset_names_real_fields():
    for preset in PRESETS:
        fields = set(ENTITIES[preset.entity].field_names)
        for header, name in preset.columns:
            assert name == "" or name in fields, (preset.label, header, name)
        assert preset.identifying, preset.label


def test_every_field_has_synonyms():
    for name, entity in ENTITIES.items():
        for f in entity.fields:
            if f.name in {"satisfaction_scale", "scale", "line_id", "tenure_months"}:
                continue
            assert synonyms_for(name, f.name), (name, f.name)


def test_unrelated_headers_are_not_recognised():
    assert detect(["product", "series", "sales_price"]).entity is None
    assert detect(["sales_agent", "manager", "regional_office"]).entity is None
    assert detect(["Variable", "Description"]).entity is None


@pytest.mark.parametrize(("header", "key", "unit"), [
    ("Resolution Time (in hours)", "resolutiontime", "in hours"), ("金额（万元）", "金额", "万元"),
    ("Deal - Title", "dealtitle", ""), ("dealname", "dealname", ""), ("CloseDate", "closedate", ""),
    ("\ufeffTicket ID", "ticketid", ""), ("ＴＯＴＡＬ　金额", "total金额", ""), ("(Do Not Modify) Opportunity",
                                                                         "donotmodifyopportunity", ""),
])
def test_header_normalisation(header, key, unit):
    assert header_key(header) == key
    assert split_header(header)[1] == unit


def test_header_signature_ignores_case_spacing_and_width():
    assert header_signature(["Deal Name", "Amount"]) == header_signature(["deal_name", "ＡＭＯＵＮＴ"])
    assert header_signature(["Deal Name", "Amount"]) != header_signature(["Amount", "Deal Name"])


class StubProbe:
    def __init__(self, values: dict[str, list[str]], dates=(), numbers=()):
        self._values, self._dates, self._numbers = values, set(dates), set(numbers)

    def values(self, header):
        return self._values.get(header, ["x"])  # every column has some value unless the test says otherwise

    def looks_like_date(self, header):
        return header in self._dates

    def looks_like_number(self, header):
        return header in self._numbers


def test_duration_header_holding_timestamps_fills_the_timestamp_field():
    headers = ["Ticket ID", "Ticket Status", "First Response Time", "Time to Resolution"]
    probe = StubProbe({}, dates={"First Response Time", "Time to Resolution"})
    det = detect(headers, probe)
    assert det.mapping["first_response_at"] == "First Response Time"
    assert det.mapping["resolved_at"] == "Time to Resolution"
    assert "first_response_hours" not in det.mapping
    numeric = detect(headers, StubProbe({}, numbers={"First Response Time", "Time to Resolution"}))
    assert numeric.mapping["first_response_hours"] == "First Response Time"


def test_stage_values_are_evidence_for_deals():
    headers = ["Name", "Stage", "Value", "Date"]
    without = detect(headers, StubProbe({"Stage": ["New", "Contacted"]}))
    with_outcomes = detect(headers, StubProbe({"Stage": ["Won", "Lost", "Negotiation"]}))
    assert with_outcomes.entity == "deals"
    assert with_outcomes.scores["deals"] > without.scores["deals"]
    assert any("deal outcomes" in r for r in with_outcomes.entity_reasons)


def test_entity_override_and_source_override():
    det = detect(["Name", "When", "Amount"], entity="spend")
    assert det.entity == "spend" and det.entity_confidence == 1.0
    assert detect(CASES["zoho crm deals"][0], source="generic").source == "generic"
    with pytest.raises(IngestError, match="no entity 'invoices'"):
        detect(["a"], entity="invoices")
    with pytest.raises(IngestError, match="no source"):
        detect(["a"], source="sap")


def test_mapping_overrides():
    headers = ["Deal Name", "Stage", "Amount", "Deal Value", "Close Date"]
    det = detect(headers)
    mapping, _ = apply_overrides(headers, "deals", det.mapping, {"amount": "Deal Value", "closed_at": None},
    {})
    assert mapping["amount"] == "Deal Value" and "closed_at" not in mapping
    # Moving a header to another field takes it away from the first.
    mapping, _ = apply_overrides(headers, "deals", det.mapping, {"deal_id": "Deal Name"}, {})
    assert mapping["deal_id"] == "Deal Name" and "deal_name" not in mapping
    with pytest.raises(IngestError, match="no column 'Revenue'"):
        apply_overrides(headers, "deals", det.mapping, {"amount": "Revenue"}, {})
    with pytest.raises(IngestError, match="no field 'price'"):
        apply_overrides(headers, "deals", det.mapping, {"price": "Amount"}, {})


def test_pipedrive_lost_time_fills_closed_at_when_won_time_is_empty():
    det = detect(CASES["pipedrive deals"][0])
    assert det.fallbacks == {"closed_at": ["Deal - Lost time"]}


def test_entity_fields_for_the_mapping_editor():
    assert [f["name"] for f in entity_fields("orders")] == list(ENTITIES["orders"].field_names)
    required = {f["name"] for f in entity_fields("orders") if f["required"]}
    assert required == {"ordered_at"}
    assert ENTITY_FIELDS["deals"][0][0] == "deal_id"
    with pytest.raises(IngestError):
        entity_fields("nothing")


def test_restating_the_detected_column_keeps_its_fallbacks_and_another_column_drops_them():
    """The Upload page sends the whole grid as the mapping: a field left on its detected column keeps the
    columns read when that one is blank (Dynamics' Actual Close Date, else Est. Close Date)."""
    headers = ["Topic", "Actual Close Date", "Est. Close Date", "Other Date"]
    detected = {"deal_name": "Topic", "closed_at": "Actual Close Date"}
    fallbacks = {"closed_at": ["Est. Close Date"]}
    _, kept = apply_overrides(headers, "deals", detected, {"closed_at": "Actual Close Date"}, fallbacks)
    assert kept == {"closed_at": ["Est. Close Date"]}
    _, dropped = apply_overrides(headers, "deals", detected, {"closed_at": "Other Date"}, fallbacks)
    assert dropped == {}


def test_the_upload_pages_whole_grid_mapping_keeps_a_presets_fallback_columns(ws):
    """Loading with the grid's mapping (every field named, as the Upload page does) gives the same rows as
    loading without one: an open Dynamics opportunity with no Actual Revenue takes its Est. Revenue."""
    from ingest import ENTITY_FIELDS, inspect_file, load_export
    from store import Workspace
    from ui.mapping import full_mapping

    data = (
        b"(Do Not Modify) Opportunity,Topic,Potential Customer,Status Reason,Status,Actual Revenue,Est. Revenue,"
        b"Created On,Actual Close Date,Est. Close Date\r\n"
        b"a1,Big deal,Contoso,Won,Won,1000,900,2025-01-02,2025-02-01,2025-03-01\r\n"
        b"a2,Open deal,Fabrikam,In Progress,Open,,500,2025-01-03,,2025-04-01\r\n"
    )
    plan = inspect_file(data, "Opportunities.csv")
    assert plan.entity == "deals" and plan.fallbacks
    load_export(ws, data, "Opportunities.csv")
    grid = Workspace(":memory:")
    load_export(grid, data, "Opportunities.csv", entity="deals",
                mapping=full_mapping(ENTITY_FIELDS["deals"], plan.mapping))
    sql = "SELECT deal_id, amount, closed_at FROM deals ORDER BY deal_id"
    assert grid.df(sql).to_dict("records") == ws.df(sql).to_dict("records")
    assert ws.df(sql)["amount"].tolist() == [1000.0, 500.0]
