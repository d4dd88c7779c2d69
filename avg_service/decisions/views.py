"""Pages of the besluit: per request the decision page (drafting, four-eyes approval, preview,
bekendmaking, bezwaar, ingebrekestelling) and the decision register.

Every act is one route that parses its form, calls one service inside one unit of work and
redirects (303); a refusal comes back beside its field on the decision page (422). Legal staff
draft and approve (``DECISIONS_DRAFT``); the contact point and legal staff record what happens
after (``DECISIONS_RECORD``); whoever reads requests reads the page. Every view is audited.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.guard import current_actor, requires
from avg_service.access.policy import may
from avg_service.access.roles import Permission
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination import outcome as coordination_outcome
from avg_service.coordination import services as coordination
from avg_service.coordination.rules import GROUNDS_BY_CODE as RESTRICTION_GROUNDS
from avg_service.db import unit_of_work
from avg_service.decisions import services
from avg_service.decisions import catalogue
from avg_service.decisions.catalogue import GROUNDS_BY_CODE, OUTCOME_LABELS, REFUSAL_12_5_GROUNDS
from avg_service.decisions.models import (
    DECISION_KIND_LABELS,
    DECISION_STATUS_LABELS,
    LETTER_KIND,
    Decision,
    DecisionKind,
    DecisionStatus,
)
from avg_service.decisions.schemas import (
    CHANNEL_LABELS,
    PENALTY_NOTE,
    DefaultNoticeSchema,
    NotHandledSchema,
    NotifySchema,
    Refusal125Schema,
    ObjectionSchema,
    RegisterQuerySchema,
    SendBackSchema,
    draft_form_schema,
    grounds_field,
    measures_field,
    motivation_field,
    outcome_field,
)
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.hearing import services as hearing
from avg_service.letters.models import Letter
from avg_service.letters.rendering import render_pdf
from avg_service.letters.services import render_letter_html
from avg_service.requests import representatives
from avg_service.requests import services as requests
from avg_service.requests.lifecycle import (
    DEATH_ESTABLISHED_LABELS,
    RIGHT_LABELS,
    STATUS_LABELS,
    DeathEstablished,
    Status,
)
from avg_service.requests.models import DataSubjectRequest
from avg_service.web.forms import file_response, parse_form
from avg_service.web.i18n import localise_errors
from avg_service.web.security import CONTENT_SECURITY_POLICY

bp = Blueprint("decisions", __name__)

Errors = dict[str, list[str]]

_DRAFTABLE = frozenset({Status.IN_PROGRESS, Status.DECIDING})


def outcomes_for(right: str) -> list[tuple[str, str]]:
    """The outcomes the catalogue allows for ``right``, as (value, label) for the select."""
    return [(o.value, OUTCOME_LABELS[o]) for o in catalogue.outcomes_for(right)]


def default_channel(dsr: DataSubjectRequest) -> str:
    """The bekendmaking follows the requester's choice: electronically when they chose it
    expressly (Awb 2:8; a request made electronically is answered so, AVG 12(3), 15(3)), else
    by post."""
    return "electronic" if dsr.delivery == "electronic" and dsr.electronic_consent else "post"


def _refusal(refused: DomainError, field_name: str = "_") -> Errors:
    """A service's refusal as field errors; a 404 is not a form error and propagates."""
    if isinstance(refused, NotFound):
        raise refused
    return refused.errors or {field_name: [refused.message]}


def _decision(dsr: DataSubjectRequest) -> Decision:
    decision = services.decision_of(dsr)
    if decision is None:
        raise NotFound("Er is nog geen besluit op dit verzoek.")
    return decision


# ------------------------------------------------------------------------------ the page
def _draft_values(dsr: DataSubjectRequest, decision: Decision | None,
                  form: Any | None) -> dict[str, Any]:
    """What the draft form shows per right: what was just sent (after a refusal), the saved
    draft, or nothing yet."""
    rights = [r.value for r in dsr.rights_list]
    if form is not None:
        parts = {r: {"outcome": form.get(outcome_field(r), ""),
                     "grounds": set(form.getlist(grounds_field(r))),
                     "motivation": form.get(motivation_field(r), ""),
                     "measures": form.get(measures_field(r), "")} for r in rights}
        return {"parts": parts, "history_note": form.get("history_note", "")}
    saved = {p.right: p for p in decision.parts} if decision is not None else {}
    proposed = _proposal(dsr) if decision is None else {}
    parts = {r: {"outcome": saved[r].outcome if r in saved else proposed.get(r, ("", set()))[0],
                 "grounds": set(saved[r].ground_codes) if r in saved else
                 proposed.get(r, ("", set()))[1],
                 "motivation": (saved[r].motivation or "") if r in saved else "",
                 "measures": (saved[r].measures or "") if r in saved else ""} for r in rights}
    return {"parts": parts,
            "history_note": (decision.history_note or "") if decision is not None else ""}


