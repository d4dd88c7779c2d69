"""``/api/v1``: the besluit on a request, for integrations (the same services as the pages).

Drafting and four-eyes approval need ``DECISIONS_DRAFT`` (legal staff); bekendmaking, bezwaar
and ingebrekestelling ``DECISIONS_RECORD``; reading ``REQUESTS_READ``. A refusal is a 422 with
the fields it is about. The register gives the dates under the ZGW Besluiten API names
(``datum``, ``verzenddatum``, ``ingangsdatum``, ``uiterlijkeReactiedatum``). Every view is
audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import redirect, url_for

from avg_service.api.actions import api_action
from avg_service.api.blueprint import Blueprint

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.decisions import previews, services
from avg_service.decisions.models import Decision, DecisionPreview, DecisionStatus
from avg_service.decisions.schemas import (
    DecisionOutSchema,
    DefaultNoticeSchema,
    DraftSchema,
    NotHandledSchema,
    NotifySchema,
    ObjectionOutSchema,
    ObjectionSchema,
    PenaltyStatusSchema,
    PreviewOutSchema,
    Refusal125Schema,
    RegisterPageSchema,
    RegisterQuerySchema,
    SendBackSchema,
)
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.requests import services as requests
from avg_service.web.forms import file_response

blp = Blueprint("decisions_api", __name__, url_prefix="/api/v1",
                description="Besluiten: drafting per right, four-eyes approval, bekendmaking, "
                            "bezwaar, ingebrekestelling and the decision register")


def _act(decision_id: int, run: Callable[[Decision, Actor, datetime], Any]) -> Any:
    """One act on one decision in one unit of work, its request's row locked (as the pages
    do), so two acts on one besluit never interleave; returns what ``run`` returns."""
    def locked() -> Decision:
        decision = services.get_decision(decision_id)
        requests.get_request(decision.dsr_id, for_update=True)
        db.session.refresh(decision)
        return decision

    return api_action(locked, run)


# ------------------------------------------------------------------------------ per request
@blp.get("/requests/<int:dsr_id>/decision")
@blp.response(200, DecisionOutSchema)
@requires(Permission.REQUESTS_READ)
def get_decision(dsr_id: int) -> Any:
    """The besluit on the request (404 while there is none)."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        decision = services.decision_of(dsr)
        if decision is None:
            raise NotFound("Er is nog geen besluit op dit verzoek.")
        record(current_actor(), "decision.view", object_type="decision", object_id=decision.id,
               purpose=Purpose.HANDLING_REQUEST)
    return decision


@blp.put("/requests/<int:dsr_id>/decision")
@blp.arguments(DraftSchema)
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_DRAFT)
def save_draft(data: dict[str, Any], dsr_id: int) -> Any:
    """Create or replace the draft: one part per right invoked. A part without a motivation
    gets the standard paragraphs of its grounds. Refused once the draft is submitted."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id, for_update=True)
        decision = services.save_draft(
            dsr, [services.PartInput(**p) for p in data["parts"]],
            history_note=data["history_note"], actor=current_actor(), now=clock.now_utc())
    return services.get_decision(decision.id)


@blp.put("/requests/<int:dsr_id>/decision/refusal-12-5")
@blp.arguments(Refusal125Schema)
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_DRAFT)
def save_refusal_12_5(data: dict[str, Any], dsr_id: int) -> Any:
    """Create or change the draft besluit not to act on the request (AVG 12(5)(b)): which of
    kennelijk ongegrond and buitensporig, and this request's facts. Within one month of receipt
    (12(4)); then four eyes, as for every besluit."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id, for_update=True)
        decision = services.draft_refusal_12_5(dsr, actor=current_actor(), now=clock.now_utc(),
                                               **data)
    return services.get_decision(decision.id)


