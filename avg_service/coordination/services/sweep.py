"""The daily sweep over open tasks: reminders before the internal due date, each step sent once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.audit.services import record
from avg_service.coordination import rules
from avg_service.coordination.models import CoordinationTask, TaskStepSent
from avg_service.coordination.rules import TaskStatus
from avg_service.coordination.services.creation import (
    _notify_contact_point,
    _notify_participant,
    _task_url,
)
from avg_service.coordination.services.dialogue import cancel_tasks_of_closed_requests
from avg_service.extensions import db
from avg_service.mail.services import queue_mail
from avg_service.organisations.models import Organisation
from avg_service.requests.models import DataSubjectRequest

# ------------------------------------------------------------------------------ the sweep
@dataclass(frozen=True, slots=True)
class TaskSweepResult:
    reminders: int
    chases: int
    escalations: int
    warnings: int
    cancelled: int


def sweep_tasks(*, now: datetime, actor: Actor | None = None) -> TaskSweepResult:
    """Send each due reminder, chase, escalation and deadline warning once (TaskStepSent has a
    unique key per task and step)."""
    actor = actor or Actor.system("sweep")
    today = law.receipt_date(now)
    cancelled = cancel_tasks_of_closed_requests(actor=actor, now=now)
    tasks = db.session.scalars(
        sa.select(CoordinationTask).join(DataSubjectRequest,
                                         DataSubjectRequest.id == CoordinationTask.dsr_id)
        .where(CoordinationTask.status == TaskStatus.OPEN.value, DataSubjectRequest.is_open)
        .order_by(CoordinationTask.id)).all()
    ledger = db.session.execute(
        sa.select(TaskStepSent.task_id, TaskStepSent.step, TaskStepSent.sent_at)
        .where(TaskStepSent.task_id.in_([t.id for t in tasks]))).all() if tasks else []
    sent_steps = {(task_id, step) for task_id, step, _ in ledger}
    # A chase sent today (out of schedule, or by an earlier run) is today's chase: a step due
    # today is written in the ledger but not sent again, so nobody gets two in one day.
    chased_today = {task_id for task_id, step, sent_at in ledger
                    if step.startswith("chase") and law.receipt_date(sent_at) == today}
    counts = {"reminder": 0, "chase": 0, "escalation": 0, "warning": 0}
    for task in tasks:
        organisation = task.organisation
        dsr = task.dsr
        schedule = rules.Schedule(organisation.reminder_days, organisation.chase_days,
                                  organisation.escalate_after)
        for step in rules.steps_due(task.sent_on, task.internal_due_on, today, schedule):
            if (task.id, step.key) in sent_steps:
                continue
            db.session.add(TaskStepSent(task_id=task.id, step=step.key, sent_at=now))
            if step.kind in ("reminder", "chase") and task.id in chased_today:
                continue
            _send_step(task, organisation, dsr, step)
            counts[step.kind] += 1
            if step.kind == "chase":
                chased_today.add(task.id)
        if (task.id, "deadline-warning") not in sent_steps and rules.threatens_deadline(
                task.internal_due_on, dsr.due_on, today):
            db.session.add(TaskStepSent(task_id=task.id, step="deadline-warning", sent_at=now))
            _notify_contact_point(
                dsr, "task_deadline_warning",
                f"Taak bedreigt de termijn van verzoek {dsr.reference}",
                f"De taak bij {organisation.name} is nog niet beantwoord (interne termijn "
                f"{law.format_date_nl(task.internal_due_on)}); de beslistermijn eindigt "
                f"{law.format_date_nl(dsr.due_on)}.")
            counts["warning"] += 1
    if any(counts.values()) or cancelled:
        record(actor, "task.sweep", object_type="coordination_task", at=now)
    return TaskSweepResult(counts["reminder"], counts["chase"], counts["escalation"],
                           counts["warning"], cancelled)


def _send_step(task: CoordinationTask, organisation: Organisation, dsr: DataSubjectRequest,
               step: rules.Step) -> None:
    due = law.format_date_nl(task.internal_due_on)
    if step.kind == "reminder":
        _notify_participant(task, organisation, "reminder",
                            f"Herinnering: taak voor verzoek {dsr.reference}",
                            f"De taak voor verzoek {dsr.reference} wacht nog op uw antwoord "
                            f"(uiterlijk {due}).")
    elif step.kind == "chase":
        _notify_participant(task, organisation, "chase",
                            f"Rappel: taak voor verzoek {dsr.reference} is verlopen",
                            f"De interne termijn ({due}) is verstreken. Beantwoord de taak zo "
                            "snel mogelijk: de wettelijke termijn loopt door.")
    else:
        address = organisation.coordinator_email or organisation.task_email
        if address:
            queue_mail(to=address, subject=f"Escalatie: taak voor verzoek {dsr.reference}",
                       purpose="task_escalation", dsr_id=dsr.id,
                       body=f"De taak van {organisation.name} voor verzoek {dsr.reference} is "
                       f"na {organisation.escalate_after} rappels nog niet beantwoord (interne "
                       f"termijn {due}).\n\nOpen de taak: {_task_url(task)}\n")
        _notify_contact_point(dsr, "task_escalated",
                              f"Geëscaleerd: taak van {organisation.name} ({dsr.reference})",
                              f"De taak van {organisation.name} is geëscaleerd naar de "
                              "coördinator van die organisatie.")
