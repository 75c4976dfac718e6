"""Commands over the numbers: metrics, explain, suggest."""

from __future__ import annotations

import argparse
import sys

from commands.common import (
    catalog_metric,
    parse_date,
    parse_filters,
    parse_period_arg,
    print_json,
    workspace,
)


def _list_metrics(args: argparse.Namespace) -> int:
    from metrics.catalog import CATALOG  # the catalog alone: listing it does not import the engine

    rows = [
        {"id": m.id, "class": m.cls, "unit": m.unit, "better": m.better, "label": m.label.en,
         "label_zh": m.label.zh}
        for m in CATALOG.values()
    ]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:<26} {row['class']:<4} {row['unit']:<9} {row['label']}  {row['label_zh']}")
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    # The engine's pandas-free core (metrics.series): a terminal command does not pay for importing pandas,
    # and the rows are written in one go (print per row cost a third of a second for 10,000 rows).
    if args.list or not args.metric:
        return _list_metrics(args)
    from metrics.facts import latest_data_date
    from metrics.query import MetricQuery
    from metrics.series import series

    metric = catalog_metric(args.metric)
    ws = workspace(args, read_only=True)
    fiscal = args.fiscal_start or int(ws.get_setting("fiscal_start_month", 1) or 1)
    result = series(ws, MetricQuery(args.metric, grain=args.grain, start=parse_date(args.date_from),
                                    end=parse_date(args.date_to), as_of=parse_date(args.as_of), by=args.by,
                                    fiscal_start=fiscal))
    records = result.records()
    if args.json:
        print_json([{"metric": args.metric, "period": r["period"], "period_start": r["period_start"],
                     "segment": r["segment"], "value": r["value"]} for r in records])
        return 0
    from i18n import fmt_value
    from i18n.messages import render
    from metrics.coverage import row_coverage

    spans = result.attrs["coverage"]
    lines = [f"{metric.label.en} ({metric.id}, {metric.unit}); data up to {latest_data_date(ws)}"]
    said_of: dict[tuple, str] = {}  # every segment of a period shares its coverage: one sentence per period
    for row in records:
        seg = f"  {row['segment']}" if row["segment"] is not None else ""
        key = (row["period_start"], row["days"], row["covered_days"])
        if key not in said_of:
            note = row_coverage(row, spans).note()
            said_of[key] = f"  ({render(note, 'en')})" if note is not None else ""
        said = said_of[key]
        lines.append(f"  {row['period']:<10}{seg:<24} {fmt_value(row['value'], metric.unit, 'en')}{said}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Why METRIC moved between two periods, split by the dimension that explains most (metrics/explain.py)."""
    from i18n import fmt_delta, fmt_value, t
    from i18n.explain_text import notes, sentence, table_rows
    from metrics.explain import explain

    metric = catalog_metric(args.metric)
    filters = parse_filters(args.filter)
    ws = workspace(args)
    period = parse_period_arg(ws, args.period)
    against = parse_period_arg(ws, args.against) if args.against else None
    result = explain(ws, args.metric, period, as_of=parse_date(args.as_of), against=against, by=args.by,
                     filters=filters)
    if args.json:
        print_json(result.to_dict())
        return 0
    lang = getattr(args, "lang", None) or "en"
    print(t("explain.cli.header", lang, metric=metric.label.get(lang), previous=fmt_value(result.previous, metric.unit, lang),
            current=fmt_value(result.current, metric.unit, lang), change=fmt_delta(result.total_change, metric.unit, lang),
            period=result.period.label, against=result.against.label))
    print(sentence(result, metric.label.get(lang), lang))
    rows = table_rows(result, lang)
    for cells in [list(rows[0]) for _ in rows[:1]] + [list(r.values()) for r in rows]:  # column names, then parts
        print("  " + "  ".join(f"{v:>12}" if i else f"{v:<28}" for i, v in enumerate(cells)))
    for note in notes(result, lang) if result.total_change is not None else []:  # else the sentence said them
        print(note)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    """Targets for METRIC in a period from the changes it made before (okr/suggest.py)."""
    from i18n import fmt_value, t
    from i18n.suggest_text import offer_rows, why_none
    from okr.suggest import suggest

    metric = catalog_metric(args.metric)
    filters = parse_filters(args.filter)
    ws = workspace(args)
    period = parse_period_arg(ws, args.period)
    result = suggest(ws, args.metric, period, filters or None)
    if args.json:
        print_json(result.to_dict())
        return 0
    lang = getattr(args, "lang", None) or "en"
    print(t("suggest.cli.header", lang, metric=metric.label.get(lang), period=period.label,
            baseline=fmt_value(result.baseline, metric.unit, lang), previous=period.previous().label))
    for row in offer_rows(result, metric.unit, lang):
        print("  " + t("suggest.cli.offer", lang, offer=row["label"], target=row["target_text"],
                       change=row["change_text"], reached=row["reached_text"]))
    if why_none(result, lang):
        print(why_none(result, lang))
    return 0
