"""A terminal one protocol version ahead of its server, then the server upgraded: every
event arrives exactly once. Real parts throughout: the central server on loopback (the
previous one is the same code at protocol 1), the terminal's SQLite store and outbox,
and its sender (SyncWorker.run_events_once)."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from central import admin
from central.app import create_app
from central.db import Database
from central.ingest import KEPT
from central.models import Declaration, Event, HelpCall, KeptEvent, StatusChange, Terminal, Ticket
from central.serve import ServerThread
from central.state import ServerState
from kiosk.config import CentralConfig
from kiosk.protocol import PROTOCOL_VERSION, payload
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from kiosk.store.outbox import PENDING, SENT, add_event, dead_count, depth
from kiosk.sync.worker import SyncWorker
from tests.kiosk.sync.conftest import FAST, UTCClock

TERMINAL = 7
REF = "20261126-07-0001"
CALL = "5d2c0c4e-5f7b-4a43-9d0e-2f4b8c1a7e11"
Message = MutableMapping[str, Any]


class Recorder:
    """The real app, each batch of events it was sent and its answer noted on the way."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.batches: list[tuple[dict[str, Any], dict[str, Any]]] = []

    async def __call__(
        self,
        scope: Message,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http" or scope["path"] != "/api/v1/events":
            await self.app(scope, receive, send)
            return
        request, answer = bytearray(), bytearray()

        async def receiving() -> Message:
            message = await receive()
            request.extend(message.get("body", b""))
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.body":
                answer.extend(message.get("body", b""))
                if not message.get("more_body"):  # noted before the terminal can read it
                    self.batches.append((json.loads(request), json.loads(answer)))
            await send(message)

        await self.app(scope, receiving, sending)

    def answers(self) -> dict[str, tuple[str, str | None]]:
        return {
            r["id"]: (r["status"], r.get("reason"))
            for _, answer in self.batches
            for r in answer["results"]
        }


def serve(db: Database, protocol: int, port: int = 0) -> tuple[ServerThread, Recorder]:
    recorder = Recorder(create_app(ServerState(db, protocol_version=protocol)))
    return ServerThread(recorder, port=port).start(), recorder  # type: ignore[arg-type]


class Terminal7:
    """Terminal 7's outbox, written as the terminal does: the payload builder, add_event."""

    def __init__(self, store: Store, clock: UTCClock) -> None:
        self.store, self.clock = store, clock

    def add(self, kind: str, **fields: Any) -> str:
        self.clock.advance(30)
        now = self.clock()
        with self.store.transaction() as s:
            return add_event(s, kind, payload(kind, **fields), now).id

    def mode(self, mode: str, reason: str = "") -> str:
        return self.add(
            "terminal.mode", terminal=TERMINAL, mode=mode, reason=reason, at=self.clock()
        )

    def a_morning(self) -> list[str]:
        """An applicant's journey with the attendant's help, and the mode changes around it."""
        at = self.clock
        return [
            self.mode("applicant"),
            self.add(
                "declaration.submitted",
                reference=REF,
                terminal=TERMINAL,
                item_id="elderly-card",
                catalog_version="3f2a9c1b0d4e",
                language="zh_CN",
                answers={"name": "张三"},
                materials={"photo": True},
                submitted_at=at(),
            ),
            self.add("prereview.result", reference=REF, outcome="passed", findings=[]),
            self.add("help.requested", id=CALL, terminal=TERMINAL, context={}, requested_at=at()),
            self.mode("staff"),
            self.add("help.resolved", id=CALL, terminal=TERMINAL, at=at()),
            self.add(
                "ticket.issued",
                reference=REF,
                number="A07-001",
                day=date(2026, 11, 26),
                series="A",
                source="local",
                counters=[3],
                terminal=TERMINAL,
                item_id="elderly-card",
                issued_at=at(),
            ),
            self.add("ticket.printed", reference=REF, number="A07-001", status="printed", at=at()),
            self.add("guide.viewed", item_id="elderly-card", terminal=TERMINAL, at=at()),
            self.add("heartbeat", terminal=TERMINAL, at=at(), outbox_depth=3, printer_status="ok"),
            self.mode("out_of_service", "printer jam"),
        ]


def drain(worker: SyncWorker, store: Store, clock: UTCClock) -> None:
    """Run the sender until the outbox is empty; a retry's time is brought by the clock."""
    for _ in range(50):
        with store.session() as s:
            if depth(s) == 0:
                return
        if not worker.run_events_once():
            clock.advance(60)
    raise AssertionError("the outbox did not drain")


def outbox(store: Store) -> dict[str, str]:
    with store.session() as s:
        return {e.id: e.state for e in s.scalars(select(OutboxEvent))}


def server_side(db: Database) -> dict[str, Any]:
    """What the server holds: events per id, kept events, the projections."""
    with db.read() as s:
        health = s.get(Terminal, TERMINAL)
        ticket = s.scalars(select(Ticket)).one()
        call = s.get(HelpCall, CALL)
        assert health is not None and call is not None
        return {
            "copies": {
                event_id: n
                for event_id, n in s.execute(select(Event.id, func.count()).group_by(Event.id))
            },
            "kept": set(s.scalars(select(KeptEvent.event_id))),
            "mode": (health.mode, health.mode_reason),
            "protocol": health.protocol,
            "outcome": s.scalars(select(Declaration.outcome)).one(),
            "history": s.scalar(select(func.count()).select_from(StatusChange)),
            "prints": ticket.print_count,
            "call": call.state,
        }


@pytest.fixture
def clock() -> UTCClock:
    return UTCClock(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))


