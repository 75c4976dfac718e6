"""SQL expressions that turn raw text cells into canonical values.

Everything here returns DuckDB SQL over a column expression; nothing loops over rows.  Formats that
need the column's values to decide (dates, decimal comma) live in ``ingest/plan/dates.py`` and
``ingest/plan/numbers.py``; this module holds placeholders, identifiers, booleans and the status
vocabularies (English and Chinese) that derive ``deals.status``, ``tickets.resolved`` and friends.
"""

from __future__ import annotations

from ingest.plan.numbers import sql_literal
from store.fold import fold_sql

# Cells that mean "no value".  Compared after trim and lower-casing.
PLACEHOLDERS: tuple[str, ...] = (
    "",
    " ",
    "\u3000",
    "select",
    "unknown",
    "not provided",
    "not available",
    "n/a",
    "na",
    "n.a.",
    "null",
    "none",
    "nil",
    "nan",
    "#n/a",
    "#na",
    "#value!",
    "#ref!",
    "undefined",
    "(blank)",
    "(none)",
    "(empty)",
    "--",
    "-",
    "—",
    "–",
    "——",
    "/",
    "?",
    "无",
    "暂无",
    "未知",
    "不详",
    "空",
    "请选择",
    "-请选择-",
    # German, French, Spanish, Portuguese, Japanese "not available"
    "n.v.", "k.a.", "keine angabe", "n.d.", "n/d", "non renseigné", "sin datos", "sin dato", "não informado",
    "該当なし", "不明",
)

TRUE_WORDS: tuple[str, ...] = (
    "yes",
    "y",
    "true",
    "t",
    "1",
    "1.0",
    "x",
    "✓",
    "✔",
    "√",
    "checked",
    "on",
    "是",
    "对",
    "有",
    "已转化",
    "已成交",
    "已流失",
    "已解决",
    "converted",
    "churned",
    "resolved",
    "ja", "oui", "sí", "si", "sim", "はい", "有り",
)
FALSE_WORDS: tuple[str, ...] = (
    "no",
    "n",
    "false",
    "f",
    "0",
    "0.0",
    "✗",
    "✘",
    "×",
    "unchecked",
    "off",
    "否",
    "不是",
    "没有",
    "未转化",
    "未成交",
    "未流失",
    "未解决",
    "not converted",
    # German, French, Spanish, Portuguese, Japanese
    "nein", "non", "não", "nao", "いいえ", "無", "否定",
)

# Folded (fold_label) stage / status words.  Prefix rules catch "Closed Won - Renewal" and friends.
WON_WORDS = ("won", "closedwon", "dealwon", "win", "赢单", "成交", "已成交", "赢得", "签约", "已签约", "赢", "贏單",
             "gewonnen", "auftragerhalten", "gagné", "gagne", "gagnée", "gagnee", "ganado", "ganada", "ganho", "ganha", "受注", "成約")
WON_PREFIXES = ("closedwon", "won")
WON_CONTAINS = ("赢单",)
LOST_WORDS = (
    "lost",
    "closedlost",
    "deallost",
    "lose",
    "输单",
    "丢单",
    "失败",
    "已输单",
    "已丢单",
    "输",
    "丢失",
    "outsold",
    "verloren", "perdu", "perdue", "perdido", "perdida", "失注", "輸單", "丟單",
    "canceled",
    "cancelled",
)
LOST_PREFIXES = ("closedlost", "lost")
LOST_CONTAINS = ("输单", "丢单")

RESOLVED_WORDS = (
    "closed",
    "resolved",
    "solved",
    "done",
    "completed",
    "complete",
    "fixed",
    "已解决",
    "已关闭",
    "已完成",
    "已结案",
    "关闭",
    "完成",
    "解决",
    "已处理",
    "结案",
    "已結案", "已解決", "已關閉", "關閉", "解決済み", "解決済", "完了", "クローズ", "対応済み",
    "erledigt", "gelöst", "geschlossen", "abgeschlossen", "résolu", "resolu", "fermé", "ferme", "clos", "clôturé",
    "resuelto", "cerrado", "resolvido", "fechado", "concluído", "concluido",
)
RESOLVED_PREFIXES = ("closed", "resolved", "solved")

