"""The sync worker against the REAL central server on loopback (central.serve.ServerThread):
twelve terminals at once, and one terminal through a faulty network. Whatever happens,
the server holds each event once and every projection counts what the terminals did.
"""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from central import admin, helpcalls
from central.db import Database
from central.models import Declaration as CentralDeclaration
from central.models import Event, HelpCall
from central.models import Ticket as CentralTicket
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig
from kiosk.declarations import Declarations
from kiosk.guide_views import record_guide_view
from kiosk.help_requests import ACKNOWLEDGED, HelpCallChange, HelpDesk
from kiosk.samples import company_address_change_answers
from kiosk.store.database import Store
from kiosk.store.models import HelpRequest, OutboxEvent
from kiosk.store.outbox import SENT, add_event, depth
from kiosk.sync.tickets import HttpTicketSource
from kiosk.sync.worker import SyncSettings, SyncWorker
from tests.kiosk.sync.fault_proxy import Fault, FaultProxy

ITEM = "company-address-change"
# Real time, short waits: a failed batch is tried again within 10-50 ms.
QUICK = SyncSettings(
    heartbeat_s=None,
    backoff_base_s=0.01,
    backoff_cap_s=0.05,
    help_poll_active_s=0.05,
)


def local_now() -> datetime:
    return datetime.now().astimezone()


def token(db: Database, terminal: int) -> CentralConfig:
    issued = admin.add_terminal(db, terminal, datetime.now(UTC))
    return CentralConfig(url="", token=issued.token)


def config_for(url: str, cfg: CentralConfig) -> CentralConfig:
    return CentralConfig(url=url, token=cfg.token)


def outbox_ids(store: Store) -> set[str]:
    with store.session() as s:
        return set(s.scalars(select(OutboxEvent.id)))


def server_ids(db: Database, terminal: int) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(Event.id).where(Event.terminal == terminal)))


def count(db: Database, model: type, **where: object) -> int:
    with db.read() as s:
        q = select(func.count()).select_from(model)
        for name, value in where.items():
            q = q.where(getattr(model, name) == value)
        return int(s.scalar(q) or 0)


def pending(store: Store) -> int:
    with store.session() as s:
        return depth(s)


def drained(worker: SyncWorker, timeout: float = 20) -> None:
    """Wait until the worker has sent everything in its store (checked on each change)."""
    worker.wake()
    status = worker.wait_for_status(
        lambda s: s.outbox_depth == 0 and s.online and pending(worker.store) == 0, timeout
    )
    assert status.outbox_depth == 0 and pending(worker.store) == 0, status


def journeys(desk: Declarations, help_desk: HelpDesk, catalog: Catalog, n: int) -> int:
    """`n` applicants: declaration, ticket, print; every third calls for help."""
    materials = {m.id: True for m in catalog[ITEM].materials}
    for i in range(n):
        sub = desk.submit(ITEM, company_address_change_answers(), materials)
        desk.issue_ticket(sub.reference)
        desk.record_print(sub.reference, "printed")
        if i % 3 == 0:
            help_desk.request({"screen": "ticket", "item_id": ITEM})
    return n


