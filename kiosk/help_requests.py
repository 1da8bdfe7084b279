"""Calls for the guidance attendant (呼叫辅导员), stored with their outbox events.

One tap stores a request with its context (screen, item, fields in error); a second
tap cancels it. The attendant's acknowledgement and resolution come from the central
server later (`apply_central`, called by the sync worker): they change the local row
only, since the server already knows. Done at the terminal instead (the attendant signed
in there, kiosk.staff), `move_at_terminal` changes the row and queues the
help.acknowledged/help.resolved event saying who, for the dashboard.
The context names fields, never their answers: it is shown on the hall's dashboard.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.protocol import payload
from kiosk.store.audit import audit
from kiosk.store.database import Store
from kiosk.store.models import HelpRequest
from kiosk.store.outbox import add_event

OPEN = "open"
CANCELLED = "cancelled"
ACKNOWLEDGED = "acknowledged"  # the attendant has seen the call and is on the way
RESOLVED = "resolved"
ACTIVE = (OPEN, ACKNOWLEDGED)  # the applicant is still waiting for the attendant
# Which central state may follow which local one; anything else is stale news.
_CENTRAL_MOVES = {
    (OPEN, ACKNOWLEDGED),
    (OPEN, RESOLVED),
    (ACKNOWLEDGED, RESOLVED),
}


@dataclass(frozen=True)
class HelpCallChange:
    """A help call's new state as the central server reports it."""

    id: str
    state: str
    at: datetime


# Which move the attendant may make at the terminal.
_TERMINAL_MOVES = {
    ACKNOWLEDGED: (OPEN,),
    RESOLVED: (OPEN, ACKNOWLEDGED),
}


@dataclass(frozen=True)
class OpenHelpCall:
    """An applicant's call still waiting (open or acknowledged), with its context: where
    they were, never what they answered."""

    id: str
    state: str
    context: Mapping[str, Any]
    requested_at: datetime

    @property
    def screen(self) -> str | None:
        return _text(self.context.get("screen"))

    @property
    def item_id(self) -> str | None:
        return _text(self.context.get("item_id"))

    @property
    def page_id(self) -> str | None:
        return _text(self.context.get("page_id"))

    @property
    def fields_in_error(self) -> tuple[str, ...]:
        fields = self.context.get("fields_in_error")
        if not isinstance(fields, list):
            return ()
        return tuple(f for f in fields if isinstance(f, str))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def move_at_terminal(
    s: Session,
    terminal: int,
    request_id: str,
    state: str,
    now: datetime,
    *,
    staff: str,
    by: str,
) -> bool:
    """In `s`'s transaction: the attendant at the terminal acknowledged (`state`
    ACKNOWLEDGED) or resolved (RESOLVED) the call; its event says who. False when the
    call is unknown or past that state (the dashboard was quicker, or it was cancelled)."""
    if state not in _TERMINAL_MOVES:
        raise ValueError(f"not a move at the terminal: {state!r}")
    req = s.get(HelpRequest, request_id)
    if req is None or req.state not in _TERMINAL_MOVES[state]:
        return False
    req.state = state
    if state == RESOLVED:
        req.closed_at = now
    kind = f"help.{state}"
    add_event(
        s,
        kind,
        payload(kind, id=request_id, terminal=terminal, at=now, staff=staff, by=by),
        now,
    )
    return True


# What a call's context may name: where the applicant is, by ids, never an answer. A call
# for a ticket never printed (kiosk.recovery) names the ticket by its number and its
# reference, both printed on the ticket itself and neither personal.
CONTEXT_KEYS = frozenset(
    {"screen", "item_id", "page_id", "fields_in_error", "language", "ticket", "reference"}
)


class HelpDesk:
    """Help requests of one terminal."""

    def __init__(self, store: Store, terminal: int, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.terminal = terminal
        self.clock = clock

    def request(self, context: Mapping[str, Any]) -> str:
        """Store a help request; return its id."""
        unknown = set(context) - CONTEXT_KEYS
        if unknown:  # keeps answers (and personal numbers) out of the context
            raise ValueError(f"unknown help context keys: {sorted(unknown)}")
        now = self.clock()
        request_id = str(uuid.uuid4())
        with self.store.transaction() as s:
            s.add(
                HelpRequest(
                    id=request_id,
                    terminal=self.terminal,
                    state=OPEN,
                    context=dict(context),
                    requested_at=now,
                )
            )
            add_event(
                s,
                "help.requested",
                payload(
                    "help.requested",
                    id=request_id,
                    terminal=self.terminal,
                    context=dict(context),
                    requested_at=now,
                ),
                now,
            )
            audit(s, "applicant", "help.requested", {"id": request_id}, now)
        return request_id

    def cancel(self, request_id: str) -> bool:
        """Cancel an open request; False when it is no longer open."""
        now = self.clock()
        with self.store.transaction() as s:
            req = s.get(HelpRequest, request_id)
            if req is None or req.state != OPEN:
                return False
            req.state, req.closed_at = CANCELLED, now
            add_event(
                s,
                "help.cancelled",
                payload("help.cancelled", id=request_id, terminal=self.terminal, cancelled_at=now),
                now,
            )
            audit(s, "applicant", "help.cancelled", {"id": request_id}, now)
        return True

    def apply_central(self, changes: Iterable[HelpCallChange]) -> list[HelpCallChange]:
        """Apply the attendant's acknowledgements and resolutions; return those that changed.

        Idempotent: a change already applied, or one that comes after the applicant
        cancelled, changes nothing (the server's answer may be repeated after a restart).
        """
        applied: list[HelpCallChange] = []
        changes = list(changes)
        if not changes:
            return applied
        with self.store.transaction() as s:
            for change in changes:
                req = s.get(HelpRequest, change.id)
                if req is None or (req.state, change.state) not in _CENTRAL_MOVES:
                    continue
                req.state = change.state
                if change.state == RESOLVED:
                    req.closed_at = change.at
                audit(s, "attendant", f"help.{change.state}", {"id": change.id}, change.at)
                applied.append(change)
        return applied

    def has_active(self) -> bool:
        """Whether an applicant waits for the attendant (a call open or acknowledged)."""
        with self.store.session() as s:
            found = s.scalar(select(HelpRequest.id).where(HelpRequest.state.in_(ACTIVE)).limit(1))
            return found is not None

    def open_requests(self) -> list[HelpRequest]:
        with self.store.session() as s:
            return list(
                s.scalars(
                    select(HelpRequest)
                    .where(HelpRequest.state == OPEN)
                    .order_by(HelpRequest.requested_at)
                )
            )

    def active_requests(self) -> list[OpenHelpCall]:
        """The calls an applicant still waits on (open or acknowledged), oldest first."""
        with self.store.session() as s:
            rows = s.scalars(
                select(HelpRequest)
                .where(HelpRequest.state.in_(ACTIVE))
                .order_by(HelpRequest.requested_at)
            )
            return [OpenHelpCall(r.id, r.state, dict(r.context), r.requested_at) for r in rows]
