"""``/api/v1/tasks`` and the coordination of a request: what the pages do, for a participant's
own system (fetch and answer its tasks with an API token) and for the contact point.

Same services, same permissions, same compartment: every task and file goes through
``authorize`` (another organisation's is a 404 and a logged refusal), the list through
``visible_organisation_ids``, and every view is audited.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import request
from avg_service.api.actions import api_action
from avg_service.api.blueprint import Blueprint

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import authorize, current_actor, requires
from avg_service.access.policy import may, visible_organisation_ids
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination import rules, services, settling
from avg_service.coordination.models import CoordinationTask, ThirdParty
from avg_service.coordination.views import open_task_file
from avg_service.coordination.schemas import (
    TaskOnBehalfSchema,
    TaskSetAsideSchema,
    TaskAnswerSchema,
    TaskMessageSchema,
    TaskRecipientSchema,
    ConsolidatedSchema,
    CreateTasksSchema,
    TaskReasonSchema,
    TaskFileOutSchema,
    TaskForActor,
    TaskOutSchema,
    TaskPageSchema,
    TaskQuerySchema,
    TaskRowSchema,
    ThirdPartyOutSchema,
    ThirdPartySchema,
    shared_request_data,
)
from avg_service.db import unit_of_work
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.requests import documents
from avg_service.requests import services as requests
from avg_service.web.forms import file_response

blp = Blueprint("coordination_api", __name__, url_prefix="/api/v1",
                description="Coordination: tasks per participant, answers, files, questions, "
                            "the consolidated view and incidental third parties")


def _out(task: CoordinationTask) -> TaskForActor:
    """The task as the current actor may see it: the participant gets the BSN it searches
    with (when shared); everyone else its last three digits."""
    full_bsn = may(current_actor(), Permission.TASKS_ANSWER, task)
    return TaskForActor(task, shared_request_data(task, full_bsn=full_bsn))


def _load(task_id: int, permission: Permission, *, for_update: bool = False) -> CoordinationTask:
    task = services.get_task(task_id, for_update=for_update)
    authorize(permission, task)
    return task


def _act(task_id: int, permission: Permission,
         run: Callable[[CoordinationTask, Actor, Any], Any]) -> TaskForActor:
    """One act on one task in one unit of work; the task comes back as it is now."""
    api_action(lambda: _load(task_id, permission, for_update=True), run)
    return _out(services.get_task(task_id))


# ------------------------------------------------------------------------------ tasks
@blp.get("/tasks")
@blp.arguments(TaskQuerySchema, location="query")
@blp.response(200, TaskPageSchema)
@requires(Permission.TASKS_READ)
def list_tasks(args: dict[str, Any]) -> Any:
    """The inbox: a participant's own organisation's tasks only (staff and the FG: all),
    waiting ones first, then by internal due date. ``q`` searches the request's reference."""
    actor = current_actor()
    visible = visible_organisation_ids(actor)
    page, per_page = args["page"], args["per_page"]
    with unit_of_work():
        rows, has_next = services.list_tasks(
            visible=visible, status=args["status"], organisation_id=args["organisation_id"],
            q=args["q"], page=page, per_page=per_page)
        record(actor, "task.list", object_type="coordination_task",
               purpose=Purpose.HANDLING_REQUEST)
    return {"rows": rows, "page": page, "per_page": per_page, "has_next": has_next}


@blp.get("/tasks/<int:task_id>")
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_READ)
def get_task(task_id: int) -> Any:
    """The task with only the request data it shares (``shared_fields``), the questions, the
    answer, files and messages."""
    with unit_of_work():
        task = _load(task_id, Permission.TASKS_READ)
        record(current_actor(), "task.view", object_type="coordination_task", object_id=task.id,
               purpose=Purpose.HANDLING_REQUEST)
    return _out(task)


def _save(task_id: int, data: dict[str, Any], *, submit: bool) -> TaskForActor:
    restrictions = [services.Restriction(**r) for r in data.pop("restrictions")]
    withheld = data.pop("withheld_files")
    return _act(task_id, Permission.TASKS_ANSWER, lambda task, actor, now: services.save_answer(
        task, data, restrictions, actor=actor, now=now, submit=submit,
        withheld_files=withheld))


@blp.put("/tasks/<int:task_id>/answer")
@blp.arguments(TaskAnswerSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_ANSWER)
def save_draft(data: dict[str, Any], task_id: int) -> Any:
    """Save the draft answer; it replaces the previous draft (what is left out is empty)."""
    return _save(task_id, data, submit=False)


