"""The FG's figures for a period, optionally for one participant, as tables (``rules.Table``).

Each figure is one query (or two) that aggregates in the database where that is portable, and
counts in Python where the law decides (the timeliness of a decision, the dwangsom). What is
counted in which period:

- requests by right and channel: received in the period (``received_on``);
- outcomes, timeliness and grounds: decisions made known in the period (``verzenddatum``), and
  refusals under AVG 12(5) closed in it;
- extensions: extended in the period; suspensions: the invitation sent in it;
- tasks: sent to the participant in the period;
- bezwaren and dwangsommen: received in the period;
- data breaches: the moment of awareness in the period.

One participant (``organisation_id``): requests and what hangs off them on which it has a
coordination task, its own tasks, and breaches it was the source of or had a task on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.breaches.models import Breach, BreachNotification, BreachTask
from avg_service.breaches.rules import RISK_LABELS, RiskLevel
from avg_service.clock import AMSTERDAM
from avg_service.db import local_date
from avg_service.coordination.models import CoordinationTask
from avg_service.coordination.rules import TaskStatus
from avg_service.decisions.catalogue import GROUNDS, OUTCOME_LABELS, Outcome
from avg_service.decisions.models import Decision, DecisionPart, DecisionStatus, DefaultNotice, \
    Objection
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.reports.rules import (
    Cell,
    TIMELINESS_LABELS,
    Period,
    Table,
    Timeliness,
    classify_timeliness,
    counted_table,
)
from avg_service.requests.lifecycle import CHANNEL_LABELS, RIGHT_LABELS, Right, Status
from avg_service.requests.models import DataSubjectRequest, Invitation

Dsr = DataSubjectRequest


@dataclass(frozen=True, slots=True)
class Figures:
    period: Period
    organisation_id: int | None
    organisation_name: str | None
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def compute(period: Period, *, organisation_id: int | None = None,
            today: date | None = None) -> Figures:
    """Every figure for ``period`` (and one participant). ``today`` bounds the open requests
    that are overdue and the dwangsom still running (default: the period's last day)."""
    today = today or period.until_on
    name = None
    if organisation_id is not None:
        name = db.session.scalar(sa.select(Organisation.name)
                                 .where(Organisation.id == organisation_id))
    scope = _Scope(period, organisation_id)
    tables = (
        _by_right(scope), _by_channel(scope), _outcomes(scope), *_timeliness(scope, today),
        _extensions_and_suspensions(scope), _grounds(scope), _tasks(scope), _objections(scope),
        _penalties(scope, today), _breaches(scope))
    return Figures(period, organisation_id, name, tables)


# ------------------------------------------------------------------------------ scope
@dataclass(frozen=True, slots=True)
class _Scope:
    period: Period
    organisation_id: int | None

    @property
    def start_at(self) -> datetime:
        return _local_midnight(self.period.from_on)

    @property
    def end_at(self) -> datetime:  # exclusive
        return _local_midnight(self.period.until_on + timedelta(days=1))

    def requests(self, statement: sa.Select) -> sa.Select:  # type: ignore[type-arg]
        """Only requests the participant has a task on (a no-op without a participant)."""
        if self.organisation_id is None:
            return statement
        return statement.where(sa.exists().where(
            CoordinationTask.dsr_id == Dsr.id,
            CoordinationTask.organisation_id == self.organisation_id))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM).astimezone(UTC)


def _local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


# ------------------------------------------------------------------------------ requests
def _by_right(scope: _Scope) -> Table:
    counts: Counter[str] = Counter()
    statement = scope.requests(
        sa.select(Dsr.rights, sa.func.count()).where(
            Dsr.received_on >= scope.period.from_on, Dsr.received_on <= scope.period.until_on)
        .group_by(Dsr.rights))
    for rights, number in db.session.execute(statement):
        for value in rights.strip(",").split(","):
            if value:
                counts[value] += number
    return counted_table("by_right", "Verzoeken per recht", "Recht", counts,
                         order=[(r.value, RIGHT_LABELS[r]) for r in Right],
                         note="Ontvangen in de periode; een verzoek om meer rechten telt bij "
                              "elk recht.")


def _by_channel(scope: _Scope) -> Table:
    statement = scope.requests(
        sa.select(Dsr.channel, sa.func.count()).where(
            Dsr.received_on >= scope.period.from_on, Dsr.received_on <= scope.period.until_on)
        .group_by(Dsr.channel))
    counts = dict(db.session.execute(statement).all())
    return counted_table("by_channel", "Verzoeken per kanaal", "Kanaal", counts,
                         order=[(c.value, label) for c, label in CHANNEL_LABELS.items()],
                         note="Ontvangen in de periode.")


