"""Intake: registering a request (any channel), its reference, the checks of the intake and the
flag for a possible repeat (AVG 12(5))."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
import secrets
from typing import Any

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.extensions import db
from avg_service.letters.services import request_letter
from avg_service.organisations.models import Organisation
from avg_service.protection import encrypt, keyed_hash
from avg_service.requests import documents, representation
from avg_service.requests.bsn import is_valid_bsn, normalise_bsn
from avg_service.requests.lifecycle import CHANNEL_LABELS, Channel, Representation, Right, Status
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.queue import search_key, search_text_for
from avg_service.requests.services.common import REPEAT_WINDOW, RequestRefused, _audit, _refuse
from avg_service.requests.services.requester_mail import mail_requester

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
