"""The staff side of sync, against the stub central server on loopback: the staff list's
download (If-None-Match, 304, a refused list remembered by its ETag, an older server's
404), the terminals in service while this one is out of service, the diagnostics'
figures in the heartbeat, the link's figures after a request, "send now" and "download
now"."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from email.utils import format_datetime

from sqlalchemy import select

from kiosk.staff.desk import StaffDesk
from kiosk.staff.identity import Identity, Outcome
from kiosk.staff.roles import Role
from kiosk.store.database import Store
from kiosk.store.models import AuditEntry, OutboxEvent
from kiosk.store.outbox import SENT, add_event
from kiosk.sync.worker import SyncSettings, SyncWorker
from tests.kiosk.staff.conftest import PEOPLE, staff_list
from tests.kiosk.sync.conftest import FAST, UTCClock
from tests.kiosk.sync.stub_central import StubCentral

MakeWorker = Callable[..., SyncWorker]
WANG = Identity("wang.fang", "王芳", Role.ATTENDANT)
WANG_PIN = PEOPLE["wang.fang"][2]


def staff_gets(stub: StubCentral) -> list[str | None]:
    return [r.headers.get("If-None-Match") for r in stub.paths("GET", "/api/v1/staff")]


def test_the_staff_list_is_downloaded_installed_and_asked_again_by_etag(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub.staff = staff_list("v1")
    desk = StaffDesk(store, 7, utc_clock)
    worker = make_worker(stub.url, start=False)
    assert worker.staff_version() is None and not desk.enrolled
    worker.run_pulls_once(force=True)
    assert worker.staff_version() == "v1" and desk.enrolled
    assert desk.sign_in(WANG_PIN).identity == WANG
    worker.run_pulls_once(force=True)
    assert staff_gets(stub) == [None, '"v1"']  # the second answered 304
    # A restart asks with the ETag kept in the store.
    fresh = make_worker(stub.url, start=False)
    assert fresh.staff_version() == "v1"
    fresh.run_pulls_once(force=True)
    assert staff_gets(stub)[-1] == '"v1"'


def test_a_revoked_account_cannot_sign_in_once_synced(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub.staff = staff_list("v1")
    desk = StaffDesk(store, 7, utc_clock)
    worker = make_worker(stub.url, start=False)
    worker.run_pulls_once(force=True)
    assert desk.sign_in(WANG_PIN).signed_in
    stub.staff = staff_list("v2", {k: v for k, v in PEOPLE.items() if k != "wang.fang"})
    worker.run_pulls_once(force=True)
    assert worker.staff_version() == "v2"
    assert desk.sign_in(WANG_PIN).outcome is Outcome.WRONG


def test_a_refused_list_keeps_the_old_one_and_is_not_checked_twice(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub.staff = staff_list("v1")
    desk = StaffDesk(store, 7, utc_clock)
    worker = make_worker(stub.url, start=False)
    worker.run_pulls_once(force=True)
    bad = copy.deepcopy(staff_list("v2"))
    bad["accounts"][0]["role"] = "boss"
    stub.staff = bad
    worker.run_pulls_once(force=True)
    assert worker.staff_version() == "v1"
    assert worker.staff_error is not None and "v2" in worker.staff_error
    assert "role" in worker.staff_error
    assert desk.sign_in(WANG_PIN).signed_in  # the old list still serves
    worker.run_pulls_once(force=True)  # asks naming both: the stub sends the bad one again
    assert staff_gets(stub)[-1] == '"v1", "v2"'
    with store.session() as s:
        installed = s.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "staff.installed")
        )
        assert [d["version"] for d in installed] == ["v1"]  # the refused one: never
    stub.staff = staff_list("v3")  # fixed on the server
    worker.run_pulls_once(force=True)
    assert worker.staff_version() == "v3" and worker.staff_error is None


def test_an_older_server_without_staff_endpoints_is_no_fault(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    desk = StaffDesk(store, 7, utc_clock)
    desk.take_out_of_service(WANG, "printer")
    worker = make_worker(stub.url, start=False)
    worker.run_pulls_once(force=True)  # stub.staff and stub.in_service: 404
    status = worker.status()
    assert status.online and status.last_error is None
    assert worker.staff_version() is None and not desk.enrolled
    assert worker.in_service_terminals() is None
    assert stub.paths("GET", "/api/v1/terminals/in-service")  # it was asked


def test_the_terminals_in_service_are_asked_only_while_out_of_service(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub.in_service = [5, 1, 2, 2]
    desk = StaffDesk(store, 7, utc_clock)
    worker = make_worker(stub.url, start=False)
    worker.run_pulls_once(force=True)
    assert stub.paths("GET", "/api/v1/terminals/in-service") == []
    assert worker.in_service_terminals() is None
    desk.take_out_of_service(WANG, "printer")
    worker.run_pulls_once(force=True)
    assert worker.in_service_terminals() == (1, 2, 5)
    stub.in_service = [1, 13]  # not a terminal of the hall: the answer is a fault
    utc_clock.advance(61)
    worker.run_pulls_once()
    assert worker.in_service_terminals() == (1, 2, 5)  # the last good answer stays
    assert worker.status().last_error is not None
    desk.back_in_service(WANG)
    worker.run_pulls_once(force=True)
    assert worker.in_service_terminals() is None  # in service: nothing stale kept


def test_the_in_service_pull_is_due_every_interval_while_out_of_service(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub.in_service = [3]
    StaffDesk(store, 7, utc_clock).take_out_of_service(WANG, "network")
    settings = SyncSettings(heartbeat_s=None, in_service_s=60.0)
    worker = make_worker(stub.url, start=False, settings=settings)
    worker._run_pulls(force=False, limit=None)

    def asked() -> int:
        return len(stub.paths("GET", "/api/v1/terminals/in-service"))

    assert asked() == 1
    utc_clock.advance(30)
    worker._run_pulls(force=False, limit=None)
    assert asked() == 1  # not yet due
    utc_clock.advance(31)
    stub.in_service = [3, 4]
    worker._run_pulls(force=False, limit=None)
    assert asked() == 2 and worker.in_service_terminals() == (3, 4)


def test_heartbeat_extra_adds_the_diagnostics_figures(
    store: Store, stub: StubCentral, make_worker: MakeWorker
) -> None:
    figures = {
        "disk_free_mb": 51200.5,
        "memory_mb": 180.0,
        "screen": "1920x1080 landscape",
        "store_schema": "0005",
        "outbox_depth": 999,  # the worker's own figure: not replaced
        "uptime_s": -5,  # refused by the model: dropped alone
        "nonsense": 1,  # not a heartbeat field: dropped
    }
    worker = make_worker(
        stub.url,
        start=False,
        settings=SyncSettings(heartbeat_s=30),
        heartbeat_extra=lambda: figures,
    )
    worker.run_events_once()
    (beat,) = [e["payload"] for e in stub.stored.values() if e["kind"] == "heartbeat"]
    assert beat["disk_free_mb"] == 51200.5 and beat["memory_mb"] == 180.0
    assert beat["screen"] == "1920x1080 landscape" and beat["store_schema"] == "0005"
    assert beat["outbox_depth"] == 0 and beat["dead_letters"] == 0
    assert "uptime_s" not in beat and "nonsense" not in beat


def test_the_devices_states_from_the_diagnostics_reach_the_heartbeat(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    """Protocol 6: the diagnostics' heartbeat_fields() gives the three devices' states
    beside its other figures; each goes as it came, a refused one is left out alone."""
    figures: dict[str, object] = {
        "id_card_status": "no_reader",
        "scanner_status": "disconnected",
        "signal_light_status": "none",
        "screen": "1920x1080 landscape",
    }
    worker = make_worker(
        stub.url,
        start=False,
        settings=SyncSettings(heartbeat_s=30),
        heartbeat_extra=lambda: figures,
    )
    worker.run_events_once()

    def beats() -> list[dict[str, object]]:
        return [e["payload"] for e in stub.stored.values() if e["kind"] == "heartbeat"]

    (beat,) = beats()
    assert (beat["id_card_status"], beat["scanner_status"], beat["signal_light_status"]) == (
        "no_reader",
        "disconnected",
        "none",
    )
    # Unknown (None) is left out; a state the model refuses is dropped, the rest goes.
    figures.update(id_card_status=None, scanner_status="x" * 33, signal_light_status="fault")
    utc_clock.advance(30)
    worker.run_events_once()
    later = beats()[-1]
    assert later["signal_light_status"] == "fault" and later["screen"] == "1920x1080 landscape"
    assert "id_card_status" not in later and "scanner_status" not in later


def test_a_failing_heartbeat_extra_still_lets_the_beat_go(
    store: Store, stub: StubCentral, make_worker: MakeWorker
) -> None:
    def broken() -> dict[str, object]:
        raise RuntimeError("the diagnostics broke")

    worker = make_worker(
        stub.url, start=False, settings=SyncSettings(heartbeat_s=30), heartbeat_extra=broken
    )
    worker.run_events_once()
    assert stub.kinds() == ["heartbeat"]


def test_the_link_figures_after_a_request(
    stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    worker = make_worker(stub.url, start=False, settings=SyncSettings(heartbeat_s=30))
    assert worker.link.figures().last_contact_at is None
    # The server's clock 90 s behind the terminal's.
    stub.date = format_datetime(utc_clock() - timedelta(seconds=90), usegmt=True)
    worker.run_events_once()
    link = worker.link.figures()
    assert link.last_contact_at == utc_clock()
    assert link.round_trip_ms is not None and 0 <= link.round_trip_ms < 5000
    assert link.clock_drift_s is not None and 85 <= link.clock_drift_s <= 90
    # ... and the next heartbeat carries them.
    utc_clock.advance(30)
    worker.run_events_once()
    beat = [e["payload"] for e in stub.stored.values() if e["kind"] == "heartbeat"][-1]
    assert 85 <= beat["clock_drift_s"] <= 90 and beat["round_trip_ms"] >= 0


def test_send_now_ends_the_backoff(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    with store.transaction() as s:
        event = add_event(s, "guide.viewed", {"n": 1}, utc_clock())
        event.next_attempt_at = utc_clock() + timedelta(hours=1)  # a long backoff
    worker = make_worker(stub.url, settings=FAST)
    worker.wait_for_status(lambda st: st.online, 5)
    assert stub.kinds() == []  # not due for an hour
    worker.send_now()
    assert stub.wait_for(lambda: stub.kinds() == ["guide.viewed"], timeout=5)
    worker.wait_for_status(lambda st: st.outbox_depth == 0, 5)
    with store.session() as s:
        assert s.scalars(select(OutboxEvent.state)).one() == SENT


def test_download_now_downloads_at_once(
    store: Store, stub: StubCentral, make_worker: MakeWorker, utc_clock: UTCClock
) -> None:
    stub.staff = staff_list("v1")
    worker = make_worker(stub.url, settings=FAST)
    assert stub.wait_for(lambda: len(stub.paths("GET", "/api/v1/staff")) == 1, timeout=5)
    worker.wait_for_status(lambda st: st.online, 5)
    stub.staff = staff_list("v2")  # next due in pull_s (600 s on a clock that stands still)
    worker.download_now()
    assert stub.wait_for(
        lambda: (
            len(stub.paths("GET", "/api/v1/staff")) == 2
            and len(stub.paths("GET", "/api/v1/catalog")) == 2
        ),
        timeout=5,
    )
    # The staff list's request is on the server: once the lane runs a job after this
    # pass, the list is installed.
    assert worker._lane is not None
    worker._lane.submit(lambda: None).result(5)
    assert worker.staff_version() == "v2"
    assert StaffDesk(store, 7, utc_clock).sign_in(WANG_PIN).signed_in
