"""Issue 18: no fixed tax per query.  The workspace's fingerprint is read once per burst of questions (a
page rerun), not once per metric, and never trusted across this process's own writes; a question asked again
in that burst runs only its own statement; frames share their attrs; the CLI's metrics never import pandas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from metrics import MetricQuery, compute, metric_value
from store import Workspace, memo
from tests.metrics_fixtures import insert, make_ws, values

ROOT = Path(__file__).resolve().parent.parent
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


class _Counting:
    """A workspace that counts the statements run through it (fingerprint, coverage, the metric's own)."""

    def __init__(self, ws) -> None:
        self._ws, self.statements = ws, []

    def __getattr__(self, name):
        return getattr(self._ws, name)

    def execute(self, sql, params=None):
        self.statements.append(sql)
        return self._ws.execute(sql, params)

    def scalar(self, sql, params=None):
        self.statements.append(sql)
        return self._ws.scalar(sql, params)

    def df(self, sql, params=None):
        self.statements.append(sql)
        return self._ws.df(sql, params)


def test_a_second_question_in_one_generation_runs_only_its_own_statement(monkeypatch):
    monkeypatch.setattr(memo, "FRESH_SECONDS", 60.0)
    ws = make_ws()
    _leads(ws, "2025-01-05", "2025-02-07")
    counting = _Counting(ws)
    monkeypatch.setattr(ws, "fingerprint", lambda real=ws.fingerprint: counting.statements.append("fp") or real())
    compute(counting, MetricQuery("new_leads", **Q), cache=False)  # reads fingerprint, requirements, coverage
    counting.statements.clear()
    compute(counting, MetricQuery("new_leads", **{**Q, "grain": "week"}), cache=False)
    assert len(counting.statements) == 1 and counting.statements[0].startswith("WITH spine")
    counting.statements.clear()
    compute(counting, MetricQuery("new_leads", **{**Q, "grain": "week"}))
    compute(counting, MetricQuery("new_leads", **{**Q, "grain": "week"}))  # a rerun: answered from memory
    assert len(counting.statements) == 1
    ws.close()


def test_frames_share_their_attrs_instead_of_copying_them():
    """pandas deep-copies df.attrs into every derived frame; the bound parameters (a list per period) are
    shared instead (copying them cost more than a cheap metric's query)."""
    ws = make_ws()
    _leads(ws, "2025-01-05", "2025-02-07")
    df = compute(ws, MetricQuery("new_leads", **Q))
    part = df[df["value"] > 0]
    assert part.attrs["params"] is df.attrs["params"] and part.attrs["params"]["ps"]
    assert part.attrs["coverage"] is df.attrs["coverage"]
    ws.close()


def test_metric_value_and_the_series_agree():
    ws = make_ws()
    _leads(ws, "2025-01-05", "2025-02-07", "2025-02-09")
    result = metric_value(ws, MetricQuery("new_leads", start="2025-02", as_of="2025-02-28"))
    assert (result.value, result.partial, result.coverage.days, result.coverage.covered) == (2.0, False, 28, 9)
    assert isinstance(result.value, float)  # a plain float, as read from a DataFrame before
    row = compute(ws, MetricQuery("new_leads", **Q)).iloc[-1]
    assert (row["value"], row["days"], row["covered_days"]) == (result.value, 28, 9)
    ws.close()


def test_the_metrics_command_does_not_import_pandas(tmp_path):
    """A terminal command pays for what it uses: `cli.py metrics` prints the engine's plain columns."""
    db = tmp_path / "w.duckdb"
    ws = Workspace(str(db))
    _leads(ws, "2025-01-05", "2025-02-07")
    ws.close()
    probe = ("import sys, io, contextlib; sys.argv = ['cli.py']; import cli; out = io.StringIO()\n"
             "with contextlib.redirect_stdout(out):\n"
             f"    code = cli.main(['metrics', 'new_leads', '--db', {str(db)!r}, '--as-of', '2025-02-28'])\n"
             "    listed = cli.main(['metrics', '--list'])\n"
             "print(code, listed, 'pandas' in sys.modules, '2025-02' in out.getvalue())")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["0", "0", "False", "True"], done.stderr
