"""What a queue ticket says, gathered from the core's ticket, item and pre-review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from kiosk.catalog.models import ServiceItem
from kiosk.config import KioskConfig
from kiosk.prereview import Outcome, ReviewResult

if TYPE_CHECKING:  # the printer lane imports this module, and never the store
    from kiosk.declarations import IssuedTicket


@dataclass(frozen=True)
class TicketContent:
    """Everything printed on one ticket, already in the words to print."""

    hall_name: str
    number: str
    item_name: str
    counters: tuple[int, ...]
    ahead: int | None  # tickets waiting before this one at those counters; None: unknown
    outcome: Outcome
    deficiencies: tuple[tuple[str, date], ...]  # (material name, due date) under 容缺受理
    reference: str
    qr_url: str
    issued_at: datetime
    terminal: int
    notice: str


def ticket_content(
    ticket: IssuedTicket,
    item: ServiceItem,
    review: ReviewResult,
    config: KioskConfig,
    ahead: int | None = None,
) -> TicketContent:
    return TicketContent(
        hall_name=config.hall_name,
        number=ticket.number,
        item_name=item.name.zh,
        counters=ticket.counters,
        # The caller may know a fresher figure; else what the server said at issue time.
        ahead=ticket.ahead if ahead is None else ahead,
        outcome=review.outcome,
        deficiencies=tuple((d.name.zh, d.due_date) for d in review.deficiencies),
        reference=ticket.reference,
        qr_url=config.printer.qr_url_template.format(reference=ticket.reference),
        issued_at=ticket.issued_at,
        terminal=config.terminal_number,
        notice=config.printer.notice,
    )
