"""What a request page and the API show about dates: every deadline with its explanation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from avg_service import deadlines as law
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    key: str
    label: str
    value: date
    rule: str
    explanation: str
    #: Passed, or no longer relevant (e.g. the extension notice date once extended).
    settled: bool = False


#: Other capabilities' terms on a request (the hearing's, ``hearing.services``), shown after
#: the statutory ones: they register here, so this package never imports them.
_EXTRA_ROWS: list[Callable[[DataSubjectRequest], list[DeadlineRow]]] = []


def register_rows(source: Callable[[DataSubjectRequest], list[DeadlineRow]]) -> None:
    if source not in _EXTRA_ROWS:
        _EXTRA_ROWS.append(source)


def deadline_rows(dsr: DataSubjectRequest) -> list[DeadlineRow]:
    return statutory_rows(dsr) + [row for source in _EXTRA_ROWS for row in source(dsr)]


def statutory_rows(dsr: DataSubjectRequest) -> list[DeadlineRow]:
    dates = dsr.deadlines()
    explained = dates.explanations
    rows = [DeadlineRow("received_on", "Ontvangstdatum", dsr.received_on, "R1",
                        "De datum (Europe/Amsterdam) waarop het verzoek de eerste "
                        "verwerkingsverantwoordelijke bereikte (AVG art. 12 lid 3; Awb 2:20"
                        + ("; eerder ontvangen door een andere gezamenlijke "
                           "verwerkingsverantwoordelijke, R8" if dsr.first_received_by_id else "")
                        + ").")]
    due_key = "extended_due_on" if dsr.is_extended else "due_on"
    due = explained[due_key]
    text = due.explain_nl()
    if dsr.open_invitation is not None:
        text += (" Er loopt een verzoek om aanvulling: deze datum gaat ervan uit dat de "
                 "opschorting tot het einde van de termijn duurt; bij een eerder antwoord wordt "
                 "hij eerder.")
    rows.append(DeadlineRow("due_on", due.label, dsr.due_on, due.rule, text))
    notice = explained["extension_notice_by"]
    rows.append(DeadlineRow("extension_notice_by", notice.label, notice.value, notice.rule,
                            notice.explain_nl(), settled=dsr.is_extended))
    refusal = explained["refusal_notice_by"]
    rows.append(DeadlineRow("refusal_notice_by", refusal.label, refusal.value, refusal.rule,
                            refusal.explain_nl()))
    if not dsr.is_extended:
        strict = explained["strict_due_on"]
        rows.append(DeadlineRow("strict_due_on", strict.label, strict.value, strict.rule,
                                strict.explain_nl()))
    if dsr.not_handled_decision_by is not None:
        last = next(i for i in reversed(dsr.invitations) if i.expired_on is not None)
        not_handled = law.incomplete_request_decision_by_explained(last.term_until)
        rows.append(DeadlineRow("not_handled_decision_by", not_handled.label, not_handled.value,
                                not_handled.rule, not_handled.explain_nl(),
                                settled=dsr.status_enum is not Status.TERM_EXPIRED))
    return rows
