"""The coordination rules, pure: task transitions, internal due date, reminder schedule."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from avg_service.coordination import rules
from avg_service.coordination.rules import Schedule, TaskStatus


ALLOWED = {("open", "question"), ("open", "submitted"), ("open", "declined"),
           ("open", "cancelled"), ("question", "open"), ("question", "cancelled"),
           ("submitted", "open"), ("submitted", "cancelled"), ("declined", "open"),
           ("declined", "cancelled"),
           # the contact point records an answer on behalf, or sets a task aside, while the
           # task waits for the organisation or for the contact point's reply; both reopen
           ("open", "on_behalf"), ("open", "set_aside"), ("question", "on_behalf"),
           ("question", "set_aside"), ("on_behalf", "open"), ("on_behalf", "cancelled"),
           ("set_aside", "open"), ("set_aside", "cancelled")}


@pytest.mark.parametrize(("current", "target"), list(product(TaskStatus, TaskStatus)))
def test_task_transitions(current: TaskStatus, target: TaskStatus) -> None:
    if (current.value, target.value) in ALLOWED:
        rules.check_task_transition(current, target)
    else:
        with pytest.raises(rules.InvalidTaskTransition):
            rules.check_task_transition(current, target)


def test_internal_due_date_in_working_days_capped_before_the_statutory_date() -> None:
    # sent Monday 2 March 2026: 10 working days → Monday 16 March
    assert rules.internal_due_date(date(2026, 3, 2), working_days=10,
                                   statutory_due_on=date(2026, 4, 2)) == date(2026, 3, 16)
    # statutory due Thursday 2 April 2026; minus 5 working days = Thursday 26 March
    assert rules.internal_due_date(date(2026, 3, 20), working_days=10,
                                   statutory_due_on=date(2026, 4, 2)) == date(2026, 3, 26)
    # Easter: 10 working days from Thursday 2 April skips Goede Vrijdag and Tweede Paasdag
    assert rules.internal_due_date(date(2026, 4, 2), working_days=10,
                                   statutory_due_on=date(2026, 7, 1)) == date(2026, 4, 20)
    # never before the day after sending, even when the request is nearly due
    assert rules.internal_due_date(date(2026, 3, 30), working_days=10,
                                   statutory_due_on=date(2026, 4, 2)) == date(2026, 3, 31)


def test_the_schedule_anchors_every_5_days_then_a_chase_every_4_then_escalation() -> None:
    sent, due = date(2026, 3, 2), date(2026, 3, 16)

    def keys(today: date) -> list[str]:
        return [s.key for s in rules.steps_due(sent, due, today, Schedule())]

    assert keys(date(2026, 3, 6)) == []
    assert keys(date(2026, 3, 7)) == ["reminder-1"]
    assert keys(date(2026, 3, 12)) == ["reminder-1", "reminder-2"]
    assert keys(date(2026, 3, 16)) == ["reminder-1", "reminder-2"]  # due today: no chase yet
    assert keys(date(2026, 3, 17)) == ["reminder-1", "reminder-2", "chase-1"]
    assert keys(date(2026, 3, 21)) == ["reminder-1", "reminder-2", "chase-1", "chase-2"]
    assert keys(date(2026, 3, 24)) == ["reminder-1", "reminder-2", "chase-1", "chase-2"]
    assert keys(date(2026, 3, 25))[-1] == "escalation"
    steps = rules.steps_due(sent, due, date(2026, 4, 30), Schedule())
    assert [(s.kind, s.on) for s in steps] == [
        ("reminder", date(2026, 3, 7)), ("reminder", date(2026, 3, 12)),
        ("chase", date(2026, 3, 17)), ("chase", date(2026, 3, 21)),
        ("escalation", date(2026, 3, 25))]


def test_a_schedule_per_organisation() -> None:
    steps = rules.steps_due(date(2026, 3, 2), date(2026, 3, 16), date(2026, 4, 30),
                            Schedule(reminder_days=3, chase_days=2, escalate_after=1))
    assert [s.key for s in steps] == ["reminder-1", "reminder-2", "reminder-3", "reminder-4",
                                      "chase-1", "escalation"]


def test_threatens_deadline() -> None:
    assert not rules.threatens_deadline(date(2026, 3, 16), date(2026, 4, 2), date(2026, 3, 16))
    assert rules.threatens_deadline(date(2026, 3, 16), date(2026, 4, 2), date(2026, 3, 17))
    assert rules.threatens_deadline(date(2026, 3, 31), date(2026, 4, 2), date(2026, 3, 26))


def test_questions_follow_the_rights() -> None:
    text = rules.questions_for(["15", "17"])
    assert "art. 15 lid 1" in text and "art. 17 lid 3" in text and "art. 16" not in text
    assert {g.code for g in rules.RESTRICTION_GROUNDS} >= {f"41{c}" for c in "abcdefghij"}
