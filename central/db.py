"""Opening the central database: SQLite by default, PostgreSQL through a database URL.

The same models and Alembic migrations serve both. On SQLite every connection gets WAL
and synchronous=FULL, and write transactions start with BEGIN IMMEDIATE: in WAL mode a
transaction that read first and then writes fails at once ("database is locked", which
the busy timeout does not cover) when another writer committed in between, so writers
take the write lock before they read. Reads use a second engine that does not.

Upgrades go through the terminal's runner (`kiosk.store.database.upgrade`): every pending
migration in one transaction (on PostgreSQL as on SQLite), and on SQLite a copy of the
file taken before and put back when the upgrade fails or was cut short by a power cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.database import upgrade as run_migrations  # one Alembic runner, one lock

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_URL = "sqlite:///central.db"


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event says BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, immediate: bool = False) -> Engine:
    """An engine for `url`; on SQLite, `immediate` makes every transaction a writer's."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_settings)
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    return engine


def upgrade(engine: Engine) -> None:
    """Apply every pending migration, all of them or none."""
    run_migrations(engine, MIGRATIONS)


class Database:
    """The central database: `transaction()` for writes, `read()` for reads."""

    def __init__(self, url: str = DEFAULT_URL, *, migrate: bool = True) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        self.writer = make_engine(url, immediate=True)
        self.reader = make_engine(url) if self.is_sqlite else self.writer
        if migrate:
            upgrade(self.writer)
        self._writes = sessionmaker(self.writer, expire_on_commit=False)
        self._reads = sessionmaker(self.reader, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits together at the end, or not at all."""
        with self._writes() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (nothing it changes is committed)."""
        with self._reads() as session:
            try:
                yield session
            finally:
                session.rollback()

    def close(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()
