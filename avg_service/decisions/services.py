"""Drafting, four-eyes approval, bekendmaking, bezwaar and ingebrekestelling.

A jurist drafts the besluit per right with grounds and motivations (the participants'
restriction motivations offered from the coordination answers); a second jurist, never the
drafter, approves it, which fixes its content. The final PDF/A is rendered when the sending is
recorded, dated that day (the dagtekening is the day of sending, Awb 3:41, 6:8); a version made
on an earlier day is kept, marked void. Paper letters wait in the post queue until staff mark
them posted. Bekendmaking records the send date and channel (electronic only after the
requester's express choice, Awb 2:8) and computes the end of the bezwaartermijn (Awb 6:7, 6:8).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from avg_service.notifications import services as notifications
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.clock import AMSTERDAM
from avg_service.coordination import outcome
from avg_service.decisions.catalogue import (
    GROUNDS_BY_CODE,
    REFUSAL_12_5_GROUNDS,
    GroundNotAllowed,
    Outcome,
    check_outcome,
    missing_case_facts,
    standard_motivation,
)
from avg_service.decisions.models import (
    DECISION_KIND_LABELS,
    LETTER_KIND,
    Decision,
    DecisionKind,
    DecisionPart,
    DecisionStatus,
    DefaultNotice,
    Objection,
)
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.hearing import services as hearing
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered, request_letter
from avg_service.mail.models import OutboxMessage
from avg_service.requests.lifecycle import Status
from avg_service.requests.letters import last_expired_invitation
from avg_service.requests.lifecycle import Right
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.services import mail_requester


class DecisionRefused(DomainError):
    pass


def _refuse(message: str, field_name: str | None = None) -> DecisionRefused:
    return DecisionRefused(message, errors={field_name: [message]} if field_name else None)


def _audit(actor: Actor, action: str, decision: Decision, at: datetime) -> None:
    record(actor, action, object_type="decision", object_id=decision.id,
           purpose=Purpose.HANDLING_REQUEST, at=at)


def _require_jurist(actor: Actor) -> None:
    if actor.role is not Role.JURIST:
        raise DecisionRefused("Alleen een jurist kan een besluit opstellen of goedkeuren.")


def get_decision(decision_id: int, *, for_update: bool = False) -> Decision:
    decision = db.session.get(Decision, decision_id, with_for_update=for_update or None)
    if decision is None:
        raise NotFound("Dit besluit bestaat niet.")
    return decision


def decision_of(dsr: DataSubjectRequest) -> Decision | None:
    return db.session.scalar(sa.select(Decision).where(Decision.dsr_id == dsr.id))


@dataclass(frozen=True, slots=True)
class PartInput:
    right: str
    outcome: Outcome
    grounds: list[str]
    motivation: str | None = None
    measures: str | None = None


def blocking_tasks(dsr: DataSubjectRequest) -> list[str]:
    """Who was not yet heard: every active joint controller needs a task that is answered,
    declined with a reason, answered on behalf or set aside (BGS art. 1.1(1); Awb 3:2), and a
    private participant's open task waits too. The besluit cannot be submitted before."""
    return outcome.unheard_controllers(dsr)


def cited_silent_grounds(dsr: DataSubjectRequest, grounds: Iterable[str]) -> list[str]:
    """The grounds of the draft that only a restriction marked "telling would defeat its
    purpose" invokes: citing one in the letter reveals that restriction (UAVG art. 41(2)(h))."""
    silent_only = outcome.silent_only_grounds(outcome.tasks_of(dsr))
    return [GROUNDS_BY_CODE[code].source for code in dict.fromkeys(grounds)
            if code in silent_only]


def _refuse_silent(dsr: DataSubjectRequest, grounds: Iterable[str]) -> None:
    cited = cited_silent_grounds(dsr, grounds)
    if cited:
        raise _refuse("Het besluit noemt " + ", ".join(cited) + ": die grond roept alleen een "
                      "beperking in waarover betrokkene niet mag horen (UAVG art. 41 lid 2 "
                      "onder h). Noem haar niet; de afweging blijft in het dossier.", "parts")


