"""Terms of the bezwaar procedure against a decision on an AVG request (Awb 6:7–6:9, 7:10).

From the date a decision was bekendgemaakt this module computes the end of the six-week
bezwaartermijn (rule R9), whether a bezwaarschrift was received in time, including the extra
week for a posted one (Awb 6:9(2)), and the term for deciding on the bezwaar, with an advisory
committee and after deferral (rule R10). Every date is rolled under the Atw (art. 1, 3): these
terms are at most twelve weeks each, so Atw art. 4 does not exclude them (RULES.md D10).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from avg_service.deadlines.explain import ExplainedDate, explain_term_end

__all__ = [
    "is_objection_on_time",
    "objection_decision_due",
    "objection_decision_due_explained",
    "objection_period_end",
    "objection_period_end_explained",
    "posted_objection_received_by",
    "posted_objection_received_by_explained",
]

OBJECTION_PERIOD_DAYS: Final = 42  # Awb 6:7: zes weken
DECISION_WEEKS: Final = 6  # Awb 7:10(1)
DECISION_WEEKS_COMMITTEE: Final = 12  # Awb 7:10(1) with a committee under 7:13
DEFERRAL_WEEKS: Final = 6  # Awb 7:10(3)
POSTED_GRACE_DAYS: Final = 7  # Awb 6:9(2): een week


def objection_period_end_explained(notified_on: date) -> ExplainedDate:
    """``objection_period_end`` with its explanation (R9)."""
    return explain_term_end(
        notified_on + timedelta(days=OBJECTION_PERIOD_DAYS),
        rule="R9",
        source="Awb 6:7, 6:8 lid 1; Atw art. 1, 3",
        label="Einde bezwaartermijn",
    )


def objection_period_end(notified_on: date) -> date:
    """Rule R9 (Awb 6:7, 6:8(1); Atw art. 1, 3): the last day of the bezwaartermijn.

    Six weeks from the day after bekendmaking ``notified_on`` (dispatch or hand-over date; for a
    portal message, when it became accessible, Awb 2:19): ``roll(notified_on + 42 days)``. It is
    the last day on which the bezwaarschrift must be *received* (Awb 6:9(1)). C31: 2026-03-16 →
    raw 2026-04-27 (Koningsdag) → 2026-04-28.
    """
    return objection_period_end_explained(notified_on).value


def objection_decision_due_explained(
    objection_period_end: date, *, committee: bool = False, deferred: bool = False
) -> ExplainedDate:
    """``objection_decision_due`` with its explanation (R10)."""
    weeks = DECISION_WEEKS_COMMITTEE if committee else DECISION_WEEKS
    if deferred:
        weeks += DEFERRAL_WEEKS
    articles = ["7:10 lid 1"] + (["7:13"] if committee else []) + (["7:10 lid 3"] if deferred else [])
    return explain_term_end(
        objection_period_end + timedelta(weeks=weeks),
        rule="R10",
        source="Awb " + ", ".join(articles) + "; Atw art. 1, 3",
        label=f"Beslistermijn op bezwaar ({weeks} weken)",
        note="Gerekend vanaf het (door de Atw verlengde) einde van de bezwaartermijn.",
    )


def objection_decision_due(
    objection_period_end: date, *, committee: bool = False, deferred: bool = False
) -> date:
    """Rule R10 (Awb 7:10(1), (3); Atw art. 1, 3): the term for deciding on a bezwaar.

    Counted from the day after ``objection_period_end`` (the **Atw-extended** end of the
    bezwaartermijn, as returned by ``objection_period_end``): six weeks, or twelve weeks with an
    advisory committee (7:10(1) with 7:13); ``deferred`` adds the six weeks of 7:10(3). The
    deferral is added to the unrolled end and rolled once, as R3/R5 do for the AVG term.
    C31: end 2026-04-28 → 2026-06-09; committee or deferred 2026-07-21; both 2026-09-01.
    """
    return objection_decision_due_explained(objection_period_end, committee=committee, deferred=deferred).value


def posted_objection_received_by_explained(period_end: date) -> ExplainedDate:
    """``posted_objection_received_by`` with its explanation (Awb 6:9(2))."""
    return explain_term_end(
        period_end + timedelta(days=POSTED_GRACE_DAYS),
        rule="R9",
        source="Awb 6:9 lid 2; Atw art. 1, 3",
        label="Uiterste ontvangstdatum per post verzonden bezwaarschrift",
        note="Alleen als het bezwaarschrift uiterlijk op de laatste dag van de bezwaartermijn ter post is bezorgd.",
    )


def posted_objection_received_by(period_end: date) -> date:
    """Awb 6:9(2) (with R9): a bezwaarschrift posted no later than ``period_end`` is on time if
    it is received no later than one week after the end of the term. That week is itself a term
    in a wet, so Atw art. 1 rolls it (the citizen-friendly reading). C30: 2025-12-29 →
    2026-01-05."""
    return posted_objection_received_by_explained(period_end).value


def is_objection_on_time(period_end: date, received_on: date, posted_on: date | None = None) -> bool:
    """Awb 6:9 (rule R9): received no later than ``period_end`` (6:9(1)), or posted no later
    than ``period_end`` and received no later than ``posted_objection_received_by`` (6:9(2)).

    ``period_end`` is the Atw-extended end from ``objection_period_end``. A late bezwaar may
    still be admissible if the lateness is excusable (Awb 6:11); that is for staff to judge.
    """
    if received_on <= period_end:
        return True
    return (
        posted_on is not None
        and posted_on <= period_end
        and received_on <= posted_objection_received_by(period_end)
    )
