"""A new release over an old store: the data comes along; an older release over a newer
store refuses to start and leaves it alone.

tests/kiosk/test_migration_power_cut.py upgrades a 0001 store seeded with generic
values (a power cut at every statement) and compares raw rows; tests/kiosk/sync/
test_store_upgrade.py one declaration and ticket through 0002. Here a 0001 store holds
what a terminal of that release wrote (declarations with Chinese answers, their
pre-reviews, a ticket, outbox events sent and pending, help calls, audit rows, the
sequences), inserted with that schema's SQL, and today's code reads every row back with
its values after the upgrade: the desks, the outbox and the help desk, not only SQL.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.help_requests import HelpDesk
from kiosk.prereview import prereview
from kiosk.samples import SAMPLES
from kiosk.store.database import (
    MIGRATIONS,
    Store,
    StoreError,
    StoreTooNew,
    make_engine,
    upgrade,
)
from kiosk.store.models import AuditEntry, Declaration, OutboxEvent, PrereviewRecord, Sequence
from kiosk.store.outbox import depth, next_batch

ROOT = Path(__file__).parents[2]
KIOSK = (sys.executable, "-m", "kiosk")
ISSUED = datetime(2026, 11, 26, 2, 5, 30, 123456, tzinfo=UTC)


def at(moment: datetime) -> str:
    """A datetime as 0001's DateTime columns hold it (UTC, naive)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def migrate_to(path: Path, revision: str) -> None:
    engine = make_engine(path)
    try:
        upgrade(engine, MIGRATIONS, revision)
    finally:
        engine.dispose()


def head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    found = ScriptDirectory.from_config(cfg).get_current_head()
    assert found is not None
    return found


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


class FirstRelease:
    """What a terminal of the first schema had written, with that schema's SQL."""

    def __init__(self, catalog: Catalog) -> None:
        item = catalog["elderly-card"]
        self.answers = SAMPLES["elderly-card"]()
        self.materials = {m.id: True for m in item.materials}
        self.review = prereview(item, self.answers, self.materials, date(2026, 11, 26))
        rejected_materials = dict.fromkeys(self.materials, False)
        self.rejected = prereview(item, self.answers, rejected_materials, date(2026, 11, 26))
        self.rejected_materials = rejected_materials

    def write(self, path: Path) -> None:
        answers = json.dumps(self.answers, ensure_ascii=False)
        with closing(sqlite3.connect(path)) as c, c:
            c.executemany(
                "INSERT INTO declarations (id, reference, terminal, item_id, catalog_version, "
                "language, answers, materials, submitted_at, outcome, commitment_accepted_at) "
                "VALUES (?, ?, 7, 'elderly-card', '2f0b9a44037e', ?, ?, ?, ?, ?, NULL)",
                [
                    (
                        1,
                        "20261126-07-0001",
                        "zh_CN",
                        answers,
                        json.dumps(self.materials),
                        at(ISSUED - timedelta(minutes=3)),
                        self.review.outcome.value,
                    ),
                    (
                        2,
                        "20261126-07-0002",
                        "en_US",
                        answers,
                        json.dumps(self.rejected_materials),
                        at(ISSUED + timedelta(minutes=1)),
                        self.rejected.outcome.value,
                    ),
                ],
            )
            c.executemany(
                "INSERT INTO prereview_results (id, declaration_id, outcome, result, reviewed_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        1,
                        1,
                        self.review.outcome.value,
                        json.dumps(self.review.to_dict(), ensure_ascii=False),
                        at(ISSUED - timedelta(minutes=3)),
                    ),
                    (
                        2,
                        2,
                        self.rejected.outcome.value,
                        json.dumps(self.rejected.to_dict(), ensure_ascii=False),
                        at(ISSUED + timedelta(minutes=1)),
                    ),
                ],
            )
            c.execute(
                "INSERT INTO tickets (id, declaration_id, number, day, series, source, counters, "
                "issued_at, print_count, last_print_status, last_printed_at) VALUES "
                "(1, 1, 'B07-001', '2026-11-26', 'B', 'local', '[3, 4]', ?, 1, 'printed', ?)",
                (at(ISSUED), at(ISSUED + timedelta(seconds=2))),
            )
            c.executemany(
                "INSERT INTO outbox (id, kind, payload, created_at, state, attempts, "
                "next_attempt_at, last_error, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        "0b7e6a0e-0000-4000-8000-000000000001",
                        "declaration.submitted",
                        json.dumps({"reference": "20261126-07-0001", "item_id": "elderly-card"}),
                        at(ISSUED - timedelta(minutes=3)),
                        "sent",
                        1,
                        None,
                        None,
                        at(ISSUED - timedelta(minutes=2)),
                    ),
                    (
                        "0b7e6a0e-0000-4000-8000-000000000002",
                        "ticket.issued",
                        json.dumps({"reference": "20261126-07-0001", "number": "B07-001"}),
                        at(ISSUED),
                        "pending",
                        3,
                        at(ISSUED + timedelta(minutes=1)),
                        "ConnectionError: 网络不可达",
                        None,
                    ),
                    (
                        "0b7e6a0e-0000-4000-8000-000000000003",
                        "help.requested",
                        json.dumps({"id": "h-1", "context": {"screen": "form"}}),
                        at(ISSUED + timedelta(minutes=1)),
                        "pending",
                        0,
                        None,
                        None,
                        None,
                    ),
                ],
            )
            c.executemany(
                "INSERT INTO help_requests (id, terminal, state, context, requested_at, "
                "closed_at) VALUES (?, 7, ?, ?, ?, ?)",
                [
                    (
                        "3f1c2d4e-0000-4000-8000-000000000001",
                        "open",
                        json.dumps({"screen": "form", "item_id": "elderly-card"}),
                        at(ISSUED + timedelta(minutes=1)),
                        None,
                    ),
                    (
                        "3f1c2d4e-0000-4000-8000-000000000002",
                        "cancelled",
                        json.dumps({"screen": "home"}),
                        at(ISSUED - timedelta(hours=1)),
                        at(ISSUED - timedelta(minutes=59)),
                    ),
                ],
            )
            c.executemany(
                "INSERT INTO audit_log (id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        1,
                        at(ISSUED),
                        "applicant",
                        "ticket.issued",
                        json.dumps({"reference": "20261126-07-0001", "number": "B07-001"}),
                    ),
                    (
                        2,
                        at(ISSUED + timedelta(minutes=1)),
                        "applicant",
                        "help.requested",
                        json.dumps({"id": "3f1c2d4e-0000-4000-8000-000000000001"}),
                    ),
                ],
            )
            c.executemany(
                "INSERT INTO sequences (name, value) VALUES (?, ?)",
                [("reference:2026-11-26", 2), ("ticket:2026-11-26:B", 1)],
            )


