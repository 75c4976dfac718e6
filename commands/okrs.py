"""Commands over objectives: okr (tracking) and review (the deck)."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from commands.common import CLIError, language, parse_date, print_json, read_objectives, workspace


def cmd_okr(args: argparse.Namespace) -> int:
    from i18n import fmt_percent, t
    from i18n.okr_text import issue_text, kr_row, objective_dict, title_in
    from okr.okr_write import objective_to_doc
    from okr.track import track

    ws = workspace(args)
    objectives = read_objectives(args, ws)
    statuses = track(ws, objectives, as_of=parse_date(args.as_of), period_override=args.period)
    lang = args.lang = language(args, ws)
    if args.json:
        print_json([objective_dict(s, objective_to_doc(s.objective), lang) for s in statuses])
        return 0
    for obj in statuses:
        print(f"{obj.objective.id}  {title_in(obj.objective, lang)}  [{obj.period.label}, as of {obj.as_of}]  "
              f"score {fmt_percent(obj.score, lang, decimals=0)}  {t('status.' + obj.status, lang)}")
        for kr in obj.krs:
            row = kr_row(kr, lang)
            print(f"  {row['id']:<6} {row['title']}")
            print(f"         {kr.metric}: baseline {row['baseline']}, current {row['current']}, target {row['target']}; "
                  f"progress {row['progress']} (expected {row['expected']}), {t('status.' + kr.status, lang)}, "
                  f"score {row['score']}")
            print(f"         forecast {row['forecast']}; needed: {row['needed'] or '—'}")
            if row["error"]:
                print(f"         data: {row['error']}")
            if row["warnings"]:
                print(f"         SMART: {row['warnings']}")
        for issue in obj.warnings:
            print(f"  SMART: {issue_text(issue, lang)}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from review import render
    from review.deck import SLIDE_KINDS, build_slides, deck_context, deck_file_name, slide_kinds
    from review.export import write_outputs

    formats = {f.strip().lower() for f in args.format.split(",") if f.strip()}
    unknown = formats - {"png", "zip", "pptx", "pdf"}
    if unknown:
        raise CLIError(f"Unknown format {sorted(unknown)[0]!r}; use png, zip, pptx or pdf, e.g. --format png,pptx.")
    slides = None
    if args.slides:
        slides = [s.strip() for s in args.slides.split(",") if s.strip()]
        bad = [s for s in slides if s not in SLIDE_KINDS]
        if bad:
            raise CLIError(f"Unknown slide {bad[0]!r}; choose from {', '.join(SLIDE_KINDS)}.")
    ws = workspace(args)
    objectives = read_objectives(args, ws) if args.okrs else None
    args.lang = language(args, ws)
    # As on the Quarterly review page: the browser starts while the deck's numbers are computed (only when
    # something needs drawing; the PPTX alone needs no browser), so drawing does not wait for its start.
    drawing = render.Renderer() if formats & {"png", "zip", "pdf"} else contextlib.nullcontext()
    with drawing as renderer:
        ctx = deck_context(ws, period=args.period, as_of=parse_date(args.as_of), lang=args.lang,
                           objectives=objectives)
        deck = build_slides(ctx, slide_kinds(slides))
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        written = write_outputs(deck, out, formats=formats, name=deck_file_name(ctx.period, args.lang),
                                renderer=renderer)
    for path in written:
        print(path)
    return 0

