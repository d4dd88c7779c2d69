"""The bezwaar use cases: register a bezwaarschrift, herstel verzuim, the hearing and its
verslag, deferral, the beslissing op bezwaar through four eyes, withdrawal, and the sweep.

Every act is a module function that takes the acting user and ``now``, flushes, writes a
timeline event on the request and an audit entry, and never commits (the view, CLI or job does,
``db.unit_of_work``). Letters are requested inside the unit and rendered after the commit. The
rules of law are in ``bezwaar.rules``; the 7:10 term is recomputed by ``Bezwaar.refresh_term``
whenever something that moves it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import AuditEntry, Purpose
from avg_service.audit.services import record
from avg_service.bezwaar import rules
from avg_service.bezwaar.models import (
    CHANNELS,
    OPEN_STATUSES,
    Bezwaar,
    BezwaarDecision,
    BezwaarDecisionPart,
    BezwaarHearing,
    BezwaarRepair,
    BezwaarStatus,
    RulingStatus,
)
from avg_service.clock import AMSTERDAM
from avg_service.decisions.catalogue import GroundNotAllowed, Outcome, check_outcome
from avg_service.decisions.models import Decision, DecisionStatus, Objection
from avg_service.decisions.services import signatory_of
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import request_letter
from avg_service.organisations.services import contact_point_settings
from avg_service.requests import documents
from avg_service.requests.models import DataSubjectRequest, DsrDocument


#: The kinds of the documents the bezwaar files on the request (``DsrDocument.kind``).
BEZWAARSCHRIFT = "bezwaarschrift"
HEARING_REPORT = "hoorverslag"
AUTHORISATION = "authorisation"


class BezwaarRefused(DomainError):
    pass


def _refuse(message: str, field_name: str | None = None) -> BezwaarRefused:
    return BezwaarRefused(message, errors={field_name: [message]} if field_name else None)


def _audit(actor: Actor, action: str, bezwaar: Bezwaar, at: datetime) -> None:
    record(actor, action, object_type="bezwaar", object_id=bezwaar.id,
           purpose=Purpose.HANDLING_REQUEST, at=at)


def _today(now: datetime) -> date:
    return law.receipt_date(now)


def _dated(day: date, now: datetime) -> datetime:
    """The dagtekening moment for ``day``: now when it is today, else noon that day."""
    if day == _today(now):
        return now
    return datetime.combine(day, time(12), tzinfo=AMSTERDAM).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    data: bytes


def _store(dsr: DataSubjectRequest, upload: Upload, *, kind: str, actor: Actor,
           now: datetime) -> DsrDocument:
    """A document on the request, also when the request itself is closed: the bezwaar is what
    keeps it alive (Awb 7:1). Checked by content, as every upload (requests.documents)."""
    try:
        document = documents.store(documents.check_upload(upload.filename, upload.data),
                                   kind=kind, at=now)
    except documents.UploadRejected as rejected:
        raise _refuse(documents.REJECTION_MESSAGES[rejected.code], "file") from rejected
    dsr.documents.append(document)
    db.session.flush()
    record(actor, "dsr_document.create", object_type="dsr_document", object_id=document.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return document


def _letter(kind: str, bezwaar: Bezwaar, *, actor: Actor, now: datetime,
            day: date | None = None) -> Letter:
    return request_letter(kind, dsr_id=bezwaar.dsr_id, kenmerk=bezwaar.kenmerk,
                          actor_id=actor.user_id, now=now,
                          dagtekening=_dated(day, now) if day is not None else None)


# ------------------------------------------------------------------------------ reading
def get_bezwaar(bezwaar_id: int, *, for_update: bool = False) -> Bezwaar:
    bezwaar = db.session.get(Bezwaar, bezwaar_id, with_for_update=for_update or None)
    if bezwaar is None:
        raise NotFound("Dit bezwaar bestaat niet.")
    return bezwaar


def bezwaren_of(dsr: DataSubjectRequest) -> list[Bezwaar]:
    return list(db.session.scalars(sa.select(Bezwaar).where(Bezwaar.dsr_id == dsr.id)
                                   .order_by(Bezwaar.id)))


def bezwaar_by_kenmerk(kenmerk: str) -> Bezwaar | None:
    return db.session.scalar(sa.select(Bezwaar).where(Bezwaar.kenmerk == kenmerk))


def rechtbank_of(bezwaar: Bezwaar) -> str | None:
    """Awb 8:7: the case's override, else the configured rechtbank of the municipality."""
    return bezwaar.rechtbank(contact_point_settings().rechtbank)


# ------------------------------------------------------------------------------ register
@dataclass(frozen=True, slots=True)
class Representative:
    """A gemachtigde (Awb 2:1): name, postal address, e-mail, and whether an advocaat."""

    name: str
    address: str | None = None
    email: str | None = None
    is_lawyer: bool = False


