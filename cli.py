"""The terminal twin of app.py: the same functions, so the CLI can check every number the UI shows.

    python cli.py load FILE... [--db PATH] [--entity E] [--source S] [--sheet NAME] [--map FIELD=HEADER ...]
                               [--replace] [--json]
    python cli.py tables [--db PATH] [--json]
    python cli.py delete UPLOAD_ID [--db PATH]
    python cli.py demo [--db PATH]
    python cli.py metrics METRIC [--grain G] [--by DIM] [--from DATE] [--to DATE] [--as-of DATE] [--json]
    python cli.py metrics --list
    python cli.py explain METRIC --period P [--against Q] [--by DIM] [--filter DIM=VALUE] [--json]
    python cli.py suggest METRIC --period P [--filter DIM=VALUE] [--json]
    python cli.py okr [--okrs FILE] [--period 2025-Q3] [--as-of DATE] [--lang zh|en] [--json]
    python cli.py review --period 2025-Q3 --out DIR [--okrs FILE] [--lang zh|en] [--format png,pptx,pdf] [--slides LIST]
    python cli.py backup --out FILE.zip [--db PATH]      python cli.py restore FILE.zip --db NEW_PATH

Errors are one line on stderr and exit code 2; set CRM_OKR_DEBUG=1 to see a traceback.
While the app serves the workspace file, the commands run inside the app (store/remote.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

EXIT_USER_ERROR = 2


class CLIError(Exception):
    """A user error raised by the CLI itself."""


def print_json(obj: Any) -> None:
    from store.jsonify import json_ready

    print(json.dumps(json_ready(obj), ensure_ascii=False, default=str))


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CLIError(f"{text!r} is not a date; write it as YYYY-MM-DD, for example 2025-09-30.") from None


# How long a command waits for a workspace file another command-line job holds (seconds).
LOCK_WAIT_ENV = "CRM_OKR_LOCK_WAIT"


def _workspace(args: argparse.Namespace):
    """The workspace: the app's own when the app runs this command (see serve_command), else the file."""
    shared = getattr(args, "workspace", None)
    if shared is not None:
        return shared
    from store import Workspace

    return Workspace(args.db or None, wait=float(os.environ.get(LOCK_WAIT_ENV, "60")))


# ------------------------------------------------------------------ commands
def cmd_load(args: argparse.Namespace) -> int:
    from ingest.read.ahead import ReadAhead  # cheap: the first file is parsed while DuckDB is imported

    mapping: dict[str, str | None] = {}
    for item in args.map or []:
        field, sep, header = item.partition("=")
        if not sep or not field.strip():
            raise CLIError(f"--map {item!r} should look like FIELD=Header, for example --map amount='Deal Value'.")
        mapping[field.strip()] = header if header != "" else None
    paths = [Path(name) for name in args.files]

    def read_ahead(i: int) -> ReadAhead | None:
        return ReadAhead(paths[i], sheet=args.sheet) if i < len(paths) and paths[i].is_file() else None

    ahead = read_ahead(0)
    ws = _workspace(args)
    from ingest import IngestError, load_export
    from store import WorkspaceError

    failed = 0
    for i, path in enumerate(paths):
        current, ahead = ahead, read_ahead(i + 1)  # the next file is read while this one loads
        try:
            if not path.is_file():
                raise CLIError(f"{path}: no such file; check the path.")
            report = load_export(
                ws,
                current or path,  # a path, not its bytes: DuckDB reads a UTF-8 CSV in place
                path.name,
                entity=args.entity,
                source=args.source,
                sheet=args.sheet,
                mapping=mapping or None,
                replace=args.replace,
            )
        except (CLIError, IngestError, WorkspaceError) as exc:
            # Each file is its own transaction: say what is wrong with this one and go on with the others.
            failed += 1
            message = str(exc).strip().splitlines()[0]
            prefix = "" if path.name in message else f"{path.name}: "
            print(f"error: {prefix}{message}", file=sys.stderr, flush=True)
            continue
        info = report.as_dict()
        if not info.get("already_loaded"):
            info["unavailable_metrics"] = _unavailable(ws, info["entity"])
        if args.json:
            print_json(info)
        else:
            _print_load_report(info)
        sys.stdout.flush()
    return EXIT_USER_ERROR if failed else 0


