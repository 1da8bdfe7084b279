"""The staff side of sync against the REAL central server on loopback: an account added
there signs in at the terminal with its own PIN and no longer once disabled; a help call
acknowledged and resolved at the terminal shows on the server as done there by whom; an
assisted declaration is counted; a locked PIN pad is on the terminal's health row; the
terminals in service are the server's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from central import admin
from central.db import Database
from central.models import Declaration as CentralDeclaration
from central.models import HelpCall
from central.models import Terminal as CentralTerminal
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig
from kiosk.declarations import Declarations
from kiosk.help_requests import HelpDesk
from kiosk.samples import elderly_card_answers
from kiosk.staff.desk import StaffDesk
from kiosk.staff.identity import Identity, Outcome
from kiosk.staff.roles import Role
from kiosk.store.database import Store
from kiosk.store.models import StaffPad
from kiosk.sync.worker import SyncSettings, SyncWorker
from tests.kiosk.sync.test_against_central import drained

QUICK = SyncSettings(heartbeat_s=None, backoff_base_s=0.01, backoff_cap_s=0.05)
PIN = "482917"


def utc_now() -> datetime:
    return datetime.now(UTC)


def worker_for(db: Database, server: ServerThread, store: Store, data: Path) -> SyncWorker:
    token = admin.add_terminal(db, 7, utc_now()).token
    config = CentralConfig(url=server.base_url, token=token)
    return SyncWorker(store, config, 7, data, settings=QUICK)


def test_staff_at_the_terminal_with_the_real_server(
    tmp_path: Path, central: tuple[Database, ServerThread], catalog: Catalog, store: Store
) -> None:
    db, server = central
    admin.add_staff(db, "wang.fang", "王芳", "attendant", None, utc_now(), pin=PIN)
    worker = worker_for(db, server, store, tmp_path / "data")
    desk = StaffDesk(store, 7, utc_now)
    worker.run_pulls_once(force=True)
    assert worker.staff_version() is not None and worker.staff_error is None
    signed = desk.sign_in(PIN)
    assert signed.identity == Identity("wang.fang", "王芳", Role.ATTENDANT)
    who = signed.identity
    assert desk.derivations == 1

    # A help call, acknowledged then resolved at the terminal.
    call_id = HelpDesk(store, 7, utc_now).request({"screen": "form", "item_id": "elderly-card"})
    assert desk.acknowledge_help(who, call_id)
    assert desk.resolve_help(who, call_id)
    # An assisted declaration.
    materials = {m.id: True for m in catalog["elderly-card"].materials}
    reference = (
        Declarations(store, catalog, 7, clock=utc_now)
        .submit("elderly-card", elderly_card_answers(), materials)
        .reference
    )
    desk.mark_assisted(who, reference)
    # Five wrong PINs: the pad locks, and the server's health row says so.
    for _ in range(5):
        desk.sign_in("000000")
    worker.start()
    try:
        drained(worker)
    finally:
        worker.stop()
    with db.read() as s:
        call = s.get(HelpCall, call_id)
        assert call is not None and call.state == "resolved"
        assert call.resolved_by == "王芳" and call.at_terminal
        decl = s.scalars(
            select(CentralDeclaration).where(CentralDeclaration.reference == reference)
        ).one()
        assert (decl.assisted_by, decl.assisted_by_name) == ("wang.fang", "王芳")
        health = s.get(CentralTerminal, 7)
        assert health is not None and health.pin_locked_until is not None

    # Disabled on the server: refused at the terminal once it synced.
    admin.set_disabled(db, "wang.fang", True)
    assert desk.sign_in(PIN).outcome is Outcome.LOCKED  # still locked: not even checked
    store_pad_open(store)
    worker.run_pulls_once(force=True)
    assert desk.sign_in(PIN).outcome is Outcome.WRONG


def store_pad_open(store: Store) -> None:
    """The lock's end, as if its five minutes had passed (the desk reads the real clock)."""
    with store.transaction() as s:
        pad = s.get(StaffPad, 1)
        assert pad is not None
        pad.locked_until = utc_now()


def test_the_terminals_in_service_from_the_real_server(
    tmp_path: Path, central: tuple[Database, ServerThread], store: Store
) -> None:
    db, server = central
    worker = worker_for(db, server, store, tmp_path / "data")
    StaffDesk(store, 7, utc_now).take_out_of_service(
        Identity("li.qiang", "李强", Role.TECHNICIAN), "printer"
    )
    worker.run_pulls_once(force=True)
    got = worker.in_service_terminals()
    assert got is not None and 7 not in got
