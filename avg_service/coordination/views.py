"""Pages of the coordination: the participant's inbox and task page (answer, files, question,
decline), the contact point's reply and reopen, and per request the consolidated view with the
forms to set out tasks and record incidental third parties.

Every route parses, calls one service inside one unit of work, and redirects (303); a refusal
comes back beside its field (422). Every object is checked with ``authorize`` (a participant
reaches only its own organisation's tasks and files; anything else is a 404 and a logged
refusal), lists are filtered with ``visible_organisation_ids``, and every view is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import authorize, current_actor, requires
from avg_service.access.policy import may, visible_organisation_ids
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination import rules, services, settling
from avg_service.coordination.models import CoordinationTask, TaskFile, ThirdParty
from avg_service.coordination.rules import (
    ON_BEHALF_SOURCES,
    TASK_STATUS_LABELS,
    WEIGHING_POINTS,
    TaskStatus,
)
from avg_service.coordination.schemas import (
    GROUND_ROWS,
    TaskOnBehalfFormSchema,
    TaskSetAsideSchema,
    TaskAnswerFormSchema,
    TaskMessageSchema,
    CreateTasksSchema,
    TaskReasonSchema,
    TaskQuerySchema,
    ThirdPartySchema,
    defeats_field,
    motivation_field,
    shared_request_data,
    weighing_field,
    withheld_categories_field,
    withheld_entries_field,
    withhold_file_field,
)
from avg_service.db import unit_of_work
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.requests import documents
from avg_service.requests import services as requests
from avg_service.requests.lifecycle import (
    REPRESENTATION_LABELS,
    RIGHT_LABELS,
    STATUS_LABELS,
    Status,
)
from avg_service.requests.models import DataSubjectRequest
from avg_service.web.actions import Errors, form_action, refusal
from avg_service.web.forms import file_response, parse_form
from avg_service.web.i18n import localise_errors

bp = Blueprint("coordination", __name__)
#: The points of UAVG art. 41(2) for every template, including the imported answer macros.
bp.record_once(lambda state: state.app.jinja_env.globals.update(
    WEIGHING_POINTS=WEIGHING_POINTS, ON_BEHALF_SOURCES=ON_BEHALF_SOURCES))



def _labels() -> dict[str, Any]:
    return {"task_status_labels": {s.value: label for s, label in TASK_STATUS_LABELS.items()},
            "right_labels": {r.value: label for r, label in RIGHT_LABELS.items()},
            "status_labels": {s.value: label for s, label in STATUS_LABELS.items()},
            "representation_labels": {r.value: label
                                      for r, label in REPRESENTATION_LABELS.items()},
            "shareable_fields": rules.SHAREABLE_FIELDS, "grounds": rules.GROUNDS_BY_CODE}


# ------------------------------------------------------------------------------ inbox
@bp.get("/taken")
@requires(Permission.TASKS_READ)
def inbox() -> ResponseReturnValue:
    raw = {k: v for k, v in request.args.items() if v != ""}
    try:
        query = TaskQuerySchema().load(raw)
        errors: Errors = {}
    except ValidationError as error:
        errors = localise_errors(error.messages, "nl")
        query = TaskQuerySchema().load({k: v for k, v in raw.items() if k not in errors})
    actor = current_actor()
    visible = visible_organisation_ids(actor)
    with unit_of_work():
        rows, has_next = services.list_tasks(
            visible=visible, status=query["status"], organisation_id=query["organisation_id"],
            q=query["q"], page=query["page"], per_page=query["per_page"])
        record(actor, "task.list", object_type="coordination_task",
               purpose=Purpose.HANDLING_REQUEST)
    organisations = db.session.execute(
        sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)
        .where(Organisation.id.in_(visible) if visible is not None else sa.true())).all()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("coordination/inbox.html", rows=rows, page=query["page"],
                           has_next=has_next, args=args, errors=errors,
                           organisations=organisations, statuses=list(TaskStatus),
                           is_participant=visible is not None, today=clock.today_local(),
                           **_labels())


# ------------------------------------------------------------------------------ task page
def _load_task(task_id: int, permission: Permission, *, for_update: bool = False
               ) -> CoordinationTask:
    task = services.get_task(task_id, for_update=for_update)
    authorize(permission, task)
    return task


def _ground_values(code: str, form: Any | None, given: Any | None) -> dict[str, Any]:
    if form is not None:
        return {"chosen": code in set(form.getlist("ground")),
                "motivation": form.get(motivation_field(code), ""),
                "defeats": defeats_field(code) in form,
                "weighing": {p: form.get(weighing_field(code, p), "") for p in WEIGHING_POINTS},
                "withheld_categories": form.get(withheld_categories_field(code), ""),
                "withheld_entries": form.get(withheld_entries_field(code), "")}
    return {"chosen": given is not None,
            "motivation": given.motivation if given else "",
            "defeats": given.notice_defeats_purpose if given else False,
            "weighing": {p: ((given.weighing or {}).get(p, "") if given else "")
                         for p in WEIGHING_POINTS},
            "withheld_categories": (given.withheld_categories or "") if given else "",
            "withheld_entries": (given.withheld_entries or "") if given else ""}


def _answer_values(task: CoordinationTask, form: Any | None) -> dict[str, Any]:
    """What the answer form shows: what was just sent (after a refusal) or the saved draft."""
    if form is not None:
        values: dict[str, Any] = {name: form.get(name, "") for name in services.ANSWER_FIELDS}
        values["grounds"] = {code: _ground_values(code, form, None)
                             for code in rules.GROUNDS_BY_CODE}
        values["withheld_files"] = {f.id: form.get(withhold_file_field(f.id), "")
                                    for f in task.files}
        return values
    answer = task.answer
    values = {name: (getattr(answer, name) if answer else None) or ""
              for name in services.ANSWER_FIELDS}
    values["holds_data"] = "" if answer is None or answer.holds_data is None else \
        ("yes" if answer.holds_data else "no")
    given = {r.ground: r for r in answer.restrictions} if answer else {}
    values["grounds"] = {code: _ground_values(code, None, given.get(code))
                         for code in rules.GROUNDS_BY_CODE}
    values["withheld_files"] = {f.id: f.withheld_ground or "" for f in task.files}
    return values


def _render_task(task: CoordinationTask, *, errors: Errors | None = None,
                 open_form: str | None = None, status: int = 200,
                 reveal_bsn: bool = False, form_values: bool = False) -> ResponseReturnValue:
    """The task page. The BSN is masked until the participant reveals it (audited), as the
    request page shows staff only its last three digits."""
    actor = current_actor()
    may_answer = may(actor, Permission.TASKS_ANSWER, task)
    may_manage = may(actor, Permission.TASKS_MANAGE, task)
    return render_template(
        "coordination/task.html", task=task, errors=errors or {}, open_form=open_form,
        shared=shared_request_data(task, full_bsn=may_answer and reveal_bsn),
        may_reveal_bsn=may_answer and not reveal_bsn, may_answer=may_answer,
        may_manage=may_manage, is_open=task.status_enum is TaskStatus.OPEN,
        is_unsettled=task.status_enum in (TaskStatus.OPEN, TaskStatus.QUESTION),
        unreachable=settling.unreachable_reason(task.organisation) if may_manage else None,
        values=_answer_values(task, request.form if form_values or open_form in (
            "answer", "on_behalf") else None),
        form=request.form, ground_rows=GROUND_ROWS, on_behalf_sources=ON_BEHALF_SOURCES,
        **_labels()), status


@bp.get("/taken/<int:task_id>")
@requires(Permission.TASKS_READ)
def task_page(task_id: int) -> ResponseReturnValue:
    with unit_of_work():
        task = _load_task(task_id, Permission.TASKS_READ)
        record(current_actor(), "task.view", object_type="coordination_task", object_id=task.id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render_task(task)


Run = Callable[[CoordinationTask, dict[str, Any], Actor, Any], Any]


def _act(task_id: int, permission: Permission, form: str, data: dict[str, Any] | None,
         errors: Errors, run: Run, done: str, *, field_name: str = "_") -> ResponseReturnValue:
    """One act on one task: the parsed form, the service in one unit of work, then back to the
    task page; a refusal is shown beside the field in the form it came from."""
    return form_action(
        valid=data is not None, errors=errors, done=done, field_name=field_name,
        unit=lambda: run(_load_task(task_id, permission, for_update=True), data or {},
                         current_actor(), clock.now_utc()),
        redirect_to=lambda: url_for("coordination.task_page", task_id=task_id),
        again=lambda errors: _render_task(_load_task(task_id, permission), errors=errors,
                                          open_form=form, status=422))


def _answer_files() -> list[tuple[str, bytes]]:
    return [(f.filename or "bestand", f.read(documents.MAX_FILE_BYTES + 1))
            for f in request.files.getlist("file") if f and f.filename]


@bp.post("/taken/<int:task_id>/antwoord")
@requires(Permission.TASKS_ANSWER)
def answer(task_id: int) -> ResponseReturnValue:
    """``action=draft`` saves everything typed and attached, also a ground whose motivation is
    still missing. ``action=submit`` saves the same draft, then shows what is missing beside
    its field, or the confirmation page: only there does the answer become final."""
    submit = request.form.get("action") == "submit"
    data, errors = parse_form(TaskAnswerFormSchema(), lists=("ground",), ignore=("action",))
    # Files chosen in the answer form go with it, so nothing typed is lost to a separate upload.
    files = _answer_files()
    if data is None:
        db.session.rollback()
        return _render_task(_load_task(task_id, Permission.TASKS_ANSWER), errors=errors,
                            open_form="answer", status=422)
    try:
        with unit_of_work():
            task = _load_task(task_id, Permission.TASKS_ANSWER, for_update=True)
            actor, now = current_actor(), clock.now_utc()
            for filename, content in files:
                services.add_file(task, filename, content, actor=actor, now=now)
            restrictions = [services.Restriction(**r) for r in data.pop("restrictions")]
            services.save_answer(task, data, restrictions, actor=actor, now=now,
                                 withheld_files=data.pop("withheld_files"))
    except DomainError as refused:
        db.session.rollback()
        return _render_task(_load_task(task_id, Permission.TASKS_ANSWER),
                            errors=refusal(refused, "file" if files else "_"),
                            open_form="answer", status=422)
    if not submit:
        flash("Uw concept is opgeslagen.")
        return redirect(url_for("coordination.task_page", task_id=task_id), code=303)
    task = _load_task(task_id, Permission.TASKS_ANSWER)
    try:
        assert task.answer is not None
        services.check_complete(task, task.answer)
    except DomainError as refused:
        errors = refusal(refused)
        errors.setdefault("_", ["Uw concept is opgeslagen, maar het antwoord is nog niet "
                                "compleet. Vul aan wat hieronder bij de velden staat."])
        return _render_task(task, errors=errors, open_form="answer", status=422)
    return redirect(url_for("coordination.confirm_page", task_id=task_id), code=303)


@bp.get("/taken/<int:task_id>/bevestigen")
@requires(Permission.TASKS_ANSWER)
def confirm_page(task_id: int) -> ResponseReturnValue:
    """The saved answer, read-only, with one button that makes it final."""
    with unit_of_work():
        task = _load_task(task_id, Permission.TASKS_ANSWER)
        record(current_actor(), "task.view", object_type="coordination_task",
               object_id=task.id, purpose=Purpose.HANDLING_REQUEST)
    if task.status_enum is not TaskStatus.OPEN or task.answer is None:
        return redirect(url_for("coordination.task_page", task_id=task_id), code=303)
    return render_template("coordination/confirm.html", task=task, **_labels())


@bp.post("/taken/<int:task_id>/versturen")
@requires(Permission.TASKS_ANSWER)
def submit(task_id: int) -> ResponseReturnValue:
    return _act(task_id, Permission.TASKS_ANSWER, "submit", {}, {},
                lambda task, _, actor, now: services.submit_answer(task, actor=actor, now=now),
                "Uw antwoord is definitief verstuurd naar het contactpunt.")


@bp.post("/taken/<int:task_id>/bsn")
@requires(Permission.TASKS_ANSWER)
def reveal_bsn(task_id: int) -> ResponseReturnValue:
    """The participant shows the full BSN it searches with; each reveal is in the audit log."""
    with unit_of_work():
        task = _load_task(task_id, Permission.TASKS_ANSWER)
        record(current_actor(), "task.bsn_reveal", object_type="coordination_task",
               object_id=task.id, purpose=Purpose.HANDLING_REQUEST)
    return _render_task(task, reveal_bsn=True)


# ------------------------------------------------------------------------------ the contact point's acts
@bp.post("/taken/<int:task_id>/namens")
@requires(Permission.TASKS_MANAGE)
def on_behalf(task_id: int) -> ResponseReturnValue:
    """The answer an organisation gave by letter, secure mail or phone, with its document."""
    data, errors = parse_form(TaskOnBehalfFormSchema(), lists=("ground",))
    document = request.files.get("document")
    content = (document.filename or "document",
               document.read(documents.MAX_FILE_BYTES + 1)) \
        if document is not None and document.filename else None

    def run(task: CoordinationTask, data: dict[str, Any], actor: Actor, now: Any) -> None:
        data.pop("withheld_files", None)
        restrictions = [services.Restriction(**r) for r in data.pop("restrictions")]
        behalf = settling.OnBehalf(source=data.pop("source"),
                                   received_on=data.pop("received_on"),
                                   answered_by=data.pop("answered_by"), document=content)
        settling.answer_on_behalf(task, data, restrictions, behalf, actor=actor, now=now)

    return _act(task_id, Permission.TASKS_MANAGE, "on_behalf", data, errors, run,
                "Het antwoord is vastgelegd namens de organisatie.")


@bp.post("/taken/<int:task_id>/terzijde")
@requires(Permission.TASKS_MANAGE)
def set_aside(task_id: int) -> ResponseReturnValue:
    data, errors = parse_form(TaskSetAsideSchema())
    return _act(task_id, Permission.TASKS_MANAGE, "set_aside", data, errors,
                lambda task, d, actor, now: settling.set_aside(task, actor=actor, now=now, **d),
                "De taak is terzijde gelegd.", field_name="reason")


@bp.post("/taken/<int:task_id>/rappel")
@requires(Permission.TASKS_MANAGE)
def chase(task_id: int) -> ResponseReturnValue:
    return _act(task_id, Permission.TASKS_MANAGE, "chase", {}, {},
                lambda task, _, actor, now: settling.chase_now(task, actor=actor, now=now),
                "Het rappel is verstuurd.")


@bp.post("/taken/<int:task_id>/bestanden")
@requires(Permission.TASKS_ANSWER)
def upload(task_id: int) -> ResponseReturnValue:
    item = request.files.get("file")
    if item is None or not item.filename:
        return _act(task_id, Permission.TASKS_ANSWER, "file", None,
                    {"file": ["Kies een bestand."]}, lambda *_: None, "", field_name="file")
    filename, content = item.filename, item.read(documents.MAX_FILE_BYTES + 1)
    return _act(task_id, Permission.TASKS_ANSWER, "file", {}, {},
                lambda task, _, actor, now: services.add_file(task, filename, content,
                                                              actor=actor, now=now),
                "Het bestand is toegevoegd.", field_name="file")


@bp.post("/taken/<int:task_id>/bestanden/<int:file_id>/verwijderen")
@requires(Permission.TASKS_ANSWER)
def remove_file(task_id: int, file_id: int) -> ResponseReturnValue:
    return _act(task_id, Permission.TASKS_ANSWER, "file", {}, {},
                lambda task, _, actor, now: services.remove_file(task, file_id, actor=actor,
                                                                 now=now),
                "Het bestand is verwijderd.", field_name="file")


def open_task_file(task_id: int, file_id: int) -> tuple[TaskFile, bytes]:
    """A task's file for the current actor (inside a unit of work): the compartment is checked
    on the file first, so another organisation's file is a logged refusal; the view is
    audited."""
    item = db.session.get(TaskFile, file_id)
    if item is None:
        raise NotFound("Dit bestand bestaat niet.")
    authorize(Permission.TASKS_READ, item)
    if item.task_id != task_id:
        raise NotFound("Dit bestand bestaat niet.")
    record(current_actor(), "task_file.view", object_type="task_file", object_id=item.id,
           purpose=Purpose.HANDLING_REQUEST)
    return item, services.read_file(item)


@bp.get("/taken/<int:task_id>/bestanden/<int:file_id>")
@requires(Permission.TASKS_READ)
def task_file(task_id: int, file_id: int) -> ResponseReturnValue:
    with unit_of_work():
        item, content = open_task_file(task_id, file_id)
    return file_response(content, item.content_type, item.filename, inline=False)


@bp.post("/taken/<int:task_id>/vraag")
@requires(Permission.TASKS_ANSWER)
def question(task_id: int) -> ResponseReturnValue:
    data, errors = parse_form(TaskMessageSchema())
    return _act(task_id, Permission.TASKS_ANSWER, "question", data, errors,
                lambda task, d, actor, now: services.ask_question(task, d["body"], actor=actor,
                                                                  now=now),
                "Uw vraag is naar het contactpunt gestuurd. De taak wacht op het antwoord.",
                field_name="body")


@bp.post("/taken/<int:task_id>/afwijzen")
@requires(Permission.TASKS_ANSWER)
def decline(task_id: int) -> ResponseReturnValue:
    data, errors = parse_form(TaskReasonSchema())
    return _act(task_id, Permission.TASKS_ANSWER, "decline", data, errors,
                lambda task, d, actor, now: services.decline(task, d["reason"], actor=actor,
                                                             now=now),
                "De taak is afgewezen.", field_name="reason")


@bp.post("/taken/<int:task_id>/reactie")
@requires(Permission.TASKS_MANAGE)
def reply(task_id: int) -> ResponseReturnValue:
    data, errors = parse_form(TaskMessageSchema())
    return _act(task_id, Permission.TASKS_MANAGE, "reply", data, errors,
                lambda task, d, actor, now: services.reply(task, d["body"], actor=actor,
                                                           now=now),
                "Uw antwoord is naar de deelnemer gestuurd; de taak staat weer open.",
                field_name="body")


@bp.post("/taken/<int:task_id>/heropenen")
@requires(Permission.TASKS_MANAGE)
def reopen(task_id: int) -> ResponseReturnValue:
    data, errors = parse_form(TaskReasonSchema())
    return _act(task_id, Permission.TASKS_MANAGE, "reopen", data, errors,
                lambda task, d, actor, now: services.reopen(task, d["reason"], actor=actor,
                                                            now=now),
                "De taak is heropend; de deelnemer is bericht.", field_name="reason")


# ------------------------------------------------------------------------------ per request
def _render_overview(dsr: DataSubjectRequest, *, errors: Errors | None = None,
                     open_form: str | None = None, status: int = 200) -> ResponseReturnValue:
    lines = services.consolidated(dsr)
    with_task = {line.organisation.id for line in lines if line.task is not None}
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.is_active)
        .order_by(Organisation.is_joint_controller.desc(), Organisation.name)).all()
    third_parties = db.session.scalars(
        sa.select(ThirdParty).where(ThirdParty.dsr_id == dsr.id).order_by(ThirdParty.id)).all()
    form = request.form if open_form else None
    chosen_organisations = {int(v) for v in form.getlist("organisation_ids") if v.isdigit()} \
        if form is not None and open_form == "tasks" else \
        {o.id for o in organisations if o.is_joint_controller}
    chosen_shared = set(form.getlist("shared")) if form is not None and open_form == "tasks" \
        else set(rules.DEFAULT_SHARED)
    return render_template(
        "coordination/overview.html", dsr=dsr, lines=lines, errors=errors or {},
        open_form=open_form, organisations=organisations, with_task=with_task,
        chosen_organisations=chosen_organisations, chosen_shared=chosen_shared,
        third_parties=third_parties, form=request.form,
        unreachable=settling.unreachable(list(organisations)),
        blocking=[line for line in lines if line.blocks],
        may_create=dsr.status_enum in (Status.IN_PROGRESS, Status.DECIDING),
        **_labels()), status


@bp.get("/verzoeken/<int:dsr_id>/coordinatie")
@requires(Permission.REQUESTS_READ)
def overview(dsr_id: int) -> ResponseReturnValue:
    """Per participant: the status, the answer, the grounds and files, and what still blocks
    a decision (contact point and legal staff; the FG reads)."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        record(current_actor(), "dsr.coordination_view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render_overview(dsr)