@blp.post("/tasks/<int:task_id>/submit")
@blp.arguments(TaskAnswerSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_ANSWER)
def submit(data: dict[str, Any], task_id: int) -> Any:
    """Save the answer and make it final; refused (422, per field) when it is incomplete. Only
    the contact point can reopen a submitted answer."""
    return _save(task_id, data, submit=True)


@blp.post("/tasks/<int:task_id>/files")
@blp.response(201, TaskFileOutSchema)
@requires(Permission.TASKS_ANSWER)
def add_file(task_id: int) -> Any:
    """``multipart/form-data`` with ``file``: the data for the copy. Checked by content: PDF,
    JPEG or PNG, at most 10 MB."""
    item = request.files.get("file")
    if item is None or not item.filename:
        raise DomainError("Stuur een bestand in het veld 'file'.", errors={"file": ["Ontbreekt."]})
    with unit_of_work():
        task = _load(task_id, Permission.TASKS_ANSWER, for_update=True)
        added = services.add_file(task, item.filename, item.read(documents.MAX_FILE_BYTES + 1),
                                  actor=current_actor(), now=clock.now_utc())
    return added


@blp.get("/tasks/<int:task_id>/files/<int:file_id>")
@requires(Permission.TASKS_READ)
def get_file(task_id: int, file_id: int) -> Any:
    with unit_of_work():
        item, content = open_task_file(task_id, file_id)
    return file_response(content, item.content_type, item.filename, inline=False)


@blp.delete("/tasks/<int:task_id>/files/<int:file_id>")
@blp.response(204)
@requires(Permission.TASKS_ANSWER)
def delete_file(task_id: int, file_id: int) -> Any:
    """A file added by mistake, while the answer is a draft."""
    with unit_of_work():
        task = services.get_task(task_id, for_update=True)
        authorize(Permission.TASKS_ANSWER, task)
        services.remove_file(task, file_id, actor=current_actor(), now=clock.now_utc())
    return None


@blp.post("/tasks/<int:task_id>/questions")
@blp.arguments(TaskMessageSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_ANSWER)
def ask_question(data: dict[str, Any], task_id: int) -> Any:
    """Ask the contact point something; the task waits for the reply."""
    return _act(task_id, Permission.TASKS_ANSWER, lambda task, actor, now: services.ask_question(
        task, data["body"], actor=actor, now=now))


@blp.post("/tasks/<int:task_id>/decline")
@blp.arguments(TaskReasonSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_ANSWER)
def decline(data: dict[str, Any], task_id: int) -> Any:
    """Decline the task with a reason (e.g. not a controller for this data)."""
    return _act(task_id, Permission.TASKS_ANSWER, lambda task, actor, now: services.decline(
        task, data["reason"], actor=actor, now=now))


@blp.post("/tasks/<int:task_id>/reply")
@blp.arguments(TaskMessageSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_MANAGE)
def reply(data: dict[str, Any], task_id: int) -> Any:
    """The contact point answers the participant's question; the task is open again."""
    return _act(task_id, Permission.TASKS_MANAGE, lambda task, actor, now: services.reply(
        task, data["body"], actor=actor, now=now))


@blp.post("/tasks/<int:task_id>/reopen")
@blp.arguments(TaskReasonSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_MANAGE)
def reopen(data: dict[str, Any], task_id: int) -> Any:
    """The contact point reopens a submitted or declined task, with a reason."""
    return _act(task_id, Permission.TASKS_MANAGE, lambda task, actor, now: services.reopen(
        task, data["reason"], actor=actor, now=now))


@blp.post("/tasks/<int:task_id>/on-behalf")
@blp.arguments(TaskOnBehalfSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_MANAGE)
def on_behalf(data: dict[str, Any], task_id: int) -> Any:
    """The contact point records the answer an organisation gave by letter, secure mail or
    phone: the answer, ``source``, ``received_on``, ``answered_by`` and, for a letter or secure
    mail, the ``document`` (base64). Final, and marked as recorded on behalf."""
    document = data.pop("document")
    content = None
    if document is not None:
        try:
            content = (document["filename"], base64.b64decode(document["content_base64"],
                                                               validate=True))
        except (binascii.Error, ValueError) as invalid:
            raise DomainError("Het document is geen geldige base64.",
                              errors={"document": ["Geen geldige base64."]}) from invalid
    data.pop("withheld_files", None)
    restrictions = [services.Restriction(**r) for r in data.pop("restrictions")]
    behalf = settling.OnBehalf(source=data.pop("source"), received_on=data.pop("received_on"),
                               answered_by=data.pop("answered_by"), document=content)
    return _act(task_id, Permission.TASKS_MANAGE, lambda task, actor, now:
                settling.answer_on_behalf(task, data, restrictions, behalf, actor=actor,
                                          now=now))


