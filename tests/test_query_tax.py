"""Issue 18: no fixed tax per query.  The workspace's fingerprint is read once per burst of questions (a
page rerun), not once per metric, and never trusted across this process's own writes."""

from __future__ import annotations

from metrics import MetricQuery, compute
from store import memo
from tests.metrics_fixtures import insert, make_ws, values

Q = {"grain": "month", "start": "2025-01-01", "end": "2025-03-01", "as_of": "2025-02-28"}


def _leads(ws, *days: str, first: int = 1) -> None:
    insert(ws, "leads", [{"lead_id": f"L{first + i}", "created_at": day} for i, day in enumerate(days)])


def test_the_fingerprint_is_read_once_for_many_questions(monkeypatch):
    ws = make_ws()
    _leads(ws, "2025-01-05", "2025-02-07")
    monkeypatch.setattr(memo, "FRESH_SECONDS", 60.0)  # a loaded test machine must not make it flaky
    reads = []
    real = ws.fingerprint
    monkeypatch.setattr(ws, "fingerprint", lambda: reads.append(1) or real())
    for grain in ("month", "week", "quarter", "month"):
        compute(ws, MetricQuery("new_leads", **{**Q, "grain": grain}), cache=False)
    assert len(reads) == 1
    ws.close()


def test_a_write_is_seen_by_the_very_next_question():
    ws = make_ws()
    _leads(ws, "2025-01-05", "2025-02-07")
    assert values(compute(ws, MetricQuery("new_leads", **Q))) == {"2025-01": 1, "2025-02": 1}
    _leads(ws, "2025-02-08", "2025-02-09", first=3)  # within the second: the write itself says the data changed
    assert values(compute(ws, MetricQuery("new_leads", **Q))) == {"2025-01": 1, "2025-02": 3}
    ws.set_setting("fiscal_start_month", 2)
    assert compute(ws, MetricQuery("new_leads", grain="quarter", start="2025-02-01", end="2025-05-01",
                                   as_of="2025-02-28"))["period"].tolist() == ["FY2026-Q1"]
    ws.close()
