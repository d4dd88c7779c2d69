"""The hearing page of a request: who is heard before the besluit (Awb 4:7, 4:8), the letters,
the exceptions, the answers and the weighing.

Each act parses its form, calls one service in one unit of work and redirects (303); a refusal
comes back beside its field (422). An invitation sends a letter, so it is first shown with the
letter as it will be, rendered from the real data and rolled back, and done only when confirmed
(as on the request page). Jurists decide on hearing and weigh (``DECISIONS_DRAFT``); whoever acts
on requests records an answer (``REQUESTS_MANAGE``); whoever reads requests reads the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from marshmallow import Schema

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.hearing import rules, services
from avg_service.hearing.schemas import (
    AnswerSchema,
    ExceptionSchema,
    InviteApplicantSchema,
    InviteThirdPartySchema,
    WeighingSchema,
)
from avg_service.letters.models import Letter
from avg_service.letters.services import render_letter_html
from avg_service.requests import documents
from avg_service.requests import services as requests
from avg_service.requests.models import DataSubjectRequest
from avg_service.web.forms import parse_form

bp = Blueprint("hearing", __name__, url_prefix="/verzoeken/<int:dsr_id>/horen")

Errors = dict[str, list[str]]
Run = Callable[[DataSubjectRequest, dict[str, Any], Actor, datetime], Any]

INVITATIONS: dict[str, tuple[str, type[Schema], str]] = {
    "verzoeker": ("De verzoeker horen (Awb 4:7)", InviteApplicantSchema,
                  "De verzoeker krijgt deze brief. De beslistermijn loopt door: het horen schort "
                  "die niet op."),
    "derde": ("Een derde horen (Awb 4:8)", InviteThirdPartySchema,
              "De derde krijgt deze brief op het ingevulde adres. De verzoeker ziet de brief "
              "niet. De beslistermijn loopt door."),
}


def _render(dsr: DataSubjectRequest, *, errors: Errors | None = None, open_form: str | None = None,
            status: int = 200) -> ResponseReturnValue:
    today = clock.today_local()
    return render_template(
        "hearing/page.html", dsr=dsr, hearings=services.hearings_of(dsr), errors=errors or {},
        open_form=open_form, form=request.form, today=today,
        default_term=rules.default_term_until(today), open_points=services.open_points(
            dsr, today=today),
        kind_labels={k.value: label for k, label in rules.HEARING_KIND_LABELS.items()},
        exceptions={kind.value: [(code.value, rules.EXCEPTIONS[code].label,
                                  rules.EXCEPTIONS[code].source)
                                 for code in rules.exceptions_for(kind)]
                    for kind in rules.HearingKind},
        exception_labels={code.value: f"{rule.label} ({rule.source})"
                          for code, rule in rules.EXCEPTIONS.items()},
        invitations=INVITATIONS,
        warnings={h.id: rules.term_warning(term_until=h.term_until, due_on=dsr.due_on,
                                            extended=dsr.is_extended,
                                            extension_notice_by=dsr.extension_notice_by)
                  for h in services.hearings_of(dsr) if h.term_until and not h.is_answered},
    ), status


@bp.get("")
@requires(Permission.REQUESTS_READ)
def page(dsr_id: int) -> ResponseReturnValue:
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        record(current_actor(), "dsr.hearing_view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render(dsr)


def _act(dsr_id: int, form: str, data: dict[str, Any] | None, errors: Errors, run: Run,
         done: str) -> ResponseReturnValue:
    if data is not None:
        try:
            with unit_of_work():
                dsr = requests.get_request(dsr_id, for_update=True)
                run(dsr, data, current_actor(), clock.now_utc())
        except DomainError as refused:
            if isinstance(refused, NotFound):
                raise
            errors = refused.errors or {"_": [refused.message]}
        else:
            flash(done)
            return redirect(url_for("hearing.page", dsr_id=dsr_id), code=303)
    db.session.rollback()
    return _render(requests.get_request(dsr_id), errors=errors, open_form=form, status=422)


def _invite(key: str) -> Run:
    def run(dsr: DataSubjectRequest, data: dict[str, Any], actor: Actor, now: datetime) -> Any:
        if key == "verzoeker":
            return services.invite_applicant(dsr, actor=actor, now=now, **data)
        return services.invite_third_party(dsr, actor=actor, now=now, **data)
    return run


@bp.post("/uitnodigen/<key>")
@requires(Permission.DECISIONS_DRAFT)
def invite(dsr_id: int, key: str) -> ResponseReturnValue:
    """Invite the applicant or a third party: first the letter as it will be, then confirmed."""
    if key not in INVITATIONS:
        raise NotFound("Deze handeling bestaat niet.")
    title, schema, confirm = INVITATIONS[key]
    if request.form.get("bevestigd") == "wijzigen":
        return _render(requests.get_request(dsr_id), open_form=key)
    data, errors = parse_form(schema(), ignore=("bevestigd",))
    if data is not None and request.form.get("bevestigd") != "ja":
        preview = _dry_run(dsr_id, _invite(key), data)
        if isinstance(preview, dict):
            errors, data = preview, None
        else:
            dsr = requests.get_request(dsr_id)
            fields = [(k, v) for k, v in request.form.items(multi=True)
                      if k not in ("csrf_token", "bevestigd")]
            return render_template("hearing/confirm.html", dsr=dsr, title=title,
                                   confirm=confirm, key=key, fields=fields, letter=preview)
    return _act(dsr_id, key, data, errors, _invite(key),
                "De uitnodiging is vastgelegd en de brief is aangemaakt.")


def _dry_run(dsr_id: int, run: Run, data: dict[str, Any]) -> Markup | Errors:
    """The invitation done and rolled back: its refusal, or its letter's body as rendered."""
    actor, now = current_actor(), clock.now_utc()
    try:
        dsr = requests.get_request(dsr_id, for_update=True)
        hearing = run(dsr, data, actor, now)
        db.session.flush()
        letter = db.session.get(Letter, hearing.letter_id)
        assert letter is not None
        html = render_letter_html(letter)
    except DomainError as refused:
        if isinstance(refused, NotFound):
            raise
        return refused.errors or {"_": [refused.message]}
    finally:
        db.session.rollback()
    with unit_of_work():
        record(actor, "dsr.act_preview", object_type="dsr", object_id=dsr_id,
               purpose=Purpose.HANDLING_REQUEST)
    start, end = html.find("<body"), html.rfind("</body>")
    body = html[html.index(">", start) + 1:end] if start != -1 and end != -1 else ""
    return Markup(body.replace('src="img/', f'src="{url_for("static", filename="img/")}'))


