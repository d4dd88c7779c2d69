"""Use cases on a data-subject request: intake, the Awb 4:5 invitation, identity check,
extension, the side exits, assignment, and the daily sweep.

Each function works inside the caller's unit of work (it never commits), receives the ``actor``
and ``now``, checks the rule that governs it, moves the state through the lifecycle, writes the
timeline event and the audit entry, and asks for the letter or mail the step sends.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import request_letter
from avg_service.mail.services import literal, queue_mail
from avg_service.organisations.models import Organisation
from avg_service.protection import encrypt, keyed_hash
from avg_service.requests import documents, representation
from avg_service.requests.bsn import is_valid_bsn, normalise_bsn
from avg_service.requests.lifecycle import (
    CHANNEL_LABELS,
    IDENTITY_METHOD_LABELS,
    TERMINAL,
    Channel,
    IdentityMethod,
    Representation,
    Right,
    Status,
)
from avg_service.requests.models import DataSubjectRequest, DsrDocument, Invitation, Reminder
from avg_service.requests.queue import search_key, search_text_for, signal_for
from avg_service.formatting import long_date

#: A request from the same person closed less than this long ago is flagged as a possible repeat
#: (AVG 12(5) "repetitive"); it is only a signal for staff, never a refusal.
REPEAT_WINDOW = timedelta(days=183)
#: The default term of an Awb 4:5 invitation ("een redelijke termijn"): two weeks.
DEFAULT_INVITATION_DAYS = 14


class RequestRefused(DomainError):
    """A rule refused the act; ``errors`` names the field when there is one."""


def _refuse(message: str, field_name: str | None = None) -> RequestRefused:
    return RequestRefused(message, errors={field_name: [message]} if field_name else None)


def _transition(dsr: DataSubjectRequest, target: Status, *, actor: Actor, reason: str | None,
                at: datetime, kind: str = "status") -> None:
    dsr.move_to(target, actor_id=actor.user_id, reason=reason, at=at, kind=kind)


def _audit(actor: Actor, action: str, dsr: DataSubjectRequest, at: datetime) -> None:
    record(actor, action, object_type="dsr", object_id=dsr.id, purpose=Purpose.HANDLING_REQUEST, at=at)


# ------------------------------------------------------------------------------ intake
@dataclass(frozen=True, slots=True)
class Upload:
    kind: str  # attachment | authorisation | scan | identity
    filename: str
    data: bytes


@dataclass(slots=True)
class Intake:
    """What a request says, from the public form, staff intake or the API (validated by the
    schemas; the rules between fields are checked again in ``register``)."""

    given_names: str
    family_name: str
    rights: list[Right]
    date_of_birth: date | None = None
    street_address: str | None = None
    postcode: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    bsn: str | None = None
    representation: Representation = Representation.SELF
    represented_name: str | None = None
    represented_date_of_birth: date | None = None
    description: str | None = None
    rectification_wrong: str | None = None
    rectification_correct: str | None = None
    delivery: str = "post"
    electronic_consent: bool = False
    uploads: list[Upload] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: dict[str, Any], uploads: Sequence[Upload] = ()) -> Intake:
        names = set(cls.__dataclass_fields__) - {"uploads"}
        return cls(**{k: v for k, v in data.items() if k in names}, uploads=list(uploads))


def register(intake: Intake, *, channel: Channel, received_at: datetime, actor: Actor,
             now: datetime, language: str = "nl", submission_token: str | None = None,
             first_received_by_id: int | None = None, first_received_at: datetime | None = None
             ) -> DataSubjectRequest:
    """Register a request on its real receipt moment (R1) and acknowledge it (Awb 2:17).

    ``received_at``: when it reached the contact point. A request another joint controller
    received first (``first_received_by_id`` at ``first_received_at``) runs from that earlier
    moment (R8, AVG 26(3)).
    """
    if received_at > now:
        raise _refuse("De ontvangstdatum en -tijd liggen in de toekomst.", "received_at")
    _check_intake(intake)
    if (first_received_by_id is None) != (first_received_at is None):
        raise _refuse("Vul zowel de organisatie als het moment van eerste ontvangst in.",
                      "first_received_at")
    if first_received_by_id is not None and first_received_at is not None:
        organisation = db.session.get(Organisation, first_received_by_id)
        if organisation is None or not organisation.is_joint_controller:
            raise _refuse("Kies een gezamenlijke verwerkingsverantwoordelijke (WGS art. 2.27 "
                          "lid 1).", "first_received_by_id")
        if first_received_at > received_at:
            raise _refuse("De eerste ontvangst ligt na de ontvangst door het contactpunt.",
                          "first_received_at")
        contact_point_received_at, received_at = received_at, first_received_at
        first_receiver = organisation.name
    else:
        contact_point_received_at, first_receiver = received_at, ""
    received_on = law.receipt_date(received_at)
    _check_child(intake, received_on)
    dates = law.response_deadlines(received_on)
    bsn = normalise_bsn(intake.bsn).zfill(9) if intake.bsn else None
    dsr = DataSubjectRequest(
        reference="NEW-" + secrets.token_hex(8),  # replaced by the id-based one below
        status=Status.RECEIVED.value, is_open=True, channel=channel.value, language=language,
        received_at=received_at, received_on=received_on,
        first_received_by_id=first_received_by_id, registered_at=now,
        registered_by_id=actor.user_id, submission_token=submission_token,
        given_names=intake.given_names, family_name=intake.family_name,
        search_name=search_key(intake.family_name), date_of_birth=intake.date_of_birth,
        street_address=intake.street_address, postcode=intake.postcode, city=intake.city,
        email=intake.email, phone=intake.phone,
        bsn_encrypted=encrypt(bsn) if bsn else None,
        bsn_hash=keyed_hash(bsn, purpose="bsn") if bsn else None,
        bsn_last3=bsn[-3:] if bsn else None,
        representation=intake.representation.value, represented_name=intake.represented_name,
        represented_date_of_birth=intake.represented_date_of_birth,
        rights=DataSubjectRequest.rights_value(intake.rights), description=intake.description,
        rectification_wrong=intake.rectification_wrong,
        rectification_correct=intake.rectification_correct,
        delivery=intake.delivery, electronic_consent=intake.electronic_consent,
        suspended_days=0, extension_notice_by=dates.extension_notice_by, due_on=dates.due_on,
        created_at=now, updated_at=now,
    )
    db.session.add(dsr)
    for upload in intake.uploads:
        dsr.documents.append(documents.store(documents.check_upload(upload.filename, upload.data),
                                             kind=upload.kind, at=now))
    db.session.flush()
    dsr.reference = reference_for(dsr.id, received_on)
    dsr.search_text = search_text_for(dsr.reference, dsr.given_names, dsr.family_name)
    dsr.note("received", actor_id=actor.user_id, at=now,
             reason=f"Ontvangen via {CHANNEL_LABELS[channel].lower()} op "
             f"{law.format_date_nl(law.receipt_date(contact_point_received_at))}"
             + (f"; eerst ontvangen door {first_receiver} op "
                f"{law.format_date_nl(received_on)}, de termijn loopt vanaf die datum (R8)"
                if first_received_by_id else "") + ".")
    _flag_possible_repeat(dsr, now)
    _audit(actor, "dsr.create", dsr, now)
    letter = request_letter("ontvangstbevestiging", dsr_id=dsr.id, kenmerk=dsr.reference,
                            actor_id=actor.user_id, now=now)
    mail_requester(dsr, "receipt", letter=letter)
    return dsr


def reference_for(dsr_id: int, received_on: date) -> str:
    """Human-readable and unique: ``AVG-2026-000123`` (year of receipt, then the number)."""
    return f"AVG-{received_on.year}-{dsr_id:06d}"


def _check_intake(intake: Intake) -> None:
    """The rules between fields (the schemas check each field)."""
    if not intake.rights:
        raise _refuse("Kies ten minste één recht.", "rights")
    if intake.bsn and not is_valid_bsn(intake.bsn):
        raise _refuse("Dit is geen geldig burgerservicenummer.", "bsn")
    if intake.delivery == "electronic" and not (intake.email and intake.electronic_consent):
        raise _refuse("Elektronisch ontvangen kan alleen met een e-mailadres en uw "
                      "uitdrukkelijke keuze (Awb 2:8).", "electronic_consent")
    if intake.representation is not Representation.SELF and not intake.represented_name:
        raise _refuse("Vul de naam in van degene namens wie het verzoek wordt gedaan.",
                      "represented_name")
    if Right.RECTIFICATION in intake.rights and not intake.rectification_wrong:
        raise _refuse("Schrijf op welke gegevens niet kloppen.", "rectification_wrong")


def _check_child(intake: Intake, received_on: date) -> None:
    """A parent or guardian acts for a child: the child's age on the receipt date decides the
    path (UAVG art. 5), so the date of birth is needed, and an adult has no parental authority.
    The errors are message keys (public form in two languages; staff intake in Dutch)."""
    if intake.representation is not Representation.PARENT_OR_GUARDIAN:
        return
    born_on = intake.represented_date_of_birth
    if born_on is None:
        raise RequestRefused("De geboortedatum van het kind ontbreekt.",
                             errors={"represented_date_of_birth": ["err.child_date_of_birth"]})
    if born_on > received_on:
        raise RequestRefused("De geboortedatum van het kind ligt na de ontvangst.",
                             errors={"represented_date_of_birth": ["err.child_born_after_receipt"]})
    if representation.minor_path(born_on, received_on) is representation.MinorPath.ADULT:
        raise RequestRefused("De betrokkene was op de ontvangstdatum meerderjarig.",
                             errors={"representation": ["err.child_adult"]})


def _flag_possible_repeat(dsr: DataSubjectRequest, now: datetime) -> None:
    """AVG 12(5): an open or recent request from the same person is a signal, never a refusal."""
    same_person = []
    if dsr.bsn_hash:
        same_person.append(DataSubjectRequest.bsn_hash == dsr.bsn_hash)
    if dsr.date_of_birth:
        same_person.append(sa.and_(DataSubjectRequest.search_name == dsr.search_name,
                                   DataSubjectRequest.date_of_birth == dsr.date_of_birth))
    if not same_person:
        return
    earlier = db.session.scalars(
        sa.select(DataSubjectRequest.reference)
        .where(DataSubjectRequest.id != dsr.id, sa.or_(*same_person),
               sa.or_(DataSubjectRequest.is_open,
                      DataSubjectRequest.closed_at >= now - REPEAT_WINDOW))
        .order_by(DataSubjectRequest.id.desc()).limit(5)
    ).all()
    if earlier:
        dsr.is_possible_repeat = True
        dsr.note("possible_repeat", actor_id=None, at=now,
                 reason="Mogelijk herhaald verzoek (AVG art. 12 lid 5); eerder: "
                 + ", ".join(earlier) + ". Alleen een signaal: beoordeel zelf.")


#: The requester's e-mails (subject, body) per purpose and language. They carry the reference,
#: dates and a link, never the contents of a letter or the decision (Awb 2:9: reliable and
#: confidential). ``[[status-link]]`` becomes a fresh secret link as the mail goes out
#: (``avg_service.portal``), so no working link is stored with the message.
REQUESTER_MAIL: Final[dict[tuple[str, str], tuple[str, str]]] = {
    ("receipt", "nl"): (
        "Ontvangstbevestiging verzoek {ref}",
        "Wij hebben uw verzoek ontvangen. Het kenmerk is {ref}.\n\n"
        "U krijgt uiterlijk {due} een besluit. In de bijlage vindt u de ontvangstbevestiging met "
        "uw verzoek zoals u het heeft ingediend.\n\n"
        "Op uw persoonlijke statuspagina ziet u hoe het met uw verzoek staat:\n[[status-link]]\n"
        "Deel deze link met niemand.\n"),
    ("receipt", "en"): (
        "Receipt of your request {ref}",
        "We have received your request. Its reference is {ref}.\n\n"
        "You will receive a decision by {due_en}. Attached is the acknowledgement of receipt "
        "(in Dutch) with your request as you submitted it.\n\n"
        "Your personal status page shows where your request stands:\n[[status-link]]\n"
        "Do not share this link with anyone.\n"),
    ("information", "nl"): (
        "Wij hebben informatie van u nodig ({ref})",
        "Om uw verzoek {ref} te behandelen hebben wij meer informatie van u nodig. Onze brief "
        "hierover staat ook op uw statuspagina. Stuur de informatie uiterlijk {term} via uw statuspagina:\n"
        "[[status-link]]\n\nTot wij de informatie hebben, staat de termijn voor ons besluit "
        "stil.\n"),
    ("information", "en"): (
        "We need information from you ({ref})",
        "To handle your request {ref} we need more information from you. Our letter about this "
        "(in Dutch) is also on your status page. Please send the information by {term_en} through your status "
        "page:\n[[status-link]]\n\nUntil we have it, the time limit for our decision is "
        "paused.\n"),
    ("hearing", "nl"): (
        "Uw mening over ons voornemen ({ref})",
        "Voordat wij beslissen op uw verzoek {ref}, willen wij weten wat u vindt van wat wij van "
        "plan zijn. Onze brief hierover staat op uw statuspagina:\n[[status-link]]\n\n"
        "Laat het ons weten uiterlijk {hearing_term}.\n"),
    ("hearing", "en"): (
        "Your view on what we intend to decide ({ref})",
        "Before we decide on your request {ref}, we would like to hear your view on what we "
        "intend to do. Our letter (in Dutch) is on your status page:\n[[status-link]]\n\n"
        "Please let us know by {hearing_term_en}.\n"),
    ("extension", "nl"): (
        "Meer tijd nodig voor uw verzoek {ref}",
        "Wij hebben meer tijd nodig voor uw verzoek {ref}. U krijgt uiterlijk {due} een "
        "besluit. Waarom, leest u in onze brief; die staat ook op uw statuspagina.\n\n"
        "Uw statuspagina:\n[[status-link]]\n"),
    ("extension", "en"): (
        "More time needed for your request {ref}",
        "We need more time for your request {ref}. You will receive a decision by {due_en}. "
        "Our letter (in Dutch), also on your status page, explains why.\n\n"
        "Your status page:\n[[status-link]]\n"),
    ("decision_available", "nl"): (
        "Het besluit op uw verzoek {ref} staat klaar",
        "Ons besluit op uw verzoek {ref} staat voor u klaar op uw statuspagina:\n"
        "[[status-link]]\n\nU kunt het daar downloaden. Bent u het er niet mee eens? In het "
        "besluit staat hoe u bezwaar maakt en tot wanneer dat kan.\n"),
    ("decision_available", "en"): (
        "The decision on your request {ref} is ready",
        "Our decision on your request {ref} is ready on your status page:\n[[status-link]]\n\n"
        "You can download it there (in Dutch). If you disagree, the decision explains how to "
        "object and by when.\n"),
    ("withdrawn", "nl"): (
        "U heeft uw verzoek {ref} ingetrokken",
        "U heeft uw verzoek {ref} ingetrokken. Wij behandelen het niet verder.\n\n"
        "Was dit niet de bedoeling? Neem dan contact met ons op of doe een nieuw verzoek.\n"),
    ("withdrawn", "en"): (
        "You withdrew your request {ref}",
        "You withdrew your request {ref}. We will not handle it any further.\n\n"
        "Did you not mean to? Please contact us or make a new request.\n"),
    ("new_link", "nl"): (
        "Nieuwe link naar uw statuspagina ({ref})",
        "U vroeg om een nieuwe link naar de statuspagina van uw verzoek {ref}:\n"
        "[[status-link]]\n\nHeeft u dit niet gevraagd? Dan kunt u deze e-mail negeren.\n"),
    ("new_link", "en"): (
        "New link to your status page ({ref})",
        "You asked for a new link to the status page of your request {ref}:\n"
        "[[status-link]]\n\nIf you did not ask for this, you can ignore this e-mail.\n"),
}


def mail_requester(dsr: DataSubjectRequest, purpose: str, *, letter: Letter | None = None,
                   hearing_term: date | None = None) -> None:
    """A short notice in the requester's language, when the requester gave an e-mail address."""
    if not dsr.email:
        return
    subject, body = REQUESTER_MAIL[(purpose, "en" if dsr.language == "en" else "nl")]
    term = dsr.open_invitation.term_until if dsr.open_invitation else None
    values = {"ref": dsr.reference, "due": law.format_date_nl(dsr.due_on),
              "due_en": long_date(dsr.due_on, "en"),
              "term": law.format_date_nl(term) if term else "",
              "term_en": long_date(term, "en") if term else "",
              "hearing_term": law.format_date_nl(hearing_term) if hearing_term else "",
              "hearing_term_en": long_date(hearing_term, "en") if hearing_term else ""}
    queue_mail(to=dsr.email, subject=subject.format(**values),
               body=body.format(**{key: literal(value) for key, value in values.items()}),
               purpose=purpose, dsr_id=dsr.id, letter_id=letter.id if letter else None,
               expands_markers=True)


