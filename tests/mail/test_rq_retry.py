"""With rq (REDIS_URL set), a retry is scheduled on rq for its moment, but only as a nudge: with
Redis down the row still says pending and ``send_due`` delivers it.

Most tests replace rq by a recording queue; the last runs a real ``flask avg worker`` on the
suite's Redis (TEST_REDIS_URL) and lets rq's own scheduler run the nudge.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from redis import Redis

from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.jobs import JobStatus, QueuedJob, dispatch, queues, run_job
from avg_service.jobs.schedule import run_scheduled
from avg_service.mail import services
from avg_service.mail.delivery import RETRY_DELAYS
from avg_service.mail.models import OutboxMessage
from avg_service.mail.services import queue_mail, send_due
from tests.conftest import TEST_SECRET_KEY, ThrowawayDatabases, migrated_app
from tests.mail.conftest import MAIL_FROM, START, SmtpServer, free_port, reload, set_settings

ROOT = Path(__file__).resolve().parents[2]

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
    monkeypatch.setattr(dispatch, "get_queue", lambda name: queue)
    with unit_of_work():
        message = queue_mail(to="r@example.test", subject="Onderwerp", body="Tekst\n",
                             purpose="receipt")
    [(_run, job_id)] = queue.enqueued  # handed to rq after the commit, not run here
    run_job(job_id)  # the worker runs it; the server is down
    waiting = reload(db_session, message.id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    [(at, func, args, rq_id)] = queue.scheduled
    assert (at, func, args, rq_id) == (START + RETRY_DELAYS[0], run_scheduled,
                                       ("mail.nudge", message.id),
                                       f"avg-mail-{message.id}-attempt-1")

    smtp.start()
    frozen.move_to(at)
    run_scheduled("mail.nudge", message.id)  # rq's scheduler calls it at that moment
    run_job(queue.enqueued[-1][1])  # and the worker runs the mail.send it queued
    assert reload(db_session, message.id).status == "sent" and len(smtp.received) == 1


def test_a_nudge_for_a_message_that_is_not_due_does_nothing(
        db_session: sa.orm.Session, rq_mode: None, frozen: time_machine.Traveller,
        monkeypatch: pytest.MonkeyPatch) -> None:
    queue = RecordingQueue()
    monkeypatch.setattr(dispatch, "get_queue", lambda name: queue)
    with unit_of_work():
        message = queue_mail(to="r@example.test", subject="Onderwerp", body="Tekst\n",
                             purpose="receipt")
    run_job(queue.enqueued[0][1])  # attempt 1 fails: next one in a minute
    enqueued = len(queue.enqueued)
    services.nudge(message.id)  # too early (a second worker's clock), by the old rq path
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


def test_a_real_worker_schedules_the_retry_on_rq_and_its_scheduler_sends_it(
        databases: ThrowawayDatabases, tmp_path: Path, redis_url: str) -> None:
    """Through real rq (TEST_REDIS_URL) and a real ``flask avg worker --burst``: the failed
    attempt schedules its nudge in rq's scheduled registry at the row's next attempt; when that
    moment has come (both moved a minute back here, instead of waiting), the worker's scheduler
    runs the nudge, which queues the send, which delivers the message once."""
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry
    from rq.serializers import JSONSerializer

    server = SmtpServer(free_port())
    app = migrated_app(databases, tmp_path, REDIS_URL=redis_url)
    with app.app_context():
        with unit_of_work():
            message_id = queue_mail(to="verzoeker@example.test", subject="Ontvangstbevestiging",
                                    body="Uw verzoek is ontvangen.\n", purpose="receipt").id
        db.session.remove()
    env = {**os.environ, "AVG_ENV": "development", "SECRET_KEY": TEST_SECRET_KEY,
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": redis_url,
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(server.port), "SMTP_SECURITY": "none",
           "MAIL_FROM": MAIL_FROM, "INSTANCE_PATH": str(tmp_path / "worker")}

    def work() -> None:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "avg", "worker",
                               "--burst"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]

    try:
        work()  # the first attempt: nothing listens on the port
        with app.app_context():
            row = db.session.get(OutboxMessage, message_id)
            assert row is not None and (row.status, row.attempts) == ("pending", 1)
            assert row.next_attempt_at is not None
            registry = ScheduledJobRegistry(queue=dispatch.get_queue(queues.INTERACTIVE))
            nudge_id = f"avg-mail-{message_id}-attempt-1"
            assert registry.get_job_ids() == [nudge_id]
            scheduled = registry.get_scheduled_time(nudge_id)
            assert abs((scheduled - row.next_attempt_at).total_seconds()) < 1
            # A minute passes.
            due = datetime.now(UTC) - timedelta(seconds=1)
            with unit_of_work():
                db.session.get(OutboxMessage, message_id).next_attempt_at = due  # type: ignore[union-attr]
            registry.schedule(Job.fetch(nudge_id, connection=dispatch.redis_connection(),
                                        serializer=JSONSerializer), due)
            db.session.remove()
        server.start()
        work()  # the scheduler enqueues the nudge, the nudge queues mail.send, which delivers
        assert [m["Subject"] for m in server.received] == ["Ontvangstbevestiging"]
        with app.app_context():
            row = db.session.get(OutboxMessage, message_id)
            assert row is not None and (row.status, row.attempts) == ("sent", 2)
            db.session.remove()
            db.engine.dispose()
    finally:
        server.stop()
