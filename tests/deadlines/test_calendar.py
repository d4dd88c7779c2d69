"""Tests for avg_service.deadlines.calendar: the Atw art. 3 holidays, the KB table (R4), rolling."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avg_service.deadlines import (
    CALENDAR_COVERS_FROM,
    CALENDAR_COVERS_UNTIL,
    CALENDAR_VERSION,
    KB_EQUATED_DAYS,
    add_months,
    add_working_days,
    holiday_on,
    holidays_in,
    is_provisional,
    is_working_day,
    is_working_day_strict,
    next_working_day,
    non_working_reasons,
    working_day_after,
)
from tests.deadlines.cases import EASTER_SUNDAYS, HOLIDAY_TABLE
from tests.deadlines.strategies import PROPERTY, dates

_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@pytest.mark.parametrize(("day", "weekday", "name"), HOLIDAY_TABLE, ids=[d.isoformat() for d, _, _ in HOLIDAY_TABLE])
def test_every_listed_holiday_is_a_non_working_day_with_its_name(day: date, weekday: str, name: str) -> None:
    assert _WEEKDAYS_EN[day.weekday()] == weekday  # guards the transcription of §1.1
    assert not is_working_day(day)
    assert any(h.name.startswith(name) for h in holiday_on(day))
    assert any(r.startswith(name) for r in non_working_reasons(day))


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_the_calendar_holds_exactly_the_days_of_the_table(year: int) -> None:
    expected = {d for d, _, _ in HOLIDAY_TABLE if d.year == year}
    assert {h.day for h in holidays_in(year)} == expected


def test_koningsdag_2025_is_saturday_26_april_because_27_april_is_a_sunday() -> None:
    assert [h.name for h in holiday_on(date(2025, 4, 26))] == ["Koningsdag"]
    assert holiday_on(date(2025, 4, 27)) == ()
    assert non_working_reasons(date(2025, 4, 26)) == ("zaterdag", "Koningsdag")


@pytest.mark.parametrize("easter_sunday", EASTER_SUNDAYS)
def test_tweede_paasdag_follows_the_easter_sunday_of_the_table(easter_sunday: date) -> None:
    monday = easter_sunday + timedelta(days=1)
    assert [h.name for h in holiday_on(monday)] == ["Tweede Paasdag"]


def test_5_mei_is_a_holiday_every_year_not_only_lustrum_years() -> None:
    for year in range(2020, 2036):
        assert holiday_on(date(year, 5, 5)), year


def test_kb_days_carry_their_decree_and_article_3_3() -> None:
    (holiday,) = holiday_on(date(2026, 1, 2))
    assert holiday.name == "gelijkgesteld bij KB"
    assert holiday.article == "3(3)"
    assert "KB 2026–2028" in holiday.source
    assert non_working_reasons(date(2025, 5, 30)) == ("gelijkgesteld bij KB",)


def test_the_kb_table_is_versioned_and_covers_2025_to_2028() -> None:
    assert CALENDAR_VERSION == KB_EQUATED_DAYS.version != ""
    assert (KB_EQUATED_DAYS.first_year, KB_EQUATED_DAYS.last_year) == (2025, 2028)
    assert CALENDAR_COVERS_FROM == date(2025, 1, 1)
    assert CALENDAR_COVERS_UNTIL == date(2028, 12, 31)
    assert [d.reference for d in KB_EQUATED_DAYS.decrees] == ["KB 2023–2025", "KB 2026–2028"]
    for decree in KB_EQUATED_DAYS.decrees:
        for day in decree.days:
            assert KB_EQUATED_DAYS.first_year <= day.year <= KB_EQUATED_DAYS.last_year


def test_kb_table_does_not_run_out_within_a_year() -> None:
    """Fails once the KB table ends within 12 months of the day the tests run.

    This test reads ``date.today()`` on purpose, unlike every other test: its job is to warn,
    a year ahead, that the Staatscourant decree with the next KB-equated days (Atw art. 3(3))
    must be added to ``KB_EQUATED_DAYS``; after the table runs out, deadlines are only
    provisional. Fix it by adding the new decree, not by changing this test.
    """
    today = date.today()
    assert add_months(today, 12) <= CALENDAR_COVERS_UNTIL, (
        f"The KB table (version {CALENDAR_VERSION}) ends {CALENDAR_COVERS_UNTIL}, within a year of "
        f"{today}: add the next Besluit gelijkstelling (Atw art. 3(3)) to avg_service/deadlines/calendar.py"
    )


@pytest.mark.parametrize(
    ("day", "provisional"),
    [
        (date(2024, 12, 31), True),
        (date(2025, 1, 1), False),
        (date(2028, 12, 31), False),
        (date(2029, 1, 1), True),
        (date(2035, 6, 1), True),
    ],
)
def test_days_outside_the_kb_table_are_provisional(day: date, provisional: bool) -> None:
    assert is_provisional(day) is provisional


def test_years_beyond_the_table_use_the_atw_list_only() -> None:
    names = [h.name for h in holidays_in(2029)]
    assert "gelijkgesteld bij KB" not in names
    assert len(names) == 9


def test_years_before_koningsdag_2014_are_refused() -> None:
    with pytest.raises(ValueError, match="2014"):
        is_working_day(date(2013, 4, 30))


def test_next_working_day_is_the_roll_and_keeps_a_working_day() -> None:
    assert next_working_day(date(2025, 2, 17)) == date(2025, 2, 17)  # Monday
    assert next_working_day(date(2025, 5, 29)) == date(2025, 6, 2)  # Hemelvaart, KB day, weekend
    assert working_day_after(date(2025, 2, 17)) == date(2025, 2, 18)
    assert working_day_after(date(2025, 12, 24)) == date(2025, 12, 29)


def test_the_strict_calendar_works_on_goede_vrijdag_and_kb_days_only() -> None:
    assert is_working_day_strict(date(2026, 4, 3))  # Goede Vrijdag
    assert is_working_day_strict(date(2025, 5, 30))  # KB day
    assert not is_working_day_strict(date(2026, 4, 6))  # Tweede Paasdag
    assert not is_working_day_strict(date(2026, 4, 4))  # Saturday


def test_add_working_days_counts_ten_working_days_over_christmas() -> None:
    # Skips 25 and 26 Dec, 1 Jan, 2 Jan 2026 (KB) and the weekends.
    assert add_working_days(date(2025, 12, 19), 10) == date(2026, 1, 8)
    assert add_working_days(date(2026, 1, 8), -10) == date(2025, 12, 19)
    assert add_working_days(date(2025, 12, 20), 0) == date(2025, 12, 20)


@PROPERTY
@given(dates)
def test_next_working_day_returns_the_day_itself_exactly_when_it_is_a_working_day(day: date) -> None:
    rolled = next_working_day(day)
    assert is_working_day(rolled)
    assert (rolled == day) is is_working_day(day)
    assert all(not is_working_day(day + timedelta(days=i)) for i in range((rolled - day).days))


@PROPERTY
@given(dates, st.integers(min_value=-30, max_value=30))
def test_add_working_days_lands_on_the_nth_working_day(day: date, n: int) -> None:
    result = add_working_days(day, n)
    lo, hi = sorted((day, result))
    between = [lo + timedelta(days=i) for i in range(1, (hi - lo).days + 1)]
    if n > 0:
        assert is_working_day(result)
        assert sum(map(is_working_day, between)) == n
    elif n < 0:
        assert is_working_day(result)
        assert sum(map(is_working_day, [result, *between[:-1]])) == -n
    else:
        assert result == day
