"""What every use case on a coordination task shares: the refusal, the state move, the audit entry,
finding and listing tasks."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination.models import CoordinationTask
from avg_service.coordination.rules import TaskStatus
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.requests.models import DataSubjectRequest

class TaskRefused(DomainError):
    """A coordination rule refused the act; ``errors`` names the field when there is one."""


def _refuse(message: str, field_name: str | None = None) -> TaskRefused:
    return TaskRefused(message, errors={field_name: [message]} if field_name else None)


def _move(task: CoordinationTask, target: TaskStatus) -> None:
    task.move_to(target)  # an invalid move raises rules.InvalidTaskTransition, a domain error


def _audit(actor: Actor, action: str, task: CoordinationTask, at: datetime) -> None:
    record(actor, action, object_type="coordination_task", object_id=task.id,
           purpose=Purpose.HANDLING_REQUEST, at=at)


def get_task(task_id: int, *, for_update: bool = False) -> CoordinationTask:
    task = db.session.get(CoordinationTask, task_id, with_for_update=for_update or None)
    if task is None:
        raise NotFound("Deze taak bestaat niet.")
    return task


def list_tasks(*, visible: frozenset[int] | None, status: str | None = None,
               organisation_id: int | None = None, q: str | None = None, page: int = 1,
               per_page: int = 25) -> tuple[list[CoordinationTask], bool]:
    """One page of tasks, the waiting ones first, then by internal due date. ``visible`` is the
    policy's compartment (``visible_organisation_ids``) and always applies: a filter can only
    narrow it. ``q`` searches the request's reference. Returns the rows and "has next"."""
    statement = sa.select(CoordinationTask).join(
        DataSubjectRequest, DataSubjectRequest.id == CoordinationTask.dsr_id).options(
        sa.orm.contains_eager(CoordinationTask.dsr))
    if visible is not None:
        statement = statement.where(CoordinationTask.organisation_id.in_(visible))
    if status:
        statement = statement.where(CoordinationTask.status == status)
    if organisation_id:
        statement = statement.where(CoordinationTask.organisation_id == organisation_id)
    if q:
        statement = statement.where(DataSubjectRequest.reference.ilike(
            "%" + q.strip().replace("%", "").replace("_", "") + "%"))
    waiting = sa.case((CoordinationTask.status.in_(
        [TaskStatus.OPEN.value, TaskStatus.QUESTION.value]), 0), else_=1)
    found = db.session.scalars(
        statement.order_by(waiting, CoordinationTask.internal_due_on, CoordinationTask.id)
        .offset((max(page, 1) - 1) * per_page).limit(per_page + 1)).all()
    return list(found[:per_page]), len(found) > per_page