def save_draft(dsr: DataSubjectRequest, parts: list[PartInput], *, history_note: str | None,
               actor: Actor, now: datetime, refuse_silent_grounds: bool = True) -> Decision:
    """Create or change the draft. The request moves to besluitvorming on the first draft. A
    draft that cites a ground only a silent restriction invokes is refused (the API); the page
    saves it with a warning (``refuse_silent_grounds=False``), and submitting refuses it."""
    _require_jurist(actor)
    if refuse_silent_grounds:
        _refuse_silent(dsr, [code for p in parts for code in p.grounds])
    rights = {r.value for r in dsr.rights_list}
    given = {p.right for p in parts}
    if given != rights:
        raise _refuse("Neem voor elk ingeroepen recht een beslissing op "
                      f"(ontbreekt: {', '.join(sorted(rights - given)) or '—'}).", "parts")
    for part in parts:
        try:
            check_outcome(part.right, part.outcome, part.grounds)
        except GroundNotAllowed as refused:
            raise _refuse(str(refused), f"part_{part.right}") from refused
    decision = decision_of(dsr)
    if decision is None:
        if dsr.status_enum is Status.IN_PROGRESS:
            dsr.move_to(Status.DECIDING, actor_id=actor.user_id, at=now,
                        reason="Besluit in voorbereiding.")
        elif dsr.status_enum is not Status.DECIDING:
            raise _refuse("Een besluit kan worden opgesteld als het verzoek in behandeling is.")
        decision = Decision(dsr_id=dsr.id, drafted_by_id=actor.user_id, drafted_at=now,
                            status=DecisionStatus.DRAFT.value)
        db.session.add(decision)
    elif decision.status_enum is not DecisionStatus.DRAFT:
        raise _refuse("Dit besluit is geen concept meer.")
    elif decision.kind_enum is not DecisionKind.ON_REQUEST:
        raise _refuse("Er ligt al een ander soort besluit als concept; verwijder dat eerst.")
    decision.history_note = (history_note or "").strip() or None
    _replace_parts(decision, parts)
    decision.updated_at = now
    db.session.flush()
    _audit(actor, "decision.draft", decision, now)
    return decision


def _replace_parts(decision: Decision, parts: list[PartInput]) -> None:
    """Write the parts onto the draft's rows, one row per right, changed in place.

    Replacing the list would insert the new rows before the old ones are deleted (SQLAlchemy's
    unit of work orders inserts first) and break ``uq_decision_part_right`` on the second save.
    """
    existing = {part.right: part for part in decision.parts}
    kept = []
    for given in sorted(parts, key=lambda p: p.right):
        row = existing.pop(given.right, None) or DecisionPart(right=given.right)
        row.outcome = given.outcome.value
        row.grounds = "," + ",".join(dict.fromkeys(given.grounds)) + ","
        row.motivation = (given.motivation or "").strip() or _standard_motivation(given)
        row.measures = (given.measures or "").strip() or None
        kept.append(row)
    for stale in existing.values():  # a right no longer invoked: delete before any insert
        decision.parts.remove(stale)
    db.session.flush()
    decision.parts = kept


def _standard_motivation(part: PartInput) -> str | None:
    return standard_motivation(part.grounds)


def _require_case_facts(decision: Decision) -> None:
    """A ground that needs the facts of the case (17(3)(b), 21(1), 12(5)) is not carried by its
    standard paragraph alone: the jurist adds this case's reasons before submission."""
    dsr = decision.dsr
    if decision.kind_enum is DecisionKind.REFUSAL_12_5 and dsr.refusal_ground:
        if missing_case_facts([dsr.refusal_ground], dsr.refusal_reason):
            raise _refuse("Beschrijf de feiten waaruit blijkt dat het verzoek "
                          f"{GROUNDS_BY_CODE[dsr.refusal_ground].label.lower()} is; de "
                          "standaardtekst alleen toont dat niet aan (AVG 12 lid 5).", "reason")
    for part in decision.parts:
        missing = missing_case_facts(part.ground_codes, part.motivation)
        if missing:
            raise _refuse(
                "Vul de motivering aan met de feiten van deze zaak voor: "
                + ", ".join(f"{g.label} ({g.source})" for g in missing)
                + ". De standaardtekst alleen draagt dit besluit niet (Awb 3:46).",
                f"motivation_{part.right}")


