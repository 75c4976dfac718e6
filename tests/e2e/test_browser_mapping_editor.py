"""The Upload page's mapping editor in the system Chromium: every edit made in the grid is what the page
previews and what the load writes.

Guards the report "editing a field in the mapping grid (Lead ID -> the id column) emptied the preview and
the load ignored the edit (seen three times on one file; other files worked)".  Three files, four kinds of
edit: a header the importer gave to another field (the reported file: the leads' id column is 'Account Ref',
which the importer takes for the customer id), a header the importer left unused, a field the importer left
empty, and a field set to "(not loaded)".  After each edit the grid shows it, the preview keeps its rows and
shows the chosen column's values; after the load the workspace holds the edited mapping and the values.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import duckdb
import pytest

from i18n import t
from ingest import ENTITY_FIELDS
from tests.e2e.conftest import Server, assert_no_app_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser

ROWS = 30
ROW_PX = 35  # the height of a row (and of the header row) in st.data_editor's grid
VISIBLE_ROWS = 9  # rows of the mapping grid shown without scrolling
UNMAPPED = t("upload.not_mapped", "en")
FIELD_ID = t("upload.field_id", "en")
HEADER = t("upload.header", "en")

# The grid is drawn on a canvas; glide-data-grid keeps an accessible table of the drawn cells beside it.
GRID_JS = r"""el => {
    const heads = [...el.querySelectorAll('th[role="columnheader"]')].map(h => h.textContent.trim());
    const rows = {};
    for (const td of el.querySelectorAll('td[id^="glide-cell-"]')) {
        const [, col, row] = td.id.match(/glide-cell-(\d+)-(\d+)/);
        (rows[row] = rows[row] || {})[heads[Number(col)]] = td.textContent;
    }
    return Object.keys(rows).sort((a, b) => a - b).map(k => rows[k]);
}"""


def _leads() -> tuple[list[str], list[list]]:
    header = ["Account Ref", "Lead Number", "Created", "Source", "Status", "Owner"]
    rows = [[f"R-{i:04d}", f"N{i}", f"2025-{1 + i % 9:02d}-{10 + i % 9}", ["Web", "Referral", "Ads"][i % 3],
             ["New", "Qualified", "Converted"][i % 3], ["Ann", "Bob"][i % 2]] for i in range(ROWS)]
    return header, rows


def _tickets() -> tuple[list[str], list[list]]:
    header = ["Case Ref", "Ticket ID", "Opened", "Status", "Priority", "Agent", "Subject"]
    rows = [[f"C{i}", f"T-{i:04d}", f"2025-02-{1 + i % 27:02d} 10:00", ["Open", "Closed"][i % 2],
             ["High", "Low"][i % 2], ["Ann", "Bob"][i % 2], f"Issue {i}"] for i in range(ROWS)]
    return header, rows


def _deals() -> tuple[list[str], list[list]]:
    header = ["Deal ID", "Deal Name", "Stage", "Amount", "Owner", "Close Date", "Account", "Squad"]
    rows = [[f"D-{i:04d}", f"Deal {i}", ["Won", "Lost", "Proposal"][i % 3], 1000 + i, ["Ann", "Bob"][i % 2],
             f"2025-03-{1 + i % 27:02d}", f"Acme {i % 5}", ["North", "South"][i % 2]] for i in range(ROWS)]
    return header, rows


# file, entity, rows builder, what the importer maps before any edit, the edits in order (field -> header,
# None: "(not loaded)"), and the mapping the grid must show at the end.
CASES = [
    ("leads.csv", "leads", _leads,
     {"lead_id": "Lead Number", "customer_id": "Account Ref"},
     [("lead_id", "Account Ref")],
     {"lead_id": "Account Ref", "customer_id": None, "channel": "Source", "owner": "Owner"}),
    ("tickets.csv", "tickets", _tickets,
     {"ticket_id": "Ticket ID"},
     [("ticket_id", "Case Ref")],
     {"ticket_id": "Case Ref", "status": "Status", "agent": "Agent"}),
    ("deals.csv", "deals", _deals,
     {"team": None, "owner": "Owner"},
     [("team", "Squad"), ("owner", None)],
     {"team": "Squad", "owner": None, "deal_id": "Deal ID", "stage": "Stage"}),
]


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "ws.duckdb", demo=False)
    yield srv
    srv.stop()


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _frames(page):
    return page.locator('[data-testid="stDataFrame"]')


def _grid(page):
    """The mapping editor: the first table of the file's panel (the preview is the second)."""
    return _frames(page).first


def _mapping_shown(page) -> dict[str, str | None]:
    """Field id -> header the grid shows (None: "(not loaded)"); {} while the grid is being drawn again."""
    rows = _grid(page).evaluate(GRID_JS)
    if not rows or any(FIELD_ID not in row or HEADER not in row for row in rows):
        return {}
    return {row[FIELD_ID]: (None if row[HEADER] == UNMAPPED else row[HEADER]) for row in rows}


def _preview(page) -> list[dict[str, str]]:
    return _frames(page).nth(1).evaluate(GRID_JS)


def _wait_until(check, timeout: float = 30.0):
    """``check()`` until it is truthy (returned) or ``timeout`` seconds pass (the last value returned)."""
    deadline = time.time() + timeout
    while True:
        value = check()
        if value or time.time() > deadline:
            return value
        time.sleep(0.3)


def _shown_after(page, field: str, header: str | None) -> dict[str, str | None]:
    """The grid's mapping once it shows ``field -> header`` (after the rerun an edit causes), or as it is
    after 30 s."""
    last: dict = {}

    def shows() -> bool:
        last.clear()
        last.update(_wait_until(lambda: _mapping_shown(page)))
        return last.get(field) == header

    _wait_until(shows)
    return last


