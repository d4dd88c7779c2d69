"""Use cases of hearing before the besluit (Awb 4:7, 4:8): invite the applicant or a third party
with a letter and a term, or record why it is left out (4:7(2), 4:8(2), 4:11); record the answer
(a document, or the record of an oral zienswijze, 4:9) and how the jurist weighed it; and what
the besluit's verloop and the deadline view say about it.

Inside the caller's unit of work, like every service. The term is internal: it never moves the
statutory date (``hearing.rules``). Nothing the applicant may not know reaches him: the third
party's letter does not name the requester, the besluit does not name the third party.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.hearing import rules
from avg_service.hearing.models import Hearing
from avg_service.hearing.rules import HearingException, HearingKind
from avg_service.letters.services import request_letter
from avg_service.requests import services as requests
from avg_service.requests.lifecycle import TERMINAL
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.presentation import DeadlineRow, register_rows


class HearingRefused(DomainError):
    """A rule refused the act; ``errors`` names the field when there is one."""


def _refuse(message: str, field_name: str | None = None) -> HearingRefused:
    return HearingRefused(message, errors={field_name: [message]} if field_name else None)


def _audit(actor: Actor, action: str, hearing: Hearing, at: datetime) -> None:
    record(actor, action, object_type="hearing", object_id=hearing.id,
           purpose=Purpose.HANDLING_REQUEST, at=at)


def _require_open(dsr: DataSubjectRequest) -> None:
    if dsr.status_enum in TERMINAL:
        raise _refuse("Dit verzoek is afgesloten.")


def _require_jurist(actor: Actor) -> None:
    if actor.role is not Role.JURIST:
        raise _refuse("Alleen een jurist beslist over het horen en weegt de zienswijze.")


def hearings_of(dsr: DataSubjectRequest) -> list[Hearing]:
    return list(db.session.scalars(sa.select(Hearing).where(Hearing.dsr_id == dsr.id)
                                   .order_by(Hearing.id)))


def get_hearing(dsr: DataSubjectRequest, hearing_id: int) -> Hearing:
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None or hearing.dsr_id != dsr.id:
        raise NotFound("Deze hoorzitting bestaat niet.")
    return hearing


def _check_term(dsr: DataSubjectRequest, sent_on: date, term_until: date, now: datetime) -> None:
    if sent_on < dsr.received_on or sent_on > law.receipt_date(now):
        raise _refuse("De verzenddatum ligt voor de ontvangst of in de toekomst.", "sent_on")
    if term_until <= sent_on:
        raise _refuse("De termijn moet na de verzenddatum eindigen.", "term_until")


def _kenmerk(dsr: DataSubjectRequest) -> str:
    """The request's reference with the number of the hearing: ``AVG-2026-000123-Z2``."""
    return f"{dsr.reference}-Z{len(hearings_of(dsr)) + 1}"


def invite_applicant(dsr: DataSubjectRequest, *, regarding: str, sent_on: date,
                     term_until: date, actor: Actor, now: datetime) -> Hearing:
    """Awb 4:7: the applicant may give a zienswijze on the intended (partial) refusal and the
    data it rests on, before the besluit. ``regarding`` is the letter's text: it must not tell
    of a restriction that UAVG 41(2)(h) keeps silent."""
    _require_jurist(actor)
    _require_open(dsr)
    if not regarding.strip():
        raise _refuse("Beschrijf de voorgenomen afwijzing en de gegevens waarop die steunt.",
                      "regarding")
    _check_term(dsr, sent_on, term_until, now)
    hearing = Hearing(dsr_id=dsr.id, kind=HearingKind.APPLICANT.value, regarding=regarding.strip(),
                      sent_on=sent_on, term_until=term_until, created_at=now,
                      created_by_id=actor.user_id)
    letter = request_letter("zienswijze_aanvrager", dsr_id=dsr.id, kenmerk=_kenmerk(dsr),
                            actor_id=actor.user_id, now=now)
    hearing.letter_id = letter.id
    db.session.add(hearing)
    db.session.flush()
    dsr.note("hearing_invited", actor_id=actor.user_id, at=now,
             reason=f"Verzoeker uitgenodigd een zienswijze te geven (Awb 4:7), uiterlijk "
             f"{law.format_date_nl(term_until)}. De beslistermijn loopt door.")
    requests.mail_requester(dsr, "hearing", letter=letter, hearing_term=term_until)
    _audit(actor, "hearing.invite", hearing, now)
    return hearing


