"""The transactional outbox: events for the central server, written with their rows.

Call `add_event` with the same session that writes the business row; both commit
together or not at all. The event id (a UUID) is the idempotency key the central
server stores once.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
    return event


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
            .order_by(OutboxEvent.created_at, OutboxEvent.id)
            .limit(limit)
        )
    )
