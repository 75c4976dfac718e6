"""Model-based test of export lineage: random loads, re-loads, newer exports, deletes and undos.

After every step the workspace must equal a plain reference model: for each report (lineage), its
surviving uploads applied in order, a later upload's version of a record winning (for order lines, a later
upload's order replaces all of that order's lines).  No row is ever lost or counted twice, whatever the
order of loads and deletes, and a delete restores exactly what the deleted upload replaced.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ingest import load_export
from store import Workspace


@dataclass(frozen=True)
class Report:
    """One report layout: its entity, headers, and how a record becomes rows."""

    name: str
    entity: str
    header: tuple[str, ...]
    lines: bool = False  # records are orders with several lines


# Two deals reports share the id column but not the layout (another report: ids collide, both kept);
# an orders report with line items; a leads report whose ids overlap the deals ids.
REPORTS = {
    "deals_a": Report("deals_a", "deals", ("Opportunity ID", "Stage", "Amount", "Close Date")),
    "deals_b": Report(
        "deals_b",
        "deals",
        ("Opportunity ID", "Stage", "Amount", "Close Date", "Owner", "Region", "Product", "Team", "Account"),
    ),
    "orders": Report("orders", "orders", ("订单编号", "买家会员名", "订单创建时间", "宝贝标题", "买家实际支付金额"), lines=True),
    "leads": Report("leads", "leads", ("Lead ID", "Created Date", "Lead Source")),
}
IDS = [f"{n:03d}" for n in range(1, 5)]


def _rows(report: Report, records: dict) -> list[list[str]]:
    rows = []
    for rid, version in sorted(records.items()):
        if report.entity == "deals":
            stage = ["Prospecting", "Closed Won", "Closed Lost"][version % 3]
            row = [rid, stage, str(100 + version), f"2024-03-{1 + version % 27:02d}"]
            rows.append(row + [f"x{version}"] * (len(report.header) - 4))
        elif report.entity == "orders":
            for line in range(1 + version % 3):  # the number of lines changes between versions
                rows.append([rid, f"buyer{rid}", "2024-05-01 10:00:00", f"item{line}", str(10 * version + line)])
        else:
            rows.append([rid, f"2024-04-{1 + version % 27:02d}", ["Web", "Referral", "Ads"][version % 3]])
    return rows


def _bytes(report: Report, records: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(report.header)
    writer.writerows(_rows(report, records))
    return out.getvalue().encode()


@dataclass
class Upload:
    upload_id: int
    report: Report
    records: dict  # id -> version
    data: bytes


class LineageMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ws = Workspace(":memory:")
        self.surviving: list[Upload] = []
        self.files: list[tuple[Report, dict, bytes]] = []  # every file loaded so far, for re-loads

    def teardown(self) -> None:
        self.ws.close()

    # ---------------------------------------------------------------- the reference model
    def expected(self, entity: str) -> list[tuple]:
        """(id, value, upload id) of the rows that must be present: per report, uploads applied in order."""
        rows = []
        for report in REPORTS.values():
            if report.entity != entity:
                continue
            current: dict[str, Upload] = {}
            for up in self.surviving:  # in load order
                if up.report is report:
                    for rid in up.records:
                        current[rid] = up
            for rid, up in current.items():
                for row in _rows(report, {rid: up.records[rid]}):
                    rows.append((rid, self._value(entity, row), up.upload_id))
        return sorted(rows)

    @staticmethod
    def _value(entity: str, row: list[str]) -> str:
        return {"deals": row[2], "orders": row[4] if len(row) > 4 else "", "leads": row[2]}[entity]

    def actual(self, entity: str) -> list[tuple]:
        col = {"deals": ("deal_id", "CAST(amount AS BIGINT)"), "orders": ("order_id", "CAST(amount AS BIGINT)"),
               "leads": ("lead_id", "channel")}[entity]
        got = self.ws.execute(f"SELECT {col[0]}, CAST({col[1]} AS VARCHAR), _upload_id FROM {entity}")
        return sorted((r[0], r[1], int(r[2])) for r in got)

    def present(self, up: Upload) -> bool:
        """The model's view of "its rows are present": some record of it is the current version."""
        later = [u for u in self.surviving if u.report is up.report and u.upload_id > up.upload_id]
        return any(all(rid not in u.records for u in later) for rid in up.records)

    # ---------------------------------------------------------------- steps
    def _load(self, report: Report, records: dict, data: bytes) -> None:
        same = [u for u in self.surviving if u.data == data and self.present(u)]
        result = load_export(self.ws, data, f"{report.name}.csv", entity=report.entity, replace=True)
        if same:
            assert result.already_loaded and result.upload_id == same[0].upload_id
            return
        assert not result.already_loaded
        self.surviving.append(Upload(result.upload_id, report, dict(records), data))
        self.files.append((report, dict(records), data))

    @rule(
        name=st.sampled_from(sorted(REPORTS)),
        records=st.dictionaries(st.sampled_from(IDS), st.integers(0, 5), min_size=1, max_size=5),
    )
    def load_new_export(self, name, records):
        report = REPORTS[name]
        self._load(report, records, _bytes(report, records))

    @precondition(lambda self: self.surviving)
    @rule(data=st.data())
    def load_newer_export(self, data):
        """The last export of a report with records edited, added and removed."""
        base = data.draw(st.sampled_from(self.surviving))
        records = dict(base.records)
        for rid in data.draw(st.lists(st.sampled_from(sorted(records)), min_size=1, max_size=2)):
            records[rid] += 1  # edited
        for rid in data.draw(st.lists(st.sampled_from(IDS), max_size=2)):
            records.setdefault(rid, 0)  # added
        for rid in data.draw(st.lists(st.sampled_from(sorted(base.records)), max_size=1)):
            if len(records) > 1:
                records.pop(rid)  # removed from the newer export
        self._load(base.report, records, _bytes(base.report, records))

    @precondition(lambda self: self.files)
    @rule(data=st.data())
    def load_same_file_again(self, data):
        report, records, raw = data.draw(st.sampled_from(self.files))
        self._load(report, records, raw)

    @precondition(lambda self: self.surviving)
    @rule(data=st.data())
    def delete_an_upload(self, data):
        up = data.draw(st.sampled_from(self.surviving))
        self.ws.delete_upload(up.upload_id)
        self.surviving.remove(up)

    @precondition(lambda self: self.surviving)
    @rule()
    def undo_last_load(self):
        last = self.ws.last_upload()
        assert last is not None and last["id"] == self.surviving[-1].upload_id
        self.ws.delete_upload(last["id"])
        self.surviving.pop()

    # ---------------------------------------------------------------- the invariant
    @invariant()
    def workspace_equals_the_model(self):
        for entity in ("deals", "orders", "leads"):
            assert self.actual(entity) == self.expected(entity), entity
        registry = {int(r.id): int(r.rows_loaded) for r in self.ws.uploads().itertuples()}
        assert set(registry) == {u.upload_id for u in self.surviving}
        for up in self.surviving:  # the registry counts the rows present now
            entity = up.report.entity
            n = self.ws.scalar(f"SELECT count(*) FROM {entity} WHERE _upload_id = ?", [up.upload_id])
            assert registry[up.upload_id] == n


LineageMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_lineage_model = LineageMachine.TestCase
