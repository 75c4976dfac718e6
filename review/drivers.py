"""What moved each key result and KPI the deck talks about: ``metrics.explain`` over the period to the as-of
date, split by the dimension that explains most; a KPI against the previous period to the same point (as its
tile), a key result against its baseline's window (okr/why.py, as the KR detail page).

The highlights and risks slide backs every key result and KPI it names with its biggest lift (a highlight) or
drag (a risk) on the slide and the whole driver sentence in the speaker notes; each deep dive shows the driver
sentence under its key figures.  An explanation is asked once per deck and language pair: the workspace
remembers it until the data changes (store/memo.py), so the English and Chinese decks share the work.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from i18n import t
from i18n.explain_text import TOP_DRIVERS, dim_label, segment_label, sentence
from i18n.explain_text import notes as explain_notes
from i18n.fmt import fmt_delta
from metrics.catalog import CATALOG, MetricUnavailable
from metrics.explain import Explanation, Part, PartKind, explain
from metrics.periods import Period
from metrics.query import freeze_filters
from okr.why import explained_against

NBSP = "\u00a0"  # a figure and its unit stay on one line ('+2.9 pts')
SLIDE_DRIVERS = 2  # segments named in a deep dive's driver line (the notes name TOP_DRIVERS)


def explanation(ws: Any, metric_id: str, period: Period, as_of: date, filters: dict | None = None, *,
                against: Period | None = None) -> Explanation | None:
    """The metric's change from ``against`` as a whole (default: the previous period to the same point), by its
    best dimension; None when the metric is not in the catalog or its data cannot say (the slide then shows no
    driver, never a guess)."""
    if metric_id not in CATALOG:
        return None

    def run() -> Explanation | None:
        try:
            return explain(ws, metric_id, period, as_of=as_of, against=against, filters=filters)
        except MetricUnavailable:  # the data cannot say
            return None
        except Exception:  # noqa: BLE001 - no driver rather than no deck (as the drill-down, slides_data.py)
            return None

    memo = getattr(ws, "memo", None)
    if memo is None:
        return run()
    return memo.get(("deck.explain", metric_id, period, as_of, against, freeze_filters(filters)), run)


def kr_explanation(ctx: Any, ks: Any) -> Explanation | None:
    """A key result's move from its baseline to its current value, over its own period, as-of date and filters,
    against its baseline's window (okr/why.py: the KR detail page uses the same rule)."""
    if ks.error:
        return None
    return explanation(ctx.ws, ks.metric, ks.period, ks.as_of, ks.kr.filters or None, against=explained_against(ks))


def top_driver(exp: Explanation | None, *, helped: bool) -> Part | None:
    """The segment that helped most (``helped``) or hurt most, by the metric's better direction."""
    if exp is None or exp.total_change is None or not exp.by:
        return None
    sign = 1.0 if exp.better == "higher" else -1.0
    if not helped:
        sign = -sign
    named = [p for p in exp.parts if p.kind is not PartKind.REST and sign * p.effect > 0]
    return max(named, key=lambda p: sign * p.effect, default=None)


def clause(exp: Explanation | None, lang: str, *, helped: bool) -> str:
    """'Biggest lift: Online Store (channel) +6.1 pts.' ('' when no segment moved that way)."""
    part = top_driver(exp, helped=helped)
    if part is None:
        return ""
    tag = t(f"explain.tag.{part.kind}", lang) if part.kind in (PartKind.NEW, PartKind.GONE) else ""
    text = t("review.drivers.lift" if helped else "review.drivers.drag", lang, segment=segment_label(part, lang),
             dim=dim_label(exp.by, lang) + (t("explain.separator", lang) + tag if tag else ""),
             change=fmt_delta(part.effect, exp.unit, lang).replace(" ", NBSP))
    return ("" if lang == "zh" else " ") + text


def note(exp: Explanation | None, label: str, lang: str, *, top: int = TOP_DRIVERS) -> str:
    """'Why it moved (against 2026-Q2 to the same point): Win rate +2.4 pts by Product: ...' ('' without one)."""
    if exp is None:
        return ""
    key = "review.drivers.note_whole" if exp.against_end >= exp.against.end else "review.drivers.note"
    return t(key, lang, against=exp.against.label, sentence=sentence(exp, label, lang, top=top))


def speaker_lines(exp: Explanation | None, label: str, lang: str) -> list[str]:
    """The driver sentence and what qualifies it (no dimension to split by, what is not attributable) for the
    speaker notes; the reasons a change cannot be explained are the sentence itself."""
    why = note(exp, label, lang)
    if not why:
        return []
    return [why] + (explain_notes(exp, lang) if exp.total_change is not None else [])


def backing(exp: Explanation | None, label: str, lang: str, *, helped: bool) -> tuple[str, list[str]]:
    """(the clause a bullet ends with, the speaker-note lines under it) for a highlight or a risk."""
    return clause(exp, lang, helped=helped), speaker_lines(exp, label, lang)


__all__ = ["Explanation", "backing", "clause", "explanation", "kr_explanation", "note", "speaker_lines",
           "top_driver"]
