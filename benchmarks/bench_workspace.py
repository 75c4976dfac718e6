"""The page benchmarks' workspace at the issue's sizes, loaded the way a user gets one (issue 18).

    .venv/bin/python -m benchmarks.bench_workspace /tmp/ws.duckdb            # 5M deals, 1M orders, 200k tickets
    .venv/bin/python -m benchmarks.bench_workspace /tmp/ws.duckdb --scale 0.2

At scale 1: a Salesforce opportunity report of 5,000,000 deals (bench_growth.make_csv: "$1,234.56" amounts,
m/d/yyyy dates, 60 owners), a Zoho CRM sales-order export of 1,000,000 lines, a Zoho Desk ticket export of
200,000 tickets and a Salesforce leads report of 200,000 leads, all written by DuckDB and loaded with
`cli.py load` (so the uploads registry, reports and lineage are real), then objectives for the quarter that
holds the latest data, so the Objectives, KR detail and Review pages have key results to show.

A built workspace is kept beside its ``.ready`` marker and reused while the sizes match: the 5M build takes
about a minute, the page benchmark runs many times.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_growth import make_csv  # noqa: E402

FIVE_M = {"deals": 5_000_000, "orders": 1_000_000, "tickets": 200_000, "leads": 200_000}  # the big side
ONE_M = {"deals": 1_000_000, "orders": 200_000, "tickets": 40_000, "leads": 40_000}  # and its small side
START = "2023-01-01"  # make_csv's deals are created on 1,000 days from here and close up to 180 days later:
DAYS = 1175  # the other exports run to the deals' last close date, so no kind of data is stale at the end
CHANNELS = "['Web', 'Referral', 'Partner', 'Trade Show']"  # make_csv's lead sources: leads and deals share them


def sizes(big: bool, scale: float = 1.0) -> dict[str, int]:
    """Row counts per entity: the issue's 5M side (big) or 1M side, times ``scale``."""
    return {name: max(int(n * scale), 50) for name, n in (FIVE_M if big else ONE_M).items()}


def _copy(con, select: str, path: Path, rows: int) -> Path:
    con.execute(f"COPY ({select}) TO '{path}' (HEADER, FORCE_QUOTE *)", [rows])
    return path


def make_orders_csv(con, path: Path, rows: int) -> Path:
    """A Zoho CRM sales-order export: one line per order, ISO dates, an account per 25 orders."""
    return _copy(con, f"""
        SELECT 'SO-' || lpad(CAST(i AS VARCHAR), 9, '0') AS "SO Number",
               'Account ' || (hash(i * 3) % 50000) AS "Account Name",
               strftime(DATE '{START}' + CAST(hash(i * 29) % {DAYS} AS INTEGER), '%Y-%m-%d') AS "Invoice Date",
               CAST(round(20 + (hash(i * 31) % 200000) / 100.0, 2) AS VARCHAR) AS "Grand Total",
               ['CRM', 'ERP', 'BI'][1 + CAST(hash(i * 37) % 3 AS INTEGER)] AS "Product Name",
               CASE WHEN hash(i * 41) % 20 = 0 THEN 'Cancelled' ELSE 'Delivered' END AS "Status"
        FROM range(?) r(i)""", path, rows)


def make_tickets_csv(con, path: Path, rows: int) -> Path:
    """A Zoho Desk ticket export (the demo's shape): response and resolution hours, a 1-5 rating on a third."""
    return _copy(con, f"""
        SELECT CAST(7421000000000000 + i AS VARCHAR) AS "Ticket Id", 'Ticket ' || i AS "Subject",
               'Account ' || (hash(i * 3) % 50000) AS "Account Id",
               CASE WHEN hash(i * 43) % 5 = 0 THEN 'Open' ELSE 'Closed' END AS "Status",
               ['High', 'Medium', 'Low'][1 + CAST(hash(i * 47) % 3 AS INTEGER)] AS "Priority",
               ['Web', 'Phone', 'Email'][1 + CAST(hash(i * 53) % 3 AS INTEGER)] AS "Channel",
               ['Question', 'Complaint', 'Problem'][1 + CAST(hash(i * 59) % 3 AS INTEGER)] AS "Type",
               'Agent ' || (hash(i * 61) % 30) AS "Ticket Owner", 'Service' AS "Team",
               ['East', 'North', 'South', 'West'][1 + CAST(hash(i * 7) % 4 AS INTEGER)] AS "Region",
               strftime(TIMESTAMP '{START}' + to_seconds(CAST(hash(i * 67) % ({DAYS} * 86400) AS BIGINT)),
                        '%Y-%m-%d %H:%M:%S') AS "Created Time",
               CAST(round((hash(i * 71) % 7200) / 100.0, 2) AS VARCHAR) AS "First Response Time (in hours)",
               CASE WHEN hash(i * 43) % 5 <> 0 THEN CAST(round((hash(i * 73) % 30000) / 100.0, 2) AS VARCHAR)
                    END AS "Resolution Time (in hours)",
               CASE WHEN hash(i * 79) % 3 = 0 THEN CAST(1 + hash(i * 83) % 5 AS VARCHAR) END AS "Satisfaction Rating"
        FROM range(?) r(i)""", path, rows)


