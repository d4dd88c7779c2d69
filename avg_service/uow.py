"""The unit of work: the one place that commits.

Views, CLI commands and job entries wrap their work in ``unit_of_work()``; services only flush
(STYLE.md). What the body queues for after the commit (outbox jobs, files to remove) is kept in
the session under a kind and handed to that kind's handler only once the commit succeeded; a
rollback drops it. The handlers register themselves (``on_commit``), so this module depends on
nothing of ours: ``jobs.dispatch`` builds on it, not the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import current_app


class NestedUnitOfWork(RuntimeError):
    """A unit of work was opened inside another: only the outer edge may commit."""


_QUEUED_KEY = "avg_after_commit"
_IN_UNIT_KEY = "avg_in_unit_of_work"
_handlers: dict[str, Callable[[list[Any]], None]] = {}


def on_commit(kind: str, handler: Callable[[list[Any]], None]) -> None:
    """Register the handler that receives what a committed unit queued under ``kind``."""
    _handlers[kind] = handler


def queued(session: sa.orm.Session, kind: str) -> list[Any]:
    """What the session's current transaction queued under ``kind``: append to it."""
    by_kind: dict[str, list[Any]] = session.info.setdefault(_QUEUED_KEY, {})
    return by_kind.setdefault(kind, [])


@contextmanager
def unit_of_work() -> Iterator[Any]:
    """Run the body as one transaction, commit it, then hand over what it queued.

    Not reentrant: a service that needs a commit is a design error (STYLE.md), so nesting raises.
    On an exception everything is rolled back, queued work included, and the exception propagates.
    """
    session = current_app.extensions["sqlalchemy"].session()
    if session.info.get(_IN_UNIT_KEY):
        raise NestedUnitOfWork("unit_of_work() is not reentrant; commit only at the outer edge")
    session.info[_IN_UNIT_KEY] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        session.info.pop(_QUEUED_KEY, None)  # also when the body never touched the database
        raise
    finally:
        session.info[_IN_UNIT_KEY] = False
    for kind, items in session.info.pop(_QUEUED_KEY, {}).items():
        if items:
            _handlers[kind](items)


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _drop_queued_on_rollback(session: sa.orm.Session, previous_transaction: Any) -> None:
    # A rollback of the transaction discards the outbox rows, so what it queued must go too.
    if not previous_transaction.nested:
        session.info.pop(_QUEUED_KEY, None)
