"""Pages of a data breach: the list, reporting, the breach page (clock, facts, tasks, assessment,
notification, people, closing), its documents, and a joint controller's breach task.

Every route parses, calls one service inside one unit of work, and redirects (303); a refusal
comes back beside its field (422). Every object goes through ``authorize`` (a participant
reaches only breaches it reported, is tasked on or notifies, and only its own task; anything
else is a 404 and a logged refusal), and every view is audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import Schema

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import authorize, current_actor, requires
from avg_service.access.policy import may, visible_organisation_ids
from avg_service.access.roles import Permission, Role
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.breaches import (
    catalogue,
    coordination,
    notification,
    presentation,
    queries,
    rules,
    services,
)
from avg_service.breaches.common import from_data, get_breach, get_task
from avg_service.breaches.models import Breach, BreachTask
from avg_service.breaches.schemas import (
    AssessmentSchema,
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
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.web.actions import Errors, form_action, refusal
from avg_service.web.forms import file_response, parse_form

bp = Blueprint("breaches", __name__, url_prefix="/datalekken")

LISTS = ("breach_types", "data_kinds", "organisation_ids", "factors")


def _organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.is_active)
                                   .order_by(Organisation.is_joint_controller.desc(),
                                             Organisation.name)))


# ------------------------------------------------------------------------------ list
@bp.get("")
@requires(Permission.BREACHES_READ)
def index() -> ResponseReturnValue:
    criteria, page_number, errors = presentation.parse_query(request.args)
    actor = current_actor()
    visible = visible_organisation_ids(actor)
    with unit_of_work():
        rows, has_next = queries.page(criteria, visible=visible, page_number=page_number)
        record(actor, "breach.list", object_type="breach", purpose=Purpose.INCIDENT)
    return render_template(
        "breaches/list.html", rows=rows, has_next=has_next, page=page_number, errors=errors,
        args={k: v for k, v in request.args.items() if k != "page" and v},
        clocks=presentation.clocks(rows, clock.now_utc()),
        tasks=queries.open_tasks(visible) if visible is not None else [],
        is_participant=visible is not None, organisations=_organisations(),
        **presentation.labels()), 400 if errors else 200


# ------------------------------------------------------------------------------ report
def _render_report(errors: Errors | None = None, status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    own = db.session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    # A hidden token per form (as on the public request form): a double click is one breach.
    token = request.form.get("submission_token") or secrets.token_urlsafe(24)
    return render_template("breaches/report.html", errors=errors or {}, form=request.form,
                           submission_token=token,
                           own=own, is_participant=actor.role is Role.DEELNEMER,
                           organisations=_organisations(), now=clock.now_utc(),
                           **presentation.labels()), status


@bp.get("/melden")
@requires(Permission.BREACHES_REPORT)
def report_form() -> ResponseReturnValue:
    return _render_report()


@bp.post("/melden")
@requires(Permission.BREACHES_REPORT)
def report() -> ResponseReturnValue:
    data, errors = parse_form(ReportSchema(), lists=LISTS, ignore=("submission_token",))
    token = (request.form.get("submission_token") or "").strip()[:64] or None
    existing = _by_token(token)
    if existing is not None:  # the same form sent again (a double click, back and resend)
        return redirect(url_for("breaches.detail", breach_id=existing), code=303)
    if data is not None:
        try:
            with unit_of_work():
                breach = services.report_breach(from_data(services.Report, data),
                                                actor=current_actor(), now=clock.now_utc())
                breach.submission_token = token
                breach_id = breach.id
        except IntegrityError:  # both clicks arrived at once: the other one stored it
            db.session.rollback()
            existing = _by_token(token)
            if existing is None:
                raise
            return redirect(url_for("breaches.detail", breach_id=existing), code=303)
        except DomainError as refused:
            errors = refusal(refused)
        else:
            flash("Het datalek is gemeld. De FG en het contactpunt zijn bericht.")
            return redirect(url_for("breaches.detail", breach_id=breach_id), code=303)
    db.session.rollback()
    return _render_report(errors, 422)


def _by_token(token: str | None) -> int | None:
    if token is None:
        return None
    found: int | None = db.session.scalar(sa.select(Breach.id).where(
        Breach.submission_token == token))
    return found


# ------------------------------------------------------------------------------ the breach page
def load(breach_id: int, permission: Permission = Permission.BREACHES_READ, *,
         for_update: bool = False, scope: Callable[[Breach], Any] | None = None) -> Breach:
    breach = get_breach(breach_id, for_update=for_update)
    authorize(permission, scope(breach) if scope else breach)
    return breach


def breach_page(breach: Breach, *, errors: Errors | None = None, open_form: str | None = None,
                status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    now = clock.now_utc()
    is_participant = actor.role is Role.DEELNEMER
    own_task = next((t for t in breach.tasks if t.organisation_id == actor.organisation_id), None)
    form = request.form if open_form else None
    proposed = notification.proposed_notification(breach)
    return render_template(
        "breaches/detail.html", breach=breach, errors=errors or {}, open_form=open_form,
        form=form or {}, now=now, is_participant=is_participant, own_task=own_task,
        tasks=[own_task] if is_participant and own_task else ([] if is_participant
                                                              else breach.tasks),
        reading=rules.read_clock(breach.aware_at, now, breach.first_notified_at),
        duties=rules.duties_for(breach.risk_level) if breach.risk_level else None,
        suggestion=catalogue.suggested_risk(set(breach.breach_type_list),
                                            set(breach.risk_factor_list),
                                            set(breach.data_kind_list)),
        default_notifier=services.default_notifier_id(breach),
        may_notify=may(actor, Permission.BREACHES_NOTIFY, breach.notifier_scope()),
        people=[] if is_participant else notification.linked_people(breach),
        proposed=proposed, phase=len(breach.notifications) + 1,
        is_late_now=not breach.notifications and rules.is_late(breach.aware_at, now),
        blockers=rules.close_blockers(services.state_of(breach)),
        elements=notification.communication_elements(breach),
        organisations=_organisations(), task_orgs={t.organisation_id for t in breach.tasks},
        **presentation.labels()), status


@bp.get("/<int:breach_id>")
@requires(Permission.BREACHES_READ)
def detail(breach_id: int) -> ResponseReturnValue:
    with unit_of_work():
        breach = load(breach_id)
        record(current_actor(), "breach.view", object_type="breach", object_id=breach.id,
               purpose=Purpose.INCIDENT)
    return breach_page(breach)


Run = Callable[[Breach, dict[str, Any], Actor, Any], Any]


def act(breach_id: int, permission: Permission, form_name: str, schema: Schema, run: Run,
        done: str, *, scope: Callable[[Breach], Any] | None = None) -> ResponseReturnValue:
    """One act on one breach: the form parsed, the service in one unit of work, back to the
    breach page; a refusal beside its field in the form it came from."""
    data, errors = parse_form(schema, lists=LISTS)
    return form_action(
        valid=data is not None, errors=errors, done=done,
        unit=lambda: run(load(breach_id, permission, for_update=True, scope=scope), data or {},
                         current_actor(), clock.now_utc()),
        redirect_to=lambda: url_for("breaches.detail", breach_id=breach_id) + f"#{form_name}",
        again=lambda errors: breach_page(load(breach_id, permission, scope=scope), errors=errors,
                                         open_form=form_name, status=422))


@bp.post("/<int:breach_id>/feiten")
@requires(Permission.BREACHES_ASSESS)
def update_facts(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_ASSESS, "facts", FactsSchema(),
               lambda b, d, actor, now: services.update_facts(
                   b, from_data(services.Report, d), reason=d.get("reason"), actor=actor,
                   now=now),
               "De feiten zijn bijgewerkt.")


@bp.post("/<int:breach_id>/verzoeken")
@requires(Permission.BREACHES_MANAGE)
def link_requests(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_MANAGE, "persons", LinkRequestsSchema(),
               lambda b, d, actor, now: services.link_requests(b, d["request_references"],
                                                               actor=actor, now=now),
               "De verzoeken zijn gekoppeld.")


@bp.post("/<int:breach_id>/taken")
@requires(Permission.BREACHES_MANAGE)
def create_tasks(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_MANAGE, "tasks", TasksSchema(),
               lambda b, d, actor, now: coordination.create_tasks(
                   b, organisation_ids=d["organisation_ids"], actor=actor, now=now),
               "De taken zijn uitgezet; de organisaties zijn bericht.")


@bp.post("/<int:breach_id>/beoordeling")
@requires(Permission.BREACHES_ASSESS)
def assess(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_ASSESS, "assessment", AssessmentSchema(),
               lambda b, d, actor, now: services.assess(b, from_data(services.Assessment, d),
                                                        actor=actor, now=now),
               "De beoordeling is vastgelegd.")


@bp.post("/<int:breach_id>/melding")
@requires(Permission.BREACHES_NOTIFY)
def notify(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_NOTIFY, "notification", NotificationSchema(),
               lambda b, d, actor, now: notification.record_notification(
                   b, from_data(notification.Notification, d), actor=actor, now=now),
               "De melding bij de AP is vastgelegd.", scope=Breach.notifier_scope)


@bp.post("/<int:breach_id>/betrokkenen")
@requires(Permission.BREACHES_MANAGE)
def people(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_MANAGE, "people", PeopleDecisionSchema(),
               lambda b, d, actor, now: notification.decide_communication(
                   b, from_data(notification.PeopleDecision, d), actor=actor, now=now),
               "Het besluit over het informeren van de betrokkenen is vastgelegd.")


@bp.post("/<int:breach_id>/berichten")
@requires(Permission.BREACHES_MANAGE)
def communicate(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_MANAGE, "message", RecipientSchema(),
               lambda b, d, actor, now: notification.make_communication(
                   b, from_data(notification.Recipient, d), actor=actor, now=now),
               "Het bericht aan de betrokkene is gemaakt.")


@bp.post("/<int:breach_id>/afsluiten")
@requires(Permission.BREACHES_MANAGE)
def close(breach_id: int) -> ResponseReturnValue:
    return act(breach_id, Permission.BREACHES_MANAGE, "close", CloseSchema(),
               lambda b, d, actor, now: services.close_breach(b, note=d["note"], actor=actor,
                                                              now=now),
               "Het datalek is afgesloten. Het blijft in het register.")


def _document(breach_id: int, letter_id: int, among: Callable[[Breach], set[int | None]]
              ) -> ResponseReturnValue:
    with unit_of_work():
        breach = load(breach_id)
        if letter_id not in among(breach):
            raise NotFound("Dit document bestaat niet.")
        letter, pdf = services.open_document(breach, letter_id, actor=current_actor(),
                                             now=clock.now_utc())
    return file_response(pdf, "application/pdf", f"{letter.kind}-{letter.kenmerk}.pdf")


@bp.get("/<int:breach_id>/meldingen/<int:letter_id>.pdf")
@requires(Permission.BREACHES_READ)
def notification_pdf(breach_id: int, letter_id: int) -> ResponseReturnValue:
    """What was reported to the AP: anyone who may see the breach."""
    return _document(breach_id, letter_id, lambda b: {n.letter_id for n in b.notifications})


@bp.get("/<int:breach_id>/berichten/<int:letter_id>.pdf")
@requires(Permission.REQUESTS_READ)
def communication_pdf(breach_id: int, letter_id: int) -> ResponseReturnValue:
    """A letter to a person (a name and an address): staff and the FG only."""
    return _document(breach_id, letter_id, lambda b: {c.letter_id for c in b.communications})


# ------------------------------------------------------------------------------ a task
def _render_task(task: BreachTask, *, errors: Errors | None = None, open_form: str | None = None,
                 status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    return render_template(
        "breaches/task.html", task=task, breach=task.breach, errors=errors or {},
        open_form=open_form, form=request.form if open_form else {},
        may_answer=may(actor, Permission.BREACHES_ANSWER, task),
        may_manage=may(actor, Permission.BREACHES_MANAGE, task),
        reading=rules.read_clock(task.breach.aware_at, clock.now_utc(),
                                 task.breach.first_notified_at), **presentation.labels()), status


def _load_task(task_id: int, permission: Permission, *, for_update: bool = False) -> BreachTask:
    task = get_task(task_id, for_update=for_update)
    authorize(permission, task)
    return task


@bp.get("/taken/<int:task_id>")
@requires(Permission.BREACHES_READ)
def task_page(task_id: int) -> ResponseReturnValue:
    with unit_of_work():
        task = _load_task(task_id, Permission.BREACHES_READ)
        record(current_actor(), "breach_task.view", object_type="breach_task",
               object_id=task.id, purpose=Purpose.INCIDENT)
    return _render_task(task)


TaskRun = Callable[[BreachTask, dict[str, Any], Actor, Any], Any]


def task_act(task_id: int, permission: Permission, form_name: str, schema: Schema, run: TaskRun,
             done: str) -> ResponseReturnValue:
    data, errors = parse_form(schema)
    return form_action(
        valid=data is not None, errors=errors, done=done,
        unit=lambda: run(_load_task(task_id, permission, for_update=True), data or {},
                         current_actor(), clock.now_utc()),
        redirect_to=lambda: url_for("breaches.task_page", task_id=task_id),
        again=lambda errors: _render_task(_load_task(task_id, permission), errors=errors,
                                          open_form=form_name, status=422))


@bp.post("/taken/<int:task_id>/antwoord")
@requires(Permission.BREACHES_ANSWER)
def answer(task_id: int) -> ResponseReturnValue:
    submit = request.form.get("action") == "submit"
    return task_act(task_id, Permission.BREACHES_ANSWER, "answer", BreachTaskAnswerSchema(),
                    lambda t, d, actor, now: coordination.answer_task(
                        t, from_data(coordination.TaskAnswer, d), actor=actor, now=now,
                        submit=submit),
                    "Uw antwoord is verstuurd naar het contactpunt." if submit
                    else "Uw concept is opgeslagen.")


@bp.post("/taken/<int:task_id>/namens")
@requires(Permission.BREACHES_MANAGE)
def on_behalf(task_id: int) -> ResponseReturnValue:
    return task_act(task_id, Permission.BREACHES_MANAGE, "on_behalf", OnBehalfSchema(),
                    lambda t, d, actor, now: coordination.answer_on_behalf(
                        t, from_data(coordination.TaskAnswer, d), source=d["source"],
                        received_on=d["received_on"], answered_by=d["answered_by"],
                        actor=actor, now=now),
                    "Het antwoord namens de organisatie is vastgelegd.")


@bp.post("/taken/<int:task_id>/terzijde")
@requires(Permission.BREACHES_MANAGE)
def set_aside(task_id: int) -> ResponseReturnValue:
    return task_act(task_id, Permission.BREACHES_MANAGE, "set_aside", SetAsideSchema(),
                    lambda t, d, actor, now: coordination.set_aside(
                        t, reason=d["reason"], confirmed_by=d["confirmed_by"], actor=actor,
                        now=now),
                    "De taak is terzijde gelegd.")


@bp.post("/taken/<int:task_id>/heropenen")
@requires(Permission.BREACHES_MANAGE)
def reopen(task_id: int) -> ResponseReturnValue:
    return task_act(task_id, Permission.BREACHES_MANAGE, "reopen", BreachReasonSchema(),
                    lambda t, d, actor, now: coordination.reopen_task(
                        t, reason=d["reason"], actor=actor, now=now),
                    "De taak is heropend; de organisatie is bericht.")


# ------------------------------------------------------------------------------ werkplek
@bp.app_context_processor
def _werkplek() -> dict[str, Any]:
    """``breach_summary()`` for the werkplek's count (called only where a page shows it)."""
    def breach_summary() -> queries.Summary | None:
        actor = current_actor()
        if not may(actor, Permission.BREACHES_READ):
            return None
        return queries.summary(visible_organisation_ids(actor), clock.now_utc())
    return {"breach_summary": breach_summary}


@bp.app_template_filter("local_input")
def _local_input(moment: Any) -> str:
    """A stored moment as a ``datetime-local`` value: Amsterdam wall-clock time."""
    return moment.astimezone(rules.AMSTERDAM).strftime("%Y-%m-%dT%H:%M") if moment else ""


@bp.app_template_filter("hours_nl")
def _hours_nl(delta: Any) -> str:
    """``"41 uur en 57 minuten"``: the 72 hours are hours (``rules.format_hours_nl``)."""
    return rules.format_hours_nl(delta)
