"""The Upload page's mapping editor round trip (ui/mapping.py): labels shown, only real changes sent back."""

from __future__ import annotations

from i18n import t
from ingest import ENTITY_FIELDS
from ui.mapping import header_options, mapping_changes, mapping_rows

SPECS = ENTITY_FIELDS["tickets"]
UNMAPPED = "(not loaded)"
MAPPING = {"ticket_id": "Ticket Id", "created_at": "Created Time", "status": "Status"}


def _rows(lang: str = "en"):
    return mapping_rows(SPECS, MAPPING, lambda key: t(key, lang), UNMAPPED)


def test_rows_name_every_field_in_both_languages():
    rows = _rows()
    assert [r["id"] for r in rows] == [s[0] for s in SPECS]
    assert rows[0] == {"label": "Ticket ID", "id": "ticket_id", "required": False, "header": "Ticket Id"}
    assert next(r for r in rows if r["id"] == "first_response_hours")["label"] == "First response (hours)"
    assert next(r for r in _rows("zh") if r["id"] == "first_response_hours")["label"] == "首次响应时长（小时）"
    assert all(not r["label"].startswith("field.") for r in _rows("zh"))
    assert next(r for r in rows if r["id"] == "agent")["header"] == UNMAPPED


def test_unchanged_rows_send_nothing_back():
    assert mapping_changes(SPECS, _rows(), MAPPING, UNMAPPED) == {}


def test_a_changed_and_an_unmapped_row_come_back_as_changes():
    rows = _rows()
    by_id = {r["id"]: r for r in rows}
    by_id["agent"]["header"] = "Owner"
    by_id["status"]["header"] = UNMAPPED
    assert mapping_changes(SPECS, rows, MAPPING, UNMAPPED) == {"agent": "Owner", "status": None}


def test_options_offer_not_loaded_first_and_each_column_once():
    assert header_options(["Ticket Id", UNMAPPED, "Status"], UNMAPPED) == [UNMAPPED, "Ticket Id", "Status"]