def _proposal(dsr: DataSubjectRequest) -> dict[str, tuple[str, set[str]]]:
    """A first draft of inzage: "gedeeltelijk toewijzen" on the stated grounds when a
    participant withholds entries or files under them (never a silent one: that would reveal
    it, UAVG art. 41(2)(h))."""
    tasks = coordination_outcome.tasks_of(dsr)
    if "15" not in {r.value for r in dsr.rights_list} or not \
            coordination_outcome.proposed_partial(tasks):
        return {}
    allowed = {g.code for g in catalogue.grounds_for("15")}
    grounds = {r.ground for t in tasks for r in coordination_outcome.visible_restrictions(t)
               if r.ground in allowed}
    return {"15": (catalogue.Outcome.PARTLY_GRANTED.value, grounds)}


def _participant_restrictions(dsr: DataSubjectRequest) -> list[dict[str, Any]]:
    """The restriction motivations the participants gave (for the jurist's reference)."""
    found = []
    for line in coordination.consolidated(dsr):
        answer = line.task.answer if line.task is not None else None
        for restriction in answer.restrictions if answer is not None else []:
            ground = RESTRICTION_GROUNDS[restriction.ground]
            found.append({"organisation": line.organisation.name, "source": ground.source,
                          "label": ground.label, "motivation": restriction.motivation,
                          "defeats": restriction.notice_defeats_purpose})
    return found


def _render(dsr: DataSubjectRequest, *, errors: Errors | None = None,
            open_form: str | None = None, status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    decision = services.decision_of(dsr)
    rights = [r.value for r in dsr.rights_list]
    letter = services.current_letter(decision) if decision is not None else None
    names = dict(db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(
        {decision.drafted_by_id, decision.approved_by_id} - {None} if decision else set())
    )).all())
    is_draft = decision is not None and decision.status_enum is DecisionStatus.DRAFT
    notified = decision is not None and decision.status_enum is DecisionStatus.NOTIFIED
    return render_template(
        "decisions/page.html", dsr=dsr, decision=decision, letter=letter, names=names,
        errors=errors or {}, open_form=open_form, form=request.form, today=clock.today_local(),
        rights=rights, right_labels={r.value: label for r, label in RIGHT_LABELS.items()},
        grounds=GROUNDS_BY_CODE, status_labels={s.value: label
                                                   for s, label in STATUS_LABELS.items()},
        decision_status_labels={s.value: label for s, label in DECISION_STATUS_LABELS.items()},
        outcome_labels={o.value: label for o, label in OUTCOME_LABELS.items()},
        grounds_for=catalogue.grounds_for, outcomes_for=outcomes_for,
        field_names={r: {"outcome": outcome_field(r), "grounds": grounds_field(r),
                         "motivation": motivation_field(r), "measures": measures_field(r)}
                     for r in rights},
        values=_draft_values(dsr, decision if is_draft else None,
                             request.form if open_form == "draft" else None),
        may_draft=may(actor, Permission.DECISIONS_DRAFT),
        may_record=may(actor, Permission.DECISIONS_RECORD),
        can_start=decision is None and dsr.status_enum in _DRAFTABLE and dsr.deceased is None,
        can_decide_deceased=decision is None and dsr.deceased is not None
        and dsr.status_enum in (Status.RECEIVED, Status.IN_PROGRESS, Status.DECIDING),
        representation_points=representatives.open_points(dsr),
        hearing_points=hearing.open_points(dsr, today=clock.today_local()),
        deceased_label=DEATH_ESTABLISHED_LABELS[DeathEstablished(dsr.deceased.established_by)]
        if dsr.deceased else None,
        is_drafter=decision is not None and decision.drafted_by_id == actor.user_id,
        blocking=services.blocking_tasks(dsr)
        if is_draft and decision is not None and decision.kind == DecisionKind.ON_REQUEST.value
        else [],
        kind_labels={k.value: label for k, label in DECISION_KIND_LABELS.items()},
        refusal_grounds=REFUSAL_12_5_GROUNDS,
        can_refuse_12_5=decision is None and dsr.deceased is None
        and dsr.status_enum in (Status.RECEIVED, Status.IN_PROGRESS),
        can_not_handle=decision is None and dsr.status_enum is Status.TERM_EXPIRED,
        silent_cited=services.cited_silent_grounds(dsr, [
            code for p in decision.parts for code in p.ground_codes]) if is_draft and
        decision is not None else [],
        restrictions=_participant_restrictions(dsr),
        electronic_allowed=dsr.delivery == "electronic" and dsr.electronic_consent,
        default_channel=default_channel(dsr),
        versions=services.letter_versions(decision) if decision is not None else [],
        channel_labels=CHANNEL_LABELS,
        objection_period=law.objection_period_end_explained(decision.verzenddatum)
        if notified and decision is not None and decision.verzenddatum else None,
        notices=services.penalties(dsr, today=clock.today_local()), penalty_note=PENALTY_NOTE,
        availability=services.availability_notice(decision, now=clock.now_utc())
        if decision is not None else None,
        may_register_notice=dsr.is_open,
    ), status