def _act_on_request(dsr_id: int, form: str, data: dict[str, Any] | None, errors: Errors,
                    run: Callable[[DataSubjectRequest, dict[str, Any], Actor, Any], Any],
                    done: str) -> ResponseReturnValue:
    return form_action(
        valid=data is not None, errors=errors, done=done,
        unit=lambda: run(requests.get_request(dsr_id, for_update=True), data or {},
                         current_actor(), clock.now_utc()),
        redirect_to=lambda: url_for("coordination.overview", dsr_id=dsr_id),
        again=lambda errors: _render_overview(requests.get_request(dsr_id), errors=errors,
                                              open_form=form, status=422))


@bp.post("/verzoeken/<int:dsr_id>/taken")
@requires(Permission.TASKS_MANAGE)
def create_tasks(dsr_id: int) -> ResponseReturnValue:
    """Tasks are set out in two steps: the choice is shown with who will be told, who cannot be
    reached and what each participant gets to see; only "Bevestigen" sends (it cannot be
    undone). "Wijzigen" goes back to the form as it was filled in."""
    choice = request.form.get("bevestigd")
    if choice == "wijzigen":
        return _render_overview(requests.get_request(dsr_id), open_form="tasks")
    data, errors = parse_form(CreateTasksSchema(), lists=("organisation_ids", "shared"),
                              ignore=("bevestigd",))
    if data is not None and choice != "ja":
        return _confirm_tasks(requests.get_request(dsr_id), data)

    told: list[str] = []
    not_told: list[str] = []

    def run(dsr: DataSubjectRequest, data: dict[str, Any], actor: Actor, now: Any) -> None:
        created = services.create_tasks(dsr, organisation_ids=data["organisation_ids"],
                                        shared=data["shared"], actor=actor, now=now)
        unreachable = settling.unreachable([t.organisation for t in created])
        for task in created:
            (not_told if task.organisation_id in unreachable else told).append(
                task.organisation.name)

    response = _act_on_request(dsr_id, "tasks", data, errors, run, "")
    if told or not_told:  # filled only when the tasks were created and committed
        flash(_told_message(told, not_told))
    return response