def _open(page, server: Server, path: Path) -> None:
    page.goto(server.url + "/upload?lang=en")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.get_by_role("button", name=t("upload.load", "en")).wait_for(timeout=60_000)
    wait_for_app(page)
    assert _wait_until(lambda: _mapping_shown(page)), f"{path.name}: no mapping editor on the Upload page"


def _edit(page, row: int, header: str | None) -> None:
    """Choose ``header`` (None: "(not loaded)") in the grid's row ``row``: select the row's field cell,
    step right to the header cell, open its dropdown with Enter, type the option and press Enter."""
    assert row < VISIBLE_ROWS, "the edited field must be visible without scrolling the grid"
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    option = header or UNMAPPED
    overlay = page.get_by_test_id("portal").locator(".gdg-clip-region")
    assert _wait_until(lambda: _mapping_shown(page)), "the mapping editor is not drawn"
    for attempt in range(3):
        grid = _grid(page)
        grid.scroll_into_view_if_needed()
        grid.click(position={"x": 40, "y": ROW_PX * (row + 1) + ROW_PX / 2})
        page.wait_for_timeout(200)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        try:
            overlay.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
            if attempt == 2:
                raise
    page.keyboard.type(option, delay=20)
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    wait_for_app(page)


def _check_preview(page, name: str, field: str, header: str | None, columns: list[str], rows: list[list]):
    """The preview still has rows, and the edited field's column holds the chosen column's values (empty
    when the field is not loaded)."""
    label = t(f"field.{field}", "en")

    def expected_for(n: int) -> list[str]:
        return [str(row[columns.index(header)]) for row in rows[:n]] if header else [""] * n

    def settled() -> list | None:  # the preview is redrawn after the grid in the same rerun: wait for it
        preview = _preview(page)
        return preview if preview and [r.get(label) for r in preview] == expected_for(len(preview)) else None

    shown = _wait_until(settled) or _preview(page)
    assert shown, f"{name}: the preview is empty after {field} -> {header!r}"
    assert all(label in r for r in shown), f"{name}: the preview has no {label!r} column: {shown[0]}"
    values = [r[label] for r in shown]
    assert values == expected_for(len(values)), f"{name}: preview of {field} after choosing {header!r}: {values}"


@pytest.mark.timeout(600)
def test_every_mapping_edit_is_previewed_and_loaded(server, page, tmp_path):
    started = time.time()
    files = {}
    for name, entity, build, detected, edits, final in CASES:
        columns, rows = build()
        path = tmp_path / name
        _write_csv(path, columns, rows)
        files[name] = (columns, rows)
        _open(page, server, path)
        shown = _mapping_shown(page)
        assert {f: shown.get(f) for f in detected} == detected, f"{name}: the importer's mapping changed: {shown}"

        specs = [spec[0] for spec in ENTITY_FIELDS[entity]]
        for step, (field, header) in enumerate(edits):
            _edit(page, specs.index(field), header)
            shown = _shown_after(page, field, header)
            assert shown.get(field) == header, (
                f"{name}: the grid shows {field} -> {shown.get(field)!r} after choosing {header!r}: {shown}")
            if header:
                others = [f for f, h in shown.items() if h == header and f != field]
                assert not others, f"{name}: {header!r} is still mapped to {others} as well"
            _check_preview(page, name, field, header, columns, rows)
            assert_no_app_errors(page)
            _grid(page).evaluate("el => el.scrollIntoView({block: 'start'})")  # the grid and the preview
            screenshot(page, f"e2e-mapping-editor-{entity}-{step + 1}-en")

        shown = _wait_until(lambda: _mapping_shown(page))  # the rows the grid draws (the first dozen fields)
        assert all(f in shown for f, _h in edits), f"{name}: the grid does not show every edited field: {shown}"
        assert {f: shown[f] for f in final if f in shown} == {f: h for f, h in final.items() if f in shown}, (
            f"{name}: the mapping before loading: {shown}")
        page.get_by_role("button", name=t("upload.load", "en")).click()
        page.get_by_text(f"{ROWS} {t(f'entity.{entity}', 'en')} rows loaded", exact=False) \
            .wait_for(timeout=60_000)
        assert_no_app_errors(page)
    print(f"mapping editor: {len(CASES)} files edited and loaded in {time.time() - started:.1f} s")

    server.stop()  # the workspace file is the app's until then; the fixture's second stop does nothing
    con = duckdb.connect(str(server.db), read_only=True)
    try:
        reports = {name: (entity, json.loads(report))
                   for name, entity, report in con.execute("SELECT file_name, entity, report FROM uploads").fetchall()}
        assert sorted(reports) == sorted(files)
        for name, entity, _build, _detected, _edits, final in CASES:
            columns, rows = files[name]
            kind, report = reports[name]
            assert kind == entity and report["rows_loaded"] == ROWS, (name, report)
            loaded = {f: report["mapping"].get(f) for f in final}
            assert loaded == final, f"{name}: the load used {report['mapping']}"
            for field, header in final.items():
                values = sorted(str(v) for (v,) in con.execute(
                    f'SELECT "{field}" FROM "{entity}" WHERE "{field}" IS NOT NULL').fetchall())  # noqa: S608
                expected = sorted(str(row[columns.index(header)]) for row in rows) if header else []
                assert values == expected, f"{name}: {entity}.{field} holds {values[:5]}, not {header!r}"
            # The mapping remembered for these headers (what the next upload of them starts from) is the edited one.
            remembered = [json.loads(m) for (m,) in con.execute(
                "SELECT mapping FROM mappings WHERE entity = ?", [entity]).fetchall()]
            assert [{f: m.get(f) for f in final} for m in remembered] == [final], (
                f"{name}: the remembered mapping is not the edited one: {remembered}")
    finally:
        con.close()
