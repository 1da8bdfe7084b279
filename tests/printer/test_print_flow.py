"""From a committed ticket to paper, on the terminal's lanes: faults recorded, nothing
lost, the reprint prints, the files printer writes the bytes then the picture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig, PrinterConfig
from kiosk.declarations import IssuedTicket, Submitted
from kiosk.samples import company_address_change_answers
from kiosk.store.models import OutboxEvent, Ticket
from kiosk.terminal import Terminal
from printer.errors import PaperOut
from printer.escpos_reader import read
from printer.fonts import find_cjk_font
from tests.printer.fake_device import FakePrinter

ITEM = "company-address-change"
WAIT = 30.0


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    made: list[Terminal] = []
    yield made
    for terminal in made:
        terminal.close()


def issue(
    config: KioskConfig, catalog: Catalog, made: list[Terminal]
) -> tuple[Terminal, Submitted, IssuedTicket]:
    terminal = Terminal(config, find_cjk_font(), catalog=catalog)
    made.append(terminal)
    terminal.open().result(WAIT)
    have = {m.id: True for m in catalog[ITEM].materials}
    sub = terminal.submit(ITEM, company_address_change_answers(), have, "zh_CN").result(WAIT)
    issued, printed = terminal.take_ticket(sub.reference, sub.review)
    printed.result(WAIT)
    return terminal, sub, issued.result(WAIT)


def network(fake: FakePrinter, tmp_path: Path) -> KioskConfig:
    return KioskConfig(
        terminal_number=3,
        data_dir=tmp_path / "data",
        printer=PrinterConfig(connection="network", host=fake.host, port=fake.port, timeout_s=0.5),
    )


def test_paper_out_is_recorded_and_the_reprint_prints(
    tmp_path: Path, catalog: Catalog, terminals: list[Terminal]
) -> None:
    with FakePrinter("paper_out") as fake:
        terminal, sub, ticket = issue(network(fake, tmp_path), catalog, terminals)
        assert ticket.number == "A03-001"  # committed whatever the printer does
        assert fake.received == b""  # nothing printed on an empty roll
        fake.state = "ready"  # the attendant loads paper
        again = terminal.reprint(ticket, sub.review).result(WAIT)
        assert again.fault is None and again.report is not None
        assert "A03-001" in read(fake.received, "gb18030", strict=True).text_lines()
    with terminal.store.session() as s:
        stored = s.scalars(select(Ticket)).one()
        assert (stored.print_count, stored.last_print_status) == (1, "printed")
        kinds = [e.kind for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.created_at))]
    assert kinds[-2:] == ["ticket.print_failed", "ticket.printed"]


def test_the_fault_reaches_the_caller_with_the_applicants_words(
    tmp_path: Path, catalog: Catalog, terminals: list[Terminal]
) -> None:
    with FakePrinter("paper_out") as fake:
        terminal, sub, ticket = issue(network(fake, tmp_path), catalog, terminals)
        outcome = terminal.reprint(ticket, sub.review).result(WAIT)
    assert isinstance(outcome.fault, PaperOut) and outcome.number == "A03-001"
    assert outcome.fault.applicant.zh.startswith("打印机缺纸")
    assert outcome.preview_png is None  # nothing printed: no picture of it either


def test_a_printer_that_never_answers_is_a_fault_not_a_hang(
    tmp_path: Path, catalog: Catalog, terminals: list[Terminal]
) -> None:
    with FakePrinter(silent=True) as fake:
        terminal, sub, ticket = issue(network(fake, tmp_path), catalog, terminals)
        outcome = terminal.reprint(ticket, sub.review).result(WAIT)
    assert outcome.fault is not None and outcome.fault.code == "no_answer"
    assert outcome.fault.applicant.en.endswith("please wait.")
    with terminal.store.session() as s:
        assert s.scalars(select(Ticket)).one().last_print_status == "no_answer"


def test_files_printer_writes_bytes_and_preview(
    tmp_path: Path, catalog: Catalog, terminals: list[Terminal]
) -> None:
    config = KioskConfig(terminal_number=3, data_dir=tmp_path / "data")
    terminal, sub, ticket = issue(config, catalog, terminals)
    outcome = terminal.reprint(ticket, sub.review).result(WAIT)
    assert outcome.fault is None and outcome.status == "printed"
    binaries = sorted((tmp_path / "data" / "tickets").glob("*.bin"))
    assert len(binaries) == 2 and all(
        b.name.startswith(f"{sub.reference}_A03-001_") for b in binaries
    )
    # the bytes first, the picture after: what the touch screen finds in report.files
    assert outcome.report is not None
    binary = outcome.report.files[0]
    assert outcome.report.files == (binary, binary.with_suffix(".png"))
    assert binary.with_suffix(".png").read_bytes() == outcome.preview_png
    assert "A03-001" in read(binary.read_bytes(), "gb18030", strict=True).text_lines()
    with terminal.store.session() as s:
        assert s.scalars(select(Ticket)).one().print_count == 2
