"""The statutory calendar of the contactpunt: every legal deadline of an AVG request.

A pure package (standard library and python-dateutil; no Flask, no database, no clock) that
turns receipt and notification dates into the deadlines of DEADLINES.md: the AVG art. 12 terms
(rules R1–R8), the bezwaar terms of the Awb (R9, R10), the dwangsom period (R11) and generic
Algemene termijnenwet terms (R12), on a calendar of Atw holidays plus a versioned table of
KB-equated days. Every date can explain itself in Dutch (``ExplainedDate.explain_nl``).
"""

from __future__ import annotations

from avg_service.deadlines.calendar import (
    CALENDAR_COVERS_FROM,
    CALENDAR_COVERS_UNTIL,
    CALENDAR_VERSION,
    EARLIEST_SUPPORTED_YEAR,
    KB_EQUATED_DAYS,
    EquatedDaysDecree,
    EquatedDaysTable,
    Holiday,
    add_working_days,
    clear_calendar_caches,
    holiday_on,
    holidays_in,
    is_provisional,
    is_working_day,
    is_working_day_strict,
    next_working_day,
    non_working_reasons,
    working_day_after,
)
from avg_service.deadlines.explain import ExplainedDate, SkippedDay, format_date_nl
from avg_service.deadlines.objection import (
    is_objection_on_time,
    objection_decision_due,
    objection_decision_due_explained,
    objection_period_end,
    objection_period_end_explained,
    posted_objection_received_by,
    posted_objection_received_by_explained,
)
from avg_service.deadlines.penalty import (
    PENALTY_MAX_AMOUNT,
    PENALTY_MAX_DAYS,
    PenaltyPeriod,
    penalty_amount,
    penalty_period,
)
from avg_service.deadlines.report import format_report
from avg_service.deadlines.response import (
    ResponseDeadlines,
    clear_response_cache,
    incomplete_request_decision_by,
    incomplete_request_decision_by_explained,
    response_deadlines,
)
from avg_service.deadlines.terms import (
    add_months,
    atw_term_end,
    atw_term_end_explained,
    receipt_date,
    suspended_days,
)

__all__ = [
    "CALENDAR_COVERS_FROM",
    "CALENDAR_COVERS_UNTIL",
    "CALENDAR_VERSION",
    "EARLIEST_SUPPORTED_YEAR",
    "KB_EQUATED_DAYS",
    "PENALTY_MAX_AMOUNT",
    "PENALTY_MAX_DAYS",
    "EquatedDaysDecree",
    "EquatedDaysTable",
    "ExplainedDate",
    "Holiday",
    "PenaltyPeriod",
    "ResponseDeadlines",
    "SkippedDay",
    "add_months",
    "add_working_days",
    "atw_term_end",
    "atw_term_end_explained",
    "clear_caches",
    "format_date_nl",
    "format_report",
    "holiday_on",
    "holidays_in",
    "incomplete_request_decision_by",
    "incomplete_request_decision_by_explained",
    "is_objection_on_time",
    "is_provisional",
    "is_working_day",
    "is_working_day_strict",
    "next_working_day",
    "non_working_reasons",
    "objection_decision_due",
    "objection_decision_due_explained",
    "objection_period_end",
    "objection_period_end_explained",
    "penalty_amount",
    "penalty_period",
    "posted_objection_received_by",
    "posted_objection_received_by_explained",
    "receipt_date",
    "response_deadlines",
    "suspended_days",
    "working_day_after",
]


def clear_caches() -> None:
    """Drop every cache in the package (holiday sets and results), e.g. between benchmark runs."""
    clear_calendar_caches()
    clear_response_cache()