@pytest.fixture
def first_release_store(tmp_path: Path, catalog: Catalog) -> tuple[Path, FirstRelease]:
    path = tmp_path / "data" / "kiosk.db"
    migrate_to(path, "0001")
    written = FirstRelease(catalog)
    written.write(path)
    return path, written


@pytest.fixture
def opened(first_release_store: tuple[Path, FirstRelease]) -> Iterator[Store]:
    store = Store(first_release_store[0])  # the new release's start: to the head
    yield store
    store.close()


def test_the_first_schema_s_rows_come_to_the_head_with_their_values(
    first_release_store: tuple[Path, FirstRelease], opened: Store, catalog: Catalog
) -> None:
    _, written = first_release_store
    with closing(sqlite3.connect(opened.path)) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchall() == [(head(),)]
    with opened.session() as s:
        decls = {d.reference: d for d in s.scalars(select(Declaration))}
        assert set(decls) == {"20261126-07-0001", "20261126-07-0002"}
        first, second = decls["20261126-07-0001"], decls["20261126-07-0002"]
        assert first.answers == written.answers and first.materials == written.materials
        assert first.language == "zh_CN" and second.language == "en_US"
        assert first.submitted_at == ISSUED - timedelta(minutes=3)  # aware UTC again
        assert first.submitted_at.tzinfo is UTC
        assert second.outcome == written.rejected.outcome.value
        # The columns of later revisions are there, empty.
        assert first.committer_name is None and first.commitment_signature is None
        assert first.assisted_by is None and first.assisted_at is None
        ticket = first.ticket
        assert ticket is not None and second.ticket is None
        assert (ticket.number, ticket.day, ticket.series, ticket.source) == (
            "B07-001",
            date(2026, 11, 26),
            "B",
            "local",
        )
        assert ticket.counters == [3, 4] and ticket.issued_at == ISSUED
        assert (ticket.print_count, ticket.last_print_status) == (1, "printed")
        assert ticket.last_printed_at == ISSUED + timedelta(seconds=2)
        assert ticket.ahead is None  # 0002's column: unknown for an old ticket
        reviews = {r.declaration_id: r for r in s.scalars(select(PrereviewRecord))}
        assert reviews[first.id].result == written.review.to_dict()
        outbox = {e.id[-1]: e for e in s.scalars(select(OutboxEvent))}
        assert [(k, e.kind, e.state, e.attempts) for k, e in sorted(outbox.items())] == [
            ("1", "declaration.submitted", "sent", 1),
            ("2", "ticket.issued", "pending", 3),
            ("3", "help.requested", "pending", 0),
        ]
        assert outbox["2"].last_error == "ConnectionError: 网络不可达"
        assert outbox["2"].next_attempt_at == ISSUED + timedelta(minutes=1)
        assert outbox["1"].sent_at == ISSUED - timedelta(minutes=2)
        assert outbox["2"].payload == {"reference": "20261126-07-0001", "number": "B07-001"}
        # The pending events go out in their order once due, as before the update (the
        # sync's batch: an event of that release may have no next attempt set).
        assert depth(s) == 2
        assert next_batch(s, ISSUED + timedelta(seconds=59), 10) == []  # still backing off
        assert [e.kind for e in next_batch(s, ISSUED + timedelta(minutes=2), 10)] == [
            "ticket.issued",
            "help.requested",
        ]
        audit = [(a.actor, a.action, a.detail) for a in s.scalars(select(AuditEntry))]
        assert audit == [
            ("applicant", "ticket.issued", {"reference": "20261126-07-0001", "number": "B07-001"}),
            ("applicant", "help.requested", {"id": "3f1c2d4e-0000-4000-8000-000000000001"}),
        ]
        sequences = {q.name: q.value for q in s.scalars(select(Sequence))}
        assert sequences == {"reference:2026-11-26": 2, "ticket:2026-11-26:B": 1}

    # Today's desks read them: the ticket for a reprint, the open call for the staff home.
    desk = Declarations(opened, catalog, 7, clock=lambda: ISSUED + timedelta(minutes=5))
    issued, review = desk.ticket_details("20261126-07-0001")
    assert (issued.number, issued.counters, issued.issued_at) == ("B07-001", (3, 4), ISSUED)
    assert review == written.review
    calls = HelpDesk(opened, 7, lambda: ISSUED).active_requests()
    assert [(c.id[-1], c.screen, c.item_id) for c in calls] == [("1", "form", "elderly-card")]


