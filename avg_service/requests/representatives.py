"""Use cases around who acts for the person a request is about, and a person who has died.

The contact point records how it checked parental authority (gezag) for a child, the machtiging
or the court's beschikking of a gemachtigde, curator, mentor or bewindvoerder and what it
covers, and that the representative is a party in the casus (UAVG 41(1)(i)). What is still open
comes from the pure rules (``requests.representation``) and is shown on the request page and the
decision page. A request about a person who has died is recorded here, with how that was
established; the besluit that the AVG does not apply is the decisions package's
(``DecisionKind.DECEASED``). Like ``requests.services``: inside the caller's unit of work.
"""

from __future__ import annotations

from datetime import date, datetime

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.config import current_settings
from avg_service.extensions import db
from avg_service.requests import representation as rules
from avg_service.requests.lifecycle import (
    DEATH_ESTABLISHED_LABELS,
    REPRESENTATION_LABELS,
    TERMINAL,
    DeathEstablished,
    Representation,
)
from avg_service.requests.models import DataSubjectRequest, DeceasedRecord, Representative
from avg_service.requests.services import RequestRefused


def _refuse(message: str, field_name: str | None = None) -> RequestRefused:
    return RequestRefused(message, errors={field_name: [message]} if field_name else None)


def _audit(actor: Actor, action: str, dsr: DataSubjectRequest, at: datetime) -> None:
    record(actor, action, object_type="dsr", object_id=dsr.id, purpose=Purpose.HANDLING_REQUEST,
           at=at)


def _require_open(dsr: DataSubjectRequest) -> None:
    if dsr.status_enum in TERMINAL:
        raise _refuse("Dit verzoek is afgesloten.")


def _record_of(dsr: DataSubjectRequest) -> Representative:
    if dsr.representative is None:
        dsr.representative = Representative(dsr_id=dsr.id, is_involved=False)
        db.session.add(dsr.representative)
    return dsr.representative


# ------------------------------------------------------------------------------ reading
def minor_path(dsr: DataSubjectRequest) -> rules.MinorPath | None:
    """The child's path on the receipt date, for a request by a parent or guardian."""
    if dsr.representation != Representation.PARENT_OR_GUARDIAN.value \
            or dsr.represented_date_of_birth is None \
            or dsr.represented_date_of_birth > dsr.received_on:
        return None
    return rules.minor_path(dsr.represented_date_of_birth, dsr.received_on,
                            current_settings().uavg5_reading)


def facts_of(dsr: DataSubjectRequest) -> rules.RepresentationFacts:
    checked = dsr.representative
    return rules.RepresentationFacts(
        kind=Representation(dsr.representation), received_on=dsr.received_on,
        child_born_on=(dsr.represented_date_of_birth
                       if dsr.represented_date_of_birth and
                       dsr.represented_date_of_birth <= dsr.received_on else None),
        gezag_method=(rules.GezagMethod(checked.gezag_method)
                      if checked and checked.gezag_method else None),
        gezag_holders=checked.gezag_holders if checked else None,
        gezag_signed=checked.gezag_signed if checked else None,
        has_authority_document=bool(checked and checked.authority_document_id) or any(
            d.kind == "authorisation" and d.storage_key for d in dsr.documents),
        authority_scope=checked.authority_scope if checked else None,
        representative_involved=bool(checked and checked.is_involved),
    )


def open_points(dsr: DataSubjectRequest) -> tuple[str, ...]:
    """What is still to be checked about who acts, as set (UAVG 5 reading, signatures). Nothing
    once the person has died: no one exercises AVG rights for them (recital 27), and a
    machtiging ends with the death."""
    if dsr.deceased is not None:
        return ()
    settings = current_settings()
    return rules.open_points(facts_of(dsr), reading=settings.uavg5_reading,
                             signatures=settings.gezag_signatures)


