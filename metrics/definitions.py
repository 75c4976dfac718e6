"""How a metric is declared: one declarative definition per metric, compiled to SQL by ``metrics.compile``.

A :class:`Metric` says what it means (bilingual label, definition, formula), how it is read
(unit, better direction, class, aggregation over time), what data it needs (:class:`Need`,
with the sentence shown when the data is missing) and how it is computed:

* ``sources``: row sets (:class:`Source`, one entity each, alias ``t``) stacked with
  UNION ALL; each has an event time, a filter and named columns (a ``from_`` subquery becomes a
  named CTE, shared by the metrics that use the same one);
* ``aggs``: aggregate expressions over the stacked rows of one period and segment;
* ``value`` and ``secondary``: expressions over the aggregates (a ratio is kept as its
  numerator and denominator, so it is recomputed over any period, never averaged);
* ``per`` and ``inner``: an optional first aggregation per customer (repeat purchase);
* ``window``: ``in`` (event time inside the period) or ``open_at_end`` (a state at the
  period end, e.g. the open pipeline);
* ``parts`` + ``value``: a metric derived from other metrics of the same period and
  segment (``clv = avg_spend_per_customer / churn_rate``);
* ``builder``: the name of a compile function for the few metrics that need several
  steps (first purchase, churn).

SQL text here only uses canonical column names; values come from bound parameters such
as ``$complaint_re`` that the engine fills from the workspace settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from i18n.messages import Text
from store.fold import fold_sql


class MetricClass(StrEnum):
    KPI = "KPI"  # a result
    KBI = "KBI"  # business activity and behaviour
    KCI = "KCI"  # the customer relationship


class Unit(StrEnum):
    COUNT = "count"
    CURRENCY = "currency"
    PERCENT = "percent"  # a fraction: 0.25 is 25%
    HOURS = "hours"
    DAYS = "days"
    SCORE = "score"
    NUMBER = "number"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Aggregation(StrEnum):
    ADDITIVE = "additive"
    RATIO = "ratio"
    DISTINCT = "distinct"
    MEDIAN = "median"
    SNAPSHOT = "snapshot"


CLASSES = {
    "KPI": ("Key performance indicator: a result", "关键绩效指标（KPI）：结果"),
    "KBI": ("Key behaviour indicator: business activity and behaviour", "关键行为指标（KBI）：业务活动与行为"),
    "KCI": ("Key customer indicator: the customer relationship", "关键客户指标（KCI）：客户关系"),
}
UNITS = tuple(Unit)
AGGREGATIONS = {
    "additive": ("additive: counts and sums add up over time (months sum to the quarter)",
                 "可加：计数与求和可跨期相加（各月之和等于季度）"),
    "ratio": ("ratio: recomputed from its numerator and denominator over the whole period",
              "比率：按整个期间的分子与分母重新计算"),
    "distinct": ("distinct count: recomputed over the whole period (a customer counts once)",
                 "去重计数：按整个期间重新计算（同一客户只计一次）"),
    "median": ("distribution: median (and other percentiles) recomputed over the whole period",
               "分布：按整个期间重新计算中位数（及其他分位数）"),
    "snapshot": ("snapshot: the state at the end of the period (or as of the date)",
                 "时点：期末（或截至日期）的状态"),
}


class MetricUnavailable(Exception):
    """The data a metric needs is missing (or the metric or dimension does not exist).

    The message is one sentence saying what to load or choose; ``message("zh")`` gives it in Chinese.
    """

    def __init__(self, message: str, *, metric_id: str | None = None, needs: list[Text] | None = None,
                 zh: str | None = None, label: Text | None = None) -> None:
        super().__init__(message)
        self.metric_id = metric_id
        self.needs = needs or []
        self.zh = zh
        self.label = label  # the metric's name, for the Chinese sentence built from ``needs``

    def message(self, lang: str = "en") -> str:
        if lang != "zh":
            return str(self)
        if self.zh:
            return self.zh
        if self.needs and self.label is not None:
            return f"{self.label.zh}{'；'.join(n.zh for n in self.needs)}。"
        return str(self)




@dataclass(frozen=True)
class Need:
    """A data requirement; met when any alternative has at least one row.

    An alternative is ``"entity: a, b|c"``: rows of ``entity`` where ``a`` is set and
    ``b`` or ``c`` is set.  ``check`` is an optional SQL query returning a row when met.
    """

    text: Text
    alternatives: tuple[str, ...] = ()
    check: str = ""

    def parsed(self) -> list[tuple[str, list[list[str]]]]:
        out = []
        for alt in self.alternatives:
            entity, _, fields = alt.partition(":")
            groups = [[f.strip() for f in g.split("|") if f.strip()] for g in fields.split(",") if g.strip()]
            out.append((entity.strip(), groups))
        return out


@dataclass(frozen=True)
class Source:
    entity: str
    time: str
    cols: tuple[tuple[str, str], ...] = ()
    where: str = ""
    from_: str = ""  # a subquery used instead of the entity table (it must keep the entity columns)
    end: str = ""  # for window="open_at_end": when the row stops counting (NULL: never counted)


# Every declared metric by id, the catalog's and the internal helpers (filled by metrics.catalog).
REGISTRY: dict[str, Metric] = {}


@dataclass(frozen=True, kw_only=True)
class Metric:
    id: str
    cls: MetricClass
    unit: Unit
    better: Better
    aggregation: Aggregation
    entity: str
    time_field: str
    label: Text
    definition: Text
    formula: Text
    needs: tuple[Need, ...]
    sources: tuple[Source, ...] = ()
    aggs: tuple[tuple[str, str], ...] = ()
    value: str = ""
    secondary: tuple[tuple[str, str], ...] = ()  # (column, expression over the aggregates)
    zero_fill: tuple[str, ...] = ()  # secondary columns that are 0 (not null) in a period without rows
    window: str = "in"
    per: str = ""
    inner: tuple[tuple[str, str], ...] = ()
    parts: tuple[tuple[str, str], ...] = ()  # (alias, metric id)
    builder: str = ""
    alternatives: tuple[Text, ...] = ()
    settings: tuple[str, ...] = ()
    suggested_by: str = ""
    extra_entities: tuple[str, ...] = ()  # entities read by a builder beyond ``sources``
    # A cohort ratio that keeps growing after its period (leads convert for months): its running value is not
    # extrapolated; OKR tracking compares it with the previous period at the same age (okr/evaluate.py).
    matures: bool = False

    def __post_init__(self) -> None:  # the closed sets as enums, whatever the declaration wrote
        for name, kind in (("cls", MetricClass), ("unit", Unit), ("better", Better), ("aggregation", Aggregation)):
            object.__setattr__(self, name, kind(getattr(self, name)))

    @property
    def secondary_columns(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.secondary)

    def entities(self, catalog: dict[str, Metric] | None = None) -> tuple[str, ...]:
        """Every entity the metric reads (sources, builder, parts; parts looked up in ``catalog``, by default
        every declared metric)."""
        catalog = REGISTRY if catalog is None else catalog
        names = [s.entity for s in self.sources] + list(self.extra_entities)
        for _, part in self.parts:
            names += list(catalog[part].entities(catalog))
        return tuple(dict.fromkeys(names))


# --------------------------------------------------------------------------- SQL snippets (alias t)
def ratio(num: str, den: str) -> str:
    """num / den, null when den is 0 or null."""
    return f"CAST({num} AS DOUBLE) / nullif({den}, 0)"


fold = fold_sql  # the one label-folding rule (store/fold.py): 'Word-of mouth' = 'wordofmouth'


_WON_RE = "won|赢单|成交|签约|成单|赢得"
_LOST_RE = "lost|输单|丢单|失单|失败|流失"
_SLOW_STATE = (f"CASE WHEN regexp_matches(lower(coalesce(t.status, t.stage, '')), '{_LOST_RE}') THEN 'lost' "
               f"WHEN regexp_matches(lower(coalesce(t.status, t.stage, '')), '{_WON_RE}') THEN 'won' ELSE 'open' END")
# Fast paths first: ingest writes the canonical lower-case values, so the regular expressions rarely run.
DEAL_STATE = f"(CASE t.status WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' WHEN 'open' THEN 'open' ELSE {_SLOW_STATE} END)"
WON = f"(CASE t.status WHEN 'won' THEN true WHEN 'lost' THEN false WHEN 'open' THEN false ELSE {_SLOW_STATE} = 'won' END)"
ORDER_AMOUNT = "coalesce(t.amount, t.quantity * t.unit_price)"
CANCELLED = (
    "(CASE t.status WHEN 'completed' THEN false WHEN 'cancelled' THEN true WHEN 'refunded' THEN false "
    "ELSE coalesce(regexp_matches(lower(t.status), 'cancel|void|取消|作废|撤销|关闭订单'), false) END)"
)
REFUNDED = ("(CASE t.status WHEN 'refunded' THEN true WHEN 'completed' THEN false "
            "ELSE coalesce(regexp_matches(lower(t.status), '^(已)?退款$|^全额退款$'), false) END)")
ORDER_REFUND = f"coalesce(t.refund_amount, CASE WHEN {REFUNDED} THEN {ORDER_AMOUNT} ELSE 0 END)"
ORDER_NET = f"({ORDER_AMOUNT} - {ORDER_REFUND})"
ORDER_KEY = "coalesce(t.order_id, '#' || t._upload_id || ':' || t._row)"
HOURS_TO_FIRST_RESPONSE = (
    "coalesce(t.first_response_hours, date_diff('second', t.created_at, t.first_response_at) / 3600.0)"
)
HOURS_TO_RESOLUTION = "coalesce(t.resolution_hours, date_diff('second', t.created_at, t.resolved_at) / 3600.0)"
TICKET_RESOLVED = (
    "(CASE WHEN t.resolved IS NOT NULL THEN t.resolved WHEN t.resolved_at IS NOT NULL OR t.resolution_hours IS NOT NULL "
    "THEN true ELSE coalesce(regexp_matches(lower(t.status), "
    "'resolv|closed|solved|done|已解决|已关闭|已完成|关闭|解决'), false) END)"
)
COMPLAINT = (
    "(CASE WHEN t.is_complaint IS NOT NULL THEN t.is_complaint ELSE coalesce(regexp_matches("
    + fold("coalesce(t.type, '') || coalesce(t.category, '')")
    + ", $complaint_re), false) END)"
)


# A survey answer linked to a ticket replaces the ticket's own rating; for CSAT only a satisfaction survey does
# (an NPS answer, scale 10 given or inferred from the upload's highest score, asks another question).
SATISFACTION_SURVEY = (
    " AND coalesce(scale, CASE WHEN (SELECT max(score) FROM surveys x WHERE x._upload_id = surveys._upload_id)"
    " <= 5 THEN 5 WHEN (SELECT max(score) FROM surveys x WHERE x._upload_id = surveys._upload_id) <= 10"
    " THEN 10 ELSE 100 END) <> 10"
)


def rating_source(entity: str, *, satisfaction_only: bool = False) -> Source:
    """Satisfaction ratings with their scale (given, else inferred per upload: <=5, <=10, else 100).

    ``satisfaction_only`` leaves out survey answers on a 0-10 scale: by the surveys contract (scale 5 for
    CSAT, 10 for NPS) those answer "how likely are you to recommend us" and count for NPS only.  Ticket
    ratings on a 10-point scale stay satisfaction ratings.
    """
    if entity == "surveys":
        score, scale, time = "score", "scale", "t.responded_at"
        inner = ("SELECT s.*, m._mx FROM surveys s JOIN (SELECT _upload_id, max(score) AS _mx FROM surveys "
                 "GROUP BY _upload_id) m ON m._upload_id = s._upload_id WHERE s.score IS NOT NULL")
    else:
        score, scale, time = "satisfaction", "satisfaction_scale", "coalesce(t.resolved_at, t.created_at)"
        inner = (
            "SELECT s.*, m._mx FROM tickets s JOIN (SELECT _upload_id, max(satisfaction) AS _mx FROM tickets "
            "GROUP BY _upload_id) m ON m._upload_id = s._upload_id WHERE s.satisfaction IS NOT NULL AND "
            "(s.ticket_id IS NULL OR s.ticket_id NOT IN (SELECT ticket_id FROM surveys WHERE ticket_id IS NOT NULL"
            + (SATISFACTION_SURVEY if satisfaction_only else "")
            + "))"
        )
    scale_sql = f"coalesce(t.{scale}, CASE WHEN t._mx <= 5 THEN 5 WHEN t._mx <= 10 THEN 10 ELSE 100 END)"
    where = f"t.{score} >= 0 AND t.{score} <= {scale_sql}"
    if satisfaction_only and entity == "surveys":  # 0-10 survey answers are NPS
        where += f" AND {scale_sql} <> 10"
    return Source(
        entity,
        time,
        cols=(("score", f"t.{score}"), ("scale", scale_sql)),
        where=where,
        from_=f"({inner})",
    )
