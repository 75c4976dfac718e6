"""Output safety: exports neutralise spreadsheet formulas; SQL never comes from user text; pages show user
text (file names, headers, values, objective titles, owners, comments) as text, never as markup.

The real-browser half (no script runs, the text shows literally) is tests/e2e/test_browser_security.py.
"""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pandas as pd
import pytest

from ingest import load_export
from store import ENTITY_NAMES, Workspace
from store.export import neutralise, to_csv_bytes, to_xlsx_bytes
from tests.data.hostile import make_corpus
from ui.text import chart_text, md

CORPUS = make_corpus.HERE
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


# ------------------------------------------------------------------ formula injection in exports
def _csv_cells(blob: bytes) -> list[list[str]]:
    assert blob.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(blob.decode("utf-8-sig"), newline="")))


def _xlsx_cells(blob: bytes) -> list[list[openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(blob)).active
    return [list(row) for row in sheet.iter_rows()]


def _assert_inert(text: str) -> None:
    if text.startswith(DANGEROUS):
        assert text.lstrip("-+").replace(".", "", 1).isdigit(), f"{text!r} would run as a formula"


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+SUM(1+1)", "'+SUM(1+1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-inf", "'-inf"),  # float() would call these numbers; a spreadsheet calls them formulas
        ("-nan", "'-nan"),
        ("-1_000", "'-1_000"),
        ("-1500.50", "-1500.50"),  # plain numbers stay numbers
        ("+3", "+3"),
        ("-1e5", "-1e5"),
        ("-.5", "-.5"),
        ("Acme = best", "Acme = best"),
        ("", ""),
    ],
)
def test_neutralise(value, exported):
    assert neutralise(value) == exported


def test_exports_neutralise_cells_and_headers_and_keep_numbers():
    frame = pd.DataFrame(
        {
            "=HYPERLINK(\"http://evil\",\"h\")": ["=1+1", "plain"],
            "amount": [-1500.5, 20.0],  # a numeric column stays numeric
            "text amount": ["-1500.50", "@x"],
            "-5": ["+cmd|x", "ok"],  # a header that is a plain number stays
            "tier": pd.Categorical(["=A1", "b"]),
            "when": pd.to_datetime(["2025-01-01", "2025-02-01"]).tz_localize("UTC"),
            "note": ["bad\x01byte", None],
        }
    )
    frame = pd.concat([frame, frame[["text amount"]]], axis=1)  # repeated headers too
    rows = _csv_cells(to_csv_bytes(frame))
    assert rows[0] == ["'=HYPERLINK(\"http://evil\",\"h\")", "amount", "text amount", "-5", "tier", "when", "note",
                       "text amount"]
    assert rows[1][:5] == ["'=1+1", "-1500.5", "-1500.50", "'+cmd|x", "'=A1"]
    assert rows[2][2] == "'@x" and rows[2][7] == "'@x"
    for row in rows:
        for cell in row:
            _assert_inert(cell)

    cells = _xlsx_cells(to_xlsx_bytes(frame, sheet="=evil"))
    assert [c.value for c in cells[0]][:4] == ["'=HYPERLINK(\"http://evil\",\"h\")", "amount", "text amount", "-5"]
    assert all(c.data_type != "f" for row in cells for c in row), "a formula reached the workbook"
    assert (cells[1][1].value, cells[1][1].data_type) == (-1500.5, "n")
    assert cells[1][0].value == "'=1+1" and cells[1][4].value == "'=A1"
    assert cells[1][6].value == "bad\ufffdbyte", "control characters would make openpyxl refuse the file"
    assert cells[1][5].is_date


def test_exports_of_a_hostile_upload(ws):
    """The Data page's downloads of the formulas file: every dangerous cell inert, the negative amount a number."""
    load_export(ws, (CORPUS / "formulas.csv").read_bytes(), "formulas.csv")
    load_export(ws, b"Deal ID,Deal Name,Stage\nX1,ctrl\x01\x0bchar,Won\n", "control.csv")
    frame = ws.sample_rows("deals")
    for row in _csv_cells(to_csv_bytes(frame)):
        for cell in row:
            _assert_inert(cell)
    cells = _xlsx_cells(to_xlsx_bytes(frame))
    header = [c.value for c in cells[0]]
    names = [row[header.index("deal_name")].value for row in cells[1:]]
    assert names[:5] == ["'" + f.strip() for f in make_corpus.FORMULAS[:5]]
    assert names[6] == "ctrl\ufffd\ufffdchar"
    amounts = {row[header.index("deal_id")].value: row[header.index("amount")] for row in cells[1:]}
    assert (amounts["D00002"].value, amounts["D00002"].data_type) == (-1500.5, "n")
    assert all(c.data_type != "f" for row in cells for c in row)


