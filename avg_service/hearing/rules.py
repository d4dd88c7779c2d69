"""When a zienswijze is asked before the besluit, when it may be left out, and what its term does
to the decision term (Awb 4:7, 4:8, 4:11). Pure: dates in, small values out; no Flask, no
database, no clock.

- Awb 4:7: before refusing a request in whole or in part, the applicant is heard when the refusal
  rests on data about facts and interests concerning him that differ from what he supplied
  himself; not when the difference is of minor importance to him (4:7(2)).
- Awb 4:8: a belanghebbende who did not apply and is expected to object (here: a person whose
  data would be disclosed in the copy, RULES.md §4 step 5, §7) is heard when the besluit rests
  on data about him he did not supply himself; not when he failed a statutory duty to supply
  data (4:8(2)).
- Awb 4:11: hearing may be left out (a) when the required urgency does not allow it, (b) when the
  person was heard before and no new facts or circumstances arose, (c) when the aim can only be
  reached if the person is not told beforehand.

The term does not suspend the decision term: Awb 4:15(1)(a) suspends only for a 4:5 invitation
to the applicant (RULES.md D8, DEADLINES.md R5), and the AVG term of art. 12(3) has no
suspension of its own. A hearing that does not fit within the month is a reason for the
extension by two months (AVG 12(3): complexity), sent by the one-month date (R6). So the term is
an internal one, shown beside the statutory dates with a warning when it does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from avg_service.deadlines.explain import format_date_nl
from avg_service.deadlines.terms import atw_term_end

#: "Een redelijke termijn": two weeks, as the Awb 4:5 invitation (requests.services).
DEFAULT_TERM_DAYS: Final = 14


class HearingKind(StrEnum):
    APPLICANT = "4_7"  # the applicant, before a (partial) refusal
    THIRD_PARTY = "4_8"  # a belanghebbende whose data would be disclosed


HEARING_KIND_LABELS: Final[dict[HearingKind, str]] = {
    HearingKind.APPLICANT: "Verzoeker gehoord (Awb 4:7)",
    HearingKind.THIRD_PARTY: "Derde-belanghebbende gehoord (Awb 4:8)",
}


class HearingException(StrEnum):
    """Why no zienswijze was asked, each with its source."""

    MINOR_DEVIATION = "4_7_2"
    NO_STATUTORY_DATA = "4_8_2"
    URGENCY = "4_11_a"
    HEARD_BEFORE = "4_11_b"
    AIM_DEFEATED = "4_11_c"
    NOT_REACHABLE = "onbereikbaar"


@dataclass(frozen=True, slots=True)
class ExceptionRule:
    label: str
    source: str
    #: The sentence the besluit's verloop uses (who is not named: the person's data stays out).
    verloop: str
    kinds: frozenset[HearingKind]


EXCEPTIONS: Final[dict[HearingException, ExceptionRule]] = {
    HearingException.MINOR_DEVIATION: ExceptionRule(
        "De afwijking van wat de verzoeker zelf gaf is van geringe betekenis", "Awb 4:7 lid 2",
        "Wij hebben u vooraf niet om uw zienswijze gevraagd, omdat de gegevens waarop wij ons "
        "besluit baseren maar weinig afwijken van wat u zelf heeft gegeven en dat voor u van "
        "geringe betekenis is (artikel 4:7 lid 2 Awb).",
        frozenset({HearingKind.APPLICANT})),
    HearingException.NO_STATUTORY_DATA: ExceptionRule(
        "De derde heeft een wettelijke plicht om gegevens te verstrekken niet nagekomen",
        "Awb 4:8 lid 2",
        "Een andere belanghebbende hebben wij niet gehoord, omdat die een wettelijke plicht om "
        "gegevens te verstrekken niet is nagekomen (artikel 4:8 lid 2 Awb).",
        frozenset({HearingKind.THIRD_PARTY})),
    HearingException.URGENCY: ExceptionRule(
        "De vereiste spoed laat horen niet toe", "Awb 4:11 onder a",
        "Wij hebben {who} niet vooraf gehoord, omdat de vereiste spoed dat niet toeliet "
        "(artikel 4:11 onder a Awb).",
        frozenset(HearingKind)),
    HearingException.HEARD_BEFORE: ExceptionRule(
        "Al eerder gehoord, en sindsdien geen nieuwe feiten of omstandigheden",
        "Awb 4:11 onder b",
        "Wij hebben {who} niet opnieuw gehoord, omdat {who_subject} eerder {own} zienswijze "
        "heeft kunnen geven en er sindsdien geen nieuwe feiten of omstandigheden zijn "
        "(artikel 4:11 onder b Awb).",
        frozenset(HearingKind)),
    HearingException.AIM_DEFEATED: ExceptionRule(
        "Het doel van het besluit wordt alleen bereikt als de persoon vooraf niets weet",
        "Awb 4:11 onder c",
        "Wij hebben {who} niet vooraf gehoord, omdat het doel van het besluit alleen kan worden "
        "bereikt als {who_subject} daarvan niet vooraf op de hoogte is (artikel 4:11 onder c "
        "Awb).",
        frozenset(HearingKind)),
    HearingException.NOT_REACHABLE: ExceptionRule(
        "De derde is niet redelijkerwijs te bereiken (geen wettelijke uitzondering: de reden "
        "draagt het besluit, Awb 3:2)", "Awb 3:2 (zorgvuldigheid)",
        "Een andere belanghebbende hebben wij niet kunnen horen, omdat wij die niet "
        "redelijkerwijs konden bereiken. Wij hebben de belangen van die persoon zelf gewogen.",
        frozenset({HearingKind.THIRD_PARTY})),
}


def exceptions_for(kind: HearingKind) -> list[HearingException]:
    return [code for code, rule in EXCEPTIONS.items() if kind in rule.kinds]


def exception_verloop(code: HearingException, kind: HearingKind) -> str:
    """The verloop sentence for a hearing left out: to the applicant about himself (4:7) or
    about "een andere belanghebbende" (4:8), never by name."""
    if kind is HearingKind.APPLICANT:
        words = {"who": "u", "who_subject": "u", "own": "uw"}
    else:
        words = {"who": "een andere belanghebbende", "who_subject": "die",
                 "own": "zijn of haar"}
    return EXCEPTIONS[code].verloop.format(**words)


def default_term_until(sent_on: date) -> date:
    """Two weeks after sending, rolled past weekends and holidays (Atw art. 1, 2)."""
    return atw_term_end(sent_on, DEFAULT_TERM_DAYS)


def term_warning(*, term_until: date, due_on: date, extended: bool,
                 extension_notice_by: date) -> str | None:
    """A warning when the zienswijze term does not leave room to decide by the due date. The
    term is internal: it never moves the statutory date (module docstring)."""
    if term_until < due_on:
        return None
    if extended:
        return ("De termijn voor de zienswijze eindigt niet voor de (verlengde) beslistermijn. "
                "Het horen schort die termijn niet op: kort de termijn in.")
    return ("De termijn voor de zienswijze eindigt niet voor de beslistermijn. Het horen schort "
            "die termijn niet op (Awb 4:15 geldt alleen voor een aanvulling, 4:5). Verleng de "
            "beslistermijn met twee maanden (AVG art. 12 lid 3), uiterlijk op "
            f"{format_date_nl(extension_notice_by)}, of kort de termijn in.")


@dataclass(frozen=True, slots=True)
class HearingState:
    """What a hearing still needs before the besluit can be submitted."""

    invited: bool
    term_until: date | None
    answered: bool
    weighed: bool


def open_point(state: HearingState, *, today: date) -> str | None:
    """Awb 4:7/4:8 with 3:2 and 3:46: a zienswijze asked for is awaited until its term ends,
    and whatever came in (or that nothing came) is weighed before the besluit."""
    if not state.invited:
        return None
    if not state.answered and state.term_until is not None and today <= state.term_until:
        return f"De termijn voor de zienswijze loopt nog tot en met {format_date_nl(state.term_until)}."
    if not state.weighed:
        return "Leg vast hoe de zienswijze (of dat er geen kwam) in het besluit is gewogen."
    return None