def register_bezwaar(decision: Decision, *, received_on: date, posted_on: date | None,
                     channel: str, grounds: str | None, defects: list[rules.Defect],
                     bezwaarschrift: Upload, representative: Representative | None = None,
                     authorisation: Upload | None = None, controllers_informed: bool = False,
                     committee: bool | None = None, actor: Actor, now: datetime) -> Bezwaar:
    """A bezwaarschrift against a besluit that was made known (Awb 6:4, 6:7–6:9): stored with
    its document, checked for the elements of 6:5 (no gronden, or a gemachtigde without
    machtiging, is a verzuim to repair, 6:6, 2:1(2)), its timeliness computed, the 7:10 term set
    (twelve weeks with an adviescommissie, 7:13), and the ontvangstbevestiging made (6:14)."""
    if decision.status_enum is not DecisionStatus.NOTIFIED or decision.verzenddatum is None \
            or decision.uiterlijke_reactiedatum is None:
        raise _refuse("Bezwaar kan alleen tegen een bekendgemaakt besluit.")
    if channel not in CHANNELS:
        raise _refuse("Kies hoe het bezwaarschrift binnenkwam.", "channel")
    if received_on > _today(now):
        raise _refuse("De ontvangstdatum ligt in de toekomst.", "received_on")
    try:
        found = rules.timeliness(decision.verzenddatum, received_on, posted_on)
    except rules.RulesRefused as refused:
        raise _refuse(str(refused), "posted_on" if posted_on and posted_on > received_on
                      else "received_on") from refused
    dsr = decision.dsr
    missing = set(defects)
    if not (grounds or "").strip():
        missing.add(rules.Defect.GROUNDS)
    if representative is not None and not representative.is_lawyer and authorisation is None:
        missing.add(rules.Defect.AUTHORISATION)
    if representative is not None and not representative.name.strip():
        raise _refuse("Noem de gemachtigde.", "representative_name")
    settings_committee = contact_point_settings().bezwaar_committee
    count = db.session.scalar(sa.select(sa.func.count(Bezwaar.id))
                              .where(Bezwaar.dsr_id == dsr.id)) or 0
    bezwaar = Bezwaar(
        dsr_id=dsr.id, decision_id=decision.id, kenmerk=f"{dsr.reference}-B{count + 1}",
        status=BezwaarStatus.RECEIVED.value, is_open=True, channel=channel,
        received_on=received_on, posted_on=posted_on,
        period_end=decision.uiterlijke_reactiedatum, on_time=found.on_time,
        grounds=(grounds or "").strip() or None, defects=rules.defects_value(missing),
        made_by="gemachtigde" if representative is not None else "self",
        representative_name=representative.name.strip() if representative else None,
        representative_address=(representative.address or "").strip() or None
        if representative else None,
        representative_email=representative.email if representative else None,
        representative_is_lawyer=representative.is_lawyer if representative else False,
        controllers_informed_on=received_on if controllers_informed else None,
        committee=settings_committee if committee is None else committee,
        decision_due_on=received_on, assignee_id=dsr.assignee_id, suspended_days=0,
        deferral_weeks=0,
        registered_at=now, registered_by_id=actor.user_id)
    bezwaar.objection = Objection(
        decision_id=decision.id, received_on=received_on, posted_on=posted_on,
        on_time=found.on_time, committee=bezwaar.committee, decision_due_on=received_on,
        recorded_at=now, recorded_by_id=actor.user_id)
    bezwaar.refresh_term()
    db.session.add(bezwaar)
    bezwaar.document = _store(dsr, bezwaarschrift, kind=BEZWAARSCHRIFT, actor=actor, now=now)
    if authorisation is not None:
        bezwaar.authorisation = _store(dsr, authorisation, kind=AUTHORISATION, actor=actor,
                                       now=now)
    db.session.flush()
    _letter("bezwaar_ontvangst", bezwaar, actor=actor, now=now)
    dsr.note("bezwaar_received", actor_id=actor.user_id, at=now,
             reason=f"Bezwaar {bezwaar.kenmerk} ontvangen op {law.format_date_nl(received_on)} ("
             + ("tijdig" if found.on_time else "te laat; verschoonbaar? Awb 6:11")
             + f"); beslissen uiterlijk {law.format_date_nl(bezwaar.decision_due_on)}.")
    _audit(actor, "bezwaar.register", bezwaar, now)
    return bezwaar


def judge_lateness(bezwaar: Bezwaar, *, excusable: bool, reason: str, actor: Actor,
                   now: datetime) -> None:
    """Awb 6:11: a late bezwaar is not niet-ontvankelijk when the lateness is excusable; the
    jurist says so, with the reason (it goes into the beslissing op bezwaar)."""
    _require_open(bezwaar)
    if bezwaar.on_time:
        raise _refuse("Dit bezwaar is op tijd; er is niets te verschonen.")
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    bezwaar.excusable = excusable
    bezwaar.excusable_reason = reason.strip()
    bezwaar.dsr.note("bezwaar_lateness", actor_id=actor.user_id, at=now,
                     reason=("Termijnoverschrijding verschoonbaar" if excusable else
                             "Termijnoverschrijding niet verschoonbaar")
                     + f" (Awb 6:11): {reason.strip()}")
    _audit(actor, "bezwaar.lateness", bezwaar, now)


