"""Synthetic CRM data generated directly in DuckDB (range() + random()) for the metric benchmark."""

from __future__ import annotations

from store import Workspace

START = "2023-10-01"  # one quarter of history before the 8 measured quarters (2024-Q1 .. 2025-Q4)
DAYS = 822  # up to 2025-12-31


def _pick(values: list[str], r: str) -> str:
    arr = "[" + ", ".join("'" + v + "'" for v in values) + "]"
    return f"{arr}[1 + floor({r} * {len(values)})::INT]"


def _ts(days: str) -> str:
    return f"(TIMESTAMP '{START}' + to_seconds(CAST(({days}) * 86400 AS BIGINT)))"


def generate(ws: Workspace, scale: float = 1.0, seed: float = 0.42) -> dict[str, int]:
    """Fill ``ws`` with deals, orders, tickets (1M/1M/200k at scale 1) and the other entities."""
    # Longer than 60 lines on purpose: one INSERT ... SELECT per entity, like the demo generator, is data.
    n = {
        "deals": int(1_000_000 * scale), "orders": int(1_000_000 * scale), "tickets": int(200_000 * scale),
        "customers": int(200_000 * scale), "leads": int(300_000 * scale), "activities": int(300_000 * scale),
        "surveys": int(100_000 * scale), "contacts": int(100_000 * scale),
    }
    nc = max(n["customers"], 10)
    owners = _pick(["Li Na", "Wang Wei", "Zhang Min", "Chen Jie", "Liu Yang", "Zhao Lei"], "random()")
    regions = _pick(["East", "North", "South", "West", "east"], "random()")
    channels = ["Referral", "Google Ads", "Trade show", "Website", "转介绍", "WeChat", "Email", "Partner"]
    chan = _pick(channels, "random()")
    cust = f"'C' || (1 + floor(random() * {nc})::INT)"
    with ws.write() as cur:
        cur.execute(f"SELECT setseed({seed})")
        cur.execute(f"""
            INSERT INTO deals (deal_id, deal_name, customer_id, owner, team, region, product, stage, status, amount,
                               created_at, closed_at, channel, lead_id, _upload_id, _row, _key, _extra)
            SELECT 'D' || i, 'Deal ' || i, {cust}, {owners}, {_pick(['Direct', 'Channel', 'Key accounts'], 'random()')},
                   {regions}, {_pick(['CRM', 'ERP', 'BI'], 'random()')},
                   CASE WHEN s < 0.3 THEN 'Closed Won' WHEN s < 0.6 THEN 'Closed Lost' ELSE 'Negotiation' END,
                   CASE WHEN s < 0.3 THEN 'won' WHEN s < 0.6 THEN 'lost' ELSE 'open' END,
                   CASE WHEN s >= 0.3 AND s < 0.45 THEN 0 ELSE round(1000 + random() * 20000, 2) END,
                   c, CASE WHEN s < 0.6 AND random() > 0.02 THEN c + to_seconds(CAST(random() * 120 * 86400 AS BIGINT))
                   END, {chan}, CASE WHEN random() < 0.3 THEN 'L' || (1 + floor(random() * {max(n['leads'], 1)})::INT)
                   END, 1, i, 'D' || i, map(['Country'], [{_pick(['CN', 'SG', 'US'], 'random()')}])
            FROM (SELECT i, random() AS s, {_ts(f'random() * {DAYS - 60}')} AS c FROM range({n['deals']}) r(i))""")
        cur.execute(f"""
            INSERT INTO orders (order_id, line_id, customer_id, ordered_at, amount, quantity, unit_price, product,
                                status, refund_amount, channel, region, _upload_id, _row, _key, _extra)
            SELECT 'O' || (i // 2), CAST(i % 2 AS VARCHAR), 'C' || (1 + hash(i // 2) % {nc}),
                   {_ts(f'(hash(i // 2) % 1000000) / 1000000.0 * {DAYS}')}, round(10 + random() * 500, 2), 1, NULL,
                   {_pick(['CRM', 'ERP', 'BI'], 'random()')},
                   CASE WHEN s < 0.05 THEN 'cancelled' WHEN s < 0.08 THEN 'refunded' ELSE 'completed' END,
                   CASE WHEN s >= 0.05 AND s < 0.08 THEN round(random() * 10, 2) END, {chan}, {regions},
                   1, i, 'O' || i, map(['Country'], ['CN'])
            FROM (SELECT i, random() AS s FROM range({n['orders']}) r(i))""")
        cur.execute(f"""
            INSERT INTO tickets (ticket_id, customer_id, created_at, first_response_at, resolved_at, status, resolved,
                                 type, is_complaint, channel, priority, agent, team, region, satisfaction,
                                 satisfaction_scale, _upload_id, _row, _key, _extra)
            SELECT 'T' || i, {cust}, c,
                   CASE WHEN random() < 0.9 THEN c + to_seconds(CAST(random() * 48 * 3600 AS BIGINT)) END,
                   CASE WHEN r < 0.8 THEN c + to_seconds(CAST(random() * 200 * 3600 AS BIGINT)) END,
                   CASE WHEN r < 0.8 THEN 'Resolved' ELSE 'Open' END, NULL,
                   {_pick(['Question', 'Complaint', 'Bug', 'Request', '投诉'], 'random()')}, NULL, {chan},
                   {_pick(['High', 'Medium', 'Low'], 'random()')}, {owners}, 'Service', {regions},
                   CASE WHEN random() < 0.3 THEN 1 + floor(random() * 5) END, 5, 1, i, 'T' || i, map([], [])
            FROM (SELECT i, random() AS r, {_ts(f'random() * {DAYS}')} AS c FROM range({n['tickets']}) r(i))""")
        cur.execute(f"""
            INSERT INTO customers (customer_id, customer_name, created_at, channel, region, segment, owner,
                                   _upload_id, _row, _key, _extra)
            SELECT 'C' || i, 'Customer ' || i, {_ts(f'random() * {DAYS} - 400')}, {chan}, {regions},
                   {_pick(['SMB', 'Mid-market', 'Enterprise'], 'random()')}, {owners}, 1, i, 'C' || i, map([], [])
            FROM range(1, {nc + 1}) r(i)""")
        cur.execute(f"""
            INSERT INTO leads (lead_id, created_at, channel, status, converted, converted_at, customer_id, owner,
                               region, _upload_id, _row, _key, _extra)
            SELECT 'L' || i, c, {chan}, CASE WHEN v THEN 'Converted' ELSE 'Open' END, v,
                   CASE WHEN v THEN c + INTERVAL 10 DAY END, CASE WHEN v THEN {cust} END, {owners}, {regions},
                   1, i, 'L' || i, map([], [])
            FROM (SELECT i, random() < 0.2 AS v, {_ts(f'random() * {DAYS}')} AS c
                  FROM range(1, {n['leads'] + 1}) r(i))""")
        cur.execute(f"""
            INSERT INTO activities (activity_id, owner, customer_id, type, occurred_at, team, region,
                                    _upload_id, _row, _key, _extra)
            SELECT 'A' || i, {owners}, {cust}, {_pick(['Call', 'Visit', 'Email', 'Meeting'], 'random()')},
                   {_ts(f'random() * {DAYS}')}, 'Sales', {regions}, 1, i, 'A' || i, map([], [])
            FROM range({n['activities']}) r(i)""")
        cur.execute(f"""
            INSERT INTO surveys (response_id, customer_id, ticket_id, responded_at, score, scale, channel, region,
                                 _upload_id, _row, _key, _extra)
            SELECT 'S' || i, {cust}, NULL, {_ts(f'random() * {DAYS}')}, floor(random() * 11), 10, {chan},
                   {regions}, 2, i, 'S' || i, map([], [])
            FROM range({n['surveys']}) r(i)""")
        cur.execute(f"""
            INSERT INTO contacts (contact_id, customer_id, customer_name, owner, channel, created_at, region,
                                  _upload_id, _row, _key, _extra)
            SELECT 'P' || i, {cust}, NULL, {owners}, {chan}, {_ts(f'random() * {DAYS}')}, {regions}, 4, i, 'P' || i,
                   map([], [])
            FROM range({n['contacts']}) r(i)""")
        cur.execute(f"""
            INSERT INTO spend (channel, period_start, amount, _upload_id, _row, _key, _extra)
            SELECT ch, m, round(5000 + random() * 50000, 2), 3, row_number() OVER (), ch || m, map([], [])
            FROM unnest({'[' + ', '.join("'" + c + "'" for c in channels) + ']'}) u(ch),
                 (SELECT unnest(generate_series(TIMESTAMP '{START}', TIMESTAMP '2025-12-01', INTERVAL 1 MONTH)) AS m)""")
    return ws.table_counts()
