"""Lead cohorts by channel and month: leads, conversion, spend, cost per lead, revenue and ROI at T+0..T+3.

Built from catalog metrics (new leads and cost per lead, lead conversion, channel_roi_tk with its revenue
and spend), so the Channels page, the CLI and the review deck show the same numbers as the KPI explorer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from i18n.messages import Message
from metrics.catalog import MetricUnavailable
from metrics.engine import compute
from metrics.facts import requirements
from metrics.periods import period_containing
from metrics.query import MetricQuery

HORIZONS = (0, 1, 2, 3)
KEYS = ["period", "period_start", "segment"]


def _series(ws: Any, metric_id: str, columns: dict[str, str], **kwargs: Any) -> pd.DataFrame | None:
    if requirements(ws, metric_id):
        return None
    try:
        frame = compute(ws, MetricQuery(metric_id, grain="month", by="channel", **kwargs))
    except MetricUnavailable:
        return None
    return frame[KEYS + list(columns)].rename(columns=columns)


def channel_cohorts(ws: Any, *, start: Any = None, end: Any = None, as_of: Any = None) -> pd.DataFrame:
    """One row per channel and lead month with the cohort's figures; empty when there are no leads by channel."""
    kwargs = {"start": start, "end": end, "as_of": as_of}
    leads = _series(ws, "new_leads", {"value": "leads"}, **kwargs)
    if leads is None or leads.empty:
        return pd.DataFrame(columns=["channel", "month", "month_start", "leads"])
    frames = [leads]
    conv = _series(ws, "lead_conversion_rate", {"value": "conversion"}, **kwargs)
    if conv is not None:
        frames.append(conv)
    cpl = _series(ws, "cost_per_lead", {"value": "cost_per_lead", "spend": "spend"}, **kwargs)
    if cpl is not None:
        frames.append(cpl)
    for k in HORIZONS:
        roi = _series(ws, f"channel_roi_t{k}", {"value": f"roi_t{k}", "revenue": f"revenue_t{k}"}, **kwargs)
        if roi is None:
            rev = _series(ws, f"channel_revenue_t{k}", {"value": f"revenue_t{k}"}, **kwargs)
            if rev is not None:
                frames.append(rev)
        else:
            frames.append(roi)
    out = frames[0]
    for frame in frames[1:]:
        out = out.merge(frame, on=KEYS, how="outer")
    out = out.rename(columns={"segment": "channel", "period": "month", "period_start": "month_start"})
    # A month the leads data does not reach is no cohort (its leads are "no data", never 0).
    out = out[out["channel"].notna() & out["leads"].notna()]
    if out.empty:
        return pd.DataFrame(columns=["channel", "month", "month_start", "leads"])
    out["month_start"] = pd.to_datetime(out["month_start"]).dt.date
    latest = as_of or max(out["month_start"])
    current = period_containing(latest if isinstance(latest, date) else pd.Timestamp(latest).date(), "month", 1)
    for k in HORIZONS:
        # A cohort is mature at T+k once month M+k has ended.
        out[f"mature_t{k}"] = [_months_between(m, current.start) > k for m in out["month_start"]]
    return out.sort_values(["month_start", "channel"]).reset_index(drop=True)


def _months_between(first: date, second: date) -> int:
    return (second.year - first.year) * 12 + second.month - first.month


def channel_summary(cohorts: pd.DataFrame) -> pd.DataFrame:
    """Totals per channel over the cohorts: leads, spend, revenue at each horizon, ROI recomputed from sums."""
    if cohorts.empty:
        return cohorts
    sums = {c: "sum" for c in cohorts.columns if c in ("leads", "spend") or c.startswith("revenue_t")}
    out = cohorts.groupby("channel", as_index=False).agg(sums)
    if "spend" in out:
        out["cost_per_lead"] = out["spend"] / out["leads"].where(out["leads"] > 0)
        for k in HORIZONS:
            if f"revenue_t{k}" in out:
                out[f"roi_t{k}"] = out[f"revenue_t{k}"] / out["spend"].where(out["spend"] > 0)
    return out.sort_values("leads", ascending=False).reset_index(drop=True)


def revenue_links(ws: Any) -> list[Message]:
    """Why lead cohorts get no revenue, link by link (empty when every link holds): leads need a channel, a
    way to the customer they became (a customer id on the lead, or a won deal with its lead id), and that
    customer needs won deals or orders."""
    if ws is None:
        return []
    leads = int(ws.scalar("SELECT count(*) FROM leads"))
    if leads == 0:
        return [Message("channels.link.no_leads", {})]
    out = []
    if not ws.scalar("SELECT count(channel) FROM leads"):
        out.append(Message("channels.link.no_channel", {"leads": leads}))
    with_customer = int(ws.scalar("SELECT count(customer_id) FROM leads"))
    deals_with_lead = int(ws.scalar("SELECT count(lead_id) FROM deals"))
    matched = int(ws.scalar("SELECT count(*) FROM deals d WHERE d.lead_id IN (SELECT lead_id FROM leads)"))
    if deals_with_lead and not matched:
        out.append(Message("channels.link.deal_leads_unmatched", {"deals": deals_with_lead}))
    if not with_customer and not deals_with_lead:
        out.append(Message("channels.link.no_customer_link", {}))
    revenue_rows = int(ws.scalar("SELECT (SELECT count(*) FROM orders WHERE customer_id IS NOT NULL) + "
                                 "(SELECT count(*) FROM deals WHERE customer_id IS NOT NULL)"))
    if not revenue_rows:
        out.append(Message("channels.link.no_revenue", {}))
    elif with_customer and not ws.scalar(
            "SELECT count(*) FROM leads l WHERE l.customer_id IN (SELECT customer_id FROM orders UNION "
            "SELECT customer_id FROM deals)"):
        out.append(Message("channels.link.customers_unmatched", {"leads": with_customer}))
    return out
