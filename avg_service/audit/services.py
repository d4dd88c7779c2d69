"""Write audit entries into the current unit of work, and verify the chain.

``record`` appends one entry under the chain lock (``SELECT ... FOR UPDATE`` on the head row on
PostgreSQL; SQLite serialises writers with ``BEGIN IMMEDIATE``), so entries from many app and
worker processes form one gap-free chain. The head row always exists (migration 0003 seeds it),
so even the very first writers queue on the lock instead of racing to create it. ``record`` only
flushes: the entry commits with the action it describes, and a rolled-back action leaves no entry
(refusals are written in a unit of their own).

``verify_chain`` checks the chain up to the head it read first, so entries appended while it
scans neither break nor slow the check: it reads in a read-only transaction (on SQLite a
deferred ``BEGIN``, so it never holds the write lock).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import hmac
import json
import os
from pathlib import Path

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.audit.chain import (
    GENESIS,
    HASHED_FIELDS,
    checkpoint_mac,
    entry_hash,
    keyed,
    link_hash,
)
from avg_service.audit.models import AuditEntry, AuditHead, Outcome, Purpose
from avg_service.db import READ_ONLY
from avg_service.extensions import db

_USER_AGENT_MAX = 200


class MissingChainHead(RuntimeError):
    """The head row is gone: the database was not migrated, or someone deleted it."""


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
    # populate_existing: a head loaded earlier in this transaction, before the lock, may be stale.
    head = session.scalars(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if head is None:
        raise MissingChainHead(
            "audit_head has no row: the migrations seed it (0003); run `flask avg init`")
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
    digest = entry_hash(head.last_hash, _hashable(fields), key=_key())
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


#: The scanned columns: the hashed fields in hash order, then the two stored hashes.
_SCAN_COLUMNS = [AuditEntry.__table__.c[name] for name in HASHED_FIELDS] + [
    AuditEntry.__table__.c.prev_hash, AuditEntry.__table__.c.entry_hash]


def _key(key: str | None = None) -> hmac.HMAC:
    from avg_service.config import current_settings

    return keyed(key if key is not None else current_settings().audit_key)


def verify_chain(*, batch_size: int = 20_000, key: str | None = None) -> VerifyResult:
    """Recompute every hash in id order up to the head; report the first entry that does not fit.

    The head is read first and only entries up to its ``last_id`` are checked: a writer commits
    an entry and the head that points at it together, so every entry up to the head read is
    visible to the scan, and entries appended meanwhile are simply past it (checked next time).
    Removing entries at the end shows as the head pointing past the last entry; an entry whose
    hash was changed shows as the next entry's ``prev_hash`` or the head's ``last_hash`` not
    matching.

    Runs in the caller's transaction if one is open, else in a read-only one of its own that it
    closes again.
    """
    with _read_transaction() as connection:
        head = connection.execute(
            sa.select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)
        ).one_or_none()
        if head is None:
            return VerifyResult(0, 1, "the chain head row is missing (audit_head was emptied)")
        last_id, last_hash = head
        table = AuditEntry.__table__
        statement = (sa.select(*_SCAN_COLUMNS).where(table.c.id <= last_id).order_by(table.c.id)
                     .execution_options(yield_per=batch_size))
        return _check(connection.execute(statement), last_id=last_id, last_hash=last_hash,
                      key=_key(key))


def _check(rows: Iterable[Sequence[Any]], *, last_id: int, last_hash: str, key: hmac.HMAC
           ) -> VerifyResult:
    # The hot loop of a million entries: rows streamed (a server-side cursor on PostgreSQL,
    # ``batch_size`` rows a round trip) and unpacked as tuples, the hash taken over the values in
    # HASHED_FIELDS order. ``occurred_at`` comes back as aware UTC (UTCDateTime), so it only needs
    # the formatting record() gives it in _hashable(). Fetching is about half of the time, and
    # psycopg on its own fetches no faster than this does.
    previous_hash = GENESIS
    expected_id = 1
    for (entry_id, occurred_at, user_id, organisation_id, role, action, object_type, object_id,
         outcome, purpose, ip, user_agent, request_id, prev_hash, digest) in rows:
        if entry_id != expected_id:
            return VerifyResult(expected_id - 1, expected_id,
                                f"entry {expected_id} is missing (next is {entry_id})")
        if prev_hash != previous_hash:
            return VerifyResult(expected_id - 1, entry_id, "previous-hash link does not match")
        values = (entry_id, occurred_at.isoformat(timespec="microseconds"), user_id,
                  organisation_id, role, action, object_type, object_id, outcome, purpose, ip,
                  user_agent, request_id)
        if link_hash(previous_hash, values, key=key) != digest:
            return VerifyResult(expected_id - 1, entry_id, "entry content does not match its hash")
        previous_hash = digest
        expected_id += 1
    checked = expected_id - 1
    if checked != last_id:
        return VerifyResult(checked, expected_id,
                            f"entry {expected_id} is missing: the chain head is at {last_id} "
                            "(entries removed?)")
    if previous_hash != last_hash:
        return VerifyResult(checked, last_id, "chain head does not match the last entry's hash")
    return VerifyResult(checked)


@contextmanager
def _read_transaction() -> Iterator[sa.Connection]:
    """The session's connection: in the open transaction, or in a read-only one opened and
    closed here (on SQLite a deferred BEGIN, so writers are not held up; see db.READ_ONLY)."""
    session = db.session()
    if session.in_transaction() or session.new or session.dirty or session.deleted:
        yield session.connection()  # the caller's work: neither ours to end nor to roll back
        return
    connection = session.connection(execution_options={READ_ONLY: True})
    try:
        yield connection
    finally:
        session.rollback()


def _hashable(fields: dict[str, Any]) -> dict[str, Any]:
    values = {name: fields[name] for name in HASHED_FIELDS}
    values["occurred_at"] = values["occurred_at"].astimezone(UTC).isoformat(timespec="microseconds")
    return values


# ------------------------------------------------------------------------------ checkpoints
@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The chain's head at a moment, written outside the database and sealed with the key."""

    at: str
    last_id: int
    last_hash: str
    mac: str


    @property
    def line(self) -> str:
        """The checkpoint as one JSON line: in the file, and in the mail to the FG."""
        return json.dumps({"at": self.at, "last_id": self.last_id, "last_hash": self.last_hash,
                           "mac": self.mac})


