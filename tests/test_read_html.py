"""HTML tables saved as .xls by some CRMs, read with the standard library only."""

from __future__ import annotations

from ingest.read.tables import read_table
from tests.data.read.builders import load

EXCEL_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>td {mso-number-format:"\\@";}</style></head>
<body>
<table><tr><td>Logo</td></tr></table>
<table border="1">
  <tr><th colspan="3">Leads export &amp; summary</th></tr>
  <tr><th>Lead ID</th><th>Name</th><th>Source</th></tr>
  <tr><td>00123</td><td>Ann &lt;Lee&gt;</td><td rowspan="2">Google</td></tr>
  <tr><td>00124</td><td>Bob<br>Smith</td></tr>
  <tr><td>00125</td><td>  Cy   Young </td><td>&#x5FAE;&#x4FE1;</td></tr>
  <tr><td></td><td></td><td></td></tr>
  <tr><td>Total</td><td>3</td><td></td></tr>
</table>
</body></html>
"""


def test_excel_style_html_table():
    raw = read_table(EXCEL_HTML.encode("utf-8"), "leads.xls")
    assert (raw.container, raw.encoding, raw.header_row) == ("html", "utf-8", 2)
    assert raw.columns == ["Lead ID", "Name", "Source"]
    columns, rows = load(raw)
    assert rows == [
        ("00123", "Ann <Lee>", "Google", 1),
        ("00124", "Bob\nSmith", "Google", 2),
        ("00125", "Cy Young", "微信", 3),
    ]
    assert raw.dropped_rows == 2


def test_html_declared_charset_is_used_for_legacy_bytes():
    page = (
        '<html><head><meta charset="gb2312"></head><body><table><tr><td>客户</td><td>金额</td></tr>'
        "<tr><td>张三</td><td>100</td></tr></table></body></html>"
    )
    raw = read_table(page.encode("gb2312"), "report.xls")
    assert raw.columns == ["客户", "金额"]
    assert load(raw)[1] == [("张三", "100", 1)]


def test_html_without_closing_tags():
    page = "<table><tr><td>a<td>b<tr><td>1<td>2<tr><td>3<td>4</table>"
    raw = read_table(page.encode(), "x.xls")
    assert raw.columns == ["a", "b"]
    assert load(raw)[1] == [("1", "2", 1), ("3", "4", 2)]
