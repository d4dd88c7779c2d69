"""Tests for avg_service.deadlines.terms: receipt date (R1), months, suspension (R5), Atw terms (R12)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from avg_service.deadlines import (
    add_months,
    atw_term_end,
    atw_term_end_explained,
    is_working_day,
    receipt_date,
    suspended_days,
)
from tests.deadlines.strategies import PROPERTY, dates

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("case", "received_at", "expected"),
    [
        ("C01", datetime(2025, 1, 15, 10, 12, tzinfo=AMS), date(2025, 1, 15)),
        ("C11", datetime(2025, 4, 5, 9, 3, tzinfo=AMS), date(2025, 4, 5)),
        ("C20", datetime(2025, 3, 29, 23, 30, tzinfo=UTC), date(2025, 3, 30)),
        ("C22", datetime(2026, 6, 30, 22, 15, tzinfo=UTC), date(2026, 7, 1)),
        ("winter 23:59 CET", datetime(2026, 1, 31, 22, 59, tzinfo=UTC), date(2026, 1, 31)),
        ("winter 00:00 CET", datetime(2026, 1, 31, 23, 0, tzinfo=UTC), date(2026, 2, 1)),
        ("DST end", datetime(2025, 10, 25, 22, 0, tzinfo=UTC), date(2025, 10, 26)),
        ("fixed offset", datetime(2026, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=-5))), date(2026, 7, 1)),
    ],
)
def test_receipt_date_is_the_amsterdam_calendar_date(case: str, received_at: datetime, expected: date) -> None:
    assert receipt_date(received_at) == expected


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        receipt_date(datetime(2025, 3, 29, 23, 30))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2025, 1, 31), 3, date(2025, 4, 30)),
        (date(2025, 11, 25), 3, date(2026, 2, 25)),
        (date(2027, 5, 31), 1, date(2027, 6, 30)),
        (date(2100, 1, 29), 1, date(2100, 2, 28)),
    ],
)
def test_add_months_ends_on_the_last_day_of_a_short_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@PROPERTY
@given(dates, st.integers(min_value=-24, max_value=24))
def test_add_months_agrees_with_relativedelta(day: date, months: int) -> None:
    assert add_months(day, months) == day + relativedelta(months=months)


@pytest.mark.parametrize(
    ("case", "invited_on", "resumed_on", "expected"),
    [
        ("C25 ID received", date(2025, 6, 4), date(2025, 6, 16), 11),
        ("C27 term expired unused", date(2026, 3, 11), date(2026, 3, 25), 13),
        ("same day", date(2026, 3, 11), date(2026, 3, 11), 0),
        ("next day", date(2026, 3, 11), date(2026, 3, 12), 0),
        ("two days", date(2026, 3, 11), date(2026, 3, 13), 1),
    ],
)
def test_suspended_days_counts_the_days_strictly_between(
    case: str, invited_on: date, resumed_on: date, expected: int
) -> None:
    assert suspended_days(invited_on, resumed_on) == expected


def test_resumption_before_the_invitation_is_refused() -> None:
    with pytest.raises(ValueError):
        suspended_days(date(2026, 3, 11), date(2026, 3, 10))


def test_c48_atw_article_2_extends_a_three_day_term_to_two_working_days() -> None:
    assert atw_term_end(date(2026, 12, 24), 3) == date(2026, 12, 29)
    explained = atw_term_end_explained(date(2026, 12, 24), 3)
    assert explained.raw == date(2026, 12, 27)
    assert [s.day for s in explained.rolled_past] == [date(2026, 12, 27), date(2026, 12, 28)]
    assert explained.rolled_past[1].reason.startswith("Atw art. 2")


@pytest.mark.parametrize(
    ("after", "days", "expected"),
    [
        (date(2026, 12, 24), 1, date(2026, 12, 28)),  # < 3 days: only art. 1
        (date(2026, 12, 24), 2, date(2026, 12, 28)),
        (date(2026, 12, 23), 3, date(2026, 12, 28)),  # 24 and 28 Dec are working days
        (date(2026, 12, 24), 0, date(2026, 12, 24)),
        (date(2026, 1, 2), 91, date(2026, 4, 3)),  # > 90 days: Atw art. 4(a), Goede Vrijdag kept
        (date(2026, 1, 3), 90, date(2026, 4, 7)),  # 90 days: rolled past Easter
    ],
)
def test_atw_term_end_applies_article_1_and_2_but_not_to_long_terms(after: date, days: int, expected: date) -> None:
    assert atw_term_end(after, days) == expected


def test_atw_term_end_refuses_a_negative_length() -> None:
    with pytest.raises(ValueError):
        atw_term_end(date(2026, 1, 1), -1)


@PROPERTY
@given(dates, st.integers(min_value=0, max_value=90))
def test_atw_terms_end_on_a_working_day_with_two_working_days_inside(after: date, days: int) -> None:
    end = atw_term_end(after, days)
    assert is_working_day(end)
    assert end >= after + timedelta(days=days)
    if days >= 3:
        inside = [after + timedelta(days=i) for i in range(1, (end - after).days + 1)]
        assert sum(map(is_working_day, inside)) >= 2
