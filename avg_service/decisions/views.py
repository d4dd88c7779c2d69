"""Pages of the besluit: per request the decision page (drafting, four-eyes approval, preview,
bekendmaking, bezwaar, ingebrekestelling) and the decision register.

Every act is one route that parses its form, calls one service inside one unit of work and
redirects (303); a refusal comes back beside its field on the decision page (422). Legal staff
draft and approve (``DECISIONS_DRAFT``); the contact point and legal staff record what happens
after (``DECISIONS_RECORD``); whoever reads requests reads the page. Every view is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.decisions import previews, services
from avg_service.decisions.models import (
    DECISION_STATUS_LABELS,
    Decision,
    DecisionStatus,
    PreviewStatus,
)
from avg_service.decisions.page import LABELS, decision_page
from avg_service.decisions.page import default_channel, outcomes_for  # noqa: F401 (moved)
from avg_service.decisions.schemas import (
    DefaultNoticeSchema,
    NotHandledSchema,
    NotifySchema,
    Refusal125Schema,
    ObjectionSchema,
    RegisterQuerySchema,
    SendBackSchema,
    draft_form_schema,
    grounds_field,
)
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.requests import services as requests
from avg_service.requests.models import DataSubjectRequest
from avg_service.web.actions import Errors, form_action, refusal
from avg_service.web.forms import file_response, parse_form
from avg_service.web.i18n import localise_errors
from avg_service.web.security import CONTENT_SECURITY_POLICY

bp = Blueprint("decisions", __name__)


def _decision(dsr: DataSubjectRequest) -> Decision:
    decision = services.decision_of(dsr)
    if decision is None:
        raise NotFound("Er is nog geen besluit op dit verzoek.")
    return decision


# ------------------------------------------------------------------------------ the page
def _render(dsr: DataSubjectRequest, *, errors: Errors | None = None,
            open_form: str | None = None, status: int = 200) -> ResponseReturnValue:
    data = decision_page(dsr, actor=current_actor(), today=clock.today_local(),
                         now=clock.now_utc(),
                         draft_form=request.form if open_form == "draft" else None)
    return render_template("decisions/page.html", **LABELS, **data.context(),
                           errors=errors or {}, open_form=open_form, form=request.form), status


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
    return form_action(
        valid=data is not None, errors=errors, done=done,
        unit=lambda: run(requests.get_request(dsr_id, for_update=True), data or {},
                         current_actor(), clock.now_utc()),
        redirect_to=lambda: url_for("decisions.page", dsr_id=dsr_id),
        again=lambda errors: _render(requests.get_request(dsr_id), errors=errors,
                                     open_form=form, status=422))


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
        return _render(requests.get_request(dsr_id), errors=refusal(refused),
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
PREVIEW_CSP = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", f"style-src 'self' {previews.CONCEPT_STYLE_HASH}").replace(
    "base-uri 'none'", "base-uri 'self'")
#: The waiting page looks again this often without JavaScript (with it, preview.js asks).
PREVIEW_REFRESH_S = 2


def _decision_letter(decision: Decision) -> ResponseReturnValue | None:
    """A decision made known has its letter: a preview goes to that letter instead."""
    if decision.status_enum is DecisionStatus.NOTIFIED and decision.letter_id is not None:
        return redirect(url_for("requests.letter_pdf", dsr_id=decision.dsr_id,
                                letter_id=decision.letter_id), code=303)
    return None


@bp.get("/verzoeken/<int:dsr_id>/besluit/voorbeeld")
@requires(Permission.REQUESTS_READ)
def preview(dsr_id: int) -> ResponseReturnValue:
    """The letter of the draft as HTML, marked CONCEPT, nothing stored."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        decision = _decision(dsr)
        record(current_actor(), "decision.preview", object_type="decision",
               object_id=decision.id, purpose=Purpose.HANDLING_REQUEST)
        final = _decision_letter(decision)
        html = None if final else previews.draft_letter_html(dsr, decision, clock.now_utc())
    if final is not None:
        return final
    assert html is not None
    response = Response(previews.mark_concept(html, base_href=url_for("static", filename="")),
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


@bp.post("/verzoeken/<int:dsr_id>/besluit/voorbeelden")
@requires(Permission.REQUESTS_READ)
def request_preview(dsr_id: int) -> ResponseReturnValue:
    """Ask for the PDF of the draft: a job renders it (issue 15, finding 8); the waiting page
    shows it when it is ready. The same draft asked for again is the same preview."""
    try:
        with unit_of_work():
            dsr = requests.get_request(dsr_id)
            decision = _decision(dsr)
            final = _decision_letter(decision)
            made = None if final else previews.request_preview(
                dsr, decision, actor=current_actor(), now=clock.now_utc())
            preview_id = made.id if made else None
    except previews.TooManyPreviews as refused:
        return render_template("decisions/preview.html", dsr=requests.get_request(dsr_id),
                               preview=None, refused=refused.message), 429
    if final is not None:
        return final
    return redirect(url_for("decisions.preview_status", dsr_id=dsr_id, preview_id=preview_id),
                    code=303)


@bp.get("/verzoeken/<int:dsr_id>/besluit/voorbeelden/<int:preview_id>")
@requires(Permission.REQUESTS_READ)
def preview_status(dsr_id: int, preview_id: int) -> ResponseReturnValue:
    """Waiting for the PDF (the page looks again by itself), or the link to open it. It shows
    no personal data, so looking again is not audited; opening the PDF is."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        found = previews.get_preview(preview_id, decision=_decision(dsr), actor=current_actor(),
                                     now=clock.now_utc())
    pending = found.status_enum is PreviewStatus.PENDING
    response = Response(render_template(
        "decisions/preview.html", dsr=dsr, preview=found, refused=None,
        refresh_s=PREVIEW_REFRESH_S if pending else None,
        expires_at=previews.expires_at(found)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/verzoeken/<int:dsr_id>/besluit/voorbeelden/<int:preview_id>.pdf")
@requires(Permission.REQUESTS_READ)
def preview_pdf(dsr_id: int, preview_id: int) -> ResponseReturnValue:
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        _found, pdf = previews.open_preview(preview_id, decision=_decision(dsr),
                                            actor=current_actor(), now=clock.now_utc())
    if pdf is None:  # not made (yet): the waiting page says so
        return redirect(url_for("decisions.preview_status", dsr_id=dsr_id,
                                preview_id=preview_id), code=303)
    return file_response(pdf, "application/pdf", f"besluit-{dsr.reference}-concept.pdf")


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
