"""The mails to the requester (receipt, status link, letters), in plain Dutch and English, through
the outbox; typed text only through literal()."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.formatting import long_date
from avg_service.letters.models import Letter
from avg_service.mail.services import literal, queue_mail
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.services.common import _audit, _refuse

# ------------------------------------------------------------------------------ requester mail
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
