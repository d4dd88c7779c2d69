"""The lifecycle of a data-subject request as a state machine (pure: no Flask, no database).

received → awaiting_information (an Awb 4:5 invitation with a term; the clock is suspended,
Awb 4:15) → back when the answer arrives, or term_expired when the term passes unused (then a
besluit niet in behandeling within 4 weeks, Awb 4:5(4)) → in_progress (coordination with the joint
controllers) → deciding (the besluit) → closed. Side exits: withdrawn; forwarded (not for us, sent
on per Awb 2:3); refused_12_5 (manifestly unfounded or excessive, AVG 12(5), notified within one
month per 12(4)). A request about a person who has died goes to deciding and ends closed with its
own besluit: the AVG does not apply (recital 27; decisions.models.DecisionKind.DECEASED).
"""

from __future__ import annotations

from enum import StrEnum

from avg_service.errors import RuleRefused


class Status(StrEnum):
    RECEIVED = "received"
    AWAITING_INFORMATION = "awaiting_information"
    TERM_EXPIRED = "term_expired"
    IN_PROGRESS = "in_progress"
    DECIDING = "deciding"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    FORWARDED = "forwarded"
    REFUSED_12_5 = "refused_12_5"


STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: "Ontvangen",
    Status.AWAITING_INFORMATION: "Wacht op aanvulling (opgeschort)",
    Status.TERM_EXPIRED: "Aanvullingstermijn verlopen",
    Status.IN_PROGRESS: "In behandeling",
    Status.DECIDING: "Besluitvorming",
    Status.CLOSED: "Afgehandeld",
    Status.WITHDRAWN: "Ingetrokken",
    Status.FORWARDED: "Doorgezonden (buiten reikwijdte)",
    Status.REFUSED_12_5: "Kennelijk ongegrond of buitensporig",
}

TERMINAL: frozenset[Status] = frozenset(
    {Status.CLOSED, Status.WITHDRAWN, Status.FORWARDED, Status.REFUSED_12_5})

#: Every allowed transition. Anything else is refused with InvalidTransition.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.AWAITING_INFORMATION, Status.IN_PROGRESS, Status.WITHDRAWN,
                                Status.FORWARDED, Status.REFUSED_12_5}),
    Status.AWAITING_INFORMATION: frozenset({Status.RECEIVED, Status.IN_PROGRESS,
                                            Status.TERM_EXPIRED, Status.WITHDRAWN}),
    Status.TERM_EXPIRED: frozenset({Status.IN_PROGRESS, Status.CLOSED, Status.WITHDRAWN}),
    Status.IN_PROGRESS: frozenset({Status.AWAITING_INFORMATION, Status.DECIDING,
                                   Status.WITHDRAWN, Status.REFUSED_12_5}),
    Status.DECIDING: frozenset({Status.IN_PROGRESS, Status.CLOSED, Status.WITHDRAWN}),
    Status.CLOSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.FORWARDED: frozenset(),
    Status.REFUSED_12_5: frozenset(),
}


class InvalidTransition(RuleRefused):
    def __init__(self, current: Status, target: Status) -> None:
        super().__init__(f"Een verzoek met status '{STATUS_LABELS[current]}' kan niet naar "
                         f"'{STATUS_LABELS[target]}'.")
        self.current = current
        self.target = target


def check_transition(current: Status, target: Status) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, target)


class Right(StrEnum):
    """The rights a request may invoke (AVG art. 15–21)."""

    ACCESS = "15"  # inzage
    RECTIFICATION = "16"  # rectificatie
    ERASURE = "17"  # verwijdering
    RESTRICTION = "18"  # beperking
    PORTABILITY = "20"  # overdraagbaarheid: not applicable to public-task processing (20(3))
    OBJECTION = "21"  # bezwaar tegen de verwerking


RIGHT_LABELS: dict[Right, str] = {
    Right.ACCESS: "Inzage (art. 15)",
    Right.RECTIFICATION: "Rectificatie (art. 16)",
    Right.ERASURE: "Verwijdering (art. 17)",
    Right.RESTRICTION: "Beperking (art. 18)",
    Right.PORTABILITY: "Overdraagbaarheid (art. 20)",
    Right.OBJECTION: "Bezwaar (art. 21)",
}


class Channel(StrEnum):
    WEB = "web"
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"
    DESK = "desk"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.WEB: "Webformulier", Channel.LETTER: "Brief", Channel.EMAIL: "E-mail",
    Channel.PHONE: "Telefoon", Channel.DESK: "Balie",
}


class Representation(StrEnum):
    """Acting for someone else (UAVG art. 5; Awb 2:1)."""

    SELF = "self"
    AUTHORISED = "gemachtigde"
    PARENT_OR_GUARDIAN = "ouder_voogd"
    CURATOR = "curator"
    MENTOR = "mentor"
    BEWINDVOERDER = "bewindvoerder"


REPRESENTATION_LABELS: dict[Representation, str] = {
    Representation.SELF: "voor uzelf",
    Representation.AUTHORISED: "gemachtigde",
    Representation.PARENT_OR_GUARDIAN: "ouder of voogd",
    Representation.CURATOR: "curator",
    Representation.MENTOR: "mentor",
    Representation.BEWINDVOERDER: "bewindvoerder",
}


class Delivery(StrEnum):
    POST = "post"
    ELECTRONIC = "electronic"  # only with the requester's express choice (Awb 2:8)


class IdentityMethod(StrEnum):
    DIGID_AT_DESK = "digid_balie"
    DOCUMENT_AT_DESK = "document_balie"
    SIGNATURE_COMPARED = "handtekening_vergeleken"
    COPY_OF_DOCUMENT = "kopie_document"
    KNOWN_FROM_CASE = "bekend_uit_casus"


