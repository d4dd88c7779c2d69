"""The notification to the AP (AVG art. 33) and the communication to the people (art. 34).

A notification is recorded after it was made in the AP's own form: the moment, the meldnummer
the AP gave, what was reported (stored, and as a PDF of it) and, after the 72 hours, the reasons
for the delay (33(1)). It may come in phases (33(4)): a first one with what is known, follow-ups
under the same meldnummer until one is complete. The people are told with a letter or an e-mail
in plain Dutch holding the elements of 34(2), or the reason why not is recorded (34(3); UAVG
art. 41(1), which also covers art. 34).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from avg_service.access.actor import Actor
from avg_service.breaches import catalogue, letters, notices, rules
from avg_service.breaches.catalogue import CommunicationDecision
from avg_service.breaches.models import (
    Breach,
    BreachCommunication,
    BreachNotification,
    BreachPerson,
)
from avg_service.breaches.rules import BreachStatus, RiskLevel
from avg_service.breaches.common import BreachRefused, audit, refuse
from avg_service.extensions import db
from avg_service.letters.services import request_letter
from avg_service.mail.services import queue_mail
from avg_service.requests import letters as frame
from avg_service.requests.models import DataSubjectRequest

#: A moment a minute ahead of the server's clock is a clock difference, not the future.
CLOCK_TOLERANCE = timedelta(minutes=1)


# ------------------------------------------------------------------------------ the AP
@dataclass(frozen=True, slots=True)
class Notification:
    notified_at: datetime
    meldnummer: str
    is_complete: bool
    nature: str | None = None
    data_categories: str | None = None
    persons_approx: int | None = None
    records_approx: int | None = None
    dpo_contact: str | None = None
    consequences: str | None = None
    measures: str | None = None
    delay_reasons: str | None = None


    def elements(self) -> dict[str, str | None]:
        """What art. 33(3)(a)-(d) asks, as given (the count is part of (a) "where possible")."""
        return {"nature": self.nature, "dpo_contact": self.dpo_contact,
                "consequences": self.consequences, "measures": self.measures}


def proposed_notification(breach: Breach) -> dict[str, Any]:
    """What the form starts with: the facts as reported and assessed, the FG's contact."""
    last = breach.notifications[-1] if breach.notifications else None
    return {
        "meldnummer": last.meldnummer if last else "",
        "nature": last.nature if last else breach.description,
        "data_categories": last.data_categories if last else ", ".join(
            catalogue.DATA_KINDS[k] for k in breach.data_kind_list if k in catalogue.DATA_KINDS),
        "persons_approx": last.persons_approx if last else breach.persons_count,
        "records_approx": last.records_approx if last else breach.records_count,
        "dpo_contact": last.dpo_contact if last else notices.breach_settings().fg_contact,
        "consequences": last.consequences if last else breach.consequences,
        "measures": last.measures if last else breach.measures,
    }


