"""The worked cases of DEADLINES.md as data (§4 compact table, §5 worked cases, §1.1 calendar).

Transcribed by hand from /work/shared/domain/DEADLINES.md; the case ids are kept so a failing
test names the case to re-read. ``None`` means "n/a" or "not given" in the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

D = date.fromisoformat


@dataclass(frozen=True)
class RequestCase:
    """One row of the §4 table, with the raw one-month end from §5."""

    case: str
    received_on: date
    suspended: int
    one_month_raw: date
    notice_by: date
    due_on: date
    extended_due_on: date | None


@dataclass(frozen=True)
class ObjectionCase:
    """A bekendmaking date and the end of the bezwaartermijn (§4, last two columns)."""

    case: str
    notified_on: date
    raw_end: date
    period_end: date


REQUEST_CASES: tuple[RequestCase, ...] = (
    RequestCase("C01", D("2025-01-15"), 0, D("2025-02-15"), D("2025-02-17"), D("2025-02-17"), D("2025-04-15")),
    RequestCase("C02", D("2025-01-31"), 0, D("2025-02-28"), D("2025-02-28"), D("2025-02-28"), D("2025-04-30")),
    RequestCase("C03", D("2028-01-31"), 0, D("2028-02-29"), D("2028-02-29"), D("2028-02-29"), D("2028-05-01")),
    RequestCase("C05", D("2027-01-29"), 0, D("2027-02-28"), D("2027-03-01"), D("2027-03-01"), D("2027-04-29")),
    RequestCase("C08", D("2025-03-26"), 0, D("2025-04-26"), D("2025-04-28"), D("2025-04-28"), D("2025-06-26")),
    RequestCase("C10", D("2026-03-27"), 0, D("2026-04-27"), D("2026-04-28"), D("2026-04-28"), D("2026-06-29")),
    RequestCase("C11", D("2025-04-05"), 0, D("2025-05-05"), D("2025-05-06"), D("2025-05-06"), D("2025-07-07")),
    RequestCase("C12", D("2025-04-29"), 0, D("2025-05-29"), D("2025-06-02"), D("2025-06-02"), D("2025-07-29")),
    RequestCase("C14", D("2025-11-25"), 0, D("2025-12-25"), D("2025-12-29"), D("2025-12-29"), D("2026-02-25")),
    RequestCase("C17", D("2026-03-03"), 0, D("2026-04-03"), D("2026-04-07"), D("2026-04-07"), D("2026-06-03")),
    RequestCase("C20", D("2025-03-30"), 0, D("2025-04-30"), D("2025-04-30"), D("2025-04-30"), D("2025-06-30")),
    RequestCase("C22", D("2026-07-01"), 0, D("2026-08-01"), D("2026-08-03"), D("2026-08-03"), D("2026-10-01")),
    RequestCase("C24", D("2026-02-28"), 0, D("2026-03-28"), D("2026-03-30"), D("2026-03-30"), D("2026-05-28")),
    RequestCase("C25", D("2025-06-02"), 11, D("2025-07-02"), D("2025-07-02"), D("2025-07-14"), D("2025-09-15")),
    RequestCase("C27", D("2026-03-10"), 13, D("2026-04-10"), D("2026-04-10"), D("2026-04-23"), None),
    RequestCase("C28", D("2025-01-02"), 0, D("2025-02-02"), D("2025-02-03"), D("2025-02-03"), None),
    RequestCase("C29", D("2025-03-10"), 0, D("2025-04-10"), D("2025-04-10"), D("2025-04-10"), D("2025-06-10")),
    RequestCase("C36", D("2026-03-06"), 0, D("2026-04-06"), D("2026-04-07"), D("2026-04-07"), D("2026-06-08")),
    RequestCase("C44", D("2027-05-31"), 0, D("2027-06-30"), D("2027-06-30"), D("2027-06-30"), D("2027-08-31")),
    RequestCase("C46", D("2026-02-02"), 0, D("2026-03-02"), D("2026-03-02"), D("2026-03-02"), D("2026-05-04")),
)

OBJECTION_CASES: tuple[ObjectionCase, ...] = (
    ObjectionCase("C01", D("2025-02-07"), D("2025-03-21"), D("2025-03-21")),
    ObjectionCase("C02", D("2025-04-30"), D("2025-06-11"), D("2025-06-11")),
    ObjectionCase("C27", D("2026-04-01"), D("2026-05-13"), D("2026-05-13")),
    ObjectionCase("C28", D("2025-02-14"), D("2025-03-28"), D("2025-03-28")),
    ObjectionCase("C29", D("2025-06-03"), D("2025-07-15"), D("2025-07-15")),
    ObjectionCase("C30", D("2025-11-13"), D("2025-12-25"), D("2025-12-29")),
    ObjectionCase("C31", D("2026-03-16"), D("2026-04-27"), D("2026-04-28")),
)

# R4 strict alternatives (§4): without KB days or Goede Vrijdag.
STRICT_ALTERNATIVES: tuple[tuple[str, date, date], ...] = (
    ("C12", D("2025-04-29"), D("2025-05-30")),
    ("C17", D("2026-03-03"), D("2026-04-03")),
)

# R3 chained-extension alternatives (§4).
CHAINED_ALTERNATIVES: tuple[tuple[str, date, date], ...] = (
    ("C02", D("2025-01-31"), D("2025-04-28")),
    ("C05", D("2027-01-29"), D("2027-04-28")),
    ("C44", D("2027-05-31"), D("2027-08-30")),
)

# §1.1: every Atw art. 3 day of 2025–2028, with (weekday, name) as in the table.
HOLIDAY_TABLE: tuple[tuple[date, str, str], ...] = (
    (D("2025-01-01"), "Wed", "Nieuwjaarsdag"),
    (D("2025-04-18"), "Fri", "Goede Vrijdag"),
    (D("2025-04-21"), "Mon", "Tweede Paasdag"),
    (D("2025-04-26"), "Sat", "Koningsdag"),
    (D("2025-05-05"), "Mon", "5 mei"),
    (D("2025-05-29"), "Thu", "Hemelvaartsdag"),
    (D("2025-05-30"), "Fri", "gelijkgesteld"),
    (D("2025-06-09"), "Mon", "Tweede Pinksterdag"),
    (D("2025-12-25"), "Thu", "Eerste Kerstdag"),
    (D("2025-12-26"), "Fri", "Tweede Kerstdag"),
    (D("2026-01-01"), "Thu", "Nieuwjaarsdag"),
    (D("2026-01-02"), "Fri", "gelijkgesteld"),
    (D("2026-04-03"), "Fri", "Goede Vrijdag"),
    (D("2026-04-06"), "Mon", "Tweede Paasdag"),
    (D("2026-04-27"), "Mon", "Koningsdag"),
    (D("2026-05-05"), "Tue", "5 mei"),
    (D("2026-05-14"), "Thu", "Hemelvaartsdag"),
    (D("2026-05-15"), "Fri", "gelijkgesteld"),
    (D("2026-05-25"), "Mon", "Tweede Pinksterdag"),
    (D("2026-12-25"), "Fri", "Eerste Kerstdag"),
    (D("2026-12-26"), "Sat", "Tweede Kerstdag"),
    (D("2027-01-01"), "Fri", "Nieuwjaarsdag"),
    (D("2027-03-26"), "Fri", "Goede Vrijdag"),
    (D("2027-03-29"), "Mon", "Tweede Paasdag"),
    (D("2027-04-27"), "Tue", "Koningsdag"),
    (D("2027-05-05"), "Wed", "5 mei"),
    (D("2027-05-06"), "Thu", "Hemelvaartsdag"),
    (D("2027-05-07"), "Fri", "gelijkgesteld"),
    (D("2027-05-17"), "Mon", "Tweede Pinksterdag"),
    (D("2027-12-25"), "Sat", "Eerste Kerstdag"),
    (D("2027-12-26"), "Sun", "Tweede Kerstdag"),
    (D("2028-01-01"), "Sat", "Nieuwjaarsdag"),
    (D("2028-04-14"), "Fri", "Goede Vrijdag"),
    (D("2028-04-17"), "Mon", "Tweede Paasdag"),
    (D("2028-04-27"), "Thu", "Koningsdag"),
    (D("2028-04-28"), "Fri", "gelijkgesteld"),
    (D("2028-05-05"), "Fri", "5 mei"),
    (D("2028-05-25"), "Thu", "Hemelvaartsdag"),
    (D("2028-05-26"), "Fri", "gelijkgesteld"),
    (D("2028-06-05"), "Mon", "Tweede Pinksterdag"),
    (D("2028-12-25"), "Mon", "Eerste Kerstdag"),
    (D("2028-12-26"), "Tue", "Tweede Kerstdag"),
)

# §1.1: Easter Sundays.
EASTER_SUNDAYS: tuple[date, ...] = (D("2025-04-20"), D("2026-04-05"), D("2027-03-28"), D("2028-04-16"))