# ------------------------------------------------------------------------------ decisions
def _decided(scope: _Scope) -> sa.Select:  # type: ignore[type-arg]
    """Decisions made known in the period."""
    return scope.requests(
        sa.select(Decision.id).join(Dsr, Dsr.id == Decision.dsr_id).where(
            Decision.status == DecisionStatus.NOTIFIED.value,
            Decision.verzenddatum >= scope.period.from_on,
            Decision.verzenddatum <= scope.period.until_on))


def _outcomes(scope: _Scope) -> Table:
    statement = (sa.select(DecisionPart.right, DecisionPart.outcome, sa.func.count())
                 .where(DecisionPart.decision_id.in_(_decided(scope)))
                 .group_by(DecisionPart.right, DecisionPart.outcome))
    counts: dict[tuple[str, str], int] = {(r, o): n for r, o, n in db.session.execute(statement)}
    refused_12_5 = db.session.scalar(scope.requests(
        sa.select(sa.func.count()).select_from(Dsr).where(
            Dsr.status == Status.REFUSED_12_5.value, Dsr.closed_at >= scope.start_at,
            Dsr.closed_at < scope.end_at))) or 0
    rows: list[tuple[Cell, ...]] = []
    for right in Right:
        numbers = [counts.get((right.value, o.value), 0) for o in Outcome]
        if any(numbers):
            rows.append((RIGHT_LABELS[right], *numbers, sum(numbers)))
    if refused_12_5:
        rows.append(("Hele verzoek kennelijk ongegrond of buitensporig (art. 12 lid 5)",
                     0, 0, refused_12_5, 0, refused_12_5))
    return Table("outcomes", "Uitkomsten per recht",
                 ("Recht", *(OUTCOME_LABELS[o] for o in Outcome), "Totaal"), tuple(rows),
                 chart_column=len(Outcome) + 1,
                 note="Besluiten bekendgemaakt in de periode, per deel van het besluit.")


@lru_cache(maxsize=4096)
def _terms(received_on: date, suspended_days: int) -> tuple[date, date]:
    dates = law.response_deadlines(received_on, suspended_days=suspended_days)
    return dates.due_on, dates.extended_due_on


def _timeliness(scope: _Scope, today: date) -> tuple[Table, Table]:
    counts: Counter[Timeliness] = Counter()
    late_days: list[int] = []
    # The common case counted in the database: not extended and made known by the stored due
    # date, which without an extension is the one-month date with the suspension included
    # (``DataSubjectRequest.refresh_deadlines``). The rest (late, or extended) is classified
    # here, against the dates of the deadline engine.
    plain_on_time = sa.and_(Dsr.extended_at.is_(None), Decision.verzenddatum <= Dsr.due_on)
    counts[Timeliness.WITHIN_TERM] = db.session.scalar(
        _scope_decided(scope, sa.func.count()).where(plain_on_time)) or 0
    statement = _scope_decided(scope, Dsr.received_on, Dsr.suspended_days, Dsr.extended_at,
                               Decision.verzenddatum).where(sa.not_(plain_on_time))
    for received_on, suspended_days, extended_at, decided_on in db.session.execute(statement):
        due_on, extended_due_on = _terms(received_on, suspended_days)
        result = classify_timeliness(decided_on, due_on=due_on,
                                     extended_due_on=extended_due_on if extended_at else None)
        counts[result.kind] += 1
        if result.kind is Timeliness.LATE:
            late_days.append(result.days_late)
    for received_on, suspended_days, extended_at, closed_at in db.session.execute(
            _scope_refusals(scope)):
        due_on, _extended = _terms(received_on, suspended_days)
        # AVG 12(4): the refusal to act comes within one month; no extension applies.
        result = classify_timeliness(_local_date(closed_at), due_on=due_on, extended_due_on=None)
        counts[result.kind] += 1
        if result.kind is Timeliness.LATE:
            late_days.append(result.days_late)
    overdue_open = db.session.scalar(scope.requests(
        sa.select(sa.func.count()).select_from(Dsr).where(
            Dsr.is_open, Dsr.due_on < today, Dsr.received_on <= scope.period.until_on))) or 0
    rows = [(TIMELINESS_LABELS[kind], counts.get(kind, 0)) for kind in Timeliness]
    rows.append(("Nog open, termijn verstreken", overdue_open))
    table = Table("timeliness", "Tijdigheid van besluiten", ("Uitkomst", "Aantal"), tuple(rows),
                  note="Besluiten bekendgemaakt in de periode, gemeten aan de termijn van "
                       "artikel 12 lid 3 AVG (met opschorting); nog open: op "
                       f"{today:%d-%m-%Y}.")
    average = round(sum(late_days) / len(late_days)) if late_days else 0
    days = Table("days_late", "Dagen te laat", ("Maat", "Dagen"),
                 (("Totaal", sum(late_days)), ("Gemiddeld", average),
                  ("Langst", max(late_days, default=0))), chart_column=None,
                 note="Over de te late besluiten: kalenderdagen na de termijn die gold.")
    return table, days


