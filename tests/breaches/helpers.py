"""Factories for breach tests: everything through the real services, committed, at fixed
moments (the clock is passed in, never slept on)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.breaches import coordination, notification, services
from avg_service.breaches.catalogue import CommunicationDecision
from avg_service.breaches.common import get_breach
from avg_service.breaches.models import Breach, BreachSettings
from avg_service.breaches.rules import RiskLevel
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.mail.models import OutboxMessage
from tests.factories import organisation_id

#: Friday 27 March 2026, 10:00 in Amsterdam: the weekend and the change to summer time follow.
AWARE_AT = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
FG_EMAIL = "fg-zvh@voorbeeldstad.test"


def actor_of(user: User) -> Actor:
    return Actor(user.id, Role(user.role), user.organisation_id, "session")


def set_fg_contact(name: str = "A. de Boer", email: str = FG_EMAIL) -> None:
    college = organisation_id("college")
    with unit_of_work():
        row = db.session.get(BreachSettings, 1) or BreachSettings(id=1)
        row.notifier_rule = "source"
        row.contact_point_organisation_id = college
        row.fg_name, row.fg_email, row.fg_phone = name, email, "14 020"
        row.updated_at = AWARE_AT
        db.session.add(row)


def report(actor: Actor, *, at: datetime = AWARE_AT, now: datetime | None = None,
           **fields: Any) -> int:
    """A breach reported ``now`` (default: an hour after awareness); returns its id."""
    values: dict[str, Any] = {
        "title": "Verslag casusoverleg naar verkeerd e-mailadres",
        "description": "Het verslag van een casusoverleg is naar een verkeerde ontvanger gemaild.",
        "aware_at": at, "breach_types": ["confidentiality"], "data_kinds": ["case", "health"],
        "persons_count": 3}
    values.update(fields)
    with unit_of_work():
        breach = services.report_breach(services.Report(**values), actor=actor,
                                        now=now or at + timedelta(hours=1))
        return breach.id


def assess(breach_id: int, actor: Actor, *, risk: RiskLevel = RiskLevel.HIGH,
           now: datetime | None = None, **fields: Any) -> None:
    values: dict[str, Any] = {"risk": risk, "reasons": "Casus- en gezondheidsgegevens van "
                              "kwetsbare betrokkenen bij een onbekende ontvanger."}
    values.update(fields)
    with unit_of_work():
        services.assess(get_breach(breach_id, for_update=True), services.Assessment(**values),
                        actor=actor, now=now or AWARE_AT + timedelta(hours=2))


def notify(breach_id: int, actor: Actor, *, at: datetime, now: datetime | None = None,
           **fields: Any) -> None:
    values: dict[str, Any] = {
        "notified_at": at, "meldnummer": "M-2026-0412345", "is_complete": True,
        "nature": "Verslag naar een verkeerde ontvanger.", "dpo_contact": "A. de Boer (FG)",
        "consequences": "Kennisname door een onbevoegde.", "measures": "Verwijdering gevraagd."}
    values.update(fields)
    with unit_of_work():
        notification.record_notification(get_breach(breach_id, for_update=True),
                                         notification.Notification(**values), actor=actor,
                                         now=now or at)


PEOPLE_TEXTS = {
    "people_nature": "Per ongeluk is een verslag over uw situatie naar een verkeerd adres gemaild.",
    "people_consequences": "Een onbekende kan gegevens over uw gezondheid hebben gelezen.",
    "people_measures": "Wij hebben de ontvanger gevraagd de e-mail te verwijderen.",
    "people_advice": "Reageer niet op berichten van onbekenden over deze gegevens.",
}


def inform(breach_id: int, actor: Actor, *, now: datetime, **texts: str) -> None:
    with unit_of_work():
        notification.decide_communication(
            get_breach(breach_id, for_update=True),
            notification.PeopleDecision(CommunicationDecision.INFORM, **(PEOPLE_TEXTS | texts)),
            actor=actor, now=now)


def answer_all_tasks(breach_id: int, actor: Actor, *, now: datetime) -> None:
    """Every open task set aside by the contact point (so the breach can close)."""
    with unit_of_work():
        for task in get_breach(breach_id).tasks:
            if task.status == "open":
                coordination.set_aside(task, reason="Geen gegevens van deze organisatie.",
                                       confirmed_by=None, actor=actor, now=now)


def mail_to(address: str, purpose: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.to_address == address)
    if purpose:
        query = query.where(OutboxMessage.purpose == purpose)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def breach(breach_id: int) -> Breach:
    db.session.expire_all()
    return get_breach(breach_id)