def send_status_link(dsr: DataSubjectRequest, *, actor: Actor, now: datetime) -> None:
    """Staff send a new status link, for instance when the requester phones for one."""
    if not dsr.email:
        raise _refuse("De verzoeker heeft geen e-mailadres opgegeven.")
    mail_requester(dsr, "new_link")
    dsr.note("status_link", actor_id=actor.user_id, at=now,
             reason="Nieuwe link naar de statuspagina gemaild aan de verzoeker.")
    _audit(actor, "dsr.status_link", dsr, now)


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


# ------------------------------------------------------------------------------ the sweep
@dataclass(frozen=True, slots=True)
class SweepResult:
    expired: int
    reminders: int


def sweep(*, now: datetime, actor: Actor | None = None) -> SweepResult:
    """The daily run: close unused 4:5 terms, then remind assignees of requests due within
    5 working days or overdue. A reminder is stored per (request, kind, due date) with a unique
    constraint, so however often the sweep runs, each goes out once."""
    actor = actor or Actor.system("sweep")
    today = law.receipt_date(now)
    expired = expire_invitations(today=today, actor=actor, now=now)
    horizon = law.add_working_days(today, 5)
    candidates = db.session.execute(
        sa.select(DataSubjectRequest, User.email)
        .join(User, User.id == DataSubjectRequest.assignee_id)
        .where(DataSubjectRequest.is_open, DataSubjectRequest.due_on <= horizon,
               DataSubjectRequest.status != Status.AWAITING_INFORMATION.value)
        .order_by(DataSubjectRequest.due_on, DataSubjectRequest.id)
    ).all()
    already = {
        (dsr_id, kind, due_on) for dsr_id, kind, due_on in db.session.execute(
            sa.select(Reminder.dsr_id, Reminder.kind, Reminder.due_on)
            .where(Reminder.dsr_id.in_([row[0].id for row in candidates]))
        )
    } if candidates else set()
    sent = 0
    for dsr, email in candidates:
        kind = signal_for(dsr.due_on, today)
        if (dsr.id, kind, dsr.due_on) in already:
            continue
        db.session.add(Reminder(dsr_id=dsr.id, kind=kind, due_on=dsr.due_on, sent_at=now))
        when = law.format_date_nl(dsr.due_on)
        subject = (f"Verlopen: verzoek {dsr.reference}" if kind == "overdue"
                   else f"Bijna verlopen: verzoek {dsr.reference}")
        queue_mail(to=email, subject=subject, purpose=f"reminder_{kind}", dsr_id=dsr.id,
                   body=f"De beslistermijn van verzoek {dsr.reference} "
                   f"{'is verstreken op' if kind == 'overdue' else 'eindigt op'} {when}.\n"
                   "Open het verzoek in de werkvoorraad van het contactpunt.\n")
        sent += 1
    if expired or sent:
        record(actor, "dsr.sweep", object_type="dsr", at=now)
    return SweepResult(expired=len(expired), reminders=sent)


