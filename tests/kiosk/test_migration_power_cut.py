"""The store's upgrade survives a power cut after any of its statements.

From a new file and from revision 0001 holding rows in every table, the opening of the
store is cut after each statement (and each step of the copy taken before): the file is
then at the old revision with the old schema or at the head with the new one, every row
there, and the next start brings it to the head with every row and no copy left.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import textwrap
import traceback
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from kiosk.store import database
from kiosk.store.database import (
    MIGRATIONS,
    UPGRADE_LOCK,
    Store,
    backup_path,
    make_engine,
    upgrade,
)
from tests.migration_cuts import (
    Upgrades,
    copy_store,
    cut_everywhere,
    leftovers,
    revision,
    rows,
    schema,
)

HEAD = "0005"


def open_store(path: Path) -> None:
    Store(path).close()


def migrate_to(path: Path, rev: str, migrations: Path = MIGRATIONS) -> None:
    engine = make_engine(path)
    try:
        upgrade(engine, migrations, rev)
    finally:
        engine.dispose()


@pytest.fixture
def upgrades(tmp_path: Path) -> Upgrades:
    return Upgrades(tmp_path, open_store, migrate_to, HEAD)


@pytest.mark.parametrize(
    "start",
    [None, "0001", "0002", "0003"],
    ids=["new-store", "from-0001", "from-0002", "from-0003"],
)
def test_a_cut_after_any_statement_leaves_the_old_or_the_new_store(
    upgrades: Upgrades, start: str | None
) -> None:
    steps = upgrades.cut_everywhere_from(start)
    assert steps > 10  # the statements were counted (a cut point per statement)


def test_a_start_after_a_cut_puts_the_copy_back_and_survives_cuts_itself(
    upgrades: Upgrades, tmp_path: Path
) -> None:
    """The state a cut upgrade leaves (the store as it was, its copy beside it), opened
    with cuts during the restore and the upgrade that follows."""
    template, seeded = upgrades.template("0001")
    assert template is not None

    def prepare(path: Path) -> None:
        copy_store(template, path)
        copy_store(template, backup_path(path))

    def check(path: Path) -> None:
        upgrades.check_cut(path, "0001", seeded)
        open_store(path)
        upgrades.check_upgraded(path, seeded)

    assert cut_everywhere(tmp_path / "restart", prepare, open_store, check) > 10


def test_a_copy_left_after_the_commit_is_removed_and_the_store_kept(
    upgrades: Upgrades, tmp_path: Path
) -> None:
    template, seeded = upgrades.template("0001")
    assert template is not None
    path = tmp_path / "committed" / "kiosk.db"
    path.parent.mkdir()
    copy_store(template, path)
    open_store(path)
    copy_store(template, backup_path(path))  # a cut between the commit and the removal
    open_store(path)
    upgrades.check_upgraded(path, seeded)


def test_an_unreadable_store_with_its_copy_beside_it_is_put_back(
    upgrades: Upgrades, tmp_path: Path
) -> None:
    template, seeded = upgrades.template("0001")
    assert template is not None
    path = tmp_path / "garbled" / "kiosk.db"
    path.parent.mkdir()
    path.write_bytes(b"not a database at all" * 200)
    copy_store(template, backup_path(path))
    open_store(path)
    upgrades.check_upgraded(path, seeded)


FAILING = textwrap.dedent('''
    """A migration that escapes the transaction (as VACUUM or a journal mode change
    would have to) and then fails."""

    from alembic import op

    revision = "0006"
    down_revision = "0005"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        bind = op.get_bind()
        bind.exec_driver_sql("COMMIT")
        bind.exec_driver_sql("DELETE FROM tickets")
        bind.exec_driver_sql("DROP TABLE sync_state")
        raise RuntimeError("this migration fails")


    def downgrade() -> None:
        pass
''')


@pytest.fixture
def failing_migrations(tmp_path: Path) -> Path:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "0006_fails.py").write_text(FAILING)
    return migrations


def test_a_failed_upgrade_puts_the_copy_back(
    upgrades: Upgrades, tmp_path: Path, failing_migrations: Path
) -> None:
    template, seeded = upgrades.template(HEAD)
    assert template is not None
    path = tmp_path / "failed" / "kiosk.db"
    path.parent.mkdir()
    copy_store(template, path)
    with pytest.raises(RuntimeError, match="this migration fails"):
        migrate_to(path, "head", failing_migrations)
    assert revision(path) == HEAD
    assert schema(path) == upgrades.schemas[HEAD]
    assert rows(path, seeded.columns) == seeded.rows
    assert leftovers(path) == []


def test_a_cut_while_a_failed_upgrade_is_put_back_loses_nothing(
    upgrades: Upgrades, tmp_path: Path, failing_migrations: Path
) -> None:
    template, seeded = upgrades.template(HEAD)
    assert template is not None

    def prepare(path: Path) -> None:
        copy_store(template, path)

    def failing_start(path: Path) -> None:
        with pytest.raises(RuntimeError, match="this migration fails"):
            migrate_to(path, "head", failing_migrations)

    def check(path: Path) -> None:
        failing_start(path)  # the same release starts again: it fails the same way
        assert revision(path) == HEAD
        assert schema(path) == upgrades.schemas[HEAD]
        assert rows(path, seeded.columns) == seeded.rows
        assert leftovers(path) == []

    assert cut_everywhere(tmp_path / "failing", prepare, failing_start, check) > 10


def test_the_copy_is_a_plain_file_of_the_old_store(tmp_path: Path) -> None:
    """What the copy is, for whoever finds one: a whole SQLite file (no WAL beside it)
    at the old revision."""
    path = tmp_path / "kiosk.db"
    migrate_to(path, "0001")
    database._take_backup(path, backup_path(path))
    with closing(sqlite3.connect(backup_path(path))) as c:
        assert c.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert revision(backup_path(path)) == "0001"
    assert leftovers(path) == ["kiosk.db.pre-upgrade"]


def test_an_upgrade_in_flight_makes_another_opener_wait(upgrades: Upgrades, tmp_path: Path) -> None:
    """While one process upgrades (its copy beside the store, nothing committed), the
    directory's upgrade lock is held: another opener waits instead of taking the copy
    for one left by a cut and putting it back."""
    template, seeded = upgrades.template("0001")
    assert template is not None
    path = tmp_path / "busy" / "kiosk.db"
    path.parent.mkdir()
    copy_store(template, path)
    paused_r, paused_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            paused: list[bool] = []

            def pause(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
                # At the first ALTER TABLE only (the upgrade has several since 0003).
                if not paused and statement.lstrip().upper().startswith("ALTER TABLE"):
                    paused.append(True)
                    os.write(paused_w, b"p")
                    os.read(go_r, 1)

            event.listen(Engine, "after_cursor_execute", pause)
            open_store(path)
        except BaseException:
            traceback.print_exc()
            os._exit(3)
        os._exit(0)
    try:
        assert os.read(paused_r, 1) == b"p"  # the child is inside its upgrade
        assert leftovers(path) == ["kiosk.db.pre-upgrade"]
        probe = os.open(path.with_name(UPGRADE_LOCK), os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(probe)
    finally:
        os.write(go_w, b"g")
        _, status = os.waitpid(pid, 0)
        for fd in (paused_r, paused_w, go_r, go_w):
            os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    open_store(path)
    upgrades.check_upgraded(path, seeded)
