"""``/api/v1/breaches``: what the pages do, for a participant's own system (report a breach,
fetch and answer its breach tasks, record the AP notification when it notifies) and for the
contact point and the FG (tasks, answers on behalf, set-asides, the assessment, the people,
closing, the register).

Same services, same permissions, same compartment: every breach and task goes through
``authorize`` (another organisation's is a 404 and a logged refusal), lists through
``visible_organisation_ids``, and every view is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from avg_service.api.actions import api_action
from avg_service.api.blueprint import Blueprint

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import authorize, current_actor, requires
from avg_service.access.policy import visible_organisation_ids
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.breaches import coordination, notification, queries, services
from avg_service.breaches.api_schemas import (
    BreachOutSchema,
    BreachPageSchema,
    BreachTaskOutSchema,
    for_actor,
)
from avg_service.breaches.common import from_data, get_breach, get_task
from avg_service.breaches.models import Breach, BreachTask
from avg_service.breaches.schemas import (
    AssessmentSchema,
    BreachQuerySchema,
    CloseSchema,
    FactsSchema,
    LinkRequestsSchema,
    NotificationSchema,
    OnBehalfSchema,
    PeopleDecisionSchema,
    BreachReasonSchema,
    RecipientSchema,
    ReportSchema,
    SetAsideSchema,
    BreachTaskAnswerSchema,
    TasksSchema,
)
from avg_service.db import unit_of_work
from avg_service.errors import NotFound
from avg_service.web.forms import file_response

blp = Blueprint("breaches_api", __name__, url_prefix="/api/v1",
                description="Data breaches (AVG art. 33, 34): reports, the 72-hour clock, a task "
                            "per joint controller, the risk assessment, the notification to the "
                            "AP, the communication to the people, and the register (33(5))")


def _load(breach_id: int, permission: Permission, *, for_update: bool = False,
          scope: Callable[[Breach], Any] | None = None) -> Breach:
    breach = get_breach(breach_id, for_update=for_update)
    authorize(permission, scope(breach) if scope else breach)
    return breach


def _out(breach_id: int) -> Any:
    return for_actor(get_breach(breach_id), current_actor(), clock.now_utc())


def _act(breach_id: int, permission: Permission, run: Callable[[Breach, Actor, Any], Any],
         *, scope: Callable[[Breach], Any] | None = None) -> Any:
    """One act on one breach in one unit of work; the breach comes back as it is now."""
    api_action(lambda: _load(breach_id, permission, for_update=True, scope=scope), run)
    return _out(breach_id)


# ------------------------------------------------------------------------------ breaches
@blp.get("/breaches")
@blp.arguments(BreachQuerySchema, location="query")
@blp.response(200, BreachPageSchema)
@requires(Permission.BREACHES_READ)
def list_breaches(args: dict[str, Any]) -> Any:
    """Open breaches first, the nearest end of the 72 hours first. A participant: only those
    it reported, is tasked on or notifies."""
    actor = current_actor()
    page_number = args.pop("page")
    with unit_of_work():
        rows, has_next = queries.page(queries.BreachFilter(**args),
                                      visible=visible_organisation_ids(actor),
                                      page_number=page_number)
        record(actor, "breach.list", object_type="breach", purpose=Purpose.INCIDENT)
    return {"rows": rows, "page": page_number, "has_next": has_next}


@blp.post("/breaches")
@blp.arguments(ReportSchema)
@blp.response(201, BreachOutSchema)
@requires(Permission.BREACHES_REPORT)
def report(data: dict[str, Any]) -> Any:
    """Report a suspected breach. Moments: ISO 8601; without an offset, Amsterdam time. The 72
    hours run from ``aware_at``. A participant reports what happened at itself."""
    with unit_of_work():
        breach = services.report_breach(from_data(services.Report, data), actor=current_actor(),
                                        now=clock.now_utc())
        breach_id = breach.id
    return _out(breach_id)


@blp.get("/breaches/<int:breach_id>")
@blp.response(200, BreachOutSchema)
@requires(Permission.BREACHES_READ)
def get(breach_id: int) -> Any:
    with unit_of_work():
        breach = _load(breach_id, Permission.BREACHES_READ)
        record(current_actor(), "breach.view", object_type="breach", object_id=breach.id,
               purpose=Purpose.INCIDENT)
    return _out(breach_id)


@blp.put("/breaches/<int:breach_id>/facts")
@blp.arguments(FactsSchema)
@blp.response(200, BreachOutSchema)
@requires(Permission.BREACHES_ASSESS)
def update_facts(data: dict[str, Any], breach_id: int) -> Any:
    """The facts as they become known (all of them: what is left out is empty). A new
    ``aware_at`` moves the 72 hours and needs ``reason``."""
    return _act(breach_id, Permission.BREACHES_ASSESS, lambda b, actor, now: (
        services.update_facts(b, from_data(services.Report, data), reason=data.get("reason"),
                              actor=actor, now=now)))


@blp.post("/breaches/<int:breach_id>/requests")
@blp.arguments(LinkRequestsSchema)
@blp.response(200, BreachOutSchema)
@requires(Permission.BREACHES_MANAGE)
def link_requests(data: dict[str, Any], breach_id: int) -> Any:
    """Link more persons affected, by the references of their requests."""
    return _act(breach_id, Permission.BREACHES_MANAGE, lambda b, actor, now: (
        services.link_requests(b, data["request_references"], actor=actor, now=now)))


@blp.post("/breaches/<int:breach_id>/tasks")
@blp.arguments(TasksSchema)
@blp.response(201, BreachTaskOutSchema(many=True))
@requires(Permission.BREACHES_MANAGE)
def create_tasks(data: dict[str, Any], breach_id: int) -> Any:
    """A task per organisation concerned that has none yet."""
    with unit_of_work():
        breach = _load(breach_id, Permission.BREACHES_MANAGE, for_update=True)
        created = coordination.create_tasks(breach, organisation_ids=data["organisation_ids"],
                                            actor=current_actor(), now=clock.now_utc())
    return created


@blp.post("/breaches/<int:breach_id>/assessment")
@blp.arguments(AssessmentSchema)
@blp.response(200, BreachOutSchema)
@requires(Permission.BREACHES_ASSESS)
def assess(data: dict[str, Any], breach_id: int) -> Any:
    """The risk (none, risk, high) with its reasons, and who notifies on behalf of the joint
    controllers (another than the arrangement's default only with ``notifier_reason``)."""
    return _act(breach_id, Permission.BREACHES_ASSESS, lambda b, actor, now: services.assess(
        b, from_data(services.Assessment, data), actor=actor, now=now))


@blp.post("/breaches/<int:breach_id>/notifications")
@blp.arguments(NotificationSchema)
@blp.response(201, BreachOutSchema)
@requires(Permission.BREACHES_NOTIFY)
def notify(data: dict[str, Any], breach_id: int) -> Any:
    """Record a notification made to the AP, or a follow-up (art. 33(4), same meldnummer).
    ``is_complete`` asks all of art. 33(3); after the 72 hours ``delay_reasons`` (33(1)). A
    participant may record it only when its organisation notifies."""
    return _act(breach_id, Permission.BREACHES_NOTIFY, lambda b, actor, now: (
        notification.record_notification(b, from_data(notification.Notification, data),
                                         actor=actor, now=now)), scope=Breach.notifier_scope)


@blp.get("/breaches/<int:breach_id>/notifications/<int:letter_id>.pdf")
@requires(Permission.BREACHES_READ)
def notification_pdf(breach_id: int, letter_id: int) -> Any:
    """The PDF/A of what was reported to the AP in one notification."""
    return _document(breach_id, letter_id, communications=False)


@blp.post("/breaches/<int:breach_id>/people-decision")
@blp.arguments(PeopleDecisionSchema)
@blp.response(200, BreachOutSchema)
@requires(Permission.BREACHES_MANAGE)
def decide_people(data: dict[str, Any], breach_id: int) -> Any:
    """``inform`` with the texts of art. 34(2), or why not: ``34-3-a``, ``34-3-b``, ``34-3-c``
    (with the public communication in ``reason``) or ``uavg-41`` (with ``ground``)."""
    return _act(breach_id, Permission.BREACHES_MANAGE, lambda b, actor, now: (
        notification.decide_communication(b, from_data(notification.PeopleDecision, data),
                                          actor=actor, now=now)))


@blp.post("/breaches/<int:breach_id>/communications")
@blp.arguments(RecipientSchema)
@blp.response(201, BreachOutSchema)
@requires(Permission.BREACHES_MANAGE)
def communicate(data: dict[str, Any], breach_id: int) -> Any:
    """A letter (PDF) to one person, linked (``dsr_id``) or entered (``name``, ``address``,
    ``email``); with ``channel: email`` also the e-mail, with the letter attached."""
    return _act(breach_id, Permission.BREACHES_MANAGE, lambda b, actor, now: (
        notification.make_communication(b, from_data(notification.Recipient, data), actor=actor,
                                        now=now)))


@blp.get("/breaches/<int:breach_id>/communications/<int:letter_id>.pdf")
@requires(Permission.REQUESTS_READ)
def communication_pdf(breach_id: int, letter_id: int) -> Any:
    """A letter to a person (staff and the FG only)."""
    return _document(breach_id, letter_id, communications=True)


def _document(breach_id: int, letter_id: int, *, communications: bool) -> Any:
    with unit_of_work():
        breach = _load(breach_id, Permission.BREACHES_READ)
        rows = breach.communications if communications else breach.notifications
        if letter_id not in {row.letter_id for row in rows}:
            raise NotFound("Dit document bestaat niet.")
        letter, pdf = services.open_document(breach, letter_id, actor=current_actor(),
                                             now=clock.now_utc())
    return file_response(pdf, "application/pdf", f"{letter.kind}-{letter.kenmerk}.pdf")


@blp.post("/breaches/<int:breach_id>/close")
@blp.arguments(CloseSchema)
@blp.response(200, BreachOutSchema)
@requires(Permission.BREACHES_MANAGE)
def close(data: dict[str, Any], breach_id: int) -> Any:
    """Refused (422, with what is still to be done) until what the risk obliges is done."""
    return _act(breach_id, Permission.BREACHES_MANAGE, lambda b, actor, now: (
        services.close_breach(b, note=data["note"], actor=actor, now=now)))


@blp.get("/breach-register")
@blp.arguments(BreachQuerySchema, location="query")
@blp.response(200, BreachPageSchema)
@requires(Permission.BREACHES_REGISTER)
def register(args: dict[str, Any]) -> Any:
    """The register of every breach, notified or not (art. 33(5)): the FG."""
    page_number = args.pop("page")
    with unit_of_work():
        rows, has_next = queries.page(queries.BreachFilter(**args), visible=None,
                                      page_number=page_number, per_page=50, newest_first=True)
        record(current_actor(), "breach.register", object_type="breach",
               purpose=Purpose.SUPERVISION)
    return {"rows": rows, "page": page_number, "has_next": has_next}


# ------------------------------------------------------------------------------ tasks
def _task(task_id: int, permission: Permission, run: Callable[[BreachTask, Actor, Any], Any]
          ) -> BreachTask:
    with unit_of_work():
        task = get_task(task_id, for_update=True)
        authorize(permission, task)
        run(task, current_actor(), clock.now_utc())
    return get_task(task_id)


@blp.get("/breach-tasks")
@blp.response(200, BreachTaskOutSchema(many=True))
@requires(Permission.BREACHES_READ)
def list_tasks() -> Any:
    """A participant's open breach tasks (staff and the FG: every open one)."""
    actor = current_actor()
    visible = visible_organisation_ids(actor)
    with unit_of_work():
        record(actor, "breach_task.list", object_type="breach_task", purpose=Purpose.INCIDENT)
    return queries.open_tasks(visible)


@blp.get("/breach-tasks/<int:task_id>")
@blp.response(200, BreachTaskOutSchema)
@requires(Permission.BREACHES_READ)
def get_breach_task(task_id: int) -> Any:
    with unit_of_work():
        task = get_task(task_id)
        authorize(Permission.BREACHES_READ, task)
        record(current_actor(), "breach_task.view", object_type="breach_task",
               object_id=task.id, purpose=Purpose.INCIDENT)
    return task


@blp.put("/breach-tasks/<int:task_id>/answer")
@blp.arguments(BreachTaskAnswerSchema)
@blp.response(200, BreachTaskOutSchema)
@requires(Permission.BREACHES_ANSWER)
def save_draft(data: dict[str, Any], task_id: int) -> Any:
    """Save the draft answer (it replaces the previous one)."""
    return _task(task_id, Permission.BREACHES_ANSWER, lambda t, actor, now: (
        coordination.answer_task(t, from_data(coordination.TaskAnswer, data), actor=actor,
                                 now=now, submit=False)))


@blp.post("/breach-tasks/<int:task_id>/submit")
@blp.arguments(BreachTaskAnswerSchema)
@blp.response(200, BreachTaskOutSchema)
@requires(Permission.BREACHES_ANSWER)
def submit(data: dict[str, Any], task_id: int) -> Any:
    """The final answer; ``affected`` is required. Only the contact point can reopen it."""
    return _task(task_id, Permission.BREACHES_ANSWER, lambda t, actor, now: (
        coordination.answer_task(t, from_data(coordination.TaskAnswer, data), actor=actor,
                                 now=now, submit=True)))


@blp.post("/breach-tasks/<int:task_id>/on-behalf")
@blp.arguments(OnBehalfSchema)
@blp.response(200, BreachTaskOutSchema)
@requires(Permission.BREACHES_MANAGE)
def on_behalf(data: dict[str, Any], task_id: int) -> Any:
    """The contact point records the organisation's answer given by letter, mail or phone."""
    return _task(task_id, Permission.BREACHES_MANAGE, lambda t, actor, now: (
        coordination.answer_on_behalf(t, from_data(coordination.TaskAnswer, data),
                                      source=data["source"], received_on=data["received_on"],
                                      answered_by=data["answered_by"], actor=actor, now=now)))


@blp.post("/breach-tasks/<int:task_id>/set-aside")
@blp.arguments(SetAsideSchema)
@blp.response(200, BreachTaskOutSchema)
@requires(Permission.BREACHES_MANAGE)
def set_aside(data: dict[str, Any], task_id: int) -> Any:
    return _task(task_id, Permission.BREACHES_MANAGE, lambda t, actor, now: (
        coordination.set_aside(t, reason=data["reason"], confirmed_by=data["confirmed_by"],
                               actor=actor, now=now)))


@blp.post("/breach-tasks/<int:task_id>/reopen")
@blp.arguments(BreachReasonSchema)
@blp.response(200, BreachTaskOutSchema)
@requires(Permission.BREACHES_MANAGE)
def reopen(data: dict[str, Any], task_id: int) -> Any:
    return _task(task_id, Permission.BREACHES_MANAGE, lambda t, actor, now: (
        coordination.reopen_task(t, reason=data["reason"], actor=actor, now=now)))
