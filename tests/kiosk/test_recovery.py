"""Coming back after a crash: a ticket committed but never printed gets one help call.

A real terminal on a real SQLite file: its ticket is committed through its own path with
a printer that faults (the loopback fake printer, out of paper) or never reaches the
printer at all (a crash between the commit and the print); the terminal is closed and
started again on the same data folder, with its clock set by the test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, KioskConfig, PrinterConfig, demo_config
from kiosk.declarations import IssuedTicket, Submitted, TicketRefused
from kiosk.recovery import CALLED, SCREEN
from kiosk.samples import SAMPLES
from kiosk.staff.help_view import describe_call
from kiosk.store.models import AuditEntry, HelpRequest, OutboxEvent, Ticket
from kiosk.terminal import Terminal
from printer.errors import PaperOut
from printer.fonts import find_cjk_font
from tests.printer.fake_device import FakePrinter

WAIT = 30.0
START = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)  # 10:30 in the hall


class Clock:
    """The terminal's time source; the test moves it between starts."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def fake() -> Iterator[FakePrinter]:
    with FakePrinter("paper_out") as printer:
        yield printer


@pytest.fixture
def config(tmp_path: Path, fake: FakePrinter) -> KioskConfig:
    printer = PrinterConfig(connection="network", host=fake.host, port=fake.port, timeout_s=1.0)
    return demo_config(tmp_path / "data").model_copy(update={"printer": printer})


@pytest.fixture
def start(catalog: Catalog, clock: Clock, config: KioskConfig) -> Iterator[Callable[..., Terminal]]:
    """Start a terminal on the same data folder (the one before it is closed first)."""
    made: list[Terminal] = []

    def make(
        cfg: KioskConfig | None = None, *, before: Callable[[Terminal], None] | None = None
    ) -> Terminal:
        for old in made:
            old.close()
        terminal = Terminal(cfg or config, find_cjk_font(), catalog=catalog, time_source=clock)
        made.append(terminal)
        if before is not None:  # what the composition root sets before opening
            before(terminal)
        terminal.open().result(WAIT)
        return terminal

    yield make
    for terminal in made:
        terminal.close()


def submit(terminal: Terminal, catalog: Catalog) -> Submitted:
    item = catalog["elderly-card"]
    materials = {m.id: True for m in item.materials}
    answers = SAMPLES["elderly-card"]()
    return terminal.submit("elderly-card", answers, materials, "zh_CN").result(WAIT)


def ticket_with_a_faulting_printer(terminal: Terminal, catalog: Catalog) -> IssuedTicket:
    sub = submit(terminal, catalog)
    issued, printed = terminal.take_ticket(sub.reference, sub.review)
    assert isinstance(printed.result(WAIT).fault, PaperOut)  # recorded on the store lane
    return issued.result(WAIT)


def ticket_never_printed(terminal: Terminal, catalog: Catalog) -> IssuedTicket:
    """Committed, then the power went: the print's outcome was never recorded."""
    from kiosk.tickets import TicketRequest

    sub = submit(terminal, catalog)

    def commit() -> IssuedTicket:
        request = terminal.desk.prepare_ticket(sub.reference)
        assert isinstance(request, TicketRequest)
        return terminal.desk.commit_ticket(request, None)

    issued: IssuedTicket = terminal.store_lane.submit(commit).result(WAIT)
    return issued


def calls(terminal: Terminal) -> list[HelpRequest]:
    with terminal.store.session() as s:
        return list(s.scalars(select(HelpRequest).order_by(HelpRequest.requested_at)))


def stored_ticket(terminal: Terminal) -> Ticket:
    with terminal.store.session() as s:
        return s.scalars(select(Ticket)).one()


