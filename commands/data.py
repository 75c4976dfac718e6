"""Commands over the uploads: load, tables, delete, demo, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commands.common import EXIT_USER_ERROR, CLIError, print_json, workspace


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
    ws = workspace(args)
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
    ws = workspace(args)
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
    ws = workspace(args)
    done = ws.undo_upload(args.upload_id)
    back = f"; {done.restored:,} rows it had replaced are back" if done.restored else ""
    print(f"Upload {args.upload_id} deleted; {done.removed:,} rows removed{back}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ingest.demo import load_demo

    ws = workspace(args)
    reports = load_demo(ws)
    for info in reports:
        print(f"{info['file']}: {info['rows_loaded']:,} {info['entity']} rows")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from store.backup import backup_workspace

    ws = workspace(args)
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

