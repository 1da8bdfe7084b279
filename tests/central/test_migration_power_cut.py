"""The central server's upgrade on SQLite survives a power cut after any statement.

From a new file and from each earlier revision holding rows in every table, the
server's opening of its database is cut after each statement (and each step of the copy
taken before): the file is then at the old revision with the old schema or at the head
with the new one, every row there, and the next start brings it to the head with every
row and no copy left.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from central.db import MIGRATIONS, Database, make_engine
from kiosk.store.database import backup_path, upgrade
from tests.migration_cuts import Upgrades, copy_store

HEAD = "0013"


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def open_database(path: Path) -> None:
    Database(url(path)).close()


def migrate_to(path: Path, rev: str) -> None:
    engine = make_engine(url(path), immediate=True)
    try:
        upgrade(engine, MIGRATIONS, rev)
    finally:
        engine.dispose()


@pytest.fixture
def upgrades(tmp_path: Path) -> Upgrades:
    return Upgrades(tmp_path, open_database, migrate_to, HEAD)


@pytest.mark.parametrize(
    "start",
    [None, "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"],
    ids=[
        "new-database",
        "from-0001",
        "from-0002",
        "from-0003",
        "from-0004",
        "from-0005",
        "from-0006",
        "from-0007",
        "from-0008",
        "from-0009",
        "from-0010",
        "from-0011",
    ],
)
def test_a_cut_after_any_statement_leaves_the_old_or_the_new_database(
    upgrades: Upgrades, start: str | None
) -> None:
    steps = upgrades.cut_everywhere_from(start)
    assert steps > 5  # the statements were counted (a cut point per statement)


@pytest.mark.parametrize("left", ["as-it-was", "unreadable"])
def test_a_start_after_a_cut_upgrade_puts_the_copy_back(
    upgrades: Upgrades, tmp_path: Path, left: str
) -> None:
    """What a cut upgrade leaves (the file as it was, or one no longer readable, with
    its copy beside it): the next start puts the copy back, then upgrades."""
    template, seeded = upgrades.template("0001")
    assert template is not None
    path = tmp_path / "restart" / "central.db"
    path.parent.mkdir()
    if left == "unreadable":
        path.write_bytes(b"\0garbled" * 1000)
    else:
        copy_store(template, path)
    copy_store(template, backup_path(path))
    open_database(path)
    upgrades.check_upgraded(path, seeded)