def record_notification(breach: Breach, notification: Notification, *, actor: Actor,
                        now: datetime) -> BreachNotification:
    """Record a notification made to the AP (a first one or a follow-up), with its PDF."""
    if breach.status_enum not in (BreachStatus.ASSESSED, BreachStatus.NOTIFIED):
        raise refuse("Beoordeel eerst het risico; een afgesloten datalek krijgt geen melding.")
    if breach.risk_level is RiskLevel.NONE:
        raise refuse("Volgens de beoordeling leidt dit datalek niet tot een risico en hoeft het "
                     "niet te worden gemeld. Pas eerst de beoordeling aan.")
    if notification.notified_at > now + CLOCK_TOLERANCE:
        raise refuse("Het moment van melden ligt in de toekomst.", "notified_at")
    if notification.notified_at < breach.aware_at:
        raise refuse("Het moment van melden ligt vóór het moment van ontdekken.", "notified_at")
    meldnummer = notification.meldnummer.strip()
    if not meldnummer:
        raise refuse("Vul het meldnummer van de AP in.", "meldnummer")
    previous = breach.notifications[-1] if breach.notifications else None
    if previous is not None:
        if meldnummer != previous.meldnummer:
            raise refuse(f"Een vervolgmelding hoort bij meldnummer {previous.meldnummer} "
                         "(art. 33 lid 4 AVG).", "meldnummer")
        if notification.notified_at < previous.notified_at:
            raise refuse("Een vervolgmelding komt na de vorige melding.", "notified_at")
    late = previous is None and rules.is_late(breach.aware_at, notification.notified_at)
    if late and not (notification.delay_reasons or "").strip():
        raise refuse("De melding is na de 72 uur gedaan: geef de redenen van de vertraging "
                     "(art. 33 lid 1 AVG).", "delay_reasons")
    missing = rules.missing_elements(notification.elements(), rules.NOTIFICATION_ELEMENTS)
    if notification.is_complete and missing:
        raise BreachRefused("Een volledige melding bevat alles wat art. 33 lid 3 AVG noemt. "
                            "Vul het aan, of leg de melding vast als melding in fasen.",
                            errors={k: [f"Vul in: {rules.NOTIFICATION_ELEMENTS[k]}."]
                                    for k in missing})
    phase = (previous.phase + 1) if previous else 1
    row = BreachNotification(
        breach_id=breach.id, phase=phase, notified_at=notification.notified_at,
        meldnummer=meldnummer, organisation_id=breach.notifier_organisation_id,
        is_complete=notification.is_complete, nature=_clean(notification.nature),
        data_categories=_clean(notification.data_categories),
        persons_approx=notification.persons_approx, records_approx=notification.records_approx,
        dpo_contact=_clean(notification.dpo_contact),
        consequences=_clean(notification.consequences), measures=_clean(notification.measures),
        delay_reasons=_clean(notification.delay_reasons), recorded_at=now,
        recorded_by_id=actor.user_id)
    db.session.add(row)
    db.session.flush()
    letter = request_letter("datalek_melding_ap", dsr_id=None,
                            kenmerk=f"{breach.reference}-M{phase}", actor_id=actor.user_id,
                            now=now)
    row.letter_id = letter.id
    breach.notifications.append(row)
    breach.move_to(BreachStatus.NOTIFIED)
    reading = rules.read_clock(breach.aware_at, now, breach.first_notified_at)
    what = "Melding" if phase == 1 else f"Vervolgmelding {phase}"
    breach.note("notified", f"{what} bij de AP vastgelegd (meldnummer {meldnummer}"
                + ("" if notification.is_complete else ", in fasen: nog niet volledig") + "). "
                + (reading.explain_nl() if phase == 1 else ""), actor_id=actor.user_id, at=now)
    audit(actor, "breach.notify", breach, now)
    notices.tell_notified(breach, now, phase=phase)
    return row


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


# ------------------------------------------------------------------------------ the people
@dataclass(frozen=True, slots=True)
class PeopleDecision:
    decision: CommunicationDecision
    reason: str | None = None
    ground: str | None = None
    people_nature: str | None = None
    people_consequences: str | None = None
    people_measures: str | None = None
    people_advice: str | None = None



PEOPLE_TEXTS = ("people_nature", "people_consequences", "people_measures", "people_advice")


def communication_elements(breach: Breach) -> dict[str, str | None]:
    """The art. 34(2) elements as they stand (the FG's contact from the settings)."""
    return {"nature": breach.people_nature, "dpo_contact": notices.breach_settings().fg_contact,
            "consequences": breach.people_consequences, "measures": breach.people_measures,
            "advice": breach.people_advice}


def decide_communication(breach: Breach, choice: PeopleDecision, *, actor: Actor,
                         now: datetime) -> None:
    """Inform the people (with the texts for them), or record why not: art. 34(3)(a)-(c), or a
    restriction under UAVG art. 41(1) with its ground and motivation."""
    if breach.risk_level is None:
        raise refuse("Beoordeel eerst het risico.")
    if breach.status_enum is BreachStatus.CLOSED:
        raise refuse("Dit datalek is afgesloten.")
    reason = (choice.reason or "").strip()
    if choice.decision is CommunicationDecision.INFORM:
        for name in PEOPLE_TEXTS:
            setattr(breach, name, _clean(getattr(choice, name)))
        missing = rules.missing_elements(communication_elements(breach),
                                         rules.COMMUNICATION_ELEMENTS)
        if "dpo_contact" in missing:
            raise refuse("De naam en contactgegevens van de FG ontbreken: vul ze in bij de "
                         "instellingen voor datalekken (art. 34 lid 2 met art. 33 lid 3 onder b "
                         "AVG).")
        if missing:
            raise BreachRefused("Het bericht aan de betrokkenen is nog niet compleet.",
                                errors={f"people_{k}": [f"Vul in: "
                                                        f"{rules.COMMUNICATION_ELEMENTS[k]}."]
                                        for k in missing})
        reason = reason or ("Hoog risico voor de betrokkenen (art. 34 lid 1 AVG)."
                            if breach.risk_level is RiskLevel.HIGH else
                            "Wij informeren de betrokkenen, ook al is het risico niet hoog.")
    elif not reason:
        raise refuse("Leg uit waarom dit van toepassing is." if choice.decision is not
                     CommunicationDecision.PUBLIC else
                     "Beschrijf de openbare mededeling: waar, wanneer en wat.", "reason")
    if choice.decision is CommunicationDecision.RESTRICTED:
        if choice.ground not in catalogue.UAVG_41_BY_CODE:
            raise refuse("Kies de grond van art. 41 lid 1 UAVG.", "ground")
    breach.communication_decision = choice.decision.value
    breach.communication_ground = choice.ground \
        if choice.decision is CommunicationDecision.RESTRICTED else None
    breach.communication_reason = reason
    breach.communication_decided_at, breach.communication_decided_by_id = now, actor.user_id
    breach.note("people", catalogue.COMMUNICATION_DECISIONS[choice.decision] + ".",
                actor_id=actor.user_id, at=now)
    audit(actor, "breach.people_decision", breach, now)


