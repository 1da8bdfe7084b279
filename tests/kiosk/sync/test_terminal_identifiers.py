"""Terminal 1's token tries every identifier terminal 2 is about to use, against the REAL
central server on loopback; then terminal 2 runs for real (kiosk.declarations, its store,
its sync worker): its declarations keep their references, its offline ticket its number,
its central requests their numbers, and every one of its events is accepted exactly once
(no dead letter, no 409).

Before identifiers were bound to their terminal, terminal 1 could store a declaration
under terminal 2's next reference, claim its next offline number and take a central
number for its reference: terminal 2's events for them became dead letters.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from central import admin
from central.db import Database
from central.models import Declaration as CentralDeclaration
from central.models import Event, HelpCall
from central.models import Ticket as CentralTicket
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig
from kiosk.declarations import Declarations
from kiosk.help_requests import HelpDesk
from kiosk.samples import company_address_change_answers
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from kiosk.store.outbox import SENT
from kiosk.sync.tickets import HttpTicketSource
from kiosk.sync.worker import SyncSettings, SyncWorker

ITEM = "company-address-change"
HALL = ZoneInfo("Asia/Shanghai")  # the server's default zone: both count the same day
QUICK = SyncSettings(heartbeat_s=None, backoff_base_s=0.01, backoff_cap_s=0.05)


def hall_now() -> datetime:
    return datetime.now(HALL)


def hostile_events(day: str, series: str) -> list[dict[str, Any]]:
    """What terminal 1 sends to take terminal 2's next identifiers."""
    at = hall_now().isoformat()
    theirs = [f"{day.replace('-', '')}-02-{n:04d}" for n in (1, 2, 3)]
    mine = f"{day.replace('-', '')}-01-0001"
    events: list[tuple[str, dict[str, Any]]] = []
    for reference in theirs:
        events += [
            (
                "declaration.submitted",
                {
                    "reference": reference,
                    "terminal": 1,
                    "item_id": ITEM,
                    "catalog_version": "v",
                    "language": "zh_CN",
                    "submitted_at": at,
                },
            ),
            ("prereview.result", {"reference": reference, "outcome": "passed"}),
            ("commitment.accepted", {"reference": reference, "accepted_at": at}),
            ("ticket.printed", {"reference": reference, "number": "A1", "status": "ok", "at": at}),
        ]
    ticket = {
        "day": day,
        "series": series,
        "counters": [3],
        "terminal": 1,
        "item_id": ITEM,
        "issued_at": at,
    }
    for reference, number, source in (
        (theirs[1], f"{series}01-001", "local"),  # terminal 2's reference
        (mine, f"{series}02-001", "local"),  # terminal 2's offline number
        (mine, f"{series}02-001", "central"),  # the same, passed off as a central one
    ):
        events.append(
            (
                "ticket.issued",
                {**ticket, "reference": reference, "number": number, "source": source},
            )
        )
    events.append(
        (
            "help.requested",
            {"id": str(uuid.uuid4()), "terminal": 2, "context": {}, "requested_at": at},
        )
    )
    events.append(("heartbeat", {"terminal": 2, "at": at}))
    return [
        {"id": str(uuid.uuid4()), "kind": kind, "created_at": at, "payload": payload}
        for kind, payload in events
    ]


def test_terminal_1_takes_none_of_terminal_2s_identifiers(
    tmp_path: Path, central: tuple[Database, ServerThread], catalog: Catalog
) -> None:
    db, server = central
    now = datetime.now(UTC)
    one = admin.add_terminal(db, 1, now).token
    cfg = CentralConfig(url=server.base_url, token=admin.add_terminal(db, 2, now).token)
    series = catalog[ITEM].series
    day = hall_now().date().isoformat()

    # Terminal 1 first: every identifier terminal 2 will use today.
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {one}"}) as c:
        hostile = hostile_events(day, series)
        answer = c.post("/api/v1/events", json={"terminal": 1, "events": hostile})
        results = answer.json()["results"]
        assert [(r["status"], r["code"]) for r in results] == [("rejected", 403)] * 14 + [
            ("rejected", 422)
        ] + [("rejected", 403)] * 2, results
        for n in (1, 2, 3):
            request = {
                "terminal": 1,
                "reference": f"{day.replace('-', '')}-02-{n:04d}",
                "series": series,
                "day": day,
                "counters": [3],
            }
            refused = c.post("/api/v1/tickets", json=request)
            assert refused.status_code == 403 and "terminal 2's" in refused.json()["detail"]

    # Then terminal 2, as it runs: central numbers, one offline number, prints, a call.
    store = Store(tmp_path / "terminal2.db")
    desk = Declarations(store, catalog, 2, tickets=HttpTicketSource(cfg), clock=hall_now)
    offline = Declarations(store, catalog, 2, clock=hall_now)  # the server out of reach
    help_desk = HelpDesk(store, 2, hall_now)
    materials = {m.id: True for m in catalog[ITEM].materials}
    issued = []
    for n, teller in enumerate((desk, offline, desk)):
        sub = teller.submit(ITEM, company_address_change_answers(), materials)
        assert sub.reference == f"{day.replace('-', '')}-02-{n + 1:04d}"
        issued.append(teller.issue_ticket(sub.reference))
        teller.record_print(sub.reference, "printed")
    help_desk.request({"screen": "ticket", "item_id": ITEM})
    numbers = [(t.reference, t.number) for t in issued]
    assert [n for _, n in numbers] == [f"{series}001", f"{series}02-001", f"{series}002"]

    worker = SyncWorker(store, cfg, 2, tmp_path / "data", settings=QUICK)
    worker.start()
    try:
        worker.wake()
        status = worker.wait_for_status(lambda s: s.outbox_depth == 0 and s.online, 30)
        assert status.outbox_depth == 0, status
    finally:
        worker.stop()
    with store.session() as s:
        outbox = {e.id: e.state for e in s.scalars(select(OutboxEvent))}
    store.close()
    assert set(outbox.values()) == {SENT}  # no dead letter
    with db.read() as s:
        ids = list(s.scalars(select(Event.id).where(Event.terminal == 2)))
        assert sorted(ids) == sorted(outbox)  # every event, once
        assert s.scalar(select(func.count()).select_from(Event)) == len(outbox)  # none of 1's
        query = select(CentralDeclaration.reference, CentralDeclaration.terminal)
        owners = {reference: terminal for reference, terminal in s.execute(query)}
        tickets = {
            t.reference: (t.terminal, t.number, t.print_count)
            for t in s.scalars(select(CentralTicket))
        }
        calls = list(s.scalars(select(HelpCall.terminal)))
    assert owners == {reference: 2 for reference, _ in numbers}
    assert tickets == {reference: (2, number, 1) for reference, number in numbers}
    assert calls == [2]
