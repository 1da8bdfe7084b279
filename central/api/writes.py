"""Running a request's write transaction, again when a concurrent one got there first.

On PostgreSQL two transactions can insert the same key at once (a terminal resending a
batch whose first copy is still being stored, two allocations for one reference): the
second fails on the unique index when the first commits. Its work is redone from the
start, and then sees the first one's rows (duplicates, the same ticket number).
SQLite's writers are serialised (BEGIN IMMEDIATE), so there this never repeats.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.state import ServerState

T = TypeVar("T")
ATTEMPTS = 3


def write(state: ServerState, work: Callable[[Session], T]) -> T:
    """`work(session)` in one transaction, retried on a unique key race."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with state.db.transaction() as session:
                return work(session)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
