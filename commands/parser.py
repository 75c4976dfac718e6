"""The command line's arguments, one function per group of commands (cli.py builds and runs them)."""

from __future__ import annotations

import argparse

from commands.data import cmd_backup, cmd_delete, cmd_demo, cmd_load, cmd_restore, cmd_tables
from commands.numbers import cmd_explain, cmd_metrics, cmd_suggest
from commands.okrs import cmd_okr, cmd_review


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="CRM OKR dashboard from the command line.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="workspace (DuckDB file or connection string); default $CRM_OKR_DB or "
                        "workspace/crm.duckdb")
    common.add_argument("--lang", choices=["en", "zh"],
                        help="language of reports and decks (default: the workspace's language, else $LANG)")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_data_commands, _number_commands, _okr_commands):
        add(sub, common)
    return parser


def _data_commands(sub, common: argparse.ArgumentParser) -> None:
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

    p = sub.add_parser("backup", parents=[common], help="write the whole workspace to one .zip file")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="restore a backup into a new workspace (--db)")
    p.add_argument("backup", metavar="FILE")
    p.set_defaults(func=cmd_restore)


def _number_commands(sub, common: argparse.ArgumentParser) -> None:
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


def _okr_commands(sub, common: argparse.ArgumentParser) -> None:
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
