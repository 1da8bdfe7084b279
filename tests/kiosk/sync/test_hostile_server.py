"""No server can stall the terminal's sync: the real central server on loopback, behind a
front (tests/kiosk/sync/hostile_front.py) that makes one route hostile. Whatever that
route answers (a catalog that fails its checks, a huge, malformed, deeply nested or
wrongly typed body, no answer until the timeout, a byte at a time, a 500 storm), the
other duties keep their own schedules: the attendant's answers to a help call arrive
at the next help poll, heartbeats and the outbox go on, and the hostile download is
asked for again only after its backoff.

"On time" is counted in the worker's own help polls, not in seconds: the attendant's
acknowledgement, made on the server, reaches the terminal by the second poll after it
(the one in flight may have started before it), which holds however slow the machine.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from central import admin, helpcalls
from central.db import Database
from central.models import CatalogVersion, HelpCall
from central.serve import ServerThread
from kiosk.config import CentralConfig
from kiosk.help_requests import ACKNOWLEDGED, RESOLVED, HelpCallChange, HelpDesk
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from kiosk.store.outbox import add_event
from kiosk.sync.client import MAX_CATALOG_BYTES, MAX_JSON_BYTES
from kiosk.sync.worker import SyncSettings, SyncWorker
from tests.kiosk.sync.conftest import UTCClock
from tests.kiosk.sync.hostile_front import BEHAVIOURS, HostileFront
from tests.kiosk.sync.stub_central import Recorded, Scripted, StubCentral
from tests.kiosk.sync.test_catalog_calendar import bundled_files, catalog_doc

CATALOG, CALENDAR = "GET /api/v1/catalog", "GET /api/v1/calendar"
HELP_CALLS, EVENTS = "GET /api/v1/help-calls", "POST /api/v1/events"
# Real time, the hall's proportions: help polls and heartbeats many times a second; a
# failed download waits 30-60 s first, so a test's window holds at most one retry.
SETTINGS = SyncSettings(
    heartbeat_s=0.2,
    help_poll_active_s=0.05,
    help_retry_cap_s=0.4,
    pull_s=600.0,
    pull_retry_s=60.0,
    backoff_base_s=0.05,
    backoff_cap_s=0.4,
)
DEEP_TOML = "deep = " + "[" * 600 + "]" * 600 + "\n"  # the catalog
TERMINAL = 3


@pytest.fixture
def front(central: tuple[Database, ServerThread]) -> Iterator[HostileFront]:
    _, server = central
    f = HostileFront(server.host, server.port)
    yield f
    f.close()


@dataclass
class Terminal:
    """A terminal's store and worker, with the help-call changes it received and, for each,
    how many help polls the front had seen when it arrived."""

    store: Store
    worker: SyncWorker
    desk: HelpDesk
    arrived: list[tuple[HelpCallChange, int]] = field(default_factory=list)
    got: threading.Condition = field(default_factory=threading.Condition)

    def wait_change(self, state: str, timeout: float = 60.0) -> int:
        """The help polls seen when the change to `state` arrived."""
        with self.got:
            assert self.got.wait_for(
                lambda: any(c.state == state for c, _ in self.arrived), timeout
            ), f"no {state} reached the terminal"
            return next(n for c, n in self.arrived if c.state == state)


@pytest.fixture
def terminal(
    tmp_path: Path, central: tuple[Database, ServerThread], front: HostileFront
) -> Iterator[Callable[[], Terminal]]:
    db, _ = central
    made: list[Terminal] = []

    def make() -> Terminal:
        issued = admin.add_terminal(db, TERMINAL, datetime.now(UTC))
        config = CentralConfig(url=front.url, token=issued.token, timeout_s=1.0)
        store = Store(tmp_path / "terminal.db")
        holder: list[Terminal] = []

        def on_help(change: HelpCallChange) -> None:
            t = holder[0]
            with t.got:
                t.arrived.append((change, front.count("GET", "/api/v1/help-calls")))
                t.got.notify_all()

        worker = SyncWorker(
            store,
            config,
            TERMINAL,
            tmp_path / "data",
            settings=SETTINGS,
            rng=random.Random(3),
            on_help_call=on_help,
        )
        t = Terminal(store, worker, HelpDesk(store, TERMINAL, lambda: datetime.now(UTC)))
        holder.append(t)
        made.append(t)
        return t

    yield make
    for t in made:
        t.worker.stop()
        t.store.close()


def attendant(db: Database, call: str, state: str) -> None:
    """The attendant acknowledges or resolves the call on the server's dashboard."""
    with db.transaction() as s:
        row = s.get(HelpCall, call)
        assert row is not None
        move = helpcalls.acknowledge if state == ACKNOWLEDGED else helpcalls.resolve
        move(s, row, "attendant 1", datetime.now(UTC))