def current_checkpoint(*, now: datetime, key: str | None = None) -> Checkpoint:
    """The chain's head now, sealed with the audit key."""
    with _read_transaction() as connection:
        head = connection.execute(
            sa.select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)
        ).one_or_none()
    if head is None:
        raise MissingChainHead("audit_head has no row")
    at = now.astimezone(UTC).isoformat(timespec="seconds")
    return Checkpoint(at, int(head[0]), str(head[1]),
                      checkpoint_mac(int(head[0]), str(head[1]), at, key=_key(key)))


def write_checkpoint(path: Path, *, now: datetime, key: str | None = None,
                     point: Checkpoint | None = None) -> Checkpoint:
    """Append the current head (or ``point``) to ``path`` (one JSON line, flushed to disk). Run
    it from cron (``flask avg audit checkpoint``, e.g. hourly) and keep the file where the
    database's owner cannot write: another host, WORM storage; or mail it to the FG
    (``notifications.checkpoints.mail_checkpoint``, setting ``AVG_AUDIT_CHECKPOINT_TO``)."""
    point = point or current_checkpoint(now=now, key=key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        out.write(point.line + "\n")
        out.flush()
        os.fsync(out.fileno())
    return point


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What ``avg audit verify`` could and could not establish."""

    chain: VerifyResult
    checkpoints: int
    problems: list[str]
    last_checkpoint: Checkpoint | None

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems


def verify_audit(checkpoints: Path | None, *, key: str | None = None) -> AuditReport:
    """The keyed chain, and each checkpoint held against the database: the entry a checkpoint
    names must still carry the hash it had, and the head must not be behind it."""
    chain = verify_chain(key=key)
    problems: list[str] = []
    points: list[Checkpoint] = []
    if checkpoints is not None and checkpoints.exists():
        mac_key = _key(key)
        for number, line in enumerate(checkpoints.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip().startswith("{"):
                continue  # blank, or the text around a checkpoint saved from the FG's mail
            try:
                data = json.loads(line)
                point = Checkpoint(str(data["at"]), int(data["last_id"]), str(data["last_hash"]),
                                   str(data["mac"]))
            except (ValueError, KeyError, TypeError):
                problems.append(f"checkpoint line {number} is not readable")
                continue
            expected = checkpoint_mac(point.last_id, point.last_hash, point.at, key=mac_key)
            if not hmac.compare_digest(expected, point.mac):
                problems.append(f"checkpoint line {number} ({point.at}) is not sealed with the "
                                "audit key (forged or changed)")
                continue
            points.append(point)
    if points:
        with _read_transaction() as connection:
            head_id = connection.execute(
                sa.select(AuditHead.last_id).where(AuditHead.id == 1)).scalar() or 0
            ids = sorted({p.last_id for p in points if p.last_id > 0})
            stored: dict[int, str] = {}
            for start in range(0, len(ids), 1000):
                for entry_id, digest in connection.execute(
                        sa.select(AuditEntry.id, AuditEntry.entry_hash)
                        .where(AuditEntry.id.in_(ids[start:start + 1000]))):
                    stored[int(entry_id)] = str(digest)
        for point in points:
            if point.last_id > head_id:
                problems.append(f"the chain head is at {head_id}, but the checkpoint of "
                                f"{point.at} saw entry {point.last_id}: entries were removed")
            elif point.last_id > 0 and stored.get(point.last_id) != point.last_hash:
                problems.append(f"entry {point.last_id} no longer has the hash the checkpoint of "
                                f"{point.at} recorded: the chain was rewritten up to there")
    return AuditReport(chain, len(points), problems, max(points, key=lambda p: p.last_id)
                       if points else None)
