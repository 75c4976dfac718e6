"""Exports the importer has never been told about: one set of records, re-labelled into many shapes.

Each shape writes the same canonical records (deals, orders, tickets, leads, survey answers, spend) as a
file a real system or colleague could have produced: other languages (German, French, Spanish,
Portuguese, Chinese traditional, Japanese), snake_case and camelCase, abbreviations, a won-only deals
report, extra noise columns in a shuffled order, other status vocabularies, decimal-comma money with the
currency after the number, and dates day-first, month-first or with dots.  Every shape says the entity
and the mapping it must get, and a metric whose value is computed here from the records, independently
of the importer and the metric engine.

No shape's headers or values appear in the importer's synonym lists on purpose: tests/test_unseen_shapes.py
checks that they load right with no hand mapping.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

SEED = 20261207
YEAR = 2025
N = 48


# ---------------------------------------------------------------------------------------- base records
def _records() -> dict[str, list[dict]]:
    rnd = random.Random(SEED)
    customers = [f"Kunde {i:02d}" for i in range(1, 13)]
    owners = ["Ana Ruiz", "Ben Okafor", "Chen Li", "Dana Weber"]
    deals, orders, tickets, leads, answers, spend = [], [], [], [], [], []
    for i in range(N):
        created = datetime(YEAR, 1, 2) + timedelta(days=rnd.randrange(0, 300), hours=rnd.randrange(8, 18))
        outcome = ("won", "lost", "open")[i % 3]
        deals.append({
            "id": f"D-{1000 + i}", "customer": rnd.choice(customers), "owner": rnd.choice(owners),
            "outcome": outcome, "amount": round(rnd.uniform(800, 60000), 2), "created": created,
            "closed": created + timedelta(days=rnd.randrange(5, 60)),
        })
        orders.append({
            "id": f"{500100 + i}", "date": created, "customer": rnd.choice(customers),
            "amount": round(rnd.uniform(20, 25000), 2), "cancelled": i % 7 == 3,
        })
        state = ("open", "resolved", "closed")[i % 3]
        tickets.append({
            "id": f"T{7000 + i}", "customer": rnd.choice(customers), "created": created,
            "category": rnd.choice(["Billing", "Delivery", "Login"]), "state": state,
            "days": None if state == "open" else round(rnd.uniform(0.5, 9), 1),
            "priority": rnd.choice(["High", "Low"]),
        })
        leads.append({
            "id": f"L{90000 + i}", "created": created, "source": rnd.choice(["Web", "Referral", "Ads"]),
            "converted": i % 4 == 0,
        })
        answers.append({"at": created, "score": rnd.choice([0, 3, 5, 6, 7, 8, 9, 9, 10, 10])})
    for month in range(1, 13):
        for channel in ("Search", "Social", "Events"):
            spend.append({"month": date(YEAR, month, 1), "channel": channel, "cost": round(rnd.uniform(900, 9000), 2)})
    return {"deals": deals, "orders": orders, "tickets": tickets, "leads": leads, "surveys": answers,
            "spend": spend}


RECORDS = _records()


# ------------------------------------------------------------------------------------------ renderers
def dmy_dots(d) -> str:
    return d.strftime("%d.%m.%Y")


def dmy_slash(d) -> str:
    return d.strftime("%d/%m/%Y")


def mdy_slash(d) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def iso(d) -> str:
    return d.strftime("%Y-%m-%d")


def iso_time(d) -> str:
    return d.strftime("%Y-%m-%d %H:%M")


def ja_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def slash_ymd(d) -> str:
    return d.strftime("%Y/%m/%d")


def euro_suffix(x: float) -> str:
    """21042.0 -> '21.042,00 €' (German)."""
    whole, cents = f"{x:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"


def french_money(x: float) -> str:
    """21042.0 -> '21 042,00 EUR' (a space for thousands)."""
    whole, cents = f"{x:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents} EUR"


def brl(x: float) -> str:
    whole, cents = f"{x:,.2f}".split(".")
    return f"R$ {whole.replace(',', '.')},{cents}"


def plain(x: float) -> str:
    return f"{x:.2f}"


def yen(x: float) -> str:
    return f"¥{x:,.0f}"


def noise(rnd: random.Random) -> dict[str, str]:
    return {"Notiz / note": rnd.choice(["", "call back", "VIP", "—"]), "internal_flag_x": str(rnd.randrange(2))}


# ---------------------------------------------------------------------------------------------- shapes
@dataclass
class Shape:
    name: str
    entity: str
    columns: list[tuple[str | None, str, Callable[[dict], object]]]  # (field, header, value of a record)
    metric: str  # what the test computes from the workspace (see tests/test_unseen_shapes.py)
    expected: Callable[[list[dict]], float]  # the same figure from the records
    delimiter: str = ","
    encoding: str = "utf-8"
    records: Callable[[list[dict]], list[dict]] = lambda rows: rows
    # Where the records come from: the synthetic RECORDS of the entity, or a real export (relabel_shared.py).
    source: Callable[[], list[dict]] | None = None
    period: str = str(YEAR)  # the period label the figure is computed over
    mapping: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.mapping = {f: h for f, h, _ in self.columns if f}

    def rows(self) -> list[dict]:
        return self.records(self.source() if self.source else RECORDS[self.entity])

    def to_bytes(self) -> bytes:
        rnd = random.Random(self.name)
        columns = list(self.columns) + [(None, h, None) for h in noise(rnd)]
        rnd.shuffle(columns)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow([h for _, h, _ in columns])
        for record in self.rows():
            extra = noise(rnd)
            writer.writerow([extra[h] if fn is None else _cell(fn(record)) for _, h, fn in columns])
        return out.getvalue().encode(self.encoding)


def _cell(value) -> str:
    return "" if value is None else str(value)


def _opt(fn: Callable) -> Callable:
    """A renderer that writes a missing value (None) as an empty cell, as exports do."""
    return lambda value: "" if value is None else fn(value)


def _won_amount(rows):
    return round(sum(r["amount"] for r in rows if r["outcome"] == "won"), 2)


def _revenue(rows):
    return round(sum(r["amount"] for r in rows if not r["cancelled"]), 2)


def _resolution_rate(rows):
    return round(sum(r["state"] in ("resolved", "closed") for r in rows) / len(rows), 4)


def _leads(rows):
    return float(len(rows))


def _conversions(rows):
    return float(sum(r["converted"] for r in rows))


def _nps(rows):
    promoters = sum(r["score"] >= 9 for r in rows)
    detractors = sum(r["score"] <= 6 for r in rows)
    return round(100 * (promoters - detractors) / len(rows), 2)


def _spend(rows):
    return round(sum(r["cost"] for r in rows), 2)


def deals_shape(name, headers: dict[str, str], stages: dict[str, str], date_fn, money_fn, **kw) -> Shape:
    values = {
        "deal_id": lambda r: r["id"], "customer_name": lambda r: r["customer"], "owner": lambda r: r["owner"],
        "stage": lambda r: stages[r["outcome"]], "amount": lambda r: _opt(money_fn)(r["amount"]),
        "created_at": lambda r: _opt(date_fn)(r["created"]),
        "closed_at": lambda r: _opt(date_fn)(r["closed"]) if r["outcome"] != "open" else "",
    }
    return Shape(name, "deals", [(f, h, values[f]) for f, h in headers.items()], "won_amount", _won_amount, **kw)


def orders_shape(name, headers, statuses: dict[bool, str], date_fn, money_fn, **kw) -> Shape:
    values = {
        "order_id": lambda r: r["id"], "ordered_at": lambda r: date_fn(r["date"]),
        "customer_id": lambda r: r["customer"], "amount": lambda r: money_fn(r["amount"]),
        "status": lambda r: statuses[r["cancelled"]],
    }
    return Shape(name, "orders", [(f, h, values[f]) for f, h in headers.items()], "revenue", _revenue, **kw)


def tickets_shape(name, headers, states: dict[str, str], date_fn, **kw) -> Shape:
    values = {
        "ticket_id": lambda r: r["id"], "customer_id": lambda r: r["customer"],
        "created_at": lambda r: _opt(date_fn)(r["created"]), "status": lambda r: states[r["state"]],
        "category": lambda r: r["category"], "type": lambda r: r["category"], "priority": lambda r: r["priority"],
        "resolution_hours": lambda r: "" if r["days"] is None else str(r["days"]),
    }
    return Shape(name, "tickets", [(f, h, values[f]) for f, h in headers.items()], "resolution_rate",
                 _resolution_rate, **kw)


def leads_shape(name, headers, yes_no: tuple[str, str], date_fn, metric="leads", **kw) -> Shape:
    values = {
        "lead_id": lambda r: r["id"], "created_at": lambda r: _opt(date_fn)(r["created"]),
        "channel": lambda r: r["source"], "converted": lambda r: yes_no[0] if r["converted"] else yes_no[1],
    }
    expected = _conversions if metric == "conversions" else _leads
    return Shape(name, "leads", [(f, h, values[f]) for f, h in headers.items()], metric, expected, **kw)


def survey_shape(name, time_header, score_header, date_fn, **kw) -> Shape:
    columns = [("responded_at", time_header, lambda r: date_fn(r["at"])), ("score", score_header, lambda r: r["score"])]
    return Shape(name, "surveys", columns, "nps", _nps, **kw)


def spend_shape(name, headers, date_fn, money_fn, **kw) -> Shape:
    values = {"period_start": lambda r: date_fn(r["month"]), "channel": lambda r: r["channel"],
              "amount": lambda r: money_fn(r["cost"])}
    return Shape(name, "spend", [(f, h, values[f]) for f, h in headers.items()], "spend", _spend, **kw)


EN_STAGES = {"won": "Closed Won", "lost": "Closed Lost", "open": "Negotiation"}

SHAPES: list[Shape] = [
    # ------------------------------------------------------------------------------------------ deals
    deals_shape("deals_snake_case", {"deal_id": "deal_id", "customer_name": "account_name", "owner": "owner_name",
                                     "stage": "deal_stage", "amount": "deal_value", "created_at": "created_on",
                                     "closed_at": "close_date"}, EN_STAGES, iso, plain),
    deals_shape("deals_camel_case", {"deal_id": "opportunityId", "customer_name": "accountName",
                                     "owner": "ownerName", "stage": "stageName", "amount": "amountTotal",
                                     "created_at": "createdDate", "closed_at": "closeDate"},
                {"won": "won", "lost": "lost", "open": "proposal"}, mdy_slash, plain),
    deals_shape("deals_german", {"deal_id": "Verkaufschance-Nr.", "customer_name": "Kundenname",
                                 "owner": "Verantwortlicher", "stage": "Phase", "amount": "Betrag",
                                 "created_at": "Erstelldatum", "closed_at": "Abschlussdatum"},
                {"won": "Gewonnen", "lost": "Verloren", "open": "Angebot"}, dmy_dots, euro_suffix, delimiter=";"),
    deals_shape("deals_french", {"deal_id": "N° opportunité", "customer_name": "Nom du client",
                                 "owner": "Propriétaire", "stage": "Étape", "amount": "Montant",
                                 "created_at": "Date de création", "closed_at": "Date de clôture"},
                {"won": "Gagné", "lost": "Perdu", "open": "Négociation"}, dmy_slash, french_money, delimiter=";"),
    deals_shape("deals_spanish", {"deal_id": "ID de oportunidad", "customer_name": "Nombre del cliente",
                                  "owner": "Propietario", "stage": "Etapa", "amount": "Importe",
                                  "created_at": "Fecha de creación", "closed_at": "Fecha de cierre"},
                {"won": "Ganado", "lost": "Perdido", "open": "Negociación"}, dmy_slash, euro_suffix, delimiter=";"),
    deals_shape("deals_portuguese", {"deal_id": "ID da oportunidade", "customer_name": "Nome do cliente",
                                     "owner": "Responsável", "stage": "Etapa do negócio", "amount": "Valor",
                                     "created_at": "Data de criação", "closed_at": "Data de fechamento"},
                {"won": "Ganho", "lost": "Perdido", "open": "Em negociação"}, dmy_slash, brl, delimiter=";"),
    deals_shape("deals_traditional_chinese", {"deal_id": "商機編號", "customer_name": "客戶名稱",
                                              "owner": "負責人", "stage": "銷售階段", "amount": "商機金額",
                                              "created_at": "建立日期", "closed_at": "結單日期"},
                {"won": "贏單", "lost": "輸單", "open": "談判中"}, slash_ymd, plain, encoding="big5"),
    deals_shape("deals_japanese", {"deal_id": "商談番号", "customer_name": "取引先名", "owner": "担当者",
                                   "stage": "フェーズ", "amount": "金額", "created_at": "作成日",
                                   "closed_at": "クローズ日"},
                {"won": "受注", "lost": "失注", "open": "提案中"}, ja_date, yen),
    deals_shape("deals_abbreviated", {"deal_id": "Opp #", "customer_name": "Acct Name", "owner": "Sales Rep",
                                      "stage": "Stg", "amount": "Amt", "created_at": "Crtd Dt",
                                      "closed_at": "Cls Dt"}, EN_STAGES, mdy_slash, plain),
    Shape("deals_won_only", "deals", [
        ("deal_id", "deal_id", lambda r: r["id"]),
        ("closed_at", "won_date", lambda r: iso(r["closed"])),
        ("owner", "seller_id", lambda r: r["owner"]),
        ("amount", "declared_value", lambda r: plain(r["amount"])),
    ], "won_amount", lambda rows: round(sum(r["amount"] for r in rows), 2),
        records=lambda rows: [r for r in rows if r["outcome"] == "won"]),
    # ----------------------------------------------------------------------------------------- orders
    orders_shape("orders_german_invoices", {"order_id": "Rechnungsnummer", "ordered_at": "Rechnungsdatum",
                                            "customer_id": "Kunde", "amount": "Rechnungsbetrag",
                                            "status": "Status"},
                 {False: "bezahlt", True: "storniert"}, dmy_dots, euro_suffix, delimiter=";"),
    orders_shape("orders_french", {"order_id": "Numéro de commande", "ordered_at": "Date de commande",
                                   "customer_id": "Client", "amount": "Montant TTC", "status": "Statut"},
                 {False: "Payée", True: "Annulée"}, dmy_slash, french_money, delimiter=";"),
    orders_shape("orders_spanish", {"order_id": "Número de pedido", "ordered_at": "Fecha del pedido",
                                    "customer_id": "Cliente", "amount": "Importe total", "status": "Estado"},
                 {False: "Pagado", True: "Cancelado"}, dmy_slash, euro_suffix, delimiter=";"),
    orders_shape("orders_snake_case", {"order_id": "order_number", "ordered_at": "order_date",
                                       "customer_id": "customer_ref", "amount": "order_total_usd",
                                       "status": "order_status"},
                 {False: "completed", True: "cancelled"}, iso_time, plain),
    orders_shape("orders_camel_case", {"order_id": "orderId", "ordered_at": "orderDate",
                                       "customer_id": "customerId", "amount": "grandTotal", "status": "orderStatus"},
                 {False: "paid", True: "voided"}, mdy_slash, plain),
    orders_shape("orders_japanese", {"order_id": "注文番号", "ordered_at": "注文日", "customer_id": "顧客名",
                                     "amount": "合計金額", "status": "ステータス"},
                 {False: "支払済み", True: "キャンセル"}, ja_date, yen),
    orders_shape("orders_chinese_shop", {"order_id": "订单编号", "ordered_at": "下单时间", "customer_id": "买家账号",
                                         "amount": "实付金额(元)", "status": "订单状态"},
                 {False: "交易成功", True: "交易关闭"}, iso_time, plain, encoding="gb18030"),
    # ---------------------------------------------------------------------------------------- tickets
    tickets_shape("tickets_chinese_helpdesk", {"ticket_id": "工单号", "customer_id": "客户名称",
                                               "type": "问题类型", "created_at": "受理日期",
                                               "status": "处理状态", "resolution_hours": "处理天数"},
                  {"open": "处理中", "resolved": "已解决", "closed": "已关闭"}, slash_ymd, encoding="gb18030"),
    tickets_shape("tickets_german", {"ticket_id": "Ticket-Nr.", "customer_id": "Kunde", "category": "Kategorie",
                                     "created_at": "Erstellt am", "status": "Status", "priority": "Priorität"},
                  {"open": "Offen", "resolved": "Erledigt", "closed": "Geschlossen"}, dmy_dots, delimiter=";"),
    tickets_shape("tickets_french", {"ticket_id": "N° de ticket", "customer_id": "Client", "category": "Catégorie",
                                     "created_at": "Date de création", "status": "Statut"},
                  {"open": "Ouvert", "resolved": "Résolu", "closed": "Fermé"}, dmy_slash, delimiter=";"),
    tickets_shape("tickets_spanish", {"ticket_id": "Número de caso", "customer_id": "Cliente",
                                      "category": "Categoría", "created_at": "Fecha de creación", "status": "Estado"},
                  {"open": "Abierto", "resolved": "Resuelto", "closed": "Cerrado"}, dmy_slash),
    tickets_shape("tickets_snake_case", {"ticket_id": "case_id", "created_at": "opened_at", "status": "case_status",
                                         "priority": "priority_level", "resolution_hours": "days_to_resolve"},
                  {"open": "in_progress", "resolved": "solved", "closed": "closed"}, iso_time),
    tickets_shape("tickets_japanese", {"ticket_id": "問い合わせ番号", "customer_id": "顧客名",
                                       "created_at": "受付日時", "status": "ステータス", "category": "カテゴリ"},
                  {"open": "対応中", "resolved": "解決済み", "closed": "クローズ"}, ja_date),
    # ------------------------------------------------------------------------------------------ leads
    leads_shape("leads_mql_snake_case", {"lead_id": "mql_id", "created_at": "first_contact_date",
                                         "channel": "origin"}, ("", ""), iso),
    leads_shape("leads_german", {"lead_id": "Lead-ID", "created_at": "Erstellt am", "channel": "Quelle",
                                 "converted": "Konvertiert"}, ("ja", "nein"), dmy_dots, metric="conversions",
                delimiter=";"),
    leads_shape("leads_french", {"lead_id": "ID prospect", "created_at": "Date de création", "channel": "Origine",
                                 "converted": "Converti"}, ("oui", "non"), dmy_slash, metric="conversions",
                delimiter=";"),
    leads_shape("leads_camel_case", {"lead_id": "leadId", "created_at": "createdAt", "channel": "leadSource",
                                     "converted": "isConverted"}, ("true", "false"), iso_time, metric="conversions"),
    # ---------------------------------------------------------------------------------------- surveys
    survey_shape("survey_google_forms", "Timestamp",
                 "How likely are you to recommend us to a friend? (0-10)", lambda d: d.strftime("%m/%d/%Y %H:%M:%S")),
    survey_shape("survey_german", "Zeitstempel", "Wie wahrscheinlich empfehlen Sie uns weiter? (0-10)", dmy_dots),
    survey_shape("survey_traditional_chinese", "提交時間", "推薦意願(0-10分)", slash_ymd, encoding="big5"),
    survey_shape("survey_spanish", "Marca temporal", "¿Nos recomendaría? Puntuación de 0 a 10", dmy_slash),
    # ------------------------------------------------------------------------------------------ spend
    spend_shape("spend_german", {"period_start": "Monat", "channel": "Kanal", "amount": "Kosten"},
                lambda d: d.strftime("%m.%Y"), euro_suffix, delimiter=";"),
    spend_shape("spend_snake_case", {"period_start": "spend_date", "channel": "marketing_channel",
                                     "amount": "cost_usd"}, iso, plain),
    spend_shape("spend_japanese", {"period_start": "月", "channel": "チャネル", "amount": "広告費"},
                lambda d: f"{d.year}年{d.month}月", yen),
]