def help_calls_on_time(t: Terminal, front: HostileFront, db: Database, call: str) -> None:
    """Both of the attendant's answers reach the terminal by the second poll after them."""
    for state in (ACKNOWLEDGED, RESOLVED):
        polls_before = front.count("GET", "/api/v1/help-calls")
        attendant(db, call, state)
        assert t.wait_change(state) <= polls_before + 2, front.log()


def outbox_and_heartbeats_go_on(t: Terminal, front: HostileFront) -> None:
    beats = front.posted_kinds().count("heartbeat")
    now = datetime.now(UTC)
    with t.store.transaction() as s:
        for _ in range(3):
            view = {"item_id": "elderly-card", "terminal": TERMINAL, "at": now.isoformat()}
            add_event(s, "guide.viewed", view, now)
    assert front.wait_for(lambda: front.posted_kinds().count("guide.viewed") >= 3), front.log()
    assert front.wait_for(lambda: front.posted_kinds().count("heartbeat") >= beats + 2)


def publish_deep_catalog(db: Database) -> None:
    """What `central import-catalog` would refuse, stored as a hostile server would."""
    with db.transaction() as s:
        files = {"deep.toml": DEEP_TOML}
        s.add(CatalogVersion(version="deep600", files=files, imported_at=datetime.now(UTC)))
        s.flush()
        s.query(CatalogVersion).update({"active": CatalogVersion.version == "deep600"})


# What each hostile catalog answer must leave in the log: the route and the limit.
CATALOG_MESSAGES = {
    "huge": f"at most {MAX_CATALOG_BYTES} bytes",
    "huge_declared": f"at most {MAX_CATALOG_BYTES} bytes",
    "malformed": "GET /catalog: not JSON",
    "deep": "GET /catalog: answer nested too deep",
    "wrong_types": "catalog ? refused",
    "hang": "GET /catalog: timed out",
    "drip": "GET /catalog: no complete answer within 2.0 s",
    "drip_headers": "GET /catalog: no complete answer within 2.0 s",
    "storm": "GET /catalog: 500 internal error",
    "toml600": "catalog deep600 refused",
}


@pytest.mark.parametrize("behaviour", ["toml600", *BEHAVIOURS])
def test_a_hostile_catalog_leaves_help_calls_heartbeats_and_the_outbox_on_time(
    behaviour: str,
    central: tuple[Database, ServerThread],
    front: HostileFront,
    terminal: Callable[[], Terminal],
    caplog: pytest.LogCaptureFixture,
) -> None:
    db, _ = central
    caplog.set_level(logging.INFO, logger="kiosk.sync")
    if behaviour == "toml600":
        publish_deep_catalog(db)  # the real server's own route serves it
    else:
        front.hostile[CATALOG] = behaviour
    t = terminal()
    call = t.desk.request({"screen": "form"})  # an applicant waits for the attendant
    t.worker.start()
    assert front.wait_for(
        lambda: (
            "help.requested" in front.posted_kinds() and front.count("GET", "/api/v1/catalog") > 0
        )
    ), front.log()
    with db.read() as s:
        assert s.get(HelpCall, call) is not None
    help_calls_on_time(t, front, db, call)
    outbox_and_heartbeats_go_on(t, front)
    # Asked for once, then not before its backoff (30-60 s): never again in this window.
    assert front.count("GET", "/api/v1/catalog") <= 2, front.log()
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert CATALOG_MESSAGES[behaviour] in messages, messages
    assert "dead letter" not in messages  # the outbox's events were the server's to take
    assert t.worker.status().catalog_version is None  # the bundled one is still in use
    refused = front.posted_kinds().count("catalog.refused")
    assert refused == (1 if behaviour in ("toml600", "wrong_types") else 0)


