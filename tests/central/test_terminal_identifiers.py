"""A terminal may name only its own identifiers: terminal 1's token trying terminal 2's
reference, offline ticket number, central ticket request or event id is refused (403,
per event: the rest of its batch is stored), and terminal 2's own events and ticket
request for them then go through.

(tests/kiosk/sync/test_terminal_identifiers.py runs the same against the kiosk's own
code; here the bodies are written by hand, to cover every kind.)
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central.db import Database
from central.models import Declaration, Event, HelpCall, Ticket
from tests.central.conftest import Connect, event, register_terminal, send

AT = "2026-11-26T02:30:00+00:00"
DAY = "2026-11-26"
REF2 = "20261126-02-0002"  # terminal 2's
REF1 = "20261126-01-0001"  # terminal 1's


@pytest.fixture
def terminals(db: Database, connect: Connect) -> tuple[httpx.Client, httpx.Client]:
    return connect(register_terminal(db, 1)), connect(register_terminal(db, 2))


def submitted(reference: str, terminal: int) -> dict[str, Any]:
    return event(
        "declaration.submitted",
        {
            "reference": reference,
            "terminal": terminal,
            "item_id": "elderly-card",
            "catalog_version": "v1",
            "language": "zh_CN",
            "submitted_at": AT,
        },
    )


def issued(reference: str, number: str, terminal: int, source: str = "local") -> dict[str, Any]:
    return event(
        "ticket.issued",
        {
            "reference": reference,
            "number": number,
            "day": DAY,
            "series": "B",
            "source": source,
            "counters": [3],
            "terminal": terminal,
            "item_id": "elderly-card",
            "issued_at": AT,
        },
    )


def by_reference(reference: str, kind: str) -> dict[str, Any]:
    payloads = {
        "prereview.result": {"reference": reference, "outcome": "passed"},
        "commitment.accepted": {"reference": reference, "accepted_at": AT},
        "ticket.printed": {"reference": reference, "number": "B02-001", "status": "ok", "at": AT},
        "ticket.reprinted": {"reference": reference, "number": "B02-001", "status": "ok", "at": AT},
        "ticket.print_failed": {
            "reference": reference,
            "number": "B02-001",
            "status": "paper_out",
            "at": AT,
        },
    }
    return event(kind, payloads[kind])


def ticket_request(client: httpx.Client, reference: str, terminal: int) -> httpx.Response:
    body = {"terminal": terminal, "reference": reference, "series": "B", "day": DAY}
    return client.post("/api/v1/tickets", json={**body, "counters": [3]})


def test_terminal_1_cannot_take_terminal_2s_identifiers(
    db: Database, terminals: tuple[httpx.Client, httpx.Client]
) -> None:
    one, two = terminals
    hostile = [
        submitted(REF2, 1),  # terminal 2's reference, with terminal 1's own terminal field
        *(
            by_reference(REF2, kind)
            for kind in (
                "prereview.result",
                "commitment.accepted",
                "ticket.printed",
                "ticket.reprinted",
                "ticket.print_failed",
            )
        ),
        issued(REF2, "B01-001", 1),  # its reference
        issued(REF1, "B02-001", 1),  # its offline number, under terminal 1's own reference
        issued(REF1, "B02-002", 1, source="central"),  # or passed off as a central number
        event("help.requested", {"id": "h-2", "terminal": 2, "context": {}, "requested_at": AT}),
        event("heartbeat", {"terminal": 2, "at": AT}),
    ]
    own = submitted(REF1, 1)
    results = send(one, *hostile, own, terminal=1)
    refused = results[:-1]
    assert [r["status"] for r in refused] == ["rejected"] * len(hostile), refused
    codes = [r["code"] for r in refused]
    assert codes == [403] * 8 + [422] + [403] * 2, refused  # "B02-002" is no central number
    assert all("terminal 2" in r["reason"] or "central" in r["reason"] for r in refused)
    assert results[-1] == {"id": own["id"], "status": "accepted"}  # the batch goes on
    for reference in (REF2, "20261126-02-0009"):
        response = ticket_request(one, reference, 1)
        assert response.status_code == 403, response.text
        assert "terminal 2's" in response.json()["detail"]

    # Terminal 2's own events and requests for them: all accepted, once.
    mine = [
        submitted(REF2, 2),
        by_reference(REF2, "prereview.result"),
        issued(REF2, "B02-001", 2),
        by_reference(REF2, "ticket.printed"),
        event("help.requested", {"id": "h-2", "terminal": 2, "context": {}, "requested_at": AT}),
    ]
    assert [r["status"] for r in send(two, *mine, terminal=2)] == ["accepted"] * len(mine)
    central = ticket_request(two, "20261126-02-0009", 2)
    assert central.status_code == 200 and central.json()["number"] == "B001"
    with db.read() as s:
        assert s.scalars(
            select(Declaration.terminal).where(Declaration.reference == REF2)
        ).all() == [2]
        tickets = {t.reference: (t.terminal, t.number) for t in s.scalars(select(Ticket))}
        assert tickets == {REF2: (2, "B02-001"), "20261126-02-0009": (2, "B001")}
        assert s.scalars(select(HelpCall.terminal)).all() == [2]
        stored = {e.id: e.terminal for e in s.scalars(select(Event))}
    assert stored == {own["id"]: 1, **{e["id"]: 2 for e in mine}}


def test_an_event_id_another_terminal_stored_is_refused_not_a_duplicate(
    db: Database, terminals: tuple[httpx.Client, httpx.Client]
) -> None:
    one, two = terminals
    first = submitted(REF2, 2)
    assert send(two, first, terminal=2)[0]["status"] == "accepted"
    again = {**submitted(REF1, 1), "id": first["id"]}  # the same id from terminal 1
    [result] = send(one, again, terminal=1)
    assert result["status"] == "rejected" and result["code"] == 403
    assert "terminal 2's" in result["reason"]
    assert send(two, first, terminal=2)[0]["status"] == "duplicate"  # its own: a duplicate
    with db.read() as s:
        assert s.scalars(select(Declaration.reference)).all() == [REF2]


@pytest.mark.parametrize(
    ("reference", "code"), [("r1", 422), ("2026112601-0001", 422), ("20261126-1-0001", 422)]
)
def test_a_reference_without_its_terminal_is_refused(
    terminals: tuple[httpx.Client, httpx.Client], reference: str, code: int
) -> None:
    one, _ = terminals
    [result] = send(one, submitted(reference, 1), terminal=1)
    assert (result["status"], result["code"]) == ("rejected", code)
    assert "YYYYMMDD-TT-NNNN" in result["reason"]
    response = ticket_request(one, reference, 1)
    assert response.status_code == 422 and "YYYYMMDD-TT-NNNN" in response.json()["detail"]


def test_terminal_1_cannot_touch_terminal_2s_help_call(
    db: Database, terminals: tuple[httpx.Client, httpx.Client]
) -> None:
    one, two = terminals
    call = "5d1f0c1e-2b7a-4c39-9f0e-6a1b2c3d4e5f"  # as if learnt from the dashboard
    request = {"id": call, "terminal": 2, "context": {}, "requested_at": AT}
    assert send(two, event("help.requested", request), terminal=2)[0]["status"] == "accepted"
    hostile = [
        event("help.requested", {**request, "terminal": 1}),
        event("help.acknowledged", {"id": call, "terminal": 1, "at": AT}),
        event("help.resolved", {"id": call, "terminal": 1, "at": AT}),
        event("help.cancelled", {"id": call, "terminal": 1, "cancelled_at": AT}),
    ]
    results = send(one, *hostile, terminal=1)
    assert [(r["status"], r["code"]) for r in results] == [("rejected", 403)] * 4, results
    assert all(r["reason"] == f"help call {call} is terminal 2's" for r in results)
    cancel = event("help.cancelled", {"id": call, "terminal": 2, "cancelled_at": AT})
    assert send(two, cancel, terminal=2)[0]["status"] == "accepted"
    with db.read() as s:
        assert s.scalars(select(HelpCall.state)).one() == "cancelled"
