"""Printing a queue ticket: build its bytes and preview, deliver them, report back.

`TicketPrinter.print` blocks on the device and so runs on a worker: `PrintQueue`
keeps one worker thread and hands each outcome to a callback, which the touch UI
turns into a Qt signal. Whatever happens, the ticket is already in the store (the
core commits it before printing) and can be printed again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from kiosk.declarations import Declarations
from printer.connections import Connection, connection_from_config
from printer.delivery import DeliveryReport, deliver
from printer.errors import PrinterFault
from printer.escpos_ticket import build
from printer.fonts import CjkFont, find_cjk_font
from printer.preview import png_bytes, render, without_cut
from printer.profiles import paper_for, profile_for
from printer.ticket_content import TicketContent, ticket_content
from printer.ticket_layout import layout

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedTicket:
    """A ticket's printer bytes and its preview image (PNG)."""

    data: bytes
    preview_png: bytes
    replaced: tuple[str, ...]


class TicketPrinter:
    """The terminal's thermal printer, as configured."""

    def __init__(
        self,
        config: KioskConfig,
        font: CjkFont | None = None,
        connect: Callable[[KioskConfig], Connection] = connection_from_config,
    ) -> None:
        self.config = config
        self.profile = profile_for(config.printer)
        self.paper = paper_for(config.printer)
        self.font = font or find_cjk_font(config.font_path)
        self.connect = connect

    def render(self, content: TicketContent) -> RenderedTicket:
        blocks = layout(content, self.paper)
        built = build(blocks, self.profile, self.paper, self.font)
        preview = png_bytes(render(without_cut(blocks), self.paper, self.font))
        return RenderedTicket(built.data, preview, tuple(built.replaced))

    def print(self, content: TicketContent) -> DeliveryReport:
        """Print one ticket (blocking: call from a worker); raises PrinterFault."""
        rendered = self.render(content)
        name = f"{content.reference}_{content.number}_{datetime.now():%H%M%S%f}"
        conn = self.connect(self.config)
        conn.open()
        try:
            return deliver(conn, rendered.data, name=name, preview_png=rendered.preview_png)
        finally:
            conn.close()


@dataclass(frozen=True)
class PrintOutcome:
    """How printing one ticket went: a report, or the fault to show and flag."""

    reference: str
    number: str
    report: DeliveryReport | None = None
    fault: PrinterFault | None = None


def print_ticket(
    desk: Declarations,
    catalog: Catalog,
    printer: TicketPrinter,
    reference: str,
    ahead: int | None = None,
) -> PrintOutcome:
    """Print (or reprint) the stored ticket of `reference` and record how it went."""
    issued, review = desk.ticket_details(reference)
    content = ticket_content(issued, catalog[issued.item_id], review, printer.config, ahead)
    try:
        report = printer.print(content)
    except PrinterFault as fault:
        log.error("ticket %s not printed: %s", issued.number, fault.technician)
        desk.record_print(reference, fault.code)
        return PrintOutcome(reference, issued.number, fault=fault)
    except Exception as e:  # a bug must not leave the applicant without an answer
        log.exception("ticket %s not printed", issued.number)
        desk.record_print(reference, PrinterFault.code)
        unexpected = PrinterFault(f"unexpected {type(e).__name__}: {e}")
        return PrintOutcome(reference, issued.number, fault=unexpected)
    desk.record_print(reference, "printed")
    return PrintOutcome(reference, issued.number, report=report)


class PrintQueue:
    """One worker thread for the printer; outcomes go to a callback, never raised."""

    def __init__(self, desk: Declarations, catalog: Catalog, printer: TicketPrinter) -> None:
        self._args = (desk, catalog, printer)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")

    def set_catalog(self, catalog: Catalog) -> None:
        """Print with a new catalog (tickets already queued keep the one they had)."""
        desk, _, printer = self._args
        self._args = (desk, catalog, printer)

    def submit(
        self, reference: str, on_done: Callable[[PrintOutcome], None], ahead: int | None = None
    ) -> Future[PrintOutcome]:
        def job() -> PrintOutcome:
            outcome = print_ticket(*self._args, reference, ahead)
            on_done(outcome)
            return outcome

        return self._worker.submit(job)

    def shutdown(self) -> None:
        self._worker.shutdown(wait=True)
