"""Quarters as files write them, and as pages say them."""

from datetime import date, datetime

import pytest

from workforce.periods import NotAPeriod, Quarter, parse_date, parse_period


@pytest.mark.parametrize(
    "text, quarter",
    [
        ("2026-Q2", Quarter(2026, 2)),
        ("2026 q2", Quarter(2026, 2)),
        ("Q2 2026", Quarter(2026, 2)),
        ("Q1 2026/27", Quarter(2026, 2)),
        ("Q4 2026/27", Quarter(2027, 1)),
        ("2026-05-31", Quarter(2026, 2)),
        ("30/06/2026", Quarter(2026, 2)),
        (date(2026, 12, 1), Quarter(2026, 4)),
        (datetime(2026, 1, 1, 0, 0), Quarter(2026, 1)),
    ],
)
def test_a_quarter_is_read_from_the_ways_files_write_it(text, quarter):
    assert parse_period(text) == quarter


@pytest.mark.parametrize("text", ["2026-Q5", "Spring 2026", "", "Q1 2026/28", "31/02/2026"])
def test_text_that_is_not_a_quarter_says_what_to_write(text):
    with pytest.raises(NotAPeriod, match="2026-Q2|missing|financial year"):
        parse_period(text)


def test_a_quarter_says_its_months_and_its_financial_quarter():
    quarter = Quarter(2026, 2)
    assert (quarter.label, quarter.financial, quarter.code) == ("Apr to Jun 2026", "Q1 2026/27", "2026-Q2")
    assert (quarter.start, quarter.end) == (date(2026, 4, 1), date(2026, 6, 30))


def test_a_benchmark_date_is_day_first():
    assert parse_date("05/11/2020") == date(2020, 11, 5)
    assert parse_date("2021") == date(2021, 1, 1)
