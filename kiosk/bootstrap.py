"""Wiring the core to the printer package for the console walk-through (composition root).

The core never imports `printer`; this module (with `__main__`) is where the two meet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from kiosk.declarations import Declarations, IssuedTicket, Submitted
from kiosk.forms import AnswerValue
from kiosk.prereview import Outcome
from printer.documents import (
    DocumentPrintError,
    build_commitment,
    build_notice,
    make_context,
    save_document,
)
from printer.fonts import CjkFont
from printer.ticket_printer import TicketPrinter, print_ticket


def printing_hooks(
    config: KioskConfig,
    catalog: Catalog,
    desk: Declarations,
    font: CjkFont,
    out: Callable[[str], None] = print,
) -> tuple[
    Callable[[Submitted, Mapping[str, AnswerValue], Mapping[str, bool]], None],
    Callable[[IssuedTicket], None],
]:
    """Callbacks that write the A4 document each review calls for, and print the ticket."""
    printer = TicketPrinter(config, font)

    def on_review(
        sub: Submitted, answers: Mapping[str, AnswerValue], materials: Mapping[str, bool]
    ) -> None:
        builder = {
            Outcome.REJECTED: (build_notice, "一次性告知单"),
            Outcome.PASSED_WITH_DEFICIENCY: (build_commitment, "容缺受理承诺书"),
        }
        if sub.review.outcome not in builder:
            return
        build, title = builder[sub.review.outcome]
        ctx = make_context(
            config,
            font,
            reference=sub.reference,
            item=catalog[sub.review.item_id],
            answers=answers,
            materials=materials,
            review=sub.review,
            submitted_at=desk.clock(),
        )
        try:
            path = save_document(build(ctx), f"{sub.reference}-{sub.review.outcome.value}", config)
        except DocumentPrintError as e:
            out(f"{title}：{e.applicant.zh}（{e.path}）")
            return
        out(f"{title}已生成 / written: {path}")

    def on_ticket(ticket: IssuedTicket) -> None:
        outcome = print_ticket(desk, catalog, printer, ticket.reference)
        if outcome.fault is not None:
            out(f"{outcome.fault.applicant.zh}\n{outcome.fault.applicant.en}")
        elif outcome.report is not None:
            for path in outcome.report.files:
                out(f"票据 / ticket: {path}")

    return on_review, on_ticket
