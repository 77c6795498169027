"""Database engine and sessions (SQLite by default, PostgreSQL in production)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session, create_engine

#: PostgreSQL advisory lock taken by migrations and seeding: replicas starting together
#: take turns instead of racing (any constant, the same in every process).
SETUP_LOCK_KEY = 7_302_100_117


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def row_id(row: _Row) -> int:
    """The primary key of a stored row. SQLModel types `id` as `int | None` (it is None only
    before the first flush), so code that passes an id on reads it through here."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: it has not been flushed")
    return row.id


@contextmanager
def setup_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that no other process's setup transaction overlaps (migrations and
    seeding): PostgreSQL by an advisory lock held to the commit, SQLite by a file lock
    beside the database file (its DDL would not otherwise wait for another writer)."""
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and database not in ("", ":memory:"):
        with open(f"{database}.setup-lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            with engine.begin() as connection:
                yield connection
        return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})
        yield connection


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite:"):
        path = database_url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(database_url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(
            dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry
        ) -> None:  # pragma: no cover
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(database_url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
