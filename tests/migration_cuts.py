"""Power cuts during schema upgrades, for the terminal's store and the central server.

`cut_after(n, action)` runs `action` in a forked child (the parent's imports already
loaded: no interpreter start per cut) that dies with `os._exit` right after its n-th
step: every SQL statement on any engine, every few pages the SQLite backup API copies,
and just before a leftover copy is removed. `cut_everywhere` does that for n = 1, 2, ...
until the child finishes uncut, checking the file after every cut.

What a file holds is read with the sqlite3 module only: its schema as SQLite reports it
(tables, columns, indexes, foreign keys), its revision and its rows, for comparison
with a fresh store at the old or the new revision.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import sqlite3
import sys
import traceback
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Engine, event

from kiosk.store import database

CUT = 77  # the child's exit status when it was cut (any other non-zero is a failure)
FAILED = 3
PAGES_PER_STEP = 4  # the backup API's pages between two cut points
MAX_STEPS = 2000  # far more than any upgrade here runs: a loop that never ends is a bug

Schema = dict[str, dict[str, Any]]
Rows = dict[str, list[tuple[Any, ...]]]


class Seeded(NamedTuple):
    columns: dict[str, list[str]]  # the tables seeded, their columns then
    rows: Rows


def _install_cut(n: int) -> None:
    """In the child: die right after the n-th step."""
    steps = itertools.count(1)

    def step() -> None:
        if next(steps) >= n:
            os._exit(CUT)  # the power cut: no rollback, no close, no checkpoint

    def after_statement(*_args: Any) -> None:
        step()

    event.listen(Engine, "after_cursor_execute", after_statement)

    def copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
        source.backup(target, pages=PAGES_PER_STEP, progress=lambda *_: step())

    discard = database._discard

    def discard_after_a_step(path: Path) -> None:
        step()
        discard(path)

    database._copy = copy
    database._discard = discard_after_a_step


def cut_after(n: int, action: Callable[[], None]) -> bool:
    """Run `action` in a child cut after its n-th step; True when it was cut."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            _install_cut(n)
            action()
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(FAILED)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, CUT), f"the child failed at step {n} (exit status {code})"
    return code == CUT


def cut_everywhere(
    tmp: Path,
    prepare: Callable[[Path], None],
    action: Callable[[Path], None],
    check: Callable[[Path], None],
) -> int:
    """Prepare a file, cut `action` on it after step n, `check` it; for every n until
    the action completes uncut. Returns the number of cut points tried."""
    for n in range(1, MAX_STEPS):
        path = tmp / f"cut-{n}" / "store.db"
        path.parent.mkdir(parents=True)
        prepare(path)
        was_cut = cut_after(n, functools.partial(action, path))
        try:
            check(path)
        except AssertionError as e:
            raise AssertionError(f"after a cut at step {n}: {e}") from e
        shutil.rmtree(path.parent)
        if not was_cut:
            return n
    raise AssertionError(f"the action was still cut after {MAX_STEPS} steps")


def _connect(path: Path) -> sqlite3.Connection:
    # Read-write, as the next start opens it: SQLite drops a cut transaction first.
    return sqlite3.connect(path)