def draft_refusal_12_5(dsr: DataSubjectRequest, *, ground: str, reason: str,
                       history_note: str | None = None, actor: Actor, now: datetime
                       ) -> Decision:
    """Create or change the draft besluit not to act on the request (AVG 12(5)(b)): which of
    the two (kennelijk ongegrond or buitensporig) and why; the burden of proof is on the
    controller, so the reasons are this request's facts. It must reach the requester within a
    month (12(4), R7), so it is drafted only until then; four eyes as for every besluit."""
    _require_jurist(actor)
    if ground not in REFUSAL_12_5_GROUNDS:
        raise _refuse("Kies: kennelijk ongegrond of buitensporig (AVG 12 lid 5 onder b).",
                      "ground")
    if not reason.strip():
        raise _refuse("Geef de redenen; wij moeten aantonen dat het verzoek kennelijk ongegrond "
                      "of buitensporig is (AVG 12 lid 5).", "reason")
    if dsr.status_enum not in (Status.RECEIVED, Status.IN_PROGRESS):
        raise _refuse("Dit kan alleen bij een ontvangen verzoek of een verzoek in behandeling.")
    refusal_by = dsr.deadlines().refusal_notice_by
    if law.receipt_date(now) > refusal_by:
        raise _refuse("Dat kan niet meer: het besluit moest uiterlijk "
                      f"{law.format_date_nl(refusal_by)} verzonden zijn (AVG art. 12 lid 4, R7). "
                      "Neem een besluit op het verzoek zelf.", "reason")
    decision = _draft_of_kind(dsr, DecisionKind.REFUSAL_12_5, actor=actor, now=now)
    dsr.refusal_ground = ground
    dsr.refusal_reason = reason.strip()
    decision.history_note = (history_note or "").strip() or None
    decision.updated_at = now
    db.session.flush()
    _audit(actor, "decision.draft", decision, now)
    return decision


def draft_not_handled(dsr: DataSubjectRequest, *, history_note: str | None = None,
                      actor: Actor, now: datetime) -> Decision:
    """Create or change the draft besluit not to handle the request (Awb 4:5(1)): the term of
    the invitation passed unused. On a request for access only when identity or
    representation was not shown: the person may keep an access request for all data, so not
    specifying it is never a reason (AVG 12(2), recital 63; EDPB 01/2022)."""
    _require_jurist(actor)
    if dsr.status_enum is not Status.TERM_EXPIRED:
        raise _refuse("Dit kan alleen als de termijn voor aanvulling ongebruikt is verstreken.")
    last = last_expired_invitation(dsr)
    if Right.ACCESS in dsr.rights_list and (last is None or last.purpose not in
                                            ("identity", "representation")):
        raise _refuse("Een verzoek om inzage wordt niet buiten behandeling gelaten omdat het niet "
                      "is gespecificeerd: de verzoeker mag het verzoek houden zoals het is (AVG "
                      "art. 12 lid 2). Alleen als identiteit of vertegenwoordiging niet is "
                      "aangetoond, kan dat (Awb 4:5). Neem het verzoek in behandeling.")
    decision = _draft_of_kind(dsr, DecisionKind.NOT_HANDLED, actor=actor, now=now)
    decision.history_note = (history_note or "").strip() or None
    decision.updated_at = now
    db.session.flush()
    _audit(actor, "decision.draft", decision, now)
    return decision


