"""Dates that can explain themselves: why a legal deadline falls on the day it does.

An ``ExplainedDate`` records the raw end of a term, the suspension added to it (Awb 4:15,
rule R5), each day it was rolled past with the Dutch reason ("zaterdag", "Koningsdag",
"gelijkgesteld bij KB", ...; Atw art. 1–3, rule R4), the rule id and article, and whether the
calendar for those days is provisional (KB table, Atw art. 3(3)). ``explain_nl`` turns that into
a Dutch sentence for a screen or a letter. This module also holds the one rolling engine that
produces such records, and Dutch date formatting. Pure: standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from avg_service.deadlines.calendar import (
    KB_EQUATED_DAYS,
    is_provisional,
    is_working_day,
    is_working_day_strict,
    non_working_reasons,
)

__all__ = [
    "ATW_ART2_REASON",
    "ExplainedDate",
    "SkippedDay",
    "explain_term_end",
    "format_date_nl",
]

_WEEKDAYS_NL: Final = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS_NL: Final = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

ATW_ART2_REASON: Final = "Atw art. 2: de termijn bevat nog geen twee werkdagen"


def format_date_nl(day: date) -> str:
    """A date as Dutch text, ``"maandag 2 juni 2025"`` (no locale needed)."""
    return f"{_WEEKDAYS_NL[day.weekday()]} {day.day} {_MONTHS_NL[day.month - 1]} {day.year}"


def _join_nl(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A day a term end was moved past, with the Dutch reason(s) (Atw art. 1–3; R4)."""

    day: date
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The reasons joined: ``"zaterdag, Koningsdag"``."""
        return ", ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class ExplainedDate:
    """A computed legal date with everything needed to say why it is that date.

    ``raw`` is the end of the term as counted (e.g. receipt + one month); ``raw +
    suspension_days`` is the end before rolling (``unrolled``); ``rolled_past`` lists every
    day skipped from there to ``value``. ``provisional`` is True when a day examined lies in a
    year the KB table does not cover (Atw art. 3(3)).
    """

    value: date
    raw: date
    suspension_days: int
    rolled_past: tuple[SkippedDay, ...]
    rule: str
    """Rule id of DEADLINES.md, e.g. ``"R2"``."""
    source: str
    """Articles, e.g. ``"AVG art. 12(3); Vo. 1182/71 art. 2 lid 1, 3(2)(c), 3(4) (feestdagen: Atw art. 3)"``."""
    provisional: bool
    label: str = "Uiterste datum"
    """Dutch name of the date, e.g. ``"Beslistermijn AVG"``."""
    note: str = ""
    """Optional extra Dutch sentence (a condition or a rule choice)."""
    suspension_source: str = "Awb 4:15 lid 1 onder a"
    """The article that suspends the term (Awb 7:10 lid 2 for the beslistermijn op bezwaar)."""

    @property
    def unrolled(self) -> date:
        """The raw end plus the suspension, before any roll (rule R5: roll once, at the end)."""
        return self.raw + timedelta(days=self.suspension_days)

    def explain_nl(self) -> str:
        """A Dutch explanation, e.g. "Beslistermijn AVG: maandag 2 juni 2025 (R2; ...). Het
        einde van de termijn is donderdag 29 mei 2025. Doorgeschoven voorbij donderdag 29 mei
        2025 (Hemelvaartsdag), ... naar maandag 2 juni 2025 (Atw art. 1)."."""
        parts = [f"{self.label}: {format_date_nl(self.value)} ({self.rule}; {self.source})."]
        if self.suspension_days:
            unit = "dag" if self.suspension_days == 1 else "dagen"
            parts.append(
                f"Het einde van de termijn zonder opschorting is {format_date_nl(self.raw)}; "
                f"met {self.suspension_days} {unit} opschorting ({self.suspension_source}) "
                f"wordt dat {format_date_nl(self.unrolled)}."
            )
        else:
            parts.append(f"Het einde van de termijn is {format_date_nl(self.raw)}.")
        if self.rolled_past:
            skipped = [f"{format_date_nl(s.day)} ({s.reason})" for s in self.rolled_past]
            art2 = any(ATW_ART2_REASON in s.reasons for s in self.rolled_past)
            articles = "Atw art. 1 en 2" if art2 else "Atw art. 1"
            parts.append(
                f"Doorgeschoven voorbij {_join_nl(skipped)} naar {format_date_nl(self.value)} ({articles})."
            )
        elif self.value == self.unrolled:
            parts.append("Dat is een werkdag; er wordt niet doorgeschoven.")
        if self.note:
            parts.append(self.note)
        if self.provisional:
            parts.append(
                "Voorlopig: de kalender kent de bij KB gelijkgestelde dagen (Atw art. 3 lid 3) alleen "
                f"voor {KB_EQUATED_DAYS.first_year}–{KB_EQUATED_DAYS.last_year}; deze datum kan nog later worden."
            )
        return " ".join(parts)


def _reasons(day: date, strict: bool) -> tuple[str, ...]:
    reasons = non_working_reasons(day)
    if strict:
        # R4 strict alternative: Goede Vrijdag and KB days are working days.
        reasons = tuple(r for r in reasons if r not in ("Goede Vrijdag", "gelijkgesteld bij KB"))
    return reasons


def explain_term_end(
    raw: date,
    *,
    rule: str,
    source: str,
    label: str,
    suspension_days: int = 0,
    roll: bool = True,
    strict: bool = False,
    term_start: date | None = None,
    note: str = "",
    suspension_source: str = "Awb 4:15 lid 1 onder a",
) -> ExplainedDate:
    """Roll ``raw + suspension_days`` forward past non-working days, recording each one.

    Rule R5 (Awb 4:15): the suspension is added to the unrolled end and the date is rolled once,
    at the end. Rule R4 / Atw art. 1(1): the roll stops at the first working day on or after the
    unrolled end; ``strict=True`` uses the R4 strict calendar. With ``term_start`` (first day of
    the term; pass it only for a term of at least 3 days) Atw art. 2 also applies: the term is
    extended until it holds two working days (rule R12). ``roll=False`` keeps the date as is
    (terms the Atw does not govern, e.g. Awb 4:17(1) or Atw art. 4).
    """
    if suspension_days < 0:
        raise ValueError("suspension_days must not be negative")
    unrolled = raw + timedelta(days=suspension_days)
    working: Callable[[date], bool] = is_working_day_strict if strict else is_working_day
    day = unrolled
    skipped: list[SkippedDay] = []
    if roll:
        while not working(day):
            skipped.append(SkippedDay(day, _reasons(day, strict)))
            day += timedelta(days=1)
        if term_start is not None:
            count = sum(
                1 for i in range((day - term_start).days + 1) if working(term_start + timedelta(days=i))
            )
            while count < 2:
                skipped.append(SkippedDay(day, (ATW_ART2_REASON,)))
                day += timedelta(days=1)
                while not working(day):
                    skipped.append(SkippedDay(day, _reasons(day, strict)))
                    day += timedelta(days=1)
                count += 1
    first = term_start if term_start is not None else unrolled
    return ExplainedDate(
        value=day,
        raw=raw,
        suspension_days=suspension_days,
        rolled_past=tuple(skipped),
        rule=rule,
        source=source,
        provisional=is_provisional(first) or is_provisional(unrolled) or is_provisional(day),
        label=label,
        note=note,
        suspension_source=suspension_source,
    )
