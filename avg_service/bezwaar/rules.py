"""The rules of the bezwaar procedure against a besluit (Awb chapters 6 and 7), as plain Python.

What a bezwaarschrift must contain (6:5) and what follows when it does not (6:6: herstel
verzuim, else niet-ontvankelijk); whether it came in time (6:7–6:9, building on
``deadlines.objection``) and whether lateness may be excused (6:11); the term for the
beslissing op bezwaar (7:10): six weeks, or twelve with an adviescommissie (7:13), suspended
while a verzuim is being repaired (7:10(2)), deferred by at most six weeks (7:10(3)) and
further only with consent (7:10(4)); the hearing (7:2–7:5); the outcome per right (7:11); the
beroep term (6:7, 6:8, 8:1) and the dwangsom's vaststelling (4:18). Every date can explain
itself in Dutch, as the request's deadlines do (``deadlines.explain``). Pure: the standard
library and the pure deadline package; no Flask, no database, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from avg_service.deadlines.explain import ExplainedDate, explain_term_end, format_date_nl
from avg_service.deadlines.objection import (
    DECISION_WEEKS,
    DECISION_WEEKS_COMMITTEE,
    DEFERRAL_WEEKS,
    is_objection_on_time,
    objection_period_end,
    objection_period_end_explained,
    posted_objection_received_by,
)
from avg_service.deadlines.terms import atw_term_end, suspended_days

__all__ = [
    "DEFAULT_REPAIR_DAYS",
    "DOCUMENTS_BEFORE_HEARING_DAYS",
    "FURTHER_DOCUMENTS_BEFORE_HEARING_DAYS",
    "VASTSTELLING_WEEKS",
    "BezwaarOutcome",
    "DecisionTerm",
    "Defect",
    "HearingWaiver",
    "RulesRefused",
    "Timeliness",
    "appeal_period_end",
    "decision_term",
    "defects_value",
    "further_documents_until",
    "hearing_checks",
    "overall_outcome",
    "parse_defects",
    "repair_suspension",
    "repair_term_end",
    "timeliness",
    "vaststelling_due",
]

#: Awb 6:6 leaves the term to the organ; two weeks is the common practice (a setting could
#: change it; the letter prints the date).
DEFAULT_REPAIR_DAYS: Final = 14
#: Awb 7:4(2): the documents lie open for inspection at least a week before the hearing.
DOCUMENTS_BEFORE_HEARING_DAYS: Final = 7
#: Awb 7:4(1): further documents may be sent in up to ten days before the hearing.
FURTHER_DOCUMENTS_BEFORE_HEARING_DAYS: Final = 10
#: Awb 4:18: the dwangsom is fixed within two weeks after its last day.
VASTSTELLING_WEEKS: Final = 2


class RulesRefused(ValueError):
    """A rule of the Awb refuses what was asked; the message is Dutch, for the person acting."""


class Defect(StrEnum):
    """What Awb 6:5(1) requires of a bezwaarschrift; a missing element is a verzuim (6:6)."""

    SIGNATURE = "handtekening"  # 6:5(1): ondertekend
    NAME_ADDRESS = "naam_adres"  # 6:5(1)(a)
    DATE = "dagtekening"  # 6:5(1)(b)
    DECISION = "besluit"  # 6:5(1)(c): een omschrijving van het bestreden besluit
    GROUNDS = "gronden"  # 6:5(1)(d): de gronden van het bezwaar
    #: Not of 6:5 but "enig ander ... vereiste" of 6:6: the organ may ask a gemachtigde who is
    #: not an advocaat for a written machtiging (Awb 2:1(2)).
    AUTHORISATION = "machtiging"


DEFECT_LABELS: Final[dict[Defect, str]] = {
    Defect.SIGNATURE: "uw handtekening",
    Defect.NAME_ADDRESS: "uw naam en adres",
    Defect.DATE: "de datum van uw bezwaarschrift",
    Defect.DECISION: "welk besluit u bestrijdt (bijvoorbeeld het kenmerk of een kopie)",
    Defect.GROUNDS: "de redenen waarom u het niet eens bent met het besluit (de gronden)",
    Defect.AUTHORISATION: ("een schriftelijke machtiging van degene voor wie u bezwaar maakt "
                           "(artikel 2:1 lid 2 Awb)"),
}


def defects_value(defects: Iterable[Defect]) -> str:
    """Stored as ``",gronden,handtekening,"`` (searchable with LIKE on every database)."""
    return "," + ",".join(sorted({Defect(d).value for d in defects})) + ","


def parse_defects(value: str | None) -> list[Defect]:
    return [Defect(v) for v in (value or "").strip(",").split(",") if v]


# ------------------------------------------------------------------------------ timeliness
@dataclass(frozen=True, slots=True)
class Timeliness:
    """Awb 6:7–6:9: was the bezwaarschrift in time? ``explanations`` say why, in Dutch."""

    period_end: date
    posted_received_by: date
    on_time: bool
    explanations: tuple[str, ...]


def timeliness(notified_on: date, received_on: date, posted_on: date | None = None
               ) -> Timeliness:
    """Awb 6:7, 6:8(1), 6:9 (rule R9): six weeks from the day after bekendmaking, rolled by the
    Atw; received by then (6:9(1)), or posted by then and received within a week after it
    (6:9(2)). A late bezwaar is niet-ontvankelijk unless the lateness is excusable (6:11):
    that is for the jurist, so ``on_time`` is only the count."""
    if posted_on is not None and posted_on > received_on:
        raise RulesRefused("De datum van verzending ligt na de ontvangst.")
    if received_on < notified_on:
        raise RulesRefused("Het bezwaar is ontvangen vóór de bekendmaking van het besluit.")
    end_explained = objection_period_end_explained(notified_on)
    end = end_explained.value
    grace = posted_objection_received_by(end)
    on_time = is_objection_on_time(end, received_on, posted_on)
    reasons = [end_explained.explain_nl()]
    if received_on <= end:
        reasons.append(f"Ontvangen op {format_date_nl(received_on)}: binnen de termijn "
                       "(Awb 6:9 lid 1).")
    elif on_time and posted_on is not None:
        reasons.append(f"Ontvangen op {format_date_nl(received_on)}, maar ter post bezorgd op "
                       f"{format_date_nl(posted_on)} (uiterlijk de laatste dag) en ontvangen "
                       f"uiterlijk {format_date_nl(grace)}: tijdig (Awb 6:9 lid 2).")
    else:
        reasons.append(f"Ontvangen op {format_date_nl(received_on)}: na de termijn. Het bezwaar "
                       "is niet-ontvankelijk, tenzij de termijnoverschrijding verschoonbaar is "
                       "(Awb 6:11). Dat beoordeelt de jurist.")
    return Timeliness(end, grace, on_time, tuple(reasons))


# ------------------------------------------------------------------------------ herstel verzuim
def repair_term_end(sent_on: date, days: int = DEFAULT_REPAIR_DAYS) -> date:
    """Awb 6:6: the term to repair a verzuim, set by the organ; counted as a term of days under
    the Atw (art. 1, 2), as the 4:5 invitations of a request are."""
    if days < 1:
        raise RulesRefused("Geef een termijn van ten minste één dag.")
    return atw_term_end(sent_on, days)


def repair_suspension(sent_on: date, *, repaired_on: date | None, term_until: date) -> int:
    """Awb 7:10(2): the 7:10 term is suspended from the day after the request to repair until
    the day the verzuim is repaired or the term passed unused (as rule R5 counts Awb 4:15:
    the days strictly between). While still open, the suspension is counted to the end of the
    term: the latest the decision can then be due."""
    return suspended_days(sent_on, repaired_on if repaired_on is not None else term_until)


# ------------------------------------------------------------------------------ 7:10
@dataclass(frozen=True, slots=True)
class DecisionTerm:
    """The term for the beslissing op bezwaar (Awb 7:10) with every step explained.

    ``statutory`` is the term of 7:10(1) with the 7:10(2) suspension; ``deferred`` the date
    after a verdaging of at most six weeks (7:10(3)); ``further_until`` a date agreed under
    7:10(4). ``due_on`` is the one that applies.
    """

    period_end: date
    weeks: int
    suspension_days: int
    statutory: ExplainedDate
    deferred: ExplainedDate | None
    further_until: date | None
    due_on: date

    def explanations(self) -> list[str]:
        lines = [self.statutory.explain_nl()]
        if self.deferred is not None:
            lines.append(self.deferred.explain_nl())
        if self.further_until is not None:
            lines.append(f"Verder uitgesteld tot {format_date_nl(self.further_until)} (Awb 7:10 "
                         "lid 4): met instemming van de indiener, zonder nadeel voor andere "
                         "belanghebbenden.")
        return lines


def decision_term(period_end: date, *, committee: bool = False, suspension_days: int = 0,
                  deferral_weeks: int = 0, further_until: date | None = None) -> DecisionTerm:
    """Awb 7:10 (rule R10): the beslistermijn op bezwaar.

    Six weeks, or twelve with an adviescommissie (7:10(1) with 7:13), from the day after the
    Atw-extended end of the bezwaartermijn ``period_end``; plus the days a verzuim was being
    repaired (7:10(2)), added to the unrolled end and rolled once (as R5). A verdaging adds at
    most six weeks (7:10(3)) to the statutory end before rolling. Further deferral (7:10(4))
    is to a date agreed, which must lie after the date it replaces. C31: 2026-04-28 →
    2026-06-09; with a committee or deferred 2026-07-21; both 2026-09-01.
    """
    if not 0 <= deferral_weeks <= DEFERRAL_WEEKS:
        raise RulesRefused("Verdagen kan voor ten hoogste zes weken (Awb 7:10 lid 3).")
    weeks = DECISION_WEEKS_COMMITTEE if committee else DECISION_WEEKS
    raw = period_end + timedelta(weeks=weeks)
    articles = "Awb 7:10 lid 1" + (", 7:13" if committee else "") + (
        ", 7:10 lid 2" if suspension_days else "") + "; Atw art. 1, 3"
    statutory = explain_term_end(
        raw, suspension_days=suspension_days, rule="R10", source=articles,
        suspension_source="Awb 7:10 lid 2",
        label=f"Beslistermijn op bezwaar ({weeks} weken)",
        note=("Gerekend vanaf de dag na het (door de Atw verlengde) einde van de bezwaartermijn, "
              f"{format_date_nl(period_end)}."
              + (" De termijn stond stil zolang wij wachtten op herstel van een verzuim (Awb "
                 "7:10 lid 2)." if suspension_days else "")))
    deferred = None
    if deferral_weeks:
        deferred = explain_term_end(
            raw + timedelta(weeks=deferral_weeks), suspension_days=suspension_days, rule="R10",
            suspension_source="Awb 7:10 lid 2",
            source="Awb 7:10 lid 3; Atw art. 1, 3",
            label=f"Beslistermijn na verdaging met {deferral_weeks} weken",
            note="Verdaagd met een schriftelijke mededeling aan de indiener (Awb 7:10 lid 3).")
    current = deferred.value if deferred is not None else statutory.value
    if further_until is not None and further_until <= current:
        raise RulesRefused("Verder uitstel moet na de huidige uiterste datum "
                           f"({format_date_nl(current)}) liggen (Awb 7:10 lid 4).")
    return DecisionTerm(period_end=period_end, weeks=weeks, suspension_days=suspension_days,
                        statutory=statutory, deferred=deferred, further_until=further_until,
                        due_on=further_until or current)


# ------------------------------------------------------------------------------ hearing
class HearingWaiver(StrEnum):
    """Awb 7:3: the hearing may be left out when ..."""

    INADMISSIBLE = "7_3_a"  # het bezwaar kennelijk niet-ontvankelijk is
    UNFOUNDED = "7_3_b"  # het bezwaar kennelijk ongegrond is
    WAIVED = "7_3_c"  # de belanghebbenden hebben verklaard geen gebruik te willen maken
    GRANTED = "7_3_d"  # aan het bezwaar volledig wordt tegemoetgekomen


HEARING_WAIVER_LABELS: Final[dict[HearingWaiver, str]] = {
    HearingWaiver.INADMISSIBLE: "het bezwaar is kennelijk niet-ontvankelijk (Awb 7:3 onder a)",
    HearingWaiver.UNFOUNDED: "het bezwaar is kennelijk ongegrond (Awb 7:3 onder b)",
    HearingWaiver.WAIVED: "de indiener wil niet worden gehoord (Awb 7:3 onder c)",
    HearingWaiver.GRANTED: "aan het bezwaar wordt volledig tegemoetgekomen (Awb 7:3 onder d)",
}


def hearing_checks(*, invited_on: date, hearing_on: date, documents_from: date) -> None:
    """Awb 7:4: the documents lie open at least a week before the hearing (lid 2), and the
    invitation names where and when (lid 3), so it goes out before they do; further documents
    may come up to ten days before (lid 1), so the hearing is at least ten days after the
    invitation. Refuses an invitation that cannot keep those promises."""
    if hearing_on <= invited_on:
        raise RulesRefused("De hoorzitting moet na de uitnodiging liggen.")
    if documents_from < invited_on:
        raise RulesRefused("De stukken kunnen niet ter inzage liggen vóór de uitnodiging is "
                           "verstuurd (Awb 7:4 lid 3).")
    if hearing_on - documents_from < timedelta(days=DOCUMENTS_BEFORE_HEARING_DAYS):
        raise RulesRefused("De stukken liggen ten minste een week vóór de hoorzitting ter "
                           "inzage (Awb 7:4 lid 2).")
    if hearing_on - invited_on < timedelta(days=FURTHER_DOCUMENTS_BEFORE_HEARING_DAYS):
        raise RulesRefused("Nadere stukken mogen tot tien dagen vóór de hoorzitting worden "
                           "ingediend (Awb 7:4 lid 1); nodig ten minste tien dagen van tevoren "
                           "uit.")


def further_documents_until(hearing_on: date) -> date:
    """Awb 7:4(1): the last day to send in further documents, ten days before the hearing (a
    term counted backwards: the Atw does not roll it, art. 1(2))."""
    return hearing_on - timedelta(days=FURTHER_DOCUMENTS_BEFORE_HEARING_DAYS)


# ------------------------------------------------------------------------------ outcome
class BezwaarOutcome(StrEnum):
    """The outcome per right (Awb 7:11): gegrond leads to herroeping and, where needed, a new
    besluit in its place (7:11(2)); ongegrond keeps the besluit; niet-ontvankelijk ends the
    bezwaar without heroverweging (6:6, 6:9, 6:11)."""

    WELL_FOUNDED = "gegrond"
    UNFOUNDED = "ongegrond"
    INADMISSIBLE = "niet_ontvankelijk"


OUTCOME_LABELS: Final[dict[BezwaarOutcome, str]] = {
    BezwaarOutcome.WELL_FOUNDED: "gegrond",
    BezwaarOutcome.UNFOUNDED: "ongegrond",
    BezwaarOutcome.INADMISSIBLE: "niet-ontvankelijk",
}


def overall_outcome(outcomes: Iterable[BezwaarOutcome]) -> str:
    """The dictum's first words: "gegrond", "ongegrond", "niet-ontvankelijk" or "gedeeltelijk
    gegrond" when some rights are and others are not."""
    found = set(outcomes)
    if not found:
        raise RulesRefused("Neem voor elk recht een beslissing.")
    if found == {BezwaarOutcome.WELL_FOUNDED}:
        return "gegrond"
    if BezwaarOutcome.WELL_FOUNDED in found:
        return "gedeeltelijk gegrond"
    if found == {BezwaarOutcome.INADMISSIBLE}:
        return "niet-ontvankelijk"
    return "ongegrond"


def appeal_period_end(sent_on: date) -> date:
    """Awb 6:7, 6:8(1), 8:1: beroep within six weeks from the day after the beslissing op
    bezwaar was sent, rolled by the Atw (the same count as R9)."""
    return objection_period_end(sent_on)


# ------------------------------------------------------------------------------ dwangsom
def vaststelling_due(last_penalty_day: date) -> date:
    """Awb 4:18: the organ fixes the dwangsom by beschikking within two weeks after the last day
    over which it was owed; counted under the Atw (a term in a wet of more than 3 days)."""
    return atw_term_end(last_penalty_day, VASTSTELLING_WEEKS * 7)