def draft_deceased(dsr: DataSubjectRequest, *, history_note: str | None = None, actor: Actor,
                   now: datetime) -> Decision:
    """Create or change the draft besluit that the AVG does not apply: the person the request
    is about has died (recital 27), as the contact point recorded. It is a decision on a
    request under art. 15–22 and so a besluit (UAVG 34), with the bezwaarclausule and four
    eyes; the request goes to besluitvorming without tasks for the participants."""
    _require_jurist(actor)
    if dsr.deceased is None:
        raise _refuse("Leg eerst op het verzoek vast dat de betrokkene is overleden en hoe dat "
                      "is vastgesteld.")
    if dsr.status_enum not in (Status.RECEIVED, Status.IN_PROGRESS, Status.DECIDING):
        raise _refuse("Dit kan alleen bij een ontvangen verzoek of een verzoek in behandeling.")
    decision = _draft_of_kind(dsr, DecisionKind.DECEASED, actor=actor, now=now)
    reason = "Besluit in voorbereiding: de betrokkene is overleden, de AVG is niet van toepassing."
    if dsr.status_enum is Status.RECEIVED:
        dsr.move_to(Status.IN_PROGRESS, actor_id=actor.user_id, at=now, reason=reason)
    if dsr.status_enum is Status.IN_PROGRESS:
        dsr.move_to(Status.DECIDING, actor_id=actor.user_id, at=now, reason=reason)
    decision.history_note = (history_note or "").strip() or None
    decision.updated_at = now
    db.session.flush()
    _audit(actor, "decision.draft", decision, now)
    return decision


def _draft_of_kind(dsr: DataSubjectRequest, kind: DecisionKind, *, actor: Actor,
                   now: datetime) -> Decision:
    decision = decision_of(dsr)
    if decision is None:
        decision = Decision(dsr_id=dsr.id, kind=kind.value, drafted_by_id=actor.user_id,
                            drafted_at=now, status=DecisionStatus.DRAFT.value)
        db.session.add(decision)
        dsr.note("decision_draft", actor_id=actor.user_id, at=now,
                 reason=f"Concept opgesteld: {DECISION_KIND_LABELS[kind].lower()}.")
        return decision
    if decision.status_enum is not DecisionStatus.DRAFT:
        raise _refuse("Dit besluit is geen concept meer.")
    if decision.kind_enum is not kind:
        raise _refuse("Er ligt al een ander soort besluit als concept; verwijder dat eerst.")
    return decision


def discard_draft(decision: Decision, *, actor: Actor, now: datetime) -> None:
    """Drop a draft that was never submitted (another kind of besluit is needed); nothing was
    sent, so nothing of it is kept but the timeline entry and the audit."""
    _require_jurist(actor)
    if decision.status_enum is not DecisionStatus.DRAFT or decision.submitted_at is not None:
        raise _refuse("Alleen een concept kan worden verwijderd.")
    dsr = decision.dsr
    if decision.kind_enum is DecisionKind.REFUSAL_12_5:
        dsr.refusal_ground = dsr.refusal_reason = None
    if dsr.status_enum is Status.DECIDING:
        dsr.move_to(Status.IN_PROGRESS, actor_id=actor.user_id, at=now,
                    reason="Concept van het besluit verwijderd.")
    else:
        dsr.note("decision_discarded", actor_id=actor.user_id, at=now,
                 reason="Concept van het besluit verwijderd.")
    _audit(actor, "decision.discard", decision, now)
    db.session.delete(decision)
    db.session.flush()


def submit_for_approval(decision: Decision, *, actor: Actor, now: datetime) -> None:
    _require_jurist(actor)
    if decision.status_enum is not DecisionStatus.DRAFT:
        raise _refuse("Alleen een concept kan ter goedkeuring worden aangeboden.")
    _require_case_facts(decision)
    waiting = blocking_tasks(decision.dsr) if decision.kind_enum is DecisionKind.ON_REQUEST \
        else []
    if waiting:
        raise _refuse("Nog niet elke gezamenlijk verwerkingsverantwoordelijke is gehoord: "
                      + "; ".join(waiting) + ". Wacht op het antwoord, leg het vast namens de "
                      "organisatie, of leg de taak terzijde met een reden.")
    _refuse_silent(decision.dsr, [code for p in decision.parts for code in p.ground_codes])
    unheard = hearing.open_points(decision.dsr, today=law.receipt_date(now))
    if unheard:  # Awb 4:7/4:8 with 3:2: wait for the term, then weigh what came in
        raise _refuse("Het horen is nog niet af: " + " ".join(unheard))
    decision.status = DecisionStatus.AWAITING_APPROVAL.value
    decision.submitted_at = now
    decision.sent_back_reason = decision.sent_back_at = None  # answered by this submission
    _audit(actor, "decision.submit", decision, now)
    notifications.decision_offered(decision, now=now)


