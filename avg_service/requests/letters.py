"""The letters a data-subject request sends, registered as letter kinds.

Each kind has one template under ``templates/letters/`` and a context function that turns the
``Letter`` row into the template's data: the shared frame (``base_context``: subject, kenmerk,
dagtekening, addressee, sender, salutation) plus what that kind needs, already formatted as Dutch
text, so templates only place words and never compute a date. Dates come from the request's
stored statutory dates or from the deadline engine (``avg_service.deadlines``). A context function
refuses (``LetterDataMissing``) rather than print a letter with a hole in it, e.g. a
verlengingsbrief for a request that was not extended.

The request and the contact point's settings are read through the loaders ``load_request``
and ``contact_point_settings`` (``letters.services.loader``), so a preview or a test can render
every letter from objects built in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Final, TypeVar

from avg_service import deadlines as law
from avg_service.clock import AMSTERDAM
from avg_service.config import current_settings
from avg_service.extensions import db
from avg_service.jobs import queues
from avg_service.letters.models import Letter
from avg_service.letters.services import LetterKind, loader, register_kind
from avg_service.organisations.catalogue import JOINT_CONTROLLERS
from avg_service.organisations.models import ContactPointSettings
from avg_service.organisations import services as organisations
from avg_service.requests.bsn import mask_bsn
from avg_service.requests.lifecycle import (
    CHANNEL_LABELS,
    REPRESENTATION_LABELS,
    RIGHT_LABELS,
    Channel,
    Delivery,
    Representation,
    Right,
)
from avg_service.requests.models import DataSubjectRequest, DsrEvent, Invitation
from avg_service.requests.representation import (
    AUTHORITY_DOCUMENT,
    GezagSignatures,
    MinorPath,
    minor_path,
)

#: Stored on each rendered letter (``Letter.template_version``). Bump it when a template or a
#: context function of these kinds changes what a letter says.
TEMPLATE_VERSION: Final = "2026.3"

#: Documents the requester sent in, as named in the receipt; staff scans are left out.
DOCUMENT_LABELS: Final[dict[str, str]] = {
    "attachment": "bijlage",
    "authorisation": "machtiging",
    "identity": "identiteitsbewijs",
}

#: Channels where a receipt moment has a meaningful clock time; for a paper letter only the
#: day it arrived counts (RULES.md §4 step 1).
_TIMED_CHANNELS: Final = frozenset({Channel.WEB, Channel.EMAIL, Channel.PHONE, Channel.DESK})
_ELECTRONIC_CHANNELS: Final = frozenset({Channel.WEB, Channel.EMAIL})


class LetterDataMissing(LookupError):
    """The request lacks what this letter must say; the letter is not rendered."""


# ------------------------------------------------------------------------------ loading
contact_point_settings = loader(organisations.contact_point_settings)


@loader
def load_request(letter: Letter) -> DataSubjectRequest:
    """The request the letter is about."""
    dsr = db.session.get(DataSubjectRequest, letter.dsr_id) if letter.dsr_id is not None else None
    if dsr is None:
        raise LetterDataMissing(f"letter {letter.id}: no request {letter.dsr_id}")
    return dsr


# ------------------------------------------------------------------------------ formatting
def letter_date(letter: Letter) -> date:
    """The dagtekening as an Amsterdam calendar date: the dispatch date (Awb 3:41, R9)."""
    return letter.dagtekening.astimezone(AMSTERDAM).date()


def date_nl(day: date) -> str:
    return law.format_date_nl(day)


def plain_date_nl(day: date) -> str:
    """``"6 maart 1980"``: a date of birth needs no weekday."""
    return law.format_date_nl(day).split(" ", 1)[1]


def moment_nl(at: datetime) -> str:
    """``"vrijdag 6 maart 2026 om 14:05 uur"`` in Europe/Amsterdam (R1)."""
    local = at.astimezone(AMSTERDAM)
    return f"{law.format_date_nl(local.date())} om {local:%H:%M} uur"


def in_sentence(name: str) -> str:
    """``"Het college van ..."`` → ``"het college van ..."`` inside a sentence."""
    for article in ("Het ", "De "):
        if name.startswith(article):
            return article.lower() + name[len(article):]
    return name


def join_nl(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def right_labels(dsr: DataSubjectRequest) -> list[str]:
    return [RIGHT_LABELS[right] for right in dsr.rights_list]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


T = TypeVar("T")


def _required(value: T | None, what: str, dsr: DataSubjectRequest) -> T:
    if value is None or value == "":
        raise LetterDataMissing(f"request {dsr.reference}: {what} is missing")
    return value


# ------------------------------------------------------------------------------ the frame
def addressee_lines(dsr: DataSubjectRequest) -> list[str]:
    """The address block: the requester, or the representative "inzake" the person represented.

    Without a postal address (electronic delivery) the e-mail address takes its place.
    """
    block = [dsr.full_name]
    if dsr.representation != Representation.SELF.value and dsr.represented_name:
        block.append(f"inzake {dsr.represented_name}")
    if dsr.street_address:
        block.append(dsr.street_address)
    place = " ".join(part for part in (dsr.postcode, dsr.city) if part)
    if place:
        block.append(place)
    if not dsr.street_address and not place and dsr.email:
        block.append(dsr.email)
    return block


def concerning_line(dsr: DataSubjectRequest) -> str | None:
    """``"Jan Jansen, geboren op 6 maart 2012 (u treedt op als ouder of voogd)"``: whom a letter
    to a representative is about; nothing when the requester acts for themselves."""
    if dsr.representation == Representation.SELF.value or not dsr.represented_name:
        return None
    born = (f", geboren op {plain_date_nl(dsr.represented_date_of_birth)}"
            if dsr.represented_date_of_birth else "")
    role = REPRESENTATION_LABELS[Representation(dsr.representation)]
    return f"{dsr.represented_name}{born} (u treedt op als {role})"


def representation_paragraph(dsr: DataSubjectRequest) -> str | None:
    """What the receipt says about acting for someone else: what we check, and for a child of
    16 or older that it acts itself (UAVG art. 5; Awb 2:1)."""
    kind = Representation(dsr.representation)
    if kind is Representation.SELF:
        return None
    name = dsr.represented_name or "de betrokkene"
    if kind is Representation.PARENT_OR_GUARDIAN:
        born_on = dsr.represented_date_of_birth
        path = (minor_path(born_on, dsr.received_on, current_settings().uavg5_reading)
                if born_on and born_on <= dsr.received_on else None)
        if path is MinorPath.CHILD_ITSELF:
            return (f"{name} was op de dag dat wij het verzoek ontvingen 16 jaar of ouder. Vanaf "
                    "16 jaar oefent een kind deze rechten zelf uit (artikel 5 UAVG). Wij kunnen "
                    f"uw verzoek daarom alleen behandelen met een schriftelijke machtiging van "
                    f"{name} (artikel 2:1 Awb), of als {name} het verzoek zelf doet.")
        both = (" Hebben twee ouders samen het gezag, dan vragen wij ook de handtekening van de "
                "andere ouder als die ontbreekt."
                if current_settings().gezag_signatures is GezagSignatures.ALL else "")
        if path is MinorPath.EITHER:
            return (f"{name} was op de dag dat wij het verzoek ontvingen jonger dan 16 jaar. U "
                    "kunt als ouder of voogd met gezag het verzoek doen (artikel 5 UAVG). Wij "
                    "controleren of u het gezag heeft." + both)
        return (f"{name} was op de dag dat wij het verzoek ontvingen jonger dan 16 jaar. Dan "
                "oefent de ouder of voogd met gezag de rechten uit (artikel 5 UAVG). Wij "
                "controleren of u het gezag heeft." + both)
    return (f"U doet dit verzoek namens {name}. Wij controleren of u dat mag. Daarvoor hebben "
            f"wij nodig: {AUTHORITY_DOCUMENT[kind]} (artikel 2:1 Awb en artikel 5 UAVG). Heeft "
            "u die nog niet meegestuurd? Dan vragen wij u daarom.")


def sender_of(settings: ContactPointSettings) -> dict[str, Any]:
    """The letterhead and signature: the deciding organ signs under mandate (Awb 10:10)."""
    return {
        "municipality": settings.municipality,
        "organ": settings.deciding_organ,
        "zvh_name": settings.zvh_name,
        "postal_address": lines(settings.postal_address),
        "signatory": f"{settings.signatory_name}, {settings.signatory_title}",
        "contact_email": settings.contact_email,
        "contact_phone": settings.contact_phone,
    }


def base_context(letter: Letter, dsr: DataSubjectRequest, settings: ContactPointSettings, *,
                 subject: str) -> dict[str, Any]:
    """What ``letters/base.html`` and the shared clauses need, for every kind."""
    sender = sender_of(settings)
    if letter.signatory:  # a besluit: the official who decided under mandate (Awb 10:10)
        sender["signatory"] = letter.signatory
    return {
        "subject": subject,
        "kenmerk": letter.kenmerk,
        "dagtekening": date_nl(letter_date(letter)),
        "addressee": addressee_lines(dsr),
        "sender": sender,
        "salutation": f"Geachte {dsr.full_name},",
        # the letter goes to the representative, and names whom it is about (UAVG 5, Awb 2:1)
        "concerning": concerning_line(dsr),
        # whose data: "uw persoonsgegevens", or "de persoonsgegevens van Jan Jansen"
        "whose_data": (f"de persoonsgegevens van {dsr.represented_name}"
                       if dsr.representation != Representation.SELF.value and dsr.represented_name
                       else "uw persoonsgegevens"),
        "about_whom": (dsr.represented_name
                       if dsr.representation != Representation.SELF.value and dsr.represented_name
                       else "u"),
        "reference": dsr.reference,
        "received_on": date_nl(dsr.received_on),
        "rights": right_labels(dsr),
    }


def objection_context(letter: Letter, settings: ContactPointSettings) -> dict[str, Any]:
    """The bezwaarclausule's data (Awb 3:45): to whom, where, and until when.

    The term runs six weeks from the day after dispatch (Awb 6:7, 6:8(1)); the dagtekening is
    the dispatch date, so the engine gives the last day (R9).
    """
    return {
        "organ_in_text": in_sentence(settings.deciding_organ),
        "address": lines(settings.objection_address),
        "channel": settings.objection_channel,
        "period_end": date_nl(law.objection_period_end(letter_date(letter))),
    }


# ------------------------------------------------------------------------------ the kinds
def ontvangstbevestiging_context(letter: Letter) -> dict[str, Any]:
    """Awb 2:17: receipt confirmed; for a web form, the submission as entered (2:17(2))."""
    dsr = load_request(letter)
    settings = contact_point_settings()
    channel = Channel(dsr.channel)
    rights = dsr.rights_list
    context = base_context(letter, dsr, settings,
                           subject="Bevestiging van ontvangst van uw verzoek")
    representation = Representation(dsr.representation)
    context.update(
        received_moment=(moment_nl(dsr.received_at) if channel in _TIMED_CHANNELS
                         else date_nl(dsr.received_on)),
        channel_label=_lower_first(CHANNEL_LABELS[channel]),
        is_web_form=channel is Channel.WEB,
        is_electronic_channel=channel in _ELECTRONIC_CHANNELS,
        submission={
            "name": dsr.full_name,
            "date_of_birth": plain_date_nl(dsr.date_of_birth) if dsr.date_of_birth else None,
            "address": [line for line in (dsr.street_address,
                                          " ".join(p for p in (dsr.postcode, dsr.city) if p))
                        if line],
            "email": dsr.email,
            "phone": dsr.phone,
            "bsn": mask_bsn(dsr.bsn_last3) if dsr.bsn_last3 else None,
            "representation": (None if representation is Representation.SELF
                               else REPRESENTATION_LABELS[representation]),
            "represented_name": dsr.represented_name,
            "represented_date_of_birth": (plain_date_nl(dsr.represented_date_of_birth)
                                          if dsr.represented_date_of_birth else None),
            "description": dsr.description,
            "rectification_wrong": dsr.rectification_wrong,
            "rectification_correct": dsr.rectification_correct,
            "attachments": [f"{d.filename} ({DOCUMENT_LABELS[d.kind]})" for d in dsr.documents
                            if d.kind in DOCUMENT_LABELS],
        },
        representation_paragraph=representation_paragraph(dsr),
        has_portability=Right.PORTABILITY in rights,
        is_electronic_delivery=dsr.delivery == Delivery.ELECTRONIC.value,
        due_on=date_nl(dsr.due_on),
        extension_notice_by=date_nl(dsr.extension_notice_by),
        joint_controllers=[participant.name for participant in JOINT_CONTROLLERS],
    )
    return context


def _invitation_of(letter: Letter, dsr: DataSubjectRequest) -> Invitation:
    found = next((i for i in dsr.invitations if i.letter_id == letter.id), None)
    return _required(found, f"the invitation of letter {letter.id}", dsr)


def aanvulling_context(letter: Letter) -> dict[str, Any]:
    """Awb 4:5: the invitation to complete the request, with its term; the decision term is
    suspended meanwhile (Awb 4:15(1)(a)); identity only on reasonable doubt (AVG 12(6))."""
    dsr = load_request(letter)
    settings = contact_point_settings()
    invitation = _invitation_of(letter, dsr)
    is_identity = invitation.purpose == "identity"
    # An access request may be kept for all data: asking to specify is an invitation the
    # person may decline, never a route to 4:5 (AVG 12(2), recital 63; EDPB 01/2022).
    is_specify = invitation.purpose == "information" and Right.ACCESS in dsr.rights_list
    context = base_context(
        letter, dsr, settings,
        subject="Wij hebben meer gegevens van u nodig" + (" om uw identiteit te controleren"
                                                          if is_identity else ""))
    context.update(
        invitation={
            "what": invitation.what,
            "is_identity": is_identity,
            "is_representation": invitation.purpose == "representation",
            "is_specify": is_specify,
            "sent_on": date_nl(invitation.sent_on),
            "term_until": date_nl(invitation.term_until),
            # "met ingang van de dag na die waarop de aanvrager is uitgenodigd" (4:15(1)(a))
            "suspended_from": date_nl(invitation.sent_on + timedelta(days=1)),
        },
    )
    return context


def verlenging_context(letter: Letter) -> dict[str, Any]:
    """AVG 12(3): the term is extended by two months, with the reason; not a besluit."""
    dsr = load_request(letter)
    settings = contact_point_settings()
    _required(dsr.extended_at, "the extension", dsr)
    context = base_context(letter, dsr, settings,
                           subject="Wij hebben meer tijd nodig voor uw verzoek")
    context.update(
        extension_reason=_required(dsr.extension_reason, "the reason for the extension", dsr),
        original_due_on=date_nl(dsr.deadlines().due_on),
        due_on=date_nl(dsr.due_on),
        suspended_days=dsr.suspended_days,
    )
    return context


def _forward_event(dsr: DataSubjectRequest) -> DsrEvent | None:
    return next((e for e in reversed(dsr.events)
                 if e.kind == "forwarded" or e.to_status == "forwarded"), None)


def forward_reason(dsr: DataSubjectRequest) -> str | None:
    """The reason recorded when the request was forwarded (the latest "forwarded" event)."""
    event = _forward_event(dsr)
    if event is None or not event.reason:
        return None
    return event.reason.strip() or None


def _forwarded_on(dsr: DataSubjectRequest, letter: Letter) -> date:
    event = _forward_event(dsr)
    return event.at.astimezone(AMSTERDAM).date() if event is not None else letter_date(letter)


def doorzending_context(letter: Letter) -> dict[str, Any]:
    """Awb 2:3(1): sent on to the competent organ, and the sender told at the same time."""
    dsr = load_request(letter)
    settings = contact_point_settings()
    context = base_context(letter, dsr, settings, subject="Wij hebben uw verzoek doorgestuurd")
    context.update(
        forwarded_to=_required(dsr.forwarded_to, "the organ it was forwarded to", dsr),
        forwarded_on=date_nl(_forwarded_on(dsr, letter)),
        forward_reason=forward_reason(dsr),
    )
    return context


def besluit_subject(dsr: DataSubjectRequest) -> str:
    """``"Besluit op uw verzoek om inzage en verwijdering"``: the same subject for every kind of
    besluit on the request."""
    return "Besluit op uw verzoek om " + join_nl([r.split(" (")[0].lower()
                                                  for r in right_labels(dsr)])


def last_expired_invitation(dsr: DataSubjectRequest) -> Invitation | None:
    """The invitation whose unused term a besluit niet in behandeling rests on (Awb 4:5)."""
    expired = [i for i in dsr.invitations if i.expired_on is not None]
    return max(expired, key=lambda i: (i.expired_on, i.sent_on)) if expired else None


# ------------------------------------------------------------------------------ registration
def _register(name: str, title: str, context: Callable[[Letter], dict[str, Any]], *,
              queue: str = queues.INTERACTIVE) -> LetterKind:
    return register_kind(LetterKind(name=name, title=title, template=f"letters/{name}.html",
                                    version=TEMPLATE_VERSION, context=context, queue=queue))


KINDS: Final[tuple[LetterKind, ...]] = (
    # Bulk: one per submitted form, so a burst of submissions queues thousands (issue 15,
    # finding 11); nobody waits on the job, as a page that shows it renders it if it has not run.
    _register("ontvangstbevestiging", "Ontvangstbevestiging", ontvangstbevestiging_context,
              queue=queues.BULK),
    _register("aanvulling", "Verzoek om aanvulling (Awb 4:5)", aanvulling_context),
    _register("verlenging", "Verlenging van de termijn (AVG 12(3))", verlenging_context),
    _register("doorzending", "Doorzending (Awb 2:3)", doorzending_context),
)
# The besluiten (op het verzoek, 12(5), 4:5) are the decisions package's kinds
# (decisions/letters.py): each goes through four eyes and is signed by who decided.
