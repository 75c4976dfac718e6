"""Exports the importer was never told about load right with no hand mapping (tests/data/unseen_shapes.py).

Each shape must give the expected entity and mapping, and a figure computed from the workspace (through
the metric engine where a catalog metric exists) must equal the one computed from the records.
"""

from __future__ import annotations

import pytest

from ingest import load_export
from metrics.engine import metric_value
from metrics.query import MetricQuery
from tests.data.unseen_shapes import SHAPES, YEAR, Shape


def _figure(ws, shape: Shape) -> float | None:
    year = str(YEAR)
    if shape.metric == "won_amount":
        return ws.scalar("SELECT round(sum(amount), 2) FROM deals WHERE status = 'won'")
    if shape.metric == "revenue":
        return round(metric_value(ws, MetricQuery("revenue", start=year, grain="year")).value, 2)
    if shape.metric == "resolution_rate":
        return round(metric_value(ws, MetricQuery("resolution_rate", start=year, grain="year")).value, 4)
    if shape.metric == "leads":
        return metric_value(ws, MetricQuery("new_leads", start=year, grain="year")).value
    if shape.metric == "conversions":
        return float(ws.scalar("SELECT count(*) FROM leads WHERE converted"))
    if shape.metric == "nps":
        return round(metric_value(ws, MetricQuery("nps", start=year, grain="year")).value, 2)
    if shape.metric == "spend":
        return ws.scalar("SELECT round(sum(amount), 2) FROM spend")
    raise AssertionError(shape.metric)


def test_there_are_at_least_thirty_shapes_over_every_kind_of_record():
    assert len(SHAPES) >= 30
    assert {s.entity for s in SHAPES} >= {"deals", "orders", "tickets", "leads", "surveys", "spend"}
    assert len({s.name for s in SHAPES}) == len(SHAPES)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_unseen_shape_loads_right_without_a_hand_mapping(ws, shape):
    report = load_export(ws, shape.to_bytes(), f"{shape.name}.csv")
    assert report.entity == shape.entity, report.entity_reasons
    wrong = {f: (h, report.mapping.get(f)) for f, h in shape.mapping.items() if report.mapping.get(f) != h}
    assert not wrong, (wrong, report.entity_reasons)
    assert report.rows_rejected == 0 and report.cells_unread == 0, report.warnings
    rows = shape.rows()
    # Amounts written without decimals (yen) are off by up to half a unit each.
    assert _figure(ws, shape) == pytest.approx(shape.expected(rows), abs=0.5 * len(rows))
