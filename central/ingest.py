"""Storing a terminal's batch of events, exactly once, with everything they change.

One batch is one transaction: each new event id is stored in `events` (its primary key
makes a second copy impossible) together with its projections (declarations, their
history and whom they are about (central.holders), tickets, help calls, terminal
health). Ids already stored, or seen earlier in the same batch, are answered
"duplicate"; a payload the server cannot use is "rejected" with a reason and a code and
nothing of it is stored: 413 over its kind's size limit, 422 unusable, 403 naming
another terminal (its terminal field, a reference or offline ticket number of another
terminal's, an event id another terminal stored: see central.identifiers), 409 a ticket
number another reference holds. A rejected event never holds up the rest of its batch.

Protocol versions (docs/sync-protocol.md): an event the server cannot read yet, because
its kind is unknown here or because its batch speaks a newer protocol than the server
and the server's older model refuses the payload, is stored, answered "accepted" with
the reason "unknown kind, kept", and remembered in `kept_events`. A server that knows
it applies it later, once (`apply_kept`, at its start: central.api.events).

Speed matters (a terminal back online drains thousands of events): one SELECT finds the
batch's known ids, a few more load the declarations, tickets and help calls it names,
and the events are inserted in one statement.

Order: a terminal's events may arrive out of order (a batch answered late and resent
after later ones). An event whose declaration, ticket or help call is not here yet is
accepted and stored, and waits in `waiting_events`; it is applied in the transaction
that brings what it needs. Rejecting it would lose it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from central import helpcalls, holders, mailings, progress, ratings, statuses
from central.days import DEFAULT_TIMEZONE, hall_zone
from central.identifiers import Malformed, NotYours, check_reference, check_ticket_number
from central.models import (
    Declaration,
    Event,
    HelpCall,
    KeptEvent,
    Mailing,
    Rating,
    StaffAction,
    StatusChange,
    Terminal,
    Ticket,
)
from central.models import WaitingEvent as Waiting
from kiosk.protocol import (
    InvalidPayload,
    Payload,
    PayloadTooLarge,
    Registry,
    UnknownKind,
    check_payload,
    registry,
)
from kiosk.protocol.events import (
    CommitmentAccepted,
    DeclarationAssisted,
    DeclarationProxied,
    DeclarationSubmitted,
    Heartbeat,
    HelpCancelled,
    HelpDone,
    HelpRequested,
    MailingRequested,
    PrereviewResult,
    PrinterStatus,
    RatingGiven,
    TerminalMode,
    TicketIssued,
    TicketPrinted,
)
from kiosk.protocol.events import StaffAction as StaffActionEvent
from kiosk.protocol.fields import is_kind_name
from kiosk.workcalendar import WorkCalendar

log = logging.getLogger(__name__)

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"
KEPT = "unknown kind, kept"  # the reason of an accepted event the server cannot read yet
OLD_TERMINAL_PROTOCOL = 1  # a batch without "protocol" comes from a first-release terminal

# What the dashboard redraws after a batch (central.hub topics).
TOPICS = {
    "help.requested": "help",
    "help.acknowledged": "help",
    "help.resolved": "help",
    "help.cancelled": "help",
    "heartbeat": "terminals",
    "printer.status": "terminals",
    "terminal.mode": "terminals",
    "staff.action": "terminals",  # a PIN pad's lock is an alert on the board
}
# staff.action's words the server acts on (kiosk.staff.actions), and the PIN pad's lock
# when its event does not say how long (issue 12: five wrong PINs, 5 minutes at first).
PIN_LOCKED, SIGNED_IN = "pin_locked", "signed_in"
DEFAULT_PIN_LOCK = timedelta(minutes=5)
MAX_PIN_LOCK = timedelta(days=1)  # a hostile "until" cannot hold an alert for years
FIGURES = "figures"


@dataclass(frozen=True)
class Incoming:
    """An event as the terminal sent it."""

    id: str
    kind: str
    created_at: datetime
    payload: dict[str, Any]


# A rejected event's code, as HTTP would say it for a request of its own.
FORBIDDEN, TOO_LARGE, CONFLICT, UNPROCESSABLE = 403, 413, 409, 422


@dataclass(frozen=True)
class Result:
    id: str
    status: str
    reason: str | None = None
    code: int | None = None  # for a rejected event: 403, 409, 413 or 422


@dataclass
class Outcome:
    results: list[Result]
    topics: set[str] = field(default_factory=set)


class Rejected(Exception):
    """The event contradicts what is stored (e.g. another terminal's declaration)."""

    def __init__(self, reason: str, code: int = FORBIDDEN) -> None:
        super().__init__(reason)
        self.code = code


def _code(problem: Exception) -> int:
    if isinstance(problem, Rejected):
        return problem.code
    return TOO_LARGE if isinstance(problem, PayloadTooLarge) else UNPROCESSABLE


class _Keep(Exception):
    """The server cannot read the event yet; it is stored and applied later."""


class _Wait(Exception):
    """What the event changes is not here yet; `key` names it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def ingest(
    session: Session,
    terminal: int,
    events: Sequence[Incoming],
    now: datetime,
    *,
    protocol: int = OLD_TERMINAL_PROTOCOL,
    known: Registry | None = None,
    zone: ZoneInfo | None = None,
) -> Outcome:
    """Store `events` from `terminal` in `session`'s transaction; one result per event.

    `protocol` is the version the batch speaks, `known` the server's kinds (default:
    the current protocol's), `zone` the hall's time zone (a rating's day is the hall's).
    """
    batch = _Batch(session, terminal, now, events, known or registry(), zone)
    return batch.run(protocol)


def apply_kept(
    session: Session, now: datetime, known: Registry, zone: ZoneInfo | None = None
) -> Outcome:
    """Apply, in `session`'s transaction, the kept events `known` can read now.

    Each is applied once: its kept row is deleted in the same transaction (and locked
    first on PostgreSQL, so two servers starting at once do not both apply it). Only rows
    last tried by an older server are tried; the others stay kept, with why. The results
    are the applied events, in the order they had come.
    """
    rows = session.execute(
        select(KeptEvent, Event)
        .join(Event, Event.id == KeptEvent.event_id)
        .where(KeptEvent.checked_at < known.version)
        .order_by(KeptEvent.id)
        .with_for_update(of=KeptEvent)
    ).all()
    by_terminal: dict[int, list[tuple[KeptEvent, Event]]] = {}
    for kept, event in rows:
        by_terminal.setdefault(event.terminal, []).append((kept, event))
    outcome = Outcome([])
    for terminal, group in by_terminal.items():
        events = [Incoming(e.id, e.kind, e.created_at, e.payload) for _, e in group]
        batch = _Batch(session, terminal, now, events, known, zone)
        done = batch.replay([k for k, _ in group])
        outcome.results += done.results
        outcome.topics |= done.topics
    return outcome


def _queryable(value: object) -> TypeGuard[str]:
    # Only what could be a key: NUL or lone surrogates would fail the query itself
    # (such events are rejected by their payload check anyway).
    if not isinstance(value, str) or len(value) > 64 or "\x00" in value:
        return False
    return value.isascii() or value.encode("utf-8", "replace").decode("utf-8") == value


def _strings(events: Iterable[Incoming], kinds: tuple[str, ...], name: str) -> set[str]:
    return {
        value
        for e in events
        if e.kind.startswith(kinds) and _queryable(value := e.payload.get(name))
    }


class _Batch:
    def __init__(
        self,
        session: Session,
        terminal: int,
        now: datetime,
        events: Sequence[Incoming],
        known: Registry,
        zone: ZoneInfo | None = None,
    ) -> None:
        self.session, self.terminal, self.now, self.events = session, terminal, now, events
        self.known = known
        self.zone = zone or hall_zone(DEFAULT_TIMEZONE)
        self.calendar: WorkCalendar | None = None  # read when a low rating needs it
        self.ratings: dict[str, Rating] = {}  # by reference: those of this batch, and stored
        self.mailings: dict[str, Mailing] = {}  # by reference, like the ratings
        self.by = f"terminal {terminal}"
        self.declarations: dict[str, Declaration | None] = {}
        self.tickets: dict[str, Ticket | None] = {}
        self.numbers: dict[tuple[date, str], str] = {}  # (day, number) -> its reference
        self.calls: dict[str, HelpCall | None] = {}
        self.history: list[tuple[Declaration, str, datetime, str]] = []
        self.holders: dict[str, list[str]] = {}  # by reference: its answers' holder keys
        self.created: set[str] = set()
        self.waiting: list[tuple[datetime, str, str, Payload]] = []  # created, id, kind, payload
        self.topics: set[str] = set()
        self.appliers: dict[str, Callable[[Any], None]] = {
            "declaration.submitted": self._declaration_submitted,
            "prereview.result": self._prereview_result,
            "commitment.accepted": self._commitment_accepted,
            "ticket.issued": self._ticket_issued,
            "ticket.printed": self._ticket_printed,
            "ticket.reprinted": self._ticket_printed,
            "ticket.print_failed": self._ticket_print_failed,
            "help.requested": self._help_requested,
            "help.acknowledged": self._help_acknowledged,
            "help.resolved": self._help_resolved,
            "help.cancelled": self._help_cancelled,
            "heartbeat": self._heartbeat,
            "printer.status": self._printer_status,
            "terminal.mode": self._terminal_mode,
            "staff.action": self._staff_action,
            "declaration.assisted": self._declaration_assisted,
            "rating.given": self._rating_given,
            "declaration.proxied": self._declaration_proxied,
            "mailing.requested": self._mailing_requested,
        }

    # -- the batch ---------------------------------------------------------------------

    def run(self, protocol: int) -> Outcome:
        ids = {e.id for e in self.events}
        query = select(Event.id, Event.terminal).where(Event.id.in_(ids))
        stored = {i: owner for i, owner in self.session.execute(query)} if ids else {}
        seen = {i for i, owner in stored.items() if owner == self.terminal}
        # An id another terminal stored first is not this one's duplicate: answering
        # "duplicate" would drop its event without a word.
        taken = {i: owner for i, owner in stored.items() if owner != self.terminal}
        self._prefetch()
        self._load_health()
        self.health.protocol = protocol
        results: list[Result] = []
        rows: list[dict[str, Any]] = []
        kept: list[dict[str, Any]] = []
        for event in self.events:
            if event.id in seen:
                results.append(Result(event.id, DUPLICATE))
                continue
            if event.id in taken:
                owner = f"event id {event.id} is terminal {taken[event.id]}'s"
                results.append(Result(event.id, REJECTED, owner, FORBIDDEN))
                continue
            reason: str | None = None
            try:
                payload = self._check(event, protocol)
                self._apply(event.kind, payload)
            except (InvalidPayload, Rejected) as problem:
                results.append(Result(event.id, REJECTED, str(problem), _code(problem)))
                continue
            except _Keep as problem:
                reason = KEPT
                kept.append(
                    {
                        "event_id": event.id,
                        "protocol": protocol,
                        "checked_at": self.known.version,
                        "problem": str(problem),
                    }
                )
            except _Wait:
                self.waiting.append((event.created_at, event.id, event.kind, payload))
            seen.add(event.id)
            results.append(Result(event.id, ACCEPTED, reason))
            self.topics.add(TOPICS.get(event.kind, FIGURES))
            rows.append(
                {
                    "id": event.id,
                    "terminal": self.terminal,
                    "kind": event.kind,
                    "created_at": event.created_at,
                    "received_at": self.now,
                    "payload": event.payload,
                }
            )
        if self.events:
            self.health.last_seen_at = self.now
            self.topics.add("terminals")
        self._write_history()
        self._write_holders()
        if rows:
            self.session.execute(insert(Event), rows)
        if kept:
            self.session.execute(insert(KeptEvent), kept)
        self._settle()
        return Outcome(results, self.topics)

    def replay(self, kept: Sequence[KeptEvent]) -> Outcome:
        """Apply the kept `self.events` (in step with their `kept` rows) that can be read
        now; the others stay kept, with why."""
        self._prefetch()
        self._load_health()
        results: list[Result] = []
        applied: list[str] = []
        for row, event in zip(kept, self.events, strict=True):
            try:
                payload = self.known.parse(event.kind, event.payload)
            except InvalidPayload as problem:
                row.checked_at, row.problem = self.known.version, str(problem)
                if row.protocol <= self.known.version and not isinstance(problem, UnknownKind):
                    # The server knows this version and still refuses it: it stays stored
                    # as it came, for a technician, and is tried again by a newer server.
                    log.warning("kept event %s cannot be applied: %s", event.id, problem)
                continue
            try:
                self._apply(event.kind, payload)
            except _Wait:
                self.waiting.append((event.created_at, event.id, event.kind, payload))
            except Rejected as problem:  # it was accepted: keep the event, skip its change
                log.warning("kept event %s cannot be applied: %s", event.id, problem)
            applied.append(event.id)
            results.append(Result(event.id, ACCEPTED))
            self.topics.add(TOPICS.get(event.kind, FIGURES))
        self._write_history()
        self._write_holders()
        if applied:
            self.session.execute(delete(KeptEvent).where(KeptEvent.event_id.in_(applied)))
        self._settle()
        return Outcome(results, self.topics)

    def _load_health(self) -> None:
        self.health = self.session.get(Terminal, self.terminal) or Terminal(number=self.terminal)
        self.session.add(self.health)

    def _write_history(self) -> None:
        self.session.flush()  # new declarations get their ids for their history
        for declaration, status, at, note in self.history:
            self.session.add(
                StatusChange(
                    declaration_id=declaration.id, status=status, at=at, by=self.by, note=note
                )
            )
        self.history.clear()

    def _write_holders(self) -> None:
        """The holder index of the declarations submitted in this batch (after
        _write_history's flush: the rows refer to them)."""
        holders.replace(self.session, self.holders)
        self.holders.clear()

    def _check(self, event: Incoming, protocol: int) -> Payload:
        """The event's checked payload; _Keep when the server cannot read it yet.

        Its size first (a 10 MB payload is not even validated), then its kind's model,
        then whose it is: the terminal and the identifiers it names must be the token's.
        """
        # The size and the numbers hold for every event, kept ones too.
        check_payload(event.kind, event.payload, known=self.known.knows(event.kind))
        keep: InvalidPayload | None = None
        try:
            payload = self.known.parse(event.kind, event.payload)
        except UnknownKind as unknown:
            if not is_kind_name(event.kind):  # no version will ever know it
                raise InvalidPayload(f"{unknown}: not a kind name") from None
            keep = unknown
        except InvalidPayload as refused:
            # A newer terminal's payload may hold what this server's model does not
            # know yet (a new value, a field now required): only a newer server can judge.
            if protocol <= self.known.version:
                raise
            keep = refused
        claimed = event.payload.get("terminal", self.terminal)
        if claimed != self.terminal:
            # Per event rather than a 403 for the batch: the rest of the batch is good,
            # and the terminal keeps the refused event for its technician.
            raise Rejected(f"payload terminal {claimed!r} is not this token's {self.terminal}")
        self._check_identifiers(event.payload)
        if keep is not None:
            raise _Keep(str(keep))
        return payload

    def _check_identifiers(self, raw: dict[str, Any]) -> None:
        """The reference and offline ticket number an event names must be this terminal's
        (central.identifiers); a model has checked their type, unless the event is kept."""
        try:
            reference = raw.get("reference")
            if isinstance(reference, str):
                check_reference(reference, self.terminal)
            number, source, series = raw.get("number"), raw.get("source"), raw.get("series")
            if isinstance(number, str) and isinstance(source, str) and isinstance(series, str):
                check_ticket_number(number, source, series, self.terminal)
        except NotYours as problem:
            raise Rejected(str(problem), FORBIDDEN) from None
        except Malformed as problem:
            raise Rejected(str(problem), UNPROCESSABLE) from None

    def _apply(self, kind: str, payload: Payload) -> None:
        applier = self.appliers.get(kind)
        if applier is not None:  # guide.viewed and catalog.refused are only counted
            applier(payload)

    def _prefetch(self) -> None:
        """Load what the batch names, in a few queries rather than some per event."""
        references = _strings(
            self.events,
            ("declaration.", "prereview.", "commitment.", "ticket.", "rating.", "mailing."),
            "reference",
        )
        numbers = _strings(self.events, ("ticket.issued",), "number")
        call_ids = _strings(self.events, ("help.",), "id")
        self.declarations = dict.fromkeys(references)
        self.tickets = dict.fromkeys(references)
        self.calls = dict.fromkeys(call_ids)
        if references:
            for d in self.session.scalars(
                select(Declaration).where(Declaration.reference.in_(references))
            ):
                self.declarations[d.reference] = d
            for rating, reference in self.session.execute(
                select(Rating, Declaration.reference)
                .join(Declaration, Declaration.id == Rating.declaration_id)
                .where(Declaration.reference.in_(references))
            ):
                self.ratings[reference] = rating
        # Only the mailing events' ones: an event that waited for its declaration meets a
        # declaration this batch created, which has no mailing stored.
        self.mailings = mailings.by_reference(
            self.session, _strings(self.events, ("mailing.",), "reference")
        )
        if references or numbers:
            query = select(Ticket).where(
                Ticket.reference.in_(references) | Ticket.number.in_(numbers)
            )
            for t in self.session.scalars(query):
                self.tickets[t.reference] = t
                self.numbers[(t.day, t.number)] = t.reference
        if call_ids:
            for c in self.session.scalars(select(HelpCall).where(HelpCall.id.in_(call_ids))):
                self.calls[c.id] = c

    def _settle(self) -> None:
        """Apply the events that waited for something this batch brought, oldest first."""
        pending = [
            (at, event_id, kind, payload, False) for at, event_id, kind, payload in self.waiting
        ]
        if self.created:
            for event_id, kind, created_at, raw in self.session.execute(
                select(Event.id, Event.kind, Event.created_at, Event.payload)
                .join(Waiting, Waiting.event_id == Event.id)
                .where(Waiting.key.in_(self.created))
            ):
                try:
                    pending.append((created_at, event_id, kind, self.known.parse(kind, raw), True))
                except InvalidPayload as problem:  # checked when stored: only if rules changed
                    log.warning("waiting event %s can no longer be applied: %s", event_id, problem)
        settled: list[str] = []
        for _, event_id, kind, payload, stored in sorted(pending, key=lambda p: (p[0], p[1])):
            try:
                self._apply(kind, payload)
            except _Wait as wait:
                if not stored:
                    self.session.add(Waiting(event_id=event_id, key=wait.key))
                continue
            except Rejected as problem:  # it was accepted: keep the event, skip its change
                log.warning("event %s cannot be applied: %s", event_id, problem)
            if stored:
                settled.append(event_id)
        if settled:
            self.session.execute(delete(Waiting).where(Waiting.event_id.in_(settled)))

    # -- declarations --------------------------------------------------------------------

    def _declaration(self, reference: str) -> Declaration:
        declaration = self.declarations.get(reference)
        if declaration is None:
            raise _Wait(f"declaration:{reference}")
        if declaration.terminal != self.terminal:
            raise Rejected(f"declaration {reference} is terminal {declaration.terminal}'s")
        return declaration

    def _declaration_submitted(self, p: DeclarationSubmitted) -> None:
        declaration = self.declarations.get(p.reference)
        if declaration is None:
            declaration = Declaration(
                reference=p.reference,
                terminal=self.terminal,
                status=statuses.SUBMITTED,
                outcome=None,
                commitment_accepted_at=None,
            )
            self.declarations[p.reference] = declaration
            self.created.add(f"declaration:{p.reference}")
            note = ""
        elif declaration.terminal != self.terminal:
            raise Rejected(f"declaration {p.reference} is terminal {declaration.terminal}'s")
        else:  # fixed and submitted again: it keeps its reference, pre-review starts over
            declaration.outcome, declaration.commitment_accepted_at = None, None
            declaration.committer = declaration.committer_for = None
            declaration.commitment_signature = None
            declaration.owed = None
            note = "submitted again"
        declaration.item_id, declaration.catalog_version = p.item_id, p.catalog_version
        declaration.language, declaration.submitted_at = p.language, p.submitted_at
        declaration.answers, declaration.materials = p.answers, p.materials
        declaration.updated_at = self.now
        # Who it is about (the progress lookup by ID card): its latest answers' numbers.
        self.holders[p.reference] = holders.holder_keys(p.answers)
        self.session.add(declaration)
        if declaration.status == statuses.SUBMITTED:
            self.history.append((declaration, statuses.SUBMITTED, p.submitted_at, note))

    def _prereview_result(self, p: PrereviewResult) -> None:
        declaration = self._declaration(p.reference)
        declaration.outcome, declaration.updated_at = p.outcome, self.now
        # The payload's extra fields (ReviewResult.to_dict) name what is owed.
        declaration.owed = progress.owed_of(p.model_dump(mode="json"))

    def _commitment_accepted(self, p: CommitmentAccepted) -> None:
        declaration = self._declaration(p.reference)
        declaration.commitment_accepted_at, declaration.updated_at = p.accepted_at, self.now
        # Protocol 3: who committed and the signature, for the counter (None before it).
        declaration.committer, declaration.committer_for = p.committer, p.committer_for
        declaration.commitment_signature = (
            p.signature.model_dump() if p.signature is not None else None
        )

    # -- tickets -------------------------------------------------------------------------

    def _ticket_issued(self, p: TicketIssued) -> None:
        ticket = self.tickets.get(p.reference)
        if ticket is not None and ticket.terminal != self.terminal:
            raise Rejected(f"ticket of {p.reference} is terminal {ticket.terminal}'s")
        holder = self.numbers.get((p.day, p.number))
        if holder is not None and holder != p.reference:
            raise Rejected(f"ticket {p.number} of {p.day} is already {holder}'s", CONFLICT)
        if ticket is None:
            ticket = Ticket(reference=p.reference, terminal=self.terminal, print_count=0)
            ticket.allocated_at = p.issued_at
            self.tickets[p.reference] = ticket
        else:  # allocated here; or here, but the terminal used its offline number instead
            self.numbers.pop((ticket.day, ticket.number), None)
        ticket.day, ticket.series, ticket.number = p.day, p.series, p.number
        ticket.source, ticket.counters, ticket.issued_at = p.source, list(p.counters), p.issued_at
        self.session.add(ticket)
        self.numbers[(p.day, p.number)] = p.reference
        # Issued now: print events that waited for it can be applied.
        self.created.add(f"ticket:{p.reference}")

    def _ticket(self, reference: str) -> Ticket:
        ticket = self.tickets.get(reference)
        if ticket is None or ticket.issued_at is None:  # allocated, not yet issued
            raise _Wait(f"ticket:{reference}")
        if ticket.terminal != self.terminal:
            raise Rejected(f"ticket of {reference} is terminal {ticket.terminal}'s")
        return ticket

    def _ticket_printed(self, p: TicketPrinted) -> None:
        ticket = self._ticket(p.reference)
        ticket.print_status, ticket.print_count = p.status, ticket.print_count + 1
        self.health.printer_status = "ok"  # the printer works: the dashboard shows it now

    def _ticket_print_failed(self, p: TicketPrinted) -> None:
        self._ticket(p.reference).print_status = p.status
        # Paper out, cover open...: the dashboard shows it before the next heartbeat.
        self.health.printer_status = p.status

    # -- help calls ----------------------------------------------------------------------

    def _call(self, call_id: str) -> HelpCall:
        call = self.calls.get(call_id)
        if call is None:
            raise _Wait(f"help:{call_id}")
        if call.terminal != self.terminal:
            raise Rejected(f"help call {call_id} is terminal {call.terminal}'s")
        return call

    def _help_requested(self, p: HelpRequested) -> None:
        call = self.calls.get(p.id)
        if call is not None:  # the same call under another event id: nothing new
            if call.terminal != self.terminal:
                raise Rejected(f"help call {p.id} is terminal {call.terminal}'s")
            return
        call = HelpCall(
            id=p.id,
            terminal=self.terminal,
            state=helpcalls.OPEN,
            context=p.context,
            requested_at=p.requested_at,
            change=helpcalls.next_change(self.session),
        )
        self.session.add(call)
        self.calls[p.id] = call
        self.created.add(f"help:{p.id}")

    def _help_by(self, p: HelpDone) -> str:
        """Who did it: protocol 4 names the signed-in attendant (`by`, and the call is
        marked done at the terminal); an older terminal only says where."""
        return p.by or f"attendant at {self.by}"

    def _help_acknowledged(self, p: HelpDone) -> None:
        call = self._call(p.id)
        # Already acknowledged or closed on the dashboard: the terminal's news is old.
        if call.state == helpcalls.OPEN:
            helpcalls.acknowledge(self.session, call, self._help_by(p), p.at)
            call.at_terminal = p.by is not None

    def _help_resolved(self, p: HelpDone) -> None:
        call = self._call(p.id)
        if call.state in (helpcalls.OPEN, helpcalls.ACKNOWLEDGED):
            helpcalls.resolve(self.session, call, self._help_by(p), p.at)
            call.at_terminal = p.by is not None

    def _help_cancelled(self, p: HelpCancelled) -> None:
        helpcalls.cancel(self.session, self._call(p.id), p.cancelled_at)

    # -- terminal health -----------------------------------------------------------------

    def _heartbeat(self, p: Heartbeat) -> None:
        h = self.health
        h.app_version, h.catalog_version = p.app_version, p.catalog_version
        h.calendar_version, h.printer_status = p.calendar_version, p.printer_status
        h.outbox_depth, h.oldest_pending_age_s = p.outbox_depth, p.oldest_pending_age_s
        # Protocol 4's figures; an older terminal's heartbeat leaves them None (unknown).
        h.store_schema, h.dead_letters = p.store_schema, p.dead_letters
        h.clock_drift_s, h.round_trip_ms = p.clock_drift_s, p.round_trip_ms
        h.tls_expires_at, h.printer_detail = p.tls_expires_at, p.printer_detail
        h.a4_status, h.disk_free_mb, h.store_mb = p.a4_status, p.disk_free_mb, p.store_mb
        h.memory_mb, h.uptime_s, h.restarts = p.memory_mb, p.uptime_s, p.restarts
        h.last_crash_at, h.screen = p.last_crash_at, p.screen
        # Protocol 6's devices' states; an older terminal's heartbeat leaves them None.
        h.id_card_status, h.scanner_status = p.id_card_status, p.scanner_status
        h.signal_light_status = p.signal_light_status

    def _printer_status(self, p: PrinterStatus) -> None:
        self.health.printer_status = p.status

    def _terminal_mode(self, p: TerminalMode) -> None:
        h = self.health
        # Events may arrive out of order: an older change must not undo a newer one.
        if h.mode_at is None or p.at >= h.mode_at:
            h.mode, h.mode_reason, h.mode_at = p.mode, p.reason, p.at

    # -- staff at the terminal (protocol 4) ------------------------------------------------

    def _staff_action(self, p: StaffActionEvent) -> None:
        self.session.add(
            StaffAction(
                terminal=self.terminal,
                at=p.at,
                action=p.action,
                staff=p.staff,
                role=p.role,
                detail=p.detail,
            )
        )
        h = self.health
        if p.action == PIN_LOCKED:
            # A sign-in after the lock (by the terminal's times) has ended it already.
            signed = h.staff_signed_in_at
            if (h.pin_locked_at is None or p.at >= h.pin_locked_at) and (
                signed is None or signed <= p.at
            ):
                h.pin_locked_at, h.pin_locked_until = p.at, _lock_end(p)
        elif p.action == SIGNED_IN:
            if h.staff_signed_in_at is None or p.at > h.staff_signed_in_at:
                h.staff_signed_in_at = p.at
            if h.pin_locked_at is not None and p.at >= h.pin_locked_at:
                h.pin_locked_until = None

    def _declaration_assisted(self, p: DeclarationAssisted) -> None:
        declaration = self._declaration(p.reference)
        declaration.assisted_by, declaration.assisted_by_name = p.staff, p.by
        declaration.updated_at = self.now

    # -- protocol 5: 网格化零跑代办 and 好差评 -------------------------------------------------

    def _declaration_proxied(self, p: DeclarationProxied) -> None:
        declaration = self._declaration(p.reference)
        declaration.proxy_by, declaration.proxy_by_name = p.staff, p.by
        declaration.proxy_authorisation, declaration.proxy_valid_until = (
            p.authorisation,
            p.valid_until,
        )
        declaration.updated_at = self.now

    def _rating_given(self, p: RatingGiven) -> None:
        declaration = self._declaration(p.reference)
        if self.calendar is None:
            self.calendar = ratings.hall_calendar(self.session)
        try:
            self.ratings[p.reference] = ratings.record(
                self.session,
                declaration,
                p,
                self.ratings.get(p.reference),
                now=self.now,
                zone=self.zone,
                calendar=self.calendar,
            )
        except ratings.RatingConflict as conflict:
            raise Rejected(str(conflict), CONFLICT) from None

    def _mailing_requested(self, p: MailingRequested) -> None:
        declaration = self._declaration(p.reference)
        existing = self.mailings.get(p.reference)
        self.mailings[p.reference] = mailings.record(self.session, declaration, p, existing)


def _lock_end(p: StaffActionEvent) -> datetime:
    """When a PIN pad's lock ends: its detail's `until` (an ISO time with its offset, as
    kiosk.staff.desk sends it), or `lock_s`/`seconds`/`minutes` after it began, else 5
    minutes; never more than a day."""
    detail = p.detail
    end: datetime | None = None
    until = detail.get("until")
    if isinstance(until, str) and len(until) <= 40:
        try:
            parsed = datetime.fromisoformat(until)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            end = parsed
    for key, unit in (("lock_s", 1), ("seconds", 1), ("minutes", 60)):
        value = detail.get(key)
        if end is not None or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        if 0 < value * unit <= MAX_PIN_LOCK.total_seconds():  # NaN fails both sides
            end = p.at + timedelta(seconds=value * unit)
    if end is None or end <= p.at:
        end = p.at + DEFAULT_PIN_LOCK
    return min(end, p.at + MAX_PIN_LOCK)
