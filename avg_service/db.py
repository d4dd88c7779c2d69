"""The declarative base and column types.

``Base`` carries a constraint naming convention so Alembic migrations name every index and
constraint the same way on SQLite and PostgreSQL. ``UTCDateTime`` stores aware UTC datetimes
(SQLite would silently drop the zone). ``unit_of_work``, the one place that commits, lives in
``avg_service.uow`` and is re-exported here for the code that imports it from ``db``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase

from avg_service.clock import AMSTERDAM
from avg_service.uow import NestedUnitOfWork, unit_of_work

__all__ = ["READ_ONLY", "Base", "NestedUnitOfWork", "UTCDateTime", "configure_sqlite",
           "sql_values", "table", "unit_of_work"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def table(name: str) -> sa.Table:
    """Another package's table by the name its foreign keys use, for a read that joins it
    without importing that package's models (which would close an import cycle: the audit log
    and the outbox are below the features that write to them)."""
    return Base.metadata.tables[name]


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