def inform_controllers(bezwaar: Bezwaar, *, informed_on: date, actor: Actor,
                       now: datetime) -> None:
    """The other joint controllers were told of the bezwaar (they are bound by the besluit)."""
    _require_open(bezwaar)
    if informed_on > _today(now) or informed_on < bezwaar.received_on:
        raise _refuse("De datum ligt voor de ontvangst van het bezwaar of in de toekomst.",
                      "informed_on")
    bezwaar.controllers_informed_on = informed_on
    bezwaar.dsr.note("bezwaar_controllers", actor_id=actor.user_id, at=now,
                     reason="De gezamenlijk verwerkingsverantwoordelijken zijn op "
                     f"{law.format_date_nl(informed_on)} op de hoogte gebracht van bezwaar "
                     f"{bezwaar.kenmerk}.")
    _audit(actor, "bezwaar.controllers", bezwaar, now)


def _require_open(bezwaar: Bezwaar) -> None:
    if bezwaar.status_enum not in OPEN_STATUSES:
        raise _refuse("Dit bezwaar is afgehandeld.")


# ------------------------------------------------------------------------------ herstel verzuim
def request_repair(bezwaar: Bezwaar, *, defects: list[rules.Defect], term_until: date,
                   actor: Actor, now: datetime) -> BezwaarRepair:
    """Awb 6:6: the indiener gets a term to repair what is missing; without repair the bezwaar
    can be declared niet-ontvankelijk. The 7:10 term stands still meanwhile (7:10(2))."""
    _require_open(bezwaar)
    if bezwaar.open_repair is not None:
        raise _refuse("Er loopt al een termijn voor herstel.")
    if bezwaar.ruling is not None:
        raise _refuse("Er ligt al een beslissing op bezwaar in voorbereiding.")
    if not defects:
        raise _refuse("Kies wat er ontbreekt.", "defects")
    today = _today(now)
    if term_until <= today:
        raise _refuse("De hersteltermijn moet na vandaag eindigen.", "term_until")
    repair = BezwaarRepair(bezwaar_id=bezwaar.id, defects=rules.defects_value(defects),
                           sent_on=today, term_until=term_until, created_by_id=actor.user_id)
    bezwaar.repairs.append(repair)
    db.session.flush()
    repair.letter_id = _letter("bezwaar_herstel", bezwaar, actor=actor, now=now).id
    bezwaar.move_to(BezwaarStatus.AWAITING_REPAIR, at=now)
    bezwaar.refresh_term()
    bezwaar.dsr.note("bezwaar_repair", actor_id=actor.user_id, at=now,
                     reason=f"Herstel verzuim gevraagd voor bezwaar {bezwaar.kenmerk}, uiterlijk "
                     f"{law.format_date_nl(term_until)} (Awb 6:6); de beslistermijn staat stil "
                     "(Awb 7:10 lid 2).")
    _audit(actor, "bezwaar.repair", bezwaar, now)
    return repair


def record_repair(bezwaar: Bezwaar, *, repaired_on: date, grounds: str | None,
                  actor: Actor, now: datetime) -> None:
    """The verzuim was repaired: the term runs again from the next day (7:10(2)); the gronden,
    when they were missing, are recorded."""
    repair = bezwaar.open_repair
    if repair is None:
        raise _refuse("Er loopt geen termijn voor herstel.")
    if repaired_on > _today(now) or repaired_on < repair.sent_on:
        raise _refuse("De datum van herstel ligt voor het verzoek om herstel of in de "
                      "toekomst.", "repaired_on")
    if rules.Defect.GROUNDS in repair.defect_list:
        if not (grounds or "").strip():
            raise _refuse("Vat de ontvangen gronden samen.", "grounds")
    if (grounds or "").strip():
        bezwaar.grounds = grounds.strip() if grounds else None
    repair.repaired_on = repaired_on
    remaining = [d for d in bezwaar.defect_list if d not in repair.defect_list]
    bezwaar.defects = rules.defects_value(remaining)
    bezwaar.move_to(BezwaarStatus.IN_PROGRESS, at=now)
    bezwaar.refresh_term()
    bezwaar.dsr.note("bezwaar_repaired", actor_id=actor.user_id, at=now,
                     reason=f"Verzuim hersteld op {law.format_date_nl(repaired_on)} (bezwaar "
                     f"{bezwaar.kenmerk}); beslissen uiterlijk "
                     f"{law.format_date_nl(bezwaar.decision_due_on)}.")
    _audit(actor, "bezwaar.repaired", bezwaar, now)


