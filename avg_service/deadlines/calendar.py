"""The Dutch statutory calendar: which days are working days for counting legal terms.

A day is not a working day if it is a Saturday, a Sunday or an *algemeen erkende feestdag*
(Algemene termijnenwet, Atw, art. 1 and 3): the holidays of art. 3(1), Goede Vrijdag (art.
3(2)) and the days equated by royal decree (art. 3(3), S7). The statutory days are computed
(Easter via ``dateutil.easter``); the KB-equated days cannot be computed and live in the
versioned table ``KB_EQUATED_DAYS`` below, which covers 2025–2028 (DEADLINES.md §1.1, rule R4).
A day outside that table's years is computed from the Atw list alone and is *provisional*
(``is_provisional``). Holiday sets are cached per year. Pure: standard library and dateutil.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Final, Mapping

from dateutil.easter import easter

__all__ = [
    "CALENDAR_COVERS_FROM",
    "CALENDAR_COVERS_UNTIL",
    "CALENDAR_VERSION",
    "EARLIEST_SUPPORTED_YEAR",
    "KB_EQUATED_DAYS",
    "EquatedDaysDecree",
    "EquatedDaysTable",
    "Holiday",
    "add_working_days",
    "clear_calendar_caches",
    "holiday_on",
    "holidays_in",
    "is_provisional",
    "is_working_day",
    "is_working_day_strict",
    "next_working_day",
    "non_working_reasons",
    "working_day_after",
]


@dataclass(frozen=True, slots=True)
class EquatedDaysDecree:
    """One royal decree under Atw art. 3(3) equating days with a feestdag (source S7)."""

    reference: str
    """Short name used in explanations, e.g. ``"KB 2026–2028"``."""
    publication: str
    """Where it was published, as far as known (S7 is ◐: titles only)."""
    days: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class EquatedDaysTable:
    """The versioned table of KB-equated days (Atw art. 3(3)); see DEADLINES.md §1.1."""

    version: str
    first_year: int
    last_year: int
    decrees: tuple[EquatedDaysDecree, ...]


# Atw art. 3(3): "Wij kunnen bepaalde dagen voor de toepassing van deze wet met de in het eerste
# lid genoemde gelijkstellen. Ons besluit wordt in de Nederlandse Staatscourant openbaar gemaakt."
# These days are discretionary and published about three years at a time, so they are data.
# When a new decree appears: add it here, raise last_year and the version, and the test
# tests/deadlines/test_calendar.py::test_kb_table_does_not_run_out_within_a_year stops failing.
KB_EQUATED_DAYS: Final = EquatedDaysTable(
    version="2025-10-04.1",  # state of knowledge of S7 (sterfgeval.nl, 4 Oct 2025; regelrecht RFC-011)
    first_year=2025,
    last_year=2028,
    decrees=(
        EquatedDaysDecree(
            reference="KB 2023–2025",
            # The same decree also equates 28-04-2023, 19-05-2023, 10-05-2024 and 27-12-2024;
            # those years lie before this table's coverage and are deliberately left out.
            publication="Staatscourant; reference not retrieved (S7 ◐: title only)",
            days=(date(2025, 5, 30),),
        ),
        EquatedDaysDecree(
            reference="KB 2026–2028",
            publication=(
                "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 "
                "en 26 mei 2028 met een algemeen erkende feestdag, Stcrt. 2025, 24713 "
                "(reference via MinBZK/regelrecht RFC-011; S7 ◐)"
            ),
            days=(
                date(2026, 1, 2),
                date(2026, 5, 15),
                date(2027, 5, 7),
                date(2028, 4, 28),
                date(2028, 5, 26),
            ),
        ),
    ),
)

CALENDAR_VERSION: Final[str] = KB_EQUATED_DAYS.version
CALENDAR_COVERS_FROM: Final[date] = date(KB_EQUATED_DAYS.first_year, 1, 1)
CALENDAR_COVERS_UNTIL: Final[date] = date(KB_EQUATED_DAYS.last_year, 12, 31)

# Koningsdag on 27 April (26 April when that is a Sunday) holds since the accession of
# King Willem-Alexander (2013; first celebrated 2014). Earlier years had Koninginnedag on other
# dates; rather than model those, years before 2014 are refused. The AVG applies from 2018.
EARLIEST_SUPPORTED_YEAR: Final[int] = 2014

_WEEKEND_NL: Final = ("zaterdag", "zondag")


@dataclass(frozen=True, slots=True)
class Holiday:
    """An *algemeen erkende feestdag* or a day equated with one (Atw art. 3)."""

    day: date
    name: str
    """Dutch name as used in explanations: ``"Tweede Paasdag"``, ``"gelijkgesteld bij KB"``."""
    article: str
    """``"3(1)"`` statutory list, ``"3(2)"`` Goede Vrijdag, ``"3(3)"`` equated by KB."""
    source: str
    """Citation, e.g. ``"Atw art. 3(1)"`` or ``"Atw art. 3(3); KB 2026–2028"``."""


def _kings_day(year: int) -> date:
    """Atw art. 3(1) "de dag waarop de verjaardag van de Koning wordt gevierd" (RULES.md open
    point 15: 27 April, or Saturday 26 April when 27 April is a Sunday; as regelrecht RFC-011)."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


def _check_year(year: int) -> None:
    if year < EARLIEST_SUPPORTED_YEAR:
        raise ValueError(
            f"the statutory calendar is modelled from {EARLIEST_SUPPORTED_YEAR} (Koningsdag on "
            f"27 April); {year} is not supported"
        )


