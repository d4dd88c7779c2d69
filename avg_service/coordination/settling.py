"""The contact point's acts that let a request move on when a joint controller cannot or does
not answer in its inbox: who can be reached at all, an answer recorded on behalf of an
organisation (a letter, secure mail, a call), a task set aside with a reason, and a chase sent
now. A request to the contact point is a request to every joint controller (BGS art. 1.1(1)),
and a besluit may only be taken once each was heard (Awb 3:2).

Like ``services`` these work inside the caller's unit of work and write their audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination import rules
from avg_service.coordination.models import CoordinationTask, TaskFile, TaskStepSent
from avg_service.coordination.rules import TaskStatus
from avg_service.coordination.services import (
    Restriction,
    TaskRefused,
    _audit,
    _move,
    _notify_participant,
    _participant_addresses,
    _refuse,
    check_complete,
    fill_answer,
)
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.requests import documents

UNREACHABLE = "geen actief account en geen takenmailbox"


def unreachable_reason(organisation: Organisation) -> str | None:
    """Why a task notice would reach nobody at this organisation, or None when it reaches
    someone (an active participant account or the task mailbox)."""
    return None if _participant_addresses(organisation) else UNREACHABLE


def unreachable(organisations: list[Organisation]) -> dict[int, str]:
    """Per organisation that cannot be reached, why; said before anything is sent."""
    return {o.id: reason for o in organisations
            if (reason := unreachable_reason(o)) is not None}


def _require_unsettled(task: CoordinationTask) -> None:
    if task.status_enum not in (TaskStatus.OPEN, TaskStatus.QUESTION):
        raise _refuse("Deze taak is al afgehandeld "
                      f"(status: {rules.TASK_STATUS_LABELS[task.status_enum].lower()}).")


@dataclass(frozen=True, slots=True)
class OnBehalf:
    """How the answer came in: ``source`` (rules.ON_BEHALF_SOURCES), the day, who answered,
    and the document received (filename, bytes) for a letter or secure mail."""

    source: str
    received_on: date
    answered_by: str
    document: tuple[str, bytes] | None = None


def answer_on_behalf(task: CoordinationTask, data: dict[str, Any],
                     restrictions: list[Restriction], on_behalf: OnBehalf, *, actor: Actor,
                     now: datetime) -> None:
    """Record the answer an organisation gave outside its inbox. It is final like a submitted
    answer, checked as complete the same way, and marked as recorded by the contact point
    everywhere (the consolidated view, the file, the besluit's verloop)."""
    _require_unsettled(task)
    errors: dict[str, list[str]] = {}
    if on_behalf.source not in rules.ON_BEHALF_SOURCES:
        errors["source"] = ["Kies hoe het antwoord binnenkwam."]
    if on_behalf.received_on > law.receipt_date(now):
        errors["received_on"] = ["De datum van ontvangst ligt in de toekomst."]
    elif on_behalf.received_on < task.sent_on:
        errors["received_on"] = ["De datum van ontvangst ligt vóór het uitzetten van de taak."]
    if not on_behalf.answered_by.strip():
        errors["answered_by"] = ["Vul in wie namens de organisatie antwoordde."]
    if on_behalf.source in rules.ON_BEHALF_WITH_DOCUMENT and on_behalf.document is None:
        errors["document"] = ["Voeg de brief of e-mail toe waarin de organisatie antwoordde."]
    if errors:
        raise _refuse_all(errors)
    answer = fill_answer(task, data, restrictions, actor=actor, now=now)
    check_complete(task, answer)
    if on_behalf.document is not None:
        _add_document(task, *on_behalf.document, actor=actor, now=now)
    _move(task, TaskStatus.ON_BEHALF)
    task.on_behalf_source = on_behalf.source
    task.on_behalf_received_on = on_behalf.received_on
    task.on_behalf_answered_by = on_behalf.answered_by.strip()
    task.submitted_at, task.submitted_by_id, task.reopen_reason = now, actor.user_id, None
    _audit(actor, "task.answer_on_behalf", task, now)
    task.dsr.note("task_on_behalf", actor_id=actor.user_id, at=now, reason=(
        f"Antwoord van {task.organisation.name} vastgelegd door het contactpunt "
        f"({rules.ON_BEHALF_SOURCES[on_behalf.source].lower()}, ontvangen "
        f"{on_behalf.received_on:%d-%m-%Y}, van {task.on_behalf_answered_by})."))
    db.session.flush()


def _refuse_all(errors: dict[str, list[str]]) -> TaskRefused:
    return TaskRefused("Het antwoord is niet vastgelegd. Verbeter de velden met een foutmelding.",
                       errors=errors)


def _add_document(task: CoordinationTask, filename: str, data: bytes, *, actor: Actor,
                  now: datetime) -> TaskFile:
    try:
        checked = documents.check_upload(filename, data)
    except documents.UploadRejected as rejected:
        raise _refuse(documents.REJECTION_MESSAGES[rejected.code], "document") from rejected
    item = TaskFile(task_id=task.id, organisation_id=task.organisation_id, role="on_behalf",
                    filename=checked.filename, content_type=checked.content_type,
                    size=len(checked.data), sha256=documents.sha256_of(checked.data),
                    storage_key=documents.write_file(checked.data), uploaded_at=now,
                    uploaded_by_id=actor.user_id)
    db.session.add(item)
    task.files.append(item)
    db.session.flush()
    record(actor, "task_file.create", object_type="task_file", object_id=item.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return item


def set_aside(task: CoordinationTask, *, reason: str, confirmed_by: str, actor: Actor,
              now: datetime) -> None:
    """The contact point sets a task aside, with the reason (e.g. "deze organisatie verwerkt in
    dit Zorg- en Veiligheidshuis geen persoonsgegevens van deze casus") and who confirmed it;
    the besluit's verloop says so."""
    _require_unsettled(task)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Geef de reden."]
    if not confirmed_by.strip():
        errors["confirmed_by"] = ["Vul in wie dit heeft bevestigd."]
    if errors:
        raise TaskRefused("De taak is niet terzijde gelegd.", errors=errors)
    _move(task, TaskStatus.SET_ASIDE)
    task.set_aside_reason = reason.strip()
    task.set_aside_confirmed_by = confirmed_by.strip()
    _audit(actor, "task.set_aside", task, now)
    task.dsr.note("task_set_aside", actor_id=actor.user_id, at=now, reason=(
        f"Taak van {task.organisation.name} terzijde gelegd: {task.set_aside_reason} "
        f"(bevestigd door {task.set_aside_confirmed_by})."))


def chase_step(today: date) -> str:
    """The ledger key of a chase sent out of schedule: one a day (``TaskStepSent`` is unique
    per task and step)."""
    return f"chase-now-{today.isoformat()}"


def chased_on(task_id: int, day: date) -> bool:
    """Whether a chase (the sweep's or one sent now) went to this task on ``day``."""
    return any(law.receipt_date(sent_at) == day for step, sent_at in db.session.execute(
        sa.select(TaskStepSent.step, TaskStepSent.sent_at).where(
            TaskStepSent.task_id == task_id, TaskStepSent.step.like("chase%"))))


def chase_now(task: CoordinationTask, *, actor: Actor, now: datetime) -> None:
    """Send a chase out of schedule. It is written in the same ledger as the sweep's steps, so
    the sweep sends no second reminder or chase that day; a second chase the same day is
    refused."""
    if task.status_enum is not TaskStatus.OPEN:
        raise _refuse("Alleen een open taak kan worden gerappelleerd.")
    if unreachable_reason(task.organisation) is not None:
        raise _refuse(f"{task.organisation.name} heeft {UNREACHABLE}: een rappel bereikt niemand. "
                      "Leg het antwoord vast of leg de taak terzijde.")
    today = law.receipt_date(now)
    if chased_on(task.id, today):
        raise _refuse("Deze taak is vandaag al gerappelleerd.")
    db.session.add(TaskStepSent(task_id=task.id, step=chase_step(today), sent_at=now))
    _notify_participant(task, task.organisation, "chase",
                        f"Rappel: taak voor verzoek {task.dsr.reference}",
                        f"Het contactpunt vraagt u de taak voor verzoek {task.dsr.reference} zo "
                        f"snel mogelijk te beantwoorden (interne termijn "
                        f"{law.format_date_nl(task.internal_due_on)}).")
    _audit(actor, "task.chase_now", task, now)
    task.dsr.note("task_chased", actor_id=actor.user_id, at=now,
                  reason=f"Rappel verstuurd aan {task.organisation.name}.")
    db.session.flush()