@dataclass(frozen=True, slots=True)
class Recipient:
    channel: str  # letter | email
    dsr_id: int | None = None  # a person known through a request
    name: str | None = None  # or one whose address staff enter
    address: str | None = None
    email: str | None = None



def make_communication(breach: Breach, recipient: Recipient, *, actor: Actor,
                       now: datetime) -> BreachCommunication:
    """The letter (PDF) to one person, and with ``email`` the e-mail with it."""
    if breach.decision is not CommunicationDecision.INFORM:
        raise refuse("Besluit eerst dat de betrokkenen worden geïnformeerd, met de teksten voor "
                     "hen.")
    if breach.status_enum is BreachStatus.CLOSED:
        raise refuse("Dit datalek is afgesloten.")
    if recipient.channel not in ("letter", "email"):
        raise refuse("Kies brief of e-mail.", "channel")
    name, address, email = _addressee(breach, recipient)
    if recipient.channel == "letter" and not address:
        raise refuse("Vul het postadres in.", "address")
    if recipient.channel == "email" and not email:
        raise refuse("Vul het e-mailadres in.", "email")
    number = len(breach.communications) + 1
    letter = request_letter("datalek_bericht", dsr_id=None,
                            kenmerk=f"{breach.reference}-B{number}", actor_id=actor.user_id,
                            now=now)
    row = BreachCommunication(breach_id=breach.id, dsr_id=recipient.dsr_id,
                              channel=recipient.channel, addressee_name=name, address=address,
                              email=email if recipient.channel == "email" else None,
                              letter_id=letter.id, created_at=now, created_by_id=actor.user_id)
    db.session.add(row)
    db.session.flush()
    breach.communications.append(row)
    if recipient.channel == "email" and email:
        subject, body = notices.render_mail("communication",
                                            letters.communication_context(breach, row))
        message = queue_mail(to=email, subject=subject, body=body, purpose="breach_communication",
                             dsr_id=recipient.dsr_id, letter_id=letter.id, now=now)
        row.mail_id = message.id
    breach.note("communication", f"Bericht aan een betrokkene gemaakt ("
                f"{'e-mail' if recipient.channel == 'email' else 'brief'}, kenmerk "
                f"{letter.kenmerk}).", actor_id=actor.user_id, at=now)
    audit(actor, "breach.communicate", breach, now)
    return row


def _addressee(breach: Breach, recipient: Recipient) -> tuple[str, str | None, str | None]:
    if recipient.dsr_id is not None:
        if recipient.dsr_id not in {p.dsr_id for p in breach.persons}:
            raise refuse("Deze persoon is niet aan het datalek gekoppeld.", "dsr_id")
        dsr = db.session.get(DataSubjectRequest, recipient.dsr_id)
        assert dsr is not None
        block = frame.addressee_lines(dsr)[1:]
        postal = "\n".join(line for line in block if line != dsr.email) or None
        return dsr.full_name, postal, recipient.email or dsr.email
    name = (recipient.name or "").strip()
    if not name:
        raise refuse("Vul de naam in.", "name")
    return name, _clean(recipient.address), _clean(recipient.email)


def linked_people(breach: Breach) -> list[tuple[BreachPerson, DataSubjectRequest]]:
    return [(person, dsr) for person in breach.persons
            if (dsr := db.session.get(DataSubjectRequest, person.dsr_id)) is not None]
