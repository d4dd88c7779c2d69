"""What every breach use case shares: the refusal, the audit entry, loading a breach or a task
with its lock, a status move that refuses as a domain error, an active organisation, and an
input dataclass from parsed form or JSON data."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.breaches.models import Breach, BreachTask
from avg_service.breaches.rules import BreachStatus, BreachTaskStatus
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.organisations.models import Organisation


class BreachRefused(DomainError):
    """A rule refused the act; ``errors`` names the field when there is one."""


def refuse(message: str, field_name: str | None = None) -> BreachRefused:
    return BreachRefused(message, errors={field_name: [message]} if field_name else None)


def audit(actor: Actor, action: str, breach: Breach, at: datetime) -> None:
    record(actor, action, object_type="breach", object_id=breach.id, purpose=Purpose.INCIDENT,
           at=at)


def get_breach(breach_id: int, *, for_update: bool = False) -> Breach:
    breach = db.session.get(Breach, breach_id, with_for_update=for_update or None)
    if breach is None:
        raise NotFound("Dit datalek bestaat niet.")
    return breach


def get_task(task_id: int, *, for_update: bool = False) -> BreachTask:
    task = db.session.get(BreachTask, task_id, with_for_update=for_update or None)
    if task is None:
        raise NotFound("Deze taak bestaat niet.")
    return task


def move(breach: Breach, target: BreachStatus) -> None:
    breach.move_to(target)  # an invalid move raises rules.InvalidBreachTransition, a domain error


def move_task(task: BreachTask, target: BreachTaskStatus) -> None:
    task.move_to(target)  # an invalid move raises rules.InvalidTaskTransition, a domain error


def active_organisation(organisation_id: int, field_name: str) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.is_active:
        raise refuse("Kies een actieve deelnemer.", field_name)
    return organisation


def audit_task(actor: Actor, action: str, task: BreachTask, now: datetime) -> None:
    record(actor, action, object_type="breach_task", object_id=task.id, purpose=Purpose.INCIDENT,
           at=now)


T = TypeVar("T")


def from_data(cls: type[T], data: Mapping[str, Any]) -> T:
    """``cls`` (a use case's input dataclass) from the data a schema loaded; other keys, such
    as a form's ``reason`` for another use case, are not its."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})
