"""Tests for avg_service.deadlines.penalty: the dwangsom period (R11) and amounts (Awb 4:17)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avg_service.deadlines import PENALTY_MAX_AMOUNT, penalty_amount, penalty_period, response_deadlines
from tests.deadlines.strategies import PROPERTY


def test_c28_dwangsom_period_after_a_late_extension_notice() -> None:
    deadlines = response_deadlines(date(2025, 1, 2))
    due_on = deadlines.effective_due_on(date(2025, 2, 4))  # notice one day late
    assert due_on == date(2025, 2, 3)
    period = penalty_period(due_on, date(2025, 2, 5))
    assert period.in_default_from == date(2025, 2, 4)
    assert period.first_day == date(2025, 2, 19)
    assert period.last_day == date(2025, 4, 1)
    assert (period.last_day - period.first_day).days + 1 == 42
    assert date(2025, 2, 14) < period.first_day  # decided 14 Feb: no dwangsom due
    assert period.explanations["first_day"].value == period.first_day
    assert period.explanations["last_day"].rolled_past == ()


def test_an_ingebrekestelling_before_the_term_expired_is_refused() -> None:
    with pytest.raises(ValueError):
        penalty_period(date(2025, 2, 3), date(2025, 2, 3))


@pytest.mark.parametrize(
    ("days", "amount"),
    [
        (0, Decimal(0)),
        (1, Decimal(23)),
        (14, Decimal(14 * 23)),
        (15, Decimal(14 * 23 + 35)),
        (28, Decimal(14 * 23 + 14 * 35)),
        (29, Decimal(14 * 23 + 14 * 35 + 45)),
        (42, Decimal(1442)),
        (43, Decimal(1442)),
        (1000, Decimal(1442)),
    ],
)
def test_c28_penalty_amounts_in_three_blocks_of_14_days(days: int, amount: Decimal) -> None:
    assert penalty_amount(days) == amount


def test_c28_maximum_is_1442_euro() -> None:
    assert PENALTY_MAX_AMOUNT == Decimal(1442) == 14 * 23 + 14 * 35 + 14 * 45


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        penalty_amount(-1)


@PROPERTY
@given(st.integers(min_value=0, max_value=100))
def test_the_penalty_grows_by_the_days_rate_and_stops_at_the_maximum(days: int) -> None:
    step = penalty_amount(days + 1) - penalty_amount(days)
    expected = Decimal(23 if days < 14 else 35 if days < 28 else 45 if days < 42 else 0)
    assert step == expected
    assert penalty_amount(days) <= PENALTY_MAX_AMOUNT
