"""The worked cases of docs/DEADLINES.md (§4 compact table, §5 worked cases, §1.1 calendar), read
from their data file, docs/deadline-cases.toml, so the cases the tests check are the ones the
documentation shows. A failing test names the case id to re-read; ``None`` means "n/a".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parents[2] / "docs" / "deadline-cases.toml"
_DATA: dict[str, Any] = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


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


REQUEST_CASES: tuple[RequestCase, ...] = tuple(
    RequestCase(r["case"], r["received_on"], r["suspended"], r["one_month_raw"], r["notice_by"],
                r["due_on"], r.get("extended_due_on")) for r in _DATA["request"])

OBJECTION_CASES: tuple[ObjectionCase, ...] = tuple(
    ObjectionCase(o["case"], o["notified_on"], o["raw_end"], o["period_end"])
    for o in _DATA["objection"])

# R4 strict alternatives (§4): without KB days or Goede Vrijdag.
STRICT_ALTERNATIVES: tuple[tuple[str, date, date], ...] = tuple(
    (a["case"], a["received_on"], a["due_on"]) for a in _DATA["strict_alternative"])

# R3 chained-extension alternatives (§4).
CHAINED_ALTERNATIVES: tuple[tuple[str, date, date], ...] = tuple(
    (a["case"], a["received_on"], a["extended_due_on"]) for a in _DATA["chained_alternative"])

# §1.1: every Atw art. 3 day of 2025–2028, with (weekday, name) as in the table.
HOLIDAY_TABLE: tuple[tuple[date, str, str], ...] = tuple(
    (h["on"], h["weekday"], h["name"]) for h in _DATA["holiday"])

# §1.1: Easter Sundays.
EASTER_SUNDAYS: tuple[date, ...] = tuple(_DATA["easter_sundays"])

#: §5: the worked cases by id, each with its title and story.
WORKED_CASES: dict[str, dict[str, str]] = {c["id"]: c for c in _DATA["case"]}