def _confirm_tasks(dsr: DataSubjectRequest, data: dict[str, Any]) -> ResponseReturnValue:
    chosen = list(db.session.scalars(sa.select(Organisation).where(
        Organisation.id.in_(data["organisation_ids"])).order_by(
        Organisation.is_joint_controller.desc(), Organisation.name)))
    return render_template("coordination/confirm_tasks.html", dsr=dsr, organisations=chosen,
                           unreachable=settling.unreachable(chosen), shared=data["shared"],
                           **_labels())


def _told_message(told: list[str], not_told: list[str]) -> str:
    """Who got the task notice and who could not be reached (no account, no task mailbox)."""
    parts = []
    if told:
        parts.append("De taken zijn uitgezet. Bericht gestuurd aan: " + ", ".join(told) + ".")
    else:
        parts.append("De taken zijn uitgezet.")
    if not_told:
        parts.append("Niet bereikbaar (geen actief account en geen takenmailbox), dus niet "
                     "bericht: " + ", ".join(not_told) + ". Vraag hun antwoord op een andere "
                     "manier en leg het vast, of leg de taak terzijde met een reden.")
    return " ".join(parts)


@bp.post("/verzoeken/<int:dsr_id>/derden")
@requires(Permission.REQUESTS_MANAGE)
def add_third_party(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(ThirdPartySchema())
    return _act_on_request(
        dsr_id, "third_party", data, errors,
        lambda dsr, d, actor, now: services.add_third_party(dsr, actor=actor, now=now, **d),
        "De derde is vastgelegd.")

