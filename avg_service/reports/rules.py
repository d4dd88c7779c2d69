"""The pure rules behind the FG's figures: timeliness of a decision, the tables the figures are
made of, the audit-log anomalies and the geometry of a bar chart (no Flask, no database, no
clock).

AVG art. 5(2) (accountability) and WGS art. 1.10 (the periodic privacy audit) ask the
controllers to show how they handle requests; AVG art. 12(3) sets the term the timeliness is
measured against: one month, extended once by two months with notice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum


# ------------------------------------------------------------------------------ periods
@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period of calendar dates (Europe/Amsterdam), both ends inclusive."""

    from_on: date
    until_on: date

    def __post_init__(self) -> None:
        if self.until_on < self.from_on:
            raise ValueError("the period ends before it starts")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.from_on <= day <= self.until_on

    @property
    def label(self) -> str:
        if (self.from_on.month, self.from_on.day, self.until_on.month, self.until_on.day) \
                == (1, 1, 12, 31) and self.from_on.year == self.until_on.year:
            return str(self.from_on.year)
        return f"{self.from_on:%d-%m-%Y} t/m {self.until_on:%d-%m-%Y}"


# ------------------------------------------------------------------------------ timeliness
class Timeliness(StrEnum):
    WITHIN_TERM = "within_term"  # by the one-month date (AVG 12(3), first sentence)
    WITHIN_EXTENDED = "within_extended"  # after it, by the extended date (12(3), second sentence)
    LATE = "late"  # after the date that applied


TIMELINESS_LABELS: dict[Timeliness, str] = {
    Timeliness.WITHIN_TERM: "Binnen de termijn",
    Timeliness.WITHIN_EXTENDED: "Binnen de verlengde termijn",
    Timeliness.LATE: "Te laat",
}


@dataclass(frozen=True, slots=True)
class TimelinessResult:
    kind: Timeliness
    days_late: int = 0


def classify_timeliness(decided_on: date, *, due_on: date,
                        extended_due_on: date | None) -> TimelinessResult:
    """AVG art. 12(3): decided by ``due_on`` (the one-month date, suspension included, rolled
    per the Algemene termijnenwet) is on time; with a valid extension (``extended_due_on``)
    a decision after ``due_on`` but by the extended date is within the extended term; anything
    later is late by the calendar days after the date that applied."""
    if decided_on <= due_on:
        return TimelinessResult(Timeliness.WITHIN_TERM)
    if extended_due_on is not None and decided_on <= extended_due_on:
        return TimelinessResult(Timeliness.WITHIN_EXTENDED)
    applied = extended_due_on if extended_due_on is not None else due_on
    return TimelinessResult(Timeliness.LATE, (decided_on - applied).days)


# ------------------------------------------------------------------------------ tables
Cell = str | int


