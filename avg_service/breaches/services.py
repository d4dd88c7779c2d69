"""Use cases of a breach: report it, link the persons, assess the risk and choose who notifies,
close it, and open its documents (the tasks of the joint controllers: ``coordination``).

Like the other services these work inside the caller's unit of work, take ``actor`` and ``now``,
write the timeline event and the audit entry, and queue the mail the step sends. The compartment
(a participant reaches only breaches it reported, is tasked on or notifies) is the policy's:
views call ``authorize`` with the breach or task; lists filter with ``visible``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.breaches import catalogue, notices, rules
from avg_service.breaches.common import (
    BreachRefused,
    active_organisation,
    audit,
    move,
    refuse,
)
from avg_service.breaches.coordination import create_tasks
from avg_service.breaches.models import Breach, BreachPerson, BreachSettings, as_listed
from avg_service.breaches.rules import BreachStatus, BreachTaskStatus, RiskLevel
from avg_service.coordination.models import CoordinationTask
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered
from avg_service.organisations.models import Organisation
from avg_service.requests.models import DataSubjectRequest


# ------------------------------------------------------------------------------ report
@dataclass(frozen=True, slots=True)
class Report:
    title: str
    description: str
    aware_at: datetime
    occurred_at: datetime | None = None
    source_organisation_id: int | None = None
    breach_types: list[str] = field(default_factory=list)
    data_kinds: list[str] = field(default_factory=list)
    data_description: str | None = None
    persons_count: int | None = None
    records_count: int | None = None
    measures: str | None = None
    request_references: list[str] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)  # tasks at once



def report_breach(report: Report, *, actor: Actor, now: datetime) -> Breach:
    """AVG art. 33: a participant (its own organisation is the source) or the contact point
    reports; the FG and the contact point hear of it at once; the 72 hours run from
    ``aware_at``; tasks go out to the organisations named (and the source)."""
    if report.aware_at > now:
        raise refuse("Het moment van ontdekken ligt in de toekomst.", "aware_at")
    if report.occurred_at is not None and report.occurred_at > report.aware_at:
        raise refuse("Het datalek kan niet later zijn gebeurd dan het is ontdekt.", "occurred_at")
    source = report.source_organisation_id
    # Staff carry no organisation: they report for the contact point, whose organisation the
    # arrangement names (the college van B&W by default).
    reporter_organisation = notices.breach_settings().contact_point_organisation_id
    if actor.role is Role.DEELNEMER:
        reporter_organisation = actor.organisation_id
        source = actor.organisation_id  # a participant reports what happened at itself
    elif source is not None:
        active_organisation(source, "source_organisation_id")
    people = _requests_by_reference(report.request_references, actor)
    if report.persons_count is not None and report.persons_count < len(people):
        raise refuse(f"Het aantal betrokkenen is ten minste {len(people)}: het aantal gekoppelde "
                     "verzoeken.", "persons_count")
    breach = Breach(
        reference="NEW-" + secrets.token_hex(8),  # replaced by the id-based one below
        status=BreachStatus.REPORTED.value,
        title=report.title.strip(), description=report.description.strip(),
        occurred_at=report.occurred_at, aware_at=report.aware_at, reported_at=now,
        reported_by_id=actor.user_id, reported_by_organisation_id=reporter_organisation,
        source_organisation_id=source,
        breach_types=as_listed(rules.unique(report.breach_types)),
        data_kinds=as_listed(rules.unique(report.data_kinds)),
        data_description=report.data_description, persons_count=report.persons_count,
        records_count=report.records_count, measures=report.measures, updated_at=now)
    db.session.add(breach)
    db.session.flush()
    local_year = report.aware_at.astimezone(rules.AMSTERDAM).year
    breach.reference = f"DL-{local_year}-{breach.id:06d}"
    breach.persons = [BreachPerson(dsr_id=dsr.id, created_at=now) for dsr in people]
    breach.note("reported", "Datalek gemeld" + (
        f" door {breach.reported_by_organisation.name}" if breach.reported_by_organisation
        else "") + ".", actor_id=actor.user_id, at=now)
    audit(actor, "breach.report", breach, now)
    concerned = list(report.organisation_ids)
    if source is not None and source != reporter_organisation:
        concerned.insert(0, source)  # the organisation where it happened must act
    if concerned:
        create_tasks(breach, organisation_ids=concerned, actor=actor, now=now)
    notices.tell_reported(breach, now)
    notices.schedule_wake_ups(breach, now)
    return breach


def _requests_by_reference(references: Iterable[str], actor: Actor) -> list[DataSubjectRequest]:
    """The requests of the persons affected. A participant may link only requests it has a
    task on; any other reference gets the same answer as an unknown one (no oracle)."""
    wanted = rules.unique(r.upper() for r in references)
    if not wanted:
        return []
    query = sa.select(DataSubjectRequest).where(DataSubjectRequest.reference.in_(wanted))
    if actor.role is Role.DEELNEMER:
        query = query.where(DataSubjectRequest.id.in_(
            sa.select(CoordinationTask.dsr_id).where(
                CoordinationTask.organisation_id == actor.organisation_id)))
    found = {dsr.reference: dsr for dsr in db.session.scalars(query)}
    unknown = [r for r in wanted if r not in found]
    if unknown:
        raise refuse("Deze kenmerken kennen wij niet (of u heeft er geen taak voor): "
                     + ", ".join(unknown) + ".", "request_references")
    return [found[r] for r in wanted]


def link_requests(breach: Breach, references: list[str], *, actor: Actor,
                  now: datetime) -> list[BreachPerson]:
    """More persons known through their requests (the contact point)."""
    linked = {p.dsr_id for p in breach.persons}
    added = [BreachPerson(dsr_id=dsr.id, created_at=now)
             for dsr in _requests_by_reference(references, actor) if dsr.id not in linked]
    if not added:
        raise refuse("Deze verzoeken zijn al gekoppeld.", "request_references")
    breach.persons.extend(added)
    if breach.persons_count is not None and breach.persons_count < len(breach.persons):
        breach.persons_count = len(breach.persons)
    breach.note("persons", f"{len(added)} verzoek(en) gekoppeld.", actor_id=actor.user_id, at=now)
    audit(actor, "breach.link_requests", breach, now)
    return added


#: What a later update of the facts may change (the reporter's first account stays in the
#: timeline); with the names the timeline uses.
FACT_FIELDS: dict[str, str] = {
    "title": "omschrijving", "description": "wat er is gebeurd", "occurred_at": "gebeurd op",
    "aware_at": "ontdekt op", "breach_types": "soort datalek", "data_kinds": "gegevens",
    "data_description": "toelichting op de gegevens", "persons_count": "aantal betrokkenen",
    "records_count": "aantal registraties", "measures": "maatregelen"}


def update_facts(breach: Breach, report: Report, *, reason: str | None, actor: Actor,
                 now: datetime) -> list[str]:
    """The facts as they become known (AVG art. 33(5): facts, effects, measures). A new moment
    of awareness moves the 72 hours and needs a reason; the timeline says what changed."""
    if breach.status_enum is BreachStatus.CLOSED:
        raise refuse("Dit datalek is afgesloten.")
    if report.aware_at > now:
        raise refuse("Het moment van ontdekken ligt in de toekomst.", "aware_at")
    if report.occurred_at is not None and report.occurred_at > report.aware_at:
        raise refuse("Het datalek kan niet later zijn gebeurd dan het is ontdekt.", "occurred_at")
    if report.persons_count is not None and report.persons_count < len(breach.persons):
        raise refuse(f"Het aantal betrokkenen is ten minste {len(breach.persons)}: het aantal "
                     "gekoppelde verzoeken.", "persons_count")
    moved = report.aware_at != breach.aware_at
    reason = (reason or "").strip()
    if moved and not reason:
        raise refuse("Geef de reden waarom het moment van ontdekken anders is: daarmee "
                     "verschuiven de 72 uur.", "reason")
    values = {"title": report.title.strip(), "description": report.description.strip(),
              "occurred_at": report.occurred_at, "aware_at": report.aware_at,
              "breach_types": as_listed(rules.unique(report.breach_types)),
              "data_kinds": as_listed(rules.unique(report.data_kinds)),
              "data_description": report.data_description,
              "persons_count": report.persons_count, "records_count": report.records_count,
              "measures": report.measures}
    changed = [name for name, value in values.items() if getattr(breach, name) != value]
    if not changed:
        raise refuse("Er is niets gewijzigd.")
    for name in changed:
        setattr(breach, name, values[name])
    breach.note("facts", "Feiten bijgewerkt: " + ", ".join(FACT_FIELDS[n] for n in changed)
                + (f". Reden: {reason}" if reason else "."),
                actor_id=actor.user_id, at=now)
    audit(actor, "breach.update_facts", breach, now)
    if moved:
        notices.schedule_wake_ups(breach, now)
    return changed


# ------------------------------------------------------------------------------ assess
@dataclass(frozen=True, slots=True)
class Assessment:
    risk: RiskLevel
    reasons: str
    example: str | None = None
    factors: list[str] = field(default_factory=list)
    consequences: str | None = None
    notifier_organisation_id: int | None = None
    notifier_reason: str | None = None



def default_notifier_id(breach: Breach) -> int | None:
    settings = notices.breach_settings()
    source = breach.source_organisation
    return rules.default_notifier(
        settings.rule, source_id=source.id if source else None,
        source_is_joint_controller=bool(source and source.is_joint_controller),
        contact_point_id=settings.contact_point_organisation_id,
        fixed_id=settings.notifier_organisation_id)


def assess(breach: Breach, assessment: Assessment, *, actor: Actor, now: datetime) -> None:
    """The risk to the people with the reasons (EDPB Guidelines 9/2022), and who notifies on
    behalf of the joint controllers (the art. 26 arrangement; another than the default only
    with a reason). It can be assessed again, also after a notification."""
    if breach.status_enum is BreachStatus.CLOSED:
        raise refuse("Dit datalek is afgesloten.")
    if not assessment.reasons.strip():
        raise refuse("Geef de redenen van de beoordeling.", "reasons")
    if assessment.example and assessment.example not in catalogue.EXAMPLES_BY_CODE:
        raise refuse("Onbekend voorbeeld.", "example")
    unknown = [f for f in assessment.factors if f not in catalogue.FACTORS_BY_CODE]
    if unknown:
        raise refuse("Onbekende risicofactor.", "factors")
    default = default_notifier_id(breach)
    notifier = assessment.notifier_organisation_id or default
    if notifier is not None:
        active_organisation(notifier, "notifier_organisation_id")
    if notifier != default and not (assessment.notifier_reason or "").strip():
        raise refuse("Geef de reden waarom een andere organisatie meldt dan de afspraak zegt.",
                      "notifier_reason")
    if breach.status_enum is not BreachStatus.NOTIFIED:
        move(breach, BreachStatus.ASSESSED)
    previous = (breach.risk_level, breach.notifier_organisation_id)
    breach.risk = assessment.risk.value
    breach.risk_reasons = assessment.reasons.strip()
    breach.risk_example = assessment.example or None
    breach.risk_factors = as_listed(rules.unique(assessment.factors))
    breach.consequences = (assessment.consequences or "").strip() or None
    breach.notifier_organisation = db.session.get(Organisation, notifier) if notifier else None
    breach.notifier_reason = (assessment.notifier_reason or "").strip() or None
    breach.assessed_at, breach.assessed_by_id = now, actor.user_id
    label = rules.RISK_LABELS[assessment.risk].lower()
    breach.note("assessed", f"Risico beoordeeld: {label}. "
                + rules.duties_for(assessment.risk).explain_nl(), actor_id=actor.user_id, at=now)
    audit(actor, "breach.assess", breach, now)
    if rules.duties_for(assessment.risk).notify_authority and not breach.notifications \
            and previous != (assessment.risk, notifier):
        notices.tell_notifier(breach, now)


# ------------------------------------------------------------------------------ close
def state_of(breach: Breach) -> rules.BreachState:
    return rules.BreachState(
        risk=breach.risk_level, notifications=len(breach.notifications),
        last_notification_complete=bool(breach.notifications
                                        and breach.notifications[-1].is_complete),
        communication_decided=breach.decision is not None,
        communications_made=len(breach.communications),
        informs_people=breach.decision is catalogue.CommunicationDecision.INFORM,
        open_tasks=sum(1 for t in breach.tasks if t.status_enum is BreachTaskStatus.OPEN))


def close_breach(breach: Breach, *, note: str, actor: Actor, now: datetime) -> None:
    """Closed when what the risk obliges is done; it stays in the register (art. 33(5))."""
    if not note.strip():
        raise refuse("Vat kort samen hoe het datalek is afgehandeld.", "note")
    blockers = rules.close_blockers(state_of(breach))
    if blockers:
        raise BreachRefused("Het datalek kan nog niet worden afgesloten.",
                            errors={"note": blockers})
    move(breach, BreachStatus.CLOSED)
    breach.closed_at, breach.closed_by_id, breach.closing_note = now, actor.user_id, note.strip()
    breach.note("closed", f"Afgesloten: {breach.closing_note}", actor_id=actor.user_id, at=now)
    audit(actor, "breach.close", breach, now)


# ------------------------------------------------------------------------------ documents
def open_document(breach: Breach, letter_id: int, *, actor: Actor, now: datetime
                  ) -> tuple[Letter, bytes]:
    """One of the breach's PDFs (what was reported to the AP, a letter to a person), rendered
    now if its job has not run yet; audited."""
    ids = {n.letter_id for n in breach.notifications} | {c.letter_id for c in breach.communications}
    letter = db.session.get(Letter, letter_id) if letter_id in ids else None
    if letter is None:
        raise NotFound("Dit document bestaat niet.")
    record(actor, "letter.view", object_type="letter", object_id=letter.id,
           purpose=Purpose.INCIDENT, at=now)
    return letter, ensure_rendered(letter)


# ------------------------------------------------------------------------------ settings
def save_settings(data: dict[str, Any], *, actor: Actor, now: datetime) -> BreachSettings:
    """Store the arrangement (a fixed notifier needs its organisation); audited."""
    for name in ("notifier_organisation_id", "contact_point_organisation_id"):
        if data.get(name) is not None:
            active_organisation(data[name], name)
    if data["notifier_rule"] is rules.NotifierRule.FIXED and not data["notifier_organisation_id"]:
        raise refuse("Kies de organisatie die altijd meldt.", "notifier_organisation_id")
    row = db.session.get(BreachSettings, 1)
    if row is None:
        row = BreachSettings(id=1)
        db.session.add(row)
    row.notifier_rule = data["notifier_rule"].value
    for name in ("notifier_organisation_id", "contact_point_organisation_id", "fg_name",
                 "fg_email", "fg_phone"):
        setattr(row, name, data.get(name))
    row.updated_at, row.updated_by_id = now, actor.user_id
    record(actor, "breach_settings.update", object_type="breach_settings", object_id=1, at=now)
    return row