def make_leads_csv(con, path: Path, rows: int) -> Path:
    """A Salesforce leads report: a fifth converted, ten days later, to one of the deals' accounts."""
    return _copy(con, f"""
        SELECT 'LD' || lpad(CAST(i AS VARCHAR), 9, '0') AS "Lead ID",
               strftime(c, '%-m/%-d/%Y') AS "Created Date",
               {CHANNELS}[1 + CAST(hash(i * 19) % 4 AS INTEGER)] AS "Lead Source",
               CASE WHEN v THEN 'Converted' ELSE 'Open' END AS "Lead Status",
               CASE WHEN v THEN 'true' ELSE 'false' END AS "Converted",
               CASE WHEN v THEN strftime(c + 10, '%-m/%-d/%Y') END AS "Converted Date",
               CASE WHEN v THEN 'Account ' || (hash(i * 3) % 50000) END AS "Converted Account ID",
               'Owner ' || (hash(i * 5) % 60) AS "Lead Owner"
        FROM (SELECT i, hash(i * 89) % 5 = 0 AS v, DATE '{START}' + CAST(hash(i * 23) % {DAYS} AS INTEGER) AS c
              FROM range(?) r(i))""", path, rows)


def _load(db: Path, csv: Path) -> dict:
    """`cli.py load` in a fresh process, as a user would run it; its JSON report."""
    env = {**os.environ, "CRM_OKR_MAX_UPLOAD_MB": str(max(400, int(csv.stat().st_size / 1e6) + 50))}
    done = subprocess.run([sys.executable, "cli.py", "load", str(csv), "--db", str(db), "--json"], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"loading {csv.name} failed: {done.stderr.strip()[-500:] or done.stdout[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def objectives_for(period: str) -> list[dict]:
    """Three objectives over the deals, orders and tickets for ``period`` (the quarter of the latest data)."""
    def kr(kr_id: str, title: str, metric: str, target: dict) -> dict:
        return {"id": kr_id, "title": {"en": title}, "metric": metric, "target": target}

    return [
        {"id": "O1", "title": {"en": "Grow sales"}, "owner": "Owner 1", "team": "Sales", "period": period,
         "key_results": [
             kr("O1.1", "Won revenue +10%", "won_revenue", {"type": "relative_change", "change": 0.10}),
             kr("O1.2", "Win rate to 55%", "win_rate", {"type": "to_value", "value": 0.55}),
             kr("O1.3", "Sales cycle under 80 days", "sales_cycle_days", {"type": "to_value", "value": 80})]},
        {"id": "O2", "title": {"en": "Sell more online"}, "owner": "Owner 2", "team": "E-commerce",
         "period": period, "key_results": [
             kr("O2.1", "Revenue +5%", "revenue", {"type": "relative_change", "change": 0.05})]},
        {"id": "O3", "title": {"en": "Answer faster"}, "owner": "Agent 3", "team": "Service", "period": period,
         "key_results": [
             kr("O3.1", "First reply within 24 hours", "first_response_hours", {"type": "stay_below", "value": 24}),
             kr("O3.2", "CSAT to 45%", "csat", {"type": "to_value", "value": 0.45})]},
    ]


def _add_objectives(db: Path) -> str:
    from metrics import latest_data_date, period_containing
    from store import Workspace

    ws = Workspace(str(db))
    try:
        period = period_containing(latest_data_date(ws), "quarter", 1).label
        ws.save_objectives(objectives_for(period))
    finally:
        ws.close()
    return period


def build(db: Path, counts: dict[str, int], *, log=print) -> dict:
    """Write ``db`` from scratch: generated exports loaded one by one, then the objectives.  Returns what was
    built (the counts, each load's seconds), also kept in ``db``'s ``.ready`` marker."""
    import time

    import duckdb

    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    makers = {"deals": lambda con, p, n: make_csv(p, n), "orders": make_orders_csv, "tickets": make_tickets_csv,
              "leads": make_leads_csv}
    built: dict = {"counts": counts, "load_seconds": {}}
    con = duckdb.connect()
    with tempfile.TemporaryDirectory(prefix="crm-okr-pages-", dir=db.parent) as tmp:
        for entity, rows in counts.items():
            csv = makers[entity](con, Path(tmp) / f"{entity}.csv", rows)
            t0 = time.perf_counter()
            report = _load(db, csv)
            built["load_seconds"][entity] = round(time.perf_counter() - t0, 2)
            log(f"  loaded {report.get('rows_loaded', rows):,} {entity} in {built['load_seconds'][entity]:.1f}s")
            csv.unlink()  # the next export must fit beside the workspace
    con.close()
    built["period"] = _add_objectives(db)
    _marker(db).write_text(json.dumps(built))
    return built


def _marker(db: Path) -> Path:
    return db.with_name(db.name + ".ready")


def ensure(db: Path, counts: dict[str, int], *, log=print) -> dict:
    """The workspace at ``db`` with ``counts`` rows: reused when an earlier build made it, else built."""
    marker = _marker(db)
    if db.exists() and marker.exists():
        built = json.loads(marker.read_text())
        if built.get("counts") == counts:
            return built
    log(f"building {db} ({', '.join(f'{n:,} {e}' for e, n in counts.items())})")
    return build(db, counts, log=log)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--small", action="store_true", help="the 1M side (1M deals, 200k orders, 40k tickets)")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    print(json.dumps(ensure(args.db, sizes(not args.small, args.scale))))
