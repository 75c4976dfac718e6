"""A stand-in for ingest.read.tables.RawTable built from rows, so importer tests do not depend on the readers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from store import quote_ident


@dataclass
class FakeRawTable:
    columns: list[str]
    rows: list[list[str | None]]
    container: str = "csv"
    encoding: str | None = "utf-8"
    delimiter: str | None = ","
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    kind: str = "records"
    warnings: list[str] = field(default_factory=list)
    dropped_rows: int = 0
    row_count: int | None = None
    closed: bool = False

    @classmethod
    def from_csv(cls, text: str, **kwargs) -> FakeRawTable:
        reader = csv.reader(io.StringIO(text.strip("\n")))
        header, *rows = list(reader)
        header = [h.strip() or f"column{i}" for i, h in enumerate(header, start=1)]
        rows = [[(c.strip() or None) for c in r] + [None] * (len(header) - len(r)) for r in rows if any(r)]
        return cls(header, [r[: len(header)] for r in rows], **kwargs)

    def materialize(self, cur, table_name: str) -> int:
        cols = ", ".join(f"{quote_ident(c)} VARCHAR" for c in self.columns)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {quote_ident(table_name)} ({cols}, _row BIGINT)")
        if self.rows:
            marks = ", ".join("?" for _ in range(len(self.columns) + 1))
            cur.executemany(
                f"INSERT INTO {quote_ident(table_name)} VALUES ({marks})",
                [[*r, i] for i, r in enumerate(self.rows, start=1)],
            )
        return len(self.rows)

    def preview(self, n: int = 20) -> pd.DataFrame:
        return pd.DataFrame(self.rows[:n], columns=self.columns)

    def close(self) -> None:
        self.closed = True


def use_fake_reader(monkeypatch, make) -> None:
    """Make ingest read every file through ``make(data, file_name, sheet)``."""
    import ingest.read.tables

    monkeypatch.setattr(ingest.read.tables, "_read_table", make)