def expire_repairs(*, today: date, actor: Actor, now: datetime) -> list[Bezwaar]:
    """Terms for herstel that passed unused: the suspension ends (7:10(2)) and the jurist
    decides on niet-ontvankelijkheid (6:6). Safe to run twice."""
    rows = list(db.session.scalars(
        sa.select(BezwaarRepair).where(BezwaarRepair.repaired_on.is_(None),
                                       BezwaarRepair.expired_on.is_(None),
                                       BezwaarRepair.term_until < today)))
    expired = []
    for repair in rows:
        bezwaar = repair.bezwaar
        repair.expired_on = repair.term_until
        bezwaar.move_to(BezwaarStatus.IN_PROGRESS, at=now)
        bezwaar.refresh_term()
        bezwaar.dsr.note("bezwaar_repair_expired", actor_id=actor.user_id, at=now,
                         reason=f"Hersteltermijn van bezwaar {bezwaar.kenmerk} ongebruikt "
                         f"verstreken op {law.format_date_nl(repair.term_until)}; het bezwaar "
                         "kan niet-ontvankelijk worden verklaard (Awb 6:6).")
        expired.append(bezwaar)
    return expired


# ------------------------------------------------------------------------------ hearing
def _primary_deciders(bezwaar: Bezwaar) -> set[int]:
    decision = bezwaar.decision
    return {i for i in (decision.drafted_by_id, decision.approved_by_id) if i is not None}


def invite_to_hearing(bezwaar: Bezwaar, *, hearing_at: datetime, place: str, hearer_id: int,
                      documents_from: date, documents_place: str, actor: Actor,
                      now: datetime) -> BezwaarHearing:
    """Awb 7:2: the indiener is invited to be heard, by someone who was not involved in
    preparing the besluit (7:5(1)); the documents lie open at least a week before (7:4(2)),
    the invitation says where and when (7:4(3)), further documents up to ten days before
    (7:4(1)). The invitation letter is made."""
    _require_open(bezwaar)
    if bezwaar.status_enum is BezwaarStatus.AWAITING_REPAIR:
        raise _refuse("Wacht eerst het herstel van het verzuim af.")
    if not place.strip():
        raise _refuse("Geef de plaats van de hoorzitting.", "place")
    if not documents_place.strip():
        raise _refuse("Geef aan waar de stukken ter inzage liggen.", "documents_place")
    hearer = db.session.get(User, hearer_id)
    if hearer is None or hearer.role not in (Role.JURIST.value, Role.CONTACTPUNT.value):
        raise _refuse("Kies wie hoort.", "hearer_id")
    if hearer_id in _primary_deciders(bezwaar):
        raise _refuse("Wie het besluit opstelde of nam, hoort niet (Awb 7:5 lid 1). Kies een "
                      "ander.", "hearer_id")
    today = _today(now)
    hearing_on = hearing_at.astimezone(AMSTERDAM).date()
    try:
        rules.hearing_checks(invited_on=today, hearing_on=hearing_on,
                             documents_from=documents_from)
    except rules.RulesRefused as refused:
        raise _refuse(str(refused), "hearing_at") from refused
    hearing = BezwaarHearing(bezwaar_id=bezwaar.id, hearing_at=hearing_at, place=place.strip(),
                             hearer_id=hearer_id, invited_on=today,
                             documents_from=documents_from,
                             documents_place=documents_place.strip(),
                             created_by_id=actor.user_id)
    bezwaar.hearings.append(hearing)
    bezwaar.hearing_waiver = bezwaar.hearing_waiver_reason = None
    if bezwaar.status_enum is BezwaarStatus.RECEIVED:
        bezwaar.move_to(BezwaarStatus.IN_PROGRESS, at=now)
    db.session.flush()
    hearing.letter_id = _letter("bezwaar_hoorzitting", bezwaar, actor=actor, now=now).id
    local = hearing_at.astimezone(AMSTERDAM)
    bezwaar.dsr.note("bezwaar_hearing", actor_id=actor.user_id, at=now,
                     reason=f"Uitgenodigd voor de hoorzitting over bezwaar {bezwaar.kenmerk} op "
                     f"{law.format_date_nl(hearing_on)} om {local:%H:%M} uur (Awb 7:2).")
    _audit(actor, "bezwaar.hearing", bezwaar, now)
    return hearing


def record_hearing_report(hearing: BezwaarHearing, *, report: Upload, summary: str | None,
                          actor: Actor, now: datetime) -> None:
    """Awb 7:7: the verslag of the hearing, as a document on the request."""
    bezwaar = hearing.bezwaar
    _require_open(bezwaar)
    if hearing.hearing_at > now:
        raise _refuse("De hoorzitting is nog niet geweest.", "file")
    hearing.report = _store(bezwaar.dsr, report, kind=HEARING_REPORT, actor=actor, now=now)
    hearing.report_summary = (summary or "").strip() or None
    bezwaar.dsr.note("bezwaar_hearing_report", actor_id=actor.user_id, at=now,
                     reason=f"Verslag van de hoorzitting over bezwaar {bezwaar.kenmerk} "
                     "toegevoegd (Awb 7:7).")
    _audit(actor, "bezwaar.hearing_report", bezwaar, now)


