"""What every command shares: the workspace, dates, periods, filters, the language, errors and JSON."""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

EXIT_USER_ERROR = 2
# How long a command waits for a workspace file another command-line job holds (seconds).
LOCK_WAIT_ENV = "CRM_OKR_LOCK_WAIT"


class CLIError(Exception):
    """A user error raised by the CLI itself."""


def print_json(obj: Any) -> None:
    from store.jsonify import json_ready

    print(json.dumps(json_ready(obj), ensure_ascii=False, default=str))


def parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CLIError(f"{text!r} is not a date; write it as YYYY-MM-DD, for example 2025-09-30.") from None


def workspace(args: argparse.Namespace, *, read_only: bool = False):
    """The workspace: the app's own when the app runs this command (see serve_command), else the file.

    ``read_only``: a command that only reads opens an existing file read-only when its schema is current
    (no migration transaction, and other readers are not locked out); otherwise as a writer."""
    shared = getattr(args, "workspace", None)
    if shared is not None:
        return shared
    from store import Workspace, default_target
    from store.migrations import SCHEMA_VERSION

    wait = float(os.environ.get(LOCK_WAIT_ENV, "60"))
    target = args.db or default_target()
    if read_only and Path(target).is_file():
        ws = Workspace(target, read_only=True, wait=wait)
        if ws.schema_version() == SCHEMA_VERSION:
            return ws
        ws.close()
    return Workspace(args.db or None, wait=wait)


def read_objectives(args: argparse.Namespace, ws):
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


def language(args: argparse.Namespace, ws) -> str:
    """--lang, else the workspace's language (Settings), else the terminal's ($LANG zh_CN... -> zh), else en."""
    if getattr(args, "lang", None):
        return args.lang
    chosen = ws.get_setting("language", None)
    if chosen in ("en", "zh"):
        return chosen
    return "zh" if os.environ.get("LANG", "").lower().startswith("zh") else "en"



def parse_filters(items: list[str] | None) -> dict[str, list[str]]:
    """``--filter DIM=VALUE`` (repeatable) as {dim: [values]}."""
    filters: dict[str, list[str]] = {}
    for item in items or []:
        dim, sep, value = item.partition("=")
        if not sep or not dim.strip():
            raise CLIError(f"--filter {item!r} should look like DIM=VALUE, for example --filter region=East.")
        filters.setdefault(dim.strip(), []).append(value)
    return filters


def catalog_metric(metric_id: str):
    """The catalog metric, or the sentence that says how to list them."""
    from metrics import CATALOG

    if metric_id not in CATALOG:
        raise CLIError(f"Unknown metric {metric_id!r}; list them with `python cli.py metrics --list`.")
    return CATALOG[metric_id]


def parse_period_arg(ws, text: str):
    """A period label in the workspace's fiscal year."""
    from metrics import parse_period

    try:
        return parse_period(text, int(ws.get_setting("fiscal_start_month", 1) or 1))
    except ValueError:
        raise CLIError("Write the period as 2025-Q3, 2025-07, 2025-W07, 2025 or 2025-07-01..2025-09-30.") from None