def invite_third_party(dsr: DataSubjectRequest, *, name: str, street_address: str,
                       postcode: str, city: str, regarding: str, sent_on: date,
                       term_until: date, actor: Actor, now: datetime) -> Hearing:
    """Awb 4:8: a person whose data would be disclosed in the copy is asked for a zienswijze
    before the besluit. The letter goes to that person's address and never names the requester;
    ``regarding`` says only which data about the person it is (AVG 5(1)(c))."""
    _require_jurist(actor)
    _require_open(dsr)
    if not name.strip():
        raise _refuse("Vul de naam van de derde in.", "name")
    if not (street_address.strip() and postcode.strip() and city.strip()):
        raise _refuse("Vul het adres van de derde in; kan de derde niet worden bereikt, leg dan "
                      "de uitzondering vast.", "street_address")
    if not regarding.strip():
        raise _refuse("Beschrijf welke gegevens over de derde zouden worden verstrekt.",
                      "regarding")
    _check_term(dsr, sent_on, term_until, now)
    hearing = Hearing(dsr_id=dsr.id, kind=HearingKind.THIRD_PARTY.value, name=name.strip(),
                      street_address=street_address.strip(), postcode=postcode.strip().upper(),
                      city=city.strip(), regarding=regarding.strip(), sent_on=sent_on,
                      term_until=term_until, created_at=now, created_by_id=actor.user_id)
    letter = request_letter("zienswijze_derde", dsr_id=dsr.id, kenmerk=_kenmerk(dsr),
                            actor_id=actor.user_id, now=now)
    hearing.letter_id = letter.id
    db.session.add(hearing)
    db.session.flush()
    dsr.note("hearing_invited", actor_id=actor.user_id, at=now,
             reason=f"Derde-belanghebbende uitgenodigd een zienswijze te geven (Awb 4:8), "
             f"uiterlijk {law.format_date_nl(term_until)}. De beslistermijn loopt door.")
    _audit(actor, "hearing.invite", hearing, now)
    return hearing


def record_exception(dsr: DataSubjectRequest, *, kind: str, exception: str, reason: str,
                     regarding: str, name: str | None = None, actor: Actor, now: datetime
                     ) -> Hearing:
    """No zienswijze is asked: the exception (4:7(2), 4:8(2), 4:11, or that the person cannot
    reasonably be reached) and this case's reason are recorded and printed in the verloop."""
    _require_jurist(actor)
    _require_open(dsr)
    try:
        hearing_kind = HearingKind(kind)
        code = HearingException(exception)
    except ValueError:
        raise _refuse("Kies wie niet wordt gehoord en waarom.", "exception") from None
    if code not in rules.exceptions_for(hearing_kind):
        raise _refuse(f"{rules.EXCEPTIONS[code].source} geldt niet voor "
                      + ("de verzoeker." if hearing_kind is HearingKind.APPLICANT
                         else "een derde."), "exception")
    if not reason.strip():
        raise _refuse("Geef de reden voor deze zaak; de uitzondering alleen is niet genoeg "
                      "(Awb 3:46).", "reason")
    if not regarding.strip():
        raise _refuse("Beschrijf waarover de persoon gehoord had moeten worden.", "regarding")
    if hearing_kind is HearingKind.THIRD_PARTY and not (name or "").strip():
        raise _refuse("Vul de naam van de derde in (alleen voor het dossier).", "name")
    hearing = Hearing(dsr_id=dsr.id, kind=hearing_kind.value,
                      name=(name or "").strip() or None, regarding=regarding.strip(),
                      exception=code.value, exception_reason=reason.strip(), created_at=now,
                      created_by_id=actor.user_id)
    db.session.add(hearing)
    db.session.flush()
    dsr.note("hearing_excepted", actor_id=actor.user_id, at=now,
             reason=f"Niet gehoord: {rules.EXCEPTIONS[code].label} "
             f"({rules.EXCEPTIONS[code].source}). {reason.strip()}")
    _audit(actor, "hearing.except", hearing, now)
    return hearing


def record_answer(dsr: DataSubjectRequest, hearing: Hearing, *, answered_on: date,
                  summary: str, upload: requests.Upload | None, actor: Actor, now: datetime
                  ) -> Hearing:
    """The zienswijze arrived: in writing (the document, uploaded) or orally (Awb 4:9, the
    record in ``summary``). After the term it is still read: a late zienswijze is weighed too."""
    _require_open(dsr)
    if not hearing.is_invited:
        raise _refuse("Voor deze persoon is geen zienswijze gevraagd.")
    if hearing.is_answered:
        raise _refuse("De zienswijze is al vastgelegd.")
    assert hearing.sent_on is not None
    if answered_on < hearing.sent_on or answered_on > law.receipt_date(now):
        raise _refuse("De datum ligt voor de uitnodiging of in de toekomst.", "answered_on")
    if upload is None and not summary.strip():
        raise _refuse("Voeg de zienswijze toe als document, of leg een mondelinge zienswijze "
                      "vast (Awb 4:9).", "file")
    if upload is not None:  # kept from the requester's status page (portal.services)
        document = requests.add_document(
            dsr, requests.Upload("zienswijze", upload.filename, upload.data), actor=actor,
            now=now)
        db.session.flush()
        hearing.answer_document_id = document.id
    hearing.answered_on = answered_on
    hearing.answer_summary = summary.strip() or None
    who = "de verzoeker" if hearing.kind_enum is HearingKind.APPLICANT else "een derde"
    dsr.note("hearing_answered", actor_id=actor.user_id, at=now,
             reason=f"Zienswijze van {who} ontvangen op {law.format_date_nl(answered_on)}"
             + (" (na de termijn)" if hearing.term_until and answered_on > hearing.term_until
                else "") + ".")
    _audit(actor, "hearing.answer", hearing, now)
    return hearing