def waive_hearing(bezwaar: Bezwaar, *, waiver: rules.HearingWaiver, reason: str,
                  actor: Actor, now: datetime) -> None:
    """Awb 7:3: the hearing is left out, on one of its grounds, with the reason."""
    _require_open(bezwaar)
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    bezwaar.hearing_waiver = waiver.value
    bezwaar.hearing_waiver_reason = reason.strip()
    if bezwaar.status_enum is BezwaarStatus.RECEIVED:
        bezwaar.move_to(BezwaarStatus.IN_PROGRESS, at=now)
    bezwaar.dsr.note("bezwaar_hearing_waived", actor_id=actor.user_id, at=now,
                     reason=f"Van horen afgezien ({rules.HEARING_WAIVER_LABELS[waiver]}): "
                     f"{reason.strip()}")
    _audit(actor, "bezwaar.hearing_waived", bezwaar, now)


# ------------------------------------------------------------------------------ 7:10(3), (4)
def defer(bezwaar: Bezwaar, *, weeks: int, reason: str, actor: Actor, now: datetime) -> None:
    """Awb 7:10(3): the decision is deferred once, by at most six weeks, before the term ends,
    with a written notice and the reasons."""
    _require_open(bezwaar)
    if bezwaar.deferral_weeks:
        raise _refuse("Dit bezwaar is al verdaagd; verder uitstel kan alleen met instemming "
                      "(Awb 7:10 lid 4).")
    if not reason.strip():
        raise _refuse("Geef de reden van de verdaging.", "reason")
    if _today(now) > bezwaar.decision_due_on:
        raise _refuse("De beslistermijn is al verstreken; verdagen kan alleen binnen de termijn "
                      "(Awb 7:10 lid 3).")
    try:
        rules.decision_term(bezwaar.period_end, committee=bezwaar.committee,
                            suspension_days=bezwaar.suspended_days, deferral_weeks=weeks)
    except rules.RulesRefused as refused:
        raise _refuse(str(refused), "weeks") from refused
    bezwaar.deferral_weeks = weeks
    bezwaar.deferral_reason = reason.strip()
    bezwaar.deferred_on = _today(now)
    bezwaar.refresh_term()
    _letter("bezwaar_verdaging", bezwaar, actor=actor, now=now)
    bezwaar.dsr.note("bezwaar_deferred", actor_id=actor.user_id, at=now,
                     reason=f"Beslissing op bezwaar {bezwaar.kenmerk} verdaagd met {weeks} weken "
                     f"tot {law.format_date_nl(bezwaar.decision_due_on)} (Awb 7:10 lid 3): "
                     f"{reason.strip()}")
    _audit(actor, "bezwaar.defer", bezwaar, now)


def defer_further(bezwaar: Bezwaar, *, until: date, reason: str, consent: str, actor: Actor,
                  now: datetime) -> None:
    """Awb 7:10(4)(a): further deferral, to a date agreed, only with the indiener's consent and
    when other belanghebbenden are not harmed (or consent); with a written notice."""
    _require_open(bezwaar)
    if not reason.strip():
        raise _refuse("Geef de reden van het uitstel.", "reason")
    if not consent.strip():
        raise _refuse("Leg vast hoe de indiener instemde (Awb 7:10 lid 4).", "consent")
    try:
        rules.decision_term(bezwaar.period_end, committee=bezwaar.committee,
                            suspension_days=bezwaar.suspended_days,
                            deferral_weeks=bezwaar.deferral_weeks, further_until=until)
    except rules.RulesRefused as refused:
        raise _refuse(str(refused), "until") from refused
    bezwaar.further_until = until
    bezwaar.further_reason = reason.strip()
    bezwaar.further_consent = consent.strip()
    bezwaar.further_on = _today(now)
    bezwaar.refresh_term()
    _letter("bezwaar_uitstel", bezwaar, actor=actor, now=now)
    bezwaar.dsr.note("bezwaar_further_deferred", actor_id=actor.user_id, at=now,
                     reason=f"Beslissing op bezwaar {bezwaar.kenmerk} met instemming verder "
                     f"uitgesteld tot {law.format_date_nl(until)} (Awb 7:10 lid 4).")
    _audit(actor, "bezwaar.defer_further", bezwaar, now)


def withdraw(bezwaar: Bezwaar, *, reason: str, actor: Actor, now: datetime) -> None:
    """Awb 6:21: the indiener withdraws the bezwaar (in writing, or orally at the hearing)."""
    _require_open(bezwaar)
    if not reason.strip():
        raise _refuse("Geef aan hoe het bezwaar is ingetrokken.", "reason")
    if bezwaar.ruling is not None and bezwaar.ruling.status_enum is not RulingStatus.DRAFT:
        raise _refuse("De beslissing op bezwaar is al ter goedkeuring aangeboden of genomen.")
    bezwaar.withdrawn_reason = reason.strip()
    bezwaar.move_to(BezwaarStatus.WITHDRAWN, at=now)
    bezwaar.dsr.note("bezwaar_withdrawn", actor_id=actor.user_id, at=now,
                     reason=f"Bezwaar {bezwaar.kenmerk} ingetrokken (Awb 6:21): {reason.strip()}")
    _audit(actor, "bezwaar.withdraw", bezwaar, now)


