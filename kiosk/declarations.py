"""Submitting declarations and issuing their tickets, with everything committed first.

The order matters: the declaration, its pre-review, its ticket and their outbox events
are committed before a ticket is printed or shown, so once an applicant sees a ticket
number it survives a power cut, and the central server hears of it exactly once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog.loader import Catalog
from kiosk.clock import HallClock
from kiosk.committer import Committer, committer
from kiosk.forms import AnswerValue
from kiosk.guide_views import record_guide_view
from kiosk.prereview import Outcome, ReviewResult, may_take_ticket, prereview
from kiosk.protocol import payload
from kiosk.signature import Signature
from kiosk.store.audit import audit
from kiosk.store.database import Store
from kiosk.store.models import Declaration, PrereviewRecord, Ticket
from kiosk.store.outbox import add_event
from kiosk.store.sequences import next_value
from kiosk.tickets import (
    APPOINTMENT_SERIES,
    CENTRAL_FORM,
    CentralTicket,
    NoCentralServer,
    QueueTicketSource,
    TicketRequest,
    TicketSource,
    local_number,
    reference_number,
)
from kiosk.workcalendar import WorkCalendar

log = logging.getLogger(__name__)


class TicketRefused(Exception):
    """A ticket cannot be issued for this declaration (the reason is in `code`)."""

    def __init__(self, code: str, reference: str) -> None:
        self.code = code
        self.reference = reference
        super().__init__(f"{code}: {reference}")


@dataclass(frozen=True)
class Submitted:
    """A stored declaration and its pre-review."""

    reference: str
    review: ReviewResult


@dataclass(frozen=True)
class SignedCommitment:
    """A declaration's accepted commitment: who signed, the signature, and when."""

    committer: Committer | None
    signature: Signature
    accepted_at: datetime


@dataclass(frozen=True)
class IssuedTicket:
    """A committed ticket, ready to print and show."""

    number: str
    reference: str
    item_id: str
    counters: tuple[int, ...]
    day: date
    issued_at: datetime
    source: str  # "central" or "local"
    ahead: int | None = None  # tickets waiting before this one (central numbers only)