@bp.get("/verzoeken/<int:dsr_id>/besluit")
@requires(Permission.REQUESTS_READ)
def page(dsr_id: int) -> ResponseReturnValue:
    """The besluit on a request: the draft form, approval, the letter, bekendmaking, bezwaar
    and ingebrekestelling. The FG reads it; the forms are for whoever may act."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        record(current_actor(), "dsr.decision_view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render(dsr)


Run = Callable[[DataSubjectRequest, dict[str, Any], Actor, datetime], Any]


def _act(dsr_id: int, form: str, data: dict[str, Any] | None, errors: Errors, run: Run,
         done: str) -> ResponseReturnValue:
    """One act on the request's besluit: the service in one unit of work, then back to the
    page; a refusal is shown beside the field in the form it came from."""
    if data is not None:
        try:
            with unit_of_work():
                dsr = requests.get_request(dsr_id, for_update=True)
                run(dsr, data, current_actor(), clock.now_utc())
        except DomainError as refused:
            errors = _refusal(refused)
        else:
            flash(done)
            return redirect(url_for("decisions.page", dsr_id=dsr_id), code=303)
    db.session.rollback()
    return _render(requests.get_request(dsr_id), errors=errors, open_form=form, status=422)


@bp.post("/verzoeken/<int:dsr_id>/besluit")
@requires(Permission.DECISIONS_DRAFT)
def save_draft(dsr_id: int) -> ResponseReturnValue:
    """Create or change the draft. An empty motivation takes the standard paragraphs of the
    chosen grounds, which the jurist then edits."""
    rights = [r.value for r in requests.get_request(dsr_id).rights_list]
    data, errors = parse_form(draft_form_schema(rights),
                              lists=tuple(grounds_field(r) for r in rights))

    def run(dsr: DataSubjectRequest, data: dict[str, Any], actor: Actor, now: datetime) -> None:
        services.save_draft(dsr, [services.PartInput(**p) for p in data["parts"]],
                            history_note=data["history_note"], actor=actor, now=now,
                            refuse_silent_grounds=False)  # the page warns instead

    return _act(dsr_id, "draft", data, errors, run, "Het concept is opgeslagen.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/geen-gevolg")
@requires(Permission.DECISIONS_DRAFT)
def save_refusal_12_5(dsr_id: int) -> ResponseReturnValue:
    """Create or change the draft besluit not to act on the request (AVG 12(5))."""
    data, errors = parse_form(Refusal125Schema())
    return _act(dsr_id, "other_kind", data, errors,
                lambda dsr, d, actor, now: services.draft_refusal_12_5(dsr, actor=actor, now=now,
                                                                       **d),
                "Het concept is opgeslagen.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/niet-in-behandeling")
@requires(Permission.DECISIONS_DRAFT)
def save_not_handled(dsr_id: int) -> ResponseReturnValue:
    """Create or change the draft besluit not to handle the request (Awb 4:5)."""
    data, errors = parse_form(NotHandledSchema())
    return _act(dsr_id, "other_kind", data, errors,
                lambda dsr, d, actor, now: services.draft_not_handled(dsr, actor=actor, now=now,
                                                                      **d),
                "Het concept is opgeslagen.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/overleden")
@requires(Permission.DECISIONS_DRAFT)
def save_deceased(dsr_id: int) -> ResponseReturnValue:
    """Create or change the draft besluit that the AVG does not apply (recital 27)."""
    data, errors = parse_form(NotHandledSchema())
    return _act(dsr_id, "other_kind", data, errors,
                lambda dsr, d, actor, now: services.draft_deceased(dsr, actor=actor, now=now,
                                                                   **d),
                "Het concept is opgeslagen.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/verwijderen")
@requires(Permission.DECISIONS_DRAFT)
def discard(dsr_id: int) -> ResponseReturnValue:
    return _act(dsr_id, "other_kind", {}, {},
                lambda dsr, _, actor, now: services.discard_draft(_decision(dsr), actor=actor,
                                                                  now=now),
                "Het concept is verwijderd.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/aanbieden")
@requires(Permission.DECISIONS_DRAFT)
def submit(dsr_id: int) -> ResponseReturnValue:
    return _act(dsr_id, "submit", {}, {},
                lambda dsr, _, actor, now: services.submit_for_approval(
                    _decision(dsr), actor=actor, now=now),
                "Het besluit is ter goedkeuring aangeboden aan een tweede jurist.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/goedkeuren")
@requires(Permission.DECISIONS_DRAFT)
def approve(dsr_id: int) -> ResponseReturnValue:
    return _act(dsr_id, "approve", {}, {},
                lambda dsr, _, actor, now: services.approve(_decision(dsr), actor=actor,
                                                            now=now),
                "Het besluit is goedgekeurd. De brief wordt gemaakt op de dag van verzending.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/terugsturen")
@requires(Permission.DECISIONS_DRAFT)
def send_back(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(SendBackSchema())
    return _act(dsr_id, "send_back", data, errors,
                lambda dsr, d, actor, now: services.send_back(_decision(dsr), reason=d["reason"],
                                                              actor=actor, now=now),
                "Het besluit is teruggestuurd naar de opsteller.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/bekendmaking")
@requires(Permission.DECISIONS_RECORD)
def notify(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(NotifySchema())
    return _act(dsr_id, "notify", data, errors,
                lambda dsr, d, actor, now: services.notify(_decision(dsr), actor=actor, now=now,
                                                           **d),
                "De bekendmaking is vastgelegd; de bezwaartermijn loopt.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/post")
@requires(Permission.DECISIONS_RECORD)
def queue_for_post(dsr_id: int) -> ResponseReturnValue:
    return _act(dsr_id, "notify", {}, {},
                lambda dsr, _, actor, now: services.queue_for_post(_decision(dsr), actor=actor,
                                                                   now=now),
                "Het besluit staat klaar voor de post: print het op de dag dat u het verstuurt.")


@bp.post("/verzoeken/<int:dsr_id>/besluit/printen")
@requires(Permission.DECISIONS_RECORD)
def print_for_post(dsr_id: int) -> ResponseReturnValue:
    """The letter to print, dated today (a version of an earlier day is replaced and kept
    void); then its PDF."""
    try:
        with unit_of_work():
            dsr = requests.get_request(dsr_id, for_update=True)
            letter = services.print_for_post(_decision(dsr), actor=current_actor(),
                                             now=clock.now_utc())
            letter_id = letter.id
    except DomainError as refused:
        db.session.rollback()
        return _render(requests.get_request(dsr_id), errors=_refusal(refused),
                       open_form="notify", status=422)
    return redirect(url_for("requests.letter_pdf", dsr_id=dsr_id, letter_id=letter_id),
                    code=303)


@bp.get("/besluiten/te-versturen")
@requires(Permission.DECISIONS_RECORD)
def post_queue() -> ResponseReturnValue:
    """Paper besluiten to print and post; the day they are marked posted is the verzenddatum."""
    with unit_of_work():
        rows = services.post_queue()
        record(current_actor(), "decision.post_queue_view", object_type="decision",
               purpose=Purpose.HANDLING_REQUEST)
    return render_template("decisions/post.html", rows=rows, today=clock.today_local(),
                           letters={d.id: services.current_letter(d) for d in rows})


@bp.post("/verzoeken/<int:dsr_id>/besluit/bezwaren")
@requires(Permission.DECISIONS_RECORD)
def register_objection(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(ObjectionSchema(), checkboxes=("committee",))
    return _act(dsr_id, "objection", data, errors,
                lambda dsr, d, actor, now: services.register_objection(
                    _decision(dsr), actor=actor, now=now, **d),
                "Het bezwaar is vastgelegd.")


@bp.post("/verzoeken/<int:dsr_id>/ingebrekestellingen")
@requires(Permission.DECISIONS_RECORD)
def register_default_notice(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(DefaultNoticeSchema())
    return _act(dsr_id, "default_notice", data, errors,
                lambda dsr, d, actor, now: services.register_default_notice(
                    dsr, actor=actor, now=now, **d),
                "De ingebrekestelling is vastgelegd.")


# ------------------------------------------------------------------------------ preview
#: The preview says in print and on screen that it is not the besluit. The style is inline, so
#: the page's CSP allows exactly this style by its hash.
CONCEPT_STYLE = (
    '@page { @top-center { content: "CONCEPT – geen besluit"; color: #a00000; '
    'font-family: "DejaVu Sans", sans-serif; font-size: 9pt; font-weight: bold; } } '
    ".concept-mark { border: 2px solid #a00000; color: #a00000; font-weight: bold; "
    "padding: 2mm; margin: 0 0 4mm; text-align: center; }")
CONCEPT_MARK = ('<p class="concept-mark">CONCEPT — dit is niet het verzonden besluit. De brief '
                "krijgt de datum van de dag van verzending.</p>")
_CONCEPT_STYLE_HASH = "'sha256-" + base64.b64encode(
    hashlib.sha256(CONCEPT_STYLE.encode()).digest()).decode() + "'"
PREVIEW_CSP = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", f"style-src 'self' {_CONCEPT_STYLE_HASH}").replace(
    "base-uri 'none'", "base-uri 'self'")


def _mark_concept(html: str, *, base_href: str | None = None) -> str:
    head = f"<style>{CONCEPT_STYLE}</style>"
    if base_href is not None:  # the letter's own relative URLs (css/, img/) in a browser
        head = f'<base href="{base_href}">' + head
    return html.replace("<head>", "<head>" + head, 1).replace("<body>", "<body>" + CONCEPT_MARK, 1)


def _preview_html(dsr_id: int) -> tuple[DataSubjectRequest, Decision, str | None]:
    """The besluit letter for the current draft, rendered from a transient ``Letter`` that is
    never added to the session: nothing is stored. A decision already taken has its letter."""
    dsr = requests.get_request(dsr_id)
    decision = _decision(dsr)
    record(current_actor(), "decision.preview", object_type="decision", object_id=decision.id,
           purpose=Purpose.HANDLING_REQUEST)
    if decision.status_enum is DecisionStatus.NOTIFIED and decision.letter_id is not None:
        return dsr, decision, None
    letter = Letter(kind=LETTER_KIND[decision.kind_enum], dsr_id=dsr.id,
                    kenmerk=dsr.reference, dagtekening=clock.now_utc())
    return dsr, decision, render_letter_html(letter)


@bp.get("/verzoeken/<int:dsr_id>/besluit/voorbeeld")
@requires(Permission.REQUESTS_READ)
def preview(dsr_id: int) -> ResponseReturnValue:
    with unit_of_work():
        dsr, decision, html = _preview_html(dsr_id)
    if html is None:
        return redirect(url_for("requests.letter_pdf", dsr_id=dsr.id,
                                letter_id=decision.letter_id), code=303)
    response = Response(_mark_concept(html, base_href=url_for("static", filename="")),
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


@bp.get("/verzoeken/<int:dsr_id>/besluit/voorbeeld.pdf")
@requires(Permission.REQUESTS_READ)
def preview_pdf(dsr_id: int) -> ResponseReturnValue:
    with unit_of_work():
        dsr, decision, html = _preview_html(dsr_id)
    if html is None:
        return redirect(url_for("requests.letter_pdf", dsr_id=dsr.id,
                                letter_id=decision.letter_id), code=303)
    return file_response(render_pdf(_mark_concept(html)), "application/pdf",
                         f"besluit-{dsr.reference}-concept.pdf")


# ------------------------------------------------------------------------------ register
@bp.get("/besluiten")
@requires(Permission.REQUESTS_READ)
def register() -> ResponseReturnValue:
    """The decision register, with the ZGW Besluiten names of the dates."""
    raw = {k: v for k, v in request.args.items() if v != ""}
    try:
        query = RegisterQuerySchema().load(raw)
        errors: Errors = {}
    except ValidationError as error:
        errors = localise_errors(error.messages, "nl")
        query = RegisterQuerySchema().load({k: v for k, v in raw.items() if k not in errors})
    with unit_of_work():
        rows, has_next = services.register_page(query["page"], query["per_page"])
        record(current_actor(), "decision.list", object_type="decision",
               purpose=Purpose.HANDLING_REQUEST)
    return render_template(
        "decisions/register.html", rows=rows, page=query["page"], per_page=query["per_page"],
        has_next=has_next, errors=errors,
        decision_status_labels={s.value: label for s, label in DECISION_STATUS_LABELS.items()})
