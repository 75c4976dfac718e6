"""Properties, end to end: any bytes through inspect_file and load_export end in a plan and a consistent
load, or in one IngestError sentence with the workspace unchanged; a well-formed deals CSV loads exactly.

(tests/test_read_properties.py covers the reader alone; these go through detection, mapping and the load.)
"""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import IngestError, inspect_file, load_export
from store import Workspace

PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"PK\x03\x04",
    b"Deal ID,Stage,Amount,Close Date\r\n",
    b"Deal ID;Stage;Amount;Close Date\n",
    b"<table><tr><th>Deal ID</th><th>Stage</th></tr><tr><td>",
]
TEXTISH = st.text(alphabet=',;\t"\n\r xD1-=<>é中\x00', max_size=400).map(lambda t: t.encode("utf-8"))


def _state(ws: Workspace) -> tuple:
    return (
        ws.table_counts(),
        ws.execute("SELECT id, file_name, rows_loaded FROM uploads ORDER BY id"),
        ws.scalar("SELECT count(*) FROM rejected_rows"),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.one_of(st.binary(max_size=400), TEXTISH))
def test_any_bytes_load_consistently_or_fail_in_one_sentence(prefix, body):
    data = prefix + body
    ws = Workspace(":memory:")
    try:
        before = _state(ws)
        try:
            plan = inspect_file(data, "upload.csv", ws=ws)
        except IngestError as exc:
            _one_sentence(exc)
            plan = None
        try:
            report = load_export(ws, data, "upload.csv", entity=plan.entity if plan else None)
        except IngestError as exc:
            _one_sentence(exc)
            assert _state(ws) == before
            return
        assert plan is not None, "load_export succeeded where inspect_file refused the same bytes"
        counts, uploads, rejected = _state(ws)
        assert counts[report.entity] == report.rows_loaded == uploads[0][2]
        assert report.rows_loaded + report.rows_rejected == report.rows_read
        assert rejected == report.cells_rejected == len(report.rejected)
        again = load_export(ws, data, "upload.csv", entity=plan.entity)
        assert again.already_loaded and _state(ws) == (counts, uploads, rejected)
    finally:
        ws.close()


def _one_sentence(exc: Exception) -> None:
    message = str(exc)
    assert message and "\n" not in message and message.endswith((".", ")")), message


STAGES = ["Closed Won", "Closed Lost", "Prospecting", "", "赢单"]
CELL = st.text(alphabet=' ,;"\nab1é中x', max_size=10)


@st.composite
def deal_tables(draw):
    n = draw(st.integers(min_value=1, max_value=30))
    rows = []
    for i in range(n):
        day = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
        rows.append(
            [
                f"D{i:04d}",
                draw(CELL),
                draw(st.sampled_from(STAGES)),
                draw(st.one_of(st.integers(-10**9, 10**9).map(str), st.just(""), st.just("n/a"))),
                day.isoformat(),
            ]
        )
    return rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=deal_tables(), delimiter=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_well_formed_deals_load_exactly(rows, delimiter, encoding):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Deal ID", "Deal Name", "Stage", "Amount", "Close Date"])
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    ws = Workspace(":memory:")
    try:
        plan = inspect_file(data, "deals.csv", ws=ws, entity="deals")
        report = load_export(ws, data, "deals.csv", entity="deals", mapping=plan.mapping)
        with_stage = [r for r in rows if r[2].strip()]
        assert (report.rows_loaded, report.rows_rejected) == (len(with_stage), len(rows) - len(with_stage))
        loaded = ws.execute("SELECT deal_id, stage, amount, CAST(closed_at AS DATE) FROM deals ORDER BY deal_id")
        expected = [
            (r[0], r[2].strip(), float(r[3]) if r[3] not in ("", "n/a") else None, date.fromisoformat(r[4]))
            for r in with_stage
        ]
        assert loaded == expected
        assert report.cells_rejected == len(rows) - len(with_stage)  # one "Stage is empty" cell per row
    finally:
        ws.close()