def _unavailable(ws, entity: str) -> dict[str, list[str]]:
    """The metrics over ``entity`` its data cannot give yet, with what is missing (the KPI explorer says the same)."""
    from metrics.facts import forget, unavailable_metrics

    forget(ws)  # the load changed the data
    return dict(unavailable_metrics(ws, entity))


def _print_load_report(info: dict) -> None:
    from i18n import fmt_number

    if info.get("already_loaded"):
        print(f"{info['file']}: already loaded (upload {info.get('upload_id')}); nothing changed.")
        return
    print(
        f"{info['file']}: {fmt_number(info['rows_loaded'])} {info['entity']} rows loaded, "
        f"{fmt_number(info['rows_rejected'])} rejected, {fmt_number(info.get('cells_unread', 0))} cells not read, "
        f"{fmt_number(info['records_replaced'])} replaced "
        f"(source: {info.get('source') or 'generic'}, upload {info.get('upload_id')})"
    )
    for field, header in (info.get("mapping") or {}).items():
        print(f"    {field:<22} <- {header}")
    for field, (low, high) in (info.get("date_ranges") or {}).items():
        print(f"    {field:<22} {low} .. {high}")
    from ingest import link_text, warning_text

    for link in info.get("links") or []:
        print(f"    link: {link_text(link, 'en')}")
    for warning in info.get("warnings") or []:
        print(f"    warning: {warning_text(warning, 'en')}")
    from metrics.catalog import get_metric

    for metric_id, missing in (info.get("unavailable_metrics") or {}).items():
        print(f"    unavailable: {get_metric(metric_id).label.get('en')}: {'; '.join(missing)}")


