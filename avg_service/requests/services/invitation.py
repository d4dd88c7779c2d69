"""The Awb 4:5 route: inviting the requester to complete the request (identity, representation,
information) with a term, the answer, the lapse, and the identity check (AVG 12(6); Awb 4:15
suspends the term, R5)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.extensions import db
from avg_service.letters.services import request_letter
from avg_service.requests import documents
from avg_service.requests.lifecycle import IDENTITY_METHOD_LABELS, IdentityMethod, Right, Status
from avg_service.requests.models import DataSubjectRequest, Invitation
from avg_service.requests.services.common import _audit, _refuse, _transition
from avg_service.requests.services.requester_mail import mail_requester

# ------------------------------------------------------------------------------ the 4:5 route
#: What an Awb 4:5 invitation asks for: identity (only on reasonable doubt, AVG 12(6)), proof of
#: representation (a machtiging, Awb 2:1(2); UAVG 5), or other information (for access: an
#: invitation to specify, which the person may decline, AVG 12(2), recital 63).
INVITATION_PURPOSES = ("identity", "representation", "information")
def invite(dsr: DataSubjectRequest, *, purpose: str, what: str, term_until: date, sent_on: date,
           actor: Actor, now: datetime) -> Invitation:
    """An Awb 4:5 invitation with a term: the clock stands still from the next day (4:15(1)(a)).

    Identity only on reasonable doubt (AVG 12(6)); the reason is part of ``what``.
    """
    if dsr.open_invitation is not None:
        raise _refuse("Er loopt al een verzoek om aanvulling.")
    if sent_on < dsr.received_on or sent_on > law.receipt_date(now):
        raise _refuse("De verzenddatum ligt voor de ontvangst of in de toekomst.", "sent_on")
    if term_until <= sent_on:
        raise _refuse("De termijn moet na de verzenddatum eindigen.", "term_until")
    if purpose not in INVITATION_PURPOSES:
        raise _refuse("Onbekend doel.", "purpose")
    resume = dsr.status_enum
    _transition(dsr, Status.AWAITING_INFORMATION, actor=actor, at=now,
                reason=f"Aanvulling gevraagd (Awb 4:5) tot en met {law.format_date_nl(term_until)}:"
                f" {what}")
    invitation = Invitation(purpose=purpose, what=what, sent_on=sent_on, term_until=term_until,
                            resume_status=resume.value, created_by_id=actor.user_id)
    dsr.invitations.append(invitation)
    dsr.refresh_deadlines()
    db.session.flush()
    letter = request_letter("aanvulling", dsr_id=dsr.id, kenmerk=dsr.reference,
                            actor_id=actor.user_id, now=now)
    invitation.letter_id = letter.id
    mail_requester(dsr, "information")
    _audit(actor, "dsr.invite", dsr, now)
    return invitation


def record_answer(dsr: DataSubjectRequest, *, answered_on: date, actor: Actor, now: datetime,
                  note: str | None = None) -> Invitation:
    """The information arrived: the suspension ends (R5: days strictly between)."""
    invitation = dsr.open_invitation
    if invitation is None:
        raise _refuse("Er loopt geen verzoek om aanvulling.")
    if answered_on < invitation.sent_on or answered_on > law.receipt_date(now):
        raise _refuse("De datum van ontvangst ligt voor de uitnodiging of in de toekomst.",
                      "answered_on")
    if answered_on > invitation.term_until:
        raise _refuse("Die datum ligt na het einde van de termijn; de termijn is ongebruikt "
                      "verstreken.", "answered_on")
    invitation.answered_on = answered_on
    dsr.refresh_deadlines()
    _transition(dsr, Status(invitation.resume_status), actor=actor, at=now, kind="answered",
                reason=f"Aanvulling ontvangen op {law.format_date_nl(answered_on)}; "
                f"{invitation.suspension_days()} dagen opgeschort (Awb 4:15)."
                + (f" {note}" if note else ""))
    _audit(actor, "dsr.answer", dsr, now)
    return invitation


def expire_invitations(*, today: date, actor: Actor, now: datetime) -> list[DataSubjectRequest]:
    """Close every term that ended unused before ``today`` (Awb 4:5(1)): the request then
    waits for the besluit niet te behandelen, due within 4 weeks (4:5(4))."""
    rows = db.session.scalars(
        sa.select(Invitation).where(Invitation.answered_on.is_(None),
                                    Invitation.expired_on.is_(None),
                                    Invitation.term_until < today)
        .order_by(Invitation.id).with_for_update()
    ).all()
    expired = []
    for invitation in rows:
        dsr = invitation.dsr
        invitation.expired_on = invitation.term_until
        if invitation.purpose == "information" and Right.ACCESS in dsr.rights_list:
            # Not specifying an access request is no ground for 4:5: the person may keep it
            # for all data (AVG 12(2): the controller facilitates; recital 63).
            dsr.refresh_deadlines()
            _transition(dsr, Status(invitation.resume_status), actor=actor, at=now,
                        kind="term_expired",
                        reason="De termijn voor aanvulling is ongebruikt verstreken op "
                        f"{law.format_date_nl(invitation.term_until)}. Het verzoek om inzage "
                        "wordt behandeld zoals het is gedaan (AVG art. 12 lid 2).")
            _audit(actor, "dsr.term_expired", dsr, now)
            continue
        dsr.not_handled_decision_by = law.incomplete_request_decision_by(invitation.term_until)
        dsr.refresh_deadlines()
        _transition(dsr, Status.TERM_EXPIRED, actor=actor, at=now, kind="term_expired",
                    reason="De termijn voor aanvulling is ongebruikt verstreken op "
                    f"{law.format_date_nl(invitation.term_until)}. Besluit niet te behandelen "
                    f"uiterlijk {law.format_date_nl(dsr.not_handled_decision_by)} (Awb 4:5 lid 4).")
        _audit(actor, "dsr.term_expired", dsr, now)
        expired.append(dsr)
    return expired


def check_identity(dsr: DataSubjectRequest, *, method: IdentityMethod, actor: Actor,
                   now: datetime) -> None:
    """Record how identity was established; copies of identity documents are deleted at once
    (AVG 5(1)(c))."""
    if not dsr.is_open:
        raise _refuse("Dit verzoek is afgesloten.")
    dsr.identity_method = method.value
    dsr.identity_checked_at = now
    dsr.identity_checked_by_id = actor.user_id
    deleted = 0
    for document in dsr.documents:
        if document.kind == "identity" and document.deleted_at is None:
            documents.delete_content(document, at=now)
            deleted += 1
    dsr.note("identity_checked", actor_id=actor.user_id, at=now,
             reason=f"Identiteit vastgesteld: {IDENTITY_METHOD_LABELS[method]}."
             + (f" {deleted} kopie(ën) van identiteitsbewijzen verwijderd." if deleted else ""))
    _audit(actor, "dsr.identity_check", dsr, now)
