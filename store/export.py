"""Tables exported to CSV/XLSX for the user, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import io

import pandas as pd

# A cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # Plain negative numbers stay numbers; anything else is made inert with a leading quote.
        try:
            float(value)
            return value
        except ValueError:
            return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith(("string", "str")):
            out[col] = out[col].map(neutralise)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel on Windows opens Chinese text correctly.
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    clean = safe_frame(frame)
    for col in clean.columns:  # Excel cannot store time-zone aware datetimes
        if hasattr(clean[col].dtype, "tz") and clean[col].dtype.tz is not None:
            clean[col] = clean[col].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        clean.to_excel(writer, index=False, sheet_name=sheet[:31] or "data")
    return buffer.getvalue()