def cmd_tables(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    counts = ws.table_counts()
    uploads = ws.uploads()
    if args.json:
        print_json({"tables": counts, "uploads": uploads.to_dict(orient="records")})
        return 0
    print("table         rows")
    for name, count in counts.items():
        print(f"{name:<12} {count:>6,}")
    if len(uploads):
        print("\nuploads")
        for row in uploads.itertuples():
            print(
                f"  #{row.id:<4} {row.entity:<10} {row.rows_loaded:>8,} rows  {row.rows_rejected:>6,} rejected  "
                f"{row.file_name}"
            )
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    done = ws.undo_upload(args.upload_id)
    back = f"; {done.restored:,} rows it had replaced are back" if done.restored else ""
    print(f"Upload {args.upload_id} deleted; {done.removed:,} rows removed{back}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ingest.demo import load_demo

    ws = _workspace(args)
    reports = load_demo(ws)
    for info in reports:
        print(f"{info['file']}: {info['rows_loaded']:,} {info['entity']} rows")
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    from metrics import CATALOG, MetricQuery, compute, latest_data_date

    if args.list or not args.metric:
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
    if args.metric not in CATALOG:
        raise CLIError(f"Unknown metric {args.metric!r}; list them with `python cli.py metrics --list`.")
    ws = _workspace(args)
    fiscal = args.fiscal_start or int(ws.get_setting("fiscal_start_month", 1) or 1)
    as_of = _parse_date(args.as_of)
    frame = compute(ws, MetricQuery(args.metric, grain=args.grain, start=_parse_date(args.date_from), end=_parse_date(args.date_to), as_of=as_of, by=args.by, fiscal_start=fiscal))
    rows = [
        {
            "metric": args.metric,
            "period": r["period"],
            "period_start": r["period_start"],
            "segment": r.get("segment"),
            "value": r["value"],
        }
        for r in frame.to_dict(orient="records")
    ]
    if args.json:
        print_json(rows)
        return 0
    from i18n import fmt_value
    from i18n.messages import render
    from metrics.coverage import row_coverage
    from metrics.facts import Facts

    metric = CATALOG[args.metric]
    spans = Facts(ws).metric_spans(metric)
    print(f"{metric.label.en} ({metric.id}, {metric.unit}); data up to {latest_data_date(ws)}")
    for row, raw in zip(rows, frame.to_dict(orient="records"), strict=True):
        seg = f"  {row['segment']}" if row["segment"] is not None else ""
        note = row_coverage(raw, spans).note() if "covered_days" in raw else None
        said = f"  ({render(note, 'en')})" if note is not None else ""
        print(f"  {row['period']:<10}{seg:<24} {fmt_value(row['value'], metric.unit, 'en')}{said}")
    return 0


def _objectives(args: argparse.Namespace, ws):
    from okr.okr_read import load_okrs
    from okr.okr_write import load_from_workspace

    if args.okrs:
        path = Path(args.okrs)
        if not path.is_file():
            raise CLIError(f"{args.okrs}: no such OKR file; check the path.")
        from okr.validate import check_trackable

        objectives = load_okrs(path.read_text(encoding="utf-8-sig"), source=path.name)
        check_trackable(ws, objectives)  # a target that cannot be tracked is refused with its sentence
        return objectives
    objectives = load_from_workspace(ws)
    if not objectives:
        raise CLIError("The workspace has no objectives; pass --okrs okrs.yaml or add them in the OKR editor.")
    return objectives


def _lang(args: argparse.Namespace, ws) -> str:
    """--lang, else the workspace's language (Settings), else the terminal's ($LANG zh_CN... -> zh), else en."""
    if getattr(args, "lang", None):
        return args.lang
    chosen = ws.get_setting("language", None)
    if chosen in ("en", "zh"):
        return chosen
    return "zh" if os.environ.get("LANG", "").lower().startswith("zh") else "en"


def cmd_okr(args: argparse.Namespace) -> int:
    from i18n import fmt_percent, t
    from i18n.okr_text import issue_text, kr_row, objective_dict, title_in
    from okr.okr_write import objective_to_doc
    from okr.track import track

    ws = _workspace(args)
    objectives = _objectives(args, ws)
    statuses = track(ws, objectives, as_of=_parse_date(args.as_of), period_override=args.period)
    lang = args.lang = _lang(args, ws)
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
    ws = _workspace(args)
    objectives = _objectives(args, ws) if args.okrs else None
    args.lang = _lang(args, ws)
    ctx = deck_context(ws, period=args.period, as_of=_parse_date(args.as_of), lang=args.lang, objectives=objectives)
    deck = build_slides(ctx, slide_kinds(slides))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = write_outputs(deck, out, formats=formats, name=deck_file_name(ctx.period, args.lang))
    for path in written:
        print(path)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from store.backup import backup_workspace

    ws = _workspace(args)
    out = Path(args.out)
    out.write_bytes(backup_workspace(ws))
    print(f"Workspace backed up to {out} ({out.stat().st_size:,} bytes).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from store.backup import restore_workspace

    path = Path(args.backup)
    if not path.is_file():
        raise CLIError(f"{args.backup}: no such file; check the path.")
    from store import default_target

    target = args.db or default_target()
    ws = restore_workspace(path.read_bytes(), target)
    total = sum(ws.table_counts().values())
    print(f"Restored {len(ws.uploads())} uploads ({total:,} rows) into {target}.")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Why METRIC moved between two periods, split by the dimension that explains most (metrics/explain.py)."""
    from i18n import fmt_delta, fmt_value, t
    from i18n.explain_text import notes, sentence, table_rows
    from metrics import CATALOG, parse_period
    from metrics.explain import explain

    if args.metric not in CATALOG:
        raise CLIError(f"Unknown metric {args.metric!r}; list them with `python cli.py metrics --list`.")
    filters: dict[str, list[str]] = {}
    for item in args.filter or []:
        dim, sep, value = item.partition("=")
        if not sep or not dim.strip():
            raise CLIError(f"--filter {item!r} should look like DIM=VALUE, for example --filter region=East.")
        filters.setdefault(dim.strip(), []).append(value)
    ws = _workspace(args)
    fiscal = int(ws.get_setting("fiscal_start_month", 1) or 1)
    try:
        period = parse_period(args.period, fiscal)
        against = parse_period(args.against, fiscal) if args.against else None
    except ValueError:
        raise CLIError("Write periods as 2025-Q3, 2025-07, 2025-W07, 2025 or 2025-07-01..2025-09-30.") from None
    result = explain(ws, args.metric, period, as_of=_parse_date(args.as_of), against=against, by=args.by,
                     filters=filters)
    if args.json:
        print_json(result.to_dict())
        return 0
    lang, metric = getattr(args, "lang", None) or "en", CATALOG[args.metric]
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
    from metrics import CATALOG, parse_period
    from okr.suggest import suggest

    if args.metric not in CATALOG:
        raise CLIError(f"Unknown metric {args.metric!r}; list them with `python cli.py metrics --list`.")
    filters: dict[str, list[str]] = {}
    for item in args.filter or []:
        dim, sep, value = item.partition("=")
        if not sep or not dim.strip():
            raise CLIError(f"--filter {item!r} should look like DIM=VALUE, for example --filter region=East.")
        filters.setdefault(dim.strip(), []).append(value)
    ws = _workspace(args)
    try:
        period = parse_period(args.period, int(ws.get_setting("fiscal_start_month", 1) or 1))
    except ValueError:
        raise CLIError("Write the period as 2025-Q3, 2025-07, 2025-W07, 2025 or 2025-07-01..2025-09-30.") from None
    result = suggest(ws, args.metric, period, filters or None)
    if args.json:
        print_json(result.to_dict())
        return 0
    lang, metric = getattr(args, "lang", None) or "en", CATALOG[args.metric]
    print(t("suggest.cli.header", lang, metric=metric.label.get(lang), period=period.label,
            baseline=fmt_value(result.baseline, metric.unit, lang), previous=period.previous().label))
    for row in offer_rows(result, metric.unit, lang):
        print("  " + t("suggest.cli.offer", lang, offer=row["label"], target=row["target_text"],
                       change=row["change_text"], reached=row["reached_text"]))
    if why_none(result, lang):
        print(why_none(result, lang))
    return 0


# ------------------------------------------------------------------ parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="CRM OKR dashboard from the command line.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="workspace (DuckDB file or connection string); default $CRM_OKR_DB or "
                        "workspace/crm.duckdb")
    common.add_argument("--lang", choices=["en", "zh"],
                        help="language of reports and decks (default: the workspace's language, else $LANG)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("load", parents=[common], help="load CRM export files into the workspace")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--entity", help="deals, leads, customers, orders, tickets, surveys, activities or spend")
    p.add_argument("--source", help="source system preset, e.g. salesforce, hubspot, zoho, fxiaoke")
    p.add_argument("--sheet", help="workbook sheet to load")
    p.add_argument("--map", action="append", metavar="FIELD=HEADER", help="map a canonical field to a header")
    p.add_argument("--replace", action="store_true",
                   help="let a newer export replace the records of an earlier export of the same report")
    p.add_argument("--json", action="store_true", help="one JSON object per file")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("tables", parents=[common], help="row counts and the uploads registry")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("delete", parents=[common], help="delete an upload and exactly its rows")
    p.add_argument("upload_id", type=int)
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("demo", parents=[common], help="load the demo workspace")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("okr", parents=[common], help="track objectives and key results from the data")
    p.add_argument("--okrs", metavar="FILE", help="okrs.yaml (default: the objectives stored in the workspace)")
    p.add_argument("--period", help="evaluate every objective over this period, e.g. 2025-Q3")
    p.add_argument("--as-of", dest="as_of", metavar="DATE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_okr)

    p = sub.add_parser("review", parents=[common], help="write the quarterly review deck (PNG, PPTX, PDF)")
    p.add_argument("--period", help="e.g. 2025-Q3 (default: the quarter of the latest data)")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--okrs", metavar="FILE")
    p.add_argument("--as-of", dest="as_of", metavar="DATE")
    p.add_argument("--format", default="png,pptx,pdf", help="comma-separated: png, zip, pptx, pdf")
    p.add_argument("--slides", help="comma-separated slide kinds (default: all)")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("backup", parents=[common], help="write the whole workspace to one .zip file")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="restore a backup into a new workspace (--db)")
    p.add_argument("backup", metavar="FILE")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("metrics", parents=[common], help="compute a catalog metric by period and segment")
    p.add_argument("metric", nargs="?")
    p.add_argument("--list", action="store_true", help="list the catalog")
    p.add_argument("--grain", default="month", choices=["week", "month", "quarter", "year"])
    p.add_argument("--by", help="split by a dimension (owner, region, channel, ... or an original column)")
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--as-of", dest="as_of", metavar="DATE")
    p.add_argument("--fiscal-start", dest="fiscal_start", type=int, choices=range(1, 13), metavar="MONTH")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_metrics)
    p = sub.add_parser("explain", parents=[common], help="why a metric moved between two periods, by its drivers")
    p.add_argument("metric")
    p.add_argument("--period", required=True, help="e.g. 2025-Q3")
    p.add_argument("--against", help="the period compared with (default: the previous one, to the same point)")
    p.add_argument("--by", help="the dimension to split by (default: the one that explains most)")
    p.add_argument("--filter", action="append", metavar="DIM=VALUE", help="only rows where DIM is VALUE")
    p.add_argument("--as-of", dest="as_of", metavar="DATE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_explain)
    p = sub.add_parser("suggest", parents=[common], help="targets for a metric from the changes it made before")
    p.add_argument("metric")
    p.add_argument("--period", required=True, help="the key result's period, e.g. 2026-Q3")
    p.add_argument("--filter", action="append", metavar="DIM=VALUE", help="only rows where DIM is VALUE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_suggest)
    return parser


def _user_error_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [CLIError]
    for module, name in (
        ("store", "WorkspaceError"),
        ("ingest", "IngestError"),
        ("metrics", "MetricUnavailable"),
        ("okr.model", "OKRFileError"),
        ("review.deck", "DeckError"),
        ("review.render", "RenderUnavailable"),
    ):
        try:
            types.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):
            pass
    return tuple(types)


# Commands that work on the workspace: while an app serves the workspace file they run in the app.
ON_WORKSPACE = {"load", "tables", "delete", "demo", "metrics", "okr", "review", "backup", "explain", "suggest"}
PATH_ARGS = ("files", "okrs", "out", "backup")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.command in ON_WORKSPACE and not (args.command == "metrics" and (args.list or not args.metric)):
        from store import default_target
        from store.remote import forward

        code = forward(args.db or default_target(), argv, os.getcwd(), sys.stdout, sys.stderr)
        if code is not None:  # a running app holds the workspace and ran the command
            return code
    return run(args)


def serve_command(ws, argv: list[str], cwd: str) -> int:
    """Run a command another process sent to the app holding ``ws`` (store/remote.py), on ``ws`` itself.
    Paths are the sender's, relative to its working directory ``cwd``."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse printed why
        return int(exc.code or EXIT_USER_ERROR)
    for name in PATH_ARGS:
        value = getattr(args, name, None)
        if isinstance(value, list):
            setattr(args, name, [os.path.join(cwd, v) for v in value])
        elif isinstance(value, str):
            setattr(args, name, os.path.join(cwd, value))
    args.workspace = ws
    return run(args, in_app=True)


def run(args: argparse.Namespace, *, in_app: bool = False) -> int:
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("Interrupted; the workspace is unchanged by the unfinished step.", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # `cli.py tables | head`: the reader left; the work itself is done
        if not in_app:  # the app's own stdout is not ours to close
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("CRM_OKR_DEBUG"):
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if not isinstance(exc, _user_error_types()):
            message = f"Unexpected error ({type(exc).__name__}): {message}; rerun with CRM_OKR_DEBUG=1 for details."
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
