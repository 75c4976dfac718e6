"""Hostile input: every file of tests/data/hostile/ through the Upload page's path (inspect_file, then
load_export into a workspace) and through the CLI (`cli.py load FILE --json` in a subprocess).

Each ends in a correct (partial) load with the rejected cells reported, or a one-line error saying what
is wrong and what to do; never a traceback, a hang or a half-written workspace (after an error the table
counts, the uploads registry, the rejected rows and the remembered mappings are exactly as before).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest import IngestError, inspect_file, load_export
from store import Workspace, WorkspaceError
from tests.data.hostile import make_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "hostile"


@dataclass(frozen=True)
class Loads:
    rows_loaded: int
    rows_rejected: int = 0
    rejected_cells: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, column) -> reason part
    warning: str | None = None  # part of one warning's text
    entity: str = "deals"
    nul_bytes: int = 0  # NUL bytes the report says were removed


@dataclass(frozen=True)
class Fails:
    fragment: str


DATE_RANGE = "not a valid calendar date from 1900 to 2199"
NO_STAGE = "row not loaded: Stage (stage) is empty"

# file -> (expected outcome, what the user chose: entity for the page, --entity for the CLI)
CASES: dict[str, tuple[Loads | Fails, dict]] = {
    "empty.csv": (Fails("The file is empty; export the report again"), {}),
    "header_only.csv": (Fails("header_only.csv has headers but no data rows; export the report again"), {}),
    "binary_garbage.csv": (Fails("not a spreadsheet or a text export (it contains binary data)"), {}),
    "png_named.xlsx": (Fails("This file is a PNG image, not a spreadsheet; export the report as CSV"), {}),
    "truncated.xlsx": (Fails("This Excel file is damaged or incomplete"), {}),
    "corrupt.xlsx": (Fails("The sheet 'Deals' could not be read"), {}),
    "no_stage.csv": (Fails("no_stage.csv has no column for stage, which deals need"), {"entity": "deals"}),
    "invalid_utf8_middle.csv": (
        Loads(1000, warning="Line 501 and 2 other places had bytes that are not valid UTF-8"),
        {},
    ),
    "mixed_delimiters.csv": (
        Loads(7, 3, {(4, "Stage"): NO_STAGE, (6, "Stage"): NO_STAGE, (8, "Stage"): NO_STAGE}),
        {},
    ),
    "ragged_rows.csv": (
        Loads(9, 1, {(9, "Stage"): NO_STAGE}, warning="the extra values are kept in Unnamed 9, Unnamed 10"),
        {},
    ),
    "nul_bytes.csv": (Loads(12, warning="Removed 8 NUL bytes", nul_bytes=8), {}),
    # 3,587 = 4,096 bytes less the 509 bytes of text; 87% NUL, refused as "binary data" before issue 18.
    "nul_padded.csv": (Loads(6, warning="Removed 3,587 NUL bytes", nul_bytes=3587), {}),
    "binary_nul_runs.csv": (Fails("not a spreadsheet or a text export (it contains binary data)"), {}),
    "formulas.csv": (Loads(6), {}),
    "html_script.csv": (Loads(5), {}),
    "sql_headers.csv": (Loads(5), {}),
    "empty_repeated_headers.csv": (Loads(5), {}),
    "dates_extreme.csv": (
        Loads(
            6,
            rejected_cells={
                (1, "Close Date"): DATE_RANGE,
                (1, "Created Date"): DATE_RANGE,
                (2, "Close Date"): DATE_RANGE,
                (2, "Created Date"): DATE_RANGE,
                (3, "Close Date"): DATE_RANGE,
                (4, "Close Date"): DATE_RANGE,
                (6, "Close Date"): DATE_RANGE,
            },
        ),
        {},
    ),
    "amounts_extreme.csv": (
        Loads(
            9,
            rejected_cells={(r, "Amount"): "not a number" for r in (1, 2, 3, 4, 7, 8)},
            warning="8 won deals have no amount",
        ),
        {},
    ),
    # large, generated on demand into generated/
    "zip_bomb.xlsx": (Fails("This file would expand to 1.2 GB, which is more than the 1 GB"), {}),
    "zip_bomb_lying.xlsx": (Fails("The sheet 'Deals' could not be read"), {}),
    "million_empty_rows.xlsx": (Loads(5), {}),
    "wide_10000_columns.csv": (Loads(20), {}),
    "huge_cell_50mb.csv": (Loads(3), {}),
    "over_limit.csv": (Fails("over_limit.csv is 3.3 MB, more than the 2 MB a file may have; export"), {}),
}
LIMIT_ENV = {"over_limit.csv": {"CRM_OKR_MAX_UPLOAD_MB": "2"}}
SLOW = {"wide_10000_columns.csv", "huge_cell_50mb.csv", "million_empty_rows.xlsx"}
BASELINE = make_corpus.deals_csv(5, start=90_001)  # ids D90001.. never clash with the corpus' D00001..


def _params():
    return [pytest.param(name, marks=[pytest.mark.slow] if name in SLOW else []) for name in CASES]


@pytest.fixture(scope="session")
def corpus() -> dict[str, Path]:
    """Every corpus file by name: the committed small ones and the generated large ones."""
    paths = {name: CORPUS / name for name in make_corpus.SMALL}
    paths.update(make_corpus.ensure_large(n for n in make_corpus.LARGE if n in CASES))
    return paths


def snapshot(ws: Workspace) -> dict:
    return {
        "counts": ws.table_counts(),
        "uploads": ws.uploads().drop(columns=["loaded_at"]).to_dict(orient="records"),
        "rejected": ws.execute("SELECT upload_id, count(*) FROM rejected_rows GROUP BY 1 ORDER BY 1"),
        "mappings": ws.scalar("SELECT count(*) FROM mappings"),
        "tables": sorted(ws.execute("SELECT table_name FROM information_schema.tables")),
    }


def _assert_one_sentence(message: str, fragment: str) -> None:
    assert fragment in message, message
    assert "\n" not in message and "Traceback" not in message, message
    assert ";" in message and message.endswith((".", ")")), f"not 'what is wrong; what to do': {message}"


def _check_load(ws: Workspace, before: dict, info: dict, rejected, expected: Loads) -> None:
    assert (info["entity"], info["rows_loaded"], info["rows_rejected"]) == (
        expected.entity,
        expected.rows_loaded,
        expected.rows_rejected,
    )
    got = {(int(r.row_no), r.column_name): r.reason for r in rejected.itertuples()}
    assert set(got) == set(expected.rejected_cells)
    for cell, reason in expected.rejected_cells.items():
        assert reason in got[cell]
    assert info["nul_bytes_removed"] == expected.nul_bytes
    if expected.warning:
        texts = [w["message"] if isinstance(w, dict) else str(w) for w in info["warnings"]]
        assert any(expected.warning in t for t in texts), texts
    after = snapshot(ws)
    counts = dict(before["counts"])
    counts[expected.entity] += expected.rows_loaded
    assert after["counts"] == counts
    assert len(after["uploads"]) == len(before["uploads"]) + 1
    assert after["uploads"][:-1] == before["uploads"]
    assert after["uploads"][-1]["file_name"] == info["file"]
    assert after["uploads"][-1]["rows_loaded"] == expected.rows_loaded


# ------------------------------------------------------------------ the Upload page's path
@pytest.fixture
def page_ws(tmp_path):
    ws = Workspace(str(tmp_path / "ws.duckdb"))
    load_export(ws, BASELINE, "baseline.csv")
    yield ws
    ws.close()


@pytest.mark.timeout(180)
@pytest.mark.parametrize("name", _params())
def test_upload_page_path(name, corpus, page_ws, monkeypatch):
    expected, chosen = CASES[name]
    for key, value in LIMIT_ENV.get(name, {}).items():
        monkeypatch.setenv(key, value)
    data = corpus[name].read_bytes()
    before = snapshot(page_ws)
    # As app_pages/upload.py: inspect (with the entity the user picked), then load with the plan's mapping.
    try:
        plan = inspect_file(data, name, ws=page_ws, **chosen)
        mapping = {**plan.mapping, **({"date_order": plan.date_order} if plan.date_order else {})}
        report = load_export(page_ws, data, name, entity=plan.entity, sheet=None, mapping=mapping)
    except (IngestError, WorkspaceError) as exc:
        assert isinstance(expected, Fails), f"{name} failed: {exc}"
        _assert_one_sentence(str(exc), expected.fragment)
        assert snapshot(page_ws) == before, "an error left the workspace changed"
        # The CLI calls load_export without inspecting first: the same error, the same clean workspace.
        with pytest.raises(IngestError, match="^" + _re(str(exc)) + "$"):
            load_export(page_ws, data, name, **chosen)
        assert snapshot(page_ws) == before
        return
    assert isinstance(expected, Loads), f"{name} loaded but should fail with {expected}"
    assert plan.entity == expected.entity
    _check_load(page_ws, before, report.as_dict(), report.rejected, expected)
    stored = page_ws.rejected_rows(report.upload_id)
    assert len(stored) == len(report.rejected) == report.cells_rejected


def _re(text: str) -> str:
    import re

    return re.escape(text)


# ------------------------------------------------------------------ the CLI
@pytest.fixture(scope="module")
def baseline_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile_cli") / "baseline.duckdb"
    ws = Workspace(str(path))
    load_export(ws, BASELINE, "baseline.csv")
    ws.close()
    return path


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", _params())
def test_cli_load(name, corpus, baseline_db, tmp_path):
    expected, chosen = CASES[name]
    db = tmp_path / "ws.duckdb"
    shutil.copy(baseline_db, db)
    ws = Workspace(str(db))
    before = snapshot(ws)
    ws.close()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), **LIMIT_ENV.get(name, {})}
    env.pop("CRM_OKR_DEBUG", None)
    args = [sys.executable, str(ROOT / "cli.py"), "load", str(corpus[name]), "--db", str(db), "--json"]
    args += [f"--entity={chosen['entity']}"] if "entity" in chosen else []
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=200)
    assert "Traceback" not in done.stderr, done.stderr
    ws = Workspace(str(db))
    try:
        if isinstance(expected, Fails):
            assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
            assert done.stdout == ""
            lines = done.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
            _assert_one_sentence(lines[0].removeprefix("error: "), expected.fragment)
            assert snapshot(ws) == before, "an error left the workspace changed"
        else:
            assert done.returncode == 0, done.stderr
            info = json.loads(done.stdout)
            _check_load(ws, before, info, ws.rejected_rows(info["upload_id"]), expected)
    finally:
        ws.close()
    assert list(scratch.iterdir()) == [], "temporary files were left behind"


# ------------------------------------------------------------------ what was stored, exactly
def test_hostile_text_is_stored_verbatim(corpus, ws):
    """Formulas, markup and SQL in cells and headers are data: stored as they were, mapped or in _extra."""
    load_export(ws, corpus["formulas.csv"].read_bytes(), "formulas.csv")
    names = [r[0] for r in ws.execute("SELECT deal_name FROM deals ORDER BY _row")]
    assert names == [f.strip() for f in make_corpus.FORMULAS]  # cells are trimmed, nothing else
    assert ws.scalar("SELECT amount FROM deals WHERE deal_id = 'D00002'") == -1500.5
    extra_key = '=HYPERLINK("http://evil.example","Notes")'
    assert ws.scalar("SELECT _extra[$k] FROM deals WHERE deal_id = 'D00001'", {"k": extra_key}) == (
        make_corpus.FORMULAS[0]
    )

    load_export(ws, corpus["html_script.csv"].read_bytes(), "html_script.csv", replace=True)
    row = ws.execute(
        "SELECT deal_name, owner, _extra FROM deals WHERE _upload_id = 2 AND deal_id = 'D00003'"
    )[0]
    assert row[0] == make_corpus.XSS_SCRIPT and row[1] == make_corpus.XSS_MD_IMAGE
    assert row[2] == {
        make_corpus.XSS_SCRIPT: make_corpus.XSS_SCRIPT,
        make_corpus.XSS_IMG: make_corpus.XSS_IMG,
        make_corpus.XSS_MD_LINK: make_corpus.XSS_MD_LINK,
    }

    load_export(ws, corpus["empty_repeated_headers.csv"].read_bytes(), "repeated.csv", replace=True)
    extra = ws.scalar("SELECT _extra FROM deals WHERE _upload_id = 3 AND deal_id = 'D00002'")
    assert extra == {"Unnamed 2": "no header 2", "Amount (2)": "2", "Unnamed 7": "other 2", "Stage (2)": "Closed Won"}


@pytest.mark.slow
def test_a_50_mb_cell_arrives_whole(corpus, ws):
    report = load_export(ws, corpus["huge_cell_50mb.csv"].read_bytes(), "huge.csv")
    assert report.rows_loaded == 3
    sizes = ws.execute("SELECT deal_id, strlen(_extra['Description']) FROM deals ORDER BY _row")
    assert sizes[0] == ("D00001", len("short 1")) and sizes[2] == ("D00003", len("short 3"))
    assert 50 * 1024 * 1024 - 4 <= sizes[1][1] <= 50 * 1024 * 1024


def test_upload_limit_matches_the_server_and_is_configurable(monkeypatch):
    from ingest import MAX_UPLOAD_ENV, max_upload_mb

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    monkeypatch.delenv(MAX_UPLOAD_ENV, raising=False)
    assert max_upload_mb() == config["server"]["maxUploadSize"] == 400
    monkeypatch.setenv(MAX_UPLOAD_ENV, "0.001")  # 1,048 bytes
    with pytest.raises(IngestError, match=r"^big\.csv is 0\.0 MB, more than the 0\.001 MB a file may have;"):
        inspect_file(make_corpus.deals_csv(30), "big.csv")
    assert inspect_file(b"Deal ID,Stage\nD1,Won\n", "small.csv").row_count == 1
    monkeypatch.setenv(MAX_UPLOAD_ENV, "lots")
    with pytest.raises(IngestError, match="CRM_OKR_MAX_UPLOAD_MB='lots' is not a size; set it to a number"):
        inspect_file(b"Deal ID,Stage\nD1,Won\n", "small.csv")


def test_committed_corpus_matches_its_generator():
    """The small files are exactly what make_corpus.py writes (so the corpus can be rebuilt and reviewed)."""
    built = make_corpus.small_files()
    assert set(built) <= {p.name for p in CORPUS.iterdir()}
    for name, data in built.items():
        assert (CORPUS / name).read_bytes() == data, f"{name} differs from make_corpus.py's output"
    assert set(CASES) >= set(make_corpus.SMALL), "every corpus file has an expected outcome"


# ------------------------------------------------------------------ regressions found by the properties
def test_html_rows_shorter_than_the_header(ws):
    """An HTML "xls" whose rows leave out trailing empty cells used to raise IndexError (a traceback)."""
    html = (b"<table><tr><th>Deal ID</th><th>Stage</th><th>Amount</th></tr>"
            b"<tr><td>D1</td><td>Closed Won</td></tr><tr><td>D2</td><td>Closed Lost</td></tr></table>")
    plan = inspect_file(html, "deals.xls")
    assert plan.columns == ["Deal ID", "Stage", "Amount"]
    report = load_export(ws, html, "deals.xls", entity="deals")
    assert (report.rows_loaded, report.rows_rejected) == (2, 0)


def test_every_row_rejected_and_nothing_to_parse(ws):
    """No row has the required Stage and no column needs parsing: used to raise TypeError mid-load."""
    report = load_export(ws, b"Deal ID,Stage\nD1,\nD2,\n", "deals.csv", entity="deals")
    assert (report.rows_loaded, report.rows_rejected) == (0, 2)
    assert report.rejected["reason"].tolist() == ["row not loaded: Stage (stage) is empty"] * 2
    assert len(ws.uploads()) == 1 and ws.table_counts()["deals"] == 0


def test_a_csv_that_fails_while_loading_is_a_user_error(ws):
    """A reader error raised while the table is materialised (not when it is opened) is an IngestError, so
    the Upload page and the CLI show its sentence instead of a traceback."""
    data = b'Deal ID,Stage,Amount,Close Date\r\n"\x80'
    with pytest.raises(IngestError, match=r"^This CSV file could not be read \(.*\); open it in Excel"):
        inspect_file(data, "upload.csv")
    with pytest.raises(IngestError, match=r"^This CSV file could not be read"):
        load_export(ws, data, "upload.csv")
    assert ws.is_empty()


def test_nul_padding_is_reported_in_both_languages(corpus, ws):
    """Issue 18: a fixed-width exporter's NUL padding loads; the report counts it, in English and Chinese."""
    from ingest.load.report import warning_text

    report = load_export(ws, corpus["nul_padded.csv"].read_bytes(), "nul_padded.csv")
    assert (report.rows_loaded, report.nul_bytes_removed) == (6, 3587)
    texts = {lang: [warning_text(w, lang) for w in report.warnings] for lang in ("en", "zh")}
    assert texts["en"] == ["Removed 3,587 NUL bytes (empty characters that broken exports leave in the text)"]
    assert texts["zh"] == ["已移除 3,587 个空字符（NUL）"]
    assert ws.scalar("SELECT count(*) FROM deals WHERE contains(deal_name, chr(0))") == 0
    # UTF-16 text has a NUL in every second byte: it is text, and loads as before.
    utf16 = load_export(ws, make_corpus.deals_csv(3).decode().encode("utf-16"), "utf16.csv", replace=True)
    assert (utf16.encoding, utf16.rows_loaded, utf16.nul_bytes_removed) == ("utf-16", 3, 0)
