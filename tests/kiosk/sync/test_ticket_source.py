"""Central ticket numbers with the queue position, and the offline fallback on any failure."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, demo_config
from kiosk.declarations import Declarations
from kiosk.prereview import Outcome
from kiosk.samples import company_address_change_answers
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent, Ticket
from kiosk.sync.tickets import HttpTicketSource
from kiosk.tickets import LOCAL_FORM, TicketRequest
from printer.profiles import PAPERS
from printer.ticket_content import ticket_content
from printer.ticket_layout import layout
from tests.conftest import Clock
from tests.kiosk.sync.stub_central import Scripted, StubCentral

ITEM = "company-address-change"


def desk_with(store: Store, catalog: Catalog, clock: Clock, url: str, **kw: float) -> Declarations:
    source = HttpTicketSource(CentralConfig(url=url, token="t" * 43), **kw)
    return Declarations(store, catalog, terminal=7, tickets=source, clock=clock)


def passed(desk: Declarations, catalog: Catalog) -> str:
    materials = {m.id: True for m in catalog[ITEM].materials}
    sub = desk.submit(ITEM, company_address_change_answers(), materials)
    assert sub.review.outcome is Outcome.PASSED
    return sub.reference


def test_a_central_number_comes_with_the_queue_position(
    store: Store, catalog: Catalog, clock: Clock, stub: StubCentral
) -> None:
    desk = desk_with(store, catalog, clock, stub.url)
    reference = passed(desk, catalog)
    issued = desk.issue_ticket(reference)
    assert (issued.number, issued.source, issued.ahead) == ("A017", "central", 4)
    (asked,) = stub.paths("POST", "/api/v1/tickets")
    assert asked.body == {
        "terminal": 7,
        "reference": reference,
        "series": "A",
        "day": "2026-11-26",
        "counters": list(catalog[ITEM].counters),
    }
    with store.session() as s:
        assert s.scalars(select(Ticket)).one().ahead == 4
    # printed from the stored ticket, also on a reprint
    again, review = desk.ticket_details(reference)
    assert again.ahead == 4
    content = ticket_content(again, catalog[ITEM], review, demo_config(store.path.parent))
    assert content.ahead == 4


def test_the_printed_ticket_says_how_many_wait_ahead(
    store: Store, catalog: Catalog, clock: Clock, stub: StubCentral
) -> None:
    desk = desk_with(store, catalog, clock, stub.url)
    issued, review = desk.ticket_details(desk.issue_ticket(passed(desk, catalog)).reference)
    content = ticket_content(issued, catalog[ITEM], review, demo_config(store.path.parent))
    text = repr(layout(content, PAPERS[80]))
    assert "4 人" in text


def test_no_server_means_an_offline_number(store: Store, catalog: Catalog, clock: Clock) -> None:
    gone = StubCentral()
    url = gone.url
    gone.close()
    desk = desk_with(store, catalog, clock, url)
    issued = desk.issue_ticket(passed(desk, catalog))
    assert LOCAL_FORM.match(issued.number) and issued.source == "local" and issued.ahead is None
    with store.session() as s:
        kinds = [e.kind for e in s.scalars(select(OutboxEvent))]
    assert "ticket.issued" in kinds  # the server hears of it later through the outbox


def test_errors_and_nonsense_fall_back_to_offline_numbers(
    store: Store, catalog: Catalog, clock: Clock, stub: StubCentral
) -> None:
    desk = desk_with(store, catalog, clock, stub.url)
    stub.script = [
        Scripted(500),
        Scripted(401, body={"detail": "revoked"}),
        Scripted(200, body={"no": "number"}),
        Scripted(200, body={"number": "A01-001", "ahead": 1}),  # the offline form: refused
        Scripted(200, body={"number": "B017", "ahead": 1}),  # another series: refused
    ]
    numbers = [desk.issue_ticket(passed(desk, catalog)).number for _ in range(5)]
    assert numbers == ["A07-001", "A07-002", "A07-003", "A07-004", "A07-005"]
    stub.ticket = {"number": "A018", "ahead": -3}  # a nonsense position is not printed
    issued = desk.issue_ticket(passed(desk, catalog))
    assert (issued.number, issued.ahead) == ("A018", None)


def test_a_slow_server_gets_a_few_seconds_at_most(
    store: Store, catalog: Catalog, clock: Clock, stub: StubCentral
) -> None:
    stub.hold = threading.Event()  # the server takes the request and does not answer
    source = HttpTicketSource(CentralConfig(url=stub.url, token="t" * 43), timeout_s=0.3)
    started = time.monotonic()
    got = source.request(TicketRequest("A", clock().date(), 7, "20261126-07-0001", (3,)))
    assert got is None and time.monotonic() - started < 2
    stub.hold.set()
    source.close()


def test_without_a_url_no_request_is_made(store: Store, catalog: Catalog, clock: Clock) -> None:
    source = HttpTicketSource(CentralConfig())
    assert source.request(TicketRequest("A", clock().date(), 7, "r", (3,))) is None
    assert source.allocate("A", clock().date(), 7) is None