def open_statuses() -> list[str]:
    return [s.value for s in Status if s not in TERMINAL]


def prune_public_submissions(*, now: datetime) -> int:
    """The rate-limit rows are kept for a day, then removed."""
    from avg_service.requests.models import PublicSubmission

    result = db.session.execute(sa.delete(PublicSubmission)
                                .where(PublicSubmission.at < now - timedelta(days=1)))
    return int(getattr(result, "rowcount", 0) or 0)


# ------------------------------------------------------------------------------ reading files
def open_letter(dsr_id: int, letter_id: int, *, actor: Actor, now: datetime) -> tuple[Letter, bytes]:
    """A letter of this request and its PDF (rendered now if its job has not run), audited."""
    from avg_service.letters.services import ensure_rendered

    letter = db.session.get(Letter, letter_id)
    if letter is None or letter.dsr_id != dsr_id:
        raise NotFound("Deze brief bestaat niet.")
    record(actor, "letter.view", object_type="letter", object_id=letter.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return letter, ensure_rendered(letter)


def open_document(dsr_id: int, document_id: int, *, actor: Actor, now: datetime
                  ) -> tuple[DsrDocument, bytes]:
    """A document of this request and its content, audited; a deleted one is gone."""
    item = db.session.get(DsrDocument, document_id)
    if item is None or item.dsr_id != dsr_id or item.storage_key is None:
        raise NotFound("Dit document bestaat niet (meer).")
    record(actor, "dsr_document.view", object_type="dsr_document", object_id=item.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return item, documents.read(item)
