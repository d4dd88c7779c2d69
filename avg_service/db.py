"""The declarative base, column types and the unit-of-work helper.

``Base`` carries a constraint naming convention so Alembic migrations name every index and
constraint the same way on SQLite and PostgreSQL. ``UTCDateTime`` stores aware UTC datetimes
(SQLite would silently drop the zone). ``unit_of_work`` is the one place that commits: views, CLI
commands and job entries wrap their work in it, services only flush (STYLE.md). Jobs queued inside
the unit are dispatched only after the commit succeeded; a rollback drops them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase

from avg_service.clock import AMSTERDAM

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def sql_values(members: Iterable[StrEnum]) -> str:
    """``'a', 'b'``: an enum's values as the list in a CHECK's ``IN (...)``, so the constraint
    and the enum are one fact."""
    return ", ".join(f"'{member.value}'" for member in members)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """An aware UTC datetime on every database; a naive value is a bug and is refused."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use clock.now_utc()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class local_date(sa.sql.functions.GenericFunction[Any]):  # noqa: N801 (an SQL function)
    """The calendar date in Europe/Amsterdam of a ``UTCDateTime`` column, in the database:
    ``timezone('Europe/Amsterdam', x)::date`` on PostgreSQL, a registered function on SQLite
    (``_sqlite_local_date``). Lets a query compare a moment with a local date per row without
    a CASE per date (the figures' tasks answered on time)."""

    type = sa.Date()
    inherit_cache = True
    name = "avg_local_date"


@compiles(local_date, "postgresql")
def _local_date_postgresql(element: local_date, compiler: Any, **kw: Any) -> str:
    return f"CAST(timezone('Europe/Amsterdam', {compiler.process(element.clauses, **kw)}) AS DATE)"


def _sqlite_local_date(value: str | None) -> str | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return moment.astimezone(AMSTERDAM).date().isoformat()


class NestedUnitOfWork(RuntimeError):
    """A unit of work was opened inside another: only the outer edge may commit."""


_PENDING_JOBS_KEY = "avg_pending_jobs"
_IN_UNIT_KEY = "avg_in_unit_of_work"


@contextmanager
def unit_of_work() -> Iterator[Any]:
    """Run the body as one transaction, commit it, then dispatch the jobs it queued.

    Not reentrant: a service that needs a commit is a design error (STYLE.md), so nesting raises.
    On an exception everything is rolled back, queued jobs included, and the exception propagates.
    """
    from avg_service.extensions import db
    from avg_service.jobs.dispatch import dispatch_committed

    session = db.session()
    if session.info.get(_IN_UNIT_KEY):
        raise NestedUnitOfWork("unit_of_work() is not reentrant; commit only at the outer edge")
    session.info[_IN_UNIT_KEY] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info[_IN_UNIT_KEY] = False
    dispatch_committed(session.info.pop(_PENDING_JOBS_KEY, []))


def pending_jobs(session: sa.orm.Session) -> list[tuple[int, str]]:
    """The outbox ids queued in the session's current transaction, each with its rq queue."""
    jobs: list[tuple[int, str]] = session.info.setdefault(_PENDING_JOBS_KEY, [])
    return jobs


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _drop_jobs_on_rollback(session: sa.orm.Session, previous_transaction: Any) -> None:
    # A rollback of the transaction discards the outbox rows, so their ids must go too.
    if not previous_transaction.nested:
        session.info.pop(_PENDING_JOBS_KEY, None)


#: Connection execution option: this transaction only reads (SQLite: deferred ``BEGIN``).
READ_ONLY = "avg_read_only"


def configure_sqlite(engine: sa.Engine) -> None:
    """Make pysqlite transactional for real: foreign keys, WAL, and SAVEPOINT support.

    pysqlite's own transaction handling breaks SAVEPOINT and defers BEGIN; SQLAlchemy documents
    taking BEGIN over ourselves (the "pysqlite serializable" recipe). ``BEGIN IMMEDIATE`` takes
    the write lock up front: the embedded default then serialises writers instead of failing one
    of two transactions that both read the audit chain head and then write (SQLITE_BUSY).

    A connection with the execution option ``READ_ONLY`` begins with a plain (deferred) ``BEGIN``
    instead: a WAL reader that never takes the write lock, so a long read (verifying the audit
    chain) does not hold up every writer. It must not write: upgrading a deferred transaction to a
    writer can fail at once with SQLITE_BUSY instead of waiting.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        dbapi_connection.create_function("avg_local_date", 1, _sqlite_local_date,
                                         deterministic=True)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
