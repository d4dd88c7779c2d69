"""Retention terms per kind of record and the life of a destruction list (pure: no Flask, no
database, no clock).

AVG art. 5(1)(e) (storage limitation): personal data are kept no longer than needed. WGS art.
1.8(7): the data processed in the samenwerkingsverband are destroyed at the latest five years
after their first processing (◐ as quoted in this project's besluit catalogue; the article was
not re-read). The request file holds copies of ZVH data (the participants' answers and files),
so those copies follow that cap too. The request file itself is an archival record of the
municipality: the Archiefwet and the selectielijst the municipality applies decide its term,
which is a setting here (✖ the selectielijst's value was not verified; see the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

#: WGS art. 1.8(7): at the latest five years after the first processing.
WGS_MAXIMUM_YEARS = 5


class RecordKind(StrEnum):
    DATA_COPIES = "data_copies"  # the participants' answers, restriction motivations, files
    UPLOADS = "uploads"  # documents on the request (attachments, authorisations, scans)
    REQUEST_FILE = "request_file"  # the request itself: personal fields, letters, timeline
    MAIL_BODIES = "mail_bodies"  # the text and address of a message in the outbox
    AUDIT_ENTRIES = "audit_entries"  # the mandatory log (WGS art. 1.8(4))


@dataclass(frozen=True, slots=True)
class Term:
    kind: RecordKind
    label: str
    default_months: int
    starts: str
    source: str
    #: False: the source was not checked against the official text (shown as such).
    verified: bool
    #: False: this version does not destroy this kind (the reason is in ``source``).
    destroyed_here: bool = True


TERMS: dict[RecordKind, Term] = {
    RecordKind.DATA_COPIES: Term(
        RecordKind.DATA_COPIES, "Kopieën van gegevens en antwoorden van deelnemers", 12,
        "na het afsluiten van het verzoek, en nooit later dan vijf jaar na ontvangst",
        "Eigen keuze: na bezwaar en beroep (Awb 6:7, 7:10, 8:1) zijn ze niet meer nodig; "
        "uiterlijk vijf jaar (art. 1.8 lid 7 WGS)", verified=False),
    RecordKind.UPLOADS: Term(
        RecordKind.UPLOADS, "Documenten bij het verzoek (bijlagen, machtigingen, scans)", 12,
        "na het afsluiten van het verzoek",
        "Eigen keuze, gelijk aan de kopieën (art. 5 lid 1 onder e AVG)", verified=False),
    RecordKind.REQUEST_FILE: Term(
        RecordKind.REQUEST_FILE, "Het dossier van het verzoek (persoonsgegevens, brieven, "
        "tijdlijn)", 24, "na het afsluiten van het verzoek",
        "Selectielijst die de gemeente toepast (Archiefwet 1995 art. 5); de waarde is niet "
        "gecontroleerd: stel de termijn van uw selectielijst in", verified=False),
    RecordKind.MAIL_BODIES: Term(
        RecordKind.MAIL_BODIES, "Tekst en adres van verstuurde e-mail", 6,
        "na het aanmaken van het bericht",
        "Eigen keuze: de tekst staat ook in het dossier (art. 5 lid 1 onder e AVG)",
        verified=False),
    RecordKind.AUDIT_ENTRIES: Term(
        RecordKind.AUDIT_ENTRIES, "Regels van het auditlog", 60, "na het moment van de regel",
        "Niet vernietigd door deze versie: de regels bevatten geen persoonsgegevens en "
        "verwijderen vraagt een ondertekend ijkpunt van de hashketen (art. 1.8 lid 4 WGS)",
        verified=False, destroyed_here=False),
}


def due_on(start_on: date, months: int, *, received_on: date | None = None,
           kind: RecordKind | None = None) -> date:
    """The day a record may be destroyed: ``months`` after ``start_on``; the copies of ZVH data
    never later than five years after receipt (WGS art. 1.8(7))."""
    due = start_on + relativedelta(months=months)
    if kind is RecordKind.DATA_COPIES and received_on is not None:
        due = min(due, received_on + relativedelta(years=WGS_MAXIMUM_YEARS))
    return due


def cutoff(today: date, months: int) -> date:
    """The latest start date whose term has ended on ``today`` (for the sweep's query)."""
    return today - relativedelta(months=months)


# ------------------------------------------------------------------------------ the list
class ListStatus(StrEnum):
    PROPOSED = "proposed"  # made by the sweep; nothing happens without approval
    APPROVED = "approved"  # approved (by two FG users where four eyes are configured)
    CARRIED_OUT = "carried_out"
    REJECTED = "rejected"


LIST_STATUS_LABELS: dict[ListStatus, str] = {
    ListStatus.PROPOSED: "Voorgesteld, wacht op goedkeuring",
    ListStatus.APPROVED: "Goedgekeurd, nog uit te voeren",
    ListStatus.CARRIED_OUT: "Uitgevoerd",
    ListStatus.REJECTED: "Afgewezen",
}


class DestructionRefused(ValueError):
    """A destruction list cannot make this step; the message says why, in Dutch."""


@dataclass(frozen=True, slots=True)
class Approval:
    """The outcome of one approval: the list's new status and whether it was the second."""

    status: ListStatus
    is_second: bool


def approve(status: ListStatus, *, approver_id: int, first_approver_id: int | None,
            four_eyes: bool) -> Approval:
    """The FG approves a proposed list. With four eyes, a second, different FG user approves
    after the first; only then is the list approved."""
    if status is not ListStatus.PROPOSED:
        raise DestructionRefused("Alleen een voorgestelde lijst kan worden goedgekeurd.")
    if first_approver_id is None:
        return Approval(ListStatus.PROPOSED if four_eyes else ListStatus.APPROVED, False)
    if approver_id == first_approver_id:
        raise DestructionRefused("Een tweede goedkeuring moet van een andere functionaris "
                                 "gegevensbescherming komen (vier ogen).")
    return Approval(ListStatus.APPROVED, True)


def check_can_carry_out(status: ListStatus) -> None:
    """Destruction never runs without approval."""
    if status is ListStatus.CARRIED_OUT:
        raise DestructionRefused("Deze lijst is al uitgevoerd.")
    if status is not ListStatus.APPROVED:
        raise DestructionRefused("Deze lijst is nog niet goedgekeurd: er wordt niets "
                                 "vernietigd.")


def check_can_reject(status: ListStatus, reason: str | None) -> None:
    if status is not ListStatus.PROPOSED:
        raise DestructionRefused("Alleen een voorgestelde lijst kan worden afgewezen.")
    if not reason or not reason.strip():
        raise DestructionRefused("Geef de reden waarom deze lijst niet wordt uitgevoerd.")
