"""Download buttons for the data behind a view (CSV and Excel, formula injection neutralised)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from store.export import to_csv_bytes, to_xlsx_bytes
from ui import state


def _stem(name: str) -> str:
    return re.sub(r"[^\w\-]+", "_", name).strip("_")[:80] or "data"


def download_buttons(frame: pd.DataFrame, name: str, *, key: str) -> None:
    """CSV and Excel buttons whose files are written when clicked, not on every run: the workbook of the Data
    page's 1,000 rows took 4 s of each of its runs at 5M deals (openpyxl), for a button rarely pressed.
    A click downloads without running the page again (on_click="ignore")."""
    left, right = st.columns(2)
    left.download_button(
        state.tr("common.download_csv"),
        data=lambda: to_csv_bytes(frame),
        on_click="ignore",
        file_name=f"{_stem(name)}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        icon=":material/download:",
    )
    right.download_button(
        state.tr("common.download_xlsx"),
        data=lambda: to_xlsx_bytes(frame),
        on_click="ignore",
        file_name=f"{_stem(name)}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{key}",
        icon=":material/download:",
    )
