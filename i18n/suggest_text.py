"""Suggested targets (okr/suggest.py) and forecast backtests (okr/backtest.py) in words, for the editor, KR
detail, the CLI and the deck.  Duck-typed on the okr dataclasses (no import of okr), like i18n/okr_text.py."""

from __future__ import annotations

from typing import Any

from i18n import t
from i18n.fmt import fmt_delta, fmt_percent, fmt_value


def steps_word(grain: str | None, lang: str) -> str:
    """'quarters', '季度' ... for a period grain (a custom range: 'periods')."""
    return t(f"suggest.steps.{grain or 'period'}", lang)


def step_word(grain: str | None, lang: str) -> str:
    """'quarter', '季度' ... (one step of the grain)."""
    return t(f"suggest.step.{grain or 'period'}", lang)


def reached_text(offer: Any, grain: str | None, lang: str) -> str:
    return t("suggest.reached", lang, k=offer.reached, n=offer.of, steps=steps_word(grain, lang))


def offer_rows(suggestion: Any, unit: str, lang: str) -> list[dict[str, Any]]:
    """One row per offer: its kind, label, target (number and text), change and "reached in k of n"."""
    grain = suggestion.period.grain
    return [{"kind": str(kind), "label": t(f"suggest.offer.{kind}", lang), "target": offer.target,
             "target_text": fmt_value(offer.target, unit, lang), "change_text": fmt_delta(offer.change, unit, lang),
             "reached_text": reached_text(offer, grain, lang)}
            for kind, offer in suggestion.offers.items()]


def why_none(suggestion: Any, lang: str) -> str | None:
    """Why there are no offers (None when there are)."""
    if suggestion.offers:
        return None
    if suggestion.baseline is None:
        return t("suggest.no_baseline", lang, previous=suggestion.period.previous().label)
    return t("suggest.none", lang, steps=steps_word(suggestion.period.grain, lang), n=suggestion.history.n)


def history_rows(suggestion: Any, unit: str, lang: str) -> list[dict[str, str]]:
    return [{t("suggest.col.from", lang): s.start, t("suggest.col.to", lang): s.end,
             t("suggest.col.change", lang): fmt_delta(s.change, unit, lang)} for s in suggestion.history.steps]


def error_text(value: float | None, relative: bool, unit: str, lang: str) -> str:
    """An unsigned error: '6.2%' of the actual value, or '3.0 pts' of a rate."""
    if value is None:
        return "—"
    if relative:
        return fmt_percent(value, lang, decimals=1)
    return fmt_delta(value, unit, lang).lstrip("+")


def backtest_lines(bt: Any, unit: str, lang: str) -> list[str]:
    """'Forecasts at this point were off by ±6.2% in the last 8 quarters ...' and how that sets the range."""
    steps = steps_word(bt.grain, lang)
    if not bt.n:
        return [t("backtest.none", lang, steps=steps)]
    lines = [t("backtest.line", lang, error=error_text(bt.typical, bt.relative, unit, lang), n=bt.n, steps=steps,
               worst=error_text(bt.worst, bt.relative, unit, lang))]
    if bt.sets_range:
        lines.append(t("backtest.range", lang, band=error_text(bt.band, bt.relative, unit, lang)))
    return lines