def send_back(decision: Decision, *, reason: str, actor: Actor, now: datetime) -> None:
    """The second jurist does not approve: back to the drafter, with the reason."""
    _require_jurist(actor)
    if decision.status_enum is not DecisionStatus.AWAITING_APPROVAL:
        raise _refuse("Dit besluit wacht niet op goedkeuring.")
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    decision.status = DecisionStatus.DRAFT.value
    decision.submitted_at = None
    decision.sent_back_reason = reason.strip()
    decision.sent_back_at = now
    decision.dsr.note("decision_sent_back", actor_id=actor.user_id, at=now,
                      reason=f"Besluit teruggestuurd naar de opsteller: {reason.strip()}")
    _audit(actor, "decision.send_back", decision, now)
    notifications.decision_sent_back(decision, reason=reason, now=now)


def approve(decision: Decision, *, actor: Actor, now: datetime) -> None:
    """Four eyes: a second jurist, not the drafter, approves. That fixes the content and the
    besluitdatum; the letter is made when the sending is recorded, dated that day (Awb 3:41:
    the bezwaartermijn runs from the bekendmaking, so the dagtekening is the day of sending)."""
    _require_jurist(actor)
    if decision.status_enum is not DecisionStatus.AWAITING_APPROVAL:
        raise _refuse("Dit besluit wacht niet op goedkeuring.")
    if actor.user_id == decision.drafted_by_id or _has_edited(decision, actor):
        raise _refuse("Een tweede jurist keurt het besluit goed, niet de opsteller.")
    decision.status = DecisionStatus.APPROVED.value
    decision.approved_by_id = actor.user_id
    decision.approved_at = now
    decision.besluitdatum = law.receipt_date(now)
    decision.dsr.note("decision_approved", actor_id=actor.user_id, at=now,
                      reason="Besluit goedgekeurd door een tweede jurist; de brief wordt gemaakt "
                      "op de dag van verzending.")
    _audit(actor, "decision.approve", decision, now)
    notifications.decision_approved(decision, now=now)


def current_letter(decision: Decision) -> Letter | None:
    return db.session.get(Letter, decision.letter_id) if decision.letter_id else None


def letter_versions(decision: Decision) -> list[Letter]:
    """Every version of the besluit letter, oldest first; all but the current one are void."""
    return list(db.session.scalars(sa.select(Letter).where(
        Letter.dsr_id == decision.dsr_id, Letter.kind == _letter_kind(decision))
        .order_by(Letter.id)))


def _letter_kind(decision: Decision) -> str:
    return LETTER_KIND[decision.kind_enum]


def signatory_of(user: User) -> str:
    """Name and function of the official who decided under mandate (Awb 10:10), from the
    account; the function defaults to the role when the account has none."""
    return f"{user.display_name}, {user.job_title or 'jurist'}"


def _dated(day: date, now: datetime) -> datetime:
    """The dagtekening moment for ``day``: now when it is today, else noon that day."""
    if day == law.receipt_date(now):
        return now
    return datetime.combine(day, time(12), tzinfo=AMSTERDAM).astimezone(UTC)


