"""`kiosk outbox`: what waits to be sent to the central server, for technicians.

Reads the terminal's store: how many events wait, since when, when the next attempt is
due and why the last one failed, and every dead letter (an event the server rejected:
kept, never retried, never dropped) with the server's reason. Shows no payloads: they
may hold an applicant's answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from kiosk.privacy import mask_text
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from kiosk.store.outbox import DEAD, PENDING, dead_count, depth, oldest_pending


def report(store: Store, now: datetime, out: Callable[[str], None] = print) -> int:
    """Print the outbox's state; the number of dead letters (the command's exit status)."""
    with store.session() as s:
        waiting, dead = depth(s), dead_count(s)
        oldest = oldest_pending(s)
        last_sent = s.scalar(select(OutboxEvent.sent_at).order_by(OutboxEvent.sent_at.desc()))
        letters = list(
            s.scalars(select(OutboxEvent).where(OutboxEvent.state == DEAD).order_by("created_at"))
        )
        failing = s.scalar(
            select(OutboxEvent)
            .where(OutboxEvent.state == PENDING, OutboxEvent.attempts > 0)
            .order_by(OutboxEvent.next_attempt_at)
            .limit(1)
        )
    out(f"待发送 / waiting: {waiting}")
    if oldest is not None:
        age = (now - oldest.created_at).total_seconds()
        out(f"最早一条 / oldest: {oldest.created_at:%Y-%m-%d %H:%M:%S} UTC ({age:.0f} s ago)")
    if failing is not None and failing.next_attempt_at is not None:
        out(
            f"下次重试 / next attempt: {failing.next_attempt_at:%H:%M:%S} UTC "
            f"(attempt {failing.attempts + 1}; last error: {mask_text(failing.last_error or '')})"
        )
    out(f"最近发送 / last sent: {f'{last_sent:%Y-%m-%d %H:%M:%S} UTC' if last_sent else '—'}")
    out(f"被拒收 / dead letters: {dead}")
    for event in letters:
        reason = mask_text(event.last_error or "")  # a server's reason may quote a value
        out(f"  {event.created_at:%Y-%m-%d %H:%M:%S} {event.kind} {event.id}: {reason}")
    return dead
