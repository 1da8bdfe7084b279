"""The sync worker against a stub central server on loopback: sending, retrying, dead
letters, restarts, offline mode, heartbeats and help calls.

Most tests drive one pass at a time (`run_events_once`) with a clock they move, so what
did not happen is as certain as what did; the threaded tests wait on conditions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from kiosk.help_requests import ACKNOWLEDGED, RESOLVED, HelpCallChange, HelpDesk
from kiosk.store.database import Store
from kiosk.store.models import HelpRequest, OutboxEvent, SyncState
from kiosk.store.outbox import DEAD, PENDING, SENT, add_event
from kiosk.sync.worker import HELP_CURSOR, SyncSettings, SyncWorker
from tests.kiosk.sync.conftest import UTCClock
from tests.kiosk.sync.stub_central import Scripted, StubCentral

MakeWorker = Callable[..., SyncWorker]


def write(store: Store, clock: UTCClock, *kinds: str) -> list[str]:
    with store.transaction() as s:
        return [add_event(s, kind, {"n": i}, clock()).id for i, kind in enumerate(kinds)]


def rows(store: Store) -> dict[str, OutboxEvent]:
    with store.session() as s:
        return {e.id: e for e in s.scalars(select(OutboxEvent))}


def posts(stub: StubCentral) -> int:
    return len(stub.paths("POST", "/api/v1/events"))


def test_events_are_sent_in_order_and_marked_sent(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    with store.transaction() as s:
        first = add_event(s, "declaration.submitted", {"reference": "r"}, utc_clock())
        first.id = "ffffffff-0000-4000-8000-000000000000"
        add_event(s, "prereview.result", {"reference": "r"}, utc_clock())
    worker = make_worker(stub.url, start=False)
    assert worker.run_events_once() is True
    assert stub.kinds() == ["declaration.submitted", "prereview.result"]
    sent = stub.paths("POST", "/api/v1/events")[0]
    assert sent.body["terminal"] == 7
    assert sent.headers["Authorization"] == "Bearer " + "t" * 43
    assert all(e.state == SENT and e.sent_at == utc_clock() for e in rows(store).values())
    assert worker.run_events_once() is False  # nothing left: no request
    assert posts(stub) == 1
    status = worker.status()
    assert status.online and status.outbox_depth == 0 and status.last_sent_at == utc_clock()


def test_a_duplicate_is_success(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    (event_id,) = write(store, utc_clock, "help.requested")
    stub.stored[event_id] = {"kind": "help.requested"}  # the first copy's answer was lost
    make_worker(stub.url, start=False).run_events_once()
    assert rows(store)[event_id].state == SENT


def test_a_rejected_event_is_kept_dead_with_its_reason_and_never_retried(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub.reject_kinds = {"foo.bar"}
    a, bad, b = write(store, utc_clock, "guide.viewed", "foo.bar", "guide.viewed")
    worker = make_worker(stub.url, start=False)
    worker.run_events_once()
    got = rows(store)
    assert got[bad].state == DEAD and got[bad].last_error == "unknown kind 'foo.bar'"
    assert got[a].state == got[b].state == SENT
    write(store, utc_clock, "guide.viewed")
    utc_clock.advance(3600)
    worker.run_events_once()
    bodies = [r.body for r in stub.paths("POST", "/api/v1/events")]
    assert sum(e["id"] == bad for body in bodies for e in body["events"]) == 1
    assert rows(store)[bad].state == DEAD  # kept for the technician, not dropped
    assert worker.status().dead_count == 1


def test_a_failed_batch_is_rescheduled_in_its_rows_with_backoff(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    ids = write(store, utc_clock, "help.requested", "guide.viewed")
    stub.script = [Scripted(500, body={"detail": "database down"}), Scripted(502)]
    worker = make_worker(stub.url, start=False)
    start = utc_clock()
    assert worker.run_events_once() is False
    got = rows(store)
    for event_id in ids:
        e = got[event_id]
        assert e.state == PENDING and e.attempts == 1 and "500" in (e.last_error or "")
        assert e.next_attempt_at is not None
        assert start + timedelta(seconds=0.5) <= e.next_attempt_at <= start + timedelta(seconds=1)
    first_retry = got[ids[0]].next_attempt_at
    assert first_retry is not None
    assert worker.status().next_attempt_at == first_retry and not worker.status().online
    worker.run_events_once()  # not due yet: no request
    assert posts(stub) == 1
    utc_clock.advance((first_retry - start).total_seconds())
    worker.run_events_once()  # the 502: second failure, a longer wait
    assert posts(stub) == 2
    second = rows(store)[ids[0]]
    assert second.attempts == 2 and second.next_attempt_at is not None
    waited = (second.next_attempt_at - utc_clock()).total_seconds()
    assert 1.0 <= waited <= 2.0
    utc_clock.advance(2)
    assert worker.run_events_once() is True
    assert {e.state for e in rows(store).values()} == {SENT}
    assert worker.status().online and worker.status().last_error is None


def test_retry_after_is_a_minimum(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    (event_id,) = write(store, utc_clock, "guide.viewed")
    stub.script = [
        Scripted(429, {"Retry-After": "120"}),
        Scripted(503, {"Retry-After": "Thu, 26 Nov 2026 02:40:00 GMT"}),
    ]
    worker = make_worker(stub.url, start=False)
    worker.run_events_once()
    at = rows(store)[event_id].next_attempt_at
    assert at is not None and at - utc_clock() >= timedelta(seconds=120)
    utc_clock.advance(119)
    worker.run_events_once()
    assert posts(stub) == 1
    utc_clock.advance(1)  # 02:32:00
    worker.run_events_once()
    assert posts(stub) == 2
    assert rows(store)[event_id].next_attempt_at >= utc_clock().replace(minute=40)  # type: ignore[operator]


def test_the_schedule_survives_a_restart(
    tmp_path: Path, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    path = tmp_path / "restart.db"
    store = Store(path)
    ids = write(store, utc_clock, "ticket.issued", "ticket.printed")
    stub.script = [Scripted(503)] * 3
    worker = make_worker(stub.url, start=False, store=store)
    for _ in range(3):  # three failures in a row: up to 4 s
        worker.run_events_once()
        utc_clock.advance(4)
    worker.run_events_once()  # success at the fourth
    assert posts(stub) == 4
    stub.script = [Scripted(503)] * 4
    more = write(store, utc_clock, "guide.viewed")
    for _ in range(4):
        utc_clock.advance(20)
        worker.run_events_once()
    store.close()

    reopened = Store(path)
    row = rows(reopened)[more[0]]
    assert row.attempts == 4 and row.next_attempt_at is not None
    assert row.next_attempt_at - utc_clock() >= timedelta(seconds=4)  # 2**3 * base / 2
    fresh = make_worker(stub.url, start=False, store=reopened)
    fresh.run_events_once()  # a new process honours the stored schedule
    assert posts(stub) == 8
    utc_clock.advance((row.next_attempt_at - utc_clock()).total_seconds())
    fresh.run_events_once()
    assert posts(stub) == 9
    assert {e.state for e in rows(reopened).values()} == {SENT}
    assert set(stub.stored) == {*ids, *more}
    reopened.close()


def test_unauthorised_is_a_configuration_fault_and_events_are_kept(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    (event_id,) = write(store, utc_clock, "help.requested")
    stub.script = [Scripted(401, {"WWW-Authenticate": "Bearer"}, {"detail": "unknown token"})]
    worker = make_worker(stub.url, start=False)
    worker.run_events_once()
    status = worker.status()
    assert status.auth_fault and not status.online and "401" in (status.last_error or "")
    row = rows(store)[event_id]
    assert row.state == PENDING and row.attempts == 1 and row.next_attempt_at > utc_clock()  # type: ignore[operator]
    utc_clock.advance(1)
    worker.run_events_once()
    assert rows(store)[event_id].state == SENT and not worker.status().auth_fault


def test_an_unreachable_server_is_offline_not_an_error(
    store: Store, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub = StubCentral()
    url = stub.url
    stub.close()  # nothing listens on the port any more
    (event_id,) = write(store, utc_clock, "help.requested")
    worker = make_worker(url, start=False)
    assert worker.run_events_once() is False
    status = worker.status()
    assert not status.online and "ConnectionError" in (status.last_error or "")
    assert status.outbox_depth == 1 and status.oldest_pending_at == utc_clock()
    assert rows(store)[event_id].attempts == 1


def test_without_a_url_the_outbox_just_fills(
    store: Store, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    worker = make_worker("")
    desk = HelpDesk(store, 7, utc_clock)
    desk.request({"screen": "home"})
    write(store, utc_clock, "guide.viewed")
    worker.wake()
    status = worker.wait_for_status(lambda s: s.outbox_depth == 2, 5)
    assert status.outbox_depth == 2 and not status.configured and status.last_error is None
    assert all(e.state == PENDING and e.attempts == 0 for e in rows(store).values())


def test_a_commit_to_the_outbox_wakes_the_sync_no_polling(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    worker = make_worker(stub.url, settings=SyncSettings(heartbeat_s=None))
    worker.wait_for_status(lambda s: s.online, 5)  # the first pulls are done
    requests_at_rest = len(stub.requests)
    # Nothing to send, no call open: the lane sleeps (a pass at most every MAX_SLEEP_S).
    assert worker._lane is not None and worker._lane.thread.is_alive()
    assert len(stub.requests) == requests_at_rest
    HelpDesk(store, 7, utc_clock).request({"screen": "form"})
    # The commit itself wakes the events pass: no poll interval, no wake() call.
    assert stub.wait_for(lambda: "help.requested" in stub.kinds(), timeout=5)
    HelpDesk(store, 7, utc_clock).request({"screen": "home"})
    assert stub.wait_for(lambda: stub.kinds().count("help.requested") == 2, timeout=5)


def test_a_wake_during_a_pass_is_not_lost(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    """An event committed while a batch is in flight goes out right after it."""
    worker = make_worker(stub.url, settings=SyncSettings(heartbeat_s=None))
    worker.wait_for_status(lambda s: s.online, 5)
    gate = stub.hold_next_post()  # the next batch waits on the server until released
    write(store, utc_clock, "guide.viewed")
    assert gate.arrived.wait(5)  # the batch is in flight
    write(store, utc_clock, "help.requested")  # committed (and woken) meanwhile
    gate.release.set()
    assert stub.wait_for(lambda: "help.requested" in stub.kinds(), timeout=5)


def test_heartbeat_reports_the_terminal_and_replaces_an_unsent_one(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    write(store, utc_clock, "guide.viewed")
    stub.script = [Scripted(503)]
    worker = make_worker(
        stub.url,
        start=False,
        settings=SyncSettings(heartbeat_s=30),
        catalog_version="3f2a9c1b0d4e",
        calendar_version="2027-1",
        printer_status=lambda: "paper_out",
    )
    worker.run_events_once()  # heartbeat written, batch refused
    utc_clock.advance(30)
    stub.script = [Scripted(503)]
    worker.run_events_once()  # a second heartbeat replaces the unsent first one
    pending = [e for e in rows(store).values() if e.kind == "heartbeat"]
    assert len(pending) == 1
    utc_clock.advance(30)
    worker.run_events_once()
    beats = [e for e in stub.stored.values() if e["kind"] == "heartbeat"]
    assert len(beats) == 1
    beat = beats[0]["payload"]
    assert beat["terminal"] == 7 and beat["printer_status"] == "paper_out"
    assert beat["catalog_version"] == "3f2a9c1b0d4e" and beat["calendar_version"] == "2027-1"
    assert beat["outbox_depth"] == 1  # the guide.viewed still waiting behind the outage
    assert beat["oldest_pending_age_s"] == 60.0
    assert isinstance(beat["app_version"], str)


def test_the_attendants_answer_reaches_the_help_request(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    desk = HelpDesk(store, 7, utc_clock)
    first, second = desk.request({"screen": "form"}), desk.request({"screen": "home"})
    desk.cancel(second)
    stub.help_calls = [
        {
            "id": first,
            "state": "acknowledged",
            "changed": 4,
            "acknowledged_at": "2026-11-26T02:31:00+00:00",
            "resolved_at": None,
        },
        {
            "id": second,
            "state": "acknowledged",
            "changed": 5,
            "acknowledged_at": "2026-11-26T02:31:00+00:00",
            "resolved_at": None,
        },
    ]
    seen: list[HelpCallChange] = []
    worker = make_worker(stub.url, start=False, on_help_call=seen.append)
    worker.run_pulls_once(force=True)
    assert [(c.id, c.state) for c in seen] == [(first, ACKNOWLEDGED)]  # not the cancelled one
    with store.session() as s:
        assert s.get(HelpRequest, first).state == ACKNOWLEDGED  # type: ignore[union-attr]
        assert s.get(HelpRequest, second).state == "cancelled"  # type: ignore[union-attr]
        assert s.get(SyncState, HELP_CURSOR).value == "5"  # type: ignore[union-attr]
    assert desk.has_active()
    stub.help_calls.append(
        {
            "id": first,
            "state": "resolved",
            "changed": 9,
            "acknowledged_at": "2026-11-26T02:31:00+00:00",
            "resolved_at": "2026-11-26T02:35:00+00:00",
        }
    )
    restarted = make_worker(stub.url, start=False, on_help_call=seen.append)
    restarted.run_pulls_once(force=True)
    assert stub.paths("GET", "/api/v1/help-calls")[-1].query["since"] == ["5"]
    assert [c.state for c in seen] == [ACKNOWLEDGED, RESOLVED]
    assert not desk.has_active()


def test_help_calls_are_polled_only_while_an_applicant_waits(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    settings = SyncSettings(heartbeat_s=None, help_poll_active_s=1)
    worker = make_worker(stub.url, start=False, settings=settings)

    def polls_after(seconds: float) -> int:
        utc_clock.advance(seconds)
        worker.run_pulls_once()
        return len(stub.paths("GET", "/api/v1/help-calls"))

    assert polls_after(0) == 0 and polls_after(30) == 0  # nobody waits: no requests
    HelpDesk(store, 7, utc_clock).request({"screen": "form"})
    assert polls_after(0) == 1 and polls_after(0.5) == 1 and polls_after(0.5) == 2
    assert polls_after(1) == 3
