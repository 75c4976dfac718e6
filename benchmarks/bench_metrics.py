"""Benchmark: every catalog metric by quarter over 8 quarters, DuckDB (metrics.compute) vs pandas.

    .venv/bin/python -m benchmarks.bench_metrics            # 1M deals, 1M orders, 200k tickets
    .venv/bin/python -m benchmarks.bench_metrics --quick    # a tenth (also: python -m benchmarks metrics)

Data is generated directly in DuckDB (benchmarks/bench_data.py).  The pandas baseline
(benchmarks/bench_pandas.py) gets the tables already loaded as DataFrames (the load time is
reported separately and not counted).  Both sides are checked to give the same numbers.
A "page" is what the KPI overview computes on every interaction: for 8 headline metrics, the
running quarter to date, the previous quarter and a 12-month trend; it is timed on first run
and on a rerun (results are remembered until the data changes).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_data import generate  # noqa: E402
from benchmarks.bench_pandas import Baseline  # noqa: E402
from metrics import CATALOG, MetricQuery, compute, compute_many, forget, metric_value  # noqa: E402
from store import ENTITIES, Workspace  # noqa: E402

AS_OF = "2025-12-31"
EACH_TARGET, ONE_BY_ONE_TARGET = 1.5, 12.0  # issue 18: every metric >= 1.5x pandas, one by one >= 12x overall
HEADLINE = ["won_revenue", "revenue", "win_rate", "new_customers", "churn_rate", "csat", "nps",
            "first_response_hours"]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def page(ws: Workspace) -> float:
    """What the KPI overview computes on every rerun."""
    t0 = time.perf_counter()
    for mid in HEADLINE:
        metric_value(ws, MetricQuery(mid, start="2025-Q4", as_of="2025-11-15"))
        metric_value(ws, MetricQuery(mid, start="2025-Q3", as_of="2025-11-15"))
        compute(ws, MetricQuery(mid, grain="month", start="2024-12-01", as_of="2025-11-15"))
    return time.perf_counter() - t0


def fixed_cost(rounds: int = 10) -> tuple[float, float]:
    """(wall ms, CPU ms) of one compute(cache=False) on a workspace of 2,000 deals, where DuckDB's work on the
    rows is nil: what every question pays whatever the data (Python, planning, DuckDB's operators)."""
    ws = Workspace(":memory:")
    generate(ws, 0.002)
    queries = [MetricQuery(m, grain="quarter", start="2024-01-01", end="2026-01-01", as_of=AS_OF) for m in CATALOG]
    for query in queries:
        compute(ws, query, cache=False)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for query in queries:
            compute(ws, query, cache=False)
    n = rounds * len(queries)
    wall, cpu = (time.perf_counter() - t0) / n * 1000, (time.process_time() - c0) / n * 1000
    ws.close()
    return wall, cpu


def _all_at_once(ws: Workspace, base: Baseline, repeat: int, total_pd: float, cpu_pd: float,
                 mismatches: list[str]) -> tuple[float, float]:
    """compute_many over the whole catalog: (speed-up, CPU speed-up) against pandas one by one."""
    best_many = cpu_many = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        catalog = [MetricQuery(m, grain="quarter", start="2024-01-01", end="2026-01-01", as_of=AS_OF) for m in CATALOG]
        many = compute_many(ws, catalog, cache=False)
        best_many, cpu_many = min(best_many, time.perf_counter() - t0), min(cpu_many, time.process_time() - c0)
    for mid, df in many.items():
        got = {p: (None if v != v else float(v)) for p, v in zip(df["period"], df["value"], strict=True)}
        expected = base.run(mid)
        if got.keys() != expected.keys() or not all(_close(got[k], expected[k]) for k in got):
            mismatches.append(f"{mid} (compute_many)")
    return total_pd / best_many, cpu_pd / cpu_many


def run(scale: float = 1.0, repeat: int = 1) -> tuple[float, bool, bool]:
    """Print the side-by-side table; returns (one-by-one speed-up, same numbers everywhere, every metric at
    least EACH_TARGET times pandas)."""
    ws = Workspace(":memory:")
    t0 = time.perf_counter()
    counts = generate(ws, scale)
    print(f"generated in {time.perf_counter() - t0:.1f}s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    t0 = time.perf_counter()
    data = {name: ws.df(f'SELECT * FROM "{name}"') for name in ENTITIES}
    print(f"pandas load (not counted): {time.perf_counter() - t0:.1f}s")
    base = Baseline(data)

    print(f"\n{'metric':26s} {'duckdb ms':>10s} {'pandas ms':>10s} {'x':>7s} {'cpu x':>7s}  same numbers")
    total_db = total_pd = cpu_db = cpu_pd = 0.0
    mismatches = []
    slow: list[tuple[str, float]] = []
    for mid in CATALOG:
        best_db = best_pd = c_db = c_pd = float("inf")
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            df = compute(ws, MetricQuery(mid, grain="quarter", start="2024-01-01", end="2026-01-01", as_of=AS_OF), cache=False)
            best_db, c_db = min(best_db, time.perf_counter() - t0), min(c_db, time.process_time() - c0)
            t0, c0 = time.perf_counter(), time.process_time()
            expected = base.run(mid)
            best_pd, c_pd = min(best_pd, time.perf_counter() - t0), min(c_pd, time.process_time() - c0)
        got = {p: (None if v != v else float(v)) for p, v in zip(df["period"], df["value"], strict=True)}
        same = got.keys() == expected.keys() and all(_close(got[k], expected[k]) for k in got)
        if not same:
            mismatches.append(mid)
        total_db, total_pd, cpu_db, cpu_pd = total_db + best_db, total_pd + best_pd, cpu_db + c_db, cpu_pd + c_pd
        if best_pd / best_db < EACH_TARGET:
            slow.append((mid, best_pd / best_db))
        print(f"{mid:26s} {best_db * 1000:10.1f} {best_pd * 1000:10.1f} {best_pd / best_db:7.1f} {c_pd / c_db:7.1f}  "
              f"{'yes' if same else 'NO'}")
    one_by_one = total_pd / total_db
    print(f"\n{'all, one by one':26s} {total_db * 1000:10.1f} {total_pd * 1000:10.1f} {one_by_one:7.1f} "
          f"{cpu_pd / cpu_db:7.1f}")
    if slow:
        print(f"below {EACH_TARGET}x pandas: " + ", ".join(f"{m} {x:.1f}x" for m, x in slow))
    ratio, cpu_ratio = _all_at_once(ws, base, repeat, total_pd, cpu_pd, mismatches)
    print(f"{'all, compute_many':26s} {total_pd / ratio * 1000:10.1f} {total_pd * 1000:10.1f} {ratio:7.1f} "
          f"{cpu_ratio:7.1f}")
    print("(cpu x: pandas CPU time / DuckDB CPU time of all its threads; the machine load shows in wall times;\n"
          " compute_many is one statement for the catalog, sharing the cohort and churn work between metrics)")
    forget(ws)
    first = page(ws)
    rerun = page(ws)
    print(f"page (8 headline metrics: quarter to date, previous quarter, 12-month trend): first run {first:.2f}s, "
          f"rerun {rerun:.3f}s")
    wall, cpu = fixed_cost()
    print(f"fixed cost of one question (compute on 2,000 deals, every catalog metric): {wall:.1f} ms wall, "
          f"{cpu:.1f} ms CPU")
    print(f"overall speed-up: {ratio:.1f}x with compute_many, {one_by_one:.1f}x one metric at a time "
          f"(targets at full size: one by one >= {ONE_BY_ONE_TARGET:.0f}x, every metric >= {EACH_TARGET}x)")
    if mismatches:
        print("different numbers:", ", ".join(mismatches))
    ws.close()
    return one_by_one, not mismatches, not slow


def main(quick: bool = False, scale: float | None = None, repeat: int = 1) -> bool:
    """Full size: 1M deals, 1M orders, 200k tickets (quick: a tenth, the speed target is not judged)."""
    ratio, same, each = run(scale if scale is not None else 0.1 if quick else 1.0, repeat)
    return same and (quick or (each and ratio >= ONE_BY_ONE_TARGET))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data; the target is not judged")
    parser.add_argument("--scale", type=float, default=None, help="1.0 = 1M deals, 1M orders, 200k tickets")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per metric (both sides)")
    args = parser.parse_args()
    sys.exit(0 if main(args.quick, args.scale, args.repeat) else 1)