# ------------------------------------------------------------------------------ the ruling
@dataclass(frozen=True, slots=True)
class RulingPart:
    right: str
    outcome: rules.BezwaarOutcome
    reconsideration: str
    new_outcome: Outcome | None = None
    new_grounds: tuple[str, ...] = ()
    new_motivation: str | None = None
    new_measures: str | None = None


def _require_jurist(actor: Actor) -> None:
    if actor.role is not Role.JURIST:
        raise _refuse("Alleen een jurist kan een beslissing op bezwaar opstellen of goedkeuren.")


def contested_rights(bezwaar: Bezwaar) -> list[str]:
    """The rights the contested besluit decided on (its parts, else the request's rights)."""
    parts = [p.right for p in bezwaar.decision.parts]
    return parts or [r.value for r in bezwaar.dsr.rights_list]


def save_ruling(bezwaar: Bezwaar, parts: list[RulingPart], *, history_note: str | None,
                actor: Actor, now: datetime) -> BezwaarDecision:
    """Create or change the draft beslissing op bezwaar: per right gegrond, ongegrond or
    niet-ontvankelijk, each with its heroverweging (7:11(1)); a gegrond part carries the new
    decision on that right in place of the revoked one (7:11(2)), checked against the same
    catalogue as the besluit (decisions.catalogue)."""
    _require_jurist(actor)
    _require_open(bezwaar)
    if bezwaar.status_enum is BezwaarStatus.AWAITING_REPAIR:
        raise _refuse("Wacht eerst het herstel van het verzuim af (of het einde van de "
                      "hersteltermijn).")
    rights = set(contested_rights(bezwaar))
    given = {p.right for p in parts}
    if given != rights:
        raise _refuse("Beslis voor elk recht uit het besluit (ontbreekt: "
                      f"{', '.join(sorted(rights - given)) or '—'}).", "parts")
    for part in parts:
        if not part.reconsideration.strip():
            raise _refuse("Schrijf de heroverweging (Awb 7:11, 7:12).",
                          f"reconsideration_{part.right}")
        if part.outcome is rules.BezwaarOutcome.WELL_FOUNDED:
            if part.new_outcome is None:
                raise _refuse("Kies het nieuwe besluit voor dit recht (Awb 7:11 lid 2).",
                              f"new_outcome_{part.right}")
            try:
                check_outcome(part.right, part.new_outcome, list(part.new_grounds))
            except GroundNotAllowed as refused:
                raise _refuse(str(refused), f"new_outcome_{part.right}") from refused
    ruling = bezwaar.ruling
    if ruling is None:
        ruling = BezwaarDecision(bezwaar_id=bezwaar.id, drafted_by_id=actor.user_id,
                                 drafted_at=now, status=RulingStatus.DRAFT.value)
        db.session.add(ruling)
        bezwaar.ruling = ruling
        bezwaar.move_to(BezwaarStatus.DECIDING, at=now)
        bezwaar.dsr.note("bezwaar_ruling_draft", actor_id=actor.user_id, at=now,
                         reason=f"Concept van de beslissing op bezwaar {bezwaar.kenmerk}.")
    elif ruling.status_enum is not RulingStatus.DRAFT:
        raise _refuse("Deze beslissing op bezwaar is geen concept meer.")
    ruling.history_note = (history_note or "").strip() or None
    existing = {p.right: p for p in ruling.parts}
    kept = []
    for given_part in sorted(parts, key=lambda p: p.right):
        row = existing.pop(given_part.right, None) or BezwaarDecisionPart(right=given_part.right)
        well_founded = given_part.outcome is rules.BezwaarOutcome.WELL_FOUNDED
        row.outcome = given_part.outcome.value
        row.reconsideration = given_part.reconsideration.strip()
        row.new_outcome = given_part.new_outcome.value if well_founded and \
            given_part.new_outcome else None
        row.new_grounds = "," + ",".join(dict.fromkeys(given_part.new_grounds)) + "," \
            if well_founded else ","
        row.new_motivation = (given_part.new_motivation or "").strip() or None \
            if well_founded else None
        row.new_measures = (given_part.new_measures or "").strip() or None \
            if well_founded else None
        kept.append(row)
    for stale in existing.values():
        ruling.parts.remove(stale)
    db.session.flush()
    ruling.parts = kept
    ruling.updated_at = now
    db.session.flush()
    record(actor, "bezwaar.ruling_draft", object_type="bezwaar_decision", object_id=ruling.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return ruling


def _ruling(bezwaar: Bezwaar) -> BezwaarDecision:
    if bezwaar.ruling is None:
        raise NotFound("Er is nog geen beslissing op dit bezwaar.")
    return bezwaar.ruling


def submission_blockers(bezwaar: Bezwaar) -> list[str]:
    """What must be in place before the ruling goes to the second jurist."""
    found = []
    ruling = bezwaar.ruling
    outcomes = {p.outcome_enum for p in ruling.parts} if ruling is not None else set()
    if bezwaar.open_repair is not None:
        found.append("de hersteltermijn loopt nog (Awb 6:6)")
    if not bezwaar.on_time and bezwaar.excusable is None:
        found.append("het bezwaar is te laat: beoordeel of dat verschoonbaar is (Awb 6:11)")
    if not bezwaar.admissible_in_time and outcomes - {rules.BezwaarOutcome.INADMISSIBLE}:
        found.append("een te laat en niet verschoonbaar bezwaar is niet-ontvankelijk "
                     "(Awb 6:9, 6:11)")
    heard = any(h.report_document_id is not None for h in bezwaar.hearings)
    if not heard and bezwaar.hearing_waiver is None:
        found.append("de indiener is nog niet gehoord en er is niet van horen afgezien "
                     "(Awb 7:2, 7:3)")
    if rechtbank_of(bezwaar) is None:
        found.append("de rechtbank voor beroep is niet ingesteld (Awb 8:7): vul haar in bij de "
                     "instellingen of bij dit bezwaar")
    return found


def submit_ruling(bezwaar: Bezwaar, *, actor: Actor, now: datetime) -> None:
    _require_jurist(actor)
    ruling = _ruling(bezwaar)
    if ruling.status_enum is not RulingStatus.DRAFT:
        raise _refuse("Alleen een concept kan ter goedkeuring worden aangeboden.")
    blockers = submission_blockers(bezwaar)
    if blockers:
        raise _refuse("Nog niet klaar: " + "; ".join(blockers) + ".")
    ruling.status = RulingStatus.AWAITING_APPROVAL.value
    ruling.submitted_at = now
    ruling.sent_back_reason = ruling.sent_back_at = None
    record(actor, "bezwaar.ruling_submit", object_type="bezwaar_decision", object_id=ruling.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)


def send_back_ruling(bezwaar: Bezwaar, *, reason: str, actor: Actor, now: datetime) -> None:
    _require_jurist(actor)
    ruling = _ruling(bezwaar)
    if ruling.status_enum is not RulingStatus.AWAITING_APPROVAL:
        raise _refuse("Deze beslissing wacht niet op goedkeuring.")
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    ruling.status = RulingStatus.DRAFT.value
    ruling.submitted_at = None
    ruling.sent_back_reason = reason.strip()
    ruling.sent_back_at = now
    bezwaar.dsr.note("bezwaar_ruling_sent_back", actor_id=actor.user_id, at=now,
                     reason=f"Beslissing op bezwaar {bezwaar.kenmerk} teruggestuurd: "
                     f"{reason.strip()}")
    record(actor, "bezwaar.ruling_send_back", object_type="bezwaar_decision",
           object_id=ruling.id, purpose=Purpose.HANDLING_REQUEST, at=now)


def _has_edited(ruling: BezwaarDecision, actor: Actor) -> bool:
    """Whether ``actor`` ever saved this draft (every save is in the audit log), as the
    decisions check: the approver wrote none of it."""
    return db.session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.object_type == "bezwaar_decision", AuditEntry.object_id == str(ruling.id),
        AuditEntry.action == "bezwaar.ruling_draft", AuditEntry.user_id == actor.user_id
    ).limit(1)) is not None


