"""From a committed ticket to paper: faults recorded, nothing lost, reprint works."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig, PrinterConfig
from kiosk.declarations import Declarations
from kiosk.samples import company_address_change_answers
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent, Ticket
from printer.errors import PaperOut
from printer.ticket_printer import PrintOutcome, PrintQueue, TicketPrinter, print_ticket
from tests.conftest import Clock
from tests.printer.escpos_reader import read
from tests.printer.fake_device import FakePrinter

ITEM = "company-address-change"


def issue(store: Store, catalog: Catalog, clock: Clock) -> tuple[Declarations, str]:
    desk = Declarations(store, catalog, terminal=3, clock=clock)
    have = {m.id: True for m in catalog[ITEM].materials}
    reference = desk.submit(ITEM, company_address_change_answers(), have).reference
    desk.issue_ticket(reference)
    return desk, reference


def network(fake: FakePrinter) -> KioskConfig:
    return KioskConfig(
        terminal_number=3,
        printer=PrinterConfig(connection="network", host=fake.host, port=fake.port, timeout_s=0.5),
    )


def test_paper_out_is_recorded_and_the_reprint_prints(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk, reference = issue(store, catalog, clock)
    with FakePrinter("paper_out") as fake:
        printer = TicketPrinter(network(fake))
        first = print_ticket(desk, catalog, printer, reference)
        assert isinstance(first.fault, PaperOut) and first.number == "A03-001"
        assert first.fault.applicant.zh.startswith("打印机缺纸")
        assert fake.received == b""  # nothing printed on an empty roll
        fake.state = "ready"  # the attendant loads paper
        again = print_ticket(desk, catalog, printer, reference, ahead=2)
        assert again.fault is None and again.report is not None
        printed = read(fake.received, "gb18030", strict=True)
        assert "A03-001" in printed.text_lines()
        assert "前面等候 Waiting ahead：2 人" in printed.text_lines()
    with store.session() as s:
        ticket = s.scalars(select(Ticket)).one()
        assert (ticket.print_count, ticket.last_print_status) == (1, "printed")
        kinds = [e.kind for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.created_at))]
    assert kinds[-2:] == ["ticket.print_failed", "ticket.printed"]


def test_files_printer_writes_bytes_and_preview(
    tmp_path: Path, store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk, reference = issue(store, catalog, clock)
    config = KioskConfig(terminal_number=3, data_dir=tmp_path / "data")
    outcome = print_ticket(desk, catalog, TicketPrinter(config), reference)
    assert outcome.fault is None and outcome.status == "printed"
    (binary,) = (tmp_path / "data" / "tickets").glob("*.bin")
    assert binary.name.startswith(f"{reference}_A03-001_")
    # the bytes first, the picture after: what the touch screen finds in report.files
    assert outcome.report is not None
    assert outcome.report.files == (binary, binary.with_suffix(".png"))
    assert outcome.preview_path == binary.with_suffix(".png")
    assert binary.with_suffix(".png").read_bytes() == outcome.preview_png
    assert "A03-001" in read(binary.read_bytes(), "gb18030", strict=True).text_lines()
    with store.session() as s:
        assert s.scalars(select(Ticket)).one().last_print_status == "printed"


def test_print_queue_reports_from_a_worker(store: Store, catalog: Catalog, clock: Clock) -> None:
    desk, reference = issue(store, catalog, clock)
    done: list[tuple[PrintOutcome, str]] = []
    with FakePrinter(silent=True) as fake:  # a printer that never answers
        queue = PrintQueue(desk, catalog, TicketPrinter(network(fake)))
        future = queue.submit(
            reference, lambda o: done.append((o, threading.current_thread().name))
        )
        outcome = future.result(timeout=30)
        queue.shutdown()
    assert done == [(outcome, done[0][1])] and done[0][1].startswith("printer")
    assert outcome.fault is not None and outcome.fault.code == "no_answer"
    assert outcome.fault.applicant.en.endswith("please wait.")
