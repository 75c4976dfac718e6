"""The shared real exports, re-labelled into shapes the importer has never seen.

Four real files of ../shared/crm-exports (a B2B pipeline, a ticket export, a lead list, an NPS survey) are
read here with the standard library, reduced to plain records, and written again as other systems and
colleagues would have written them: German, French, Spanish, Portuguese, traditional Chinese and Japanese
headers and status words, snake_case and camelCase, abbreviations, decimal-comma money with the currency
after the number, dates in other orders, noise columns in a shuffled order (tests/data/unseen_shapes.py
writes the files).  The expected figure of each shape is computed here from the original rows, without the
importer or the metric engine.  Nothing in the importer names these headers (the test checks the mapping
it finds).

Rows are sampled (every k-th record) so that the thirty loads stay fast; the sample keeps the files' real
gaps: open deals without an amount or dates, tickets still waiting for the customer, leads with no source.
"""

from __future__ import annotations

import csv
import functools
from datetime import date, datetime
from pathlib import Path

from tests.data.unseen_shapes import (
    Shape,
    brl,
    deals_shape,
    dmy_dots,
    dmy_slash,
    euro_suffix,
    french_money,
    iso,
    iso_time,
    ja_date,
    leads_shape,
    mdy_slash,
    plain,
    slash_ymd,
    survey_shape,
    tickets_shape,
    yen,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "crm-exports"


def _csv_rows(relative: str, every: int = 1) -> list[dict]:
    with open(SHARED / relative, newline="", encoding="utf-8") as f:
        return [row for i, row in enumerate(csv.DictReader(f)) if i % every == 0]


def _day(text: str, fmt: str) -> date | None:
    return datetime.strptime(text.strip(), fmt).date() if text.strip() else None


# ------------------------------------------------------------------------------ real files -> records
@functools.cache
def pipeline_deals() -> list[dict]:
    """maven_crm_sales/sales_pipeline.csv: Won / Lost / Engaging / Prospecting, blanks on open deals."""
    outcome = {"Won": "won", "Lost": "lost", "Engaging": "open", "Prospecting": "open"}
    return [{
        "id": r["opportunity_id"], "customer": r["account"] or None, "owner": r["sales_agent"],
        "outcome": outcome[r["deal_stage"]],
        "amount": float(r["close_value"]) if r["close_value"] else None,
        "created": _day(r["engage_date"], "%Y-%m-%d"), "closed": _day(r["close_date"], "%Y-%m-%d"),
    } for r in _csv_rows("maven_crm_sales/sales_pipeline.csv", every=11)]


@functools.cache
def support_tickets() -> list[dict]:
    """support_tickets_kaggle: Closed / Open / Pending Customer Response; the purchase date (dd-mm-yy) as the
    day the ticket's story starts."""
    state = {"Closed": "closed", "Open": "open", "Pending Customer Response": "pending"}
    return [{
        "id": r["Ticket ID"], "customer": r["Customer Name"], "created": _day(r["Date of Purchase"], "%d-%m-%y"),
        "category": r["Ticket Type"], "state": state[r["Ticket Status"]], "priority": r["Ticket Priority"],
        "days": None,
    } for r in _csv_rows("support_tickets_kaggle/customer_support_tickets.csv", every=19)]


@functools.cache
def course_leads() -> list[dict]:
    """x_education_leads/Leads.csv: no dates at all, Converted 1/0, a source that is sometimes blank."""
    return [{"id": r["Prospect ID"], "created": None, "source": r["Lead Source"], "converted": r["Converted"] == "1"}
            for r in _csv_rows("x_education_leads/Leads.csv", every=12)]


@functools.cache
def conference_answers() -> list[dict]:
    """nps_survey_sudzilla: m/d/yyyy H:MM:SS timestamps and the 0-10 question."""
    question = "On a scale of 0-10, how would you rate Sudzilla?"
    return [{"at": datetime.strptime(r["Timestamp"], "%m/%d/%Y %H:%M:%S"), "score": int(r[question])}
            for r in _csv_rows("nps_survey_sudzilla/sudzilla_survey.csv")]


# -------------------------------------------------------------------------------------------- shapes
PIPELINE = {"source": pipeline_deals}
TICKETS = {"source": support_tickets, "period": "2020-01-01..2022-01-01"}
LEADS = {"source": course_leads}
ANSWERS = {"source": conference_answers, "period": "2019"}


def _deals() -> list[Shape]:
    return [
        deals_shape("pipeline_german", {"deal_id": "Chance-ID", "customer_name": "Firma", "owner": "Vertriebler",
                                        "stage": "Verkaufsphase", "amount": "Abschlusswert",
                                        "created_at": "Angelegt am", "closed_at": "Abgeschlossen am"},
                    {"won": "Gewonnen", "lost": "Verloren", "open": "In Bearbeitung"}, dmy_dots, euro_suffix,
                    delimiter=";", **PIPELINE),
        deals_shape("pipeline_french", {"deal_id": "Référence affaire", "customer_name": "Société",
                                        "owner": "Commercial", "stage": "Statut de l'affaire",
                                        "amount": "Montant signé", "created_at": "Créée le",
                                        "closed_at": "Date de signature"},
                    {"won": "Gagnée", "lost": "Perdue", "open": "En cours"}, dmy_slash, french_money,
                    delimiter=";", **PIPELINE),
        deals_shape("pipeline_spanish", {"deal_id": "Código", "customer_name": "Empresa", "owner": "Vendedor",
                                         "stage": "Etapa de venta", "amount": "Valor de cierre",
                                         "created_at": "Fecha de alta", "closed_at": "Fecha de cierre"},
                    {"won": "Ganada", "lost": "Perdida", "open": "En curso"}, dmy_slash, euro_suffix,
                    delimiter=";", **PIPELINE),
        deals_shape("pipeline_portuguese", {"deal_id": "Código do negócio", "customer_name": "Empresa",
                                            "owner": "Vendedor", "stage": "Fase", "amount": "Valor fechado",
                                            "created_at": "Criado em", "closed_at": "Fechado em"},
                    {"won": "Ganho", "lost": "Perdido", "open": "Em andamento"}, dmy_slash, brl,
                    delimiter=";", **PIPELINE),
        deals_shape("pipeline_traditional_chinese", {"deal_id": "機會編號", "customer_name": "公司名稱",
                                                     "owner": "業務員", "stage": "階段", "amount": "成交金額",
                                                     "created_at": "接洽日期", "closed_at": "結案日期"},
                    {"won": "贏單", "lost": "輸單", "open": "跟進中"}, slash_ymd, plain, encoding="big5", **PIPELINE),
        deals_shape("pipeline_japanese", {"deal_id": "案件ID", "customer_name": "会社名", "owner": "営業担当",
                                          "stage": "ステージ", "amount": "受注金額", "created_at": "開始日",
                                          "closed_at": "完了日"},
                    {"won": "受注", "lost": "失注", "open": "商談中"}, ja_date, yen, **PIPELINE),
        deals_shape("pipeline_camel_case", {"deal_id": "oppId", "customer_name": "companyName",
                                            "owner": "salesAgent", "stage": "dealStatus", "amount": "closeValue",
                                            "created_at": "engagedOn", "closed_at": "closedOn"},
                    {"won": "WON", "lost": "LOST", "open": "ENGAGING"}, mdy_slash, plain, **PIPELINE),
        deals_shape("pipeline_abbreviated", {"deal_id": "Opp No", "customer_name": "Acct", "owner": "Rep",
                                             "stage": "Stage", "amount": "Val", "created_at": "Eng Dt",
                                             "closed_at": "Cls Dt"},
                    {"won": "Closed Won", "lost": "Closed Lost", "open": "Qualification"}, mdy_slash, plain,
                    **PIPELINE),
    ]


def _tickets() -> list[Shape]:
    return [
        tickets_shape("support_german", {"ticket_id": "Vorgangsnummer", "customer_id": "Kunde",
                                         "category": "Anliegen", "created_at": "Eingegangen am",
                                         "status": "Bearbeitungsstatus", "priority": "Dringlichkeit"},
                      {"open": "Offen", "pending": "Wartet auf Kunde", "closed": "Geschlossen"}, dmy_dots,
                      delimiter=";", **TICKETS),
        tickets_shape("support_french", {"ticket_id": "Numéro de demande", "customer_id": "Client",
                                         "category": "Motif", "created_at": "Reçu le", "status": "État"},
                      {"open": "Ouvert", "pending": "En attente du client", "closed": "Clos"}, dmy_slash,
                      delimiter=";", **TICKETS),
        tickets_shape("support_spanish", {"ticket_id": "Nº de incidencia", "customer_id": "Cliente",
                                          "type": "Tipo de consulta", "created_at": "Fecha de apertura",
                                          "status": "Situación"},
                      {"open": "Abierta", "pending": "Esperando al cliente", "closed": "Cerrada"}, dmy_slash,
                      **TICKETS),
        tickets_shape("support_portuguese", {"ticket_id": "Protocolo", "customer_id": "Cliente",
                                             "category": "Assunto", "created_at": "Aberto em",
                                             "status": "Situação do chamado"},
                      {"open": "Aberto", "pending": "Aguardando cliente", "closed": "Fechado"}, dmy_slash,
                      delimiter=";", **TICKETS),
        tickets_shape("support_simplified_chinese", {"ticket_id": "工单编号", "customer_id": "客户",
                                                     "type": "工单类型", "created_at": "提交日期",
                                                     "status": "工单状态", "priority": "紧急程度"},
                      {"open": "待处理", "pending": "等待客户回复", "closed": "已关闭"}, slash_ymd,
                      encoding="gb18030", **TICKETS),
        tickets_shape("support_japanese", {"ticket_id": "チケット番号", "customer_id": "お客様名",
                                           "type": "問い合わせ種別", "created_at": "受付日", "status": "対応状況"},
                      {"open": "未対応", "pending": "お客様返信待ち", "closed": "完了"}, ja_date, **TICKETS),
        tickets_shape("support_snake_case", {"ticket_id": "ticket_no", "customer_id": "customer_full_name",
                                             "type": "issue_type", "created_at": "submitted_on",
                                             "status": "ticket_state", "priority": "urgency"},
                      {"open": "new", "pending": "awaiting_customer", "closed": "closed"}, iso, **TICKETS),
        tickets_shape("support_camel_case", {"ticket_id": "caseNumber", "customer_id": "contactName",
                                             "category": "caseReason", "created_at": "dateOpened",
                                             "status": "caseStatus"},
                      {"open": "New", "pending": "On Hold", "closed": "Closed"}, mdy_slash, **TICKETS),
    ]


def _leads() -> list[Shape]:
    def shape(name, headers, yes_no, **kw):
        return leads_shape(name, headers, yes_no, iso, metric="conversions", **LEADS, **kw)

    return [
        shape("course_leads_german", {"lead_id": "Interessenten-ID", "channel": "Herkunft",
                                      "converted": "Umgewandelt"}, ("ja", "nein"), delimiter=";"),
        shape("course_leads_french", {"lead_id": "Identifiant du prospect", "channel": "Provenance",
                                      "converted": "Transformé"}, ("oui", "non"), delimiter=";"),
        shape("course_leads_spanish", {"lead_id": "Id del prospecto", "channel": "Procedencia",
                                       "converted": "Convertido"}, ("sí", "no")),
        shape("course_leads_simplified_chinese", {"lead_id": "线索编号", "channel": "线索来源",
                                                  "converted": "是否转化"}, ("是", "否"), encoding="gb18030"),
        shape("course_leads_japanese", {"lead_id": "リードID", "channel": "流入元", "converted": "成約済み"},
              ("はい", "いいえ")),
        shape("course_leads_snake_case", {"lead_id": "prospect_uuid", "channel": "acquisition_source",
                                          "converted": "is_converted"}, ("1", "0")),
        shape("course_leads_camel_case", {"lead_id": "prospectId", "channel": "leadSource",
                                          "converted": "hasConverted"}, ("TRUE", "FALSE")),
    ]


def _surveys() -> list[Shape]:
    return [
        survey_shape("conference_german", "Zeitpunkt", "Wie bewerten Sie die Konferenz? (0-10)", dmy_dots,
                     **ANSWERS),
        survey_shape("conference_french", "Horodatage", "Sur une échelle de 0 à 10, quelle note donnez-vous ?",
                     dmy_slash, **ANSWERS),
        survey_shape("conference_portuguese", "Carimbo de data/hora", "De 0 a 10, que nota você daria ao evento?",
                     dmy_slash, **ANSWERS),
        survey_shape("conference_simplified_chinese", "提交时间", "您给本次大会打几分?(0-10分)", iso_time,
                     encoding="gb18030", **ANSWERS),
        survey_shape("conference_japanese", "回答日時", "このイベントを0〜10点で評価してください", ja_date, **ANSWERS),
        survey_shape("conference_snake_case", "submitted_at", "event_rating_0_10", iso_time, **ANSWERS),
        survey_shape("conference_camel_case", "responseTime", "overallScore0to10", mdy_slash, **ANSWERS),
    ]


SHAPES: list[Shape] = [*_deals(), *_tickets(), *_leads(), *_surveys()]
