"""Pages of the bezwaar phase: registering a bezwaarschrift against a besluit, the bezwaar page
with every act (herstel verzuim, hearing and verslag, verdaging, the beslissing op bezwaar
through four eyes), the concept preview of the beslissing, and the bezwaar work queue.

Every act is one route that parses its form, calls one service inside one unit of work and
redirects (303); a refusal comes back beside its field (422). Reading needs ``REQUESTS_READ``;
registering and the contact point's acts ``DECISIONS_RECORD``; drafting and approving the
beslissing ``DECISIONS_DRAFT`` (legal staff, checked again by the service). Every view is
audited. The request and decision pages show a request's bezwaren through ``bezwaren_for``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import Schema

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.guard import current_actor, requires
from avg_service.access.policy import may
from avg_service.access.roles import Permission, Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.bezwaar import letters as bezwaar_letters
from avg_service.bezwaar import dwangsom, rules, schemas, services
from avg_service.bezwaar.models import (
    BEZWAAR_STATUS_LABELS,
    CHANNELS,
    OPEN_STATUSES,
    RULING_STATUS_LABELS,
    Bezwaar,
    BezwaarHearing,
    BezwaarStatus,
    LateNotice,
    RulingStatus,
)
from avg_service.clock import AMSTERDAM
from avg_service.db import unit_of_work
from avg_service.decisions import catalogue
from avg_service.decisions import services as decisions
from avg_service.decisions.catalogue import GROUNDS_BY_CODE, OUTCOME_LABELS
from avg_service.decisions import previews
from avg_service.decisions.models import DecisionStatus
from avg_service.decisions.views import PREVIEW_CSP
from avg_service.errors import DomainError, NotAllowed, NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import render_letter_html
from avg_service.organisations.services import contact_point_settings
from avg_service.requests import documents
from avg_service.requests import services as requests
from avg_service.requests.lifecycle import RIGHT_LABELS
from avg_service.requests.queue import SIGNAL_LABELS, signal_for
from avg_service.web.forms import parse_form

bp = Blueprint("bezwaar", __name__)

Errors = dict[str, list[str]]


def _refusal(refused: DomainError, field_name: str = "_") -> Errors:
    if isinstance(refused, NotFound):
        raise refused
    return refused.errors or {field_name: [refused.message]}


def _upload(name: str) -> services.Upload | None:
    item = request.files.get(name)
    if item is None or not item.filename:
        return None
    return services.Upload(item.filename, item.read(documents.MAX_FILE_BYTES + 1))


@bp.app_template_global()
def bezwaren_for(dsr_id: int) -> list[dict[str, Any]]:
    """A request's bezwaren for the request and decision pages (they do not import this
    package: a bezwaar is about a besluit, never the reverse)."""
    today = clock.today_local()
    rows = db.session.scalars(sa.select(Bezwaar).where(Bezwaar.dsr_id == dsr_id)
                              .order_by(Bezwaar.id))
    return [{"id": b.id, "kenmerk": b.kenmerk, "received_on": b.received_on,
             "status": BEZWAAR_STATUS_LABELS[b.status_enum], "is_open": b.is_open,
             "due_on": b.decision_due_on,
             "signal": signal_for(b.decision_due_on, today, suspended=b.status_enum
                                  is BezwaarStatus.AWAITING_REPAIR) if b.is_open else None}
            for b in rows]


# ------------------------------------------------------------------------------ register
def _render_new(dsr_id: int, *, errors: Errors | None = None, status: int = 200
                ) -> ResponseReturnValue:
    dsr = requests.get_request(dsr_id)
    decision = decisions.decision_of(dsr)
    if decision is None or decision.status_enum is not DecisionStatus.NOTIFIED:
        raise NotFound("Er is geen bekendgemaakt besluit op dit verzoek.")
    return render_template(
        "bezwaar/new.html", dsr=dsr, decision=decision, errors=errors or {}, form=request.form,
        today=clock.today_local(), channels=CHANNELS, defect_labels=rules.DEFECT_LABELS,
        committee_default=contact_point_settings().bezwaar_committee,
        period=law.objection_period_end_explained(decision.verzenddatum)
        if decision.verzenddatum else None), status


@bp.get("/verzoeken/<int:dsr_id>/bezwaren/nieuw")
@requires(Permission.DECISIONS_RECORD)
def new(dsr_id: int) -> ResponseReturnValue:
    with unit_of_work():
        record(current_actor(), "dsr.decision_view", object_type="dsr", object_id=dsr_id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render_new(dsr_id)


@bp.post("/verzoeken/<int:dsr_id>/bezwaren")
@requires(Permission.DECISIONS_RECORD)
def register(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(schemas.RegisterSchema(), lists=("defects",), checkboxes=(
        "representative_is_lawyer", "controllers_informed", "committee"))
    bezwaarschrift = _upload("file")
    if bezwaarschrift is None:
        errors = {**errors, "file": ["Voeg het bezwaarschrift toe (scan of PDF)."]}
    if data is not None and data["made_by"] == "gemachtigde" and not (
            data["representative_name"] or "").strip():
        errors = {**errors, "representative_name": ["Noem de gemachtigde."]}
    if data is not None and not errors and bezwaarschrift is not None:
        representative = services.Representative(
            data["representative_name"] or "", data["representative_address"],
            data["representative_email"], data["representative_is_lawyer"]) \
            if data["made_by"] == "gemachtigde" else None
        try:
            with unit_of_work():
                dsr = requests.get_request(dsr_id, for_update=True)
                decision = decisions.decision_of(dsr)
                if decision is None:
                    raise NotFound("Er is geen besluit op dit verzoek.")
                bezwaar = services.register_bezwaar(
                    decision, received_on=data["received_on"], posted_on=data["posted_on"],
                    channel=data["channel"], grounds=data["grounds"], defects=data["defects"],
                    bezwaarschrift=bezwaarschrift, representative=representative,
                    authorisation=_upload("authorisation") if representative else None,
                    controllers_informed=data["controllers_informed"],
                    committee=data["committee"], actor=current_actor(), now=clock.now_utc())
                bezwaar_id = bezwaar.id
        except DomainError as refused:
            errors = _refusal(refused)
        else:
            flash("Het bezwaar is geregistreerd; de ontvangstbevestiging is aangemaakt.")
            return redirect(url_for("bezwaar.page", bezwaar_id=bezwaar_id), code=303)
    db.session.rollback()
    return _render_new(dsr_id, errors=errors, status=422)


# ------------------------------------------------------------------------------ the page
def _names(bezwaar: Bezwaar) -> dict[int, str]:
    ids = {h.hearer_id for h in bezwaar.hearings}
    if bezwaar.ruling is not None:
        ids |= {i for i in (bezwaar.ruling.drafted_by_id, bezwaar.ruling.approved_by_id)
                if i is not None}
    return dict(db.session.execute(sa.select(User.id, User.display_name)
                                   .where(User.id.in_(ids))).all()) if ids else {}


def _hearers(bezwaar: Bezwaar) -> list[tuple[int, str]]:
    """Who may hear: legal and contact-point staff, not who prepared or took the besluit
    (Awb 7:5(1))."""
    excluded = {bezwaar.decision.drafted_by_id, bezwaar.decision.approved_by_id}
    rows = db.session.execute(sa.select(User.id, User.display_name).where(
        User.role.in_([Role.JURIST.value, Role.CONTACTPUNT.value]), User.is_active)
        .order_by(User.display_name)).all()
    return [(i, n) for i, n in rows if i not in excluded]


def _ruling_values(bezwaar: Bezwaar, form: Any | None) -> dict[str, dict[str, Any]]:
    rights = services.contested_rights(bezwaar)
    if form is not None:
        return {r: {"outcome": form.get(f"outcome_{r}", ""),
                    "reconsideration": form.get(f"reconsideration_{r}", ""),
                    "new_outcome": form.get(f"new_outcome_{r}", ""),
                    "new_grounds": set(form.getlist(f"new_grounds_{r}")),
                    "new_motivation": form.get(f"new_motivation_{r}", ""),
                    "new_measures": form.get(f"new_measures_{r}", "")} for r in rights}
    saved = {p.right: p for p in bezwaar.ruling.parts} if bezwaar.ruling else {}
    return {r: {"outcome": saved[r].outcome if r in saved else "",
                "reconsideration": saved[r].reconsideration if r in saved else "",
                "new_outcome": (saved[r].new_outcome or "") if r in saved else "",
                "new_grounds": set(saved[r].new_ground_codes) if r in saved else set(),
                "new_motivation": (saved[r].new_motivation or "") if r in saved else "",
                "new_measures": (saved[r].new_measures or "") if r in saved else ""}
            for r in rights}


#: The outcome per right as the draft form offers it: what each means for the besluit.
OUTCOME_CHOICES: dict[rules.BezwaarOutcome, str] = {
    rules.BezwaarOutcome.WELL_FOUNDED: "Gegrond: het besluit wordt voor dit recht herroepen en "
                                       "vervangen (Awb 7:11 lid 2)",
    rules.BezwaarOutcome.UNFOUNDED: "Ongegrond: het besluit blijft voor dit recht zoals het is",
    rules.BezwaarOutcome.INADMISSIBLE: "Niet-ontvankelijk: het bezwaar wordt niet inhoudelijk "
                                       "behandeld (Awb 6:6, 6:9, 6:11)",
}


def _render(bezwaar: Bezwaar, *, errors: Errors | None = None, open_form: str | None = None,
            status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    today = clock.today_local()
    ruling = bezwaar.ruling
    letters = db.session.scalars(sa.select(Letter).where(
        Letter.dsr_id == bezwaar.dsr_id, Letter.kenmerk == bezwaar.kenmerk).order_by(Letter.id)
    ).all()
    found = rules.timeliness(bezwaar.decision.verzenddatum or bezwaar.received_on,
                             bezwaar.received_on, bezwaar.posted_on)
    return render_template(
        "bezwaar/page.html", bezwaar=bezwaar, dsr=bezwaar.dsr, decision=bezwaar.decision,
        ruling=ruling, letters=letters, errors=errors or {}, open_form=open_form,
        form=request.form, today=today, names=_names(bezwaar), hearers=_hearers(bezwaar),
        status_labels={s.value: label for s, label in BEZWAAR_STATUS_LABELS.items()},
        ruling_status_labels={s.value: label for s, label in RULING_STATUS_LABELS.items()},
        channels=CHANNELS, defect_labels=rules.DEFECT_LABELS,
        waiver_labels=rules.HEARING_WAIVER_LABELS, outcome_labels=rules.OUTCOME_LABELS,
        outcome_choices=OUTCOME_CHOICES,
        new_outcome_labels={o.value: label for o, label in OUTCOME_LABELS.items()},
        grounds=GROUNDS_BY_CODE, letter_titles={k.name: k.title for k in bezwaar_letters.KINDS},
        grounds_for=catalogue.grounds_for, outcomes_for=catalogue.outcomes_for,
        right_labels={r.value: label for r, label in RIGHT_LABELS.items()},
        rights=services.contested_rights(bezwaar),
        values=_ruling_values(bezwaar, request.form if open_form == "ruling" else None),
        timeliness=found, term=bezwaar.term(),
        signal=signal_for(bezwaar.decision_due_on, today, suspended=bezwaar.status_enum
                          is BezwaarStatus.AWAITING_REPAIR) if bezwaar.is_open else None,
        signal_labels={s.value: label for s, label in SIGNAL_LABELS.items()},
        is_open=bezwaar.status_enum in OPEN_STATUSES,
        blockers=services.submission_blockers(bezwaar) if ruling is not None else [],
        rechtbank=services.rechtbank_of(bezwaar),
        may_record=may(actor, Permission.DECISIONS_RECORD),
        may_draft=may(actor, Permission.DECISIONS_DRAFT),
        is_drafter=ruling is not None and ruling.drafted_by_id == actor.user_id,
        default_repair_until=rules.repair_term_end(today),
        local_time=lambda at: at.astimezone(AMSTERDAM).strftime("%H:%M"),
        local_day=lambda at: at.astimezone(AMSTERDAM).date(),
    ), status


@bp.get("/bezwaren/<int:bezwaar_id>")
@requires(Permission.REQUESTS_READ)
def page(bezwaar_id: int) -> ResponseReturnValue:
    with unit_of_work():
        bezwaar = services.get_bezwaar(bezwaar_id)
        record(current_actor(), "bezwaar.view", object_type="bezwaar", object_id=bezwaar.id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render(bezwaar)


Run = Callable[[Bezwaar, dict[str, Any], Actor, datetime], Any]


def _act(bezwaar_id: int, form: str, data: dict[str, Any] | None, errors: Errors, run: Run,
         done: str) -> ResponseReturnValue:
    if data is not None and not errors:
        try:
            with unit_of_work():
                bezwaar = services.get_bezwaar(bezwaar_id, for_update=True)
                run(bezwaar, data, current_actor(), clock.now_utc())
        except DomainError as refused:
            errors = _refusal(refused)
        else:
            flash(done)
            return redirect(url_for("bezwaar.page", bezwaar_id=bezwaar_id), code=303)
    db.session.rollback()
    return _render(services.get_bezwaar(bezwaar_id), errors=errors, open_form=form,
                   status=422)


def _hearing_at(data: dict[str, Any]) -> datetime:
    return datetime.combine(data["hearing_on"], data["hearing_time"], tzinfo=AMSTERDAM)


#: The simple acts: form name, schema, service call, message. Lists and checkboxes per form.
ACTS: dict[str, tuple[type[Schema], Run, str, Permission]] = {
    "herstel": (schemas.RepairSchema, lambda b, d, a, now: services.request_repair(
        b, actor=a, now=now, **d), "Het verzoek om herstel is vastgelegd; de brief is "
        "aangemaakt en de beslistermijn staat stil (Awb 7:10 lid 2).",
        Permission.DECISIONS_RECORD),
    "hersteld": (schemas.RepairedSchema, lambda b, d, a, now: services.record_repair(
        b, actor=a, now=now, **d), "Het herstel is vastgelegd; de beslistermijn loopt weer.",
        Permission.DECISIONS_RECORD),
    "verschoonbaar": (schemas.LatenessSchema, lambda b, d, a, now: services.judge_lateness(
        b, actor=a, now=now, **d), "Het oordeel over de termijnoverschrijding is vastgelegd.",
        Permission.DECISIONS_DRAFT),
    "ingelicht": (schemas.ControllersSchema, lambda b, d, a, now: services.inform_controllers(
        b, actor=a, now=now, **d), "Vastgelegd dat de verwerkingsverantwoordelijken zijn "
        "ingelicht.", Permission.DECISIONS_RECORD),
    "hoorzitting": (schemas.HearingSchema, lambda b, d, a, now: services.invite_to_hearing(
        b, hearing_at=_hearing_at(d), place=d["place"], hearer_id=d["hearer_id"],
        documents_from=d["documents_from"], documents_place=d["documents_place"], actor=a,
        now=now), "De uitnodiging voor de hoorzitting is aangemaakt.",
        Permission.DECISIONS_RECORD),
    "niet-horen": (schemas.WaiverSchema, lambda b, d, a, now: services.waive_hearing(
        b, actor=a, now=now, **d), "Vastgelegd dat van horen is afgezien (Awb 7:3).",
        Permission.DECISIONS_DRAFT),
    "verdagen": (schemas.DeferSchema, lambda b, d, a, now: services.defer(
        b, actor=a, now=now, **d), "De beslissing is verdaagd; de brief is aangemaakt.",
        Permission.DECISIONS_RECORD),
    "uitstel": (schemas.FurtherSchema, lambda b, d, a, now: services.defer_further(
        b, actor=a, now=now, **d), "Het verdere uitstel is vastgelegd; de brief is aangemaakt.",
        Permission.DECISIONS_RECORD),
    "rechtbank": (schemas.RechtbankSchema, lambda b, d, a, now: services.set_rechtbank(
        b, actor=a, now=now, **d), "De rechtbank voor dit bezwaar is opgeslagen.",
        Permission.DECISIONS_DRAFT),
    "intrekken": (schemas.ReasonSchema, lambda b, d, a, now: services.withdraw(
        b, actor=a, now=now, **d), "Het bezwaar is ingetrokken.", Permission.DECISIONS_RECORD),
    "aanbieden": (schemas._Form, lambda b, d, a, now: services.submit_ruling(
        b, actor=a, now=now), "De beslissing op bezwaar is ter goedkeuring aangeboden.",
        Permission.DECISIONS_DRAFT),
    "goedkeuren": (schemas._Form, lambda b, d, a, now: services.approve_ruling(
        b, actor=a, now=now), "De beslissing op bezwaar is goedgekeurd.",
        Permission.DECISIONS_DRAFT),
    "terugsturen": (schemas.ReasonSchema, lambda b, d, a, now: services.send_back_ruling(
        b, actor=a, now=now, **d), "De beslissing op bezwaar is teruggestuurd.",
        Permission.DECISIONS_DRAFT),
    "verzenden": (schemas.NotifySchema, lambda b, d, a, now: services.notify_ruling(
        b, actor=a, now=now, **d), "De beslissing op bezwaar is verzonden; de brief is "
        "aangemaakt.", Permission.DECISIONS_RECORD),
}


@bp.post("/bezwaren/<int:bezwaar_id>/acties/<act_key>")
@requires(Permission.REQUESTS_READ)
def act(bezwaar_id: int, act_key: str) -> ResponseReturnValue:
    entry = ACTS.get(act_key)
    if entry is None:
        raise NotFound("Deze handeling bestaat niet.")
    schema, run, done, permission = entry
    if not may(current_actor(), permission):
        raise NotAllowed("U mag dit niet doen.")
    data, errors = parse_form(schema(), lists=("defects",), checkboxes=())
    return _act(bezwaar_id, act_key, data, errors, run, done)


@bp.post("/bezwaren/<int:bezwaar_id>/hoorzittingen/<int:hearing_id>/verslag")
@requires(Permission.DECISIONS_RECORD)
def hearing_report(bezwaar_id: int, hearing_id: int) -> ResponseReturnValue:
    data, errors = parse_form(schemas.ReportSchema())
    report = _upload("file")
    if report is None:
        errors = {**errors, "file": ["Voeg het verslag toe (PDF of scan)."]}

    def run(bezwaar: Bezwaar, d: dict[str, Any], actor: Actor, now: datetime) -> None:
        hearing = db.session.get(BezwaarHearing, hearing_id)
        if hearing is None or hearing.bezwaar_id != bezwaar.id:
            raise NotFound("Deze hoorzitting bestaat niet.")
        assert report is not None
        services.record_hearing_report(hearing, report=report, summary=d["summary"],
                                       actor=actor, now=now)

    return _act(bezwaar_id, "verslag", data, errors, run, "Het verslag is toegevoegd.")


@bp.post("/bezwaren/<int:bezwaar_id>/beslissing")
@requires(Permission.DECISIONS_DRAFT)
def save_ruling(bezwaar_id: int) -> ResponseReturnValue:
    rights = services.contested_rights(services.get_bezwaar(bezwaar_id))
    data, errors = parse_form(schemas.ruling_form_schema(rights),
                              lists=tuple(f"new_grounds_{r}" for r in rights))

    def run(bezwaar: Bezwaar, d: dict[str, Any], actor: Actor, now: datetime) -> None:
        parts = [services.RulingPart(
            right=r, outcome=d[f"outcome_{r}"], reconsideration=d[f"reconsideration_{r}"] or "",
            new_outcome=d[f"new_outcome_{r}"], new_grounds=tuple(d[f"new_grounds_{r}"]),
            new_motivation=d[f"new_motivation_{r}"], new_measures=d[f"new_measures_{r}"])
            for r in rights]
        services.save_ruling(bezwaar, parts, history_note=d["history_note"], actor=actor,
                             now=now)

    return _act(bezwaar_id, "ruling", data, errors, run, "Het concept is opgeslagen.")


@bp.get("/bezwaren/<int:bezwaar_id>/beslissing/voorbeeld")
@requires(Permission.REQUESTS_READ)
def preview(bezwaar_id: int) -> ResponseReturnValue:
    """The beslissing op bezwaar as it would be sent today, as HTML marked CONCEPT, from a
    transient letter that is never stored. HTML, not a PDF: no letter is rendered in the web
    process (issue 15, finding 8); the PDF is made when the beslissing is sent. A sent one is
    its letter."""
    with unit_of_work():
        bezwaar = services.get_bezwaar(bezwaar_id)
        ruling = bezwaar.ruling
        if ruling is None:
            raise NotFound("Er is nog geen beslissing op dit bezwaar.")
        record(current_actor(), "bezwaar.preview", object_type="bezwaar",
               object_id=bezwaar.id, purpose=Purpose.HANDLING_REQUEST)
        if ruling.status_enum is RulingStatus.NOTIFIED and ruling.letter_id is not None:
            return redirect(url_for("requests.letter_pdf", dsr_id=bezwaar.dsr_id,
                                    letter_id=ruling.letter_id), code=303)
        letter = Letter(kind=bezwaar_letters.RULING_KIND, dsr_id=bezwaar.dsr_id,
                        kenmerk=bezwaar.kenmerk, dagtekening=clock.now_utc())
        try:
            html = render_letter_html(letter)
        except LookupError as missing:
            raise NotFound("De beslissing is nog niet compleet genoeg voor een voorbeeld: "
                           "vul de rechtbank en elk recht in.") from missing
    response = Response(previews.mark_concept(html, base_href=url_for("static", filename="")),
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------------ the queue
@bp.get("/bezwaren")
@requires(Permission.REQUESTS_READ)
def work_queue() -> ResponseReturnValue:
    """Open bezwaren by the end of their 7:10 term, with the request queue's signals (due soon,
    overdue; suspended while a verzuim is being repaired); decided ones on request."""
    include_closed = request.args.get("afgehandeld") == "1"
    today = clock.today_local()
    with unit_of_work():
        query = sa.select(Bezwaar).order_by(Bezwaar.decision_due_on, Bezwaar.id)
        if not include_closed:
            query = query.where(Bezwaar.is_open)
        rows = list(db.session.scalars(query.limit(500)))
        record(current_actor(), "bezwaar.list", object_type="bezwaar",
               purpose=Purpose.HANDLING_REQUEST)
        items = [{"bezwaar": b, "dsr": b.dsr, "signal": signal_for(
            b.decision_due_on, today, suspended=b.status_enum is BezwaarStatus.AWAITING_REPAIR)
            if b.is_open else None} for b in rows]
    return render_template("bezwaar/queue.html", items=items, include_closed=include_closed,
                           status_labels={s.value: label
                                          for s, label in BEZWAAR_STATUS_LABELS.items()},
                           signal_labels={s.value: label for s, label in SIGNAL_LABELS.items()})


# ------------------------------------------------------------------------------ dwangsom, 4:14
def _render_penalties(dsr_id: int, *, errors: Errors | None = None,
                      open_form: str | None = None, status: int = 200) -> ResponseReturnValue:
    dsr = requests.get_request(dsr_id)
    today = clock.today_local()
    rows = []
    for state in decisions.penalties(dsr, today=today):
        notice = state.notice
        fixing = dwangsom.fixing_of(notice)
        rows.append({"state": state, "fixing": fixing,
                     "ended": dwangsom.penalty_ended_on(notice, dsr, today),
                     "due_by": fixing.due_by if fixing else None})
    late = db.session.scalars(sa.select(LateNotice).where(LateNotice.dsr_id == dsr.id)
                              .order_by(LateNotice.id)).all()
    actor = current_actor()
    return render_template(
        "bezwaar/penalties.html", dsr=dsr, rows=rows, late_notices=late, errors=errors or {},
        open_form=open_form, form=request.form, today=today,
        ruling_status_labels={s.value: label for s, label in RULING_STATUS_LABELS.items()},
        may_record=may(actor, Permission.DECISIONS_RECORD),
        may_draft=may(actor, Permission.DECISIONS_DRAFT), actor_id=actor.user_id), status


@bp.get("/verzoeken/<int:dsr_id>/dwangsom")
@requires(Permission.REQUESTS_READ)
def penalties(dsr_id: int) -> ResponseReturnValue:
    """The dwangsom after each ingebrekestelling and its vaststelling (Awb 4:17, 4:18), and the
    Awb 4:14 notice."""
    with unit_of_work():
        record(current_actor(), "dsr.decision_view", object_type="dsr", object_id=dsr_id,
               purpose=Purpose.HANDLING_REQUEST)
    return _render_penalties(dsr_id)


PENALTY_ACTS: dict[str, tuple[type[Schema], Callable[..., Any], str, Permission]] = {
    "concept": (schemas.FixingSchema, lambda dsr, n, d, a, now: dwangsom.draft_fixing(
        dsr, n, actor=a, now=now, **d), "Het concept van de vaststelling is opgeslagen.",
        Permission.DECISIONS_DRAFT),
    "aanbieden": (schemas._Form, lambda dsr, n, d, a, now: dwangsom.submit_fixing(
        n, actor=a, now=now), "De vaststelling is ter goedkeuring aangeboden.",
        Permission.DECISIONS_DRAFT),
    "goedkeuren": (schemas._Form, lambda dsr, n, d, a, now: dwangsom.approve_fixing(
        n, actor=a, now=now), "De vaststelling is goedgekeurd.", Permission.DECISIONS_DRAFT),
    "terugsturen": (schemas.ReasonSchema, lambda dsr, n, d, a, now: dwangsom.send_back_fixing(
        n, actor=a, now=now, **d), "De vaststelling is teruggestuurd.",
        Permission.DECISIONS_DRAFT),
    "verzenden": (schemas.NotifySchema, lambda dsr, n, d, a, now: dwangsom.notify_fixing(
        n, actor=a, now=now, **d), "De vaststelling is verzonden; de brief is aangemaakt.",
        Permission.DECISIONS_RECORD),
}


@bp.post("/verzoeken/<int:dsr_id>/dwangsom/<int:notice_id>/<act_key>")
@requires(Permission.REQUESTS_READ)
def penalty_act(dsr_id: int, notice_id: int, act_key: str) -> ResponseReturnValue:
    entry = PENALTY_ACTS.get(act_key)
    if entry is None:
        raise NotFound("Deze handeling bestaat niet.")
    schema, run, done, permission = entry
    if not may(current_actor(), permission):
        raise NotAllowed("U mag dit niet doen.")
    data, errors = parse_form(schema(), checkboxes=())
    if data is not None and not errors:
        try:
            with unit_of_work():
                dsr = requests.get_request(dsr_id, for_update=True)
                run(dsr, dwangsom.get_notice(dsr, notice_id), data, current_actor(),
                    clock.now_utc())
        except DomainError as refused:
            errors = _refusal(refused)
        else:
            flash(done)
            return redirect(url_for("bezwaar.penalties", dsr_id=dsr_id), code=303)
    db.session.rollback()
    return _render_penalties(dsr_id, errors=errors, open_form=f"{notice_id}-{act_key}",
                             status=422)


@bp.post("/verzoeken/<int:dsr_id>/termijn-niet-gehaald")
@requires(Permission.DECISIONS_RECORD)
def late_notice(dsr_id: int) -> ResponseReturnValue:
    data, errors = parse_form(schemas.LateNoticeSchema())
    if data is not None:
        try:
            with unit_of_work():
                dwangsom.send_late_notice(requests.get_request(dsr_id, for_update=True),
                                          actor=current_actor(), now=clock.now_utc(), **data)
        except DomainError as refused:
            errors = _refusal(refused)
        else:
            flash("De mededeling is aangemaakt (Awb 4:14).")
            return redirect(url_for("bezwaar.penalties", dsr_id=dsr_id), code=303)
    db.session.rollback()
    return _render_penalties(dsr_id, errors=errors, open_form="late", status=422)
