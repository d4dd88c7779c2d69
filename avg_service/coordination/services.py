"""Use cases of the coordination: tasks per participant, the compartmentalised answer, questions,
decline and reopen, the consolidated view, third parties, and the reminder sweep.

Like the request services these work inside the caller's unit of work, take ``actor`` and
``now``, and write the audit entry of what they do. The compartment itself (a participant sees
only its own organisation's tasks) is the policy's: views and the API call ``authorize`` with
the task, and lists filter with ``visible_organisation_ids``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from avg_service.notifications import services as notifications
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination import rules
from avg_service.coordination.models import (
    CoordinationTask,
    TaskAnswer,
    TaskFile,
    TaskMessage,
    TaskRestriction,
    TaskStepSent,
    ThirdParty,
)
from avg_service.coordination.rules import TaskStatus
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.mail.services import queue_mail
from avg_service.organisations.models import Organisation
from avg_service.organisations.services import contact_point_settings
from avg_service.requests import documents
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest
from avg_service.links import external_url


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


# ------------------------------------------------------------------------------ the answer
ANSWER_FIELDS = ("holds_data", "categories", "purposes", "sources", "recipients", "retention",
                 "data_entries", "position", "actions")


@dataclass(frozen=True, slots=True)
class Restriction:
    """A ground the participant invokes (UAVG 41(1), AVG 15(4)), with its motivation, the
    weighing of UAVG 41(2)(a)-(g) per point that applies, what it withholds by category, the
    single data entries it withholds, and whether telling the person would defeat it (41(2)(h))."""

    ground: str
    motivation: str
    notice_defeats_purpose: bool = False
    weighing: dict[str, str] | None = None
    withheld_categories: str | None = None
    withheld_entries: str | None = None


def _require_open(task: CoordinationTask) -> None:
    if task.status_enum is not TaskStatus.OPEN:
        raise _refuse("Deze taak kan nu niet worden gewijzigd "
                      f"(status: {rules.TASK_STATUS_LABELS[task.status_enum].lower()}).")


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _restriction_row(task: CoordinationTask, r: Restriction) -> TaskRestriction:
    if r.ground not in rules.GROUNDS_BY_CODE:
        raise _refuse("Onbekende beperkingsgrond.", "restrictions")
    weighing = {k: v.strip() for k, v in (r.weighing or {}).items()
                if k in rules.WEIGHING_POINTS and (v or "").strip()}
    return TaskRestriction(organisation_id=task.organisation_id, ground=r.ground,
                           motivation=(r.motivation or "").strip(),
                           notice_defeats_purpose=r.notice_defeats_purpose,
                           weighing=weighing or None,
                           withheld_categories=_clean(r.withheld_categories),
                           withheld_entries=_clean(r.withheld_entries))


def fill_answer(task: CoordinationTask, data: dict[str, Any], restrictions: list[Restriction],
                *, actor: Actor, now: datetime,
                withheld_files: dict[int, str | None] | None = None) -> TaskAnswer:
    """Write the answer's fields, its restrictions and which files are withheld. A draft may
    hold a ground whose motivation is still empty; ``check_complete`` asks for it."""
    answer = task.answer
    if answer is None:
        answer = TaskAnswer(task_id=task.id, organisation_id=task.organisation_id)
        db.session.add(answer)
        task.answer = answer
    for name in ANSWER_FIELDS:
        if name in data:
            setattr(answer, name, data[name])
    answer.restrictions = [_restriction_row(task, r) for r in restrictions]
    chosen = {r.ground for r in restrictions}
    for item in task.files:
        if withheld_files is not None and item.role == "data":
            ground = withheld_files.get(item.id) or None
            if ground is not None and ground not in chosen:
                raise _refuse("Een bestand achterhouden kan alleen op een grond die u inroept.",
                              f"withhold_{item.id}")
            item.withheld_ground = ground
        elif item.withheld_ground is not None and item.withheld_ground not in chosen:
            item.withheld_ground = None  # its ground was taken away: the file is provided again
    answer.updated_at = now
    answer.updated_by_id = actor.user_id
    return answer


def save_answer(task: CoordinationTask, data: dict[str, Any], restrictions: list[Restriction],
                *, actor: Actor, now: datetime, submit: bool = False,
                withheld_files: dict[int, str | None] | None = None) -> TaskAnswer:
    """Save the draft; with ``submit`` check it is complete and make it final."""
    _require_open(task)
    answer = fill_answer(task, data, restrictions, actor=actor, now=now,
                         withheld_files=withheld_files)
    if submit:
        submit_answer(task, actor=actor, now=now)
    else:
        _audit(actor, "task.save_draft", task, now)
    db.session.flush()
    return answer


def submit_answer(task: CoordinationTask, *, actor: Actor, now: datetime) -> None:
    """Make the saved answer final (after the participant confirmed it)."""
    _require_open(task)
    if task.answer is None:
        raise _refuse("Er is nog geen antwoord opgeslagen.")
    check_complete(task, task.answer)
    _move(task, TaskStatus.SUBMITTED)
    task.submitted_at = now
    task.submitted_by_id = actor.user_id
    task.reopen_reason = None
    _audit(actor, "task.submit", task, now)
    task.dsr.note("task_submitted", actor_id=actor.user_id, at=now,
                  reason=f"Antwoord ontvangen van {task.organisation.name}.")
    notifications.task_answered(task, now=now)
    db.session.flush()


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def copy_entries(answer: TaskAnswer) -> list[str]:
    """The data entries that go into the copy (AVG art. 15(3)): never one the participant
    withholds under a ground, even if it was also typed among the data."""
    withheld = {line for r in answer.restrictions for line in _lines(r.withheld_entries)}
    return [line for line in _lines(answer.data_entries) if line not in withheld]


def check_complete(task: CoordinationTask, answer: TaskAnswer) -> None:
    """What a final answer needs: whether data is held; for access the art. 15(1) facts; for
    the other rights a position; for each ground its motivation and, for UAVG 41, the weighing
    of art. 41(2) and what is withheld by category (RULES.md §6.5, §8)."""
    errors: dict[str, list[str]] = {}
    if answer.holds_data is None:
        errors["holds_data"] = ["Geef aan of uw organisatie gegevens over betrokkene heeft."]
    rights = {r.value for r in task.dsr.rights_list}
    if answer.holds_data:
        if "15" in rights:
            for name, label in (("categories", "de categorieën"), ("purposes", "de doelen"),
                                ("sources", "de bron")):
                if not (getattr(answer, name) or "").strip():
                    errors[name] = [f"Vul {label} in (AVG art. 15 lid 1)."]
        if rights & {"16", "17", "18", "21"} and not (answer.position or "").strip():
            errors["position"] = ["Geef uw standpunt op het verzoek en wat u gaat doen."]
    for r in answer.restrictions:
        if not r.motivation.strip():
            errors[f"motivation_{r.ground}"] = ["Geef de motivering van deze beperkingsgrond."]
        if rules.is_uavg_41(r.ground) and not r.weighing:
            errors[f"weighing_{r.ground}"] = [
                "Vul de afweging in: de punten van UAVG art. 41 lid 2 die van toepassing zijn."]
        if not (r.withheld_categories or "").strip():
            errors[f"withheld_categories_{r.ground}"] = [
                "Geef per categorie aan wat u op deze grond niet verstrekt."]
    disclosed = set(_lines(answer.data_entries))
    for r in answer.restrictions:
        if disclosed & set(_lines(r.withheld_entries)):
            errors[f"withheld_entries_{r.ground}"] = [
                "Een gegeven dat u achterhoudt staat ook bij de gegevens voor de kopie: haal "
                "het daar weg."]
    if errors:
        raise TaskRefused("Het antwoord is nog niet compleet.", errors=errors)


def add_file(task: CoordinationTask, filename: str, data: bytes, *, actor: Actor,
             now: datetime) -> TaskFile:
    _require_open(task)
    try:
        checked = documents.check_upload(filename, data)
    except documents.UploadRejected as rejected:
        raise _refuse(documents.REJECTION_MESSAGES[rejected.code], "file") from rejected
    item = TaskFile(task_id=task.id, organisation_id=task.organisation_id,
                    filename=checked.filename, content_type=checked.content_type,
                    size=len(checked.data), sha256=documents.sha256_of(checked.data),
                    storage_key=documents.write_file(checked.data), uploaded_at=now,
                    uploaded_by_id=actor.user_id)
    db.session.add(item)
    db.session.flush()
    record(actor, "task_file.create", object_type="task_file", object_id=item.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return item


def remove_file(task: CoordinationTask, file_id: int, *, actor: Actor, now: datetime) -> None:
    """A file added by mistake, while the answer is still a draft: removed from disk and from
    the answer; the audit log keeps that it was there."""
    _require_open(task)
    item = next((f for f in task.files if f.id == file_id and f.role == "data"), None)
    if item is None:
        raise NotFound("Dit bestand bestaat niet.")
    documents.remove_after_commit(item.storage_key)
    task.files.remove(item)
    db.session.delete(item)
    record(actor, "task_file.delete", object_type="task_file", object_id=file_id,
           purpose=Purpose.HANDLING_REQUEST, at=now)


def read_file(item: TaskFile) -> bytes:
    return documents.read_file(item.storage_key)


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


# ------------------------------------------------------------------------------ consolidated view
@dataclass(frozen=True, slots=True)
class ParticipantLine:
    organisation: Organisation
    task: CoordinationTask | None
    blocks: str | None  # why this participant still blocks a decision, or None
    unreachable: str | None = None  # why a notice would reach nobody there, or None


def consolidated(dsr: DataSubjectRequest) -> list[ParticipantLine]:
    """Per participant: its task, answer, grounds and files, and what still blocks a decision.
    Every active joint controller is listed, with or without a task (BGS art. 1.1(1))."""
    tasks = {t.organisation_id: t for t in db.session.scalars(
        sa.select(CoordinationTask).where(CoordinationTask.dsr_id == dsr.id))}
    organisations = {o.id: o for o in default_organisations()}
    for organisation_id, task in tasks.items():
        organisations.setdefault(organisation_id, task.organisation)
    lines = []
    for organisation in sorted(organisations.values(),
                               key=lambda o: (not o.is_joint_controller, o.name)):
        line_task = tasks.get(organisation.id)
        if line_task is None:
            blocks = "Nog geen taak uitgezet." if organisation.is_joint_controller else None
        elif line_task.status_enum is TaskStatus.OPEN:
            blocks = ("Wacht op antwoord (interne termijn "
                      f"{law.format_date_nl(line_task.internal_due_on)}).")
        elif line_task.status_enum is TaskStatus.QUESTION:
            blocks = "Wacht op het antwoord van het contactpunt op een vraag."
        else:
            blocks = None
        waiting = line_task is None or line_task.status_enum in (TaskStatus.OPEN,
                                                                 TaskStatus.QUESTION)
        unreachable = None if not waiting or _participant_addresses(organisation) else \
            "niet bereikbaar: geen actief account en geen takenmailbox"
        lines.append(ParticipantLine(organisation, line_task, blocks, unreachable))
    return lines


def add_third_party(dsr: DataSubjectRequest, *, name: str, role: str, note: str | None,
                    actor: Actor, now: datetime) -> ThirdParty:
    """WGS art. 2.31: an incidental third party is recorded, never given an account or access."""
    if not name.strip():
        raise _refuse("Vul de naam in.", "name")
    if role not in ("consulted", "recipient"):
        raise _refuse("Kies: geraadpleegd of ontvanger.", "role")
    party = ThirdParty(dsr_id=dsr.id, name=name.strip(), role=role, note=(note or "").strip() or None,
                       recorded_at=now, recorded_by_id=actor.user_id)
    db.session.add(party)
    db.session.flush()
    dsr.note("third_party", actor_id=actor.user_id, at=now,
             reason=f"Incidentele derde vastgelegd ({'geraadpleegd' if role == 'consulted' else 'ontvanger'}).")
    record(actor, "third_party.create", object_type="dsr", object_id=dsr.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return party


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
