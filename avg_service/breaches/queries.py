"""Reading breaches: the work list, the register of every breach (AVG art. 33(5)) with its CSV,
and the counts on the werkplek. ``visible`` is the policy's compartment
(``visible_organisation_ids``): None for staff and the FG, else a participant's organisations,
which see a breach they reported, are tasked on or notify. A filter only narrows it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from avg_service.breaches import catalogue, rules
from avg_service.breaches.models import Breach, BreachNotification, BreachTask
from avg_service.breaches.notices import needs_notification
from avg_service.breaches.rules import BreachStatus, BreachTaskStatus
from avg_service.extensions import db
from avg_service.formatting import local_datetime

PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class BreachFilter:
    status: str | None = None
    risk: str | None = None  # a RiskLevel value, or "unassessed"
    notified: str | None = None  # "yes" | "no"
    organisation_id: int | None = None  # reported by, source, tasked or notifying
    q: str | None = None
    from_on: date | None = None  # awareness, Amsterdam calendar dates, inclusive
    until_on: date | None = None

    def statement(self, visible: frozenset[int] | None) -> sa.Select[Breach]:
        query = sa.select(Breach)
        if visible is not None:
            query = query.where(_concerns(visible))
        if self.status:
            query = query.where(Breach.status == self.status)
        if self.risk == "unassessed":
            query = query.where(Breach.risk.is_(None))
        elif self.risk:
            query = query.where(Breach.risk == self.risk)
        notified = sa.exists().where(BreachNotification.breach_id == Breach.id)
        if self.notified == "yes":
            query = query.where(notified)
        elif self.notified == "no":
            query = query.where(~notified)
        if self.organisation_id:
            query = query.where(sa.or_(
                _concerns(frozenset({self.organisation_id})),
                Breach.source_organisation_id == self.organisation_id))
        if self.q:
            term = "%" + self.q.strip().replace("%", "").replace("_", "") + "%"
            query = query.where(sa.or_(Breach.reference.ilike(term), Breach.title.ilike(term)))
        if self.from_on is not None:
            query = query.where(Breach.aware_at >= _local_midnight(self.from_on))
        if self.until_on is not None:
            query = query.where(Breach.aware_at < _local_midnight(self.until_on
                                                                  + timedelta(days=1)))
        return query


def _concerns(organisations: frozenset[int]) -> sa.ColumnElement[bool]:
    tasked = sa.exists().where(BreachTask.breach_id == Breach.id,
                               BreachTask.organisation_id.in_(organisations))
    return sa.or_(Breach.reported_by_organisation_id.in_(organisations),
                  Breach.notifier_organisation_id.in_(organisations), tasked)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=rules.AMSTERDAM).astimezone(UTC)


def page(criteria: BreachFilter, *, visible: frozenset[int] | None, page_number: int,
         per_page: int = PAGE_SIZE, newest_first: bool = False) -> tuple[list[Breach], bool]:
    """Open breaches first, the nearest end of the 72 hours first; then the closed ones. The
    register (``newest_first``): the most recently discovered first."""
    is_closed = sa.case((Breach.status == BreachStatus.CLOSED.value, 1), else_=0)
    order = (Breach.aware_at.desc(), Breach.id.desc()) if newest_first else \
        (is_closed, Breach.aware_at, Breach.id)
    rows = list(db.session.scalars(
        criteria.statement(visible).order_by(*order)
        .offset((page_number - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page


def open_tasks(visible: frozenset[int] | None) -> list[BreachTask]:
    """Open breach tasks (a participant's own, or with ``None`` all), the earliest due first."""
    query = sa.select(BreachTask).where(BreachTask.status == BreachTaskStatus.OPEN.value)
    if visible is not None:
        query = query.where(BreachTask.organisation_id.in_(visible))
    return list(db.session.scalars(query.order_by(BreachTask.due_at, BreachTask.id)))


# ------------------------------------------------------------------------------ werkplek
@dataclass(frozen=True, slots=True)
class Summary:
    open_breaches: int
    awaiting_notification: int
    nearest_deadline: rules.ClockReading | None
    open_tasks: int


def summary(visible: frozenset[int] | None, now: datetime) -> Summary:
    """The counts on the werkplek: open breaches, how many still wait for the AP and how much
    time the nearest has left, and (for a participant) its open tasks."""
    open_query = BreachFilter().statement(visible).where(
        Breach.status != BreachStatus.CLOSED.value)
    breaches = list(db.session.scalars(open_query.order_by(Breach.aware_at)))
    waiting = [b for b in breaches if needs_notification(b)]
    nearest = rules.read_clock(waiting[0].aware_at, now) if waiting else None
    tasks = len(open_tasks(visible)) if visible is not None else 0
    return Summary(len(breaches), len(waiting), nearest, tasks)


# ------------------------------------------------------------------------------ the register
REGISTER_COLUMNS = (
    "kenmerk", "status", "omschrijving", "wat er gebeurde", "gebeurd op", "ontdekt op",
    "gemeld in de dienst op", "gemeld door", "waar het gebeurde", "soort datalek",
    "soorten gegevens", "betrokkenen (ongeveer)", "gekoppelde verzoeken", "gegevensregisters",
    "risico", "redenen", "voorbeeld EDPB", "gevolgen", "maatregelen", "meldt namens allen",
    "gemeld bij AP", "eerste melding op", "meldnummer", "binnen 72 uur", "redenen vertraging",
    "meldingen (fasen)", "melding volledig", "betrokkenen informeren", "reden", "berichten",
    "afgesloten op", "afhandeling",
)


def register_row(breach: Breach) -> list[object]:
    """One breach as the register shows it: its facts, effects and measures (art. 33(5))."""
    first = breach.notifications[0] if breach.notifications else None
    last = breach.notifications[-1] if breach.notifications else None
    risk = breach.risk_level
    decision = breach.decision
    return [
        breach.reference, rules.STATUS_LABELS[breach.status_enum], breach.title,
        breach.description, local_datetime(breach.occurred_at), local_datetime(breach.aware_at),
        local_datetime(breach.reported_at), _name(breach.reported_by_organisation),
        _name(breach.source_organisation),
        "; ".join(catalogue.BREACH_TYPES[t].split(":")[0] for t in breach.breach_type_list
                  if t in catalogue.BREACH_TYPES),
        "; ".join(catalogue.DATA_KINDS.get(k, k) for k in breach.data_kind_list),
        breach.persons_count if breach.persons_count is not None else "",
        len(breach.persons), breach.records_count if breach.records_count is not None else "",
        rules.RISK_LABELS[risk] if risk else "nog niet beoordeeld", breach.risk_reasons or "",
        breach.risk_example or "", breach.consequences or "", breach.measures or "",
        _name(breach.notifier_organisation),
        "ja" if first else "nee", local_datetime(first.notified_at) if first else "",
        first.meldnummer if first else "",
        ("nee" if rules.is_late(breach.aware_at, first.notified_at) else "ja") if first else "",
        (first.delay_reasons or "") if first else "", len(breach.notifications),
        ("ja" if last.is_complete else "nee") if last else "",
        catalogue.COMMUNICATION_DECISIONS[decision] if decision else "",
        breach.communication_reason or "", len(breach.communications),
        local_datetime(breach.closed_at), breach.closing_note or "",
    ]


def _name(organisation: object) -> str:
    return str(getattr(organisation, "name", "") or "")


def register_csv(criteria: BreachFilter) -> Iterator[str]:
    """Every breach the filter selects (the FG: all of them), oldest first, as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REGISTER_COLUMNS)
    statement = criteria.statement(None).order_by(Breach.aware_at, Breach.id)
    for breach in db.session.scalars(statement):
        writer.writerow([_cell(value) for value in register_row(breach)])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell(value: object) -> object:
    # A value a spreadsheet would run as a formula gets a leading quote (as audit/queries does).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
