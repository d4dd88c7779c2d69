"""The request lifecycle: every allowed and every refused transition, and what a move records."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import product

import pytest

from avg_service.requests.lifecycle import (
    TERMINAL,
    TRANSITIONS,
    InvalidTransition,
    Status,
    check_transition,
)
from avg_service.requests.models import DataSubjectRequest

AT = datetime(2026, 3, 6, 13, 5, tzinfo=UTC)

#: The lifecycle written out by hand (RULES.md §4), independent of the TRANSITIONS table.
ALLOWED = {
    ("received", "awaiting_information"), ("received", "in_progress"), ("received", "withdrawn"),
    ("received", "forwarded"), ("received", "refused_12_5"),
    ("awaiting_information", "received"), ("awaiting_information", "in_progress"),
    ("awaiting_information", "term_expired"), ("awaiting_information", "withdrawn"),
    ("term_expired", "in_progress"), ("term_expired", "closed"), ("term_expired", "withdrawn"),
    ("in_progress", "awaiting_information"), ("in_progress", "deciding"),
    ("in_progress", "withdrawn"), ("in_progress", "refused_12_5"),
    ("deciding", "in_progress"), ("deciding", "closed"), ("deciding", "withdrawn"),
}
PAIRS = list(product(Status, Status))


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_transition_is_allowed_or_refused_as_specified(current: Status,
                                                             target: Status) -> None:
    if (current.value, target.value) in ALLOWED:
        check_transition(current, target)
    else:
        with pytest.raises(InvalidTransition):
            check_transition(current, target)


def test_the_table_and_the_specification_agree() -> None:
    table = {(a.value, b.value) for a, targets in TRANSITIONS.items() for b in targets}
    assert table == ALLOWED


def test_terminal_states_have_no_way_out() -> None:
    assert TERMINAL == {s for s, targets in TRANSITIONS.items() if not targets}


def _request(status: Status) -> DataSubjectRequest:
    return DataSubjectRequest(status=status.value, is_open=status not in TERMINAL,
                              closed_at=AT if status in TERMINAL else None, events=[],
                              received_on=date(2026, 3, 6))


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_a_move_records_an_event_with_actor_and_reason(current: str, target: str) -> None:
    dsr = _request(Status(current))
    event = dsr.move_to(Status(target), actor_id=7, reason="omdat", at=AT)
    assert dsr.status == target
    assert dsr.is_open == (Status(target) not in TERMINAL)
    assert (dsr.closed_at is not None) == (Status(target) in TERMINAL)
    assert (event.from_status, event.to_status, event.actor_id, event.reason, event.at) == \
        (current, target, 7, "omdat", AT)
    assert dsr.events == [event]


@pytest.mark.parametrize(("current", "target"),
                         [p for p in PAIRS if (p[0].value, p[1].value) not in ALLOWED])
def test_a_refused_move_changes_nothing(current: Status, target: Status) -> None:
    dsr = _request(current)
    with pytest.raises(InvalidTransition) as refused:
        dsr.move_to(target, actor_id=7, reason=None, at=AT)
    assert dsr.status == current.value and dsr.events == []
    assert "kan niet naar" in str(refused.value)
