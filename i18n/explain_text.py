"""Why a metric moved, in words: the one formatter pages, the CLI and the deck use for metrics.explain.

``explain`` returns plain data (an ``Explanation`` with its parts and message codes); this module says it in a
language: "Win rate +3.4 pts by product: Office Furniture +4.5 pts (better), Color MFP −2.9 pts (worse),
mix −0.1 pts".  Duck-typed on the Explanation (no import of metrics), so the translation layer stays below the
domain.
"""

from __future__ import annotations

from typing import Any

from i18n import has, t
from i18n.fmt import fmt_delta, fmt_value
from i18n.messages import render

TOP_DRIVERS = 3


def dim_label(dim: str | None, lang: str = "en") -> str:
    """A dimension's name: the translated canonical field, or the original column's header as it is."""
    if not dim:
        return ""
    return t(f"dim.{dim}", lang) if has(f"dim.{dim}") else str(dim)


def segment_label(part: Any, lang: str = "en") -> str:
    """A part's name: the segment's value, "(blank)" for rows without one, "not attributable" for the rest."""
    if str(part.kind) == "rest":
        return t("explain.rest", lang)
    return part.segment if part.segment else t("explain.blank", lang)


def _tag(part: Any, better: str, lang: str) -> str:
    kind = str(part.kind)
    if kind in ("new", "gone"):
        return t(f"explain.tag.{kind}", lang)
    if part.rate_effect is None or part.rate_effect == 0:
        return ""
    up = part.rate_effect > 0
    return t("explain.tag.better" if up == (better == "higher") else "explain.tag.worse", lang)


def driver_text(part: Any, exp: Any, lang: str = "en") -> str:
    """One driver: its segment, its effect (the rate effect for a ratio's segment) and what it did."""
    shift_share = str(exp.method) == "shift_share" and str(part.kind) == "segment"
    value = part.rate_effect if shift_share and part.rate_effect is not None else part.change
    tag = _tag(part, exp.better, lang) if str(exp.method) == "shift_share" or str(part.kind) != "segment" else ""
    change = fmt_delta(value, exp.unit, lang)
    segment = segment_label(part, lang)
    return t("explain.driver_tagged", lang, segment=segment, change=change, tag=tag) if tag else \
        t("explain.driver", lang, segment=segment, change=change)


def sentence(exp: Any, metric_label: str, lang: str = "en", *, top: int = TOP_DRIVERS, short: bool = False) -> str:
    """The one sentence naming the top drivers; the reason when there is no change to explain.  ``short``
    leaves out the metric and its change (a KPI tile shows them just above)."""
    if exp.total_change is None:
        return " ".join(render(m, lang) for m in exp.messages)
    change = fmt_delta(exp.total_change, exp.unit, lang)
    if exp.total_change == 0:  # segments can move while the total does not: "±0", not a bare "0"
        change = "±" + change.lstrip("+")
    if exp.total_change == 0 and all(p.change == 0 for p in exp.parts):
        return t("explain.unchanged", lang, metric=metric_label)
    drivers = _along(exp, top) if short else exp.drivers(top)
    if not exp.by or not drivers:
        return t("explain.sentence_plain", lang, metric=metric_label, change=change)
    items = [driver_text(p, exp, lang) for p in drivers]
    others, effects = _tail(exp, drivers, lang)
    items += others + ([] if short else effects)
    return t("explain.sentence_short" if short else "explain.sentence", lang, metric=metric_label, change=change,
             dim=dim_label(exp.by, lang), drivers=t("explain.separator", lang).join(items))


def _along(exp: Any, top: int) -> list:
    """The ``top`` drivers, those that moved the metric the way it went first (a tile's one line names what
    pushed it there, not what held it back)."""
    named = [p for p in exp.parts if str(p.kind) != "rest"]
    direction = 1.0 if exp.total_change >= 0 else -1.0
    return sorted(named, key=lambda p: (direction * p.effect <= 0, -abs(p.effect)))[:top]


def _tail(exp: Any, shown: list, lang: str) -> tuple[list[str], list[str]]:
    """After the top drivers: the other segments together; then the mix (ratios) and what is not attributable."""
    ratio = str(exp.method) == "shift_share"
    rest_of = [p for p in exp.parts if p not in shown and str(p.kind) != "rest"]
    others = []
    if rest_of:
        total = sum(p.effect for p in rest_of)
        others.append(t("explain.others", lang, n=len(rest_of), change=fmt_delta(total, exp.unit, lang)))
    effects = []
    if ratio and any(str(p.kind) == "segment" for p in exp.parts):
        mix = sum(p.mix_effect or 0.0 for p in exp.parts if str(p.kind) == "segment")
        effects.append(t("explain.mix", lang, change=fmt_delta(mix, exp.unit, lang)))
    rest = sum(p.change for p in exp.parts if str(p.kind) == "rest")
    if rest:
        effects.append(t("explain.driver", lang, segment=t("explain.rest", lang),
                         change=fmt_delta(rest, exp.unit, lang)))
    return others, effects


def notes(exp: Any, lang: str = "en") -> list[str]:
    """The explanation's messages as sentences (the dimension named in the language)."""
    out = []
    for message in exp.messages:
        if "dim" in message.params:
            out.append(t(message.key, lang, dim=dim_label(message.params["dim"], lang)))
        else:
            out.append(render(message, lang))
    return out


def versus(exp: Any, lang: str = "en") -> str:
    """"80.0% (2026-Q3, to 2026-08-16) against 76.2% (2026-Q2, to 2026-05-17)"."""
    from datetime import timedelta

    return t("explain.versus", lang, current=fmt_value(exp.current, exp.unit, lang), period=exp.period.label,
             end=(exp.period_end - timedelta(days=1)).isoformat(), previous=fmt_value(exp.previous, exp.unit, lang),
             against=exp.against.label, against_end=(exp.against_end - timedelta(days=1)).isoformat())


def table_rows(exp: Any, lang: str = "en") -> list[dict[str, str]]:
    """The parts as rows of text (segment, before, now, change, and the rate and mix effects of a ratio)."""
    ratio = str(exp.method) == "shift_share"
    rows = []
    for p in exp.parts:
        row = {t("explain.col.segment", lang): segment_label(p, lang),
               t("explain.col.previous", lang): fmt_value(p.previous, exp.unit, lang),
               t("explain.col.current", lang): fmt_value(p.current, exp.unit, lang),
               t("explain.col.change", lang): fmt_delta(p.change, exp.unit, lang)}
        if ratio:
            row[t("explain.col.rate", lang)] = fmt_delta(p.rate_effect, exp.unit, lang)
            row[t("explain.col.mix", lang)] = fmt_delta(p.mix_effect, exp.unit, lang)
        rows.append(row)
    return rows
