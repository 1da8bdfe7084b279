"""Opening the local store: a SQLite file, its connection settings and its migrations.

Every connection gets WAL (readers never block the writer) and synchronous=FULL (a
committed ticket survives a power cut). The schema is brought up to date with Alembic
when the store is opened, so a terminal upgraded in the field keeps its data.

An upgrade survives a power cut at any point (`upgrade()`, shared with the central
server on SQLite):

- All pending migrations run in one transaction, on a connection of their own that
  starts it with BEGIN IMMEDIATE (pysqlite would send DDL outside any transaction), with
  `alembic_version` written in it: the file is at its old revision or at the new head,
  never in between. `PRAGMA journal_mode=WAL` runs when that connection opens, before
  the transaction (SQLite refuses it inside one).
- Before upgrading a store that holds data, a copy is taken next to it
  (`<file>.pre-upgrade`, by SQLite's backup API into `<file>.pre-upgrade.partial`,
  synced, then renamed): its presence says "an upgrade was started and not confirmed".
  When the upgrade fails, the copy is put back (again by the backup API, which writes
  the store in one transaction) and then removed.
- The next open after a cut finds the copy: a store at the target revision had
  committed, so the copy is only removed; any other store (older revision, or not
  readable) gets the copy back, then the upgrade runs again. A `.partial` is a copy cut
  short and is removed.
- Openers of files in one directory take turns (`flock` on the directory), so that a
  second process never mistakes an upgrade in flight for one cut short.
- Old copies are not kept: the copy holds applicants' personal data, and a second copy
  left beside the store would outlive what is done to the store itself; once the
  upgrade has committed, the store is the only copy again. Keeping release backups is
  the installer's business, not the store's.

A store written by a newer release (its `alembic_version` names a revision these
migrations do not have: an update rolled back, a data folder copied from a newer
terminal) is refused with `StoreTooNew` before anything else happens to it: no copy, no
journal mode change, no migration, the file not even opened for writing. Running on it
would write rows an older schema does not describe, and a downgrade is the newer
release's business.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from kiosk.i18n import Text, text
from kiosk.store.file_lock import exclusive, sync_directory

if TYPE_CHECKING:
    from alembic.config import Config

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


class StoreError(Exception):
    """The store cannot be used; `message` says why in both languages, for the screen,
    the console and the technician (no personal data in it)."""

    def __init__(self, message: Text) -> None:
        super().__init__(f"{message.zh} / {message.en}")
        self.message = message


TOO_NEW = text(
    "数据库版本比本程序新（数据库版本 {found}，本程序最高支持 {known}）：请安装新版本的终端"
    "程序。数据库未作任何改动：{path}",
    "The store was written by a newer version of the kiosk (store revision {found}, this "
    "program knows up to {known}): install the newer version. The store was left "
    "untouched: {path}",
)


class StoreTooNew(StoreError):
    """The store's schema revision is unknown to this program's migrations: it was
    written by a newer release. Nothing was done to the file."""

    def __init__(self, path: Path | None, found: set[str], known: str) -> None:
        self.path, self.found, self.known = path, found, known
        where = str(path) if path is not None else "-"
        super().__init__(TOO_NEW.format(found=", ".join(sorted(found)), known=known, path=where))


# Alembic keeps its migration context in module globals: one migration at a time.
_MIGRATION_LOCK = threading.Lock()

BACKUP_SUFFIX = ".pre-upgrade"  # the copy taken before an upgrade, until it committed
PARTIAL_SUFFIX = ".pre-upgrade.partial"  # that copy while it is being written


def upgrade(engine: Engine, migrations: Path = MIGRATIONS, target: str = "head") -> None:
    """Bring the database of `engine` to `target` with the migrations in `migrations`
    (the store's; the central server's): all of them or none (see the module docstring).
    """
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    path = sqlite_file(engine)
    with _MIGRATION_LOCK:
        if path is None:  # PostgreSQL has transactional DDL; an in-memory SQLite no file
            _refuse_unknown(_revisions(engine), cfg, None)
            _migrate(engine, cfg, target)
            return
        # Before the lock file, the copy or any connection of SQLAlchemy's (whose first
        # statement sets the journal mode): a newer release's store stays as it is.
        _refuse_unknown(_file_revisions(path), cfg, path)
        migrator = _migration_engine(engine)
        try:
            with _upgrade_lock(path):
                _upgrade_file(migrator, path, cfg, target)
        finally:
            migrator.dispose()


UPGRADE_LOCK = ".upgrade.lock"  # beside the store: one upgrading opener at a time


@contextmanager
def _upgrade_lock(path: Path) -> Iterator[None]:
    """One opener at a time upgrades the files of a directory, across processes (the
    central server and an admin command, say): another opener waits, instead of taking
    an upgrade in flight for one cut short and putting its copy back."""
    with exclusive(path.with_name(UPGRADE_LOCK)):
        yield


def sqlite_file(engine: Engine) -> Path | None:
    """The SQLite file `engine` opens, or None (another database, or one in memory)."""
    url = engine.url
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a URI filename: no plain path to copy beside
        return None
    return Path(database)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def _migration_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the "begin" event says BEGIN IMMEDIATE
    _on_connect(dbapi_connection, _record)  # WAL while no transaction is open


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _migration_engine(engine: Engine) -> Engine:
    """An engine on the same file whose transactions hold the write lock from their
    first statement and include DDL (the store's own engine lets pysqlite decide)."""
    migrator = create_engine(engine.url, poolclass=NullPool)
    event.listen(migrator, "connect", _migration_connect)
    event.listen(migrator, "begin", _begin_immediate)
    return migrator


def _migrate(engine: Engine, cfg: Config, target: str) -> None:
    from alembic import command

    # One transaction for the whole upgrade: env.py runs inside it (an external
    # transaction to Alembic), alembic_version included.
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, target)


