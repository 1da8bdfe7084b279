"""Coming back after a crash or a power cut: tickets committed but never printed.

A ticket is committed before its bytes go to the printer (the number is kept whatever
the printer does), so a crash, a power cut or a printer fault between the two leaves an
applicant in the hall with a number and no paper. At start, once the store is open,
every ticket issued in the last `WITHIN` (30 minutes) that was never printed gets a help
call, so that the attendant sees "号票 A07-003 未打印" on the staff home and the
dashboard and reprints it (`Terminal.reprint_ticket`). Older tickets are left alone:
their applicant has gone, and a call nobody can answer would only hide the real ones.

"Never printed" is `print_count == 0`: a faulted print also sets `last_printed_at` (with
the fault's code in `last_print_status`), so the time alone would miss it; a crash before
the outcome was recorded leaves `last_printed_at` empty. Both are called for.

One call per ticket, across any number of restarts: the call, its help.requested event
and an audit row naming the ticket (`CALLED`) are written in one transaction, and a
ticket with that audit row is never called for again, whatever became of its call.

The call's context names the ticket's number and reference (printed on the ticket
itself, not personal data) and its item, never an answer.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.help_requests import OPEN
from kiosk.protocol import payload
from kiosk.store.audit import audit
from kiosk.store.database import Store
from kiosk.store.models import AuditEntry, Declaration, HelpRequest, Ticket
from kiosk.store.outbox import add_event

log = logging.getLogger(__name__)

WITHIN = timedelta(minutes=30)  # an applicant waits that long at most for paper
SCREEN = "ticket_unprinted"  # the call's context "screen" (staff home, dashboard)
CALLED = "ticket.unprinted_called"  # the audit row: this ticket had its call
ACTOR = "terminal"  # the terminal itself raised it, not the applicant
MAX_CALLS = 50  # a start raises at most this many (a hall's half hour of one terminal)
# Audit rows older than this cannot name a ticket still in the window (a clock set back
# by a few hours included); reading them would only cost time on a long-lived store.
_MARKS_SINCE = timedelta(days=1)


@dataclass(frozen=True)
class UnprintedCall:
    """A help call raised at start for a ticket never printed."""

    call_id: str
    reference: str
    number: str
    issued_at: datetime
    last_print_status: str | None  # None: no print was recorded (a crash before it)


def _already_called(s: Session, cutoff: datetime) -> set[str]:
    """The references whose unprinted ticket already had its call."""
    details = s.scalars(
        select(AuditEntry.detail).where(
            AuditEntry.action == CALLED, AuditEntry.at >= cutoff - _MARKS_SINCE
        )
    )
    return {
        reference
        for detail in details
        if isinstance(detail, dict) and isinstance(reference := detail.get("reference"), str)
    }


def call_for_unprinted(
    store: Store, terminal: int, now: datetime, within: timedelta = WITHIN
) -> list[UnprintedCall]:
    """Raise one help call for each ticket issued in `within` before `now` that was
    never printed and had no call yet; return them, oldest ticket first. One
    transaction (on the store's writer thread): the calls and their marks together."""
    cutoff = now - within
    raised: list[UnprintedCall] = []
    with store.transaction() as s:
        rows = s.execute(
            select(Ticket, Declaration)
            .join(Declaration, Ticket.declaration_id == Declaration.id)
            .where(Ticket.print_count == 0, Ticket.issued_at >= cutoff)
            .order_by(Ticket.issued_at)
            .limit(MAX_CALLS)
        ).all()
        if not rows:
            return raised
        called = _already_called(s, cutoff)
        for ticket, decl in rows:
            if decl.reference in called:
                continue
            call = UnprintedCall(
                str(uuid.uuid4()),
                decl.reference,
                ticket.number,
                ticket.issued_at,
                ticket.last_print_status,
            )
            _raise(s, terminal, call, decl, now)
            raised.append(call)
    for call in raised:
        log.warning(
            "ticket %s (%s) was not printed (%s): help call %s",
            call.number,
            call.reference,
            call.last_print_status or "no print recorded",
            call.call_id,
        )
    return raised


def _raise(
    s: Session, terminal: int, call: UnprintedCall, decl: Declaration, now: datetime
) -> None:
    """The call as kiosk.help_requests stores one (row, event, audit), and its mark."""
    context = {
        "screen": SCREEN,
        "ticket": call.number,
        "reference": call.reference,
        "item_id": decl.item_id,
        "language": decl.language,
    }
    s.add(
        HelpRequest(
            id=call.call_id, terminal=terminal, state=OPEN, context=context, requested_at=now
        )
    )
    add_event(
        s,
        "help.requested",
        payload(
            "help.requested",
            id=call.call_id,
            terminal=terminal,
            context=context,
            requested_at=now,
        ),
        now,
    )
    audit(s, ACTOR, "help.requested", {"id": call.call_id}, now)
    audit(
        s,
        ACTOR,
        CALLED,
        {"reference": call.reference, "number": call.number, "id": call.call_id},
        now,
    )
