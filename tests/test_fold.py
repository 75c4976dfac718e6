"""One label-folding rule: the Python and SQL twins agree on every text, ideographic and full-width forms too."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.fold import fold_label, fold_sql

# Letters of the scripts CRM labels come in, with every separator and full-width form the rule knows.
ALPHABET = st.sampled_from(
    list("AaZz09 _-\t\n\r\u00a0\u3000\uff3f\uff0d'\"\\%")
    + [chr(c) for c in range(0xFF01, 0xFF5F)]
    + list("ÉéÜüßçÀ转介绍口碑赢单成交关闭已解决ｶﾀｶﾅ")
)


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=24))
def test_python_and_sql_fold_alike(con, text):
    assert con.execute(f"SELECT {fold_sql('$t')}", {"t": text}).fetchone()[0] == fold_label(text)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Google", "google"),
        ("Online Store", "online_store"),
        ("Online Store", "ONLINE-STORE"),
        ("Word of mouth", "Word-of\u00a0mouth"),
        ("转介绍\u3000", "转介绍"),
        ("Ｗｅｂ　Ｓｔｏｒｅ", "web store"),
        ("ＡＢＣ＿ｄ－ｅ", "abc_d-e"),
    ],
)
def test_label_variants_fold_together(left, right):
    assert fold_label(left) == fold_label(right)


def test_different_labels_stay_different():
    assert fold_label("Web") != fold_label("Webinar") and fold_label("推荐") != fold_label("转介绍")
