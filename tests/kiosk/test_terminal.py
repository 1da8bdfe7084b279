"""The composition root: built in order on its lanes, one store writer, closed in reverse.

A real terminal (real SQLite file, the demo's files printer, the stub central server on
loopback where a test needs one), driven through the same Futures the touch interface
and the console use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog, CatalogError
from kiosk.config import CentralConfig, KioskConfig, demo_config
from kiosk.declarations import IssuedTicket, Submitted
from kiosk.samples import SAMPLES
from kiosk.store.database import WrongThread
from kiosk.store.models import OutboxEvent, Ticket
from kiosk.store.outbox import add_event
from kiosk.terminal import ConsoleDesk, Terminal, TerminalHooks
from printer.fonts import find_cjk_font
from tests.kiosk.sync.stub_central import StubCentral

WAIT = 30.0


@pytest.fixture
def make_terminal(tmp_path: Path, catalog: Catalog) -> Iterator[Callable[..., Terminal]]:
    made: list[Terminal] = []

    def make(config: KioskConfig | None = None, **kwargs: Any) -> Terminal:
        kwargs.setdefault("catalog", catalog)
        terminal = Terminal(config or demo_config(tmp_path / "data"), find_cjk_font(), **kwargs)
        made.append(terminal)
        return terminal

    yield make
    for terminal in made:
        terminal.close()


def submit_elderly_card(terminal: Terminal, catalog: Catalog) -> Submitted:
    item = catalog["elderly-card"]
    answers = SAMPLES["elderly-card"]()
    materials = {m.id: True for m in item.materials}
    return terminal.submit("elderly-card", answers, materials, "zh_CN").result(WAIT)


def test_a_declaration_to_a_printed_ticket_on_the_lanes(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    sent: list[tuple[str, str]] = []
    hooks = TerminalHooks(
        on_ticket_sent=lambda ref: sent.append((ref, threading.current_thread().name))
    )
    terminal = make_terminal(hooks=hooks)
    assert terminal.open().result(WAIT) is catalog
    terminal.printer_lane.submit(lambda: None).result(WAIT)
    assert terminal.printer_lane.jobs_started == 2  # the warm-up ticket ran first, unprinted
    assert list((terminal.data_dir / "tickets").glob("*")) == []
    sub = submit_elderly_card(terminal, catalog)
    assert sub.review.outcome.value == "passed"
    issued, printed = terminal.take_ticket(sub.reference, sub.review)
    ticket = issued.result(WAIT)
    outcome = printed.result(WAIT)
    assert isinstance(ticket, IssuedTicket) and ticket.number == "B01-001"
    assert outcome.fault is None and outcome.preview_png is not None
    assert sent == [(sub.reference, "lane-printer")]  # the bytes, on the printer's lane
    with terminal.store.session() as s:
        stored = s.scalars(select(Ticket)).one()
        kinds = [e.kind for e in s.scalars(select(OutboxEvent))]
    # The printer lane handed its outcome back: the store lane recorded it.
    assert stored.print_count == 1 and stored.last_print_status == "printed"
    assert kinds[-2:] == ["ticket.issued", "ticket.printed"]


def test_the_store_has_one_writer_the_store_lane(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    terminal = make_terminal()
    terminal.open().result(WAIT)
    with pytest.raises(WrongThread, match="lane-store"), terminal.store.transaction() as s:
        add_event(s, "guide.viewed", {"item_id": "x"}, terminal.clock())
    for lane in (terminal.printer_lane, terminal.network_lane):

        def write() -> None:
            with terminal.store.transaction() as s:
                add_event(s, "guide.viewed", {"item_id": "x"}, terminal.clock())

        with pytest.raises(WrongThread):
            lane.submit(write).result(WAIT)
    terminal.guide_viewed("elderly-card").result(WAIT)  # the lane's own write works


def test_a_help_call_never_waits_behind_a_ticket_number(
    make_terminal: Callable[..., Terminal], catalog: Catalog, tmp_path: Path
) -> None:
    stub = StubCentral()
    try:
        config = demo_config(tmp_path / "data").model_copy(
            update={"central": CentralConfig(url=stub.url, token="t" * 43)}
        )
        terminal = make_terminal(config)
        terminal.open().result(WAIT)
        sub = submit_elderly_card(terminal, catalog)
        stub.ticket = {"number": "B017", "sequence": 17, "ahead": 4}
        gate = stub.hold_next_post("/api/v1/tickets")  # the server is slow to number it
        issued, _ = terminal.take_ticket(sub.reference, sub.review)
        assert gate.arrived.wait(WAIT)  # the ticket number is being asked for
        call = terminal.call_help({"screen": "result"})
        assert call.result(WAIT)  # stored while the number is still awaited
        assert not issued.done()
        gate.release.set()
        assert issued.result(WAIT).number == "B017"  # the hall's number, not B01-001
        assert stub.wait_for(lambda: "help.requested" in stub.kinds(), timeout=WAIT)
    finally:
        stub.close()


def test_a_malformed_catalog_fails_the_opening_and_nothing_else_opens(
    make_terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "broken.toml").write_text("id = [", encoding="utf-8")
    config = demo_config(tmp_path / "data").model_copy(update={"catalog_dir": folder})
    terminal = make_terminal(config, catalog=None)
    with pytest.raises(CatalogError):
        terminal.open().result(WAIT)
    assert not terminal.opened and not (tmp_path / "data" / "kiosk.db").exists()
    with pytest.raises(CatalogError):  # and every action fails the same way, never hangs
        terminal.guide_viewed("elderly-card").result(WAIT)


def test_close_ends_every_lane_and_the_store_after_pending_writes(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    before = set(threading.enumerate())
    terminal = make_terminal()
    terminal.open().result(WAIT)
    pending = [terminal.guide_viewed("elderly-card") for _ in range(20)]
    terminal.close()
    assert all(f.done() and f.exception() is None for f in pending)  # none lost
    assert set(threading.enumerate()) <= before  # no lane, no sync thread left
    with pytest.raises(RuntimeError):
        terminal.guide_viewed("elderly-card").result(WAIT)


def test_the_console_desk_waits_on_the_same_lanes(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    terminal = make_terminal()
    terminal.open().result(WAIT)
    desk = ConsoleDesk(terminal)
    item = catalog["elderly-card"]
    sub = desk.submit(
        "elderly-card", SAMPLES["elderly-card"](), {m.id: True for m in item.materials}
    )
    ticket = desk.issue_ticket(sub.reference, sub.review)
    assert ticket.reference == sub.reference
    assert desk.last_print.result(WAIT).fault is None
    assert desk.outbox_depth() >= 4  # submitted, pre-review, issued, printed


def test_a_mode_change_is_told_to_the_central_server(
    make_terminal: Callable[..., Terminal],
) -> None:
    terminal = make_terminal()
    assert terminal.record_mode("out_of_service", "printer") is None  # not open: nothing
    terminal.open().result(WAIT)
    written = terminal.record_mode("out_of_service", "x" * 200)
    assert written is not None
    written.result(WAIT)
    with terminal.store.session() as s:
        (event,) = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == "terminal.mode"))
    assert event.payload["mode"] == "out_of_service" and len(event.payload["reason"]) == 64