def record_weighing(dsr: DataSubjectRequest, hearing: Hearing, *, weighing: str, actor: Actor,
                    now: datetime) -> Hearing:
    """How the zienswijze was weighed (Awb 3:46), as the besluit's verloop prints it."""
    _require_jurist(actor)
    _require_open(dsr)
    if hearing.exception is not None:
        raise _refuse("Deze persoon is niet gehoord; de reden staat al in het verloop.")
    if not weighing.strip():
        raise _refuse("Schrijf op hoe de zienswijze is gewogen.", "weighing")
    if not hearing.is_answered and hearing.term_until is not None \
            and law.receipt_date(now) <= hearing.term_until:
        raise _refuse("De termijn voor de zienswijze loopt nog; weeg die daarna.", "weighing")
    hearing.weighing = weighing.strip()
    hearing.weighed_at = now
    hearing.weighed_by_id = actor.user_id
    dsr.note("hearing_weighed", actor_id=actor.user_id, at=now,
             reason="Afweging van de zienswijze vastgelegd.")
    _audit(actor, "hearing.weigh", hearing, now)
    return hearing


# ------------------------------------------------------------------------------ reading
def open_points(dsr: DataSubjectRequest, *, today: date) -> list[str]:
    """What the hearings still need before the besluit is submitted (``hearing.rules``)."""
    points = []
    for hearing in hearings_of(dsr):
        point = rules.open_point(rules.HearingState(
            invited=hearing.is_invited, term_until=hearing.term_until,
            answered=hearing.is_answered, weighed=hearing.weighing is not None), today=today)
        if point:
            who = "De verzoeker" if hearing.kind_enum is HearingKind.APPLICANT \
                else f"De derde ({hearing.name})"
            points.append(f"{who}: {point}")
    return points


def verloop_lines(hearings: Sequence[Hearing]) -> list[str]:
    """The besluit's verloop about hearing (RULES.md §6 item 5): who was heard, when, whether
    a zienswijze came and how it was weighed; a third party is never named to the applicant."""
    lines = []
    for hearing in hearings:
        applicant = hearing.kind_enum is HearingKind.APPLICANT
        if hearing.exception_enum is not None:
            lines.append(rules.exception_verloop(hearing.exception_enum, hearing.kind_enum))
            continue
        assert hearing.sent_on is not None and hearing.term_until is not None
        if applicant:
            text = (f"Op {law.format_date_nl(hearing.sent_on)} hebben wij u gevraagd uw "
                    f"zienswijze te geven op ons voornemen, uiterlijk op "
                    f"{law.format_date_nl(hearing.term_until)} (artikel 4:7 Awb). ")
            text += (f"U heeft op {law.format_date_nl(hearing.answered_on)} gereageerd."
                     if hearing.answered_on else "Wij hebben geen reactie van u ontvangen.")
        else:
            text = (f"Op {law.format_date_nl(hearing.sent_on)} hebben wij een andere "
                    "belanghebbende over wie gegevens in de stukken staan, gevraagd een "
                    f"zienswijze te geven, uiterlijk op {law.format_date_nl(hearing.term_until)} "
                    "(artikel 4:8 Awb). ")
            text += ("Die heeft gereageerd." if hearing.answered_on
                     else "Wij hebben geen reactie ontvangen.")
        if hearing.weighing:
            text += " " + hearing.weighing
        lines.append(text)
    return lines


def deadline_rows(dsr: DataSubjectRequest) -> list[DeadlineRow]:
    """The hearing terms beside the statutory dates: internal, never a suspension."""
    rows = []
    for hearing in hearings_of(dsr):
        if hearing.term_until is None:
            continue
        applicant = hearing.kind_enum is HearingKind.APPLICANT
        warning = rules.term_warning(term_until=hearing.term_until, due_on=dsr.due_on,
                                     extended=dsr.is_extended,
                                     extension_notice_by=dsr.extension_notice_by)
        text = ("Interne termijn. " + warning if warning and not hearing.is_answered else
                "Interne termijn: de beslistermijn loopt door (Awb 4:15 schort alleen op bij "
                "een aanvulling, 4:5).")
        rows.append(DeadlineRow(
            f"hearing_{hearing.id}",
            "Zienswijze verzoeker (Awb 4:7)" if applicant
            else f"Zienswijze derde (Awb 4:8): {hearing.name}",
            hearing.term_until, "Awb 4:7" if applicant else "Awb 4:8", text,
            settled=hearing.is_answered))
    return rows


register_rows(deadline_rows)
