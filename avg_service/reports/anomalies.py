"""The audit-log anomalies for a period (``rules.find_anomalies`` over the log's entries).

Reads only the columns the rules need, for the views of requests and every refusal in the
period; "closed" means closed now, when the FG looks (a view after the closing is what stands
out; the log does not say the status at the time of the view).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from avg_service.audit.models import AuditEntry
from avg_service.clock import AMSTERDAM
from avg_service.deadlines.calendar import holidays_in
from avg_service.extensions import db
from avg_service.config import current_settings
from avg_service.reports.rules import AnomalyThresholds, Anomaly, LogView, Period, find_anomalies
from avg_service.requests.models import DataSubjectRequest

#: The audit actions that are a look at one request's personal data.
REQUEST_VIEWS = frozenset({"dsr.view", "dsr.coordination_view", "dsr.decision_view",
                           "dsr.confirmation_view", "dsr.default_notice_view"})


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.from_on, time(0), tzinfo=AMSTERDAM).astimezone(UTC)
    end = datetime.combine(period.until_on + timedelta(days=1), time(0),
                           tzinfo=AMSTERDAM).astimezone(UTC)
    return start, end


def _entries(period: Period) -> Iterator[LogView]:
    start, end = _bounds(period)
    entry = AuditEntry
    statement = (sa.select(entry.id, entry.user_id, entry.role, entry.action, entry.object_type,
                           entry.object_id, entry.outcome, entry.occurred_at)
                 .where(entry.occurred_at >= start, entry.occurred_at < end,
                        sa.or_(entry.action.in_(REQUEST_VIEWS), entry.outcome == "refused"))
                 .order_by(entry.id).execution_options(yield_per=5000))
    for row in db.session.execute(statement):
        yield LogView(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                      row[7].astimezone(AMSTERDAM).replace(tzinfo=None))


def _holidays(period: Period) -> frozenset[date]:
    days: set[date] = set()
    for year in range(period.from_on.year, period.until_on.year + 1):
        try:
            days.update(h.day for h in holidays_in(year))
        except ValueError:  # a year the holiday table does not cover: weekends only
            continue
    return frozenset(days)


def thresholds() -> AnomalyThresholds:
    """The settings' office hours and heavy-viewer thresholds (``AVG_OFFICE_HOURS``,
    ``AVG_ANOMALY_FACTOR``, ``AVG_ANOMALY_MINIMUM``)."""
    settings = current_settings()
    start, end = settings.office_hours
    return AnomalyThresholds(office_start=start, office_end=end, factor=settings.anomaly_factor,
                             minimum=settings.anomaly_minimum)


def anomalies(period: Period) -> list[Anomaly]:
    closed = frozenset(str(i) for i in db.session.scalars(
        sa.select(DataSubjectRequest.id).where(sa.not_(DataSubjectRequest.is_open))))
    return find_anomalies(_entries(period), closed_request_ids=closed,
                          view_actions=REQUEST_VIEWS, holidays=_holidays(period),
                          thresholds=thresholds())


def entries_by_id(ids: list[int]) -> list[AuditEntry]:
    """The entries behind one anomaly, at most the first 200 (the rest through the log)."""
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id.in_(ids[:200]))
                                   .order_by(AuditEntry.id)))