@pytest.mark.parametrize("behaviour", ["deep", "wrong_types", "storm"])
def test_a_hostile_calendar_leaves_help_calls_heartbeats_and_the_outbox_on_time(
    behaviour: str,
    central: tuple[Database, ServerThread],
    front: HostileFront,
    terminal: Callable[[], Terminal],
) -> None:
    db, _ = central
    front.hostile[CALENDAR] = behaviour
    t = terminal()
    call = t.desk.request({"screen": "form"})
    t.worker.start()
    assert front.wait_for(
        lambda: (
            "help.requested" in front.posted_kinds() and front.count("GET", "/api/v1/calendar") > 0
        )
    )
    help_calls_on_time(t, front, db, call)
    outbox_and_heartbeats_go_on(t, front)
    assert front.count("GET", "/api/v1/calendar") <= 2, front.log()
    assert t.worker.status().calendar_version is None


@pytest.mark.parametrize("behaviour", ["storm", "malformed", "huge", "hang", "wrong_types"])
def test_a_hostile_events_route_leaves_help_calls_and_downloads_on_schedule(
    behaviour: str,
    central: tuple[Database, ServerThread],
    front: HostileFront,
    terminal: Callable[[], Terminal],
) -> None:
    db, _ = central
    t = terminal()
    call = t.desk.request({"screen": "form"})
    t.worker.start()
    assert front.wait_for(lambda: "help.requested" in front.posted_kinds())
    front.hostile[EVENTS] = behaviour  # from now on every batch meets it
    posts = front.count("POST", "/api/v1/events")
    help_calls_on_time(t, front, db, call)
    # The outbox retries on its own backoff (at most 0.4 s apart here), heartbeats queue.
    assert front.wait_for(lambda: front.count("POST", "/api/v1/events") >= posts + 2)
    assert front.count("GET", "/api/v1/catalog") == 1  # 404 from the real server, once
    status = t.worker.status()
    assert status.outbox_depth >= 1 and status.next_attempt_at is not None


