"""The pure rules of the figures: timeliness (AVG 12(3)), anomalies, the chart geometry."""

from __future__ import annotations

import ast
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

import avg_service.reports
from avg_service.reports.rules import (
    AnomalyKind,
    LogView,
    Period,
    Table,
    Timeliness,
    bar_chart,
    classify_timeliness,
    find_anomalies,
    is_office_hours,
)

DUE = date(2026, 3, 2)
EXTENDED = date(2026, 5, 4)


@pytest.mark.parametrize(("decided", "extended", "kind", "late"), [
    (date(2026, 3, 2), None, Timeliness.WITHIN_TERM, 0),
    (date(2026, 3, 3), None, Timeliness.LATE, 1),
    (date(2026, 3, 1), EXTENDED, Timeliness.WITHIN_TERM, 0),
    (date(2026, 5, 4), EXTENDED, Timeliness.WITHIN_EXTENDED, 0),
    (date(2026, 5, 14), EXTENDED, Timeliness.LATE, 10),
])
def test_timeliness_against_the_term_that_applied(decided, extended, kind, late) -> None:
    result = classify_timeliness(decided, due_on=DUE, extended_due_on=extended)
    assert (result.kind, result.days_late) == (kind, late)


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Period(date(2026, 2, 1), date(2026, 1, 31))
    assert Period.year(2026).label == "2026"
    assert date(2026, 12, 31) in Period.year(2026)


@pytest.mark.parametrize(("moment", "inside"), [
    (datetime(2026, 3, 4, 9, 0), True),  # a Wednesday morning
    (datetime(2026, 3, 4, 6, 59), False),
    (datetime(2026, 3, 4, 19, 0), False),
    (datetime(2026, 3, 7, 11, 0), False),  # a Saturday
])
def test_office_hours(moment, inside) -> None:
    assert is_office_hours(moment) is inside


def _view(entry_id, user_id, object_id, *, hour=10, day=4, outcome="allowed", role="contactpunt"):
    return LogView(entry_id, user_id, role, "dsr.view", "dsr", str(object_id), outcome,
                   datetime(2026, 3, day, hour, 0))


def test_anomalies_on_a_seeded_log() -> None:
    entries = []
    number = iter(range(1, 10_000))
    # Users 1-3 view 5 requests each in office hours; user 4 views 40 distinct requests.
    for user in (1, 2, 3):
        entries += [_view(next(number), user, 100 + i) for i in range(5)]
    heavy = [_view(next(number), 4, 200 + i) for i in range(40)]
    entries += heavy
    night = _view(next(number), 2, 100, hour=23)
    closed = _view(next(number), 3, 999)
    refused = _view(next(number), 5, 300, outcome="refused", role="deelnemer")
    entries += [night, closed, refused]
    found = find_anomalies(entries, closed_request_ids=frozenset({"999"}),
                           view_actions=frozenset({"dsr.view"}))
    kinds = {(a.kind, a.user_id): a for a in found}
    assert set(kinds) == {(AnomalyKind.HEAVY_VIEWER, 4), (AnomalyKind.OUTSIDE_HOURS, 2),
                          (AnomalyKind.CLOSED_REQUEST, 3), (AnomalyKind.REFUSED, 5)}
    assert kinds[(AnomalyKind.HEAVY_VIEWER, 4)].entry_ids == tuple(e.entry_id for e in heavy)
    assert kinds[(AnomalyKind.OUTSIDE_HOURS, 2)].entry_ids == (night.entry_id,)
    assert kinds[(AnomalyKind.CLOSED_REQUEST, 3)].entry_ids == (closed.entry_id,)
    assert kinds[(AnomalyKind.REFUSED, 5)].entry_ids == (refused.entry_id,)
    assert "mediaan" in kinds[(AnomalyKind.HEAVY_VIEWER, 4)].summary


def test_no_heavy_viewer_without_peers_or_below_the_minimum() -> None:
    alone = [_view(i, 1, i) for i in range(1, 60)]
    assert find_anomalies(alone, closed_request_ids=frozenset(),
                          view_actions=frozenset({"dsr.view"})) == []
    few = [_view(1, 1, 1), _view(2, 2, 2)] + [_view(10 + i, 3, 10 + i) for i in range(10)]
    assert find_anomalies(few, closed_request_ids=frozenset(),
                          view_actions=frozenset({"dsr.view"})) == []


def test_the_bar_chart_scales_to_the_largest_value() -> None:
    table = Table("t", "T", ("Label", "Aantal"), (("a", 10), ("b", 5), ("c", 0)))
    chart = bar_chart(table, width=560, label_width=220)
    assert chart is not None
    assert [b.width for b in chart.bars] == [280.0, 140.0, 0.0]
    assert bar_chart(Table("n", "N", ("a", "b"), (("x", 1),), chart_column=None)) is None


def test_the_rules_are_pure() -> None:
    path = Path(avg_service.reports.__file__).parent / "rules.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
            and m != "__future__"} == set()
    assert "avg_service.clock" not in path.read_text() and ".now(" not in path.read_text()


def test_office_hours_and_the_heavy_viewer_follow_other_thresholds() -> None:
    """The settings AVG_OFFICE_HOURS, AVG_ANOMALY_FACTOR and AVG_ANOMALY_MINIMUM."""
    from datetime import time

    from avg_service.reports.rules import AnomalyThresholds

    narrow = AnomalyThresholds(office_start=time(8, 30), office_end=time(17, 0), factor=2.0,
                               minimum=4)
    evening = datetime(2026, 3, 4, 18, 0)  # a Wednesday, 18:00
    assert is_office_hours(evening) is True
    assert is_office_hours(evening, thresholds=narrow) is False
    assert is_office_hours(datetime(2026, 3, 4, 8, 0), thresholds=narrow) is False
    assert is_office_hours(datetime(2026, 3, 4, 8, 30), thresholds=narrow) is True
    # users 1 and 2 view 2 requests each, user 3 views 4: twice the median (2), at least 4
    entries = [_view(i, 1, i) for i in (1, 2)] + [_view(10 + i, 2, 10 + i) for i in (1, 2)]
    entries += [_view(20 + i, 3, 20 + i) for i in range(4)] + [_view(99, 1, 1, hour=18)]
    views = frozenset({"dsr.view"})
    default = {(a.kind, a.user_id) for a in find_anomalies(
        entries, closed_request_ids=frozenset(), view_actions=views)}
    assert default == set()  # 3 times the median and 20 requests: nobody; 18:00 is office time
    found = {(a.kind, a.user_id): a for a in find_anomalies(
        entries, closed_request_ids=frozenset(), view_actions=views, thresholds=narrow)}
    assert set(found) == {(AnomalyKind.HEAVY_VIEWER, 3), (AnomalyKind.OUTSIDE_HOURS, 1)}
    assert "(ma-vr 08:30-17:00)" in found[(AnomalyKind.OUTSIDE_HOURS, 1)].summary
    assert narrow.factor_nl == "2" and AnomalyThresholds(factor=2.5).factor_nl == "2,5"
    with pytest.raises(ValueError):
        AnomalyThresholds(office_start=time(19, 0), office_end=time(7, 0))
