"""Staff pages: the work queue, intake, the request page with its actions, documents, letters.

Every act is one route that parses its form, calls one service inside one unit of work, and
redirects; a refusal comes back beside the field on the request page. Every view of a request
(page, search, document, letter) is an audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from flask.typing import ResponseReturnValue
from marshmallow import Schema

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission, Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.config import current_settings
from avg_service.db import unit_of_work
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.mail.services import failed_messages_for
from avg_service.organisations.models import Organisation
from avg_service.portal.models import StatusLink
from avg_service.requests import documents, queue, representatives, services
from avg_service.requests.lifecycle import (
    CHANNEL_LABELS,
    DEATH_ESTABLISHED_LABELS,
    IDENTITY_METHOD_LABELS,
    RIGHT_LABELS,
    STATUS_LABELS,
    TRANSITIONS,
    Channel,
    DeathEstablished,
    Representation,
    Right,
    Status,
)
from avg_service.requests import representation as representation_rules
from avg_service.requests.representation import (
    GEZAG_METHOD_LABELS,
    MINOR_PATH_LABELS,
    GezagMethod,
    GezagSignatures,
)
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.presentation import deadline_rows
from avg_service.requests.schemas import (
    AnswerSchema,
    AssignSchema,
    AuthoritySchema,
    DeceasedSchema,
    ForwardSchema,
    GezagSchema,
    IdentitySchema,
    IntakeSchema,
    InvitationSchema,
    InvolvementSchema,
    NoFields,
    PRIVATE_FILTERS,
    QueueQuerySchema,
    ReasonSchema,
    StartSchema,
)
from avg_service.web.actions import form_action, refusal
from avg_service.web.forms import file_response, parse_form
from avg_service.web.i18n import localise_errors

bp = Blueprint("requests", __name__, url_prefix="/verzoeken")


def staff_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(User.id, User.display_name)
        .where(User.is_active, User.role.in_([Role.CONTACTPUNT.value, Role.JURIST.value]))
        .order_by(User.display_name)).all()
    return [(row[0], row[1]) for row in rows]


def _labels() -> dict[str, Any]:
    return {"status_labels": {s.value: label for s, label in STATUS_LABELS.items()},
            "right_labels": {r.value: label for r, label in RIGHT_LABELS.items()},
            "channel_labels": {c.value: label for c, label in CHANNEL_LABELS.items()},
            "signal_labels": {s.value: label for s, label in queue.SIGNAL_LABELS.items()},
            "identity_labels": {m.value: label for m, label in IDENTITY_METHOD_LABELS.items()}}


# ------------------------------------------------------------------------------ work queue
#: never in a URL (addresses end up in logs, browser history and Referer headers): a search
#: on a name or a date of birth is posted (schemas.PRIVATE_FILTERS)


@bp.get("")
@requires(Permission.REQUESTS_READ)
def work_queue() -> ResponseReturnValue:
    """The queue with the filters of the link (status, right, channel, assignee, page)."""
    return _queue_page({k: v for k, v in request.args.items() if k not in PRIVATE_FILTERS})


@bp.post("")
@requires(Permission.REQUESTS_READ)
def work_queue_search() -> ResponseReturnValue:
    """The queue searched by name, reference or date of birth: posted, answered directly."""
    return _queue_page({k: v for k, v in request.form.items() if k != "csrf_token"},
                       posted=True)


def _queue_page(raw: dict[str, str], *, posted: bool = False) -> ResponseReturnValue:
    query, errors = _queue_query(raw)
    today = clock.today_local()
    with unit_of_work():
        page = queue.work_queue(query["filters"], today=today, page=query["page"],
                                per_page=query["per_page"])
        searched = bool(query["filters"].q or query["filters"].date_of_birth)
        record(current_actor(), "dsr.search" if searched else "dsr.list", object_type="dsr",
               purpose=Purpose.HANDLING_REQUEST)
    args = {k: v for k, v in raw.items() if k != "page" and v}
    return render_template("requests/queue.html", page=page, errors=errors, args=args,
                           posted=posted or any(k in args for k in PRIVATE_FILTERS),
                           private_filters=PRIVATE_FILTERS,
                           staff=staff_choices(), today=today, statuses=list(Status),
                           rights=list(Right), channels=list(Channel), **_labels()), \
        400 if errors else 200


def _queue_query(args: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    from marshmallow import ValidationError

    raw = {k: v for k, v in args.items() if v != ""}
    try:
        data = QueueQuerySchema().load(raw)
    except ValidationError as error:
        errors = localise_errors(error.messages, "nl")
        data = QueueQuerySchema().load({k: v for k, v in raw.items() if k not in errors})
    else:
        errors = {}
    filters = queue.QueueFilters(
        status=data["status"], right=data["right"], channel=data["channel"],
        assignee=data["assignee"], q=data["q"], date_of_birth=data["date_of_birth"],
        include_closed=data["include_closed"])
    return {"filters": filters, "page": data["page"], "per_page": data["per_page"]}, errors


# ------------------------------------------------------------------------------ intake
@bp.route("/nieuw", methods=["GET", "POST"])
@requires(Permission.REQUESTS_MANAGE)
def intake() -> ResponseReturnValue:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = parse_form(IntakeSchema(), checkboxes=("electronic_consent",),
                                  lists=("rights",))
        scans = [f for f in request.files.getlist("scan") if f and f.filename]
        uploads = [services.Upload("scan", f.filename or "scan", f.read(
            documents.MAX_FILE_BYTES + 1)) for f in scans[:documents.MAX_FILES]]
        if data is not None and not errors:
            channel = data.pop("channel")
            received_at = data.pop("received_at")
            first_by = data.pop("first_received_by_id", None)
            first_at = data.pop("first_received_at", None)
            try:
                with unit_of_work():
                    dsr = services.register(
                        services.Intake.from_data(data, uploads), channel=channel,
                        received_at=received_at, actor=current_actor(), now=clock.now_utc(),
                        first_received_by_id=first_by, first_received_at=first_at)
            except documents.UploadRejected as rejected:
                errors = {"scan": [documents.REJECTION_MESSAGES[rejected.code]]}
            except DomainError as refused:
                errors = localise_errors(refused.errors or {"_": [refused.message]}, "nl")
            else:
                flash(f"Verzoek {dsr.reference} is geregistreerd. De ontvangstbevestiging is "
                      "aangemaakt.")
                return redirect(url_for("requests.detail", dsr_id=dsr.id), code=303)
    controllers = db.session.execute(
        sa.select(Organisation.id, Organisation.name)
        .where(Organisation.is_joint_controller, Organisation.is_active)
        .order_by(Organisation.name)).all()
    return render_template("requests/intake.html", errors=errors, form=request.form,
                           channels=[c for c in Channel if c is not Channel.WEB],
                           rights=list(Right), representations=list(Representation),
                           controllers=controllers, **_labels()), 400 if errors else 200


# ------------------------------------------------------------------------------ request page
def _load(dsr_id: int) -> DataSubjectRequest:
    return services.get_request(dsr_id)


def _render_detail(dsr: DataSubjectRequest, *, errors: dict[str, list[str]] | None = None,
                   open_action: str | None = None, status: int = 200) -> ResponseReturnValue:
    letters = db.session.scalars(
        sa.select(Letter).where(Letter.dsr_id == dsr.id).order_by(Letter.id)).all()
    actors = dict(db.session.execute(sa.select(User.id, User.display_name).where(
        User.id.in_({e.actor_id for e in dsr.events if e.actor_id}
                    | ({dsr.assignee_id} if dsr.assignee_id else set())))).all())
    today = clock.today_local()
    portal_seen = db.session.scalar(sa.select(sa.func.max(StatusLink.last_used_at)).where(
        StatusLink.dsr_id == dsr.id))
    return render_template(
        "requests/detail.html", dsr=dsr, deadlines=deadline_rows(dsr), letters=letters,
        representation=_representation_view(dsr),
        portal_seen=portal_seen, failed_mail=failed_messages_for(dsr.id),
        actors=actors, errors=errors or {}, open_action=open_action, actions=allowed_actions(dsr),
        staff=staff_choices(), today=today, form=request.form,
        signal=queue.signal_for(dsr.due_on, today,
                                suspended=dsr.status_enum is Status.AWAITING_INFORMATION),
        default_term=law.atw_term_end(today, services.DEFAULT_INVITATION_DAYS),
        **_labels()), status


def _representation_view(dsr: DataSubjectRequest) -> dict[str, Any]:
    """Who acts and what is still to check about it (UAVG 5, Awb 2:1), and a recorded death."""
    path = representatives.minor_path(dsr)
    checked = dsr.representative
    return {
        "path": MINOR_PATH_LABELS[path] if path else None,
        "age": (representation_rules.age_on(dsr.represented_date_of_birth, dsr.received_on)
                if path and dsr.represented_date_of_birth else None),
        "open_points": representatives.open_points(dsr),
        "gezag": (GEZAG_METHOD_LABELS[GezagMethod(checked.gezag_method)]
                  if checked and checked.gezag_method else None),
        "checked": checked,
        "authority_documents": [d for d in dsr.documents if d.storage_key
                                and d.kind in ("authorisation", "scan", "attachment")],
        "deceased": (DEATH_ESTABLISHED_LABELS[DeathEstablished(dsr.deceased.established_by)]
                     if dsr.deceased else None),
        "death_labels": {m.value: label for m, label in DEATH_ESTABLISHED_LABELS.items()},
        "gezag_labels": {m.value: label for m, label in GEZAG_METHOD_LABELS.items()},
        "gezag_all": current_settings().gezag_signatures is GezagSignatures.ALL,
    }


@bp.get("/<int:dsr_id>")
@requires(Permission.REQUESTS_READ)
def detail(dsr_id: int) -> ResponseReturnValue:
    with unit_of_work():
        dsr = _load(dsr_id)
        record(current_actor(), "dsr.view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render_detail(dsr)


@dataclass(frozen=True, slots=True)
class Action:
    """An act on the request page: its form schema and the service call."""

    title: str
    schema: type[Schema]
    run: Callable[[DataSubjectRequest, dict[str, Any], Actor, Any], Any]
    done: str
    #: The statuses the act is offered in (the service checks the rule again).
    offered_in: frozenset[Status]
    #: An act that sends a letter or mail, or cannot be undone, is first shown with what it
    #: will do (and the letter it makes, as it will be) and done only when confirmed.
    confirm: str | None = None


_OPEN = frozenset(s for s in Status if TRANSITIONS[s])

ACTIONS: dict[str, Action] = {
    "behandelen": Action(
        "In behandeling nemen", StartSchema,
        lambda d, data, a, now: services.start_handling(d, actor=a, now=now,
                                                        reason=data["reason"]),
        "Het verzoek is in behandeling.",
        frozenset({Status.RECEIVED, Status.TERM_EXPIRED})),
    "aanvulling": Action(
        "Om aanvulling vragen (Awb 4:5)", InvitationSchema,
        lambda d, data, a, now: services.invite(d, actor=a, now=now, **data),
        "Het verzoek om aanvulling is vastgelegd; de brief is aangemaakt en de termijn is "
        "opgeschort.", frozenset({Status.RECEIVED, Status.IN_PROGRESS}),
        "De verzoeker krijgt deze brief; de beslistermijn staat stil vanaf de dag na "
        "verzending tot de aanvulling binnen is (Awb 4:15)."),
    "antwoord": Action(
        "Aanvulling ontvangen", AnswerSchema,
        lambda d, data, a, now: services.record_answer(d, actor=a, now=now, **data),
        "De aanvulling is vastgelegd; de termijn loopt weer.",
        frozenset({Status.AWAITING_INFORMATION})),
    "identiteit": Action(
        "Identiteit vastgesteld", IdentitySchema,
        lambda d, data, a, now: services.check_identity(d, actor=a, now=now, **data),
        "De identiteitscontrole is vastgelegd.", _OPEN,
        "Kopieën van identiteitsbewijzen bij dit verzoek worden direct en blijvend verwijderd."),
    "verlengen": Action(
        "Termijn verlengen (AVG 12(3))", ReasonSchema,
        lambda d, data, a, now: services.extend(d, actor=a, now=now, **data),
        "De termijn is verlengd; het verlengingsbericht is aangemaakt.",
        frozenset({Status.RECEIVED, Status.AWAITING_INFORMATION, Status.IN_PROGRESS,
                   Status.DECIDING}),
        "Verlengen kan maar één keer (AVG art. 12 lid 3). De verzoeker krijgt deze brief."),
    "doorzenden": Action(
        "Doorzenden: buiten reikwijdte (Awb 2:3)", ForwardSchema,
        lambda d, data, a, now: services.forward(d, actor=a, now=now, **data),
        "Het verzoek is doorgezonden; de brief aan de verzoeker is aangemaakt.",
        frozenset({Status.RECEIVED}),
        "Het verzoek wordt gesloten en de verzoeker krijgt deze brief. Dit kan niet ongedaan "
        "worden gemaakt."),
    "intrekken": Action(
        "Ingetrokken door de verzoeker", ReasonSchema,
        lambda d, data, a, now: services.withdraw(d, actor=a, now=now, **data),
        "Het verzoek is ingetrokken.", _OPEN,
        "Het verzoek wordt gesloten. Dit kan niet ongedaan worden gemaakt."),
    "statuslink": Action(
        "Statuslink mailen aan de verzoeker", NoFields,
        lambda d, data, a, now: services.send_status_link(d, actor=a, now=now),
        "Er gaat een e-mail met een nieuwe statuslink naar de verzoeker.", frozenset(Status),
        "De verzoeker krijgt een e-mail met een nieuwe link naar de statuspagina."),
    "gezag": Action(
        "Gezag gecontroleerd (kind, UAVG art. 5)", GezagSchema,
        lambda d, data, a, now: representatives.record_gezag(d, actor=a, now=now, **data),
        "De controle van het gezag is vastgelegd.", _OPEN),
    "machtiging": Action(
        "Machtiging of beschikking gecontroleerd (Awb 2:1)", AuthoritySchema,
        lambda d, data, a, now: representatives.record_authority(d, actor=a, now=now, **data),
        "De machtiging of beschikking en wat die omvat zijn vastgelegd.", _OPEN),
    "betrokken": Action(
        "Vertegenwoordiger is zelf betrokken in de casus", InvolvementSchema,
        lambda d, data, a, now: representatives.record_involvement(d, actor=a, now=now, **data),
        "Vastgelegd: de vertegenwoordiger is betrokken in de casus. De waarschuwing staat op "
        "het verzoek en bij het besluit.", _OPEN),
    "overleden": Action(
        "Betrokkene is overleden (AVG niet van toepassing)", DeceasedSchema,
        lambda d, data, a, now: representatives.record_deceased(d, actor=a, now=now, **data),
        "Het overlijden is vastgelegd. Een jurist stelt het besluit op dat de AVG niet van "
        "toepassing is; er gaan geen taken naar de deelnemers.",
        frozenset({Status.RECEIVED, Status.IN_PROGRESS}),
        "Er gaan dan geen taken naar de deelnemers en een jurist stelt het besluit op dat de "
        "AVG niet van toepassing is (overweging 27). Dit kan niet ongedaan worden gemaakt."),
    "toewijzen": Action(
        "Toewijzen", AssignSchema,
        lambda d, data, a, now: services.assign(d, actor=a, now=now, **data),
        "De toewijzing is opgeslagen.", _OPEN),
}


def allowed_actions(dsr: DataSubjectRequest) -> list[tuple[str, Action]]:
    status = dsr.status_enum
    acting_for = dsr.representation != Representation.SELF.value
    return [(key, action) for key, action in ACTIONS.items() if status in action.offered_in
            and not (key == "verlengen" and dsr.is_extended)
            and not (key == "statuslink" and not dsr.email)
            and not (key == "gezag" and dsr.representation != "ouder_voogd")
            and not (key in ("machtiging", "betrokken") and not acting_for)
            and not (key == "overleden" and dsr.deceased is not None)]


@bp.post("/<int:dsr_id>/acties/<action_key>")
@requires(Permission.REQUESTS_MANAGE)
def act(dsr_id: int, action_key: str) -> ResponseReturnValue:
    action = ACTIONS.get(action_key)
    if action is None:
        raise NotFound("Deze handeling bestaat niet.")
    if request.form.get("bevestigd") == "wijzigen":  # back from the confirmation, as typed
        return _render_detail(_load(dsr_id), open_action=action_key)
    data, errors = parse_form(action.schema(), ignore=("bevestigd",))
    if data is not None and action.confirm and request.form.get("bevestigd") != "ja":
        preview = _dry_run(dsr_id, action, data)
        if not isinstance(preview, dict):
            return preview
        data, errors = None, preview
    return form_action(
        valid=data is not None, errors=errors, done=action.done,
        unit=lambda: action.run(services.get_request(dsr_id, for_update=True), data or {},
                                current_actor(), clock.now_utc()),
        redirect_to=lambda: url_for("requests.detail", dsr_id=dsr_id),
        again=lambda errors: _render_detail(_load(dsr_id), errors=errors,
                                            open_action=action_key, status=422))


def _dry_run(dsr_id: int, action: Action, data: dict[str, Any]
             ) -> ResponseReturnValue | dict[str, list[str]]:
    """Do the act without committing: what it refuses, or the page that shows what it will do
    with the letter it makes, rendered from the real data. Everything is rolled back, the
    letter, the mail and the jobs included; the look at the request's data is audited."""
    from avg_service.letters.services import render_letter_html

    actor, now = current_actor(), clock.now_utc()
    letters: list[tuple[str, str]] = []
    try:
        dsr = services.get_request(dsr_id, for_update=True)
        before = db.session.scalar(sa.select(sa.func.max(Letter.id))) or 0
        action.run(dsr, data, actor, now)
        db.session.flush()
        for letter in db.session.scalars(sa.select(Letter).where(
                Letter.dsr_id == dsr_id, Letter.id > before).order_by(Letter.id)):
            letters.append((letter.kind, _letter_body(render_letter_html(letter))))
    except DomainError as refused:
        return refusal(refused)
    finally:
        db.session.rollback()
    with unit_of_work():
        dsr = _load(dsr_id)
        record(actor, "dsr.act_preview", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    key = next(k for k, a in ACTIONS.items() if a is action)
    fields = [(k, v) for k, v in request.form.items(multi=True)
              if k not in ("csrf_token", "bevestigd")]
    return render_template("requests/confirm.html", dsr=dsr, action=action, key=key,
                           fields=fields, letters=letters)


def _letter_body(html: str) -> Markup:
    """The letter's body, to show inside the page (its print stylesheet stays out)."""
    start, end = html.find("<body"), html.rfind("</body>")
    if start == -1 or end == -1:
        return Markup("")
    body = html[html.index(">", start) + 1:end]
    # the letter's own images are relative to the static files (its fetcher serves them there)
    return Markup(body.replace('src="img/', f'src="{url_for("static", filename="img/")}'))


@bp.post("/<int:dsr_id>/documenten")
@requires(Permission.REQUESTS_MANAGE)
def upload(dsr_id: int) -> ResponseReturnValue:
    item = request.files.get("file")
    kind = request.form.get("kind", "scan")
    if kind not in documents.STAFF_KINDS:
        kind = "scan"
    if item is None or not item.filename:
        return _render_detail(_load(dsr_id), errors={"file": ["Kies een bestand."]},
                              open_action="document", status=422)
    upload = services.Upload(kind, item.filename, item.read(documents.MAX_FILE_BYTES + 1))
    return form_action(
        valid=True, errors={}, done="Het document is toegevoegd.", field_name="file",
        unit=lambda: services.add_document(services.get_request(dsr_id, for_update=True), upload,
                                           actor=current_actor(), now=clock.now_utc()),
        redirect_to=lambda: url_for("requests.detail", dsr_id=dsr_id),
        again=lambda errors: _render_detail(_load(dsr_id), errors=errors,
                                            open_action="document", status=422))


@bp.get("/<int:dsr_id>/documenten/<int:document_id>")
@requires(Permission.REQUESTS_READ)
def document(dsr_id: int, document_id: int) -> ResponseReturnValue:
    with unit_of_work():
        item, content = services.open_document(dsr_id, document_id, actor=current_actor(),
                                               now=clock.now_utc())
    return file_response(content, item.content_type, item.filename, inline=False)


@bp.get("/<int:dsr_id>/brieven/<int:letter_id>.pdf")
@requires(Permission.REQUESTS_READ)
def letter_pdf(dsr_id: int, letter_id: int) -> ResponseReturnValue:
    with unit_of_work():
        letter, pdf = services.open_letter(dsr_id, letter_id, actor=current_actor(),
                                           now=clock.now_utc())
    return file_response(pdf, "application/pdf", f"{letter.kind}-{letter.kenmerk}.pdf")