def letter_for_sending(decision: Decision, *, sent_on: date, actor: Actor, now: datetime
                       ) -> Letter:
    """The version of the letter dated ``sent_on``: the current one when it bears that date;
    otherwise a new version, rendered after the commit, and the earlier one kept as it is,
    marked void. A letter dated after ``sent_on`` cannot have been sent that day."""
    letter = current_letter(decision)
    if letter is not None:
        dated_on = letter.dated_on
        if dated_on == sent_on:
            return letter
        if dated_on > sent_on:
            raise _refuse("De brief draagt de datum "
                          f"{law.format_date_nl(dated_on)}; hij kan niet eerder zijn verzonden.",
                          "sent_on")
        letter.void_at = now
        letter.void_reason = (f"Vervallen: het besluit is op {law.format_date_nl(sent_on)} "
                              "verzonden; die dag draagt de nieuwe versie.")
    fresh = request_letter(_letter_kind(decision), dsr_id=decision.dsr_id,
                           kenmerk=decision.dsr.reference, actor_id=actor.user_id, now=now,
                           dagtekening=_dated(sent_on, now))
    approver = db.session.get(User, decision.approved_by_id) if decision.approved_by_id else None
    fresh.signatory = signatory_of(approver) if approver is not None else None
    decision.letter_id = fresh.id
    return fresh


def queue_for_post(decision: Decision, *, actor: Actor, now: datetime) -> Letter:
    """A paper besluit goes to the post queue ("te printen en te versturen"), its letter dated
    today; it is sent when staff mark it posted (that day is the verzenddatum)."""
    if decision.status_enum is not DecisionStatus.APPROVED:
        raise _refuse("Alleen een goedgekeurd besluit kan klaar worden gezet voor de post.")
    decision.channel = "post"
    letter = letter_for_sending(decision, sent_on=law.receipt_date(now), actor=actor, now=now)
    decision.dsr.note("decision_post_queue", actor_id=actor.user_id, at=now,
                      reason="Besluit klaargezet voor de post (te printen en te versturen).")
    _audit(actor, "decision.post_queue", decision, now)
    return letter


def _has_edited(decision: Decision, actor: Actor) -> bool:
    """Whether ``actor`` ever saved this draft. ``drafted_by_id`` names only the first author;
    the audit log holds every save, so a jurist who rewrote the draft after it was sent back
    is a drafter too (four eyes: the approver wrote none of it; issue 15, finding 7)."""
    from avg_service.audit.models import AuditEntry

    return db.session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.object_type == "decision", AuditEntry.object_id == str(decision.id),
        AuditEntry.action == "decision.draft", AuditEntry.user_id == actor.user_id).limit(1)
    ) is not None


def print_for_post(decision: Decision, *, actor: Actor, now: datetime) -> Letter:
    """The letter to print from the post queue, dated today: a version made on an earlier day
    is replaced (and kept void), so what goes into the envelope bears the day it is posted."""
    if decision.status_enum is not DecisionStatus.APPROVED or decision.channel != "post":
        raise _refuse("Dit besluit staat niet klaar voor de post.")
    letter = letter_for_sending(decision, sent_on=law.receipt_date(now), actor=actor, now=now)
    _audit(actor, "decision.print", decision, now)
    return letter


def post_queue() -> list[Decision]:
    """Paper besluiten approved and waiting to be printed and posted, oldest first."""
    return list(db.session.scalars(
        sa.select(Decision).options(sa.orm.joinedload(Decision.dsr))
        .where(Decision.status == DecisionStatus.APPROVED.value, Decision.channel == "post")
        .order_by(Decision.approved_at, Decision.id)))


