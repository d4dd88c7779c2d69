"""Generic term arithmetic: the receipt date, counting in months, suspension, and Atw terms.

These are the building blocks every statutory deadline in the service uses: the Europe/Amsterdam
date on which something was received (rule R1), "one month" under Reg. 1182/71 art. 3(2)(c),
the number of suspended days under Awb 4:15(1)(a) (rule R5), and a generic term of N days under
the Algemene termijnenwet art. 1, 2 and 4 (rule R12). All arithmetic is on dates, never on
timestamps (DEADLINES.md §1.2). Pure: standard library and dateutil, no clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from avg_service.deadlines.explain import ExplainedDate, explain_term_end

__all__ = [
    "AMSTERDAM",
    "add_months",
    "atw_term_end",
    "atw_term_end_explained",
    "receipt_date",
    "suspended_days",
]

AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")

_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Atw art. 4(a): the Atw does not govern terms "in meer dan 90 dagen".
_ATW_MAX_DAYS: Final = 90


def receipt_date(received_at: datetime) -> date:
    """Rule R1: the Europe/Amsterdam calendar date of the moment a request was received.

    AVG art. 12(3) ("receipt"); Awb 2:20 (electronic receipt); Reg. 1182/71 art. 3(3)
    (weekends and holidays count). A receipt on a weekend, a holiday or after office hours
    counts on that calendar date. ``received_at`` must be timezone-aware: a naive datetime
    raises ``ValueError``, because guessing its zone shifts deadlines around midnight (C20, C22).
    """
    if received_at.tzinfo is None or received_at.tzinfo.utcoffset(received_at) is None:
        raise ValueError("received_at must be timezone-aware (R1: the date is taken in Europe/Amsterdam)")
    return received_at.astimezone(AMSTERDAM).date()


def add_months(day: date, months: int) -> date:
    """The same day-of-month ``months`` later, or the last day of that month if the day does
    not exist there (Reg. 1182/71 art. 3(2)(c); DEADLINES.md notation ``add_months``, R2/R3)."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = _DAYS_IN_MONTH[month0]
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    return date(year, month0 + 1, min(day.day, last))


def suspended_days(invited_on: date, resumed_on: date) -> int:
    """Rule R5 (Awb 4:15(1)(a)): the days a term is suspended for an Awb 4:5 invitation.

    The suspension runs "met ingang van de dag na" the invitation "tot de dag waarop" the
    request is completed or the term set for it expired unused; "tot" is exclusive, so
    ``S = max(0, resumed_on - invited_on - 1)``. For an unused term pass its last day as
    ``resumed_on`` (C27). Sum the results when there were several invitations (each with a
    term; without one there is no suspension, ABRvS 2016:2527). ``resumed_on`` before
    ``invited_on`` raises ``ValueError``.
    """
    if resumed_on < invited_on:
        raise ValueError("resumed_on must not be before invited_on")
    return max(0, (resumed_on - invited_on).days - 1)


def atw_term_end_explained(after: date, days: int) -> ExplainedDate:
    """``atw_term_end`` with its explanation (Atw art. 1, 2, 4; rule R12)."""
    if days < 0:
        raise ValueError("days must not be negative")
    governed = days <= _ATW_MAX_DAYS
    return explain_term_end(
        after + timedelta(days=days),
        rule="R12",
        source="Atw art. 1, 2, 3" if governed else "Atw art. 4(a): Atw niet van toepassing",
        label=f"Einde termijn van {days} dagen",
        roll=governed,
        term_start=after + timedelta(days=1) if governed and days >= 3 else None,
    )


def atw_term_end(after: date, days: int) -> date:
    """Rule R12: the last day of a statutory term of ``days`` days that starts after ``after``.

    The raw end is ``after + days``. Atw art. 1(1): an end on a Saturday, Sunday or holiday
    moves to the next working day. Atw art. 2: a term of at least 3 days is extended until it
    contains two working days (C48: after 2026-12-24, 3 days → 2026-12-29). Atw art. 4(a):
    a term of more than 90 days is not governed by the Atw and is returned unrolled. Not for
    terms counted backwards (Atw art. 1(2)).
    """
    return atw_term_end_explained(after, days).value
