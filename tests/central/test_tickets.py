"""POST /api/v1/tickets and GET /api/v1/queue: hall-wide numbers without duplicates or
gaps, the same number for the same reference, and who is still waiting where."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central.db import Database
from central.models import DaySequence, Ticket
from tests.central.conftest import Connect, event, register_terminal, send
from tests.conftest import Clock

DAY = "2026-11-26"


def ask(
    client: httpx.Client,
    reference: str,
    counters: list[int],
    series: str = "A",
    day: str = DAY,
    terminal: int = 3,
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/tickets",
        json={
            "terminal": terminal,
            "reference": reference,
            "series": series,
            "day": day,
            "counters": counters,
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ref(n: int, terminal: int = 3) -> str:
    return f"20261126-{terminal:02d}-{n:04d}"


def test_numbers_count_per_day_and_series(terminal: httpx.Client) -> None:
    assert ask(terminal, ref(1), [3]) == {"number": "A001", "sequence": 1, "ahead": 0}
    assert ask(terminal, ref(2), [3])["number"] == "A002"
    assert ask(terminal, ref(3), [3], series="B")["number"] == "B001"
    assert ask(terminal, ref(4), [3], day="2026-11-27")["number"] == "A001"


def test_the_same_reference_gets_the_same_number(db: Database, terminal: httpx.Client) -> None:
    first = ask(terminal, ref(1), [3])
    ask(terminal, ref(2), [3])
    assert ask(terminal, ref(1), [3]) == first  # a lost answer asked again: no gap
    assert ask(terminal, ref(3), [3])["number"] == "A003"
    with db.read() as s:
        assert s.scalars(select(DaySequence.value)).one() == 3


def test_a_reference_with_an_offline_ticket_is_409(terminal: httpx.Client) -> None:
    send(
        terminal,
        event(
            "ticket.issued",
            {
                "reference": ref(1),
                "number": "A03-001",
                "day": DAY,
                "series": "A",
                "source": "local",
                "counters": [3],
                "terminal": 3,
                "item_id": "x",
                "issued_at": "2026-11-26T02:30:00+00:00",
            },
        ),
    )
    response = terminal.post(
        "/api/v1/tickets",
        json={"terminal": 3, "reference": ref(1), "series": "A", "day": DAY, "counters": [3]},
    )
    assert response.status_code == 409
    assert "A03-001" in response.json()["detail"]


def test_many_terminals_at_once_get_distinct_numbers_without_gaps(
    db: Database, connect: Connect
) -> None:
    clients = {n: connect(register_terminal(db, n)) for n in range(1, 9)}
    requests = [(n, i) for n in clients for i in range(1, 13)]

    def one(request: tuple[int, int]) -> str:
        n, i = request
        return str(ask(clients[n], ref(i, n), [3], terminal=n)["number"])

    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(one, requests + requests[:20]))  # some asked twice
    assert sorted(set(numbers)) == [f"A{i:03d}" for i in range(1, len(requests) + 1)]
    by_reference: dict[str, set[str]] = {}
    with db.read() as s:
        for t in s.scalars(select(Ticket)):
            by_reference.setdefault(t.reference, set()).add(t.number)
    assert len(by_reference) == len(requests)
    assert all(len(v) == 1 for v in by_reference.values())


def test_ahead_counts_waiting_tickets_for_any_of_the_counters(
    terminal: httpx.Client, counter: httpx.Client
) -> None:
    ask(terminal, ref(1), [3])
    ask(terminal, ref(2), [4, 5])
    ask(terminal, ref(3), [9])
    assert ask(terminal, ref(4), [3, 4])["ahead"] == 2
    # A declaration received at the counter leaves the queue.
    send(
        terminal,
        event(
            "declaration.submitted",
            {
                "reference": ref(1),
                "terminal": 3,
                "item_id": "x",
                "catalog_version": "v",
                "language": "zh_CN",
                "submitted_at": "2026-11-26T02:30:00+00:00",
            },
        ),
    )
    assert ask(terminal, ref(5), [3, 4])["ahead"] == 3  # 1 (still submitted), 2, 4
    assert (
        counter.post(
            f"/api/v1/declarations/{ref(1)}/status", json={"status": "received", "counter": 3}
        ).status_code
        == 200
    )
    assert ask(terminal, ref(6), [3, 4])["ahead"] == 3  # 2, 4, 5
    assert ask(terminal, ref(5), [3, 4])["ahead"] == 2  # asked again: 2, 4


def test_the_queue_counts_todays_waiting_tickets_per_counter(
    terminal: httpx.Client, counter: httpx.Client, clock: Clock
) -> None:
    assert terminal.get("/api/v1/queue").json() == {"day": DAY, "counters": {}}
    ask(terminal, ref(1), [3])
    ask(terminal, ref(2), [3, 4])
    ask(terminal, ref(3), [5], day="2026-11-25")  # yesterday's
    send(
        terminal,
        event(
            "declaration.submitted",
            {
                "reference": ref(2),
                "terminal": 3,
                "item_id": "x",
                "catalog_version": "v",
                "language": "zh_CN",
                "submitted_at": "2026-11-26T02:30:00+00:00",
            },
        ),
    )
    queue = counter.get("/api/v1/queue").json()
    assert queue == {"day": DAY, "counters": {"3": {"waiting": 2}, "4": {"waiting": 1}}}
    counter.post(f"/api/v1/declarations/{ref(2)}/status", json={"status": "received", "counter": 4})
    queue = terminal.get("/api/v1/queue").json()
    assert queue["counters"] == {"3": {"waiting": 1}, "4": {"waiting": 0}}


@pytest.mark.parametrize(
    "body",
    [
        {"terminal": 3, "reference": "bad ref", "series": "A", "day": DAY, "counters": [3]},
        {"terminal": 3, "reference": "r1", "series": "AB", "day": DAY, "counters": [3]},
        {"terminal": 3, "reference": "r1", "series": "A", "day": "26/11", "counters": [3]},
        {"terminal": 3, "reference": "r1", "series": "A", "day": DAY, "counters": [0]},
    ],
)
def test_a_malformed_ticket_request_is_422(terminal: httpx.Client, body: dict[str, Any]) -> None:
    assert terminal.post("/api/v1/tickets", json=body).status_code == 422
