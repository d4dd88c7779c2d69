"""The other moves of a request: the extension (AVG 12(3), R6), start of handling, withdrawal,
forwarding (Awb 2:3), assignment and staff documents."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import request_letter
from avg_service.requests import documents
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest, DsrDocument
from avg_service.requests.services.common import _audit, _refuse, _transition
from avg_service.requests.services.intake import Upload
from avg_service.requests.services.requester_mail import mail_requester

# ------------------------------------------------------------------------------ extension
#: Reasons that fit every request (they name no fact of this one), so they carry no extension:
#: AVG 12(3) allows it "taking into account the complexity and number of the requests".
GENERIC_EXTENSION_REASONS: Final = (
    "zeven organisaties moeten nagaan welke gegevens zij over u hebben",
    "zeven organisaties moeten hun gegevens nagaan",
    "wij hebben meer tijd nodig",
    "het verzoek is complex",
    "complex",
    "drukte",
)


def is_generic_extension_reason(reason: str) -> bool:
    """True for a reason that is a stock phrase, not this request's complexity or number."""
    plain = " ".join(reason.lower().replace(";", " ").replace(".", " ").split())
    return any(plain.startswith(phrase) and len(plain) < len(phrase) + 40
               for phrase in GENERIC_EXTENSION_REASONS)


def extend(dsr: DataSubjectRequest, *, reason: str, actor: Actor, now: datetime) -> Letter:
    """AVG 12(3): two more months, once, with reasons, notified within the first month (R6)."""
    today = law.receipt_date(now)
    if not dsr.is_open or dsr.status_enum in (Status.TERM_EXPIRED,):
        raise _refuse("Verlengen kan niet in deze fase.")
    if dsr.is_extended:
        raise _refuse("De termijn is al verlengd; dat kan maar één keer (AVG art. 12 lid 3).")
    if not reason.strip():
        raise _refuse("Geef de reden van de verlenging.", "reason")
    if is_generic_extension_reason(reason):
        raise _refuse("Deze reden past bij elk verzoek. Beschrijf waarom juist dit verzoek meer "
                      "tijd vraagt: bijvoorbeeld hoeveel deelnemers gegevens hebben, de omvang, "
                      "of welke derden worden geraadpleegd (AVG art. 12 lid 3).", "reason")
    if today > dsr.extension_notice_by:
        raise _refuse("Verlengen kan niet meer: het bericht moest uiterlijk "
                      f"{law.format_date_nl(dsr.extension_notice_by)} verstuurd zijn "
                      "(AVG art. 12 lid 3, R6).", "reason")
    dsr.extended_at = now
    dsr.extension_reason = reason.strip()
    dsr.refresh_deadlines()
    dsr.note("extended", actor_id=actor.user_id, at=now,
             reason=f"Termijn verlengd tot {law.format_date_nl(dsr.due_on)}: {reason.strip()}")
    letter = request_letter("verlenging", dsr_id=dsr.id, kenmerk=dsr.reference,
                            actor_id=actor.user_id, now=now)
    mail_requester(dsr, "extension")
    _audit(actor, "dsr.extend", dsr, now)
    return letter


# ------------------------------------------------------------------------------ other moves
def start_handling(dsr: DataSubjectRequest, *, actor: Actor, now: datetime,
                   reason: str | None = None) -> None:
    _transition(dsr, Status.IN_PROGRESS, actor=actor, at=now,
                reason=reason or "In behandeling genomen.")
    _audit(actor, "dsr.start", dsr, now)


def withdraw(dsr: DataSubjectRequest, *, reason: str, actor: Actor, now: datetime) -> None:
    """The requester withdrew (in writing, by phone or at the desk: the reason says how)."""
    if not reason.strip():
        raise _refuse("Schrijf op hoe en wanneer het verzoek is ingetrokken.", "reason")
    _close_open_invitation(dsr, now)
    _transition(dsr, Status.WITHDRAWN, actor=actor, at=now, reason=reason.strip())
    _audit(actor, "dsr.withdraw", dsr, now)


def forward(dsr: DataSubjectRequest, *, to: str, reason: str, actor: Actor, now: datetime
            ) -> Letter:
    """Buiten reikwijdte: send it on to the competent organ and tell the sender (Awb 2:3)."""
    if not to.strip():
        raise _refuse("Vul in naar wie het verzoek is doorgezonden.", "to")
    if not reason.strip():
        raise _refuse("Geef de reden.", "reason")
    dsr.forwarded_to = to.strip()
    _transition(dsr, Status.FORWARDED, actor=actor, at=now, kind="forwarded",
                reason=reason.strip())  # the reason as the letter states it (Awb 2:3)
    letter = request_letter("doorzending", dsr_id=dsr.id, kenmerk=dsr.reference,
                            actor_id=actor.user_id, now=now)
    _audit(actor, "dsr.forward", dsr, now)
    return letter


def _close_open_invitation(dsr: DataSubjectRequest, now: datetime) -> None:
    invitation = dsr.open_invitation
    if invitation is not None:  # withdrawn while waiting: the suspension ends that day
        invitation.answered_on = max(invitation.sent_on, law.receipt_date(now))
        dsr.refresh_deadlines()


def assign(dsr: DataSubjectRequest, *, assignee_id: int | None, actor: Actor, now: datetime
           ) -> None:
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or not assignee.is_active or assignee.role not in (
                Role.CONTACTPUNT.value, Role.JURIST.value):
            raise _refuse("Kies een actieve medewerker van het contactpunt of een jurist.",
                          "assignee_id")
        who = assignee.display_name
    else:
        who = "niemand"
    dsr.assignee_id = assignee_id
    dsr.note("assigned", actor_id=actor.user_id, at=now, reason=f"Toegewezen aan {who}.")
    _audit(actor, "dsr.assign", dsr, now)


def add_document(dsr: DataSubjectRequest, upload: Upload, *, actor: Actor, now: datetime
                 ) -> DsrDocument:
    if not dsr.is_open:
        raise _refuse("Dit verzoek is afgesloten.")
    try:
        document = documents.store(documents.check_upload(upload.filename, upload.data),
                                   kind=upload.kind, at=now)
    except documents.UploadRejected as rejected:
        raise _refuse(documents.REJECTION_MESSAGES[rejected.code], "file") from rejected
    dsr.documents.append(document)
    dsr.note("document", actor_id=actor.user_id, at=now,
             reason=f"Document toegevoegd ({upload.kind}): {document.filename}")
    db.session.flush()
    record(actor, "dsr_document.create", object_type="dsr_document", object_id=document.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return document


def get_request(dsr_id: int, *, for_update: bool = False) -> DataSubjectRequest:
    dsr = db.session.get(DataSubjectRequest, dsr_id, with_for_update=for_update or None)
    if dsr is None:
        raise NotFound("Dit verzoek bestaat niet.")
    return dsr
