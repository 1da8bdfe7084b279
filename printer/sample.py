"""A built-in sample declaration and its ticket, for technicians and benchmarks.

It uses the real catalog and pre-review with made-up (valid) numbers, and needs no
store: the sample ticket is built in memory.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from kiosk.declarations import IssuedTicket
from kiosk.forms import AnswerValue
from kiosk.prereview import ReviewResult, prereview
from kiosk.samples import company_address_change_answers
from printer.ticket_content import TicketContent, ticket_content

ITEM = "company-address-change"
ISSUED_AT = datetime(2026, 11, 26, 10, 30, tzinfo=timezone(timedelta(hours=8)))
REFERENCE = "20261126-07-0012"


def sample_declaration(
    catalog: Catalog,
    *,
    missing: tuple[str, ...] = ("premises_proof",),
    answers: dict[str, AnswerValue] | None = None,
) -> tuple[dict[str, AnswerValue], dict[str, bool], ReviewResult]:
    """Answers, checklist and pre-review of the company that moved to a new plant."""
    answers = answers if answers is not None else company_address_change_answers()
    materials = {m.id: m.id not in missing for m in catalog[ITEM].materials}
    review = prereview(catalog[ITEM], answers, materials, ISSUED_AT.date())
    return answers, materials, review


def sample_ticket_content(catalog: Catalog, config: KioskConfig) -> TicketContent:
    """The sample's ticket (容缺受理, one material due), as printed at terminal 7."""
    _, _, review = sample_declaration(catalog)
    item = catalog[ITEM]
    ticket = IssuedTicket(
        number="A07-012",
        reference=REFERENCE,
        item_id=ITEM,
        counters=tuple(item.counters),
        day=ISSUED_AT.date(),
        issued_at=ISSUED_AT,
        source="local",
    )
    return ticket_content(
        ticket, item, review, config.model_copy(update={"terminal_number": 7}), ahead=5
    )