# ------------------------------------------------------------------------------ recording
def record_gezag(dsr: DataSubjectRequest, *, method: str, holders: int, signed: int,
                 actor: Actor, now: datetime, note: str | None = None) -> Representative:
    """How the contact point checked who has parental authority over the child, and how many
    of the holders signed (UAVG art. 5; the setting says whether all must)."""
    _require_open(dsr)
    if dsr.representation != Representation.PARENT_OR_GUARDIAN.value:
        raise _refuse("Het gezag wordt alleen vastgelegd als een ouder of voogd het verzoek "
                      "doet.")
    try:
        checked_by = rules.GezagMethod(method)
    except ValueError:
        raise _refuse("Kies hoe het gezag is gecontroleerd.", "method") from None
    if holders not in (1, 2):
        raise _refuse("Het gezag ligt bij één of twee personen.", "holders")
    if not 0 <= signed <= holders:
        raise _refuse("Er kunnen niet meer ouders hebben ondertekend dan er gezag hebben.",
                      "signed")
    if checked_by is rules.GezagMethod.STATEMENT and not (note or "").strip():
        raise _refuse("Schrijf op wat de verklaring zegt en waarom het gezagsregister niet is "
                      "geraadpleegd.", "note")
    checked = _record_of(dsr)
    checked.gezag_method = checked_by.value
    checked.gezag_holders = holders
    checked.gezag_signed = signed
    checked.gezag_note = (note or "").strip() or None
    checked.gezag_checked_at = now
    checked.gezag_checked_by_id = actor.user_id
    dsr.note("gezag_checked", actor_id=actor.user_id, at=now,
             reason=f"{rules.GEZAG_METHOD_LABELS[checked_by]}; gezag bij {holders} "
             f"{'persoon' if holders == 1 else 'personen'}, {signed} ondertekend.")
    _audit(actor, "dsr.gezag_check", dsr, now)
    return checked


def record_authority(dsr: DataSubjectRequest, *, document_id: int | None, scope: str,
                     actor: Actor, now: datetime) -> Representative:
    """The machtiging (Awb 2:1(2)) or the court's beschikking of a curator, mentor or
    bewindvoerder: which document on the request it is, and what it covers."""
    _require_open(dsr)
    kind = Representation(dsr.representation)
    if kind is Representation.SELF:
        raise _refuse("De verzoeker doet het verzoek voor zichzelf.")
    if not scope.strip():
        raise _refuse("Schrijf op wat de machtiging of beschikking omvat.", "scope")
    if document_id is not None and not any(
            d.id == document_id and d.storage_key for d in dsr.documents):
        raise _refuse("Kies een document van dit verzoek.", "document_id")
    checked = _record_of(dsr)
    checked.authority_document_id = document_id
    checked.authority_scope = scope.strip()
    checked.authority_checked_at = now
    checked.authority_checked_by_id = actor.user_id
    dsr.note("authority_checked", actor_id=actor.user_id, at=now,
             reason=f"{REPRESENTATION_LABELS[kind].capitalize()}: omvang vastgelegd: "
             f"{scope.strip()}")
    _audit(actor, "dsr.authority_check", dsr, now)
    return checked


def record_involvement(dsr: DataSubjectRequest, *, note: str, actor: Actor, now: datetime
                       ) -> Representative:
    """The representative is a party in the casus: the data may concern them too, and
    giving it to them may harm the person (UAVG 41(1)(i)). A warning, never a refusal."""
    _require_open(dsr)
    if dsr.representation == Representation.SELF.value:
        raise _refuse("Er is geen vertegenwoordiger.")
    if not note.strip():
        raise _refuse("Schrijf op hoe de vertegenwoordiger bij de casus betrokken is.", "note")
    checked = _record_of(dsr)
    checked.is_involved = True
    checked.involved_note = note.strip()
    checked.involved_at = now
    checked.involved_by_id = actor.user_id
    dsr.note("representative_involved", actor_id=actor.user_id, at=now, reason=note.strip())
    _audit(actor, "dsr.representative_involved", dsr, now)
    return checked


def record_deceased(dsr: DataSubjectRequest, *, established_by: str, actor: Actor,
                    now: datetime, died_on: date | None = None, note: str | None = None
                    ) -> DeceasedRecord:
    """The person the request is about has died: the AVG does not apply (recital 27). No
    participant gets a task; a jurist drafts the besluit that says so."""
    _require_open(dsr)
    if dsr.deceased is not None:
        raise _refuse("Het overlijden is al vastgelegd.")
    try:
        how = DeathEstablished(established_by)
    except ValueError:
        raise _refuse("Kies hoe het overlijden is vastgesteld.", "established_by") from None
    if died_on is not None and (died_on > law.receipt_date(now)):
        raise _refuse("De datum van overlijden ligt in de toekomst.", "died_on")
    if how is DeathEstablished.STATEMENT and not (note or "").strip():
        raise _refuse("Schrijf op wat de verzoeker verklaart en waarom de BRP niet is "
                      "geraadpleegd.", "note")
    entry = DeceasedRecord(dsr_id=dsr.id, established_by=how.value, died_on=died_on,
                           note=(note or "").strip() or None, recorded_at=now,
                           recorded_by_id=actor.user_id)
    dsr.deceased = entry
    db.session.add(entry)
    dsr.note("deceased", actor_id=actor.user_id, at=now,
             reason=f"{DEATH_ESTABLISHED_LABELS[how]}"
             + (f"; overleden op {law.format_date_nl(died_on)}" if died_on else "")
             + ". De AVG is niet van toepassing (overweging 27); een jurist stelt het besluit op.")
    _audit(actor, "dsr.deceased", dsr, now)
    return entry