IDENTITY_METHOD_LABELS: dict[IdentityMethod, str] = {
    IdentityMethod.DIGID_AT_DESK: "DigiD aan de balie",
    IdentityMethod.DOCUMENT_AT_DESK: "Identiteitsbewijs getoond aan de balie",
    IdentityMethod.SIGNATURE_COMPARED: "Handtekening vergeleken",
    IdentityMethod.COPY_OF_DOCUMENT: "Kopie identiteitsbewijs (na controle verwijderd)",
    IdentityMethod.KNOWN_FROM_CASE: "Bekend uit de casus (geen redelijke twijfel)",
}


class DeathEstablished(StrEnum):
    """How the contact point established that the person the request is about has died."""

    BRP = "brp"  # the Basisregistratie Personen
    CERTIFICATE = "akte"  # a copy of the akte van overlijden
    PARTICIPANT = "deelnemer"  # a participant's own records
    STATEMENT = "verklaring"  # the requester's statement (checked as far as possible)


DEATH_ESTABLISHED_LABELS: dict[DeathEstablished, str] = {
    DeathEstablished.BRP: "Basisregistratie Personen (BRP) geraadpleegd",
    DeathEstablished.CERTIFICATE: "Kopie van de akte van overlijden gezien",
    DeathEstablished.PARTICIPANT: "Uit de registratie van een deelnemer",
    DeathEstablished.STATEMENT: "Verklaring van de verzoeker",
}


#: What a timeline entry (``DsrEvent.kind``) is called on a page; the code stays in the API.
#: A move between states ("status") shows the two states instead.
EVENT_LABELS: dict[str, str] = {
    "status": "Status gewijzigd",
    "retention_destroyed": "Vernietigd na de bewaartermijn",
    "received": "Ontvangen",
    "possible_repeat": "Mogelijk herhaald verzoek",
    "status_link": "Statuslink verstuurd",
    "answered": "Aanvulling ontvangen",
    "term_expired": "Hersteltermijn verstreken",
    "not_handled": "Niet in behandeling genomen",
    "identity_checked": "Identiteit vastgesteld",
    "extended": "Termijn verlengd",
    "forwarded": "Doorgezonden",
    "assigned": "Toegewezen",
    "document": "Document toegevoegd",
    "late_information": "Aanvulling na de termijn",
    "tasks_created": "Taken uitgezet",
    "task_submitted": "Antwoord van deelnemer",
    "task_declined": "Taak afgewezen door deelnemer",
    "third_party": "Derde vastgelegd",
    "decision_sent_back": "Besluit teruggestuurd",
    "decision_approved": "Besluit goedgekeurd",
    "decision_draft": "Concept van besluit opgesteld",
    "decision_discarded": "Concept van besluit verwijderd",
    "decision_post_queue": "Besluit klaargezet voor de post",
    "objection": "Bezwaar ontvangen",
    "default_notice": "Ingebrekestelling ontvangen",
    "decision_draft": "Concept van het besluit",
    "decision_discarded": "Concept van het besluit vervallen",
    "decision_post_queue": "Besluit klaar voor verzending per post",
    "task_chased": "Deelnemer gerappelleerd",
    "task_on_behalf": "Antwoord namens deelnemer vastgelegd",
    "task_set_aside": "Taak terzijde gelegd",
    # The bezwaar phase (avg_service/bezwaar)
    "bezwaar_received": "Bezwaar ontvangen",
    "bezwaar_lateness": "Termijnoverschrijding bezwaar beoordeeld",
    "bezwaar_controllers": "Verwerkingsverantwoordelijken ingelicht over bezwaar",
    "bezwaar_repair": "Herstel verzuim gevraagd",
    "bezwaar_repaired": "Verzuim hersteld",
    "bezwaar_repair_expired": "Hersteltermijn verstreken",
    "bezwaar_hearing": "Uitgenodigd voor hoorzitting",
    "bezwaar_hearing_report": "Verslag hoorzitting toegevoegd",
    "bezwaar_hearing_waived": "Van horen afgezien",
    "bezwaar_deferred": "Beslissing op bezwaar verdaagd",
    "bezwaar_further_deferred": "Beslissing op bezwaar verder uitgesteld",
    "bezwaar_withdrawn": "Bezwaar ingetrokken",
    "bezwaar_ruling_draft": "Concept van beslissing op bezwaar",
    "bezwaar_ruling_sent_back": "Beslissing op bezwaar teruggestuurd",
    "bezwaar_ruling_approved": "Beslissing op bezwaar goedgekeurd",
    "bezwaar_decided": "Beslissing op bezwaar verzonden",
    "dwangsom_fixed": "Dwangsom vastgesteld",
    "dwangsom_approved": "Vaststelling dwangsom goedgekeurd",
    "dwangsom_draft": "Concept van vaststelling dwangsom",
    "late_notice": "Mededeling: termijn wordt niet gehaald",
    "deceased": "Betrokkene overleden vastgesteld",
    "gezag_checked": "Gezag gecontroleerd",
    "authority_checked": "Machtiging of beschikking gecontroleerd",
    "representative_involved": "Vertegenwoordiger betrokken in de casus",
    "hearing_invited": "Uitgenodigd voor een zienswijze",
    "hearing_excepted": "Niet gehoord (uitzondering)",
    "hearing_answered": "Zienswijze ontvangen",
    "hearing_weighed": "Zienswijze gewogen",
}


def event_label(kind: str) -> str:
    """A kind no label names yet still reads as words, never as a code."""
    return EVENT_LABELS.get(kind) or kind.replace("_", " ").capitalize()
