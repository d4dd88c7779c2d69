"""Seeding and managing the participants and the contact point's settings."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.audit.services import record
from avg_service.errors import DomainError
from avg_service.extensions import db
from avg_service.organisations.catalogue import (
    ALL_PARTICIPANTS,
    DecisionMode,
    municipal_participants,
)
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
                                "reminder_days", "chase_days", "escalate_after", "is_active",
                                "municipality", "decision_mode", "mandate_reference",
                                "mandate_on", "own_objection_address")


class OrganisationRefused(DomainError):
    """A rule about organisations refused the act; ``errors`` names the fields."""


#: WGS art. 2.27: what kind of participant a new organisation is, and its legal basis.
KINDS: dict[str, tuple[str, bool]] = {
    "a": ("WGS art. 2.27(1)(a)", True),  # Raad voor de Kinderbescherming
    "b": ("WGS art. 2.27(1)(b)", True),  # DJI
    "c": ("WGS art. 2.27(1)(c)", True),  # politie
    "d": ("WGS art. 2.27(1)(d)", True),  # OM
    "e": ("WGS art. 2.27(1)(e)", True),  # the burgemeester (of a gemeente in the region)
    "f": ("WGS art. 2.27(1)(f)", True),  # the college (of a gemeente in the region)
    "g": ("WGS art. 2.27(1)(g)", True),  # GGD
    "private": ("WGS art. 2.27(2)", False),
}
#: A burgemeester and a college belong to a gemeente (WGS art. 2.27(1)(e)-(f)).
MUNICIPAL_KINDS = frozenset({"e", "f"})


def _slug(text: str) -> str:
    cleaned = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", cleaned).strip("-")[:30] or "organisatie"


def _free_code(base: str) -> str:
    taken = set(db.session.scalars(sa.select(Organisation.code).where(
        Organisation.code.like(f"{base}%"))))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


def create_organisation(data: dict[str, Any], *, actor: Actor, now: datetime) -> Organisation:
    """The beheerder adds a participant: its kind under WGS art. 2.27 (a joint controller of
    lid 1 (a)-(g), or a private participant of lid 2), its name and, for a burgemeester or a
    college, its gemeente. A regional ZVH has one of each per gemeente."""
    kind, name = data.get("kind"), (data.get("name") or "").strip()
    municipality = (data.get("municipality") or "").strip() or None
    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = ["Kies wat voor deelnemer dit is (WGS art. 2.27)."]
    if not name:
        errors["name"] = ["Vul de naam in."]
    elif db.session.scalar(sa.select(Organisation.id).where(
            sa.func.lower(Organisation.name) == name.lower())):
        errors["name"] = ["Er is al een organisatie met deze naam."]
    if kind in MUNICIPAL_KINDS and not municipality:
        errors["municipality"] = ["Vul de gemeente in: een burgemeester en een college horen "
                                  "bij één gemeente."]
    if errors:
        raise OrganisationRefused("De organisatie is niet aangemaakt.", errors=errors)
    legal_basis, is_joint = KINDS[str(kind)]
    organisation = Organisation(
        code=_free_code(_slug(name)), name=name, legal_basis=legal_basis,
        is_joint_controller=is_joint, is_active=True, municipality=municipality,
        task_email=data.get("task_email") or None,
        coordinator_email=data.get("coordinator_email") or None,
        created_at=now, updated_at=now)
    db.session.add(organisation)
    db.session.flush()
    record(actor, "organisation.create", object_type="organisation", object_id=organisation.id,
           at=now)
    return organisation


def add_municipality(municipality: str, *, actor: Actor, now: datetime) -> list[Organisation]:
    """A gemeente joins the regional ZVH: its burgemeester and its college, each a joint
    controller (WGS art. 2.27(1)(e) and (f))."""
    municipality = municipality.strip()
    if not municipality:
        raise OrganisationRefused("Vul de gemeente in.",
                                  errors={"municipality": ["Vul de gemeente in."]})
    made = []
    for kind, participant in zip(("e", "f"),
                                 municipal_participants(municipality, _slug(municipality)),
                                 strict=True):
        made.append(create_organisation(
            {"kind": kind, "name": participant.name, "municipality": municipality},
            actor=actor, now=now))
    return made


def check_decision_mode(organisation: Organisation) -> None:
    """Who decides for this controller (RULES.md §11.2): a mandate has its reference and date
    (Awb 10:5(2): a general mandate is given in writing); a controller that decides itself has
    the address where bezwaar on its part goes; only a joint controller can be either."""
    errors: dict[str, list[str]] = {}
    mode = organisation.decision_mode
    if mode not in {m.value for m in DecisionMode}:
        errors["decision_mode"] = ["Kies wie beslist."]
    elif mode != DecisionMode.CONTACT_POINT and not organisation.is_joint_controller:
        errors["decision_mode"] = ["Een private deelnemer is geen verwerkingsverantwoordelijke: "
                                   "het contactpunt beslist."]
    if mode == DecisionMode.MANDATE:
        if not (organisation.mandate_reference or "").strip():
            errors["mandate_reference"] = ["Vul het kenmerk van het mandaatbesluit in."]
        if organisation.mandate_on is None:
            errors["mandate_on"] = ["Vul de datum van het mandaatbesluit in."]
    if mode == DecisionMode.SELF and not (organisation.own_objection_address or "").strip():
        errors["own_objection_address"] = ["Vul het adres in waar bezwaar tegen het besluit van "
                                           "deze organisatie naartoe gaat."]
    if errors:
        raise OrganisationRefused("De organisatie is niet opgeslagen.", errors=errors)
EDITABLE_SETTINGS_FIELDS = tuple(DEFAULT_SETTINGS) + ("contact_email", "contact_phone",
                                                      "objection_channel", "rechtbank",
                                                      "bezwaar_committee")


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
    check_decision_mode(organisation)
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