@blp.post("/tasks/<int:task_id>/set-aside")
@blp.arguments(TaskSetAsideSchema)
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_MANAGE)
def set_aside(data: dict[str, Any], task_id: int) -> Any:
    """The contact point sets the task aside, with the reason and who confirmed it."""
    return _act(task_id, Permission.TASKS_MANAGE, lambda task, actor, now: settling.set_aside(
        task, actor=actor, now=now, **data))


@blp.post("/tasks/<int:task_id>/chase")
@blp.response(200, TaskOutSchema)
@requires(Permission.TASKS_MANAGE)
def chase(task_id: int) -> Any:
    """Send a chase now, out of schedule: at most one a day, counted in the reminder ledger
    so the daily sweep sends no second one that day."""
    return _act(task_id, Permission.TASKS_MANAGE, lambda task, actor, now: settling.chase_now(
        task, actor=actor, now=now))


@blp.get("/requests/<int:dsr_id>/task-recipients")
@blp.response(200, TaskRecipientSchema(many=True))
@requires(Permission.TASKS_MANAGE)
def task_recipients(dsr_id: int) -> Any:
    """Before setting out tasks: every active organisation, whether it is a joint controller,
    whether it already has a task, and why a notice would reach nobody there (no active
    account, no task mailbox)."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        record(current_actor(), "dsr.coordination_view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    existing = set(db.session.scalars(sa.select(CoordinationTask.organisation_id).where(
        CoordinationTask.dsr_id == dsr.id)))
    organisations = db.session.scalars(sa.select(Organisation).where(Organisation.is_active)
                                       .order_by(Organisation.id)).all()
    unreachable = settling.unreachable(list(organisations))
    return [{"organisation": o, "has_task": o.id in existing,
             "unreachable": unreachable.get(o.id)} for o in organisations]


# ------------------------------------------------------------------------------ per request
@blp.post("/requests/<int:dsr_id>/tasks")
@blp.arguments(CreateTasksSchema)
@blp.response(201, TaskRowSchema(many=True))
@requires(Permission.TASKS_MANAGE)
def create_tasks(data: dict[str, Any], dsr_id: int) -> Any:
    """One task per participant that has none yet. Without ``organisation_ids``: every active
    joint controller (WGS art. 2.27(1)); without ``shared``: the default (what is needed to
    search, and the rights invoked)."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id, for_update=True)
        organisation_ids = data["organisation_ids"] or [
            o.id for o in services.default_organisations()]
        created = services.create_tasks(
            dsr, organisation_ids=organisation_ids,
            shared=data["shared"] or rules.DEFAULT_SHARED, actor=current_actor(),
            now=clock.now_utc())
    return created


@blp.get("/requests/<int:dsr_id>/coordination")
@blp.response(200, ConsolidatedSchema)
@requires(Permission.REQUESTS_READ)
def consolidated(dsr_id: int) -> Any:
    """Per participant: status, answer, restriction grounds, files, and what still blocks a
    decision; and the incidental third parties."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        record(current_actor(), "dsr.coordination_view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    lines = services.consolidated(dsr)
    third_parties = db.session.scalars(
        sa.select(ThirdParty).where(ThirdParty.dsr_id == dsr.id).order_by(ThirdParty.id)).all()
    return {"dsr_id": dsr.id, "reference": dsr.reference, "status": dsr.status, "lines": lines,
            "is_blocked": any(line.blocks for line in lines), "third_parties": third_parties}


@blp.post("/requests/<int:dsr_id>/third-parties")
@blp.arguments(ThirdPartySchema)
@blp.response(201, ThirdPartyOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def add_third_party(data: dict[str, Any], dsr_id: int) -> Any:
    """WGS art. 2.31: recorded on the request as consulted or recipient; never an account."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id, for_update=True)
        party = services.add_third_party(dsr, actor=current_actor(), now=clock.now_utc(),
                                         **data)
    return party
