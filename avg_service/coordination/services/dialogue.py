"""Questions and replies on a task, declining it with a reason, reopening it, and cancelling the
tasks of closed requests."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.coordination.models import CoordinationTask, TaskMessage
from avg_service.coordination.rules import TaskStatus
from avg_service.coordination.services.answer import _require_open
from avg_service.coordination.services.common import _audit, _move, _refuse
from avg_service.coordination.services.creation import _notify_participant
from avg_service.extensions import db
from avg_service.notifications import services as notifications
from avg_service.requests.models import DataSubjectRequest

# ------------------------------------------------------------------------------ questions, decline, reopen
def ask_question(task: CoordinationTask, body: str, *, actor: Actor, now: datetime) -> None:
    """The participant asks the contact point something; the task waits for the reply."""
    if not body.strip():
        raise _refuse("Schrijf uw vraag op.", "body")
    _move(task, TaskStatus.QUESTION)
    task.messages.append(TaskMessage(organisation_id=task.organisation_id, from_participant=True,
                                     body=body.strip(), at=now, author_id=actor.user_id))
    _audit(actor, "task.question", task, now)
    notifications.task_question(task, now=now)


def reply(task: CoordinationTask, body: str, *, actor: Actor, now: datetime) -> None:
    """The contact point answers the question; the task is open again."""
    if not body.strip():
        raise _refuse("Schrijf uw antwoord op.", "body")
    _move(task, TaskStatus.OPEN)
    task.messages.append(TaskMessage(organisation_id=task.organisation_id, from_participant=False,
                                     body=body.strip(), at=now, author_id=actor.user_id))
    _audit(actor, "task.reply", task, now)
    _notify_participant(task, task.organisation, "reply",
                        f"Antwoord van het contactpunt (verzoek {task.dsr.reference})",
                        "Het contactpunt heeft uw vraag beantwoord.")


def decline(task: CoordinationTask, reason: str, *, actor: Actor, now: datetime) -> None:
    """The participant declines, e.g. it is not a controller for this data."""
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    _require_open(task)
    _move(task, TaskStatus.DECLINED)
    task.decline_reason = reason.strip()
    _audit(actor, "task.decline", task, now)
    dsr = task.dsr
    dsr.note("task_declined", actor_id=actor.user_id, at=now,
             reason=f"{task.organisation.name} heeft de taak afgewezen: {reason.strip()}")


def reopen(task: CoordinationTask, reason: str, *, actor: Actor, now: datetime) -> None:
    """Only the contact point reopens a final answer, with a reason."""
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    if task.status_enum not in (TaskStatus.SUBMITTED, TaskStatus.DECLINED, TaskStatus.ON_BEHALF,
                                TaskStatus.SET_ASIDE):
        raise _refuse("Alleen een beantwoorde, afgewezen of terzijde gelegde taak kan worden "
                      "heropend.")
    _move(task, TaskStatus.OPEN)
    task.submitted_at = None
    task.submitted_by_id = None
    task.decline_reason = None
    task.on_behalf_source = task.on_behalf_received_on = task.on_behalf_answered_by = None
    task.set_aside_reason = task.set_aside_confirmed_by = None
    task.reopen_reason = reason.strip()
    _audit(actor, "task.reopen", task, now)
    _notify_participant(task, task.organisation, "reopened",
                        f"Taak heropend (verzoek {task.dsr.reference})",
                        f"Het contactpunt heeft uw antwoord heropend: {reason.strip()}")


def cancel_tasks_of_closed_requests(*, actor: Actor, now: datetime) -> int:
    """Open tasks of requests that ended (withdrawn, forwarded, ...) lapse."""
    tasks = db.session.scalars(
        sa.select(CoordinationTask).join(DataSubjectRequest,
                                         DataSubjectRequest.id == CoordinationTask.dsr_id)
        .where(DataSubjectRequest.is_open.is_(False),
               CoordinationTask.status.in_([TaskStatus.OPEN.value,
                                            TaskStatus.QUESTION.value]))).all()
    for task in tasks:
        _move(task, TaskStatus.CANCELLED)
        _audit(actor, "task.cancel", task, now)
    return len(tasks)
