"""With rq (REDIS_URL set) a reported breach gets a wake-up on rq's scheduler at 24, 48 and 66
hours after awareness; a wake-up sends what is due once, and a second one (or the sweep) nothing
again. On the suite's Redis (TEST_REDIS_URL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from redis import Redis
from rq.registry import ScheduledJobRegistry

from avg_service.access.roles import Role
from avg_service.breaches import notices
from avg_service.db import unit_of_work
from avg_service.jobs import dispatch, queues
from avg_service.jobs.schedule import run_scheduled
from tests.breaches import helpers as h
from tests.breaches.helpers import AWARE_AT, FG_EMAIL
from tests.factories import make_user

pytestmark = pytest.mark.redis


def test_a_report_schedules_the_three_wake_ups_and_each_sends_once(
        app: Flask, db_session: sa.orm.Session, redis_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    h.set_fg_contact()
    politie = h.actor_of(make_user(Role.DEELNEMER, organisation="politie"))
    monkeypatch.setitem(app.extensions, "avg_settings",
                        replace(app.extensions["avg_settings"], redis_url=redis_url))
    monkeypatch.setitem(app.extensions, "avg_redis", Redis.from_url(redis_url))
    breach_id = h.report(politie, now=AWARE_AT + timedelta(minutes=30))
    registry = ScheduledJobRegistry(queue=dispatch.get_queue(queues.INTERACTIVE))
    scheduled = {job_id: registry.get_scheduled_time(job_id) for job_id in registry.get_job_ids()
                 if job_id.startswith(f"avg-breach-{breach_id}-")}
    assert scheduled == {f"avg-breach-{breach_id}-{hours}h": AWARE_AT + timedelta(hours=hours)
                         for hours in (24, 48, 66)}
    job = dispatch.get_queue(queues.INTERACTIVE).fetch_job(f"avg-breach-{breach_id}-24h")
    assert job is not None and job.func is run_scheduled
    assert job.args == ["breaches.nudge", breach_id]  # a stable name, not a Python path

    monkeypatch.setitem(app.extensions, "avg_settings",  # the wake-up's mail runs right here
                        replace(app.extensions["avg_settings"], redis_url=None))
    with time_machine.travel(AWARE_AT + timedelta(hours=24), tick=False):
        run_scheduled("breaches.nudge", breach_id)
        notices.nudge(breach_id)  # a second wake-up (rq after a dead worker), by the old path
        with unit_of_work():
            assert notices.sweep(now=AWARE_AT + timedelta(hours=24, minutes=5)).sent == 0
    assert len(h.mail_to(FG_EMAIL, "breach_reminder")) == 1
