"""Small hand-made workspaces for the metric tests: canonical rows inserted directly with SQL."""

from __future__ import annotations

import math
from typing import Any

from store import ENTITIES, Workspace, quote_ident


def make_ws(**settings: Any) -> Workspace:
    ws = Workspace(":memory:")
    for key, value in settings.items():
        ws.set_setting(key, value)
    return ws


def insert(ws: Workspace, entity: str, rows: list[dict[str, Any]], upload_id: int = 1) -> None:
    """Insert ``rows`` (canonical field -> value; ``_extra`` a dict of original columns)."""
    fields = ENTITIES[entity].field_names
    with ws.write() as cur:
        start = cur.execute(f"SELECT coalesce(max(_row), 0) FROM {quote_ident(entity)}").fetchone()[0]
        for i, row in enumerate(rows, start=start + 1):
            unknown = set(row) - set(fields) - {"_extra", "_upload_id"}
            assert not unknown, f"not {entity} fields: {unknown}"
            cols = [c for c in fields if c in row]
            extra = row.get("_extra") or {}
            names = ", ".join(quote_ident(c) for c in cols + ["_upload_id", "_row", "_extra"])
            marks = ", ".join(["?"] * (len(cols) + 2) + ["map(?::VARCHAR[], ?::VARCHAR[])"])
            cur.execute(
                f"INSERT INTO {quote_ident(entity)} ({names}) VALUES ({marks})",
                [row[c] for c in cols] + [row.get("_upload_id", upload_id), i, list(extra), list(extra.values())],
            )


def values(df, column: str = "value") -> dict:
    """{period: value} (or {(period, segment): value} when any segment is named), NaN as None."""
    out = {}
    segmented = df["segment"].notna().any()
    for rec in df.to_dict("records"):
        key = (rec["period"], rec["segment"]) if segmented else rec["period"]
        v = rec[column]
        out[key] = None if v is None or (isinstance(v, float) and math.isnan(v)) else v
    return out


def approx(a: Any, b: Any, tol: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))


def edge_rows(first, last) -> dict[str, list[dict[str, Any]]]:
    """Every day from ``first`` to ``last`` (day n = 1, 2 ...): a deal closing that day, won on odd days, of 100;
    an order of 10 from customer c(n mod 10); a lead, converted when n is a multiple of 4 (tests/test_truth_table.py
    and the mid-quarter browser test read the same workspace)."""
    from datetime import datetime, timedelta

    deals, orders, leads = [], [], []
    day, n = first, 1
    while day <= last:
        at = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
        won = n % 2 == 1
        deals.append(dict(deal_id=f"D{n}", stage="Closed Won" if won else "Closed Lost",
                          status="won" if won else "lost", amount=100.0, created_at=at,
                          closed_at=at, owner="Ann" if n % 3 else "Bo"))
        orders.append(dict(order_id=f"O{n}", customer_id=f"c{n % 10}", ordered_at=at, amount=10.0,
                           status="completed"))
        leads.append(dict(lead_id=f"L{n}", created_at=at, converted=n % 4 == 0, channel="Web"))
        day += timedelta(days=1)
        n += 1
    return {"deals": deals, "orders": orders, "leads": leads}