def test_a_terminal_ahead_of_its_server_then_the_server_upgraded(
    tmp_path: Path, store: Store, clock: UTCClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="central.api.events")
    db = Database(f"sqlite:///{tmp_path / 'central.db'}")
    token = admin.add_terminal(db, TERMINAL, datetime.now(UTC)).token
    terminal = Terminal7(store, clock)
    first = terminal.a_morning()
    modes = {first[0], first[4], first[-1]}

    # The previous server (protocol 1): everything accepted, terminal.mode kept.
    old, old_seen = serve(db, protocol=1)
    port = old.port
    config = CentralConfig(url=old.base_url, token=token)
    worker = SyncWorker(
        store, config, TERMINAL, tmp_path / "data", settings=FAST, clock=clock, rng=random.Random(7)
    )
    try:
        drain(worker, store, clock)
        old.stop()
        assert {body["protocol"] for body, _ in old_seen.batches} == {PROTOCOL_VERSION} == {6}
        assert old_seen.answers() == {i: ("accepted", KEPT if i in modes else None) for i in first}
        assert set(outbox(store).values()) == {SENT}
        with store.session() as s:
            assert dead_count(s) == 0
        before = server_side(db)
        assert before["copies"] == dict.fromkeys(first, 1) and before["kept"] == modes
        assert before["mode"] == (None, None) and before["protocol"] == 6
        assert (before["outcome"], before["prints"], before["call"]) == ("passed", 1, "resolved")

        # The upgraded server on the same database and port: its start applies them.
        new, new_seen = serve(db, protocol=PROTOCOL_VERSION, port=port)
        try:
            upgraded = server_side(db)
            assert upgraded["mode"] == ("out_of_service", "printer jam")
            assert upgraded["kept"] == set() and upgraded["copies"] == before["copies"]
            # Life goes on: more events, each once, none kept.
            later = [
                terminal.mode("applicant"),
                terminal.add(
                    "ticket.reprinted",
                    reference=REF,
                    number="A07-001",
                    status="printed",
                    at=clock(),
                ),
                terminal.add("guide.viewed", item_id="elderly-card", terminal=TERMINAL, at=clock()),
            ]
            drain(worker, store, clock)
            assert new_seen.answers() == dict.fromkeys(later, ("accepted", None))
            # Everything sent again (a terminal restored from its backup): only duplicates.
            with store.transaction() as s:
                s.execute(update(OutboxEvent).values(state=PENDING, next_attempt_at=clock()))
            new_seen.batches.clear()
            drain(worker, store, clock)
            assert new_seen.answers() == dict.fromkeys([*first, *later], ("duplicate", None))
        finally:
            new.stop()
        # And a restart of the upgraded server has nothing left to apply.
        serve(db, protocol=PROTOCOL_VERSION, port=port)[0].stop()
    finally:
        worker.stop()
    after = server_side(db)
    assert after["copies"] == dict.fromkeys([*first, *later], 1)
    assert after["kept"] == set() and after["mode"] == ("applicant", "")
    assert (after["outcome"], after["history"], after["prints"]) == ("passed", 1, 2)
    assert set(outbox(store).values()) == {SENT}
    applied = [r.getMessage() for r in caplog.records if r.name == "central.api.events"]
    assert applied == [
        f"applied 3 kept events (protocol {PROTOCOL_VERSION})"
    ]  # once, at the upgrade
    db.close()