def schema(path: Path) -> Schema:
    """Tables, their columns, indexes and foreign keys, as SQLite reports them."""
    found: Schema = {}
    with closing(_connect(path)) as c:
        tables = [
            name
            for (name,) in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            indexes = {}
            for _, name, unique, origin, partial in c.execute(f'PRAGMA index_list("{table}")'):
                columns = [col for _, _, col in c.execute(f'PRAGMA index_info("{name}")')]
                indexes[name] = (unique, origin, partial, columns)
            found[table] = {
                "columns": [row[1:] for row in c.execute(f'PRAGMA table_info("{table}")')],
                "indexes": indexes,
                "foreign_keys": sorted(
                    row[2:5] for row in c.execute(f'PRAGMA foreign_key_list("{table}")')
                ),
            }
    return found


def revision(path: Path) -> str | None:
    with closing(_connect(path)) as c:
        if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
            return None
        versions = [v for (v,) in c.execute("SELECT version_num FROM alembic_version")]
    assert len(versions) <= 1, versions
    return versions[0] if versions else None


def healthy(path: Path) -> None:
    with closing(_connect(path)) as c:
        integrity = c.execute("PRAGMA integrity_check").fetchall()
        assert integrity == [("ok",)], f"integrity check: {integrity}"
        dangling = c.execute("PRAGMA foreign_key_check").fetchall()
        assert not dangling, f"foreign keys to nowhere: {dangling}"


def rows(path: Path, columns: dict[str, list[str]]) -> Rows:
    """The rows of each table in `columns`, those columns only, in a stable order."""
    found: Rows = {}
    with closing(_connect(path)) as c:
        for table, names in columns.items():
            listed = ", ".join(f'"{n}"' for n in names)
            found[table] = sorted(c.execute(f'SELECT {listed} FROM "{table}"'), key=repr)
    return found


def columns_of(found: Schema) -> dict[str, list[str]]:
    return {
        table: [column[0] for column in info["columns"]]
        for table, info in found.items()
        if table != "alembic_version"
    }


def _value(declared: str, table: str, i: int) -> Any:
    """A value of the declared type; the same in every table for the same row number,
    so that foreign keys (declarations.id, events.id, ...) find their row."""
    kind = declared.upper()
    if kind.startswith(("INTEGER", "BIGINT", "SMALLINT")):
        return i
    if kind.startswith("BOOLEAN"):
        return i % 2
    if kind.startswith(("FLOAT", "DOUBLE", "REAL", "NUMERIC")):
        return i + 0.5
    if kind == "DATETIME":
        return f"2026-11-2{i} 10:0{i}:00.000000"
    if kind == "DATE":
        return f"2026-11-2{i}"
    if kind == "JSON":
        return f'{{"row": {i}, "table": "{table}"}}'
    if kind.startswith(("VARCHAR", "TEXT", "CHAR")):
        return f"v{i}"
    raise AssertionError(f"no seed value for {table}: {declared}")


def seed(path: Path, count: int = 3) -> Seeded:
    """`count` rows in every table but alembic_version (parents before children);
    returns the columns seeded and what the file then holds."""
    found = schema(path)
    tables = columns_of(found)
    done: set[str] = set()
    with closing(_connect(path)) as c, c:
        c.execute("PRAGMA foreign_keys=ON")
        while len(done) < len(tables):
            ready = [
                t
                for t in tables
                if t not in done
                and all(fk[0] in done or fk[0] == t for fk in found[t]["foreign_keys"])
            ]
            assert ready, f"foreign keys in a cycle: {set(tables) - done}"
            for table in ready:
                info = found[table]["columns"]
                names = ", ".join(f'"{col[0]}"' for col in info)
                marks = ", ".join("?" for _ in info)
                for i in range(1, count + 1):
                    values = [_value(col[1], table, i) for col in info]
                    c.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
                done.add(table)
    return Seeded(tables, rows(path, tables))


def copy_store(source: Path, target: Path) -> None:
    """A copy of a closed store (its WAL checkpointed into the file)."""
    with closing(sqlite3.connect(source)) as s, closing(sqlite3.connect(target)) as t:
        s.backup(t)


def leftovers(path: Path) -> list[str]:
    """Files an upgrade leaves beside the store (its copy, a copy cut short)."""
    return sorted(p.name for p in path.parent.iterdir() if ".pre-upgrade" in p.name)


class Upgrades:
    """Fresh schemas at each revision, seeded templates, and the checks after a cut.

    `open_store(path)` is what a start does (the store or the server opening its file);
    `migrate_to(path, revision)` builds a fresh file at that revision.
    """

    def __init__(
        self,
        tmp: Path,
        open_store: Callable[[Path], None],
        migrate_to: Callable[[Path, str], None],
        head: str,
    ) -> None:
        self.tmp = tmp
        self.open_store = open_store
        self.migrate_to = migrate_to
        self.head = head
        self.schemas: dict[str | None, Schema] = {None: {}}
        self.schemas[head] = self._fresh(head)

    def _fresh(self, rev: str) -> Schema:
        path = self.tmp / "fresh" / rev / "store.db"
        path.parent.mkdir(parents=True)
        self.migrate_to(path, rev)
        return schema(path)

    def template(self, rev: str | None) -> tuple[Path | None, Seeded]:
        """A store at `rev` holding rows in every table (None: no file yet)."""
        if rev is None:
            return None, Seeded({}, {})
        if rev not in self.schemas:
            self.schemas[rev] = self._fresh(rev)
        path = self.tmp / "template" / rev / "store.db"
        path.parent.mkdir(parents=True)
        self.migrate_to(path, rev)
        return path, seed(path)

    def cut_everywhere_from(self, rev: str | None) -> int:
        """Cut the opening of a store at `rev` after every step; returns the steps."""
        template, seeded = self.template(rev)

        def prepare(path: Path) -> None:
            if template is not None:
                copy_store(template, path)

        def check(path: Path) -> None:
            self.check_cut(path, rev, seeded)
            self.open_store(path)  # the next start
            self.check_upgraded(path, seeded)

        return cut_everywhere(self.tmp / f"from-{rev}", prepare, self.open_store, check)

    def check_cut(self, path: Path, old: str | None, seeded: Seeded) -> None:
        """Right after the cut: the old schema or the new one, and every row."""
        healthy(path)
        now = revision(path)
        assert now in (old, self.head), f"revision {now}, neither {old} nor {self.head}"
        assert schema(path) == self.schemas[now], f"the schema is not that of {now}"
        self.check_rows(path, seeded)

    def check_upgraded(self, path: Path, seeded: Seeded) -> None:
        """After the next start: the new schema, every row, no copy left beside it."""
        healthy(path)
        assert revision(path) == self.head, f"revision {revision(path)}, not {self.head}"
        assert schema(path) == self.schemas[self.head], f"the schema is not {self.head}'s"
        self.check_rows(path, seeded)
        assert not leftovers(path), f"left beside the store: {leftovers(path)}"

    @staticmethod
    def check_rows(path: Path, seeded: Seeded) -> None:
        found = columns_of(schema(path))
        missing = {
            f"{t}.{c}" for t, cs in seeded.columns.items() for c in cs if c not in found.get(t, ())
        }
        assert not missing, f"gone: {sorted(missing)}"
        assert rows(path, seeded.columns) == seeded.rows, "the rows differ from those seeded"