@lru_cache(maxsize=None)
def _holiday_index(year: int) -> Mapping[date, tuple[Holiday, ...]]:
    """All Atw art. 3 days of ``year``, keyed by date (several names may share one day)."""
    _check_year(year)
    easter_sunday = easter(year)
    art31 = "Atw art. 3(1)"
    found: list[Holiday] = [
        Holiday(date(year, 1, 1), "Nieuwjaarsdag", "3(1)", art31),
        Holiday(easter_sunday - timedelta(days=2), "Goede Vrijdag", "3(2)", "Atw art. 3(2)"),
        Holiday(easter_sunday + timedelta(days=1), "Tweede Paasdag", "3(1)", art31),
        Holiday(_kings_day(year), "Koningsdag", "3(1)", art31),
        Holiday(date(year, 5, 5), "5 mei (Bevrijdingsdag)", "3(1)", art31),
        Holiday(easter_sunday + timedelta(days=39), "Hemelvaartsdag", "3(1)", art31),
        Holiday(easter_sunday + timedelta(days=50), "Tweede Pinksterdag", "3(1)", art31),
        Holiday(date(year, 12, 25), "Eerste Kerstdag", "3(1)", art31),
        Holiday(date(year, 12, 26), "Tweede Kerstdag", "3(1)", art31),
    ]
    for decree in KB_EQUATED_DAYS.decrees:
        for day in decree.days:
            if day.year == year:
                found.append(
                    Holiday(day, "gelijkgesteld bij KB", "3(3)", f"Atw art. 3(3); {decree.reference}")
                )
    index: dict[date, tuple[Holiday, ...]] = {}
    for holiday in sorted(found, key=lambda h: (h.day, h.article)):
        index[holiday.day] = index.get(holiday.day, ()) + (holiday,)
    return MappingProxyType(index)


@lru_cache(maxsize=None)
def _strict_holiday_days(year: int) -> frozenset[date]:
    """Only the Atw art. 3(1) days: the strict alternative of rule R4 (no Goede Vrijdag, no KB)."""
    return frozenset(
        day for day, hols in _holiday_index(year).items() if any(h.article == "3(1)" for h in hols)
    )


def holidays_in(year: int) -> tuple[Holiday, ...]:
    """Every Atw art. 3(1)–(3) day of ``year``, in date order (DEADLINES.md §1.1, rule R4).

    Years outside ``CALENDAR_COVERS_FROM``–``CALENDAR_COVERS_UNTIL`` lack the KB-equated days
    (Atw art. 3(3)) and are provisional. Raises ``ValueError`` before ``EARLIEST_SUPPORTED_YEAR``.
    """
    return tuple(h for hols in _holiday_index(year).values() for h in hols)


def holiday_on(day: date) -> tuple[Holiday, ...]:
    """The Atw art. 3 holidays falling on ``day`` (usually zero or one; R4)."""
    return _holiday_index(day.year).get(day, ())


def is_working_day(day: date) -> bool:
    """Atw art. 1(1) and 3: False on a Saturday, a Sunday, an *algemeen erkende feestdag*
    (art. 3(1)), Goede Vrijdag (art. 3(2)) or a day equated by KB (art. 3(3)); rule R4."""
    return day.weekday() < 5 and day not in _holiday_index(day.year)


def is_working_day_strict(day: date) -> bool:
    """Rule R4 strict alternative: only weekends and the Atw art. 3(1) list count as
    non-working (Goede Vrijdag and KB-equated days do work). For internal GDPR targets only."""
    return day.weekday() < 5 and day not in _strict_holiday_days(day.year)


def non_working_reasons(day: date) -> tuple[str, ...]:
    """Why ``day`` is not a working day, in Dutch (``("zaterdag", "Koningsdag")``); empty if it
    is one. Atw art. 1(1), 3; rule R4."""
    reasons: tuple[str, ...] = (_WEEKEND_NL[day.weekday() - 5],) if day.weekday() >= 5 else ()
    return reasons + tuple(h.name for h in holiday_on(day))


def next_working_day(day: date) -> date:
    """The **roll** of DEADLINES.md (rule R2/R4; Atw art. 1(1), 1182/71 art. 3(4)): ``day``
    itself when it is a working day, otherwise the first working day after it.

    This is "on or after", not "strictly after": a term ending on a working day is not
    extended. Use ``working_day_after`` for the first working day strictly after ``day``.
    """
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_after(day: date) -> date:
    """The first working day strictly after ``day`` (Atw art. 1(1), 3; rule R4)."""
    return next_working_day(day + timedelta(days=1))


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (``day`` itself never counts); for negative
    ``n`` the ``|n|``-th working day before it; ``day`` unchanged for ``n == 0``.

    For internal task due dates ("binnen 10 werkdagen"), not for statutory terms: the law
    counts calendar days and only rolls the end (Atw art. 1; rule R4 for the calendar).
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def is_provisional(day: date) -> bool:
    """True when ``day`` lies outside the years of the KB table (Atw art. 3(3); R4), so that a
    KB-equated day on it cannot be excluded: the calendar for that year is provisional."""
    return not KB_EQUATED_DAYS.first_year <= day.year <= KB_EQUATED_DAYS.last_year


def clear_calendar_caches() -> None:
    """Drop the per-year holiday caches (for benchmarks that need a cold start)."""
    _holiday_index.cache_clear()
    _strict_holiday_days.cache_clear()
