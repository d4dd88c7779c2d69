"""The joint controllers' part in a breach: a task per organisation concerned, its answer, an
answer the contact point records on behalf of an organisation (a letter, secure mail, a call),
a set-aside with its reason, and reopening. Like the request tasks of ``coordination`` (whose
issue 16 adds the same answer on behalf and set-aside there); a participant reaches only its
own organisation's task (``organisation_id``, the policy's compartment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.breaches import catalogue, notices, rules
from avg_service.breaches.common import active_organisation, audit_task, move_task, refuse
from avg_service.breaches.models import Breach, BreachTask
from avg_service.breaches.rules import BreachStatus, BreachTaskStatus
from avg_service.extensions import db


def create_tasks(breach: Breach, *, organisation_ids: Iterable[int], actor: Actor,
                 now: datetime) -> list[BreachTask]:
    """A task per organisation concerned that has none yet (any participant: a joint controller
    must know, a private participant's data may be involved)."""
    if breach.status_enum is BreachStatus.CLOSED:
        raise refuse("Dit datalek is afgesloten.")
    wanted = list(dict.fromkeys(organisation_ids))
    if not wanted:
        raise refuse("Kies ten minste één organisatie.", "organisation_ids")
    organisations = [active_organisation(o, "organisation_ids") for o in wanted]
    existing = {t.organisation_id for t in breach.tasks}
    created = []
    for organisation in organisations:
        if organisation.id in existing:
            continue
        task = BreachTask(breach_id=breach.id, organisation_id=organisation.id,
                          organisation=organisation, status=BreachTaskStatus.OPEN.value,
                          sent_at=now, due_at=rules.task_due_at(now, breach.aware_at),
                          created_by_id=actor.user_id, updated_at=now)
        breach.tasks.append(task)
        created.append(task)
    if not created:
        raise refuse("Deze organisaties hebben al een taak voor dit datalek.", "organisation_ids")
    db.session.flush()
    for task in created:
        record(actor, "breach_task.create", object_type="breach_task", object_id=task.id,
               purpose=Purpose.INCIDENT, at=now)
        notices.tell_task(task, now)
    breach.note("tasks", "Taken uitgezet bij: " + ", ".join(t.organisation.name for t in created)
                + ".", actor_id=actor.user_id, at=now)
    return created


@dataclass(frozen=True, slots=True)
class TaskAnswer:
    affected: bool | None
    answer_data: str | None = None
    answer_persons: int | None = None
    answer_measures: str | None = None
    answer_remarks: str | None = None



def _fill(task: BreachTask, answer: TaskAnswer) -> None:
    for name in TaskAnswer.__dataclass_fields__:
        setattr(task, name, getattr(answer, name))


def _require_open(task: BreachTask) -> None:
    if task.status_enum is not BreachTaskStatus.OPEN:
        raise refuse("Deze taak kan nu niet worden gewijzigd (status: "
                     f"{rules.TASK_STATUS_LABELS[task.status_enum].lower()}).")


def answer_task(task: BreachTask, answer: TaskAnswer, *, actor: Actor, now: datetime,
                submit: bool) -> None:
    """The participant's draft, or (``submit``) its final answer."""
    _require_open(task)
    _fill(task, answer)
    if not submit:
        audit_task(actor, "breach_task.save_draft", task, now)
        return
    if answer.affected is None:
        raise refuse("Geef aan of het datalek gegevens van uw organisatie raakt.", "affected")
    move_task(task, BreachTaskStatus.ANSWERED)
    task.answered_at, task.answered_by_id, task.reopen_reason = now, actor.user_id, None
    audit_task(actor, "breach_task.answer", task, now)
    task.breach.note("task_answered", f"Antwoord ontvangen van {task.organisation.name}.",
                     actor_id=actor.user_id, at=now)


def answer_on_behalf(task: BreachTask, answer: TaskAnswer, *, source: str, received_on: date,
                     answered_by: str, actor: Actor, now: datetime) -> None:
    """The contact point records an answer the organisation gave by letter, secure mail or
    phone: what came in, on which day, from whom. Marked as such everywhere."""
    _require_open(task)
    if source not in catalogue.ON_BEHALF_SOURCES:
        raise refuse("Kies hoe het antwoord binnenkwam.", "source")
    if received_on > now.astimezone(rules.AMSTERDAM).date():
        raise refuse("De datum van ontvangst ligt in de toekomst.", "received_on")
    if not answered_by.strip():
        raise refuse("Vul in wie namens de organisatie antwoordde.", "answered_by")
    if answer.affected is None:
        raise refuse("Geef aan of het datalek gegevens van de organisatie raakt.", "affected")
    _fill(task, answer)
    move_task(task, BreachTaskStatus.ANSWERED_ON_BEHALF)
    task.on_behalf_source, task.on_behalf_received_on = source, received_on
    task.on_behalf_answered_by = answered_by.strip()
    task.answered_at, task.answered_by_id, task.reopen_reason = now, actor.user_id, None
    audit_task(actor, "breach_task.answer_on_behalf", task, now)
    task.breach.note("task_on_behalf", f"Antwoord van {task.organisation.name} vastgelegd door "
                     f"het contactpunt ({catalogue.ON_BEHALF_SOURCES[source].lower()}, "
                     f"ontvangen {received_on:%d-%m-%Y}, van {task.on_behalf_answered_by}).",
                     actor_id=actor.user_id, at=now)


def set_aside(task: BreachTask, *, reason: str, confirmed_by: str | None, actor: Actor,
              now: datetime) -> None:
    """The contact point sets a task aside, with a reason (e.g. the organisation processes no
    data that the breach touches, confirmed by whom)."""
    _require_open(task)
    if not reason.strip():
        raise refuse("Geef de reden.", "reason")
    move_task(task, BreachTaskStatus.SET_ASIDE)
    task.set_aside_reason = reason.strip()
    task.set_aside_confirmed_by = (confirmed_by or "").strip() or None
    audit_task(actor, "breach_task.set_aside", task, now)
    task.breach.note("task_set_aside", f"Taak van {task.organisation.name} terzijde gelegd: "
                     f"{task.set_aside_reason}", actor_id=actor.user_id, at=now)


def reopen_task(task: BreachTask, *, reason: str, actor: Actor, now: datetime) -> None:
    if not reason.strip():
        raise refuse("Geef de reden.", "reason")
    if task.breach.status_enum is BreachStatus.CLOSED:
        raise refuse("Dit datalek is afgesloten.")
    move_task(task, BreachTaskStatus.OPEN)
    task.answered_at = task.answered_by_id = None
    task.on_behalf_source = task.on_behalf_received_on = task.on_behalf_answered_by = None
    task.set_aside_reason = task.set_aside_confirmed_by = None
    task.reopen_reason = reason.strip()
    audit_task(actor, "breach_task.reopen", task, now)
    task.breach.note("task_reopened", f"Taak van {task.organisation.name} heropend: "
                     f"{task.reopen_reason}", actor_id=actor.user_id, at=now)
    notices.tell_task(task, now)