# ------------------------------------------------------------------ SQL from user text
def test_sql_headers_leave_every_table_standing(ws):
    from metrics import MetricQuery, compute, metric_value
    from metrics.dimensions import available_dimensions

    hostile = make_corpus.SQL_HEADERS
    report = load_export(ws, (CORPUS / "sql_headers.csv").read_bytes(), "x'; DROP TABLE uploads; --.csv")
    assert (report.rows_loaded, report.rows_rejected) == (5, 0)
    tables = {name for (name,) in ws.execute("SELECT table_name FROM information_schema.tables")}
    assert tables >= {*ENTITY_NAMES, "uploads", "rejected_rows", "mappings", "settings", "objectives", "checkins"}
    assert ws.uploads()["file_name"].tolist() == ["x'; DROP TABLE uploads; --.csv"]
    extra = ws.scalar("SELECT _extra FROM deals WHERE deal_id = 'D00001'")
    assert extra == {hostile[0]: "'; DELETE FROM uploads; --", hostile[1]: "1; DROP TABLE settings",
                     "_row (2)": "x", "_upload_id": "99", "_extra": "y"}
    assert ws.scalar("SELECT count(DISTINCT _upload_id) FROM deals") == 1  # "_upload_id" stayed a header
    # The hostile header as a metric dimension: in the split list, as a split, as a filter.
    assert {hostile[0], hostile[1]} <= set(available_dimensions(ws, "deals_won"))
    split = compute(ws, MetricQuery("deals_won", grain="year", by=hostile[0]))
    assert dict(zip(split["segment"], split["value"], strict=True)) == {
        "' OR 1=1 --": 0, "'; DELETE FROM uploads; --": 1}  # D00003, the one won deal, has an odd number
    filtered = metric_value(ws, MetricQuery("deals_won", start=pd.Timestamp("2025-01-01").date(), end=pd.Timestamp("2026-01-01").date(), filters={hostile[1]: "3; DROP TABLE settings"}))
    assert filtered.value == 1
    assert ws.table_counts()["deals"] == 5 and len(ws.uploads()) == 1
    assert ws.delete_upload(report.upload_id) == 5
    assert tables <= {name for (name,) in ws.execute("SELECT table_name FROM information_schema.tables")}


# ------------------------------------------------------------------ markup in pages
EVIL = {
    "file": "![x](http://127.0.0.1:9/file.png) [open](javascript:window.__xss=1).csv",
    "title": "![t](http://127.0.0.1:9/title.png) <img src=x onerror=\"window.__xss=1\">",
    "owner": "[click me](javascript:window.__xss=1)",
    "team": ":red[www.evil.example] **team**",
    "comment": "<a href='http://127.0.0.1:9/c'>see</a> ![c](http://127.0.0.1:9/c.png)",
}


def test_md_escapes_what_markdown_would_act_on():
    assert md("![x](http://e/x.png)") == "\\!\\[x\\]\\(http\\://e/x\\.png\\)"
    assert md("a_b *c* `d` <e> #1 ~f~ $g$ :red[h] |i| 5. -j +k =l &amp; \"m\" 'n'") == (
        "a\\_b \\*c\\* \\`d\\` \\<e\\> \\#1 \\~f\\~ \\$g\\$ \\:red\\[h\\] \\|i\\| 5\\. \\-j \\+k \\=l \\&amp; "
        "\\\"m\\\" \\'n\\'"
    )
    assert md("普通文本 plain 123") == "普通文本 plain 123"
    assert chart_text("<a href='x'>y</a> & <b>") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; &lt;b&gt;"


def _markdown_bodies(at) -> list[str]:
    """The Markdown source of every element Streamlit renders as Markdown."""
    bodies = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        bodies += [str(e.value) for e in at.get(kind)]
    for kind in ("checkbox", "button", "radio", "text_input", "text_area", "selectbox", "metric", "expander"):
        bodies += [str(getattr(e, "label", "")) for e in at.get(kind)]
    bodies += [str(e.value) for e in at.metric]
    return bodies


def _assert_inert_markdown(at, *, expect_shown: list[str]) -> None:
    bodies = _markdown_bodies(at)
    joined = "\n".join(bodies)
    for text in EVIL.values():
        assert text not in joined, f"raw user text reached Markdown: {text!r}"
    for text in expect_shown:
        assert md(text) in joined, f"{text!r} is not shown (escaped) on the page"


@pytest.fixture
def hostile_workspace(tmp_path) -> tuple[str, int]:
    """The demo workspace with an upload, an objective and a check-in made of Markdown and HTML."""
    from tests.apptest_support import build_demo_workspace, copy_workspace

    db = copy_workspace(build_demo_workspace(tmp_path), tmp_path / "ws.duckdb")
    ws = Workspace(str(db))
    upload_id = load_export(ws, (CORPUS / "html_script.csv").read_bytes(), EVIL["file"]).upload_id
    docs = ws.objectives()
    docs[0].update(title=EVIL["title"], owner=EVIL["owner"], team=EVIL["team"])
    ws.save_objectives(docs)
    first_kr = docs[0]["key_results"][0]["id"]
    ws.add_checkin(kr_id=first_kr, objective_id=docs[0]["id"], checkin_date="2026-08-01", confidence=5,
                   comment=EVIL["comment"])
    ws.close()
    return str(db), upload_id




@pytest.mark.slow
@pytest.mark.usefixtures("app_env")
def test_pages_show_user_text_as_text(hostile_workspace):
    from tests.apptest_support import run_page

    db, upload_id = hostile_workspace
    data = run_page("app_pages/data.py", db=db)
    assert not data.exception, [e.message for e in data.exception]
    data.selectbox(key="data_upload").set_value(upload_id).run()
    _assert_inert_markdown(data, expect_shown=[EVIL["file"]])  # the delete checkbox names the file

    objectives = run_page("app_pages/objectives.py", db=db)
    assert not objectives.exception, [e.message for e in objectives.exception]
    _assert_inert_markdown(objectives, expect_shown=[EVIL["title"], EVIL["owner"], EVIL["team"]])
    # The progress bars carry the KR titles; a Plotly label shows tags, never applies them.
    for text in _chart_strings(objectives):
        assert "<img" not in text and "<a " not in text, text

    detail = run_page("app_pages/kr_detail.py", db=db)
    assert not detail.exception, [e.message for e in detail.exception]
    _assert_inert_markdown(detail, expect_shown=[])
    texts = _chart_strings(detail)
    assert not [t for t in texts if "<a " in t or "<img" in t], "a check-in comment became Plotly markup"
    assert chart_text(EVIL["comment"]) in texts  # shown as written, in the check-in marker's hover text


def _chart_strings(at) -> list[str]:
    """Every string in every Plotly figure of the page."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return found
