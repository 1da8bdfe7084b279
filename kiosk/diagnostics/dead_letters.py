"""The events the central server rejected for good (dead letters), for the technician.

Each shows its kind, when it was written, its reference when it has one, and the
server's reason, masked (kiosk.privacy): never the payload itself, which may hold an
applicant's answers. Newest first, at most `LIMIT`; read in one query on the store lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kiosk.privacy import mask_text
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from kiosk.store.outbox import DEAD, INSERTION_ORDER

LIMIT = 50
REASON_CHARS = 300


@dataclass(frozen=True)
class DeadLetter:
    id: str  # the event id (the server's idempotency key: it finds the same row there)
    kind: str
    created_at: datetime
    reference: str | None  # the declaration's reference, when the event has one
    reason: str  # the server's words, masked
    attempts: int


def dead_letters(store: Store, limit: int = LIMIT) -> list[DeadLetter]:
    """The newest `limit` (at most 50) dead letters, newest first."""
    limit = max(0, min(limit, LIMIT))
    with store.session() as s:
        rows = s.execute(
            select(
                OutboxEvent.id,
                OutboxEvent.kind,
                OutboxEvent.created_at,
                OutboxEvent.payload,
                OutboxEvent.last_error,
                OutboxEvent.attempts,
            )
            .where(OutboxEvent.state == DEAD)
            .order_by(INSERTION_ORDER.desc())
            .limit(limit)
        ).all()
    out = []
    for event_id, kind, created_at, payload, reason, attempts in rows:
        reference = payload.get("reference") if isinstance(payload, dict) else None
        out.append(
            DeadLetter(
                id=event_id,
                kind=_masked(kind, 48),
                created_at=created_at,
                reference=_masked(reference, 32) if isinstance(reference, str) else None,
                reason=_masked(reason or "", REASON_CHARS),
                attempts=attempts or 0,
            )
        )
    return out


def _masked(value: str, limit: int) -> str:
    """`value` masked, then cut to `limit`: masking first, so that a number the cut
    would split is masked whole (a bounded slice first keeps the work bounded; a number
    split by that slice lies past the final cut)."""
    masked = mask_text(value[: limit * 2])
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"