CANCELLED_WORDS = (
    "cancelled",
    "canceled",
    "void",
    "voided",
    "已取消",
    "取消",
    "交易关闭",
    "已关闭",
    "作废",
    "已作废",
    "订单关闭",
    "storniert", "storno", "annulé", "annule", "annulée", "cancelado", "cancelada", "anulado", "anulada",
    "キャンセル", "取消済み", "已取消订单", "交易取消",
)
REFUNDED_WORDS = (
    "refunded",
    "refund",
    "returned",
    "已退款",
    "退款成功",
    "退款",
    "已退货",
    "退货",
    "退款完成",
    "erstattet", "rückerstattet", "remboursé", "rembolsado", "reembolsado", "返金済み", "返金",
)
COMPLETED_WORDS = (
    "completed",
    "complete",
    "交易成功",
    "已完成",
    "已签收",
    "delivered",
    "fulfilled",
    "paid",
    "已付款",
    "已支付",
    "shipped",
    "已发货",
    "bezahlt", "geliefert", "versendet", "abgeschlossen", "payé", "payée", "livré", "livrée", "pagado", "pagada",
    "entregado", "pago", "entregue", "concluído", "支払済み", "発送済み", "完了",
)

CONVERTED_WORDS = (
    "converted",
    "已转化",
    "转化",
    "customer",
    "qualified",
    "won",
    "已成交",
    "成交客户",
    "已成交客户",
)
CHURNED_WORDS = (
    "churned",
    "lost",
    "流失",
    "已流失",
    "cancelled",
    "canceled",
    "inactive",
    "former",
    "formercustomer",
    "停用",
    "已停用",
    "注销",
)

DEFAULT_COMPLAINT_TERMS: tuple[str, ...] = ("complaint", "complain", "投诉", "grievance", "申诉")

# Satisfaction written as words -> a 1..5 score.
RATING_WORDS: dict[str, int] = {
    "verysatisfied": 5,
    "extremelysatisfied": 5,
    "satisfied": 4,
    "neutral": 3,
    "dissatisfied": 2,
    "unsatisfied": 2,
    "verydissatisfied": 1,
    "verypoor": 1,
    "poor": 2,
    "good": 5,
    "great": 5,
    "excellent": 5,
    "okay": 3,
    "ok": 3,
    "bad": 1,
    "非常满意": 5,
    "很满意": 5,
    "满意": 4,
    "比较满意": 4,
    "一般": 3,
    "不满意": 2,
    "非常不满意": 1,
    "很不满意": 1,
}


def _in_list(words) -> str:
    return "(" + ", ".join(sql_literal(w) for w in words) + ")"


def _list(words) -> str:
    return "[" + ", ".join(sql_literal(w) for w in words) + "]"


def _set(words) -> str:
    """A constant MAP used as a hash set: ``map_contains(MAP {...}, x)`` is one hash probe per cell, where
    ``list_contains`` scans the ~50 placeholder words (~4x slower on a million cells) and a long ``IN (...)``
    is planned as a join."""
    return "MAP {" + ", ".join(f"{sql_literal(w)}: true" for w in dict.fromkeys(words)) + "}"


def is_placeholder_sql(col: str) -> str:
    return f"map_contains({_set(PLACEHOLDERS)}, lower(trim({col})))"


def clean_text_sql(col: str) -> str:
    """NULL for placeholders, else the text as it is.  Cells arrive trimmed from the reader (blank -> NULL),
    so no trim() here: on a million rows trimming costs more than everything else in this expression."""
    return f"(CASE WHEN map_contains({_set(PLACEHOLDERS)}, lower({col})) THEN NULL ELSE {col} END)"


def id_sql(col: str) -> str:
    """An identifier as text: '660737.0' -> '660737', '6.60737E+05' -> '660737'; leading zeros stay."""
    # The cheap test first: most ids have neither a dot nor an exponent, and regexes cost.
    return (
        f"(CASE WHEN NOT (contains({col}, '.') OR contains({col}, 'E') OR contains({col}, 'e')) THEN {col} "
        f"WHEN regexp_full_match({col}, '-?\\d+\\.0+') THEN regexp_replace({col}, '\\.0+$', '') "
        f"WHEN regexp_full_match({col}, '\\d(\\.\\d+)?[eE]\\+?\\d+') "
        f"THEN CAST(CAST(TRY_CAST({col} AS DOUBLE) AS HUGEINT) AS VARCHAR) ELSE {col} END)"
    )