def test_a_ticket_the_printer_refused_gets_one_call_after_a_restart(
    start: Callable[..., Terminal], catalog: Catalog, clock: Clock
) -> None:
    first = start()
    ticket = ticket_with_a_faulting_printer(first, catalog)
    assert calls(first) == []  # nobody called while the kiosk ran
    printed = stored_ticket(first)
    # A fault also sets last_printed_at: "never printed" is print_count 0.
    assert printed.print_count == 0 and printed.last_print_status == "paper_out"
    assert printed.last_printed_at is not None

    clock.advance(timedelta(minutes=5))
    second = start()
    [call] = calls(second)
    assert call.state == "open" and call.requested_at == clock.now
    assert call.context == {
        "screen": SCREEN,
        "ticket": ticket.number,
        "reference": ticket.reference,
        "item_id": "elderly-card",
        "language": "zh_CN",
    }
    # The attendant's words on the staff home, from that context.
    [waiting] = second.open_help_calls().result(WAIT)
    view = describe_call(
        waiting.id, waiting.state, waiting.context, waiting.requested_at, clock.now, catalog
    )
    assert view.where.zh == f"号票 {ticket.number} 未打印"
    assert view.where.en == f"Ticket {ticket.number} was not printed"
    assert view.ticket == ticket.reference
    assert view.item is not None and view.item.zh == catalog["elderly-card"].name.zh
    with second.store.session() as s:
        event = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == "help.requested")).one()
        marks = list(s.scalars(select(AuditEntry).where(AuditEntry.action == CALLED)))
    assert event.payload["id"] == call.id and event.payload["context"] == call.context
    assert [m.detail["reference"] for m in marks] == [ticket.reference]

    clock.advance(timedelta(minutes=5))
    third = start()
    assert [c.id for c in calls(third)] == [call.id]  # still one call for that ticket


def test_a_ticket_committed_before_a_crash_gets_its_call_once_even_when_the_call_is_closed(
    start: Callable[..., Terminal], catalog: Catalog, clock: Clock
) -> None:
    first = start()
    ticket = ticket_never_printed(first, catalog)
    assert stored_ticket(first).last_printed_at is None
    clock.advance(timedelta(minutes=29))  # within the half hour
    second = start()
    [call] = calls(second)
    assert call.context["ticket"] == ticket.number
    assert second.cancel_help(call.id).result(WAIT)  # closed: it is not raised again
    third = start()
    assert [(c.id, c.state) for c in calls(third)] == [(call.id, "cancelled")]


def test_a_ticket_older_than_half_an_hour_is_left_alone(
    start: Callable[..., Terminal], catalog: Catalog, clock: Clock
) -> None:
    first = start()
    ticket_never_printed(first, catalog)
    clock.advance(timedelta(minutes=31))  # the applicant has gone
    second = start()
    assert calls(second) == []
    with second.store.session() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == CALLED)).all() == []


def test_a_printed_ticket_gets_no_call(
    start: Callable[..., Terminal], catalog: Catalog, clock: Clock, tmp_path: Path
) -> None:
    files = demo_config(tmp_path / "data")  # the files printer: every ticket prints
    first = start(files)
    sub = submit(first, catalog)
    _, printed = first.take_ticket(sub.reference, sub.review)
    assert printed.result(WAIT).fault is None
    clock.advance(timedelta(minutes=1))
    assert calls(start(files)) == []


def test_the_attendant_reprints_the_ticket_by_its_number_or_reference(
    start: Callable[..., Terminal], catalog: Catalog, clock: Clock, fake: FakePrinter
) -> None:
    first = start()
    ticket = ticket_with_a_faulting_printer(first, catalog)
    clock.advance(timedelta(minutes=2))
    second = start()
    [call] = calls(second)
    fake.state = "ready"  # paper loaded
    outcome = second.reprint_ticket(call.context["ticket"]).result(WAIT)
    assert outcome.fault is None and outcome.reference == ticket.reference
    assert ticket.number.encode() in fake.received
    again = second.reprint_ticket(ticket.reference).result(WAIT)
    assert again.fault is None
    assert stored_ticket(second).print_count == 2
    with second.store.session() as s:
        kinds = [e.kind for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.created_at))]
    assert kinds[-2:] == ["ticket.printed", "ticket.reprinted"]
    for unknown in ("B99-999", "", " " * 3, "x" * 10_000):
        with pytest.raises(TicketRefused):
            second.reprint_ticket(unknown).result(WAIT)


