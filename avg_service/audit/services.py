"""Write audit entries into the current unit of work, and verify the chain.

``record`` appends one entry under the chain lock (``SELECT ... FOR UPDATE`` on the head row on
PostgreSQL; SQLite serialises writers with ``BEGIN IMMEDIATE``), so entries from many app and
worker processes form one gap-free chain. It only flushes: the entry commits with the action it
describes, and a rolled-back action leaves no entry (refusals are written in a unit of their own).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.audit.chain import GENESIS, HASHED_FIELDS, entry_hash
from avg_service.audit.models import AuditEntry, AuditHead, Outcome, Purpose
from avg_service.extensions import db

_USER_AGENT_MAX = 200


def record(
    actor: Actor,
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | str | None = None,
    outcome: Outcome = Outcome.ALLOWED,
    purpose: Purpose | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append an entry: who (``actor``), what (``action`` on ``object_type``/``object_id``),
    when, from where, the outcome and the purpose. Never pass personal data values here."""
    session = db.session()
    head = session.scalars(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).one_or_none()
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS)
        session.add(head)
    occurred_at = (at or clock.now_utc()).astimezone(UTC)
    fields: dict[str, Any] = {
        "id": head.last_id + 1,
        "occurred_at": occurred_at,
        "user_id": actor.user_id,
        "organisation_id": actor.organisation_id,
        "role": actor.role.value if actor.role else None,
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "outcome": outcome.value,
        "purpose": purpose.value if purpose else None,
        "ip": actor.ip,
        "user_agent": (actor.user_agent or "")[:_USER_AGENT_MAX] or None,
        "request_id": actor.request_id,
    }
    digest = entry_hash(head.last_hash, _hashable(fields))
    entry = AuditEntry(**fields, prev_hash=head.last_hash, entry_hash=digest)
    session.add(entry)
    head.last_id = entry.id
    head.last_hash = digest
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(*, batch_size: int = 20_000) -> VerifyResult:
    """Recompute every hash in id order; report the first entry that does not fit."""
    previous_hash = GENESIS
    expected_id = 1
    checked = 0
    for row in _rows_in_order(batch_size):
        if row["id"] != expected_id:
            return VerifyResult(checked, expected_id,
                                f"entry {expected_id} is missing (next is {row['id']})")
        if row["prev_hash"] != previous_hash:
            return VerifyResult(checked, row["id"], "previous-hash link does not match")
        if entry_hash(previous_hash, _hashable(row)) != row["entry_hash"]:
            return VerifyResult(checked, row["id"], "entry content does not match its hash")
        previous_hash = row["entry_hash"]
        expected_id += 1
        checked += 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_id != checked or head.last_hash != previous_hash):
        return VerifyResult(checked, head.last_id,
                            "chain head does not match the last entry (entries removed?)")
    return VerifyResult(checked)


def _rows_in_order(batch_size: int) -> Iterator[dict[str, Any]]:
    table = AuditEntry.__table__
    statement = sa.select(table).order_by(table.c.id).execution_options(yield_per=batch_size)
    for row in db.session.execute(statement):
        yield dict(row._mapping)


def _hashable(fields: dict[str, Any]) -> dict[str, Any]:
    values = {name: fields[name] for name in HASHED_FIELDS}
    values["occurred_at"] = values["occurred_at"].astimezone(UTC).isoformat(timespec="microseconds")
    return values
