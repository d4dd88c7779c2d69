"""The consolidated view of a request's tasks per participant, and the incidental third parties
recorded (WGS 2.31)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination.models import CoordinationTask, ThirdParty
from avg_service.coordination.rules import TaskStatus
from avg_service.coordination.services.common import _refuse
from avg_service.coordination.services.creation import (
    _participant_addresses,
    default_organisations,
)
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.requests.models import DataSubjectRequest

# ------------------------------------------------------------------------------ consolidated view
@dataclass(frozen=True, slots=True)
class ParticipantLine:
    organisation: Organisation
    task: CoordinationTask | None
    blocks: str | None  # why this participant still blocks a decision, or None
    unreachable: str | None = None  # why a notice would reach nobody there, or None


def consolidated(dsr: DataSubjectRequest) -> list[ParticipantLine]:
    """Per participant: its task, answer, grounds and files, and what still blocks a decision.
    Every active joint controller is listed, with or without a task (BGS art. 1.1(1))."""
    tasks = {t.organisation_id: t for t in db.session.scalars(
        sa.select(CoordinationTask).where(CoordinationTask.dsr_id == dsr.id))}
    organisations = {o.id: o for o in default_organisations()}
    for organisation_id, task in tasks.items():
        organisations.setdefault(organisation_id, task.organisation)
    lines = []
    for organisation in sorted(organisations.values(),
                               key=lambda o: (not o.is_joint_controller, o.name)):
        line_task = tasks.get(organisation.id)
        if line_task is None:
            blocks = "Nog geen taak uitgezet." if organisation.is_joint_controller else None
        elif line_task.status_enum is TaskStatus.OPEN:
            blocks = ("Wacht op antwoord (interne termijn "
                      f"{law.format_date_nl(line_task.internal_due_on)}).")
        elif line_task.status_enum is TaskStatus.QUESTION:
            blocks = "Wacht op het antwoord van het contactpunt op een vraag."
        else:
            blocks = None
        waiting = line_task is None or line_task.status_enum in (TaskStatus.OPEN,
                                                                 TaskStatus.QUESTION)
        unreachable = None if not waiting or _participant_addresses(organisation) else \
            "niet bereikbaar: geen actief account en geen takenmailbox"
        lines.append(ParticipantLine(organisation, line_task, blocks, unreachable))
    return lines


def add_third_party(dsr: DataSubjectRequest, *, name: str, role: str, note: str | None,
                    actor: Actor, now: datetime) -> ThirdParty:
    """WGS art. 2.31: an incidental third party is recorded, never given an account or access."""
    if not name.strip():
        raise _refuse("Vul de naam in.", "name")
    if role not in ("consulted", "recipient"):
        raise _refuse("Kies: geraadpleegd of ontvanger.", "role")
    party = ThirdParty(dsr_id=dsr.id, name=name.strip(), role=role, note=(note or "").strip() or None,
                       recorded_at=now, recorded_by_id=actor.user_id)
    db.session.add(party)
    db.session.flush()
    dsr.note("third_party", actor_id=actor.user_id, at=now,
             reason=f"Incidentele derde vastgelegd ({'geraadpleegd' if role == 'consulted' else 'ontvanger'}).")
    record(actor, "third_party.create", object_type="dsr", object_id=dsr.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return party
