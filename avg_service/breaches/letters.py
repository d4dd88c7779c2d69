"""The two documents of a breach, as letter kinds of the letter engine (PDF/A, SHA-256, template
version; a rendered letter never changes):

- ``datalek_melding_ap``: the record of what was reported to the AP in one notification (AVG
  art. 33(3)), its moment and meldnummer, whether it was within the 72 hours and otherwise why
  not (33(1)), and what follows in a later phase (33(4));
- ``datalek_bericht``: the letter to one person (art. 34(2)) in plain Dutch: what happened,
  which data, what it can mean, what was done, what the person can do, and whom to ask.

The context functions read through the loaders below (``letters.services.loader``), so a preview
(``flask avg letters preview``) can hand them objects built in memory (``preview_given``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final, TypeVar

import sqlalchemy as sa

from avg_service.breaches import catalogue, rules
from avg_service.breaches.models import (
    Breach,
    BreachCommunication,
    BreachNotification,
    BreachSettings,
)
from avg_service.breaches import notices
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import Given, LetterKind, loader, register_kind
from avg_service.organisations.catalogue import JOINT_CONTROLLERS
from avg_service.organisations.models import Organisation
from avg_service.requests import letters as frame

#: Bump when a template or context below changes what a letter says.
TEMPLATE_VERSION: Final = "2026.1"
KIND_NAMES: Final = ("datalek_melding_ap", "datalek_bericht")


# ------------------------------------------------------------------------------ loading
@loader
def load_notification(letter: Letter) -> BreachNotification:
    return _row_of(BreachNotification, letter)


@loader
def load_communication(letter: Letter) -> BreachCommunication:
    return _row_of(BreachCommunication, letter)


R = TypeVar("R", BreachNotification, BreachCommunication)


def _row_of(model: type[R], letter: Letter) -> R:
    found = db.session.scalar(sa.select(model).where(model.letter_id == letter.id))
    if found is None:
        raise frame.LetterDataMissing(f"letter {letter.id}: no {model.__tablename__}")
    return found


breach_settings = loader(notices.breach_settings)


@loader
def load_breach(breach_id: int) -> Breach:
    found = db.session.get(Breach, breach_id)
    if found is None:
        raise frame.LetterDataMissing(f"no breach {breach_id}")
    return found


@loader
def joint_controller_names() -> list[str]:
    names = list(db.session.scalars(sa.select(Organisation.name).where(
        Organisation.is_joint_controller, Organisation.is_active).order_by(Organisation.id)))
    return names or [p.name for p in JOINT_CONTROLLERS]


# ------------------------------------------------------------------------------ the AP record
def melding_context(letter: Letter) -> dict[str, Any]:
    notification = load_notification(letter)
    breach = load_breach(notification.breach_id)
    settings = frame.contact_point_settings()
    first = breach.notifications[0] if breach.notifications else notification
    reading = rules.read_clock(breach.aware_at, first.notified_at, first.notified_at)
    elements = {"nature": notification.nature, "dpo_contact": notification.dpo_contact,
                "consequences": notification.consequences, "measures": notification.measures}
    notifier = notification.organisation.name if notification.organisation else \
        "het contactpunt"
    return {
        "subject": "Melding van een datalek aan de Autoriteit Persoonsgegevens: wat is gemeld",
        "kenmerk": letter.kenmerk,
        "dagtekening": frame.date_nl(frame.letter_date(letter)),
        "addressee": ["Autoriteit Persoonsgegevens", f"Meldnummer {notification.meldnummer}"],
        "sender": frame.sender_of(settings),
        "reference": breach.reference,
        "title": breach.title,
        "phase": notification.phase,
        "is_complete": notification.is_complete,
        "notified": frame.moment_nl(notification.notified_at),
        "meldnummer": notification.meldnummer,
        "notifier": notifier,
        "joint_controllers": joint_controller_names(),
        "aware": frame.moment_nl(breach.aware_at),
        "occurred": frame.moment_nl(breach.occurred_at) if breach.occurred_at else None,
        "deadline": frame.moment_nl(reading.deadline_at),
        "clock": reading.explain_nl(),
        "is_late": reading.is_overdue,
        "delay_reasons": notification.delay_reasons,
        "breach_types": [catalogue.BREACH_TYPES[t] for t in breach.breach_type_list
                         if t in catalogue.BREACH_TYPES],
        "data_categories": notification.data_categories,
        "persons_approx": notification.persons_approx,
        "records_approx": notification.records_approx,
        "elements": elements,
        "missing": rules.missing_elements(elements, rules.NOTIFICATION_ELEMENTS),
        "element_labels": rules.NOTIFICATION_ELEMENTS,
    }


# ------------------------------------------------------------------------------ to the person
def communication_context(breach: Breach, row: BreachCommunication) -> dict[str, Any]:
    """What the letter and the e-mail to one person say (art. 34(2)), already as text."""
    settings: BreachSettings = breach_settings()
    return {
        "reference": breach.reference, "name": row.addressee_name,
        "nature": breach.people_nature, "consequences": breach.people_consequences,
        "measures": breach.people_measures, "advice": breach.people_advice,
        "fg_name": settings.fg_name, "fg_email": settings.fg_email,
        "fg_phone": settings.fg_phone,
        "notifier": breach.notifier_organisation.name if breach.notifier_organisation else None,
        "data_kinds": [catalogue.DATA_KINDS[k] for k in breach.data_kind_list
                       if k in catalogue.DATA_KINDS],
    }


def bericht_context(letter: Letter) -> dict[str, Any]:
    row = load_communication(letter)
    breach = load_breach(row.breach_id)
    settings = frame.contact_point_settings()
    context = communication_context(breach, row)
    missing = rules.missing_elements(
        {"nature": context["nature"], "dpo_contact": context["fg_name"],
         "consequences": context["consequences"], "measures": context["measures"],
         "advice": context["advice"]}, rules.COMMUNICATION_ELEMENTS)
    if missing:  # never a letter with a hole in it
        raise frame.LetterDataMissing(f"breach {breach.reference}: {', '.join(missing)} missing")
    context.update(
        subject="Een datalek: wat dit voor u betekent",
        kenmerk=letter.kenmerk,
        dagtekening=frame.date_nl(frame.letter_date(letter)),
        addressee=[row.addressee_name, *frame.lines(row.address)] if row.address
        else [row.addressee_name, row.email or ""],
        sender=frame.sender_of(settings),
        salutation=f"Geachte {row.addressee_name},",
        joint_controllers=joint_controller_names())
    return context


register_kind(LetterKind("datalek_melding_ap", "Melding datalek aan de AP (vastlegging)",
                         "letters/datalek_melding_ap.html", TEMPLATE_VERSION, melding_context))
register_kind(LetterKind("datalek_bericht", "Bericht aan betrokkene over een datalek",
                         "letters/datalek_bericht.html", TEMPLATE_VERSION, bericht_context))


# ------------------------------------------------------------------------------ preview
#: Friday 27 March 2026, 10:00 in Amsterdam: the weekend and the change to summer time follow.
PREVIEW_AWARE_AT: Final = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


def preview_objects(kind: str) -> tuple[Letter, Breach, BreachSettings]:
    """A breach with a complete first notification and one letter to a person, in memory."""
    organisation = Organisation(id=3, code="politie", name="Politie", is_joint_controller=True,
                                is_active=True, legal_basis="WGS art. 2.27(1)(c)")
    breach = Breach(
        id=12, reference="DL-2026-000012", status="notified",
        title="Verslag casusoverleg naar verkeerd e-mailadres",
        description="Het verslag van een casusoverleg is per e-mail naar een verkeerde externe "
                    "ontvanger gestuurd.",
        aware_at=PREVIEW_AWARE_AT, occurred_at=PREVIEW_AWARE_AT - timedelta(hours=20),
        reported_at=PREVIEW_AWARE_AT + timedelta(hours=1),
        breach_types=",confidentiality,", data_kinds=",case,health,identity,",
        persons_count=3, risk="high", risk_reasons="Gezondheids- en casusgegevens.",
        notifier_organisation=organisation,
        people_nature="Op 26 maart 2026 is per ongeluk een verslag van een overleg over uw "
                      "situatie naar een verkeerd e-mailadres gestuurd.",
        people_consequences="Iemand die u niet kent, heeft gegevens over uw gezondheid en uw "
                            "situatie kunnen lezen.",
        people_measures="Wij hebben de ontvanger gevraagd de e-mail te verwijderen. Verslagen "
                        "gaan voortaan alleen via het beveiligde systeem.",
        people_advice="Krijgt u een bericht of telefoontje over deze gegevens van iemand die u "
                      "niet kent? Reageer niet en neem contact met ons op.")
    notification = BreachNotification(
        id=1, breach_id=12, phase=1, notified_at=PREVIEW_AWARE_AT + timedelta(hours=30),
        meldnummer="M-2026-0412345", organisation=organisation, is_complete=True,
        nature=breach.description, data_categories="Casusinformatie, gezondheid, naam en adres",
        persons_approx=3, records_approx=1,
        dpo_contact="A. de Boer, functionaris gegevensbescherming (fg@voorbeeldstad.nl)",
        consequences="Kennisname van gezondheids- en casusgegevens door een onbevoegde.",
        measures="Ontvanger verzocht te verwijderen; verzending via beveiligd systeem.",
        letter_id=1)
    communication = BreachCommunication(
        id=1, breach_id=12, channel="letter", addressee_name="Sanne de Vries",
        address="Voorbeeldstraat 1\n1234 AB Voorbeeldstad", letter_id=1)
    breach.notifications = [notification]
    breach.communications = [communication]
    settings = BreachSettings(id=1, notifier_rule="source", fg_name="A. de Boer",
                              fg_email="fg@voorbeeldstad.nl", fg_phone="14 020")
    letter = Letter(id=1, kind=kind, kenmerk="DL-2026-000012-" + (
        "M1" if kind == "datalek_melding_ap" else "B1"),
        dagtekening=PREVIEW_AWARE_AT + timedelta(hours=31))
    return letter, breach, settings


def preview_given(breach: Breach, settings: BreachSettings) -> Given:
    """The objects in memory, for a render instead of the database."""
    return {
        load_notification: lambda letter: breach.notifications[0],
        load_communication: lambda letter: breach.communications[0],
        load_breach: lambda breach_id: breach,
        breach_settings: lambda: settings,
        joint_controller_names: lambda: [p.name for p in JOINT_CONTROLLERS],
    }