def _scope_decided(scope: _Scope, *columns: Any
                   ) -> sa.Select:  # type: ignore[type-arg]
    return scope.requests(
        sa.select(*columns).select_from(Dsr)
        .join(Decision, Decision.dsr_id == Dsr.id).where(
            Decision.status == DecisionStatus.NOTIFIED.value,
            Decision.verzenddatum >= scope.period.from_on,
            Decision.verzenddatum <= scope.period.until_on))


def _scope_refusals(scope: _Scope) -> sa.Select:  # type: ignore[type-arg]
    return scope.requests(
        sa.select(Dsr.received_on, Dsr.suspended_days, Dsr.extended_at, Dsr.closed_at).where(
            Dsr.status == Status.REFUSED_12_5.value, Dsr.closed_at >= scope.start_at,
            Dsr.closed_at < scope.end_at))


def _extensions_and_suspensions(scope: _Scope) -> Table:
    extended = list(db.session.execute(scope.requests(
        sa.select(Dsr.received_on, Dsr.suspended_days).where(
            Dsr.extended_at >= scope.start_at, Dsr.extended_at < scope.end_at))))
    added = [(_terms(r, s)[1] - _terms(r, s)[0]).days for r, s in extended]
    invitations = list(db.session.scalars(scope.requests(
        sa.select(Invitation).join(Dsr, Dsr.id == Invitation.dsr_id).where(
            Invitation.sent_on >= scope.period.from_on,
            Invitation.sent_on <= scope.period.until_on))))
    lengths = [i.suspension_days() for i in invitations]
    rows = (
        ("Verlengd (art. 12 lid 3 AVG)", len(added)),
        ("Verlenging gemiddeld (dagen)", round(sum(added) / len(added)) if added else 0),
        ("Opgeschort (Awb 4:15)", len(lengths)),
        ("Opschorting gemiddeld (dagen)", round(sum(lengths) / len(lengths)) if lengths else 0),
        ("Opschorting langst (dagen)", max(lengths, default=0)),
    )
    return Table("extensions", "Verlengingen en opschortingen", ("Maat", "Aantal"), rows,
                 chart_column=None,
                 note="Verlengd in de periode (de dagen die de verlenging toevoegt); "
                      "opschortingen door een uitnodiging tot aanvulling verstuurd in de "
                      "periode (een open termijn telt tot zijn einde).")


def _grounds(scope: _Scope) -> Table:
    counts: Counter[str] = Counter()
    statement = (sa.select(DecisionPart.grounds, sa.func.count())
                 .where(DecisionPart.decision_id.in_(_decided(scope)))
                 .group_by(DecisionPart.grounds))
    for grounds, number in db.session.execute(statement):
        for code in grounds.strip(",").split(","):
            if code:
                counts[code] += number
    return counted_table("grounds", "Gebruikte gronden", "Grond", counts,
                         order=[(g.code, f"{g.source}: {g.label}") for g in GROUNDS],
                         keep_zero=False,
                         note="Per deel van een besluit bekendgemaakt in de periode.")


