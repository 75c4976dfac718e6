"""Value normalisation in DuckDB SQL: dates, numbers, booleans, placeholders, ids, status vocabularies."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.plan.dates import DateFormat, detect_date_format
from ingest.plan.labels import FOLD_LABEL_MACRO, fold_label
from ingest.plan.numbers import (
    NumberFormat,
    currency_sql,
    detect_number_format,
    duration_hours_per_unit,
    duration_sql,
)
from ingest.plan.values import (
    CONVERTED_WORDS,
    RESOLVED_PREFIXES,
    RESOLVED_WORDS,
    bool_sql,
    clean_text_sql,
    contains_any_sql,
    deal_status_sql,
    folded_in_sql,
    id_sql,
    order_status_sql,
    rating_sql,
)


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    yield c
    c.close()


def apply(con, build, values: list) -> list:
    """``build(col)`` over the values, in order."""
    cur = con.cursor()
    try:
        cur.register("vals", pd.DataFrame({"i": range(len(values)), "v": pd.Series(values, dtype="object")}))
        return [r[0] for r in cur.execute(f"SELECT {build('v')} FROM vals ORDER BY i").fetchall()]
    finally:
        cur.close()


def parse_dates(con, values, prefer="dmy", order=None, tz="UTC") -> tuple[DateFormat, list]:
    fmt = detect_date_format(con, [v for v in values if v], prefer)
    if order:
        fmt = fmt.with_order(order)
    return fmt, apply(con, lambda c: fmt.sql(c, tz), values)


def ts(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# ------------------------------------------------------------------------------------------------- dates
DATE_CASES = [
    # (values, prefer, expected family, expected timestamps)
    (
        ["2021-04-15T00:03:00", "2021-04-15T00:03:00.123", "2021-04-16"],
        "dmy",
        "ymd",
        ["2021-04-15 00:03:00", "2021-04-15 00:03:00.123", "2021-04-16"],
    ),
    (
        ["15 Apr, 2021 00:03:00", "16 Apr, 2021 10:03:00"],
        "dmy",
        "text",
        ["2021-04-15 00:03", "2021-04-16 10:03"],
    ),
    (["Apr 15, 2021", "May 1, 2021"], "mdy", "text", ["2021-04-15", "2021-05-01"]),
    (["13-01-2020 10:00", "01-02-2020 9:05"], "mdy", "dmy", ["2020-01-13 10:00", "2020-02-01 09:05"]),
    (["01/13/2020", "2/1/2020"], "dmy", "mdy", ["2020-01-13", "2020-02-01"]),
    (
        ["22-03-21", "01-06-23 12:15", "01-06-23 1:57"],
        "dmy",
        "dmy2",
        ["2021-03-22", "2023-06-01 12:15", "2023-06-01 01:57"],
    ),
    (["2020/2/21 0:00", "2020/12/1 13:05"], "dmy", "ymd", ["2020-02-21 00:00", "2020-12-01 13:05"]),
    (["2019年07月09日", "2019年7月9日 10:00"], "dmy", "ymd", ["2019-07-09", "2019-07-09 10:00"]),
    (["2019.07.09", "2019.7.10"], "dmy", "ymd", ["2019-07-09", "2019-07-10"]),
    (["2018-01-01 星期五", "2018-01-02 星期六"], "dmy", "ymd", ["2018-01-01", "2018-01-02"]),
    (["Mon 2021-01-04", "2021-01-05 Tue"], "dmy", "ymd", ["2021-01-04", "2021-01-05"]),
    (["2024-07", "2024-08"], "dmy", "ymd", ["2024-07-01", "2024-08-01"]),
    (["2024年7月", "2024年8月"], "dmy", "ymd", ["2024-07-01", "2024-08-01"]),
    (["1/13/2021 3:04 PM", "1/14/2021 11:04 AM"], "dmy", "mdy", ["2021-01-13 15:04", "2021-01-14 11:04"]),
    (["20190709", "20191231"], "dmy", "compact", ["2019-07-09", "2019-12-31"]),
    (["２０１９－０７－０９", "２０１９－０７－１０"], "dmy", "ymd", ["2019-07-09", "2019-07-10"]),
]


@pytest.mark.parametrize(
    ("values", "prefer", "family", "expected"), DATE_CASES, ids=[c[0][0] for c in DATE_CASES]
)
def test_date_formats(con, values, prefer, family, expected):
    fmt, got = parse_dates(con, values, prefer)
    assert fmt.family == family
    assert got == [ts(e) for e in expected]


def test_excel_serial_and_epoch(con):
    fmt, got = parse_dates(con, ["43831", "43831.5"])
    assert fmt.kind == "excel" and got == [ts("2020-01-01"), ts("2020-01-01 12:00")]
    fmt, got = parse_dates(con, ["1577836800000", "1577923200000"])
    assert fmt.kind == "epoch_ms" and got == [ts("2020-01-01"), ts("2020-01-02")]
    # Plain counts are not dates.
    assert detect_date_format(con, ["3", "17", "250"]).kind == "none"


def test_impossible_date_is_rejected_not_shifted(con):
    fmt, got = parse_dates(con, ["2018-02-28 星期三", "2018-02-29 星期四", "2018-03-01 星期四"])
    assert got == [ts("2018-02-28"), None, ts("2018-03-01")]
    _, got = parse_dates(con, ["31/04/2021", "30/04/2021"])
    assert got == [None, ts("2021-04-30")]


def test_ambiguous_dates_follow_the_preference_and_can_be_overridden(con):
    values = ["01/02/2020", "03/04/2020"]
    fmt, got = parse_dates(con, values, prefer="dmy")
    assert fmt.ambiguous and got == [ts("2020-02-01"), ts("2020-04-03")]
    fmt, got = parse_dates(con, values, prefer="mdy")
    assert fmt.ambiguous and got == [ts("2020-01-02"), ts("2020-03-04")]
    _, got = parse_dates(con, values, prefer="dmy", order="mdy")
    assert got == [ts("2020-01-02"), ts("2020-03-04")]
    # Day equals month everywhere: both readings agree, so nothing is ambiguous.
    assert not detect_date_format(con, ["01/01/2020", "05/05/2021"]).ambiguous


def test_utc_offsets_convert_to_the_workspace_time_zone(con):
    values = ["2021-04-15T00:03:00Z", "2021-04-15T08:03:00+08:00"]
    _, got = parse_dates(con, values, tz="Asia/Shanghai")
    assert got == [ts("2021-04-15 08:03"), ts("2021-04-15 08:03")]
    _, got = parse_dates(con, values, tz="UTC")
    assert got == [ts("2021-04-15 00:03"), ts("2021-04-15 00:03")]


def test_two_digit_year_in_a_four_digit_column_is_not_year_21(con):
    fmt, got = parse_dates(con, ["22/03/2021", "23/03/2021", "24/03/21"])
    assert fmt.family == "dmy"
    assert got[:2] == [ts("2021-03-22"), ts("2021-03-23")] and got[2] in (None, ts("2021-03-24"))


# ------------------------------------------------------------------------------------------------ numbers
NUMBER_CASES = [
    ("$22,700.00", ".", "", 22700.0),
    ("9,326.84", ".", "", 9326.84),
    ("1.234,56", ",", "", 1234.56),
    ("12,5", ",", "", 12.5),
    ("$342.09K", ".", "", 342090.0),
    ("1.2M", ".", "", 1_200_000.0),
    ("¥1,234.00", ".", "", 1234.0),
    ("￥1,234.00", ".", "", 1234.0),
    ("1,234.00元", ".", "", 1234.0),
    ("1.2万", ".", "", 12000.0),
    ("3.5亿", ".", "", 350_000_000.0),
    ("１２３４．５", ".", "", 1234.5),
    ("(1,234)", ".", "", -1234.0),
    ("-5", ".", "", -5.0),
    ("12 ", ".", "", 12.0),
    ("9.98%", ".", "", 0.0998),
    ("USD 1,200", ".", "", 1200.0),
    ("1.5", ".", "金额(万元)", 15000.0),
    ("2", ".", "Amount (K)", 2000.0),
    ("10", ".", "Probability (%)", 0.1),
    ("abc", ".", "", None),
    ("1.2.3", ".", "", None),
    ("nan", ".", "", None),
]


@pytest.mark.parametrize(
    ("text", "decimal", "header", "expected"), NUMBER_CASES, ids=[c[0] for c in NUMBER_CASES]
)
def test_numbers(con, text, decimal, header, expected):
    base = detect_number_format([], header)
    fmt = NumberFormat(decimal, base.scale, base.percent)
    (got,) = apply(con, fmt.sql, [text])
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_decimal_comma_is_decided_per_column():
    assert detect_number_format(["1.234,56", "12,5", "7"]).decimal == ","
    assert detect_number_format(["1,234.56", "12.5", "7"]).decimal == "."
    assert detect_number_format(["1.234.567", "2.000.000"]).decimal == ","


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("$5", "USD"),
        ("¥5", "CNY"),
        ("￥5", "CNY"),
        ("5元", "CNY"),
        ("€5", "EUR"),
        ("£5", "GBP"),
        ("HK$5", "HKD"),
        ("5", None),
    ],
)
def test_currency_from_symbol(con, text, code):
    assert apply(con, currency_sql, [text]) == [code]


@pytest.mark.parametrize(
    ("header", "text", "hours"),
    [
        ("Resolution Time (in hours)", "12.5", 12.5),
        ("处理时长(分钟)", "90", 1.5),
        ("First Response Time", "1:30", 1.5),
        ("Response Time (days)", "2", 48.0),
        ("Time to first agent reply (ms)", "5400000", 1.5),
    ],
)
def test_durations(con, header, text, hours):
    per = duration_hours_per_unit(header, 1.0)
    assert apply(con, lambda c: duration_sql(c, per, 1.0), [text]) == [pytest.approx(hours)]


def test_sales_cycle_days_default_unit_is_days(con):
    per = duration_hours_per_unit("Age", 24.0)
    assert apply(con, lambda c: duration_sql(c, per, 24.0), ["30"]) == [pytest.approx(30.0)]


# ------------------------------------------------------------------------------------ booleans and text
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes", True),
        ("No", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("1.0", True),
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("已转化", True),
        ("maybe", None),
    ],
)
def test_booleans(con, text, expected):
    assert apply(con, bool_sql, [text]) == [expected]


@pytest.mark.parametrize(
    "text",
    ["Select", "unknown", "Not Provided", "N/A", "NA", "null", "--", "-", "—", " ", "无", "nan", "#N/A"],
)
def test_placeholders_become_null(con, text):
    assert apply(con, clean_text_sql, [text]) == [None]


def test_text_keeps_its_original_spelling(con):
    assert apply(con, clean_text_sql, ["Google", "google", "Online Store"]) == [
        "Google",
        "google",
        "Online Store",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("660737.0", "660737"),
        ("6.60737E+05", "660737"),
        ("0010087865628", "0010087865628"),
        ("7421000000104012", "7421000000104012"),
        ("C000123", "C000123"),
        ("SO-2024.1", "SO-2024.1"),
    ],
)
def test_ids_stay_text(con, text, expected):
    assert apply(con, id_sql, [text]) == [expected]


def test_fold_label_sql_matches_python(con):
    con.execute(FOLD_LABEL_MACRO)
    labels = [
        "Google",
        "google",
        "Online Store",
        "OnlineStore",
        "online_store",
        "Paid-Search",
        " Paid Search ",
    ]
    got = [
        r[0] for r in con.execute("SELECT fold_label(x) FROM unnest(?::VARCHAR[]) t(x)", [labels]).fetchall()
    ]
    assert got == [fold_label(x) for x in labels]
    assert len(set(got)) == 3


# ---------------------------------------------------------------------------------- status vocabularies
@pytest.mark.parametrize(
    ("stage", "status"),
    [
        ("Closed Won", "won"),
        ("closedwon", "won"),
        ("Won", "won"),
        ("赢单", "won"),
        ("成交", "won"),
        ("已成交", "won"),
        ("赢得", "won"),
        ("Closed Lost", "lost"),
        ("closedlost", "lost"),
        ("Lost", "lost"),
        ("输单", "lost"),
        ("丢单", "lost"),
        ("失败", "lost"),
        ("Prospecting", "open"),
        ("Negotiation/Review", "open"),
        ("未成交", "open"),
        ("Closed Won - Renewal", "won"),
        (None, None),
    ],
)
def test_deal_status_from_stage(con, stage, status):
    assert apply(con, lambda c: deal_status_sql(None, c), [stage]) == [status]


def test_explicit_status_column_wins_over_stage(con):
    cur = con.cursor()
    cur.register(
        "deals_raw",
        pd.DataFrame(
            {"s": ["won", "lost", "open", None], "g": ["Proposal", "Proposal", "Closed Won", "Closed Lost"]}
        ),
    )
    got = [r[0] for r in cur.execute(f"SELECT {deal_status_sql('s', 'g')} FROM deals_raw").fetchall()]
    cur.close()
    assert got == ["won", "lost", "won", "lost"]


@pytest.mark.parametrize(
    ("status", "resolved"),
    [
        ("Closed", True),
        ("Resolved", True),
        ("Solved", True),
        ("已解决", True),
        ("已关闭", True),
        ("已完成", True),
        ("Open", False),
        ("Pending Customer Response", False),
        ("On Hold", False),
    ],
)
def test_ticket_resolved_from_status(con, status, resolved):
    assert apply(con, lambda c: folded_in_sql(c, RESOLVED_WORDS, RESOLVED_PREFIXES), [status]) == [resolved]


@pytest.mark.parametrize(
    ("status", "canonical"),
    [
        ("Cancelled", "cancelled"),
        ("已取消", "cancelled"),
        ("交易关闭", "cancelled"),
        ("Refunded", "refunded"),
        ("已退款", "refunded"),
        ("交易成功", "completed"),
        ("Completed", "completed"),
        ("等待买家付款", "等待买家付款"),
    ],
)
def test_order_status(con, status, canonical):
    assert apply(con, order_status_sql, [status]) == [canonical]


@pytest.mark.parametrize(
    ("status", "converted"),
    [
        ("Converted", True),
        ("已转化", True),
        ("customer", True),
        ("lead", False),
        ("marketingqualifiedlead", False),
    ],
)
def test_lead_converted_from_status(con, status, converted):
    assert apply(con, lambda c: folded_in_sql(c, CONVERTED_WORDS), [status]) == [converted]


def test_complaints_from_type_or_subject(con):
    cur = con.cursor()
    cur.register(
        "t",
        pd.DataFrame(
            {
                "type": ["Complaint", "Question", None, None],
                "subject": ["late", "投诉：送货延迟", "printer", None],
            }
        ),
    )
    got = [
        r[0]
        for r in cur.execute(
            f"SELECT {contains_any_sql(['type', 'subject'], ['complaint', '投诉'])} FROM t"
        ).fetchall()
    ]
    cur.close()
    assert got == [True, True, False, None]


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("4", 4.0),
        ("Good", 5.0),
        ("Okay", 3.0),
        ("Bad", 1.0),
        ("满意", 4.0),
        ("非常不满意", 1.0),
        ("4 stars", 4.0),
        ("★★★", 3.0),
        ("so-so", None),
    ],
)
def test_ratings(con, text, score):
    assert apply(con, lambda c: rating_sql(c, NumberFormat().sql(c)), [text]) == [score]


# ---------------------------------------------------------------------------------------- properties
@st.composite
def formatted_numbers(draw):
    """(text, value, decimal) with random grouping, currency, sign style and decimal comma."""
    cents = draw(st.integers(min_value=-(10**11), max_value=10**11))
    value = cents / 100
    comma = draw(st.booleans())
    grouped = draw(st.booleans())
    whole, frac = divmod(abs(cents), 100)
    digits = f"{whole:,}" if grouped else str(whole)
    if comma:
        digits = digits.replace(",", ".")
    text = f"{digits}{',' if comma else '.'}{frac:02d}"
    symbol, suffix = draw(
        st.sampled_from([("", ""), ("$", ""), ("¥", ""), ("€", ""), ("£", ""), ("", "元"), ("USD ", "")])
    )
    text = f"{symbol}{text}{suffix}"
    if cents < 0:
        text = draw(st.sampled_from([f"-{text}", f"({text})"]))
    return text, value, "," if comma else "."


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(formatted_numbers(), min_size=1, max_size=25))
def test_formatted_numbers_parse_back(con, items):
    for decimal in (".", ","):
        subset = [it for it in items if it[2] == decimal]
        if not subset:
            continue
        got = apply(con, NumberFormat(decimal).sql, [t for t, _, _ in subset])
        assert got == [pytest.approx(v, abs=0.005) for _, v, _ in subset]


WEEKDAYS_ZH = "一二三四五六日"
DATE_WRITERS = {
    # family -> (writer, anchor proving the order)
    "ymd": (lambda d: d.strftime("%Y-%m-%d %H:%M:%S"), None),
    "ymd_t": (lambda d: d.strftime("%Y-%m-%dT%H:%M:%S"), None),
    "ymd_slash": (lambda d: f"{d.year}/{d.month}/{d.day} {d.hour}:{d.minute:02d}:{d.second:02d}", None),
    "dmy": (lambda d: d.strftime("%d/%m/%Y %H:%M:%S"), "31/12/2020 00:00:00"),
    "mdy": (
        lambda d: f"{d.month}/{d.day}/{d.year} {d.hour}:{d.minute:02d}:{d.second:02d}",
        "12/31/2020 0:00:00",
    ),
    "text": (lambda d: d.strftime("%d %b %Y %H:%M:%S"), None),
    "zh": (lambda d: f"{d.year}年{d.month}月{d.day}日 {d.hour:02d}:{d.minute:02d}:{d.second:02d}", None),
    "weekday": (lambda d: d.strftime("%Y-%m-%d %H:%M:%S") + " 星期" + WEEKDAYS_ZH[d.weekday()], None),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(sorted(DATE_WRITERS)),
    st.lists(
        st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2099, 12, 31)),
        min_size=1,
        max_size=20,
    ),
)
def test_formatted_dates_parse_back(con, family, moments):
    write, anchor = DATE_WRITERS[family]
    moments = [m.replace(microsecond=0) for m in moments]
    values = [write(m) for m in moments] + ([anchor] if anchor else [])
    prefer = "mdy" if family == "dmy" else "dmy"  # the values, not the preference, must decide
    _, got = parse_dates(con, values, prefer)
    assert got[: len(moments)] == moments


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2068, 12, 31).date()),
        min_size=1,
        max_size=20,
    )
)
def test_two_digit_day_first_dates_parse_back(con, days):
    values = [d.strftime("%d-%m-%y") for d in days] + ["31-12-20"]
    _, got = parse_dates(con, values, prefer="mdy")
    assert [g.date() for g in got[: len(days)]] == days


def test_excel_serials_parse_back(con):
    base = datetime(1899, 12, 30)
    moments = [
        datetime(1990, 1, 1) + timedelta(days=d, seconds=s) for d, s in [(0, 0), (12345, 3600), (40000, 59)]
    ]
    serials = [f"{(m - base).total_seconds() / 86400:.8f}" for m in moments]
    _, got = parse_dates(con, serials)
    assert got == moments
