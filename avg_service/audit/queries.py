"""Reading the audit log: filters for the FG and the access review (BIO)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from avg_service.accounts.models import User
from avg_service.audit.models import AuditEntry
from avg_service.clock import AMSTERDAM
from avg_service.extensions import db
from avg_service.organisations.models import Organisation

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

    def statement(self) -> sa.Select[tuple[AuditEntry]]:
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


def _about_request(reference: str) -> sa.ColumnElement[bool]:
    """Entries about the request with this reference, or about what belongs to it."""
    from avg_service.coordination.models import CoordinationTask
    from avg_service.decisions.models import Decision
    from avg_service.letters.models import Letter
    from avg_service.requests.models import DataSubjectRequest, DsrDocument

    dsr_id = sa.select(DataSubjectRequest.id).where(
        sa.func.upper(DataSubjectRequest.reference) == reference.strip().upper()).scalar_subquery()
    as_text = lambda column: sa.cast(column, sa.String)  # noqa: E731  (object_id is text)
    children = {"letter": Letter, "dsr_document": DsrDocument,
                "coordination_task": CoordinationTask, "decision": Decision}
    return sa.or_(
        sa.and_(AuditEntry.object_type == "dsr", AuditEntry.object_id == as_text(dsr_id)),
        *(sa.and_(AuditEntry.object_type == kind, AuditEntry.object_id.in_(
            sa.select(as_text(model.id)).where(model.dsr_id == dsr_id)))
          for kind, model in children.items()))


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
        writer.writerow([_csv_value(getattr(entry, column)) for column in AUDIT_CSV_COLUMNS])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # no formula injection when opened in a spreadsheet
    return value


ACCESS_REVIEW_COLUMNS = ("user_id", "display_name", "email", "role", "organisation",
                         "is_joint_controller", "is_active", "second_factor", "last_login_at",
                         "created_at")


def access_review_rows() -> Iterable[list[object]]:
    """Users × roles × organisations, for the periodic review of authorisations (BIO 9.2.5)."""
    query = (sa.select(User, Organisation).outerjoin(Organisation, User.organisation_id == Organisation.id)
             .order_by(User.role, User.display_name))
    for user, organisation in db.session.execute(query):
        yield [user.id, user.display_name, user.email, user.role,
               organisation.name if organisation else "",
               "ja" if organisation is not None and organisation.is_joint_controller else "nee",
               "ja" if user.is_active else "nee", "ja" if user.has_second_factor else "nee",
               user.last_login_at.isoformat() if user.last_login_at else "",
               user.created_at.isoformat()]


def access_review_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACCESS_REVIEW_COLUMNS)
    for row in access_review_rows():
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()
