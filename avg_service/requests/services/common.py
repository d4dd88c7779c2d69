"""What every use case on a request shares: the refusal, the state move with its timeline event,
the audit entry."""

from __future__ import annotations

from datetime import datetime, timedelta

from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.errors import DomainError
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest

#: A request from the same person closed less than this long ago is flagged as a possible repeat
#: (AVG 12(5) "repetitive"); it is only a signal for staff, never a refusal.
REPEAT_WINDOW = timedelta(days=183)
#: The default term of an Awb 4:5 invitation ("een redelijke termijn"): two weeks.
DEFAULT_INVITATION_DAYS = 14


class RequestRefused(DomainError):
    """A rule refused the act; ``errors`` names the field when there is one."""


def _refuse(message: str, field_name: str | None = None) -> RequestRefused:
    return RequestRefused(message, errors={field_name: [message]} if field_name else None)


def _transition(dsr: DataSubjectRequest, target: Status, *, actor: Actor, reason: str | None,
                at: datetime, kind: str = "status") -> None:
    dsr.move_to(target, actor_id=actor.user_id, reason=reason, at=at, kind=kind)


def _audit(actor: Actor, action: str, dsr: DataSubjectRequest, at: datetime) -> None:
    record(actor, action, object_type="dsr", object_id=dsr.id, purpose=Purpose.HANDLING_REQUEST, at=at)