def approve_ruling(bezwaar: Bezwaar, *, actor: Actor, now: datetime) -> None:
    """Four eyes: a second jurist who wrote none of the draft approves it; not the one who took
    the contested besluit under mandate (Awb 10:3(3))."""
    _require_jurist(actor)
    ruling = _ruling(bezwaar)
    if ruling.status_enum is not RulingStatus.AWAITING_APPROVAL:
        raise _refuse("Deze beslissing wacht niet op goedkeuring.")
    if actor.user_id == ruling.drafted_by_id or _has_edited(ruling, actor):
        raise _refuse("Een tweede jurist keurt de beslissing op bezwaar goed, niet de opsteller.")
    if actor.user_id == bezwaar.decision.approved_by_id:
        raise _refuse("U nam het besluit waartegen het bezwaar zich richt; u beslist niet op het "
                      "bezwaar (Awb 10:3 lid 3).")
    ruling.status = RulingStatus.APPROVED.value
    ruling.approved_by_id = actor.user_id
    ruling.approved_at = now
    bezwaar.dsr.note("bezwaar_ruling_approved", actor_id=actor.user_id, at=now,
                     reason=f"Beslissing op bezwaar {bezwaar.kenmerk} goedgekeurd door een "
                     "tweede jurist.")
    record(actor, "bezwaar.ruling_approve", object_type="bezwaar_decision", object_id=ruling.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)


