"""Reading the audit log: filters for the FG (the access review is accounts.access_review)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from avg_service.audit.models import AuditEntry
from avg_service.clock import AMSTERDAM
from avg_service.db import table
from avg_service.extensions import db

AUDIT_CSV_COLUMNS = ("id", "occurred_at", "user_id", "organisation_id", "role", "action",
                     "object_type", "object_id", "outcome", "purpose", "ip", "user_agent",
                     "request_id", "entry_hash")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    user_id: int | None = None
    organisation_id: int | None = None
    object_type: str | None = None
    object_id: str | None = None
    action: str | None = None
    from_on: date | None = None  # Europe/Amsterdam calendar dates, inclusive
    until_on: date | None = None
    #: a request's reference ("AVG-2026-000006"): the request and its letters, documents,
    #: tasks and besluit
    reference: str | None = None
    outcome: str | None = None

    def statement(self) -> sa.Select[AuditEntry]:
        query = sa.select(AuditEntry)
        if self.reference:
            query = query.where(_about_request(self.reference))
        if self.outcome:
            query = query.where(AuditEntry.outcome == self.outcome)
        if self.user_id is not None:
            query = query.where(AuditEntry.user_id == self.user_id)
        if self.organisation_id is not None:
            query = query.where(AuditEntry.organisation_id == self.organisation_id)
        if self.object_type:
            query = query.where(AuditEntry.object_type == self.object_type)
        if self.object_id:
            query = query.where(AuditEntry.object_id == self.object_id)
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.from_on is not None:
            query = query.where(AuditEntry.occurred_at >= _local_midnight(self.from_on))
        if self.until_on is not None:
            query = query.where(AuditEntry.occurred_at < _local_midnight(self.until_on + timedelta(days=1)))
        return query


#: What belongs to a request, by the table name the log names objects with (``object_type``);
#: each has a ``dsr_id``. Tables, not models: the audit log sits below the features.
REQUEST_PARTS = ("letter", "dsr_document", "coordination_task", "decision")


def _about_request(reference: str) -> sa.ColumnElement[bool]:
    """Entries about the request with this reference, or about what belongs to it."""
    dsr = table("dsr")
    dsr_id = sa.select(dsr.c.id).where(
        sa.func.upper(dsr.c.reference) == reference.strip().upper()).scalar_subquery()

    def as_text(column: sa.ColumnElement[int] | sa.ScalarSelect[int]) -> sa.Cast[str]:
        return sa.cast(column, sa.String)  # object_id is text

    return sa.or_(
        sa.and_(AuditEntry.object_type == "dsr", AuditEntry.object_id == as_text(dsr_id)),
        *(sa.and_(AuditEntry.object_type == kind, AuditEntry.object_id.in_(
            sa.select(as_text(table(kind).c.id)).where(table(kind).c.dsr_id == dsr_id)))
          for kind in REQUEST_PARTS))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM).astimezone(UTC)


def page(criteria: AuditFilter, *, page_number: int, per_page: int = 50) -> tuple[list[AuditEntry], bool]:
    rows = list(db.session.scalars(
        criteria.statement().order_by(AuditEntry.id.desc())
        .offset((page_number - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page


def csv_lines(criteria: AuditFilter) -> Iterator[str]:
    """The filtered log as CSV, streamed in id order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_CSV_COLUMNS)
    statement = criteria.statement().order_by(AuditEntry.id).execution_options(yield_per=5000)
    for entry in db.session.scalars(statement):
        writer.writerow([csv_value(getattr(entry, column)) for column in AUDIT_CSV_COLUMNS])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_value(value: object) -> object:
    """A value as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # no formula injection when opened in a spreadsheet
    return value
