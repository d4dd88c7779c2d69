"""After an ingebrekestelling: the besluit tot vaststelling of the dwangsom (Awb 4:18) through
four eyes, and the notice that a besluit will not come within its term (Awb 4:14).

Builds on what the decisions package records: the ``DefaultNotice`` (Awb 4:17) with its first
and last penalty day (rule R11) and the dwangsom accrued (``decisions.services.notice_status``).
The vaststelling can be drafted once the dwangsom stopped running: the besluit was made known,
or the 42nd day passed. It fixes whether a dwangsom is owed and how much, within two weeks after
its last day (4:18); it is a beschikking, so it goes through four eyes and carries a
bezwaarclausule (and 4:19: a bezwaar against the besluit on the request covers it).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.accounts.models import User
from avg_service.audit.models import AuditEntry, Purpose
from avg_service.audit.services import record
from avg_service.bezwaar import rules
from avg_service.bezwaar.models import LateNotice, PenaltyFixing, RulingStatus
from avg_service.bezwaar.services import _dated, _refuse, _require_jurist
from avg_service.decisions import services as decisions
from avg_service.decisions.models import DefaultNotice
from avg_service.decisions.services import signatory_of
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import request_letter
from avg_service.requests.models import DataSubjectRequest

FIXING_KIND = "dwangsom_vaststelling"
LATE_NOTICE_KIND = "termijn_niet_gehaald"


def _audit(actor: Actor, action: str, fixing: PenaltyFixing, now: datetime) -> None:
    record(actor, action, object_type="penalty_fixing", object_id=fixing.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)


def get_notice(dsr: DataSubjectRequest, notice_id: int) -> DefaultNotice:
    notice = db.session.get(DefaultNotice, notice_id)
    if notice is None or notice.dsr_id != dsr.id:
        raise NotFound("Deze ingebrekestelling bestaat niet.")
    return notice


def fixing_of(notice: DefaultNotice) -> PenaltyFixing | None:
    return db.session.scalar(sa.select(PenaltyFixing)
                             .where(PenaltyFixing.default_notice_id == notice.id))


def penalty_ended_on(notice: DefaultNotice, dsr: DataSubjectRequest, today: date
                     ) -> date | None:
    """The last day the dwangsom ran, once it stopped: the day before the besluit was made
    known (Awb 4:17(1)), or the 42nd day; ``None`` while it still runs."""
    decision = decisions.decision_of(dsr)
    if decision is not None and decision.verzenddatum is not None:
        return min(decision.verzenddatum - timedelta(days=1), notice.last_penalty_day)
    if today > notice.last_penalty_day:
        return notice.last_penalty_day
    return None


def draft_fixing(dsr: DataSubjectRequest, notice: DefaultNotice, *, owed: bool,
                 reason: str | None, actor: Actor, now: datetime) -> PenaltyFixing:
    """Create or change the draft vaststelling: the days and the amount follow from the notice
    and the besluit (4:17(1)-(2)); the jurist says whether it is owed (not, e.g., when the
    request was evidently inadmissible or the ingebrekestelling unreasonably late, 4:17(5)-(6)),
    with the reason when it is not."""
    _require_jurist(actor)
    today = law.receipt_date(now)
    ended = penalty_ended_on(notice, dsr, today)
    if ended is None:
        raise _refuse("De dwangsom loopt nog: stel hem vast als het besluit is bekendgemaakt of "
                      f"na de laatste dag, {law.format_date_nl(notice.last_penalty_day)}.")
    if not owed and not (reason or "").strip():
        raise _refuse("Geef de reden waarom geen dwangsom verschuldigd is (Awb 4:17).", "reason")
    status = decisions.notice_status(notice, dsr, today=today)
    days = status.days_accrued if owed else 0
    amount = status.amount_accrued if owed else law.penalty_amount(0)
    values = {"first_day": notice.first_penalty_day,
              "last_day": max(ended, notice.first_penalty_day - timedelta(days=1)),
              "days": days, "amount": amount, "owed": owed,
              "reason": (reason or "").strip() or None,
              "due_by": rules.vaststelling_due(ended), "updated_at": now}
    fixing = fixing_of(notice)
    if fixing is None:
        fixing = PenaltyFixing(default_notice_id=notice.id, dsr_id=dsr.id,
                               drafted_by_id=actor.user_id, drafted_at=now,
                               status=RulingStatus.DRAFT.value, **values)
        db.session.add(fixing)
        dsr.note("dwangsom_draft", actor_id=actor.user_id, at=now,
                 reason="Concept van de vaststelling van de dwangsom (Awb 4:18).")
    elif fixing.status_enum is not RulingStatus.DRAFT:
        raise _refuse("Deze vaststelling is geen concept meer.")
    else:
        for name, value in values.items():
            setattr(fixing, name, value)
    db.session.flush()
    _audit(actor, "dwangsom.draft", fixing, now)
    return fixing


def _fixing(notice: DefaultNotice) -> PenaltyFixing:
    fixing = fixing_of(notice)
    if fixing is None:
        raise NotFound("Er is nog geen vaststelling van deze dwangsom.")
    return fixing


def submit_fixing(notice: DefaultNotice, *, actor: Actor, now: datetime) -> None:
    _require_jurist(actor)
    fixing = _fixing(notice)
    if fixing.status_enum is not RulingStatus.DRAFT:
        raise _refuse("Alleen een concept kan ter goedkeuring worden aangeboden.")
    fixing.status = RulingStatus.AWAITING_APPROVAL.value
    fixing.submitted_at = now
    fixing.sent_back_reason = fixing.sent_back_at = None
    _audit(actor, "dwangsom.submit", fixing, now)


def send_back_fixing(notice: DefaultNotice, *, reason: str, actor: Actor, now: datetime
                     ) -> None:
    _require_jurist(actor)
    fixing = _fixing(notice)
    if fixing.status_enum is not RulingStatus.AWAITING_APPROVAL:
        raise _refuse("Deze vaststelling wacht niet op goedkeuring.")
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    fixing.status = RulingStatus.DRAFT.value
    fixing.submitted_at = None
    fixing.sent_back_reason, fixing.sent_back_at = reason.strip(), now
    _audit(actor, "dwangsom.send_back", fixing, now)


def approve_fixing(notice: DefaultNotice, *, actor: Actor, now: datetime) -> None:
    """Four eyes, as for every besluit: a second jurist who wrote none of the draft."""
    _require_jurist(actor)
    fixing = _fixing(notice)
    if fixing.status_enum is not RulingStatus.AWAITING_APPROVAL:
        raise _refuse("Deze vaststelling wacht niet op goedkeuring.")
    edited = db.session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.object_type == "penalty_fixing", AuditEntry.object_id == str(fixing.id),
        AuditEntry.action == "dwangsom.draft", AuditEntry.user_id == actor.user_id).limit(1))
    if actor.user_id == fixing.drafted_by_id or edited is not None:
        raise _refuse("Een tweede jurist keurt de vaststelling goed, niet de opsteller.")
    fixing.status = RulingStatus.APPROVED.value
    fixing.approved_by_id, fixing.approved_at = actor.user_id, now
    db.session.get(DataSubjectRequest, fixing.dsr_id).note(  # type: ignore[union-attr]
        "dwangsom_approved", actor_id=actor.user_id, at=now,
        reason="Vaststelling van de dwangsom goedgekeurd door een tweede jurist.")
    _audit(actor, "dwangsom.approve", fixing, now)


def notify_fixing(notice: DefaultNotice, *, sent_on: date, actor: Actor, now: datetime
                  ) -> Letter:
    """The besluit tot vaststelling is sent, dated that day; 4:18: within two weeks after the
    last day. A later date is refused: it would be unlawful, and the jurist must know."""
    fixing = _fixing(notice)
    if fixing.status_enum is not RulingStatus.APPROVED or fixing.approved_at is None:
        raise _refuse("Alleen een goedgekeurde vaststelling kan worden verzonden.")
    if sent_on > law.receipt_date(now) or sent_on < law.receipt_date(fixing.approved_at):
        raise _refuse("De verzenddatum ligt voor de goedkeuring of in de toekomst.", "sent_on")
    dsr = db.session.get(DataSubjectRequest, fixing.dsr_id)
    assert dsr is not None
    letter = request_letter(FIXING_KIND, dsr_id=dsr.id, kenmerk=f"{dsr.reference}-D{notice.id}",
                            actor_id=actor.user_id, now=now, dagtekening=_dated(sent_on, now))
    approver = db.session.get(User, fixing.approved_by_id)
    letter.signatory = signatory_of(approver) if approver is not None else None
    fixing.letter_id, fixing.sent_on = letter.id, sent_on
    fixing.status = RulingStatus.NOTIFIED.value
    late = sent_on > fixing.due_by
    dsr.note("dwangsom_fixed", actor_id=actor.user_id, at=now,
             reason=f"Dwangsom vastgesteld op € {fixing.amount:.2f} over {fixing.days} dagen "
             f"(Awb 4:18), verzonden op {law.format_date_nl(sent_on)}"
             + (f"; na de uiterste datum {law.format_date_nl(fixing.due_by)}." if late else "."))
    _audit(actor, "dwangsom.notify", fixing, now)
    return letter


def send_late_notice(dsr: DataSubjectRequest, *, expected_on: date, reason: str, actor: Actor,
                     now: datetime) -> LateNotice:
    """Awb 4:14: the besluit will not come within the term; the requester hears when it can be
    expected (a term as short as possible) and why. It does not extend the AVG term (RULES.md
    D16): the letter says so, and what the requester can do after the term."""
    if not dsr.is_open:
        raise _refuse("Dit verzoek is afgehandeld.")
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    today = law.receipt_date(now)
    if expected_on <= today:
        raise _refuse("De verwachte datum moet na vandaag liggen.", "expected_on")
    if expected_on <= dsr.due_on:
        raise _refuse("De verwachte datum ligt binnen de termijn; dan is deze mededeling niet "
                      "nodig.", "expected_on")
    notice = LateNotice(dsr_id=dsr.id, expected_on=expected_on, reason=reason.strip(),
                        sent_on=today, created_by_id=actor.user_id)
    db.session.add(notice)
    db.session.flush()
    notice.letter_id = request_letter(LATE_NOTICE_KIND, dsr_id=dsr.id,
                                      kenmerk=f"{dsr.reference}-T{notice.id}",
                                      actor_id=actor.user_id, now=now).id
    dsr.note("late_notice", actor_id=actor.user_id, at=now,
             reason=f"Mededeling verstuurd: het besluit komt niet binnen de termijn; verwacht "
             f"uiterlijk {law.format_date_nl(expected_on)} (Awb 4:14).")
    record(actor, "late_notice.create", object_type="late_notice", object_id=notice.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return notice
