"""Opening the local store: a SQLite file, its connection settings and its migrations.

Every connection gets WAL (readers never block the writer) and synchronous=FULL (a
committed ticket survives a power cut). The schema is brought up to date with Alembic
when the store is opened, so a terminal upgraded in the field keeps its data.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file at `path` with the store's connection settings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    return engine


# Alembic keeps its migration context in module globals: one migration at a time.
_MIGRATION_LOCK = threading.Lock()


def upgrade(engine: Engine, migrations: Path = MIGRATIONS) -> None:
    """Apply every pending migration in `migrations` (the store's; the central server's)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    with _MIGRATION_LOCK, engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


OUTBOX_ADDED = "outbox_added"  # Session.info key: the transaction queued an outbox event


class WrongThread(RuntimeError):
    """A write from a thread that does not own the store (the store lane does)."""


class Store:
    """The terminal's database: open it once at start, then take sessions from it.

    `bind_writer(thread)` makes that thread the only one allowed to write (the terminal's
    store lane); `on_outbox(callback)` is called after every commit that queued an
    outbox event, so the sync wakes on news instead of polling for it.
    """

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = path
        self.engine = make_engine(path)
        if migrate:
            upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writer: threading.Thread | None = None
        self._outbox_listeners: list[Callable[[], None]] = []

    def bind_writer(self, thread: threading.Thread | None) -> None:
        self._writer = thread

    def on_outbox(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` after each commit that queued an event; returns the remover."""
        self._outbox_listeners.append(callback)
        return lambda: self._outbox_listeners.remove(callback)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together at the end, or not at all."""
        writer = self._writer
        if writer is not None and threading.current_thread() is not writer:
            raise WrongThread(
                f"the store is written by {writer.name}, not {threading.current_thread().name}"
            )
        with self._sessions() as session:
            with session.begin():
                yield session
            queued = session.info.pop(OUTBOX_ADDED, False)
        if queued:
            for listener in list(self._outbox_listeners):
                try:
                    listener()
                except Exception:  # a listener's bug must not undo a committed write
                    log.exception("outbox listener failed")

    def session(self) -> Session:
        """A session for reading (the caller closes it)."""
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()
