"""Dates and moments as people read them, in Dutch or English: for pages, e-mails and letters.

Plain functions (no Flask), so services and jobs use them without the web layer;
``web.formatting`` makes them Jinja filters.
"""

from __future__ import annotations

from datetime import date, datetime

from avg_service.clock import AMSTERDAM
from avg_service.deadlines import format_date_nl

_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def long_date(day: date | None, language: str = "nl") -> str:
    """"vrijdag 6 maart 2026" / "Friday 6 March 2026"."""
    if day is None:
        return ""
    if language == "en":
        return f"{_EN_DAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return format_date_nl(day)


def short_date(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def local_datetime(moment: datetime | None, language: str = "nl") -> str:
    """A stored UTC moment in Amsterdam time: "vrijdag 6 maart 2026, 14:05"."""
    if moment is None:
        return ""
    local = moment.astimezone(AMSTERDAM)
    separator = ", at " if language == "en" else ", "
    return f"{long_date(local.date(), language)}{separator}{local:%H:%M}"


def local_datetime_short(moment: datetime | None) -> str:
    """A stored UTC moment in Amsterdam time, compact for tables: "06-03-2026 14:05"."""
    if moment is None:
        return ""
    return f"{moment.astimezone(AMSTERDAM):%d-%m-%Y %H:%M}"
