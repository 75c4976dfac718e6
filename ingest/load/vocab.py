"""Status words matched once per distinct value of a column, then looked up per row (a CASE or a MAP).

A million rows of a stage column hold a handful of values: the vocabularies of ``ingest/plan/values.py``
(won, lost, resolved ...) are applied to the distinct values only, and the load reads the answer per row.
"""

from __future__ import annotations

from ingest.plan.derive import f_col
from ingest.plan.values import clean_text_sql
from store import quote_ident


class VocabLookup:
    """Status words matched once per distinct value, then looked up per row in a MAP ($vk<n>, $vv<n>)."""

    MAX_DISTINCT = 10_000

    def __init__(self, cur, rules, params: dict, table: str) -> None:
        self.cur, self.rules, self.params, self.table = cur, rules, params, table
        self.n = 0
        self.made: list[tuple[str, list[str]]] = []  # (expression, its parameters)

    def drop_unused(self, sql: str) -> None:
        """Forget the parameters of lookups the final SQL does not use (a field the file maps directly wins
        over a derived one); DuckDB refuses parameters a statement does not reference."""
        for expr, names in self.made:
            if expr not in sql:
                for name in names:
                    self.params.pop(name, None)

    # Up to this many values with a result are looked up by CASE (cheaper per row than a MAP).
    MAX_CASE = 16

    def __call__(self, name: str, build) -> str:
        rule = self.rules[name]
        # Fallback columns (the field is not one column's text) or a constant: no lookup over the raw column.
        if rule.parsers[1:] or rule.constant is not None:
            return build(f_col(name))
        raw = quote_ident(self.rules[name].column)
        # The raw cells' distinct values first (a million cells, a handful of values), cleaned afterwards.
        rows = self.cur.execute(
            f"SELECT v, {build('v')} FROM (SELECT DISTINCT {clean_text_sql('r')} AS v FROM "
            f"(SELECT DISTINCT {raw} AS r FROM {quote_ident(self.table)})) "
            f"WHERE v IS NOT NULL LIMIT {self.MAX_DISTINCT + 1}"
        ).fetchall()
        if len(rows) > self.MAX_DISTINCT:
            return build(f_col(name))
        self.n += 1
        keys, values = f"vk{self.n}", f"vv{self.n}"
        found = [(k, v) for k, v in rows if v is not None]
        if len(found) <= self.MAX_CASE:
            whens = "".join(f" WHEN ${keys}_{i} THEN ${values}_{i}" for i in range(len(found)))
            for i, (k, v) in enumerate(found):
                self.params[f"{keys}_{i}"], self.params[f"{values}_{i}"] = k, v
            expr = (
                f"(CASE {f_col(name)}{whens} END)" if found else f"(CASE WHEN false THEN {build('NULL')} END)"
            )
            self.made.append((expr, [f"{p}_{i}" for i in range(len(found)) for p in (keys, values)]))
            return expr
        self.params[keys] = [r[0] for r in rows]
        self.params[values] = [r[1] for r in rows]
        expr = f"MAP(${keys}::VARCHAR[], ${values})[{f_col(name)}]"
        self.made.append((expr, [keys, values]))
        return expr


