"""The terms for answering an AVG request: notice, decision and extended decision dates.

A request under AVG art. 15–22 to the contactpunt is an *aanvraag*; the decision on it is a
besluit and its term is the AVG term (UAVG art. 34; RULES.md D1–D9). This module computes,
from the receipt date and the days suspended under Awb 4:15, the deadline for the extension
notice (rule R6), the refusal notice (R7), the decision (R2), the extended decision (R3), the
R3 chained and R4 strict alternatives, and the Awb 4:5(4) term for a decision not to handle
an incomplete request. Results are cached: they depend only on their arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Final, Mapping

from avg_service.deadlines.calendar import is_provisional, is_working_day_strict, next_working_day
from avg_service.deadlines.explain import ExplainedDate, explain_term_end, format_date_nl
from avg_service.deadlines.terms import add_months

__all__ = [
    "ResponseDeadlines",
    "incomplete_request_decision_by",
    "incomplete_request_decision_by_explained",
    "response_deadlines",
]

#: The AVG month is an EU term: it ends and rolls under Reg. 1182/71 art. 3(2)(c) and 3(4), not
#: the Atw (which governs terms set by Dutch law); the Atw supplies only the Dutch list of
#: holidays that art. 2(1) refers to (R4).
_SRC_MONTH: Final = "Vo. 1182/71 art. 2 lid 1, 3(2)(c), 3(4) (feestdagen: Atw art. 3)"


@dataclass(frozen=True)
class ResponseDeadlines:
    """The AVG art. 12 dates for one request (DEADLINES.md §2.1). All dates are plain ``date``.

    ``explanations`` maps each date field name to an ``ExplainedDate`` (built on first use).
    ``provisional`` is True when any of these dates was rolled through a year the KB table
    does not cover (Atw art. 3(3)).
    """

    received_on: date
    suspended_days: int
    one_month_end_raw: date
    """``add_months(received_on, 1)``, before suspension and roll (R2)."""
    extension_notice_by: date
    """R6: the reasoned extension notice must go out by this date; suspension is ignored."""
    refusal_notice_by: date
    """R7: a refusal to act (AVG 12(4)) by the one-month date; no extension possible."""
    due_on: date
    """R2: the decision is due (AVG 12(3); also the Awb beslistermijn, UAVG 34)."""
    extended_due_on: date
    """R3: due after a valid extension: receipt + 3 months (+ S), rolled."""
    chained_extended_due_on: date
    """R3 alternative: one-month end + 2 months (+ S), rolled; never later than R3."""
    strict_due_on: date
    """R4 strict alternative: ``due_on`` rolled without Goede Vrijdag and KB days; an
    internal target, not the legal deadline."""
    provisional: bool

    @cached_property
    def explanations(self) -> Mapping[str, ExplainedDate]:
        """Each date field's explanation, keyed by field name (rules R2–R7)."""
        r, s = self.received_on, self.suspended_days
        one_month = self.one_month_end_raw
        three_months = add_months(r, 3)
        notice = explain_term_end(
            one_month,
            rule="R6",
            source="AVG art. 12(3) derde zin; " + _SRC_MONTH,
            label="Uiterste datum verlengingsbericht",
            note="Opschorting telt hier niet mee (voorzichtige keuze, R6)." if s else "",
        )
        explanations = {
            "extension_notice_by": notice,
            "refusal_notice_by": explain_term_end(
                one_month,
                rule="R7",
                source="AVG art. 12(4); " + _SRC_MONTH,
                label="Uiterste datum bericht dat geen gevolg wordt gegeven",
                note="Voor een weigering is geen verlenging mogelijk.",
            ),
            "due_on": explain_term_end(
                one_month,
                suspension_days=s,
                rule="R2",
                source="AVG art. 12(3); UAVG art. 34; " + _SRC_MONTH,
                label="Beslistermijn AVG",
            ),
            "extended_due_on": explain_term_end(
                three_months,
                suspension_days=s,
                rule="R3",
                source="AVG art. 12(3) tweede zin; " + _SRC_MONTH,
                label="Verlengde beslistermijn",
                note=(
                    "Geldt alleen als het verlengingsbericht met redenen uiterlijk op "
                    f"{format_date_nl(notice.value)} is verstuurd."
                ),
            ),
            "chained_extended_due_on": explain_term_end(
                add_months(one_month, 2),
                suspension_days=s,
                rule="R3, alternatief",
                source="AVG art. 12(3) tweede zin; " + _SRC_MONTH,
                label="Verlengde beslistermijn, geketende lezing",
                note="Alternatieve lezing (einde eerste maand + 2 maanden); nooit later dan de gekozen lezing.",
            ),
            "strict_due_on": explain_term_end(
                one_month,
                suspension_days=s,
                strict=True,
                rule="R4, strikt",
                source="Vo. 1182/71 art. 2(1), 3(4)",
                label="Interne streefdatum",
                note="Zonder Goede Vrijdag en bij KB gelijkgestelde dagen; de wettelijke termijn blijft de Atw-datum.",
            ),
        }
        return MappingProxyType(explanations)

    def is_extension_notice_on_time(self, sent_on: date) -> bool:
        """AVG art. 12(3) third sentence, R6: the extension is valid only if the reasoned notice
        went out no later than ``extension_notice_by`` (C02, C28, C29)."""
        return sent_on <= self.extension_notice_by

    def effective_due_on(self, extension_notice_sent_on: date | None) -> date:
        """R2/R3: ``extended_due_on`` after a timely extension notice, otherwise ``due_on``."""
        if extension_notice_sent_on is not None and self.is_extension_notice_on_time(extension_notice_sent_on):
            return self.extended_due_on
        return self.due_on