def notify(decision: Decision, *, sent_on: date, channel: str, actor: Actor, now: datetime) -> None:
    """Bekendmaking (Awb 3:41) by sending or handing over: the letter is the version dated
    ``sent_on`` (a new one when the last was dated earlier); the bezwaartermijn starts the
    next day (6:8) and ends six weeks later (6:7), rolled by the Atw (R9)."""
    if decision.status_enum is not DecisionStatus.APPROVED:
        raise _refuse("Alleen een goedgekeurd besluit kan worden bekendgemaakt.")
    if channel not in ("post", "electronic", "hand"):
        raise _refuse("Kies post, elektronisch of afgegeven.", "channel")
    dsr = decision.dsr
    if channel == "electronic" and not (dsr.delivery == "electronic" and dsr.electronic_consent):
        raise _refuse("Elektronisch bekendmaken mag alleen als de verzoeker daar uitdrukkelijk "
                      "voor koos (Awb 2:8).", "channel")
    today = law.receipt_date(now)
    if sent_on > today or (decision.besluitdatum and sent_on < decision.besluitdatum):
        raise _refuse("De verzenddatum ligt voor het besluit of in de toekomst.", "sent_on")
    if channel == "electronic" and sent_on != today:
        # On the status page: sent the moment it becomes accessible there (Awb 2:19(b)), so
        # today; the requester hears of it at once, well within the 48 hours of 2:10(1).
        raise _refuse("Elektronisch bekendmaken gebeurt nu: het besluit komt vandaag op de "
                      "statuspagina van de verzoeker (Awb 2:19).", "sent_on")
    letter = letter_for_sending(decision, sent_on=sent_on, actor=actor, now=now)
    if channel == "electronic":
        db.session.flush()
        ensure_rendered(letter)
        decision.available_at = now
        mail_requester(dsr, "decision_available")
    decision.status = DecisionStatus.NOTIFIED.value
    decision.verzenddatum = sent_on
    decision.ingangsdatum = sent_on  # in force on bekendmaking (Awb 3:40)
    decision.uiterlijke_reactiedatum = law.objection_period_end(sent_on)
    decision.channel = channel
    closed = Status.REFUSED_12_5 if decision.kind_enum is DecisionKind.REFUSAL_12_5 \
        else Status.CLOSED
    dsr.move_to(closed, actor_id=actor.user_id, at=now,
                reason=f"Besluit bekendgemaakt op {law.format_date_nl(sent_on)}; de "
                "bezwaartermijn eindigt op "
                f"{law.format_date_nl(decision.uiterlijke_reactiedatum)}.")
    _audit(actor, "decision.notify", decision, now)


#: Awb 2:10(1): the requester hears within 48 hours that the besluit is on the status page.
NOTICE_WITHIN = timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class AvailabilityNotice:
    """The e-mail that told the requester the besluit is on the status page (Awb 2:10)."""

    status: str  # the outbox status: pending, sent, failed or held; "missing" when none
    sent_at: datetime | None
    late: bool  # not sent within 48 hours of availability: 2:22 protects the requester


def availability_notice(decision: Decision, *, now: datetime) -> AvailabilityNotice | None:
    """For a besluit made known on the status page: did its notice go out in time?"""
    if decision.available_at is None:
        return None
    message = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.dsr_id == decision.dsr_id,
                                       OutboxMessage.purpose == "decision_available")
        .order_by(OutboxMessage.id.desc()).limit(1))
    deadline = decision.available_at + NOTICE_WITHIN
    if message is None:
        return AvailabilityNotice("missing", None, now > deadline)
    sent_at = message.sent_at if message.status == "sent" else None
    late = (sent_at or now) > deadline
    return AvailabilityNotice(message.status, sent_at, late)


def register_objection(decision: Decision, *, received_on: date, posted_on: date | None,
                       committee: bool, actor: Actor, now: datetime) -> Objection:
    """A bezwaarschrift: on time per Awb 6:9 (with the one-week rule for post); decided within
    6 weeks, or 12 with an advisory committee, after the term (7:10, R10)."""
    if decision.status_enum is not DecisionStatus.NOTIFIED or decision.uiterlijke_reactiedatum is None:
        raise _refuse("Bezwaar kan alleen tegen een bekendgemaakt besluit.")
    if received_on > law.receipt_date(now):
        raise _refuse("De ontvangstdatum ligt in de toekomst.", "received_on")
    if posted_on is not None and posted_on > received_on:
        raise _refuse("De datum van verzending ligt na de ontvangst.", "posted_on")
    end = decision.uiterlijke_reactiedatum
    objection = Objection(
        decision_id=decision.id, received_on=received_on, posted_on=posted_on,
        on_time=law.is_objection_on_time(end, received_on, posted_on), committee=committee,
        decision_due_on=law.objection_decision_due(end, committee=committee),
        recorded_at=now, recorded_by_id=actor.user_id)
    decision.objections.append(objection)
    db.session.flush()
    decision.dsr.note("objection", actor_id=actor.user_id, at=now,
                      reason=f"Bezwaar ontvangen op {law.format_date_nl(received_on)} ("
                      + ("tijdig" if objection.on_time else "te laat; verschoonbaar? Awb 6:11")
                      + f"); beslissen uiterlijk {law.format_date_nl(objection.decision_due_on)}.")
    _audit(actor, "decision.objection", decision, now)
    return objection


