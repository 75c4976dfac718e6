"""Canonical entities: the contract between ``ingest/`` and ``metrics/``.

Every upload becomes rows of exactly one entity.  Each entity table has the
canonical fields below plus system columns:

``_upload_id``  the upload (see the ``uploads`` registry) the row came from
``_row``        1-based data row number in the source file (for reports)
``_key``        record key used to replace older versions of the same record
``_extra``      MAP(VARCHAR, VARCHAR) of the original columns that were not mapped

Field types are DuckDB types.  ``TIMESTAMP`` values are naive and expressed in
the workspace time zone (a setting).  Dimension fields keep the original label;
grouping folds label variants (``Google``/``google``) with ``fold_label``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # DuckDB type: VARCHAR, DOUBLE, TIMESTAMP, BOOLEAN, DATE
    kind: str = "text"  # id | text | dimension | money | number | date | bool | duration_hours | duration_days | percent
    required: bool = False  # the entity is useless without it


@dataclass(frozen=True)
class Entity:
    name: str
    fields: tuple[Field, ...]
    key_fields: tuple[str, ...]  # record identity for "latest upload wins"
    date_field: str  # the main date, used for date-range reports
    line_item_field: str | None = None  # e.g. orders.line_id: ids repeat per line
    dimensions: tuple[str, ...] = ()
    dated_by_period: bool = False  # the date is the first day of the month a row stands for (spend)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _f(name: str, type_: str = "VARCHAR", kind: str = "text", required: bool = False) -> Field:
    return Field(name, type_, kind, required)


ID = "id"
DIM = "dimension"

ENTITIES: dict[str, Entity] = {
    "deals": Entity(
        "deals",
        (
            _f("deal_id", kind=ID),
            _f("deal_name"),
            _f("customer_id", kind=ID),
            _f("customer_name", kind=DIM),
            _f("owner", kind=DIM),
            _f("team", kind=DIM),
            _f("region", kind=DIM),
            _f("product", kind=DIM),
            _f("stage", kind=DIM, required=True),
            _f("status", kind=DIM),  # open | won | lost (derived from stage)
            _f("amount", "DOUBLE", "money"),
            _f("currency", kind=DIM),
            _f("created_at", "TIMESTAMP", "date"),
            _f("closed_at", "TIMESTAMP", "date"),
            _f("channel", kind=DIM),
            _f("lead_id", kind=ID),
            _f("sales_cycle_days", "DOUBLE", "duration_days"),
        ),
        key_fields=("deal_id",),
        date_field="closed_at",
        dimensions=("owner", "team", "region", "product", "channel", "stage", "currency", "customer_name"),
    ),
    "leads": Entity(
        "leads",
        (
            _f("lead_id", kind=ID),
            _f("created_at", "TIMESTAMP", "date"),
            _f("channel", kind=DIM),
            _f("status", kind=DIM),
            _f("converted", "BOOLEAN", "bool"),
            _f("converted_at", "TIMESTAMP", "date"),
            _f("customer_id", kind=ID),
            _f("owner", kind=DIM),
            _f("region", kind=DIM),
        ),
        key_fields=("lead_id",),
        date_field="created_at",
        dimensions=("channel", "status", "owner", "region"),
    ),
    "customers": Entity(
        "customers",
        (
            _f("customer_id", kind=ID),
            _f("customer_name", kind=DIM),
            _f("created_at", "TIMESTAMP", "date"),
            _f("channel", kind=DIM),
            _f("region", kind=DIM),
            _f("segment", kind=DIM),
            _f("owner", kind=DIM),
            _f("status", kind=DIM),
            _f("churned", "BOOLEAN", "bool"),
            _f("churned_at", "TIMESTAMP", "date"),
            _f("tenure_months", "DOUBLE", "number"),
        ),
        key_fields=("customer_id",),
        date_field="created_at",
        dimensions=("channel", "region", "segment", "owner", "status"),
    ),
    "orders": Entity(
        "orders",
        (
            _f("order_id", kind=ID),
            _f("line_id", kind=ID),
            _f("customer_id", kind=ID),
            _f("ordered_at", "TIMESTAMP", "date", required=True),
            _f("amount", "DOUBLE", "money"),
            _f("currency", kind=DIM),
            _f("quantity", "DOUBLE", "number"),
            _f("unit_price", "DOUBLE", "money"),
            _f("product", kind=DIM),
            _f("status", kind=DIM),  # completed | cancelled | refunded | original text
            _f("refund_amount", "DOUBLE", "money"),
            _f("channel", kind=DIM),
            _f("region", kind=DIM),
        ),
        key_fields=("order_id", "line_id"),
        date_field="ordered_at",
        line_item_field="line_id",
        dimensions=("product", "channel", "region", "status", "currency"),
    ),
    "tickets": Entity(
        "tickets",
        (
            _f("ticket_id", kind=ID),
            _f("customer_id", kind=ID),
            _f("created_at", "TIMESTAMP", "date"),
            _f("first_response_at", "TIMESTAMP", "date"),
            _f("resolved_at", "TIMESTAMP", "date"),
            _f("first_response_hours", "DOUBLE", "duration_hours"),
            _f("resolution_hours", "DOUBLE", "duration_hours"),
            _f("status", kind=DIM),
            _f("resolved", "BOOLEAN", "bool"),
            _f("type", kind=DIM),
            _f("category", kind=DIM),
            _f("subject"),
            _f("is_complaint", "BOOLEAN", "bool"),
            _f("channel", kind=DIM),
            _f("priority", kind=DIM),
            _f("agent", kind=DIM),
            _f("team", kind=DIM),
            _f("region", kind=DIM),
            _f("product", kind=DIM),
            _f("satisfaction", "DOUBLE", "number"),
            _f("satisfaction_scale", "DOUBLE", "number"),
        ),
        key_fields=("ticket_id",),
        date_field="created_at",
        dimensions=("type", "category", "channel", "priority", "agent", "team", "region", "product", "status"),
    ),
    "surveys": Entity(
        "surveys",
        (
            _f("response_id", kind=ID),
            _f("customer_id", kind=ID),
            _f("ticket_id", kind=ID),
            _f("responded_at", "TIMESTAMP", "date", required=True),
            _f("score", "DOUBLE", "number", required=True),
            _f("scale", "DOUBLE", "number"),
            _f("channel", kind=DIM),
            _f("agent", kind=DIM),
            _f("region", kind=DIM),
        ),
        key_fields=("response_id",),
        date_field="responded_at",
        dimensions=("channel", "agent", "region"),
    ),
    "activities": Entity(
        "activities",
        (
            _f("activity_id", kind=ID),
            _f("owner", kind=DIM),
            _f("customer_id", kind=ID),
            _f("customer_name", kind=DIM),  # Dynamics 365 "Regarding": matched to customers by name
            _f("type", kind=DIM),
            _f("occurred_at", "TIMESTAMP", "date", required=True),
            _f("team", kind=DIM),
            _f("region", kind=DIM),
        ),
        key_fields=("activity_id",),
        date_field="occurred_at",
        dimensions=("owner", "type", "team", "region"),
    ),
    "contacts": Entity(
        "contacts",
        (
            _f("contact_id", kind=ID),
            _f("customer_id", kind=ID),
            _f("customer_name", kind=DIM),  # the account or company the person works for
            _f("owner", kind=DIM),
            _f("channel", kind=DIM),
            _f("created_at", "TIMESTAMP", "date"),
            _f("region", kind=DIM),
        ),
        key_fields=("contact_id",),
        date_field="created_at",
        dimensions=("channel", "owner", "region", "customer_name"),
    ),
    "spend": Entity(
        "spend",
        (
            _f("channel", kind=DIM),  # a shop's ad spend without channels still gives spend and ROI by month
            _f("period_start", "TIMESTAMP", "date", required=True),
            _f("amount", "DOUBLE", "money", required=True),
            _f("currency", kind=DIM),
        ),
        key_fields=("channel", "period_start"),
        date_field="period_start",
        dimensions=("channel", "currency"),
        dated_by_period=True,
    ),
}

SYSTEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_upload_id", "BIGINT NOT NULL"),
    ("_row", "BIGINT"),
    ("_key", "VARCHAR"),
    ("_extra", "MAP(VARCHAR, VARCHAR)"),
)

ENTITY_NAMES: tuple[str, ...] = tuple(ENTITIES)