@pytest.mark.parametrize("behaviour", ["storm", "deep", "wrong_types", "huge"])
def test_a_hostile_help_calls_route_leaves_the_outbox_and_heartbeats_on_schedule(
    behaviour: str,
    front: HostileFront,
    terminal: Callable[[], Terminal],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk.sync")
    front.hostile[HELP_CALLS] = behaviour
    t = terminal()
    t.desk.request({"screen": "form"})
    t.worker.start()
    outbox_and_heartbeats_go_on(t, front)
    # Polled on, further and further apart (help_retry_cap_s), never in a tight loop.
    assert front.wait_for(lambda: front.count("GET", "/api/v1/help-calls") >= 3)
    if behaviour == "huge":
        assert f"at most {MAX_JSON_BYTES} bytes" in caplog.text
    assert "GET /help-calls" in caplog.text


# -- the backoff of a refused download, on the worker's own clock ---------------------------


class IgnoresIfNoneMatch(StubCentral):
    """A server that hands out the whole download every time, whatever the terminal has."""

    @staticmethod
    def _versioned(r: Recorded, doc: dict[str, Any] | None) -> Scripted:
        if doc is None:
            return Scripted(404, body={"detail": "none"})
        return Scripted(200, headers={"ETag": f'"{doc["version"]}"'}, body=doc)


class Honest(StubCentral):
    """A server that reads If-None-Match as a list of ETags, as the central server does."""

    @staticmethod
    def _versioned(r: Recorded, doc: dict[str, Any] | None) -> Scripted:
        if doc is None:
            return Scripted(404, body={"detail": "none"})
        etag = f'"{doc["version"]}"'
        if etag in [t.strip() for t in r.headers.get("If-None-Match", "").split(",")]:
            return Scripted(304, headers={"ETag": etag})
        return Scripted(200, headers={"ETag": etag}, body=doc)


def catalog_gets(stub: StubCentral) -> list[str | None]:
    """The If-None-Match of each catalog request."""
    return [r.headers.get("If-None-Match") for r in stub.paths("GET", "/api/v1/catalog")]


def refused_count(store: Store) -> int:
    with store.session() as s:
        q = select(func.count()).where(OutboxEvent.kind == "catalog.refused")
        return int(s.scalar(q) or 0)


def asked_within(worker: SyncWorker, stub: StubCentral, clock: UTCClock, most_s: int) -> int:
    """Move the worker's clock a second at a time: the seconds until the catalog is asked
    for again (its passes run on this thread, so nothing else moves meanwhile)."""
    before = len(catalog_gets(stub))
    for waited in range(1, most_s + 2):
        clock.advance(1)
        worker.run_pulls_once()
        if len(catalog_gets(stub)) > before:
            return waited
    raise AssertionError(f"the catalog was not asked for within {most_s} s")


SLOW_PULLS = SyncSettings(heartbeat_s=None, pull_s=600.0, pull_retry_s=60.0)


def test_a_refused_download_waits_a_growing_bounded_backoff_and_is_never_checked_twice(
    tmp_path: Path, store: Store, make_worker: Callable[..., SyncWorker], utc_clock: UTCClock
) -> None:
    stub = IgnoresIfNoneMatch()
    try:
        stub.catalog = {"version": "deep600", "files": {"deep.toml": DEEP_TOML}}
        worker = make_worker(stub.url, start=False, settings=SLOW_PULLS)
        worker.run_pulls_once()
        assert len(catalog_gets(stub)) == 1 and refused_count(store) == 1
        assert "deep600" in (worker.status().catalog_error or "")
        waits = [asked_within(worker, stub, utc_clock, 600) for _ in range(6)]
        # Each wait in [ceiling/2, ceiling] (jitter), the ceiling doubling from 60 s to
        # pull_s; the refused ETag is named, and the same one back is not checked again.
        for n, wait in enumerate(waits, start=1):
            ceiling = min(600.0, 60.0 * 2 ** (n - 1))
            assert ceiling / 2 <= wait <= ceiling + 1, waits
        assert catalog_gets(stub)[1:] == ['"deep600"'] * 6
        assert refused_count(store) == 1
        # A new catalog (a new ETag) is tried at the first ask after the backoff.
        stub.catalog = catalog_doc(bundled_files(), tmp_path / "good")
        asked_within(worker, stub, utc_clock, 600)
        status = worker.status()
        assert status.catalog_version == stub.catalog["version"] and status.catalog_error is None
    finally:
        stub.close()


def test_an_honest_server_answers_the_refused_etag_with_304_and_nothing_is_checked(
    store: Store, make_worker: Callable[..., SyncWorker], utc_clock: UTCClock
) -> None:
    stub = Honest()
    try:
        stub.catalog = {"version": "deep600", "files": {"deep.toml": DEEP_TOML}}
        worker = make_worker(stub.url, start=False, settings=SLOW_PULLS, catalog_version="abc")
        worker.run_pulls_once()
        assert catalog_gets(stub) == ['"abc"'] and refused_count(store) == 1
        assert 30 <= asked_within(worker, stub, utc_clock, 600) <= 61  # the backoff
        assert catalog_gets(stub)[-1] == '"abc", "deep600"'  # either is a 304
        assert refused_count(store) == 1
        # The 304 is a success: the next ask is the regular one, pull_s later.
        assert 600 <= asked_within(worker, stub, utc_clock, 700) <= 601
        assert refused_count(store) == 1 and worker.status().catalog_version == "abc"
    finally:
        stub.close()
