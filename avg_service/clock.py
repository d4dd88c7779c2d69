"""The only place that reads the time.

Everything else receives ``now``/``today`` from here or as an argument, so tests freeze the clock
(time-machine) instead of sleeping, and legal dates are always taken in Europe/Amsterdam
(DEADLINES.md R1) while stored moments stay in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def now_utc() -> datetime:
    """The current moment as an aware UTC datetime (stored in ``*_at`` columns)."""
    return datetime.now(UTC)


def today_local() -> date:
    """Today's calendar date in Europe/Amsterdam: the date the law counts with."""
    return now_utc().astimezone(AMSTERDAM).date()
