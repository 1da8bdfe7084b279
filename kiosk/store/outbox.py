"""The transactional outbox: events for the central server, written with their rows.

Call `add_event` with the same session that writes the business row; both commit
together or not at all. The event id (a UUID) is the idempotency key the central
server stores once.

Events are sent in the order they were written (SQLite's rowid), not by `created_at`:
a declaration and its pre-review are written in one transaction with the same
timestamp, and their random ids must not decide which one the server hears first.
The rowid of a table that is only appended to grows with every insert, and a new row
always gets a larger rowid than every row still pending.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, func, literal_column, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnClause

from kiosk.store.database import OUTBOX_ADDED
from kiosk.store.models import OutboxEvent

PENDING = "pending"
SENT = "sent"
DEAD = "dead"  # rejected by the server: kept for technicians, never retried or dropped


def add_event(session: Session, kind: str, payload: dict[str, Any], now: datetime) -> OutboxEvent:
    """Queue an event in `session`'s transaction."""
    event = OutboxEvent(
        id=str(uuid.uuid4()),
        kind=kind,
        payload=payload,
        created_at=now,
        state=PENDING,
        attempts=0,
        next_attempt_at=now,
    )
    session.add(event)
    session.info[OUTBOX_ADDED] = True  # the store wakes the sync once this commits
    return event


# Insertion order: the implicit rowid of the outbox table (its key is a text UUID).
INSERTION_ORDER: ColumnClause[int] = literal_column("outbox.rowid", Integer)


def depth(session: Session) -> int:
    """How many events wait to be sent."""
    return (
        session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.state == PENDING)
        )
        or 0
    )


def due(session: Session, now: datetime, limit: int = 100) -> list[OutboxEvent]:
    """Pending events whose next attempt is due, oldest first."""
    return list(
        session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.state == PENDING, OutboxEvent.next_attempt_at <= now)
            .order_by(INSERTION_ORDER)
            .limit(limit)
        )
    )


def oldest_pending(session: Session) -> OutboxEvent | None:
    """The pending event written first: it decides when the queue is sent next."""
    return session.scalars(
        select(OutboxEvent).where(OutboxEvent.state == PENDING).order_by(INSERTION_ORDER).limit(1)
    ).first()


def next_batch(session: Session, now: datetime, limit: int) -> list[OutboxEvent]:
    """The oldest pending events in insertion order, when the oldest one is due; else [].

    The queue is sent strictly in order: an event written during a backoff waits behind
    the events already scheduled, so the server never hears of a ticket before its
    declaration.
    """
    head = oldest_pending(session)
    if head is None or (head.next_attempt_at is not None and head.next_attempt_at > now):
        return []
    return list(
        session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.state == PENDING)
            .order_by(INSERTION_ORDER)
            .limit(limit)
        )
    )


def dead_count(session: Session) -> int:
    """How many events the server rejected (kept for technicians)."""
    return (
        session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.state == DEAD)
        )
        or 0
    )


def mark_sent(session: Session, ids: Collection[str], now: datetime) -> None:
    """The server stored these events (accepted, or a duplicate of a stored one)."""
    if ids:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(list(ids)), OutboxEvent.state == PENDING)
            .values(state=SENT, sent_at=now, last_error=None, attempts=OutboxEvent.attempts + 1)
        )


def mark_dead(session: Session, event_id: str, reason: str) -> None:
    """The server rejected this event for good: keep it, with the reason, never retry it."""
    session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id == event_id, OutboxEvent.state == PENDING)
        .values(state=DEAD, last_error=reason, attempts=OutboxEvent.attempts + 1)
    )


def reschedule(session: Session, ids: Collection[str], at: datetime, error: str) -> None:
    """A failed attempt: count it in the rows and try again at `at` (survives restarts)."""
    if ids:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(list(ids)), OutboxEvent.state == PENDING)
            .values(next_attempt_at=at, last_error=error, attempts=OutboxEvent.attempts + 1)
        )


def retry_now(session: Session, now: datetime) -> int:
    """Every pending event due at `now` (a technician's "send now" ends the backoff);
    how many were waiting for a later attempt."""
    result = session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.state == PENDING, OutboxEvent.next_attempt_at > now)
        .values(next_attempt_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)