# ------------------------------------------------------------------------------ tasks
def _tasks(scope: _Scope) -> Table:
    task = CoordinationTask
    in_scope = [task.sent_on >= scope.period.from_on, task.sent_on <= scope.period.until_on]
    if scope.organisation_id is not None:
        in_scope.append(task.organisation_id == scope.organisation_id)
    # On time: answered by the end of the internal due date in Amsterdam, i.e. on a local date
    # no later than it (``db.local_date``: per row in the database, one plain comparison).
    submitted = task.status == TaskStatus.SUBMITTED.value
    answered_on = local_date(task.submitted_at)

    def number(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    statement = (sa.select(
        Organisation.name, sa.func.count(),
        number(sa.and_(submitted, answered_on <= task.internal_due_on)),
        number(sa.and_(submitted, answered_on > task.internal_due_on)),
        number(task.status == TaskStatus.DECLINED.value),
        number(task.status.in_([TaskStatus.OPEN.value, TaskStatus.QUESTION.value])))
        .join(Organisation, Organisation.id == task.organisation_id)
        .where(*in_scope).group_by(Organisation.name).order_by(Organisation.name))
    rows: tuple[tuple[Cell, ...], ...] = tuple(tuple(row) for row in db.session.execute(statement))
    return Table("tasks", "Taken per deelnemer",
                 ("Deelnemer", "Taken", "Op tijd beantwoord", "Te laat beantwoord",
                  "Geweigerd", "Nog open"), rows, chart_column=2,
                 note="Taken verstuurd in de periode; op tijd: beantwoord uiterlijk op de "
                      "interne termijn van de taak. Vervallen taken tellen alleen bij het "
                      "totaal.")


# ------------------------------------------------------------------------------ bezwaar
def _objections(scope: _Scope) -> Table:
    statement = scope.requests(
        sa.select(Objection.on_time, Objection.committee, sa.func.count())
        .join(Decision, Decision.id == Objection.decision_id)
        .join(Dsr, Dsr.id == Decision.dsr_id)
        .where(Objection.received_on >= scope.period.from_on,
               Objection.received_on <= scope.period.until_on)
        .group_by(Objection.on_time, Objection.committee))
    rows = list(db.session.execute(statement))
    total = sum(n for _t, _c, n in rows)
    return Table("objections", "Bezwaren", ("Maat", "Aantal"), (
        ("Bezwaren ontvangen", total),
        ("Op tijd (Awb 6:9)", sum(n for t, _c, n in rows if t)),
        ("Te laat", sum(n for t, _c, n in rows if not t)),
        ("Met adviescommissie (Awb 7:13)", sum(n for _t, c, n in rows if c)),
    ), note="Ontvangen in de periode. De uitkomst van een beslissing op bezwaar wordt nog niet "
            "in deze dienst vastgelegd.")


def _penalties(scope: _Scope, today: date) -> Table:
    statement = scope.requests(
        sa.select(DefaultNotice.first_penalty_day, DefaultNotice.last_penalty_day,
                  Decision.verzenddatum)
        .join(Dsr, Dsr.id == DefaultNotice.dsr_id)
        .outerjoin(Decision, Decision.dsr_id == Dsr.id)
        .where(DefaultNotice.received_on >= scope.period.from_on,
               DefaultNotice.received_on <= scope.period.until_on))
    notices = 0
    with_penalty = 0
    days_total = 0
    amount = 0
    for first_day, last_day, decided_on in db.session.execute(statement):
        notices += 1
        # Awb 4:17(1): per day from the first penalty day until the day before the decision is
        # made known (or ``today``), at most 42 days.
        last_counted = today if decided_on is None else decided_on - timedelta(days=1)
        days = max(0, (min(last_counted, last_day) - first_day).days + 1)
        if days:
            with_penalty += 1
        days_total += days
        amount += int(law.penalty_amount(days))
    return Table("penalties", "Dwangsommen (Awb 4:17)", ("Maat", "Aantal"), (
        ("Ingebrekestellingen ontvangen", notices),
        ("Met verbeurde dwangsom", with_penalty),
        ("Dagen dwangsom", days_total),
        ("Bedrag verschuldigd (euro)", amount),
    ), chart_column=None,
        note="Ingebrekestellingen ontvangen in de periode; het bedrag is berekend volgens "
             "artikel 4:17 Awb tot de bekendmaking van het besluit (of de laatste dag van de "
             "periode).")


# ------------------------------------------------------------------------------ breaches
def _breaches(scope: _Scope) -> Table:
    statement = sa.select(Breach.id, Breach.risk, Breach.status, Breach.aware_at,
                          Breach.communication_decision).where(
        Breach.aware_at >= scope.start_at, Breach.aware_at < scope.end_at)
    if scope.organisation_id is not None:
        statement = statement.where(sa.or_(
            Breach.source_organisation_id == scope.organisation_id,
            sa.exists().where(BreachTask.breach_id == Breach.id,
                              BreachTask.organisation_id == scope.organisation_id)))
    rows = list(db.session.execute(statement))
    ids = [row.id for row in rows]
    first_notified: dict[int, datetime] = {}
    if ids:
        first_notified = dict(db.session.execute(
            sa.select(BreachNotification.breach_id, sa.func.min(BreachNotification.notified_at))
            .where(BreachNotification.breach_id.in_(ids))
            .group_by(BreachNotification.breach_id)).all())
    risk = Counter(row.risk for row in rows)
    late = 0
    for row in rows:
        notified_at = first_notified.get(row.id)
        if notified_at is not None and notified_at.astimezone(UTC) > \
                row.aware_at.astimezone(UTC) + timedelta(hours=72):
            late += 1
    return Table("breaches", "Datalekken en hun afhandeling", ("Maat", "Aantal"), (
        ("Datalekken", len(rows)),
        ("Nog niet beoordeeld", risk.get(None, 0)),
        *((f"Risico: {RISK_LABELS[level].lower()}", risk.get(level.value, 0))
          for level in RiskLevel),
        ("Gemeld bij de AP", len(first_notified)),
        ("Gemeld na 72 uur (art. 33 lid 1 AVG)", late),
        ("Betrokkenen geïnformeerd (art. 34 AVG)",
         sum(1 for row in rows if row.communication_decision == "inform")),
        ("Afgesloten", sum(1 for row in rows if row.status == "closed")),
    ), note="Ontdekt in de periode.")
