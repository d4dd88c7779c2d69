"""The 72-hour clock, the reminder points and the lifecycle, as pure rules (no Flask, no DB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avg_service.breaches import rules
from avg_service.breaches.rules import (
    AMSTERDAM,
    BreachState,
    BreachStatus,
    BreachTaskStatus,
    NotifierRule,
    RiskLevel,
)


def local(*args: int) -> datetime:
    """A wall-clock moment in Amsterdam, as an aware datetime."""
    return rules.local_to_utc(datetime(*args))  # type: ignore[arg-type]


def wall(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%a %d-%m %H:%M %Z")


# ------------------------------------------------------------------------------ the clock
@pytest.mark.parametrize(("aware", "deadline"), [
    # Friday morning: the 72 hours run through the weekend (hours, not working days).
    (datetime(2026, 2, 6, 10, 0), "Mon 09-02 10:00 CET"),
    # Friday before the change to summer time (Sunday 29 March 2026, 02:00 -> 03:00): 72 real
    # hours end at 11:00 on the wall clock, not 10:00.
    (datetime(2026, 3, 27, 10, 0), "Mon 30-03 11:00 CEST"),
    # Friday before the change to winter time (Sunday 25 October 2026, 03:00 -> 02:00): 09:00.
    (datetime(2026, 10, 23, 10, 0), "Mon 26-10 09:00 CET"),
    # Awareness on a holiday (Tweede Kerstdag) changes nothing either.
    (datetime(2026, 12, 26, 16, 30), "Tue 29-12 16:30 CET"),
])
def test_the_72_hours_are_hours_across_weekends_and_dst(aware: datetime, deadline: str) -> None:
    aware_at = rules.local_to_utc(aware)
    end = rules.notification_deadline(aware_at)
    assert end - aware_at == timedelta(hours=72)
    assert wall(end) == deadline


def test_remaining_time_is_shown_in_hours_and_minutes() -> None:
    aware_at = local(2026, 3, 27, 10, 0)
    reading = rules.read_clock(aware_at, local(2026, 3, 29, 9, 48))  # across the DST night
    # 27 Mar 10:00 CET (09:00 UTC) -> 29 Mar 09:48 CEST (07:48 UTC): 46 h 48 min have passed.
    assert reading.elapsed == timedelta(hours=46, minutes=48)
    assert reading.explain_nl() == "Nog 25 uur en 12 minuten om te melden."
    late = rules.read_clock(aware_at, local(2026, 3, 30, 13, 0))
    assert late.is_overdue and late.explain_nl() == "De 72 uur zijn 2 uur geleden verstreken."


def test_the_clock_stops_at_the_first_notification() -> None:
    aware_at = local(2026, 2, 6, 10, 0)
    on_time = rules.read_clock(aware_at, local(2026, 2, 20, 0, 0),
                               first_notified_at=local(2026, 2, 8, 11, 30))
    assert on_time.is_stopped and not on_time.is_overdue
    assert on_time.explain_nl() == "Gemeld binnen de 72 uur, na 49 uur en 30 minuten."
    late = rules.read_clock(aware_at, local(2026, 2, 20, 0, 0),
                            first_notified_at=local(2026, 2, 9, 10, 1))
    assert late.explain_nl() == "Gemeld na 72 uur en 1 minuut: 1 minuut na de 72 uur."
    assert rules.is_late(aware_at, local(2026, 2, 9, 10, 1))
    assert not rules.is_late(aware_at, local(2026, 2, 9, 10, 0))  # the 72nd hour itself counts


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(seconds=30), "minder dan een minuut"),
    (timedelta(minutes=1), "1 minuut"),
    (timedelta(hours=1), "1 uur"),
    (timedelta(hours=71, minutes=59), "71 uur en 59 minuten"),
])
def test_hours_are_written_in_dutch(delta: timedelta, text: str) -> None:
    assert rules.format_hours_nl(delta) == text


def test_a_local_time_in_the_spring_gap_is_refused_and_the_autumn_overlap_takes_the_first() -> None:
    with pytest.raises(rules.NonexistentLocalTime):
        rules.local_to_utc(datetime(2026, 3, 29, 2, 30))
    # 02:30 happens twice on 25 October 2026; the earlier (summer time, UTC+2) is taken.
    assert rules.local_to_utc(datetime(2026, 10, 25, 2, 30)) == \
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert rules.local_to_utc(datetime(2026, 10, 25, 3, 30)) == \
        datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31)))
def test_the_deadline_is_always_exactly_72_hours_later(moment: datetime) -> None:
    try:
        aware_at = rules.local_to_utc(moment)
    except rules.NonexistentLocalTime:
        return
    assert rules.notification_deadline(aware_at) - aware_at == timedelta(hours=72)
    assert rules.read_clock(aware_at, aware_at).remaining == timedelta(hours=72)


# ------------------------------------------------------------------------------ reminders
def test_each_reminder_point_comes_due_once() -> None:
    aware_at = local(2026, 3, 27, 10, 0)
    sent: set[str] = set()
    seen = []
    hour = 0
    while hour <= 80:  # an hourly sweep across the DST night
        for due in rules.reminders_due(aware_at, aware_at + timedelta(hours=hour), sent):
            seen.append((hour, due.point.key, due.is_superseded))
            sent.add(due.point.key)
        hour += 1
    assert seen == [(24, "24h", False), (48, "48h", False), (66, "66h", False)]


def test_a_late_sweep_sends_only_the_latest_point() -> None:
    aware_at = local(2026, 2, 6, 10, 0)
    due = rules.reminders_due(aware_at, aware_at + timedelta(hours=50), set())
    assert [(d.point.key, d.is_superseded) for d in due] == [("24h", True), ("48h", False)]
    assert rules.reminders_due(aware_at, aware_at + timedelta(hours=23, minutes=59), set()) == []


def test_future_reminder_moments_for_scheduling() -> None:
    aware_at = datetime(2026, 2, 6, 9, 0, tzinfo=UTC)
    assert rules.future_reminder_moments(aware_at, aware_at + timedelta(hours=30)) == [
        ("48h", datetime(2026, 2, 8, 9, 0, tzinfo=UTC)),
        ("66h", datetime(2026, 2, 9, 3, 0, tzinfo=UTC))]


# ------------------------------------------------------------------------------ lifecycle
@pytest.mark.parametrize(("current", "target", "allowed"), [
    (BreachStatus.REPORTED, BreachStatus.ASSESSED, True),
    (BreachStatus.REPORTED, BreachStatus.NOTIFIED, False),  # assess first
    (BreachStatus.REPORTED, BreachStatus.CLOSED, False),
    (BreachStatus.ASSESSED, BreachStatus.ASSESSED, True),  # reassess
    (BreachStatus.ASSESSED, BreachStatus.NOTIFIED, True),
    (BreachStatus.NOTIFIED, BreachStatus.NOTIFIED, True),  # a follow-up (33(4))
    (BreachStatus.NOTIFIED, BreachStatus.ASSESSED, False),
    (BreachStatus.CLOSED, BreachStatus.ASSESSED, False),
])
def test_breach_transitions(current: BreachStatus, target: BreachStatus, allowed: bool) -> None:
    if allowed:
        rules.check_transition(current, target)
    else:
        with pytest.raises(rules.InvalidBreachTransition):
            rules.check_transition(current, target)


@pytest.mark.parametrize(("level", "authority", "people"), [
    (RiskLevel.NONE, False, False), (RiskLevel.RISK, True, False), (RiskLevel.HIGH, True, True)])
def test_what_each_risk_level_obliges(level: RiskLevel, authority: bool, people: bool) -> None:
    duties = rules.duties_for(level)
    assert (duties.notify_authority, duties.inform_people, duties.register) == \
        (authority, people, True)


def _state(**changes: object) -> BreachState:
    values: dict[str, object] = dict(risk=RiskLevel.HIGH, notifications=1,
                                     last_notification_complete=True, communication_decided=True,
                                     communications_made=1, informs_people=True, open_tasks=0)
    values.update(changes)
    return BreachState(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "blocked_by"), [
    ({}, None),
    ({"risk": None}, "Beoordeel eerst"),
    ({"notifications": 0}, "art. 33 lid 1"),
    ({"last_notification_complete": False}, "art. 33 lid 4"),
    ({"communication_decided": False, "informs_people": False}, "art. 34 lid 3"),
    ({"communications_made": 0}, "nog geen brief"),
    ({"open_tasks": 2}, "2 taken open"),
    # No risk: nothing to notify, nobody to inform; the register keeps it (33(5)).
    ({"risk": RiskLevel.NONE, "notifications": 0, "communication_decided": False,
      "communications_made": 0, "informs_people": False}, None),
])
def test_what_blocks_closing(changes: dict[str, object], blocked_by: str | None) -> None:
    blockers = rules.close_blockers(_state(**changes))
    if blocked_by is None:
        assert blockers == []
    else:
        assert any(blocked_by in b for b in blockers), blockers


def test_missing_elements_in_article_order() -> None:
    values = {"nature": "x", "dpo_contact": " ", "consequences": None, "measures": "y"}
    assert rules.missing_elements(values, rules.NOTIFICATION_ELEMENTS) == \
        ["dpo_contact", "consequences"]
    assert rules.missing_elements({}, rules.COMMUNICATION_ELEMENTS) == \
        ["nature", "dpo_contact", "consequences", "measures", "advice"]


def test_task_transitions_and_due_moment() -> None:
    rules.check_task_transition(BreachTaskStatus.OPEN, BreachTaskStatus.ANSWERED_ON_BEHALF)
    rules.check_task_transition(BreachTaskStatus.SET_ASIDE, BreachTaskStatus.OPEN)
    with pytest.raises(rules.InvalidTaskTransition):
        rules.check_task_transition(BreachTaskStatus.ANSWERED, BreachTaskStatus.SET_ASIDE)
    aware_at = datetime(2026, 2, 6, 9, 0, tzinfo=UTC)
    assert rules.task_due_at(aware_at, aware_at) == aware_at + timedelta(hours=24)
    # Set out late: due 12 hours before the 72 hours end, never before it was sent.
    assert rules.task_due_at(aware_at + timedelta(hours=50), aware_at) == \
        aware_at + timedelta(hours=60)
    assert rules.task_due_at(aware_at + timedelta(hours=70), aware_at) == \
        aware_at + timedelta(hours=70)


@pytest.mark.parametrize(("rule", "source", "is_jc", "expected"), [
    (NotifierRule.SOURCE, 3, True, 3),
    (NotifierRule.SOURCE, 9, False, 6),  # a private participant: the contact point notifies
    (NotifierRule.SOURCE, None, False, 6),
    (NotifierRule.CONTACT_POINT, 3, True, 6),
    (NotifierRule.FIXED, 3, True, 4),
])
def test_who_notifies_by_default(rule: NotifierRule, source: int | None, is_jc: bool,
                                 expected: int) -> None:
    assert rules.default_notifier(rule, source_id=source, source_is_joint_controller=is_jc,
                                  contact_point_id=6, fixed_id=4) == expected