@dataclass(frozen=True, slots=True)
class Table:
    """One figure: a titled table whose first column labels the rows. ``chart_column`` names
    the numeric column the bar chart draws (None: no chart for this table)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart_column: int | None = 1
    note: str | None = None

    def value(self, row_label: str, column: str) -> Cell:
        """The cell in the row labelled ``row_label`` under ``column`` (tests and the report)."""
        index = self.columns.index(column)
        for row in self.rows:
            if row[0] == row_label:
                return row[index]
        raise KeyError(row_label)

    @property
    def total(self) -> int:
        if self.chart_column is None:
            return 0
        return sum(int(row[self.chart_column]) for row in self.rows)


def counted_table(key: str, title: str, label: str, counts: Counter[str] | dict[str, int],
                  *, order: Sequence[tuple[str, str]], note: str | None = None,
                  keep_zero: bool = True) -> Table:
    """A two-column table ``label | Aantal`` in the given order of (value, row label); values
    not in ``order`` come last under their own name."""
    rows: list[tuple[Cell, ...]] = []
    known = set()
    for value, row_label in order:
        known.add(value)
        count = counts.get(value, 0)
        if count or keep_zero:
            rows.append((row_label, count))
    for value in sorted(set(counts) - known):
        rows.append((value, counts[value]))
    return Table(key, title, (label, "Aantal"), tuple(rows), note=note)


# ------------------------------------------------------------------------------ anomalies
@dataclass(frozen=True, slots=True)
class AnomalyThresholds:
    """What counts as worth a look; the settings ``AVG_OFFICE_HOURS``, ``AVG_ANOMALY_FACTOR``
    and ``AVG_ANOMALY_MINIMUM`` (the law sets none: safe defaults, said in the README).

    Office hours are Europe/Amsterdam, Monday to Friday, not on public holidays."""

    office_start: time = time(7, 0)
    office_end: time = time(19, 0)
    #: a heavy viewer viewed this many times the median of the peers with the same role ...
    factor: float = 3.0
    #: ... and at least this many distinct requests
    minimum: int = 20

    def __post_init__(self) -> None:
        if not self.office_start < self.office_end:
            raise ValueError("office hours end before they start")
        if self.factor < 1 or self.minimum < 1:
            raise ValueError("the factor and the minimum are at least 1")

    @property
    def factor_nl(self) -> str:
        """``"3"``, ``"2,5"``"""
        return _number(round(self.factor, 1))

    @property
    def office_hours_nl(self) -> str:
        """``"ma-vr 07:00-19:00"``"""
        return f"ma-vr {self.office_start:%H:%M}-{self.office_end:%H:%M}"


DEFAULT_THRESHOLDS = AnomalyThresholds()


class AnomalyKind(StrEnum):
    HEAVY_VIEWER = "heavy_viewer"
    OUTSIDE_HOURS = "outside_hours"
    CLOSED_REQUEST = "closed_request"
    REFUSED = "refused"


ANOMALY_LABELS: dict[AnomalyKind, str] = {
    AnomalyKind.HEAVY_VIEWER: "Bekijkt veel meer verzoeken dan collega's",
    AnomalyKind.OUTSIDE_HOURS: "Bekeken buiten kantooruren",
    AnomalyKind.CLOSED_REQUEST: "Afgesloten verzoek bekeken",
    AnomalyKind.REFUSED: "Geweigerde toegang",
}


@dataclass(frozen=True, slots=True)
class LogView:
    """What the anomaly rules need of one audit entry; ``local_at`` is Europe/Amsterdam."""

    entry_id: int
    user_id: int | None
    role: str | None
    action: str
    object_type: str | None
    object_id: str | None
    outcome: str
    local_at: datetime


@dataclass(frozen=True, slots=True)
class Anomaly:
    kind: AnomalyKind
    user_id: int | None
    summary: str
    entry_ids: tuple[int, ...] = field(default=())


def is_office_hours(moment: datetime, *, holidays: frozenset[date] = frozenset(),
                    thresholds: AnomalyThresholds = DEFAULT_THRESHOLDS) -> bool:
    """Monday to Friday within the office hours (local time), not on a public holiday."""
    if moment.weekday() >= 5 or moment.date() in holidays:
        return False
    return thresholds.office_start <= moment.time() < thresholds.office_end


def find_anomalies(entries: Iterable[LogView], *, closed_request_ids: frozenset[str],
                   view_actions: frozenset[str], holidays: frozenset[date] = frozenset(),
                   thresholds: AnomalyThresholds = DEFAULT_THRESHOLDS) -> list[Anomaly]:
    """The entries an FG should look at (AVG art. 39(1)(b): monitoring compliance; WGS art.
    1.8(4): the log exists to be checked):

    - a user who viewed ``thresholds.factor`` times as many distinct requests as the median of
      the users of the same role, and at least ``thresholds.minimum``;
    - views of requests outside office hours (and on holidays);
    - views of requests that were closed at the time of the report (``closed_request_ids``);
    - refused accesses (outcome ``refused``), per user.

    Each anomaly names the entries behind it, so the FG can open them in the log.
    """
    viewed: dict[int, set[str]] = {}
    view_entries: dict[int, list[int]] = {}
    role_of: dict[int, str | None] = {}
    outside: dict[int | None, list[int]] = {}
    closed: dict[int | None, list[int]] = {}
    refused: dict[int | None, list[int]] = {}
    for entry in entries:
        if entry.outcome == "refused":
            refused.setdefault(entry.user_id, []).append(entry.entry_id)
            continue
        is_view = entry.action in view_actions and entry.object_type == "dsr" \
            and entry.object_id is not None
        if not is_view:
            continue
        assert entry.object_id is not None
        if entry.user_id is not None:
            viewed.setdefault(entry.user_id, set()).add(entry.object_id)
            view_entries.setdefault(entry.user_id, []).append(entry.entry_id)
            role_of[entry.user_id] = entry.role
        if not is_office_hours(entry.local_at, holidays=holidays, thresholds=thresholds):
            outside.setdefault(entry.user_id, []).append(entry.entry_id)
        if entry.object_id in closed_request_ids:
            closed.setdefault(entry.user_id, []).append(entry.entry_id)

    found: list[Anomaly] = []
    by_role: dict[str | None, list[int]] = {}
    for user_id, objects in viewed.items():
        by_role.setdefault(role_of[user_id], []).append(len(objects))
    for user_id, objects in sorted(viewed.items()):
        peers = by_role[role_of[user_id]]
        if len(peers) < 2:
            continue  # no peers to compare with
        median = _median(peers)
        if len(objects) >= thresholds.minimum and len(objects) >= thresholds.factor * median:
            found.append(Anomaly(
                AnomalyKind.HEAVY_VIEWER, user_id,
                f"{len(objects)} verschillende verzoeken bekeken; de mediaan van collega's "
                f"met dezelfde rol is {_number(median)}.", tuple(view_entries[user_id])))
    for kind, groups, text in (
            (AnomalyKind.OUTSIDE_HOURS, outside, "{n} keer een verzoek bekeken buiten "
             f"kantooruren ({thresholds.office_hours_nl})."),
            (AnomalyKind.CLOSED_REQUEST, closed, "{n} keer een afgesloten verzoek bekeken."),
            (AnomalyKind.REFUSED, refused, "{n} keer geen toegang gekregen.")):
        for who, ids in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0)):
            found.append(Anomaly(kind, who, text.format(n=len(ids)), tuple(ids)))
    return found


def _median(values: Sequence[int]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


# ------------------------------------------------------------------------------ bar charts
@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    y: float
    width: float


@dataclass(frozen=True, slots=True)
class BarChart:
    """A horizontal bar chart: one bar per table row, scaled to the largest value."""

    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_height: int
    max_value: int


def bar_chart(table: Table, *, width: int = 560, label_width: int = 220,
              bar_height: int = 22, gap: int = 8) -> BarChart | None:
    """The geometry of the chart of ``table``'s ``chart_column``; None without numbers."""
    if table.chart_column is None or not table.rows:
        return None
    values = [int(row[table.chart_column]) for row in table.rows]
    max_value = max(values) if values else 0
    room = width - label_width - 60  # space for the number after the bar
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        length = 0.0 if max_value == 0 else room * value / max_value
        bars.append(Bar(str(row[0]), value, gap + index * (bar_height + gap), round(length, 1)))
    height = gap + len(bars) * (bar_height + gap)
    return BarChart(table.title, tuple(bars), width, height, label_width, bar_height, max_value)
