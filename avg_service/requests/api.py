"""``/api/v1/requests``: everything staff do on the pages, for integrations (same services)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import request
from avg_service.api.actions import api_action
from avg_service.api.blueprint import Blueprint

from avg_service import clock
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import DomainError
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.requests import documents, queue, services
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.schemas import (
    AnswerSchema,
    AssignSchema,
    DocumentOutSchema,
    ForwardSchema,
    IdentitySchema,
    IntakeSchema,
    InvitationSchema,
    LetterOutSchema,
    PRIVATE_FILTERS,
    QueueListSchema,
    QueuePageSchema,
    QueueQuerySchema,
    ReasonSchema,
    RequestOutSchema,
    StartSchema,
)
from avg_service.web.forms import file_response

blp = Blueprint("requests_api", __name__, url_prefix="/api/v1",
                description="Data-subject requests: intake, lifecycle, work queue")


def _act(dsr_id: int, run: Any) -> DataSubjectRequest:
    """One act on one request in one unit of work; the request comes back as it is now."""
    api_action(lambda: services.get_request(dsr_id, for_update=True), run)
    return services.get_request(dsr_id)


#: The answer to a name or a date of birth in the URL: refused, not ignored (an ignored search
#: would answer with the whole queue as if nobody matched).
SEARCH_NOT_IN_URL = ("Zoek op naam, kenmerk of geboortedatum met POST /api/v1/requests/search "
                     "(in de JSON-body): persoonsgegevens horen niet in een URL.")


class SearchInUrl(DomainError):
    status_code = 400


@blp.get("/requests")
@blp.arguments(QueueListSchema, location="query")
@blp.response(200, QueuePageSchema)
@requires(Permission.REQUESTS_READ)
def list_requests(args: dict[str, Any]) -> Any:
    """The work queue: open requests by due date, filtered, one page. A search on a name, a
    reference or a date of birth is ``POST /api/v1/requests/search``: never in a URL."""
    if any(name in request.args for name in PRIVATE_FILTERS):
        raise SearchInUrl(SEARCH_NOT_IN_URL, errors={
            name: [SEARCH_NOT_IN_URL] for name in PRIVATE_FILTERS if name in request.args})
    return _queue(args)


@blp.post("/requests/search")
@blp.arguments(QueueQuerySchema)
@blp.response(200, QueuePageSchema)
@requires(Permission.REQUESTS_READ)
def search_requests(args: dict[str, Any]) -> Any:
    """The work queue searched: the filters of ``GET /api/v1/requests`` and ``q`` (part of a
    family name with or without tussenvoegsel, a given name, a reference fragment; case and
    accents do not matter) or ``date_of_birth``, in the JSON body."""
    return _queue(args)


def _queue(args: dict[str, Any]) -> Any:
    page, per_page = args.pop("page"), args.pop("per_page")
    filters = queue.QueueFilters(**args)
    with unit_of_work():
        result = queue.work_queue(filters, today=clock.today_local(), page=page,
                                  per_page=per_page)
        record(current_actor(), "dsr.search" if filters.q or filters.date_of_birth
               else "dsr.list", object_type="dsr", purpose=Purpose.HANDLING_REQUEST)
    return result


@blp.post("/requests")
@blp.arguments(IntakeSchema)
@blp.response(201, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def create_request(data: dict[str, Any]) -> Any:
    """Staff intake on the real receipt moment (letter, e-mail, phone, desk)."""
    channel = data.pop("channel")
    received_at = data.pop("received_at")
    first_by = data.pop("first_received_by_id", None)
    first_at = data.pop("first_received_at", None)
    with unit_of_work():
        dsr = services.register(services.Intake.from_data(data), channel=channel,
                                received_at=received_at, actor=current_actor(),
                                now=clock.now_utc(), first_received_by_id=first_by,
                                first_received_at=first_at)
    return services.get_request(dsr.id)


@blp.get("/requests/<int:dsr_id>")
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_READ)
def get_request(dsr_id: int) -> Any:
    with unit_of_work():
        dsr = services.get_request(dsr_id)
        record(current_actor(), "dsr.view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    return dsr


@blp.post("/requests/<int:dsr_id>/start")
@blp.arguments(StartSchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def start(data: dict[str, Any], dsr_id: int) -> Any:
    return _act(dsr_id, lambda d, a, now: services.start_handling(
        d, actor=a, now=now, reason=data.get("reason")))


@blp.post("/requests/<int:dsr_id>/invitations")
@blp.arguments(InvitationSchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def invite(data: dict[str, Any], dsr_id: int) -> Any:
    """An Awb 4:5 invitation with a term; suspends the decision term (Awb 4:15)."""
    return _act(dsr_id, lambda d, a, now: services.invite(d, actor=a, now=now, **data))


@blp.post("/requests/<int:dsr_id>/answer")
@blp.arguments(AnswerSchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def answer(data: dict[str, Any], dsr_id: int) -> Any:
    return _act(dsr_id, lambda d, a, now: services.record_answer(d, actor=a, now=now, **data))


@blp.post("/requests/<int:dsr_id>/identity-check")
@blp.arguments(IdentitySchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def identity_check(data: dict[str, Any], dsr_id: int) -> Any:
    return _act(dsr_id, lambda d, a, now: services.check_identity(d, actor=a, now=now, **data))


@blp.post("/requests/<int:dsr_id>/extension")
@blp.arguments(ReasonSchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def extension(data: dict[str, Any], dsr_id: int) -> Any:
    """AVG 12(3): refused after the notice date (R6)."""
    return _act(dsr_id, lambda d, a, now: services.extend(d, actor=a, now=now, **data))


@blp.post("/requests/<int:dsr_id>/withdrawal")
@blp.arguments(ReasonSchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def withdrawal(data: dict[str, Any], dsr_id: int) -> Any:
    return _act(dsr_id, lambda d, a, now: services.withdraw(d, actor=a, now=now, **data))


@blp.post("/requests/<int:dsr_id>/forwarding")
@blp.arguments(ForwardSchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def forwarding(data: dict[str, Any], dsr_id: int) -> Any:
    return _act(dsr_id, lambda d, a, now: services.forward(d, actor=a, now=now, **data))


@blp.post("/requests/<int:dsr_id>/assignment")
@blp.arguments(AssignSchema)
@blp.response(200, RequestOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def assignment(data: dict[str, Any], dsr_id: int) -> Any:
    return _act(dsr_id, lambda d, a, now: services.assign(d, actor=a, now=now, **data))


@blp.post("/requests/<int:dsr_id>/documents")
@blp.response(201, DocumentOutSchema)
@requires(Permission.REQUESTS_MANAGE)
def add_document(dsr_id: int) -> Any:
    """``multipart/form-data`` with ``file`` and ``kind`` (scan, identity, authorisation,
    attachment). Checked by content: PDF, JPEG or PNG, at most 10 MB."""
    item = request.files.get("file")
    kind = request.form.get("kind", "scan")
    if item is None or not item.filename:
        raise DomainError("Stuur een bestand in het veld 'file'.", errors={"file": ["Ontbreekt."]})
    if kind not in documents.STAFF_KINDS:
        raise DomainError("Onbekende soort.", errors={"kind": ["Onbekende soort."]})
    with unit_of_work():
        dsr = services.get_request(dsr_id, for_update=True)
        document = services.add_document(
            dsr, services.Upload(kind, item.filename, item.read(documents.MAX_FILE_BYTES + 1)),
            actor=current_actor(), now=clock.now_utc())
    return document


@blp.get("/requests/<int:dsr_id>/documents/<int:document_id>")
@requires(Permission.REQUESTS_READ)
def get_document(dsr_id: int, document_id: int) -> Any:
    with unit_of_work():
        item, content = services.open_document(dsr_id, document_id, actor=current_actor(),
                                               now=clock.now_utc())
    return file_response(content, item.content_type, item.filename, inline=False)


@blp.get("/requests/<int:dsr_id>/letters")
@blp.response(200, LetterOutSchema(many=True))
@requires(Permission.REQUESTS_READ)
def list_letters(dsr_id: int) -> Any:
    """The letters of a request: a view of personal data, so audited (finding 12)."""
    with unit_of_work():
        services.get_request(dsr_id)
        letters = db.session.scalars(sa.select(Letter).where(Letter.dsr_id == dsr_id)
                                     .order_by(Letter.id)).all()
        record(current_actor(), "dsr.letters_view", object_type="dsr", object_id=dsr_id,
               purpose=Purpose.HANDLING_REQUEST, at=clock.now_utc())
    return letters


@blp.get("/requests/<int:dsr_id>/letters/<int:letter_id>.pdf")
@requires(Permission.REQUESTS_READ)
def get_letter(dsr_id: int, letter_id: int) -> Any:
    with unit_of_work():
        letter, pdf = services.open_letter(dsr_id, letter_id, actor=current_actor(),
                                           now=clock.now_utc())
    return file_response(pdf, "application/pdf", f"{letter.kind}-{letter.kenmerk}.pdf")