@bp.post("/uitzondering")
@requires(Permission.DECISIONS_DRAFT)
def exception(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(ExceptionSchema())
    return _act(dsr_id, "uitzondering", data, errors,
                lambda dsr, d, actor, now: services.record_exception(dsr, actor=actor, now=now,
                                                                     **d),
                "Vastgelegd waarom niet wordt gehoord; het verloop van het besluit noemt het.")


@bp.post("/<int:hearing_id>/zienswijze")
@requires(Permission.REQUESTS_MANAGE)
def answer(dsr_id: int, hearing_id: int) -> ResponseReturnValue:
    """The zienswijze: the document (uploaded), or the record of an oral one (Awb 4:9)."""
    data, errors = parse_form(AnswerSchema())
    item = request.files.get("file")
    upload = (requests.Upload("zienswijze", item.filename, item.read(
        documents.MAX_FILE_BYTES + 1)) if item is not None and item.filename else None)

    def run(dsr: DataSubjectRequest, d: dict[str, Any], actor: Actor, now: datetime) -> Any:
        hearing = services.get_hearing(dsr, hearing_id)
        return services.record_answer(dsr, hearing, answered_on=d["answered_on"],
                                      summary=d["summary"] or "", upload=upload, actor=actor,
                                      now=now)

    return _act(dsr_id, f"antwoord-{hearing_id}", data, errors, run,
                "De zienswijze is vastgelegd.")


@bp.post("/<int:hearing_id>/afweging")
@requires(Permission.DECISIONS_DRAFT)
def weigh(dsr_id: int, hearing_id: int) -> ResponseReturnValue:
    data, errors = parse_form(WeighingSchema())
    return _act(dsr_id, f"afweging-{hearing_id}", data, errors,
                lambda dsr, d, actor, now: services.record_weighing(
                    dsr, services.get_hearing(dsr, hearing_id), actor=actor, now=now, **d),
                "De afweging is vastgelegd; het verloop van het besluit noemt die.")