def _strict_roll(day: date) -> date:
    while not is_working_day_strict(day):
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=65536)
def _response_deadlines(received_on: date, suspended: int) -> ResponseDeadlines:
    shift = timedelta(days=suspended)
    one_month = add_months(received_on, 1)
    three_months = add_months(received_on, 3)
    notice_by = next_working_day(one_month)
    extended = next_working_day(three_months + shift)
    return ResponseDeadlines(
        received_on=received_on,
        suspended_days=suspended,
        one_month_end_raw=one_month,
        extension_notice_by=notice_by,
        refusal_notice_by=notice_by,
        due_on=next_working_day(one_month + shift),
        extended_due_on=extended,
        chained_extended_due_on=next_working_day(add_months(one_month, 2) + shift),
        strict_due_on=_strict_roll(one_month + shift),
        # The examined days form one range from one_month to extended; the KB table covers
        # whole consecutive years, so checking both ends is enough.
        provisional=is_provisional(one_month) or is_provisional(extended),
    )


def response_deadlines(received_on: date, *, suspended_days: int = 0) -> ResponseDeadlines:
    """Rules R2, R3, R4, R6, R7: the AVG art. 12(3)–(4) dates for a request received on
    ``received_on`` (the R1 receipt date; the earliest receipt by any joint controller, R8).

    - ``due_on`` = roll(add_months(R, 1) + S)  (AVG 12(3); Vo. 1182/71 art. 3(2)(c), 3(4); R2)
    - ``extension_notice_by`` = ``refusal_notice_by`` = roll(add_months(R, 1))  (R6, R7)
    - ``extended_due_on`` = roll(add_months(R, 3) + S)  (AVG 12(3) second sentence; R3)

    ``suspended_days`` is S of rule R5 (Awb 4:15(1)(a); see ``suspended_days()``); negative
    values raise ``ValueError``. Results are cached and immutable.
    """
    if suspended_days < 0:
        raise ValueError("suspended_days must not be negative")
    return _response_deadlines(received_on, suspended_days)


def incomplete_request_decision_by_explained(resumed_on: date) -> ExplainedDate:
    """``incomplete_request_decision_by`` with its explanation (Awb 4:5(4); Atw art. 1)."""
    return explain_term_end(
        resumed_on + timedelta(days=28),
        rule="R5",
        source="Awb 4:5 lid 4; Atw art. 1, 3",
        label="Uiterste datum besluit niet te behandelen",
    )


def incomplete_request_decision_by(resumed_on: date) -> date:
    """Awb 4:5(4) (rule R5, RULES.md D9): a decision not to handle an incomplete request must
    be bekendgemaakt within four weeks after the request was completed or the term for it
    expired unused (``resumed_on``, as for ``suspended_days``); rolled by Atw art. 1.
    C27: term expired 2026-03-25 → 2026-04-22."""
    return incomplete_request_decision_by_explained(resumed_on).value


def clear_response_cache() -> None:
    """Drop cached ``response_deadlines`` results (for cold-cache benchmarks)."""
    _response_deadlines.cache_clear()
