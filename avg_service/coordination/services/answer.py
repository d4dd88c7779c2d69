"""A participant's answer: the data it holds, its restrictions with their grounds (UAVG 41, AVG
15(4)), files, and the checks before it is submitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination import rules
from avg_service.coordination.models import CoordinationTask, TaskAnswer, TaskFile, TaskRestriction
from avg_service.coordination.rules import TaskStatus
from avg_service.coordination.services.common import TaskRefused, _audit, _move, _refuse
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.notifications import services as notifications
from avg_service.requests import documents

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
