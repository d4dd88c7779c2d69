"""Setting out tasks: one per joint controller (WGS 2.27(1); BGS 1.1(1)) and per private
participant whose data is involved, and telling each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.coordination import rules
from avg_service.coordination.models import CoordinationTask
from avg_service.coordination.rules import TaskStatus
from avg_service.coordination.services.common import _audit, _refuse
from avg_service.extensions import db
from avg_service.links import external_url
from avg_service.mail.services import queue_mail
from avg_service.organisations.models import Organisation
from avg_service.organisations.services import contact_point_settings
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest

# ------------------------------------------------------------------------------ creating tasks
def default_organisations() -> list[Organisation]:
    """Every active joint controller of WGS art. 2.27(1) (BGS art. 1.1(1))."""
    return list(db.session.scalars(
        sa.select(Organisation).where(Organisation.is_joint_controller, Organisation.is_active)
        .order_by(Organisation.id)))


def create_tasks(dsr: DataSubjectRequest, *, organisation_ids: Iterable[int],
                 shared: Iterable[str], actor: Actor, now: datetime) -> list[CoordinationTask]:
    """One task per chosen participant that has none yet, with the questions that follow from
    the rights invoked and an internal due date before the statutory one."""
    if dsr.status_enum not in (Status.IN_PROGRESS, Status.DECIDING):
        raise _refuse("Taken kunnen alleen worden uitgezet als het verzoek in behandeling is.")
    if dsr.deceased is not None:  # recital 27: nothing for the participants to search
        raise _refuse("De betrokkene is overleden: de AVG is niet van toepassing en de "
                      "deelnemers krijgen geen taak. Een jurist stelt het besluit op.")
    fields = [f for f in dict.fromkeys(shared) if f in rules.SHAREABLE_FIELDS]
    if not fields:
        raise _refuse("Kies wat de deelnemers van het verzoek mogen zien.", "shared")
    wanted = list(dict.fromkeys(organisation_ids))
    if not wanted:
        raise _refuse("Kies ten minste één deelnemer.", "organisation_ids")
    organisations = {o.id: o for o in db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(wanted), Organisation.is_active))}
    if set(wanted) - set(organisations):
        raise _refuse("Kies alleen actieve deelnemers.", "organisation_ids")
    existing = set(db.session.scalars(sa.select(CoordinationTask.organisation_id)
                                      .where(CoordinationTask.dsr_id == dsr.id)))
    today = law.receipt_date(now)
    questions = rules.questions_for([r.value for r in dsr.rights_list])
    created = []
    for organisation_id in wanted:
        if organisation_id in existing:
            continue
        organisation = organisations[organisation_id]
        task = CoordinationTask(
            dsr_id=dsr.id, organisation_id=organisation_id, status=TaskStatus.OPEN.value,
            shared="," + ",".join(fields) + ",", questions=questions, sent_on=today,
            internal_due_on=rules.internal_due_date(
                today, working_days=organisation.task_due_working_days,
                statutory_due_on=dsr.due_on),
            created_at=now, created_by_id=actor.user_id, updated_at=now)
        db.session.add(task)
        db.session.flush()
        _audit(actor, "task.create", task, now)
        _notify_participant(task, organisation, "new",
                            f"Nieuwe taak voor verzoek {dsr.reference}",
                            f"Er is een nieuwe taak voor uw organisatie: zoek de gegevens van "
                            f"verzoek {dsr.reference} en beantwoord de vragen uiterlijk "
                            f"{law.format_date_nl(task.internal_due_on)}.")
        created.append(task)
    if not created:
        raise _refuse("Alle gekozen deelnemers hebben al een taak voor dit verzoek.",
                      "organisation_ids")
    dsr.note("tasks_created", actor_id=actor.user_id, at=now,
             reason="Taken uitgezet bij: "
             + ", ".join(organisations[t.organisation_id].name for t in created) + ".")
    return created


def _participant_addresses(organisation: Organisation) -> list[str]:
    users = db.session.scalars(sa.select(User.email).where(
        User.organisation_id == organisation.id, User.role == Role.DEELNEMER.value,
        User.is_active)).all()
    return list(dict.fromkeys(([organisation.task_email] if organisation.task_email else [])
                              + list(users)))


def _task_url(task: CoordinationTask) -> str:
    return external_url("coordination.task_page", task_id=task.id)


def _notify_participant(task: CoordinationTask, organisation: Organisation, purpose: str,
                        subject: str, text: str) -> None:
    """A notice without personal data: the reference and a link to the task."""
    body = f"{text}\n\nOpen de taak: {_task_url(task)}\n"
    for address in _participant_addresses(organisation):
        queue_mail(to=address, subject=subject, body=body, purpose=f"task_{purpose}",
                   dsr_id=task.dsr_id)


def _notify_contact_point(dsr: DataSubjectRequest, purpose: str, subject: str, text: str) -> None:
    address = None
    if dsr.assignee_id is not None:
        address = db.session.scalar(sa.select(User.email).where(User.id == dsr.assignee_id,
                                                                User.is_active))
    address = address or contact_point_settings().contact_email
    if address:
        queue_mail(to=address, subject=subject, purpose=purpose, dsr_id=dsr.id,
                   body=f"{text}\n\nOpen het verzoek: "
                   f"{external_url('requests.detail', dsr_id=dsr.id)}\n")