def test_the_next_numbers_follow_the_first_release_s(
    opened: Store, catalog: Catalog, first_release_store: tuple[Path, FirstRelease]
) -> None:
    """The sequences came along: the next declaration of that day is 0003, not 0001
    again (a reference that collided would be refused by its unique index)."""
    _, written = first_release_store
    desk = Declarations(opened, catalog, 7, clock=lambda: ISSUED + timedelta(minutes=5))
    submitted = desk.submit("elderly-card", written.answers, written.materials, "zh_CN")
    assert submitted.reference == "20261126-07-0003"


def too_new(path: Path, revision: str = "0099") -> None:
    with closing(sqlite3.connect(path)) as c, c:
        c.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def test_a_store_newer_than_the_program_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "data" / "kiosk.db"
    Store(path).close()
    too_new(path)
    before = files(path.parent)
    with pytest.raises(StoreTooNew) as refused:
        Store(path)
    assert isinstance(refused.value, StoreError)
    assert files(path.parent) == before  # no copy, no lock file, no WAL: nothing
    message = refused.value.message
    assert message.zh.startswith("数据库版本比本程序新") and "请安装新版本" in message.zh
    assert message.en.startswith("The store was written by a newer version")
    assert "0099" in message.zh and head() in message.en and str(path) in message.en
    assert refused.value.found == {"0099"} and refused.value.known == head()


def test_a_newer_store_whose_last_commit_is_still_in_its_wal_is_refused(
    tmp_path: Path,
) -> None:
    """The newer release crashed before a checkpoint: its revision is only in the WAL.
    The check reads it there (not the main file's older revision) and writes nothing."""
    path = tmp_path / "kiosk.db"
    Store(path).close()
    holder = sqlite3.connect(path)  # keeps the WAL from being checkpointed away
    try:
        holder.execute("PRAGMA wal_autocheckpoint=0")
        with holder:
            holder.execute("UPDATE alembic_version SET version_num = '0100'")
        # The -shm is SQLite's shared index of the WAL (any reader moves its read marks,
        # and it is rebuilt from the WAL): the data are the file and its WAL.
        before = {k: v for k, v in files(tmp_path).items() if not k.endswith("-shm")}
        assert (tmp_path / "kiosk.db-wal").stat().st_size > 0
        with pytest.raises(StoreTooNew, match="0100"):
            Store(path)
        after = {k: v for k, v in files(tmp_path).items() if not k.endswith("-shm")}
        assert after == before
    finally:
        holder.close()


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["empty", "garbage", "torn-header"],
)
def test_the_check_never_turns_a_broken_file_into_a_crash_of_its_own(
    tmp_path: Path, content: bytes
) -> None:
    """A file that is no store is not "too new": the check says nothing, and opening
    fails (or starts afresh) as it did before it."""
    path = tmp_path / "kiosk.db"
    path.write_bytes(content)
    try:
        Store(path).close()
    except StoreTooNew:
        pytest.fail("a broken file was called too new")
    except Exception:  # sqlite3's own refusal of a file that is no database
        pass


def test_a_hostile_revision_gives_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    Store(path).close()
    too_new(path, "9" * 100_000)
    with pytest.raises(StoreTooNew) as refused:
        Store(path)
    assert len(refused.value.message.en) < 600


def test_the_console_refuses_a_newer_store_with_its_message_and_no_traceback(
    tmp_path: Path,
) -> None:
    data = tmp_path / "demo"
    path = data / "kiosk.db"
    Store(path).close()
    too_new(path)
    before = files(data)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [*KIOSK, "--demo", "--no-central", "--console", "--data-dir", str(data)],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode not in (0, 1), (done.returncode, done.stderr)
    assert "数据库版本比本程序新" in done.stderr and "newer version" in done.stderr
    assert {k: v for k, v in files(data).items() if k.startswith("kiosk.db")} == {
        k: v for k, v in before.items() if k.startswith("kiosk.db")
    }
