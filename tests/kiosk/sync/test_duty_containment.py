"""An exception in one of the sync's duties (a bug, a store that refuses a write) is
contained: that duty waits its own backoff, the others keep their schedules.

The failures are injected into the worker's own bookkeeping (what a bug there would do);
the server is the stub on loopback and the clock the test's, moved pass by pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from kiosk.help_requests import ACKNOWLEDGED, HelpCallChange, HelpDesk
from kiosk.protocol import payload
from kiosk.store.database import Store
from kiosk.store.outbox import add_event
from kiosk.store.outbox import mark_sent as real_mark_sent
from kiosk.sync.worker import HEARTBEAT, SyncSettings, SyncWorker
from tests.kiosk.sync.conftest import UTCClock
from tests.kiosk.sync.stub_central import StubCentral

MakeWorker = Callable[..., SyncWorker]


def guide_views(store: Store, clock: UTCClock, n: int) -> None:
    with store.transaction() as s:
        for i in range(n):
            add_event(s, "guide.viewed", {"item_id": "elderly-card", "i": i}, clock())


def test_a_failing_heartbeat_neither_stops_the_outbox_nor_runs_off_its_schedule(
    store: Store,
    stub: StubCentral,
    make_worker: MakeWorker,
    utc_clock: UTCClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts: list[datetime] = []

    def failing(kind: str, **fields: Any) -> dict[str, Any]:
        if kind == HEARTBEAT:
            attempts.append(utc_clock())
            raise RuntimeError("the heartbeat's figures could not be read")
        return payload(kind, **fields)

    monkeypatch.setattr("kiosk.sync.worker.payload", failing)
    guide_views(store, utc_clock, 2)
    worker = make_worker(stub.url, start=False, settings=SyncSettings(heartbeat_s=30))
    assert worker.run_events_once() is True  # the heartbeat failed; the batch went out
    assert stub.kinds() == ["guide.viewed", "guide.viewed"] and len(attempts) == 1
    utc_clock.advance(29)
    guide_views(store, utc_clock, 1)
    worker.run_events_once()
    assert len(stub.kinds()) == 3 and len(attempts) == 1  # not retried before it is due
    utc_clock.advance(1)
    worker.run_events_once()
    assert len(attempts) == 2  # its own schedule: every 30 s, failing or not


def test_an_exception_in_the_outbox_waits_its_backoff_while_help_calls_go_on(
    store: Store,
    stub: StubCentral,
    make_worker: MakeWorker,
    utc_clock: UTCClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failures = [RuntimeError("disk I/O error")]

    def mark_sent(*args: Any) -> None:
        if failures:
            raise failures.pop()
        real_mark_sent(*args)

    monkeypatch.setattr("kiosk.sync.worker.mark_sent", mark_sent)
    desk = HelpDesk(store, 7, utc_clock)
    call = desk.request({"screen": "form"})
    seen: list[HelpCallChange] = []
    settings = SyncSettings(heartbeat_s=None, backoff_base_s=1.0, help_poll_active_s=1.0)
    worker = make_worker(stub.url, start=False, settings=settings, on_help_call=seen.append)
    assert worker.run_events_once() is False  # sent, but its bookkeeping raised: contained
    posts = len(stub.paths("POST", "/api/v1/events"))
    assert posts == 1 and "disk I/O error" in (worker.status().last_error or "")
    worker.run_events_once()  # within its backoff (0.5-1 s): no request
    assert len(stub.paths("POST", "/api/v1/events")) == posts
    stub.help_calls = [{"id": call, "state": "acknowledged", "changed": 1}]
    worker.run_pulls_once()  # the help calls are not held up by the outbox's trouble
    assert [(c.id, c.state) for c in seen] == [(call, ACKNOWLEDGED)]
    utc_clock.advance(1)
    assert worker.run_events_once() is True  # after the backoff: sent again, a duplicate
    assert len(stub.paths("POST", "/api/v1/events")) == posts + 1
    assert worker.status().outbox_depth == 0
