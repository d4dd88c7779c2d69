"""Seeding and managing the participants and the contact point's settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.audit.services import record
from avg_service.errors import DomainError
from avg_service.extensions import db
from avg_service.organisations.catalogue import ALL_PARTICIPANTS
from avg_service.organisations.models import ContactPointSettings, Organisation

DEFAULT_SETTINGS: dict[str, Any] = {
    "municipality": "Gemeente Voorbeeldstad",
    "zvh_name": "Zorg- en Veiligheidshuis Voorbeeldregio",
    "postal_address": "Postbus 1\n1000 AA Voorbeeldstad",
    "objection_address": "Het college van burgemeester en wethouders\nt.a.v. bezwaarschriften\n"
                         "Postbus 1\n1000 AA Voorbeeldstad",
    "deciding_organ": "Het college van burgemeester en wethouders van Voorbeeldstad",
    "signatory_name": "M. de Vries",
    "signatory_title": "Coördinator contactpunt AVG-rechten",
}
EDITABLE_ORGANISATION_FIELDS = ("name", "task_email", "coordinator_email", "task_due_working_days",
                                "reminder_days", "chase_days", "escalate_after", "is_active")
EDITABLE_SETTINGS_FIELDS = tuple(DEFAULT_SETTINGS) + ("contact_email", "contact_phone",
                                                      "objection_channel")


def seed_participants(*, now: datetime) -> int:
    """Add the WGS art. 2.27 participants that are missing; never changes existing rows."""
    existing = set(db.session.scalars(sa.select(Organisation.code)))
    added = 0
    for participant in ALL_PARTICIPANTS:
        if participant.code not in existing:
            db.session.add(Organisation(
                code=participant.code, name=participant.name,
                legal_basis=participant.legal_basis,
                is_joint_controller=participant.is_joint_controller,
                created_at=now, updated_at=now))
            added += 1
    if db.session.get(ContactPointSettings, 1) is None:
        db.session.add(ContactPointSettings(id=1, updated_at=now, **DEFAULT_SETTINGS))
    db.session.flush()
    return added


def contact_point_settings() -> ContactPointSettings:
    settings = db.session.get(ContactPointSettings, 1)
    if settings is None:
        raise DomainError("De instellingen van het contactpunt ontbreken: voer `flask avg init` uit.")
    return settings


def update_organisation(organisation: Organisation, changes: dict[str, Any], *, actor: Actor,
                        now: datetime) -> Organisation:
    for name in EDITABLE_ORGANISATION_FIELDS:
        if name in changes:
            setattr(organisation, name, changes[name])
    organisation.updated_at = now
    record(actor, "organisation.update", object_type="organisation", object_id=organisation.id, at=now)
    return organisation


def update_settings(changes: dict[str, Any], *, actor: Actor, now: datetime) -> ContactPointSettings:
    settings = contact_point_settings()
    for name in EDITABLE_SETTINGS_FIELDS:
        if name in changes:
            setattr(settings, name, changes[name])
    settings.updated_at = now
    record(actor, "settings.update", object_type="settings", object_id=1, at=now)
    return settings