@blp.put("/requests/<int:dsr_id>/decision/not-handled")
@blp.arguments(NotHandledSchema)
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_DRAFT)
def save_not_handled(data: dict[str, Any], dsr_id: int) -> Any:
    """Create or change the draft besluit not to handle the request after an unused Awb 4:5
    term (for a request for access only when identity or representation was not shown)."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id, for_update=True)
        decision = services.draft_not_handled(dsr, actor=current_actor(), now=clock.now_utc(),
                                              **data)
    return services.get_decision(decision.id)


# ------------------------------------------------------------------------------ preview
def _decision_of(dsr_id: int) -> Decision:
    decision = services.decision_of(requests.get_request(dsr_id))
    if decision is None:
        raise NotFound("Er is nog geen besluit op dit verzoek.")
    return decision


def _preview_out(dsr_id: int, preview: DecisionPreview) -> dict[str, Any]:
    ready = preview.status == "ready"
    return {"id": preview.id, "status": preview.status, "requested_at": preview.requested_at,
            "ready_at": preview.ready_at, "expires_at": previews.expires_at(preview),
            "page_count": preview.page_count,
            "pdf": url_for("decisions_api.get_preview_pdf", dsr_id=dsr_id,
                           preview_id=preview.id) if ready else None}


@blp.post("/requests/<int:dsr_id>/decision/preview")
@blp.response(202, PreviewOutSchema)
@requires(Permission.REQUESTS_READ)
def request_preview(dsr_id: int) -> Any:
    """Ask for the CONCEPT PDF of the draft: a job renders it. The same draft asked for again
    is the same preview; more than two in the making at once is a 429. A besluit made known
    redirects (303) to its letter."""
    with unit_of_work():
        decision = _decision_of(dsr_id)
        if decision.status_enum is DecisionStatus.NOTIFIED and decision.letter_id is not None:
            return redirect(url_for("requests_api.get_letter", dsr_id=dsr_id,
                                    letter_id=decision.letter_id), code=303)
        preview = previews.request_preview(decision.dsr, decision, actor=current_actor(),
                                           now=clock.now_utc())
    return _preview_out(dsr_id, preview)


@blp.get("/requests/<int:dsr_id>/decision/preview/<int:preview_id>")
@blp.response(200, PreviewOutSchema)
@requires(Permission.REQUESTS_READ)
def get_preview(dsr_id: int, preview_id: int) -> Any:
    """The state of one's own preview (404 for anyone else's, or once expired)."""
    with unit_of_work():
        preview = previews.get_preview(preview_id, decision=_decision_of(dsr_id),
                                       actor=current_actor(), now=clock.now_utc())
    return _preview_out(dsr_id, preview)


@blp.get("/requests/<int:dsr_id>/decision/preview/<int:preview_id>.pdf")
@requires(Permission.REQUESTS_READ)
def get_preview_pdf(dsr_id: int, preview_id: int) -> Any:
    """The PDF of one's own preview; 409 while it is not made."""
    with unit_of_work():
        decision = _decision_of(dsr_id)
        _preview, pdf = previews.open_preview(preview_id, decision=decision,
                                              actor=current_actor(), now=clock.now_utc())
        reference = decision.dsr.reference
    if pdf is None:
        raise previews.PreviewNotReady("Het voorbeeld is nog niet klaar, of kon niet worden "
                                       "gemaakt; vraag de stand op en probeer het dan opnieuw.")
    return file_response(pdf, "application/pdf", f"besluit-{reference}-concept.pdf")