def test_twelve_terminals_at_once_nothing_lost_nothing_twice(
    tmp_path: Path, central: tuple[Database, ServerThread], catalog: Catalog
) -> None:
    db, server = central
    per_terminal = 5
    stores, workers, desks = {}, {}, {}
    for n in range(1, 13):
        cfg = config_for(server.base_url, token(db, n))
        store = Store(tmp_path / f"terminal{n}.db")
        stores[n] = store
        desks[n] = Declarations(store, catalog, n, tickets=HttpTicketSource(cfg), clock=local_now)
        workers[n] = SyncWorker(store, cfg, n, tmp_path / f"data{n}", settings=QUICK)
        workers[n].start()
    errors: list[BaseException] = []

    def terminal(n: int) -> None:
        try:
            help_desk = HelpDesk(stores[n], n, local_now)
            journeys(desks[n], help_desk, catalog, per_terminal)
            record_guide_view(stores[n], n, ITEM, local_now())
            workers[n].wake()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=terminal, args=(n,)) for n in range(1, 13)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    try:
        for n in range(1, 13):
            drained(workers[n])
    finally:
        for w in workers.values():
            w.stop()
    for n in range(1, 13):
        ids = server_ids(db, n)
        assert len(ids) == len(set(ids)) and set(ids) == outbox_ids(stores[n])
        with stores[n].session() as s:
            assert set(s.scalars(select(OutboxEvent.state))) == {SENT}
        stores[n].close()
    total = 12 * per_terminal
    assert count(db, CentralDeclaration) == total
    assert count(db, CentralTicket) == total
    assert count(db, HelpCall) == 12 * len(range(0, per_terminal, 3))
    with db.read() as s:
        numbers = list(s.scalars(select(CentralTicket.number)))
    # Never twice; a ticket the server could not give in time has an offline number.
    assert len(set(numbers)) == total


def test_a_faulty_network_still_delivers_each_event_exactly_once(
    tmp_path: Path, central: tuple[Database, ServerThread], catalog: Catalog
) -> None:
    db, server = central
    proxy = FaultProxy((server.host, server.port))
    cfg = config_for(proxy.url, token(db, 5))
    store = Store(tmp_path / "terminal5.db")
    # Tickets are asked for directly (offline numbers on a failure); the outbox goes
    # through the faults.
    desk = Declarations(store, catalog, 5, clock=local_now)
    help_desk = HelpDesk(store, 5, local_now)
    produced = journeys(desk, help_desk, catalog, 30)
    with store.transaction() as s:  # and a large backlog, as after a day offline
        for i in range(1500):
            add_event(
                s,
                "guide.viewed",
                {"item_id": ITEM, "terminal": 5, "at": local_now().isoformat(), "i": i},
                local_now(),
            )

    def restart_server() -> None:
        server.stop(force=True)
        server.start()

    rng = random.Random(5)
    faults = [
        Fault("answer", status=500),
        Fault("drop"),
        Fault("cut"),
        Fault("answer", status=503, headers={"Retry-After": "0"}),
        Fault("delay", seconds=0.2),
        Fault("cut"),
        Fault("answer", status=429, headers={"Retry-After": "0"}),
        Fault("hook", hook=restart_server),
        Fault("drop"),
        Fault("cut"),
    ]
    rng.shuffle(faults)
    proxy.only = "/api/v1/events"
    proxy.inject(*faults)
    worker = SyncWorker(store, cfg, 5, tmp_path / "data", settings=QUICK)
    worker.start()
    try:
        drained(worker, timeout=30)
        assert proxy.pending() == 0  # every fault was met
        more = journeys(desk, help_desk, catalog, 3)  # and life goes on after the faults
        drained(worker)
    finally:
        worker.stop()
        proxy.close()
    ids = server_ids(db, 5)
    assert len(ids) == len(set(ids)) and set(ids) == outbox_ids(store)
    with store.session() as s:
        rows = list(s.scalars(select(OutboxEvent)))
    assert {e.state for e in rows} == {SENT}
    assert max(e.attempts for e in rows) >= 2  # retried, and still stored once
    assert count(db, CentralDeclaration, terminal=5) == produced + more
    assert count(db, CentralTicket) == produced + more
    assert proxy.seen["cut"] == 3 and proxy.seen["hook"] == 1
    store.close()


