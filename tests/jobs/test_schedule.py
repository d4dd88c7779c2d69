"""Scheduled calls (rq's scheduler at a moment) go by a stable name and only after the commit;
every job entry lives in a package's tasks.py under a name that never changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from avg_service.db import unit_of_work
from avg_service.jobs import dispatch, registered_jobs
from avg_service.jobs.schedule import run_scheduled, schedule_after_commit

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


class Recorder:
    def __init__(self) -> None:
        self.scheduled: list[tuple[Any, ...]] = []

    def enqueue_at(self, at: datetime, func: Any, *args: Any, job_id: str) -> None:
        self.scheduled.append((at, func, args, job_id))


@pytest.fixture
def queue(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setitem(app.extensions, "avg_settings", replace(
        app.extensions["avg_settings"], redis_url="redis://127.0.0.1:1/0"))
    monkeypatch.setattr(dispatch, "get_queue", lambda: recorder)
    return recorder


def test_a_scheduled_call_is_handed_to_rq_by_name_after_the_commit(
        db_session: sa.orm.Session, queue: Recorder) -> None:
    with unit_of_work():
        schedule_after_commit("mail.nudge", 12, at=AT, rq_id="avg-mail-12-attempt-1",
                              unavailable_event="mail.nudge_unavailable")
        assert queue.scheduled == []  # not before the commit
    assert queue.scheduled == [(AT, run_scheduled, ("mail.nudge", 12), "avg-mail-12-attempt-1")]


def test_a_rollback_drops_the_scheduled_call(db_session: sa.orm.Session, queue: Recorder) -> None:
    with pytest.raises(RuntimeError), unit_of_work():
        schedule_after_commit("breaches.nudge", 3, at=AT, rq_id="avg-breach-3-24h",
                              unavailable_event="breaches.wake_up_unavailable")
        raise RuntimeError("the act failed")
    with unit_of_work():
        pass
    assert queue.scheduled == []


def test_an_unknown_name_fails_inside_the_unit(db_session: sa.orm.Session, queue: Recorder) -> None:
    with pytest.raises(LookupError), unit_of_work():
        schedule_after_commit("mail.nope", 1, at=AT, rq_id="x", unavailable_event="x")


def test_every_job_entry_has_a_stable_name_in_a_tasks_module(app: Flask) -> None:
    jobs = {name: func for name, func in registered_jobs().items()
            if not name.startswith("tests.")}  # the outbox tests register their own
    assert set(jobs) >= {"letters.render", "mail.send", "mail.nudge", "breaches.nudge",
                         "system.probe"}
    assert {name: func.__module__.rsplit(".", 1)[-1] for name, func in jobs.items()} == {
        name: "tasks" for name in jobs}