def _revisions(engine: Engine) -> set[str]:
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def _file_revisions(path: Path) -> set[str]:
    """The revisions in `alembic_version` of the SQLite file at `path`, read without
    writing anything: empty for no file, a file without that table, or one SQLite cannot
    read (the upgrade's own recovery deals with those)."""
    if not path.is_file():
        return set()
    # Without a WAL beside it the main file is the whole database: read it as immutable
    # (no lock, no -shm made). With one, read-only, so that the WAL's commits count.
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "immutable=1"
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)) as c:
            if not c.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone():
                return set()
            rows = c.execute("SELECT version_num FROM alembic_version LIMIT 16").fetchall()
    except sqlite3.DatabaseError:
        return set()
    return {str(v)[:40] for (v,) in rows}  # a hostile file: short names for the message


def _refuse_unknown(current: set[str], cfg: Config, path: Path | None) -> None:
    """StoreTooNew when a revision in `current` is not among the migrations'."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(cfg)
    known = {r.revision for r in script.walk_revisions()}
    unknown = current - known
    if unknown:
        head = script.get_current_head() or "-"
        log.error("the store %s is at revision %s, newer than %s", path, unknown, head)
        raise StoreTooNew(path, unknown, head)


def _target(cfg: Config, target: str) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(cfg)
    return {r.revision for r in script.get_revisions(target) if r is not None}


def _upgrade_file(migrator: Engine, path: Path, cfg: Config, target: str) -> None:
    wanted = _target(cfg, target)
    backup = backup_path(path)
    _discard(path.with_name(path.name + PARTIAL_SUFFIX))  # a copy cut short
    if backup.exists():
        _recover(migrator, path, backup, wanted)
    current = _revisions(migrator)
    if current == wanted:
        return
    if current:  # a store holding data (a new file has no revision: nothing to lose)
        _take_backup(path, backup)
    try:
        _migrate(migrator, cfg, target)
    except BaseException:
        if backup.exists():
            log.error("the upgrade of %s failed: its copy from before is put back", path)
            _restore(path, backup)
            _discard(backup)
        raise
    _discard(backup)


def _recover(migrator: Engine, path: Path, backup: Path, wanted: set[str]) -> None:
    """An earlier upgrade was cut short: keep a store that reached its target, else put
    the copy back."""
    try:
        reached = _revisions(migrator) == wanted
    except exc.DatabaseError:  # not readable: the copy is the store
        reached = False
    if reached:
        log.info("the upgrade of %s had committed: its copy from before is removed", path)
    else:
        log.warning("the upgrade of %s was cut short: its copy from before is put back", path)
        _restore(path, backup)
    _discard(backup)


def _take_backup(path: Path, backup: Path) -> None:
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(partial)) as copy:
        _copy(source, copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    _fsync(partial)
    os.replace(partial, backup)  # the copy appears whole or not at all
    sync_directory(path.parent)


def _restore(path: Path, backup: Path) -> None:
    # The backup API writes the store in one transaction of the store's: a cut during
    # the restore leaves the store as it was, and the copy is still there for next time.
    source_uri = f"{backup.resolve().as_uri()}?mode=ro"
    try:
        with (
            closing(sqlite3.connect(source_uri, uri=True)) as source,
            closing(sqlite3.connect(path)) as store,
        ):
            _copy(source, store)
    except sqlite3.DatabaseError:  # the store is no database any more: a new file
        partial = path.with_name(path.name + PARTIAL_SUFFIX)
        _discard(partial)
        with (
            closing(sqlite3.connect(source_uri, uri=True)) as source,
            closing(sqlite3.connect(partial)) as fresh,
        ):
            _copy(source, fresh)
        _fsync(partial)
        for log_file in ("-wal", "-shm", "-journal"):  # the old file's: not for the new
            path.with_name(path.name + log_file).unlink(missing_ok=True)
        os.replace(partial, path)
        sync_directory(path.parent)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)


def _discard(path: Path) -> None:
    for leftover in [path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))]:
        leftover.unlink(missing_ok=True)
    sync_directory(path.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
            try:
                upgrade(self.engine)
            except BaseException:
                self.engine.dispose()
                raise
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
