"""A CSV whose surprises come after the sniffed sample (a quoted line break or a wider row at row 15,000)
loads completely: the reader learns inside the load's transaction, which DuckDB aborts, so the loader reruns it."""

from __future__ import annotations

import pytest

from ingest import load_export

ROWS = 20_000
LATE = 15_000


def _csv(late_value: str) -> str:
    lines = ["Opportunity ID,Stage,Amount,Close Date,Description"]
    for i in range(ROWS):
        lines.append(f"D{i},Closed Won,{100 + i},2025-03-01,{late_value if i == LATE else 'plain'}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
def test_a_quoted_line_break_far_below_the_sample(ws, tmp_path, as_path):
    text = _csv('"line one\nline two"')
    path = tmp_path / "late_multiline.csv"
    path.write_text(text, encoding="utf-8")
    report = load_export(ws, path if as_path else text.encode(), path.name)
    assert report.rows_loaded == ROWS and report.rows_rejected == 0
    rows = ws.execute("SELECT _row, deal_id, _extra['Description'] FROM deals WHERE deal_id IN (?, ?) ORDER BY _row",
                      [f"D{LATE}", f"D{LATE + 1}"])
    assert rows == [(LATE + 1, f"D{LATE}", "line one\nline two"), (LATE + 2, f"D{LATE + 1}", "plain")]
    assert len(ws.uploads()) == 1  # one upload, although the transaction ran twice


def test_a_row_wider_than_the_header_far_below_the_sample(ws):
    report = load_export(ws, _csv("plain,extra one,extra two").encode(), "late_wide.csv")
    assert report.rows_loaded == ROWS
    extra = ws.execute("SELECT _extra FROM deals WHERE deal_id = ?", [f"D{LATE}"])[0][0]
    assert "extra one" in extra.values() and "extra two" in extra.values()
