"""Each test runs in a transaction that is rolled back: a commit in one test is gone in the next."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from avg_service.db import NestedUnitOfWork, unit_of_work
from avg_service.jobs import QueuedJob


def _count_jobs(session: sa.orm.Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(QueuedJob)) or 0


def _commit_a_pending_job(session: sa.orm.Session) -> None:
    with unit_of_work():
        session.add(QueuedJob(name="system.probe", args=[1]))
    # really committed from the session's point of view: a fresh session sees it
    session.expire_all()
    assert _count_jobs(session) == 1


def test_1_a_test_commits(db_session: sa.orm.Session) -> None:
    _commit_a_pending_job(db_session)


def test_2_the_next_test_sees_nothing_of_it(db_session: sa.orm.Session) -> None:
    assert _count_jobs(db_session) == 0
    _commit_a_pending_job(db_session)  # and commits again, for test 3


def test_3_still_nothing(db_session: sa.orm.Session) -> None:
    assert _count_jobs(db_session) == 0


def test_a_failing_unit_of_work_stores_nothing(db_session: sa.orm.Session) -> None:
    with pytest.raises(ZeroDivisionError):
        with unit_of_work():
            db_session.add(QueuedJob(name="system.probe", args=[1]))
            db_session.flush()
            _ = 1 / 0
    assert _count_jobs(db_session) == 0


def test_unit_of_work_is_not_reentrant(db_session: sa.orm.Session) -> None:
    with pytest.raises(NestedUnitOfWork):
        with unit_of_work():
            db_session.add(QueuedJob(name="system.probe", args=[1]))
            with unit_of_work():
                pass
    assert _count_jobs(db_session) == 0