def notify_ruling(bezwaar: Bezwaar, *, sent_on: date, actor: Actor, now: datetime) -> Letter:
    """Bekendmaking of the beslissing op bezwaar (Awb 3:41, 7:12): the letter dated the day of
    sending, signed by the approver under mandate (10:10); the beroep term runs from the next
    day (6:8). The bezwaar is decided."""
    ruling = _ruling(bezwaar)
    if ruling.status_enum is not RulingStatus.APPROVED or ruling.approved_at is None:
        raise _refuse("Alleen een goedgekeurde beslissing kan worden verzonden.")
    if sent_on > _today(now) or sent_on < law.receipt_date(ruling.approved_at):
        raise _refuse("De verzenddatum ligt voor de goedkeuring of in de toekomst.", "sent_on")
    letter = _letter("beslissing_op_bezwaar", bezwaar, actor=actor, now=now, day=sent_on)
    approver = db.session.get(User, ruling.approved_by_id)
    letter.signatory = signatory_of(approver) if approver is not None else None
    ruling.letter_id = letter.id
    ruling.sent_on = sent_on
    ruling.status = RulingStatus.NOTIFIED.value
    bezwaar.move_to(BezwaarStatus.DECIDED, at=now)
    outcome = rules.overall_outcome(p.outcome_enum for p in ruling.parts)
    bezwaar.dsr.note("bezwaar_decided", actor_id=actor.user_id, at=now,
                     reason=f"Beslissing op bezwaar {bezwaar.kenmerk} ({outcome}) verzonden op "
                     f"{law.format_date_nl(sent_on)}; beroep kan tot en met "
                     f"{law.format_date_nl(rules.appeal_period_end(sent_on))}.")
    record(actor, "bezwaar.ruling_notify", object_type="bezwaar_decision", object_id=ruling.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return letter


def set_rechtbank(bezwaar: Bezwaar, *, rechtbank: str | None, actor: Actor,
                  now: datetime) -> None:
    """Awb 8:7: the rechtbank for this case when it is not the configured one (empty: the
    configured one again)."""
    _require_open(bezwaar)
    bezwaar.rechtbank_override = (rechtbank or "").strip() or None
    _audit(actor, "bezwaar.rechtbank", bezwaar, now)


# ------------------------------------------------------------------------------ the sweep
@dataclass(frozen=True, slots=True)
class SweepResult:
    expired: int
    reminders: int


def sweep(*, now: datetime, actor: Actor | None = None) -> SweepResult:
    """The daily run for bezwaren: close unused herstel terms (7:10(2) ends; 6:6), then remind
    the assignee (or the request's) of bezwaren due within five working days or overdue, as the
    request queue does (``requests.queue.signal_for``). Each reminder goes out once per
    bezwaar, kind and due date (the outbox's dedupe key), however often the sweep runs."""
    from avg_service.mail.services import queue_mail_once
    from avg_service.requests.queue import signal_for

    actor = actor or Actor.system("sweep")
    today = _today(now)
    expired = expire_repairs(today=today, actor=actor, now=now)
    horizon = law.add_working_days(today, 5)
    rows = db.session.execute(
        sa.select(Bezwaar, User.email)
        .join(DataSubjectRequest, DataSubjectRequest.id == Bezwaar.dsr_id)
        .join(User, User.id == sa.func.coalesce(Bezwaar.assignee_id,
                                                DataSubjectRequest.assignee_id))
        .where(Bezwaar.is_open, Bezwaar.decision_due_on <= horizon,
               Bezwaar.status != BezwaarStatus.AWAITING_REPAIR.value)
        .order_by(Bezwaar.decision_due_on, Bezwaar.id)).all()
    sent = 0
    for bezwaar, email in rows:
        kind = signal_for(bezwaar.decision_due_on, today)
        when = law.format_date_nl(bezwaar.decision_due_on)
        overdue = kind == "overdue"
        queued = queue_mail_once(
            dedupe_key=f"bezwaar:{bezwaar.id}:{kind}:{bezwaar.decision_due_on.isoformat()}",
            to=email, purpose=f"bezwaar_reminder_{kind}", dsr_id=bezwaar.dsr_id, now=now,
            subject=(f"Verlopen: bezwaar {bezwaar.kenmerk}" if overdue
                     else f"Bijna verlopen: bezwaar {bezwaar.kenmerk}"),
            body=f"De beslistermijn op bezwaar {bezwaar.kenmerk} (Awb 7:10) "
                 f"{'is verstreken op' if overdue else 'eindigt op'} {when}.\n"
                 "Open het bezwaar in de werkvoorraad bezwaren van het contactpunt. Is meer "
                 "tijd nodig, verdaag dan binnen de termijn (Awb 7:10 lid 3).\n")
        sent += queued is not None
    if expired or sent:
        record(actor, "bezwaar.sweep", object_type="bezwaar", at=now)
    return SweepResult(expired=len(expired), reminders=sent)
