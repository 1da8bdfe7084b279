"""Help calls on the server: their states, and the change number terminals follow.

Every change to a call (requested, acknowledged, resolved, cancelled) takes the next
hall-wide change number, so a terminal asking `GET /api/v1/help-calls?since=N` gets
exactly the calls that changed after the last one it saw. Used by the event ingestion
(what terminals report) and by the dashboard (what attendants do).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Counter, HelpCall

OPEN = "open"
ACKNOWLEDGED = "acknowledged"
RESOLVED = "resolved"
CANCELLED = "cancelled"
STATES = (OPEN, ACKNOWLEDGED, RESOLVED, CANCELLED)
CHANGE_COUNTER = "help_change"


def next_change(session: Session) -> int:
    """The next change number, in `session`'s transaction (writers are serialised)."""
    row = session.execute(
        select(Counter).where(Counter.name == CHANGE_COUNTER).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = Counter(name=CHANGE_COUNTER, value=0)
        session.add(row)
    row.value += 1
    session.flush()
    return row.value


class HelpCallConflict(Exception):
    """The call is not in a state that allows this (e.g. resolving a cancelled call)."""


def acknowledge(session: Session, call: HelpCall, by: str, at: datetime) -> None:
    """An attendant is on the way; only an open call can be acknowledged."""
    if call.state != OPEN:
        raise HelpCallConflict(f"help call {call.id} is {call.state}")
    call.state, call.acknowledged_at, call.acknowledged_by = ACKNOWLEDGED, at, by
    call.change = next_change(session)


def resolve(session: Session, call: HelpCall, by: str, at: datetime) -> None:
    """The applicant was helped; an open call may be resolved without an acknowledgement."""
    if call.state not in (OPEN, ACKNOWLEDGED):
        raise HelpCallConflict(f"help call {call.id} is {call.state}")
    if call.acknowledged_at is None:
        call.acknowledged_at, call.acknowledged_by = at, by
    call.state, call.resolved_at, call.resolved_by = RESOLVED, at, by
    call.change = next_change(session)


def cancel(session: Session, call: HelpCall, at: datetime) -> None:
    """The applicant cancelled at the terminal (a no-op for a call already closed)."""
    if call.state in (RESOLVED, CANCELLED):
        return
    call.state, call.cancelled_at = CANCELLED, at
    call.change = next_change(session)