def test_a_store_that_cannot_raise_the_calls_still_opens(
    start: Callable[..., Terminal], catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.recovery

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("a bug in the recovery")

    monkeypatch.setattr(kiosk.recovery, "call_for_unprinted", broken)
    terminal = start()
    assert terminal.opened
    assert submit(terminal, catalog).review.outcome.value == "passed"


def test_after_a_crash_the_server_hears_of_the_ticket_the_restart_and_the_crash(
    start: Callable[..., Terminal], catalog: Catalog, clock: Clock, config: KioskConfig
) -> None:
    """The dashboard's help call (central.models.HelpCall) carries the ticket's number,
    and the first heartbeat after the crash the restart count and the crash's time
    (kiosk.diagnostics.runs, wired as ui/app.py wires it)."""
    from central import admin
    from central.app import create_app
    from central.db import Database
    from central.models import HelpCall
    from central.models import Terminal as Health
    from central.serve import ServerThread
    from central.state import ServerState
    from kiosk.diagnostics.collect import TerminalDiagnostics
    from kiosk.diagnostics.runs import RunRecord

    clock.now = datetime.now(UTC)  # the server judges event times by its own clock
    first = start()
    crashed = RunRecord(first.data_dir, pid=1, boot=lambda: "boot-1")
    crashed.start(clock.now - timedelta(minutes=3))
    crashed.seen(clock.now - timedelta(minutes=1))  # its last heartbeat; then the power went
    ticket = ticket_never_printed(first, catalog)
    first.close()
    runs = RunRecord(first.data_dir, pid=2, boot=lambda: "boot-1")
    runs.start(clock.now)
    db = Database(f"sqlite:///{config.resolved_data_dir() / 'central.db'}")
    server = ServerThread(create_app(ServerState(db))).start()
    try:
        issued = admin.add_terminal(db, config.terminal_number, datetime.now(UTC))
        link = CentralConfig(url=server.base_url, token=issued.token)

        def wire(terminal: Terminal) -> None:
            terminal.heartbeat_extra = TerminalDiagnostics(terminal, runs=runs).heartbeat_fields

        second = start(config.model_copy(update={"central": link}), before=wire)
        assert second.sync is not None
        sent = second.sync.wait_for_status(
            lambda s: s.last_sent_at is not None and s.outbox_depth == 0, WAIT
        )
        assert sent.outbox_depth == 0 and sent.dead_count == 0, sent
        second.close()  # before the server stops: no request cut short
        with db.read() as s:
            contexts = [dict(c.context) for c in s.scalars(select(HelpCall))]
            health = s.get(Health, config.terminal_number)
            assert health is not None
            restarts, crash_at = health.restarts, health.last_crash_at
        assert [(c["screen"], c["ticket"]) for c in contexts] == [(SCREEN, ticket.number)]
        assert restarts == 1
        assert crash_at is not None
        assert abs(crash_at.replace(tzinfo=UTC) - (clock.now - timedelta(minutes=1))) < timedelta(
            seconds=1
        )
    finally:
        server.stop(force=True)
        db.close()


def test_a_hostile_or_old_context_still_reads_as_a_ticket_not_printed(catalog: Catalog) -> None:
    """A context from another version or a garbled row: words, never an exception."""
    cases: list[tuple[dict[str, Any], str, str | None]] = [
        ({"screen": SCREEN, "ticket": 7}, "号票未打印", None),
        ({"screen": SCREEN}, "号票未打印", None),
        ({"screen": SCREEN, "ticket": "A07-003"}, "号票 A07-003 未打印", "A07-003"),
        ({"screen": SCREEN, "ticket": "A" * 5000, "reference": ["x"]}, "号票 " + "A" * 16, None),
    ]
    for context, where, ticket in cases:
        view = describe_call("c", "open", context, START, START, catalog)
        assert view.where.zh.startswith(where)
        assert ticket is None or view.ticket == ticket
    assert describe_call("c", "open", {"screen": "form"}, START, START, catalog).ticket is None