@dataclass(frozen=True, slots=True)
class PenaltyStatus:
    notice: DefaultNotice
    days_accrued: int
    amount_accrued: Decimal


def register_default_notice(dsr: DataSubjectRequest, *, received_on: date, actor: Actor,
                            now: datetime) -> DefaultNotice:
    """An ingebrekestelling (Awb 4:17): only after the term expired (R11)."""
    if received_on > law.receipt_date(now):
        raise _refuse("De ontvangstdatum ligt in de toekomst.", "received_on")
    try:
        period = law.penalty_period(dsr.due_on, received_on)
    except ValueError as refused:
        raise _refuse("Een ingebrekestelling vóór het einde van de beslistermijn "
                      f"({law.format_date_nl(dsr.due_on)}) heeft geen gevolg (Awb 4:17 lid 3).",
                      "received_on") from refused
    notice = DefaultNotice(dsr_id=dsr.id, received_on=received_on,
                           first_penalty_day=period.first_day, last_penalty_day=period.last_day,
                           recorded_at=now, recorded_by_id=actor.user_id)
    db.session.add(notice)
    db.session.flush()
    dsr.note("default_notice", actor_id=actor.user_id, at=now,
             reason=f"Ingebrekestelling ontvangen op {law.format_date_nl(received_on)}; een "
             f"dwangsom loopt vanaf {law.format_date_nl(period.first_day)} als er dan nog geen "
             "besluit is (Awb 4:17). Laat de jurist de bedragen vaststellen.")
    record(actor, "dsr.default_notice", object_type="dsr", object_id=dsr.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return notice


def penalty_status(notice: DefaultNotice, *, decided_on: date | None, today: date
                   ) -> PenaltyStatus:
    """The dwangsom accrued so far (Awb 4:17(1)–(2)): per day from the first penalty day until
    the day before the decision (or today), at most 42 days."""
    last_counted = today if decided_on is None else decided_on - timedelta(days=1)
    end = min(last_counted, notice.last_penalty_day)
    days = max(0, (end - notice.first_penalty_day).days + 1)
    return PenaltyStatus(notice, days, law.penalty_amount(days))


def _penalty_ended_on(dsr: DataSubjectRequest) -> date | None:
    """The dwangsom runs until the besluit is made known (Awb 3:40, 4:17(1)), so the
    verzenddatum ends it; ``None`` while it has not been sent."""
    decision = decision_of(dsr)
    return decision.verzenddatum if decision is not None else None


def penalties(dsr: DataSubjectRequest, *, today: date) -> list[PenaltyStatus]:
    """Each ingebrekestelling with the dwangsom so far."""
    decided_on = _penalty_ended_on(dsr)
    notices = db.session.scalars(sa.select(DefaultNotice).where(DefaultNotice.dsr_id == dsr.id)
                                 .order_by(DefaultNotice.id))
    return [penalty_status(n, decided_on=decided_on, today=today) for n in notices]


def notice_status(notice: DefaultNotice, dsr: DataSubjectRequest, *, today: date
                  ) -> PenaltyStatus:
    """One ingebrekestelling of ``dsr`` with the dwangsom so far."""
    return penalty_status(notice, decided_on=_penalty_ended_on(dsr), today=today)


def register_page(page: int, per_page: int) -> tuple[list[Decision], bool]:
    """The decision register: all decisions, newest first, one page (and whether there is a
    next)."""
    rows = list(db.session.scalars(
        sa.select(Decision).options(sa.orm.joinedload(Decision.dsr))
        .order_by(Decision.id.desc()).offset((max(page, 1) - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page