def bool_sql(col: str) -> str:
    low = f"lower({col})"
    return (
        f"(CASE WHEN {low} IN {_in_list(TRUE_WORDS)} THEN TRUE "
        f"WHEN {low} IN {_in_list(FALSE_WORDS)} THEN FALSE END)"
    )


def _folded(col: str) -> str:
    return fold_sql(col)


def _matches(folded: str, words, prefixes=(), contains=()) -> str:
    parts = [f"{folded} IN {_in_list(words)}"]
    parts += [f"starts_with({folded}, {sql_literal(p)})" for p in prefixes]
    parts += [f"contains({folded}, {sql_literal(c)})" for c in contains]
    return "(" + " OR ".join(parts) + ")"


def outcome_sql(col: str) -> str:
    """'won' / 'lost' / NULL for one stage or status column (folded once, then matched)."""
    return (
        f"list_transform([{_folded(col)}], lambda fv: CASE "
        f"WHEN {_matches('fv', WON_WORDS, WON_PREFIXES, WON_CONTAINS)} THEN 'won' "
        f"WHEN {_matches('fv', LOST_WORDS, LOST_PREFIXES, LOST_CONTAINS)} THEN 'lost' END)[1]"
    )


def deal_status_sql(status_col: str | None, stage_col: str | None, outcomes: list[str] | None = None) -> str:
    """open | won | lost from an explicit status column (Pipedrive, Dynamics) and/or the stage.
    ``outcomes``: precomputed outcome_sql per present column (a lookup), in the same order."""
    cols = [c for c in (status_col, stage_col) if c]
    if not cols:
        return "CAST(NULL AS VARCHAR)"
    outcomes = outcomes or [outcome_sql(c) for c in cols]
    present = " OR ".join(f"{c} IS NOT NULL" for c in cols)
    return f"coalesce({', '.join(outcomes)}, CASE WHEN {present} THEN 'open' END)"


def folded_in_sql(col: str, words, prefixes=()) -> str:
    return f"list_transform([{_folded(col)}], lambda fv: {_matches('fv', words, prefixes)})[1]"


def order_status_sql(status_col: str | None) -> str:
    """completed | cancelled | refunded when the text says so, else the original text."""
    if status_col is None:
        return "CAST(NULL AS VARCHAR)"
    return (
        f"(CASE WHEN {folded_in_sql(status_col, REFUNDED_WORDS)} THEN 'refunded' "
        f"WHEN {folded_in_sql(status_col, CANCELLED_WORDS)} THEN 'cancelled' "
        f"WHEN {folded_in_sql(status_col, COMPLETED_WORDS)} THEN 'completed' ELSE {status_col} END)"
    )


def contains_any_sql(cols: list[str], terms) -> str:
    """TRUE when any of the text columns contains one of the terms (case-insensitive); NULL when all
    are NULL."""
    if not cols or not terms:
        return "CAST(NULL AS BOOLEAN)"
    text = " || ' ' || ".join(f"coalesce(lower({c}), '')" for c in cols)
    checks = " OR ".join(f"contains(t, {sql_literal(str(term).lower())})" for term in terms)
    present = " OR ".join(f"{c} IS NOT NULL" for c in cols)
    return f"(CASE WHEN {present} THEN list_transform([{text}], lambda t: {checks})[1] END)"


def rating_sql(col: str, number_sql: str) -> str:
    """A satisfaction score: a number, a rating word (Good/Okay/Bad, 满意/一般), '4 stars', or ★★★★."""
    f = _folded(col)
    words = " ".join(f"WHEN {sql_literal(w)} THEN {v}" for w, v in RATING_WORDS.items())
    return (
        f"coalesce({number_sql}, CAST(CASE {f} {words} END AS DOUBLE), "
        f"TRY_CAST(regexp_extract({col}, '^(\\d+(\\.\\d+)?)\\s*(stars?|星|分|points?)?$', 1) AS DOUBLE), "
        f"CASE WHEN regexp_full_match({col}, '[★☆]+') THEN CAST(length(replace({col}, '☆', '')) AS DOUBLE) "
        f"END)"
    )
