"""Writes legacy_deals.xls, the BIFF8 (Excel 97-2003) fixture of tests/test_read_workbook.py.

xlwt is not a project dependency; the .xls is kept in the repository and this script documents how it
was made:  pip install --target /tmp/xlwt xlwt==1.3.0 && PYTHONPATH=/tmp/xlwt python make_legacy_xls.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlwt


def main() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    notes = book.add_sheet("Notes")
    notes.write(0, 0, "Read me first")
    deals = book.add_sheet("Deals")
    deals.write(0, 0, "Pipeline export")
    for col, name in enumerate(["Deal ID", "Account", "Amount", "Close Date", "Card No", "Region"]):
        deals.write(2, col, name)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = [
        (660737.0, "Acme", 1200.5, dt.date(2024, 1, 31), "0010087865628"),
        (660738.0, "Beta", 0.1, dt.date(2024, 2, 29), "0013406628"),
        (123456789012.0, "Gamma", 3.0, dt.date(2024, 3, 1), "*******528"),
    ]
    for r, (deal, account, amount, close, card) in enumerate(rows, start=3):
        deals.write(r, 0, deal)
        deals.write(r, 1, account)
        deals.write(r, 2, amount)
        deals.write(r, 3, close, date_style)
        deals.write(r, 4, card)
    deals.write_merge(3, 5, 5, 5, "North")  # one region for all three deals, merged F4:F6
    hidden = book.add_sheet("Lookup")
    hidden.write(0, 0, "code")
    hidden.visibility = 1
    book.save(str(Path(__file__).with_name("legacy_deals.xls")))


if __name__ == "__main__":
    main()