@blp.get("/requests/<int:dsr_id>/default-notices")
@blp.response(200, PenaltyStatusSchema(many=True))
@requires(Permission.REQUESTS_READ)
def list_default_notices(dsr_id: int) -> Any:
    """Each ingebrekestelling with the dwangsom accrued so far (an indication: the jurist sets
    the amount, R11)."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        record(current_actor(), "dsr.default_notice_view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    return services.penalties(dsr, today=clock.today_local())


@blp.post("/requests/<int:dsr_id>/default-notices")
@blp.arguments(DefaultNoticeSchema)
@blp.response(201, PenaltyStatusSchema)
@requires(Permission.DECISIONS_RECORD)
def register_default_notice(data: dict[str, Any], dsr_id: int) -> Any:
    """An ingebrekestelling (Awb 4:17): refused before the decision term has expired."""
    with unit_of_work():
        dsr = requests.get_request(dsr_id, for_update=True)
        notice = services.register_default_notice(dsr, actor=current_actor(),
                                                  now=clock.now_utc(), **data)
    return services.notice_status(notice, requests.get_request(dsr_id), today=clock.today_local())


# ------------------------------------------------------------------------------ per decision
@blp.post("/decisions/<int:decision_id>/submit")
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_DRAFT)
def submit(decision_id: int) -> Any:
    """Offer the draft to a second jurist; refused while participants still have to answer."""
    _act(decision_id, lambda d, actor, now: services.submit_for_approval(d, actor=actor,
                                                                         now=now))
    return services.get_decision(decision_id)


@blp.post("/decisions/<int:decision_id>/approve")
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_DRAFT)
def approve(decision_id: int) -> Any:
    """Four eyes: a jurist other than the drafter approves (the drafter gets a 422). The final
    PDF/A is rendered after the commit; ``letter_id`` names it."""
    _act(decision_id, lambda d, actor, now: services.approve(d, actor=actor, now=now))
    return services.get_decision(decision_id)


@blp.post("/decisions/<int:decision_id>/send-back")
@blp.arguments(SendBackSchema)
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_DRAFT)
def send_back(data: dict[str, Any], decision_id: int) -> Any:
    """Not approved: back to the drafter as a draft, with the reason."""
    _act(decision_id, lambda d, actor, now: services.send_back(d, reason=data["reason"],
                                                               actor=actor, now=now))
    return services.get_decision(decision_id)


@blp.delete("/decisions/<int:decision_id>")
@blp.response(204)
@requires(Permission.DECISIONS_DRAFT)
def discard(decision_id: int) -> Any:
    """Drop a draft that was never submitted."""
    _act(decision_id, lambda d, actor, now: services.discard_draft(d, actor=actor, now=now))
    return None


@blp.post("/decisions/<int:decision_id>/post-queue")
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_RECORD)
def queue_for_post(decision_id: int) -> Any:
    """Put an approved paper besluit in the post queue; its letter is dated today."""
    _act(decision_id, lambda d, actor, now: services.queue_for_post(d, actor=actor, now=now))
    return services.get_decision(decision_id)


@blp.post("/decisions/<int:decision_id>/notification")
@blp.arguments(NotifySchema)
@blp.response(200, DecisionOutSchema)
@requires(Permission.DECISIONS_RECORD)
def notify(data: dict[str, Any], decision_id: int) -> Any:
    """Bekendmaking (Awb 3:41): sets ``verzenddatum``, ``ingangsdatum`` and
    ``uiterlijkeReactiedatum`` (the end of the bezwaartermijn, Awb 6:7, 6:8). ``electronic``
    only after the requester's express choice (Awb 2:8)."""
    _act(decision_id, lambda d, actor, now: services.notify(d, actor=actor, now=now, **data))
    return services.get_decision(decision_id)


@blp.post("/decisions/<int:decision_id>/objections")
@blp.arguments(ObjectionSchema)
@blp.response(201, ObjectionOutSchema)
@requires(Permission.DECISIONS_RECORD)
def register_objection(data: dict[str, Any], decision_id: int) -> Any:
    """A bezwaarschrift: on time or not (Awb 6:9) and the decision due (Awb 7:10)."""
    return _act(decision_id, lambda d, actor, now: services.register_objection(
        d, actor=actor, now=now, **data))


# ------------------------------------------------------------------------------ register
@blp.get("/decisions")
@blp.arguments(RegisterQuerySchema, location="query")
@blp.response(200, RegisterPageSchema)
@requires(Permission.REQUESTS_READ)
def list_decisions(args: dict[str, Any]) -> Any:
    """The decision register, newest first, one page."""
    page, per_page = args["page"], args["per_page"]
    with unit_of_work():
        rows, has_next = services.register_page(page, per_page)
        record(current_actor(), "decision.list", object_type="decision",
               purpose=Purpose.HANDLING_REQUEST)
    return {"rows": rows, "page": page, "per_page": per_page, "has_next": has_next}
