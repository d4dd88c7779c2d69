"""With rq (REDIS_URL set), a retry is scheduled on rq for its moment, but only as a nudge: with
Redis down the row still says pending and ``send_due`` delivers it.

rq itself is replaced by a recording queue here (the suite's Redis is shared, see conftest); the
real hand-over to rq and its scheduler is covered by tests/jobs with TEST_REDIS_URL.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from redis import Redis

from avg_service.db import unit_of_work
from avg_service.jobs import JobStatus, QueuedJob, run_job
from avg_service.jobs import dispatch
from avg_service.mail import services
from avg_service.mail.delivery import RETRY_DELAYS
from avg_service.mail.services import queue_mail, send_due
from tests.mail.conftest import START, SmtpServer, reload, set_settings

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


class RecordingQueue:
    """Stands in for rq's Queue: records what would be enqueued now and what at a moment."""

    def __init__(self) -> None:
        self.enqueued: list[tuple[Any, ...]] = []
        self.scheduled: list[tuple[datetime, Any, tuple[Any, ...], str]] = []

    def enqueue(self, func: Any, *args: Any, **kwargs: Any) -> None:
        self.enqueued.append((func, *args))

    def enqueue_at(self, at: datetime, func: Any, *args: Any, job_id: str) -> None:
        self.scheduled.append((at, func, args, job_id))


@pytest.fixture
def rq_mode(app: Flask, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer) -> None:
    set_settings(app, monkeypatch, redis_url=UNREACHABLE_REDIS)
    monkeypatch.setitem(app.extensions, "avg_redis",
                        Redis.from_url(UNREACHABLE_REDIS, socket_connect_timeout=0.2))


def _pending_send_job(session: sa.orm.Session, message_id: int) -> QueuedJob:
    session.expire_all()
    pending = session.scalars(sa.select(QueuedJob).where(
        QueuedJob.name == "mail.send", QueuedJob.status == JobStatus.PENDING)).all()
    [job] = [row for row in pending if row.args == [message_id]]  # JSON: compared in Python
    return job


def test_a_failed_attempt_schedules_a_nudge_that_sends_the_message(
        db_session: sa.orm.Session, smtp: SmtpServer, rq_mode: None,
        frozen: time_machine.Traveller, monkeypatch: pytest.MonkeyPatch) -> None:
    queue = RecordingQueue()
    monkeypatch.setattr(dispatch, "get_queue", lambda: queue)
    with unit_of_work():
        message = queue_mail(to="r@example.test", subject="Onderwerp", body="Tekst\n",
                             purpose="receipt")
    [(_run, job_id)] = queue.enqueued  # handed to rq after the commit, not run here
    run_job(job_id)  # the worker runs it; the server is down
    waiting = reload(db_session, message.id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    [(at, func, args, rq_id)] = queue.scheduled
    assert (at, func, args, rq_id) == (START + RETRY_DELAYS[0], services.nudge, (message.id,),
                                       f"avg-mail-{message.id}-attempt-1")

    smtp.start()
    frozen.move_to(at)
    services.nudge(message.id)  # rq's scheduler calls it at that moment
    run_job(queue.enqueued[-1][1])  # and the worker runs the mail.send it queued
    assert reload(db_session, message.id).status == "sent" and len(smtp.received) == 1


def test_a_nudge_for_a_message_that_is_not_due_does_nothing(
        db_session: sa.orm.Session, rq_mode: None, frozen: time_machine.Traveller,
        monkeypatch: pytest.MonkeyPatch) -> None:
    queue = RecordingQueue()
    monkeypatch.setattr(dispatch, "get_queue", lambda: queue)
    with unit_of_work():
        message = queue_mail(to="r@example.test", subject="Onderwerp", body="Tekst\n",
                             purpose="receipt")
    run_job(queue.enqueued[0][1])  # attempt 1 fails: next one in a minute
    enqueued = len(queue.enqueued)
    services.nudge(message.id)  # a nudge too early (a second worker's clock)
    assert len(queue.enqueued) == enqueued


def test_with_redis_down_the_message_stays_pending_and_send_due_delivers_it(
        app: Flask, db_session: sa.orm.Session, smtp: SmtpServer, rq_mode: None,
        frozen: time_machine.Traveller, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    with unit_of_work():  # Redis refuses the hand-over: the job waits in the job outbox
        message = queue_mail(to="r@example.test", subject="Onderwerp", body="Tekst\n",
                             purpose="receipt")
    run_job(_pending_send_job(db_session, message.id).id)  # say a worker got it after all; SMTP is down and so is rq's scheduler
    waiting = reload(db_session, message.id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)  # the nudge failed: not lost
    assert "mail.nudge_unavailable" in {getattr(r, "event", None) for r in caplog.records}

    smtp.start()
    set_settings(app, monkeypatch, redis_url=None)  # run what send_due queues right here
    frozen.move_to(START + timedelta(minutes=5))
    with unit_of_work():
        assert send_due(START + timedelta(minutes=5)) == 1
    assert reload(db_session, message.id).status == "sent" and len(smtp.received) == 1