def test_the_server_coming_back_is_caught_up_with(
    tmp_path: Path, central: tuple[Database, ServerThread]
) -> None:
    db, server = central
    proxy = FaultProxy((server.host, server.port))
    proxy.default = Fault("drop")  # the network is down
    store = Store(tmp_path / "t.db")
    worker = SyncWorker(
        store, config_for(proxy.url, token(db, 3)), 3, tmp_path / "d", settings=QUICK
    )
    worker.start()
    try:
        help_desk = HelpDesk(store, 3, local_now)
        call = help_desk.request({"screen": "home"})
        worker.wake()
        offline = worker.wait_for_status(
            lambda s: s.last_error is not None and s.outbox_depth == 1, 5
        )
        assert not offline.online and offline.outbox_depth == 1
        proxy.default = Fault()  # the network is back
        drained(worker)
        with db.read() as s:
            assert s.get(HelpCall, call) is not None
    finally:
        worker.stop()
        proxy.close()
        store.close()


def test_an_attendant_acknowledging_on_the_dashboard_reaches_the_terminal(
    tmp_path: Path, central: tuple[Database, ServerThread]
) -> None:
    db, server = central
    store = Store(tmp_path / "t.db")
    seen: list[HelpCallChange] = []
    got = threading.Event()

    def on_help(change: HelpCallChange) -> None:
        seen.append(change)
        got.set()

    worker = SyncWorker(
        store,
        config_for(server.base_url, token(db, 9)),
        9,
        tmp_path / "d",
        settings=QUICK,
        on_help_call=on_help,
    )
    worker.start()
    try:
        call = HelpDesk(store, 9, local_now).request({"screen": "form"})
        worker.wake()
        drained(worker)
        with db.transaction() as s:
            row = s.get(HelpCall, call)
            assert row is not None
            helpcalls.acknowledge(s, row, "attendant 1", datetime.now(UTC))
        started = time.monotonic()
        assert got.wait(5)
        assert time.monotonic() - started < 1.5  # fast polling while the applicant waits
        assert [(c.id, c.state) for c in seen] == [(call, ACKNOWLEDGED)]
        with store.session() as s:
            assert s.get(HelpRequest, call).state == ACKNOWLEDGED  # type: ignore[union-attr]
    finally:
        worker.stop()
        store.close()


def test_a_catalog_imported_on_the_server_reaches_the_terminal(
    tmp_path: Path, central: tuple[Database, ServerThread], catalog: Catalog
) -> None:
    db, server = central
    folder = tmp_path / "catalog"
    folder.mkdir()
    for p in sorted(catalog.source.glob("*.toml")):
        text = p.read_text(encoding="utf-8")
        (folder / p.name).write_text(
            text + "\n# 2027\n" if p.name == "elderly-card.toml" else text,
            encoding="utf-8",
            newline="",
        )
    version = admin.import_catalog(db, folder, datetime.now(UTC))
    installed = threading.Event()
    got: list[Catalog] = []

    def on_catalog(c: Catalog) -> None:
        got.append(c)
        installed.set()

    store = Store(tmp_path / "t.db")
    worker = SyncWorker(
        store,
        config_for(server.base_url, token(db, 2)),
        2,
        tmp_path / "d",
        settings=QUICK,
        catalog_version=catalog.version,
        on_catalog=on_catalog,
    )
    worker.start()
    try:
        assert installed.wait(10)
    finally:
        worker.stop()
        store.close()
    assert got[0].version == version != catalog.version


def test_a_backlog_drains_fast(tmp_path: Path, central: tuple[Database, ServerThread]) -> None:
    db, server = central
    store = Store(tmp_path / "t.db")
    now = datetime.now(UTC)
    with store.transaction() as s:
        for _ in range(5000):
            add_event(
                s, "guide.viewed", {"item_id": ITEM, "terminal": 4, "at": now.isoformat()}, now
            )
    worker = SyncWorker(
        store, config_for(server.base_url, token(db, 4)), 4, tmp_path / "d", settings=QUICK
    )
    started = time.monotonic()
    while worker.run_events_once():  # batches of 500, each marked in one transaction
        pass
    rate = 5000 / (time.monotonic() - started)
    worker.stop()
    assert pending(store) == 0 and len(server_ids(db, 4)) == 5000
    # ~4000/s on a developer machine; one fsync per event instead would be ~100/s.
    assert rate > 800, f"{rate:.0f} events/s"
    store.close()
