"""Interactive work on its own rq queue, ahead of bulk renders (issue 15, finding 11: a burst of
form submissions kept participants' notices waiting 9.7 minutes behind 2,050 receipt renders).

On a real Redis: which queue each kind of job lands on, that a job rq never received is handed
to its own queue later, and that a worker listening in ``LISTEN_ORDER`` takes the interactive
job before bulk jobs queued earlier.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from redis import Redis
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.coordination import services as coordination
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.jobs import JobStatus, QueuedJob, dispatch, job, queues, requeue_pending
from avg_service.jobs.registry import queue_for
from avg_service.letters.models import Letter
from avg_service.letters.services import request_letter
from avg_service.requests.digest import send_digests
from avg_service.mail.models import OutboxMessage
from avg_service.requests import services as requests
from tests.conftest import ThrowawayDatabases, migrated_app
from tests.factories import make_request, make_user, organisation_id

SYSTEM = Actor.system("cli")


@pytest.fixture
def rq_app(databases: ThrowawayDatabases, tmp_path: Path, redis_url: str) -> Iterator[Flask]:
    application = migrated_app(databases, tmp_path, REDIS_URL=redis_url)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def on_queue(name: str) -> set[int]:
    """The outbox ids waiting on rq queue ``name``."""
    queue = Queue(name, connection=dispatch.redis_connection(), serializer=JSONSerializer)
    return {int(rq_id.removeprefix("avg-job-")) for rq_id in queue.job_ids}


def jobs_of(name: str, *, arg: int) -> set[int]:
    rows = db.session.execute(sa.select(QueuedJob.id, QueuedJob.args)
                              .where(QueuedJob.name == name)).all()
    return {job_id for job_id, args in rows if args == [arg]}  # JSON: compared in Python


def receipt_jobs(dsr_id: int) -> set[int]:
    letter_id = db.session.scalar(sa.select(Letter.id).where(Letter.dsr_id == dsr_id))
    mail_id = db.session.scalar(sa.select(OutboxMessage.id).where(
        OutboxMessage.dsr_id == dsr_id, OutboxMessage.purpose == "receipt"))
    assert letter_id is not None and mail_id is not None
    return jobs_of("letters.render", arg=letter_id) | jobs_of("mail.send", arg=mail_id)


def a_request_in_progress() -> int:
    dsr = make_request(email="verzoeker@example.test")
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=clock.now_utc())
    return dsr.id


def set_out_a_task(dsr_id: int) -> set[int]:
    """A task for the police, whose participant gets a notice; returns the notice's jobs."""
    make_user(Role.DEELNEMER, organisation="politie")
    with unit_of_work():
        coordination.create_tasks(requests.get_request(dsr_id),
                                  organisation_ids=[organisation_id("politie")],
                                  shared=("name", "rights"), actor=SYSTEM, now=clock.now_utc())
    notices = db.session.scalars(sa.select(OutboxMessage.id).where(
        OutboxMessage.dsr_id == dsr_id, OutboxMessage.purpose == "task_new")).all()
    assert notices
    return set().union(*(jobs_of("mail.send", arg=message_id) for message_id in notices))


def test_each_kind_of_job_lands_on_its_queue(rq_app: Flask) -> None:
    dsr_id = a_request_in_progress()
    receipt = receipt_jobs(dsr_id)  # the ontvangstbevestiging and the mail that carries it
    notice = set_out_a_task(dsr_id)  # a participant's notice
    with unit_of_work():  # a letter staff ask for
        extension = request_letter("verlenging", dsr_id=dsr_id, kenmerk="AVG-X", actor_id=None,
                                   now=clock.now_utc())
    make_user(Role.CONTACTPUNT)
    make_request(received_at=clock.now_utc() - timedelta(days=60))  # overdue: in the digest
    with unit_of_work():  # the sweep's digest to staff
        assert send_digests(now=clock.now_utc()) >= 1
    digests = set(db.session.scalars(sa.select(OutboxMessage.id)
                                     .where(OutboxMessage.purpose == "digest")))
    digest = set().union(*(jobs_of("mail.send", arg=message_id) for message_id in digests))

    bulk, interactive = on_queue(queues.BULK), on_queue(queues.INTERACTIVE)
    assert receipt and receipt <= bulk and not receipt & interactive
    assert digest and digest <= bulk and not digest & interactive
    assert notice <= interactive and not notice & bulk
    assert jobs_of("letters.render", arg=extension.id) <= interactive


def test_a_job_rq_never_received_is_handed_to_its_own_queue_later(
        rq_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Redis down at the commit: the rows stay pending; the requeue routes each from what is
    stored, as the unit of work would have."""
    down = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    monkeypatch.setitem(rq_app.extensions, "avg_redis", down)
    dsr_id = a_request_in_progress()
    notice = set_out_a_task(dsr_id)
    receipt = receipt_jobs(dsr_id)
    monkeypatch.undo()
    assert on_queue(queues.BULK) == on_queue(queues.INTERACTIVE) == set()

    assert requeue_pending(older_than=timedelta(0)) >= len(notice | receipt)
    assert receipt <= on_queue(queues.BULK) and notice <= on_queue(queues.INTERACTIVE)


def test_a_worker_takes_the_interactive_job_before_bulk_jobs_queued_earlier(
        rq_app: Flask) -> None:
    dsr_id = a_request_in_progress()
    burst = receipt_jobs(dsr_id)
    for _ in range(3):  # more submissions of the public form, each a receipt render and mail
        burst |= receipt_jobs(make_request(email="verzoeker@example.test").id)
    notice = set_out_a_task(dsr_id)  # queued last
    assert len(on_queue(queues.BULK)) == len(burst) == 8

    connection = dispatch.redis_connection()
    worker = SimpleWorker(dispatch.listen_queues(), connection=connection,
                          serializer=JSONSerializer)
    worker.work(burst=True, max_jobs=len(notice))
    db.session.expire_all()
    status = dict(db.session.execute(sa.select(QueuedJob.id, QueuedJob.status)).all())
    assert {status[job_id] for job_id in notice} == {JobStatus.DONE}
    assert {status[job_id] for job_id in burst} == {JobStatus.PENDING}
    assert on_queue(queues.BULK) == burst


def test_a_job_names_a_queue_that_exists() -> None:
    with pytest.raises(ValueError, match="unknown queue"):
        job("tests.nowhere", queue="avg-fast")

    @job("tests.misrouted", queue=lambda _id: "avg-fast")
    def misrouted(_id: int) -> None:
        pass

    with pytest.raises(ValueError, match="routed to unknown queue"):
        queue_for("tests.misrouted", [1])
    with pytest.raises(ValueError, match="unknown queue"):
        dispatch.get_queue("avg-fast")
