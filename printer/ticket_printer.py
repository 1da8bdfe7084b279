"""The store-writing print path, kept until the composition root moves to `printer.printing`.

`print_ticket` reads a stored ticket, prints it with `printer.printing.print_content` and
records how it went in the store itself, from the printer's thread; `PrintQueue` runs it
on a thread pool of its own and hands each outcome to a callback. kiosk/bootstrap.py and
ui/app.py still use them. The new printer lane calls `print_content` instead and records
`PrintOutcome.status` on the store's lane. Whatever happens, the ticket is already in
the store (the core commits it before printing) and can be printed again.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from printer.printing import PrintOutcome, RenderedTicket, TicketPrinter, print_content
from printer.ticket_content import ticket_content

__all__ = ["PrintOutcome", "PrintQueue", "RenderedTicket", "TicketPrinter", "print_ticket"]


def print_ticket(
    desk: Declarations,
    catalog: Catalog,
    printer: TicketPrinter,
    reference: str,
    ahead: int | None = None,
) -> PrintOutcome:
    """Print (or reprint) the stored ticket of `reference` and record how it went.

    Kept until the composition root moves to `print_content` (which never writes the
    store); it records `outcome.status` here, on the printer's thread.
    """
    issued, review = desk.ticket_details(reference)
    content = ticket_content(issued, catalog[issued.item_id], review, printer.config, ahead)
    outcome = print_content(printer, content)
    desk.record_print(reference, outcome.status)
    return outcome


class PrintQueue:
    """One worker thread for the printer; outcomes go to a callback, never raised.

    Kept until the composition root moves to a printer lane that calls `print_content`.
    """

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
