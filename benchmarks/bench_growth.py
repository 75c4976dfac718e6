"""Growth: how load and query costs grow with the data, two sizes side by side (issue 18).

    .venv/bin/python -m benchmarks.bench_growth               # 1M and 5M deals (the issue's sizes)
    .venv/bin/python -m benchmarks.bench_growth --scale 0.2   # 200k and 1M
    python -m benchmarks growth --quick                       # 50k and 250k (CI)

Per size, a Salesforce-style opportunities CSV ("$1,234.56" amounts, m/d/yyyy dates, 60 owners, two thirds of
the deals still open) is written by DuckDB and loaded with `cli.py load` in a fresh process (wall time, peak
RSS).  Then: the deal headline metrics one by one (in this process, results not remembered), and
`cli.py metrics pipeline_value` by month and by week and owner in fresh processes (start-up included).  The
open pipeline is also timed the way it was computed before issue 18 (every deal joined to every period end),
in the same run, so that its before/after ratio compares like with like.  The last column is big / small:
1.0 = constant, 5.0 = linear in the rows.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_ingest import _run  # noqa: E402

HEADLINE = ["won_revenue", "deals_won", "win_rate", "avg_deal_size", "sales_cycle_days", "pipeline_value"]
STAGES = ["Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"]
JOIN_TIMEOUT = 120.0  # seconds; the old join is stopped after this and reported as "> 120 s"
PIPELINE_TARGET = 1.0  # seconds for `cli.py metrics pipeline_value --grain week --by owner` at 5M


def make_csv(path: Path, rows: int) -> Path:
    """The opportunities export, written by DuckDB (a Python loop would take longer than the load)."""
    import duckdb

    stages = "[" + ", ".join(f"'{s}'" for s in STAGES) + "]"
    con = duckdb.connect()
    con.execute(f"""COPY (
        SELECT '006' || lpad(CAST(i AS VARCHAR), 12, '0') AS "Opportunity ID", 'Deal ' || i AS "Opportunity Name",
               'Account ' || (hash(i * 3) % 50000) AS "Account Name", 'Owner ' || (hash(i * 5) % 60) AS "Opportunity Owner",
               ['East', 'North', 'South', 'West'][1 + CAST(hash(i * 7) % 4 AS INTEGER)] AS "Region",
               {stages}[1 + CAST(hash(i * 11) % 6 AS INTEGER)] AS "Stage",
               '$' || format('{{:,.2f}}', 500 + (hash(i * 13) % 25000000) / 100.0) AS "Amount",
               strftime(c, '%-m/%-d/%Y') AS "Created Date",
               strftime(c + CAST(hash(i * 17) % 180 AS INTEGER), '%-m/%-d/%Y') AS "Close Date",
               ['Web', 'Referral', 'Partner', 'Trade Show'][1 + CAST(hash(i * 19) % 4 AS INTEGER)] AS "Lead Source"
        FROM (SELECT i, DATE '2023-01-01' + CAST(hash(i * 23) % 1000 AS INTEGER) AS c FROM range(?) r(i)))
        TO '{path}' (HEADER, FORCE_QUOTE *)""", [rows])
    con.close()
    return path


def _cli(*args: str) -> list[str]:
    return [sys.executable, "cli.py", *args]


def _load(csv: Path, db: Path) -> tuple[float, float]:
    os.environ["CRM_OKR_MAX_UPLOAD_MB"] = str(max(400, int(csv.stat().st_size / 1e6) + 50))
    return _run(_cli("load", str(csv), "--db", str(db), "--json"))


def _headline(db: Path) -> dict[str, float]:
    from metrics import MetricQuery, compute
    from store import Workspace

    ws = Workspace(str(db), read_only=True)
    out = {}
    for mid in HEADLINE:
        t0 = time.perf_counter()
        compute(ws, MetricQuery(mid, grain="quarter"), cache=False)
        out[mid] = time.perf_counter() - t0
    ws.close()
    return out


def _pipeline_sql(db: Path) -> tuple[float | None, float | None]:
    """Seconds of the open pipeline's statement by week and owner: from events (now), and as before issue 18,
    every deal joined to every period end (None: stopped after JOIN_TIMEOUT)."""
    from metrics.catalog import get_metric
    from metrics.compile import compile_metric
    from metrics.facts import Facts
    from metrics.query import MetricQuery
    from metrics.series import series_window as _series_window
    from metrics.sql_blocks import Ctx
    from store import Workspace

    ws = Workspace(str(db), read_only=True)
    m = get_metric("pipeline_value")
    # Aggregates a running total does not recognise: the compiler keeps the join (metrics/snapshot.py).
    joined = dataclasses.replace(m, aggs=tuple((name, f"{expr} + 0") for name, expr in m.aggs))
    query = MetricQuery("pipeline_value", grain="week", by="owner")
    spine = _series_window(Facts(ws), query, [m]).spine()
    cur = ws.cursor()
    times: list[float | None] = []
    for metric in (m, joined):
        sql, params = compile_metric(metric, Ctx("owner", []), spine)
        timer = threading.Timer(JOIN_TIMEOUT, cur.interrupt)
        timer.start()
        t0 = time.perf_counter()
        try:
            cur.execute(sql, params).fetchall()
            times.append(time.perf_counter() - t0)
        except Exception:  # interrupted
            times.append(None)
        finally:
            timer.cancel()
    ws.close()
    return times[0], times[1]


def measure(rows: int, tmp: Path) -> dict[str, float | None]:
    csv = make_csv(tmp / f"deals_{rows}.csv", rows)
    db = tmp / f"ws_{rows}.duckdb"
    load_s, load_mb = _load(csv, db)
    csv.unlink()  # the next size's file must fit beside the workspace
    row: dict[str, float | None] = {"load s": load_s, "load peak MB": load_mb}
    headline = _headline(db)
    row["headline metrics s (6)"] = sum(headline.values())
    row["pipeline month s (cli)"] = _run(_cli("metrics", "pipeline_value", "--db", str(db)))[0]
    row["pipeline week x owner s (cli)"] = _run(
        _cli("metrics", "pipeline_value", "--grain", "week", "--by", "owner", "--db", str(db)))[0]
    events, join = _pipeline_sql(db)
    row["  its statement: events s"] = events
    row["  as before issue 18: join s"] = join
    row["  join / events"] = join / events if join and events else None
    row["start-up s (cli metrics --list)"] = _run(_cli("metrics", "--list", "--db", str(db)))[0]
    return row


def _cell(value: float | None) -> str:
    return f"> {JOIN_TIMEOUT:.0f}" if value is None else f"{value:,.2f}"


def page_rows(quick: bool, scale: float) -> tuple[dict[str, dict[str, float | None]], bool]:
    """The pages' first visits at the same two sizes (bench_pages, on its workspaces of deals, orders, tickets
    and leads), as rows of the growth table; and whether their targets hold.  No rows without Chromium."""
    from benchmarks import bench_pages

    if bench_pages.chromium_path() is None:
        print("growth: page rows left out, Chromium is not installed (`sudo apt-get install chromium`)")
        return {}, True
    small, big, counts = bench_pages.run(quick, scale)
    ok = bench_pages.table(small, big, counts, check=counts[1] >= 5_000_000)
    rows: dict[str, dict[str, float | None]] = {}
    for name in big:
        rows[f"page {name} first visit s"] = {"small": small[name].first, "big": big[name].first}
        if big[name].widget is not None or small[name].widget is not None:
            rows[f"page {name} widget s"] = {"small": small[name].widget, "big": big[name].widget}
    return rows, ok


def main(quick: bool = False, scale: float | None = None) -> bool:
    scale = scale if scale is not None else 0.05 if quick else 1.0
    small, big = int(1_000_000 * scale), int(5_000_000 * scale)
    with tempfile.TemporaryDirectory(prefix="crm-okr-growth-") as tmp:
        rows = {n: measure(n, Path(tmp)) for n in (small, big)}
    pages, pages_ok = page_rows(quick, scale)
    for name, sides in pages.items():  # same deal counts: bench_workspace's sizes follow the 1M and 5M
        rows[small][name], rows[big][name] = sides["small"], sides["big"]
    print(f"\n{'':34s} {small:>12,} {big:>12,} {'ratio':>7s}")
    for name in rows[small]:
        a, b = rows[small][name], rows[big][name]
        ratio = f"{b / a:7.2f}" if a and b else "      -"
        cells = [_cell(v) if v is not None or ("join" in name and "/" not in name) else "-" for v in (a, b)]
        print(f"{name:34s} {cells[0]:>12s} {cells[1]:>12s} {ratio}")
    print("(ratio = big / small: 1.0 constant, 5.0 linear; wall times on a shared machine vary by a third)")
    week = rows[big]["pipeline week x owner s (cli)"] or 0.0
    if big >= 5_000_000:
        print(f"pipeline by week and owner at {big:,} deals: {week:.2f}s (target < {PIPELINE_TARGET:.1f}s)")
        return week < PIPELINE_TARGET and pages_ok
    return pages_ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50k and 250k deals")
    parser.add_argument("--scale", type=float, default=None, help="1.0 = 1M and 5M deals")
    args = parser.parse_args()
    sys.exit(0 if main(args.quick, args.scale) else 1)
