"""Tests for avg_service.deadlines.objection: bezwaartermijn (R9), Awb 6:9(2), beslistermijn (R10)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avg_service.deadlines import (
    is_objection_on_time,
    is_working_day,
    objection_decision_due,
    objection_period_end,
    objection_period_end_explained,
    posted_objection_received_by,
)
from tests.deadlines.cases import OBJECTION_CASES, ObjectionCase
from tests.deadlines.strategies import PROPERTY, dates


@pytest.mark.parametrize("case", OBJECTION_CASES, ids=[c.case for c in OBJECTION_CASES])
def test_worked_case_bezwaartermijn(case: ObjectionCase) -> None:
    assert objection_period_end(case.notified_on) == case.period_end
    assert objection_period_end_explained(case.notified_on).raw == case.raw_end


def test_c30_a_posted_bezwaar_has_one_more_week_to_arrive() -> None:
    end = objection_period_end(date(2025, 11, 13))
    assert end == date(2025, 12, 29)
    assert posted_objection_received_by(end) == date(2026, 1, 5)
    assert is_objection_on_time(end, date(2026, 1, 5), posted_on=date(2025, 12, 29))
    assert not is_objection_on_time(end, date(2026, 1, 6), posted_on=date(2025, 12, 29))


def test_awb_6_9_only_a_bezwaar_posted_within_the_term_gets_the_extra_week() -> None:
    end = date(2025, 12, 29)
    assert is_objection_on_time(end, date(2025, 12, 29))
    assert not is_objection_on_time(end, date(2025, 12, 30))
    assert not is_objection_on_time(end, date(2026, 1, 2), posted_on=date(2025, 12, 30))


def test_the_week_of_awb_6_9_2_is_rolled_by_the_atw() -> None:
    # Bezwaartermijn ending Tue 28 Apr 2026: one week later is 5 May, a holiday.
    assert posted_objection_received_by(date(2026, 4, 28)) == date(2026, 5, 6)


@pytest.mark.parametrize(
    ("committee", "deferred", "expected"),
    [
        (False, False, date(2026, 6, 9)),
        (True, False, date(2026, 7, 21)),
        (False, True, date(2026, 7, 21)),
        (True, True, date(2026, 9, 1)),
    ],
)
def test_c31_beslistermijn_op_bezwaar(committee: bool, deferred: bool, expected: date) -> None:
    end = objection_period_end(date(2026, 3, 16))
    assert end == date(2026, 4, 28)  # raw end Koningsdag 27 Apr (R10: count from the extended end)
    assert objection_decision_due(end, committee=committee, deferred=deferred) == expected


@PROPERTY
@given(dates)
def test_the_objection_period_ends_on_a_working_day_at_least_42_days_after_notification(notified_on: date) -> None:
    end = objection_period_end(notified_on)
    assert is_working_day(end)
    assert end >= notified_on + timedelta(days=42)
    assert is_working_day(posted_objection_received_by(end))
    assert posted_objection_received_by(end) >= end + timedelta(days=7)


@PROPERTY
@given(dates, st.booleans(), st.booleans())
def test_the_objection_decision_is_due_on_a_working_day_after_the_full_term(
    notified_on: date, committee: bool, deferred: bool
) -> None:
    end = objection_period_end(notified_on)
    due = objection_decision_due(end, committee=committee, deferred=deferred)
    weeks = (12 if committee else 6) + (6 if deferred else 0)
    assert is_working_day(due)
    assert due >= end + timedelta(weeks=weeks)
    assert due >= objection_decision_due(end)
