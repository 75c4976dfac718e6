"""Exports the importer was never told about load right with no hand mapping.

Two sets of shapes: one set of synthetic records written many ways (tests/data/unseen_shapes.py) and the
shared real exports re-labelled into other languages and conventions (tests/data/relabel_shared.py).
Each shape must give the expected entity and mapping, and a figure computed from the workspace (through
the metric engine where a catalog metric exists) must equal the one computed from the records.
"""

from __future__ import annotations

import pytest

from ingest import load_export
from metrics.engine import metric_value
from metrics.query import MetricQuery
from tests.data import relabel_shared
from tests.data.unseen_shapes import SHAPES, Shape


def _value(ws, metric: str, shape: Shape) -> float:
    start, _, end = shape.period.partition("..")
    query = MetricQuery(metric, start=start, end=end or None, grain="year")
    return metric_value(ws, query).value


def _figure(ws, shape: Shape) -> float | None:
    if shape.metric == "won_amount":
        return ws.scalar("SELECT round(sum(amount), 2) FROM deals WHERE status = 'won'")
    if shape.metric == "revenue":
        return round(_value(ws, "revenue", shape), 2)
    if shape.metric == "resolution_rate":
        return round(_value(ws, "resolution_rate", shape), 4)
    if shape.metric == "leads":
        return _value(ws, "new_leads", shape)
    if shape.metric == "conversions":
        return float(ws.scalar("SELECT count(*) FROM leads WHERE converted"))
    if shape.metric == "nps":
        return round(_value(ws, "nps", shape), 2)
    if shape.metric == "spend":
        return ws.scalar("SELECT round(sum(amount), 2) FROM spend")
    raise AssertionError(shape.metric)


def _loads_right(ws, shape: Shape) -> None:
    report = load_export(ws, shape.to_bytes(), f"{shape.name}.csv")
    assert report.entity == shape.entity, report.entity_reasons
    wrong = {f: (h, report.mapping.get(f)) for f, h in shape.mapping.items() if report.mapping.get(f) != h}
    assert not wrong, (wrong, report.entity_reasons)
    assert report.cells_unread == 0, report.warnings
    rows = shape.rows()
    # Amounts written without decimals (yen) are off by up to half a unit each.
    assert _figure(ws, shape) == pytest.approx(shape.expected(rows), abs=0.5 * len(rows))
    return report


def test_there_are_at_least_thirty_shapes_of_each_kind_over_every_kind_of_record():
    for shapes in (SHAPES, relabel_shared.SHAPES):
        assert len(shapes) >= 30
        assert len({s.name for s in shapes}) == len(shapes)
    assert {s.entity for s in SHAPES} >= {"deals", "orders", "tickets", "leads", "surveys", "spend"}
    assert {s.entity for s in relabel_shared.SHAPES} >= {"deals", "tickets", "leads", "surveys"}


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_unseen_shape_loads_right_without_a_hand_mapping(ws, shape):
    report = _loads_right(ws, shape)
    assert report.rows_rejected == 0, report.warnings


@pytest.mark.parametrize("shape", relabel_shared.SHAPES, ids=lambda s: s.name)
def test_real_export_relabelled_loads_right_without_a_hand_mapping(ws, shared_exports, shape):
    _loads_right(ws, shape)