class Declarations:
    """The terminal's declaration desk: submit, accept commitments, issue tickets."""

    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        terminal: int,
        *,
        tickets: TicketSource | QueueTicketSource | None = None,
        calendar: WorkCalendar | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.terminal = terminal
        self.tickets: TicketSource | QueueTicketSource = tickets or NoCentralServer()
        self.calendar = calendar
        # The hall's local time (Asia/Shanghai unless configured), not the machine's.
        self.clock: Callable[[], datetime] = clock or HallClock()

    def submit(
        self,
        item_id: str,
        answers: Mapping[str, AnswerValue],
        materials: Mapping[str, bool],
        language: str = "zh_CN",
        reference: str | None = None,
        appointment: str | None = None,
    ) -> Submitted:
        """Pre-review and store a declaration (a resubmission passes its `reference`);
        `appointment`: the Saturday booking's code it was checked in with (its ticket is
        then of the appointment series)."""
        item = self.catalog[item_id]
        now = self.clock()
        review = prereview(item, answers, materials, now.date(), self.calendar)
        result = review.to_dict()
        with self.store.transaction() as s:
            if reference is None:
                seq = next_value(s, f"reference:{now.date().isoformat()}")
                reference = reference_number(now.date(), self.terminal, seq)
                decl = Declaration(
                    reference=reference,
                    terminal=self.terminal,
                    item_id=item.id,
                    catalog_version=self.catalog.version,
                    language=language,
                    answers=dict(answers),
                    materials=dict(materials),
                    submitted_at=now,
                    outcome=review.outcome.value,
                    appointment=appointment,
                )
                s.add(decl)
            else:
                decl = self._get(s, reference)
                if decl.ticket is not None:
                    raise TicketRefused("already_ticketed", reference)
                if decl.item_id != item.id:
                    raise TicketRefused("different_item", reference)
                decl.answers, decl.materials = dict(answers), dict(materials)
                decl.outcome, decl.submitted_at = review.outcome.value, now
                decl.commitment_accepted_at = None
                decl.committer_name = decl.committer_for = None
                decl.commitment_signature = None
            s.flush()
            s.add(
                PrereviewRecord(
                    declaration_id=decl.id,
                    outcome=review.outcome.value,
                    result=result,
                    reviewed_at=now,
                )
            )
            add_event(
                s,
                "declaration.submitted",
                payload(
                    "declaration.submitted",
                    reference=reference,
                    terminal=self.terminal,
                    item_id=item.id,
                    catalog_version=self.catalog.version,
                    language=language,
                    answers=dict(answers),
                    materials=dict(materials),
                    submitted_at=now,
                ),
                now,
            )
            add_event(
                s,
                "prereview.result",
                payload("prereview.result", reference=reference, **result),
                now,
            )
            audit(
                s,
                "applicant",
                "declaration.submitted",
                {"reference": reference, "item_id": item.id, "outcome": review.outcome.value},
                now,
            )
        log.info("declaration %s for %s: %s", reference, item.id, review.outcome.value)
        return Submitted(reference, review)

    def accept_commitment(self, reference: str, signature: Signature) -> Committer | None:
        """The applicant signed the 容缺受理 commitment (承诺书) on the screen's pad.

        The signature (checked where it entered: kiosk.signature.Signature.from_pad) is
        stored with the declaration and sent in the commitment.accepted event, with the
        person committing (kiosk.committer), who is returned for the screen to show.
        """
        if not isinstance(signature, Signature):
            raise TypeError("accept_commitment needs the Signature drawn on the pad")
        now = self.clock()
        with self.store.transaction() as s:
            decl = self._get(s, reference)
            if decl.outcome != Outcome.PASSED_WITH_DEFICIENCY.value:
                raise TicketRefused("no_commitment_needed", reference)
            who = committer(self.catalog[decl.item_id], decl.answers, now.date())
            strokes = signature.to_dict()
            decl.commitment_accepted_at = now
            decl.committer_name = who.name if who else None
            decl.committer_for = who.on_behalf_of if who else None
            decl.commitment_signature = strokes
            add_event(
                s,
                "commitment.accepted",
                payload(
                    "commitment.accepted",
                    reference=reference,
                    accepted_at=now,
                    committer=decl.committer_name,
                    committer_for=decl.committer_for,
                    signature=strokes,
                ),
                now,
            )
            # The audit says a signature was given, never what it looks like.
            audit(
                s,
                "applicant",
                "commitment.accepted",
                {"reference": reference, "signed": True, "strokes": len(signature.strokes)},
                now,
            )
        return who

    def commitment(self, reference: str) -> SignedCommitment | None:
        """The signed commitment of a declaration (None while it is not accepted)."""
        with self.store.session() as s:
            decl = self._get(s, reference)
            if decl.commitment_accepted_at is None or decl.commitment_signature is None:
                return None
            who = (
                Committer(decl.committer_name, decl.committer_for) if decl.committer_name else None
            )
            return SignedCommitment(
                who, Signature.from_dict(decl.commitment_signature), decl.commitment_accepted_at
            )

    def issue_ticket(self, reference: str) -> IssuedTicket:
        """Issue (or return the already issued) ticket of a declaration that passed.

        The three steps on the calling thread (the console, tests); the terminal runs
        them on its lanes instead: `prepare_ticket` and `commit_ticket` on the store's,
        the central server's number in between on the network's.
        """
        prepared = self.prepare_ticket(reference)
        if isinstance(prepared, IssuedTicket):
            return prepared
        return self.commit_ticket(prepared, self.ask_central(prepared))

    def prepare_ticket(self, reference: str) -> IssuedTicket | TicketRequest:
        """The ticket already issued, or what to ask the central server for a new one.

        Raises TicketRefused when the declaration may not have a ticket (yet).
        """
        with self.store.session() as s:
            decl = self._get(s, reference)
            if decl.ticket is not None:
                return _issued(decl.ticket, decl)
            self._check_may_take_ticket(decl)
            item = self.catalog[decl.item_id]
            appointment = decl.appointment
        day = self.clock().date()
        counters = tuple(item.counters)
        if appointment is not None:  # checked in on time: served before the walk-ins
            return TicketRequest(
                APPOINTMENT_SERIES, day, self.terminal, reference, counters, appointment
            )
        return TicketRequest(item.series, day, self.terminal, reference, counters)

    def commit_ticket(self, request: TicketRequest, central: CentralTicket | None) -> IssuedTicket:
        """Store the ticket (the central number, else the terminal's offline one)."""
        reference = request.reference
        now = self.clock()
        number = central.number if central else None
        ahead = central.ahead if central else None
        source = "central" if number else "local"
        with self.store.transaction() as s:
            decl = self._get(s, reference)
            if decl.ticket is not None:  # issued meanwhile (a double tap)
                return _issued(decl.ticket, decl)
            self._check_may_take_ticket(decl)
            day, series = request.day, request.series
            if number is None:
                seq = next_value(s, f"ticket:{day.isoformat()}:{series}")
                number = local_number(series, self.terminal, seq)
            ticket = Ticket(
                declaration_id=decl.id,
                number=number,
                day=day,
                series=series,
                source=source,
                counters=list(request.counters),
                issued_at=now,
                print_count=0,
                ahead=ahead,
            )
            s.add(ticket)
            s.flush()
            add_event(
                s,
                "ticket.issued",
                payload(
                    "ticket.issued",
                    reference=reference,
                    number=number,
                    day=day,
                    series=series,
                    source=source,
                    counters=list(request.counters),
                    terminal=self.terminal,
                    item_id=decl.item_id,
                    issued_at=now,
                ),
                now,
            )
            audit(s, "applicant", "ticket.issued", {"reference": reference, "number": number}, now)
            issued = _issued(ticket, decl)
        log.info("ticket %s (%s) for %s", number, source, reference)
        return issued

    def guide_viewed(self, item_id: str) -> None:
        """An applicant opened `item_id`'s introduction (counted as a consultation)."""
        record_guide_view(self.store, self.terminal, item_id, self.clock())

    def ticket_details(self, reference: str) -> tuple[IssuedTicket, ReviewResult]:
        """A stored ticket and the pre-review it was issued on, for printing and reprinting."""
        with self.store.session() as s:
            decl = self._get(s, reference)
            if decl.ticket is None:
                raise TicketRefused("no_ticket", reference)
            review = ReviewResult.from_dict(decl.reviews[-1].result)
            return _issued(decl.ticket, decl), review

    def record_print(self, reference: str, status: str) -> None:
        """Remember how printing went ("printed" or a fault code); a reprint is an event."""
        now = self.clock()
        with self.store.transaction() as s:
            decl = self._get(s, reference)
            ticket = decl.ticket
            if ticket is None:
                raise TicketRefused("no_ticket", reference)
            kind = "ticket.reprinted" if ticket.print_count > 0 else "ticket.printed"
            if status == "printed":
                ticket.print_count += 1
            else:
                kind = "ticket.print_failed"
            ticket.last_print_status, ticket.last_printed_at = status, now
            add_event(
                s,
                kind,
                payload(kind, reference=reference, number=ticket.number, status=status, at=now),
                now,
            )

    def ask_central(self, request: TicketRequest) -> CentralTicket | None:
        """The central server's ticket, or None (offline numbers then take over).

        Blocks on the network: the terminal calls it on its network lane.
        """
        source = self.tickets
        try:
            if isinstance(source, QueueTicketSource):
                central = source.request(request)
            else:
                number = source.allocate(request.series, request.day, request.terminal)
                central = CentralTicket(number) if number else None
        except Exception:  # a failing source must never stop a ticket: go offline instead
            log.exception("ticket source failed for %s", request.reference)
            return None
        if central is None:
            return None
        # A malformed number could collide with an offline one or not fit the ticket.
        if not CENTRAL_FORM.match(central.number) or not central.number.startswith(request.series):
            log.error("central ticket number %r refused: not a central number", central.number)
            return None
        ahead = central.ahead
        if ahead is not None and (isinstance(ahead, bool) or ahead < 0):
            ahead = None
        return CentralTicket(central.number, ahead)

    def _check_may_take_ticket(self, decl: Declaration) -> None:
        outcome = Outcome(decl.outcome)
        if may_take_ticket(outcome, decl.commitment_accepted_at is not None):
            return
        if outcome is Outcome.REJECTED:
            raise TicketRefused("prereview_rejected", decl.reference)
        raise TicketRefused("commitment_not_accepted", decl.reference)

    @staticmethod
    def _get(s: Session, reference: str) -> Declaration:
        decl = s.scalar(select(Declaration).where(Declaration.reference == reference))
        if decl is None:
            raise TicketRefused("unknown_reference", reference)
        return decl


def _issued(ticket: Ticket, decl: Declaration) -> IssuedTicket:
    return IssuedTicket(
        number=ticket.number,
        reference=decl.reference,
        item_id=decl.item_id,
        counters=tuple(ticket.counters),
        day=ticket.day,
        issued_at=ticket.issued_at,
        source=ticket.source,
        ahead=ticket.ahead,
    )
