"""Tests for avg_service.deadlines.response: the AVG art. 12 terms (R2–R8) over every worked case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given

from avg_service.deadlines import (
    add_months,
    incomplete_request_decision_by,
    is_working_day,
    response_deadlines,
)
from tests.deadlines.cases import CHAINED_ALTERNATIVES, REQUEST_CASES, STRICT_ALTERNATIVES, RequestCase
from tests.deadlines.strategies import PROPERTY, dates, suspensions


@pytest.mark.parametrize("case", REQUEST_CASES, ids=[c.case for c in REQUEST_CASES])
def test_worked_case(case: RequestCase) -> None:
    result = response_deadlines(case.received_on, suspended_days=case.suspended)
    assert result.one_month_end_raw == case.one_month_raw
    assert result.extension_notice_by == case.notice_by
    assert result.refusal_notice_by == case.notice_by
    assert result.due_on == case.due_on
    if case.extended_due_on is not None:
        assert result.extended_due_on == case.extended_due_on
    assert result.provisional is False


@pytest.mark.parametrize(("case", "received_on", "expected"), STRICT_ALTERNATIVES)
def test_r4_strict_alternative_ignores_goede_vrijdag_and_kb_days(case: str, received_on: date, expected: date) -> None:
    assert response_deadlines(received_on).strict_due_on == expected


@pytest.mark.parametrize(("case", "received_on", "expected"), CHAINED_ALTERNATIVES)
def test_r3_chained_alternative_counts_two_months_from_the_first_end(
    case: str, received_on: date, expected: date
) -> None:
    assert response_deadlines(received_on).chained_extended_due_on == expected


@pytest.mark.parametrize(
    ("case", "wrong_receipt", "due_on"),
    [
        ("C20 UTC date instead of local", date(2025, 3, 29), date(2025, 4, 29)),
        ("C22 UTC date instead of local", date(2026, 6, 30), date(2026, 7, 30)),
        ("C24 registration date instead of delivery", date(2026, 3, 2), date(2026, 4, 2)),
        ("C36 contactpunt instead of politie", date(2026, 3, 12), date(2026, 4, 13)),
    ],
)
def test_the_rejected_receipt_dates_give_the_dates_the_cases_warn_about(
    case: str, wrong_receipt: date, due_on: date
) -> None:
    assert response_deadlines(wrong_receipt).due_on == due_on


def test_c36_earliest_receipt_by_any_joint_controller_starts_the_clock() -> None:
    receipts = [date(2026, 3, 12), date(2026, 3, 6)]  # contactpunt, politie (R8)
    result = response_deadlines(min(receipts))
    assert (result.due_on, result.extended_due_on) == (date(2026, 4, 7), date(2026, 6, 8))
    assert response_deadlines(date(2026, 3, 12)).extended_due_on == date(2026, 6, 12)


def test_c25_suspension_moves_the_due_date_but_not_the_extension_notice() -> None:
    result = response_deadlines(date(2025, 6, 2), suspended_days=11)
    assert result.extension_notice_by == date(2025, 7, 2)  # R6
    assert result.due_on == date(2025, 7, 14)
    assert result.extended_due_on == date(2025, 9, 15)


def test_c27_alternative_inclusive_count_and_awb_4_5_decision() -> None:
    assert response_deadlines(date(2026, 3, 10), suspended_days=14).due_on == date(2026, 4, 24)
    assert incomplete_request_decision_by(date(2026, 3, 25)) == date(2026, 4, 22)


@pytest.mark.parametrize(
    ("case", "received_on", "notice_sent_on", "applicable_due_on", "decided_on", "in_time"),
    [
        ("C02", date(2025, 1, 31), date(2025, 2, 25), date(2025, 4, 30), date(2025, 4, 30), True),
        ("C28", date(2025, 1, 2), date(2025, 2, 4), date(2025, 2, 3), date(2025, 2, 14), False),
        ("C29", date(2025, 3, 10), date(2025, 4, 4), date(2025, 6, 10), date(2025, 6, 3), True),
    ],
)
def test_the_extension_counts_only_after_a_timely_notice(
    case: str, received_on: date, notice_sent_on: date, applicable_due_on: date, decided_on: date, in_time: bool
) -> None:
    result = response_deadlines(received_on)
    assert result.effective_due_on(notice_sent_on) == applicable_due_on
    assert (decided_on <= applicable_due_on) is in_time
    assert result.effective_due_on(None) == result.due_on


def test_a_negative_suspension_is_refused() -> None:
    with pytest.raises(ValueError):
        response_deadlines(date(2026, 1, 1), suspended_days=-1)


@pytest.mark.parametrize(
    ("received_on", "provisional"),
    [
        (date(2028, 11, 30), True),  # one-month end rolls into 2029
        (date(2028, 9, 30), True),  # extended term ends in 2029
        (date(2028, 9, 1), False),
        (date(2030, 5, 1), True),
        (date(2024, 11, 15), True),
    ],
)
def test_dates_rolled_through_years_beyond_the_table_are_provisional(received_on: date, provisional: bool) -> None:
    result = response_deadlines(received_on)
    assert result.provisional is provisional
    assert any(e.provisional for e in result.explanations.values()) is provisional


def test_results_are_cached_and_immutable() -> None:
    first = response_deadlines(date(2026, 1, 31))
    assert response_deadlines(date(2026, 1, 31)) is first
    with pytest.raises(AttributeError):
        first.due_on = date(2030, 1, 1)  # type: ignore[misc]


@PROPERTY
@given(dates, suspensions)
def test_every_deadline_is_a_working_day_not_before_its_raw_end(received_on: date, suspended: int) -> None:
    result = response_deadlines(received_on, suspended_days=suspended)
    shift = timedelta(days=suspended)
    raw_one, raw_three = add_months(received_on, 1), add_months(received_on, 3)
    for value, raw in [
        (result.extension_notice_by, raw_one),
        (result.refusal_notice_by, raw_one),
        (result.due_on, raw_one + shift),
        (result.extended_due_on, raw_three + shift),
        (result.chained_extended_due_on, add_months(raw_one, 2) + shift),
    ]:
        assert is_working_day(value)
        assert value >= raw
    assert result.strict_due_on <= result.due_on


@PROPERTY
@given(dates, dates, suspensions)
def test_deadlines_never_decrease_when_receipt_moves_later(a: date, b: date, suspended: int) -> None:
    assume(a != b)
    early, late = (response_deadlines(d, suspended_days=suspended) for d in sorted((a, b)))
    assert early.extension_notice_by <= late.extension_notice_by
    assert early.due_on <= late.due_on
    assert early.extended_due_on <= late.extended_due_on
    assert early.chained_extended_due_on <= late.chained_extended_due_on


@PROPERTY
@given(dates, suspensions, suspensions)
def test_suspension_never_shortens_a_term(received_on: date, s1: int, s2: int) -> None:
    less, more = (response_deadlines(received_on, suspended_days=s) for s in sorted((s1, s2)))
    assert less.due_on <= more.due_on
    assert less.extended_due_on <= more.extended_due_on
    assert less.extension_notice_by == more.extension_notice_by  # R6


@PROPERTY
@given(dates, suspensions)
def test_the_extended_date_is_never_before_the_due_date(received_on: date, suspended: int) -> None:
    result = response_deadlines(received_on, suspended_days=suspended)
    assert result.due_on <= result.chained_extended_due_on <= result.extended_due_on
    assert result.extension_notice_by <= result.due_on
