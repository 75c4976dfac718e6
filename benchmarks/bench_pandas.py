"""The catalog definitions written in straightforward pandas: the benchmark's baseline and cross-check.

Each function takes the entity DataFrames and returns ``{quarter label: value}`` for the
8 quarters 2024-Q1 .. 2025-Q4 (calendar quarters, the whole quarter).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from store.fold import FOLD_TABLE, fold_label

QS = pd.period_range("2024Q1", "2025Q4", freq="Q")
WON_RE, LOST_RE = "won|赢单|成交|签约|成单|赢得", "lost|输单|丢单|失单|失败|流失"
CANCEL_RE = "cancel|void|取消|作废|撤销|关闭订单"
REFERRAL = ["referral", "referred", "word of mouth", "转介绍", "老带新", "口碑", "推荐"]
COMPLAINT = ["complaint", "complain", "投诉", "客诉", "抱怨"]


def fold(s: pd.Series) -> pd.Series:
    return s.str.translate(FOLD_TABLE).str.lower()  # the catalog's label-folding rule (store/fold.py)


def terms(words: list[str]) -> str:
    return "|".join(re.escape(fold_label(w)) for w in words)


def out(series: pd.Series, fill: float | None = None) -> dict:
    s = series.reindex(QS)
    if fill is not None:
        s = s.fillna(fill)
    return {f"{p.year}-Q{p.quarter}": (None if pd.isna(v) else float(v)) for p, v in s.items()}


def ratio(num: pd.Series, den: pd.Series) -> dict:
    num, den = num.reindex(QS).fillna(0), den.reindex(QS).fillna(0)
    return out(num / den.where(den != 0))


def qtr(ts: pd.Series) -> pd.Series:
    return ts.dt.to_period("Q")


def deal_state(d: pd.DataFrame) -> pd.Series:
    s = d["status"].str.lower()
    other = ~s.isin(["won", "lost", "open"])
    if other.any():
        txt = d.loc[other, "status"].fillna(d.loc[other, "stage"]).fillna("").str.lower()
        s[other] = np.where(txt.str.contains(LOST_RE), "lost", np.where(txt.str.contains(WON_RE), "won", "open"))
    return s


def order_parts(o: pd.DataFrame) -> pd.DataFrame:
    st = o["status"].str.lower()
    cancelled = st.str.contains(CANCEL_RE).fillna(False).astype(bool)
    amount = o["amount"].fillna(o["quantity"] * o["unit_price"])
    refunded = (st == "refunded") | st.str.contains("^(?:已)?退款$|^全额退款$").fillna(False).astype(bool)
    refund = o["refund_amount"].fillna(amount.where(refunded, 0))
    key = o["order_id"].fillna("#" + o["_upload_id"].astype(str) + ":" + o["_row"].astype(str))
    return pd.DataFrame({"cust": o["customer_id"], "t": o["ordered_at"], "net": amount - refund, "okey": key,
                         "channel": o["channel"]})[~cancelled.to_numpy()]


class Baseline:
    def __init__(self, data: dict[str, pd.DataFrame]) -> None:
        self.d = data

    # ----------------------------------------------------------------- shared pieces
    def won(self) -> pd.DataFrame:
        d = self.d["deals"]
        return d[(deal_state(d) == "won").to_numpy()]

    def events(self) -> pd.DataFrame:
        o = order_parts(self.d["orders"])
        w = self.won()
        w = w[w["closed_at"].notna()]
        ev = pd.concat([o[["cust", "t"]], pd.DataFrame({"cust": w["customer_id"], "t": w["closed_at"]})])
        return ev[ev["cust"].notna()]

    def first_purchase(self) -> pd.DataFrame:
        o = order_parts(self.d["orders"])
        w = self.won()
        c = self.d["customers"]
        ev = pd.concat([o[["cust", "t"]].assign(channel=None),  # an order's channel is a sales channel
                        pd.DataFrame({"cust": w["customer_id"], "t": w["closed_at"], "channel": w["channel"]}),
                        pd.DataFrame({"cust": c["customer_id"], "t": c["created_at"], "channel": c["channel"]})])
        ev = ev[ev["cust"].notna() & ev["t"].notna()].sort_values("t", kind="stable")
        first = ev.groupby("cust").agg(t=("t", "first"), ev_channel=("channel", "first"))
        return first

    def ratings(self, satisfaction_only: bool = False) -> pd.DataFrame:
        """Survey answers and ticket ratings with their scale.  For CSAT (``satisfaction_only``) survey answers
        on a 0-10 scale are NPS answers and left out, as in the catalog (metrics/catalog.py rating_source)."""
        s, t = self.d["surveys"], self.d["tickets"]

        def scale(df: pd.DataFrame, score: str, given: str) -> pd.Series:
            mx = df.groupby("_upload_id")[score].transform("max")
            return df[given].fillna(pd.Series(np.where(mx <= 5, 5, np.where(mx <= 10, 10, 100)), index=df.index))

        s = s[s["score"].notna()]
        s = s.assign(_scale=scale(s, "score", "scale"))
        if satisfaction_only:
            s = s[s["_scale"] != 10]
        t = t[t["satisfaction"].notna() & ~t["ticket_id"].isin(s["ticket_id"].dropna())]
        r = pd.concat([pd.DataFrame({"t": s["responded_at"], "score": s["score"], "scale": s["_scale"]}),
                       pd.DataFrame({"t": t["resolved_at"].fillna(t["created_at"]), "score": t["satisfaction"],
                                     "scale": scale(t, "satisfaction", "satisfaction_scale")})])
        return r[r["t"].notna() & (r["score"] >= 0) & (r["score"] <= r["scale"])]

    def first_response(self) -> pd.DataFrame:
        t = self.d["tickets"]
        h = t["first_response_hours"].fillna((t["first_response_at"] - t["created_at"]).dt.total_seconds() / 3600)
        return pd.DataFrame({"q": qtr(t["created_at"]), "h": h})[t["created_at"].notna().to_numpy()]

    def complaints_by_q(self) -> pd.Series:
        t = self.d["tickets"]
        text = fold(t["type"].fillna("") + t["category"].fillna(""))
        flag = t["is_complaint"].astype("boolean").fillna(text.str.contains(terms(COMPLAINT)))
        return t[flag.fillna(False).astype(bool).to_numpy()].groupby(qtr(t["created_at"])).size()

    def active_by_q(self) -> pd.Series:
        ev = self.events()
        return ev.groupby(qtr(ev["t"]))["cust"].nunique()

    def churn_parts(self) -> tuple[pd.Series, pd.Series]:
        ev = self.events()
        sets = ev.groupby(qtr(ev["t"]))["cust"].agg(set)
        churned, base = {}, {}
        for p in QS:
            prev, cur = sets.get(p - 1, set()), sets.get(p, set())
            base[p], churned[p] = len(prev), len(prev - cur)
        return pd.Series(churned), pd.Series(base)

    def avg_spend_parts(self) -> tuple[pd.Series, pd.Series]:
        o = order_parts(self.d["orders"])
        o = o[o["cust"].notna()]
        g = o.groupby(qtr(o["t"]))
        return g["net"].sum(), g["cust"].nunique()

    def cohort_revenue(self, k: int) -> pd.Series:
        leads, deals = self.d["leads"], self.won()
        linked = deals[deals["lead_id"].notna() & deals["customer_id"].notna()]
        linked = linked.sort_values(["closed_at", "deal_id"])
        by_lead = linked.drop_duplicates("lead_id").set_index("lead_id")["customer_id"]
        leads = leads.assign(cust=leads["customer_id"].fillna(leads["lead_id"].map(by_lead)))
        first = leads[leads["cust"].notna() & leads["created_at"].notna()].sort_values(["created_at", "lead_id"])
        first = first.drop_duplicates("cust")
        o = order_parts(self.d["orders"])
        dw = deals[deals["customer_id"].notna() & deals["closed_at"].notna()]
        ev = pd.concat([o[["cust", "t", "net"]].rename(columns={"net": "amt"}),
                        pd.DataFrame({"cust": dw["customer_id"], "t": dw["closed_at"], "amt": dw["amount"]})])
        m0 = first["created_at"].dt.to_period("M").dt.start_time
        f = pd.DataFrame({"cust": first["cust"], "m0": m0, "m1": m0 + pd.DateOffset(months=k + 1),
                          "q": qtr(first["created_at"])})
        j = f.merge(ev[ev["cust"].notna()], on="cust")
        j = j[(j["t"] >= j["m0"]) & (j["t"] < j["m1"])]
        return j.groupby("q")["amt"].sum()

    def spend_by_q(self) -> pd.Series:
        s = self.d["spend"]
        return s.groupby(qtr(s["period_start"]))["amount"].sum()

    # ----------------------------------------------------------------- the metrics
    def won_revenue(self) -> dict:
        w = self.won()
        return out(w.groupby(qtr(w["closed_at"]))["amount"].sum(), 0)

    def deals_won(self) -> dict:
        w = self.won()
        return out(w.groupby(qtr(w["closed_at"])).size(), 0)

    def win_rate(self) -> dict:
        d = self.d["deals"]
        st = deal_state(d)
        q = qtr(d["closed_at"])
        won, lost = (st == "won").groupby(q).sum(), (st == "lost").groupby(q).sum()
        return ratio(won, won + lost)

    def avg_deal_size(self) -> dict:
        w = self.won()
        g = w.groupby(qtr(w["closed_at"]))
        return ratio(g["amount"].sum(), g.size())

    def sales_cycle_days(self) -> dict:
        w = self.won()
        days = w["sales_cycle_days"].fillna((w["closed_at"] - w["created_at"]).dt.total_seconds() / 86400)
        days = days[days >= 0]
        return out(days.groupby(qtr(w.loc[days.index, "closed_at"])).median())

    def pipeline_value(self) -> dict:
        d = self.d["deals"]
        st = deal_state(d)
        end = d["closed_at"].where(st != "open", pd.Timestamp.max)
        res = {}
        for p in QS:
            e = p.end_time.normalize() + pd.Timedelta(days=1)
            res[p] = d.loc[((d["created_at"] < e) & (end >= e)).to_numpy(), "amount"].sum()
        return out(pd.Series(res), 0)

    def new_contacts(self) -> dict:
        c = self.d["contacts"]
        return out(c.groupby(qtr(c["created_at"])).size(), 0)

    def new_leads(self) -> dict:
        ld = self.d["leads"]
        return out(ld.groupby(qtr(ld["created_at"])).size(), 0)

    def lead_conversion_rate(self) -> dict:
        ld, w = self.d["leads"], self.won()
        conv = (ld["converted"].fillna(False).astype(bool) | ld["converted_at"].notna()
                | ld["lead_id"].isin(w["lead_id"].dropna())
                | ld["status"].str.lower().str.contains("convert|已转化|转化|成交|^won$").fillna(False).astype(bool))
        q = qtr(ld["created_at"])
        return ratio(conv.groupby(q).sum(), ld.groupby(q).size())

    def activities(self) -> dict:
        a = self.d["activities"]
        return out(a.groupby(qtr(a["occurred_at"])).size(), 0)

    def cost_per_lead(self) -> dict:
        ld = self.d["leads"]
        return ratio(self.spend_by_q(), ld.groupby(qtr(ld["created_at"])).size())

    def revenue(self) -> dict:
        o = order_parts(self.d["orders"])
        return out(o.groupby(qtr(o["t"]))["net"].sum(), 0)

    def new_customers(self) -> dict:
        f = self.first_purchase()
        return out(f.groupby(qtr(f["t"])).size(), 0)

    def active_customers(self) -> dict:
        return out(self.active_by_q(), 0)

    def avg_spend_per_customer(self) -> dict:
        return ratio(*self.avg_spend_parts())

    def repeat_purchase_rate(self) -> dict:
        o = order_parts(self.d["orders"])
        o = o[o["cust"].notna()]
        per = o.groupby([qtr(o["t"]), o["cust"]])["okey"].nunique()
        q = per.index.get_level_values(0)
        return ratio((per >= 2).groupby(q).sum(), per.groupby(q).size())

    def churn_rate(self) -> dict:
        return ratio(*self.churn_parts())

    def retention_rate(self) -> dict:
        churned, base = self.churn_parts()
        return ratio(base - churned, base)

    def clv(self) -> dict:
        rev, n = self.avg_spend_parts()
        spend = (rev / n.where(n != 0)).reindex(QS)
        churned, base = self.churn_parts()
        churn = (churned / base.where(base != 0)).reindex(QS)
        return out(spend / churn.where(churn > 0))

    def referral_share(self) -> dict:
        f = self.first_purchase()
        c = self.d["customers"].drop_duplicates("customer_id").set_index("customer_id")["channel"]
        ld = self.d["leads"]
        ld = ld[ld["customer_id"].notna() & ld["channel"].notna()].sort_values("created_at")
        lch = ld.drop_duplicates("customer_id").set_index("customer_id")["channel"]
        ch = f.index.to_series().map(c).fillna(f.index.to_series().map(lch)).fillna(f["ev_channel"])
        ref = fold(ch.fillna("")).str.contains(terms(REFERRAL))
        q = qtr(f["t"])
        return ratio(ref.groupby(q).sum(), f.groupby(q).size())

    def follow_up_coverage(self) -> dict:
        ev, a = self.events(), self.d["activities"]
        act = set(zip(qtr(a["occurred_at"]), a["customer_id"], strict=True))
        pairs = pd.DataFrame({"q": qtr(ev["t"]), "cust": ev["cust"]}).drop_duplicates()
        pairs["f"] = [(q, c) in act for q, c in zip(pairs["q"], pairs["cust"], strict=True)]
        return ratio(pairs.groupby("q")["f"].sum(), pairs.groupby("q").size())

    def csat(self) -> dict:
        r = self.ratings(satisfaction_only=True)
        top = np.where(r["scale"] <= 10, r["score"] >= r["scale"] - 1, r["score"] >= 0.8 * r["scale"])
        q = qtr(r["t"])
        return ratio(pd.Series(top, index=r.index).groupby(q).sum(), r.groupby(q).size())

    def csat_score(self) -> dict:
        r = self.ratings(satisfaction_only=True)
        return out((r["score"] / r["scale"] * 100).groupby(qtr(r["t"])).mean())

    def nps(self) -> dict:
        r = self.ratings()
        r = r[r["scale"] == 10]
        q = qtr(r["t"])
        return ratio(100 * ((r["score"] >= 9).groupby(q).sum() - (r["score"] <= 6).groupby(q).sum()), r.groupby(q).size())

    def complaints(self) -> dict:
        return out(self.complaints_by_q(), 0)

    def complaint_rate(self) -> dict:
        return ratio(self.complaints_by_q(), self.active_by_q())

    def first_response_hours(self) -> dict:
        f = self.first_response()
        f = f[f["h"] >= 0]
        return out(f.groupby("q")["h"].median())

    def responded_within_24h(self) -> dict:
        f = self.first_response()
        return ratio(((f["h"] >= 0) & (f["h"] <= 24)).groupby(f["q"]).sum(), f.groupby("q").size())

    def resolution_rate(self) -> dict:
        t = self.d["tickets"]
        status = t["status"].str.lower().str.contains("resolv|closed|solved|done|已解决|已关闭|已完成|关闭|解决")
        res = t["resolved"].astype("boolean").fillna(
            t["resolved_at"].notna() | t["resolution_hours"].notna() | status.fillna(False).astype(bool))
        q = qtr(t["created_at"])
        return ratio(res.astype(bool).groupby(q).sum(), t.groupby(q).size())

    def resolution_hours(self) -> dict:
        t = self.d["tickets"]
        h = t["resolution_hours"].fillna((t["resolved_at"] - t["created_at"]).dt.total_seconds() / 3600)
        when = t["resolved_at"].fillna(t["created_at"] + pd.to_timedelta(t["resolution_hours"], unit="h"))
        ok = (h >= 0) & when.notna()
        return out(h[ok].groupby(qtr(when[ok])).median())

    def tickets_per_customer(self) -> dict:
        t = self.d["tickets"]
        t = t[t["customer_id"].notna()]
        g = t.groupby(qtr(t["created_at"]))
        return ratio(g.size(), g["customer_id"].nunique())

    def run(self, metric_id: str) -> dict:
        if metric_id.startswith("channel_revenue_t"):
            return out(self.cohort_revenue(int(metric_id[-1])), 0)
        if metric_id.startswith("channel_roi_t"):
            return ratio(self.cohort_revenue(int(metric_id[-1])), self.spend_by_q())
        return getattr(self, metric_id)()
